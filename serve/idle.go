package serve

import "runtime"

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

// yield lets the goroutines that are ready run first; a variable so that
// tests can count the calls.
var yield = runtime.Gosched

// readIdle waits for the next request on a connection whose buffer is
// empty, with the buffer given back for the wait, and reads the first
// bytes that come into c.idle, then into a buffer taken from the pool.
func (c *conn) readIdle() error {
	c.giveBuf()
	switch open := c.server.numConns.Load(); {
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
		yield()
	}
	for {
		n, err := c.rw.Read(c.idle[:])
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
