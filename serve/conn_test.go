package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
)

// TestPendingResponsesFlushedBeforeRead: a response waiting in the write
// buffer goes out before the server blocks reading the rest of the next
// request, in its head or in its body. A client that sends the next
// request only after reading the answer to the first (or that pipelines
// and reads as it goes) would otherwise wait for a response that the
// server holds until the client sends more.
func TestPendingResponsesFlushedBeforeRead(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)

	// The next head is cut short.
	rc.write(get("/n/1") + "GET /n/2 HTTP/1.1\r\n")
	if res := rc.read("GET"); res.StatusCode != 200 || res.body != "{\"i\":\"1\"}\n" {
		t.Fatalf("first response: %d %q", res.StatusCode, res.body)
	}
	rc.write("Host: test\r\n\r\n")
	if res := rc.read("GET"); res.StatusCode != 200 || res.body != "{\"i\":\"2\"}\n" {
		t.Fatalf("second response: %d %q", res.StatusCode, res.body)
	}

	// The next body is cut short.
	rc.write(get("/n/3") + "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nab")
	if res := rc.read("GET"); res.StatusCode != 200 || res.body != "{\"i\":\"3\"}\n" {
		t.Fatalf("third response: %d %q", res.StatusCode, res.body)
	}
	rc.write("cde")
	if res := rc.read("POST"); res.StatusCode != 200 || res.body != "abcde" {
		t.Fatalf("fourth response: %d %q", res.StatusCode, res.body)
	}
}

// deadlineListener hands out connections that record every read deadline
// the server sets, in order, by SetReadDeadline or SetDeadline.
type deadlineListener struct {
	net.Listener
	mu        sync.Mutex
	deadlines []time.Time
	set       chan struct{} // one value per recorded deadline
}

type deadlineConn struct {
	net.Conn
	l *deadlineListener
}

func (l *deadlineListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &deadlineConn{c, l}, nil
}

func (c *deadlineConn) record(d time.Time) {
	c.l.mu.Lock()
	c.l.deadlines = append(c.l.deadlines, d)
	c.l.mu.Unlock()
	select {
	case c.l.set <- struct{}{}:
	default:
	}
}

func (c *deadlineConn) SetDeadline(d time.Time) error {
	c.record(d)
	return c.Conn.SetDeadline(d)
}

func (c *deadlineConn) SetReadDeadline(d time.Time) error {
	c.record(d)
	return c.Conn.SetReadDeadline(d)
}

// recorded returns the read deadlines set so far.
func (l *deadlineListener) recorded() []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Time(nil), l.deadlines...)
}

// TestHeadDeadlines: the head of the first request must arrive within
// ReadHeaderTimeout of the accept, so a client cannot wait for most of
// the timeout before its first byte and then take the whole timeout
// again for the head. Later requests have an idle wait before them, and
// their head time counts from their first byte. The head deadline is set
// only when the head needs more than the read that brought its first
// byte; a head that arrives whole sets none. An idle deadline that would
// move by less than IdleTimeout/16 is left as it is (deadline.go).
//
// The deadlines the server sets are compared with each other, not with a
// clock: the client sends each request only after the server has set the
// deadline for its first byte, so a head deadline counted from the first
// byte is later than that one, and one counted from the accept is not.
// Each head is sent in two parts, the second once the server has set the
// deadline for it.
func TestHeadDeadlines(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dl := &deadlineListener{Listener: l, set: make(chan struct{}, 64)}
	// Never reached: only the deadlines are looked at. The idle wait is
	// the longer, so that its deadline always moves after a head's.
	const headTimeout, idleTimeout = time.Minute, time.Hour
	addr, _ := startServerOn(t, &Server{Handler: testRouter(), ReadHeaderTimeout: headTimeout, IdleTimeout: idleTimeout}, dl)
	rc := dial(t, addr)
	// inTwo returns the deadlines set while the server waited for the
	// second part.
	inTwo := func(req string) []time.Time {
		half := len(req) / 2
		rc.write(req[:half])
		wait(t, dl.set, "the head deadline")
		d := dl.recorded()
		rc.write(req[half:])
		rc.read("GET")
		return d
	}

	wait(t, dl.set, "the deadline for the first byte")
	inTwo(get("/n/1")) // a request without a body sets no deadline for one
	wait(t, dl.set, "the deadline of the idle wait")
	inTwo(get("/n/2"))
	wait(t, dl.set, "the deadline of the idle wait")
	// A whole head sets no deadline, and the idle wait after it keeps the
	// last one, moments old.
	rc.write(get("/n/3"))
	rc.read("GET")
	d := inTwo(get("/n/4"))
	if len(d) != 6 {
		t.Fatalf("%d read deadlines set, want 6: first byte, head, idle, head, idle, and the head of the request after a whole one", len(d))
	}
	if firstByte, head := d[0], d[1]; head.After(firstByte) {
		t.Errorf("first request: head deadline %v after the first-byte deadline %v; want it counted from the accept",
			head.Sub(firstByte), firstByte)
	}
	if idle, head := d[2], d[3]; !head.Add(idleTimeout - headTimeout).After(idle) {
		t.Errorf("second request: head deadline %v before the idle deadline's start; want it counted from its first byte",
			idle.Sub(head))
	}
}

// TestShortDeclaredContentLengthCloses: a handler that declares a
// Content-Length and writes less leaves the client waiting for bytes that
// never come; closing the connection is the only way to tell it, whether
// the head went out with the whole body or before it (streamed).
func TestShortDeclaredContentLengthCloses(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/buffered", func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "only ten..")
	})
	rt.HandleFunc("GET", "/streamed", func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "only ten..")
		w.Flush()
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	for _, target := range []string{"/buffered", "/streamed"} {
		rc := dial(t, addr)
		rc.write(get(target) + get(target))
		res, err := http.ReadResponse(rc.br, &http.Request{Method: "GET"})
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		b, err := io.ReadAll(res.Body)
		if string(b) != "only ten.." || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: body %q, %v; want the ten bytes and the connection closed", target, b, err)
		}
		if res.ContentLength != 100 {
			t.Errorf("%s: Content-Length %d, want the declared 100", target, res.ContentLength)
		}
		rc.expectClosed()
	}
}

// TestReadBufferFullIs431: with a small body limit, a head and a trailer
// line that each fit MaxHeaderBytes can together outgrow the read buffer,
// which holds a head, a body and a little more. The client gets 431 and
// the connection closes.
func TestReadBufferFullIs431(t *testing.T) {
	lim := httparse.Limits{MaxHeaderBytes: 32 << 10, MaxBodyBytes: 16}
	addr, _ := startServer(t, &Server{Handler: testRouter(), Limits: lim})
	rc := dial(t, addr)
	field := strings.Repeat("a", 30<<10)
	rc.write("POST /echo HTTP/1.1\r\nHost: test\r\nX-Big: " + field + "\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"1\r\nx\r\n0\r\nX-Trailer: " + field + "\r\n\r\n")
	res := rc.read("POST")
	checkHeads(t, res)
	if res.StatusCode != StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status %d, want 431", res.StatusCode)
	}
	c := &conn{server: &Server{Limits: lim}}
	want, _ := json.Marshal(map[string]string{"error": fmt.Sprintf("request does not fit the read buffer of %d bytes", c.maxBuf())})
	if strings.TrimSpace(res.body) != string(want) {
		t.Errorf("body %s, want %s", res.body, want)
	}
	if !res.Close {
		t.Error("no Connection: close")
	}
	rc.expectClosed()
}
