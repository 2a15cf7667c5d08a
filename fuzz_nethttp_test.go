package httparse_test

// The differential fuzz target against net/http; the classes of
// disagreement it accepts are in differences_test.go.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ae7539e0/httparse"
)

// netResult is what net/http makes of an input: http.ReadRequest, then the
// whole body read.
type netResult struct {
	req        *http.Request // nil when ReadRequest failed
	body       []byte
	n          int   // bytes consumed, when err is nil
	err        error // from ReadRequest or from reading the body
	inBody     bool  // err came from reading the body
	incomplete bool  // err means the input ended too early
}

func readNetHTTP(data []byte) netResult {
	// A buffer larger than the input: net/http's limits that depend on the
	// buffer size (trailer look-ahead, line length) are not the subject.
	br := bufio.NewReaderSize(bytes.NewReader(data), len(data)+16)
	req, err := http.ReadRequest(br)
	if err != nil {
		return netResult{err: err, incomplete: errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		eof := errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "http: unexpected EOF reading trailer"
		return netResult{req: req, err: err, inBody: true, incomplete: eof}
	}
	return netResult{req: req, body: body, n: len(data) - br.Buffered()}
}

// framingError reports whether a net/http head error is about how the body
// is delimited.
func framingError(err error) bool {
	s := err.Error()
	for _, w := range []string{"Content-Length", "transfer encoding", "Transfer-Encoding", "chunk"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// FuzzParseVsNetHTTP parses every input with Parse and with net/http
// (http.ReadRequest and reading the body):
//   - both accept: method, target, version, Host, Close, the header fields
//     (as net/http keeps them), content length, body, trailers and the
//     number of bytes consumed agree;
//   - only net/http accepts, or it waits for more while Parse rejects:
//     the case is one of the documented rejectClasses;
//   - only Parse accepts: never when net/http's objection is about framing
//     (Content-Length, Transfer-Encoding, chunked coding) or it wants more
//     body bytes; otherwise one of the documented acceptClasses;
//   - Parse waits for more while net/http decides: one of the documented
//     incompleteClasses;
//   - both reject, but one accepts the head the other rejects: as above,
//     for the head alone.
func FuzzParseVsNetHTTP(f *testing.F) {
	for _, s := range []string{
		"GET /a?b HTTP/1.1\r\nHost: x\r\nPragma: no-cache\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: T\r\n\r\n2\r\nab\r\n0\r\nT: 1\r\n\r\n",
		"PUT http://h:80/p HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, addBytes(f), kindRequest)
	f.Fuzz(func(t *testing.T, data []byte) {
		req, n, err := httparse.Parse(data)
		theirs := readNetHTTP(data)
		c := diffCase{data: data, req: req, theirs: theirs}
		c.ours, _ = err.(*httparse.Error)
		switch {
		case err == nil && theirs.err == nil:
			compareWithNetHTTP(t, req, n, theirs)
		case err == nil:
			if req.Chunked {
				// chunk-size-bws (SPEC.md): without the BWS before a
				// chunk extension's ";", net/http must read the same.
				if norm, removed := c.withoutChunkSizeBWS(); removed > 0 {
					if stripped := readNetHTTP(norm); stripped.err == nil {
						stripped.n += removed
						compareWithNetHTTP(t, req, n, stripped)
						return
					}
				}
			}
			if theirs.incomplete || theirs.inBody || framingError(theirs.err) {
				t.Fatalf("framing: Parse accepts %d bytes, net/http rejects: %v", n, theirs.err)
			}
			c.mustMatch(t, acceptClasses, "Parse accepts, net/http rejects: "+theirs.err.Error())
		case err == httparse.ErrIncomplete:
			if !theirs.incomplete {
				c.mustMatch(t, incompleteClasses, "Parse wants more bytes, net/http: "+errString(theirs.err))
			}
		case theirs.err == nil || theirs.incomplete:
			c.mustMatch(t, rejectClasses, "Parse rejects ("+err.Error()+"), net/http: "+errString(theirs.err))
		default:
			// Both reject. Where they part on the head, the head must be
			// a documented difference all the same.
			var p httparse.Parser
			var head httparse.Request
			_, herr := p.ParseHead(data, &head)
			switch {
			case herr == nil && theirs.req == nil && !framingError(theirs.err):
				c.req = &head
				c.ours = nil
				c.mustMatch(t, acceptClasses, "Parse accepts the head, net/http rejects it ("+theirs.err.Error()+
					"); Parse then rejects: "+err.Error())
			case herr != nil && herr != httparse.ErrIncomplete && theirs.inBody:
				c.mustMatch(t, rejectClasses, "Parse rejects the head ("+herr.Error()+"), net/http accepts it and rejects the body: "+
					theirs.err.Error())
			}
		}
	})
}

// compareWithNetHTTP compares two accepted requests.
func compareWithNetHTTP(t *testing.T, r *httparse.Request, n int, theirs netResult) {
	t.Helper()
	q := theirs.req
	host := r.Host
	if r.Target[0] != '/' && r.Target != "*" {
		// net/url decodes the pct-encoded octets (%80-FF) of a target's
		// host (absolute-form, authority-form); Parse keeps them as sent.
		// In asterisk-form the host is the Host field's, which neither
		// decodes.
		host, _ = url.PathUnescape(host)
	}
	ours := map[string]any{
		"method": r.Method, "target": r.Target, "minor": r.ProtoMinor, "host": host, "close": r.Close,
		"header": netHeader(r), "length": r.ContentLength, "body": r.Body, "trailer": canonical(r.Trailer), "n": n,
	}
	length := q.ContentLength
	if length == 0 && !r.Chunked && r.ContentLength == -1 {
		length = -1 // net/http says 0 for a request without a body
	}
	trailer := http.Header{}
	for k, v := range q.Trailer {
		if v != nil { // keys declared by a Trailer field and never sent are nil
			trailer[k] = v
		}
	}
	got := map[string]any{
		"method": q.Method, "target": q.RequestURI, "minor": q.ProtoMinor, "host": q.Host, "close": q.Close,
		"header": q.Header, "length": length, "body": theirs.body, "trailer": trailer, "n": theirs.n,
	}
	if d := cmp.Diff(ours, got, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("Parse and net/http accept different requests (-Parse +net/http):\n%s", d)
	}
}

// netHeader returns r's header fields as net/http.ReadRequest leaves them:
// canonical keys, Host and Transfer-Encoding moved out, Trailer moved out of
// a chunked request, repeated Content-Length lines (which Parse accepts only
// spelled alike, and keeps as sent) made one, and Cache-Control added for
// "Pragma: no-cache".
func netHeader(r *httparse.Request) http.Header {
	h := canonical(r.Header)
	delete(h, "Host")
	delete(h, "Transfer-Encoding")
	if cl := h["Content-Length"]; len(cl) > 1 {
		h["Content-Length"] = cl[:1]
	}
	if r.Chunked {
		delete(h, "Trailer")
	}
	if p := h["Pragma"]; len(p) > 0 && p[0] == "no-cache" && h["Cache-Control"] == nil {
		h["Cache-Control"] = []string{"no-cache"}
	}
	return h
}
