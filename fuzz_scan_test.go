package httparse

import "testing"

// FuzzScanners compares each scanner of scan.go, on every code path this
// CPU has (vector or not), with the eight-byte code of fields.go where
// there is one and with its byte-class table, from a start offset into the
// input; and fieldLineEnds with the same reading of whole field lines done
// one table lookup at a time.
func FuzzScanners(f *testing.F) {
	for _, in := range benchInputs(f) {
		f.Add(in, uint16(0))
		f.Add(in, uint16(17))
	}
	f.Add([]byte("Name: value\twith\ttabs and obs-text \x80\xff\r\n"), uint16(6))
	f.Add([]byte("X-Custom_Header.v1!: 1\r\n"), uint16(0))
	f.Add([]byte("/a/b?c=d&e=%41#frag HTTP/1.1\r\n"), uint16(1))
	f.Add([]byte("0123456789abcdef0123456789abcdef\x7f0123456789abcdef"), uint16(3))
	levels := scanLevels()
	f.Fuzz(func(t *testing.T, b []byte, start uint16) {
		i := int(start) % (len(b) + 1)
		for _, level := range levels {
			restore := level.set()
			for _, sc := range scanners {
				if got, want := sc.scan(b, i), tableEnd(sc.class, b, i); got != want {
					restore()
					t.Fatalf("%s/%s from %d: got %d, want %d", level.name, sc.name, i, got, want)
				}
			}
			checkFieldLines(t, level.name, b, i)
			restore()
		}
		if got, want := valueEnd(b, i, len(b)), tableEnd(&fieldContent, b, i); got != want {
			t.Fatalf("valueEnd from %d: got %d, want %d", i, got, want)
		}
		if got, want := tokenEnd(b, i), tableEnd(&tchar, b, i); got != want {
			t.Fatalf("tokenEnd from %d: got %d, want %d", i, got, want)
		}
	})
}
