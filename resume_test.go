package httparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseAnotherRequestStartsOver: a Parser left waiting for more bytes
// and then given another Request starts over from the first byte, as its
// doc says, for a cut anywhere in the head or the body: the new Request
// gets the whole request, not the fields parsed after the cut.
func TestParseAnotherRequestStartsOver(t *testing.T) {
	for _, in := range []string{
		"POST /a%20b?q HTTP/1.1\r\nHost: one.example\r\nX-A: 1\r\nContent-Length: 3\r\n\r\nabc",
		"POST / HTTP/1.1\r\nHost: one.example\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
	} {
		var want Request
		if _, err := new(Parser).Parse([]byte(in), &want); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		for k := 1; k < len(in); k++ {
			var p Parser
			var first, second Request
			if _, err := p.Parse([]byte(in[:k]), &first); err != ErrIncomplete {
				t.Fatalf("%q cut at %d: %v, want ErrIncomplete", in, k, err)
			}
			n, err := p.Parse([]byte(in), &second)
			if err != nil || n != len(in) {
				t.Fatalf("%q cut at %d, then into another Request: n=%d, %v", in, k, n, err)
			}
			if d := cmp.Diff(&want, &second, cmpRequest); d != "" {
				t.Fatalf("%q cut at %d, then into another Request (-want +got):\n%s", in, k, d)
			}
		}
	}
}
