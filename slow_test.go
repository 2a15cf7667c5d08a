package httparse

import "strings"

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
	if st := slowFieldRules(r); st != 0 {
		return nil, 0, st
	}
	used, st := slowBody(r, rest, lim)
	if st != 0 {
		return nil, 0, st
	}
	return r, len(in) - len(rest) + used, 0
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

// slowEqualFold: RFC 9110 §5.1, field names (and tokens such as coding
// names) compare case-insensitively, and only the ASCII letters fold: a
// Unicode fold would match "chun\u212Aed" (KELVIN SIGN) to "chunked".
func slowEqualFold(s, t string) bool {
	const upper, lower = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
	fold := func(c byte) byte {
		if i := strings.IndexByte(upper, c); i >= 0 {
			return lower[i]
		}
		return c
	}
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if fold(s[i]) != fold(t[i]) {
			return false
		}
	}
	return true
}

// slowValues returns the values of the fields of h named name, in order.
func slowValues(h Header, name string) []string {
	var vs []string
	for _, f := range h {
		if slowEqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

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
