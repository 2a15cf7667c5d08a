package httparse

import "bytes"

// A request is read in four stages, each in its own file:
//
//   - the head's lines: Parser.startLine and incomplete (this file and
//     requestline.go) for the request-line, fieldLines (fieldsection.go;
//     fieldLinesLenient in leniency.go) for the field section. They keep
//     the only position state between calls (pos, scan, colon, and for
//     the one-byte fast paths moreClass and moreLimit), so no byte is
//     looked at twice however the input is cut;
//   - the grammar of each part: scanRequestLine and requestLineEnd
//     (requestline.go), the field-line scanners and errors (fields.go,
//     scan*.go), the byte classes of abnf.go;
//   - interpretHead (interpret.go), once per request: the target's form
//     (target.go), Host (host.go), Connection and the body's framing
//     (framing.go);
//   - the body (body.go): Content-Length bytes, or chunkState, which
//     ChunkedDecoder drives too, with chunkline.go's line grammar.
//
// The field section's whole lines are framed in batches: on amd64 one
// assembly call (scanFieldLines) first finds where up to 16 lines end, from
// the control bytes of 32- or 16-byte blocks, then reads each line's name
// and colon, and a Go loop builds the Header from their offsets. Framing
// that read each line's name and value before looking for the next line was
// measured slower than a scanner call per name and value, as every line's
// scan waited for the one before; finding the line ends first lets the
// names be read side by side (bench/results/history.md).

const (
	// maxMethodLen bounds the method: RFC 9112 §3 says a method longer than
	// any implemented one gets 501. The longest registered method,
	// UPDATEREDIRECTREF, has 17 bytes.
	maxMethodLen = 32
	// maxLeadingEmptyLines bounds the empty lines skipped before a
	// request-line (RFC 9112 §2.2 asks to skip at least one), so a peer
	// cannot keep the parser busy with CRLFs alone.
	maxLeadingEmptyLines = 8
)

// Parse parses one complete request (request line, header section, and the
// body framed by Content-Length or chunked coding) from the front of b.
// n is the number of bytes consumed, so pipelined requests can be parsed in
// turn. If b holds only a proper prefix of a request, err is ErrIncomplete
// and n is 0. Any other error is an *Error.
//
// The returned Request shares no memory with b. Parse uses the default
// Limits; use a Parser to set others, to resume, or to avoid allocating.
func Parse(b []byte) (req *Request, n int, err error) {
	// Room for a typical request's fields up front, so the header does
	// not grow by doubling (BenchmarkParseCopy; bench/results/history.md).
	var p Parser
	r := Request{Header: make(Header, 0, 32)}
	n, err = p.Parse(b, &r)
	if err != nil {
		return nil, 0, err
	}
	return r.Clone(), n, nil
}

// The states a Parser keeps between calls; each call moves only forward
// through them, and a complete request (or an error) resets to the first.
const (
	stateRequestLine = iota // skipping empty lines or reading the request-line
	stateFields             // reading field lines
	stateBody               // head interpreted; waiting for Content-Length bytes (none for NoBody)
	stateChunked            // head interpreted; decoding a chunked body
)

// Parser parses requests from one connection's bytes. The zero value uses
// the default Limits and is strict (see Lenient).
//
// A Parser resumes: after a call returns ErrIncomplete, call it again with
// the same bytes followed by more (the slice may have moved) and the same
// Request, and it goes on from where it stopped instead of starting over
// (given another Request, it starts over from the first byte). Changing or dropping bytes
// already passed requires Reset first. After a call returns a request or an
// *Error, the Parser is reset by itself.
type Parser struct {
	// Limits bounds each request. Change it only between requests.
	Limits Limits
	// Lenient lists the deviations from the strict grammar to accept; zero
	// is strict. Change it only between requests.
	Lenient Leniency

	// The special field lines of the head and the trailer lines of a
	// chunked body (see parseState): slices whose arrays the Parser keeps
	// from one request to the next, empty between requests.
	special, trailers []fieldLine

	// The field lines found whole, by fieldLineEnds or one by one, before
	// fieldLines adds them to the Request; kept here rather than on the
	// stack, which would clear it on every call.
	ends [fieldLineBatch]fieldLineEnd

	// Set where a request starts, and read only in the states that follow
	// (Reset need not clear them): lim, Limits with defaults as they were
	// when the request started (kept from an earlier request while Limits
	// is unchanged, see limFrom); chunk, the chunked decoder's state, from
	// state stateChunked on (with the trailer lines it accepted in
	// trailers).
	lim   Limits
	chunk chunkState
	// limFrom is the Limits lim was computed from: while Limits stays as
	// it was, a request starts with lim as it is (lim.MaxHeaders is never
	// zero once computed).
	limFrom Limits

	parseState
}

