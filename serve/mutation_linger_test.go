package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
)

// A connection closed after an error reads what the client still sends
// for a while before it closes, so that the client, still writing the body
// the server refused, is not cut off before it reads the answer. On a
// pipe, where each write waits for a read, the client's write of the body
// completes only if the server reads it.
func TestLingeringCloseReadsWhatFollows(t *testing.T) {
	l := newPipeListener()
	startServerOn(t, &Server{Handler: testRouter(), Limits: httparse.Limits{MaxBodyBytes: 10}}, l)
	server, c := net.Pipe()
	t.Cleanup(func() { c.Close() })
	held := &heldDeadlineConn{Conn: server}
	l.conns <- held
	c.SetDeadline(time.Now().Add(testTimeout))
	before := time.Now()
	if _, err := io.WriteString(c, "POST /n/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	type result struct {
		status int
		err    error
	}
	answer := make(chan result, 1)
	go func() {
		br := bufio.NewReader(c)
		res, err := http.ReadResponse(br, &http.Request{Method: "POST"})
		if err != nil {
			answer <- result{0, err}
			return
		}
		io.Copy(io.Discard, res.Body)
		// Then the server closes the connection.
		_, err = io.ReadAll(br)
		answer <- result{res.StatusCode, err}
	}()
	if _, err := io.WriteString(c, strings.Repeat("x", 1000)); err != nil {
		t.Errorf("writing the refused body: %v, want the server to read it", err)
	}
	// Now the lingering read may end as the server would have it.
	held.release()
	if r := wait(t, answer, "the answer"); r.status != StatusRequestEntityTooLarge || r.err != nil {
		t.Errorf("got %d, %v, want 413 and then the connection closed", r.status, r.err)
	}
	// The body was read after the answer, under the lingering read's
	// deadline: lingerTimeout (500 ms) from then.
	if d := held.last().Sub(before); d < 500*time.Millisecond {
		t.Errorf("the lingering read's deadline is %v after the request, want at least 500ms", d)
	}
}

// heldDeadlineConn puts a read deadline on the connection only when it
// is zero or has passed (how the server interrupts a read); one still to
// come is recorded instead, so that a read does not depend on how fast
// the machine reaches it, and the test checks its value.
type heldDeadlineConn struct {
	net.Conn
	mu   sync.Mutex
	held time.Time
}

func (c *heldDeadlineConn) SetReadDeadline(t time.Time) error {
	if !t.IsZero() && t.After(time.Now()) {
		c.mu.Lock()
		c.held = t
		c.mu.Unlock()
		return nil
	}
	return c.Conn.SetReadDeadline(t)
}

// release puts the last read deadline held back on the connection.
func (c *heldDeadlineConn) release() {
	c.Conn.SetReadDeadline(c.last())
}

// last returns the last read deadline held back.
func (c *heldDeadlineConn) last() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}
