package httparse

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// Field is one field line: a name and its value with the surrounding OWS
// removed (RFC 9112 §5.1). Name keeps the case it was sent in.
type Field struct {
	Name, Value string
}

// Header is a list of field lines in wire order, duplicates kept
// (RFC 9110 §5.2, §5.3: order matters, and lines with the same name form one
// field). Names compare under ASCII case folding only.
type Header []Field

// Get returns the value of the first field named name (compared
// case-insensitively) and whether there is one. It does not allocate.
func (h Header) Get(name string) (string, bool) {
	for _, f := range h {
		if len(f.Name) == len(name) && foldEqual(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns the values of every field named name, in wire order, or
// nil when there is none. Combining them as a list is the caller's choice
// (RFC 9110 §5.3): join with ", ".
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if len(f.Name) == len(name) && foldEqual(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// foldEqual reports whether s and t, of equal length, are equal under ASCII
// case folding.
func foldEqual(s, t string) bool {
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != lower(t[i]) {
			return false
		}
	}
	return true
}

// fieldLine is a parsed field line as offsets into the parser's input, so
// that a Parser can resume on a moved buffer and build strings only once.
type fieldLine struct {
	nameStart, nameEnd, valueStart, valueEnd int
	kind                                     fieldKind
	index                                    int // in Request.Header
}

// fieldKind marks the fields the parser itself interprets, recognised once
// while the name is scanned so that finishing the head needs no more name
// comparisons.
type fieldKind uint8

const (
	fieldOther fieldKind = iota
	fieldHost
	fieldConnection
	fieldContentLength
	fieldTransferEncoding
)

// kindOf classifies a field name. Names compare octet-wise after ASCII case
// folding only (RFC 9110 §5.1): "Transfer_Encoding" is some other field.
func kindOf(name []byte) fieldKind {
	// Names are tokens here, and on tchar bytes OR-ing 0x20 folds exactly
	// the ASCII letters (no other tchar becomes a letter or "-"), so whole
	// little-endian words compare case-insensitively at once.
	const (
		fold     = 0x2020202020202020
		host     = 'h' | 'o'<<8 | 's'<<16 | 't'<<24
		connecti = 'c' | 'o'<<8 | 'n'<<16 | 'n'<<24 | 'e'<<32 | 'c'<<40 | 't'<<48 | 'i'<<56
		on       = 'o' | 'n'<<8
		content_ = 'c' | 'o'<<8 | 'n'<<16 | 't'<<24 | 'e'<<32 | 'n'<<40 | 't'<<48 | '-'<<56
		t_length = 't' | '-'<<8 | 'l'<<16 | 'e'<<24 | 'n'<<32 | 'g'<<40 | 't'<<48 | 'h'<<56
		transfer = 't' | 'r'<<8 | 'a'<<16 | 'n'<<24 | 's'<<32 | 'f'<<40 | 'e'<<48 | 'r'<<56
		_encodin = '-' | 'e'<<8 | 'n'<<16 | 'c'<<24 | 'o'<<32 | 'd'<<40 | 'i'<<48 | 'n'<<56
	)
	le := binary.LittleEndian
	switch len(name) {
	case len("host"):
		if le.Uint32(name)|fold&0xffffffff == host {
			return fieldHost
		}
	case len("connection"):
		if le.Uint64(name)|fold == connecti && le.Uint16(name[8:])|fold&0xffff == on {
			return fieldConnection
		}
	case len("content-length"):
		if le.Uint64(name)|fold == content_ && le.Uint64(name[6:])|fold == t_length {
			return fieldContentLength
		}
	case len("transfer-encoding"):
		if le.Uint64(name)|fold == transfer && le.Uint64(name[8:])|fold == _encodin && name[16]|0x20 == 'g' {
			return fieldTransferEncoding
		}
	}
	return fieldOther
}

// parseFieldLine parses the field line b[start:end] (without its CRLF).
//
//	field-line = field-name ":" OWS field-value OWS
//	field-name = token
//
// The scan runs strictly left to right and stops at the first offending
// byte, the same one Parser's single-pass scanner reports.
func parseFieldLine(b []byte, start, end int, first bool, where string) (fieldLine, *Error) {
	i := start
	for i < end && tchar[b[i]] {
		i++
	}
	if i == end {
		if i == start {
			return fieldLine{}, badRequest(rfc9112_5, i, "empty field name")
		}
		return fieldLine{}, badRequest(rfc9112_5, i, "missing colon in "+where)
	}
	if b[i] != ':' || i == start {
		return fieldLine{}, nameError(b[i], i, i == start, first)
	}
	fl := fieldLine{nameStart: start, nameEnd: i}
	i++
	if bad := valueEnd(b, i, end); bad < end {
		return fieldLine{}, valueError(b[bad], bad)
	}
	fl.valueStart, fl.valueEnd = trimOWS(b, i, end)
	return fl, nil
}

// nameError explains the byte c at offset off that ended a field name
// early; atStart says it is the line's first byte, first that the line is
// the first after the start-line.
func nameError(c byte, off int, atStart, first bool) *Error {
	switch {
	case atStart && isOWS(c) && first:
		// RFC 9112 §2.2: whitespace between the start-line and the first
		// field line could hide a field from one parser and not another.
		return badRequest(rfc9112_2_2, off, "whitespace before first field line")
	case atStart && isOWS(c):
		// RFC 9112 §5.2: obs-fold is rejected; folding a line into the one
		// before is how a field hides from a parser that does not fold.
		return badRequest(rfc9112_5_2, off, "obsolete line folding")
	case atStart && c == ':':
		return badRequest(rfc9112_5, off, "empty field name")
	case isOWS(c):
		// RFC 9112 §5.1: "Content-Length : 5" is read differently by
		// different parsers, so it MUST be rejected.
		return badRequest(rfc9112_5_1, off, "whitespace between field name and colon")
	case c < 0x20 || c == 0x7f:
		return badRequest(rfc9112_2_2, off, ctlReason(c, "field name"))
	}
	return badRequest(rfc9112_5, off, "invalid byte in field name")
}

// valueError explains an invalid byte c at offset off in a field value.
func valueError(c byte, off int) *Error {
	rule := rfc9110_5_5
	if c == '\r' || c == '\n' {
		rule = rfc9112_2_2
	}
	return badRequest(rule, off, ctlReason(c, "field value"))
}

// trimOWS returns the bounds of b[i:end] without leading and trailing OWS
// (RFC 9112 §5.1: OWS is not part of the value). Only SP and HTAB are
// trimmed; other bytes stay and are judged as value bytes.
func trimOWS(b []byte, i, end int) (int, int) {
	for i < end && isOWS(b[i]) {
		i++
	}
	for end > i && isOWS(b[end-1]) {
		end--
	}
	return i, end
}

// valueEnd returns the index of the first byte in b[i:end] that cannot be
// inside a field value (a CTL other than HTAB, or DEL), or end. On a valid
// line that byte is the CR of its CRLF, so one pass both finds the end of
// the line and validates the value.
//
// Field values are most of a request's bytes, so eight are tested at a
// time, each byte on its own (no carry can cross bytes), and
// TrailingZeros64 finds the first flagged byte without a byte loop.
// Measured with cachegrind on BenchmarkParse/browser: 9,621 instructions
// per parse, against 14,068 with the byte-at-a-time table loop; first
// skipping clean sixteen-byte runs took it to 9,374.
func valueEnd(b []byte, i, end int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		low7  = ones * 0x7f
	)
	b = b[:end]
	for ; i+16 <= len(b); i += 16 {
		trace(traceValue16, 16)
		w := b[i : i+16 : i+16]
		t, u := binary.LittleEndian.Uint64(w[:8])&low7, binary.LittleEndian.Uint64(w[8:])&low7
		if (^(t+ones*0x60)|(t+ones)|^(u+ones*0x60)|(u+ones))&highs != 0 {
			break // the eight-byte loop below finds which byte
		}
	}
	for ; i+8 <= len(b); i += 8 {
		trace(traceValue8, 8)
		t := binary.LittleEndian.Uint64(b[i:i+8:i+8]) & low7
		// High bit set where the low seven bits are below 0x20 (a CTL) or
		// are 0x7f (DEL). obs-text bytes 0x80-0x9f and 0xff are flagged
		// too and let through by the table: they are rare.
		m := (^(t + ones*0x60) | (t + ones)) & highs
		for m != 0 {
			j := i + bits.TrailingZeros64(m)/8
			if !fieldContent[b[j]] {
				return j
			}
			m &= m - 1 // HTAB or obs-text: allowed, look at the next flag
		}
	}
	for ; i < len(b); i++ {
		trace(traceValue1, 1)
		if !fieldContent[b[i]] {
			return i
		}
	}
	return len(b)
}

// tokenEnd returns the index of the first byte in b[i:] that is not a
// tchar, or len(b). Field names are almost always letters, digits and "-",
// so eight bytes at a time are tested for exactly those (each range test
// adds a bias that sets a byte's high bit when it is at least the range's
// low end, with every byte below 0x80 so nothing carries); the table takes
// over at the first other byte, usually the colon. Measured with cachegrind
// on BenchmarkParse/browser: 9,621 instructions per parse, against 9,986
// with the table loop alone.
func tokenEnd(b []byte, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		low7  = ones * 0x7f
	)
	rest := b[i:]
	for len(rest) >= 8 {
		trace(traceToken8, 8)
		x := binary.LittleEndian.Uint64(rest)
		y := x | ones*0x20 // ASCII letters folded to lower case
		letter := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1))
		digit := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1))
		e := x ^ ones*'-'
		dash := ^((e&low7 + low7) | e) // high bit set where the byte is '-'
		if other := (^(letter | digit | dash) | x) & highs; other != 0 {
			// The masks are exact per byte, so the lowest flagged byte is
			// the first one to look at; usually it is the ":".
			rest = rest[bits.TrailingZeros64(other)/8:]
			break
		}
		rest = rest[8:]
	}
	for j, c := range rest {
		trace(traceToken1, 1)
		if !tchar[c] {
			return len(b) - len(rest) + j
		}
	}
	return len(b)
}

