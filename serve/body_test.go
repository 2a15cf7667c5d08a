package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
)

// sumHandler reads the body from BodyReader and answers its length and
// SHA-256, with the trailer X-Sum when the request had one. started gets
// a value once the first bytes were read, when it is not nil.
func sumHandler(startedCh chan<- struct{}) HandlerFunc {
	return func(w ResponseWriter, r *Request) {
		started := startedCh
		h := sha256.New()
		var buf [1000]byte
		n := int64(0)
		body := r.BodyReader()
		for {
			m, err := body.Read(buf[:])
			h.Write(buf[:m])
			n += int64(m)
			if m > 0 && started != nil {
				started <- struct{}{}
				started = nil
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				w.Header().Set("X-Read-Error", err.Error())
				return
			}
		}
		if v, ok := r.Trailer.Lookup("X-Sum"); ok {
			w.Header().Set("X-Trailer-Sum", v)
		}
		io.WriteString(w, strconv.FormatInt(n, 10)+" "+hex.EncodeToString(h.Sum(nil)))
	}
}

func sumOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return strconv.Itoa(len(s)) + " " + hex.EncodeToString(h[:])
}

// A body over MaxBufferedBody reaches the handler while it arrives: the
// handler reads the first half before the client sends the second.
func TestStreamedBody(t *testing.T) {
	started := make(chan struct{}, 1)
	rt := NewRouter()
	rt.Handle("POST", "/sum", sumHandler(started))
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { io.WriteString(w, r.Param("i")) })
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
	rc := dial(t, addr)

	body := strings.Repeat("0123456789", 20000)
	rc.write("POST /sum HTTP/1.1\r\nHost: test\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body[:len(body)/2])
	wait(t, started, "handler reading the first half")
	rc.write(body[len(body)/2:] + get("/n/7"))
	if res := rc.read("POST"); res.StatusCode != 200 || res.body != sumOf(body) {
		t.Errorf("got %d %q, want 200 %q", res.StatusCode, res.body, sumOf(body))
	}
	// The pipelined request after the body is read as the next one.
	if res := rc.read("GET"); res.body != "7" {
		t.Errorf("next request: %d %q", res.StatusCode, res.body)
	}
}

// A chunked body that decodes past MaxBufferedBody streams from there,
// with what was decoded before first, and its trailer fields are in
// Trailer once the body returned io.EOF.
func TestStreamedChunkedBody(t *testing.T) {
	started := make(chan struct{}, 1)
	rt := NewRouter()
	rt.Handle("POST", "/sum", sumHandler(started))
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { io.WriteString(w, r.Param("i")) })
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 10})
	rc := dial(t, addr)

	rc.write("POST /sum HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n89abcdef\r\n")
	wait(t, started, "handler reading")
	rc.write("3\r\nxyz\r\n0\r\nX-Sum: 19\r\n\r\n" + get("/n/8"))
	if res := rc.read("POST"); res.body != sumOf("0123456789abcdefxyz") || res.Header.Get("X-Trailer-Sum") != "19" {
		t.Errorf("got %d %q trailer %q", res.StatusCode, res.body, res.Header.Get("X-Trailer-Sum"))
	}
	if res := rc.read("GET"); res.body != "8" {
		t.Errorf("next request: %d %q", res.StatusCode, res.body)
	}
}

// RFC 9110 §10.1.1: a client that waits for 100 (Continue) before a
// streamed body gets it when the handler first reads; a handler that
// never reads answers without it, and the connection closes since the
// body never came.
func TestStreamedExpectContinue(t *testing.T) {
	rt := NewRouter()
	rt.Handle("POST", "/sum", sumHandler(nil))
	rt.HandleFunc("POST", "/ignore", func(w ResponseWriter, r *Request) { io.WriteString(w, "ignored") })
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 4})

	rc := dial(t, addr)
	rc.write("POST /sum HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
	if line, err := rc.br.ReadString('\n'); err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("got %q %v, want 100 Continue", line, err)
	}
	if blank, _ := rc.br.ReadString('\n'); blank != "\r\n" {
		t.Fatalf("100 Continue followed by %q", blank)
	}
	rc.write("hello world")
	if res := rc.read("POST"); res.body != sumOf("hello world") || res.Close {
		t.Errorf("got %d %q close=%v", res.StatusCode, res.body, res.Close)
	}

	rc = dial(t, addr)
	rc.write("POST /ignore HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
	res := rc.read("POST")
	if res.StatusCode != 200 || res.body != "ignored" || !res.Close {
		t.Errorf("got %d %q close=%v, want 200 without 100 and a close", res.StatusCode, res.body, res.Close)
	}
	rc.expectClosed()
}

