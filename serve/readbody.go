package serve

import (
	"errors"

	"github.com/ae7539e0/httparse"
)

// This file reads a request body before the handler runs: one of at most
// Server.MaxBufferedBody bytes is read whole, as the head is, so that a
// slow sender costs no worker; a larger one starts to stream (body.go).

// DefaultMaxBufferedBody is the largest body read whole before the handler
// runs when Server.MaxBufferedBody is zero.
const DefaultMaxBufferedBody = 64 << 10

// readBody reads the body of the request whose head takes c.buf[:headLen]
// when it is small enough to be read before the handler, and returns the
// length of the whole request in c.buf. Otherwise it sets the body up to
// stream, with what arrived of it in c.buf, and returns headLen.
func (c *conn) readBody(headLen int) (int, error) {
	r := &c.req.Request
	c.rb.reset()
	if r.ContentLength <= 0 && !r.Chunked {
		return headLen, nil
	}
	if r.Chunked {
		// Every chunked body starts from a fresh decoder, streamed or
		// buffered: the previous body left this one done, with its
		// trailer.
		c.dec.Reset()
	}
	limit := c.server.maxBufferedBody()
	// RFC 9110 §10.1.1: a client that sent "Expect: 100-continue" waits for
	// 100 (Continue) before sending the body. A body that is there already
	// needs no invitation.
	expect := r.ExpectsContinue() && len(c.buf) == headLen
	if r.ContentLength > limit || r.Chunked && expect {
		// The handler reads it, and the client is asked to send it only
		// then: a handler that does not read it costs the client nothing.
		c.rb.start(headLen, expect)
		return headLen, nil
	}
	if expect {
		if c.server.saturated() {
			// The point of 100-continue is that the client keeps its body
			// when the answer does not depend on it; here it would be 503
			// whatever the body.
			return 0, errBusy
		}
		c.setWriteDeadline(c.now().Add(c.server.writeTimeout()))
		c.bufw.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
		if err := c.bufw.Flush(); err != nil {
			return 0, err
		}
		c.rb.continued = true
	}

	if !r.Chunked {
		// BodyFraming has held ContentLength to MaxBodyBytes (413), and
		// it is at most limit, so this is bounded; the buffer grows only
		// as the bytes actually arrive.
		end := headLen + int(r.ContentLength)
		for len(c.buf) < end {
			if err := c.readMore(); err != nil {
				if endOfInput(err) {
					return 0, bodyCut(r, headLen, len(c.buf))
				}
				return 0, err
			}
		}
		r.Body = c.buf[headLen:end:end]
		return end, nil
	}

	// Decode as the bytes come in, and drop the raw chunks once decoded so
	// that the read buffer holds no more than a chunk line or a read's
	// worth beside the head. A body that decodes past the limit streams
	// from there, with what was decoded so far returned first.
	c.body = c.body[:0]
	raw := 0 // chunked bytes decoded and dropped from c.buf
	for {
		out, n, err := c.dec.Decode(c.body, c.buf[headLen:])
		c.body = out
		raw += n
		if err == nil {
			r.Body = c.body
			r.Trailer = c.dec.Trailer
			return headLen + n, nil
		}
		if err != httparse.ErrIncomplete {
			c.bodyError(err, headLen)
			return 0, err
		}
		c.buf = append(c.buf[:headLen], c.buf[headLen+n:]...)
		if int64(len(c.body)) > limit {
			c.rb.start(headLen, false)
			c.rb.pending, c.rb.raw = c.body, raw
			return headLen, nil
		}
		if err := c.readMore(); err != nil {
			if endOfInput(err) {
				return 0, bodyCut(r, headLen, raw+len(c.buf))
			}
			return 0, err
		}
	}
}

// bodyError makes the decoder's error offset count from the start of the
// request, which is what the client wants to know.
func (c *conn) bodyError(err error, headLen int) {
	var perr *httparse.Error
	if errors.As(err, &perr) && perr.Offset >= 0 {
		perr.Offset += headLen
		c.bodyFailed = true
	}
}

// maxBufferedBody is MaxBufferedBody with its default; -1 streams every
// body.
func (s *Server) maxBufferedBody() int64 {
	switch {
	case s.MaxBufferedBody < 0:
		return -1
	case s.MaxBufferedBody == 0:
		return DefaultMaxBufferedBody
	}
	return s.MaxBufferedBody
}
