package httparse

// Where the check of a chunk-size line stopped (chunkState.phase), in
//
//	chunk-size     = 1*HEXDIG
//	chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//	chunk-ext-name = token
//	chunk-ext-val  = token / quoted-string
//
// Whitespace is allowed only around ";" and "=", never as the whole tail of
// a line ("5 " CRLF is not a chunk-size line).
const (
	inChunkSize    = iota // in chunk-size (no digit yet when checked is 0)
	afterExt              // after a value: ";", BWS or the line end
	inBWS                 // in BWS before ";"
	beforeExtName         // after ";": BWS, then the name
	inExtName             // in a name: "=", ";", BWS or the line end
	afterExtName          // in BWS after a name: "=" or ";"
	beforeExtValue        // after "=": BWS, then a token or a quoted-string
	inExtToken            // in a token value
	inQuoted              // in a quoted-string value
	inQuotedPair          // after "\" in a quoted-string
)

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
	}
	for ; i < end; i++ {
		if err := c.sizeByte(b[i], i-start, base+i); err != nil {
			return err
		}
	}
	c.checked = end - start
	return nil
}

// sizeByte takes the byte ch at offset k of a chunk-size line, off in the
// input, after the chunk-size digits.
func (c *chunkState) sizeByte(ch byte, k, off int) *Error {
	switch c.phase {
	case inChunkSize:
		if k == 0 {
			if isCTL(ch) {
				return badRequest(rfc9112_7_1, off, ctlReason(ch, "chunk-size line"))
			}
			return badRequest(rfc9112_7_1, off, "invalid chunk-size")
		}
		return c.afterValue(ch, off)
	case afterExt, inBWS:
		return c.afterValue(ch, off)
	case beforeExtName:
		switch {
		case tchar[ch]:
			c.phase = inExtName
		case !isOWS(ch):
			return badRequest(rfc9112_711, off, "invalid chunk extension name")
		}
	case inExtName:
		if !tchar[ch] {
			return c.afterName(ch, off)
		}
	case afterExtName:
		return c.afterName(ch, off)
	case beforeExtValue:
		switch {
		case ch == '"':
			c.phase = inQuoted
		case tchar[ch]:
			c.phase = inExtToken
		case !isOWS(ch):
			return badRequest(rfc9112_711, off, "invalid chunk extension value")
		}
	case inExtToken:
		if !tchar[ch] {
			return c.afterValue(ch, off)
		}
	case inQuoted:
		// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE, whose
		// bytes are those of a field value (RFC 9110 §5.6.4).
		switch {
		case ch == '"':
			c.phase = afterExt
		case ch == '\\':
			c.phase = inQuotedPair
		case !fieldContent[ch]:
			return badRequest(rfc9112_711, off, "invalid chunk extension value")
		}
	case inQuotedPair:
		if !fieldContent[ch] {
			return badRequest(rfc9112_711, off, "invalid chunk extension value")
		}
		c.phase = inQuoted
	}
	return nil
}

// afterValue takes a byte after the chunk-size or an extension value (or
// BWS after them): only BWS and ";" may follow.
func (c *chunkState) afterValue(ch byte, off int) *Error {
	switch {
	case ch == ';':
		c.phase = beforeExtName
	case isOWS(ch):
		c.phase = inBWS
	default:
		return badRequest(rfc9112_711, off, "invalid chunk extension")
	}
	return nil
}

// afterName takes a byte after an extension name (or BWS after it): BWS,
// "=" or ";".
func (c *chunkState) afterName(ch byte, off int) *Error {
	switch {
	case ch == '=':
		c.phase = beforeExtValue
	case ch == ';':
		c.phase = beforeExtName
	case isOWS(ch):
		c.phase = afterExtName
	default:
		return badRequest(rfc9112_711, off, "invalid chunk extension")
	}
	return nil
}

// sizeLineEnd judges a chunk-size line that sizeLine passed, b[start:end]
// without its CRLF, where it ends, and sets up the chunk it announces.
func (c *chunkState) sizeLineEnd(b []byte, start, end, base int) *Error {
	switch c.phase {
	case inChunkSize:
		if end == start {
			return badRequest(rfc9112_7_1, base+end, "invalid chunk-size")
		}
	case inBWS, afterExtName:
		return badRequest(rfc9112_711, base+end, "invalid chunk extension")
	case beforeExtName:
		return badRequest(rfc9112_711, base+end, "invalid chunk extension name")
	case beforeExtValue, inQuoted, inQuotedPair:
		return badRequest(rfc9112_711, base+end, "invalid chunk extension value")
	}
	if c.phase != inChunkSize {
		// The extensions are what follows the digits (at most 16).
		ext := start
		for unhex[b[ext]] != 0xff {
			ext++
		}
		c.extBytes += end - ext
	}
	if c.extBytes > maxChunkExtBytes {
		return badRequest(rfc9112_711, base+end, "chunk extensions too large")
	}
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

// trailerPrefix checks what has arrived of a trailer line that has not
// ended, b[start:end], from where the previous call stopped, in the order
// trailerLine checks a whole line: the field count (n fields so far), then
// the field-line grammar. A whole line is checked again by trailerLine;
// this only brings the first offending byte forward, to when it arrives.
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
		i = skipToken(b[:end], i)
		if i == end {
			c.checked = end - start
			return nil
		}
		if b[i] != ':' || i == start {
			return nameError(b[i], base+i, i == start, false)
		}
		c.phase = inTrailerValue
		i++
	}
	if bad := valueEnd(b, i, end); bad < end {
		return valueError(b[bad], base+bad)
	}
	c.checked = end - start
	return nil
}
