package httparse

import (
	"math/bits"
	"slices"
)

// The field section of a request's head (RFC 9112 §5), read by the strict
// loop: whole lines in batches, and any other line byte by byte, resumable
// at any byte. The lenient loop (leniency.go) shares its stops and its
// errors.

// fieldLines reads field lines: the name up to ":", then the value up to
// the first byte no value may hold, which on a valid line is the CR of its
// CRLF. The whole lines from the start of a line not looked at yet come
// from fieldLineEnds in one call (on the vector path, when at least 16
// bytes are in); the line it stopped in (not yet complete, not valid, or
// the empty line) is read on from where it stopped. Between
// calls the loop remembers how far the current line was checked (p.scan)
// and where its colon is (p.colon), so a resumed call does not scan again
// what an earlier one passed, however the input is split.
//
//	field-line = field-name ":" OWS field-value OWS
func (p *Parser) fieldLines(in []byte, r *Request) error {
	// The whole section, CRLFs included, must fit MaxHeaderBytes; nothing
	// past that is scanned (RFC 9110 §5.4: never truncate, reject).
	limit := p.headStart + p.lim.MaxHeaderBytes
	b := in[:min(len(in), limit)]
	// Fields go into r.Header as substrings of the input, built from the
	// parts of whole lines framed in p.ends.
	s := aliasString(b)
	h, pos, scan, colon := r.Header, p.pos, p.scan, p.colon
	maxFields := p.lim.MaxHeaders
	ends := &p.ends
	for {
		n := 0
		if colon < 0 {
			if pos+1 < len(b) && b[pos] == '\r' && b[pos+1] == '\n' {
				// The empty line: the header section is complete.
				r.Header, p.pos = h, pos
				p.bodyStart = pos + 2
				return nil
			}
			if scan == pos && len(b)-pos >= len("a:\r\n") {
				// A line not looked at yet, with room for a whole one:
				// the whole, plain lines from here are found in one scan,
				// and the first other one is judged below from where that
				// scan stopped. (Input that arrives a byte at a time
				// never has the room, and goes on byte by byte.)
				n, colon, scan = fieldLineEnds(b, pos, ends)
			}
		}
		if n == 0 {
			// The line at pos, read on from scan.
			if colon < 0 {
				i := fieldNameEnd(b, scan)
				// The common case first: a name ended by its colon, with
				// more bytes after it. Everything else (a line cut short,
				// an error) is nameStop's.
				if i+1 >= len(b) || b[i] != ':' || i == pos {
					return p.nameStop(in, r, h, pos, i, limit)
				}
				colon, scan = i, i+1
			}
			if len(h) == maxFields {
				return tooManyFields(pos)
			}
			i := fieldValueEnd(b, scan, len(b))
			if i+1 >= len(b) || b[i] != '\r' || b[i+1] != '\n' {
				return p.valueStop(in, r, h, pos, colon, i, limit)
			}
			ends[0] = lineParts(b, colon, i)
			n, scan, colon = 1, i+2, -1
		}
		if room := maxFields - len(h); n > room {
			// The line after the last one Limits.MaxHeaders allows (or,
			// when the caller added fields of its own, the first).
			h, pos = p.addLines(h, s, pos, max(room, 0))
			return tooManyFields(pos)
		}
		h, pos = p.addLines(h, s, pos, n)
	}
}

// addLines appends to h the first n whole field lines of p.ends, the first
// of them at pos, as substrings of s (the input as a string), records those
// whose names the parser interprets, and returns h and the start of the
// line after them.
func (p *Parser) addLines(h Header, s string, pos, n int) (Header, int) {
	ends := p.ends[:n]
	k := len(h)
	h = slices.Grow(h, len(ends))[:k+len(ends)]
	out := h[k:]
	out = out[:len(ends)]
	start := pos
	maybe, pos := setFields(out, s, pos, ends)
	for maybe != 0 {
		j := bits.TrailingZeros32(maybe)
		maybe &= maybe - 1
		if j > 0 {
			start = int(ends[j-1].cr) + 2
		}
		e := ends[j]
		if kind := kindOf(out[j].Name); kind != fieldOther {
			p.recordSpecial(kind, start, int(e.colon), int(e.valueStart), int(e.valueEnd), k+j)
		}
	}
	return h, pos
}

