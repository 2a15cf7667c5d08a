package httparse_test

// FuzzHeaders: field lines against the reference grammar, in a header
// and in a trailer section.

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ae7539e0/httparse"
)

// FuzzHeaders checks the field-line grammar against a slow reference
// written from RFC 9112 §5 and RFC 9110 §5.5 (SlowFieldLine). Each LF-separated
// line of data becomes one field line, first in a header section and then
// in a trailer section:
//   - when every line matches the grammar, the request is accepted and
//     its fields are the reference's, in order; except that lines naming
//     a field with request-level rules (Host, Connection, Content-Length,
//     Transfer-Encoding) may have it rejected, at one of those lines, or
//     wait for a body (see requestRules);
//   - when a line does not match, the request is rejected with a 400 whose
//     offset lies in the first such line;
//   - in a trailer section, the same holds, except that a grammatical line
//     may also be refused as a field not allowed in trailers.
func FuzzHeaders(f *testing.F) {
	for _, s := range []string{
		"Accept: */*\nX-Empty:\nX-Tab:\tv\t",
		"Name : v", " folded", "A: b\r", "A: \x80\xff", "A: b\x00c", "A:b\nC:d\n D",
		"X: 1\nhost: x", "Content-Length: 0\nA: b\ncontent-length: 0", "Content-Length: 0\nContent-Length: 00",
		"Content-Length: 5", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip",
		"Connection: close, ,keep-alive\nConnection: Upgrade", "Connection: a b", "Connection: x\nConnection: \"y\"",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, addFieldLines(f), kindRequest, kindMultipart, kindMIME)
	f.Fuzz(func(t *testing.T, data []byte) {
		var lines [][]byte
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > 0 {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 || len(lines) > 90 || len(data) > 60<<10 {
			return // the field count and size limits are FuzzParse's business
		}
		var want httparse.Header
		bad := -1 // the first line that does not match
		for i, l := range lines {
			name, value, ok := httparse.SlowFieldLine(string(l))
			if !ok && bad < 0 {
				bad = i
			}
			want = append(want, httparse.Field{Name: name, Value: value})
		}
		section := bytes.Join(lines, []byte("\r\n"))

		// As a header section.
		head := "GET / HTTP/1.1\r\n"
		in := slices.Concat([]byte(head), section, []byte("\r\nHost: h\r\n\r\n"))
		rules := newRequestRules(want, in)
		req, _, err := httparse.Parse(in)
		checkErr(t, "Parse", err, len(in))
		checkFieldLines(t, "header", lines, len(head), bad, rules, req, err, func(r *httparse.Request) httparse.Header {
			return r.Header[:len(r.Header)-1]
		}, want)

		// As a trailer section.
		in = slices.Concat([]byte(chunkedHead+"0\r\n"), section, []byte("\r\n\r\n"))
		req, _, err = httparse.Parse(in)
		checkErr(t, "Parse", err, len(in))
		if e, ok := err.(*httparse.Error); ok && e.Reason == "field not allowed in trailer section" {
			// A refusal of a grammatical line before any bad one
			// (RFC 9110 §6.5.1); which names are refused is TestParse's.
			if line := lineAt(lines, len(chunkedHead)+3, e.Offset); line < 0 || (bad >= 0 && line > bad) {
				t.Fatalf("trailer refused at offset %d, line %d; first bad line %d", e.Offset, line, bad)
			}
			return
		}
		checkFieldLines(t, "trailer", lines, len(chunkedHead)+3, bad, nil, req, err, func(r *httparse.Request) httparse.Header {
			return r.Trailer
		}, want)
	})
}

// requestRules says what the lines of a header section that name fields
// with request-level rules allow. The section is followed by one more
// line, "Host: h", and the request-line is "GET / HTTP/1.1".
type requestRules struct {
	special []bool // line i names Host, Connection, Content-Length or Transfer-Encoding
	any     bool   // some line does
	body    bool   // the reference waits for a body
	accept  bool   // the reference accepts the request
	close   bool   // the reference's Close: the connection closes after this request (RFC 9112 §9.3)
}

// newRequestRules takes the verdict of the reference parser (SlowParse) on
// in, the whole request, for the lines whose fields are those of fields.
func newRequestRules(fields httparse.Header, in []byte) *requestRules {
	r := &requestRules{special: make([]bool, len(fields))}
	for i, f := range fields {
		for _, name := range []string{"host", "transfer-encoding", "content-length", "connection"} {
			if httparse.SlowEqualFold(f.Name, name) {
				r.special[i], r.any = true, true
			}
		}
	}
	req, _, status := httparse.SlowParse(string(in), httparse.Limits{})
	r.accept, r.body = status == 0, status == -1
	if req != nil {
		r.close = req.Close
	}
	return r
}

// checkFieldLines checks the outcome of parsing lines (starting at offset
// start, each followed by CRLF) against the reference. rules is nil for a
// trailer section.
func checkFieldLines(t *testing.T, where string, lines [][]byte, start, bad int, rules *requestRules,
	req *httparse.Request, err error, fields func(*httparse.Request) httparse.Header, want httparse.Header) {
	t.Helper()
	if bad >= 0 {
		for _, l := range lines[:bad] {
			start += len(l) + 2
		}
		e, ok := err.(*httparse.Error)
		if !ok || e.Status != 400 || e.Offset < start || e.Offset > start+len(lines[bad])+1 {
			t.Fatalf("%s line %q does not match field-line, got %v (line at offset %d)", where, lines[bad], err, start)
		}
		return
	}
	if rules != nil && rules.any {
		switch e := err.(type) {
		case nil:
			if !rules.accept {
				t.Fatalf("%s lines %q accepted, want rejected or waiting for a body", where, lines)
			}
			if req.Close != rules.close {
				t.Fatalf("%s lines %q: Close %v, want %v", where, lines, req.Close, rules.close)
			}
		case *httparse.Error:
			// The error is at a line with request-level rules, or at the
			// Host line after the section.
			line := lineAt(lines, start, e.Offset)
			end := start
			for _, l := range lines {
				end += len(l) + 2
			}
			if rules.accept || rules.body || (line >= 0 && !rules.special[line]) || (line < 0 && e.Offset < end) {
				t.Fatalf("%s lines %q: %v at line %d; the reference accepts: %v, waits for a body: %v",
					where, lines, err, line, rules.accept, rules.body)
			}
			return
		default:
			if !rules.body || rules.accept {
				t.Fatalf("%s lines %q: %v, but no body is due", where, lines, err)
			}
			return
		}
	}
	if err != nil {
		t.Fatalf("%s lines %q all match field-line, got %v", where, lines, err)
	}
	if diff := cmp.Diff(want, fields(req)); diff != "" {
		t.Fatalf("%s fields (-reference +parsed):\n%s", where, diff)
	}
}

// lineAt returns the index of the line (each followed by CRLF, the first at
// offset start) that holds offset off, or -1.
func lineAt(lines [][]byte, start, off int) int {
	for i, l := range lines {
		if off >= start && off < start+len(l)+2 {
			return i
		}
		start += len(l) + 2
	}
	return -1
}
