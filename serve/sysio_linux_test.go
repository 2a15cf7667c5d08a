//go:build linux && !386 && !race

package serve

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// tcpPair returns the two ends of a loopback TCP connection.
func tcpPair(t *testing.T) (client, server *net.TCPConn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	done := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		done <- c
	}()
	cc, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc := <-done
	if sc == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { cc.Close(); sc.Close() })
	return cc.(*net.TCPConn), sc.(*net.TCPConn)
}

// TestDirectIOChosen: a TCP connection is read and written directly;
// anything else (here a net.Pipe end) through its own methods.
func TestDirectIOChosen(t *testing.T) {
	_, s := tcpPair(t)
	if _, ok := newDirectIO(s).(*directIO); !ok {
		t.Errorf("newDirectIO(*net.TCPConn) = %T, want *directIO", newDirectIO(s))
	}
	p, q := net.Pipe()
	defer p.Close()
	defer q.Close()
	if got := newDirectIO(p); got != io.ReadWriter(p) {
		t.Errorf("newDirectIO(net.Pipe) = %T, want the conn itself", got)
	}
}

// TestDirectIOReadWrite: bytes both ways, a write larger than the
// socket buffers (the write waits for the reader, in the poller), and
// io.EOF once the peer has closed its side.
func TestDirectIOReadWrite(t *testing.T) {
	c, s := tcpPair(t)
	d := newDirectIO(s).(*directIO)

	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, err := d.Read(buf)
	if err != nil || string(buf[:n]) != "ping" {
		t.Fatalf("Read = %q, %v; want \"ping\", nil", buf[:n], err)
	}
	if n, err := d.Read(buf[:0]); n != 0 || err != nil {
		t.Errorf("Read of an empty slice = %d, %v; want 0, nil", n, err)
	}

	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<20) // 16 MiB
	got := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(c, int64(len(big))))
		got <- b
	}()
	if n, err := d.Write(big); n != len(big) || err != nil {
		t.Fatalf("Write of %d bytes = %d, %v", len(big), n, err)
	}
	if b := <-got; !bytes.Equal(b, big) {
		t.Fatalf("the peer read %d bytes, not the %d written", len(b), len(big))
	}

	c.CloseWrite()
	if n, err := d.Read(buf); n != 0 || err != io.EOF {
		t.Errorf("Read after the peer's FIN = %d, %v; want 0, io.EOF", n, err)
	}
}

// TestDirectIODeadlineAndClose: a read waiting in the poller ends at the
// connection's read deadline with the error net.Conn gives, and at Close.
func TestDirectIODeadlineAndClose(t *testing.T) {
	_, s := tcpPair(t)
	d := newDirectIO(s).(*directIO)
	s.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	_, err := d.Read(make([]byte, 1))
	var ne net.Error
	if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("Read past the deadline: %v, want a timeout", err)
	}
	s.SetReadDeadline(time.Time{})
	ended := make(chan error)
	go func() {
		_, err := d.Read(make([]byte, 1))
		ended <- err
	}()
	s.Close()
	if err := <-ended; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Read ended by Close: %v, want net.ErrClosed", err)
	}
	if _, err := d.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Write after Close: %v, want net.ErrClosed", err)
	}
}

// TestDirectIOReset: a read on a connection the peer reset reports the
// reset.
func TestDirectIOReset(t *testing.T) {
	c, s := tcpPair(t)
	d := newDirectIO(s).(*directIO)
	c.SetLinger(0)
	c.Write([]byte("x"))
	c.Close() // with a linger of 0, a reset instead of a FIN
	buf := make([]byte, 8)
	var err error
	for err == nil {
		_, err = d.Read(buf)
	}
	if err == io.EOF {
		// Should a read report the end rather than the reset, a write
		// meets the reset.
		for err == io.EOF || err == nil {
			_, err = d.Write([]byte("y"))
		}
	}
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Addr == nil || oe.Source == nil {
		t.Errorf("after a reset: %v (%T), want a *net.OpError naming both ends", err, err)
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
		t.Errorf("after a reset: %v, want ECONNRESET or EPIPE", err)
	}
}

// TestDirectIOAllocs: a read and a write allocate nothing.
func TestDirectIOAllocs(t *testing.T) {
	c, s := tcpPair(t)
	d := newDirectIO(s).(*directIO)
	in, out := make([]byte, 64), []byte("pong")
	msg := []byte("ping")
	allocs := testing.AllocsPerRun(100, func() {
		c.Write(msg)
		if _, err := io.ReadFull(d, in[:len(msg)]); err != nil {
			t.Fatal(err)
		}
		d.Write(out)
		io.ReadFull(c, in[:len(out)])
	})
	if allocs != 0 {
		t.Errorf("a read and a write through directIO: %.1f allocations, want 0", allocs)
	}
}

// blocking puts the socket of c into blocking mode, as os.File's Fd does
// for the File of a *net.TCPConn.
func blocking(t *testing.T, c *net.TCPConn) {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Control(func(fd uintptr) { err = syscall.SetNonblock(int(fd), false) }); err != nil {
		t.Fatal(err)
	}
}

// TestDirectIOBlockingSocket: a socket made blocking by someone holding
// its descriptor still has its reads and writes wait in the poller, not
// in the kernel, so its deadlines end them. A call waiting in the kernel
// would hold its thread's processor, and the next garbage collection
// would stop the program.
func TestDirectIOBlockingSocket(t *testing.T) {
	c, s := tcpPair(t)
	blocking(t, s)
	d := newDirectIO(s).(*directIO)
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 2)
	s.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	go func() {
		n, err := d.Read(make([]byte, 1))
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		if !errors.Is(r.err, os.ErrDeadlineExceeded) {
			t.Errorf("Read on a blocking socket past its deadline: %d, %v; want a timeout", r.n, r.err)
		}
	case <-time.After(10 * time.Second):
		c.Write([]byte("x")) // let the stuck read go
		t.Fatal("Read on a blocking socket waited in the kernel past its deadline")
	}

	s.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
	big := make([]byte, 64<<20) // more than the socket buffers hold; c reads nothing
	go func() {
		n, err := d.Write(big)
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		if !errors.Is(r.err, os.ErrDeadlineExceeded) || r.n >= len(big) {
			t.Errorf("Write on a blocking socket past its deadline: %d of %d bytes, %v; want a timeout", r.n, len(big), r.err)
		}
	case <-time.After(10 * time.Second):
		go io.Copy(io.Discard, c) // let the stuck write go
		t.Fatal("Write on a blocking socket waited in the kernel past its deadline")
	}
}
