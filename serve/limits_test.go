package serve

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
)

func TestSlowHeaderIsCutOff(t *testing.T) {
	// Long enough that the other clients, subject to it too, are never cut off
	// on a loaded machine; short enough to keep the test quick.
	addr, _ := startServer(t, &Server{Handler: testRouter(), ReadHeaderTimeout: 500 * time.Millisecond})

	slow := dial(t, addr)
	slow.write("GET /n/1 HTTP/1.1\r\nHost: test\r\n")
	// Keep trickling: a deadline renewed by every byte would never fire,
	// and this test would time out instead of reading the 408.
	defer trickle(slow, 'X')()

	// Others are served meanwhile.
	for i := range 3 {
		rc := dial(t, addr)
		rc.write(get("/n/" + strconv.Itoa(i)))
		if res := rc.read("GET"); res.StatusCode != 200 {
			t.Fatalf("other client got %d", res.StatusCode)
		}
	}

	res := slow.read("GET")
	if res.StatusCode != StatusRequestTimeout {
		t.Errorf("slow client got %d, want 408", res.StatusCode)
	}
	checkHeads(t, res)
	slow.expectClosed()
}

// trickle writes c to the connection every 20ms until the returned stop
// is called, so that a deadline renewed by every byte would never fire.
func trickle(cl *rawConn, c byte) (stop func()) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if _, err := cl.c.Write([]byte{c}); err != nil {
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// TestSlowBodyIsCutOff: ReadTimeout bounds the whole request, so a body
// that trickles in, each byte renewing nothing, ends in 408 and a close.
// The body is one read before the handler (within MaxBufferedBody);
// TestStreamedBodyTimeout has the streamed case.
func TestSlowBodyIsCutOff(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter(), ReadTimeout: 500 * time.Millisecond})

	slow := dial(t, addr)
	slow.write("POST /n/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 10000\r\n\r\n")
	defer trickle(slow, 'a')()

	res := slow.read("POST")
	if res.StatusCode != StatusRequestTimeout {
		t.Errorf("slow body got %d, want 408", res.StatusCode)
	}
	checkHeads(t, res)
	slow.expectClosed()
}

func TestIdleConnectionsHoldNoWorker(t *testing.T) {
	const workers = 2
	// No queue at all: a request finding both workers busy would get 503.
	s := &Server{Handler: testRouter(), Workers: workers, QueueDepth: -1}
	addr, _ := startServer(t, s)

	// Workers+50 keep-alive connections, each idle after one request, and
	// as many that sent half a request head and stopped.
	for i := range workers + 50 {
		rc := dial(t, addr)
		rc.write(get("/n/" + strconv.Itoa(i)))
		if res := rc.read("GET"); res.StatusCode != 200 || res.Close {
			t.Fatalf("flood connection %d: %d close=%v", i, res.StatusCode, res.Close)
		}
		half := dial(t, addr)
		half.write("GET /n/1 HTTP/1.1\r\nHost: te")
	}

	client := &http.Client{Timeout: testTimeout}
	for i := range 5 {
		res, err := client.Get("http://" + addr + "/n/" + strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("new client got %d", res.StatusCode)
		}
	}
	client.CloseIdleConnections()
}

