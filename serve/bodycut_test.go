package serve

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
)

// TestBodyCut: a client that ends its side of the connection inside a
// request body gets 400 saying where the body stopped (RFC 9112 §8: a
// server may answer an incomplete request before closing), whether the
// body was being read before the handler or streamed to it, and never the
// handler's default 200. A streaming handler's read returns
// io.ErrUnexpectedEOF, as net/http's does.
func TestBodyCut(t *testing.T) {
	const lengthHead = "POST /up HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n"
	const chunkedHead = "POST /up HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
	cut := "request body ended inside its chunked coding"
	for _, tc := range []struct {
		name      string
		maxBuffer int64 // Server.MaxBufferedBody
		head      string
		sent      string // the body bytes sent before the half-close
		reason    string
		streamed  bool
	}{
		{"length, read before the handler", 1 << 20, lengthHead, "0123456789", "request body ended after 10 of 100 bytes", false},
		{"length, streamed", -1, lengthHead, "0123456789", "request body ended after 10 of 100 bytes", true},
		{"length, nothing of it sent", 1 << 20, lengthHead, "", "request body ended after 0 of 100 bytes", false},
		{"chunked, read before the handler", 1 << 20, chunkedHead, "a\r\n0123456789\r\n5\r\nab", cut, false},
		{"chunked, streamed", -1, chunkedHead, "a\r\n0123456789\r\n5\r\nab", cut, true},
		{"chunked, inside a chunk-size line", -1, chunkedHead, "a\r\n0123456789\r\n1", cut, true},
		// Decoded past MaxBufferedBody before the cut: the bytes read
		// before it streamed still count.
		{"chunked, streamed after 32 bytes were read first", 16, chunkedHead, "20\r\n" + strings.Repeat("x", 32) + "\r\n5\r\nab", cut, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := make(chan error, 1)
			rt := NewRouter()
			rt.HandleFunc("POST", "/up", func(w ResponseWriter, r *Request) {
				_, err := r.ReadBody()
				errs <- err
				if err == nil {
					io.WriteString(w, "read")
				}
			})
			addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: tc.maxBuffer})
			rc := dial(t, addr)
			rc.write(tc.head + tc.sent)
			if err := rc.c.(*net.TCPConn).CloseWrite(); err != nil {
				t.Fatal(err)
			}
			res := rc.read("POST")
			var body struct {
				Error, Rule string
				Offset      *int
			}
			if err := json.Unmarshal([]byte(res.body), &body); err != nil {
				t.Fatalf("%d %q: %v", res.StatusCode, res.body, err)
			}
			off := len(tc.head) + len(tc.sent)
			if res.StatusCode != StatusBadRequest || body.Error != tc.reason || body.Rule != "RFC 9112 §8" ||
				body.Offset == nil || *body.Offset != off || !res.Close {
				t.Errorf("got %d %q (close: %v), want 400 %q, rule RFC 9112 §8, offset %d, Connection: close",
					res.StatusCode, res.body, res.Close, tc.reason, off)
			}
			rc.expectClosed()
			if tc.streamed {
				if err := wait(t, errs, "the handler's read"); !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("handler's read: %v, want io.ErrUnexpectedEOF", err)
				}
			} else if len(errs) != 0 {
				t.Errorf("the handler ran for a body that never arrived (read: %v)", <-errs)
			}
		})
	}
}
