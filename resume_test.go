package httparse

import (
	"errors"
	"strings"
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

// resumeInputs are requests whose every part can be cut: leading empty
// lines, a long request-line, long field names and values, a chunked body
// with extensions, long chunk-size lines and trailers.
var resumeInputs = []string{
	"\r\n\r\nGET /" + strings.Repeat("p", 300) + "?q=1 HTTP/1.1\r\nHost: example.com\r\n" +
		"X-" + strings.Repeat("Name", 40) + ": " + strings.Repeat("value ", 60) + "\r\n" +
		"Accept: */*\r\nEmpty:\r\n\r\n",
	"POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"5;" + strings.Repeat("e", 200) + "=v\r\nhello\r\n" + strings.Repeat("0", 10) + "1a\r\n" + strings.Repeat("x", 26) + "\r\n" +
		"0\r\nX-Trailer: " + strings.Repeat("t", 300) + "\r\nY: 1\r\n\r\n",
	"PUT /x HTTP/1.0\r\nContent-Length: 300\r\n\r\n" + strings.Repeat("b", 300),
}

// TestResumeExaminesEachByteOnce feeds each input one byte more per call:
// after every ErrIncomplete the Parser must have recorded that it examined
// everything it was given (but a final CR, which waits for its LF), so the
// next call starts there and a request that trickles in costs O(n), not
// O(n²). The result stays the one of a single call.
func TestResumeExaminesEachByteOnce(t *testing.T) {
	for _, in := range resumeInputs {
		var want Request
		if _, err := new(Parser).Parse([]byte(in), &want); err != nil {
			t.Fatalf("%.40q: %v", in, err)
		}
		var p Parser
		var r Request
		for k := 1; k <= len(in); k++ {
			b := []byte(in[:k])
			n, err := p.Parse(b, &r)
			if k == len(in) {
				if err != nil || n != len(in) {
					t.Fatalf("%.40q whole: n=%d, %v", in, n, err)
				}
				break
			}
			if err != ErrIncomplete {
				t.Fatalf("%.40q cut at %d: n=%d, %v", in, k, n, err)
			}
			if rp := p.resumePoint(); rp != -1 && rp < k-1 || rp == k-1 && in[k-1] != '\r' {
				t.Fatalf("%.40q cut at %d (%q last): resumes at %d, want %d", in, k, in[k-1], rp, k)
			}
		}
		if d := cmp.Diff(&want, &r, cmpRequest); d != "" {
			t.Errorf("%.40q byte by byte (-want +got):\n%s", in, d)
		}
	}
}

// TestChunkedDecoderResumesOnce is the same for ChunkedDecoder, given the
// unconsumed bytes again with one more each call.
func TestChunkedDecoderResumesOnce(t *testing.T) {
	in := resumeInputs[1][strings.Index(resumeInputs[1], "\r\n\r\n")+4:]
	var d ChunkedDecoder
	var body []byte
	pending := []byte(nil)
	for k := 0; k < len(in); k++ {
		pending = append(pending, in[k])
		var n int
		var err error
		body, n, err = d.Decode(body, pending)
		pending = append([]byte(nil), pending[n:]...)
		if k == len(in)-1 {
			if err != nil || len(pending) != 0 {
				t.Fatalf("whole: %v, %d bytes left", err, len(pending))
			}
			break
		}
		if err != ErrIncomplete {
			t.Fatalf("cut at %d: %v", k+1, err)
		}
		if rp := d.resumePoint(); rp < k || rp == k && in[k] != '\r' {
			t.Fatalf("cut at %d (%q last): resumes at %d, want %d", k+1, in[k], rp, k+1)
		}
	}
	if want := "hello" + strings.Repeat("x", 26); string(body) != want {
		t.Errorf("body %q, want %q", body, want)
	}
}

// TestResumeJudgesTheLastCR: a CR that ended one call's bytes may start a
// CRLF; once the next byte shows it does not, the resumed call rejects it
// as a call with all the bytes at once does, without waiting for a line end.
func TestResumeJudgesTheLastCR(t *testing.T) {
	for _, in := range []string{"GET /\rx", "GET / HTTP/1.1\r\nHost: a\rx", "\r\nGET\rx"} {
		_, wantErr := new(Parser).Parse([]byte(in), new(Request))
		var want *Error
		if !errors.As(wantErr, &want) {
			t.Fatalf("%q at once: %v, want an *Error", in, wantErr)
		}
		var p Parser
		var r Request
		if _, err := p.Parse([]byte(in[:len(in)-1]), &r); err != ErrIncomplete {
			t.Fatalf("%q: %v, want ErrIncomplete", in[:len(in)-1], err)
		}
		if _, err := p.Parse([]byte(in), &r); !cmp.Equal(err, error(want)) {
			t.Errorf("%q resumed after the CR: %v, want %v", in, err, want)
		}
	}
}
