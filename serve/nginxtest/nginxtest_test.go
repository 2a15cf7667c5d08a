package nginxtest

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A connection in the middle of a request head (or one that has not sent
// its first request, as a browser opens some ahead of need) does not keep
// a graceful stop waiting past Stop's bound: nginx would wait for
// client_header_timeout, 60 s, but for worker_shutdown_timeout.
func TestStopWithHeadInProgress(t *testing.T) {
	p := Start(t, "127.0.0.1:1")
	c, err := net.Dial("tcp", strings.TrimPrefix(p.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	// The answer to the first request shows nginx has the connection;
	// the second request's head stays unfinished.
	if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if err := p.Stop(); err != nil {
		t.Errorf("%v\nerror log:\n%s", err, p.ErrorLog())
	}
}
