package httparse

import "encoding/binary"

// incomplete is called when b holds no LF after p.scan: the request-line
// has not ended. What has arrived of it is checked now, so that a byte no
// request-line may hold is rejected when it arrives, not at a line end that
// a non-HTTP peer (a TLS handshake, binary noise) never sends, and a line
// already over its limit is rejected too. The error is the one the whole
// line gets.
func (p *Parser) incomplete(b []byte) error {
	end := len(b)
	if end > p.pos && b[end-1] == '\r' {
		// A final CR may start the line's CRLF: it is judged with the
		// byte after it.
		end--
	}
	if end-p.pos > p.lim.MaxRequestLine {
		return p.requestLineTooLong(b)
	}
	trace(traceLine, end-p.scan) // the unfinished line is checked as it arrives
	if err := p.scanRequestLine(b, end); err != nil {
		return err
	}
	p.suspendLine()
	return ErrIncomplete
}

// suspendLine notes for oneMore, when the unfinished request-line
// stopped in the method or the request-target, the class of the bytes
// that continue that part without a decision (tchar, targetChar) and the
// input length the part may reach: a byte past the method's or the line's
// limit, or of another class, takes the full path, as does the call after
// a scan that stopped short of the end (inside a pct-encoded triplet, or
// at a final CR). A request fed a byte at a time spends most of its
// request-line's calls in oneMore.
func (p *Parser) suspendLine() {
	limit := p.pos + p.lim.MaxRequestLine
	switch {
	case p.methodEnd == 0:
		p.moreClass, p.moreLimit = &tchar, min(limit, p.pos+maxMethodLen)
	case p.targetEnd == 0:
		p.moreClass, p.moreLimit = &targetChar, limit
	}
}

// requestLineTooLong judges a request-line that goes on past
// MaxRequestLine. A byte within the limit that no request-line may hold is
// reported as in a shorter line: the first offending byte wins. Otherwise
// the line is too long (RFC 9112 §3), 414, or 501 when the limit cuts the
// method; a limit that cuts the HTTP-version leaves no room for it after
// the target, which is too long for that limit. The offset is the first
// byte over the limit.
func (p *Parser) requestLineTooLong(b []byte) *Error {
	cut := p.pos + p.lim.MaxRequestLine
	if err := p.scanRequestLine(b, cut); err != nil {
		return err
	}
	switch {
	case p.methodEnd == 0:
		// The method fills the limit. Above maxMethodLen the scan has
		// rejected it already, so this is a limit of maxMethodLen or less.
		return newError(501, rfc9112_3, cut, "method too long")
	case p.targetEnd == 0:
		return newError(414, rfc9112_3, cut, "request-target too long")
	}
	return newError(414, rfc9112_3, cut, "request-line too long")
}

// scanRequestLine checks the request-line that starts at p.pos, from p.scan
// up to end, which need not be the line's end.
//
//	request-line = method SP request-target SP HTTP-version
//	method       = token
//	HTTP-version = HTTP-name "/" DIGIT "." DIGIT
//	HTTP-name    = %s"HTTP"
//
// It reports the first byte that no request-line may hold where it stands,
// whatever follows, and otherwise records how far the line is good (p.scan,
// and the ends of the parts that have ended), so that a line that arrives
// in pieces is checked once in all. requestLineEnd then judges the line's
// end. A major version other than 1 is judged once the version's last
// digit arrives, and reported at the major digit.
//
// Exactly one SP separates the parts (RFC 9112 §3): splitting on runs of
// whitespace is a MAY that strict parsing declines, because two parsers that
// split differently disagree on the target.
func (p *Parser) scanRequestLine(b []byte, end int) *Error {
	if err := p.scanMethodAndTarget(b, end); err != nil || p.targetEnd == 0 {
		return err
	}
	// HTTP-version, case-sensitive, exactly eight bytes: checked from its
	// start each time, which is never more than nine bytes. A whole
	// "HTTP/1.x" is taken in one comparison first.
	const name = "HTTP/"
	v := p.targetEnd + 1
	if end-v == 8 && isHTTP1(binary.LittleEndian.Uint64(b[v:v+8])) {
		p.scan = end
		return nil
	}
	for i := v; i < end; i++ {
		trace(traceVersion, 1)
		c, ok := b[i], false
		switch k := i - v; {
		case k < len(name):
			ok = c == name[k]
		case k == len(name), k == len(name)+2:
			ok = isDigit(c)
		case k == len(name)+1:
			ok = c == '.'
		}
		if !ok {
			return badRequest(rfc9112_2_3, i, "invalid HTTP-version")
		}
		if major := v + len(name); i == major+2 && b[major] != '1' {
			// RFC 9110 §15.6.6: 505 for a major version the server will
			// not use, including the HTTP/2 connection preface
			// "PRI * HTTP/2.0", reported at its digit. It is judged once
			// the version's last digit is in, so that a version that is
			// no HTTP-version at all ("HTTP/01.1", "HTTP/2x") is the
			// syntax error it is (400).
			return newError(505, rfc9110_2_5, major, "HTTP major version not supported")
		}
	}
	p.scan = end
	return nil
}

