package serve

import (
	"bufio"
	"io"
	"net/http"
	"strings"
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
	c := l.dial(t)
	c.SetDeadline(time.Now().Add(testTimeout))
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
	if r := wait(t, answer, "the answer"); r.status != StatusRequestEntityTooLarge || r.err != nil {
		t.Errorf("got %d, %v, want 413 and then the connection closed", r.status, r.err)
	}
}
