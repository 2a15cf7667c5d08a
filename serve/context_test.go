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
