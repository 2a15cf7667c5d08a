//go:build httparse_trace

package httparse

import (
	"bytes"
	"testing"
)

// TestLenientFieldLinesExamineOnce: with a leniency kind that changes the
// field loop (AllowObsFold, AllowBareLF), each name is examined from its
// line's start and each value from the byte after its colon, once; an
// unfolded line is not looked at again as a continuation.
func TestLenientFieldLinesExamineOnce(t *testing.T) {
	in := []byte("GET / HTTP/1.1\r\nHost: a\r\nX-Long-Field-Name: some longer value, here\r\nY:\r\n\r\n")
	for _, kind := range []Leniency{AllowObsFold, AllowBareLF, AllowObsFold | AllowBareLF} {
		p := Parser{Lenient: kind}
		got := traced(func() {
			if _, err := p.Parse(in, new(Request)); err != nil {
				t.Fatalf("%v: %v", kind, err)
			}
		})
		line := bytes.IndexByte(in, '\n') + 1
		want := traced(func() {
			for pos := line; ; {
				if in[pos] == '\r' {
					fieldNameEnd(in, pos) // the empty line's CR ends a name at once
					break
				}
				colon := pos + bytes.IndexByte(in[pos:], ':')
				fieldNameEnd(in, pos)
				fieldValueEnd(in, colon+1, len(in))
				pos += bytes.IndexByte(in[pos:], '\n') + 1
			}
		})
		want[traceLine] += line
		want[traceParse]++
		if got != want {
			t.Errorf("%v: examined %v, want %v", kind, got, want)
		}
	}
}
