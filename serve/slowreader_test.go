package serve

import (
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestNonReadingClientsHoldNoWorker: clients that pipeline requests and
// never read the responses fill their sockets' buffers, and the server's
// writes to them block until the write deadline. Those writes happen after
// the worker is released, so with every worker's worth of such clients a
// new client is still answered long before the write deadline passes.
func TestNonReadingClientsHoldNoWorker(t *testing.T) {
	body := strings.Repeat("x", 7800) // fits the response buffer: sent after the handler returns
	addr, _ := startServer(t, &Server{
		Workers:      2,
		WriteTimeout: time.Minute,
		Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
			io.WriteString(w, body)
		}),
	})

	// Each stalled client asks for about 5 MB and reads nothing: more than
	// the loopback socket buffers on both sides hold.
	pipelined := bytes.Repeat([]byte("GET /big HTTP/1.1\r\nHost: h\r\n\r\n"), 640)
	for range 4 {
		c, err := net.DialTimeout("tcp", addr, testTimeout)
		if err != nil {
			t.Fatal(err)
		}
		c.(*net.TCPConn).SetReadBuffer(2048)
		t.Cleanup(func() { c.Close() })
		go c.Write(pipelined)
	}
	// Give the stalled clients time to fill their sockets before the
	// probe. This only makes the test sensitive (without it the probe could
	// come first and pass on a server that does hold workers); the probe
	// passes on a correct server whenever it comes.
	time.Sleep(500 * time.Millisecond)

	rc := dial(t, addr)
	rc.c.SetDeadline(time.Now().Add(10 * time.Second)) // far below the write deadline
	rc.write("GET /probe HTTP/1.1\r\nHost: h\r\n\r\n")
	if res := rc.read("GET"); res.StatusCode != 200 || len(res.body) != len(body) {
		t.Fatalf("probe got %d with %d bytes, want 200 with %d", res.StatusCode, len(res.body), len(body))
	}
}
