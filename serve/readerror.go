package serve

import (
	"errors"
	"strconv"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// This file answers the requests the server could not read or will not
// serve: what the parser rejected, timeouts, a full queue, unknown
// expectations.

// handleReadError answers a request that could not be read, if there is
// anyone to answer, logs it, and closes the connection.
func (c *conn) handleReadError(err error) {
	if _, answered := c.writeReadError(err); answered {
		c.closeWriteAndWait()
	}
}

// writeReadError answers a request that could not be read, or whose
// streamed body broke a rule, and logs it. It returns how many bytes of
// content it sent, and false when there was nobody to answer: the client
// went away, or the connection was closed by Shutdown.
func (c *conn) writeReadError(err error) (int, bool) {
	s := c.server
	var perr *httparse.Error
	var n int
	switch {
	case errors.As(err, &perr):
		n = c.writeError(perr.Status, c.parseErrorBody(perr), "")
		s.logger().Info("bad request", "remote", c.remoteAddr, "status", perr.Status, "rule", perr.Rule,
			"reason", perr.Reason, "offset", perr.Offset, "bytes", n)
	case err == errHeaderTimeout, err == errBodyTimeout:
		n = c.writeError(StatusRequestTimeout, errorBody{Error: c.timeoutMessage(err)}, "")
		s.logger().Info("request timeout", "remote", c.remoteAddr, "error", err.Error(), "bytes", n)
	case err == errBusy:
		n = c.writeError(StatusServiceUnavailable, errorBody{Error: err.Error()}, "Retry-After: 1\r\n")
		s.logger().Warn("queue full", "remote", c.remoteAddr, "workers", s.workers(), "queue", s.queueDepth(), "bytes", n)
	case err == errExpectation:
		n = c.writeError(StatusExpectationFailed, errorBody{Error: err.Error(), Rule: "RFC 9110 §10.1.1"}, "")
		s.logger().Info("bad request", "remote", c.remoteAddr, "status", StatusExpectationFailed, "reason", "unknown expectation", "bytes", n)
	case err == errTooLarge:
		n = c.writeError(StatusRequestHeaderFieldsTooLarge, errorBody{Error: c.tooLargeMessage()}, "")
		s.logger().Info("bad request", "remote", c.remoteAddr, "status", StatusRequestHeaderFieldsTooLarge, "reason", err.Error(), "bytes", n)
	default:
		// EOF, reset, idle timeout, or closed by Shutdown: nobody to answer.
		return 0, false
	}
	return n, true
}

// writeError writes a complete error response with Connection: close and
// returns how many bytes of content it sent: none when it answers HEAD.
// extra is more header lines, each ending in CRLF.
func (c *conn) writeError(status int, body errorBody, extra string) int {
	b, n := appendErrorResponse(make([]byte, 0, 512), c.method(), status, body, extra)
	c.setWriteDeadline(c.now().Add(c.server.writeTimeout()))
	c.bufw.Write(b)
	if c.bufw.Flush() != nil {
		return 0
	}
	return n
}

// appendErrorResponse appends a whole response to a request with the given
// method to dst: status, Content-Type application/json, Connection: close,
// the extra header lines (each ending in CRLF), Date, Content-Length, and
// the JSON of body unless the method is HEAD. n is how many bytes of
// content it appended.
func appendErrorResponse(dst []byte, method string, status int, body errorBody, extra string) (b []byte, n int) {
	content := appendJSONError(nil, body)
	b = appendStatusLine(dst, status)
	b = append(b, "Content-Type: application/json\r\nConnection: close\r\n"...)
	b = append(b, extra...)
	b = append(b, "Date: "...)
	b = appendDate(b, time.Now())
	b = append(b, "\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(content)), 10)
	b = append(b, "\r\n\r\n"...)
	if hasContent(method, status) {
		b = append(b, content...)
		n = len(content)
	}
	return b, n
}

// method is "HEAD" when the request at the start of c.buf, as far as it
// arrived, is a HEAD request, and "" otherwise: a request that failed to
// parse has no Method to ask.
func (c *conn) method() string {
	if isHead(c.buf) {
		return "HEAD"
	}
	return ""
}

// parseErrorBody is the answer to a request the parser rejected: its
// reason, with the limit that was exceeded when one was, the rule it broke
// and the offset of the first offending byte.
func (c *conn) parseErrorBody(perr *httparse.Error) errorBody {
	lim := c.server.Limits.WithDefaults()
	msg := perr.Reason
	switch perr.Status {
	case StatusRequestEntityTooLarge:
		if n, ok := c.declaredLength(perr); ok {
			msg = "body is " + strconv.FormatInt(n, 10) + " bytes; the limit is " + strconv.FormatInt(lim.MaxBodyBytes, 10)
		} else {
			msg += "; the limit is " + strconv.FormatInt(lim.MaxBodyBytes, 10) + " bytes"
		}
	case StatusURITooLong:
		msg += "; the limit is " + strconv.Itoa(lim.MaxRequestLine) + " bytes for the request-line"
	case StatusRequestHeaderFieldsTooLarge:
		msg += "; the limits are " + strconv.Itoa(lim.MaxHeaders) + " field lines and " +
			strconv.Itoa(lim.MaxHeaderBytes) + " bytes"
	}
	b := errorBody{Error: msg, Rule: perr.Rule}
	if perr.Offset >= 0 {
		b.Offset = &perr.Offset
	}
	return b
}

// declaredLength returns the Content-Length a 413 was about: the digits
// at the offset the parser gave, which is the field value's. A chunked
// body has none.
func (c *conn) declaredLength(perr *httparse.Error) (int64, bool) {
	if c.bodyFailed || perr.Offset < 0 || perr.Offset >= len(c.buf) {
		return 0, false
	}
	b := c.buf[perr.Offset:]
	end := 0
	for end < len(b) && b[end] != '\r' && b[end] != '\n' && b[end] != ' ' && b[end] != '\t' {
		end++
	}
	n, err := httparse.ParseContentLength(string(b[:end]))
	return n, err == nil
}

// timeoutMessage says which deadline a request missed.
func (c *conn) timeoutMessage(err error) string {
	s := c.server
	if err == errBodyTimeout {
		return err.Error() + "; the limit for a whole request is " + s.readTimeout().String()
	}
	return err.Error() + "; the limit for a request head is " + s.readHeaderTimeout().String()
}

// tooLargeMessage says why a request did not fit the read buffer.
func (c *conn) tooLargeMessage() string {
	return errTooLarge.Error() + " of " + strconv.Itoa(c.maxBuf()) + " bytes"
}

// unknownExpectation reports whether the Expect field lists anything but
// 100-continue, the only expectation HTTP defines. RFC 9110 §10.1.1 lets a
// server answer such a request 417 (Expectation Failed) instead of
// ignoring what the client said it depends on; this server does, for
// every version. 100-continue itself is ignored in HTTP/1.0 requests, as
// the same section requires.
func unknownExpectation(h httparse.Header) bool {
	for _, v := range h.Values("Expect") {
		for m := range httparse.ListMembers(v) {
			if !ascii.EqualFold(m, "100-continue") {
				return true
			}
		}
	}
	return false
}

// bodyCut is the answer to a request whose body the client ended its side
// of the connection inside: 400, at offset end of the request, where the
// bytes stopped. RFC 9112 §8 lets a server answer an incomplete request
// before it closes; §6.3 says the message is incomplete.
func bodyCut(r *httparse.Request, headLen, end int) *httparse.Error {
	reason := "request body ended inside its chunked coding"
	if !r.Chunked {
		reason = "request body ended after " + strconv.Itoa(end-headLen) + " of " +
			strconv.FormatInt(r.ContentLength, 10) + " bytes"
	}
	return &httparse.Error{Status: StatusBadRequest, Rule: "RFC 9112 §8", Offset: end, Reason: reason}
}

// cut is bodyCut for the streamed body, which stopped where the bytes
// taken from the connection end.
func (b *requestBody) cut() *httparse.Error {
	r := &b.c.req.Request
	end := b.headLen + int(r.ContentLength-b.left)
	if b.chunked {
		end = b.headLen + b.raw + len(b.c.buf) - b.pos
	}
	return bodyCut(r, b.headLen, end)
}
