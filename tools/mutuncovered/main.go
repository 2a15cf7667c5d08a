// Command mutuncovered runs the mutants a gremlins report lists as NOT
// COVERED, one by one, and reports each as KILLED, LIVED, TIMED OUT or NOT
// VIABLE.
//
// gremlins decides coverage from Go's coverage profile, which has no block
// for the expressions of a switch case: a mutant there is NOT COVERED
// however many tests run through it, and is never tested. This command
// applies the very mutation gremlins describes (the token at file:line:col,
// changed as its mutator type changes it) to a copy of the file in a
// temporary directory and runs the package's tests with `go test -overlay`,
// so the working tree is never written and runs may go in parallel. A
// mutant that no test reaches lives here, so the survivors are the real
// gaps either way.
//
// Usage:
//
//	mutuncovered -report R.json -src SNAPSHOT -dir PKGDIR [-tags T] [-workers N]
//	             [-timeout-coefficient C] -o OUT.json
//
// -src holds a copy of the package's .go files taken when the gremlins run
// started (its line and column numbers refer to them); every .go file of
// PKGDIR is overlaid with its copy there, so the tests see the code
// gremlins saw. OUT.json has the shape of a gremlins report and lists the
// mutants run, with their new status; mutreport -second-pass merges it.
//
// The timeout of a mutant's run is the coefficient times that of a run
// with no mutant, timed with a changed copy of a file so that it rebuilds
// the package as a mutant's run does. A run that fails to build counts as
// NOT VIABLE (gremlins' own pass counts it KILLED: `go test` exits 1 for
// both).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// mutations is gremlins' table (internal/engine/mappings.go, v0.6.0):
// for each mutator type, the token it replaces and the replacement.
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE": {
		token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL,
		token.REM: token.MUL, token.SUB: token.ADD,
	},
	"CONDITIONALS_BOUNDARY": {
		token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ,
	},
	"CONDITIONALS_NEGATION": {
		token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ,
		token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL,
	},
	"INCREMENT_DECREMENT": {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_ASSIGNMENTS": {
		token.ADD_ASSIGN: token.SUB_ASSIGN, token.MUL_ASSIGN: token.QUO_ASSIGN,
		token.QUO_ASSIGN: token.MUL_ASSIGN, token.REM_ASSIGN: token.REM_ASSIGN,
		token.SUB_ASSIGN: token.ADD_ASSIGN,
	},
	"INVERT_BITWISE": {
		token.AND: token.OR, token.OR: token.AND, token.XOR: token.AND,
		token.AND_NOT: token.AND, token.SHL: token.SHR, token.SHR: token.SHL,
	},
	"INVERT_BWASSIGN": {
		token.AND_ASSIGN: token.OR_ASSIGN, token.OR_ASSIGN: token.AND_ASSIGN,
		token.XOR_ASSIGN: token.AND_ASSIGN, token.AND_NOT_ASSIGN: token.AND_ASSIGN,
		token.SHL_ASSIGN: token.SHR_ASSIGN, token.SHR_ASSIGN: token.SHL_ASSIGN,
	},
	"INVERT_LOGICAL":   {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_LOOPCTRL":  {token.BREAK: token.CONTINUE, token.CONTINUE: token.BREAK},
	"INVERT_NEGATIVES": {token.SUB: token.ADD},
	"REMOVE_SELF_ASSIGNMENTS": {
		token.ADD_ASSIGN: token.ASSIGN, token.AND_ASSIGN: token.ASSIGN,
		token.AND_NOT_ASSIGN: token.ASSIGN, token.MUL_ASSIGN: token.ASSIGN,
		token.OR_ASSIGN: token.ASSIGN, token.QUO_ASSIGN: token.ASSIGN,
		token.REM_ASSIGN: token.ASSIGN, token.SHL_ASSIGN: token.ASSIGN,
		token.SHR_ASSIGN: token.ASSIGN, token.SUB_ASSIGN: token.ASSIGN,
		token.XOR_ASSIGN: token.ASSIGN,
	},
}

type mutation struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type file struct {
	Name      string     `json:"file_name"`
	Mutations []mutation `json:"mutations"`
}

