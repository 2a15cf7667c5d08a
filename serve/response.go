package serve

import (
	"errors"
	"strconv"
	"sync"

	"github.com/ae7539e0/httparse"
)

// A ResponseWriter is how a Handler answers a request.
//
// The server frames the response by itself. If the handler sets
// Content-Length, exactly that many bytes are sent. Otherwise the body is
// buffered, and when the handler returns with the whole body in the buffer
// the response gets a Content-Length; a body that outgrows the buffer, or a
// Flush, switches an HTTP/1.1 response to chunked transfer coding (an
// HTTP/1.0 response is then delimited by closing the connection). Every
// response carries Date. A response to HEAD carries the headers a GET would
// get and no body.
//
// A ResponseWriter belongs to one request and one goroutine: it must not be
// used after ServeHTTP returns, nor from two goroutines at once. Another
// goroutine may read the request body (BodyReader) while it is used. (One
// used while its connection waits for the next request gets an error from
// Write and Flush; one used while the next request's handler runs writes
// into that response, as the connection reuses it.)
type ResponseWriter interface {
	// Header returns the response header to modify before WriteHeader or
	// the first Write. WriteHeader fixes the head: later changes reach
	// only the trailer section, through fields named with TrailerPrefix,
	// which are read when the handler returns. Date,
	// Content-Length, Connection and Transfer-Encoding are written by the
	// server from what it decided; a Content-Length set here is honored
	// (and enforced), and so is Connection: close.
	Header() *Header

	// WriteHeader sets the status code. Only the first final status
	// counts; a Write without it implies 200. An informational status
	// (1xx but 101) is sent at once with the header fields set so far, as
	// an interim response (103 Early Hints; RFC 9110 §15.2), and the final
	// status still follows; none is sent to an HTTP/1.0 client. 101
	// (Switching Protocols) is final and ends HTTP on the connection: the
	// handler takes the connection over with Hijacker after it.
	WriteHeader(status int)

	// Write appends p to the body. It fails once the connection is broken,
	// or when the body would exceed a declared Content-Length; for a status
	// that has no body (204, 304) or a HEAD request the bytes are counted
	// and dropped.
	Write(p []byte) (int, error)

	// Flush sends the header and whatever body is buffered to the client
	// now, which is how a handler streams.
	Flush() error
}

// ErrContentLength is returned by Write when the body would exceed the
// Content-Length the handler declared.
var ErrContentLength = errors.New("serve: wrote more than the declared Content-Length")

// ErrBodyNotAllowed is returned by Write after WriteHeader(101): what
// follows a protocol switch is written on the hijacked connection.
var ErrBodyNotAllowed = errors.New("serve: no body after 101 Switching Protocols")

// ErrConnClosed is returned by Write and Flush once the connection cannot
// carry the response any more.
var ErrConnClosed = errors.New("serve: connection broken")

// errAfterHandler is what Write, WriteString and Flush return when called
// while no handler of the connection runs, by a goroutine that outlived
// its handler; WriteHeader then does nothing. A ResponseWriter must not be
// used after its handler returned (the connection reuses it for its next
// request, where such a call would land), but one used while the
// connection waits for that request is refused rather than let near a
// write buffer it has given back.
var errAfterHandler = errors.New("serve: ResponseWriter used after its handler returned")

// response is the ResponseWriter of a conn; one per connection, reset for
// every request.
type response struct {
	conn *conn
	req  *Request

	header      Header
	head        Header // header as WriteHeader fixed it: what the head carries
	status      int
	wroteHeader bool // the status is fixed
	headerSent  bool // the head is in conn.bufw

	body     []byte // buffered body not yet sent; from bodyPool, see bodyp
	bodyp    *[]byte
	declared int64 // Content-Length set by the handler, or -1
	written  int64 // body bytes the handler wrote
	sent     int64 // body bytes written to the connection
	chunked  bool  // the body goes out in chunks
	noBody   bool  // HEAD, 204 or 304: count the body, send none

	// continued is set once a 100 (Continue) went out.
	continued bool

	// closeAfter is set when the connection must close after this
	// response; err once writing failed.
	closeAfter bool
	err        error
	// aborted is set when the handler panicked after the head went out,
	// or with ErrAbortHandler: the response is left unfinished, or when
	// its head was not out, not sent at all.
	aborted bool

	scratch []byte
}

// bodyBufSize is how much body a response holds back to compute its
// Content-Length. Larger bodies, or a Flush, stream with chunked coding.
const bodyBufSize = 8 << 10

// bodyPool holds body buffers while their connections are idle. The pool
// keeps pointers to slices so that Put does not allocate.
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, bodyBufSize); return &b }}

// getBody makes sure w.body is a buffer of bodyBufSize.
func (w *response) getBody() {
	if w.bodyp == nil {
		w.bodyp = bodyPool.Get().(*[]byte)
		w.body = (*w.bodyp)[:0]
	}
}

// putBody gives the body buffer back, for a connection going idle.
func (w *response) putBody() {
	if w.bodyp != nil {
		*w.bodyp = w.body[:0]
		bodyPool.Put(w.bodyp)
		w.bodyp, w.body = nil, nil
	}
}

func (w *response) reset(r *Request) {
	clear(w.header)
	clear(w.head)
	*w = response{
		conn:     w.conn,
		req:      r,
		header:   w.header[:0],
		head:     w.head[:0],
		body:     w.body[:0],
		bodyp:    w.bodyp,
		scratch:  w.scratch[:0],
		declared: -1,
	}
	// RFC 9112 §9.3: HTTP/1.0 persistence needs keep-alive; Close covers
	// both that and "Connection: close".
	w.closeAfter = r.Close || w.conn.server.shuttingDown()
}

