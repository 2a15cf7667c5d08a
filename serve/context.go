package serve

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// This file is the request's context: canceled when the client goes away
// while its handler runs, when the response's write deadline passes, when
// the server is closed, and when the handler returns.

// requestContext is the context.Context of a connection's current request.
// It costs nothing until Done is called: Err alone compares the deadline
// and the server's context. Done starts what makes the channel close
// without anyone asking: a timer for the deadline, a hook on the server's
// context and a read that notices the client closing its side. A
// connection reuses its requestContext for the next request unless
// Request.Context handed it out, so that a handler that never asks for it
// allocates nothing; one handed out is never reused, for whoever keeps it
// must see it canceled for good once its handler returned.
type requestContext struct {
	c        *conn
	deadline time.Time
	// shared is set once Request.Context handed the context out.
	shared atomic.Bool
	// detached is set when the handler hijacked the connection: the
	// context then has no deadline and ignores the server's end.
	detached bool

	mu         sync.Mutex
	done       chan struct{}
	err        error
	stopParent func() bool
	timer      *time.Timer
}

var _ context.Context = (*requestContext)(nil)

// Deadline is when the response's WriteTimeout ends; there is none after
// a Hijack.
func (x *requestContext) Deadline() (time.Time, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.deadline, !x.detached
}

// Value returns the server's base context's value for key.
func (x *requestContext) Value(key any) any { return x.c.server.baseCtx.Value(key) }

func (x *requestContext) Err() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.err == nil && !x.detached {
		switch {
		case x.c.server.baseCtx.Err() != nil:
			x.cancelLocked(context.Canceled)
		case !time.Now().Before(x.deadline):
			x.cancelLocked(context.DeadlineExceeded)
		}
	}
	return x.err
}

func (x *requestContext) Done() <-chan struct{} {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.done != nil {
		return x.done
	}
	x.done = make(chan struct{})
	if x.err != nil {
		close(x.done)
		return x.done
	}
	if x.detached {
		return x.done // closed by end, when the handler returns
	}
	x.stopParent = context.AfterFunc(x.c.server.baseCtx, func() { x.cancel(context.Canceled) })
	x.timer = time.AfterFunc(time.Until(x.deadline), func() { x.cancel(context.DeadlineExceeded) })
	x.c.watchClient()
	return x.done
}

func (x *requestContext) cancel(err error) {
	x.mu.Lock()
	x.cancelLocked(err)
	x.mu.Unlock()
}

func (x *requestContext) cancelLocked(err error) {
	if x.err != nil {
		return
	}
	x.err = err
	if x.done != nil {
		close(x.done)
	}
}

// end cancels the context when the handler has returned, and stops what
// Done started.
func (x *requestContext) end() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.cancelLocked(context.Canceled)
	x.stopLocked()
}

// detach leaves the context to the handler that hijacked the connection:
// from now on only its return cancels it (unless something did already).
func (x *requestContext) detach() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.detached = true
	x.stopLocked()
}

// stopLocked stops the timer and the hook on the server's context that Done
// started, if it did; x.mu must be held.
func (x *requestContext) stopLocked() {
	if x.stopParent != nil {
		x.stopParent()
		x.timer.Stop()
		x.stopParent, x.timer = nil, nil
	}
}

// beginContext prepares the context of a handler starting now.
func (c *conn) beginContext(deadline time.Time) {
	if c.ctx == nil || c.ctx.shared.Load() {
		c.ctx = &requestContext{c: c}
	}
	x := c.ctx
	x.deadline, x.err, x.done, x.detached = deadline, nil, nil, false
	c.watch = watchState{}
	c.clientGone.Store(false)
}

// endContext cancels the context of the handler that returned.
func (c *conn) endContext() {
	c.ctx.end()
}

// watchState is the read that notices the client closing its side while a
// handler runs, as net/http's background read does. It starts once the
// context's Done was called and the request has no body bytes left to
// read, whether or not bytes of a next request are there already (a byte
// it reads goes after them).
type watchState struct {
	mu     sync.Mutex
	wanted bool // Done was called
	ready  bool // the body has been read
	// pipelined is set when bytes of a next request followed the body
	// in c.buf: a client that closed its side after sending them still
	// gets their answers.
	pipelined bool
	running   bool
	// stopping is set by stopWatching, once the handler returned or
	// when it hijacks the connection: no read starts after it. The body
	// drained after the handler (finishBody) reaches its end too, and a
	// read started there would outlive the request and take the first
	// byte of the next one; after a hijack the connection is not the
	// server's to read.
	stopping bool
	done     chan struct{}
	got      bool // the read brought the first byte of a next request
	b        [1]byte
}

// watchable is called once the request's body is read (by the
// connection's goroutine, or by bodyDone on the goroutine that read the
// body's end), with where the request ends in c.buf.
func (c *conn) watchable(end int) {
	w := &c.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ready, w.pipelined = true, end < len(c.buf)
	if w.ready && w.wanted && !w.running && !w.stopping {
		c.startWatchLocked()
	}
}

// watchClient is called by Done, from any goroutine.
func (c *conn) watchClient() {
	w := &c.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wanted = true
	if w.ready && !w.running && !w.stopping {
		c.startWatchLocked()
	}
}

func (c *conn) startWatchLocked() {
	w := &c.watch
	w.running = true
	w.done = make(chan struct{})
	// The read waits for as long as the handler runs: only stopWatching
	// ends it with a deadline, so a timeout is never the client's doing.
	c.rwc.SetReadDeadline(time.Time{})
	go func() {
		defer close(w.done)
		n, err := c.read(w.b[:])
		w.mu.Lock()
		stopping := w.stopping
		w.got = n == 1
		w.mu.Unlock()
		if n == 0 && err != nil && !stopping {
			// The client closed its side or the connection broke: nobody
			// will read the response.
			c.clientGone.Store(true)
			c.ctx.cancel(context.Canceled)
		}
	}()
}

// stopWatching ends the watching read, on the connection's goroutine,
// before the connection is read or handed over again. A byte it read is
// put back at the end of c.buf.
func (c *conn) stopWatching() {
	w := &c.watch
	w.mu.Lock()
	running := w.running
	w.stopping = true
	w.ready = false
	w.mu.Unlock()
	if !running {
		return
	}
	c.rwc.SetReadDeadline(aLongTimeAgo)
	<-w.done
	c.setReadDeadline(c.requestStart().Add(c.server.readTimeout()))
	w.running = false
	if w.got {
		c.buf = append(c.buf, w.b[0])
		w.got = false
	}
	if c.clientGone.Load() && !w.pipelined {
		c.res.closeAfter = true
	}
}

// aLongTimeAgo is a deadline that has passed: setting it makes a pending
// Read return at once.
var aLongTimeAgo = time.Unix(1, 0)
