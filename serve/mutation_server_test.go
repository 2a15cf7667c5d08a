package serve

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// temporaryError is an Accept error worth retrying.
type temporaryError struct{}

func (temporaryError) Error() string   { return "too many open files" }
func (temporaryError) Temporary() bool { return true }

// failingListener fails its first Accept calls with a temporary error,
// then reports the next call on retried and waits for Close.
type failingListener struct {
	fails   int
	retried chan struct{}
	closed  chan struct{}
	once    sync.Once // closes retried
	close   sync.Once // closes closed
}

func (l *failingListener) Accept() (net.Conn, error) {
	if l.fails > 0 {
		l.fails--
		return nil, temporaryError{}
	}
	l.once.Do(func() { close(l.retried) })
	<-l.closed
	return nil, net.ErrClosed
}

func (l *failingListener) Close() error {
	l.close.Do(func() { close(l.closed) })
	return nil
}

func (l *failingListener) Addr() net.Addr { return pipeAddr{} }

// Temporary Accept errors are retried after a delay that starts at 5ms
// and doubles, as net/http's does.
func TestAcceptRetryBacksOff(t *testing.T) {
	l := &failingListener{fails: 3, retried: make(chan struct{}), closed: make(chan struct{})}
	_, logs := startServerOn(t, &Server{Handler: testRouter()}, l)
	wait(t, l.retried, "Accept called after the failures")
	got := logs.String()
	want := []string{"delay=5ms", "delay=10ms", "delay=20ms"}
	for i, w := range want {
		j := strings.Index(got, w)
		if j < 0 {
			t.Fatalf("retry %d: no %q in the log:\n%s", i, w, got)
		}
		got = got[j+len(w):]
	}
}

// A request that misses a deadline is told which one: the head's, or the
// whole request's once the body is being read.
func TestTimeoutNamesTheDeadline(t *testing.T) {
	const limit = 200 * time.Millisecond
	for _, tc := range []struct {
		name    string
		server  *Server
		request string
		want    string
	}{
		{"head", &Server{Handler: testRouter(), ReadHeaderTimeout: limit},
			"GET /n/1 HTTP/1.1\r\nHost: test\r\n", "the limit for a request head is 200ms"},
		{"body", &Server{Handler: testRouter(), ReadTimeout: limit},
			"POST /n/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc", "the limit for a whole request is 200ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, _ := startServer(t, tc.server)
			rc := dial(t, addr)
			rc.write(tc.request)
			res := rc.read("GET")
			if res.StatusCode != StatusRequestTimeout || !strings.Contains(res.body, tc.want) {
				t.Errorf("got %d %q, want 408 saying %q", res.StatusCode, res.body, tc.want)
			}
		})
	}
}

// Shutdown closes a connection that never sent a byte once newConnGrace
// has passed, rather than waiting for its ReadHeaderTimeout.
func TestShutdownClosesSilentNewConnection(t *testing.T) {
	s := &Server{Handler: testRouter(), ReadHeaderTimeout: time.Minute}
	addr, _ := startServer(t, s)
	silent := dial(t, addr)
	pollUntil(t, "the connection is tracked", func() bool { return s.numConns.Load() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	silent.expectClosed()
}

// A field named exactly "Trailer:" names no trailer field: the response
// is not chunked for it.
func TestEmptyTrailerNameIsNoTrailer(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/t", func(w ResponseWriter, r *Request) {
		w.Header().Set(TrailerPrefix, "x")
		io.WriteString(w, "abc")
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	rc.write(get("/t"))
	res := rc.read("GET")
	if res.body != "abc" || res.ContentLength != 3 || len(res.TransferEncoding) != 0 {
		t.Errorf("got %q length %d coding %v, want \"abc\" with Content-Length: 3", res.body, res.ContentLength, res.TransferEncoding)
	}
}

// A request cut off after exactly "HEAD " is answered as HEAD: the 408
// has no content.
func TestTimeoutAfterHeadMethodHasNoContent(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter(), ReadHeaderTimeout: 200 * time.Millisecond})
	rc := dial(t, addr)
	rc.write("HEAD ")
	if res := rc.read("HEAD"); res.StatusCode != StatusRequestTimeout {
		t.Errorf("got %d, want 408", res.StatusCode)
	}
	rc.expectClosed()
}

