package httparse_test

// The differential fuzz target against net/http, and the classes of
// disagreement SPEC.md ("Differences from net/http") documents.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
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

// diffCase is one disagreement.
type diffCase struct {
	data   []byte
	req    *httparse.Request // when Parse accepted
	ours   *httparse.Error   // when Parse rejected
	theirs netResult
}

// at returns the byte at offset i, or 0 outside the input.
func (c diffCase) at(i int) byte {
	if i < 0 || i >= len(c.data) {
		return 0
	}
	return c.data[i]
}

// reason reports whether Parse rejected for one of the reasons.
func (c diffCase) reason(reasons ...string) bool {
	if c.ours == nil {
		return false
	}
	for _, r := range reasons {
		if c.ours.Reason == r {
			return true
		}
	}
	return false
}

// unterminated reports whether Parse rejected a byte in a line whose LF has
// not arrived: net/http decides only at the end of a line.
func (c diffCase) unterminated() bool {
	return c.ours != nil && bytes.IndexByte(c.data[c.ours.Offset:], '\n') < 0
}

// line returns the line that holds offset i, without its line end.
func (c diffCase) line(i int) string {
	start := bytes.LastIndexByte(c.data[:i], '\n') + 1
	end := bytes.IndexByte(c.data[i:], '\n')
	if end < 0 {
		end = len(c.data) - i
	}
	return strings.TrimSuffix(string(c.data[start:i+end]), "\r")
}

// difference is one documented class of disagreement. id is the key of its
// row in SPEC.md's "Differences from net/http" table, which gives the reason
// and the RFC section; match recognises it from the evidence in the input,
// not only from Parse's reason.
type difference struct {
	id    string
	match func(c diffCase) bool
}

func (c diffCase) mustMatch(t *testing.T, classes []difference, what string) {
	t.Helper()
	if c.class(classes) == "" {
		t.Fatalf("undocumented difference from net/http: %s\ninput: %q", what, c.data)
	}
}

// class returns the id of the first of classes that matches, or "".
func (c diffCase) class(classes []difference) string {
	for _, d := range classes {
		if d.match(c) {
			return d.id
		}
	}
	return ""
}

// rejectClasses: Parse rejects, net/http accepts or waits for more bytes.
var rejectClasses = []difference{
	{"early-reject", func(c diffCase) bool {
		// A syntax error, rejected before its line ends; or the byte
		// after chunk-data that is not CR, rejected before the second
		// byte net/http reads with it has arrived.
		return c.theirs.incomplete && (c.unterminated() ||
			(c.reason("chunk-data not followed by CRLF") && len(c.data)-c.ours.Offset < 2))
	}},
	{"request-line-split", func(c diffCase) bool {
		// net/http cuts the request-line at its first two spaces, so
		// "CONNECT  HTTP/1.1" has an empty target, which it takes as an
		// empty authority.
		return c.reason("empty request-target") && bytes.HasPrefix(c.data[bytes.LastIndexByte(c.data[:c.ours.Offset], '\n')+1:], []byte("CONNECT  "))
	}},
	{"bare-lf", func(c diffCase) bool {
		o := c.ours.Offset
		return c.at(o) == '\n' && c.at(o-1) != '\r'
	}},
	{"obs-fold", func(c diffCase) bool {
		o := c.ours.Offset
		return c.reason("obsolete line folding") && (c.at(o) == ' ' || c.at(o) == '\t') && c.at(o-1) == '\n'
	}},
	{"space-before-colon", func(c diffCase) bool {
		o := c.ours.Offset
		return c.reason("whitespace between field name and colon") && (c.at(o) == ' ' || c.at(o) == '\t')
	}},
	{"leading-empty-lines", func(c diffCase) bool {
		return c.reason("too many empty lines before request-line") && bytes.HasPrefix(c.data, bytes.Repeat([]byte("\r\n"), 9))
	}},
	{"target-bytes", func(c diffCase) bool {
		b := c.at(c.ours.Offset)
		return c.reason("fragment in request-target", "backslash in request-target", "invalid byte in request-target") &&
			(b == '#' || b == '\\' || b >= 0x80)
	}},
	{"percent-encoding", func(c diffCase) bool {
		// The offset is the byte after "%" (or after "%" HEXDIG) that is
		// not a hex digit.
		o := c.ours.Offset
		return c.reason("malformed percent-encoding") && c.ours.Rule == "RFC 3986 §2.1" && !httparse.SlowHex(c.at(o)) &&
			(c.at(o-1) == '%' || (c.at(o-2) == '%' && httparse.SlowHex(c.at(o-1))))
	}},
	{"path-nul", func(c diffCase) bool {
		return c.reason("NUL in path") && string(c.data[c.ours.Offset:c.ours.Offset+3]) == "%00"
	}},
	{"target-form", func(c diffCase) bool { return c.targetFormEvidence() }},
	{"host-field", func(c diffCase) bool {
		if c.reason("missing Host field in HTTP/1.1 request") {
			// net/http's ReadRequest takes the host of an absolute-form
			// target; RFC 9112 §3.2 asks for the field all the same.
			head, _, _ := bytes.Cut(c.data, []byte("\r\n\r\n"))
			return !bytes.Contains(bytes.ToLower(head), []byte("\nhost:"))
		}
		return c.reason("invalid Host") && c.ours.Rule == "RFC 9110 §7.2" && c.fieldName(c.ours.Offset) == "host"
	}},
	{"host-percent-encoding", func(c diffCase) bool {
		// A pct-encoded octet below %80 in a host: net/url decodes "%25"
		// in an authority, and ReadRequest does not look into the Host
		// field.
		o := c.ours.Offset
		return c.reason("percent-encoded ASCII in host") && c.at(o) == '%' && httparse.SlowHex(c.at(o+1)) && c.at(o+1) < '8' && httparse.SlowHex(c.at(o+2))
	}},
	{"connection-token", func(c diffCase) bool {
		return c.reason("invalid Connection option") && strings.HasPrefix(strings.ToLower(c.line(c.ours.Offset)), "connection:")
	}},
	{"major-version", func(c diffCase) bool { return c.majorVersionEvidence() }},
	{"limits", func(c diffCase) bool { return c.limitEvidence() }},
	{"te-http10", func(c diffCase) bool {
		return c.reason("transfer-encoding in HTTP/1.0 request") && c.theirs.req != nil && c.theirs.req.ProtoMinor == 0
	}},
	{"connect-content", func(c diffCase) bool {
		// net/http frames a body after a CONNECT head like after any other.
		return c.reason("content in CONNECT request") && c.theirs.req != nil && c.theirs.req.Method == "CONNECT"
	}},
	{"cl-and-te", func(c diffCase) bool {
		return c.reason("both content-length and transfer-encoding (request smuggling)") &&
			c.theirs.req != nil && len(c.theirs.req.TransferEncoding) > 0
	}},
	{"chunk-extension", func(c diffCase) bool {
		return (c.reason("invalid chunk extension", "invalid chunk extension name", "invalid chunk extension value") ||
			(c.ours.Rule == "RFC 9112 §7.1" && c.reason("NUL in chunk-size line", "invalid byte in chunk-size line",
				"bare CR in chunk-size line", "invalid chunk-size"))) &&
			c.chunkExtensionEvidence()
	}},
	{"trailer-field", func(c diffCase) bool {
		return c.reason("field not allowed in trailer section") && c.trailerFieldEvidence()
	}},
}

