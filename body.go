package httparse

import "bytes"

const (
	// maxChunkLine bounds a chunk-size line, its size, extensions and CRLF,
	// as MaxHeaderBytes counts a field line's CRLF: chunk extensions are
	// unbounded in the grammar, and RFC 9112 §7.1.1 asks servers to limit
	// them.
	maxChunkLine = 4 << 10
	// maxChunkExtBytes bounds the chunk extensions of one body in total, so
	// a stream of one-byte chunks with long extensions cannot cost far more
	// work than its content (RFC 9112 §7.1.1).
	maxChunkExtBytes = 16 << 10
	// maxChunkSizeDigits bounds chunk-size, leading zeros included: 16 hex
	// digits hold any 64-bit size, and net/http refuses a 17th, so a longer
	// one accepted here would frame a body another parser rejects.
	maxChunkSizeDigits = 16
)

// chunk decoder states.
const (
	chunkSize    = iota // at the start of a chunk-size line
	chunkData           // inside chunk-data
	chunkDataEnd        // at the CRLF after chunk-data
	chunkTrailer        // at the start of a trailer line or the final CRLF
	chunkDone
)

// chunkState is the resumable core of chunked decoding, RFC 9112 §7.1,
// shared by Parser and ChunkedDecoder.
//
//	chunked-body    = *chunk
//	                  last-chunk
//	                  trailer-section
//	                  CRLF
//	chunk           = chunk-size [ chunk-ext ] CRLF
//	                  chunk-data CRLF
//	chunk-size      = 1*HEXDIG
//	last-chunk      = 1*("0") [ chunk-ext ] CRLF
//	trailer-section = *( field-line CRLF )
//
// It consumes whole lines only, so a caller keeps an incomplete line and
// passes it again with more bytes; chunk-data is consumed as it arrives.
// What has arrived of an incomplete line is checked all the same, so that a
// byte no line may hold is an error as soon as it arrives.
type chunkState struct {
	state        int
	left         int64 // chunk-data bytes still to come
	total        int64 // decoded bytes so far
	extBytes     int   // chunk-ext bytes of the body so far
	lineExt      int   // of them, those of the current chunk-size line
	trailerBytes int
	scanned      int // bytes of the current line already searched for its LF
	// The current chunk-size or trailer line, as far as it was checked.
	checked int   // bytes of the line checked
	phase   uint8 // where in the line's grammar the check stopped
	colon   int   // a trailer line's colon, from its start, once phase is inTrailerValue
	size    int64 // chunk-size so far
	bareLF  bool  // a lone LF ends a trailer line (AllowBareLF)
}

