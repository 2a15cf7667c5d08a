package httparse

import (
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
// lower-case name: the field loop's matcher (kindOf) and its gate on the
// length and first byte (maySpecial) are derived from it, and so is every
// other test of these names (nameKind). A name must be 4 to maxSpecialName
// bytes of letters, digits and "-" (see specialIndex).
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
// length (kind fieldOther and zero words where there is none).
var specialByLen = specialIndex()

func specialIndex() (t [maxSpecialName + 1]specialName) {
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
	}
	return t
}

// maySpecial reports whether a field name of n bytes (n >= 0) whose first
// byte is first can be one that the parser interprets: the gate before
// kindOf, on the length and the first byte, folded as kindOf folds it (the
// low byte of the entry's first word). Most names fail it, "User-Agent"
// and "Sec-Fetch-Mode" among them, whose lengths are those of Connection
// and Content-Length.
func maySpecial(n int, first byte) bool {
	return n <= maxSpecialName && byte(specialByLen[n].head) == first|0x20
}

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
	if len(name) == 0 || !maySpecial(len(name), name[0]) {
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
func trimOWS[S string | []byte](b S, i, end int) (int, int) {
	for i < end && isOWS(b[i]) {
		i++
	}
	for end > i && isOWS(b[end-1]) {
		end--
	}
	return i, end
}
