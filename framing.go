package httparse

// BodyKind says how a request's body is delimited (RFC 9112 §6.3).
type BodyKind uint8

const (
	// NoBody: neither Content-Length nor Transfer-Encoding; the body is
	// empty and the next byte starts the next request. Requests are never
	// delimited by closing the connection.
	NoBody BodyKind = iota
	// LengthBody: exactly Content-Length bytes follow the header section.
	LengthBody
	// ChunkedBody: the body uses the chunked transfer coding (RFC 9112 §7.1).
	ChunkedBody
)

// String returns "none", "content-length" or "chunked".
func (k BodyKind) String() string {
	switch k {
	case LengthBody:
		return "content-length"
	case ChunkedBody:
		return "chunked"
	}
	return "none"
}

// BodyFraming decides how the body of a request with header h and HTTP
// minor version protoMinor (major version 1) is delimited, strictly by
// RFC 9112 §6.3. It is the one decision Parser makes and a server that reads
// bodies itself should make, so that both agree on where a message ends:
//
//  1. Transfer-Encoding in an HTTP/1.0 request: 400 (RFC 9112 §6.1).
//  2. Transfer-Encoding and Content-Length together, in any order or
//     spelling: 400. Two framings on one message is the request smuggling
//     vector of RFC 9112 §11.2, so it is rejected, never resolved.
//  3. Transfer-Encoding: the members of all its lines must be valid
//     codings ending in "chunked" (any case, no parameters), named once;
//     otherwise 400 ("gzip" alone or "chunked, gzip" cannot be framed,
//     RFC 9112 §6.3). A valid coding before chunked ("gzip, chunked", also
//     over two lines) is not implemented: 501 (RFC 9112 §6.1). What is
//     left must be one line whose value is exactly "chunked": several
//     lines or empty members ("chunked,", ", chunked") are 400, since
//     parsers that read the value whole (net/http, nginx) would frame the
//     bytes differently.
//  4. Content-Length: every line must be 1*DIGIT and spell the same
//     value as the first, byte for byte; otherwise 400. A list, even of
//     one repeated value (which RFC 9112 §6.3 lets a recipient accept), is
//     400 too: a recipient that reads the value whole (net/http) sees an
//     invalid number, and the two would frame the message differently.
//     A value above maxBody, or too large for an int64, is 413.
//  5. Neither: NoBody.
//
// BodyFraming does not see the method: Parser also rejects content on a
// CONNECT request (RFC 9110 §9.3.6), and a server that frames a CONNECT
// request itself should do the same.
//
// length is the Content-Length for LengthBody and 0 otherwise. maxBody <= 0
// means the default limit. An error has Offset -1; Parser sets it to the
// offending field line.
func BodyFraming(h Header, protoMinor int, maxBody int64) (kind BodyKind, length int64, err error) {
	kind, length, _, e := bodyFraming(h, protoMinor, maxBody)
	if e != nil {
		return NoBody, 0, e
	}
	return kind, length, nil
}

// bodyFraming is BodyFraming, also returning the index in h of the field
// that caused an error.
func bodyFraming(h Header, protoMinor int, maxBody int64) (BodyKind, int64, int, *Error) {
	f := framingLines{cl: -1, te: -1}
	for i := range h {
		if k := nameKind(h[i].Name); k == fieldTransferEncoding || k == fieldContentLength {
			f.add(k, i)
		}
	}
	return f.decide(h, protoMinor, maxBody)
}

// framingLines is what the framing decision needs to know of a header
// section's Content-Length and Transfer-Encoding lines: the index of the
// first of each kind in the Header (-1 for none), and how many
// Transfer-Encoding lines there are.
// Parser fills it from the lines it recorded while reading the section;
// BodyFraming by comparing every name.
type framingLines struct {
	cl, te  int
	teLines int
}

// add records the line at index i of the Header if its kind is
// fieldContentLength or fieldTransferEncoding.
func (f *framingLines) add(kind fieldKind, i int) {
	switch kind {
	case fieldTransferEncoding:
		if f.te < 0 {
			f.te = i
		}
		f.teLines++
	case fieldContentLength:
		if f.cl < 0 {
			f.cl = i
		}
	}
}

