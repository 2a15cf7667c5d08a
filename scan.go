package httparse

// The scanners for the end of a field value, of a field name and of the
// request-target: the loops most of a request's bytes go through.
//
// On amd64 they are vector code (scan_amd64.s, and scan_lines_amd64.s for
// fieldLineEnds, which frames whole field lines): a mask flags, 16 or 32
// bytes at a time, every byte that might end the run, so runs of bytes that
// need no decision are skipped whole, and the byte-class table of abnf.go
// decides each flagged byte, the scan going on after it when the table
// allows it. (The first pass of scanFieldLines flags a field value's CTLs
// and DEL, and compares instead: HTAB is the one a value holds, and a CR
// with its LF ends the line.) A mask may flag more than the table rejects,
// never less, so the result is the table loop's, byte for byte;
// scan_test.go and scan_lines_test.go check every byte value at every
// position and length against the tables.
//
// Other architectures, and builds with -tags purego, use the eight-byte
// code of swar.go (valueEnd, tokenEnd) and the table loops, which are the
// reference.

// fieldValueEnd returns the index of the first byte in b[i:end] that cannot
// be inside a field value (a CTL other than HTAB, or DEL), or end, as
// valueEnd does.
func fieldValueEnd(b []byte, i, end int) int {
	if vectorScan {
		j := scanFieldValue(b[:end], i)
		trace(traceVector, j-i)
		return j
	}
	return valueEnd(b, i, end)
}

// fieldLineEnd is where the parts of a whole field line are: the index of
// its colon, its value's bounds without the OWS around it (RFC 9112 §5.1),
// and the index of the CR of its CRLF. The field loop's input ends where
// the header section may end, so it is shorter than 2^32 bytes (headLen)
// and every index fits in 32 bits.
type fieldLineEnd struct{ colon, valueStart, valueEnd, cr uint32 }

// headLen is the most bytes a head can take: the empty lines before the
// request-line, the request-line with its CRLF, and the header section,
// each at its largest. fieldLineEnd relies on its fitting in 32 bits,
// which the conversion checks when the package is compiled.
const headLen = uint32(2*maxLeadingEmptyLines + maxLimit + 2 + maxLimit)

// fieldLineBatch is the most lines one fieldLineEnds call reports.
const fieldLineBatch = 16

// fieldLineEnds reads the field lines that start at b[i] as the field loop
// reads one: the name up to the first byte that is not a tchar
// (fieldNameEnd), then the value from after it up to the first byte no
// value may hold (fieldValueEnd). While that byte after a name is a ":"
// with a byte after it, the name is not empty and the value ends at a
// CRLF, the line is whole and plain: its parts go to ends, at most
// fieldLineBatch of them, and the next line is read. It returns how many
// it recorded (n) and where the line after them stopped: at b[stop], in
// its name (colon is -1) or in its value after the colon at b[colon]. A
// full batch stops at the start of the next line (stop, colon -1).
//
// The field loop judges the stopped line from stop on, not scanning again
// what this call passed (but when stop is the line's first byte, a byte no
// name starts with: it asks again from there, and gets no whole line). The
// vector code (scan_lines_amd64.s) finds the lines' ends before it reads
// their names, so that no line's scan waits for the one before it.
//
// On the vector path an input of fewer than 16 bytes, less than one block,
// is left to the field loop's line-at-a-time path: no line is recorded and
// stop is i. That keeps this function a single call, which the compiler
// inlines into the field loop.
func fieldLineEnds(b []byte, i int, ends *[fieldLineBatch]fieldLineEnd) (n, colon, stop int) {
	if vectorScan {
		n, colon, stop = scanFieldLines(b, i, ends)
		traceFieldLines(i, n, colon, stop)
		return n, colon, stop
	}
	return fieldLinesEach(b, i, ends)
}

// lineParts returns the fieldLineEnd of the whole field line of b that has
// its colon at b[colon] and its CR at b[cr].
func lineParts(b []byte, colon, cr int) fieldLineEnd {
	vs, ve := trimOWS(b, colon+1, cr)
	return fieldLineEnd{uint32(colon), uint32(vs), uint32(ve), uint32(cr)}
}

// fieldLinesEach is fieldLineEnds one scanner call at a time, where there
// is no vector code (the tests' reference is tableFieldLines).
func fieldLinesEach(b []byte, i int, ends *[fieldLineBatch]fieldLineEnd) (n, colon, stop int) {
	for ; n < len(ends); n++ {
		if i < len(b) && b[i] == '\r' {
			// Most often the empty line that ends the section; no name
			// starts with a CR, which the field loop judges.
			return n, -1, i
		}
		c := fieldNameEnd(b, i)
		if c+1 >= len(b) || b[c] != ':' || c == i {
			return n, -1, c
		}
		e := fieldValueEnd(b, c+1, len(b))
		if e+1 >= len(b) || b[e] != '\r' || b[e+1] != '\n' {
			return n, c, e
		}
		ends[n] = lineParts(b, c, e)
		i = e + 2
	}
	return n, -1, i
}

// fieldNameEnd returns the index of the first byte in b[i:] that is not a
// tchar, or len(b), as tokenEnd does.
func fieldNameEnd(b []byte, i int) int {
	if vectorScan {
		j := scanToken(b, i)
		trace(traceVector, j-i)
		return j
	}
	return tokenEnd(b, i)
}

// requestTargetEnd returns the index of the first byte in b[i:end] that is
// not a targetChar, or end: a "%" (which the caller checks as
// pct-encoded), the SP after the target, or a byte no target may hold.
func requestTargetEnd(b []byte, i, end int) int {
	if vectorScan {
		return scanTarget(b[:end], i)
	}
	for i < end && targetChar[b[i]] {
		i++
	}
	return i
}
