//go:build linux

package serve

import (
	"log/slog"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// This file lets a keep-alive connection wait for its next request without
// first making a read that finds nothing, when many connections are open.
//
// A client sends its next request once it has read the response, so the
// read a connection makes right after answering finds an empty socket: the
// system call fails with EAGAIN, and only then does the goroutine park in
// the runtime's poller. The runtime offers no wait without that read: its
// poller forgets a readiness it has recorded when a read starts, so a wait
// that came first could miss bytes that arrived in between. With hundreds
// of connections that empty read was a tenth to a sixth of a request's CPU
// time (bench/results/history.md).
//
// So the server keeps readiness itself: an epoll instance of its own, in
// edge-triggered mode, holds the idle connections' sockets; the runtime's
// poller waits on that instance's descriptor, and one goroutine (run)
// takes its events and wakes the connections they name. A connection
// whose last read left its socket empty waits for that wake-up (waitIdle)
// and then reads; an edge-triggered instance reports every arrival of
// bytes, or of the peer's end, that comes after the read that emptied the
// socket, so no request is missed. A wake-up with nothing to read (bytes
// that the last read took already, the idle timer, Shutdown) costs what
// the empty read costs without the watcher: the read after it waits in
// the runtime's poller as before.

// watchEvents are the events a watched socket reports: bytes to read, the
// peer's end of its side (EPOLLHUP and EPOLLERR come unasked), urgent data
// (EPOLLPRI), each time anew (EPOLLET).
const watchEvents = syscall.EPOLLIN | syscall.EPOLLRDHUP | syscall.EPOLLPRI | (syscall.EPOLLET & 0xffffffff)

// readOnEvents are the events after which a socket's short reads no longer
// say that it is empty: a read returns bytes before the peer's end or an
// error, which the read after it reports, and stops at TCP urgent data's
// mark with bytes left behind it. The connection reads at once from then
// on.
const readOnEvents = syscall.EPOLLRDHUP | syscall.EPOLLHUP | syscall.EPOLLERR | syscall.EPOLLPRI

// watchBatch is how many events the watcher takes at once. After a full
// batch it lets the connections it woke run before it takes more: woken
// by one goroutine, they queue on its processor's run queue, and a batch
// larger than that queue would send the oldest half to the global queue,
// behind the rest. Batches of 128 taken without a pause raised the 99th
// percentile latency at 512 connections by a fifth; batches of 32 lowered
// it (bench/results/history.md).
const watchBatch = 32

// idleWatcher is a server's epoll instance for idle connections and the
// goroutine that takes its events.
type idleWatcher struct {
	file *os.File // the instance, so that the runtime's poller waits on it
	fd   int      // file's descriptor
	done chan struct{}

	// mu guards conns and every watched conn's waiter.fd and waiter.wake.
	mu    sync.Mutex
	conns map[int32]*conn // by socket descriptor
	// stopped is set once, under mu, when the watcher stops; watched
	// connections read it without the lock, and read at once from then on.
	stopped atomic.Bool

	events [watchBatch]syscall.EpollEvent // run's alone
	err    error                          // why take stopped, if it failed; run's alone
}

// newIdleWatcher creates the epoll instance and starts the goroutine that
// takes its events.
func newIdleWatcher(log *slog.Logger) (*idleWatcher, error) {
	fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	// Non-blocking, so that os.NewFile hands it to the runtime's poller.
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	w := &idleWatcher{file: os.NewFile(uintptr(fd), "epoll"), fd: fd, done: make(chan struct{}), conns: make(map[int32]*conn)}
	rc, err := w.file.SyscallConn()
	if err != nil {
		w.file.Close()
		return nil, err
	}
	go w.run(rc, log)
	return w, nil
}

// run takes the instance's events until the watcher is closed: the
// callback returns false to wait in the runtime's poller until the
// instance has events again. The wait is prepared once, before the first
// call, so an event that comes between a call and the wait is not lost.
func (w *idleWatcher) run(rc syscall.RawConn, log *slog.Logger) {
	defer close(w.done)
	err := rc.Read(w.take)
	if w.err != nil {
		err = w.err
	}
	if !w.stopped.Load() {
		log.Warn("idle watcher stopped; idle connections read at once", "error", err)
	}
	// The connections it would have woken must read for themselves.
	w.close(false)
}

// take wakes the connections named by the instance's events; false asks
// the poller to wait for more.
func (w *idleWatcher) take(uintptr) bool {
	for {
		// A wait of 0 never blocks, so the call goes straight to the
		// kernel, without the runtime's system-call bookkeeping (see
		// directIO). epoll_pwait with no signal mask is epoll_wait, on
		// every architecture.
		r, _, errno := syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, uintptr(w.fd), uintptr(unsafe.Pointer(&w.events[0])), uintptr(len(w.events)), 0, 0, 0)
		switch {
		case errno == syscall.EINTR:
			continue
		case errno != 0:
			// Not for a valid instance; run stops the watcher, and the
			// connections read at once.
			w.err = errno
			return true
		}
		n := int(r)
		w.mu.Lock()
		for _, ev := range w.events[:n] {
			if c := w.conns[ev.Fd]; c != nil {
				if ev.Events&readOnEvents != 0 {
					c.waiter.readOn.Store(true)
				}
				c.waiter.wakeUp()
			}
		}
		w.mu.Unlock()
		if n < len(w.events) {
			return false
		}
		runtime.Gosched() // see watchBatch
	}
}

