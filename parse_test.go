package httparse

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// parseCase is one table case. rule is the SPEC.md section it covers; the
// subtest is named "<rule>: <name>", so `go test -run 'TestParse/RFC_9112_§5.1'`
// runs every case of that rule.
type parseCase struct {
	rule string
	name string
	in   string // "‸" marks the offending byte of a rejected input and is removed
	lim  Limits
	want *Request // accepted
	n    int      // bytes consumed when not the whole input
	err  *Error   // rejected; Offset is taken from the "‸" mark
}

// mark is the caret that marks an error offset in a case's input.
const mark = "‸"

// input returns the case's bytes and the offset of the mark, or -1.
func (c parseCase) input() (string, int) {
	off := strings.Index(c.in, mark)
	return strings.Replace(c.in, mark, "", 1), off
}

// req builds an expected request: the target split at "?" without decoding,
// Host from the Host field, and fields given as "Name: Value" lines.
func req(method, target string, minor int, fields ...string) *Request {
	r := &Request{Method: method, Target: target, ProtoMajor: 1, ProtoMinor: minor, ContentLength: -1}
	r.Path, r.RawQuery, _ = strings.Cut(target, "?")
	r.RawPath = r.Path
	for _, f := range fields {
		name, value, _ := strings.Cut(f, ":")
		r.Header = append(r.Header, Field{name, strings.TrimSpace(value)})
	}
	r.Host = r.Header.Get("Host")
	r.Close = minor == 0
	return r
}

// with applies edits to an expected request.
func with(r *Request, edit func(r *Request)) *Request { edit(r); return r }

func rej(status int, rule, reason string) *Error {
	return &Error{Status: status, Rule: rule, Reason: reason}
}

const host = "Host: example.com\r\n"

// parseCases is the TestParse table, a slice for each part of the message
// in the order they come.
var parseCases = slices.Concat(parseRequestLineCases, parseTargetCases, parseFieldCases, parseBodyCases)

var cmpRequest = cmp.Options{
	cmp.AllowUnexported(Request{}),
	cmpopts.IgnoreFields(Request{}, "pathBuf", "bodyBuf"),
	cmpopts.EquateEmpty(),
}

func TestParse(t *testing.T) {
	for _, tc := range append(parseCases, realWorldCases...) {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			in, off := tc.input()
			var p Parser
			p.Limits = tc.lim
			var got Request
			n, err := p.Parse([]byte(in), &got)
			if tc.want != nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				wantN := tc.n
				if wantN == 0 {
					wantN = len(in)
				}
				if n != wantN {
					t.Errorf("n = %d, want %d", n, wantN)
				}
				if diff := cmp.Diff(tc.want, &got, cmpRequest); diff != "" {
					t.Errorf("request mismatch (-want +got):\n%s", diff)
				}
				checkIncremental(t, in[:n], tc.lim, tc.want)
			} else {
				want := *tc.err
				want.Offset = off
				var perr *Error
				if !errors.As(err, &perr) {
					t.Fatalf("Parse = %d, %v; want *Error %v", n, err, &want)
				}
				if diff := cmp.Diff(&want, perr); diff != "" {
					t.Errorf("error mismatch (-want +got):\n%s", diff)
				}
				if n != 0 {
					t.Errorf("n = %d on error, want 0", n)
				}
				checkSplitError(t, in, tc.lim, perr)
				checkEarly(t, in, tc.lim, perr)
			}
			checkReference(t, in, tc.lim, n, &got, err)
		})
	}
}

// checkReference diffs the parser's verdict on a complete input against
// slowParse's.
func checkReference(t *testing.T, in string, lim Limits, n int, got *Request, err error) {
	t.Helper()
	ref, refN, status := slowParse(in, lim)
	var perr *Error
	switch {
	case err == nil && status == 0:
		if refN != n {
			t.Errorf("reference consumed %d bytes, parser %d", refN, n)
		}
		if diff := cmp.Diff(ref, got, cmpRequest); diff != "" {
			t.Errorf("reference mismatch (-reference +parser):\n%s", diff)
		}
	case errors.As(err, &perr) && perr.Status == status:
	case status == -1 && perr != nil && SyntaxErrorEnd(perr, []byte(in)) >= 0:
		// A syntax error in an input that is no whole request: the
		// reference judges whole requests only.
	default:
		t.Errorf("reference says status %d, parser says %v", status, err)
	}
}

func TestParseHead(t *testing.T) {
	in := []byte("POST /todos HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-Continue\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
	var p Parser
	var r Request
	n, err := p.ParseHead(in, &r)
	if err != nil {
		t.Fatal(err)
	}
	if head := bytes.Index(in, []byte("\r\n\r\n")) + 4; n != head {
		t.Errorf("n = %d, want %d", n, head)
	}
	if !r.Chunked || r.ContentLength != -1 || r.Body != nil || !r.ExpectsContinue() {
		t.Errorf("Chunked=%v ContentLength=%d Body=%q ExpectsContinue=%v", r.Chunked, r.ContentLength, r.Body, r.ExpectsContinue())
	}
	var d ChunkedDecoder
	body, m, err := d.Decode(nil, in[n:])
	if err != nil || n+m != len(in) || string(body) != "hello" {
		t.Errorf("Decode = %q, %d, %v", body, m, err)
	}

	// ParseHead reports an oversized body before any of it is read.
	p.Limits.MaxBodyBytes = 4
	_, err = p.ParseHead([]byte("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"), &r)
	var perr *Error
	if !errors.As(err, &perr) || perr.Status != 413 {
		t.Errorf("err = %v, want 413", err)
	}
}
