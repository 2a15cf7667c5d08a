//go:build linux

package serve

import (
	"context"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Tests of the idle watcher's edges (idlewatch_linux.go): what a short
// read does not prove (the peer's end, urgent data, a wrapped
// connection), and when the watcher starts and stops. The helpers are in
// idlewatch_linux_test.go.

// TestIdleWatcherStopsAfterShutdownTimeout: when Shutdown's context ends
// before a connection does, the watcher stops once that connection ends.
func TestIdleWatcherStopsAfterShutdownTimeout(t *testing.T) {
	release := make(chan struct{})
	started := make(chan string, 1)
	s := blockServer(started, release)
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	c.waitIdle(waits)
	w, _ := watchedConns(s)
	c.write(get("/block"))
	wait(t, started, "the handler")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Shutdown(ctx); err == nil {
		t.Fatal("Shutdown with an ended context and a handler running returned nil")
	}
	select {
	case <-w.done:
		t.Fatal("the watcher stopped while a connection was open")
	default:
	}
	close(release)
	if res := c.read("GET"); res.StatusCode != StatusNoContent {
		t.Fatalf("status %d", res.StatusCode)
	}
	c.expectClosed()
	pollUntil(t, "the watcher's end", func() bool {
		select {
		case <-w.done:
			return true
		default:
			return false
		}
	})
}

// TestIdleWatcherPeerEndAfterRequest: a client sends its next request and
// its end (FIN) at once, which the watcher may report in one event; the
// read after it returns the request, not the end. The connection must not
// wait again for an event that will never come: the server answers, reads
// the end and closes, long before the idle timeout.
func TestIdleWatcherPeerEndAfterRequest(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	s.IdleTimeout = time.Minute // a missed end would hold the connection this long
	addr, _ := startServer(t, s)
	for i := range 20 {
		c := dial(t, addr)
		c.exchange("/")
		pollUntil(t, "the idle wait", func() bool { return waits.Load() == int64(2*i+1) })
		c.write(get("/2"))
		c.c.(*net.TCPConn).CloseWrite()
		c.c.SetReadDeadline(time.Now().Add(testTimeout / 2))
		if res := c.read("GET"); res.StatusCode != StatusNoContent {
			t.Fatalf("status %d", res.StatusCode)
		}
		c.expectClosed()
		// Counted: the wait after the first response, and the one
		// after the second if the end came in an event of its own.
		pollUntil(t, "the connection's end", func() bool { return s.numConns.Load() == 0 })
		waits.Store(int64(2 * (i + 1)))
	}
}

// cappedConn is a TCP connection behind a wrapper that still has
// SyscallConn but returns at most 100 bytes a read: a short read of it says
// nothing about its socket.
type cappedConn struct{ *net.TCPConn }

func (c cappedConn) Read(p []byte) (int, error) {
	return c.TCPConn.Read(p[:min(len(p), 100)])
}

type cappedListener struct{ net.Listener }

func (l cappedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return cappedConn{c.(*net.TCPConn)}, nil
}

// TestIdleWatcherOnlyBareTCP: a wrapped connection is not watched even when
// it reaches its socket through SyscallConn: here two pipelined requests,
// the first of 100 bytes, arrive on a connection whose reads stop at 100,
// and the second must be answered although nothing more arrives.
func TestIdleWatcherOnlyBareTCP(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	s.IdleTimeout = time.Minute
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := startServerOn(t, s, cappedListener{l})
	c := dial(t, addr)
	c.exchange("/")
	first := get("/?p=")
	first = strings.Replace(first, "p=", "p="+strings.Repeat("x", 100-len(first)), 1)
	c.write(first + get("/second"))
	c.c.SetReadDeadline(time.Now().Add(testTimeout / 2))
	for range 2 {
		if res := c.read("GET"); res.StatusCode != StatusNoContent {
			t.Fatalf("status %d", res.StatusCode)
		}
	}
	if n := waits.Load(); n != 0 {
		t.Errorf("%d waits through the watcher, want 0", n)
	}
}

// TestIdleWatcherNotStartedAfterClose: a connection that reaches its idle
// wait after Close (its handler had sent the whole response) starts no
// watcher, which nothing would stop while another connection lives.
func TestIdleWatcherNotStartedAfterClose(t *testing.T) {
	release := map[string]chan struct{}{"/a": make(chan struct{}), "/b": make(chan struct{})}
	started := make(chan string, 2)
	s := &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "2")
		w.Write([]byte("ok"))
		w.Flush()
		started <- r.Path
		<-release[r.Path]
	})}
	watchAll(s)
	addr, _ := startServer(t, s)
	a, b := dial(t, addr), dial(t, addr)
	a.write(get("/a"))
	b.write(get("/b"))
	wait(t, started, "a handler")
	wait(t, started, "a handler")
	s.Close()
	close(release["/a"])
	pollUntil(t, "the first connection's end", func() bool { return s.numConns.Load() == 1 })
	if w, _ := watchedConns(s); w != nil {
		t.Error("a watcher was started after Close")
	}
	close(release["/b"])
	pollUntil(t, "the second connection's end", func() bool { return s.numConns.Load() == 0 })
}

