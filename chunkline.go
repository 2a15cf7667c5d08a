package httparse

// A chunk-size line, RFC 9112 §7.1 and §7.1.1:
//
//	chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//	chunk-size     = 1*HEXDIG
//	chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//	chunk-ext-name = token
//	chunk-ext-val  = token / quoted-string
//
// The check of a line stops at a phase (chunkState.phase): inChunkSize in
// the digits, then the phases of parameters in chunk-ext. Whitespace is
// allowed only around ";" and "=", never as the whole tail of a line
// ("5 " CRLF is not a chunk-size line).
const inChunkSize = 0 // in chunk-size (no digit yet when checked is 0)

// chunkExt is how chunk-ext parameters differ from name "=" value: a name
// may stand alone, and BWS may stand around "=".
const chunkExt = paramNameAlone | paramBWS

// sizeLine checks the chunk-size line that starts at b[start], from where
// the previous call stopped (c.checked) up to end, which need not be the
// line's end, and accumulates the size in c.size. It reports the first byte
// no chunk-size line may hold where it stands, whatever follows, so a line
// is rejected at that byte however it arrives, and a line that arrives in
// pieces is read once. sizeLineEnd then judges the line's end.
func (c *chunkState) sizeLine(b []byte, start, end, base int, lim *Limits) *Error {
	i := start + c.checked
	if c.phase == inChunkSize {
		// The digits, the whole of most lines, without a call for each.
		for ; i < end && unhex[b[i]] != 0xff; i++ {
			if i-start == maxChunkSizeDigits {
				return badRequest(rfc9112_7_1, base+i, "chunk-size longer than 16 digits")
			}
			// Checked at every digit, and before the shift, so the size
			// never overflows however many digits arrive and however
			// large the limit (RFC 9112 §7.1: prevent overflow and
			// precision loss).
			if c.size > (lim.MaxBodyBytes-c.total)>>4 {
				return newError(413, rfc9112_7_1, base+i, "chunked body exceeds body limit")
			}
			c.size = c.size<<4 | int64(unhex[b[i]])
			if c.size > lim.MaxBodyBytes-c.total {
				return newError(413, rfc9112_7_1, base+i, "chunked body exceeds body limit")
			}
		}
		if i < end {
			if i == start {
				if isCTL(b[i]) {
					return badRequest(rfc9112_7_1, base+i, ctlReason(b[i], "chunk-size line"))
				}
				return badRequest(rfc9112_7_1, base+i, "invalid chunk-size")
			}
			c.phase = paramAfterValue
		}
	}
	if i < end {
		// Everything after the digits is chunk-ext, and each byte of it
		// is checked here once, however the line arrives.
		c.extBytes += end - i
		c.lineExt += end - i
		ph, bad := parameters(b, i, end, c.phase, chunkExt)
		c.phase = ph
		if bad < end {
			return c.tailError(b, start, bad, base, false)
		}
	}
	c.checked = end - start
	return nil
}

// tailError explains b[bad], where the check of what follows the digits
// of the chunk-size line at b[start] stopped, or the line's end at bad
// when lineEnd is set and the line may not end there. Before the line's
// first ";" no chunk-ext has begun: the byte breaks the chunk-size,
// 1*HEXDIG followed by nothing but BWS before a ";" (RFC 9112 §7.1: "0x5",
// "5 " CRLF, a bare CR); after it, the chunk-ext (§7.1.1).
func (c *chunkState) tailError(b []byte, start, bad, base int, lineEnd bool) *Error {
	for _, x := range b[start:bad] {
		if x == ';' {
			return badRequest(rfc9112_711, base+bad, chunkExtReason(c.phase))
		}
	}
	if !lineEnd && isCTL(b[bad]) {
		return badRequest(rfc9112_7_1, base+bad, ctlReason(b[bad], "chunk-size line"))
	}
	return badRequest(rfc9112_7_1, base+bad, "invalid chunk-size")
}

// chunkExtReason says what part of a chunk-ext is broken where its check
// stopped at phase ph.
func chunkExtReason(ph uint8) string {
	switch ph {
	case paramBeforeName:
		return "invalid chunk extension name"
	case paramBeforeValue, paramInQuoted, paramInQuotedPair:
		return "invalid chunk extension value"
	}
	return "invalid chunk extension"
}

// sizeLineEnd judges a chunk-size line that sizeLine passed, from start to
// end without its CRLF, where it ends, and sets up the chunk it announces.
func (c *chunkState) sizeLineEnd(b []byte, start, end, base int) *Error {
	switch {
	case c.phase == inChunkSize:
		if end == start {
			return badRequest(rfc9112_7_1, base+end, "invalid chunk-size")
		}
	case !parametersEnd(c.phase, chunkExt):
		return c.tailError(b, start, end, base, true)
	}
	if c.extBytes > maxChunkExtBytes {
		return badRequest(rfc9112_711, base+end, "chunk extensions too large")
	}
	c.lineExt = 0
	if c.size == 0 {
		c.state = chunkTrailer
		return nil
	}
	c.left = c.size
	c.total += c.size
	c.state = chunkData
	return nil
}

// Where the check of a trailer line stopped (chunkState.phase).
const (
	inTrailerName = iota
	inTrailerValue
)

// trailerPrefix checks the trailer line b[start:end] (what has arrived of
// it, or the whole line without its CRLF) from where the previous call
// stopped: the field count (n fields so far), then the field-line grammar,
// with the field loop's scanners and errors, noting the colon in c.colon.
// The first offending byte is reported as soon as it arrives, and
// trailerLine finishes a whole line from where this stopped, so each byte
// is examined once.
//
//	field-line = field-name ":" OWS field-value OWS
func (c *chunkState) trailerPrefix(b []byte, start, end, base, n int, lim *Limits) *Error {
	if end == start {
		return nil
	}
	if c.checked == 0 && n == lim.MaxHeaders {
		// The line is not the empty one that ends the section.
		return newError(431, rfc6585_5, base+start, "too many trailer fields")
	}
	i := start + c.checked
	if c.phase == inTrailerName {
		i = fieldNameEnd(b[:end], i)
		if i == end {
			c.checked = end - start
			return nil
		}
		if b[i] != ':' || i == start {
			return nameError(b[i], base+i, i == start, false)
		}
		c.phase, c.colon = inTrailerValue, i-start
		i++
	}
	if bad := fieldValueEnd(b, i, end); bad < end {
		return valueError(b[bad], base+bad)
	}
	c.checked = end - start
	return nil
}
