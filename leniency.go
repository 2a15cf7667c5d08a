package httparse

import "bytes"

// Leniency is a set of deviations from the strict grammar that a Parser may
// accept, each one something real clients send and SPEC.md documents with
// the RFC text and the risk (most are choices an RFC leaves to the
// recipient; AllowMissingHost is not). The zero value is strict: every kind
// is rejected as SPEC.md says. Combine kinds with |.
//
// A kind never moves a message boundary: for each one there is a strict
// message that the lenient reading stands for (a CRLF for a bare LF, one SP
// for a fold, "%XX" for a raw byte, an empty Host line for a missing one),
// and a lenient Parser accepts exactly what the strict parser accepts of
// that message, with the same fields, body and framing. Turn a kind on only
// when no other HTTP parser (a proxy, a load balancer, a WAF) reads the
// bytes before this one: a parser in front that reads the deviation
// differently frames a different message (request smuggling, RFC 9112
// §11.2).
type Leniency uint32

const (
	// AllowBareLF accepts a lone LF as the end of the request-line, of a
	// field line (in the header or the trailer section), of an empty line
	// before the request-line, and of the empty line that ends the header
	// or the trailer section. Never in
	// chunk-size lines or after chunk-data: those stay CRLF-only, as they
	// delimit the body.
	//
	// Background: embedded clients and hand-written scripts send
	// "GET / HTTP/1.1\nHost: h\n\n". RFC 9112 §2.2: "a recipient MAY
	// recognize a single LF as a line terminator and ignore any preceding
	// CR".
	//
	// Risk: a parser in front that does not end lines at a bare LF sees
	// "Content-Length: 5\nX: y" as one field named Content-Length with an
	// invalid value, or as none, and frames a different body. A bare CR
	// stays rejected.
	AllowBareLF Leniency = 1 << iota

	// AllowObsFold accepts obs-fold in a header field value: every
	// OWS CRLF RWS inside the value (OWS LF RWS with AllowBareLF) becomes
	// one SP, so Field.Value is the unfolded value. The unfolded value is
	// kept in a buffer the Request owns; only a folded field costs that
	// copy.
	//
	// Background: some legacy clients still fold long values. RFC 9112
	// §5.2: a recipient MUST either reject the message or "replace each
	// received obs-fold with one or more SP octets prior to interpreting
	// the field value".
	//
	// Risk: a folded line is a field line to a parser that does not fold
	// ("X: a" CRLF " Content-Length: 5" hides or shows a Content-Length).
	// So a fold stays rejected (400, RFC 9112 §5.2) where that would
	// matter: in Host, Connection, Content-Length and Transfer-Encoding,
	// in the trailer section, and when the continuation line reads as a
	// field line of its own (token, OWS, ":").
	AllowObsFold

	// AllowRawTargetBytes accepts bytes %x80-FF raw in the path and query
	// of the request-target. Target, RawPath and RawQuery keep them as
	// sent; Path is RawPath decoded as usual (raw bytes stay as they are).
	// They stay rejected in a host: a host has one spelling for a
	// non-ASCII name, its percent-encoded UTF-8 (RFC 3986 §3.2.2).
	//
	// Background: GNU Wget2 and Ruby's Net::HTTP send UTF-8 unencoded,
	// "GET /get?u=\xc3\xa9t\xc3\xa9 HTTP/1.1". RFC 9112 §3.2: a server
	// that receives an invalid request-target SHOULD (not MUST) respond
	// 400 or redirect to the properly encoded target.
	//
	// Risk: code that compares RawPath or RawQuery with a percent-encoded
	// form, or writes the target into a log or another request, sees bytes
	// outside ASCII. None of them can end the target or the line.
	AllowRawTargetBytes

	// AllowMissingHost accepts an HTTP/1.1 request without a Host field;
	// Request.Host is then "" (or the target's authority, for
	// absolute-form and authority-form). A second Host field, or an
	// invalid one, stays 400.
	//
	// Background: internal health checkers send "GET /health HTTP/1.1"
	// with no Host. Unlike the other kinds, no RFC text leaves this to
	// the recipient: RFC 9112 §3.2 says a server MUST respond 400. The
	// kind departs from that MUST knowingly, because Host plays no part
	// in framing: the request is read as carrying the empty Host that
	// RFC 9112 §3.2 has a client send when the target has no authority.
	//
	// Risk: the request names no authority; a server that routes by Host
	// must pick one itself, and a cache or proxy keyed on Host may mix
	// such requests up. Framing is unaffected.
	AllowMissingHost
)

// lineLenient is the set of kinds that change how lines end and join, and
// so need fieldLinesLenient.
const lineLenient = AllowBareLF | AllowObsFold

