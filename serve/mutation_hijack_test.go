package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// hijackEcho answers with 101 Switching Protocols, takes the connection
// over and reports on got what it then reads, in two reads of want[0] and
// want[1] bytes: what the client sent with the request, then what it sent
// after reading the 101.
func hijackEcho(t *testing.T, got chan<- string, want [2]int) HandlerFunc {
	return func(w ResponseWriter, r *Request) {
		w.Header().Set("Upgrade", "echo")
		w.Header().Set("Connection", "Upgrade")
		w.WriteHeader(StatusSwitchingProtocols)
		c, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			close(got)
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(testTimeout))
		for _, n := range want {
			b := make([]byte, n)
			if _, err := io.ReadFull(brw, b); err != nil {
				t.Errorf("reading the hijacked connection: %v", err)
				close(got)
				return
			}
			got <- string(b)
		}
	}
}

// startHijackEcho starts a server whose GET /ws is hijackEcho, and
// returns a client connection to it and the channel of what it reads.
func startHijackEcho(t *testing.T, want [2]int) (net.Conn, <-chan string) {
	got := make(chan string, 2)
	rt := NewRouter()
	rt.Handle("GET", "/ws", hijackEcho(t, got, want))
	l := newPipeListener()
	startServerOn(t, &Server{Handler: rt}, l)
	c := l.dial(t)
	c.SetDeadline(time.Now().Add(testTimeout))
	return c, got
}

// RFC 9110 §7.8: after 101 the connection speaks the new protocol. The
// 101 and its Connection and Upgrade fields reach the client before
// Hijack returns; the bytes the client sent with the request come first
// from the hijacked reader, then what it sends later.
func TestHijackAfterSwitchingProtocols(t *testing.T) {
	c, got := startHijackEcho(t, [2]int{4, 4})

	// One write is one read for the server: "ping" is in its buffer past
	// the request head when the handler hijacks.
	if _, err := io.WriteString(c, get("/ws")+"ping"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatalf("reading the 101: %v", err)
	}
	if res.StatusCode != StatusSwitchingProtocols || res.Header.Get("Connection") != "Upgrade" || res.Header.Get("Upgrade") != "echo" {
		t.Fatalf("got %d %v, want 101 with Connection: Upgrade and Upgrade: echo", res.StatusCode, res.Header)
	}
	if s := wait(t, got, "the bytes sent with the request"); s != "ping" {
		t.Errorf("first read after Hijack: %q, want \"ping\"", s)
	}
	if _, err := io.WriteString(c, "more"); err != nil {
		t.Fatal(err)
	}
	if s := wait(t, got, "the bytes sent after the 101"); s != "more" {
		t.Errorf("second read after Hijack: %q, want \"more\"", s)
	}
}

// A handler may hijack a connection when nothing followed the request:
// the hijacked reader then reads the connection itself.
func TestHijackWithNothingBuffered(t *testing.T) {
	c, got := startHijackEcho(t, [2]int{2, 3})

	if _, err := io.WriteString(c, get("/ws")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "GET"})
	if err != nil || res.StatusCode != StatusSwitchingProtocols {
		t.Fatalf("got %v, %v, want 101", res, err)
	}
	if _, err := io.WriteString(c, "hello"); err != nil {
		t.Fatal(err)
	}
	if s := wait(t, got, "the first read"); s != "he" {
		t.Errorf("first read after Hijack: %q, want \"he\"", s)
	}
	if s := wait(t, got, "the second read"); s != "llo" {
		t.Errorf("second read after Hijack: %q, want \"llo\"", s)
	}
}
