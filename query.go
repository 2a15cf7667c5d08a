package httparse

// target splits r.Target by its form, RFC 9112 §3.2, and fills r.Path,
// r.RawQuery and, for the forms that carry one, r.Host. off is the offset
// of the target in the input. The bytes were already checked against
// targetChar and the pct-encoded rule by requestLine.
//
//	request-target = origin-form / absolute-form / authority-form / asterisk-form
func target(r *Request, off int) *Error {
	t := r.Target
	connect := r.Method == "CONNECT"
	switch {
	case t[0] == '/':
		if connect {
			return badRequest(rfc9110_933, off, "CONNECT requires authority-form")
		}
		// origin-form = absolute-path [ "?" query ]. "//x/y" is a path,
		// not an authority.
		return pathAndQuery(r, t, off)
	case t == "*":
		// asterisk-form is only for a server-wide OPTIONS (RFC 9112 §3.2.4).
		if r.Method != "OPTIONS" {
			return badRequest(rfc9112_324, off, "asterisk-form is only for OPTIONS")
		}
		r.Path = "*"
		return nil
	case connect:
		// authority-form = uri-host ":" port, and only for CONNECT
		// (RFC 9112 §3.2.3); the port is required (RFC 9110 §9.3.6).
		if t[0] == ':' {
			// CONNECT must name a destination (RFC 9110 §9.3.6).
			return badRequest(rfc9112_323, off, "invalid authority-form target")
		}
		if bad, pct := validHost(t, true); bad >= 0 {
			return hostError(pct, off+bad, rfc9112_323, "invalid authority-form target")
		}
		r.Host = t
		return nil
	}
	return absoluteForm(r, t, off)
}

// absoluteForm handles absolute-form = absolute-URI (RFC 9112 §3.2.2) for
// the http and https schemes, the only ones an HTTP server can act on.
//
//	http-URI = "http" "://" authority path-abempty [ "?" query ]
//	scheme   = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
func absoluteForm(r *Request, t string, off int) *Error {
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
	if bad, pct := validHost(auth, false); bad >= 0 {
		return hostError(pct, off+start+bad, rfc3986_322, "invalid host in request-target")
	}
	r.Host = auth
	if i == len(t) || t[i] == '?' {
		// RFC 9110 §4.2.3: an empty path is "/", except that OPTIONS
		// addresses the server as a whole ("*", RFC 9112 §3.2.4).
		q := ""
		if i < len(t) {
			q = t[i+1:]
		}
		r.rawPath, r.RawQuery = "", q
		r.Path = "/"
		if r.Method == "OPTIONS" {
			r.Path = "*"
		}
		return nil
	}
	return pathAndQuery(r, t[i:], off+i)
}

// pathAndQuery splits "path[?query]" and percent-decodes the path, once,
// after the split (RFC 3986 §2.4), so "%3F" stays data in the path.
func pathAndQuery(r *Request, s string, off int) *Error {
	path := s
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			path, r.RawQuery = s[:i], s[i+1:]
			break
		}
	}
	r.rawPath = path
	pct := -1
	for i := 0; i < len(path); i++ {
		if path[i] == '%' {
			pct = i
			break
		}
	}
	if pct < 0 {
		r.Path = path
		return nil
	}
	buf := append(r.pathBuf[:0], path[:pct]...)
	for i := pct; i < len(path); i++ {
		c := path[i]
		if c == '%' {
			c = unhex[path[i+1]]<<4 | unhex[path[i+2]]
			if c == 0 {
				// RFC 3986 §7.3: a NUL in a path ends strings in C-based
				// code after it, so "%00" is rejected.
				return badRequest(rfc3986_7_3, off+i, "NUL in path")
			}
			i += 2
		}
		buf = append(buf, c)
	}
	r.pathBuf = buf
	r.Path = aliasString(buf)
	return nil
}

// Values is an ordered list of name/value pairs from an
// application/x-www-form-urlencoded string, duplicates and order kept
// (WHATWG URL, "application/x-www-form-urlencoded parsing").
type Values []Field

// Get returns the value of the first pair named key and whether there is one.
// Names are compared exactly.
func (v Values) Get(key string) (string, bool) {
	for _, f := range v {
		if f.Name == key {
			return f.Value, true
		}
	}
	return "", false
}

// All returns the values of every pair named key, in order, or nil.
func (v Values) All(key string) []string {
	var vs []string
	for _, f := range v {
		if f.Name == key {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Has reports whether a pair named key is present, even with an empty value.
func (v Values) Has(key string) bool {
	_, ok := v.Get(key)
	return ok
}

// Query decodes r.RawQuery with ParseQuery.
func (r *Request) Query() (Values, error) {
	return ParseQuery(r.RawQuery)
}

// ParseQuery decodes an application/x-www-form-urlencoded string, such as a
// query or a form body, following the WHATWG URL Standard:
//
//   - split on "&" only (";" is data, as in net/url since Go 1.17), dropping
//     empty pieces;
//   - split each piece at its first "=" (no "=": the value is empty);
//   - "+" becomes SP, then percent-decode.
//
// One deliberate difference: a "%" not followed by two hex digits is an
// *Error (400, RFC 3986 §2.1, Offset into s), where WHATWG keeps it as
// data. Request-targets are held to RFC 3986 §2.1 already, and accepting in
// one layer what another rejects is how parsers come to disagree. Bytes are
// kept as they are; invalid UTF-8 is not replaced.
func ParseQuery(s string) (Values, error) {
	var vs Values
	for start := 0; start < len(s); {
		end := start
		for end < len(s) && s[end] != '&' {
			end++
		}
		if end > start {
			piece := s[start:end]
			name, value := piece, ""
			for i := 0; i < len(piece); i++ {
				if piece[i] == '=' {
					name, value = piece[:i], piece[i+1:]
					break
				}
			}
			n, err := formDecode(name, start, len(name) < len(s)-start)
			if err != nil {
				return nil, err
			}
			v, err := formDecode(value, start+len(piece)-len(value), end < len(s))
			if err != nil {
				return nil, err
			}
			vs = append(vs, Field{n, v})
		}
		start = end + 1
	}
	return vs, nil
}

// formDecode replaces "+" with SP and decodes pct-encoded triplets. It
// returns s itself when there is nothing to decode. off is s's offset for
// errors, and more reports that the input goes on after s (with the "=" or
// "&" that ends it).
func formDecode(s string, off int, more bool) (string, error) {
	i := 0
	for i < len(s) && s[i] != '%' && s[i] != '+' {
		i++
	}
	if i == len(s) {
		return s, nil
	}
	buf := make([]byte, i, len(s))
	copy(buf, s)
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			buf = append(buf, ' ')
		case '%':
			if bad := pctEncoded(s, i); bad >= 0 {
				// The first offending byte, as for the request-target, or
				// the "%" when the input ends inside the escape.
				if bad == len(s) && !more {
					bad = i
				}
				return "", badRequest(rfc3986_2_1, off+bad, "malformed percent-encoding in query")
			}
			buf = append(buf, unhex[s[i+1]]<<4|unhex[s[i+2]])
			i += 2
		default:
			buf = append(buf, c)
		}
	}
	return string(buf), nil
}
