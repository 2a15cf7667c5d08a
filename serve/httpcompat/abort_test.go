package httpcompat

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
)

// panicRecords is a slog.Handler that keeps the stack of each record the
// server logs as "handler panic".
type panicRecords struct {
	mu     sync.Mutex
	stacks []string
}

func (h *panicRecords) Enabled(context.Context, slog.Level) bool { return true }
func (h *panicRecords) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *panicRecords) WithGroup(string) slog.Handler            { return h }

func (h *panicRecords) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "handler panic" {
		return nil
	}
	stack := ""
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "stack" {
			stack = a.Value.String()
		}
		return true
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stacks = append(h.stacks, stack)
	return nil
}

func (h *panicRecords) get() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.stacks)
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
	var logs panicRecords
	base := startServer(t, &serve.Server{Handler: Handler(mux), Logger: slog.New(&logs)})

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
	if l := logs.get(); len(l) != 0 {
		t.Errorf("the abort was logged as a panic: %q", l)
	}

	res, err := http.Get(base + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if l := logs.get(); res.StatusCode != 500 || len(l) != 1 || !strings.Contains(l[0], "abort_test.go") {
		t.Errorf("another panic: %d, logged stacks %q", res.StatusCode, l)
	}
}
