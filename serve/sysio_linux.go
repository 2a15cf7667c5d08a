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
// the requests per second (bench/results/history.md). The socket is
// non-blocking, so no call waits in the kernel.
//
// Reads may come from two goroutines of a connection in turn (the
// connection's and a handler's, or the context's watching read), and a
// write may run beside a read: the argument of each direction is passed
// to its callback under that direction's lock, so the callbacks are made
// once, with no allocation per call.
type directIO struct {
	rc syscall.RawConn
	// laddr and raddr name the connection in errors, as net.Conn's do.
	laddr, raddr net.Addr

	rmu    sync.Mutex
	rp     []byte
	rn     int
	rerr   syscall.Errno
	readFn func(fd uintptr) bool

	wmu     sync.Mutex
	wp      []byte
	wn      int
	werr    syscall.Errno
	writeFn func(fd uintptr) bool
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
	d := &directIO{rc: rc, laddr: tc.LocalAddr(), raddr: tc.RemoteAddr()}
	d.readFn, d.writeFn = d.read, d.write
	return d
}

// read is the callback of Read: false asks the poller to wait until the
// socket is readable.
func (d *directIO) read(fd uintptr) bool {
	for {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&d.rp[0])), uintptr(len(d.rp)), syscall.MSG_DONTWAIT, 0, 0)
		switch errno {
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false
		}
		d.rn, d.rerr = int(n), errno
		return true
	}
}

// write is the callback of Write: it writes until all of d.wp is written
// or an error, and asks the poller to wait while the socket's buffer is
// full.
func (d *directIO) write(fd uintptr) bool {
	for d.wn < len(d.wp) {
		n, _, errno := syscall.RawSyscall6(syscall.SYS_SENDTO, fd, uintptr(unsafe.Pointer(&d.wp[d.wn])), uintptr(len(d.wp)-d.wn), syscall.MSG_DONTWAIT|syscall.MSG_NOSIGNAL, 0, 0)
		switch errno {
		case 0:
			d.wn += int(n)
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			d.werr = errno
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
	d.rmu.Lock()
	d.rp, d.rn, d.rerr = p, 0, 0
	err := d.rc.Read(d.readFn)
	n, errno := d.rn, d.rerr
	d.rp = nil
	d.rmu.Unlock()
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
	d.wmu.Lock()
	d.wp, d.wn, d.werr = p, 0, 0
	err := d.rc.Write(d.writeFn)
	n, errno := d.wn, d.werr
	d.wp = nil
	d.wmu.Unlock()
	switch {
	case err != nil:
		return n, err
	case errno != 0:
		return n, &net.OpError{Op: "write", Net: "tcp", Source: d.laddr, Addr: d.raddr, Err: os.NewSyscallError("sendto", errno)}
	}
	return n, nil
}
