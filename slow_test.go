package httparse

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// slowParse is a reference parser that aims for readability above speed:
// it shares no function with the parser (its byte classes, field-line and
// coding grammars, list of forbidden trailers and default limits are its
// own, below), so that a fault in one is not repeated in the other;
// it cuts the message with strings.Cut and strconv and applies the rules of
// SPEC.md one after the other. Tests diff Parser against it on every table
// case: the accepted Request must be equal and a rejection must carry the
// same status. It only judges complete inputs: for a proper prefix it says
// status -1.
func slowParse(in string, lim Limits) (req *Request, n int, status int) {
	lim = slowLimits(lim)
	s := in
	for i := 0; strings.HasPrefix(s, "\r\n"); i++ {
		if i == maxLeadingEmptyLines {
			return nil, 0, 400
		}
		s = s[2:]
	}
	head, rest, ok := strings.Cut(s, "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	for _, l := range lines[:len(lines)-1] {
		if strings.ContainsAny(l, "\r\n") {
			return nil, 0, 400 // bare CR or bare LF in a complete line
		}
	}
	if last := lines[len(lines)-1]; strings.Contains(last, "\n") || strings.Contains(strings.TrimSuffix(last, "\r"), "\r") {
		return nil, 0, 400
	}
	if !ok {
		return nil, 0, -1
	}
	r := &Request{ProtoMajor: 1, ContentLength: -1}
	if st := slowRequestLine(lines[0], r, lim); st != 0 {
		return nil, 0, st
	}
	fields := lines[1:]
	if len(fields) == 1 && fields[0] == "" {
		fields = nil
	}
	if len(head)-len(lines[0])+2 > lim.MaxHeaderBytes && len(fields) > 0 {
		return nil, 0, 431
	}
	if len(fields) > lim.MaxHeaders {
		return nil, 0, 431
	}
	for _, l := range fields {
		name, value, ok := slowFieldLine(l)
		if !ok {
			return nil, 0, 400
		}
		r.Header = append(r.Header, Field{name, value})
	}
	if st := slowTarget(r); st != 0 {
		return nil, 0, st
	}
	hosts := r.Header.Values("Host")
	switch {
	case len(hosts) > 1:
		return nil, 0, 400
	case len(hosts) == 0 && r.ProtoMinor > 0:
		return nil, 0, 400
	case len(hosts) == 1:
		if !slowValidHost(hosts[0], false) {
			return nil, 0, 400
		}
		if r.Host == "" {
			r.Host = hosts[0]
		}
	}
	closeOpt, keepAlive := false, false
	for _, v := range r.Header.Values("Connection") {
		for _, m := range strings.Split(v, ",") {
			m = strings.Trim(m, " \t")
			if m == "" {
				continue
			}
			if !slowToken(m) {
				return nil, 0, 400
			}
			closeOpt = closeOpt || strings.EqualFold(m, "close")
			keepAlive = keepAlive || strings.EqualFold(m, "keep-alive")
		}
	}
	r.Close = closeOpt || (r.ProtoMinor == 0 && !keepAlive)

	te := r.Header.Values("Transfer-Encoding")
	cl := r.Header.Values("Content-Length")
	if r.Method == "CONNECT" {
		// No content on CONNECT: no Transfer-Encoding, and no
		// Content-Length that is a number other than 0.
		if len(te) > 0 {
			return nil, 0, 400
		}
		for _, v := range cl {
			if v != "" && strings.Trim(v, "0123456789") == "" && strings.Trim(v, "0") != "" {
				return nil, 0, 400
			}
		}
	}
	body := rest
	used := len(in) - len(rest)
	switch {
	case len(te) > 0 && r.ProtoMinor == 0, len(te) > 0 && len(cl) > 0:
		return nil, 0, 400
	case len(te) > 0:
		var codings []string
		for _, m := range strings.Split(strings.Join(te, ","), ",") {
			if m = strings.Trim(m, " \t"); m != "" {
				codings = append(codings, m)
			}
		}
		if len(codings) == 0 || !strings.EqualFold(codings[len(codings)-1], "chunked") {
			return nil, 0, 400
		}
		for _, c := range codings[:len(codings)-1] {
			if strings.EqualFold(c, "chunked") || !slowCoding(c) {
				return nil, 0, 400
			}
		}
		if len(codings) > 1 {
			return nil, 0, 501
		}
		// Only a single line that says exactly "chunked" (see SPEC.md).
		if len(te) > 1 || !strings.EqualFold(te[0], "chunked") {
			return nil, 0, 400
		}
		r.Chunked = true
		data, trailer, m, st := slowChunked(body, lim)
		if st != 0 {
			return nil, 0, st
		}
		if len(data) > 0 {
			r.Body = []byte(data)
		}
		r.Trailer = trailer
		used += m
	case len(cl) > 0:
		// Each line one number, every line spelled like the first.
		var n int64 = -1
		for _, m := range cl {
			m = strings.Trim(m, " \t")
			if m == "" || strings.Trim(m, "0123456789") != "" {
				return nil, 0, 400
			}
			v, err := strconv.ParseInt(m, 10, 64)
			if err != nil {
				return nil, 0, 413
			}
			if n >= 0 && m != strings.Trim(cl[0], " \t") {
				return nil, 0, 400
			}
			n = v
		}
		if n < 0 {
			return nil, 0, 400
		}
		if n > lim.MaxBodyBytes {
			return nil, 0, 413
		}
		if int64(len(body)) < n {
			return nil, 0, -1
		}
		r.ContentLength = n
		if n > 0 {
			r.Body = []byte(body[:n])
		}
		used += int(n)
	}
	return r, used, 0
}

