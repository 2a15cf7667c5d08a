package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
)

// testConn returns a conn of a fresh Server over one end of a pipe.
func testConn(t *testing.T) *conn {
	s := &Server{}
	s.init()
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	return s.newConn(a)
}

// TestConsumeKeepsSmallBuffers: after a request, a read buffer or chunked
// body buffer that grew past maxKeptBufSize is dropped (so one large
// request does not pin its memory for the life of the connection); one of
// that size or less is kept, and pipelined bytes are kept in any case.
func TestConsumeKeepsSmallBuffers(t *testing.T) {
	for _, tc := range []struct {
		cap, rest int
		kept      bool
	}{
		{maxKeptBufSize, 0, true},
		{maxKeptBufSize + 1, 0, false},
		{maxKeptBufSize + 1, 10, true},
	} {
		c := testConn(t)
		c.buf = make([]byte, 100+tc.rest, tc.cap)
		c.body = make([]byte, 0, tc.cap)
		c.consume(100)
		if kept := cap(c.buf) == tc.cap; kept != tc.kept || len(c.buf) != tc.rest {
			t.Errorf("read buffer of %d with %d bytes after the request: cap %d len %d, want kept %v",
				tc.cap, tc.rest, cap(c.buf), len(c.buf), tc.kept)
		}
		if kept := cap(c.body) == tc.cap; kept != (tc.cap <= maxKeptBufSize) {
			t.Errorf("body buffer of %d: cap %d after the request", tc.cap, cap(c.body))
		}
	}
}

// TestBodyBufferComesAndGoes: a response takes a body buffer when it
// first needs one and gives it back when the connection goes idle.
func TestBodyBufferComesAndGoes(t *testing.T) {
	c := testConn(t)
	w := &c.res
	w.getBody()
	if w.bodyp == nil || cap(w.body) != bodyBufSize {
		t.Fatalf("getBody: bodyp %v, cap %d; want a %d-byte pool buffer", w.bodyp != nil, cap(w.body), bodyBufSize)
	}
	first := w.bodyp
	w.getBody()
	if w.bodyp != first {
		t.Error("a second getBody replaced the buffer")
	}
	w.putBody()
	if w.bodyp != nil || w.body != nil {
		t.Error("putBody kept the buffer")
	}
}

// TestDeclaredZeroLength: a handler may declare Content-Length: 0 and is
// then held to it, by Write and by WriteString.
func TestDeclaredZeroLength(t *testing.T) {
	errs := make(chan error, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "0")
		_, err := w.Write([]byte("x"))
		_, serr := io.WriteString(w, "x")
		if !errors.Is(serr, ErrContentLength) {
			err = fmt.Errorf("WriteString: %v", serr)
		}
		errs <- err
	})
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/"))
	res := rc.read("GET")
	if err := wait(t, errs, "the handler's write"); !errors.Is(err, ErrContentLength) {
		t.Errorf("writing past a declared 0: %v, want ErrContentLength", err)
	}
	if res.ContentLength != 0 || res.body != "" {
		t.Errorf("Content-Length %d, body %q; want 0 and none", res.ContentLength, res.body)
	}
}

// TestStatusRange: WriteHeader takes any three-digit status from 200 up.
func TestStatusRange(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) { w.WriteHeader(999) })
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/"))
	if res := rc.read("GET"); res.StatusCode != 999 {
		t.Errorf("status %d, want 999", res.StatusCode)
	}
}
