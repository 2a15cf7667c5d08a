package httparse

import (
	"bytes"
	"errors"
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

var parseCases = []parseCase{
	// RFC 9112 §2.1: request-line, field lines, empty line, body.
	{rule: "RFC 9112 §2.1", name: "minimal request",
		in:   "GET / HTTP/1.1\r\n" + host + "\r\n",
		want: req("GET", "/", 1, "Host: example.com")},
	{rule: "RFC 9112 §2.1", name: "not http at all",
		in:  "hello‸\r\n\r\n",
		err: rej(400, rfc9112_3, "request-line has no request-target")},

	// RFC 9112 §2.2: line endings and leading empty lines.
	{rule: "RFC 9112 §2.2", name: "leading empty lines are skipped",
		in:   "\r\n\r\nGET / HTTP/1.1\r\n" + host + "\r\n",
		want: req("GET", "/", 1, "Host: example.com")},
	{rule: "RFC 9112 §2.2", name: "too many leading empty lines",
		in:  strings.Repeat("\r\n", 8) + "‸\r\nGET / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_2, "too many empty lines before request-line")},
	{rule: "RFC 9112 §2.2", name: "bare LF ends the request-line",
		in:  "GET / HTTP/1.1‸\n" + host + "\r\n",
		err: rej(400, rfc9112_2_2, "bare LF")},
	{rule: "RFC 9112 §2.2", name: "bare LF ends a field line",
		in:  "GET / HTTP/1.1\r\nHost: example.com‸\n\r\n",
		err: rej(400, rfc9112_2_2, "bare LF in field value")},
	{rule: "RFC 9112 §2.2", name: "bare LF ends the header section",
		in:  "GET / HTTP/1.1\r\n" + host + "‸\n",
		err: rej(400, rfc9112_2_2, "bare LF")},
	{rule: "RFC 9112 §2.2", name: "bare CR in a field value",
		in:  "GET / HTTP/1.1\r\nHost: example.com\r\nX: a‸\rb\r\n\r\n",
		err: rej(400, rfc9112_2_2, "bare CR in field value")},
	{rule: "RFC 9112 §2.2", name: "bare CR before the request-line",
		in:  "‸\rGET / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_2, "bare CR")},
	{rule: "RFC 9112 §2.2", name: "header section ended by CRLF CR x",
		in:  "GET / HTTP/1.1\r\n" + host + "‸\rX\r\n\r\n",
		err: rej(400, rfc9112_2_2, "bare CR in field name")},
	{rule: "RFC 9112 §2.2", name: "whitespace before the first field line",
		in:  "GET / HTTP/1.1\r\n‸ Host: example.com\r\n\r\n",
		err: rej(400, rfc9112_2_2, "whitespace before first field line")},

	// RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT.
	{rule: "RFC 9112 §2.3", name: "HTTP/1.0 without Host",
		in:   "GET / HTTP/1.0\r\n\r\n",
		want: req("GET", "/", 0)},
	{rule: "RFC 9112 §2.3", name: "lower-case name",
		in:  "GET / ‸http/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "two-digit minor",
		in:  "GET / HTTP/1.1‸0\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "no minor",
		in:  "GET / HTTP/1‸\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "trailing space",
		in:  "GET / HTTP/1.1‸ \r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "HTTP/0.9 request-line without version",
		in:  "GET /‸\r\n\r\n",
		err: rej(400, rfc9112_3, "request-line has no HTTP-version")},

	// RFC 9110 §2.5: the major version selects the syntax; 1.x minors are 1.1.
	{rule: "RFC 9110 §2.5", name: "HTTP/1.2 is handled as HTTP/1.1",
		in:   "GET / HTTP/1.2\r\n" + host + "\r\n",
		want: with(req("GET", "/", 2, "Host: example.com"), func(r *Request) { r.Close = false })},
	{rule: "RFC 9110 §2.5", name: "HTTP/2 preface",
		in:  "PRI * HTTP/‸2.0\r\n\r\nSM\r\n\r\n",
		err: rej(505, rfc9110_2_5, "HTTP major version not supported")},
	{rule: "RFC 9110 §2.5", name: "HTTP/3.0",
		in:  "GET / HTTP/‸3.0\r\n" + host + "\r\n",
		err: rej(505, rfc9110_2_5, "HTTP major version not supported")},
	{rule: "RFC 9110 §2.5", name: "major version judged at its digit",
		in:  "GET / HTTP/‸2",
		err: rej(505, rfc9110_2_5, "HTTP major version not supported")},
	{rule: "RFC 9110 §2.5", name: "major version before a malformed rest",
		in:  "GET / HTTP/‸0x9\r\n" + host + "\r\n",
		err: rej(505, rfc9110_2_5, "HTTP major version not supported")},

	// RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
	{rule: "RFC 9112 §3", name: "extension method",
		in:   "PROPFIND /a HTTP/1.1\r\n" + host + "\r\n",
		want: req("PROPFIND", "/a", 1, "Host: example.com")},
	{rule: "RFC 9112 §3", name: "two spaces after method",
		in:  "GET ‸ / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3, "empty request-target")},
	{rule: "RFC 9112 §3", name: "tab separator",
		in:  "GET‸\t/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3, "invalid byte in method")},
	{rule: "RFC 9112 §3", name: "leading space",
		in:  "‸ GET / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3, "empty method")},
	{rule: "RFC 9112 §3", name: "non-token method",
		in:  "GE‸(T / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3, "invalid byte in method")},
	{rule: "RFC 9112 §3", name: "method too long",
		in:  strings.Repeat("M", 32) + "‸M / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(501, rfc9112_3, "method too long")},
	{rule: "RFC 9112 §3", name: "request-line within a small limit",
		in:   "GET /0123456789 HTTP/1.1\r\n" + host + "\r\n",
		lim:  Limits{MaxRequestLine: 25},
		want: req("GET", "/0123456789", 1, "Host: example.com")},
	{rule: "RFC 9112 §3", name: "version part over the limit is no 414",
		in:  "GET /0123 HTTP/1.1‸xxxxxxxxxxxxxxxxxxxxxxxx\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 25},
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §3", name: "request-target over the limit",
		in:  "GET /01234567890123456789‸xyz HTTP/1.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 25},
		err: rej(414, rfc9112_3, "request-target too long")},
	{rule: "RFC 9112 §3", name: "bad byte inside an over-long request-line",
		in:  "GET /a‸#bcdefghijklmnopqrstuvwxyz HTTP/1.1\r\n" + host + "\r\n",
		lim: Limits{MaxRequestLine: 25},
		err: rej(400, rfc9112_3_2, "fragment in request-target")},
	// A byte that no request-line may hold is rejected when it arrives:
	// the whole input need not come (checkEarly feeds the shortest prefix).
	{rule: "RFC 9112 §3", name: "byte-order mark before the method",
		in:  "‸\xef\xbb\xbfGET / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3, "invalid byte in method")},
	{rule: "RFC 9112 §3", name: "a byte that cannot start a request-line, alone",
		in:  "‸\xef",
		err: rej(400, rfc9112_3, "invalid byte in method")},
	{rule: "RFC 9112 §3", name: "TLS handshake on a plain-text port",
		in:  "‸\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
		err: rej(400, rfc9112_3, "invalid byte in method")},
	{rule: "RFC 9112 §3", name: "second space in an unfinished request-line",
		in:  "GET /a ‸ HTTP/1.1",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},

	// RFC 9112 §3.2: request-target bytes.
	{rule: "RFC 9112 §3.2", name: "browser VCHARs in path and query",
		in:   "GET /a[1]/{x}|y^`?ids[]=1&f=a|b&q=\"<>\" HTTP/1.1\r\n" + host + "\r\n",
		want: req("GET", "/a[1]/{x}|y^`?ids[]=1&f=a|b&q=\"<>\"", 1, "Host: example.com")},
	{rule: "RFC 9112 §3.2", name: "fragment",
		in:  "GET /a‸#b HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "fragment in request-target")},
	{rule: "RFC 9112 §3.2", name: "backslash",
		in:  "GET /a‸\\..\\b HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "backslash in request-target")},
	{rule: "RFC 9112 §3.2", name: "raw non-ASCII",
		in:  "GET /caf‸\xc3\xa9 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "invalid byte in request-target")},
	{rule: "RFC 9112 §3.2", name: "NUL in target",
		in:  "GET /a‸\x00 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "NUL in request-target")},
	{rule: "RFC 9112 §3.2", name: "target that is no form",
		in:  "GET a‸/b HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "invalid request-target")},
	{rule: "RFC 9112 §3.2", name: "double slash stays a path",
		in:   "GET //x/y HTTP/1.1\r\n" + host + "\r\n",
		want: req("GET", "//x/y", 1, "Host: example.com")},

	// RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG.
	{rule: "RFC 3986 §2.1", name: "percent-decoded path, query kept raw",
		in: "GET /a%20b/%2f%7E?q=%41+b HTTP/1.1\r\n" + host + "\r\n",
		want: with(req("GET", "/a%20b/%2f%7E?q=%41+b", 1, "Host: example.com"), func(r *Request) {
			r.Path = "/a b//~"
		})},
	{rule: "RFC 3986 §2.1", name: "lone percent",
		in:  "GET /100%‸ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_2_1, "malformed percent-encoding")},
	{rule: "RFC 3986 §2.1", name: "one hex digit",
		in:  "GET /%2‸G HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_2_1, "malformed percent-encoding")},
	{rule: "RFC 3986 §2.1", name: "bad escape in query",
		in:  "GET /?a=%‸zz HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_2_1, "malformed percent-encoding")},

	// RFC 3986 §7.3: a decoded NUL in the path.
	{rule: "RFC 3986 §7.3", name: "encoded NUL in query is data",
		in:   "GET /a?x=%00 HTTP/1.1\r\n" + host + "\r\n",
		want: req("GET", "/a?x=%00", 1, "Host: example.com")},
	{rule: "RFC 3986 §7.3", name: "encoded NUL in Host",
		in:  "GET / HTTP/1.1\r\nHost: a‸%00.example\r\n\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 3986 §7.3", name: "encoded NUL in path",
		in:  "GET /a‸%00b HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_7_3, "NUL in path")},

	// RFC 9112 §3.2.2: absolute-form.
	{rule: "RFC 9112 §3.2.2", name: "proxy request",
		in: "GET http://Example.COM:8080/p%41th?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nProxy-Connection: keep-alive\r\n\r\n",
		want: with(req("GET", "http://Example.COM:8080/p%41th?x=1", 1, "Host: example.com:8080", "Proxy-Connection: keep-alive"), func(r *Request) {
			r.Host, r.Path, r.RawPath, r.RawQuery = "Example.COM:8080", "/pAth", "/p%41th", "x=1"
		})},
	{rule: "RFC 9112 §3.2.2", name: "empty path is /",
		in: "GET HTTPS://example.com?x HTTP/1.1\r\n" + host + "\r\n",
		want: with(req("GET", "HTTPS://example.com?x", 1, "Host: example.com"), func(r *Request) {
			r.Path, r.RawPath, r.RawQuery = "/", "/", "x"
		})},
	{rule: "RFC 9112 §3.2.2", name: "other scheme",
		in:  "GET ‸ftp://example.com/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_322, "absolute-form target must use http or https")},
	{rule: "RFC 9112 §3.2.2", name: "authority-form outside CONNECT",
		in:  "GET ‸example.com:443 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_322, "absolute-form target must use http or https")},

	// RFC 9110 §4.2: http URIs need a host; userinfo is an error.
	{rule: "RFC 9110 §4.2", name: "IPv6 literal host",
		in: "GET http://[2001:db8::1]:80/ HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n",
		want: with(req("GET", "http://[2001:db8::1]:80/", 1, "Host: [2001:db8::1]:80"), func(r *Request) {
			r.Path, r.RawPath = "/", "/"
		})},
	{rule: "RFC 9110 §4.2", name: "empty host",
		in:  "GET http://‸/x HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_4_2, "http URI with empty host")},
	{rule: "RFC 9110 §4.2", name: "port without host",
		in:  "GET http://‸:80/x HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_4_2, "http URI with empty host")},
	{rule: "RFC 9110 §4.2", name: "no authority",
		in:  "GET http:‸/x HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_4_2, "http URI without authority")},
	{rule: "RFC 9110 §4.2", name: "non-numeric port in the target's authority",
		in:  "GET http://example.com:8‸x/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc3986_322, "invalid host in request-target")},
	{rule: "RFC 9110 §4.2.4", name: "userinfo",
		in:  "GET http://user‸@example.com/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_424, "userinfo in http URI")},
	{rule: "RFC 9110 §4.2.4", name: "at-sign in the path is data",
		in: "GET http://example.com/@user HTTP/1.1\r\n" + host + "\r\n",
		want: with(req("GET", "http://example.com/@user", 1, "Host: example.com"), func(r *Request) {
			r.Path, r.RawPath = "/@user", "/@user"
		})},

	// RFC 9112 §3.2.3 and RFC 9110 §9.3.6: authority-form, CONNECT only.
	{rule: "RFC 9112 §3.2.3", name: "CONNECT host:443",
		in: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
		want: with(req("CONNECT", "example.com:443", 1, "Host: example.com:443"), func(r *Request) {
			r.Path, r.RawPath, r.RawQuery = "", "", ""
		})},
	{rule: "RFC 9112 §3.2.3", name: "CONNECT without port",
		in:  "CONNECT example.com‸ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_323, "invalid authority-form target")},
	{rule: "RFC 9112 §3.2.3", name: "CONNECT with empty port",
		in:  "CONNECT example.com:‸ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_323, "invalid authority-form target")},
	{rule: "RFC 9112 §3.2.3", name: "CONNECT without host",
		in:  "CONNECT ‸:443 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_323, "invalid authority-form target")},
	{rule: "RFC 9112 §3.2.3", name: "CONNECT with port out of range",
		in:  "CONNECT example.com:6553‸6 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_323, "invalid authority-form target")},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT to an IPv6 literal",
		in: "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n",
		want: with(req("CONNECT", "[::1]:8443", 1, "Host: [::1]:8443"), func(r *Request) {
			r.Path, r.RawPath, r.RawQuery = "", "", ""
		})},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with origin-form",
		in:  "CONNECT ‸/x HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9110_933, "CONNECT requires authority-form")},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with Content-Length 0",
		in: "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nContent-Length: 00\r\n\r\n",
		want: with(req("CONNECT", "h.example:443", 1, "Host: h.example:443", "Content-Length: 00"), func(r *Request) {
			r.Path, r.RawPath, r.RawQuery, r.ContentLength = "", "", "", 0
		})},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with Content-Length",
		in:  "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nContent-Length: ‸10\r\n\r\n0123456789",
		err: rej(400, rfc9110_933, "content in CONNECT request")},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with Content-Length after a 0",
		in:  "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nContent-Length: 0\r\nContent-Length: ‸1\r\n\r\nx",
		err: rej(400, rfc9110_933, "content in CONNECT request")},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with Transfer-Encoding",
		in:  "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nTransfer-Encoding: ‸chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9110_933, "content in CONNECT request")},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with an unimplemented Transfer-Encoding",
		in:  "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nTransfer-Encoding: ‸gzip, chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9110_933, "content in CONNECT request")},
	{rule: "RFC 9110 §9.3.6", name: "CONNECT with an invalid Content-Length",
		in:  "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nContent-Length: ‸+5\r\n\r\nhello",
		err: rej(400, rfc9110_8_6, "invalid content-length")},

	// RFC 9112 §3.2.4: asterisk-form, OPTIONS only.
	{rule: "RFC 9112 §3.2.4", name: "OPTIONS *",
		in:   "OPTIONS * HTTP/1.1\r\n" + host + "\r\n",
		want: req("OPTIONS", "*", 1, "Host: example.com")},
	{rule: "RFC 9112 §3.2.4", name: "GET *",
		in:  "GET ‸* HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_324, "asterisk-form is only for OPTIONS")},

	// RFC 9112 §3.2: Host, exactly one, required in HTTP/1.1.
	{rule: "RFC 9112 §3.2", name: "missing Host in HTTP/1.1",
		in:  "GET / HTTP/1.1\r\nAccept: */*\r\n‸\r\n",
		err: rej(400, rfc9112_3_2, "missing Host field in HTTP/1.1 request")},
	{rule: "RFC 9112 §3.2", name: "two Host lines with the same value",
		in:  "GET / HTTP/1.1\r\n" + host + "‸Host: example.com\r\n\r\n",
		err: rej(400, rfc9112_3_2, "more than one Host field")},
	// RFC 9112 §3.2, RFC 3986 §3.2.2: pct-encoded octets in a host only for
	// the UTF-8 of a non-ASCII name.
	{rule: "RFC 9112 §3.2", name: "percent-encoded UTF-8 in the target's host",
		in: "GET http://caf%C3%A9.example/ HTTP/1.1\r\nHost: caf%c3%a9.example\r\n\r\n",
		want: with(req("GET", "http://caf%C3%A9.example/", 1, "Host: caf%c3%a9.example"), func(r *Request) {
			r.Host, r.Path, r.RawPath = "caf%C3%A9.example", "/", "/"
		})},
	{rule: "RFC 9112 §3.2", name: "percent-encoded UTF-8 in Host",
		in:   "GET / HTTP/1.1\r\nHost: %E2%82%AC.example:8080\r\n\r\n",
		want: req("GET", "/", 1, "Host: %E2%82%AC.example:8080")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded slash in the target's host",
		in:  "GET http://a‸%2Fb/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded space in the target's host",
		in:  "GET http://a‸%20b/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded CTL in the target's host",
		in:  "GET http://a‸%01b/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded DEL in the target's host",
		in:  "GET http://a‸%7Fb/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded percent after UTF-8 in the target's host",
		in:  "GET https://%C3%A9‸%25b:443/ HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded CTL as the whole host",
		in:  "0 http://‸%01 HTTP/1.0\r\n\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded slash in an authority-form host",
		in:  "CONNECT a‸%2Fb:443 HTTP/1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded CTL in Host",
		in:  "GET / HTTP/1.1\r\nHost: a‸%01b\r\n\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded letter in Host",
		in:  "GET / HTTP/1.1\r\nHost: ‸%41.example\r\n\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "percent-encoded slash in Host beside an absolute-form target",
		in:  "GET http://example.com/ HTTP/1.1\r\nHost: a‸%2fb\r\n\r\n",
		err: rej(400, rfc9112_3_2, "percent-encoded ASCII in host")},
	{rule: "RFC 9112 §3.2", name: "Host in HTTP/1.0 is kept",
		in:   "GET / HTTP/1.0\r\n" + host + "\r\n",
		want: req("GET", "/", 0, "Host: example.com")},

	// RFC 9110 §7.2, RFC 3986 §3.2.2: Host = uri-host [ ":" port ].
	{rule: "RFC 9110 §7.2", name: "Host forms",
		in:   "GET / HTTP/1.1\r\nHost: xn--bcher-kva.example:08080\r\n\r\n",
		want: req("GET", "/", 1, "Host: xn--bcher-kva.example:08080")},
	{rule: "RFC 9110 §7.2", name: "empty Host is an empty reg-name",
		in:   "GET / HTTP/1.1\r\nHost:\r\n\r\n",
		want: req("GET", "/", 1, "Host:")},
	{rule: "RFC 9110 §7.2", name: "IPvFuture literal",
		in:   "GET / HTTP/1.1\r\nHost: [v1.fe80::a+en1]\r\n\r\n",
		want: req("GET", "/", 1, "Host: [v1.fe80::a+en1]")},
	{rule: "RFC 9110 §7.2", name: "two hosts in one value",
		in:  "GET / HTTP/1.1\r\nHost: a.example‸ b.example\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "userinfo in Host",
		in:  "GET / HTTP/1.1\r\nHost: user‸@example.com\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "path in Host",
		in:  "GET / HTTP/1.1\r\nHost: example.com‸/x\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "non-numeric port",
		in:  "GET / HTTP/1.1\r\nHost: example.com:‸http\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "unbalanced bracket",
		in:  "GET / HTTP/1.1\r\nHost: [::1‸\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
	{rule: "RFC 9110 §7.2", name: "IPv6 zone",
		in:  "GET / HTTP/1.1\r\nHost: [‸fe80::1%25en0]\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},

	// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
	{rule: "RFC 9112 §5", name: "duplicates kept in order, names keep their case",
		in:   "GET / HTTP/1.1\r\n" + host + "accept: a\r\nACCEPT: b\r\nX-Empty:\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "accept: a", "ACCEPT: b", "X-Empty:")},
	{rule: "RFC 9112 §5", name: "missing colon",
		in:  "GET / HTTP/1.1\r\n" + host + "NoColon‸\r\n\r\n",
		err: rej(400, rfc9112_5, "missing colon in field line")},
	{rule: "RFC 9112 §5", name: "empty field name",
		in:  "GET / HTTP/1.1\r\n" + host + "‸: x\r\n\r\n",
		err: rej(400, rfc9112_5, "empty field name")},
	{rule: "RFC 9112 §5", name: "non-token field name",
		in:  "GET / HTTP/1.1\r\n" + host + "X‸@Y: x\r\n\r\n",
		err: rej(400, rfc9112_5, "invalid byte in field name")},
	{rule: "RFC 9112 §5", name: "underscore is not a hyphen",
		in:   "GET / HTTP/1.1\r\n" + host + "Transfer_Encoding: chunked\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "Transfer_Encoding: chunked")},

	// RFC 9112 §5.1: no whitespace before the colon; OWS around the value.
	{rule: "RFC 9112 §5.1", name: "OWS trimmed, inner whitespace kept",
		in:   "GET / HTTP/1.1\r\n" + host + "X:  \t a \t b\t \r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "X:a \t b")},
	{rule: "RFC 9112 §5.1", name: "space before colon",
		in:  "GET / HTTP/1.1\r\n" + host + "Content-Length‸ : 5\r\n\r\nhello",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},
	{rule: "RFC 9112 §5.1", name: "tab before colon",
		in:  "GET / HTTP/1.1\r\n" + host + "Transfer-Encoding‸\t: chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},

	// RFC 9112 §5.2: obs-fold.
	{rule: "RFC 9112 §5.2", name: "tab inside a value is not a fold",
		in:   "GET / HTTP/1.1\r\n" + host + "X: a\tb\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "X: a\tb")},
	{rule: "RFC 9112 §5.2", name: "obs-fold",
		in:  "GET / HTTP/1.1\r\n" + host + "X: a\r\n‸ b\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},
	{rule: "RFC 9112 §5.2", name: "obs-fold hiding Transfer-Encoding",
		in:  "POST / HTTP/1.1\r\n" + host + "X: y\r\n‸\tTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},

	// RFC 9110 §5.5: field values.
	{rule: "RFC 9110 §5.5", name: "obs-text kept as sent",
		in:   "GET / HTTP/1.1\r\n" + host + "X: caf\xe9 \xa0\r\n\r\n",
		want: req("GET", "/", 1, "Host: example.com", "X: caf\xe9 \xa0")},
	{rule: "RFC 9110 §5.5", name: "NUL in value",
		in:  "GET / HTTP/1.1\r\n" + host + "X: a‸\x00b\r\n\r\n",
		err: rej(400, rfc9110_5_5, "NUL in field value")},
	{rule: "RFC 9110 §5.5", name: "DEL in value",
		in:  "GET / HTTP/1.1\r\n" + host + "X: 0123456789‸\x7f\r\n\r\n",
		err: rej(400, rfc9110_5_5, "invalid byte in field value")},
	{rule: "RFC 9110 §5.5", name: "vertical tab is not OWS",
		in:  "GET / HTTP/1.1\r\n" + host + "X: ‸\va\r\n\r\n",
		err: rej(400, rfc9110_5_5, "invalid byte in field value")},

	// RFC 6585 §5: header section limits.
	{rule: "RFC 6585 §5", name: "at the field count limit",
		in:   "GET / HTTP/1.1\r\n" + host + "A: 1\r\n\r\n",
		lim:  Limits{MaxHeaders: 2},
		want: req("GET", "/", 1, "Host: example.com", "A: 1")},
	{rule: "RFC 6585 §5", name: "too many fields",
		in:  "GET / HTTP/1.1\r\n" + host + "A: 1\r\n‸B: 2\r\n\r\n",
		lim: Limits{MaxHeaders: 2},
		err: rej(431, rfc6585_5, "too many header fields")},
	{rule: "RFC 6585 §5", name: "header section exactly at the limit, final CRLF included",
		in:   "GET / HTTP/1.1\r\n" + host + "\r\n",
		lim:  Limits{MaxHeaderBytes: 21},
		want: req("GET", "/", 1, "Host: example.com")},
	{rule: "RFC 6585 §5", name: "header section one byte over the limit",
		in:  "GET / HTTP/1.1\r\n" + host + "\r‸\n",
		lim: Limits{MaxHeaderBytes: 20},
		err: rej(431, rfc6585_5, "header section too large")},
	{rule: "RFC 6585 §5", name: "header section too large",
		in:  "GET / HTTP/1.1\r\n" + host + "A: 01234567‸89\r\n\r\n",
		lim: Limits{MaxHeaderBytes: 30},
		err: rej(431, rfc6585_5, "header section too large")},

	// RFC 9110 §7.6.1 and RFC 9112 §9.3: Connection and persistence.
	{rule: "RFC 9110 §7.6.1", name: "close among other options",
		in:   "GET / HTTP/1.1\r\n" + host + "Connection: Upgrade, , CLOSE\r\n\r\n",
		want: with(req("GET", "/", 1, "Host: example.com", "Connection: Upgrade, , CLOSE"), func(r *Request) { r.Close = true })},
	{rule: "RFC 9110 §7.6.1", name: "HTTP/1.0 keep-alive",
		in:   "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
		want: with(req("GET", "/", 0, "Connection: keep-alive"), func(r *Request) { r.Close = false })},
	{rule: "RFC 9110 §7.6.1", name: "non-token option",
		in:  "GET / HTTP/1.1\r\n" + host + "Connection: ‸close; x\r\n\r\n",
		err: rej(400, rfc9110_761, "invalid Connection option")},

	// RFC 9112 §6.1: Transfer-Encoding.
	{rule: "RFC 9112 §6.1", name: "chunked in any case",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: CHUNKED"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("abc")
		})},
	{rule: "RFC 9112 §6.1", name: "chunked after an empty member",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸, CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "transfer-encoding is not exactly chunked")},
	{rule: "RFC 9112 §6.1", name: "CL and TE together",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: ‸chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "both content-length and transfer-encoding (request smuggling)")},
	{rule: "RFC 9112 §6.1", name: "TE and CL together",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: ‸3\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "both content-length and transfer-encoding (request smuggling)")},
	{rule: "RFC 9112 §6.1", name: "TE in HTTP/1.0",
		in:  "POST / HTTP/1.0\r\nTransfer-Encoding: ‸chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "transfer-encoding in HTTP/1.0 request")},
	{rule: "RFC 9112 §6.1", name: "chunked twice",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "chunked applied more than once")},
	{rule: "RFC 9112 §6.1", name: "chunked with a parameter",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸chunked;x=1\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "parameters on chunked")},
	{rule: "RFC 9112 §6.1", name: "quoted chunked",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸\"chunked\"\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "obs-text before chunked",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸\xa0chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "empty Transfer-Encoding",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding:‸\r\n\r\n",
		err: rej(400, rfc9112_6_1, "empty transfer-encoding")},
	{rule: "RFC 9112 §6.1", name: "gzip before chunked is not implemented",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸gzip, chunked\r\n\r\n0\r\n\r\n",
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},

	// RFC 9112 §6.3: the body length decision.
	{rule: "RFC 9112 §6.3", name: "GET with a body",
		in: "GET / HTTP/1.1\r\n" + host + "Content-Length: 2\r\n\r\nhi",
		want: with(req("GET", "/", 1, "Host: example.com", "Content-Length: 2"), func(r *Request) {
			r.ContentLength, r.Body = 2, []byte("hi")
		})},
	{rule: "RFC 9112 §6.3", name: "chunked not last",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸chunked, gzip\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "identity only",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ‸identity\r\n\r\n",
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "differing Content-Length lines",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: ‸4\r\n\r\nabcd",
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
	{rule: "RFC 9112 §6.3", name: "lines spelling one value differently",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: ‸003\r\n\r\nabc",
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},

	// RFC 9110 §8.6: Content-Length = 1*DIGIT.
	{rule: "RFC 9110 §8.6", name: "differing members",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸3, 4\r\n\r\nabcd",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "list of one repeated value",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸3, 3\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "identical lines and leading zeros",
		in: "POST / HTTP/1.1\r\n" + host + "Content-Length: 003\r\nContent-Length: 003\r\n\r\nabc",
		want: with(req("POST", "/", 1, "Host: example.com", "Content-Length: 003", "Content-Length: 003"), func(r *Request) {
			r.ContentLength, r.Body = 3, []byte("abc")
		})},
	{rule: "RFC 9110 §8.6", name: "zero",
		in: "POST / HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Content-Length: 0"), func(r *Request) {
			r.ContentLength = 0
		})},
	{rule: "RFC 9110 §8.6", name: "plus sign",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸+3\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "hex",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸0x3\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "inner space",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸1 2\r\n\r\nabc",
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "empty",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length:‸\r\n\r\n",
		err: rej(400, rfc9110_8_6, "empty content-length")},
	{rule: "RFC 9110 §8.6", name: "beyond int64",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸99999999999999999999\r\n\r\n",
		err: rej(413, rfc9110_8_6, "content-length too large")},
	{rule: "RFC 9110 §8.6", name: "over the body limit",
		in:  "POST / HTTP/1.1\r\n" + host + "Content-Length: ‸11\r\n\r\nhello world",
		lim: Limits{MaxBodyBytes: 10},
		err: rej(413, rfc9110_8_6, "content-length exceeds body limit")},

	// RFC 9112 §7.1: chunked coding.
	{rule: "RFC 9112 §7.1", name: "chunks, leading zeros, hex case",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0003\r\nabc\r\nA\r\n0123456789\r\n000\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("abc0123456789")
		})},
	{rule: "RFC 9112 §7.1", name: "0x prefix",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0‸x3\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension")},
	{rule: "RFC 9112 §7.1", name: "space before CRLF",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3 ‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension")},
	{rule: "RFC 9112 §7.1", name: "empty size line",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n‸\r\n",
		err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "chunk-size line that has not ended",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n‸zz",
		err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "data longer than its size",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc‸d\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "chunk-data not followed by CRLF")},
	{rule: "RFC 9112 §7.1", name: "bare LF after size",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3‸\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{rule: "RFC 9112 §7.1", name: "bare LF after data",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc‸\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "chunk-data not followed by CRLF")},
	{rule: "RFC 9112 §7.1", name: "missing final CRLF lets the next request look like a trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nGET‸ /admin HTTP/1.1\r\n\r\n",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},
	{rule: "RFC 9112 §7.1", name: "chunk over the body limit",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n‸6\r\nworld!\r\n0\r\n\r\n",
		lim: Limits{MaxBodyBytes: 10},
		err: rej(413, rfc9112_7_1, "chunked body exceeds body limit")},
	{rule: "RFC 9112 §7.1", name: "huge chunk-size never overflows",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nfffff‸ffffffffffffffffff\r\n",
		lim: Limits{MaxBodyBytes: 1 << 20},
		err: rej(413, rfc9112_7_1, "chunked body exceeds body limit")},

	// RFC 9112 §7.1.1: chunk extensions.
	{rule: "RFC 9112 §7.1.1", name: "extensions with BWS, tokens and quoted values",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3 ; a = b ;c=\"d\\\"e\";f\r\nabc\r\n0;last\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("abc")
		})},
	{rule: "RFC 9112 §7.1.1", name: "bare semicolon",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension name")},
	{rule: "RFC 9112 §7.1.1", name: "missing value",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "unterminated quoted value",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=\"b‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "chunk-size line too long",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=" + strings.Repeat("x", maxChunkLine-4) + "‸x\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "chunk-size line too long")},
	{rule: "RFC 9112 §7.1.1", name: "bad byte inside an over-long chunk-size line",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=" + strings.Repeat("x", 4000) + "‸\x01" + strings.Repeat("x", 200) + "\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension")},
	{rule: "RFC 9112 §7.1.1", name: "control byte in a quoted value",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a=\"b‸\x01c\"\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "whitespace after a name",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;a ‸\r\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "invalid chunk extension")},

	// RFC 9112 §7.1.2: trailer fields use the field-line grammar.
	{rule: "RFC 9112 §7.1.2", name: "chunked with trailers",
		in: "POST /upload HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTrailer: Checksum, Expires\r\n\r\n4\r\nWiki\r\n0\r\nChecksum: abc123\r\nExpires:  never \r\n\r\n",
		want: with(req("POST", "/upload", 1, "Host: example.com", "Transfer-Encoding: chunked", "Trailer: Checksum, Expires"), func(r *Request) {
			r.Chunked, r.Body = true, []byte("Wiki")
			r.Trailer = Header{{"Checksum", "abc123"}, {"Expires", "never"}}
		})},
	{rule: "RFC 9112 §7.1.2", name: "obs-fold in trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n‸ c\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},
	{rule: "RFC 9112 §7.1.2", name: "whitespace before colon in trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nA‸ : b\r\n\r\n",
		err: rej(400, rfc9112_5_1, "whitespace between field name and colon")},
	{rule: "RFC 9112 §7.1.2", name: "NUL in a trailer line that has not ended",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b‸\x00",
		err: rej(400, rfc9110_5_5, "NUL in field value")},

	// RFC 9110 §6.5.1: fields a trailer must not carry.
	{rule: "RFC 9110 §6.5.1", name: "harmless trailer",
		in: "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nServer-Timing: db;dur=53\r\n\r\n",
		want: with(req("POST", "/", 1, "Host: example.com", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Trailer = true, Header{{"Server-Timing", "db;dur=53"}}
		})},
	{rule: "RFC 9110 §6.5.1", name: "Content-Length trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n‸content-length: 5\r\n\r\n",
		err: rej(400, rfc9110_651, "field not allowed in trailer section")},
	{rule: "RFC 9110 §6.5.1", name: "Host trailer",
		in:  "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n‸Host: evil.example\r\n\r\n",
		err: rej(400, rfc9110_651, "field not allowed in trailer section")},

	// RFC 9112 §6.3: with neither field the body is empty and the next byte
	// starts the next request (pipelining, RFC 9112 §9.3.2).
	{rule: "RFC 9112 §6.3", name: "pipelined requests",
		in:   "GET /1 HTTP/1.1\r\n" + host + "\r\nGET /2 HTTP/1.1\r\n" + host + "\r\n",
		n:    len("GET /1 HTTP/1.1\r\n" + host + "\r\n"),
		want: req("GET", "/1", 1, "Host: example.com")},
	{rule: "RFC 9112 §6.3", name: "body bytes are never a request",
		in: "POST / HTTP/1.1\r\n" + host + "Content-Length: 18\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
		n:  len("POST / HTTP/1.1\r\n"+host+"Content-Length: 18\r\n\r\n") + 18,
		want: with(req("POST", "/", 1, "Host: example.com", "Content-Length: 18"), func(r *Request) {
			r.ContentLength, r.Body = 18, []byte("GET /x HTTP/1.1\r\n\r")
		})},
}

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

func TestParseErrorString(t *testing.T) {
	_, _, err := Parse([]byte("GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello"))
	const want = "httparse: RFC 9112 §5.1: whitespace between field name and colon (offset 39)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
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

func TestExpectsContinue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", true},
		{"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo, 100-CONTINUE\r\n\r\n", true},
		{"POST / HTTP/1.1\r\nHost: a\r\n\r\n", false},
		// RFC 9110 §10.1.1: ignored in an HTTP/1.0 request.
		{"POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", false},
	} {
		r, _, err := Parse([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ExpectsContinue(); got != tc.want {
			t.Errorf("%q: ExpectsContinue = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestHeaderGetValues(t *testing.T) {
	h := Header{{"Accept", "a"}, {"X", "1"}, {"ACCEPT", "b"}, {"Empty", ""}}
	if v := h.Get("accept"); v != "a" {
		t.Errorf("Get = %q, want a", v)
	}
	if v, ok := h.Lookup("ACCEPT"); !ok || v != "a" {
		t.Errorf("Lookup = %q, %v", v, ok)
	}
	if v, ok := h.Lookup("Accept-Encoding"); ok || v != "" {
		t.Errorf("Lookup found a missing field: %q, %v", v, ok)
	}
	if v := h.Get("Accept-Encoding"); v != "" {
		t.Errorf("Get of a missing field = %q", v)
	}
	if v, ok := h.Lookup("empty"); !ok || v != "" {
		t.Errorf("Lookup(empty) = %q, %v; want present and empty", v, ok)
	}
	if !h.Has("x") || !h.Has("Empty") || h.Has("Accept-Encoding") || h.Has("Accep") {
		t.Errorf("Has: x=%v Empty=%v Accept-Encoding=%v Accep=%v", h.Has("x"), h.Has("Empty"), h.Has("Accept-Encoding"), h.Has("Accep"))
	}
	if diff := cmp.Diff([]string{"a", "b"}, h.Values("Accept")); diff != "" {
		t.Error(diff)
	}
	if h.Values("nope") != nil {
		t.Error("Values of a missing field is not nil")
	}
	if n := testing.AllocsPerRun(100, func() { h.Get("accept"); h.Lookup("x"); h.Has("nope") }); n != 0 {
		t.Errorf("Get, Lookup and Has allocate %v times", n)
	}
}
