//go:build linux

package serve

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Tests of the idle watcher (idlewatch_linux.go). Most make every
// connection wait through it, whatever the number open (watchAll), and
// count the waits with the waitIdle hook, so that a request sent after a
// wait began can only be read if the watcher reports it.

// watchAll makes every idle connection of s wait through the watcher it
// can, and returns the number of waits begun so far. Call it before s
// serves.
func watchAll(s *Server) *atomic.Int64 {
	var waits atomic.Int64
	s.hooks = &idleHooks{watchAll: true, waitIdle: func() { waits.Add(1) }}
	return &waits
}

// watchedConns returns the server's watcher (nil before one started) and
// the number of connections in it.
func watchedConns(s *Server) (*idleWatcher, int) {
	s.mu.Lock()
	w := s.watcher
	s.mu.Unlock()
	if w == nil {
		return nil, 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w, len(w.conns)
}

func noContent() *Server {
	return &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) { w.WriteHeader(StatusNoContent) })}
}

// waitIdle makes c's first exchange and waits until its connection waits
// for the watcher.
func (rc *rawConn) waitIdle(waits *atomic.Int64) {
	rc.t.Helper()
	rc.exchange("/")
	pollUntil(rc.t, "the idle wait", func() bool { return waits.Load() == 1 })
}

// readsAtOnce makes three exchanges on c and checks that its connection
// did not wait through the watcher for them: the waits stay at want.
func (rc *rawConn) readsAtOnce(waits *atomic.Int64, want int64) {
	rc.t.Helper()
	for range 3 {
		rc.exchange("/")
	}
	if n := waits.Load(); n != want {
		rc.t.Errorf("%d idle waits through the watcher, want %d", n, want)
	}
}

// expectEnded waits until s has no connection left and checks that none
// is left in its watcher either.
func expectEnded(t *testing.T, s *Server) {
	t.Helper()
	pollUntil(t, "the connections' end", func() bool { return s.numConns.Load() == 0 })
	if _, n := watchedConns(s); n != 0 {
		t.Errorf("%d connections watched after they ended, want 0", n)
	}
}

// blockServer answers 204, but for /block only once release is closed,
// after sending the path on started.
func blockServer(started chan<- string, release <-chan struct{}) *Server {
	return &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Path == "/block" {
			started <- r.Path
			<-release
		}
		w.WriteHeader(StatusNoContent)
	})}
}

// exchange sends a GET and checks its 204.
func (rc *rawConn) exchange(target string) {
	rc.t.Helper()
	rc.write(get(target))
	if res := rc.read("GET"); res.StatusCode != StatusNoContent {
		rc.t.Fatalf("GET %s: status %d", target, res.StatusCode)
	}
}

// TestIdleWatcherWakesForNextRequest: each request after the first is
// sent only once the connection waits for the watcher, so each is read
// because the watcher reported its bytes.
func TestIdleWatcherWakesForNextRequest(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	for i := range 20 {
		c.exchange("/")
		pollUntil(t, "the connection's idle wait", func() bool { return waits.Load() == int64(i+1) })
	}
	if _, n := watchedConns(s); n != 1 {
		t.Fatalf("%d connections watched, want 1", n)
	}
	// The client's close is reported too: the connection ends.
	c.c.Close()
	expectEnded(t, s)
}

// TestIdleWatcherFullReadReadsOn: a read that fills its buffer may leave
// bytes in the socket that no event reports again, so the connection
// reads on instead of waiting. Here the idle read takes exactly the first
// of two pipelined requests (idleReadSize bytes), and the second must be
// answered although nothing more arrives.
func TestIdleWatcherFullReadReadsOn(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	s.IdleTimeout = time.Minute // a missed request would wait this long
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	c.waitIdle(waits)
	first := get("/?pad=")
	first = strings.Replace(first, "pad=", "pad="+strings.Repeat("x", idleReadSize-len(first)), 1)
	if len(first) != idleReadSize {
		t.Fatalf("first request is %d bytes, want %d", len(first), idleReadSize)
	}
	c.write(first + get("/second"))
	for range 2 {
		if res := c.read("GET"); res.StatusCode != StatusNoContent {
			t.Fatalf("status %d", res.StatusCode)
		}
	}
}