// acceptClasses: Parse accepts, net/http rejects for a reason other than
// framing.
var acceptClasses = []difference{
	{"leading-empty-lines", func(c diffCase) bool {
		return bytes.HasPrefix(c.data, []byte("\r\n")) && strings.Contains(c.theirs.err.Error(), "malformed HTTP request")
	}},
	{"uri-host", func(c diffCase) bool {
		// net/url refuses an IPvFuture literal, which RFC 3986 §3.2.2
		// allows.
		return c.req.Target[0] != '/' && (strings.HasPrefix(c.req.Host, "[v") || strings.HasPrefix(c.req.Host, "[V"))
	}},
}

// incompleteClasses: Parse wants more bytes, net/http decides. One more,
// chunk-size-bws, is added by chunkbws_test.go, since it consults these.
var incompleteClasses = []difference{
	{"leading-empty-lines", func(c diffCase) bool {
		return bytes.HasPrefix(c.data, []byte("\r\n")) && strings.Contains(c.theirs.err.Error(), "malformed HTTP request")
	}},
	{"eof-ends-line", func(c diffCase) bool {
		// net/http's line reader takes the end of input as the end of the
		// last line.
		return !bytes.HasSuffix(c.data, []byte("\n"))
	}},
	{"target-at-head-end", func(c diffCase) bool {
		// net/http judges the target as soon as the request-line ends,
		// Parse once the head is complete: the same request-line with a
		// complete head must be rejected, at a byte of that line.
		var ue *url.Error
		line, _, ok := bytes.Cut(c.data, []byte("\r\n"))
		if !ok || c.theirs.req != nil || !errors.As(c.theirs.err, &ue) {
			return false
		}
		_, _, err := httparse.Parse(slices.Concat(line, []byte("\r\nHost: h\r\n\r\n")))
		e, ok := err.(*httparse.Error)
		return ok && e.Offset < len(line)
	}},
	{"trailer-lookahead", func(c diffCase) bool {
		return c.theirs.inBody && strings.Contains(c.theirs.err.Error(), "suspiciously long trailer")
	}},
}

// TestDifferencesDocumented checks that every class the differential
// target accepts has its row in SPEC.md.
func TestDifferencesDocumented(t *testing.T) {
	spec, err := os.ReadFile("SPEC.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(spec), "<!-- BEGIN differences -->")
	block, _, ok2 := strings.Cut(block, "<!-- END differences -->")
	if !ok || !ok2 {
		t.Fatal("SPEC.md has no differences block")
	}
	for _, classes := range [][]difference{rejectClasses, acceptClasses, incompleteClasses} {
		for _, d := range classes {
			if !strings.Contains(block, "| `"+d.id+"` |") {
				t.Errorf("class %q has no row in SPEC.md's differences table", d.id)
			}
		}
	}
}
