package httparse

import "strconv"

// Request is one parsed HTTP/1.1 request.
//
// A Request filled by Parser.Parse aliases the parser's input: its strings
// and Body stay valid only until that input is modified or the Request is
// parsed into again. A Request returned by the package-level Parse, or by
// Clone, owns its memory.
type Request struct {
	// Method is the request method, a token, case-sensitive (RFC 9110 §9.1).
	Method string
	// Target is the request-target exactly as sent (RFC 9112 §3.2).
	Target string
	// Path is RawPath percent-decoded (RFC 3986 §2.1). Dot-segments are
	// not removed. Because "%2F" decodes to "/", a router that must tell a
	// separator from data splits RawPath instead (see PathUnescape).
	Path string
	// RawPath is the path of the target as sent, before percent-decoding:
	// for origin-form and absolute-form the path without the query, "/"
	// when an absolute-form target has an empty path (RFC 9110 §4.2.3) but
	// "*" for OPTIONS with neither path nor query (RFC 9112 §3.2.4); "*"
	// for asterisk-form; "" for authority-form (CONNECT), whose Path is ""
	// too.
	RawPath string
	// RawQuery is the query after the first "?", not decoded; "" when there
	// is none.
	RawQuery string
	// ProtoMajor is always 1. ProtoMinor is the minor version as sent;
	// every minor version above 0 is handled as HTTP/1.1 (RFC 9110 §2.5).
	ProtoMajor int
	ProtoMinor int
	// Host is the authority the request is for: the target's authority for
	// absolute-form and authority-form (RFC 9112 §3.2.2), otherwise the
	// value of the Host field; "" for an HTTP/1.0 request without one (and,
	// with AllowMissingHost, for an HTTP/1.1 one).
	Host string
	// Header holds the header section's field lines (RFC 9112 §5) in wire
	// order, duplicates kept, names as they were sent and values without
	// the OWS around them.
	Header Header
	// Trailer holds the trailer fields of a chunked body (RFC 9112 §7.1.2),
	// likewise.
	Trailer Header
	// ContentLength is the Content-Length value, or -1 when the request does
	// not carry one (including every chunked request).
	ContentLength int64
	// Chunked reports that the body uses the chunked transfer coding.
	Chunked bool
	// Close reports that the connection must close after this request: the
	// Connection field lists "close", or the request is HTTP/1.0 without
	// "keep-alive" (RFC 9112 §9.3).
	Close bool
	// Body is the content with any chunked coding removed. It is nil after
	// ParseHead and when the request has no content.
	Body []byte

	// Buffers owned by the Request and reused by Parser.Parse, so that a
	// percent-decoded path, a chunked body and unfolded field values
	// (AllowObsFold) cost no allocation once warm.
	pathBuf []byte
	bodyBuf []byte
	foldBuf []byte
}

// reset empties r for reuse, keeping its buffers and the capacity of its
// slices.
//
// It sets each field rather than assigning a whole Request, which would
// copy the struct twice on every request; TestRequestReset checks that no
// field is left out.
func (r *Request) reset() {
	r.Method, r.Target, r.Path, r.RawPath, r.RawQuery, r.Host = "", "", "", "", "", ""
	r.ProtoMajor, r.ProtoMinor = 0, 0
	r.Header, r.Trailer = r.Header[:0], r.Trailer[:0]
	r.ContentLength, r.Chunked, r.Close, r.Body = -1, false, false, nil
	r.pathBuf, r.bodyBuf, r.foldBuf = r.pathBuf[:0], r.bodyBuf[:0], r.foldBuf[:0]
}

// Clone returns a deep copy of r that shares no memory with r or with the
// input r was parsed from. All strings of the copy live in one allocation.
func (r *Request) Clone() *Request {
	if r == nil {
		return nil
	}
	size := len(r.Method) + len(r.Target) + len(r.Path) + len(r.RawQuery) + len(r.Host) + len(r.RawPath)
	for _, f := range r.Header {
		size += len(f.Name) + len(f.Value)
	}
	for _, f := range r.Trailer {
		size += len(f.Name) + len(f.Value)
	}
	buf := make([]byte, 0, size)
	// take appends s to buf and returns the copy; buf never grows, so every
	// returned string stays valid.
	take := func(s string) string {
		if s == "" {
			return ""
		}
		start := len(buf)
		buf = append(buf, s...)
		return aliasString(buf[start:len(buf):len(buf)])
	}
	c := &Request{
		Method:        take(r.Method),
		Target:        take(r.Target),
		Path:          take(r.Path),
		RawQuery:      take(r.RawQuery),
		ProtoMajor:    r.ProtoMajor,
		ProtoMinor:    r.ProtoMinor,
		Host:          take(r.Host),
		ContentLength: r.ContentLength,
		Chunked:       r.Chunked,
		Close:         r.Close,
		RawPath:       take(r.RawPath),
	}
	if r.Header != nil {
		c.Header = make(Header, len(r.Header))
		for i, f := range r.Header {
			c.Header[i] = Field{take(f.Name), take(f.Value)}
		}
	}
	if r.Trailer != nil {
		c.Trailer = make(Header, len(r.Trailer))
		for i, f := range r.Trailer {
			c.Trailer[i] = Field{take(f.Name), take(f.Value)}
		}
	}
	if r.Body != nil {
		c.Body = append([]byte(nil), r.Body...)
	}
	return c
}

// AppendTo appends r to dst in HTTP/1.1 wire form and returns the extended
// slice: the request-line, the header fields in order, and the body, encoded
// as one chunk followed by the trailer section when r.Chunked is set. For a
// request that Parse accepted, parsing the output again gives an equal
// Request, which is what proxies and tests rely on.
func (r *Request) AppendTo(dst []byte) []byte {
	dst = append(dst, r.Method...)
	dst = append(dst, ' ')
	dst = append(dst, r.Target...)
	dst = append(dst, " HTTP/"...)
	dst = strconv.AppendInt(dst, int64(r.ProtoMajor), 10)
	dst = append(dst, '.')
	dst = strconv.AppendInt(dst, int64(r.ProtoMinor), 10)
	dst = append(dst, "\r\n"...)
	dst = appendFields(dst, r.Header)
	dst = append(dst, "\r\n"...)
	if !r.Chunked {
		return append(dst, r.Body...)
	}
	if len(r.Body) > 0 {
		dst = strconv.AppendInt(dst, int64(len(r.Body)), 16)
		dst = append(dst, "\r\n"...)
		dst = append(dst, r.Body...)
		dst = append(dst, "\r\n"...)
	}
	dst = append(dst, "0\r\n"...)
	dst = appendFields(dst, r.Trailer)
	return append(dst, "\r\n"...)
}

func appendFields(dst []byte, h Header) []byte {
	for _, f := range h {
		dst = append(dst, f.Name...)
		dst = append(dst, ": "...)
		dst = append(dst, f.Value...)
		dst = append(dst, "\r\n"...)
	}
	return dst
}