// refusedConn starts a server with MaxConns 1, opens the one connection
// allowed and leaves it open, and returns a second connection, over the
// limit.
func refusedConn(t *testing.T) net.Conn {
	l := newPipeListener()
	startServerOn(t, &Server{Handler: testRouter(), MaxConns: 1}, l)
	l.dial(t)
	c := l.dial(t)
	c.SetDeadline(time.Now().Add(testTimeout))
	return c
}

// A connection over MaxConns is answered 503 and then closed, not left
// open after the answer.
func TestRefusedConnectionIsClosed(t *testing.T) {
	c := refusedConn(t)
	go io.WriteString(c, get("/n/1"))
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the refusal: %v (got %q), want it followed by the end of the connection", err, b)
	}
	if !strings.HasPrefix(string(b), "HTTP/1.1 503 ") {
		t.Errorf("got %q, want a 503", b)
	}
}

// A connection over MaxConns is answered from the first bytes it sends, at
// most seven, enough for an empty line and "HEAD ": seven bytes of empty
// lines are answered as a request that is not HEAD, with the content, and
// what follows them is not waited for.
func TestRefusalDecidedOnSevenBytes(t *testing.T) {
	c := refusedConn(t)
	// A pipe hands the server each write in one read.
	if _, err := io.WriteString(c, "\r\n\r\n\r\n\n"); err != nil {
		t.Fatal(err)
	}
	go io.WriteString(c, "HEAD / HTTP/1.1\r\nHost: test\r\n\r\n")
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the refusal: %v (got %q)", err, b)
	}
	got := string(b)
	if !strings.HasPrefix(got, "HTTP/1.1 503 ") || !strings.HasSuffix(got, "\r\n\r\n"+`{"error":"too many open connections"}`+"\n") {
		t.Errorf("got %q, want a 503 with its content", got)
	}
}

// TestIdleReadYieldsEveryOtherTime: with another connection open, a
// keep-alive connection that the idle watcher cannot watch puts off its
// idle read with yield every other time, so that connections whose reads
// found nothing are not left waiting behind those that yield (idle.go);
// with no other connection, or more than maxYieldConns in all, it never
// yields.
func TestIdleReadYieldsEveryOtherTime(t *testing.T) {
	var calls atomic.Int32
	for _, tc := range []struct {
		others int
		want   int32
	}{{0, 0}, {1, 3}, {maxYieldConns - 1, 3}, {maxYieldConns, 0}} {
		calls.Store(0)
		s := &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) { w.WriteHeader(StatusNoContent) })}
		s.hooks = &idleHooks{yield: func() { calls.Add(1) }}
		// Wrapped connections, which the idle watcher cannot watch.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr, _ := startServerOn(t, s, wrapListener{l})
		for range tc.others {
			dial(t, addr).write("G") // an open connection, its request unfinished
		}
		pollUntil(t, "the other connections", func() bool { return s.numConns.Load() == int64(tc.others) })
		c := dial(t, addr) // the last of maxYieldConns+1 in the last case
		for range 5 {
			// An idle read after each response: four find the next
			// request, the fifth the client's close.
			c.write(get("/"))
			if res := c.read("GET"); res.StatusCode != StatusNoContent {
				t.Fatalf("status %d", res.StatusCode)
			}
		}
		c.c.Close()
		pollUntil(t, "the connection's end", func() bool { return s.numConns.Load() == int64(tc.others) })
		if got := calls.Load(); got != tc.want {
			t.Errorf("%d other connections: %d yields over five idle reads, want %d", tc.others, got, tc.want)
		}
	}
}
