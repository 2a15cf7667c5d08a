package httparse

import "bytes"

// Default limits. RFC 9112 §3 recommends supporting request-lines of at
// least 8000 octets; the others match what common servers accept.
const (
	DefaultMaxRequestLine = 8 << 10  // 8 KiB
	DefaultMaxHeaderBytes = 64 << 10 // 64 KiB
	DefaultMaxHeaders     = 100
	DefaultMaxBodyBytes   = 10 << 20 // 10 MiB
)

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

// Limits bounds the memory and work a request may cost. A zero or negative
// field means its default; MaxRequestLine, MaxHeaderBytes and MaxHeaders
// above 1 GiB (or 1<<30 fields) count as that.
type Limits struct {
	// MaxRequestLine bounds the request-line, CRLF excluded. Over it: 414
	// URI Too Long when the target is the cause, 501 when the method is.
	MaxRequestLine int
	// MaxHeaderBytes bounds the header section after the request-line,
	// CRLFs included, and separately the trailer section. Over it: 431.
	MaxHeaderBytes int
	// MaxHeaders bounds the number of field lines, and separately of
	// trailer fields. Over it: 431.
	MaxHeaders int
	// MaxBodyBytes bounds the content: a larger Content-Length, or a chunked
	// body that decodes to more, is 413.
	MaxBodyBytes int64
}

// maxLimit caps every limit, so that offsets plus limits never overflow an
// int, on 32-bit platforms too.
const maxLimit = 1 << 30

