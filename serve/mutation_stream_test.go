package serve

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bodyKind answers whether the body was read before the handler ran
// ("buffered", in r.Body) or is streamed to it ("streamed"), and reads
// the body in both cases.
func bodyKind(w ResponseWriter, r *Request) {
	kind := "streamed"
	if r.Body != nil {
		kind = "buffered"
	}
	b, err := r.ReadBody()
	if err != nil {
		Error(w, StatusInternalServerError, err.Error())
		return
	}
	io.WriteString(w, kind+" "+string(b))
}

// A body of exactly MaxBufferedBody bytes is read before the handler runs,
// whether its length is declared or it is chunked and decodes to that
// length.
func TestBodyOfMaxBufferedBodyIsBuffered(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pieces []string
	}{
		{"Content-Length", []string{"POST /kind HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello"}},
		// A pipe hands each write to one read: the first decodes to the
		// limit and is incomplete, the second ends the body.
		{"chunked", []string{"POST /kind HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "0\r\n\r\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := NewRouter()
			rt.HandleFunc("POST", "/kind", bodyKind)
			l := newPipeListener()
			startServerOn(t, &Server{Handler: rt, MaxBufferedBody: 5}, l)
			c := l.dial(t)
			sendPieces(c, tc.pieces)
			res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "POST"})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			if string(b) != "buffered hello" {
				t.Errorf("got %d %q, want \"buffered hello\"", res.StatusCode, b)
			}
		})
	}
}

// A streamed body the handler left unread is read and dropped when it is
// at most maxPostHandlerDrain bytes, and the connection serves the next
// request; one byte more and the connection closes after the response,
// without waiting for the body.
func TestUnreadStreamedBodyDrainLimit(t *testing.T) {
	ignore := func(w ResponseWriter, r *Request) { io.WriteString(w, "ignored") }
	t.Run("drained", func(t *testing.T) {
		rt := NewRouter()
		rt.HandleFunc("POST", "/ignore", ignore)
		rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { io.WriteString(w, r.Param("i")) })
		addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 10})
		rc := dial(t, addr)
		// The head alone first, so that no byte of the body is buffered
		// with it: all maxPostHandlerDrain bytes are left to drain.
		rc.write("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: " + strconv.Itoa(maxPostHandlerDrain) + "\r\n\r\n")
		done := make(chan struct{})
		go func() {
			defer close(done)
			io.WriteString(rc.c, strings.Repeat("x", maxPostHandlerDrain)+get("/n/4"))
		}()
		res := rc.read("POST")
		if res.StatusCode != 200 || res.body != "ignored" || res.Close {
			t.Errorf("got %d %q close=%v, want 200 \"ignored\" kept open", res.StatusCode, res.body, res.Close)
		}
		if res := rc.read("GET"); res.body != "4" {
			t.Errorf("next request: %d %q", res.StatusCode, res.body)
		}
		<-done
	})
	t.Run("too long", func(t *testing.T) {
		rt := NewRouter()
		rt.HandleFunc("POST", "/ignore", ignore)
		addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 10})
		rc := dial(t, addr)
		// No byte of the body is sent: the answer cannot wait for it.
		rc.write("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: " + strconv.Itoa(maxPostHandlerDrain+1) + "\r\n\r\n")
		res := rc.read("POST")
		if res.StatusCode != 200 || res.body != "ignored" || !res.Close {
			t.Errorf("got %d %q close=%v, want 200 \"ignored\" with Connection: close", res.StatusCode, res.body, res.Close)
		}
		rc.expectClosed()
	})
}

// A streamed body the handler did not read, followed by a pipelined
// request, is dropped and the next request served.
func TestUnreadStreamedBodyThenPipelined(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/ignore", func(w ResponseWriter, r *Request) { io.WriteString(w, "ignored") })
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { io.WriteString(w, r.Param("i")) })
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 4})
	rc := dial(t, addr)
	rc.write("POST /ignore HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n0123456789" + get("/n/3"))
	if res := rc.read("POST"); res.StatusCode != 200 || res.body != "ignored" {
		t.Errorf("got %d %q", res.StatusCode, res.body)
	}
	if res := rc.read("GET"); res.StatusCode != 200 || res.body != "3" {
		t.Errorf("next request: %d %q, want 200 \"3\"", res.StatusCode, res.body)
	}
}

