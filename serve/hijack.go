package serve

import (
	"bufio"
	"errors"
	"io"
	"net"
	"time"
)

// A Hijacker is a ResponseWriter that lets its handler take the connection
// over, to speak another protocol on it (a WebSocket after 101 Switching
// Protocols, a tunnel after CONNECT). The server's ResponseWriter is one.
type Hijacker interface {
	// Hijack hands the connection to the caller, who must close it. What the
	// handler wrote is sent first: a status set with WriteHeader (101, say)
	// goes out with its header fields. The returned reader holds every byte
	// the server read past the request head and did not give the handler as
	// body (the rest of a streamed body, pipelined bytes, the first frames of
	// the new protocol), followed by the connection, so nothing is lost or
	// read as HTTP (RFC 9110 §7.8). Of a chunked body the handler stopped
	// reading, the content the server had decoded and not returned comes
	// first, decoded, then the raw bytes from where the decoder stopped: the
	// chunk framing it had consumed (the current chunk's size line, trailer
	// lines) is in neither, so they may begin inside a chunk's data. The
	// connection's deadlines are cleared. After Hijack the ResponseWriter no
	// longer writes, the request's body reads fail with ErrHijacked (a Read in
	// progress on another goroutine, waiting for the client, is ended: Hijack
	// waits for it to let go of the body, which a Read sending to a client
	// that is not reading does only at WriteTimeout; it returns ErrHijacked
	// once Hijack has succeeded, or reads on if Hijack failed; the bytes it
	// did not return are in the reader), and the server forgets the connection
	// at once (StateHijacked): Shutdown neither waits for nor closes it, the
	// handler no longer counts against Workers (it does against MaxConns until
	// it returns), and the request's context loses its deadline and is
	// canceled only when the handler returns. Hijack on a ResponseWriter kept
	// past its handler fails while the connection waits for its next request
	// (while that request's handler runs it would take over that request's
	// connection: see ResponseWriter).
	Hijack() (net.Conn, *bufio.ReadWriter, error)
}

// ErrHijacked is returned by Hijack, Write, WriteString and Flush once the
// connection was hijacked, and by the reads of the request's body once
// Hijack has succeeded.
var ErrHijacked = errors.New("serve: connection has been hijacked")

var _ Hijacker = (*response)(nil)

// errHijackAfterHandler is Hijack's error once the handler has returned.
var errHijackAfterHandler = errors.New("serve: Hijack called after the handler returned")

func (w *response) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c := w.conn
	// One Hijack at a time: a second one must not end a Read, or move the
	// deadlines, while the first takes the connection.
	c.hijackMu.Lock()
	defer c.hijackMu.Unlock()
	// First what makes it fail, so that a Hijack failing for it leaves a
	// body Read in progress alone.
	if c.rb.hijacked.Load() {
		return nil, nil, ErrHijacked
	}
	if !c.handling.Load() {
		return nil, nil, errHijackAfterHandler
	}
	if c.rb.streaming {
		c.wmu.Lock()
		err := w.err
		c.wmu.Unlock()
		if err != nil {
			return nil, nil, err
		}
		// The body first, then the output, in the order a Read takes
		// them.
		end := c.rb.stopForHijack()
		defer end()
		defer c.rb.mu.Unlock()
		c.wmu.Lock()
		defer c.wmu.Unlock()
	}
	if c.hijacked {
		return nil, nil, ErrHijacked
	}
	if !c.handling.Load() {
		// The worker, the connection's tracking and its context belong
		// to the handler's turn; after it they are the next request's.
		return nil, nil, errHijackAfterHandler
	}
	if w.err != nil {
		return nil, nil, w.err
	}
	c.stopWatching()
	if w.wroteHeader && !w.headerSent {
		w.sendHeader(false)
	}
	if w.err == nil {
		if err := c.bufw.Flush(); err != nil {
			w.fail(err)
		}
	}
	if w.err != nil {
		return nil, nil, w.err
	}

	// The bytes past what the handler was given as body: of a streamed
	// body, the content the chunked decoder took and the handler did not
	// read yet, then what the decoder did not take.
	from := c.reqLen
	var rest []byte
	if c.rb.streaming {
		from = c.rb.pos
		rest = append(rest, c.rb.pending...)
	}
	rest = append(rest, c.buf[from:]...)
	br := bufio.NewReader(c.rwc)
	if len(rest) > 0 {
		// In the reader's buffer, where Buffered and Peek see them, as
		// they would after net/http's Hijack; a Peek of what the prefix
		// holds does not touch the connection.
		br = bufio.NewReaderSize(&prefixReader{rest: rest, r: c.rwc}, max(4096, len(rest)))
		br.Peek(len(rest))
	}
	c.rwc.SetDeadline(time.Time{})
	c.hijacked = true
	c.rb.hijacked.Store(true)
	w.err = ErrHijacked
	w.headerSent, w.wroteHeader = true, true
	// The connection is the caller's from here, as after net/http's
	// Hijack: Shutdown and Close no longer see it, its handler (which
	// may run for as long as the new protocol does) no longer holds a
	// worker, and its context no longer ends with the server or the
	// write deadline. It counts against MaxConns until the handler
	// returns.
	c.server.forgetConn(c)
	c.unwatch(true)
	c.setState(StateHijacked)
	c.releaseWorker()
	c.ctx.detach()
	return c.rwc, bufio.NewReadWriter(br, bufio.NewWriter(c.rwc)), nil
}

// prefixReader reads rest, then r.
type prefixReader struct {
	rest []byte
	r    io.Reader
}

func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.rest) > 0 {
		n := copy(b, p.rest)
		p.rest = p.rest[n:]
		return n, nil
	}
	return p.r.Read(b)
}