// TestIdleWatcherIdleTimeout: the idle timeout ends a wait for the
// watcher, after one request and after several, when the deadline has
// moved since the wait first began.
func TestIdleWatcherIdleTimeout(t *testing.T) {
	for _, requests := range []int{1, 5} {
		s := noContent()
		waits := watchAll(s)
		s.IdleTimeout = 100 * time.Millisecond
		addr, _ := startServer(t, s)
		c := dial(t, addr)
		for i := range requests {
			c.exchange("/")
			pollUntil(t, "the connection's idle wait", func() bool { return waits.Load() == int64(i+1) })
			if i+1 < requests {
				// Long enough for the next request's deadline to move
				// (by more than a sixteenth of the timeout).
				time.Sleep(s.IdleTimeout / 4)
			}
		}
		start := time.Now()
		c.expectClosed()
		if d := time.Since(start); d > testTimeout/2 {
			t.Errorf("%d requests: closed %v after the last response, want about %v", requests, d, s.IdleTimeout)
		}
	}
}

// TestIdleWatcherShutdown: Shutdown ends the waits of watched idle
// connections at once and stops the watcher.
func TestIdleWatcherShutdown(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	conns := []*rawConn{dial(t, addr), dial(t, addr), dial(t, addr)}
	for _, c := range conns {
		c.exchange("/")
	}
	pollUntil(t, "the idle waits", func() bool { return waits.Load() == int64(len(conns)) })
	w, n := watchedConns(s)
	if n != len(conns) {
		t.Fatalf("%d connections watched, want %d", n, len(conns))
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for _, c := range conns {
		c.expectClosed()
	}
	select {
	case <-w.done:
	default:
		t.Error("the watcher still runs after Shutdown")
	}
}

// TestIdleWatcherClose: Close ends the waits of watched idle connections
// at once and stops the watcher.
func TestIdleWatcherClose(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	c.waitIdle(waits)
	w, _ := watchedConns(s)
	s.Close()
	c.expectClosed()
	expectEnded(t, s)
	select {
	case <-w.done:
	default:
		t.Error("the watcher still runs after Close")
	}
}

// TestIdleWatcherHijack: a hijacked connection leaves the watcher, whose
// wake-ups would otherwise go to nobody, and its bytes reach the handler
// that took it over.
func TestIdleWatcherHijack(t *testing.T) {
	s := &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Path != "/hijack" {
			w.WriteHeader(StatusNoContent)
			return
		}
		nc, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer nc.Close()
		brw.WriteString("hijacked\n")
		brw.Flush()
		line, err := brw.ReadString('\n')
		if err != nil {
			t.Errorf("reading the hijacked connection: %v", err)
			return
		}
		brw.WriteString("echo " + line)
		brw.Flush()
	})}
	waits := watchAll(s)
	addr, _ := startServer(t, s)
	c := dial(t, addr)
	c.waitIdle(waits)
	c.write(get("/hijack"))
	if line, err := c.br.ReadString('\n'); err != nil || line != "hijacked\n" {
		t.Fatalf("got %q, %v; want the hijacker's line", line, err)
	}
	if _, n := watchedConns(s); n != 0 {
		t.Errorf("%d connections watched after the hijack, want 0", n)
	}
	c.write("ping\n")
	if line, err := c.br.ReadString('\n'); err != nil || line != "echo ping\n" {
		t.Fatalf("got %q, %v; want the echo", line, err)
	}
}

// TestIdleWatcherAboveThreshold: with the default threshold, idle
// connections wait through the watcher once more than watchAbove are open,
// and every request on every connection is answered.
func TestIdleWatcherAboveThreshold(t *testing.T) {
	s := noContent()
	addr, _ := startServer(t, s)
	conns := make([]*rawConn, watchAbove+2)
	for i := range conns {
		conns[i] = dial(t, addr)
	}
	pollUntil(t, "the connections", func() bool { return s.numConns.Load() == int64(len(conns)) })
	for range 3 {
		for _, c := range conns {
			c.write(get("/"))
		}
		for _, c := range conns {
			if res := c.read("GET"); res.StatusCode != StatusNoContent {
				t.Fatalf("status %d", res.StatusCode)
			}
		}
	}
	pollUntil(t, "connections in the watcher", func() bool { _, n := watchedConns(s); return n > 0 })
	for _, c := range conns {
		c.c.Close()
	}
	expectEnded(t, s)
}

// TestIdleWatcherUnwatchable: a connection that is not a socket (here a
// wrapper without SyscallConn) reads at once and is never watched.
func TestIdleWatcherUnwatchable(t *testing.T) {
	s := noContent()
	waits := watchAll(s)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := startServerOn(t, s, wrapListener{l})
	dial(t, addr).readsAtOnce(waits, 0)
}

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