// A streamed chunked body that decodes past MaxBodyBytes is answered 413
// as soon as it does, and the handler's Read returns the *httparse.Error.
func TestStreamedBodyTooLarge(t *testing.T) {
	readErr := make(chan error, 1)
	started := make(chan struct{})
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		first := make([]byte, 32)
		if _, err := io.ReadFull(r.BodyReader(), first); err != nil {
			t.Errorf("first chunk: %v", err)
		}
		close(started)
		_, err := io.Copy(io.Discard, r.BodyReader())
		readErr <- err
		if _, werr := io.WriteString(w, "too late"); werr == nil {
			t.Error("Write after the server answered 413 succeeded")
		}
	})
	addr, _ := startServer(t, &Server{Handler: h, MaxBufferedBody: 10, Limits: httparse.Limits{MaxBodyBytes: 100}})
	rc := dial(t, addr)
	rc.write("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + strings.Repeat("a", 32) + "\r\n")
	wait(t, started, "handler")
	rc.write("60\r\n" + strings.Repeat("b", 96) + "\r\n")
	res := rc.read("POST")
	if res.StatusCode != 413 || !strings.Contains(res.body, "limit is 100") || !res.Close {
		t.Errorf("got %d %q close=%v, want 413 naming the limit", res.StatusCode, res.body, res.Close)
	}
	var perr *httparse.Error
	if err := wait(t, readErr, "handler"); !errors.As(err, &perr) || perr.Status != 413 {
		t.Errorf("handler's Read returned %v, want the 413 *httparse.Error", err)
	}
	rc.expectClosed()
}

// What a handler leaves unread of a streamed body is read and dropped
// when short, keeping the connection; a long rest closes it.
func TestStreamedBodyUnread(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/ignore", func(w ResponseWriter, r *Request) { io.WriteString(w, "ignored") })
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { io.WriteString(w, r.Param("i")) })
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 10})

	rc := dial(t, addr)
	body := strings.Repeat("x", 1000)
	rc.write("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n" + body + get("/n/3"))
	if res := rc.read("POST"); res.body != "ignored" || res.Close {
		t.Errorf("short rest: %q close=%v, want the connection kept", res.body, res.Close)
	}
	if res := rc.read("GET"); res.body != "3" {
		t.Errorf("next request: %q", res.body)
	}

	rc = dial(t, addr)
	rc.write("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: 10000000\r\n\r\n" + body)
	if res := rc.read("POST"); res.body != "ignored" || !res.Close {
		t.Errorf("long rest: %q close=%v, want Connection: close", res.body, res.Close)
	}
}

// ReadTimeout bounds a streamed body too: the handler's Read fails and the
// server answers 408, as for a body read before the handler.
func TestStreamedBodyTimeout(t *testing.T) {
	rt := NewRouter()
	rt.Handle("POST", "/sum", sumHandler(nil))
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 10, ReadTimeout: 500 * time.Millisecond})
	slow := dial(t, addr)
	slow.write("POST /sum HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n")
	defer trickle(slow, 'a')()
	res := slow.read("POST")
	if res.StatusCode != StatusRequestTimeout || !res.Close {
		t.Errorf("got %d close=%v, want 408 and a close", res.StatusCode, res.Close)
	}
	checkHeads(t, res)
}