// decode consumes what it can of src, appends chunk-data to *dst and
// trailer field lines to *trailers, and returns how many bytes it consumed.
// base is the offset of src[0] in the caller's input: errors and trailer
// offsets count from there. err is nil once the final CRLF is consumed,
// ErrIncomplete when more bytes are needed, or an *Error.
func (c *chunkState) decode(src []byte, base int, dst *[]byte, trailers *[]fieldLine, lim *Limits) (int, error) {
	i := 0
	for {
		switch c.state {
		case chunkData:
			n := int64(len(src) - i)
			if n == 0 {
				return i, ErrIncomplete
			}
			if n > c.left {
				n = c.left
			}
			*dst = append(*dst, src[i:i+int(n)]...)
			i += int(n)
			c.left -= n
			if c.left == 0 {
				c.state = chunkDataEnd
			}
		case chunkDataEnd:
			// chunk-data is followed by exactly CRLF (RFC 9112 §7.1): data
			// longer than its size, or a bare LF, would let two parsers cut
			// the body in different places.
			if i == len(src) {
				return i, ErrIncomplete
			}
			if src[i] != '\r' {
				return i, badRequest(rfc9112_7_1, base+i, "chunk-data not followed by CRLF")
			}
			if i+1 == len(src) {
				return i, ErrIncomplete
			}
			if src[i+1] != '\n' {
				return i, badRequest(rfc9112_7_1, base+i, "bare CR after chunk-data")
			}
			i += 2
			c.state = chunkSize
		case chunkSize, chunkTrailer:
			// limit is the first offset from the line start that is past
			// its budget, which the line's LF must come before: a
			// chunk-size line has maxChunkLine bytes, a trailer line what
			// is left of MaxHeaderBytes, CRLF included in both.
			limit := maxChunkLine
			if c.state == chunkTrailer {
				limit = lim.MaxHeaderBytes - c.trailerBytes
			}
			maxLF := limit - 1
			if c.checked > len(src)-i {
				// Fewer bytes of the line than an earlier call checked:
				// the caller dropped some, which the resume contract
				// does not allow. The line is checked again from its
				// start rather than read past src.
				c.checked, c.phase, c.size, c.scanned = 0, 0, 0, 0
				c.extBytes, c.lineExt = c.extBytes-c.lineExt, 0
			}
			// The line was searched up to c.scanned by earlier calls, so
			// a line that arrives in pieces is searched once in all.
			from := min(c.scanned, len(src)-i)
			j := bytes.IndexByte(src[i+from:], '\n')
			if j >= 0 {
				trace(traceLine, j+1)
				j += from
			} else {
				trace(traceLine, len(src)-i-from)
			}
			if j < 0 || j > maxLF {
				// No line end within the budget yet. What has arrived of
				// the line within it is checked now, as it is once the
				// line has ended: a byte no line may hold is reported at
				// once, and before the limit.
				w := min(len(src), i+limit)
				if w > i && src[w-1] == '\r' {
					// A final CR is judged with the byte after it: at
					// the end of the input it may start the line's CRLF;
					// on the budget's last byte, what follows is past
					// the budget, so the error is the budget's, as in
					// the header section, whatever that byte is.
					w--
				}
				var err *Error
				if c.state == chunkSize {
					err = c.sizeLine(src, i, w, base, lim)
				} else {
					err = c.trailerPrefix(src, i, w, base, len(*trailers), lim)
				}
				if err != nil {
					return i, err
				}
				if len(src)-i <= limit {
					// Within the budget, or it is full and the byte that
					// goes past it, where the error is reported, has not
					// come yet (as in the header section).
					c.scanned = len(src) - i
					return i, ErrIncomplete
				}
				if c.state == chunkTrailer {
					return i, newError(431, rfc6585_5, base+i+limit, "trailer section too large")
				}
				return i, badRequest(rfc9112_711, base+i+limit, "chunk-size line too long")
			}
			c.scanned = 0
			lf := i + j
			end := lf
			if end > i && src[end-1] == '\r' {
				end--
			}
			var err *Error
			trailer := c.state == chunkTrailer
			if !trailer {
				err = c.sizeLine(src, i, end, base, lim)
				if err == nil {
					err = c.sizeLineEnd(src, i, end, base)
				}
			} else {
				err = c.trailerLine(src, i, end, lf, base, trailers, lim)
			}
			c.checked, c.phase, c.size = 0, 0, 0
			if err != nil {
				return i, err
			}
			if end == lf && !(trailer && c.bareLF) {
				// RFC 9112 §7.1: CRLF ends every line of the chunked
				// framing; the bare-LF allowance of §2.2 reaches only the
				// trailer section, and only with AllowBareLF.
				return i, badRequest(rfc9112_7_1, base+lf, "bare LF in chunked framing")
			}
			i = lf + 1
			if c.state == chunkDone {
				return i, nil
			}
		case chunkDone:
			return i, nil
		}
	}
}

// trailerLine handles one trailer-section line without its CRLF.
func (c *chunkState) trailerLine(b []byte, start, end, lf, base int, trailers *[]fieldLine, lim *Limits) *Error {
	if start == end {
		if end == lf && !c.bareLF {
			return nil // the bare LF error is the caller's
		}
		c.state = chunkDone
		return nil
	}
	c.trailerBytes += lf + 1 - start
	// The rest of the line is checked where earlier calls stopped, so each
	// byte of a trailer line is examined once however it arrives.
	if err := c.trailerPrefix(b, start, end, base, len(*trailers), lim); err != nil {
		return err
	}
	if c.phase == inTrailerName {
		// A line of name bytes alone.
		return badRequest(rfc9112_5, base+end, "missing colon in trailer field")
	}
	colon := start + c.colon
	// RFC 9110 §6.5.1: a trailer must not change framing, routing,
	// authentication or how the content is interpreted. Rejecting these
	// fields outright is stricter than dropping them and leaves no doubt.
	if forbiddenTrailer(aliasString(b[start:colon])) {
		return badRequest(rfc9110_651, base+start, "field not allowed in trailer section")
	}
	vs, ve := trimOWS(b, colon+1, end)
	*trailers = append(*trailers, fieldLine{nameStart: base + start, nameEnd: base + colon, valueStart: base + vs, valueEnd: base + ve})
	return nil
}

// forbiddenTrailers are the fields RFC 9110 §6.5.1 keeps out of trailers:
// message framing, routing, request modifiers, authentication, and the
// fields that say how to process the content. The conditionals, request
// modifiers too, are every field named "If-" something (forbiddenTrailer).
var forbiddenTrailers = []string{
	"transfer-encoding", "content-length", "host", "trailer", "te", "connection",
	"authorization", "proxy-authorization", "cookie", "set-cookie",
	"content-type", "content-encoding", "content-range", "content-location",
	"cache-control", "expect", "max-forwards", "pragma", "range",
}

