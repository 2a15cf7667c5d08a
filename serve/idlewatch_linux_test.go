//go:build linux

package serve

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
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