// Handlers of streamed bodies hold at most StreamWorkers of the Workers
// slots: while slow uploads hold theirs, other requests still find a
// worker, and a further upload waits in the queue.
func TestStreamWorkers(t *testing.T) {
	started := make(chan struct{}, 4)
	rt := NewRouter()
	rt.Handle("POST", "/sum", sumHandler(started))
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { io.WriteString(w, r.Param("i")) })
	s := &Server{Handler: rt, Workers: 2, StreamWorkers: 1, QueueDepth: 4, MaxBufferedBody: 10}
	addr, _ := startServer(t, s)

	up1 := dial(t, addr)
	up1.write("POST /sum HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nfirst")
	wait(t, started, "first upload")
	up2 := dial(t, addr)
	up2.write("POST /sum HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nsecond")
	pollUntil(t, "second upload queued", func() bool { return s.waiting.Load() == 1 })

	for i := range 3 {
		rc := dial(t, addr)
		rc.write(get("/n/" + strconv.Itoa(i)))
		if res := rc.read("GET"); res.body != strconv.Itoa(i) {
			t.Errorf("GET during uploads: %d %q", res.StatusCode, res.body)
		}
	}
	select {
	case <-started:
		t.Fatal("second upload started while the first held the only streaming slot")
	default:
	}

	up1.write(strings.Repeat("x", 995))
	if res := up1.read("POST"); res.StatusCode != 200 {
		t.Errorf("first upload: %d", res.StatusCode)
	}
	wait(t, started, "second upload, once the first ended")
	up2.write(strings.Repeat("y", 994))
	if res := up2.read("POST"); res.body != sumOf("second"+strings.Repeat("y", 994)) {
		t.Errorf("second upload: %d %q", res.StatusCode, res.body)
	}
}

// TestStreamedBodyReadBesideResponse: a goroutine of the handler's may
// read a streamed body while the handler writes and flushes its response
// (a proxy copying both ways does): the body's Read flushes the output
// and may answer the request, so both hold the connection's output in
// turn. Run with -race, the race detector is what fails here.
func TestStreamedBodyReadBesideResponse(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		read := make(chan int64)
		go func() {
			n, _ := io.Copy(io.Discard, r.BodyReader())
			read <- n
		}()
		for range 20 {
			io.WriteString(w, "tick\n")
			w.Flush()
		}
		fmt.Fprintf(w, "read %d\n", <-read)
	})
	for _, chunked := range []bool{false, true} {
		addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
		rc := dial(t, addr)
		body := strings.Repeat("0123456789", 20000)
		if chunked {
			rc.write(fmt.Sprintf("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(body), body))
		} else {
			rc.write("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
		}
		want := strings.Repeat("tick\n", 20) + fmt.Sprintf("read %d\n", len(body))
		if res := rc.read("POST"); res.StatusCode != 200 || res.body != want {
			t.Errorf("chunked %v: got %d %q, want 200 %q", chunked, res.StatusCode, trim(res.body), trim(want))
		}
	}
}

// TestContinueAfterWriteHeader: a handler that fixed its status (with
// WriteHeader, or a Write held in the body buffer) and then reads a
// streamed body still gets it: the client waiting for 100 (Continue) gets
// it first (RFC 9110 §10.1.1), and the final response after.
func TestContinueAfterWriteHeader(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/status", func(w ResponseWriter, r *Request) {
		w.WriteHeader(202)
		n, _ := io.Copy(io.Discard, r.BodyReader())
		fmt.Fprintf(w, "read %d", n)
	})
	rt.HandleFunc("POST", "/write", func(w ResponseWriter, r *Request) {
		io.WriteString(w, "first; ")
		n, _ := io.Copy(io.Discard, r.BodyReader())
		fmt.Fprintf(w, "read %d", n)
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 100})
	for target, want := range map[string]string{"/status": "read 1000", "/write": "first; read 1000"} {
		rc := dial(t, addr)
		rc.write("POST " + target + " HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
		if res := rc.read("POST"); res.StatusCode != StatusContinue {
			t.Fatalf("%s: %d before the body, want 100", target, res.StatusCode)
		}
		rc.write(strings.Repeat("x", 1000))
		if res := rc.read("POST"); res.StatusCode/100 != 2 || res.body != want {
			t.Errorf("%s: %d %q, want %q", target, res.StatusCode, res.body, want)
		}
	}
}
