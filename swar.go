package httparse

import (
	"encoding/binary"
	"math/bits"
)

// Eight bytes at a time: the word tests behind valueEnd, tokenEnd and the
// fast path of validHost. A test sets the high bit of each byte of a
// little-endian word that it flags. On a byte below 0x80 no addend carries out of the
// byte; a byte of 0x80 or more is always flagged, and its carry can only
// reach the bytes above it, so the lowest flagged byte, the one callers
// use, is exact. They only skip: the byte-class table decides every
// flagged byte.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	low7  = ones * 0x7f
)

// notAlnumDash has the high bit set in each byte of x that is not an ASCII
// letter, digit or "-": the bytes of almost every field name and host
// name. A byte is in [lo, hi] when adding 0x80-lo sets its high bit and
// adding 0x80-hi-1 does not; letters are folded to lower case first.
func notAlnumDash(x uint64) uint64 {
	y := x | ones*0x20
	letter := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1))
	return (^(letter | digits(x) | bytesEqual(x, '-')) | x) & highs
}

// notDigit has the high bit set in each byte of x that is not a DIGIT.
func notDigit(x uint64) uint64 {
	return (^digits(x) | x) & highs
}

// digits has the high bit set in each byte of x below 0x80 that is a
// DIGIT (and maybe in others: callers add x's own high bits).
func digits(x uint64) uint64 {
	return (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1))
}

// bytesEqual has the high bit set in each byte of x that equals c.
func bytesEqual(x uint64, c byte) uint64 {
	e := x ^ ones*uint64(c)
	return ^((e&low7 + low7) | e) & highs
}

// load64 returns s[i:i+8] as a little-endian word; the compiler turns it
// into one load.
func load64[S string | []byte](s S, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load32 returns s[i:i+4] as a little-endian word, in one load.
func load32[S string | []byte](s S, i int) uint64 {
	s = s[i : i+4]
	return uint64(uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24)
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