// scanMethodAndTarget is scanRequestLine for the method and the
// request-target, the parts before the HTTP-version: it stops at end, at
// the first byte neither part may hold where it stands (an error), or once
// the SP after the target is in (p.targetEnd set; p.scan is left for the
// caller to move past the version).
func (p *Parser) scanMethodAndTarget(b []byte, end int) *Error {
	start, i := p.pos, p.scan
	if p.methodEnd == 0 {
		i = skipToken(b[:end], i)
		switch {
		case i-start > maxMethodLen:
			return newError(501, rfc9112_3, start+maxMethodLen, "method too long")
		case i == end:
			p.scan = i
			return nil
		case b[i] != ' ':
			return badRequest(rfc9112_3, i, invalidIn(b[i], "method"))
		case i == start:
			return badRequest(rfc9112_3, i, "empty method")
		}
		p.methodEnd = i
		i++
		p.targetStart = i
	}
	if p.targetEnd == 0 {
		for {
			i = requestTargetEnd(b, i, end)
			if i == end {
				break
			}
			if b[i] != '%' {
				if !isObsText(b[i]) || p.leniency&AllowRawTargetBytes == 0 {
					break
				}
				i++ // a raw byte %x80-FF, allowed
				continue
			}
			// RFC 3986 §2.1: "%" only as pct-encoded.
			p.targetPct = true
			bad := pctEncoded(b[:end], i)
			if bad == end {
				p.scan = i // the rest of the escape has not arrived
				return nil
			}
			if bad >= 0 {
				return badRequest(rfc3986_2_1, bad, "malformed percent-encoding")
			}
			i += 3
		}
		switch {
		case i == end:
			p.scan = i
			return nil
		case b[i] == '#':
			return badRequest(rfc9112_3_2, i, "fragment in request-target")
		case b[i] == '\\':
			return badRequest(rfc9112_3_2, i, "backslash in request-target")
		case b[i] != ' ':
			return badRequest(rfc9112_3_2, i, invalidIn(b[i], "request-target"))
		case i == p.targetStart:
			return badRequest(rfc9112_3, i, "empty request-target")
		}
		p.targetEnd = i
	}
	return nil
}

// httpOnePrefix is "HTTP/1." as the low seven bytes of a little-endian
// word.
const httpOnePrefix = 'H' | 'T'<<8 | 'T'<<16 | 'P'<<24 | '/'<<32 | '1'<<40 | '.'<<48

// getSP is "GET " as a little-endian word: the start of most
// request-lines, which wholeRequestLine passes in one comparison.
const getSP = 'G' | 'E'<<8 | 'T'<<16 | ' '<<24

// isHTTP1 reports whether w, eight bytes as a little-endian word, is
// "HTTP/1." and a DIGIT: an HTTP-version of major version 1.
func isHTTP1(w uint64) bool {
	return w&(1<<56-1) == httpOnePrefix && isDigit(byte(w>>56))
}