// parseState is the state a Parser keeps between calls, with its
// invariants; Reset zeroes it whole. Offsets index the input, whose bytes
// the caller keeps as they were (it may move them).
//
// Between requests (active false) every field is zero.
type parseState struct {
	leniency Leniency // Lenient, as it was when the request started
	active   bool     // a request is in progress: req is being filled
	req      *Request // the Request being filled; another one starts over
	state    int      // one of the state constants; only moves forward

	// The line framer: the request-line and every field line before pos
	// have been accepted; b[pos:scan] holds no LF (but the CRLF of a
	// folded line under AllowObsFold) and no byte the grammar refuses
	// where it stands, so the next call scans from scan, never again from
	// pos. colon is the colon of the field line being read
	// (-1 while its name is), cont the start of its continuation line
	// (AllowObsFold) or 0.
	pos, scan, colon, cont int
	// When the last call stopped in a field line, moreClass is the class
	// of the bytes that continue its name or value (tchar or
	// fieldContent) and moreLimit the input length the header section may
	// reach; stopped in the method or the request-target, the class of
	// that part (tchar, targetChar) and the length the part may reach
	// (suspendLine); else moreClass is nil. (Stopped at a line's final CR,
	// the byte at scan is that CR, which no class holds, so the next call
	// takes the full path.)
	moreClass  *[256]bool
	moreLimit  int
	emptyLines int // empty lines skipped before the request-line (at most maxLeadingEmptyLines)

	// The request-line, as offsets, each set once its part is complete:
	// methodEnd and targetEnd are 0 until the SP after the part arrives.
	lineStart, methodEnd, targetStart, targetEnd, minor int
	targetPct                                           bool // a "%" was seen in the request-target
	// The field section starts at headStart; its special lines (Host,
	// Connection, Content-Length, Transfer-Encoding) are recorded in
	// Parser.special as they are accepted, and framing says one of the
	// last two was seen.
	headStart int
	framing   bool
	// base is the first byte of the input that every string of req points
	// into (nil before the first field line): repoint moves them all when
	// the caller's buffer moves.
	base *byte

	// The body, from state stateBody on: it starts at bodyStart; bodyLen
	// bytes for Content-Length, else the chunked decoder's state
	// (Parser.chunk).
	bodyStart int
	bodyLen   int64
}

// Reset discards any partial request, so the next call starts afresh.
func (p *Parser) Reset() {
	p.parseState = parseState{}
	p.special, p.trailers = p.special[:0], p.trailers[:0]
}

// Parse parses one complete request, body included, from the front of b
// into r and returns the number of bytes it took. It returns ErrIncomplete
// (and n == 0) while b is a proper prefix of a request, and an *Error when b
// cannot start a valid request.
//
// r is reused: its strings and Body alias b, or buffers r owns, and stay
// valid until b is modified or r is parsed into again. In steady state Parse
// makes no allocation for requests without a chunked body.
func (p *Parser) Parse(b []byte, r *Request) (n int, err error) {
	if p.oneMore(b, r) {
		return 0, ErrIncomplete
	}
	n, err = p.parse(b, r, false)
	if err != ErrIncomplete {
		p.Reset()
	}
	return n, err
}

// ParseHead parses the request-line and the header section from the front
// of b into r and returns the number of bytes they take. The body is not
// read: r.ContentLength and r.Chunked report its framing, decided as
// BodyFraming does, and r.Body is nil. A server uses ParseHead to answer
// "Expect: 100-continue" or to stream a body (see ChunkedDecoder).
// Resumption and lifetimes are as for Parse.
func (p *Parser) ParseHead(b []byte, r *Request) (n int, err error) {
	if p.oneMore(b, r) {
		return 0, ErrIncomplete
	}
	n, err = p.parse(b, r, true)
	if err != ErrIncomplete {
		p.Reset()
	}
	return n, err
}

