package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ae7539e0/httparse"
)

// pipeListener hands out the server ends of in-memory pipes. A pipe has no
// buffer: each Read returns bytes of one Write at most, so a client that
// writes a request in pieces makes the server read it in those pieces.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// dial returns the client end of a new pipe to the server.
func (l *pipeListener) dial(t *testing.T) net.Conn {
	server, client := net.Pipe()
	l.conns <- server
	t.Cleanup(func() { client.Close() })
	return client
}

// TestChunkedBodyInPieces: a chunked body read in pieces, each cut inside
// a chunk-size line or chunk-data, decodes to the same body and trailers:
// what the decoder took from one read is dropped from the buffer, and the
// rest waits for the next.
func TestChunkedBodyInPieces(t *testing.T) {
	l := newPipeListener()
	startServerOn(t, &Server{Handler: testRouter()}, l)
	pieces := []string{
		"POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
		"lo\r\n1",
		"0\r\n" + strings.Repeat("0123456789abcdef", 1) + "\r\n3;ext=\"v\"\r\nabc\r\n0\r\nX-Sum: ",
		"42\r\n\r\n",
	}
	c := l.dial(t)
	sendPieces(c, pieces)
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "POST"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	want := "hello" + "0123456789abcdef" + "abc"
	if err != nil || res.StatusCode != 200 || string(body) != want || res.Header.Get("X-Trailer-Sum") != "42" {
		t.Errorf("got %d %q (trailer sum %q), %v; want 200 %q and 42", res.StatusCode, body, res.Header.Get("X-Trailer-Sum"), err, want)
	}
}

// TestLargeRequestGrowsTheBuffer: a request far larger than the initial
// read buffer, in its head and its body, is read whole (the body buffered,
// under a MaxBufferedBody that holds it).
func TestLargeRequestGrowsTheBuffer(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter(), MaxBufferedBody: 1 << 20})
	rc := dial(t, addr)
	body := strings.Repeat("b", 100<<10)
	rc.write("POST /echo HTTP/1.1\r\nHost: test\r\nX-Big: " + strings.Repeat("h", 20<<10) +
		"\r\nContent-Length: 102400\r\n\r\n" + body)
	if res := rc.read("POST"); res.StatusCode != 200 || res.body != body {
		t.Errorf("got %d and %d body bytes, want 200 and %d", res.StatusCode, len(res.body), len(body))
	}
}

// TestExpectContinueWithoutBody: a request that expects 100-continue but
// declares no content has nothing to invite: the final response comes
// first.
func TestExpectContinueWithoutBody(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")
	line, err := rc.br.ReadString('\n')
	if err != nil || line != "HTTP/1.1 200 OK\r\n" {
		t.Fatalf("first line %q, %v; want the final 200", line, err)
	}
}

// TestReadBufferHoldsDefaultLimits: with one limit left at its default
// (zero) and the others small, a request that uses much of the default
// still fits the read buffer, whose size is the sum of the limits.
func TestReadBufferHoldsDefaultLimits(t *testing.T) {
	body := strings.Repeat("b", 100<<10)
	for _, tc := range []struct {
		name string
		lim  httparse.Limits
		in   string
		want string
	}{
		{"request-line", httparse.Limits{MaxHeaderBytes: 1 << 10, MaxBodyBytes: 16},
			"POST /echo?" + strings.Repeat("q", 7<<10) + " HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc", "abc"},
		{"header section", httparse.Limits{MaxRequestLine: 100, MaxBodyBytes: 16},
			"POST /echo HTTP/1.1\r\nHost: test\r\nX-Big: " + strings.Repeat("h", 10<<10) + "\r\nContent-Length: 3\r\n\r\nabc", "abc"},
		{"body", httparse.Limits{MaxRequestLine: 100, MaxHeaderBytes: 1 << 10},
			"POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 102400\r\n\r\n" + body, body},
	} {
		addr, _ := startServer(t, &Server{Handler: testRouter(), Limits: tc.lim, MaxBufferedBody: 1 << 20})
		rc := dial(t, addr)
		rc.write(tc.in)
		if res := rc.read("POST"); res.StatusCode != 200 || res.body != tc.want {
			t.Errorf("%s at its default: got %d and %d body bytes, want 200 and %d", tc.name, res.StatusCode, len(res.body), len(tc.want))
		}
	}
}