type report struct {
	Files []file `json:"files"`
}

// mutant is one NOT COVERED mutant of a file, named relative to the package.
type mutant struct {
	file string
	m    mutation
}

func (m mutant) String() string {
	return fmt.Sprintf("%s:%d:%d %s", m.file, m.m.Line, m.m.Column, m.m.Type)
}

// apply returns src with the mutation typ applied to the token at line:col
// (1-based, the column in bytes, as go/token counts them). It fails when
// no token starts there or the mutator does not apply to it: the report
// and the source do not match.
func apply(src []byte, line, col int, typ string) ([]byte, error) {
	table, ok := mutations[typ]
	if !ok {
		return nil, fmt.Errorf("unknown mutator type %s", typ)
	}
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(f, src, nil, 0)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, fmt.Errorf("%d:%d: no token there", line, col)
		}
		p := f.Position(pos)
		if p.Line < line || p.Line == line && p.Column < col {
			continue
		}
		if p.Line != line || p.Column != col {
			return nil, fmt.Errorf("%d:%d: no token starts there", line, col)
		}
		to, ok := table[tok]
		if !ok {
			return nil, fmt.Errorf("%d:%d: %s does not apply to %q", line, col, typ, tok)
		}
		off := f.Offset(pos)
		out := make([]byte, 0, len(src)+2)
		out = append(out, src[:off]...)
		out = append(out, to.String()...)
		return append(out, src[off+len(tok.String()):]...), nil
	}
}

type runner struct {
	dir, tags, tmp string
	base           map[string]string // the overlay of the package's files by their snapshot
	timeout        time.Duration
}

// run runs the package's tests with the file name (relative to the
// package) replaced by content, and returns the status and the output.
func (r *runner) run(name string, content []byte, id int) (string, []byte, error) {
	d := filepath.Join(r.tmp, fmt.Sprint(id))
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", nil, err
	}
	defer os.RemoveAll(d)
	mutated := filepath.Join(d, name)
	if err := os.WriteFile(mutated, content, 0o644); err != nil {
		return "", nil, err
	}
	replace := make(map[string]string, len(r.base))
	for k, v := range r.base {
		replace[k] = v
	}
	replace[filepath.Join(r.dir, name)] = mutated
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", nil, err
	}
	overlayFile := filepath.Join(d, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		return "", nil, err
	}
	args := []string{"test", "-count=1", "-overlay", overlayFile}
	if r.tags != "" {
		args = append(args, "-tags", r.tags)
	}
	limit := r.timeout
	if limit == 0 {
		limit = time.Hour
	}
	// As gremlins does: the test binary's own timeout a little later than
	// ours, so that a hung mutant is stopped even after go is killed.
	args = append(args, "-timeout", (2*time.Second + limit).String(), "-failfast", ".")
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = r.dir
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "TIMED OUT", out.Bytes(), nil
	case err == nil:
		return "LIVED", out.Bytes(), nil
	case !errors.As(err, &exit):
		return "", out.Bytes(), err
	case bytes.Contains(out.Bytes(), []byte("[build failed]")) || bytes.Contains(out.Bytes(), []byte("[setup failed]")):
		return "NOT VIABLE", out.Bytes(), nil
	}
	return "KILLED", out.Bytes(), nil
}

// overlayBase maps every .go file of dir to its copy in src, and a .go file
// that src lacks to nothing (deleted), so the tests see the snapshot.
func overlayBase(dir, src string) (map[string]string, error) {
	m := make(map[string]string)
	have, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, f := range have {
		m[f] = ""
	}
	snap, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil {
		return nil, err
	}
	if len(snap) == 0 {
		return nil, fmt.Errorf("no .go files in %s", src)
	}
	for _, f := range snap {
		m[filepath.Join(dir, filepath.Base(f))] = f
	}
	return m, nil
}