// TestIdleWatcherEndsWithServe: when Serve returns (its listener closed)
// and then the last connection ends, the watcher stops; a later Serve
// starts one again.
func TestIdleWatcherEndsWithServe(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	for round := range 2 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- s.Serve(l) }()
		c := dial(t, l.Addr().String())
		c.exchange("/")
		pollUntil(t, "the idle wait", func() bool { return waits.Load() == int64(round+1) })
		w, n := watchedConns(s)
		if n != 1 {
			t.Fatalf("round %d: %d connections watched, want 1", round, n)
		}
		l.Close()
		if err := <-done; err == nil {
			t.Fatal("Serve returned nil")
		}
		c.c.Close()
		pollUntil(t, "the connection's end", func() bool { return s.numConns.Load() == 0 })
		select {
		case <-w.done:
		case <-time.After(testTimeout):
			t.Fatalf("round %d: the watcher still runs after Serve returned and its last connection ended", round)
		}
	}
	s.Close()
}

// TestIdleWatcherEndsWithLastConn: the watcher stops when the last
// connection ends, while Serve still accepts connections, so that an idle
// server holds nothing for it; the next connection starts another.
func TestIdleWatcherEndsWithLastConn(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	for round := range 2 {
		c := dial(t, addr)
		c.exchange("/")
		pollUntil(t, "the idle wait", func() bool { return waits.Load() == int64(round+1) })
		w, n := watchedConns(s)
		if n != 1 {
			t.Fatalf("round %d: %d connections watched, want 1", round, n)
		}
		c.c.Close()
		pollUntil(t, "the connection's end", func() bool { return s.numConns.Load() == 0 })
		select {
		case <-w.done:
		case <-time.After(testTimeout):
			t.Fatalf("round %d: the watcher still runs after its last connection ended", round)
		}
		if w, _ := watchedConns(s); w != nil {
			t.Fatalf("round %d: the server still holds a watcher", round)
		}
	}
}

// TestIdleWatcherStoppedWatcher: once the watcher has stopped (here by
// hand, as when its instance fails), watched connections read at once
// instead of waiting for wake-ups that no longer come.
func TestIdleWatcherStoppedWatcher(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	s.IdleTimeout = time.Minute // a wait for nothing would last this long
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	c.waitIdle(waits)
	w, _ := watchedConns(s)
	w.close(true)
	c.c.SetReadDeadline(time.Now().Add(testTimeout / 2))
	c.readsAtOnce(waits, 1) // the one wait before the watcher stopped
}

// TestIdleWatcherUrgentData: a read stops at TCP urgent data's mark with
// bytes left behind it, so after the watcher reports urgent data
// (EPOLLPRI) the connection reads at once: the request after the mark is
// answered although nothing more arrives.
func TestIdleWatcherUrgentData(t *testing.T) {
	release := make(chan struct{})
	s := blockServer(make(chan string, 1), release)
	s.IdleTimeout = time.Minute
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	c.waitIdle(waits)
	c.write(get("/block"))
	c.write(get("/a"))
	rc, err := c.c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var serr error
	if err := rc.Write(func(fd uintptr) bool {
		serr = syscall.Sendto(int(fd), []byte("Z"), syscall.MSG_OOB, nil)
		return true
	}); err != nil || serr != nil {
		t.Fatalf("sending urgent data: %v, %v", err, serr)
	}
	c.write(get("/b"))
	close(release)
	c.c.SetReadDeadline(time.Now().Add(testTimeout / 2))
	for _, target := range []string{"/block", "/a", "/b"} {
		if res := c.read("GET"); res.StatusCode != StatusNoContent {
			t.Fatalf("GET %s: status %d", target, res.StatusCode)
		}
	}
}
