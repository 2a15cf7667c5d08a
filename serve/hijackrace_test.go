package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Hijack beside a body Read with no order between them but Hijack's own,
// and two Hijacks at once.

// TestHijackBesideUnsynchronisedRead: the handler hijacks beside a body
// Read it has no synchronisation with (it learns from goroutine stacks,
// which the race detector does not count, that the Read waits for the
// client). The Read ends with ErrHijacked, and under -race nothing that
// Read and Hijack share is touched by both without order.
func TestHijackBesideUnsynchronisedRead(t *testing.T) {
	content := strings.Repeat("z", 8000)
	readErr := make(chan error, 1)
	result := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		body := r.BodyReader()
		go func() {
			buf := make([]byte, 100)
			for {
				if _, err := body.Read(buf); err != nil {
					readErr <- err
					return
				}
			}
		}()
		if !waitFor(goroutineIn("[IO wait", "serve.(*requestBody).readLength")) {
			result <- "the body's Read never waited for the client"
			return
		}
		c, _, err := w.(Hijacker).Hijack()
		if err != nil {
			result <- "Hijack: " + err.Error()
			return
		}
		c.Close()
		result <- "ok"
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
	c := dialTCP(t, addr)
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(content), content[:4000])
	if s := wait(t, result, "the handler"); s != "ok" {
		t.Fatal(s)
	}
	if err := wait(t, readErr, "the body's Read"); !errors.Is(err, ErrHijacked) {
		t.Errorf("the Read ended with %v, want ErrHijacked", err)
	}
}

// gateListener hands out connections that record their read deadlines
// (deadlineListener) and whose Write, once armed, stops at the gate
// (reporting on entered) until the gate opens.
type gateListener struct {
	*deadlineListener
	armed   atomic.Bool
	entered chan struct{}
	gate    chan struct{}
}

type gateConn struct {
	net.Conn
	l *gateListener
}

func (l *gateListener) Accept() (net.Conn, error) {
	c, err := l.deadlineListener.Accept()
	if err != nil {
		return nil, err
	}
	return &gateConn{c, l}, nil
}

func (c *gateConn) Write(p []byte) (int, error) {
	if c.l.armed.CompareAndSwap(true, false) {
		close(c.l.entered)
		<-c.l.gate
	}
	return c.Conn.Write(p)
}

// TestConcurrentHijackKeepsDeadlines: two goroutines of a
// handler call Hijack at once while the body streams. The first holds the
// body and is sending the 101 when the second comes: the second passes
// the lock-free checks (the connection is not hijacked yet), fails
// TryLock, and puts the read deadline in the past; when it gets the body,
// after the first Hijack succeeded and cleared the deadlines, it restores
// requestStart + ReadTimeout on the connection that is now the
// hijacker's, then fails with ErrHijacked. The hijacker's reads then time
// out, although Hijack says "The connection's deadlines are cleared".
func TestConcurrentHijackKeepsDeadlines(t *testing.T) {
	tl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &gateListener{deadlineListener: &deadlineListener{Listener: tl, set: make(chan struct{}, 64)},
		entered: make(chan struct{}), gate: make(chan struct{})}
	type result struct {
		second  error
		readErr error
	}
	got := make(chan result, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		second := make(chan error, 1)
		go func() {
			<-l.entered // the first Hijack holds the body and writes the 101
			_, _, err := w.(Hijacker).Hijack()
			second <- err
		}()
		go func() {
			// The second Hijack waits for the first.
			waitFor(goroutineIn("[sync.Mutex.Lock", "serve.(*response).Hijack"))
			close(l.gate)
		}()
		w.WriteHeader(StatusSwitchingProtocols)
		l.armed.Store(true)
		c, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			got <- result{second: errors.New("first Hijack: " + err.Error())}
			return
		}
		defer c.Close()
		res := result{second: <-second}
		var last time.Time
		if d := l.recorded(); len(d) > 0 {
			last = d[len(d)-1]
		}
		if !last.IsZero() {
			t.Errorf("the read deadline last set on the hijacked connection is %v, want none", last)
		}
		// The new protocol: the client answers "go" with the rest of the
		// body and "p", later than ReadTimeout after the request began.
		io.WriteString(c, "go")
		buf := make([]byte, 8000-4+1)
		_, res.readErr = io.ReadFull(brw, buf)
		got <- res
	})
	addr, _ := startServerOn(t, &Server{Handler: rt, MaxBufferedBody: 1000, ReadTimeout: time.Millisecond}, l)
	c := dialTCP(t, addr)
	c.Write([]byte("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8000\r\n\r\nabcd"))
	// Past the 101: the hijacker's "go".
	br := bufio.NewReader(c)
	if _, err := http.ReadResponse(br, nil); err != nil {
		t.Fatalf("reading the 101: %v", err)
	}
	if g, err := io.ReadAll(io.LimitReader(br, 2)); string(g) != "go" {
		t.Fatalf("read %q (%v), want go", g, err)
	}
	c.Write([]byte(strings.Repeat("z", 7996) + "p"))
	res := wait(t, got, "the handler")
	if !errors.Is(res.second, ErrHijacked) {
		t.Errorf("second Hijack: %v, want ErrHijacked", res.second)
	}
	if res.readErr != nil {
		t.Errorf("the hijacker's read of the rest of the body and the client's reply: %v", res.readErr)
	}
}

// goroutineIn reports whether some goroutine is in the given state (as
// runtime.Stack prints it: "[IO wait", "[sync.Mutex.Lock") inside fn.
func goroutineIn(state, fn string) func() bool {
	return func() bool {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		for _, g := range bytes.Split(buf, []byte("\n\n")) {
			if bytes.Contains(g, []byte(state)) && bytes.Contains(g, []byte(fn)) {
				return true
			}
		}
		return false
	}
}
