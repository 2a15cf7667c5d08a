package httparse

// The reference parser's body stage (see slowParse): message body
// length, transfer-coding and the chunked coding with its trailer section.

import (
	"strconv"
	"strings"
)

// slowBody reads the content that follows the head of r, RFC 9112 §6:
// CONNECT has none (RFC 9110 §9.3.6); Transfer-Encoding (RFC 9112 §6.1)
// must end in chunked and come alone, never with Content-Length nor in
// HTTP/1.0; Content-Length (RFC 9110 §8.6) is one number, every line
// spelled alike. It fills Chunked, ContentLength, Body and Trailer, and
// returns the bytes of body used and a status (0 accepted, -1 incomplete).
func slowBody(r *Request, body string, lim Limits) (used int, status int) {
	te := slowValues(r.Header, "Transfer-Encoding")
	cl := slowValues(r.Header, "Content-Length")
	if r.Method == "CONNECT" {
		// No content on CONNECT: no Transfer-Encoding, and no
		// Content-Length that is a number other than 0.
		if len(te) > 0 {
			return 0, 400
		}
		for _, v := range cl {
			if v != "" && strings.Trim(v, "0123456789") == "" && strings.Trim(v, "0") != "" {
				return 0, 400
			}
		}
	}
	switch {
	case len(te) > 0 && r.ProtoMinor == 0, len(te) > 0 && len(cl) > 0:
		return 0, 400
	case len(te) > 0:
		var codings []string
		for _, m := range strings.Split(strings.Join(te, ","), ",") {
			if m = strings.Trim(m, " \t"); m != "" {
				codings = append(codings, m)
			}
		}
		if len(codings) == 0 || !slowEqualFold(codings[len(codings)-1], "chunked") {
			return 0, 400
		}
		for _, c := range codings[:len(codings)-1] {
			if slowEqualFold(c, "chunked") || !slowCoding(c) {
				return 0, 400
			}
		}
		if len(codings) > 1 {
			return 0, 501
		}
		// Only a single line that says exactly "chunked" (see SPEC.md).
		if len(te) > 1 || !slowEqualFold(te[0], "chunked") {
			return 0, 400
		}
		r.Chunked = true
		data, trailer, m, st := slowChunked(body, lim)
		if st != 0 {
			return 0, st
		}
		if len(data) > 0 {
			r.Body = []byte(data)
		}
		r.Trailer = trailer
		return m, 0
	case len(cl) > 0:
		// Each line one number, every line spelled like the first.
		var n int64 = -1
		for _, m := range cl {
			m = strings.Trim(m, " \t")
			if m == "" || strings.Trim(m, "0123456789") != "" {
				return 0, 400
			}
			v, err := strconv.ParseInt(m, 10, 64)
			if err != nil {
				return 0, 413
			}
			if n >= 0 && m != strings.Trim(cl[0], " \t") {
				return 0, 400
			}
			n = v
		}
		if n < 0 {
			return 0, 400
		}
		if n > lim.MaxBodyBytes {
			return 0, 413
		}
		if int64(len(body)) < n {
			return 0, -1
		}
		r.ContentLength = n
		if n > 0 {
			r.Body = []byte(body[:n])
		}
		return int(n), 0
	}
	return 0, 0
}

