package serve

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	"github.com/ae7539e0/httparse"
)

// This file streams request bodies: one larger than Server.MaxBufferedBody
// (readbody.go reads the others whole) is handed to the handler as a
// stream (Request.BodyReader) that reads it as it arrives.

// maxPostHandlerDrain bounds how much of a streamed body the handler left
// unread is read and discarded after it returns, to keep the connection
// for the next request; a longer rest closes the connection instead, as
// net/http does.
const maxPostHandlerDrain = 256 << 10

// errBodyTooShort is returned by a streamed body's Read when the
// connection ends before the body does.
var errBodyTooShort = io.ErrUnexpectedEOF

// requestBody is the stream a handler reads a body from when the body is
// not read whole before the handler (Request.BodyReader). It reads raw
// bytes into conn.buf after the head, which stays in place because the
// Request aliases it, and decodes chunked coding into conn.body.
type requestBody struct {
	c *conn

	// streaming is set when the current request's body streams.
	streaming bool
	chunked   bool
	headLen   int
	// pos is where the body bytes not yet taken begin in c.buf; once the
	// body is done, where the next request begins.
	pos int
	// left is how many Content-Length bytes are still to be taken.
	left int64
	// raw is how many bytes of a chunked body the decoder has consumed.
	raw int
	// pending is decoded chunked content not yet returned; it aliases
	// c.body.
	pending []byte
	// needContinue is set while a 100 (Continue) the client waits for is
	// owed: it is sent on the first Read.
	needContinue bool
	// continued is set when the 100 (Continue) went out before the
	// handler, for a body read whole first; the handler's own
	// WriteHeader(100) then sends none again.
	continued bool
	// hijacked is set by Hijack: the connection's bytes are the
	// hijacker's, and Read fails. Atomic, for Read may run on another
	// goroutine than the handler's.
	hijacked atomic.Bool
	// hijacking is set while stopForHijack ends a Read in progress: a
	// read of that Read that fails on a deadline (the connection read the
	// kick ends, or the flush before it at WriteTimeout, on which the
	// Hijack then fails too) records and answers nothing, and the Read
	// waits, without mu, for kicked, which the Hijack closes when it has
	// decided: ErrHijacked if it took the connection, else the Read goes
	// on. kicked is set before hijacking.
	hijacking atomic.Bool
	kicked    chan struct{}
	done      bool  // the whole body has been taken
	err       error // sticky: the body cannot be read further

	// mu serialises reads: the handler's (on any goroutine) and the
	// server's drain after it. gen counts the handlers that have returned
	// on the connection; a reader handed out (bodyHandle) reads only while
	// gen is what it was then, so one kept past its handler never reads
	// the next request's body. gen changes under mu.
	mu  sync.Mutex
	gen atomic.Uint64
}

// ErrBodyReadAfterHandler is what a streamed body's reader (Request.BodyReader,
// ReadBody) returns once its handler has returned: the connection has moved
// on, and its next bytes are not that request's.
var ErrBodyReadAfterHandler = errors.New("serve: request body read after its handler returned")

// bodyHandle is the reader BodyReader hands out for a streamed body: the
// connection's stream, for as long as the handler that got it runs.
type bodyHandle struct {
	b   *requestBody
	gen uint64
}

func (h *bodyHandle) Read(p []byte) (int, error) {
	return h.b.readFor(p, &h.gen)
}

// errKicked is read's error for a read that stopForHijack ended; readFor
// turns it into the Hijack's outcome.
var errKicked = errors.New("serve: body read ended by Hijack")

