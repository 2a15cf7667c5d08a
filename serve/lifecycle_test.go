package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"sync"
	"testing"
)

func TestShutdownDrainsInFlightRequests(t *testing.T) {
	started, release := make(chan string, 4), make(chan struct{})
	s := &Server{Handler: blockingHandler(started, release), Logger: slog.New(slog.DiscardHandler)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()

	inFlight := dial(t, addr)
	inFlight.write(get("/slow"))
	wait(t, started, "handler")

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		shut <- s.Shutdown(ctx)
	}()
	if err := wait(t, served, "Serve to return"); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve returned %v", err)
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Error("the listener still accepts after Shutdown")
	}
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	default:
	}

	close(release)
	res := inFlight.read("GET")
	if res.StatusCode != 200 || !res.Close {
		t.Errorf("in-flight request: %d close=%v, want 200 and Connection: close", res.StatusCode, res.Close)
	}
	if err := wait(t, shut, "Shutdown"); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	inFlight.expectClosed()
}

func TestShutdownClosesIdleConnections(t *testing.T) {
	s := &Server{Handler: testRouter()}
	addr, _ := startServer(t, s)
	idle := dial(t, addr)
	idle.write(get("/n/1"))
	idle.read("GET")
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	idle.expectClosed()
}

// flakyListener fails its first Accepts with a temporary error.
type flakyListener struct {
	net.Listener
	failures int
}

type tempError struct{}

func (tempError) Error() string { return "accept: too many open files" }

func (tempError) Timeout() bool { return false }

func (tempError) Temporary() bool { return true }

func (l *flakyListener) Accept() (net.Conn, error) {
	if l.failures > 0 {
		l.failures--
		return nil, tempError{}
	}
	return l.Listener.Accept()
}

// brokenListener fails every Accept with a permanent error.
type brokenListener struct{ net.Listener }

func (l brokenListener) Accept() (net.Conn, error) { return nil, errors.New("broken") }

func TestAcceptErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Handler: testRouter(), Logger: slog.New(slog.DiscardHandler)}
	served := make(chan error, 1)
	go func() { served <- s.Serve(&flakyListener{Listener: l, failures: 3}) }()
	rc := dial(t, l.Addr().String())
	rc.write(get("/n/1"))
	if res := rc.read("GET"); res.StatusCode != 200 {
		t.Errorf("after temporary Accept errors: %d", res.StatusCode)
	}
	s.Close()
	if err := wait(t, served, "Serve"); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}

	l2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s2 := &Server{Handler: testRouter(), Logger: slog.New(slog.DiscardHandler)}
	if err := s2.Serve(brokenListener{l2}); err == nil || err.Error() != "broken" {
		t.Errorf("Serve on a broken listener: %v", err)
	}
}

func TestConnStateAndContext(t *testing.T) {
	var mu sync.Mutex
	var states []ConnState
	canceled := make(chan error, 1)
	rt := testRouter()
	rt.HandleFunc("GET", "/wait", func(w ResponseWriter, r *Request) {
		<-r.Context().Done()
		canceled <- r.Context().Err()
	})
	s := &Server{Handler: rt, ConnState: func(_ net.Conn, st ConnState) {
		mu.Lock()
		states = append(states, st)
		mu.Unlock()
	}}
	addr, _ := startServer(t, s)
	rc := dial(t, addr)
	rc.write(get("/n/1"))
	rc.read("GET")
	rc.write(get("/n/2"))
	rc.read("GET")
	rc.c.Close()
	pollUntil(t, "the connection is closed", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(states) > 0 && states[len(states)-1] == StateClosed
	})
	mu.Lock()
	got := fmt.Sprint(states)
	mu.Unlock()
	if want := "[new active idle active idle closed]"; got != want {
		t.Errorf("states %s, want %s", got, want)
	}

	// Close cancels the context of running handlers.
	rc = dial(t, addr)
	rc.write(get("/wait"))
	pollUntil(t, "the handler runs", func() bool { return len(s.slots) == 1 })
	s.Close()
	if err := wait(t, canceled, "the handler to see the cancellation"); !errors.Is(err, context.Canceled) {
		t.Errorf("context error %v", err)
	}
}

// A handler that ends its goroutine with runtime.Goexit (t.FailNow in a
// test handler does) gives its worker back and cancels its context; its
// connection closes, and the server goes on.
func TestHandlerGoexit(t *testing.T) {
	ctxs := make(chan context.Context, 2)
	rt := NewRouter()
	rt.HandleFunc("GET", "/exit", func(w ResponseWriter, r *Request) {
		ctxs <- r.Context()
		io.WriteString(w, "partial")
		runtime.Goexit()
	})
	rt.HandleFunc("GET", "/n", func(w ResponseWriter, r *Request) { io.WriteString(w, "n") })
	addr, _ := startServer(t, &Server{Handler: rt, Workers: 1, QueueDepth: -1})
	for range 2 {
		rc := dial(t, addr)
		rc.write(get("/exit"))
		rc.expectClosed()
		if err := wait(t, ctxs, "the handler").Err(); err != context.Canceled {
			t.Errorf("the context after Goexit: %v, want context.Canceled", err)
		}
	}
	rc := dial(t, addr)
	rc.write(get("/n"))
	if res := rc.read("GET"); res.StatusCode != StatusOK || res.body != "n" {
		t.Errorf("after two handlers called Goexit, with one worker: %d %q, want 200", res.StatusCode, res.body)
	}
}

// A goroutine that writes to its handler's ResponseWriter after the
// handler returned, while the connection waits for its next request, gets
// an error: the server does not crash on the write buffer it gave back,
// and the connection goes on.
func TestWriteAfterHandlerReturned(t *testing.T) {
	start, result := make(chan struct{}), make(chan error, 1)
	rt := NewRouter()
	rt.HandleFunc("GET", "/late", func(w ResponseWriter, r *Request) {
		io.WriteString(w, "first")
		go func() {
			<-start // the connection is idle then
			_, werr := io.WriteString(w, "late")
			w.WriteHeader(418)
			ferr := w.Flush()
			result <- errors.Join(werr, ferr)
		}()
	})
	rt.HandleFunc("GET", "/n", func(w ResponseWriter, r *Request) { io.WriteString(w, "n") })
	idle := make(chan struct{}, 4)
	addr, _ := startServer(t, &Server{Handler: rt, ConnState: func(_ net.Conn, st ConnState) {
		if st == StateIdle {
			idle <- struct{}{}
		}
	}})
	rc := dial(t, addr)
	rc.write(get("/late"))
	if res := rc.read("GET"); res.body != "first" {
		t.Fatalf("got %q", res.body)
	}
	wait(t, idle, "the connection to go idle")
	close(start)
	if err := wait(t, result, "the late writes"); err == nil {
		t.Error("Write and Flush after the handler returned: no error")
	}
	rc.write(get("/n"))
	if res := rc.read("GET"); res.StatusCode != StatusOK || res.body != "n" {
		t.Errorf("the next request: %d %q, want 200 n", res.StatusCode, res.body)
	}
}
