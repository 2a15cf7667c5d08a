package httparse_test

// FuzzQuery: ParseQuery against net/url.

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ae7539e0/httparse"
)

// FuzzQuery checks ParseQuery against net/url.ParseQuery:
//   - no panic; an error is an *Error 400 under RFC 3986 §2.1 pointing at a
//     "%" that does not start a pct-encoded triplet;
//   - when both accept, the same pairs in the same order per name;
//   - when only net/url rejects, it is for a ";" (which it refuses and
//     ParseQuery keeps as data), and the other pairs still agree;
//   - net/url never accepts what ParseQuery rejects.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2&a=3", "x=%41+b&&=&y", "q=%zz", "a;b=c&d=e", "%2B=%2b+"} {
		f.Add(s)
	}
	f.Add(strings.Repeat("k=v&", 50))
	addSeeds(f, addString(f), kindURL, kindURLValues)
	f.Fuzz(func(t *testing.T, s string) {
		vs, err := httparse.ParseQuery(s)
		theirs, terr := url.ParseQuery(s)
		if err != nil {
			e, ok := err.(*httparse.Error)
			if !ok || e.Status != 400 || e.Rule != "RFC 3986 §2.1" || !badEscapeAt(s, e.Offset) {
				t.Fatalf("ParseQuery(%q): %v", s, err)
			}
			if terr == nil {
				t.Fatalf("ParseQuery(%q) rejects (%v), net/url accepts", s, err)
			}
			return
		}
		// The non-empty pieces of s line up with vs.
		var pieces []string
		for _, p := range strings.Split(s, "&") {
			if p != "" {
				pieces = append(pieces, p)
			}
		}
		if len(pieces) != len(vs) {
			t.Fatalf("ParseQuery(%q): %d pairs from %d pieces", s, len(vs), len(pieces))
		}
		want := url.Values{}
		semicolon := false
		for i, p := range pieces {
			if strings.Contains(p, ";") {
				semicolon = true // net/url drops the piece and reports an error
				continue
			}
			want[vs[i].Name] = append(want[vs[i].Name], vs[i].Value)
		}
		if terr != nil && !semicolon {
			t.Fatalf("ParseQuery(%q) accepts, net/url rejects: %v", s, terr)
		}
		if diff := cmp.Diff(want, theirs, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ParseQuery(%q) (-ours +net/url):\n%s", s, diff)
		}
	})
}

// badEscapeAt reports whether off is where ParseQuery should report a
// malformed escape in s: the first byte that breaks "%" HEXDIG HEXDIG, or
// the "%" itself when s ends inside the escape.
func badEscapeAt(s string, off int) bool {
	if off < 0 || off >= len(s) {
		return false
	}
	breaks := !httparse.SlowHex(s[off]) // the byte ends the escape before it early
	return off >= 1 && s[off-1] == '%' && breaks ||
		off >= 2 && s[off-2] == '%' && httparse.SlowHex(s[off-1]) && breaks ||
		s[off] == '%' && (off+1 == len(s) || off+2 == len(s) && httparse.SlowHex(s[off+1]))
}
