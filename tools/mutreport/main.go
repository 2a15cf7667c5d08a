// Command mutreport summarises a gremlins JSON report: per file, how many
// mutants were killed, lived, timed out or were not covered; the efficacy
// (killed / (killed + lived)) and mutator coverage ((killed + lived) /
// mutants, timed out and not viable left out, as gremlins reports them);
// and every survivor with its source line. Survivors listed in
// the equivalents file, with the reason each cannot be told apart from the
// original, are shown separately and counted in a second efficacy figure.
//
// Usage: mutreport -src DIR [-equivalent FILE] [-prefix P] [-second-pass R.json]... REPORT.json...
//
// Several reports (of runs on different files of one package) are merged.
//
// -second-pass names a report of mutuncovered, which ran the mutants
// gremlins reported NOT COVERED (those in case expressions, which Go's
// coverage profile has no block for): each of them takes the status found
// there. The table counts them with the others and gives their number in
// its own column; gremlins' figures alone follow it.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// safe returns parts[i], or "" when there are fewer parts.
func safe(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return ""
}

type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

type counts struct{ killed, lived, timedOut, notCovered, notViable, equivalent, second int }

func (c *counts) add(o counts) {
	c.killed += o.killed
	c.lived += o.lived
	c.timedOut += o.timedOut
	c.notCovered += o.notCovered
	c.notViable += o.notViable
	c.equivalent += o.equivalent
	c.second += o.second
}

func (c counts) total() int { return c.killed + c.lived + c.timedOut + c.notCovered + c.notViable }

// count counts a mutant of the status s.
func (c *counts) count(s string) {
	switch s {
	case "KILLED":
		c.killed++
	case "LIVED":
		c.lived++
	case "TIMED OUT":
		c.timedOut++
	case "NOT COVERED":
		c.notCovered++
	case "NOT VIABLE":
		c.notViable++
	}
}

// efficacy is killed / (killed + lived).
func (c counts) efficacy() string { return pct(c.killed, c.killed+c.lived) }

// coverage is (killed + lived) / mutants, timed out and not viable left out.
func (c counts) coverage() string {
	return pct(c.killed+c.lived, c.total()-c.notViable-c.timedOut)
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

// equivalentKey identifies a reviewed survivor by file, mutator, column
// and the text of its line, so that entries survive edits elsewhere in
// the file. Identical lines share an entry.
type equivalentKey struct {
	file, typ string
	col       int
	line      string
}

// readEquivalents reads lines "file | MUTATOR | column | source line | reason".
func readEquivalents(name string) (map[equivalentKey]bool, error) {
	m := make(map[equivalentKey]bool)
	if name == "" {
		return m, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " | ", 5)
		col, err := strconv.Atoi(strings.TrimSpace(safe(parts, 2)))
		if len(parts) < 5 || err != nil || strings.TrimSpace(parts[4]) == "" {
			return nil, fmt.Errorf("%s:%d: want \"file | MUTATOR | column | source line | reason\"", name, n)
		}
		m[equivalentKey{parts[0], parts[1], col, strings.TrimSpace(parts[3])}] = true
	}
	return m, sc.Err()
}

// mutantKey identifies a mutant of a report.
type mutantKey struct {
	file, typ    string
	line, column int
}

// files is a flag that may be given several times.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(s string) error { *f = append(*f, s); return nil }