// validHost checks a Host field value or an authority, RFC 9110 §7.2 and
// RFC 3986 §3.2.2, and returns the offset in s of the first offending byte,
// or -1. needPort demands a non-empty port (CONNECT's authority-form).
//
//	Host       = uri-host [ ":" port ]
//	uri-host   = IP-literal / IPv4address / reg-name
//	IP-literal = "[" ( IPv6address / IPvFuture ) "]"
//	port       = *DIGIT
//
// Userinfo is never part of a Host, so "@" is rejected, and so are SP,
// HTAB and "," runs that merged Host lines would produce: the value must
// name exactly one authority (RFC 9112 §3.2).
func validHost(s string, needPort bool) int {
	i := 0
	if len(s) > 0 && s[0] == '[' {
		end := -1
		for j := 1; j < len(s); j++ {
			if s[j] == ']' {
				end = j
				break
			}
		}
		if end < 0 {
			return len(s)
		}
		if !validIPLiteral(s[1:end]) {
			return 1
		}
		i = end + 1
	} else {
		for i < len(s) && s[i] != ':' {
			c := s[i]
			switch {
			case regNameChar[c]:
				i++
			case c == '%' && pctEncoded(s, i) < 0 && s[i+1]|s[i+2] != '0': // RFC 3986 §7.3: no NUL in a host
				i += 3
			default:
				return i
			}
		}
	}
	if i == len(s) {
		if needPort {
			return i
		}
		return -1
	}
	if s[i] != ':' {
		return i
	}
	i++
	if needPort && i == len(s) {
		return i
	}
	// port = *DIGIT; for http and https only 0-65535 names a port
	// (RFC 3986 §3.2.3), and leading zeros are ordinary digits.
	port := 0
	for j := i; j < len(s); j++ {
		if !isDigit(s[j]) {
			return j
		}
		port = port*10 + int(s[j]-'0')
		if port > 65535 {
			return j
		}
	}
	return -1
}

