package httparse

// The scanners for the end of a field value, of a field name and of the
// request-target: the loops most of a request's bytes go through.
//
// On amd64 they are vector code (scan_amd64.s): a mask flags, 16 or 32
// bytes at a time, every byte that might end the run, so runs of bytes that
// need no decision are skipped whole, and the byte-class table of abnf.go
// decides each flagged byte, the scan going on after it when the table
// allows it. A mask may flag more than the table rejects, never less, so
// the result is the table loop's, byte for byte; scan_test.go checks every
// byte value at every position and length against the tables.
//
// Other architectures, and builds with -tags purego, use the eight-byte
// code of fields.go (valueEnd, tokenEnd) and the table loops, which are
// the reference.

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