func (w *response) Header() *Header { return &w.header }

// The methods of ResponseWriter hold the connection's output (conn.wmu)
// while the request's body streams: then a goroutine reading the body may
// flush the output or answer the request beside the handler. Other
// requests pay one test of a flag. Nothing panics while the lock is held.

func (w *response) WriteHeader(status int) {
	if !w.conn.handling.Load() {
		return // used after its handler returned; see errAfterHandler
	}
	var valid bool
	if w.conn.rb.streaming {
		w.conn.wmu.Lock()
		valid = w.writeHeader(status)
		w.conn.wmu.Unlock()
	} else {
		valid = w.writeHeader(status)
	}
	if !valid {
		panic("serve: invalid WriteHeader status " + strconv.Itoa(status))
	}
}

// writeHeader is WriteHeader; it reports false, doing nothing, for a
// status out of range while none was fixed.
func (w *response) writeHeader(status int) (valid bool) {
	if w.wroteHeader {
		return true
	}
	if status < 100 || status > 999 {
		return false
	}
	if status < 200 && status != StatusSwitchingProtocols {
		w.writeInterim(status)
		return true
	}
	w.wroteHeader = true
	w.status = status
	w.noBody = !hasContent(w.req.Method, status)
	if status == StatusSwitchingProtocols {
		// Whatever follows is not HTTP; the connection is not reused.
		w.closeAfter = true
	}
	if v := w.header.Get("Content-Length"); v != "" {
		n, err := httparse.ParseContentLength(v)
		if err != nil {
			w.conn.server.logger().Warn("handler set an invalid Content-Length; ignored", "value", v)
			w.header.Del("Content-Length")
		} else {
			w.declared = n
		}
	}
	if httparse.ContainsToken(w.header.Values("Connection"), "close") {
		w.closeAfter = true
	}
	// The head carries the header as it is now; later changes only reach
	// the trailers (as net/http fixes the header at WriteHeader).
	w.head = append(w.head[:0], w.header...)
	return true
}

func (w *response) Write(p []byte) (int, error) {
	if !w.conn.handling.Load() {
		return 0, errAfterHandler
	}
	if w.conn.rb.streaming {
		w.conn.wmu.Lock()
		n, err := w.write(p)
		w.conn.wmu.Unlock()
		return n, err
	}
	return w.write(p)
}

func (w *response) write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.writeHeader(StatusOK)
	}
	if w.err != nil {
		return 0, w.err
	}
	if w.status == StatusSwitchingProtocols {
		return 0, ErrBodyNotAllowed
	}
	if w.declared >= 0 && w.written+int64(len(p)) > w.declared {
		return 0, ErrContentLength
	}
	w.written += int64(len(p))
	if w.noBody {
		return len(p), nil
	}
	if !w.headerSent {
		if len(w.body)+len(p) <= bodyBufSize {
			w.getBody()
			w.body = append(w.body, p...)
			return len(p), nil
		}
		w.sendHeader(false)
	}
	w.writeBody(p)
	if w.err != nil {
		return 0, w.err
	}
	return len(p), nil
}

// WriteString is Write for a string. io.WriteString uses it, which saves
// the copy (and the allocation) of converting s to a []byte.
func (w *response) WriteString(s string) (int, error) {
	if !w.conn.handling.Load() {
		return 0, errAfterHandler
	}
	if w.conn.rb.streaming {
		w.conn.wmu.Lock()
		n, err := w.writeString(s)
		w.conn.wmu.Unlock()
		return n, err
	}
	return w.writeString(s)
}

func (w *response) writeString(s string) (int, error) {
	if !w.wroteHeader {
		w.writeHeader(StatusOK)
	}
	if !w.headerSent && !w.noBody && w.err == nil && w.status != StatusSwitchingProtocols &&
		len(w.body)+len(s) <= bodyBufSize && (w.declared < 0 || w.written+int64(len(s)) <= w.declared) {
		// The common case: into the body buffer, without a copy to []byte.
		w.getBody()
		w.body = append(w.body, s...)
		w.written += int64(len(s))
		return len(s), nil
	}
	return w.write([]byte(s))
}

func (w *response) Flush() error {
	if !w.conn.handling.Load() {
		return errAfterHandler
	}
	if w.conn.rb.streaming {
		w.conn.wmu.Lock()
		err := w.flush()
		w.conn.wmu.Unlock()
		return err
	}
	return w.flush()
}

func (w *response) flush() error {
	if !w.wroteHeader {
		w.writeHeader(StatusOK)
	}
	if !w.headerSent {
		w.sendHeader(false)
	}
	if w.err == nil {
		if err := w.conn.bufw.Flush(); err != nil {
			w.fail(err)
		}
	}
	return w.err
}

// discard drops the buffered body, for a handler that panicked before the
// head went out.
func (w *response) discard() {
	w.body = w.body[:0]
	w.written = 0
}

// finishRequest completes the response after the handler returned.
func (w *response) finishRequest() {
	if w.aborted && !w.headerSent {
		return // ErrAbortHandler before anything went out: nothing does
	}
	if !w.wroteHeader {
		w.writeHeader(StatusOK)
	}
	if !w.headerSent {
		w.sendHeader(true)
		if w.chunked && w.err == nil {
			w.writeLastChunk()
		}
		return
	}
	if w.aborted || w.err != nil {
		return
	}
	if w.chunked {
		w.writeLastChunk()
	}
	if w.declared >= 0 && w.written < w.declared && !w.noBody {
		// The client expects bytes that will never come; the only way to
		// tell it is to close.
		w.conn.server.logger().Warn("handler wrote less than its Content-Length",
			"declared", w.declared, "written", w.written, "target", w.req.Target)
		w.closeAfter = true
	}
}
