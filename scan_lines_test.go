package httparse

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// tableFieldLines is the reference for fieldLineEnds: the field loop's
// reading of whole lines, one byte-class table lookup at a time.
func tableFieldLines(b []byte, i int, out *[fieldLineBatch]fieldLineEnd) (n, colon, stop int) {
	ends := out[:0]
	for len(ends) < fieldLineBatch {
		c := tableEnd(&tchar, b, i)
		if c+1 >= len(b) || b[c] != ':' || c == i {
			return len(ends), -1, c
		}
		e := tableEnd(&fieldContent, b, c+1)
		if e+1 >= len(b) || b[e] != '\r' || b[e+1] != '\n' {
			return len(ends), c, e
		}
		vs, ve := c+1, e
		for vs < ve && (b[vs] == ' ' || b[vs] == '\t') {
			vs++
		}
		for ve > vs && (b[ve-1] == ' ' || b[ve-1] == '\t') {
			ve--
		}
		ends = append(ends, fieldLineEnd{uint32(c), uint32(vs), uint32(ve), uint32(e)})
		i = e + 2
	}
	return len(ends), -1, i
}

// checkFieldLines compares fieldLineEnds from i with tableFieldLines.
func checkFieldLines(t *testing.T, level string, b []byte, i int) {
	t.Helper()
	var got, want [fieldLineBatch]fieldLineEnd
	n, colon, stop := fieldLineEnds(b, i, &got)
	wantN, wantColon, wantStop := tableFieldLines(b, i, &want)
	if vectorScan && len(b) < 16 {
		// Less than a block is left to the field loop's line path.
		wantN, wantColon, wantStop = 0, -1, i
	}
	if n != wantN || colon != wantColon || stop != wantStop || !slices.Equal(got[:n], want[:n]) {
		t.Fatalf("%s: %q from %d: got %d lines %v, colon %d, stop %d; want %d lines %v, colon %d, stop %d",
			level, b, i, n, got[:n], colon, stop, wantN, want[:wantN], wantColon, wantStop)
	}
}

// fieldLineTemplates are field sections that the byte-by-byte tests below
// vary: short lines with OWS on both sides, an HTAB and obs-text inside a
// value, a tchar the vector skip flags ("_", "!") in a name, an empty
// value, and lines whose CRLF falls on each side of a 16-byte block.
var fieldLineTemplates = []string{
	"Host: a\r\nX_y!: b \t\r\nA:\r\nLong-Name-Here: v\tw\x80\xff x\r\n\r\n",
	"a:b\r\nc: d\r\ne:  f  \r\ngh:i\r\nj:k\r\nl:m\r\nn:o\r\np:q\r\nr:s\r\nt:u\r\nv:w\r\nx:y\r\n",
}

// TestFieldLineEnds compares fieldLineEnds, on every code path this CPU
// has, with the table reference: every byte value at every position of
// each template cut to every length up to 64 bytes, from two starts,
// with the input ending right before an unmapped page so that a read past
// the slice faults.
func TestFieldLineEnds(t *testing.T) {
	const window = 64
	mem := guardedWindow(t, window)
	for _, level := range scanLevels() {
		restore := level.set()
		for k, tmpl := range fieldLineTemplates {
			t.Run(fmt.Sprintf("%s/template=%d", level.name, k), func(t *testing.T) {
				fill := func(b []byte) { copy(b, strings.Repeat(tmpl, 3)) }
				eachByteAt(mem, []int{0, 9}, fill, func(b []byte, i, _ int) {
					checkFieldLines(t, level.name, b, i)
				})
			})
		}
		restore()
	}
}

// TestFieldLineEndsBatch: more whole lines than one batch holds, of every
// length from one byte of name and value up, so that lines start and end
// at every offset of a block; the batch stops at the start of the line
// after its last, and the field loop reads on from there.
func TestFieldLineEndsBatch(t *testing.T) {
	const size = 600
	mem := guardedWindow(t, size)
	for _, level := range scanLevels() {
		restore := level.set()
		for width := 1; width <= 24; width++ {
			var sb strings.Builder
			for sb.Len() < size {
				fmt.Fprintf(&sb, "%s: %s\r\n", strings.Repeat("n", width), strings.Repeat("v", width))
			}
			for cut := size - 40; cut <= size; cut++ {
				b := mem[size-cut:]
				copy(b, sb.String())
				for _, i := range []int{0, width + 5} {
					checkFieldLines(t, level.name, b, i)
				}
			}
		}
		restore()
	}
}

// TestFieldSectionBatches parses heads with more field lines than a batch,
// cut between lines and within them, and checks that every field arrives in
// order, as the field loop reads a batch, then the line it stopped in, and
// resumes.
func TestFieldSectionBatches(t *testing.T) {
	for lines := fieldLineBatch - 1; lines <= 3*fieldLineBatch+1; lines++ {
		var sb strings.Builder
		sb.WriteString("GET / HTTP/1.1\r\nHost: h\r\n")
		for k := range lines {
			fmt.Fprintf(&sb, "X-%d:  v%d \r\n", k, k)
		}
		sb.WriteString("\r\n")
		in := sb.String()
		for _, feed := range []int{len(in), 7, 1} {
			var p Parser
			var r Request
			var err error
			for end := min(feed, len(in)); ; end = min(end+feed, len(in)) {
				if _, err = p.ParseHead([]byte(in[:end]), &r); err != ErrIncomplete || end == len(in) {
					break
				}
			}
			if err != nil {
				t.Fatalf("%d lines fed %d at a time: %v", lines, feed, err)
			}
			if len(r.Header) != lines+1 {
				t.Fatalf("%d lines fed %d at a time: %d fields", lines, feed, len(r.Header))
			}
			for k, f := range r.Header[1:] {
				if want := fmt.Sprintf("X-%d", k); f.Name != want || f.Value != fmt.Sprintf("v%d", k) {
					t.Fatalf("%d lines fed %d at a time: field %d is %q: %q", lines, feed, k+1, f.Name, f.Value)
				}
			}
		}
	}
}

// TestFieldLineEndSize: scanFieldLines finds an entry of ends by shifting
// its number by 4, so fieldLineEnd must stay 16 bytes.
func TestFieldLineEndSize(t *testing.T) {
	if n := unsafe.Sizeof(fieldLineEnd{}); n != 16 {
		t.Errorf("fieldLineEnd is %d bytes, want 16 (scan_lines_amd64.s)", n)
	}
}
