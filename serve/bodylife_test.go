package serve

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A request body across its handler's end and the next request: fresh
// decoding state, readers and clones that outlive the handler, and the
// drain of what it left unread.

// A chunked body streamed after another chunked body on the connection
// starts from a fresh decoder: the 100-continue path once reused the one
// the previous body finished, so the handler read an empty body with the
// previous request's trailer, and the chunks were parsed as a request.
// With Expect the body streams from its first byte, under the default
// MaxBufferedBody and under -1 alike.
func TestChunkedBodyAfterChunkedBody(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		b, err := io.ReadAll(r.BodyReader())
		var tr []string
		for _, f := range r.Trailer {
			tr = append(tr, f.Name+"="+f.Value)
		}
		fmt.Fprintf(w, "%s body=%s trailer=%s err=%v", r.Path, b, strings.Join(tr, ","), err)
	})
	for _, maxBuffered := range []int64{0, -1} {
		addr, _ := startServer(t, &Server{Handler: h, MaxBufferedBody: maxBuffered})
		rc := dial(t, addr)
		rc.write("POST /one HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT1: v1\r\n\r\n")
		if res := rc.read("POST"); res.body != "/one body=abc trailer=T1=v1 err=<nil>" {
			t.Fatalf("MaxBufferedBody %d, first: %d %q", maxBuffered, res.StatusCode, res.body)
		}
		rc.write("POST /two HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
		if res := rc.read("POST"); res.StatusCode != 100 {
			t.Fatalf("MaxBufferedBody %d: %d, want 100 (Continue)", maxBuffered, res.StatusCode)
		}
		rc.write("5\r\nhello\r\n0\r\n\r\n" + get("/three"))
		if res := rc.read("POST"); res.body != "/two body=hello trailer= err=<nil>" {
			t.Errorf("MaxBufferedBody %d, second: %d %q", maxBuffered, res.StatusCode, res.body)
		}
		if res := rc.read("GET"); res.body != "/three body= trailer= err=<nil>" {
			t.Errorf("MaxBufferedBody %d, third: %d %q", maxBuffered, res.StatusCode, res.body)
		}
		rc.c.Close()
	}
}

// A Clone shares a body that streams, as net/http's Clone shares Body: it
// once read as empty, with no error, once the body was larger than
// MaxBufferedBody. A body read before the handler is copied.
func TestCloneStreamedBody(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		c := r.Clone()
		b, err := io.ReadAll(c.BodyReader())
		rest, err2 := r.ReadBody()
		fmt.Fprintf(w, "%d %v %d %v", len(b), err, len(rest), err2)
	})
	addr, _ := startServer(t, &Server{Handler: h, MaxBufferedBody: 100})
	for _, n := range []int{50, 500} {
		rc := dial(t, addr)
		rc.write(fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", n, strings.Repeat("x", n)))
		want := fmt.Sprintf("%d <nil> 0 <nil>", n) // the stream is shared: nothing left for r
		if n <= 100 {
			want = fmt.Sprintf("%d <nil> %d <nil>", n, n) // copied: r keeps its own
		}
		if res := rc.read("POST"); res.body != want {
			t.Errorf("Content-Length %d: %q, want %q", n, res.body, want)
		}
		rc.c.Close()
	}
}

// A body reader kept past its handler fails (ErrBodyReadAfterHandler) instead
// of reading the next request's body from the connection, which it once
// did, leaving that request's handler an empty body.
func TestBodyReaderAfterHandler(t *testing.T) {
	kept := make(chan io.Reader, 1)
	started, proceed := make(chan struct{}), make(chan struct{})
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		br := r.BodyReader()
		if r.Path == "/first" {
			kept <- br
			io.WriteString(w, "first")
			return // the body is left unread: the server drains it
		}
		started <- struct{}{}
		<-proceed
		b, err := io.ReadAll(br)
		fmt.Fprintf(w, "%s %v", b, err)
	})
	addr, _ := startServer(t, &Server{Handler: h, MaxBufferedBody: 16})
	rc := dial(t, addr)
	rc.write("POST /first HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n" + strings.Repeat("a", 20))
	if res := rc.read("POST"); res.body != "first" {
		t.Fatalf("first: %d %q", res.StatusCode, res.body)
	}
	br := <-kept
	if n, err := br.Read(make([]byte, 64)); n != 0 || !errors.Is(err, ErrBodyReadAfterHandler) {
		t.Errorf("kept reader after its handler: %d, %v; want ErrBodyReadAfterHandler", n, err)
	}
	// And while the next request's handler runs, its body sent.
	rc.write("POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n" + strings.Repeat("b", 40))
	<-started
	if n, err := br.Read(make([]byte, 64)); n != 0 || !errors.Is(err, ErrBodyReadAfterHandler) {
		t.Errorf("kept reader during the next request: %d, %v; want ErrBodyReadAfterHandler", n, err)
	}
	close(proceed)
	if res := rc.read("POST"); res.body != strings.Repeat("b", 40)+" <nil>" {
		t.Errorf("second: %d %q", res.StatusCode, res.body)
	}
}

