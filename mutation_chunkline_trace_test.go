//go:build httparse_trace

package httparse

import "testing"

// TestUnfinishedTrailerValueExaminedOnce: while a trailer line has not
// ended, its value is checked from the byte after the colon, and each of
// its bytes once in all, wherever the line is cut between two calls.
func TestUnfinishedTrailerValueExaminedOnce(t *testing.T) {
	const size, name, value = "0\r\n", "Name:", " some value"
	body := size + name + value // no line end yet
	for k := len(size); k <= len(body); k++ {
		var d ChunkedDecoder
		var err error
		got := traced(func() {
			_, n, _ := d.Decode(nil, []byte(body[:k]))
			_, _, err = d.Decode(nil, []byte(body[n:]))
		})
		if err != ErrIncomplete {
			t.Fatalf("cut at %d: %v, want ErrIncomplete", k, err)
		}
		if examined := got[traceValue16] + got[traceValue8] + got[traceValue1]; examined != len(value) {
			t.Errorf("cut at %d: the value scans examined %d bytes (%v), want %d", k, examined, got, len(value))
		}
	}
}
