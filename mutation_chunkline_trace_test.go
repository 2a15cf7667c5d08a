//go:build httparse_trace

package httparse

import "testing"

// TestUnfinishedTrailerValueExaminedOnce: while a trailer line has not
// ended, its value is checked from the byte after the colon, and each of
// its bytes once in all, wherever the line is cut between two calls; the
// line's end does not check it again.
func TestUnfinishedTrailerValueExaminedOnce(t *testing.T) {
	const size, name, value = "0\r\n", "Name:", " some value"
	for _, end := range []string{"", "\r\n\r\n"} {
		testTrailerValueExaminedOnce(t, size, name, value, end)
	}
}

func testTrailerValueExaminedOnce(t *testing.T, size, name, value, end string) {
	body := size + name + value + end
	wantErr := error(nil)
	if end == "" {
		wantErr = ErrIncomplete // no line end yet
	}
	for k := len(size); k <= len(body); k++ {
		var d ChunkedDecoder
		var err error
		got := traced(func() {
			_, n, _ := d.Decode(nil, []byte(body[:k]))
			_, _, err = d.Decode(nil, []byte(body[n:]))
		})
		if err != wantErr {
			t.Fatalf("%q cut at %d: %v, want %v", body, k, err, wantErr)
		}
		examined := got[traceValue16] + got[traceValue8] + got[traceValue1]
		if vectorScan {
			// The vector scanners count the bytes they pass, name and
			// value alike: the name's are those before its colon.
			examined = got[traceVector] - len(name) + len(":")
		}
		if examined != len(value) {
			t.Errorf("%q cut at %d: the value scans examined %d bytes (%v), want %d", body, k, examined, got, len(value))
		}
	}
}
