package httparse

// resumePoint is the offset in the input up to which the Parser has
// examined the bytes of the line or section in progress and will not look
// at them again: where a resumed call starts reading. It is -1 while the
// Parser waits for Content-Length bytes, which it does not examine.
func (p *Parser) resumePoint() int {
	switch p.state {
	case stateRequestLine, stateFields:
		return p.scan
	case stateChunked:
		return p.pos + p.chunk.scanned
	}
	return -1
}

// resumePoint is ChunkedDecoder's: an offset in the bytes passed since the
// first call.
func (d *ChunkedDecoder) resumePoint() int { return d.consumed + d.st.scanned }

// The reference parser's own functions (see slowParse), for the tests of
// package httparse_test: each is written from the RFC text it cites and
// shares nothing with the parser, so a test that judges the parser by them
// does not repeat its faults.
var (
	SlowParse            = slowParse
	SlowToken            = slowToken
	SlowDigit            = slowDigit
	SlowHex              = slowHex
	SlowEqualFold        = slowEqualFold
	SlowFieldLine        = slowFieldLine
	SlowExpectsContinue  = slowExpectsContinue
	SlowForbiddenTrailer = slowForbiddenTrailer
)
