package httparse

import (
	"errors"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// edgeCases sit on a boundary that the main table passes by: a limit met
// exactly, with and without leading empty lines, and a line end at the
// very first byte. They run as TestParse runs its cases.
var edgeCases = []parseCase{
	{rule: "RFC 9112 §2.2", name: "bare LF as the first byte",
		in:  "‸\nGET / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_2, "bare LF")},
	{rule: "RFC 9112 §3", name: "request-line exactly at the limit",
		in:   "GET /01234567890 HTTP/1.1\r\n" + host + "\r\n",
		lim:  Limits{MaxRequestLine: 25},
		want: req("GET", "/01234567890", 1, "Host: example.com")},
	{rule: "RFC 9112 §3", name: "request-line exactly at the limit after empty lines",
		in:   "\r\n\r\nGET /01234567890 HTTP/1.1\r\n" + host + "\r\n",
		lim:  Limits{MaxRequestLine: 25},
		want: req("GET", "/01234567890", 1, "Host: example.com")},
	// A whole, valid request-line is read without first searching for its
	// LF (wholeRequestLine); the lines below are whole but not quite
	// valid, and must get what the general path gives them.
	{rule: "RFC 9112 §3", name: "whole request-line whose version ends one byte past the limit",
		in:  "GET /012345678901 HTTP/1.‸1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 25},
		err: rej(414, rfc9112_3, "request-line too long")},
	{rule: "RFC 9112 §2.2", name: "whole request-line ended by CR and another byte before its LF",
		in:  "GET / HTTP/1.1‸\rX\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §3", name: "request-target over the limit after empty lines",
		in:  "\r\n\r\nGET /01234567890123456789‸xyz HTTP/1.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 25},
		err: rej(414, rfc9112_3, "request-target too long")},
	{rule: "RFC 9112 §3.2.3", name: "CONNECT to a host whose first byte is invalid",
		in:  "CONNECT ‸@a:80 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_323, "invalid authority-form target")},
	{rule: "RFC 9112 §3.2", name: "a target of letters only",
		in:  "GET ab‸ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "invalid request-target")},
	{rule: "RFC 9112 §3.2", name: "a scheme cannot start with a digit",
		in:  "GET ‸1a://b/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "invalid request-target")},
	{rule: "RFC 9110 §4.2", name: "http: with nothing after it",
		in:  "GET http:‸ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_4_2, "http URI without authority")},
	{rule: "RFC 9110 §4.2", name: "http:// with nothing after it",
		in:  "GET http://‸ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_4_2, "http URI with empty host")},
	{rule: "RFC 9112 §3.2.2", name: "absolute-form host invalid at its first byte",
		in:  "GET http://‸\"a/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_322, "invalid host in request-target")},
	{rule: "RFC 9112 §3.2.2", name: "absolute-form host invalid at its second byte",
		in:  "GET http://a‸\"b/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_322, "invalid host in request-target")},
	{rule: "RFC 3986 §7.3", name: "NUL in the path of an absolute-form target",
		in:  "GET http://a/b‸%00 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_7_3, "NUL in path")},
	{rule: "RFC 9112 §2.3", name: "HTTP-name wrong in its fourth byte",
		in:  "GET / HTT‸X/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "major version not a digit",
		in:  "GET / HTTP/‸x.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "comma for the dot",
		in:  "GET / HTTP/1‸,1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "minor version not a digit",
		in:  "GET / HTTP/1.‸x\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	// A request-line over the limit whose target ends inside it: the cut
	// falls in a valid HTTP-version, and the line is too long, 414 at the
	// cut, as when the cut falls in the target.
	{rule: "RFC 9112 §3", name: "request-line cut inside HTTP-name",
		in:  "GET /x HTT‸P/1.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 10},
		err: rej(414, rfc9112_3, "request-line too long")},
	{rule: "RFC 9112 §3", name: "request-line cut after HTTP-name",
		in:  "GET /x HTTP/‸1.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 12},
		err: rej(414, rfc9112_3, "request-line too long")},
	{rule: "RFC 9112 §3", name: "request-line cut after the major version",
		in:  "GET /x HTTP/1‸.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 13},
		err: rej(414, rfc9112_3, "request-line too long")},
	{rule: "RFC 9112 §3", name: "request-line cut after the dot",
		in:  "GET /x HTTP/1.‸1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 14},
		err: rej(414, rfc9112_3, "request-line too long")},
	{rule: "RFC 9112 §2.3", name: "request-line over the limit with a bad HTTP-version byte inside it",
		in:  "GET /x HT‸XP/1.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 10},
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9110 §2.5", name: "major version 0",
		in:  "GET / HTTP/‸0.9\r\n" + host + "\r\n",
		err: rej(505, rfc9110_2_5, "HTTP major version not supported")},
	{rule: "RFC 9110 §7.2", name: "Host invalid at its first byte",
		in:  "GET / HTTP/1.1\r\nHost: ‸@a\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "the largest port",
		in:   "GET / HTTP/1.1\r\nHost: a:65535\r\n\r\n",
		want: req("GET", "/", 1, "Host: a:65535")},
	{rule: "RFC 9110 §7.2", name: "one over the largest port",
		in:  "GET / HTTP/1.1\r\nHost: a:6553‸6\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "an empty IP-literal",
		in:  "GET / HTTP/1.1\r\nHost: [‸]\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "IPvFuture with no dot",
		in:  "GET / HTTP/1.1\r\nHost: [‸v1]\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "IPvFuture with nothing after the dot",
		in:  "GET / HTTP/1.1\r\nHost: [‸v1.]\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "IPvFuture",
		in:   "GET / HTTP/1.1\r\nHost: [v1f.a:b]:80\r\n\r\n",
		want: req("GET", "/", 1, "Host: [v1f.a:b]:80")},
}

func TestParseEdges(t *testing.T) {
	for _, tc := range edgeCases {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			in, off := tc.input()
			p := Parser{Limits: tc.lim}
			var got Request
			n, err := p.Parse([]byte(in), &got)
			if tc.want != nil {
				if err != nil || n != len(in) {
					t.Fatalf("Parse: n=%d, %v", n, err)
				}
				if d := cmp.Diff(tc.want, &got, cmpRequest); d != "" {
					t.Errorf("request (-want +got):\n%s", d)
				}
				checkIncremental(t, in, tc.lim, tc.want)
			} else {
				want := *tc.err
				want.Offset = off
				var perr *Error
				if !errors.As(err, &perr) {
					t.Fatalf("Parse = %d, %v; want %v", n, err, &want)
				}
				if d := cmp.Diff(&want, perr); d != "" {
					t.Errorf("error (-want +got):\n%s", d)
				}
				checkSplitError(t, in, tc.lim, perr)
			}
			checkReference(t, in, tc.lim, n, &got, err)
		})
	}
}

// TestPathAliasesInput: a path without "%" is a substring of the input (no
// copy); a path with one is decoded into the Request's own buffer.
func TestPathAliasesInput(t *testing.T) {
	for _, tc := range []struct {
		in, path string
		aliased  bool
	}{
		{"GET /abc/def?q=%41 HTTP/1.1\r\nHost: a\r\n\r\n", "/abc/def", true},
		{"GET http://a/abc HTTP/1.1\r\nHost: a\r\n\r\n", "/abc", true},
		{"GET /a%62c HTTP/1.1\r\nHost: a\r\n\r\n", "/abc", false},
	} {
		in := []byte(tc.in)
		var r Request
		if _, err := new(Parser).Parse(in, &r); err != nil || r.Path != tc.path {
			t.Fatalf("%q: Path %q, %v", tc.in, r.Path, err)
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(r.Path)))
		start := uintptr(unsafe.Pointer(&in[0]))
		if aliased := p >= start && p < start+uintptr(len(in)); aliased != tc.aliased {
			t.Errorf("%q: Path in the input %v, want %v", tc.in, aliased, tc.aliased)
		}
	}
}

// TestEmptyBodyIsNil: Body is nil when the request has no content, as the
// doc says, whether Content-Length is 0 or the chunked body is empty.
func TestEmptyBodyIsNil(t *testing.T) {
	for _, in := range []string{
		"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
	} {
		// A Request whose buffer holds an earlier chunked body, too.
		var used Request
		if _, err := new(Parser).Parse([]byte("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"), &used); err != nil {
			t.Fatal(err)
		}
		for _, r := range []*Request{new(Request), &used} {
			if _, err := new(Parser).Parse([]byte(in), r); err != nil || r.Body != nil {
				t.Errorf("%q: Body %#v, %v; want nil", in, r.Body, err)
			}
		}
	}
}

// TestCloneAllocations: Clone puts every string in one allocation, beside
// the Request, its Header and Trailer slices and its Body.
func TestCloneAllocations(t *testing.T) {
	in := "POST /a%20b?q=1 HTTP/1.1\r\nHost: example.com\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"3\r\nabc\r\n0\r\nX-T: 2\r\n\r\n"
	var r Request
	if _, err := new(Parser).Parse([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	var c *Request
	allocs := testing.AllocsPerRun(20, func() { c = r.Clone() })
	if allocs != 5 {
		t.Errorf("Clone: %v allocations, want 5 (strings, Request, Header, Trailer, Body)", allocs)
	}
	if d := cmp.Diff(&r, c, cmpRequest); d != "" {
		t.Errorf("Clone (-original +clone):\n%s", d)
	}
}

// TestAppendToEmptyChunked: a chunked request without content is written
// as the last chunk alone, and parses back to itself, every byte used.
func TestAppendToEmptyChunked(t *testing.T) {
	in := "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\n"
	r, _, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out := r.AppendTo(nil)
	if string(out) != in {
		t.Errorf("AppendTo = %q, want %q", out, in)
	}
}
