package httparse

// TestParse cases of the message and the request-line: line endings,
// HTTP-version, method and the request-line limit.

import (
	"errors"
	"strings"
	"testing"
)

// parseRequestLineCases: RFC 9112 §2 and §3, RFC 9110 §2.5.
var parseRequestLineCases = []parseCase{
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
	{rule: "RFC 9110 §2.5", name: "major version before a wrong line end",
		in:  "GET / HTTP/‸2.0x\r\n" + host + "\r\n",
		err: rej(505, rfc9110_2_5, "HTTP major version not supported")},
	{rule: "RFC 9112 §2.3", name: "malformed version with another major digit",
		in:  "GET / HTTP/0‸x9\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},
	{rule: "RFC 9112 §2.3", name: "two-digit major",
		in:  "GET / HTTP/0‸1.1\r\n" + host + "\r\n",
		err: rej(400, rfc9112_2_3, "invalid HTTP-version")},

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
	{rule: "RFC 9112 §3", name: "method of the longest length taken",
		in:   strings.Repeat("M", 32) + " / HTTP/1.1\r\n" + host + "\r\n",
		want: req(strings.Repeat("M", 32), "/", 1, "Host: example.com")},
	{rule: "RFC 9112 §3", name: "method of the longest length after empty lines",
		in:   "\r\n\r\n" + strings.Repeat("M", 32) + " / HTTP/1.1\r\n" + host + "\r\n",
		want: req(strings.Repeat("M", 32), "/", 1, "Host: example.com")},
	{rule: "RFC 9112 §3", name: "method too long after empty lines",
		in:  "\r\n\r\n" + strings.Repeat("M", 32) + "‸M / HTTP/1.1\r\n" + host + "\r\n",
		err: rej(501, rfc9112_3, "method too long")},
	{rule: "RFC 3986 §2.1", name: "request-line ending inside a pct-encoded triplet",
		in:  "GET /a%4‸\r\n" + host + "\r\n",
		err: rej(400, rfc3986_2_1, "malformed percent-encoding")},
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
}

// TestMajorVersionJudgedWhole: a major version other than 1 is judged
// once the version's last digit is in (505 at the major digit), not at the
// digit, so that "HTTP/01.1" or "HTTP/2x" is the syntax error it is; a
// prefix that can still become either waits for more.
func TestMajorVersionJudgedWhole(t *testing.T) {
	for _, in := range []string{"GET / HTTP/2", "GET / HTTP/2."} {
		var p Parser
		if _, err := p.Parse([]byte(in), new(Request)); err != ErrIncomplete {
			t.Errorf("%q: %v, want ErrIncomplete", in, err)
		}
	}
	var p Parser
	_, err := p.Parse([]byte("GET / HTTP/2.0"), new(Request))
	var perr *Error
	if !errors.As(err, &perr) || perr.Status != 505 || perr.Offset != len("GET / HTTP/") {
		t.Errorf("%q: %v, want 505 at the major digit", "GET / HTTP/2.0", err)
	}
}
