package serve

import (
	"runtime/debug"
	"time"

	"github.com/ae7539e0/httparse"
)

// One request's turn on a connection: its handler run under a worker, then
// its response finished and logged.

// handle runs the handler for c.req, which spans c.buf[:n] unless its body
// streams. What the handler wrote is sent as it goes only when it streams
// (a Flush, or more than the response buffer holds); the rest waits for
// finishResponse, which runs after the worker is released.
func (c *conn) handle(n int) {
	s := c.server
	start := time.Now()
	c.handlerStart = start
	w := &c.res
	w.reset(&c.req)
	w.continued = c.rb.continued
	c.extendWriteDeadline(start, s.writeTimeout())
	c.beginContext(c.writeDeadline)
	c.reqLen = n
	if !c.rb.streaming {
		c.watchable(n)
	}

	c.handling.Store(true)
	panicked, abort := c.runHandler(w)
	c.handling.Store(false)
	c.stopWatching()
	c.endContext()
	if c.hijacked {
		c.logRequest(start)
		return
	}
	c.drainBody = !panicked
	if panicked {
		w.closeAfter = true
		if abort && !w.headerSent {
			// Nothing of the response goes out: finishRequest sends
			// nothing for an aborted one whose head is not out, and the
			// log shows no status.
			w.discard()
			w.aborted, w.status = true, 0
		} else if w.headerSent {
			// Part of the response is out. Ending it properly would pass a
			// truncated body off as complete; closing without the last
			// chunk (or short of Content-Length) lets the client see it
			// is not.
			w.aborted = true
		} else {
			w.discard()
			w.header = append(w.header[:0], httparse.Field{Name: "Content-Type", Value: "application/json"})
			w.status, w.wroteHeader = 0, false
			w.declared = -1
			w.writeHeader(StatusInternalServerError)
			w.write(appendJSONError(nil, errorBody{Error: "internal server error"}))
		}
	}
}

// finishResponse completes and writes the response of the handler that
// handle ran, logs it, and reports whether the connection may carry
// another request. It runs with no worker held: what the handler left
// unread of a streamed body is read and dropped first (finishBody), and a
// client slow to send it holds only its own connection.
func (c *conn) finishResponse() (keep bool) {
	if c.rb.streaming {
		// Here, not as the handler returns: a Read a goroutine of the
		// handler's still has in progress ends first, and it must keep
		// neither the worker nor the request's context.
		c.rb.retire()
	}
	if c.drainBody {
		c.drainBody = false
		c.finishBody()
	}
	c.res.finishRequest()
	c.logRequest(c.handlerStart)
	return c.shouldReuseConnection()
}

// logRequest writes the access log record of the request just answered.
func (c *conn) logRequest(start time.Time) {
	w := &c.res
	s := c.server
	if log := s.logger(); log.Enabled(s.baseCtx, levelInfo) {
		log.LogAttrs(s.baseCtx, levelInfo, "request",
			strAttr("method", c.req.Method),
			strAttr("target", c.req.Target),
			intAttr("status", w.status),
			int64Attr("bytes", w.sent),
			durAttr("duration", time.Since(start)),
			strAttr("remote", c.remoteAddr))
	}
}

// shouldReuseConnection reports whether the connection may carry another
// request after the response just finished: not when writing failed, nor
// when the request, the handler, the framing of the response or a
// shutdown asked to close.
func (c *conn) shouldReuseConnection() bool {
	return c.res.err == nil && !c.res.closeAfter
}

// runHandler calls the handler, turning a panic into a logged error. It
// reports whether the handler panicked, and abort when with
// ErrAbortHandler, which is not logged.
func (c *conn) runHandler(w *response) (panicked, abort bool) {
	defer func() {
		if p := recover(); p != nil {
			panicked = true
			if p == ErrAbortHandler {
				abort = true
				return
			}
			c.server.logger().Error("handler panic", "method", c.req.Method, "target", c.req.Target,
				"remote", c.remoteAddr, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	c.server.handler().ServeHTTP(w, &c.req)
	return false, false
}
