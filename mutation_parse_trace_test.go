//go:build httparse_trace

package httparse

import (
	"errors"
	"strings"
	"testing"
)

// The two fast paths of a resumed call, Parser.oneMore (a call that
// brings exactly one byte of the field name or value being scanned) and
// Parser.more (a call that brings several), answer with the same result
// as the parser proper and examine the same bytes: switching either off,
// or narrowing it, changes only how many calls reach which path. These
// tests count the calls each path answers.

const (
	fastHead  = "GET / HTTP/1.1\r\nHost: a\r\n"
	fastField = "Host: a\r\n" // the header section's bytes in fastHead
)

var (
	fastName  = strings.Repeat("N", 50)
	fastValue = strings.Repeat("v", 230)
)

// TestMoreAnswersSeveralBytes: fed two bytes of a value at a time, every
// call is answered by more, up to and including the call that brings the
// header section to exactly MaxHeaderBytes.
func TestMoreAnswersSeveralBytes(t *testing.T) {
	// The value ends exactly at the limit.
	lim := Limits{MaxHeaderBytes: len(fastField) + len(fastName) + len(": ") + len(fastValue)}
	start := fastHead + fastName + ": "
	in := start + fastValue
	for _, parse := range []func(*Parser, []byte, *Request) (int, error){(*Parser).Parse, (*Parser).ParseHead} {
		p := Parser{Limits: lim}
		var r Request
		if _, err := parse(&p, []byte(start), &r); err != ErrIncomplete {
			t.Fatal(err)
		}
		var err error
		calls := 0
		got := traced(func() {
			for k := len(start) + 2; k <= len(in); k += 2 {
				_, err = parse(&p, []byte(in[:k]), &r)
				calls++
			}
		})
		if err != ErrIncomplete || got[traceMore] != calls || got[traceParse] != 0 || got[traceOneMore] != 0 {
			t.Errorf("%d two-byte calls: more %d, parser %d, oneMore %d (%v); want %d, 0, 0",
				calls, got[traceMore], got[traceParse], got[traceOneMore], err, calls)
		}

		// A value byte past the limit is the parser's, and an error.
		_, err = parse(&p, []byte(in+"v"), &r)
		var perr *Error
		if !errors.As(err, &perr) || perr.Status != 431 {
			t.Errorf("a value byte past MaxHeaderBytes: %v, want 431", err)
		}
	}
}

// TestOneMoreStopsAtLimit: fed one byte at a time, a value byte past
// MaxHeaderBytes is answered with 431 by the very call that brings it,
// as a fresh parse of the same bytes answers; every call before is
// incomplete.
func TestOneMoreStopsAtLimit(t *testing.T) {
	in := fastHead + fastName + ": " + fastValue
	for _, max := range []int{len(fastField) + 1, len(fastField) + 30, len(fastField) + len(fastName) + 3, len(fastField) + 200} {
		lim := Limits{MaxHeaderBytes: max}
		for _, parse := range []func(*Parser, []byte, *Request) (int, error){(*Parser).Parse, (*Parser).ParseHead} {
			p := Parser{Limits: lim}
			var r Request
			for k := 1; k <= len(in); k++ {
				_, err := parse(&p, []byte(in[:k]), &r)
				_, fresh := parse(&Parser{Limits: lim}, []byte(in[:k]), new(Request))
				if !sameOutcome(err, fresh) {
					t.Fatalf("MaxHeaderBytes %d, %d bytes one at a time: %v; a fresh parse of them: %v", max, k, err, fresh)
				}
				if err != ErrIncomplete {
					if k != len(fastHead)+max-len(fastField)+1 {
						t.Errorf("MaxHeaderBytes %d: %v after %d bytes, want it after %d", max, err, k, len(fastHead)+max-len(fastField)+1)
					}
					break
				}
			}
		}
	}
}

// sameOutcome reports whether two results of a parse agree: both
// ErrIncomplete, or errors with the same status, rule and offset.
func sameOutcome(a, b error) bool {
	var x, y *Error
	if !errors.As(a, &x) || !errors.As(b, &y) {
		return a == b
	}
	return x.Status == y.Status && x.Rule == y.Rule && x.Offset == y.Offset
}

