package serve

import (
	"errors"
	"time"

	"github.com/ae7539e0/httparse"
)

// This file reads request bodies.

// readBody reads the body of the request whose head takes c.buf[:headLen]
// and returns the length of the whole request in c.buf.
func (c *conn) readBody(headLen int) (int, error) {
	r := &c.req.Request
	if r.ContentLength <= 0 && !r.Chunked {
		return headLen, nil
	}
	// RFC 9110 §10.1.1: a client that sent "Expect: 100-continue" waits for
	// 100 (Continue) before sending the body. A body that is there already
	// needs no invitation.
	if r.ExpectsContinue() && len(c.buf) == headLen {
		if c.server.saturated() {
			// The point of 100-continue is that the client keeps its body
			// when the answer does not depend on it; here it would be 503
			// whatever the body.
			return 0, errBusy
		}
		c.rwc.SetWriteDeadline(time.Now().Add(c.server.writeTimeout()))
		c.bufw.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
		if err := c.bufw.Flush(); err != nil {
			return 0, err
		}
	}

	if !r.Chunked {
		// BodyFraming has held ContentLength to MaxBodyBytes (413), so this
		// is bounded; the buffer grows only as the bytes actually arrive.
		end := headLen + int(r.ContentLength)
		for len(c.buf) < end {
			if err := c.readMore(); err != nil {
				return 0, err
			}
		}
		r.Body = c.buf[headLen:end:end]
		return end, nil
	}

	// Decode as the bytes come in, and drop the raw chunks once decoded so
	// that the read buffer holds no more than a chunk line or a read's
	// worth beside the head.
	c.dec.Reset()
	c.body = c.body[:0]
	dropped := 0 // raw body bytes decoded and dropped from c.buf
	for {
		out, n, err := c.dec.Decode(c.body, c.buf[headLen:])
		c.body = out
		if err == nil {
			r.Body = c.body
			r.Trailer = c.dec.Trailer
			return headLen + n, nil
		}
		if err != httparse.ErrIncomplete {
			var perr *httparse.Error
			if errors.As(err, &perr) && perr.Offset >= 0 {
				// The decoder counts from what it was given; the client
				// wants to know where in its request.
				perr.Offset += headLen + dropped
				c.bodyFailed = true
			}
			return 0, err
		}
		dropped += n
		c.buf = append(c.buf[:headLen], c.buf[headLen+n:]...)
		if err := c.readMore(); err != nil {
			return 0, err
		}
	}
}
