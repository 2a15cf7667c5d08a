package httparse

import (
	"encoding/binary"
	"math/bits"
)

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

// The names of the fields the parser interprets, lower-case: the one list
// kindOf matches, specialFields maps and the length gate is derived from.
const (
	nameHost             = "host"
	nameConnection       = "connection"
	nameContentLength    = "content-length"
	nameTransferEncoding = "transfer-encoding"
)

// specialFields maps each interpreted name to its kind.
var specialFields = [...]struct {
	name string
	kind fieldKind
}{
	{nameHost, fieldHost},
	{nameConnection, fieldConnection},
	{nameContentLength, fieldContentLength},
	{nameTransferEncoding, fieldTransferEncoding},
}

// specialLengths has bit n set when an interpreted name has n bytes, so the
// field loop calls kindOf only for names of those lengths.
const specialLengths = 1<<len(nameHost) | 1<<len(nameConnection) |
	1<<len(nameContentLength) | 1<<len(nameTransferEncoding)

// maySpecial reports whether a field name of n bytes can be one that the
// parser interprets.
func maySpecial(n int) bool { return n < 64 && specialLengths>>n&1 != 0 }

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
	case len(nameHost):
		if le.Uint32(name)|fold&0xffffffff == host {
			return fieldHost
		}
	case len(nameConnection):
		if le.Uint64(name)|fold == connecti && le.Uint16(name[8:])|fold&0xffff == on {
			return fieldConnection
		}
	case len(nameContentLength):
		if le.Uint64(name)|fold == content_ && le.Uint64(name[6:])|fold == t_length {
			return fieldContentLength
		}
	case len(nameTransferEncoding):
		if le.Uint64(name)|fold == transfer && le.Uint64(name[8:])|fold == _encodin && name[16]|0x20 == 'g' {
			return fieldTransferEncoding
		}
	}
	return fieldOther
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
	case c == '\r' || c == '\n':
		return badRequest(rfc9112_2_2, off, ctlReason(c, "field name"))
	case isCTL(c):
		// field-name = token (RFC 9110 §5.1): a control byte is one more
		// byte no token holds; its reason names NUL.
		return badRequest(rfc9112_5, off, ctlReason(c, "field name"))
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
// TrailingZeros64 finds the first flagged byte without a byte loop; clean
// sixteen-byte runs are skipped first. The figures that chose this are in
// bench/results/history.md.
func valueEnd(b []byte, i, end int) int {
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
// over at the first other byte, usually the colon (figures in
// bench/results/history.md).
func tokenEnd(b []byte, i int) int {
	rest := b[i:]
	for len(rest) >= 8 {
		trace(traceToken8, 8)
		if other := notAlnumDash(binary.LittleEndian.Uint64(rest)); other != 0 {
			// The lowest flagged byte is exact (swar.go), so it is the
			// first one to look at; usually it is the ":".
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
