package httpcompat

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
	"github.com/coder/websocket"
)

// wsEcho accepts a WebSocket and sends every message back as it came,
// until the client closes; the close status it saw goes to closed.
func wsEcho(closed chan<- websocket.StatusCode) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(1 << 20)
		ctx := context.Background()
		for {
			typ, msg, err := c.Read(ctx)
			if err != nil {
				if closed != nil {
					closed <- websocket.CloseStatus(err)
				}
				return
			}
			if err := c.Write(ctx, typ, msg); err != nil {
				return
			}
		}
	}
}

// A WebSocket echo server on serve through Handler, talked to by the
// library's own client: text and binary messages, then the close
// handshake.
func TestWebSocketEcho(t *testing.T) {
	closed := make(chan websocket.StatusCode, 1)
	mux := http.NewServeMux()
	mux.Handle("GET /ws", wsEcho(closed))
	base := startServer(t, &serve.Server{Handler: Handler(mux)})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Errorf("handshake status %d", resp.StatusCode)
	}
	c.SetReadLimit(1 << 20)
	msgs := []struct {
		typ  websocket.MessageType
		data string
	}{
		{websocket.MessageText, "hello"},
		{websocket.MessageBinary, "\x00\x01\x02\xff"},
		{websocket.MessageText, strings.Repeat("long ", 20000)},
	}
	for _, m := range msgs {
		if err := c.Write(ctx, m.typ, []byte(m.data)); err != nil {
			t.Fatal(err)
		}
		typ, got, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if typ != m.typ || string(got) != m.data {
			t.Errorf("echo of a %v message of %d bytes: %v of %d bytes", m.typ, len(m.data), typ, len(got))
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, "bye"); err != nil {
		t.Errorf("close handshake: %v", err)
	}
	select {
	case st := <-closed:
		if st != websocket.StatusNormalClosure {
			t.Errorf("server saw close status %v", st)
		}
	case <-time.After(10 * time.Second):
		t.Error("server did not see the close")
	}
}

// A client that sends the upgrade request and its first frame in one
// write gets that frame echoed: the bytes the server read past the head
// reach the WebSocket, not the HTTP parser.
func TestWebSocketFirstFrameInUpgradeWrite(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /ws", wsEcho(nil))
	base := startServer(t, &serve.Server{Handler: Handler(mux)})
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))

	// A masked text frame, RFC 6455 §5.2.
	payload := []byte("first")
	key := [4]byte{1, 2, 3, 4}
	frame := []byte{0x81, 0x80 | byte(len(payload)), key[0], key[1], key[2], key[3]}
	for i, b := range payload {
		frame = append(frame, b^key[i%4])
	}
	io.WriteString(c, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"+string(frame))

	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 101 || resp.Header.Get("Sec-WebSocket-Accept") != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Fatalf("handshake: %d %v", resp.StatusCode, resp.Header)
	}
	head := make([]byte, 2)
	if _, err := io.ReadFull(br, head); err != nil {
		t.Fatal(err)
	}
	if head[0] != 0x81 || int(head[1]) != len(payload) {
		t.Fatalf("echoed frame starts %x, want an unmasked text frame of %d bytes", head, len(payload))
	}
	got := make([]byte, len(payload))
	if _, err := io.ReadFull(br, got); err != nil || string(got) != "first" {
		t.Errorf("echoed %q %v, want %q", got, err, "first")
	}
}

// Hijack is refused a second time, and Write fails after it, with
// net/http's error.
func TestHijackTwice(t *testing.T) {
	errs := make(chan []error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		c, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			errs <- []error{err}
			return
		}
		defer c.Close()
		_, _, err2 := http.NewResponseController(w).Hijack()
		_, err3 := w.Write([]byte("x"))
		errs <- []error{err2, err3}
		io.WriteString(c, "HTTP/1.1 204 No Content\r\n\r\n")
	})
	base := startServer(t, &serve.Server{Handler: Handler(mux)})
	resp, err := newClient().Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for i, err := range <-errs {
		if !errors.Is(err, http.ErrHijacked) {
			t.Errorf("call %d after Hijack: %v, want http.ErrHijacked", i, err)
		}
	}
}