// add starts watching c's socket (tc is c.rwc); false when the watcher is
// closed or the socket cannot be watched.
func (w *idleWatcher) add(c *conn, tc *net.TCPConn) bool {
	rc, err := tc.SyscallConn()
	if err != nil {
		return false
	}
	// Inside Control the descriptor stays open, so it names c's socket.
	err = rc.Control(func(fd uintptr) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.stopped.Load() {
			return
		}
		c.waiter.fd, c.waiter.wake = int32(fd), make(chan struct{}, 1)
		// In the map first: a socket with bytes already reports them as
		// it is added.
		w.conns[c.waiter.fd] = c
		ev := syscall.EpollEvent{Events: watchEvents, Fd: c.waiter.fd}
		if syscall.EpollCtl(w.fd, syscall.EPOLL_CTL_ADD, int(fd), &ev) != nil {
			delete(w.conns, c.waiter.fd)
			return
		}
		c.waiter.w = w
	})
	return err == nil && c.waiter.w == w
}

// remove stops watching c, which is closing or being handed over. A
// socket leaves the instance by itself when it is closed; for a hijacked
// one, which stays open (del), it is taken out so that its new protocol's
// bytes are not reported.
func (w *idleWatcher) remove(c *conn, del bool) {
	if w == nil {
		return
	}
	var rc syscall.RawConn
	if tc, ok := c.rwc.(*net.TCPConn); ok && del {
		rc, _ = tc.SyscallConn()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conns[c.waiter.fd] == c {
		// Another connection may have the descriptor now, if c's socket
		// was closed by Close: its entry stays.
		delete(w.conns, c.waiter.fd)
	}
	if rc != nil && !w.stopped.Load() {
		rc.Control(func(fd uintptr) {
			syscall.EpollCtl(w.fd, syscall.EPOLL_CTL_DEL, int(fd), nil)
		})
	}
}

// wake wakes c's idle wait, if c is watched: Shutdown and Close have just
// ended the wait with a deadline or a close. w may be nil (no watcher), as
// for remove and close.
func (w *idleWatcher) wake(c *conn) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conns[c.waiter.fd] == c {
		c.waiter.wakeUp()
	}
}

// close stops the watcher and wakes every watched connection, whose next
// waits read at once; wait says to wait for run to end.
func (w *idleWatcher) close(wait bool) {
	if w == nil {
		return
	}
	w.mu.Lock()
	first := !w.stopped.Load()
	if first {
		w.stopped.Store(true)
		for _, c := range w.conns {
			c.waiter.wakeUp()
		}
		clear(w.conns)
	}
	w.mu.Unlock()
	if first {
		// Ends run's wait in the poller.
		w.file.Close()
	}
	if wait {
		<-w.done
	}
}

// waitIdle waits, without reading, until c's socket has something to read
// or the wait must end (the idle timeout, Shutdown, Close), when the
// watcher can watch c; it reports whether it waited. The read deadline is
// the idle one, just set.
func (c *conn) waitIdle() bool {
	iw := &c.waiter
	if !iw.drained.Load() || iw.readOn.Load() {
		// The last read filled its buffer, so the socket may hold more
		// bytes that no event will report again; or readOnEvents came.
		// Only a read can tell.
		return false
	}
	s := c.server
	if iw.w == nil {
		// Only a bare TCP connection's reads are the socket's own: a
		// wrapper or TLS may buffer or cut them, and then a short read
		// says nothing about the socket.
		tc, ok := c.rwc.(*net.TCPConn)
		if iw.unwatchable || !ok {
			return false
		}
		w := s.idleWatcher()
		if w == nil || !w.add(c, tc) {
			iw.unwatchable = true
			return false
		}
		iw.timer = time.AfterFunc(time.Until(c.readDeadline), iw.wakeUp)
		iw.timerAt = c.readDeadline
	}
	if s.shuttingDown() || iw.w.stopped.Load() {
		// Shutdown or Close may have looked for idle connections to wake
		// before this one was watched: the read sees their deadline or
		// close. A watcher that stopped wakes nobody any more.
		return false
	}
	if iw.timerAt != c.readDeadline {
		// The deadline moves only by a sixteenth of the timeout at a
		// time (extendReadDeadline), so the timer is seldom reset. When
		// it fires early, or late for a deadline since moved, the read
		// after the wake-up waits on the socket's own deadline.
		iw.timer.Reset(c.readDeadline.Sub(c.now()))
		iw.timerAt = c.readDeadline
	}
	if s.hooks != nil && s.hooks.waitIdle != nil {
		s.hooks.waitIdle()
	}
	<-iw.wake
	return true
}

// idleWatcher returns the server's watcher, started on first use: nil once
// Shutdown or Close has begun, or when it could not be started; a watcher
// whose instance failed is returned stopped, and add refuses connections.
func (s *Server) idleWatcher() *idleWatcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shuttingDown() {
		// Shutdown and Close stop the watcher they find; one started
		// after them would run on.
		return nil
	}
	if s.watcher == nil && !s.watcherTried {
		s.watcherTried = true
		w, err := newIdleWatcher(s.logger())
		if err != nil {
			s.logger().Warn("idle connections read at once: no idle watcher", "error", err)
			return nil
		}
		s.watcher = w
	}
	return s.watcher
}
