package httparse

// Values is an ordered list of name/value pairs from an
// application/x-www-form-urlencoded string, duplicates and order kept
// (WHATWG URL, "application/x-www-form-urlencoded parsing").
type Values []Field

// Get returns the value of the first pair named key, or "" when there is
// none. Names are compared exactly (form names are not case-insensitive).
func (v Values) Get(key string) string {
	s, _ := v.Lookup(key)
	return s
}

// Lookup returns the value of the first pair named key and whether there is
// one.
func (v Values) Lookup(key string) (string, bool) {
	for _, f := range v {
		if f.Name == key {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns the values of every pair named key, in order, or nil.
func (v Values) Values(key string) []string {
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
	_, ok := v.Lookup(key)
	return ok
}

// Query decodes r.RawQuery with ParseQuery.
func (r *Request) Query() (Values, error) {
	return ParseQuery(r.RawQuery)
}

// ParseQuery decodes an application/x-www-form-urlencoded string, such as a
// query or a form body, following the WHATWG URL Standard:
//
//   - split on "&" only, dropping empty pieces; ";" is data ("c=3;d=4" is
//     one pair, c = "3;d=4"), where net/url since Go 1.17 refuses a piece
//     holding ";" (its ParseQuery drops the piece and returns an error);
//   - split each piece at its first "=" (no "=": the value is empty);
//   - "+" becomes SP, then percent-decode.
//
// One deliberate difference: a "%" not followed by two hex digits is an
// *Error (400, RFC 3986 §2.1, Offset into s), where WHATWG keeps it as
// data. Request-targets are held to RFC 3986 §2.1 already, and accepting in
// one layer what another rejects is how parsers come to disagree. Bytes are
// kept as they are; invalid UTF-8 is not replaced.
//
// The result is nil when s holds no pair. Names and values that need no
// decoding are substrings of s; ParseQuery allocates the Values, and a
// string for each name or value it decodes. AppendQuery reuses a slice.
func ParseQuery(s string) (Values, error) {
	return AppendQuery(nil, s) // dst nil: nil on an error too
}

// AppendQuery is ParseQuery appending the pairs of s to dst: it returns the
// extended slice, so that a server can decode each request's query into
// the slice of the one before without allocating (s's pairs that need no
// decoding cost nothing else). On an error it returns dst, with its
// length as given, and the *Error.
func AppendQuery(dst Values, s string) (Values, error) {
	vs := dst
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
				return dst, err
			}
			v, err := formDecode(value, start+len(piece)-len(value), end < len(s))
			if err != nil {
				return dst, err
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
			buf = append(buf, pctOctet(s, i))
			i += 2
		default:
			buf = append(buf, c)
		}
	}
	return string(buf), nil
}