// oneMore is more for the call that brings exactly one byte, using what
// suspend (a field name or value) or suspendLine (the method or the
// request-target) recorded: the byte class the bytes after p.scan must
// keep to (nil when none was being scanned) and the input length that part
// may reach.
func (p *Parser) oneMore(b []byte, r *Request) bool {
	i := p.scan
	if c := p.moreClass; c == nil || len(b) != i+1 || i >= p.moreLimit || !c[b[i]] || r != p.req {
		return false
	}
	trace(traceLine, 1)
	trace(traceOneMore, 1)
	p.scan = i + 1
	return true
}

// more is the fast path of a resumed call in stateFields that only brings
// more bytes of the field name or value being scanned: when none of them
// can end or break it, it records them and reports true. So does a last
// byte that the field loop would only record before it waits for more
// (fieldEnd). A request that arrives in small pieces spends most calls
// here or in oneMore, so it must cost little more than the bytes it looks
// at. The request-line's bytes are taken here only one at a time, by
// oneMore (suspendLine): several of them would need the checks of
// scanRequestLine (the method's length, the parts' ends), and a
// request-line mostly arrives whole.
func (p *Parser) more(b []byte, r *Request) bool {
	if r != p.req || p.scan > len(b) || len(b)-p.headStart > p.lim.MaxHeaderBytes {
		return false
	}
	class := &fieldContent
	if p.colon < 0 {
		class = &tchar
	}
	i := p.scan
	for ; i < len(b); i++ {
		trace(traceLine, 1)
		if !class[b[i]] {
			if i+1 < len(b) || !p.fieldEnd(b[i], i, len(r.Header)) {
				return false
			}
			break
		}
	}
	trace(traceMore, 1)
	if i == len(b) {
		p.scan = i
	}
	return true
}

// fieldEnd takes the last byte of a call, c at b[i], when it ends a field
// name or a line and the field loop would only record it and wait for
// more: the colon after a non-empty name whose field is within
// Limits.MaxHeaders (fields are in the Request already), which moves on to
// the value, or a CR, which waits for the byte after it with p.scan on it.
// Both loops, strict and lenient, suspend so there (suspend). Anything
// else, an error included, is the loops'. So input that arrives a byte at
// a time enters the parser proper once per line, at its LF.
func (p *Parser) fieldEnd(c byte, i, fields int) bool {
	// A colon is a value byte, so one that gets here ends a name.
	switch {
	case c == ':' && i > p.pos && fields < p.lim.MaxHeaders:
		p.colon, p.scan, p.moreClass = i, i+1, &fieldContent
	case c == '\r':
		p.scan = i
	default:
		return false
	}
	return true
}

// parse is Parse and ParseHead (headOnly): a call picks up in the state
// the last one left.
func (p *Parser) parse(b []byte, r *Request, headOnly bool) (int, error) {
	if p.state == stateFields && p.more(b, r) {
		return 0, ErrIncomplete
	}
	trace(traceParse, 1)
	p.moreClass = nil // until suspend sets it again
	if p.pos > len(b) || p.scan > len(b) || p.active && r != p.req {
		// The caller dropped bytes it had passed, or brought another
		// Request than the one holding the fields parsed so far: start
		// over from the first byte.
		p.Reset()
	}
	if !p.active {
		p.active = true
		if p.Limits != p.limFrom || p.lim.MaxHeaders == 0 {
			p.lim, p.limFrom = p.Limits.WithDefaults(), p.Limits
		}
		p.leniency = p.Lenient
		p.req = r
		r.reset()
	}
	switch p.state {
	case stateRequestLine, stateFields:
		// The head's lines, then, once they are complete, its
		// interpretation, which decides the body's state.
		p.repoint(b, r, p.pos)
		if p.state == stateRequestLine {
			if err := p.startLine(b); err != nil {
				return 0, err
			}
		}
		// The field lines, by the strict loop or, when a leniency changes
		// what a line may be, the lenient one.
		var err error
		if p.leniency&lineLenient != 0 {
			err = p.fieldLinesLenient(b, r)
		} else {
			err = p.fieldLines(b, r)
		}
		if err != nil {
			return 0, err
		}
		if err := p.interpretHead(b, r); err != nil {
			return 0, err
		}
		if headOnly {
			// The request is complete and ParseHead resets the Parser:
			// nothing will be re-pointed.
			return p.bodyStart, nil
		}
		p.base = &b[0]
		return p.body(b, r)
	default: // stateBody, stateChunked
		// The head was parsed and interpreted by an earlier call. Nothing
		// of it is looked at again: a body that trickles in costs O(n)
		// however large the head, and once it is complete the head's
		// strings are only re-pointed if the buffer moved.
		n, err := p.body(b, r)
		if err != nil {
			return 0, err
		}
		p.repoint(b, r, p.bodyStart)
		return n, nil
	}
}

