package httparse

// Default limits. RFC 9112 §3 recommends supporting request-lines of at
// least 8000 octets; the others match what common servers accept.
const (
	DefaultMaxRequestLine = 8 << 10  // 8 KiB
	DefaultMaxHeaderBytes = 64 << 10 // 64 KiB
	DefaultMaxHeaders     = 100
	DefaultMaxBodyBytes   = 10 << 20 // 10 MiB
)

// Limits bounds the memory and work a request may cost. A zero or negative
// field means its default; MaxRequestLine, MaxHeaderBytes and MaxHeaders
// above 1 GiB (or 1<<30 fields) count as that.
//
// Besides these, the method is capped at 32 bytes whatever MaxRequestLine
// says: a longer one is answered 501 Not Implemented, at the offset of its
// 33rd byte (or where MaxRequestLine cuts the line, if that comes first),
// as RFC 9112 §3 asks for a method longer than any the server
// implements (the longest registered one has 17 bytes). The cap is fixed,
// not a field, so a larger MaxRequestLine does not admit longer methods.
// The other fixed bounds (400 past each): at most 8 empty lines before the
// request-line (RFC 9112 §2.2); a chunk-size of at most 16 hex digits, a
// chunk-size line of at most 4 KiB with its CRLF, and at most 16 KiB of
// chunk extensions per body (RFC 9112 §7.1, §7.1.1).
type Limits struct {
	// MaxRequestLine bounds the request-line, in bytes, CRLF excluded.
	// Over it: 501 Not Implemented when the limit cuts the method, else
	// 414 URI Too Long (RFC 9112 §3), the target leaving no room for the
	// rest.
	MaxRequestLine int
	// MaxHeaderBytes bounds the header section after the request-line, in
	// bytes, CRLFs included, and separately the trailer section. Over it:
	// 431 Request Header Fields Too Large (RFC 6585 §5).
	MaxHeaderBytes int
	// MaxHeaders bounds the number of field lines, and separately of
	// trailer fields. Over it: 431 (RFC 6585 §5).
	MaxHeaders int
	// MaxBodyBytes bounds the content, in bytes: a larger Content-Length,
	// or a chunked body that decodes to more, is 413 Content Too Large
	// (RFC 9110 §15.5.14).
	MaxBodyBytes int64
}

// maxLimit caps every limit, so that offsets plus limits never overflow an
// int, on 32-bit platforms too.
const maxLimit = 1 << 30

// WithDefaults returns l with every zero or negative field replaced by its
// default and every field capped as the parser caps it: the limits a Parser
// with these Limits enforces. A server sizing its buffers uses it rather than
// repeating the defaults.
func (l Limits) WithDefaults() Limits {
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