func TestQueueFullIs503(t *testing.T) {
	t.Run("no queue", func(t *testing.T) {
		started, release := make(chan string, 4), make(chan struct{})
		s := &Server{Handler: blockingHandler(started, release), Workers: 1, QueueDepth: -1}
		addr, _ := startServer(t, s)

		busy := dial(t, addr)
		busy.write(get("/a"))
		wait(t, started, "first handler")

		rc := dial(t, addr)
		rc.write(get("/b"))
		res := rc.read("GET")
		if res.StatusCode != StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("got %d Retry-After %q, want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
		}
		checkHeads(t, res)
		rc.expectClosed()

		// A client that asked to continue is told at once, and keeps its
		// body.
		rc = dial(t, addr)
		rc.write("POST /c HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
		if res := rc.read("POST"); res.StatusCode != StatusServiceUnavailable {
			t.Errorf("100-continue while busy: %d, want 503", res.StatusCode)
		}
		rc.expectClosed()

		close(release)
		if res := busy.read("GET"); res.StatusCode != 200 {
			t.Errorf("busy request got %d", res.StatusCode)
		}
	})
	t.Run("queue of one", func(t *testing.T) {
		started, release := make(chan string, 4), make(chan struct{})
		s := &Server{Handler: blockingHandler(started, release), Workers: 1, QueueDepth: 1}
		addr, _ := startServer(t, s)

		busy := dial(t, addr)
		busy.write(get("/a"))
		wait(t, started, "first handler")
		queued := dial(t, addr)
		queued.write(get("/b"))
		pollUntil(t, "the second request waits", func() bool { return s.waiting.Load() == 1 })

		rc := dial(t, addr)
		rc.write(get("/c"))
		if res := rc.read("GET"); res.StatusCode != StatusServiceUnavailable {
			t.Errorf("third request got %d, want 503", res.StatusCode)
		}
		rc.expectClosed()
		// The refused request left the queue as it found it.
		if n := s.waiting.Load(); n != 1 {
			t.Errorf("%d requests waiting after the refusal, want 1", n)
		}

		close(release)
		if res := busy.read("GET"); res.StatusCode != 200 {
			t.Errorf("busy request got %d", res.StatusCode)
		}
		if p := wait(t, started, "queued handler"); p != "/b" {
			t.Errorf("second handler ran for %s", p)
		}
		if res := queued.read("GET"); res.StatusCode != 200 {
			t.Errorf("queued request got %d", res.StatusCode)
		}
		// The queued request left the queue when it got its worker.
		if n := s.waiting.Load(); n != 0 {
			t.Errorf("%d requests waiting after all were served, want 0", n)
		}
	})
}

func TestMaxConns(t *testing.T) {
	s := &Server{Handler: testRouter(), MaxConns: 2}
	addr, _ := startServer(t, s)
	var open []*rawConn
	for i := range 2 {
		rc := dial(t, addr)
		rc.write(get("/n/" + strconv.Itoa(i)))
		rc.read("GET")
		open = append(open, rc)
	}

	over := dial(t, addr)
	res := over.read("GET")
	if res.StatusCode != StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("connection over MaxConns got %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	checkHeads(t, res)
	over.expectClosed()

	open[0].c.Close()
	pollUntil(t, "the server sees the close", func() bool { return s.numConns.Load() < 2 })
	rc := dial(t, addr)
	rc.write(get("/n/9"))
	if res := rc.read("GET"); res.StatusCode != 200 {
		t.Errorf("after a close: %d", res.StatusCode)
	}
}

func TestIdleTimeout(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter(), IdleTimeout: 50 * time.Millisecond})
	rc := dial(t, addr)
	rc.write(get("/n/1"))
	rc.read("GET")
	rc.expectClosed()
}

func TestWriteTimeout(t *testing.T) {
	errs := make(chan error, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		chunk := make([]byte, 64<<10)
		for range 1 << 14 { // 1 GiB at most: far more than socket buffers hold
			if _, err := w.Write(chunk); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	})
	addr, _ := startServer(t, &Server{Handler: h, WriteTimeout: 100 * time.Millisecond})
	rc := dial(t, addr)
	rc.write(get("/"))
	// The client reads nothing, so the write must time out.
	if err := wait(t, errs, "the handler's writes to fail"); err == nil {
		t.Error("writing 1 GiB to a client that reads nothing succeeded")
	}
}

// TestMaxBuf: the connection buffer's bound follows the parser's own
// defaults and does not overflow when the body limit is unbounded.
func TestMaxBuf(t *testing.T) {
	c := &conn{server: &Server{}}
	want := httparse.DefaultMaxRequestLine + httparse.DefaultMaxHeaderBytes + httparse.DefaultMaxBodyBytes + 4<<10
	if got := c.maxBuf(); got != want {
		t.Errorf("default maxBuf = %d, want %d", got, want)
	}
	c.server.Limits = httparse.Limits{MaxRequestLine: 100, MaxHeaderBytes: 200, MaxBodyBytes: 300}
	if got := c.maxBuf(); got != 100+200+300+4<<10 {
		t.Errorf("maxBuf = %d, want %d", got, 100+200+300+4<<10)
	}
	c.server.Limits = httparse.Limits{MaxBodyBytes: math.MaxInt64}
	if got := c.maxBuf(); got <= 0 {
		t.Errorf("maxBuf with an unbounded body = %d, want positive", got)
	}
}
