package httparse_test

// FuzzChunked and the properties it checks of ChunkedDecoder.

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ae7539e0/httparse"
)

// FuzzChunked checks ChunkedDecoder on arbitrary bodies:
//   - no panic; n within the input; the error is nil (and Done), ErrIncomplete
//     or a well-formed *Error (400, 413 or 431) that every later call repeats;
//   - fed in random pieces, with unconsumed bytes passed again, it gives the
//     same body, trailers, consumed length and error as in one piece;
//   - a syntax error is returned for the prefix that decides it
//     (SyntaxErrorEnd);
//   - Parser.Parse on a chunked request with this body agrees with it;
//   - a body it accepts is accepted by net/http/httputil.NewChunkedReader
//     (and its trailer section by net/textproto) with the same content,
//     trailers and length.
func FuzzChunked(f *testing.F) {
	for _, s := range []string{
		"0\r\n\r\n",
		"5\r\nhello\r\n0\r\n\r\n",
		"3;a=b;c=\"d\\\"\"\r\nabc\r\n00\r\nX: y\r\nZ:\r\n\r\n",
		"1\nx\r\n0\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, addBody(f), kindRequest)
	f.Fuzz(func(t *testing.T, data []byte) {
		var d httparse.ChunkedDecoder
		body, n, err := d.Decode(nil, data)
		e := checkErr(t, "Decode", err, len(data))
		if n < 0 || n > len(data) || (err == nil) != d.Done() {
			t.Fatalf("Decode: n=%d of %d, err %v, Done %v", n, len(data), err, d.Done())
		}
		if e != nil {
			if e.Status != 400 && e.Status != 413 && e.Status != 431 {
				t.Fatalf("chunked body error with status %d: %v", e.Status, e)
			}
			if _, n2, err2 := d.Decode(nil, data[n:]); n2 != 0 || !sameError(err2, e) {
				t.Fatalf("after %v, Decode returned n=%d, %v", e, n2, err2)
			}
			if k := httparse.SyntaxErrorEnd(e, data); k >= 0 {
				var d2 httparse.ChunkedDecoder
				if _, _, err2 := d2.Decode(nil, data[:k]); !sameError(err2, e) {
					t.Fatalf("the first %d bytes give %v; the whole body gives the syntax error %v", k, err2, e)
				}
			}
		}
		whole := chunkedResult{body, d.Trailer, n, err}
		if err == httparse.ErrIncomplete {
			// What was consumed is final: only a partial line is left over.
			whole.N = -1
		}

		r0 := rng(data)
		for range 3 {
			cuts := randomCuts(r0, len(data))
			if diff := cmp.Diff(whole, decodePieces(data, cuts), chunkedOpts); diff != "" {
				t.Fatalf("fed in pieces cut at %v (-whole +pieces):\n%s", cuts, diff)
			}
		}
		checkChunkedParser(t, data, whole)
		if err == nil {
			checkChunkedNetHTTP(t, data, whole)
		}

		// The largest limits: sizes near the top of int64 must neither
		// wrap nor change what a body within the default limits decodes to.
		big := httparse.ChunkedDecoder{Limits: httparse.Limits{MaxBodyBytes: 1<<63 - 1, MaxHeaderBytes: 1 << 30, MaxHeaders: 1 << 30}}
		body2, n2, err2 := big.Decode(nil, data)
		checkErr(t, "Decode with the largest limits", err2, len(data))
		if err == nil && (err2 != nil || n2 != n || !bytes.Equal(body2, body)) {
			t.Fatalf("with the largest limits: n=%d, %v; with the defaults n=%d", n2, err2, n)
		}
	})
}

// chunkedResult is what decoding one body gives.
type chunkedResult struct {
	Body    []byte
	Trailer httparse.Header
	N       int
	Err     error
}

var chunkedOpts = cmp.Options{cmpopts.EquateEmpty(), cmp.Comparer(sameError)}

// decodePieces decodes data given in pieces cut at cuts, passing again the
// bytes a call left unconsumed, as a streaming server does.
func decodePieces(data []byte, cuts []int) chunkedResult {
	var d httparse.ChunkedDecoder
	var body, pending []byte
	consumed, prev := 0, 0
	var err error
	for _, c := range append(cuts, len(data)) {
		pending = append(pending, data[prev:c]...)
		prev = c
		var n int
		body, n, err = d.Decode(body, pending)
		consumed += n
		pending = append([]byte(nil), pending[n:]...) // a new buffer, like a new read
		if err != httparse.ErrIncomplete {
			break
		}
	}
	if err == httparse.ErrIncomplete {
		consumed = -1
	}
	return chunkedResult{body, d.Trailer, consumed, err}
}

// checkChunkedParser parses data as the body of a request and compares.
func checkChunkedParser(t *testing.T, data []byte, whole chunkedResult) {
	t.Helper()
	var p httparse.Parser
	var r httparse.Request
	in := append([]byte(chunkedHead), data...)
	n, err := p.Parse(in, &r)
	// The decoder hands out what it decoded before an error or the end of
	// its input (its Trailer is promised only once Done); Parse hands out
	// nothing then.
	got := chunkedResult{Body: whole.Body, Trailer: whole.Trailer, Err: err, N: -1}
	switch e := err.(type) {
	case nil:
		got = chunkedResult{r.Body, r.Trailer, n - len(chunkedHead), nil}
	case *httparse.Error:
		shifted := *e
		shifted.Offset -= len(chunkedHead)
		got.Err, got.N = &shifted, whole.N
	}
	if diff := cmp.Diff(whole, got, chunkedOpts); diff != "" {
		t.Fatalf("ChunkedDecoder and Parser disagree (-decoder +parser):\n%s", diff)
	}
}

// checkChunkedNetHTTP decodes an accepted body with net/http's reader.
func checkChunkedNetHTTP(t *testing.T, data []byte, whole chunkedResult) {
	t.Helper()
	// chunk-size-bws (SPEC.md): net/http refuses BWS before a chunk
	// extension's ";"; without it, it must read the same body.
	data, removed := stripChunkSizeBWS(data)
	whole.N -= removed
	br := bufio.NewReaderSize(bytes.NewReader(data), len(data)+16)
	body, err := io.ReadAll(httputil.NewChunkedReader(br))
	if err != nil {
		t.Fatalf("httputil.NewChunkedReader rejects a body ChunkedDecoder accepts: %v", err)
	}
	if !bytes.Equal(body, whole.Body) {
		t.Fatalf("body: ChunkedDecoder %q, httputil %q", whole.Body, body)
	}
	trailer, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		t.Fatalf("net/textproto rejects a trailer section ChunkedDecoder accepts: %v", err)
	}
	if diff := cmp.Diff(canonical(whole.Trailer), http.Header(trailer), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("trailers (-ChunkedDecoder +textproto):\n%s", diff)
	}
	if used := len(data) - br.Buffered(); used != whole.N {
		t.Fatalf("body length: ChunkedDecoder %d bytes, net/http %d", whole.N, used)
	}
}