// decide is the framing decision of BodyFraming, in the order its
// documentation gives, returning also the index in h of the field at fault.
// Where both kinds are present, the field at fault is the first line of the
// kind that comes second.
func (f *framingLines) decide(h Header, protoMinor int, maxBody int64) (BodyKind, int64, int, *Error) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	switch {
	case f.te >= 0 && protoMinor == 0:
		return 0, 0, f.te, badRequest(rfc9112_6_1, -1, "transfer-encoding in HTTP/1.0 request")
	case f.te >= 0 && f.cl >= 0:
		return 0, 0, max(f.te, f.cl), badRequest(rfc9112_6_1, -1, "both content-length and transfer-encoding (request smuggling)")
	case f.teLines == 1 && equalFold(h[f.te].Value, "chunked"):
		// What every client sends: answered without splitting the list,
		// which is most of the cost of a chunked head; transferCoding
		// judges everything else.
		return ChunkedBody, 0, -1, nil
	case f.te >= 0:
		bad, e := transferCoding(h, f.te)
		return ChunkedBody, 0, bad, e
	case f.cl >= 0:
		return contentLength(h, f.cl, maxBody)
	}
	return NoBody, 0, -1, nil
}

// transferCoding checks the Transfer-Encoding lines of h from index first on.
//
//	Transfer-Encoding  = #transfer-coding
//	transfer-coding    = token *( OWS ";" OWS transfer-parameter )
func transferCoding(h Header, first int) (int, *Error) {
	chunked := 0 // how many members are "chunked"
	last := ""   // the last member
	other := -1  // index of a field with a valid coding other than chunked
	bad := -1    // index of a field with an invalid member
	params := -1 // index of a field with "chunked" carrying parameters
	lines := 0
	for i := first; i < len(h); i++ {
		f := h[i]
		if nameKind(f.Name) != fieldTransferEncoding {
			continue
		}
		lines++
		forEachMember(f.Value, func(m string, _ int) bool {
			last = m
			switch {
			case equalFold(m, "chunked"):
				chunked++
			case validCoding(m) && codingName(m) == "chunked":
				// RFC 9112 §7.1: chunked has no parameters; a parser that
				// ignored them would frame what others reject.
				if params < 0 {
					params = i
				}
			case validCoding(m):
				if other < 0 {
					other = i
				}
			default:
				// A quoted "chunked", obs-text around it, a stray
				// separator: none of these is chunked, and a parser that thinks
				// otherwise would frame the message differently.
				if bad < 0 {
					bad = i
				}
			}
			return true
		})
	}
	switch {
	case bad >= 0:
		return bad, badRequest(rfc9112_6_1, -1, "invalid transfer-coding")
	case params >= 0:
		return params, badRequest(rfc9112_7_1, -1, "parameters on chunked")
	case last == "":
		return first, badRequest(rfc9112_6_1, -1, "empty transfer-encoding")
	case !equalFold(last, "chunked"):
		return first, badRequest(rfc9112_6_3, -1, "chunked is not the final transfer-coding")
	case chunked > 1:
		return first, badRequest(rfc9112_6_1, -1, "chunked applied more than once")
	case other >= 0:
		return other, newError(501, rfc9112_6_1, -1, "transfer-coding not implemented")
	case lines > 1 || !equalFold(h[first].Value, "chunked"):
		// Chunked alone, but with empty list members (", chunked") or
		// over several lines. The list rule reads that as chunked; a
		// recipient that takes the field value whole (net/http, nginx)
		// sees an unknown coding instead, so the two would frame the
		// message differently (RFC 9112 §11.2).
		return first, badRequest(rfc9112_6_1, -1, "transfer-encoding is not exactly chunked")
	}
	return -1, nil
}

// codingName returns "chunked" for a coding named chunked (any case, with
// or without parameters) and "" for others; m must be a validCoding.
func codingName(m string) string {
	i := skipToken(m, 0)
	if equalFold(m[:i], "chunked") {
		return "chunked"
	}
	return ""
}

