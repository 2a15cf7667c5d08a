package httpcompat

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
)

// The body and Hijack across the handler's end: what a goroutine of the
// handler's meets when it outlives it or takes the connection over.

// TestBodyClosedAfterHandler: a goroutine that reads r.Body after the
// handler returned gets net/http's ErrBodyReadAfterClose, not the bytes of
// the connection's next request, whether the body was buffered or streams.
func TestBodyClosedAfterHandler(t *testing.T) {
	proceed := make(chan struct{})
	results := make(chan error, 2)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.CopyN(io.Discard, r.Body, 1)
		go func() {
			<-proceed
			_, err := r.Body.Read(make([]byte, 8))
			results <- err
		}()
	})
	addr := strings.TrimPrefix(startServer(t, &serve.Server{Handler: Handler(h)}), "http://")
	big := strings.Repeat("z", 70<<10)
	for _, raw := range []string{
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
		fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(big), big),
	} {
		if res := exchangeRaw(t, addr, raw, "POST"); res.Status != "200 OK" {
			t.Fatalf("status %q", res.Status)
		}
	}
	close(proceed)
	for range 2 {
		if err := <-results; !errors.Is(err, http.ErrBodyReadAfterClose) {
			t.Errorf("Read after the handler returned: %v, want http.ErrBodyReadAfterClose", err)
		}
	}
}

// TestHijackBesideBodyRead: Hijack returns while another goroutine waits
// in Read for more of a streamed body, as net/http's does.
func TestHijackBesideBodyRead(t *testing.T) {
	reading := make(chan struct{})
	readErr := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() {
			io.ReadFull(r.Body, make([]byte, 3)) // what the client sent
			close(reading)
			_, err := io.Copy(io.Discard, r.Body) // waits for bytes that never come
			readErr <- err
		}()
		<-reading
		c, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		// The Read in progress (or the next, if the goroutine is not in
		// it yet) ends: the bytes that come now are the hijacker's.
		if err := <-readErr; !errors.Is(err, serve.ErrHijacked) {
			t.Errorf("the body's Read beside Hijack ended with %v, want serve.ErrHijacked", err)
		}
		io.WriteString(c, "RAW")
		c.Close()
	})
	addr := strings.TrimPrefix(startServer(t, &serve.Server{Handler: Handler(h)}), "http://")
	if got, err := readAllAfter(t, addr, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 102400\r\n\r\nabc"); got != "RAW" {
		t.Errorf("after Hijack the client read %q (%v), want RAW", got, err)
	}
}

// readAllAfter sends raw on a new connection to addr and returns all it
// reads until the server closes it.
func readAllAfter(t *testing.T, addr, raw string) (string, error) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, raw)
	got, err := io.ReadAll(c)
	return string(got), err
}

// TestWriteHeaderAfterHijack: after Hijack, WriteHeader is ignored, even
// with a code it would refuse, as in net/http; the hijacker goes on.
func TestWriteHeaderAfterHijack(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer c.Close()
		w.WriteHeader(0)
		io.WriteString(c, "RAW")
	})
	addr := strings.TrimPrefix(startServer(t, &serve.Server{Handler: Handler(h)}), "http://")
	if got, err := readAllAfter(t, addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); got != "RAW" {
		t.Errorf("the client read %q (%v), want RAW", got, err)
	}
}

// TestBodyReadAfterHijack: a streamed r.Body read after Hijack returns
// serve.ErrHijacked, and the rest of the body is in the hijacker's reader,
// once (net/http's r.Body reads on beside the hijacker).
func TestBodyReadAfterHijack(t *testing.T) {
	got := make(chan string, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadFull(r.Body, make([]byte, 100))
		c, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		n, err := r.Body.Read(make([]byte, 100))
		rest := make([]byte, 4900)
		_, rerr := io.ReadFull(brw, rest)
		got <- fmt.Sprintf("r.Body after Hijack: %d, %v; hijacker: %q…, %v", n, err, rest[:3], rerr)
	})
	srv := &serve.Server{Handler: Handler(h), MaxBufferedBody: 100}
	addr := strings.TrimPrefix(startServer(t, srv), "http://")
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n%s%s", strings.Repeat("a", 100), strings.Repeat("b", 4900))
	want := fmt.Sprintf("r.Body after Hijack: 0, %v; hijacker: %q…, <nil>", serve.ErrHijacked, "bbb")
	if s := <-got; s != want {
		t.Errorf("%s\nwant %s", s, want)
	}
}

// TestHijackInsideBufferedChunkedBody: what the handler left unread of a
// buffered chunked body comes first in the reader, decoded (net/http gives
// the chunks as they came), then the bytes after the body.
func TestHijackInsideBufferedChunkedBody(t *testing.T) {
	got := make(chan string, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadFull(r.Body, make([]byte, 2))
		c, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		rest := make([]byte, brw.Reader.Buffered())
		io.ReadFull(brw, rest)
		got <- string(rest)
	})
	addr := strings.TrimPrefix(startServer(t, &serve.Server{Handler: Handler(h)}), "http://")
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n")
	if s := <-got; s != "cdefGET /next HTTP/1.1\r\n\r\n" {
		t.Errorf("the hijacked reader holds %q", s)
	}
}