func readReport(name string) (report, error) {
	var r report
	data, err := os.ReadFile(name)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

func main() {
	var second files
	flag.Var(&second, "second-pass", "report of mutuncovered on the NOT COVERED mutants (may be repeated)")
	src := flag.String("src", ".", "directory the report's file names are relative to")
	eqFile := flag.String("equivalent", "", "file of reviewed equivalent survivors")
	prefix := flag.String("prefix", "", "prefix of the file names in the equivalents file (e.g. serve/)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: mutreport -src DIR [-equivalent FILE] [-prefix P] [-second-pass REPORT.json]... REPORT.json...")
		os.Exit(2)
	}
	var r report
	for _, name := range flag.Args() {
		one, err := readReport(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r.Files = append(r.Files, one.Files...)
	}
	rerun := make(map[mutantKey]string)
	for _, name := range second {
		one, err := readReport(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, f := range one.Files {
			for _, m := range f.Mutations {
				rerun[mutantKey{f.Name, m.Type, m.Line, m.Column}] = m.Status
			}
		}
	}
	eq, err := readEquivalents(*eqFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	used := make(map[equivalentKey]bool)
	sources := make(map[string][]string)
	lineOf := func(file string, n int) string {
		if _, ok := sources[file]; !ok {
			b, _ := os.ReadFile(filepath.Join(*src, file))
			sources[file] = strings.Split(string(b), "\n")
		}
		if l := sources[file]; n >= 1 && n <= len(l) {
			return strings.TrimSpace(l[n-1])
		}
		return ""
	}

	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Name < r.Files[j].Name })
	var all, alone counts
	var lived, equivalent []string
	const row = "%-22s %7d %7d %6d %6d %8d %8d %8d %9s %9s\n"
	fmt.Printf("%-22s %7s %7s %6s %6s %8s %8s %8s %9s %9s\n", "file", "mutants", "killed", "lived", "t/out", "not cov", "2nd pass", "equiv", "efficacy", "coverage")
	matched := 0
	for _, f := range r.Files {
		var c, g counts
		for _, m := range f.Mutations {
			g.count(m.Status)
			where := ""
			if m.Status == "NOT COVERED" {
				if s, ok := rerun[mutantKey{f.Name, m.Type, m.Line, m.Column}]; ok {
					m.Status, where = s, " (second pass)"
					c.second++
					matched++
				}
			}
			c.count(m.Status)
			if m.Status != "LIVED" {
				continue
			}
			text := lineOf(f.Name, m.Line)
			k := equivalentKey{*prefix + f.Name, m.Type, m.Column, text}
			s := fmt.Sprintf("%s:%d:%d %s: %s%s", *prefix+f.Name, m.Line, m.Column, m.Type, text, where)
			if eq[k] {
				used[k] = true
				c.equivalent++
				equivalent = append(equivalent, s)
			} else {
				lived = append(lived, s)
			}
		}
		all.add(c)
		alone.add(g)
		fmt.Printf(row, *prefix+f.Name, c.total(), c.killed, c.lived, c.timedOut, c.notCovered, c.second,
			c.equivalent, c.efficacy(), c.coverage())
	}
	fmt.Printf(row, "total", all.total(), all.killed, all.lived, all.timedOut, all.notCovered, all.second,
		all.equivalent, all.efficacy(), all.coverage())
	if matched != len(rerun) {
		fmt.Fprintf(os.Stderr, "mutreport: %d mutants of the second pass are not NOT COVERED mutants of the report\n", len(rerun)-matched)
		os.Exit(1)
	}
	fmt.Printf("\nefficacy %s (killed / (killed + lived)); without the %d reviewed equivalents %s\n",
		all.efficacy(), all.equivalent, pct(all.killed, all.killed+all.lived-all.equivalent))
	fmt.Printf("mutator coverage %s ((killed + lived) / mutants, as gremlins counts it: timed out and not viable excluded)\n",
		all.coverage())
	if len(second) > 0 {
		fmt.Printf("second pass: %d mutants gremlins reported NOT COVERED run, counted above; gremlins alone: efficacy %s, mutator coverage %s\n",
			all.second, alone.efficacy(), alone.coverage())
	}
	fmt.Printf("\nsurvivors (%d):\n", len(lived))
	for _, s := range lived {
		fmt.Println("  " + s)
	}
	fmt.Printf("\nreviewed equivalent survivors (%d):\n", len(equivalent))
	for _, s := range equivalent {
		fmt.Println("  " + s)
	}
	inReport := make(map[string]bool)
	for _, f := range r.Files {
		inReport[*prefix+f.Name] = true
	}
	var stale []string
	for k := range eq {
		if !used[k] && inReport[k.file] {
			stale = append(stale, fmt.Sprintf("%s | %s | %d | %s", k.file, k.typ, k.col, k.line))
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		fmt.Printf("\nequivalents that matched no survivor (killed now, or the line changed; review):\n")
		for _, s := range stale {
			fmt.Println("  " + s)
		}
	}
}
