package serve

import (
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// A handler that outlives ReadTimeout keeps its context: the read that
// watches for the client leaving is not bounded by the request's read
// deadline, and only the client closing ends it.
func TestContextOutlivesReadTimeout(t *testing.T) {
	got := make(chan error, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		select {
		case <-r.Context().Done():
			got <- r.Context().Err()
		case <-time.After(4 * 100 * time.Millisecond):
			got <- nil
		}
		io.WriteString(w, "done")
	})
	addr, _ := startServer(t, &Server{Handler: h, ReadTimeout: 100 * time.Millisecond})
	rc := dial(t, addr)
	// With a body, so that the request's read deadline is ReadTimeout's.
	rc.write("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\n\r\nx")
	if err := wait(t, got, "handler"); err != nil {
		t.Errorf("context ended with %v while the client waited", err)
	}
	if res := rc.read("POST"); res.body != "done" {
		t.Errorf("got %d %q", res.StatusCode, res.body)
	}

	// Closing the connection does end it.
	rc = dial(t, addr)
	rc.write(get("/"))
	time.AfterFunc(50*time.Millisecond, func() { rc.c.Close() })
	if err := wait(t, got, "handler"); err != context.Canceled {
		t.Errorf("context ended with %v after the client closed, want context.Canceled", err)
	}
}

// TestNoWatchAfterHandler: a handler that asked for Done and answered
// without reading its streamed body leaves the rest to the drain after it
// returns (finishBody, before the response is written). Reaching the
// body's end there must not start the read that watches for the client
// leaving: nothing would stop it, and it would take the first byte of the
// next request. Once the response is in, no connection of the server has
// such a read running, and the next requests are read whole.
func TestNoWatchAfterHandler(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/up", func(w ResponseWriter, r *Request) {
		_ = r.Context().Done() // asks for the client to be watched
		Error(w, StatusUnsupportedMediaType, "no")
	})
	rt.HandleFunc("GET", "/n", func(w ResponseWriter, r *Request) { io.WriteString(w, "n") })
	s := &Server{Handler: rt, MaxBufferedBody: -1}
	addr, _ := startServer(t, s)
	rc := dial(t, addr)
	rc.write("POST /up HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello")
	if res := rc.read("POST"); res.StatusCode != StatusUnsupportedMediaType {
		t.Fatalf("POST: %d %q", res.StatusCode, res.body)
	}
	s.mu.Lock()
	for c := range s.activeConn {
		c.watch.mu.Lock()
		if c.watch.running {
			t.Error("a read watching for the client is running after the handler returned")
		}
		c.watch.mu.Unlock()
	}
	s.mu.Unlock()
	for i := range 3 {
		rc.write(get("/n"))
		if res := rc.read("GET"); res.StatusCode != 200 || res.body != "n" {
			t.Fatalf("GET %d after the drained body: %d %q", i, res.StatusCode, res.body)
		}
	}
}

// A context kept past its handler (by a goroutine it started) stays
// canceled: the next request on the connection has a context of its own,
// and a goroutine still asking the old one is no race.
func TestContextStaysCanceled(t *testing.T) {
	kept := make(chan context.Context, 1)
	polling := make(chan struct{})
	stop := make(chan struct{})
	var revived bool // Err was nil after it had been non-nil
	rt := NewRouter()
	rt.HandleFunc("GET", "/keep", func(w ResponseWriter, r *Request) {
		ctx := r.Context()
		kept <- ctx
		go func() {
			defer close(polling)
			canceled := false
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := ctx.Err()
				revived = revived || canceled && err == nil
				canceled = canceled || err != nil
				ctx.Deadline()
			}
		}()
	})
	next := make(chan error, 1)
	proceed := make(chan struct{})
	rt.HandleFunc("GET", "/next", func(w ResponseWriter, r *Request) {
		next <- r.Context().Err()
		<-proceed // the old context is asked while this one runs
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	rc.write(get("/keep"))
	rc.read("GET")
	old := <-kept
	if err := old.Err(); err != context.Canceled {
		t.Fatalf("after its handler returned: Err %v, want context.Canceled", err)
	}
	rc.write(get("/next"))
	if err := wait(t, next, "the next request's Err"); err != nil {
		t.Errorf("the next request's context: Err %v, want nil", err)
	}
	if err := old.Err(); err != context.Canceled {
		t.Errorf("while the next request runs: the old context's Err %v, want context.Canceled", err)
	}
	close(proceed)
	rc.read("GET")
	close(stop)
	<-polling
	if revived {
		t.Error("the polling goroutine saw Err nil after it had been canceled")
	}
}

// A handler that never asks for its context allocates nothing for it;
// TestServerAllocs holds the count. One that asks gets a context of its
// own each time.
func TestContextOwnPerRequest(t *testing.T) {
	got := make(chan context.Context, 2)
	rt := NewRouter()
	rt.HandleFunc("GET", "/c", func(w ResponseWriter, r *Request) { got <- r.Context() })
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	for range 2 {
		rc.write(get("/c"))
		rc.read("GET")
	}
	if a, b := <-got, <-got; a == b {
		t.Error("two requests on one connection share a context")
	}
}

// Bytes of a next request already read do not stop the watch: a client
// that sent part of its next request and then went away cancels the
// context of the one being handled, as on net/http. A client that sent
// whole requests and then closed its side still gets their answers.
func TestContextWatchWithPipelinedBytes(t *testing.T) {
	got := make(chan error, 2)
	rt := NewRouter()
	rt.HandleFunc("GET", "/wait", func(w ResponseWriter, r *Request) {
		select {
		case <-r.Context().Done():
			got <- r.Context().Err()
		case <-time.After(testTimeout):
			got <- nil
		}
	})
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) {
		<-r.Context().Done() // canceled by the half-close
		io.WriteString(w, r.Param("i"))
	})
	addr, _ := startServer(t, &Server{Handler: rt})

	rc := dial(t, addr)
	rc.write(get("/wait") + "GET /next HTTP/1.1\r\n")
	rc.c.Close()
	if err := wait(t, got, "handler"); err != context.Canceled {
		t.Errorf("context ended with %v after the client closed, want context.Canceled", err)
	}

	rc = dial(t, addr)
	rc.write(get("/n/1") + get("/n/2"))
	rc.c.(*net.TCPConn).CloseWrite()
	for _, want := range []string{"1", "2"} {
		if res := rc.read("GET"); res.StatusCode != 200 || res.body != want {
			t.Fatalf("after the half-close: %d %q, want 200 %q", res.StatusCode, res.body, want)
		}
	}
}

// A client that goes away while its handler waits, with nothing of a next
// request sent, is not waited for again: the connection closes after the
// response instead of going idle.
func TestClientGoneClosesAfterResponse(t *testing.T) {
	states := make(chan ConnState, 16)
	rt := NewRouter()
	rt.HandleFunc("GET", "/wait", func(w ResponseWriter, r *Request) {
		<-r.Context().Done()
	})
	addr, _ := startServer(t, &Server{Handler: rt, ConnState: func(_ net.Conn, st ConnState) { states <- st }})
	rc := dial(t, addr)
	rc.write(get("/wait"))
	rc.c.Close()
	var seen []ConnState
	for st := ConnState(-1); st != StateClosed; {
		st = wait(t, states, "the connection to close")
		seen = append(seen, st)
	}
	for _, st := range seen {
		if st == StateIdle {
			t.Errorf("states %v: the connection went idle after its client left", seen)
		}
	}
}