// slowChunked decodes a chunked body: the data, the trailers, the bytes
// used, and a status (0 accepted, -1 incomplete).
func slowChunked(s string, lim Limits) (data string, trailer Header, used int, status int) {
	in := s
	var b strings.Builder
	ext := 0
	for {
		line, rest, ok := strings.Cut(s, "\r\n")
		if !ok {
			return "", nil, 0, -1
		}
		if strings.ContainsAny(line, "\r\n") || len(line)+len("\r\n") > maxChunkLine {
			return "", nil, 0, 400
		}
		if strings.TrimRight(line, " \t") != line {
			return "", nil, 0, 400 // BWS only before ";" or "="
		}
		size, exts, hasExt := strings.Cut(line, ";")
		if hasExt {
			size = strings.TrimRight(size, " \t") // BWS before ";"
		}
		if size == "" || strings.Trim(size, "0123456789abcdefABCDEF") != "" {
			return "", nil, 0, 400
		}
		if hasExt {
			ext += len(line) - len(size)
			for _, e := range strings.Split(exts, ";") {
				name, val, hasVal := strings.Cut(e, "=")
				name = strings.Trim(name, " \t")
				if !slowToken(name) {
					return "", nil, 0, 400
				}
				if hasVal {
					val = strings.Trim(val, " \t")
					if !slowToken(val) && !slowQuoted(val) {
						return "", nil, 0, 400
					}
				}
			}
		}
		if ext > maxChunkExtBytes {
			return "", nil, 0, 400
		}
		// At most 16 digits, leading zeros included; the limit is checked
		// digit by digit, so a size over it is 413 before a 17th digit.
		head := size[:min(len(size), 16)]
		digits := strings.TrimLeft(head, "0") // leading zeros are ordinary digits
		if len(digits) > 15 {
			return "", nil, 0, 413 // more than any body limit
		}
		n, _ := strconv.ParseInt("0"+digits, 16, 64)
		if n > lim.MaxBodyBytes-int64(b.Len()) {
			return "", nil, 0, 413
		}
		if len(size) > 16 {
			return "", nil, 0, 400
		}
		s = rest
		if n == 0 {
			break
		}
		if int64(len(s)) < n+2 {
			return "", nil, 0, -1
		}
		b.WriteString(s[:n])
		if s[n:n+2] != "\r\n" {
			return "", nil, 0, 400
		}
		s = s[n+2:]
	}
	for {
		line, rest, ok := strings.Cut(s, "\r\n")
		if !ok {
			return "", nil, 0, -1
		}
		s = rest
		if line == "" {
			break
		}
		name, value, ok := slowFieldLine(line)
		if !ok || slowForbiddenTrailer(name) {
			return "", nil, 0, 400
		}
		trailer = append(trailer, Field{name, value})
	}
	return b.String(), trailer, len(in) - len(s), 0
}

// slowCoding: RFC 9112 §6.1 and RFC 9110 §5.6.6, one transfer-coding with
// optional parameters; OWS around ";" and no whitespace around "=".
//
//	transfer-coding    = token *( OWS ";" OWS transfer-parameter )
//	transfer-parameter = token BWS "=" BWS ( token / quoted-string )
//
// RFC 9110 allows BWS around "="; the parser allows none, and so does this.
// A ";" inside a quoted value is not split on: parameters are cut where a
// value ends.
func slowCoding(m string) bool {
	name, rest, _ := strings.Cut(m, ";")
	name = strings.TrimRight(name, " \t")
	if !slowToken(name) {
		return false
	}
	if !strings.Contains(m, ";") {
		return true
	}
	for {
		rest = strings.TrimLeft(rest, " \t")
		pname, after, ok := strings.Cut(rest, "=")
		if !ok || !slowToken(pname) {
			return false
		}
		// The value: a quoted-string up to its closing quote, or a token.
		end := len(after)
		if strings.HasPrefix(after, "\"") {
			end = -1
			for i := 1; i < len(after); i++ {
				if after[i] == '\\' {
					i++
					continue
				}
				if after[i] == '"' {
					end = i + 1
					break
				}
			}
			if end < 0 || !slowQuoted(after[:end]) {
				return false
			}
		} else {
			end = strings.IndexAny(after, " \t;")
			if end < 0 {
				end = len(after)
			}
			if !slowToken(after[:end]) {
				return false
			}
		}
		tail := strings.TrimLeft(after[end:], " \t")
		if tail == "" {
			return true
		}
		if tail[0] != ';' {
			return false
		}
		rest = tail[1:]
	}
}