// validIPLiteral checks the inside of "[...]", RFC 3986 §3.2.2.
//
//	IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//
// An IPv6address is checked by net/netip, which follows the RFC 4291 text
// form; zones (RFC 6874) are not part of a URI host and are rejected.
func validIPLiteral(s string) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		i := 1
		for i < len(s) && unhex[s[i]] != 0xff {
			i++
		}
		if i == 1 || i == len(s) || s[i] != '.' || i+1 == len(s) {
			return false
		}
		for _, c := range []byte(s[i+1:]) {
			if !regNameChar[c] && c != ':' {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			return false
		}
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}

// forEachMember calls fn for each non-empty member of a comma-separated list
// value, with OWS trimmed (RFC 9110 §5.6.1: recipients skip empty members).
// It stops and returns false as soon as fn does.
func forEachMember(v string, fn func(m string, off int) bool) bool {
	trace(traceList, len(v))
	for start := 0; start <= len(v); {
		end := start
		for end < len(v) && v[end] != ',' {
			end++
		}
		s, e := start, end
		for s < e && isOWS(v[s]) {
			s++
		}
		for e > s && isOWS(v[e-1]) {
			e--
		}
		if s < e && !fn(v[s:e], s) {
			return false
		}
		start = end + 1
	}
	return true
}

