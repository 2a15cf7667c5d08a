package httparse_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"

	"github.com/ae7539e0/httparse"
)

// serveConn reads requests from conn and writes respond's answer to each,
// until the client closes, a read fails or a request is rejected. It returns
// nil when the client closed between two requests.
func serveConn(conn net.Conn, respond func(*httparse.Request) []byte) error {
	var p httparse.Parser // zero Limits: the defaults
	var req httparse.Request
	// The parser rejects a head or body over its Limits before the buffer
	// outgrows them; only a chunked body's framing (chunk-size lines and
	// CRLFs, which MaxBodyBytes does not count) can take more, and past
	// maxBuf that is refused with 413.
	lim := p.Limits.WithDefaults()
	maxBuf := int64(lim.MaxRequestLine+lim.MaxHeaderBytes) + 2*lim.MaxBodyBytes
	buf := make([]byte, 0, 4096)
	for {
		n, err := p.Parse(buf, &req)
		if err == httparse.ErrIncomplete {
			if int64(len(buf)) >= maxBuf {
				io.WriteString(conn, "HTTP/1.1 413 \r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
				return errors.New("request larger than the limits allow")
			}
			buf = slices.Grow(buf, 4096) // room to read into; grows as append does
			m, rerr := conn.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+m] // the bytes already passed stay as they were
			if m == 0 && rerr != nil {
				if rerr == io.EOF && len(buf) == 0 {
					return nil // closed between requests
				}
				return fmt.Errorf("request cut short after %d bytes: %w", len(buf), rerr)
			}
			continue
		}
		var perr *httparse.Error
		if errors.As(err, &perr) {
			// The message boundaries are lost: answer and close.
			fmt.Fprintf(conn, "HTTP/1.1 %d \r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
				perr.Status, len(perr.Reason), perr.Reason)
			return perr
		}
		if _, err := conn.Write(respond(&req)); err != nil {
			return err
		}
		if req.Close {
			return nil
		}
		buf = append(buf[:0], buf[n:]...) // a pipelined request may follow
	}
}

// A complete connection loop (serveConn above): ErrIncomplete reads more, a
// client that goes away mid-request ends the loop, an *Error is answered
// with its status, and pipelined bytes are kept for the next request.
func Example_connectionLoop() {
	server, client := net.Pipe()
	done := make(chan error)
	go func() {
		done <- serveConn(server, func(req *httparse.Request) []byte {
			return fmt.Appendf(nil, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(req.Path), req.Path)
		})
		server.Close()
	}()

	client.Write([]byte("GET /hello HTTP/1.1\r\nHost: example.com\r\n\r\n"))
	resp := make([]byte, len("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n/hello"))
	io.ReadFull(client, resp)
	fmt.Printf("%q\n", resp)

	client.Write([]byte("GET /bye HTTP/1.1\r\nHo")) // and then the client goes away
	client.Close()
	fmt.Println(<-done)
	// Output:
	// "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n/hello"
	// request cut short after 21 bytes: EOF
}
