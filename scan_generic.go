//go:build !amd64 || purego

package httparse

// vectorScan is false where there is no vector code (or -tags purego turns
// it off): the scanners of scan.go use the eight-byte code of fields.go
// and the table loops, and the functions below are never called.
const vectorScan = false

func scanFieldValue(b []byte, i int) int { return i }

func scanToken(b []byte, i int) int { return i }

func scanTarget(b []byte, i int) int { return i }

func scanFieldLines(b []byte, i int, ends *[fieldLineBatch]fieldLineEnd) (n, colon, stop int) {
	return 0, -1, i
}
