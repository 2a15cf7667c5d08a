package httparse

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTargetForms runs each of the four request-target forms (RFC 9112
// §3.2) through the parser with GET and with OPTIONS, and checks Path,
// RawPath and RawQuery, and that Path is always RawPath decoded.
func TestTargetForms(t *testing.T) {
	type want struct{ path, rawPath, rawQuery, host string }
	tests := []struct {
		rule, name, target string
		get, options       want
	}{
		{rule: "RFC 9112 §3.2.1", name: "origin-form",
			target:  "/a%2Fb/%7Ec?q=1",
			get:     want{"/a/b/~c", "/a%2Fb/%7Ec", "q=1", "h.example"},
			options: want{"/a/b/~c", "/a%2Fb/%7Ec", "q=1", "h.example"}},
		{rule: "RFC 9112 §3.2.1", name: "origin-form root",
			target:  "/",
			get:     want{"/", "/", "", "h.example"},
			options: want{"/", "/", "", "h.example"}},
		{rule: "RFC 9112 §3.2.2", name: "absolute-form with path",
			target:  "http://h.example/a%20b",
			get:     want{"/a b", "/a%20b", "", "h.example"},
			options: want{"/a b", "/a%20b", "", "h.example"}},
		{rule: "RFC 9112 §3.2.2", name: "absolute-form with path and query",
			target:  "http://h.example/a?x",
			get:     want{"/a", "/a", "x", "h.example"},
			options: want{"/a", "/a", "x", "h.example"}},
		// RFC 9110 §4.2.3: an empty path is "/"; RFC 9112 §3.2.4: for
		// OPTIONS without a query it is "*", the server as a whole.
		{rule: "RFC 9112 §3.2.2", name: "absolute-form without path",
			target:  "http://h.example",
			get:     want{"/", "/", "", "h.example"},
			options: want{"*", "*", "", "h.example"}},
		{rule: "RFC 9112 §3.2.4", name: "absolute-form without path, with query",
			target:  "http://h.example?x",
			get:     want{"/", "/", "x", "h.example"},
			options: want{"/", "/", "x", "h.example"}},
		{rule: "RFC 9112 §3.2.4", name: "absolute-form without path, empty query",
			target:  "http://h.example?",
			get:     want{"/", "/", "", "h.example"},
			options: want{"/", "/", "", "h.example"}},
		{rule: "RFC 9112 §3.2.4", name: "asterisk-form",
			target:  "*",
			options: want{"*", "*", "", "h.example"}},
	}
	for _, tc := range tests {
		for _, method := range []string{"GET", "OPTIONS"} {
			w := tc.get
			if method == "OPTIONS" {
				w = tc.options
			}
			t.Run(tc.rule+": "+tc.name+": "+method, func(t *testing.T) {
				r, _, err := Parse([]byte(method + " " + tc.target + " HTTP/1.1\r\nHost: h.example\r\n\r\n"))
				if w == (want{}) {
					// asterisk-form with GET
					var perr *Error
					if !errors.As(err, &perr) || perr.Rule != rfc9112_324 {
						t.Fatalf("err = %v, want a %s error", err, rfc9112_324)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := want{r.Path, r.RawPath, r.RawQuery, r.Host}
				if got != w {
					t.Errorf("got %+v, want %+v", got, w)
				}
				if p, err := PathUnescape(r.RawPath); err != nil || p != r.Path {
					t.Errorf("PathUnescape(RawPath %q) = %q, %v; Path is %q", r.RawPath, p, err, r.Path)
				}
			})
		}
	}

	// authority-form has no path at all, and only CONNECT may use it.
	r, _, err := Parse([]byte("CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\n\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Path != "" || r.RawPath != "" || r.RawQuery != "" || r.Host != "h.example:443" {
		t.Errorf("CONNECT: Path %q RawPath %q RawQuery %q Host %q", r.Path, r.RawPath, r.RawQuery, r.Host)
	}
	for _, method := range []string{"GET", "OPTIONS"} {
		var perr *Error
		if _, _, err := Parse([]byte(method + " h.example:443 HTTP/1.1\r\nHost: h.example\r\n\r\n")); !errors.As(err, &perr) || perr.Status != 400 {
			t.Errorf("%s with authority-form: %v, want 400", method, err)
		}
	}
}

func TestPathUnescape(t *testing.T) {
	tests := []struct {
		in, want string
		err      *Error
	}{
		{in: "", want: ""},
		{in: "todos", want: "todos"},
		{in: "tod%6Fs", want: "todos"},
		{in: "%7e%7E", want: "~~"},
		{in: "a%2Fb", want: "a/b"},
		{in: "%C3%A9", want: "é"},
		{in: "%ff", want: "\xff"}, // bytes are kept, not replaced
		{in: "a%zz", err: &Error{Status: 400, Rule: rfc3986_2_1, Offset: 2, Reason: "malformed percent-encoding in path"}},
		{in: "a%2", err: &Error{Status: 400, Rule: rfc3986_2_1, Offset: 1, Reason: "malformed percent-encoding in path"}},
		{in: "a%", err: &Error{Status: 400, Rule: rfc3986_2_1, Offset: 1, Reason: "malformed percent-encoding in path"}},
		{in: "a%00", err: &Error{Status: 400, Rule: rfc3986_7_3, Offset: 1, Reason: "NUL in path"}},
	}
	for _, tc := range tests {
		got, err := PathUnescape(tc.in)
		if tc.err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Errorf("PathUnescape(%q) = %q, %v; want %v", tc.in, got, err, tc.err)
			} else if d := cmp.Diff(tc.err, perr); d != "" {
				t.Errorf("PathUnescape(%q) (-want +got):\n%s", tc.in, d)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("PathUnescape(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { PathUnescape("/todos/1") }); n != 0 {
		t.Errorf("PathUnescape without escapes: %v allocations, want 0", n)
	}
}
