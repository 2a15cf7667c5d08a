package httparse

import "strings"

// target splits r.Target by its form, RFC 9112 §3.2, fills r.Host for the
// forms that carry one, and leaves r.RawPath, r.Path and r.RawQuery to
// pathAndQuery for every form that has a path. off is the offset
// of the target in the input. The bytes were already checked against
// targetChar and the pct-encoded rule by scanRequestLine, which also
// noted whether any "%" occurs (pct).
//
//	request-target = origin-form / absolute-form / authority-form / asterisk-form
func target(r *Request, off int, pct bool) *Error {
	t := r.Target
	connect := r.Method == "CONNECT"
	switch {
	case t[0] == '/':
		if connect {
			return badRequest(rfc9110_936, off, "CONNECT requires authority-form")
		}
		// origin-form = absolute-path [ "?" query ]. "//x/y" is a path,
		// not an authority.
		return pathAndQuery(r, t, off, pct)
	case t == "*":
		// asterisk-form is only for a server-wide OPTIONS (RFC 9112 §3.2.4).
		if r.Method != "OPTIONS" {
			return badRequest(rfc9112_324, off, "asterisk-form is only for OPTIONS")
		}
		return pathAndQuery(r, t, off, pct)
	case connect:
		// authority-form = uri-host ":" port, and only for CONNECT
		// (RFC 9112 §3.2.3); the port is required (RFC 9110 §9.3.6).
		if t[0] == ':' {
			// CONNECT must name a destination (RFC 9110 §9.3.6).
			return badRequest(rfc9112_323, off, "invalid authority-form target")
		}
		if bad, pctASCII := validHost(t, true); bad >= 0 {
			return hostError(pctASCII, off+bad, rfc9112_323, "invalid authority-form target")
		}
		r.Host = t
		return nil
	}
	return absoluteForm(r, t, off, pct)
}

// absoluteForm handles absolute-form = absolute-URI (RFC 9112 §3.2.2) for
// the http and https schemes, the only ones an HTTP server can act on.
//
//	http-URI = "http" "://" authority path-abempty [ "?" query ]
//	scheme   = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
func absoluteForm(r *Request, t string, off int, pct bool) *Error {
	i := 0
	for i < len(t) && (isAlpha(t[i]) || (i > 0 && (isDigit(t[i]) || t[i] == '+' || t[i] == '-' || t[i] == '.'))) {
		i++
	}
	if i == 0 || i == len(t) || t[i] != ':' {
		return badRequest(rfc9112_3_2, off+i, "invalid request-target")
	}
	// A server-wide form other than "*", or authority-form outside CONNECT,
	// lands here too: "example.com:443" reads as scheme "example.com".
	if !equalFold(t[:i], "http") && !equalFold(t[:i], "https") {
		return badRequest(rfc9112_322, off, "absolute-form target must use http or https")
	}
	i++
	if len(t)-i < 2 || t[i] != '/' || t[i+1] != '/' {
		return badRequest(rfc9110_4_2, off+i, "http URI without authority")
	}
	i += 2
	start := i
	for i < len(t) && t[i] != '/' && t[i] != '?' {
		if t[i] == '@' {
			// RFC 9110 §4.2.4: userinfo in an http(s) URI is a phishing aid
			// and is to be treated as an error.
			return badRequest(rfc9110_424, off+i, "userinfo in http URI")
		}
		i++
	}
	auth := t[start:i]
	if auth == "" || auth[0] == ':' {
		return badRequest(rfc9110_4_2, off+start, "http URI with empty host")
	}
	if bad, pctASCII := validHost(auth, false); bad >= 0 {
		return hostError(pctASCII, off+start+bad, rfc3986_322, "invalid host in request-target")
	}
	r.Host = auth
	return pathAndQuery(r, t[i:], off+i, pct)
}

// pathAndQuery sets r.RawPath, r.Path and r.RawQuery from s: all of an
// origin-form or asterisk-form target, or what follows the authority of an
// absolute-form one. It is the one place that decides Path, and for every
// form that has a path Path is RawPath percent-decoded:
//
//	origin-form    "/a%2Fb?q"        RawPath "/a%2Fb"  Path "/a/b"  RawQuery "q"
//	absolute-form  "" (no path)      RawPath "/"       Path "/"     (RFC 9110 §4.2.3)
//	               "?q"              RawPath "/"       Path "/"     RawQuery "q"
//	               "" with OPTIONS   RawPath "*"       Path "*"     (RFC 9112 §3.2.4)
//	asterisk-form  "*"               RawPath "*"       Path "*"
//
// The path is decoded once, after the split (RFC 3986 §2.4), so "%3F"
// stays data in the path. Authority-form (CONNECT) has no path and does
// not come here: both stay "". pct is false only when s holds no "%", and
// then nothing is decoded.
func pathAndQuery(r *Request, s string, off int, pct bool) *Error {
	path := s
	if i := strings.IndexByte(s, '?'); i >= 0 {
		path, r.RawQuery = s[:i], s[i+1:]
	}
	if path == "" {
		// Only absolute-form gets here with an empty path. OPTIONS on it
		// addresses the server as a whole, but only without a query: with
		// one, the query is for the resource "/".
		path = "/"
		if r.Method == "OPTIONS" && s == "" {
			path = "*"
		}
	}
	r.RawPath = path
	i := -1
	if pct {
		i = strings.IndexByte(path, '%')
	}
	if i < 0 {
		r.Path = path // nothing to decode
		return nil
	}
	buf, err := appendUnescaped(r.pathBuf[:0], path, i, off)
	if err != nil {
		return err
	}
	r.pathBuf = buf
	r.Path = aliasString(buf)
	return nil
}

// PathUnescape percent-decodes s, a path or one segment of it, as the
// parser decodes Request.Path: every "%" HEXDIG HEXDIG becomes its octet
// (RFC 3986 §2.1), everything else is kept, and invalid UTF-8 is not
// replaced. It returns s itself, without allocating, when s has no "%".
//
// It fails with an *Error (400) whose Offset is an index into s for a "%"
// not followed by two hex digits (RFC 3986 §2.1) and for an escape that
// decodes to NUL (RFC 3986 §7.3), which the parser rejects in a path.
//
// A router that must keep "%2F" inside its segment splits Request.RawPath
// at "/" and decodes each segment with PathUnescape.
func PathUnescape(s string) (string, error) {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if bad := pctEncoded(s, i); bad >= 0 {
			if bad == len(s) {
				bad = i
			}
			return "", badRequest(rfc3986_2_1, bad, "malformed percent-encoding in path")
		}
	}
	pct := strings.IndexByte(s, '%')
	if pct < 0 {
		return s, nil
	}
	buf, err := appendUnescaped(nil, s, pct, 0)
	if err != nil {
		return "", err
	}
	return string(buf), nil
}

// appendUnescaped appends path percent-decoded to dst and returns it; pct
// is the index of path's first "%". Every "%" must start a pct-encoded
// triplet (the request-line was checked; PathUnescape checks its input).
// off is path's offset, for errors.
func appendUnescaped(dst []byte, path string, pct, off int) ([]byte, *Error) {
	buf := append(dst, path[:pct]...)
	for i := pct; i < len(path); i++ {
		c := path[i]
		if c == '%' {
			c = pctOctet(path, i)
			if c == 0 {
				// RFC 3986 §7.3: a NUL in a path ends strings in C-based
				// code after it, so "%00" is rejected.
				return nil, badRequest(rfc3986_7_3, off+i, "NUL in path")
			}
			i += 2
		}
		buf = append(buf, c)
	}
	return buf, nil
}