// readFor is Read for the handler holding gen (nil: the server). It takes
// b.mu for each read, and across a Hijack that ends one (stopForHijack)
// waits without it for that Hijack's outcome.
func (b *requestBody) readFor(p []byte, gen *uint64) (int, error) {
	for {
		b.mu.Lock()
		if gen != nil && b.gen.Load() != *gen {
			b.mu.Unlock()
			return 0, ErrBodyReadAfterHandler
		}
		n, err := b.read(p)
		if err != errKicked {
			b.mu.Unlock()
			return n, err
		}
		// Set before hijacking, which read loaded.
		kicked := b.kicked
		b.mu.Unlock()
		<-kicked
		if b.hijacked.Load() {
			return 0, ErrHijacked
		}
	}
}

// retire ends the handler's hold on the body: readers it handed out fail
// from now on, and a read in progress on another goroutine has finished
// (which may take until ReadTimeout: it runs with no worker held, and
// after the request's context has ended).
func (b *requestBody) retire() {
	b.mu.Lock()
	b.gen.Add(1)
	b.mu.Unlock()
}

// reset prepares b for the request in c.buf whose head is headLen bytes:
// nothing streams until start is called.
func (b *requestBody) reset() {
	b.streaming, b.done, b.err, b.pending, b.needContinue, b.continued = false, false, nil, nil, false, false
	b.hijacked.Store(false)
	b.c.req.body = nil
}

// start makes the body of the current request stream from c.buf[headLen:].
func (b *requestBody) start(headLen int, expectContinue bool) {
	r := &b.c.req.Request
	b.streaming = true
	b.chunked = r.Chunked
	b.headLen, b.pos = headLen, headLen
	b.left = r.ContentLength
	b.needContinue = expectContinue
	b.raw = 0
	r.Body = nil
	b.c.req.body, b.c.req.bodyGen = b, b.gen.Load()
}

// Read reads the next bytes of the body. It returns io.EOF at its end,
// io.ErrUnexpectedEOF when the connection ends first, and for a body that
// breaks a rule or a limit the *httparse.Error. The server has answered
// either already if the handler had not started its response: the error's
// status, or 400 saying where a cut body stopped (bodyCut).
//
// Read is the server's (the drain after the handler); handlers read through
// a bodyHandle.
func (b *requestBody) Read(p []byte) (int, error) {
	return b.readFor(p, nil)
}

