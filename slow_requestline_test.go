package httparse

// The reference parser's request-line stage (see slowParse): the
// request-line, the request-target in its four forms, and uri-host.

import (
	"net/netip"
	"strconv"
	"strings"
)

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
		// Too long: 414, whether the limit cuts the target or the
		// HTTP-version after it.
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
	if len(v) >= 8 && strings.HasPrefix(v, "HTTP/") && slowDigit(v[5]) && v[6] == '.' && slowDigit(v[7]) && v[5] != '1' {
		return 505 // judged once the version is in, before what follows it
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
		if i == 7 && v[5] != '1' {
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
	if !ok || !(slowEqualFold(scheme, "http") || slowEqualFold(scheme, "https")) {
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