func slowRequestLine(line string, r *Request, lim Limits) int {
	parts := strings.Split(line, " ")
	if len(parts) > 0 && len(parts[0]) > maxMethodLen && slowToken(parts[0]) {
		return 501
	}
	if len(line) > lim.MaxRequestLine {
		// A byte within the limit that no request-line may hold comes
		// first.
		if st := slowLinePrefix(line[:lim.MaxRequestLine]); st != 0 {
			return st
		}
		// 414 only when the target is the cause: it does not end inside
		// the limit.
		if len(parts) >= 3 && len(parts[0])+1+len(parts[1]) < lim.MaxRequestLine {
			return 400
		}
		return 414
	}
	if len(parts) != 3 || !slowToken(parts[0]) || parts[1] == "" {
		return 400
	}
	r.Method, r.Target = parts[0], parts[1]
	for i := 0; i < len(r.Target); i++ {
		c := r.Target[i]
		if c <= ' ' || c >= 0x7f || c == '#' || c == '\\' {
			return 400
		}
		if c == '%' {
			if i+2 >= len(r.Target) || !slowHex(r.Target[i+1]) || !slowHex(r.Target[i+2]) {
				return 400
			}
		}
	}
	v := parts[2]
	if len(v) > 5 && strings.HasPrefix(v, "HTTP/") && slowDigit(v[5]) && v[5] != '1' {
		return 505 // judged before the rest of the version
	}
	if len(v) != 8 || !strings.HasPrefix(v, "HTTP/") || !slowDigit(v[5]) || v[6] != '.' || !slowDigit(v[7]) {
		return 400
	}
	r.ProtoMinor = int(v[7] - '0')
	return 0
}

// slowLinePrefix judges the front of a request-line that goes on: 0 when
// it can still be the start of a valid one.
func slowLinePrefix(s string) int {
	parts := strings.SplitN(s, " ", 3)
	run := strings.IndexFunc(parts[0], func(c rune) bool { return c >= 0x80 || !slowToken(string(c)) })
	switch {
	case run < 0 && len(parts[0]) > maxMethodLen, run > maxMethodLen:
		return 501
	case run >= 0, len(parts) > 1 && parts[0] == "":
		return 400
	case len(parts) == 1:
		return 0
	}
	target := parts[1]
	for i := 0; i < len(target); i++ {
		c := target[i]
		if c <= ' ' || c >= 0x7f || c == '#' || c == '\\' {
			return 400
		}
		if c == '%' && (i+1 < len(target) && !slowHex(target[i+1]) || i+2 < len(target) && !slowHex(target[i+2])) {
			return 400
		}
	}
	if len(parts) == 2 {
		return 0
	}
	v := parts[2]
	if target == "" || !strings.HasPrefix("HTTP/", v[:min(len(v), 5)]) || len(v) > 8 {
		return 400
	}
	for i := 5; i < len(v); i++ {
		if i == 6 && v[i] != '.' || i != 6 && !slowDigit(v[i]) {
			return 400
		}
		if i == 5 && v[i] != '1' {
			return 505
		}
	}
	return 0
}

func slowTarget(r *Request) int {
	t := r.Target
	switch {
	case strings.HasPrefix(t, "/"):
		if r.Method == "CONNECT" {
			return 400
		}
		return slowPath(r, t)
	case t == "*":
		if r.Method != "OPTIONS" {
			return 400
		}
		r.Path, r.RawPath = "*", "*"
		return 0
	case r.Method == "CONNECT":
		if strings.HasPrefix(t, ":") || !slowValidHost(t, true) {
			return 400
		}
		r.Host = t
		return 0
	}
	scheme, rest, ok := strings.Cut(t, "://")
	if !ok || !(strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")) {
		return 400
	}
	auth := rest
	pathq := ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		auth, pathq = rest[:i], rest[i:]
	}
	if auth == "" || strings.HasPrefix(auth, ":") || strings.Contains(auth, "@") || !slowValidHost(auth, false) {
		return 400
	}
	r.Host = auth
	switch {
	case pathq == "" && r.Method == "OPTIONS":
		r.Path, r.RawPath = "*", "*"
		return 0
	case pathq == "" || pathq[0] == '?':
		r.Path, r.RawPath = "/", "/"
		r.RawQuery = strings.TrimPrefix(pathq, "?")
		return 0
	}
	return slowPath(r, pathq)
}