// A goroutine of a returned handler still blocked in a body Read (a proxy
// copying the upload, the client sending nothing more) keeps neither the
// worker nor the request's context: the server waits for that Read only
// to drain the body, with no worker held. (It once waited before giving
// the worker back and ending the context, up to ReadTimeout.)
func TestReadInProgressAfterHandler(t *testing.T) {
	bodies := make(chan *requestBody, 1)
	ctxDone := make(chan struct{})
	rt := NewRouter()
	rt.HandleFunc("POST", "/up", func(w ResponseWriter, r *Request) {
		br := r.BodyReader()
		ctx := r.Context()
		go func() { <-ctx.Done(); close(ctxDone) }()
		go io.Copy(io.Discard, br) // blocks once "start" is read: the rest never comes
		for r.body.mu.TryLock() {
			// The copy has not reached its blocking Read yet.
			r.body.mu.Unlock()
			runtime.Gosched()
		}
		bodies <- r.body
		io.WriteString(w, "accepted")
	})
	rt.HandleFunc("GET", "/x", func(w ResponseWriter, r *Request) { io.WriteString(w, "x") })
	s := &Server{Handler: rt, Workers: 1, StreamWorkers: 1, MaxBufferedBody: 10, ReadTimeout: time.Hour}
	addr, _ := startServer(t, s)

	up := dial(t, addr)
	up.write("POST /up HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nstart")
	<-bodies
	wait(t, ctxDone, "the request's context to end")
	other := dial(t, addr)
	other.write(get("/x"))
	if res := other.read("GET"); res.body != "x" {
		t.Errorf("GET beside the blocked Read: %d %q", res.StatusCode, res.body)
	}
	up.c.Close()
}

// A Clone kept past its handler reads nothing of a later request's body,
// streamed or read whole: its readers are tied to the body it was cloned
// with, however late BodyReader is called on it.
func TestCloneAfterHandler(t *testing.T) {
	kept := make(chan *Request, 1)
	started, proceed := make(chan struct{}), make(chan struct{}, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		if r.Path == "/first" {
			kept <- r.Clone()
			io.WriteString(w, "first")
			return
		}
		started <- struct{}{}
		<-proceed
		b, err := r.ReadBody()
		fmt.Fprintf(w, "%s %v", b, err)
	})
	addr, _ := startServer(t, &Server{Handler: h, MaxBufferedBody: 16})
	for _, n := range []int{40, 8} { // the second body streams, or is read whole
		rc := dial(t, addr)
		rc.write("POST /first HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n" + strings.Repeat("a", 20))
		if res := rc.read("POST"); res.body != "first" {
			t.Fatalf("first: %d %q", res.StatusCode, res.body)
		}
		c := <-kept
		rc.write(fmt.Sprintf("POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", n, strings.Repeat("b", n)))
		<-started
		if got, err := io.ReadAll(c.BodyReader()); len(got) != 0 || !errors.Is(err, ErrBodyReadAfterHandler) {
			t.Errorf("second body of %d bytes: the kept clone read %q, %v", n, got, err)
		}
		proceed <- struct{}{}
		if res := rc.read("POST"); res.body != strings.Repeat("b", n)+" <nil>" {
			t.Errorf("second body of %d bytes: %d %q", n, res.StatusCode, res.body)
		}
		rc.c.Close()
	}
}

// A handler that answers without reading a streamed body gives its worker
// and streaming slot back before the server waits for the rest of that
// body: a client that never sends it holds its own connection only, until
// ReadTimeout, and the next upload runs meanwhile. (Holding the slots
// through the drain let a few such clients stop every upload.)
func TestUnreadBodyDrainHoldsNoWorker(t *testing.T) {
	started, denying := make(chan struct{}, 4), make(chan struct{}, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/deny", func(w ResponseWriter, r *Request) {
		denying <- struct{}{}
		Error(w, 401, "no")
	})
	rt.Handle("POST", "/sum", sumHandler(started))
	s := &Server{Handler: rt, Workers: 1, StreamWorkers: 1, MaxBufferedBody: 10, ReadTimeout: time.Hour}
	addr, _ := startServer(t, s)

	denied := dial(t, addr)
	denied.write("POST /deny HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nstart")
	// The 401 waits for the body's rest (as net/http's does), but with no
	// slot held: an upload on another connection runs to its end.
	wait(t, denying, "the denying handler")
	pollUntil(t, "the denied request's slots given back", func() bool { return len(s.slots) == 0 && len(s.streams) == 0 })
	up := dial(t, addr)
	up.write("POST /sum HTTP/1.1\r\nHost: test\r\nContent-Length: 20\r\n\r\n" + strings.Repeat("x", 20))
	if res := up.read("POST"); res.body != sumOf(strings.Repeat("x", 20)) {
		t.Errorf("upload beside the drain: %d %q", res.StatusCode, res.body)
	}
	denied.write(strings.Repeat("y", 995))
	if res := denied.read("POST"); res.StatusCode != 401 || res.Close {
		t.Errorf("denied: %d close=%v, want 401 on a connection kept open", res.StatusCode, res.Close)
	}
}
