package serve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testTimeout bounds every wait in these tests, so that a bug shows up as
// a failure instead of a hung test binary.
const testTimeout = 10 * time.Second

// syncBuffer is a bytes.Buffer safe for the server's goroutines to log into
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startServer serves s on a fresh loopback port and returns the address.
// The server logs into the returned buffer. Cleanup closes the server and
// checks that Serve returned ErrServerClosed.
func startServer(t testing.TB, s *Server) (string, *syncBuffer) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return startServerOn(t, s, l)
}

// startServerOn is startServer on a given listener.
func startServerOn(t testing.TB, s *Server, l net.Listener) (string, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	if s.Logger == nil {
		s.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	t.Cleanup(func() {
		s.Close()
		select {
		case err := <-done:
			if !errors.Is(err, ErrServerClosed) {
				t.Errorf("Serve returned %v, want ErrServerClosed", err)
			}
		case <-time.After(testTimeout):
			t.Error("Serve did not return after Close")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return l.Addr().String(), logs
}

// rawConn is a client connection that writes bytes as given and reads
// responses with net/http's parser.
type rawConn struct {
	t  *testing.T
	c  net.Conn
	br *bufio.Reader
}

func dial(t *testing.T, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(testTimeout))
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, c: c, br: bufio.NewReader(c)}
}

func (rc *rawConn) write(s string) {
	rc.t.Helper()
	if _, err := io.WriteString(rc.c, s); err != nil {
		rc.t.Fatalf("write: %v", err)
	}
}

// response is a response read off the wire, body included.
type testResponse struct {
	*http.Response
	body string
}

// read reads one response to a request with the given method.
func (rc *rawConn) read(method string) testResponse {
	rc.t.Helper()
	res, err := http.ReadResponse(rc.br, &http.Request{Method: method})
	if err != nil {
		rc.t.Fatalf("reading response: %v", err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		rc.t.Fatalf("reading body: %v", err)
	}
	return testResponse{res, string(b)}
}

// expectClosed checks that the server closes the connection without
// sending anything more.
func (rc *rawConn) expectClosed() {
	rc.t.Helper()
	b, err := io.ReadAll(rc.br)
	if len(b) > 0 {
		rc.t.Errorf("after the last response got %q, want the connection closed", b)
	}
	if err != nil && !isConnReset(err) {
		rc.t.Errorf("waiting for close: %v", err)
	}
}

func isConnReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}

// sendPieces writes each piece to c in turn, from another goroutine so
// that the caller can read the answer meanwhile, and stops at the first
// error. A pipe hands the server each write in one read.
func sendPieces(c net.Conn, pieces []string) {
	go func() {
		for _, p := range pieces {
			if _, err := io.WriteString(c, p); err != nil {
				return
			}
		}
	}()
}

// get is a minimal request with a Host field.
func get(target string) string {
	return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n"
}

// blockingHandler returns a handler that reports each request on started
// and returns only when release is closed.
func blockingHandler(started chan<- string, release <-chan struct{}) Handler {
	return HandlerFunc(func(w ResponseWriter, r *Request) {
		started <- r.Path
		<-release
		JSON(w, StatusOK, map[string]string{"path": r.Path})
	})
}

// wait receives from ch within testTimeout.
func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(testTimeout):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// pollUntil calls cond until it holds, for at most testTimeout.
func pollUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting until %s", what)
		case <-time.After(time.Millisecond):
		}
	}
}

// waitFor calls cond until it holds, for at most testTimeout, and reports
// whether it did; unlike pollUntil it may run on any goroutine.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(testTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// bodyReadWaits reports, within testTimeout, that a Read of r's streamed
// body holds it after taken reached n bytes: with no more bytes sent, that
// Read waits for the client.
func bodyReadWaits(r *Request, taken *atomic.Int64, n int64) bool {
	return waitFor(func() bool {
		if taken.Load() < n {
			return false
		}
		if r.conn.rb.mu.TryLock() {
			r.conn.rb.mu.Unlock()
			return false
		}
		return true
	})
}

// wrapListener accepts connections hidden behind a net.Conn wrapper, which
// has no SyscallConn: the server cannot reach their sockets.
type wrapListener struct{ net.Listener }

type wrappedConn struct{ net.Conn }

func (l wrapListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return wrappedConn{c}, nil
}