// isToken reports whether s is a non-empty token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tchar[s[i]] {
			return false
		}
	}
	return true
}

// ExpectsContinue reports whether r is an HTTP/1.1 request whose Expect field
// lists "100-continue" (compared case-insensitively). RFC 9110 §10.1.1: a
// server sends 100 (Continue) before reading such a body, and ignores the
// expectation in an HTTP/1.0 request.
func (r *Request) ExpectsContinue() bool {
	if r.ProtoMinor == 0 {
		return false
	}
	found := false
	for _, f := range r.Header {
		if len(f.Name) == len("expect") && equalFold(f.Name, "expect") {
			forEachMember(f.Value, func(m string, _ int) bool {
				found = found || equalFold(m, "100-continue")
				return !found
			})
		}
	}
	return found
}

// finishHead builds r's head from the recorded offsets, checks the fields
// that need the whole section (Host, Connection, body framing) and sets up
// the body state.
func (p *Parser) finishHead(b []byte, r *Request) *Error {
	head := aliasString(b[:p.bodyStart])
	r.Method = head[p.lineStart:p.methodEnd]
	r.Target = head[p.targetStart:p.targetEnd]
	r.ProtoMajor, r.ProtoMinor = 1, p.minor
	r.Host, r.Path, r.RawQuery, r.rawPath = "", "", "", ""
	if err := target(r, p.targetStart); err != nil {
		return err
	}
	hostFromTarget := r.Host != ""
	hosts, keepAlive, close := 0, false, false
	for i := range p.special {
		f := &p.special[i]
		switch v := r.Header[f.index].Value; f.kind {
		case fieldHost:
			// RFC 9112 §3.2: exactly one Host, whose value is a valid
			// uri-host [ ":" port ]. Two Host lines, or one naming two
			// hosts, leave the request's authority to each parser's taste.
			hosts++
			if hosts > 1 {
				return badRequest(rfc9112_3_2, f.nameStart, "more than one Host field")
			}
			if bad := validHost(v, false); bad >= 0 {
				return badRequest(rfc9110_7_2, f.valueStart+bad, "invalid Host")
			}
			if !hostFromTarget {
				// RFC 9112 §3.2.2: with absolute-form, the target's
				// authority wins and Host is only checked.
				r.Host = v
			}
		case fieldConnection:
			// Connection = #connection-option; connection-option = token.
			// Browsers send a single "keep-alive": answering that before
			// splitting the list took BenchmarkParse/browser from 8,737
			// to 8,501 instructions (cachegrind).
			switch {
			case equalFold(v, "keep-alive"):
				keepAlive = true
				continue
			case equalFold(v, "close"):
				close = true
				continue
			}
			ok := forEachMember(v, func(m string, _ int) bool {
				switch {
				case equalFold(m, "close"):
					close = true
				case equalFold(m, "keep-alive"):
					keepAlive = true
				}
				return isToken(m)
			})
			if !ok {
				return badRequest(rfc9110_761, f.valueStart, "invalid Connection option")
			}
		}
	}
	if hosts == 0 && p.minor > 0 {
		return badRequest(rfc9112_3_2, p.bodyStart-2, "missing Host field in HTTP/1.1 request")
	}
	// RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 persists
	// only with "keep-alive".
	r.Close = close || (p.minor == 0 && !keepAlive)
	kind, n := NoBody, int64(0)
	if p.framing {
		var bad int
		var err *Error
		kind, n, bad, err = bodyFraming(r.Header, p.minor, p.lim.MaxBodyBytes)
		if err != nil {
			for _, f := range p.special {
				if f.index == bad {
					err.Offset = f.valueStart
				}
			}
			return err
		}
	}
	r.ContentLength, r.Chunked = -1, kind == ChunkedBody
	if kind == LengthBody {
		r.ContentLength = n
	}
	if p.state != stateHeadDone {
		return nil // body state already set up by an earlier call
	}
	p.state = stateBody
	switch kind {
	case LengthBody:
		p.bodyLen = n
	case ChunkedBody:
		p.state = stateChunked
	}
	p.pos = p.bodyStart
	return nil
}
