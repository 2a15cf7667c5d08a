package serve

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHijackEndsBodyRead: a Read of a streamed body that another goroutine
// of the handler has in progress, waiting for the client, when the handler
// hijacks ends with ErrHijacked, and takes none of the bytes that come
// after: what the goroutine read and what the hijacker's reader holds are,
// together, the rest of the body and the request after it, once each. The
// connection's read buffer is the reader's until that Read has ended.
func TestHijackEndsBodyRead(t *testing.T) {
	for _, chunked := range []bool{true, false} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			content := strings.Repeat("z", 8000)
			type readResult struct {
				got string
				err error
			}
			read := make(chan readResult, 1)
			hijacked := make(chan struct{})
			rest := make(chan string, 1)
			rt := NewRouter()
			rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
				body := r.BodyReader()
				io.ReadFull(body, make([]byte, 2))
				var taken atomic.Int64
				go func() {
					var got []byte
					buf := make([]byte, 1000)
					for {
						n, err := body.Read(buf)
						got = append(got, buf[:n]...)
						taken.Add(int64(n))
						if err != nil {
							read <- readResult{string(got), err}
							return
						}
					}
				}()
				// Once the goroutine has the 3,998 bytes sent after the
				// two read here, its next Read waits for the client.
				if !bodyReadWaits(r, &taken, 3998) {
					rest <- "the body's Read never waited for the client"
					close(hijacked)
					return
				}
				hijackRest(w, hijacked, rest)
			})
			addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
			c := dialTCP(t, addr)
			const next = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
			tail := content[4000:] + next
			if chunked {
				fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s", len(content), content[:4000])
				tail = content[4000:] + "\r\n0\r\n\r\n" + next
			} else {
				fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(content), content[:4000])
			}
			<-hijacked
			res := wait(t, read, "the body's Read to end")
			if !errors.Is(res.err, ErrHijacked) {
				t.Errorf("the Read in progress ended with %v, want ErrHijacked", res.err)
			}
			io.WriteString(c, tail)
			c.CloseWrite()
			all := res.got + wait(t, rest, "the hijacker's reader")
			if want := content[2:4000] + tail; all != want {
				t.Errorf("the goroutine read %d bytes and the hijacker %d, %q ... %q; want %d in all, the rest of the body and the request after it",
					len(res.got), len(all)-len(res.got), all[:min(len(all), 20)], all[max(0, len(all)-40):], len(want))
			}
		})
	}
}
