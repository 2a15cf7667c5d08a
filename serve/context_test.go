package serve

import (
	"context"
	"io"
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
