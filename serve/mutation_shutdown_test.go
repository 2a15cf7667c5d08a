package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gatedConn is the server's end of a pipe whose reads, once armed, wait
// for gate to close. A read deadline set while a read waits is reported
// on deadlines and put on the pipe only after that read, so that what the
// test checks of it is its value, not how fast the machine reaches the
// read.
type gatedConn struct {
	net.Conn
	armed     atomic.Bool
	waiting   atomic.Bool
	gate      chan struct{}
	deadlines chan time.Time
	held      atomic.Pointer[time.Time]
}

func (c *gatedConn) Read(p []byte) (int, error) {
	if !c.armed.Load() {
		return c.Conn.Read(p)
	}
	c.waiting.Store(true)
	<-c.gate
	n, err := c.Conn.Read(p)
	c.waiting.Store(false)
	if t := c.held.Swap(nil); t != nil {
		c.Conn.SetReadDeadline(*t)
	}
	return n, err
}

func (c *gatedConn) SetReadDeadline(t time.Time) error {
	if c.waiting.Load() {
		c.held.Store(&t)
		select {
		case c.deadlines <- t:
		default:
		}
		return nil
	}
	return c.Conn.SetReadDeadline(t)
}

// A request that reaches an idle connection as Shutdown begins is
// answered, with Connection: close, before the connection closes: the
// idle connection gets a short while to read what is already on its way
// rather than being cut off.
func TestShutdownAnswersRequestInFlight(t *testing.T) {
	server, client := net.Pipe()
	gc := &gatedConn{Conn: server, gate: make(chan struct{}), deadlines: make(chan time.Time, 1)}
	t.Cleanup(func() { client.Close() })
	idle := make(chan struct{}, 1)
	rt := NewRouter()
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) {
		// The next read, the idle wait for request 2, waits at the gate.
		gc.armed.Store(true)
		io.WriteString(w, r.Param("i"))
	})
	s := &Server{Handler: rt, ConnState: func(_ net.Conn, st ConnState) {
		if st == StateIdle {
			select {
			case idle <- struct{}{}:
			default:
			}
		}
	}}
	l := newPipeListener()
	startServerOn(t, s, l)
	l.conns <- gc
	client.SetDeadline(time.Now().Add(testTimeout))
	br := bufio.NewReader(client)

	if _, err := io.WriteString(client, get("/n/1")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatalf("request 1: %v", err)
	}
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "1" {
		t.Fatalf("request 1: %d %q, want 200 \"1\"", res.StatusCode, b)
	}
	wait(t, idle, "the connection going idle")
	pollUntil(t, "the idle read waits at the gate", gc.waiting.Load)

	// Request 2 is on its way (a pipe write waits for the read) when
	// Shutdown sets the idle connection's read deadline.
	go io.WriteString(client, get("/n/2"))
	shutdown := make(chan error, 1)
	before := time.Now()
	go func() { shutdown <- s.Shutdown(context.Background()) }()
	// The idle connection may go on reading for idleShutdownGrace (100
	// ms) from the start of Shutdown.
	if d := wait(t, gc.deadlines, "Shutdown setting the read deadline"); d.Sub(before) < 100*time.Millisecond {
		t.Errorf("Shutdown set the idle read's deadline %v after it began, want at least 100ms", d.Sub(before))
	}
	close(gc.gate)

	res, err = http.ReadResponse(br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatalf("request 2: %v, want an answer", err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "2" || !res.Close {
		t.Errorf("request 2: %d %q close=%v, want 200 \"2\" with Connection: close", res.StatusCode, b, res.Close)
	}
	if err := wait(t, shutdown, "Shutdown"); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// recordingConn records every read deadline set on it, and sets it.
type recordingConn struct {
	net.Conn
	mu        sync.Mutex
	deadlines []time.Time
}

func (c *recordingConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadlines = append(c.deadlines, t)
	c.mu.Unlock()
	return c.Conn.SetReadDeadline(t)
}

func (c *recordingConn) got(t time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range c.deadlines {
		if d.Equal(t) {
			return true
		}
	}
	return false
}

// Shutdown's poll leaves a connection that has sent nothing yet alone
// while newConnGrace (one second) has not passed since its accept: its
// first request may be on its way. (Past the grace it is closed:
// TestShutdownClosesSilentNewConnection.)
func TestShutdownSparesNewConnectionWithinGrace(t *testing.T) {
	s := &Server{Handler: testRouter(), ReadHeaderTimeout: time.Minute}
	l := newPipeListener()
	startServerOn(t, s, l)
	server, client := net.Pipe()
	t.Cleanup(func() { client.Close() })
	rc := &recordingConn{Conn: server}
	l.conns <- rc
	pollUntil(t, "the connection is tracked", func() bool { return s.numConns.Load() == 1 })

	stop := time.Now().Add(time.Hour) // a deadline no other step sets
	s.closeIdleConns(stop)
	if rc.got(stop) {
		t.Errorf("a connection accepted just now was told to stop reading")
	}
}
