package httparse

import (
	"net/netip"
	"strconv"
	"strings"
)

// slowParse is a reference parser that aims for readability above speed:
// it cuts the message with strings.Cut and strconv and applies the rules of
// SPEC.md one after the other. Tests diff Parser against it on every table
// case: the accepted Request must be equal and a rejection must carry the
// same status. It only judges complete inputs: for a proper prefix it says
// status -1.
func slowParse(in string, lim Limits) (req *Request, n int, status int) {
	lim = lim.WithDefaults()
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
		name, value, ok := strings.Cut(l, ":")
		if !ok || !isToken(name) {
			return nil, 0, 400
		}
		value = strings.Trim(value, " \t")
		for _, c := range []byte(value) {
			if (c < 0x20 && c != '\t') || c == 0x7f {
				return nil, 0, 400
			}
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
			if !isToken(m) {
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
			if strings.EqualFold(c, "chunked") || !validCoding(c) {
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
	if len(parts) > 0 && len(parts[0]) > maxMethodLen && isToken(parts[0]) {
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
	if len(parts) != 3 || !isToken(parts[0]) || parts[1] == "" {
		return 400
	}
	r.Method, r.Target = parts[0], parts[1]
	for i := 0; i < len(r.Target); i++ {
		c := r.Target[i]
		if c <= ' ' || c >= 0x7f || c == '#' || c == '\\' {
			return 400
		}
		if c == '%' {
			if i+2 >= len(r.Target) || !isHex(r.Target[i+1]) || !isHex(r.Target[i+2]) {
				return 400
			}
		}
	}
	v := parts[2]
	if len(v) > 5 && strings.HasPrefix(v, "HTTP/") && isDigit(v[5]) && v[5] != '1' {
		return 505 // judged before the rest of the version
	}
	if len(v) != 8 || !strings.HasPrefix(v, "HTTP/") || !isDigit(v[5]) || v[6] != '.' || !isDigit(v[7]) {
		return 400
	}
	r.ProtoMinor = int(v[7] - '0')
	return 0
}

// slowLinePrefix judges the front of a request-line that goes on: 0 when
// it can still be the start of a valid one.
func slowLinePrefix(s string) int {
	parts := strings.SplitN(s, " ", 3)
	run := strings.IndexFunc(parts[0], func(c rune) bool { return c >= 0x80 || !tchar[c] })
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
		if c == '%' && (i+1 < len(target) && !isHex(target[i+1]) || i+2 < len(target) && !isHex(target[i+2])) {
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
		if i == 6 && v[i] != '.' || i != 6 && !isDigit(v[i]) {
			return 400
		}
		if i == 5 && v[i] != '1' {
			return 505
		}
	}
	return 0
}

func isHex(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }

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
				if !regNameChar[c] && c != ':' {
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
			if i+2 >= len(host) || !isHex(host[i+1]) || !isHex(host[i+2]) || !strings.ContainsRune("89abcdefABCDEF", rune(host[i+1])) {
				return false
			}
			i += 2
			continue
		}
		if !regNameChar[c] {
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
				if !isToken(name) {
					return "", nil, 0, 400
				}
				if hasVal {
					val = strings.Trim(val, " \t")
					if scanTokenOrQuoted(val, 0) != len(val) {
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
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isToken(name) || strings.ContainsAny(line, "\r\n") {
			return "", nil, 0, 400
		}
		if forbiddenTrailer(strings.ToLower(name)) {
			return "", nil, 0, 400
		}
		trailer = append(trailer, Field{name, strings.Trim(value, " \t")})
	}
	return b.String(), trailer, len(in) - len(s), 0
}
