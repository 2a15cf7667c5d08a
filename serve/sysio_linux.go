//go:build linux && !386 && !race

package serve

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// directIO reads and writes a TCP connection with recv(2) and send(2)
// made directly (syscall.RawSyscall6) from inside syscall.RawConn's Read
// and Write: the runtime's poller still waits for the socket, and still
// applies its deadlines, but the calls skip the runtime's system-call
// bookkeeping. That bookkeeping wakes the runtime's monitor thread
// (sysmon) whenever the processor had been idle, that is once a request
// on a connection that waits between requests: on a one-connection
// keep-alive exchange it is more than one extra context switch per
// request, which doubled the CPU time per request and cost a third of
// the requests per second (bench/results/history.md).
//
// A call the runtime does not know of must not wait in the kernel: its
// thread would keep its processor, and the next garbage collection, which
// waits for every processor, would stop the whole program. The socket is
// non-blocking, but anyone holding the descriptor can make it blocking
// again (os.File's Fd does, on a *net.TCPConn's File), so each call asks
// for MSG_DONTWAIT itself; MSG_NOSIGNAL makes a write to a closed peer an
// EPIPE error rather than a signal. Under the race detector, and on 386
// (whose socket calls go through socketcall), connections use net.Conn's
// calls (sysio_other.go).
//
// Reads may come from two goroutines of a connection in turn (the
// connection's and a handler's, or the context's watching read), and a
// write may run beside a read: the arguments of each direction are
// passed to its callback under that direction's lock, so the callbacks
// are made once, with no allocation per call.
type directIO struct {
	// laddr and raddr name the connection in errors, as net.Conn's do.
	laddr, raddr net.Addr
	r, w         directCall
}

// directCall is one direction of a directIO: its callback (fn), the
// RawConn method that runs it (run), and the arguments and results they
// share (p, n, errno), which mu guards for the length of a call.
type directCall struct {
	mu    sync.Mutex
	p     []byte
	n     int
	errno syscall.Errno
	fn    func(fd uintptr) bool
	run   func(func(fd uintptr) bool) error
}

// call runs c.fn on p through c.run and returns what it did: the bytes
// moved, the system call's error, and RawConn's (a deadline, a close).
func (c *directCall) call(p []byte) (int, syscall.Errno, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.p, c.n, c.errno = p, 0, 0
	err := c.run(c.fn)
	c.p = nil
	return c.n, c.errno, err
}

// newDirectIO returns what reads and writes rwc: a directIO for a TCP
// connection, else rwc itself (TLS, a Unix socket, a test's wrapper).
func newDirectIO(rwc net.Conn) io.ReadWriter {
	tc, ok := rwc.(*net.TCPConn)
	if !ok {
		return rwc
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return rwc
	}
	d := &directIO{laddr: tc.LocalAddr(), raddr: tc.RemoteAddr()}
	d.r.fn, d.r.run = d.read, rc.Read
	d.w.fn, d.w.run = d.write, rc.Write
	return d
}

// read is the callback of Read: false asks the poller to wait until the
// socket is readable.
func (d *directIO) read(fd uintptr) bool {
	for {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&d.r.p[0])), uintptr(len(d.r.p)), syscall.MSG_DONTWAIT, 0, 0)
		switch errno {
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false
		}
		d.r.n, d.r.errno = int(n), errno
		return true
	}
}

// write is the callback of Write: it writes until all of d.w.p is written
// or an error, and asks the poller to wait while the socket's buffer is
// full.
func (d *directIO) write(fd uintptr) bool {
	for d.w.n < len(d.w.p) {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_SENDTO, fd, uintptr(unsafe.Pointer(&d.w.p[d.w.n])), uintptr(len(d.w.p)-d.w.n), syscall.MSG_DONTWAIT|syscall.MSG_NOSIGNAL, 0, 0)
		switch errno {
		case 0:
			d.w.n += int(n)
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			d.w.errno = errno
			return true
		}
	}
	return true
}

// Read reads as net.Conn's Read does: io.EOF when the peer has closed its
// side, a *net.OpError otherwise.
func (d *directIO) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, errno, err := d.r.call(p)
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, &net.OpError{Op: "read", Net: "tcp", Source: d.laddr, Addr: d.raddr, Err: os.NewSyscallError("recvfrom", errno)}
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// Write writes all of p, or returns how much it wrote and why it stopped,
// as net.Conn's Write does.
func (d *directIO) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, errno, err := d.w.call(p)
	switch {
	case err != nil:
		return n, err
	case errno != 0:
		return n, &net.OpError{Op: "write", Net: "tcp", Source: d.laddr, Addr: d.raddr, Err: os.NewSyscallError("sendto", errno)}
	}
	return n, nil
}