// requestLineEnd judges a request-line that scanRequestLine passed up to
// end, where it ends (before its CRLF), and records the minor version.
func (p *Parser) requestLineEnd(b []byte, end int) *Error {
	switch {
	case p.methodEnd == 0:
		return badRequest(rfc9112_3, end, "request-line has no request-target")
	case p.targetEnd == 0 && p.scan < end:
		// The line ends inside a pct-encoded triplet.
		return badRequest(rfc3986_2_1, end, "malformed percent-encoding")
	case p.targetEnd == 0:
		return badRequest(rfc9112_3, end, "request-line has no HTTP-version")
	case end-p.targetEnd-1 != len("HTTP/1.1"):
		return badRequest(rfc9112_2_3, end, "invalid HTTP-version")
	}
	p.minor = int(b[end-1] - '0')
	return nil
}

// wholeRequestLine is startLine's first look at a request-line: it scans
// the method and the target up to the request-line limit, without first
// searching for the line's LF, so that each byte is looked at once. On the
// line almost every request has, arrived whole and valid, with
// "HTTP/1.x" and its CRLF right after the target, within MaxRequestLine,
// it records the parts and returns the index of the LF and ok. The method
// and a target without "%" are read with locals; from a "%" or a raw byte
// on, the target's resumable scan (scanMethodAndTarget) takes over.
// Anywhere else the line stops, it records how far the line is good, as
// scanMethodAndTarget does (the method's end, once its SP is in, and
// p.scan), and the general path goes on from there: a line cut short or at
// the limit, a version other than "HTTP/1.x" and CRLF, a byte no part may
// hold (judged there again, with the line's end in hand).
func (p *Parser) wholeRequestLine(b []byte) (lf int, ok bool) {
	start := p.pos
	line := b[:min(len(b), start+p.lim.MaxRequestLine)]
	end := len(line)
	// The method: "GET " in one comparison, else a token up to its SP.
	m := start + 3
	if end-start < 4 || load32(line, start) != getSP {
		m = skipToken(line, start)
		if m == end || line[m] != ' ' || m == start || m-start > maxMethodLen {
			trace(traceLine, m-start)
			p.scan = m
			return 0, false
		}
	}
	t := m + 1
	i := requestTargetEnd(line, t, end)
	p.methodEnd, p.targetStart = m, t
	if i < end && line[i] != ' ' {
		// A "%" (or a raw byte, or one no target may hold): the target's
		// resumable scan goes on from it, as far as the limit allows.
		p.scan = i
		if err := p.scanMethodAndTarget(line, end); err != nil {
			// Judged again from i, with the line's end in hand.
			trace(traceLine, i-start)
			p.scan, p.targetPct = i, false
			return 0, false
		}
		if p.targetEnd == 0 {
			trace(traceLine, p.scan-start)
			return 0, false
		}
		i = p.targetEnd
	}
	if i == end || i == t {
		trace(traceLine, i-start)
		p.scan = i
		return 0, false
	}
	v := i + 1 // the version, then CRLF
	if end-v >= 8 && len(b)-v >= 10 {
		// The version and the CRLF, as a word and a half-word.
		x := b[v : v+10 : v+10]
		if w := binary.LittleEndian.Uint64(x); isHTTP1(w) && binary.LittleEndian.Uint16(x[8:]) == '\r'|'\n'<<8 {
			p.targetEnd, p.minor = i, int(byte(w>>56)-'0')
			trace(traceLine, v+10-start)
			return v + 9, true
		}
	}
	// The target is whole: the general path judges what follows it.
	p.targetEnd = i
	trace(traceLine, v-start)
	p.scan = v
	return 0, false
}

// invalidIn words the error for a byte that ends a request-line part early.
func invalidIn(c byte, where string) string {
	if isCTL(c) {
		return ctlReason(c, where)
	}
	if c == ' ' || c == '\t' {
		return "whitespace in " + where
	}
	return "invalid byte in " + where
}