func main() {
	reportFile := flag.String("report", "", "gremlins JSON report")
	src := flag.String("src", "", "copy of the package's .go files the report refers to")
	dir := flag.String("dir", ".", "the package's directory, where its tests run")
	tags := flag.String("tags", "", "build tags for go test")
	workers := flag.Int("workers", 1, "mutants tested at once")
	coef := flag.Int("timeout-coefficient", 3, "a run longer than this times the run without a mutant is timed out")
	outFile := flag.String("o", "", "JSON report of the mutants run")
	flag.Parse()
	if *reportFile == "" || *src == "" || *outFile == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: mutuncovered -report R.json -src SNAPSHOT -dir PKGDIR [-tags T] [-workers N] [-timeout-coefficient C] -o OUT.json")
		os.Exit(2)
	}
	if err := mainErr(*reportFile, *src, *dir, *tags, *workers, *coef, *outFile); err != nil {
		fmt.Fprintln(os.Stderr, "mutuncovered:", err)
		os.Exit(1)
	}
}

func mainErr(reportFile, src, dir, tags string, workers, coef int, outFile string) error {
	data, err := os.ReadFile(reportFile)
	if err != nil {
		return err
	}
	var in report
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("%s: %w", reportFile, err)
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	if src, err = filepath.Abs(src); err != nil {
		return err
	}
	// Every mutant is applied first, so that a report that does not match
	// the source fails before any test runs.
	var todo []mutant
	content := make(map[mutant][]byte)
	for _, f := range in.Files {
		orig, err := os.ReadFile(filepath.Join(src, f.Name))
		if err != nil {
			return err
		}
		for _, m := range f.Mutations {
			if m.Status != "NOT COVERED" {
				continue
			}
			mu := mutant{f.Name, m}
			b, err := apply(orig, m.Line, m.Column, m.Type)
			if err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			todo = append(todo, mu)
			content[mu] = b
		}
	}
	tmp, err := os.MkdirTemp("", "mutuncovered")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	base, err := overlayBase(dir, src)
	if err != nil {
		return err
	}
	r := &runner{dir: dir, tags: tags, tmp: tmp, base: base}
	out := report{Files: []file{}}
	if len(todo) == 0 {
		fmt.Println("no mutants reported NOT COVERED")
		return writeReport(outFile, out)
	}

	// The run without a mutant: a copy of a file with a comment added, so
	// that the package and the test binary are built again as for a mutant.
	orig, err := os.ReadFile(filepath.Join(src, todo[0].file))
	if err != nil {
		return err
	}
	start := time.Now()
	status, log, err := r.run(todo[0].file, append(orig, "\n// unchanged\n"...), 0)
	if err != nil {
		return err
	}
	if status != "LIVED" {
		os.Stderr.Write(log)
		return errors.New("the tests fail without any mutant")
	}
	r.timeout = time.Duration(coef) * time.Since(start)
	fmt.Printf("%d mutants reported NOT COVERED; run without a mutant %s, timeout %s\n",
		len(todo), time.Since(start).Round(time.Millisecond), r.timeout.Round(time.Millisecond))

	results := make([]mutation, len(todo))
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		first error
		next  = make(chan int)
	)
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				status, _, err := r.run(todo[i].file, content[todo[i]], i+1)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("%s: %w", todo[i], err)
				}
				results[i] = todo[i].m
				results[i].Status = status
				fmt.Printf("%-11s %s (%s)\n", status, todo[i], time.Since(t).Round(100*time.Millisecond))
				mu.Unlock()
			}
		}()
	}
	for i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}

	byFile := make(map[string]int)
	for i, m := range results {
		name := todo[i].file
		k, ok := byFile[name]
		if !ok {
			k = len(out.Files)
			byFile[name] = k
			out.Files = append(out.Files, file{Name: name})
		}
		out.Files[k].Mutations = append(out.Files[k].Mutations, m)
	}
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Name < out.Files[j].Name })
	counts := make(map[string]int)
	for _, m := range results {
		counts[m.Status]++
	}
	var parts []string
	for _, s := range []string{"KILLED", "LIVED", "TIMED OUT", "NOT VIABLE"} {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], strings.ToLower(s)))
	}
	fmt.Println("second pass:", strings.Join(parts, ", "))
	return writeReport(outFile, out)
}

func writeReport(name string, r report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o644)
}