func (b *requestBody) read(p []byte) (int, error) {
	if b.hijacked.Load() {
		return 0, ErrHijacked
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.done && len(b.pending) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := b.sendContinue(); err != nil {
		return 0, b.fail(err)
	}
	var n int
	var err error
	if b.chunked {
		n, err = b.readChunked(p)
	} else {
		n, err = b.readLength(p)
	}
	switch {
	case err == io.EOF:
		b.c.bodyDone()
	case err != nil && b.hijacking.Load() && isTimeout(err):
		// Hijack ended this read (stopForHijack): nothing is answered.
		// Any other error is the body's own, answered as ever; a
		// write deadline met by the flush is answered when the Read
		// goes on after the Hijack, which that error makes fail.
		err = errKicked
	case err != nil:
		err = b.fail(err)
	}
	return n, err
}

// sendContinue sends the 100 (Continue) the client waits for, on the
// first Read. Like flush, it holds the connection's output, for the
// handler may be writing its response on another goroutine.
func (b *requestBody) sendContinue() error {
	c := b.c
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if !b.needContinue {
		return nil
	}
	b.needContinue = false
	return c.res.writeContinue()
}

// flush sends what the response has buffered before the body's Read waits
// for the client, who may be waiting for it.
func (b *requestBody) flush() error {
	c := b.c
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.flushBeforeRead()
}

// readLength reads a body of Content-Length bytes: first what is in
// c.buf, then straight into p from the connection, never past the body.
func (b *requestBody) readLength(p []byte) (int, error) {
	c := b.c
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	var n int
	if b.pos < len(c.buf) {
		n = copy(p, c.buf[b.pos:])
		b.pos += n
		if b.pos == len(c.buf) && int64(n) < b.left {
			// All taken: the buffer after the head is free again.
			c.buf = c.buf[:b.headLen]
			b.pos = b.headLen
		}
	} else {
		if err := b.flush(); err != nil {
			return 0, err
		}
		var err error
		n, err = c.read(p)
		if n == 0 && err != nil {
			return 0, connectionEnd(err)
		}
	}
	b.left -= int64(n)
	if b.left == 0 {
		b.done = true
		return n, io.EOF
	}
	return n, nil
}

// readChunked decodes a chunked body from c.buf into c.body and returns
// it from there.
func (b *requestBody) readChunked(p []byte) (int, error) {
	c := b.c
	for {
		if len(b.pending) > 0 {
			n := copy(p, b.pending)
			b.pending = b.pending[n:]
			if len(b.pending) == 0 && b.done {
				return n, io.EOF
			}
			return n, nil
		}
		if b.done {
			return 0, io.EOF
		}
		out, n, err := c.dec.Decode(c.body[:0], c.buf[b.pos:])
		c.body, b.pending = out, out
		b.pos += n
		b.raw += n
		switch {
		case err == nil:
			b.done = true
			c.req.Trailer = c.dec.Trailer
			continue
		case err != httparse.ErrIncomplete:
			c.bodyError(err, b.headLen)
			return 0, err
		case len(out) > 0:
			continue
		}
		// Keep the unconsumed part of a line, drop the rest, read more.
		c.buf = append(c.buf[:b.headLen], c.buf[b.pos:]...)
		b.pos = b.headLen
		if err := b.flush(); err != nil {
			return 0, err
		}
		if err := c.fill(); err != nil {
			return 0, connectionEnd(err)
		}
	}
}

// endOfInput reports whether a read of the connection failed because the
// client ended its side: io.EOF, or io.ErrUnexpectedEOF from crypto/tls
// for an end inside a TLS record.
func endOfInput(err error) bool {
	return err == io.EOF || err == io.ErrUnexpectedEOF
}

// connectionEnd is the error for a read of the connection that failed
// inside a body: the end of the connection there is errBodyTooShort, not
// the body's io.EOF, so a handler never takes a cut body for a whole one.
func connectionEnd(err error) error {
	if endOfInput(err) {
		return errBodyTooShort
	}
	return err
}

// fail records why the body cannot be read further, answers the request
// with it when the handler has not begun its response, and returns the
// error the handler sees.
func (b *requestBody) fail(err error) error {
	c := b.c
	c.wmu.Lock()
	defer c.wmu.Unlock()
	switch {
	case isTimeout(err):
		err = errBodyTimeout
	case err == io.EOF:
		err = errBodyTooShort
	}
	b.err = err
	w := &c.res
	w.closeAfter = true
	answer := err
	if err == errBodyTooShort {
		// The handler sees io.ErrUnexpectedEOF, as from net/http; the
		// client is told where its body stopped.
		answer = b.cut()
	}
	var perr *httparse.Error
	if !w.wroteHeader && !w.headerSent && (errors.As(answer, &perr) || err == errBodyTimeout) {
		// The answer depends on the body only in that it broke a rule
		// or stopped short: give it now, as the server does for a body
		// read before the handler; the handler's own writes then fail.
		n, _ := c.writeReadError(answer)
		w.wroteHeader, w.headerSent = true, true
		if perr != nil {
			w.status = perr.Status
		} else {
			w.status = StatusRequestTimeout
		}
		w.sent = int64(n)
		w.err = ErrConnClosed
	}
	return err
}

// bodyDone is called, by whichever goroutine reads the body, when the
// handler has read the whole body: the connection may be watched for the
// client going away from now on.
func (c *conn) bodyDone() {
	c.rb.done = true
	c.watchable(c.rb.pos)
}

// finishBody deals with what the handler left unread of a streamed body:
// it is read and dropped when short enough, and otherwise the connection
// closes after the response. A client still waiting for 100 (Continue)
// never sent it, so the connection closes (RFC 9110 §10.1.1).
func (c *conn) finishBody() {
	b := &c.rb
	if !b.streaming || b.done && len(b.pending) == 0 || b.err != nil {
		return
	}
	w := &c.res
	if b.needContinue || w.closeAfter || w.err != nil {
		w.closeAfter = true
		return
	}
	b.pending = nil
	// Content-Length says at once whether the rest is too long. The
	// bytes of it the server holds count, as they do in the copy below.
	if !b.chunked && b.left > maxPostHandlerDrain {
		w.closeAfter = true
		return
	}
	// io.Discard reads into a pooled buffer: one on this goroutine's
	// stack would make every connection's stack grow for it.
	n, err := io.CopyN(io.Discard, b, maxPostHandlerDrain+1)
	if err != io.EOF || n > maxPostHandlerDrain {
		w.closeAfter = true
	}
}

// BodyReader returns the request body as a reader: over Body when the body
// was read before the handler, and otherwise a stream that reads it from
// the connection as it arrives (Content-Length or chunked; the trailer
// fields are in Trailer once it returned io.EOF). A client that sent
// "Expect: 100-continue" gets 100 (Continue) at the first Read. A stream
// that breaks a rule or a limit (413 once the decoded length passes
// MaxBodyBytes), misses ReadTimeout, or ends early (io.ErrUnexpectedEOF,
// the client having ended its side) returns the error, and the server
// answers the request with it (400 for a cut body, saying where it
// stopped) if the handler had not started to. The reader is valid until
// the handler returns: a streamed body's Read after it fails
// (ErrBodyReadAfterHandler) rather than take the connection's next bytes,
// while a reader over Body, like Body itself, must not be used after it.
// It may be read on another goroutine while the handler writes its
// response, but not after Hijack (ErrHijacked); what the handler leaves
// unread is read and dropped after it, or the connection is closed.
func (r *Request) BodyReader() io.Reader {
	if r.body != nil {
		return &bodyHandle{r.body, r.bodyGen}
	}
	return bytes.NewReader(r.Body)
}

// ReadBody returns the whole body: Body when it was read before the
// handler (no copy, valid until the handler returns), or else the rest of
// the stream read into a new slice. The error is the stream's, as
// BodyReader describes.
func (r *Request) ReadBody() ([]byte, error) {
	if r.body == nil {
		return r.Body, nil
	}
	b := bodyHandle{r.body, r.bodyGen}
	var all []byte
	for {
		if len(all) == cap(all) {
			all = append(all, 0)[:len(all)]
		}
		n, err := b.Read(all[len(all):cap(all)])
		all = all[:len(all)+n]
		if err == io.EOF {
			return all, nil
		}
		if err != nil {
			return all, err
		}
	}
}

// stopForHijack locks b for Hijack, on Hijack's goroutine, ending first a
// Read in progress on another goroutine of the handler: one waiting for
// the client would take bytes that are the hijacker's, into a buffer the
// server gives up with the connection. The read deadline is put in the
// past until that Read has let go of b (having taken no byte that came
// after), then set to the body's deadline, requestStart + ReadTimeout,
// where readRequest put it. The context's watching read, which the same
// deadline ends, is marked stopping first, so that it does not take its
// end for the client's; a Hijack that then fails (on a write error, the
// connection closing after the response) leaves it stopped. The caller
// unlocks b.mu, then calls end, which lets the ended Read learn the
// outcome.
func (b *requestBody) stopForHijack() (end func()) {
	if b.mu.TryLock() {
		return func() {}
	}
	c := b.c
	c.watch.mu.Lock()
	c.watch.stopping = true
	c.watch.mu.Unlock()
	kicked := make(chan struct{})
	b.kicked = kicked
	b.hijacking.Store(true)
	c.rwc.SetReadDeadline(aLongTimeAgo)
	b.mu.Lock()
	b.hijacking.Store(false)
	c.setReadDeadline(c.requestStart().Add(c.server.readTimeout()))
	return func() { close(kicked) }
}
