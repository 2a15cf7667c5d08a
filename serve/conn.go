package serve

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"math"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ae7539e0/httparse"
)

// conn is the server side of one connection. All its fields but curState
// are used only by the connection's own goroutine.
type conn struct {
	// server is the server the connection belongs to. Immutable; never nil.
	server *Server
	// rwc is the underlying network connection.
	rwc net.Conn
	// rw reads and writes rwc: directly (sysio_linux.go) for a TCP
	// connection, else rwc itself. Deadlines, Close, Hijack and ConnState
	// use rwc.
	rw io.ReadWriter
	// remoteAddr is rwc.RemoteAddr().String().
	remoteAddr string

	// buf holds the bytes read and not yet consumed: buf[0] is the first
	// byte of the current request. The current Request aliases it, so it
	// is compacted only between requests.
	buf  []byte
	bufp *[]byte // the pooled slice buf came from; see takeBuf
	bufw *bufio.Writer
	// wmu serializes the output (bufw and the response's state) while a
	// request's body streams: only then may another goroutine of the
	// handler's read the body, whose Read flushes bufw, may send 100
	// (Continue) and may answer the request itself. See response.lock.
	wmu sync.Mutex
	// hijackMu makes Hijack calls, from any of the handler's goroutines,
	// one at a time.
	hijackMu sync.Mutex
	// idle receives the first bytes of a request while the connection
	// holds no read buffer; see readIdle.
	idle [idleReadSize]byte
	// yielded says the last idle read was put off with yield; see readIdle.
	yielded bool
	// waiter is the connection's part in the idle watcher; see waitIdle.
	waiter idleWait

	parser httparse.Parser
	dec    httparse.ChunkedDecoder
	req    Request
	res    response
	// body holds a decoded chunked body; reused between requests.
	body []byte

	// reqStart is when the current request began: when its first byte
	// arrived, or for the first request when the connection was accepted.
	// Zero until something needs it; see requestStart.
	reqStart time.Time
	// readDeadline and writeDeadline are the deadlines this goroutine last
	// set on rwc (see extendReadDeadline).
	readDeadline, writeDeadline time.Time
	// accepted is when the connection was accepted. Immutable.
	accepted time.Time

	// bodyFailed is set when the chunked decoder rejected the body of the
	// current request: the *httparse.Error's Offset then counts from the
	// start of the request, no longer an index into buf.
	bodyFailed bool

	// drainBody is set when the handler returned normally: finishResponse
	// deals with what it left unread of its body (finishBody).
	drainBody bool
	// rb is the current request's body when it streams.
	rb requestBody
	// ctx is the current request's context.
	ctx *requestContext
	// watch notices the client going away while a handler runs.
	watch      watchState
	clientGone atomic.Bool
	// hijacked is set once the handler took the connection over.
	hijacked bool
	// handling is set while a handler runs; Hijack fails outside it.
	handling atomic.Bool
	// worker is set while the connection holds a worker slot, and
	// workerStreams when that came with a streaming slot; see
	// releaseWorker.
	worker, workerStreams bool
	// reqLen is how many bytes of c.buf the current request spans when
	// its body was read before the handler.
	reqLen int
	// handlerStart is when the current request's handler started.
	handlerStart time.Time

	curState atomic.Int32 // a ConnState; read by Shutdown
}

// Buffer sizes. A fresh connection reads into initialBufSize bytes, enough
// for the head of nearly every request, so that idle connections stay
// cheap; the buffer grows only for the request that needs it and is given
// back afterwards when it grew past maxKeptBufSize.
const (
	initialBufSize = 4 << 10
	maxKeptBufSize = 64 << 10
	writeBufSize   = 4 << 10
)

var (
	bufPool  = sync.Pool{New: func() any { b := make([]byte, 0, initialBufSize); return &b }}
	bufwPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, writeBufSize) }}
)

func (s *Server) newConn(rwc net.Conn) *conn {
	c := &conn{server: s, rwc: rwc, rw: newDirectIO(rwc), remoteAddr: rwc.RemoteAddr().String(), accepted: time.Now()}
	c.takeBuf()
	c.bufw = bufwPool.Get().(*bufio.Writer)
	c.bufw.Reset(c.rw)
	c.parser.Limits = s.Limits
	c.parser.Lenient = s.Lenient
	c.dec.Limits = s.Limits
	c.dec.Lenient = s.Lenient
	c.req.RemoteAddr = c.remoteAddr
	c.req.conn = c
	c.rb.c = c
	c.res.conn = c
	return c
}