// startLine skips leading empty lines and reads the request-line. A line
// not looked at yet gets wholeRequestLine first, which takes the usual
// whole, valid line in one pass. Otherwise the line end is searched with
// bytes.IndexByte from where that scan stopped; while it has not arrived,
// incomplete checks what has, so that what can never become valid is
// rejected early.
func (p *Parser) startLine(b []byte) error {
	for p.pos < len(b) && (b[p.pos] == '\r' || b[p.pos] == '\n' && p.leniency&AllowBareLF != 0) {
		w := 2
		switch {
		case b[p.pos] == '\n':
			w = 1 // an empty line ended by a bare LF, allowed
		case p.pos+1 == len(b):
			return ErrIncomplete
		case b[p.pos+1] != '\n':
			return badRequest(rfc9112_2_2, p.pos, "bare CR")
		}
		// RFC 9112 §2.2: a server SHOULD ignore at least one empty line
		// received before the request-line.
		p.emptyLines++
		if p.emptyLines > maxLeadingEmptyLines {
			return badRequest(rfc9112_2_2, p.pos, "too many empty lines before request-line")
		}
		p.pos += w
		p.scan = p.pos
	}
	if p.scan == p.pos {
		if lf, ok := p.wholeRequestLine(b); ok {
			p.lineDone(lf)
			return nil
		}
	}
	i := bytes.IndexByte(b[p.scan:], '\n')
	if i < 0 {
		trace(traceLine, len(b)-p.scan)
		return p.incomplete(b)
	}
	trace(traceLine, i+1)
	lf := p.scan + i
	end := lf
	crlf := end > p.pos && b[end-1] == '\r'
	if crlf {
		end--
	}
	if end == p.pos {
		return badRequest(rfc9112_2_2, lf, "bare LF")
	}
	if end-p.pos > p.lim.MaxRequestLine {
		return p.requestLineTooLong(b)
	}
	if err := p.scanRequestLine(b, end); err != nil {
		return err
	}
	if err := p.requestLineEnd(b, end); err != nil {
		return err
	}
	if !crlf && p.leniency&AllowBareLF == 0 {
		// RFC 9112 §2.2 lets a recipient accept a bare LF as a line
		// terminator; strict parsing declines, since a proxy in front that
		// does not would see different lines.
		return badRequest(rfc9112_2_2, lf, "bare LF")
	}
	p.lineDone(lf)
	return nil
}

// lineDone moves on to the field section once the request-line, whose LF
// is at lf, has been accepted.
func (p *Parser) lineDone(lf int) {
	p.lineStart = p.pos
	p.headStart = lf + 1
	p.pos, p.scan, p.colon = lf+1, lf+1, -1
	p.special = p.special[:0]
	p.framing = false
	p.state = stateFields
}

// repoint makes every string of r that points into the input of an
// earlier call (p.base, whose first n bytes r's strings may span) point at
// the same bytes of b, when the caller has moved its buffer since. Strings
// r owns (a decoded path, a folded value) stay as they are. Nothing is
// parsed again; the work is done only when the buffer moved, which a
// doubling buffer does O(log n) times.
func (p *Parser) repoint(b []byte, r *Request, n int) {
	if p.base != nil && &b[0] != p.base {
		p.moveStrings(b, r, n)
	}
}

// moveStrings is repoint once the buffer has moved.
func (p *Parser) moveStrings(b []byte, r *Request, n int) {
	old, cur := oldInput(p.base, n), aliasString(b[:n])
	r.Method, r.Target = rebase(r.Method, old, cur), rebase(r.Target, old, cur)
	r.Path, r.RawPath = rebase(r.Path, old, cur), rebase(r.RawPath, old, cur)
	r.RawQuery, r.Host = rebase(r.RawQuery, old, cur), rebase(r.Host, old, cur)
	for k := range r.Header {
		f := &r.Header[k]
		f.Name, f.Value = rebase(f.Name, old, cur), rebase(f.Value, old, cur)
	}
	p.base = &b[0]
}
