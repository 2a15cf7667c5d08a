// Command ratios reads `go test -bench` output from the files named on the
// command line (or stdin) and prints Markdown tables of httparse's speed
// relative to net/http and fasthttp, from the median of each benchmark's
// runs. It reads the names BenchmarkParse/input=X/impl=Y and
// BenchmarkByteAtATime/input=X/impl=Y that the bench package uses, and the
// lines of the same form that run.sh gets from the native parsers in
// ../native (impl=rust-httparse, impl=pico-libh2o).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// result holds every run of one benchmark: the values of each unit
// ("ns/op", "cpu-ns/op", "allocs/op", ...).
type result map[string][]float64

// procSuffix is the "-GOMAXPROCS" suffix go test appends to names.
var procSuffix = regexp.MustCompile(`-\d+$`)

func main() {
	results := map[string]result{}
	var order []string
	read := func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			name, res, ok := parseLine(sc.Text())
			if !ok {
				continue
			}
			all := results[name]
			if all == nil {
				all = result{}
				results[name] = all
				order = append(order, name)
			}
			for unit, v := range res {
				all[unit] = append(all[unit], v...)
			}
		}
		return sc.Err()
	}
	if len(os.Args) == 1 {
		if err := read(os.Stdin); err != nil {
			fatal(err)
		}
	}
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fatal(err)
		}
		err = read(f)
		f.Close()
		if err != nil {
			fatal(err)
		}
	}
	// Wall-clock time first; then the benchmark thread's CPU time, which
	// waiting for a CPU on a busy machine does not inflate.
	for _, unit := range []string{"ns/op", "cpu-ns/op"} {
		if !hasUnit(results, unit) {
			continue
		}
		fmt.Printf("### %s\n\n", unit)
		printParse(results, order, unit)
		printHeads(os.Stdout, results, order, unit)
		printBytewise(results, order, unit)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "ratios:", err)
	os.Exit(1)
}

// parseLine reads one benchmark result line: the name, the iteration count,
// then value/unit pairs.
func parseLine(line string) (name string, res result, ok bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return "", nil, false
	}
	name = procSuffix.ReplaceAllString(f[0], "")
	res = result{}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return "", nil, false
		}
		res[f[i+1]] = append(res[f[i+1]], v)
	}
	return name, res, len(res["ns/op"]) == 1
}

func hasUnit(results map[string]result, unit string) bool {
	for _, r := range results {
		if len(r[unit]) > 0 {
			return true
		}
	}
	return false
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// inputs lists the input keys of a benchmark family in first-seen order.
func inputs(order []string, family string) []string {
	var ins []string
	for _, name := range order {
		rest, ok := strings.CutPrefix(name, family+"/input=")
		if !ok {
			continue
		}
		in, _, _ := strings.Cut(rest, "/")
		if !slices.Contains(ins, in) {
			ins = append(ins, in)
		}
	}
	return ins
}

// ratio formats how many times longer theirs takes than ours in unit: how
// many times faster ours is ("-" when either is missing).
func ratio(results map[string]result, unit, theirs, ours string) string {
	t, o := median(results[theirs][unit]), median(results[ours][unit])
	if t == 0 || o == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", t/o)
}

func nsAndAllocs(results map[string]result, unit, name string) string {
	r := results[name]
	if len(r[unit]) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f ns, %.0f allocs", median(r[unit]), median(r["allocs/op"]))
}

// printParse prints, per input, httparse's own numbers and how many times
// faster it is than each anchor: full parsers against Parser.Parse, header
// readers against Parser.ParseHead.
func printParse(results map[string]result, order []string, unit string) {
	const family = "BenchmarkParse"
	name := func(in, impl string) string { return family + "/input=" + in + "/impl=" + impl }
	ins := inputs(order, family)
	if len(ins) == 0 {
		return
	}
	fmt.Println("| input | Parser.Parse | Parser.ParseHead | vs net/http ReadRequest (Parse) | vs fasthttp RequestHeader.Read (ParseHead) | vs fasthttp Request.Read (Parse) |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, in := range ins {
		parser, head := name(in, "httparse-Parser"), name(in, "httparse-ParseHead")
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", in,
			nsAndAllocs(results, unit, parser), nsAndAllocs(results, unit, head),
			ratio(results, unit, name(in, "nethttp-ReadRequest"), parser),
			ratio(results, unit, name(in, "fasthttp-RequestHeader"), head),
			ratio(results, unit, name(in, "fasthttp-Request"), parser))
	}
	fmt.Println()
}

// headParsers are the other head-only parsers set beside Parser.ParseHead:
// the impl key and the column title.
var headParsers = []struct{ impl, title string }{
	{"fasthttp-RequestHeader", "fasthttp RequestHeader.Read"},
	{"rust-httparse", "Rust httparse"},
	{"pico-libh2o", "picohttpparser (Debian libh2o)"},
}

// printHeads prints, per input, Parser.ParseHead next to every other head
// parser, each with how many times faster ParseHead is. It is left out when
// no native parser ran, as printParse already compares with fasthttp.
func printHeads(w io.Writer, results map[string]result, order []string, unit string) {
	const family = "BenchmarkParse"
	name := func(in, impl string) string { return family + "/input=" + in + "/impl=" + impl }
	ins := inputs(order, family)
	var cols []int
	native := false
	for i, hp := range headParsers {
		for _, in := range ins {
			if len(results[name(in, hp.impl)][unit]) > 0 {
				cols = append(cols, i)
				native = native || i > 0
				break
			}
		}
	}
	if !native {
		return
	}
	head := "| head only (in brackets: how many times faster ParseHead is) | Parser.ParseHead |"
	rule := "| --- | --- |"
	for _, i := range cols {
		head += " " + headParsers[i].title + " |"
		rule += " --- |"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	for _, in := range ins {
		ours := name(in, "httparse-ParseHead")
		row := fmt.Sprintf("| %s | %s |", in, nanos(results, unit, ours))
		for _, i := range cols {
			theirs := name(in, headParsers[i].impl)
			row += fmt.Sprintf(" %s (%s) |", nanos(results, unit, theirs), ratio(results, unit, theirs, ours))
		}
		fmt.Fprintln(w, row)
	}
	fmt.Fprintln(w)
}

func nanos(results map[string]result, unit, name string) string {
	v := results[name][unit]
	if len(v) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f ns", median(v))
}

// printBytewise prints each byte-at-a-time result next to the same
// implementation's whole-input parse of that input.
func printBytewise(results map[string]result, order []string, unit string) {
	const family = "BenchmarkByteAtATime"
	var rows []string
	for _, name := range order {
		if strings.HasPrefix(name, family+"/") {
			rows = append(rows, name)
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Println("| byte at a time | one byte per call | whole input | one-byte cost / whole cost |")
	fmt.Println("| --- | --- | --- | --- |")
	for _, name := range rows {
		whole := "BenchmarkParse/" + strings.TrimPrefix(name, family+"/")
		fmt.Printf("| %s | %s | %s | %s |\n", strings.TrimPrefix(name, family+"/"),
			nsAndAllocs(results, unit, name), nsAndAllocs(results, unit, whole), ratio(results, unit, name, whole))
	}
	fmt.Println()
}
