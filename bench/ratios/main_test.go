package main

import (
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	name, res, ok := parseLine("BenchmarkParse/input=curl/impl=httparse-Parser-2   \t 5843516\t  205.3 ns/op\t 399.42 MB/s\t  188.0 cpu-ns/op\t  0 B/op\t  0 allocs/op")
	if !ok || name != "BenchmarkParse/input=curl/impl=httparse-Parser" {
		t.Fatalf("parseLine: name %q, ok %v", name, ok)
	}
	for unit, want := range map[string]float64{"ns/op": 205.3, "cpu-ns/op": 188, "allocs/op": 0, "MB/s": 399.42} {
		if got := res[unit]; len(got) != 1 || got[0] != want {
			t.Errorf("%s = %v, want [%v]", unit, got, want)
		}
	}
	if _, _, ok := parseLine("goos: linux"); ok {
		t.Error("a header line parsed as a result")
	}
}

func TestRatioUsesMedians(t *testing.T) {
	results := map[string]result{
		"theirs": {"ns/op": {900, 1000, 5000}},
		"ours":   {"ns/op": {90, 100, 100, 400}},
	}
	if got := ratio(results, "ns/op", "theirs", "ours"); got != "10.00x" {
		t.Errorf("ratio = %s, want 10.00x (medians 1000 and 100)", got)
	}
	if got := ratio(results, "cpu-ns/op", "theirs", "ours"); got != "-" {
		t.Errorf("ratio of a missing unit = %s, want -", got)
	}
}

func TestHeadsTable(t *testing.T) {
	const prefix = "BenchmarkParse/input=curl/impl="
	order := []string{prefix + "httparse-ParseHead", prefix + "fasthttp-RequestHeader", prefix + "rust-httparse"}
	results := map[string]result{
		order[0]: {"ns/op": {100, 110, 90}},
		order[1]: {"ns/op": {200}},
		order[2]: {"ns/op": {50, 40, 60}},
	}
	var b strings.Builder
	printHeads(&b, results, order, "ns/op")
	out := b.String()
	// The picohttpparser column is left out: it has no results.
	if strings.Contains(out, "picohttpparser") {
		t.Errorf("column without results printed:\n%s", out)
	}
	if want := "| curl | 100 ns | 200 ns (2.00x) | 50 ns (0.50x) |\n"; !strings.Contains(out, want) {
		t.Errorf("table lacks row %q:\n%s", want, out)
	}

	// Without a native parser the table would only repeat printParse.
	delete(results, order[2])
	b.Reset()
	printHeads(&b, results, order[:2], "ns/op")
	if b.Len() != 0 {
		t.Errorf("table printed without native results:\n%s", b.String())
	}
}
