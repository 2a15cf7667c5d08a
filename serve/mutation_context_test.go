package serve

import (
	"context"
	"io"
	"testing"
	"time"
)

// A handler that asks for its context's Done channel, which starts the
// read that watches for the client going away, and returns at once leaves
// the connection as it found it: the next request is read from its first
// byte.
func TestContextWatchLeavesNextRequestWhole(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) {
		r.Context().Done()
		io.WriteString(w, r.Param("i"))
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	for _, want := range []string{"1", "2", "3"} {
		rc.write(get("/n/" + want))
		if res := rc.read("GET"); res.StatusCode != 200 || res.body != want {
			t.Fatalf("got %d %q, want 200 %q", res.StatusCode, res.body, want)
		}
	}
}

// A request's context reports context.DeadlineExceeded from Err once its
// deadline (the handler's start plus WriteTimeout) has passed, even when
// Done was never called.
func TestContextErrAfterDeadline(t *testing.T) {
	errs := make(chan error, 2)
	rt := NewRouter()
	rt.HandleFunc("GET", "/late", func(w ResponseWriter, r *Request) {
		ctx := r.Context()
		errs <- ctx.Err()
		d, _ := ctx.Deadline()
		for time.Now().Before(d) {
			<-time.After(time.Until(d))
		}
		errs <- ctx.Err()
	})
	addr, _ := startServer(t, &Server{Handler: rt, WriteTimeout: 100 * time.Millisecond})
	rc := dial(t, addr)
	rc.write(get("/late"))
	if err := wait(t, errs, "Err at the start"); err != nil {
		t.Errorf("Err before the deadline: %v, want nil", err)
	}
	if err := wait(t, errs, "Err after the deadline"); err != context.DeadlineExceeded {
		t.Errorf("Err after the deadline: %v, want context.DeadlineExceeded", err)
	}
}

// WithContext gives a copy of the request the context it is given.
func TestRequestWithContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	r := &Request{}
	r2 := r.WithContext(ctx)
	if r2.Context() != ctx || r.Context() == ctx {
		t.Errorf("WithContext: copy's context %v, original's %v; want the copy's alone to be the given one", r2.Context(), r.Context())
	}
}

// A clone of a request outlives its handler but not the server: its
// context is the server's, done once the server is closed.
func TestRequestCloneContextEndsWithServer(t *testing.T) {
	clones := make(chan *Request, 1)
	rt := NewRouter()
	rt.HandleFunc("GET", "/c", func(w ResponseWriter, r *Request) {
		clones <- r.Clone()
		io.WriteString(w, "ok")
	})
	s := &Server{Handler: rt}
	addr, _ := startServer(t, s)
	rc := dial(t, addr)
	rc.write(get("/c"))
	if res := rc.read("GET"); res.StatusCode != 200 {
		t.Fatalf("got %d %q, want 200", res.StatusCode, res.body)
	}
	ctx := wait(t, clones, "the clone").Context()
	if err := ctx.Err(); err != nil {
		t.Fatalf("clone's context before Close: %v, want nil", err)
	}
	s.Close()
	select {
	case <-ctx.Done():
	case <-time.After(testTimeout):
		t.Fatal("clone's context not done after Close")
	}
}
