package httparse

import (
	"fmt"
	"testing"
)

// scanLevel is one code path of the scanners (see scanLevels).
type scanLevel struct {
	name string
	set  func() (restore func())
}

// scanner is one of scan.go's scanners, with the byte-class table whose
// first rejected byte it must find.
type scanner struct {
	name  string
	class *[256]bool
	scan  func(b []byte, i int) int
	// passed and flagged are bytes the table allows: one the vector skip
	// passes over, and one it stops at for the table to let through (the
	// target's skip flags exactly the bytes its table rejects, so there
	// flagged is another byte it passes).
	passed, flagged byte
}

var scanners = []scanner{
	{"fieldValueEnd", &fieldContent, func(b []byte, i int) int { return fieldValueEnd(b, i, len(b)) }, 'a', '\t'},
	{"fieldNameEnd", &tchar, fieldNameEnd, 'a', '_'},
	{"requestTargetEnd", &targetChar, func(b []byte, i int) int { return requestTargetEnd(b, i, len(b)) }, 'a', '?'},
}

// tableEnd is the reference: the index of the first byte in b[i:] that
// class rejects, or len(b), one byte at a time.
func tableEnd(class *[256]bool, b []byte, i int) int {
	for i < len(b) && class[b[i]] {
		i++
	}
	return i
}

// scanStarts are the start offsets tried for each input length: both
// sides of the 16- and 32-byte steps. With flagged bytes all around, every
// one of which costs a return to the table, fewer are tried.
var scanStarts = map[bool][]int{
	false: {0, 1, 3, 8, 15, 16, 17, 31, 32, 33, 48, 63, 64},
	true:  {0, 1, 17, 33},
}

// TestVectorScanners compares every scanner, on every code path this CPU
// has, with its byte-class table: every byte value at every position of a
// 64-byte window, for every input length from 0 to 64 and start offsets on
// both sides of each vector step, with the input ending right before an
// unmapped page so that a read past the slice faults. The bytes around the
// tested one are first ones the vector skip passes, then ones it stops at
// and the table lets through.
func TestVectorScanners(t *testing.T) {
	const window = 64
	mem := guardedWindow(t, window)
	for _, level := range scanLevels() {
		restore := level.set()
		for _, sc := range scanners {
			for _, fill := range []byte{sc.passed, sc.flagged} {
				t.Run(fmt.Sprintf("%s/%s/fill=%q", level.name, sc.name, fill), func(t *testing.T) {
					fillWith := func(b []byte) {
						for k := range b {
							b[k] = fill
						}
					}
					eachByteAt(mem, scanStarts[fill == sc.flagged], fillWith, func(b []byte, i, pos int) {
						// Every other byte is fill, which the table allows:
						// tableEnd's answer.
						want := len(b)
						if pos >= i && !sc.class[b[pos]] {
							want = pos
						}
						if got := sc.scan(b, i); got != want {
							t.Fatalf("length %d, start %d, byte %#02x at %d: got %d, want %d", len(b), i, b[pos], pos, got, want)
						}
					})
				})
			}
		}
		restore()
	}
}

// eachByteAt calls check for every input that the last n bytes of mem
// hold, for n from 0 to len(mem): fill sets them, then every byte value in
// turn goes to every position pos, for each start i in starts up to n.
func eachByteAt(mem []byte, starts []int, fill func(b []byte), check func(b []byte, i, pos int)) {
	for n := 0; n <= len(mem); n++ {
		b := mem[len(mem)-n:]
		fill(b)
		for _, i := range starts {
			if i > n {
				break
			}
			for pos := 0; pos < n; pos++ {
				was := b[pos]
				for c := 0; c < 256; c++ {
					b[pos] = byte(c)
					check(b, i, pos)
				}
				b[pos] = was
			}
		}
	}
}

// TestVectorScannersLong runs the scanners over inputs longer than the
// window, with the rejected byte past several vector steps and a byte the
// table lets through before it.
func TestVectorScannersLong(t *testing.T) {
	const size = 300
	mem := guardedWindow(t, size)
	for _, level := range scanLevels() {
		restore := level.set()
		for _, sc := range scanners {
			for _, bad := range []byte{0, '\r', ' ', 0x7f, 0xff} {
				if sc.class[bad] {
					continue
				}
				for pos := 0; pos <= size; pos++ {
					for k := range mem {
						mem[k] = sc.passed
					}
					mem[pos/2] = sc.flagged
					if pos < size {
						mem[pos] = bad
					}
					for _, i := range []int{0, 7, pos / 2, pos} {
						if got, want := sc.scan(mem, i), tableEnd(sc.class, mem, i); got != want {
							t.Fatalf("%s/%s: byte %#02x at %d, start %d: got %d, want %d", level.name, sc.name, bad, pos, i, got, want)
						}
					}
				}
			}
		}
		restore()
	}
}