func (c *conn) setState(st ConnState) {
	c.curState.Store(int32(st))
	if hook := c.server.ConnState; hook != nil {
		hook(c.rwc, st)
	}
}

func (c *conn) getState() ConnState { return ConnState(c.curState.Load()) }

// Errors of reading a request that are not the parser's.
var (
	errHeaderTimeout = errors.New("request head not received in time")
	errBodyTimeout   = errors.New("request body not received in time")
	errIdleTimeout   = errors.New("idle")
	errTooLarge      = errors.New("request does not fit the read buffer")
	errBusy          = errors.New("server busy, retry later")
	errExpectation   = errors.New("Expect lists an expectation this server does not know; the only one it meets is 100-continue")
)

// serve reads requests from the connection and answers them in order until
// the connection must close.
func (c *conn) serve() {
	s := c.server
	defer func() {
		if c.handling.Load() {
			// The handler called runtime.Goexit, which no recover
			// sees: what its return would have ended ends here, and
			// the connection closes, as net/http's does.
			c.handling.Store(false)
			c.stopWatching()
			c.endContext()
		}
		c.releaseWorker()
		c.unwatch(false)
		if c.hijacked {
			// Hijack untracked the connection already; it stops counting
			// against MaxConns now.
			c.release()
			s.numConns.Add(-1)
			return
		}
		c.close()
		s.trackConn(c, false)
		c.setState(StateClosed)
	}()

	if tc, ok := c.rwc.(*tls.Conn); ok && !c.handshake(tc) {
		return
	}
	first := true
	for {
		n, err := c.readRequest(first)
		first = false
		if err != nil {
			c.handleReadError(err)
			return
		}
		streaming := c.rb.streaming
		if !s.acquireWorker(streaming) {
			// Framing is intact, but the client must back off; closing makes
			// it open a fresh connection later instead of queueing more
			// behind this one.
			c.handleReadError(errBusy)
			return
		}
		c.worker, c.workerStreams = true, streaming
		c.handle(n)
		// The worker is free before the response is written out: a
		// client that does not read its responses blocks its own
		// connection until the write deadline, not a worker. (A response
		// larger than the write buffer is written while the handler
		// runs, so for that one the worker waits on the client too.)
		// Hijack has released it already.
		c.releaseWorker()
		if c.hijacked {
			return
		}
		keep := c.finishResponse()
		if !keep {
			c.bufw.Flush()
			c.closeWriteAndWait()
			return
		}
		if streaming {
			n = c.rb.pos
		}
		c.consume(n)
	}
}

// readRequest reads the next request, head and body, into c.req and returns
// how many bytes of c.buf it spans. first is set for the first request of
// the connection, which has no idle wait before it.
func (c *conn) readRequest(first bool) (int, error) {
	s := c.server
	// Wait for the first byte. Pipelined bytes may be there already.
	if len(c.buf) == 0 {
		timeout := s.idleTimeout()
		if first {
			timeout = s.readHeaderTimeout()
		} else {
			c.setState(StateIdle)
		}
		// Send what earlier requests left in the write buffer, then give
		// the buffer back while waiting: idle connections are the many,
		// and 4 KiB each adds up.
		if err := c.bufw.Flush(); err != nil {
			return 0, err
		}
		c.bufw.Reset(nil)
		bufwPool.Put(c.bufw)
		c.bufw = nil
		c.res.putBody()
		if first {
			// From the accept: a TLS handshake spends the same budget.
			c.setReadDeadline(c.accepted.Add(timeout))
		} else {
			c.extendReadDeadline(c.now(), timeout)
		}
		var err error
		if first {
			err = c.readMore()
		} else {
			err = c.readIdle()
		}
		c.bufw = bufwPool.Get().(*bufio.Writer)
		c.bufw.Reset(c.rw)
		if err != nil {
			if isTimeout(err) {
				return 0, errIdleTimeout
			}
			return 0, err
		}
	}
	if c.getState() != StateActive {
		c.setState(StateActive)
	}
	if first {
		// The first request's time counts from the accept, or a client
		// could idle for a whole timeout and then trickle for another.
		c.reqStart = c.accepted
	} else {
		// Read from the clock only when a deadline needs it: a head that
		// came whole in one read, without a body, never does.
		c.reqStart = time.Time{}
	}

	var headLen int
	for deadlineSet := false; ; {
		n, err := c.parser.ParseHead(c.buf, &c.req.Request)
		if err == nil {
			headLen = n
			break
		}
		if err != httparse.ErrIncomplete {
			return 0, err
		}
		if !deadlineSet {
			// Most heads arrive whole in the first read: the deadline, a
			// timer operation, is set only when the head needs more reads.
			c.setReadDeadline(c.requestStart().Add(s.readHeaderTimeout()))
			deadlineSet = true
		}
		if err := c.readMore(); err != nil {
			if isTimeout(err) {
				return 0, errHeaderTimeout
			}
			return 0, err
		}
	}

	if unknownExpectation(c.req.Header) {
		return 0, errExpectation
	}
	if c.req.ContentLength > 0 || c.req.Chunked {
		// Without a body nothing more is read for this request: the
		// deadline, a timer operation, is set only when it can fire.
		c.setReadDeadline(c.requestStart().Add(s.readTimeout()))
	}
	n, err := c.readBody(headLen)
	if isTimeout(err) {
		err = errBodyTimeout
	}
	return n, err
}

