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

// TestParseAnotherRequestOneMoreByte: a Parser left inside a field name or
// value and then given another Request with one byte more, which the
// one-byte fast path would take, starts over as well: the other Request
// holds the fields before the cut when the call returns.
func TestParseAnotherRequestOneMoreByte(t *testing.T) {
	in := "GET / HTTP/1.1\r\nHost: a\r\nX-Long: value\r\n\r\n"
	for _, cut := range []int{strings.Index(in, "X-L") + 2, strings.Index(in, "value") + 2} {
		var p Parser
		var first, second Request
		for _, call := range []struct {
			r *Request
			k int
		}{{&first, cut}, {&first, cut + 1}, {&second, cut + 2}} {
			if _, err := p.Parse([]byte(in[:call.k]), call.r); err != ErrIncomplete {
				t.Fatalf("cut at %d: %v, want ErrIncomplete", call.k, err)
			}
		}
		if got := second.Header.Get("Host"); got != "a" {
			t.Errorf("cut at %d, one byte more into another Request: Host %q, want %q (not started over)", cut, got, "a")
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

// TestChunksEndingInCRResume: input that arrives in pieces of several
// bytes, each ending with a line's CR or a name's colon (which Parser.more
// takes): each call resumes after every byte it was given, but a last CR,
// which the next call judges again.
func TestChunksEndingInCRResume(t *testing.T) {
	const in = "GET / HTTP/1.1\r\nHost: a\r\nLong-Name: a value of some length\r\nX:y\r\n\r\n"
	var p Parser
	var r Request
	for k := len("GET / HTTP/1.1\r\n") + 1; k < len(in); k++ {
		if c := in[k-1]; c != '\r' && c != ':' {
			continue
		}
		if _, err := p.Parse([]byte(in[:k]), &r); err != ErrIncomplete {
			t.Fatalf("%q: %v, want ErrIncomplete", in[:k], err)
		}
		want := k
		if in[k-1] == '\r' {
			want = k - 1
		}
		if rp := p.resumePoint(); rp != want {
			t.Fatalf("%q: resumes at %d, want %d", in[:k], rp, want)
		}
	}
	if _, err := p.Parse([]byte(in), &r); err != nil || len(r.Header) != 3 || r.Header[1].Value != "a value of some length" {
		t.Errorf("whole, after the pieces: %v, %q", err, r.Header)
	}
}

// TestResumeAfterCallerAddedFields: a caller that appends fields to
// r.Header between two calls of a resumed parse, past Limits.MaxHeaders,
// gets the 431 of a head with that many fields, not a panic.
func TestResumeAfterCallerAddedFields(t *testing.T) {
	const in = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
	p := Parser{Limits: Limits{MaxHeaders: 2}}
	var r Request
	cut := strings.Index(in, "A:")
	if _, err := p.Parse([]byte(in[:cut]), &r); err != ErrIncomplete {
		t.Fatalf("%q: %v, want ErrIncomplete", in[:cut], err)
	}
	r.Header = append(r.Header, Field{"X", "1"}, Field{"Y", "2"})
	_, err := p.Parse([]byte(in), &r)
	if e, ok := err.(*Error); !ok || e.Status != 431 || e.Offset != cut {
		t.Errorf("after the caller's fields: %v, want 431 at %d", err, cut)
	}
}

// TestOneByteColonPastMaxHeaders: fed a byte at a time, the colon that
// completes the name of a field past Limits.MaxHeaders is the call that
// gets the 431 (RFC 6585 §5), at the field's offset, as the whole input
// does: Parser.oneMore leaves that colon to the field loop.
func TestOneByteColonPastMaxHeaders(t *testing.T) {
	const in = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n"
	colon := strings.LastIndexByte(in, ':')
	p := Parser{Limits: Limits{MaxHeaders: 2}}
	var r Request
	for k := 1; k <= len(in); k++ {
		_, err := p.Parse([]byte(in[:k]), &r)
		if k <= colon {
			if err != ErrIncomplete {
				t.Fatalf("%q: %v, want ErrIncomplete", in[:k], err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Status != 431 || e.Offset != strings.Index(in, "B:") {
			t.Fatalf("%q: %v, want 431 at the B field", in[:k], err)
		}
		return
	}
}

// checkIncremental is h11's whole / byte-by-byte / trailing-bytes check:
// every proper prefix of in is ErrIncomplete, for a fresh parser and for a
// resuming one; the whole input parses to want; bytes after it are left
// alone; and parsing into a Request that holds another request gives the
// same result.
func checkIncremental(t *testing.T, in string, lim Limits, want *Request) {
	t.Helper()
	b := []byte(in)
	var resumed Parser
	resumed.Limits = lim
	var r Request
	var prev []byte
	for k := 0; k < len(b); k++ {
		// Feed a copy that ends at k, in a fresh slice each time, and
		// clobber the one before: the parser must not depend on the
		// buffer staying in place, nor keep pointing into an old one.
		prefix := append([]byte(nil), b[:k]...)
		if n, err := resumed.Parse(prefix, &r); err != ErrIncomplete {
			t.Fatalf("resuming parser on %d of %d bytes: n=%d err=%v, want ErrIncomplete", k, len(b), n, err)
		}
		for i := range prev {
			prev[i] = 'X'
		}
		prev = prefix
		fresh := Parser{Limits: lim}
		var fr Request
		if n, err := fresh.Parse(b[:k], &fr); err != ErrIncomplete {
			t.Fatalf("fresh parser on %d of %d bytes: n=%d err=%v, want ErrIncomplete", k, len(b), n, err)
		}
	}
	n, err := resumed.Parse(append([]byte(nil), b...), &r)
	if err != nil || n != len(b) {
		t.Fatalf("resuming parser on the whole input: n=%d err=%v", n, err)
	}
	for i := range prev {
		prev[i] = 'X'
	}
	if diff := cmp.Diff(want, &r, cmpRequest); diff != "" {
		t.Errorf("byte-by-byte request mismatch (-want +got):\n%s", diff)
	}

	const trailing = "GET /next HTTP/1.1\r\n"
	withTrailing := []byte(in + trailing)
	p := Parser{Limits: lim}
	n, err = p.Parse(withTrailing, &r)
	if err != nil || n != len(in) {
		t.Fatalf("with trailing bytes: n=%d err=%v, want n=%d", n, err, len(in))
	}
	if string(withTrailing[n:]) != trailing {
		t.Errorf("trailing bytes changed: %q", withTrailing[n:])
	}
	if diff := cmp.Diff(want, &r, cmpRequest); diff != "" {
		t.Errorf("dirty reuse request mismatch (-want +got):\n%s", diff)
	}

	// The package-level Parse must not alias its input.
	owned, n, err := Parse(b)
	if err != nil || n != len(b) {
		t.Fatalf("Parse: n=%d err=%v", n, err)
	}
	for i := range b {
		b[i] = 'X'
	}
	if diff := cmp.Diff(want, owned, cmpRequest); diff != "" {
		t.Errorf("Parse result changed when its input did (-want +got):\n%s", diff)
	}
}

// checkSplitError feeds a rejected input in every two-piece split to a
// resuming parser: each must end in the same error as the whole input (or,
// when the first piece is already rejected, that error).
func checkSplitError(t *testing.T, in string, lim Limits, want *Error) {
	t.Helper()
	for k := 0; k < len(in); k++ {
		p := Parser{Limits: lim}
		var r Request
		_, err := p.Parse([]byte(in[:k]), &r)
		if err == ErrIncomplete {
			_, err = p.Parse([]byte(in), &r)
		}
		if diff := cmp.Diff(want, err); diff != "" {
			t.Fatalf("split at %d: error mismatch (-whole +split):\n%s", k, diff)
		}
	}
}

// TestParseIncompleteThenMoved checks the resumption rule: the buffer may
// move between calls, and the strings of the result point into the last one.
func TestParseIncompleteThenMoved(t *testing.T) {
	in := "POST /a%20b HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello"
	var p Parser
	var r Request
	first := []byte(in[:40])
	if _, err := p.Parse(first, &r); err != ErrIncomplete {
		t.Fatalf("err = %v, want ErrIncomplete", err)
	}
	if _, err := p.Parse([]byte(in[:64]), &r); err != ErrIncomplete {
		t.Fatalf("err = %v, want ErrIncomplete", err)
	}
	second := []byte(in)
	n, err := p.Parse(second, &r)
	if err != nil || n != len(in) {
		t.Fatalf("n=%d err=%v", n, err)
	}
	for i := range first {
		first[i] = 'X'
	}
	want := with(req("POST", "/a%20b", 1, "Host: example.com", "Content-Length: 5"), func(r *Request) {
		r.Path, r.ContentLength, r.Body = "/a b", 5, []byte("hello")
	})
	if diff := cmp.Diff(want, &r, cmpRequest); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestParseReset checks that Reset discards a partial request.
func TestParseReset(t *testing.T) {
	var p Parser
	var r Request
	if _, err := p.Parse([]byte("GET /partial HTTP/1.1\r\nHo"), &r); err != ErrIncomplete {
		t.Fatalf("err = %v", err)
	}
	p.Reset()
	in := []byte("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
	if n, err := p.Parse(in, &r); err != nil || n != len(in) || r.Target != "/x" {
		t.Fatalf("n=%d err=%v target=%q", n, err, r.Target)
	}
}