// setFields sets out[j] to the field line of ends[j], the first at pos, as
// substrings of s, and returns the start of the line after them and a mask
// with bit j set when the name of line j may be one the parser interprets
// (maySpecial). It makes no call, so its loop keeps every value in a
// register; it is not inlined, which would bring back the caller's values
// and calls.
//
//go:noinline
func setFields(out []Field, s string, pos int, ends []fieldLineEnd) (maybe uint32, next int) {
	ends = ends[:len(out)]
	for j, e := range ends {
		name := s[pos:e.colon]
		if maySpecial(len(name), name[0]) {
			maybe |= 1 << j
		}
		out[j] = Field{name, s[e.valueStart:e.valueEnd]}
		pos = int(e.cr) + 2
	}
	return maybe, pos
}

// recordSpecial notes for interpretHead a field line whose name is one the
// parser interprets: the name pos up to colon, the value vs up to ve, and
// its index in Request.Header.
func (p *Parser) recordSpecial(kind fieldKind, pos, colon, vs, ve, index int) {
	p.special = append(p.special, fieldLine{pos, colon, vs, ve, kind, index})
	p.framing = p.framing || kind >= fieldContentLength
}

// nameStop ends fieldLines at b[i], where the name of the line at pos
// stopped other than at a colon with bytes after it: a line not yet
// complete (ErrIncomplete or the section limit), or an error.
func (p *Parser) nameStop(in []byte, r *Request, h Header, pos, i, limit int) error {
	b := in[:min(len(in), limit)]
	switch {
	case i == len(b) || b[i] == '\r' && i+1 == len(b):
		return p.suspend(in, r, h, pos, -1, i, limit)
	case b[i] == ':' && i+1 == len(b) && i != pos:
		// The colon is the last byte: the value is still to come.
		if len(h) == p.lim.MaxHeaders {
			return tooManyFields(pos)
		}
		return p.suspend(in, r, h, pos, i, i+1, limit)
	}
	return nameLineError(b, pos, i, len(h) == 0, false)
}

// valueStop ends fieldLines at b[i], where the value of the line at pos
// stopped other than at a CRLF: a line not yet complete (ErrIncomplete or
// the section limit) or a byte no field value may hold.
func (p *Parser) valueStop(in []byte, r *Request, h Header, pos, colon, i, limit int) error {
	b := in[:min(len(in), limit)]
	if i == len(b) || b[i] == '\r' && i+1 == len(b) {
		return p.suspend(in, r, h, pos, colon, i, limit)
	}
	return valueError(b[i], i)
}

// tooManyFields is the error for a field line at pos past
// Limits.MaxHeaders (RFC 6585 §5).
func tooManyFields(pos int) *Error {
	return newError(431, rfc6585_5, pos, "too many header fields")
}

// nameLineError explains a field line whose name ended at b[i] without a
// colon after it. bareLF is set when a bare LF may end a line
// (AllowBareLF); else one is the error, wherever it stands.
func nameLineError(b []byte, start, i int, first, bareLF bool) *Error {
	switch c := b[i]; {
	case c == '\n' && !bareLF:
		return badRequest(rfc9112_2_2, i, "bare LF")
	case c == '\n', c == '\r' && b[i+1] == '\n':
		return badRequest(rfc9112_5, i, "missing colon in field line")
	}
	return nameError(b[i], i, i == start, first)
}

// suspend ends a fieldLines call that ran out of bytes at i: an error when
// the header section limit was the cause, else ErrIncomplete with the
// position saved for the next call.
func (p *Parser) suspend(in []byte, r *Request, h Header, pos, colon, i, limit int) error {
	if len(in) > limit && i+1 >= limit {
		return newError(431, rfc6585_5, limit, "header section too large")
	}
	r.Header, p.pos, p.scan, p.colon = h, pos, i, colon
	p.base = &in[0]
	p.moreClass, p.moreLimit = &tchar, limit
	if colon >= 0 {
		p.moreClass = &fieldContent
	}
	return ErrIncomplete
}