func (l Limits) withDefaults() Limits {
	if l.MaxRequestLine <= 0 {
		l.MaxRequestLine = DefaultMaxRequestLine
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if l.MaxHeaders <= 0 {
		l.MaxHeaders = DefaultMaxHeaders
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	l.MaxRequestLine = min(l.MaxRequestLine, maxLimit)
	l.MaxHeaderBytes = min(l.MaxHeaderBytes, maxLimit)
	l.MaxHeaders = min(l.MaxHeaders, maxLimit)
	return l
}

// Parse parses one complete request (request line, header section, and the
// body framed by Content-Length or chunked coding) from the front of b.
// n is the number of bytes consumed, so pipelined requests can be parsed in
// turn. If b holds only a proper prefix of a request, err is ErrIncomplete
// and n is 0. Any other error is an *Error.
//
// The returned Request shares no memory with b. Parse uses the default
// Limits; use a Parser to set others, to resume, or to avoid allocating.
func Parse(b []byte) (req *Request, n int, err error) {
	// Room for a typical request's fields up front: BenchmarkParseCopy
	// makes 3 allocations per call instead of 8 on the browser request.
	var p Parser
	r := Request{Header: make(Header, 0, 32)}
	n, err = p.Parse(b, &r)
	if err != nil {
		return nil, 0, err
	}
	return r.Clone(), n, nil
}

// parser states between calls.
const (
	stateRequestLine = iota // skipping empty lines or reading the request-line
	stateFields             // reading field lines
	stateHeadDone           // header section complete, body framing not yet decided
	stateBody               // waiting for Content-Length bytes
	stateChunked            // decoding a chunked body
)

// Parser parses requests from one connection's bytes. The zero value uses
// the default Limits.
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

	lim        Limits
	active     bool // a request is in progress
	state      int
	pos        int // start of the first line not yet accepted, or of unread body
	scan       int // b[pos:scan] is known to hold no LF
	lineStart  int // start of the request-line
	emptyLines int
	headStart  int // start of the field section
	// request-line, as offsets
	methodEnd, targetStart, targetEnd int
	minor                             int
	special                           []fieldLine // Host, Connection, Content-Length, Transfer-Encoding lines
	base                              *byte       // first byte of the input r.Header points into
	req                               *Request    // the Request being filled
	colon                             int         // colon of the current field line, or -1
	framing                           bool        // a Content-Length or Transfer-Encoding field was seen
	// body
	bodyStart int
	bodyLen   int64
	chunk     chunkState
	trailers  []fieldLine
}

// Reset discards any partial request, so the next call starts afresh.
func (p *Parser) Reset() {
	f, t := p.special[:0], p.trailers[:0]
	*p = Parser{Limits: p.Limits, special: f, trailers: t}
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
	if p.more(b) {
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
	if p.more(b) {
		return 0, ErrIncomplete
	}
	n, err = p.parse(b, r, true)
	if err != ErrIncomplete {
		p.Reset()
	}
	return n, err
}

// more is the fast path of a resumed call that only brings more bytes of
// the field name or value being scanned: when none of them can end or
// break it, it records them and reports true. A request fed one byte at a
// time spends most calls here: cachegrind, BenchmarkByteAtATime, 197,294
// instructions per request without it, 101,548 with it. (Taking the
// request-line this way too cost more in the common case than it saved.)
func (p *Parser) more(b []byte) bool {
	if p.state != stateFields || p.scan > len(b) || len(b)-p.headStart > p.lim.MaxHeaderBytes {
		return false
	}
	class := &fieldContent
	if p.colon < 0 {
		class = &tchar
	}
	for _, c := range b[p.scan:] {
		trace(traceLine, 1)
		if !class[c] {
			return false
		}
	}
	p.scan = len(b)
	return true
}

func (p *Parser) parse(b []byte, r *Request, headOnly bool) (int, error) {
	trace(traceParse, 1)
	if p.pos > len(b) || p.scan > len(b) || p.active && r != p.req {
		// The caller dropped bytes it had passed, or brought another
		// Request than the one holding the fields parsed so far: start
		// over from the first byte.
		p.Reset()
	}
	if !p.active {
		p.active = true
		p.lim = p.Limits.withDefaults()
		p.req = r
		r.reset()
	}
	if p.state <= stateHeadDone {
		p.repoint(b, r)
		if err := p.head(b, r); err != nil {
			return 0, err
		}
		if err := p.finishHead(b, r); err != nil {
			return 0, err
		}
		p.base = &b[0]
		if headOnly {
			return p.bodyStart, nil
		}
		return p.body(b, r)
	}
	// The head was parsed by an earlier call. Nothing of it is looked at
	// again until the body is complete, so a body that trickles in costs
	// O(n) however large the head.
	n, err := p.body(b, r)
	if err != nil {
		return 0, err
	}
	p.repoint(b, r)
	if err := p.finishHead(b, r); err != nil {
		return 0, err
	}
	return n, nil
}

// head reads the request-line and the field lines up to the empty line
// that ends the header section.
func (p *Parser) head(b []byte, r *Request) error {
	if p.state == stateRequestLine {
		if err := p.startLine(b); err != nil {
			return err
		}
	}
	return p.fieldLines(b, r)
}

// startLine skips leading empty lines and reads the request-line. The
// request-line is found with bytes.IndexByte and then checked whole; while
// its end has not arrived, incomplete rejects early what can never become
// valid.
func (p *Parser) startLine(b []byte) error {
	for p.pos < len(b) && b[p.pos] == '\r' {
		if p.pos+1 == len(b) {
			return ErrIncomplete
		}
		if b[p.pos+1] != '\n' {
			return badRequest(rfc9112_2_2, p.pos, "bare CR")
		}
		// RFC 9112 §2.2: a server SHOULD ignore at least one empty line
		// received before the request-line.
		p.emptyLines++
		if p.emptyLines > maxLeadingEmptyLines {
			return badRequest(rfc9112_2_2, p.pos, "too many empty lines before request-line")
		}
		p.pos += 2
		p.scan = p.pos
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
		return p.requestLineTooLong(b, p.pos, end)
	}
	if err := p.requestLine(b, p.pos, end); err != nil {
		return err
	}
	if !crlf {
		// RFC 9112 §2.2 lets a recipient accept a bare LF as a line
		// terminator; strict parsing declines, since a proxy in front that
		// does not would see different lines.
		return badRequest(rfc9112_2_2, lf, "bare LF")
	}
	p.lineStart = p.pos
	p.headStart = lf + 1
	p.pos, p.scan, p.colon = lf+1, lf+1, -1
	p.special = p.special[:0]
	p.framing = false
	p.state = stateFields
	return nil
}

// fieldLines reads field lines in one pass each: the name up to ":", then
// the value up to the first byte no value may hold, which on a valid line is
// the CR of its CRLF. Between calls it remembers how far the current line
// was checked (p.scan) and where its colon is (p.colon), so no byte is
// looked at twice however the input is split.
//
//	field-line = field-name ":" OWS field-value OWS
func (p *Parser) fieldLines(in []byte, r *Request) error {
	// The whole section, CRLFs included, must fit MaxHeaderBytes; nothing
	// past that is scanned (RFC 9110 §5.4: never truncate, reject).
	limit := p.headStart + p.lim.MaxHeaderBytes
	b := in[:min(len(in), limit)]
	// Fields go straight into r.Header as substrings of the input, with
	// no offsets kept but for the few fields finishHead interprets:
	// cachegrind, BenchmarkParse/browser, 9,379 -> 8,737 instructions per
	// parse against recording every line's offsets and building the
	// strings afterwards.
	s := aliasString(b)
	h, pos, scan, colon := r.Header, p.pos, p.scan, p.colon
	for {
		if colon < 0 {
			i := tokenEnd(b, scan)
			if i == len(b) || b[i] == '\r' && i+1 == len(b) {
				return p.suspend(in, r, h, pos, colon, i, limit)
			}
			if c := b[i]; c != ':' || i == pos {
				if c == '\r' && b[i+1] == '\n' && i == pos {
					// The empty line: the header section is complete.
					r.Header, p.pos = h, pos
					p.bodyStart = i + 2
					p.state = stateHeadDone
					return nil
				}
				return nameLineError(b, pos, i, len(h) == 0)
			}
			if len(h) == p.lim.MaxHeaders {
				return newError(431, rfc6585_5, pos, "too many header fields")
			}
			colon, scan = i, i+1
		}
		i := valueEnd(b, scan, len(b))
		if i == len(b) || b[i] == '\r' && i+1 == len(b) {
			return p.suspend(in, r, h, pos, colon, i, limit)
		}
		if b[i] != '\r' || b[i+1] != '\n' {
			return valueError(b[i], i)
		}
		vs, ve := trimOWS(b, colon+1, i)
		if n := colon - pos; n == 4 || n == 10 || n == 14 || n == 17 {
			if kind := kindOf(b[pos:colon]); kind != fieldOther {
				p.special = append(p.special, fieldLine{pos, colon, vs, ve, kind, len(h)})
				p.framing = p.framing || kind >= fieldContentLength
			}
		}
		h = append(h, Field{s[pos:colon], s[vs:ve]})
		pos, scan, colon = i+2, i+2, -1
	}
}

// repoint makes r.Header, built from an earlier call's input, point into
// b when the caller has moved its bytes since. The lines were checked when
// first parsed, so finding their colons and line ends is enough. The work
// is done only when the buffer moved, which a doubling buffer does
// O(log n) times.
func (p *Parser) repoint(b []byte, r *Request) {
	if len(r.Header) == 0 || &b[0] == p.base {
		return
	}
	s := aliasString(b)
	i := p.headStart
	for k := range r.Header {
		colon := i + bytes.IndexByte(b[i:], ':')
		cr := i + bytes.IndexByte(b[i:], '\n') - 1
		vs, ve := trimOWS(b, colon+1, cr)
		r.Header[k] = Field{s[i:colon], s[vs:ve]}
		i = cr + 2
	}
	p.base = &b[0]
}

// nameLineError explains a field line whose name ended at b[i] without a
// colon after it.
func nameLineError(b []byte, start, i int, first bool) *Error {
	switch c := b[i]; {
	case c == '\n' && i == start:
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
	return ErrIncomplete
}

// incomplete is called when b holds no LF after p.scan. It rejects what can
// never become valid now rather than waiting for a line end that a
// non-HTTP peer (a TLS handshake, binary noise) never sends: a byte that is
// invalid anywhere in a head, or a line already over its limit. To report
// the same error as if the whole line had arrived at once, the line up to
// the bad byte is checked with the same left-to-right grammar.
func (p *Parser) incomplete(b []byte) error {
	// A CR that ended the previous call's bytes is judged now that the
	// byte after it may have arrived.
	from := max(p.scan-1, p.pos)
	stop := len(b)
	if p.state == stateRequestLine {
		// Bytes from p.pos+MaxRequestLine on are over the limit whatever
		// they are, as requestLineTooLong judges a line that arrived whole.
		stop = min(stop, p.pos+p.lim.MaxRequestLine)
	}
	for i := from; i < stop; i++ {
		trace(traceLine, 1)
		c := b[i]
		if (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f || (c == '\r' && i+1 < len(b)) {
			// Check the request-line cut after the bad byte with the
			// full-line grammar, which reports the first offending byte.
			if err := p.requestLine(b, p.pos, i+1); err != nil {
				return err
			}
			return badRequest(rfc9112_2_2, i, ctlReason(c, "header section"))
		}
	}
	p.scan = len(b)
	// A final CR may start the line's CRLF: it does not count yet.
	if n := len(b) - p.pos; n > p.lim.MaxRequestLine && (n > p.lim.MaxRequestLine+1 || b[len(b)-1] != '\r') {
		return p.requestLineTooLong(b, p.pos, len(b))
	}
	return ErrIncomplete
}

// requestLineTooLong picks the status for a request-line over the limit:
// 501 when the method is the cause (RFC 9112 §3), 414 otherwise (the
// target, RFC 9112 §3).
func (p *Parser) requestLineTooLong(b []byte, start, end int) *Error {
	i := start
	for i < end && tchar[b[i]] {
		i++
	}
	// A method that leaves no room in MaxRequestLine is too long as well;
	// past this check the method ends before end, inside b.
	if n := min(maxMethodLen, p.lim.MaxRequestLine-1); i-start > n {
		return newError(501, rfc9112_3, start+n, "method too long")
	}
	if b[i] != ' ' || i == start {
		return p.requestLine(b, start, i+1)
	}
	// When the target ends inside the limit it is not the cause: what
	// follows it is no HTTP-version, and that is a 400 (RFC 9112 §2.3).
	cut := start + p.lim.MaxRequestLine
	if bytes.IndexByte(b[i+1:cut], ' ') >= 0 {
		if err := p.requestLine(b, start, cut); err != nil {
			return err
		}
		return badRequest(rfc9112_2_3, cut, "invalid HTTP-version")
	}
	// A control byte within the limit is reported as incomplete reports
	// it when the line arrives in pieces: the first offending byte wins.
	for j := i; j < cut; j++ {
		if c := b[j]; (c < 0x20 && c != '\t') || c == 0x7f {
			if err := p.requestLine(b, start, j+1); err != nil {
				return err
			}
			return badRequest(rfc9112_2_2, j, ctlReason(c, "header section"))
		}
	}
	return newError(414, rfc9112_3, cut, "request-target too long")
}

// requestLine checks the request-line b[start:end] and records its parts.
//
//	request-line = method SP request-target SP HTTP-version
//	method       = token
//	HTTP-version = HTTP-name "/" DIGIT "." DIGIT
//	HTTP-name    = %s"HTTP"
//
// Exactly one SP separates the parts (RFC 9112 §3): splitting on runs of
// whitespace is a MAY that strict parsing declines, because two parsers that
// split differently disagree on the target.
func (p *Parser) requestLine(b []byte, start, end int) *Error {
	i := start
	for i < end && tchar[b[i]] {
		i++
	}
	switch {
	case i-start > maxMethodLen:
		return newError(501, rfc9112_3, start+maxMethodLen, "method too long")
	case i == end:
		return badRequest(rfc9112_3, i, "request-line has no request-target")
	case b[i] != ' ':
		return badRequest(rfc9112_3, i, invalidIn(b[i], "method"))
	case i == start:
		return badRequest(rfc9112_3, i, "empty method")
	}
	p.methodEnd = i
	i++
	p.targetStart = i
	for {
		for i < end && targetChar[b[i]] {
			i++
		}
		if i == end || b[i] != '%' {
			break
		}
		// RFC 3986 §2.1: "%" only as pct-encoded.
		if bad := pctEncoded(b[:end], i); bad >= 0 {
			return badRequest(rfc3986_2_1, bad, "malformed percent-encoding")
		}
		i += 3
	}
	switch {
	case i == end:
		return badRequest(rfc9112_3, i, "request-line has no HTTP-version")
	case b[i] != ' ' && b[i] == '#':
		return badRequest(rfc9112_3_2, i, "fragment in request-target")
	case b[i] != ' ' && b[i] == '\\':
		return badRequest(rfc9112_3_2, i, "backslash in request-target")
	case b[i] != ' ':
		return badRequest(rfc9112_3_2, i, invalidIn(b[i], "request-target"))
	case i == p.targetStart:
		return badRequest(rfc9112_3, i, "empty request-target")
	}
	p.targetEnd = i
	i++
	// HTTP-version, case-sensitive, exactly eight bytes.
	const name = "HTTP/"
	for j := 0; j < len(name); j++ {
		if i+j >= end || b[i+j] != name[j] {
			return badRequest(rfc9112_2_3, i+j, "invalid HTTP-version")
		}
	}
	i += len(name)
	if i >= end || !isDigit(b[i]) {
		return badRequest(rfc9112_2_3, i, "invalid HTTP-version")
	}
	major := b[i]
	if i+1 >= end || b[i+1] != '.' {
		return badRequest(rfc9112_2_3, i+1, "invalid HTTP-version")
	}
	if i+2 >= end || !isDigit(b[i+2]) {
		return badRequest(rfc9112_2_3, i+2, "invalid HTTP-version")
	}
	if i+3 != end {
		return badRequest(rfc9112_2_3, i+3, "invalid HTTP-version")
	}
	if major != '1' {
		// RFC 9110 §15.6.6: 505 for a major version the server will not
		// use, including the HTTP/2 connection preface "PRI * HTTP/2.0".
		return newError(505, rfc9110_2_5, i, "HTTP major version not supported")
	}
	p.minor = int(b[i+2] - '0')
	return nil
}

// invalidIn words the error for a byte that ends a request-line part early.
func invalidIn(c byte, where string) string {
	if c < 0x20 || c == 0x7f {
		return ctlReason(c, where)
	}
	if c == ' ' || c == '\t' {
		return "whitespace in " + where
	}
	return "invalid byte in " + where
}