// releaseWorker gives back the worker slot the connection holds, if it
// holds one: after the handler, at Hijack, or when the handler ended the
// goroutine.
func (c *conn) releaseWorker() {
	if c.worker {
		c.worker = false
		c.server.releaseWorker(c.workerStreams)
	}
}

// requestStart returns c.reqStart, reading the clock for it when it was
// not set: the time the request's first bytes were read, give or take the
// parsing done since.
func (c *conn) requestStart() time.Time {
	if c.reqStart.IsZero() {
		c.reqStart = c.now()
	}
	return c.reqStart
}

// readMore reads at least one byte onto the end of c.buf, growing it when
// full. Anything written but not yet sent is flushed first: the client may
// be waiting for those responses before it sends more.
func (c *conn) readMore() error {
	if err := c.flushBeforeRead(); err != nil {
		return err
	}
	return c.fill()
}

// fill reads at least one byte onto the end of c.buf, growing it when
// full.
func (c *conn) fill() error {
	if len(c.buf) == cap(c.buf) {
		if cap(c.buf) >= c.maxBuf() {
			return errTooLarge
		}
		nb := make([]byte, len(c.buf), min(2*cap(c.buf), c.maxBuf()))
		copy(nb, c.buf)
		c.buf = nb
	}
	for {
		n, err := c.read(c.buf[len(c.buf):cap(c.buf)])
		c.buf = c.buf[:len(c.buf)+n]
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// flushBeforeRead sends what is buffered for the client before waiting for
// its bytes.
func (c *conn) flushBeforeRead() error {
	if c.bufw != nil && c.bufw.Buffered() > 0 {
		return c.bufw.Flush()
	}
	return nil
}

// maxBuf is the most c.buf may hold: the largest head the parser accepts,
// plus the largest body. The parser fails before a head outgrows it.
func (c *conn) maxBuf() int {
	l := c.server.Limits.WithDefaults()
	// WithDefaults caps the head limits at 1 GiB each but not the body's,
	// so the body term is capped here to keep the sum from overflowing.
	return l.MaxRequestLine + l.MaxHeaderBytes + int(min(l.MaxBodyBytes, math.MaxInt/2)) + 4<<10
}

// consume drops the n bytes of the request just answered from c.buf,
// keeping any pipelined bytes after them.
func (c *conn) consume(n int) {
	if cap(c.body) > maxKeptBufSize {
		c.body = nil // one large chunked body should not pin its memory
	}
	rest := len(c.buf) - n
	if rest == 0 && cap(c.buf) > maxKeptBufSize {
		c.takeBuf()
		return
	}
	copy(c.buf, c.buf[n:])
	c.buf = c.buf[:rest]
}

// lingerTimeout and lingerBytes bound how long and how much a closing
// connection keeps reading so that its last response is not lost.
const (
	lingerTimeout = 500 * time.Millisecond
	lingerBytes   = 256 << 10
)

// closeWriteAndWait sends a FIN and reads what the client still sends, for
// a bounded time. Closing a socket with unread data makes the kernel send
// a reset, and a reset can destroy the response the client has not read
// yet; a half-close followed by reading until the client closes avoids it.
func (c *conn) closeWriteAndWait() {
	c.bufw.Flush()
	lingeringClose(c.rwc)
}

func lingeringClose(rwc net.Conn) {
	if cw, ok := rwc.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	rwc.SetReadDeadline(time.Now().Add(lingerTimeout))
	io.CopyN(io.Discard, rwc, lingerBytes)
}

// close closes the connection and gives its buffers back.
func (c *conn) close() {
	c.rwc.Close()
	c.release()
}

// release gives the connection's buffers back.
func (c *conn) release() {
	c.giveBuf()
	c.bufw.Reset(nil)
	bufwPool.Put(c.bufw)
	c.bufw = nil
	c.res.putBody()
}

func isTimeout(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded)
}
