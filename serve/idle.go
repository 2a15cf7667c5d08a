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

// readIdle waits for the next request on a connection whose buffer is
// empty, with the buffer given back for the wait, and reads the first
// bytes that come into c.idle, then into a buffer taken from the pool.
func (c *conn) readIdle() error {
	c.giveBuf()
	if c.server.numConns.Load() > 1 {
		// A client sends its next request once it has read the response
		// just flushed, so a read at once finds nothing: it fails with
		// EAGAIN and the goroutine parks until the poller wakes it, a
		// system call and a trip through the poller for no bytes. Read
		// after the other goroutines that are ready have run, it mostly
		// finds the request there. With no other connection there is
		// nothing to run meanwhile.
		runtime.Gosched()
	}
	for {
		n, err := c.rwc.Read(c.idle[:])
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
