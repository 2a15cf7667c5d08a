package httparse

// Eight bytes at a time: the word tests behind the fast paths of tokenEnd
// and validHost. A test sets the high bit of each byte of a little-endian
// word that it flags. On a byte below 0x80 no addend carries out of the
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
	digit := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1))
	return (^(letter | digit | bytesEqual(x, '-')) | x) & highs
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