// validCoding reports whether m is a transfer-coding, RFC 9110 §10.1.4:
//
//	transfer-coding    = token *( OWS ";" OWS transfer-parameter )
//	transfer-parameter = token BWS "=" BWS ( token / quoted-string )
//
// Whitespace around "=" is not accepted (the parameter of RFC 9110 §5.6.6
// has none): a coding spelled with it is invalid (400) rather than not
// implemented (501). Either way the request is rejected.
func validCoding(m string) bool {
	i := skipToken(m, 0)
	if i == 0 {
		return false
	}
	ph, bad := parameters(m, i, len(m), paramAfterValue, transferParameter)
	return bad == len(m) && parametersEnd(ph, transferParameter)
}

// transferParameter is how transfer-parameter differs from name "=" value,
// as validCoding reads it: not at all.
const transferParameter paramSyntax = 0

// contentLength checks the Content-Length lines of h, the first at index
// first: each must be a valid value spelled as the first is, and the
// value must not pass maxBody.
//
//	Content-Length = 1*DIGIT
func contentLength(h Header, first int, maxBody int64) (BodyKind, int64, int, *Error) {
	// A value too large for an int64 is judged as one over maxBody: after
	// the other lines, so that an invalid or a conflicting line is 400
	// whatever the size of the first value.
	n, e := contentLengthValue(h[first].Value)
	if e != nil && e.Status != 413 {
		return 0, 0, first, e
	}
	for i := first + 1; i < len(h); i++ {
		f := h[i]
		if nameKind(f.Name) != fieldContentLength || f.Value == h[first].Value {
			continue
		}
		if _, e := contentLengthValue(f.Value); e != nil && e.Status != 413 {
			return 0, 0, i, e
		}
		return 0, 0, i, badRequest(rfc9112_6_3, -1, "conflicting content-length values")
	}
	if e != nil {
		return 0, 0, first, e
	}
	if n > maxBody {
		return 0, 0, first, newError(413, rfc9110_8_6, -1, "content-length exceeds body limit")
	}
	return LengthBody, n, -1, nil
}

// contentLengthValue parses one Content-Length field value: 1*DIGIT, or
// 400; a number too large for an int64 is 413.
func contentLengthValue(v string) (int64, *Error) {
	n, ok, tooBig := parseDecimal(v)
	switch {
	case v == "":
		return 0, badRequest(rfc9110_8_6, -1, "empty content-length")
	case !ok:
		// "+5", "-5", "0x5", "5.0", "1 2", "5, 5": one parser's number
		// is another parser's error, and the gap is a smuggling vector.
		return 0, badRequest(rfc9110_8_6, -1, "invalid content-length")
	case tooBig:
		return 0, newError(413, rfc9110_8_6, -1, "content-length too large")
	}
	return n, nil
}

// parseDecimal parses 1*DIGIT. Leading zeros are ordinary digits ("007" is
// 7). tooBig reports a value that does not fit an int64: it never wraps
// (RFC 9110 §8.6 asks recipients to expect very large numbers).
func parseDecimal(s string) (v int64, ok, tooBig bool) {
	if s == "" {
		return 0, false, false
	}
	const cutoff = (1<<63 - 1) / 10
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) {
			return 0, false, false
		}
		if tooBig {
			continue
		}
		d := int64(c - '0')
		if v > cutoff || v*10 > 1<<63-1-d {
			tooBig = true
			continue
		}
		v = v*10 + d
	}
	return v, true, tooBig
}

// connectContent rejects framing fields on a CONNECT request. RFC 9110
// §9.3.6: a CONNECT request has no content, and what follows its header
// section is tunnel data. Parsers that frame a body by Content-Length or
// Transfer-Encoding anyway (net/http, h11) and parsers that take those bytes
// as the tunnel (llhttp) disagree on where the next message starts, so a
// Transfer-Encoding, or a Content-Length other than 0, is 400. A
// Content-Length that is not 1*DIGIT is left to bodyFraming.
func connectContent(h Header, special []fieldLine) *Error {
	for _, f := range special {
		switch f.kind {
		case fieldTransferEncoding:
			return badRequest(rfc9110_936, f.valueStart, "content in CONNECT request")
		case fieldContentLength:
			if n, ok, tooBig := parseDecimal(h[f.index].Value); ok && (n != 0 || tooBig) {
				return badRequest(rfc9110_936, f.valueStart, "content in CONNECT request")
			}
		}
	}
	return nil
}
