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
// what it had not, as it came, then the bytes after the body.
func TestHijackInsideStreamedChunkedBody(t *testing.T) {
	content := strings.Repeat("z", 70<<10) // past MaxBufferedBody: it streams
	got := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		io.ReadFull(r.BodyReader(), make([]byte, 2))
		c, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		rest, _ := io.ReadAll(brw)
		got <- string(rest)
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testTimeout))
	const next = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n%s", len(content), content, next)
	c.(*net.TCPConn).CloseWrite()
	rest := <-got
	// Where the decoder stopped depends on how the bytes arrived: the
	// content's end and the last chunk come decoded or as sent.
	framing := strings.ReplaceAll(rest, "z", "")
	if n := strings.Count(rest, "z"); n != len(content)-2 || !strings.HasPrefix(rest, "z") ||
		framing != next && framing != "\r\n0\r\n\r\n"+next {
		t.Errorf("the reader holds %d content bytes and %q besides; want %d and the request after the body",
			n, framing, len(content)-2)
	}
}