func slowPath(r *Request, s string) int {
	path, query, _ := strings.Cut(s, "?")
	r.RawPath, r.RawQuery = path, query
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '%' {
			v, _ := strconv.ParseUint(path[i+1:i+3], 16, 8)
			if v == 0 {
				return 400
			}
			b.WriteByte(byte(v))
			i += 2
			continue
		}
		b.WriteByte(path[i])
	}
	r.Path = b.String()
	return 0
}

func slowValidHost(h string, needPort bool) bool {
	host, port := h, ""
	hasPort := false
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		lit := h[1:end]
		if strings.HasPrefix(lit, "v") || strings.HasPrefix(lit, "V") {
			ver, rest, ok := strings.Cut(lit[1:], ".")
			if !ok || ver == "" || strings.Trim(ver, "0123456789abcdefABCDEF") != "" || rest == "" {
				return false
			}
			for _, c := range []byte(rest) {
				if !slowRegNameChar(c) && c != ':' {
					return false
				}
			}
		} else if a, err := netip.ParseAddr(lit); err != nil || !a.Is6() || a.Zone() != "" || strings.Contains(lit, "%") {
			return false
		}
		host = ""
		after := h[end+1:]
		if after != "" {
			if after[0] != ':' {
				return false
			}
			port, hasPort = after[1:], true
		}
	} else if i := strings.IndexByte(h, ':'); i >= 0 {
		host, port, hasPort = h[:i], h[i+1:], true
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if c == '%' {
			// Only octets %80-FF: the UTF-8 of a non-ASCII name.
			if i+2 >= len(host) || !slowHex(host[i+1]) || !slowHex(host[i+2]) || !strings.ContainsRune("89abcdefABCDEF", rune(host[i+1])) {
				return false
			}
			i += 2
			continue
		}
		if !slowRegNameChar(c) {
			return false
		}
	}
	if needPort && port == "" {
		return false
	}
	if hasPort && port != "" {
		if strings.Trim(port, "0123456789") != "" {
			return false
		}
		digits := strings.TrimLeft(port, "0")
		if v, _ := strconv.Atoi(digits); len(digits) > 5 || v > 65535 {
			return false
		}
	}
	return true
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
		if strings.ContainsAny(line, "\r\n") || len(line) > maxChunkLine {
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
		if !ok || slices.Contains(slowForbiddenTrailers, strings.ToLower(name)) {
			return "", nil, 0, 400
		}
		trailer = append(trailer, Field{name, value})
	}
	return b.String(), trailer, len(in) - len(s), 0
}

// The reference's own functions, each written from the RFC text it cites.

// slowLimits applies the documented defaults (see Limits) and caps.
func slowLimits(l Limits) Limits {
	def := func(v, d int) int {
		if v <= 0 {
			v = d
		}
		return min(v, 1<<30)
	}
	l.MaxRequestLine = def(l.MaxRequestLine, 8<<10)
	l.MaxHeaderBytes = def(l.MaxHeaderBytes, 64<<10)
	l.MaxHeaders = def(l.MaxHeaders, 100)
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = 10 << 20
	}
	return l
}

func slowDigit(c byte) bool { return strings.IndexByte("0123456789", c) >= 0 }

// slowHex: RFC 5234 Appendix B.1, HEXDIG, in either case (RFC 3986 §2.1).
func slowHex(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }

// slowToken: RFC 9110 §5.6.2, token = 1*tchar, tchar = any VCHAR except
// the delimiters (DQUOTE and "(),/:;<=>?@[\]{}").
func slowToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c <= 0x20 || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

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

// slowExpectsContinue: RFC 9110 §10.1.1, an HTTP/1.1 request with an
// Expect field whose list (§5.6.1: members separated by commas, OWS around
// them) has the member "100-continue" in any case.
func slowExpectsContinue(r *Request) bool {
	if r.ProtoMinor == 0 {
		return false
	}
	for _, f := range r.Header {
		if !strings.EqualFold(f.Name, "expect") {
			continue
		}
		for _, m := range strings.Split(f.Value, ",") {
			if strings.EqualFold(strings.Trim(m, " \t"), "100-continue") {
				return true
			}
		}
	}
	return false
}

// slowRegNameChar: RFC 3986 §3.2.2, unreserved / sub-delims.
func slowRegNameChar(c byte) bool {
	return c < 0x80 && (strings.IndexByte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", c) >= 0 ||
		strings.IndexByte("-._~!$&'()*+,;=", c) >= 0)
}

// slowQuoted: RFC 9110 §5.6.4, the whole of s is one quoted-string.
//
//	quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
//	qdtext        = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
//	quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
func slowQuoted(s string) bool {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return false
	}
	visible := func(c byte) bool { return c == '\t' || c == ' ' || (0x21 <= c && c <= 0x7e) || c >= 0x80 }
	inner := s[1 : len(s)-1]
	for i := 0; i < len(inner); i++ {
		switch c := inner[i]; {
		case c == '"':
			return false
		case c == '\\':
			i++
			if i == len(inner) || !visible(inner[i]) {
				return false
			}
		case !visible(c):
			return false
		}
	}
	return true
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
	"authorization", "proxy-authorization", "cookie", "set-cookie",
	"content-type", "content-encoding", "content-range", "content-location",
}
