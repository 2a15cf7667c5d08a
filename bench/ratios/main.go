// Command ratios reads `go test -bench` output from the files named on the
// command line (or stdin) and prints Markdown tables of httparse's speed
// relative to net/http and fasthttp, from the median of each benchmark's
// runs. It reads the names BenchmarkParse/input=X/impl=Y and
// BenchmarkByteAtATime/input=X/impl=Y that the bench package uses.
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

// result holds every run of one benchmark.
type result struct {
	ns, allocs []float64
}

// procSuffix is the "-GOMAXPROCS" suffix go test appends to names.
var procSuffix = regexp.MustCompile(`-\d+$`)

func main() {
	results := map[string]*result{}
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
				all = &result{}
				results[name] = all
				order = append(order, name)
			}
			all.ns = append(all.ns, res.ns...)
			all.allocs = append(all.allocs, res.allocs...)
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
	printParse(results, order)
	printBytewise(results, order)
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
		return "", res, false
	}
	name = procSuffix.ReplaceAllString(f[0], "")
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return "", res, false
		}
		switch f[i+1] {
		case "ns/op":
			res.ns = append(res.ns, v)
		case "allocs/op":
			res.allocs = append(res.allocs, v)
		}
	}
	return name, res, len(res.ns) == 1
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

// ratio formats how many times faster ours is than theirs ("-" when either
// is missing).
func ratio(results map[string]*result, theirs, ours string) string {
	t, o := results[theirs], results[ours]
	if t == nil || o == nil || median(o.ns) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", median(t.ns)/median(o.ns))
}

func nsAndAllocs(results map[string]*result, name string) string {
	r := results[name]
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%.0f ns, %.0f allocs", median(r.ns), median(r.allocs))
}

// printParse prints, per input, httparse's own numbers and how many times
// faster it is than each anchor: full parsers against Parser.Parse, header
// readers against Parser.ParseHead.
func printParse(results map[string]*result, order []string) {
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
			nsAndAllocs(results, parser), nsAndAllocs(results, head),
			ratio(results, name(in, "nethttp-ReadRequest"), parser),
			ratio(results, name(in, "fasthttp-RequestHeader"), head),
			ratio(results, name(in, "fasthttp-Request"), parser))
	}
	fmt.Println()
}

// printBytewise prints each byte-at-a-time result next to the same
// implementation's whole-input parse of that input.
func printBytewise(results map[string]*result, order []string) {
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
			nsAndAllocs(results, name), nsAndAllocs(results, whole), ratio(results, name, whole))
	}
	fmt.Println()
}
