package httparse

// The FuzzLeniency properties on fixed inputs: every corpus/*.http file
// and every TestParse case, with every leniency kind on.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// onlyLenientFault lists the corpus/smuggle-* files whose one fault is a
// leniency kind: with every kind on they are accepted, and
// TestLenientCorpus holds them to checkNormalized.
var onlyLenientFault = map[string]bool{
	"smuggle-bare-lf-head.http": true, // bare LF ends every head line
}

// TestLenientCorpus parses every corpus file with every kind on, request
// after request: a smuggle-* file must end in an *Error unless its one
// fault is a kind (onlyLenientFault), and then its requests satisfy
// checkNormalized; every other file parses exactly as strict.
func TestLenientCorpus(t *testing.T) {
	for _, name := range corpusFiles(t) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		var p, sp Parser
		p.Lenient = allLenient
		var r, sr Request
		for len(data) > 0 && err == nil {
			checkNormalized(t, data, allLenient)
			var n int
			n, err = p.Parse(data, &r)
			if !strings.HasPrefix(base, "smuggle-") {
				sn, serr := sp.Parse(data, &sr)
				if d := diffLenientOutcome(lenientOutcome{sr.Clone(), sn, serr}, lenientOutcome{r.Clone(), n, err}); d != "" {
					t.Errorf("%s: lenient and strict differ:\n%s", base, d)
				}
			}
			data = data[n:]
		}
		_, rejected := err.(*Error)
		want := strings.HasPrefix(base, "smuggle-") && !onlyLenientFault[base]
		if rejected != want {
			t.Errorf("%s with every kind: %v (want an *Error: %v)", base, err, want)
		}
	}
}

// TestLenientParseCases runs every TestParse case with every kind on: an
// accepted case gives the strict result, and a rejected one stays rejected
// unless its fault is one a kind allows, when checkNormalized holds it.
func TestLenientParseCases(t *testing.T) {
	allowed := map[string]bool{ // reasons a kind can lift
		"bare LF": true, "bare LF in field value": true, "bare LF in chunked framing": true,
		"obsolete line folding":                  true,
		"invalid byte in request-target":         true,
		"missing Host field in HTTP/1.1 request": true,
	}
	lifted := 0 // cases a kind can lift, held to checkNormalized
	for _, tc := range append(parseCases, realWorldCases...) {
		in, _ := tc.input()
		strict := Parser{Limits: tc.lim}
		lenient := Parser{Limits: tc.lim, Lenient: allLenient}
		var sr, lr Request
		sn, serr := strict.Parse([]byte(in), &sr)
		ln, lerr := lenient.Parse([]byte(in), &lr)
		switch e, _ := serr.(*Error); {
		case serr == nil:
			if d := diffLenientOutcome(lenientOutcome{sr.Clone(), sn, nil}, lenientOutcome{lr.Clone(), ln, lerr}); d != "" {
				t.Errorf("%s: %s: lenient differs from strict:\n%s", tc.rule, tc.name, d)
			}
		case e != nil && allowed[e.Reason]:
			if tc.lim == (Limits{}) {
				checkNormalized(t, []byte(in), allLenient)
				lifted++
			}
		case lerr == nil || lerr == ErrIncomplete:
			t.Errorf("%s: %s: strict rejects (%v), every kind on: %v", tc.rule, tc.name, serr, lerr)
		}
	}
	if lifted == 0 {
		t.Fatal("no TestParse case has a fault a kind lifts: the check above checked nothing")
	}
	t.Logf("%d cases with a fault a kind lifts", lifted)
}