// forbiddenTrailer reports whether a trailer may not carry the field name:
// one of forbiddenTrailers, or a precondition (RFC 9110 §13.1, and the
// likes of RFC 6638's If-Schedule-Tag-Match), whose names start "If-".
func forbiddenTrailer(name string) bool {
	if len(name) >= len("if-") && equalFold(name[:len("if-")], "if-") {
		return true
	}
	for _, f := range forbiddenTrailers {
		if equalFold(name, f) {
			return true
		}
	}
	return false
}

// ChunkedDecoder decodes a chunked request body incrementally, for servers
// that stream bodies instead of buffering whole requests (see
// Parser.ParseHead): the chunked transfer coding of RFC 9112 §7.1, its
// chunk extensions validated and dropped (§7.1.1) and its trailer section
// kept in Trailer (§7.1.2). It enforces the rules and limits Parser.Parse
// does.
// The zero value is ready to use with the default Limits.
type ChunkedDecoder struct {
	// Limits: MaxBodyBytes bounds the decoded body (413); MaxHeaders and
	// MaxHeaderBytes bound the trailer section (431).
	Limits Limits
	// Trailer holds the trailer fields once Done reports true. Its strings
	// are copies and stay valid.
	Trailer Header
	// Lenient: only AllowBareLF applies, letting a lone LF end a trailer
	// line as Parser does. Change it only between bodies.
	Lenient Leniency

	st       chunkState
	lim      Limits
	started  bool
	consumed int
	err      error
	spans    []fieldLine
}

// Decode consumes bytes from the front of src, appends the decoded content
// to dst and returns the extended slice and the number of bytes consumed.
//
// err is nil once the body has ended (last chunk, trailers and final CRLF
// consumed); src[n:] then belongs to the next message. err is ErrIncomplete
// when src ran out: call Decode again with src[n:] followed by more bytes
// (a partial chunk-size or trailer line is left unconsumed until its line
// end arrives, but a byte it may not hold is an *Error at once). Any other
// err is an *Error whose Offset counts from the first byte the decoder was
// ever given; it is returned again by every later call.
func (d *ChunkedDecoder) Decode(dst, src []byte) (out []byte, n int, err error) {
	if d.err != nil {
		return dst, 0, d.err
	}
	if !d.started {
		d.started = true
		d.lim = d.Limits.WithDefaults()
		d.st.bareLF = d.Lenient&AllowBareLF != 0
	}
	before := len(d.spans)
	n, err = d.st.decode(src, d.consumed, &dst, &d.spans, &d.lim)
	for _, fl := range d.spans[before:] {
		// src is the caller's and transient: trailers are copied.
		d.Trailer = append(d.Trailer, Field{
			Name:  string(src[fl.nameStart-d.consumed : fl.nameEnd-d.consumed]),
			Value: string(src[fl.valueStart-d.consumed : fl.valueEnd-d.consumed]),
		})
	}
	d.consumed += n
	if err != nil && err != ErrIncomplete {
		d.err = err
	}
	return dst, n, err
}

// Done reports whether the whole body, trailers included, has been decoded.
func (d *ChunkedDecoder) Done() bool { return d.st.state == chunkDone }

// Reset prepares d for a new body, keeping its Limits.
func (d *ChunkedDecoder) Reset() {
	*d = ChunkedDecoder{Limits: d.Limits, Lenient: d.Lenient, spans: d.spans[:0]}
}

// body reads the body framed by interpretHead and completes r.
func (p *Parser) body(b []byte, r *Request) (int, error) {
	if p.state == stateBody {
		if int64(len(b)-p.bodyStart) < p.bodyLen {
			return 0, ErrIncomplete
		}
		end := p.bodyStart + int(p.bodyLen)
		r.Body = nil
		if end > p.bodyStart {
			r.Body = b[p.bodyStart:end:end]
		}
		return end, nil
	}
	n, err := p.chunk.decode(b[p.pos:], p.pos, &r.bodyBuf, &p.trailers, &p.lim)
	p.pos += n
	if err != nil {
		return 0, err
	}
	r.Body = nil
	if len(r.bodyBuf) > 0 {
		r.Body = r.bodyBuf
	}
	r.Trailer = r.Trailer[:0]
	for _, t := range p.trailers {
		// Trailers are rare; copying them keeps them out of the head alias.
		r.Trailer = append(r.Trailer, Field{string(b[t.nameStart:t.nameEnd]), string(b[t.valueStart:t.valueEnd])})
	}
	return p.pos, nil
}
