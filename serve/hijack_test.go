package serve

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestHijackInsideStreamedChunkedBody: a handler that reads part of a
// streamed chunked body and hijacks finds the rest of its content in the
// reader, none of it lost: first what the decoder had taken, decoded, then
// what it had not, as it came (here the last chunk and the request after,
// sent once the handler hijacked).
func TestHijackInsideStreamedChunkedBody(t *testing.T) {
	content := strings.Repeat("z", 8000)
	hijacked := make(chan struct{})
	got := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		io.ReadFull(r.BodyReader(), make([]byte, 2))
		c, brw, err := w.(Hijacker).Hijack()
		close(hijacked)
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		rest, _ := io.ReadAll(brw)
		got <- string(rest)
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testTimeout))
	const next = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s", len(content), content[:4000])
	<-hijacked
	io.WriteString(c, content[4000:]+"\r\n0\r\n\r\n"+next)
	c.(*net.TCPConn).CloseWrite()
	if rest, want := <-got, content[2:]+"\r\n0\r\n\r\n"+next; rest != want {
		t.Errorf("the reader holds %d bytes, %q ... %q; want %d, the rest of the body and the request after it",
			len(rest), rest[:min(len(rest), 20)], rest[max(0, len(rest)-40):], len(want))
	}
}

// TestBodyReadAfterHijack: after Hijack the request body reads
// ErrHijacked; the rest of the body is in the hijacker's reader, once.
func TestBodyReadAfterHijack(t *testing.T) {
	got := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		io.ReadFull(r.BodyReader(), make([]byte, 100))
		c, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		n, err := r.BodyReader().Read(make([]byte, 100))
		rest := make([]byte, 4900)
		_, rerr := io.ReadFull(brw, rest)
		got <- fmt.Sprintf("body read after Hijack: %d %v; hijacker read %d bytes: %v", n, err, len(rest), rerr)
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 100})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testTimeout))
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n%s", strings.Repeat("b", 5000))
	want := fmt.Sprintf("body read after Hijack: 0 %v; hijacker read 4900 bytes: <nil>", ErrHijacked)
	if s := <-got; s != want {
		t.Errorf("%s\nwant %s", s, want)
	}
}
