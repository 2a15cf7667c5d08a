package httparse

import (
	"encoding/binary"
	"math/bits"
	"strings"
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

// specialFields is the one table of the fields the parser interprets, by
// lower-case name: the field loop's matcher (kindOf) and its length gate
// (maySpecial) are derived from it, and so is every other test of these
// names (nameKind). A name must be 4 to maxSpecialName bytes of letters,
// digits and "-" (see specialIndex).
var specialFields = [...]struct {
	name string
	kind fieldKind
}{
	{"host", fieldHost},
	{"connection", fieldConnection},
	{"content-length", fieldContentLength},
	{"transfer-encoding", fieldTransferEncoding},
}

// maxSpecialName is the longest name kindOf can compare: three words.
const maxSpecialName = 24

// specialName is how kindOf compares a name of one length: its first and
// last eight bytes (four each below eight bytes) and, above sixteen, the
// eight after the first eight, as little-endian words in lower case.
type specialName struct {
	kind            fieldKind
	name            string
	head, mid, tail uint64
}

// specialByLen holds, by name length, the specialFields entry of that
// length (kind fieldOther where there is none); specialLengths has bit n
// set when there is one.
var specialByLen, specialLengths = specialIndex()

func specialIndex() (t [maxSpecialName + 1]specialName, lengths uint64) {
	for _, f := range specialFields {
		n := len(f.name)
		if n < 4 || n > maxSpecialName || t[n].kind != fieldOther ||
			strings.Trim(f.name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			// Shorter names need another word size, and two names of one
			// length another index; a byte other than a lower-case letter,
			// a digit or "-" would not survive kindOf's fold.
			panic("httparse: specialFields entry " + f.name + " does not fit kindOf")
		}
		e := specialName{kind: f.kind, name: f.name}
		if n < 8 {
			e.head, e.tail = load32(f.name, 0), load32(f.name, n-4)
		} else {
			e.head, e.tail = load64(f.name, 0), load64(f.name, n-8)
			if n > 16 {
				e.mid = load64(f.name, 8)
			}
		}
		t[n] = e
		lengths |= 1 << n
	}
	return t, lengths
}

// maySpecial reports whether a field name of n bytes can be one that the
// parser interprets.
func maySpecial(n int) bool { return n < 64 && specialLengths>>n&1 != 0 }

// kindOf classifies a field name that is a token, as the field loop has
// it. Names compare octet-wise after ASCII case folding only (RFC 9110
// §5.1): "Transfer_Encoding" is some other field.
func kindOf[S string | []byte](name S) fieldKind {
	// On tchar bytes OR-ing 0x20 folds exactly the ASCII letters, and maps
	// no other tchar to a letter, a digit or "-" (only "^" moves, to "~"),
	// so whole little-endian words compare case-insensitively at once. A
	// length with no entry has zero words, which no folded word equals.
	const fold = 0x2020202020202020
	n := len(name)
	if n < 4 || n > maxSpecialName {
		return fieldOther
	}
	e := &specialByLen[n]
	switch {
	case n < 8:
		if load32(name, 0)|fold&0xffffffff != e.head || load32(name, n-4)|fold&0xffffffff != e.tail {
			return fieldOther
		}
	case load64(name, 0)|fold != e.head || load64(name, n-8)|fold != e.tail:
		return fieldOther
	case n > 16 && load64(name, 8)|fold != e.mid:
		return fieldOther
	}
	return e.kind
}

// nameKind is kindOf for the name of any Header field, which need not be
// a token: the fold that kindOf relies on holds only for tchar bytes ("\r"
// folds to "-"), so a match is confirmed byte by byte.
func nameKind(name string) fieldKind {
	if !maySpecial(len(name)) {
		return fieldOther
	}
	k := kindOf(name)
	if k != fieldOther && !equalFold(name, specialByLen[len(name)].name) {
		return fieldOther
	}
	return k
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
