package serve

import (
	"runtime"
	"sync/atomic"
	"time"
)

// This file keeps idle connections cheap: a keep-alive connection waiting
// for its next request holds no read buffer, only a small array in its
// conn that the first read of the request goes into.

// idleReadSize is how much of a request the read that ends an idle wait
// takes at once: the whole head of the requests of most API clients and
// benchmarks; a longer head is read on into the buffer taken after it.
const idleReadSize = 256

// takeBuf makes c.buf an empty buffer from bufPool. c.bufp is the pointer
// it came in, kept so that giving it back does not allocate one.
func (c *conn) takeBuf() {
	c.bufp = bufPool.Get().(*[]byte)
	c.buf = (*c.bufp)[:0]
}

// giveBuf gives c.buf back to bufPool unless it grew past maxKeptBufSize,
// and leaves c without one.
func (c *conn) giveBuf() {
	if c.bufp != nil && cap(c.buf) <= maxKeptBufSize {
		*c.bufp = c.buf[:0]
		bufPool.Put(c.bufp)
	}
	c.bufp, c.buf = nil, nil
}

// maxYieldConns is the most open connections at which readIdle yields
// (see there).
const maxYieldConns = 128

// idleHooks let a test of this package count or force what an idle
// connection does; a Server's hooks are nil outside tests, and set before
// it serves.
type idleHooks struct {
	yield    func() // called instead of runtime.Gosched
	watchAll bool   // every connection waits through the watcher it can
	waitIdle func() // called as a connection starts to wait for the watcher
}

// yield lets the goroutines that are ready run first.
func (s *Server) yield() {
	if s.hooks != nil && s.hooks.yield != nil {
		s.hooks.yield()
		return
	}
	runtime.Gosched()
}

// watchAbove is the number of open connections above which idle
// connections wait through the idle watcher (idlewatch_linux.go) when they
// can; a connection that cannot (TLS, or not a socket) reads at once, or
// after yielding (see readIdle). With one connection the watcher saves
// nothing: its wake-up costs what the empty read costs, and one more
// goroutine switch. From two on it does no worse: at 8 connections the
// same CPU time per request and latency as yielding, at 64 a 99th
// percentile a third lower, at 512 one read per request instead of two
// (bench/results/history.md).
const watchAbove = 1

// readIdle waits for the next request on a connection whose buffer is
// empty, with the buffer given back for the wait, and reads the first
// bytes that come into c.idle, then into a buffer taken from the pool.
func (c *conn) readIdle() error {
	c.giveBuf()
	s := c.server
	switch open := s.numConns.Load(); {
	case (open > watchAbove || s.hooks != nil && s.hooks.watchAll) && c.waitIdle():
		// Woken by the watcher (idlewatch_linux.go): the read finds the
		// request, or whatever ended the wait.
	case c.yielded:
		// Every other idle read goes ahead at once (see below).
		c.yielded = false
	case open > 1 && open <= maxYieldConns:
		// A client sends its next request once it has read the response
		// just flushed, so a read at once finds nothing: it fails with
		// EAGAIN and the goroutine parks until the poller wakes it, a
		// system call and a trip through the poller for no bytes. Read
		// after the other goroutines that are ready have run, it mostly
		// finds the request there. With no other connection there is
		// nothing to run meanwhile.
		//
		// But a yielding goroutine waits in the scheduler's global run
		// queue, and the scheduler polls the network only when no
		// goroutine is ready to run (or from its monitor thread, every
		// 10 ms): were every connection to yield every time, the queue
		// would never empty, and a connection whose read had found
		// nothing would wait up to those 10 ms to be woken. Yielding
		// every other time lets the queue drain once a round. With many
		// connections a round is long already and the poller's batches
		// spill into that queue too, so there the yield stops. Yielding
		// every time raised the 99th percentile latency under wrk well
		// above that of fasthttp, which never yields; every other time
		// keeps it level (bench/results/history.md).
		c.yielded = true
		s.yield()
	}
	for {
		n, err := c.read(c.idle[:])
		if n > 0 || err != nil {
			c.takeBuf()
			c.buf = append(c.buf, c.idle[:n]...)
		}
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// read reads from the connection into p, as c.rw.Read does, and notes
// whether the read left the socket empty: a read returns what the socket
// holds, up to len(p), so a shorter read took it all (but for what
// readOnEvents list, which the watcher reports). Every read of the
// connection goes through here, so that waitIdle knows whether bytes may
// be left that only a read would find.
func (c *conn) read(p []byte) (int, error) {
	n, err := c.rw.Read(p)
	c.waiter.drained.Store(n < len(p) && err == nil)
	return n, err
}

// idleWait is a connection's part in the server's idle watcher
// (idlewatch_linux.go).
type idleWait struct {
	// drained says the connection's last read left its socket empty;
	// readOn that the watcher reported one of readOnEvents
	// (idlewatch_linux.go), after which a short read says nothing, so
	// the connection reads at once.
	drained, readOn atomic.Bool
	// w is the watcher the socket is in, nil while it is not watched;
	// unwatchable says that it cannot be. Used by the connection's
	// goroutine, and by Hijack, which a goroutine of the handler's may
	// call while that one waits for the handler.
	w           *idleWatcher
	unwatchable bool
	// fd is the socket's descriptor and wake the channel its wait
	// receives on, with room for one wake-up; both are set once, under
	// the watcher's lock, and read under it by other goroutines, and
	// wake by timer's function, which is made after it is set.
	fd   int32
	wake chan struct{}
	// timer wakes the wait at the idle deadline timerAt.
	timer   *time.Timer
	timerAt time.Time
}

// wakeUp wakes the connection's wait, or its next one; a wake-up already
// pending stands for both.
func (iw *idleWait) wakeUp() {
	select {
	case iw.wake <- struct{}{}:
	default:
	}
}

// unwatch takes the connection out of the idle watcher, for a close or
// (del) a hijack, and stops its timer.
func (c *conn) unwatch(del bool) {
	if c.waiter.w == nil {
		return
	}
	c.waiter.timer.Stop()
	c.waiter.w.remove(c, del)
	c.waiter.w = nil
}
