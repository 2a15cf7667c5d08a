package httparse

// The reference parser's field stage (see slowParse): the field-line
// grammar, the fields that route a request, and the fields a trailer
// section must not carry.

import "strings"

// slowFieldLine parses one field line, RFC 9112 §5 and RFC 9110 §5.5, in
// a header or a trailer section; on a mismatch ok is false.
//
//	field-line    = field-name ":" OWS field-value OWS
//	field-name    = token
//	field-value   = *field-content        ; VCHAR, obs-text, SP and HTAB inside
func slowFieldLine(line string) (name, value string, ok bool) {
	name, value, found := strings.Cut(line, ":")
	if !found || !slowToken(name) {
		return name, "", false
	}
	value = strings.Trim(value, " \t")
	for _, c := range []byte(value) {
		if (c < 0x20 && c != '\t') || c == 0x7f {
			return name, "", false
		}
	}
	return name, value, true
}

// slowFieldRules applies the rules of the fields that route a request:
// RFC 9112 §3.2, exactly one Host, required in HTTP/1.1 and valid as
// uri-host [ ":" port ]; RFC 9110 §7.6.1, Connection lists tokens, and
// RFC 9112 §9.3, whether the connection closes after this request. It
// fills Host and Close, and returns 0 or the status of a rejection.
func slowFieldRules(r *Request) int {
	hosts := slowValues(r.Header, "Host")
	switch {
	case len(hosts) > 1:
		return 400
	case len(hosts) == 0 && r.ProtoMinor > 0:
		return 400
	case len(hosts) == 1:
		if !slowValidHost(hosts[0], false) {
			return 400
		}
		if r.Host == "" {
			r.Host = hosts[0]
		}
	}
	closeOpt, keepAlive := false, false
	for _, v := range slowValues(r.Header, "Connection") {
		for _, m := range strings.Split(v, ",") {
			m = strings.Trim(m, " \t")
			if m == "" {
				continue
			}
			if !slowToken(m) {
				return 400
			}
			closeOpt = closeOpt || slowEqualFold(m, "close")
			keepAlive = keepAlive || slowEqualFold(m, "keep-alive")
		}
	}
	r.Close = closeOpt || (r.ProtoMinor == 0 && !keepAlive)
	return 0
}

// slowExpectsContinue: RFC 9110 §10.1.1, an HTTP/1.1 request with an
// Expect field whose list (§5.6.1: members separated by commas, OWS around
// them) has the member "100-continue" in any case.
func slowExpectsContinue(r *Request) bool {
	if r.ProtoMinor == 0 {
		return false
	}
	for _, f := range r.Header {
		if !slowEqualFold(f.Name, "expect") {
			continue
		}
		for _, m := range strings.Split(f.Value, ",") {
			if slowEqualFold(strings.Trim(m, " \t"), "100-continue") {
				return true
			}
		}
	}
	return false
}

// slowForbiddenTrailers: RFC 9110 §6.5.1 keeps out of trailers the fields
// that frame the message (§6.1: Transfer-Encoding, Content-Length,
// Trailer, TE), route it (Host, Connection), modify the request (§7.6,
// §10.1: Expect, Max-Forwards, Cache-Control, Pragma, Range and the
// conditionals of §13.1), authenticate (§11: Authorization,
// Proxy-Authorization, with Cookie and Set-Cookie of RFC 6265), or say
// how to process the content (§8: Content-Type, Content-Encoding,
// Content-Range, Content-Location).
var slowForbiddenTrailers = []string{
	"transfer-encoding", "content-length", "trailer", "te",
	"host", "connection",
	"expect", "max-forwards", "cache-control", "pragma", "range",
	"if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range",
	"if-schedule-tag-match",
	"authorization", "proxy-authorization", "cookie", "set-cookie",
	"content-type", "content-encoding", "content-range", "content-location",
}

// slowForbiddenTrailer: a name of slowForbiddenTrailers, in any case, or
// any other precondition, a field named "If-" something (SPEC.md).
func slowForbiddenTrailer(name string) bool {
	for _, f := range slowForbiddenTrailers {
		if slowEqualFold(name, f) {
			return true
		}
	}
	return len(name) >= 3 && slowEqualFold(name[:3], "if-")
}