// A streamed body whose client goes away mid-body ends the handler's read
// at once rather than leaving it waiting.
func TestStreamedBodyClientGone(t *testing.T) {
	for _, tc := range []struct{ name, request string }{
		{"Content-Length", "POST /read HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhello"},
		{"chunked", "POST /read HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make(chan string, 1)
			rt := NewRouter()
			rt.HandleFunc("POST", "/read", func(w ResponseWriter, r *Request) {
				b, err := io.ReadAll(r.BodyReader())
				got <- fmt.Sprintf("%q %v", b, err)
			})
			l := newPipeListener()
			startServerOn(t, &Server{Handler: rt, MaxBufferedBody: 4}, l)
			c := l.dial(t)
			io.WriteString(c, tc.request)
			c.Close()
			// The connection ended inside the body: the handler gets the
			// bytes that came and io.ErrUnexpectedEOF, never a clean end.
			if g, want := wait(t, got, "the handler's read to end"), `"hello" unexpected EOF`; g != want {
				t.Errorf("handler read %s, want %s", g, want)
			}
		})
	}
}

// A streamed body that breaks a rule while the handler reads it is
// answered by the server with the rule's status, and the access log
// records that status.
func TestStreamedBodyErrorStatusLogged(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/read", func(w ResponseWriter, r *Request) {
		io.ReadAll(r.BodyReader())
	})
	l := newPipeListener()
	_, logs := startServerOn(t, &Server{Handler: rt, MaxBufferedBody: 4}, l)
	c := l.dial(t)
	// The first write streams (it decodes past MaxBufferedBody); the
	// second has a chunk-size that is no HEXDIG.
	pieces := []string{"POST /read HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "zz\r\n"}
	sendPieces(c, pieces)
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "POST"})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != StatusBadRequest {
		t.Fatalf("got %d, want 400", res.StatusCode)
	}
	pollUntil(t, "the access log record", func() bool { return strings.Contains(logs.String(), "msg=request") })
	if got := logs.String(); !strings.Contains(got, "target=/read status=400") {
		t.Errorf("access log does not record status 400:\n%s", got)
	}
}

// With MaxBufferedBody -1 every body is streamed, a body of one byte too,
// and ReadBody returns the whole of a streamed body that arrives in
// pieces, over many reads.
func TestReadBodyOfStreamedBody(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pieces []string
		want   string
	}{
		{"one byte", []string{"POST /kind HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\n\r\n", "x"}, "streamed x"},
		{"in pieces", []string{
			"POST /kind HTTP/1.1\r\nHost: test\r\nContent-Length: 30\r\n\r\n",
			"0123456789", "abcdefghij", "ABCDEFGHIJ",
		}, "streamed 0123456789abcdefghijABCDEFGHIJ"},
		{"chunked in pieces", []string{
			"POST /kind HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n",
			"a\r\n0123456789\r\n", "14\r\nabcdefghijABCDEFGHIJ\r\n", "0\r\n\r\n",
		}, "streamed 0123456789abcdefghijABCDEFGHIJ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := NewRouter()
			rt.HandleFunc("POST", "/kind", bodyKind)
			l := newPipeListener()
			startServerOn(t, &Server{Handler: rt, MaxBufferedBody: -1}, l)
			c := l.dial(t)
			c.SetDeadline(time.Now().Add(testTimeout))
			// A pipe hands the server each write in one read.
			sendPieces(c, tc.pieces)
			res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "POST"})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 || string(b) != tc.want {
				t.Errorf("got %d %q, want 200 %q", res.StatusCode, b, tc.want)
			}
		})
	}
}