// TestWholeVersionInOneComparison: a whole "HTTP/1.0" or "HTTP/1.1" is
// taken in one comparison; only a version cut short, or one that is not
// HTTP/1.x, is checked byte by byte.
func TestWholeVersionInOneComparison(t *testing.T) {
	for _, tc := range []struct {
		line  string
		bytes int // examined one at a time
	}{
		{"GET / HTTP/1.1\r\n", 0},
		{"GET / HTTP/1.0\r\n", 0},
		{"GET / HTTP/1.", len("HTTP/1.")},
		{"GET / HTTP/2.0\r\n", len("HTTP/2.0")},
		{"GET / http/1.1\r\n", 1},
	} {
		got := traced(func() { new(Parser).Parse([]byte(tc.line), new(Request)) })
		if got[traceVersion] != tc.bytes {
			t.Errorf("%q: %d version bytes examined one at a time, want %d", tc.line, got[traceVersion], tc.bytes)
		}
	}
}

// TestOneMoreTakesRequestLineParts: fed one byte at a time, every byte of
// the method after its first and every byte of the request-target is
// answered by oneMore; the SPs, the HTTP-version and the line end are the
// parser's.
func TestOneMoreTakesRequestLineParts(t *testing.T) {
	// The target is not as long as "HTTP/1.1", so that answering the
	// version's bytes instead of the target's changes the count.
	const method, target = "PROPFIND", "/a/b?c=d&e"
	in := method + " " + target + " HTTP/1.1\r\nHost: a\r\n\r\n"
	var p Parser
	var r Request
	var got [traceLoops]int
	for k := 1; k <= len(method+" "+target+" HTTP/1.1\r\n"); k++ {
		c := traced(func() {
			if _, err := p.Parse([]byte(in[:k]), &r); err != ErrIncomplete {
				t.Fatalf("%q: %v", in[:k], err)
			}
		})
		got[traceOneMore] += c[traceOneMore]
		got[traceParse] += c[traceParse]
	}
	want := len(method) - 1 + len(target)
	if got[traceOneMore] != want || got[traceParse] != len(in)-len("Host: a\r\n\r\n")-want {
		t.Errorf("oneMore answered %d calls, the parser %d; want %d and %d",
			got[traceOneMore], got[traceParse], want, len(in)-len("Host: a\r\n\r\n")-want)
	}
}

// TestOneMoreStopsAtRequestLineLimits: fed one byte at a time, a method
// byte past maxMethodLen or a method or target byte past MaxRequestLine
// is answered by the call that brings it with the error a fresh parse of
// the same bytes gets, and so is every call before.
func TestOneMoreStopsAtRequestLineLimits(t *testing.T) {
	long := strings.Repeat("M", maxMethodLen+4)
	for _, in := range []string{
		long + " / HTTP/1.1\r\n",                            // 501, method too long
		"GET /" + strings.Repeat("p", 60) + " HTTP/1.1\r\n", // 414
		"GET /a%41" + strings.Repeat("p", 60) + " HTTP/1.1\r\n",
		"GET /a HTTP/1.x\r\n", // a version byte no version may hold, at once
	} {
		for _, max := range []int{3, maxMethodLen - 1, maxMethodLen, maxMethodLen + 1, 40, 1000} {
			lim := Limits{MaxRequestLine: max}
			p := Parser{Limits: lim}
			var r Request
			for k := 1; k <= len(in); k++ {
				_, err := p.Parse([]byte(in[:k]), &r)
				_, fresh := (&Parser{Limits: lim}).Parse([]byte(in[:k]), new(Request))
				if !sameOutcome(err, fresh) {
					t.Fatalf("%.12q, MaxRequestLine %d, %d bytes one at a time: %v; a fresh parse of them: %v", in, max, k, err, fresh)
				}
				if err != ErrIncomplete {
					break
				}
			}
		}
	}
}