// fieldLinesLenient is fieldLines for a Parser that accepts a bare LF as a
// line end, obs-fold, or both. It reads the same grammar with the same
// resumption state (p.pos, p.scan, p.colon), and differs only where a line
// ends:
//
//   - with AllowBareLF, a lone LF ends a field line and the section;
//   - with AllowObsFold, a field is complete only once the byte after its
//     line end is known not to be SP or HTAB; while that byte has not
//     arrived, the call suspends at the line end and the next call judges
//     the line end again, so every split of the input reads it alike.
//
// p.cont remembers the start of the continuation line being read, so that
// a folded field is known as such without looking back. A folded value is
// unfolded into r.foldBuf once the field is complete.
func (p *Parser) fieldLinesLenient(in []byte, r *Request) error {
	limit := p.headStart + p.lim.MaxHeaderBytes
	b := in[:min(len(in), limit)]
	s := aliasString(b)
	bareLF, fold := p.leniency&AllowBareLF != 0, p.leniency&AllowObsFold != 0
	h, pos, scan, colon, cont := r.Header, p.pos, p.scan, p.colon, p.cont
	for {
		if colon < 0 {
			i := fieldNameEnd(b, scan)
			if i == len(b) || b[i] == '\r' && i+1 == len(b) {
				p.cont = 0
				return p.suspend(in, r, h, pos, colon, i, limit)
			}
			if c := b[i]; c != ':' || i == pos {
				if end := lineEnd(b, i, bareLF); end > 0 && i == pos {
					// The empty line: the header section is complete.
					r.Header, p.pos = h, pos
					p.bodyStart = end
					return nil
				}
				return nameLineError(b, pos, i, len(h) == 0, bareLF)
			}
			if len(h) == p.lim.MaxHeaders {
				return tooManyFields(pos)
			}
			colon, scan = i, i+1
		}
		i := fieldValueEnd(b, scan, len(b))
		if i == len(b) || b[i] == '\r' && i+1 == len(b) {
			p.cont = cont
			return p.suspend(in, r, h, pos, colon, i, limit)
		}
		next := lineEnd(b, i, bareLF)
		if next < 0 {
			return valueError(b[i], i)
		}
		if fold {
			// The line ends at i. Is the field folded onto the next line?
			if cont > 0 {
				if err := continuation(b, cont, i); err != nil {
					return err
				}
			}
			if next == len(b) && len(in) == len(b) {
				// The byte after the line end decides; b was not cut at
				// the section limit, so it is still to come.
				p.cont = cont
				return p.suspend(in, r, h, pos, colon, i, limit)
			}
			if next < len(b) && isOWS(b[next]) {
				if maySpecial(colon-pos, b[pos]) && kindOf(b[pos:colon]) != fieldOther {
					// A parser that does not fold would see a different
					// Host, Connection or framing field.
					return badRequest(rfc9112_5_2, next, "obsolete line folding in a field the parser interprets")
				}
				scan, cont = next, next
				continue
			}
		}
		var value string
		if cont > 0 {
			start := len(r.foldBuf)
			r.foldBuf = unfold(r.foldBuf, b, colon+1, i)
			value = aliasString(r.foldBuf[start:len(r.foldBuf):len(r.foldBuf)])
		} else {
			vs, ve := trimOWS(b, colon+1, i)
			if maySpecial(colon-pos, b[pos]) {
				if kind := kindOf(b[pos:colon]); kind != fieldOther {
					p.recordSpecial(kind, pos, colon, vs, ve, len(h))
				}
			}
			value = s[vs:ve]
		}
		h = append(h, Field{s[pos:colon], value})
		pos, scan, colon, cont = next, next, -1, 0
	}
}

// lineEnd returns the index after the line end that starts at b[i] (a CRLF,
// or with bareLF a lone LF), or -1 when b[i] starts none. b[i+1] must
// exist when b[i] is CR.
func lineEnd(b []byte, i int, bareLF bool) int {
	switch {
	case b[i] == '\r' && b[i+1] == '\n':
		return i + 2
	case b[i] == '\n' && bareLF:
		// RFC 9112 §2.2: a recipient MAY recognize a single LF as a line
		// terminator.
		return i + 1
	}
	return -1
}

// continuation rejects the continuation line b[start:end] of a folded
// field when it reads as a field line of its own, RWS, a token, OWS and
// ":": a parser that does not fold sees that field, one that folds does not
// (the obs-fold smuggling vector).
func continuation(b []byte, start, end int) *Error {
	i := start
	for i < end && isOWS(b[i]) {
		i++
	}
	j := fieldNameEnd(b[:end], i)
	k := j
	for k < end && isOWS(b[k]) {
		k++
	}
	if j > i && k < end && b[k] == ':' {
		return badRequest(rfc9112_5_2, start, "obsolete line folding hides a field line")
	}
	return nil
}

// unfold appends to dst the value of a folded field whose value part, from
// after the colon to the end of its last line, is b[start:end]: every
// OWS line-end RWS becomes one SP (RFC 9112 §5.2), and OWS around the whole
// value is dropped (RFC 9112 §5.1).
func unfold(dst, b []byte, start, end int) []byte {
	first := len(dst)
	for {
		e, next := end, -1
		if lf := bytes.IndexByte(b[start:end], '\n'); lf >= 0 {
			e, next = start+lf, start+lf+1
			if b[e-1] == '\r' {
				e--
			}
		}
		vs, ve := trimOWS(b, start, e)
		dst = append(dst, b[vs:ve]...)
		if next < 0 {
			break
		}
		dst = append(dst, ' ')
		start = next
	}
	// Empty segments at either end leave an SP there.
	i, j := trimOWS(dst, first, len(dst))
	n := copy(dst[first:], dst[i:j])
	return dst[:first+n]
}
