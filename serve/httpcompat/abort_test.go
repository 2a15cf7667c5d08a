package httpcompat

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
)

// lockedBuffer is a bytes.Buffer for a log written from the server's
// goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAbortHandler: a net/http handler that panics with
// http.ErrAbortHandler has its response cut off, as on net/http's server:
// the client gets no response and the connection closes, and no stack is
// logged. Another panic is still logged with its stack, the handler's
// frame in it.
func TestAbortHandler(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /abort", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "never sent")
		panic(http.ErrAbortHandler)
	})
	mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	var logs lockedBuffer
	base := startServer(t, &serve.Server{Handler: Handler(mux), Logger: slog.New(slog.NewTextHandler(&logs, nil))})

	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /abort HTTP/1.1\r\nHost: test\r\n\r\n")
	if b, err := io.ReadAll(c); len(b) != 0 || err != nil && !strings.Contains(err.Error(), "reset") {
		t.Errorf("aborted handler: read %q %v, want the connection closed with nothing sent", b, err)
	}
	if l := logs.String(); strings.Contains(l, "handler panic") {
		t.Errorf("the abort was logged as a panic:\n%s", l)
	}

	res, err := http.Get(base + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if l := logs.String(); res.StatusCode != 500 || !strings.Contains(l, "handler panic") || !strings.Contains(l, "abort_test.go") {
		t.Errorf("another panic: %d, log:\n%s", res.StatusCode, l)
	}
}
