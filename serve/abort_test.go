package serve

import (
	"bufio"
	"io"
	"strings"
	"testing"
)

// TestAbortHandler: a handler that panics with ErrAbortHandler gets no 500.
// Before its head is out nothing is sent; after, the chunked body stops
// without its last chunk. Either way the connection closes, the log has
// no stack, and the server lives on.
func TestAbortHandler(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/before", func(w ResponseWriter, r *Request) {
		w.WriteHeader(StatusCreated)
		io.WriteString(w, "never sent")
		panic(ErrAbortHandler)
	})
	rt.HandleFunc("GET", "/after", func(w ResponseWriter, r *Request) {
		io.WriteString(w, "part")
		w.Flush()
		panic(ErrAbortHandler)
	})
	rt.HandleFunc("GET", "/ok", func(w ResponseWriter, r *Request) { io.WriteString(w, "ok") })
	addr, logs := startServer(t, &Server{Handler: rt})

	rc := dial(t, addr)
	rc.write(get("/before"))
	rc.expectClosed()

	rc = dial(t, addr)
	rc.write(get("/after"))
	br := bufio.NewReader(rc.c)
	raw, err := io.ReadAll(br)
	if err != nil && !isConnReset(err) {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	if !strings.HasPrefix(head, "HTTP/1.1 200 OK\r\n") || !strings.Contains(head, "Transfer-Encoding: chunked") ||
		body != "4\r\npart\r\n" {
		t.Errorf("after the head went out: got %q, want the head and the first chunk, then the close", raw)
	}

	if l := logs.String(); strings.Contains(l, "handler panic") || strings.Contains(l, "goroutine ") {
		t.Errorf("the log has a panic or a stack:\n%s", l)
	}
	rc = dial(t, addr)
	rc.write(get("/ok"))
	if res := rc.read("GET"); res.StatusCode != 200 || res.body != "ok" {
		t.Errorf("after the aborts: %d %q", res.StatusCode, res.body)
	}
}
