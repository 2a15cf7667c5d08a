package serve

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The cases where Hijack meets a Read of the streamed body in progress
// (stopForHijack): the Read learns the Hijack's outcome, and a Hijack that
// fails ends no Read.

// TestHijackFromOtherGoroutineBesideRead: the handler reads its body on
// its own goroutine while another goroutine of it hijacks. The handler's
// Read returns ErrHijacked only once the Hijack has succeeded, so the
// handler cannot return first and make the Hijack fail (or race it).
func TestHijackFromOtherGoroutineBesideRead(t *testing.T) {
	content := strings.Repeat("z", 8000)
	readErr := make(chan error, 1)
	hijackErr := make(chan error, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		body := r.BodyReader()
		var taken atomic.Int64
		go func() {
			if !bodyReadWaits(r, &taken, 4000) {
				hijackErr <- errors.New("the handler's Read never waited for the client")
				return
			}
			c, _, err := w.(Hijacker).Hijack()
			if err == nil {
				c.Close()
			}
			hijackErr <- err
		}()
		buf := make([]byte, 1000)
		for {
			n, err := body.Read(buf)
			taken.Add(int64(n))
			if err != nil {
				readErr <- err
				return
			}
		}
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
	c := dialTCP(t, addr)
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(content), content[:4000])
	if err := wait(t, hijackErr, "Hijack"); err != nil {
		t.Errorf("Hijack beside the handler's Read: %v", err)
	}
	if err := wait(t, readErr, "the handler's Read"); !errors.Is(err, ErrHijacked) {
		t.Errorf("the handler's Read ended with %v, want ErrHijacked", err)
	}
}

// TestFailingHijackEndsNoRead: a Hijack that fails because the connection
// was hijacked already, or because the handler has returned (a
// ResponseWriter kept past it, while the server drains the body), returns
// at once: it neither waits for the body nor moves the read deadline of a
// connection that is the hijacker's, or the server's again. Holding the
// body's lock stands for a Read in progress.
func TestFailingHijackEndsNoRead(t *testing.T) {
	t.Run("second Hijack", func(t *testing.T) {
		got := make(chan error, 1)
		rt := NewRouter()
		rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
			io.ReadFull(r.BodyReader(), make([]byte, 2))
			c, _, err := w.(Hijacker).Hijack()
			if err != nil {
				got <- err
				return
			}
			defer c.Close()
			r.conn.rb.mu.Lock()
			defer r.conn.rb.mu.Unlock()
			got <- hijackWithin(w, time.Second)
		})
		addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
		c := dialTCP(t, addr)
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8000\r\n\r\nabcd")
		if err := wait(t, got, "the second Hijack"); !errors.Is(err, ErrHijacked) {
			t.Errorf("second Hijack: %v, want ErrHijacked at once", err)
		}
	})
	t.Run("after the handler", func(t *testing.T) {
		kept := make(chan ResponseWriter, 1)
		var req atomic.Pointer[Request]
		rt := NewRouter()
		rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
			req.Store(r)
			kept <- w // returns without reading the body
		})
		addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
		rc := dial(t, addr)
		rc.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8000\r\n\r\nabcd")
		w := wait(t, kept, "the handler")
		r := req.Load()
		// The server drains the body the handler left: its Read holds
		// the body and waits for the client.
		pollUntil(t, "the drain waits for the client", func() bool {
			if r.conn.handling.Load() {
				return false
			}
			if r.conn.rb.mu.TryLock() {
				r.conn.rb.mu.Unlock()
				return false
			}
			return true
		})
		if err := hijackWithin(w, time.Second); !errors.Is(err, errHijackAfterHandler) {
			t.Errorf("Hijack after the handler: %v, want errHijackAfterHandler at once", err)
		}
		// The drain went on: the connection answers the request and the
		// next one.
		rc.write(strings.Repeat("z", 7996) + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
		if res := rc.read("POST"); res.StatusCode != StatusOK {
			t.Errorf("POST: %d, want 200", res.StatusCode)
		}
		rc.read("GET") // answered, whatever the status
	})
}

// hijackWithin calls Hijack on w and returns its error, or a timeout
// error if it has not returned within d (it would wait on a lock).
func hijackWithin(w ResponseWriter, d time.Duration) error {
	done := make(chan error, 1)
	go func() {
		c, _, err := w.(Hijacker).Hijack()
		if c != nil {
			c.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return errors.New("Hijack did not return")
	}
}

// TestHijackKeepsContextBesideRead: a Hijack that ends a body Read in
// progress ends the context's watching read too (the same deadline), which
// must not take that for the client going away: the hijacking handler's
// context is not canceled.
func TestHijackKeepsContextBesideRead(t *testing.T) {
	got := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		r.Context().Done() // watch for the client going away
		io.ReadAll(r.BodyReader())
		rb := &r.conn.rb
		rb.mu.Lock() // a Read in progress
		go func() {
			// Let go once Hijack has ended it.
			waitFor(func() bool { return rb.hijacking.Load() })
			rb.mu.Unlock()
		}()
		c, _, err := w.(Hijacker).Hijack()
		if err != nil {
			got <- "Hijack: " + err.Error()
			return
		}
		defer c.Close()
		if err := r.Context().Err(); err != nil {
			got <- "the context after Hijack: " + err.Error()
			return
		}
		got <- "ok"
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
	c := dialTCP(t, addr)
	content := strings.Repeat("z", 3000)
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(content), content)
	if s := wait(t, got, "the handler"); s != "ok" {
		t.Error(s)
	}
}
