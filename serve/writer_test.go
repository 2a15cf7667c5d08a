package serve

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestResponseFraming: how the server frames what a handler writes, at
// the edges of the body buffer, through Write and WriteString alike.
func TestResponseFraming(t *testing.T) {
	full := strings.Repeat("f", bodyBufSize)
	over := strings.Repeat("o", 3*bodyBufSize)
	rt := NewRouter()
	rt.HandleFunc("GET", "/nothing", func(w ResponseWriter, r *Request) {})
	rt.HandleFunc("GET", "/flush-only", func(w ResponseWriter, r *Request) { w.Flush() })
	rt.HandleFunc("GET", "/write-full", func(w ResponseWriter, r *Request) { w.Write([]byte(full)) })
	rt.HandleFunc("GET", "/string-full", func(w ResponseWriter, r *Request) { io.WriteString(w, full) })
	rt.HandleFunc("GET", "/string-over", func(w ResponseWriter, r *Request) { io.WriteString(w, over) })
	rt.HandleFunc("GET", "/string-declared", func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "5")
		if _, err := io.WriteString(w, "toolong"); !errors.Is(err, ErrContentLength) {
			panic("an overlong WriteString was taken")
		}
		io.WriteString(w, "hel")
		io.WriteString(w, "lo")
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	for _, tc := range []struct {
		target  string
		status  int
		body    string
		chunked bool
	}{
		// A handler that writes nothing sends 200 with no content.
		{"/nothing", 200, "", false},
		// Flush with nothing written still fixes the status at 200.
		{"/flush-only", 200, "", true},
		// A body that exactly fills the buffer still gets its length.
		{"/write-full", 200, full, false},
		{"/string-full", 200, full, false},
		// One that outgrows it streams.
		{"/string-over", 200, over, true},
		// WriteString is held to a declared length as Write is.
		{"/string-declared", 200, "hello", false},
	} {
		rc := dial(t, addr)
		rc.write(get(tc.target))
		res := rc.read("GET")
		checkHeads(t, res)
		if res.StatusCode != tc.status || res.body != tc.body || (len(res.TransferEncoding) > 0) != tc.chunked {
			t.Errorf("%s: %d, %d body bytes, Transfer-Encoding %v; want %d, %d bytes, chunked %v",
				tc.target, res.StatusCode, len(res.body), res.TransferEncoding, tc.status, len(tc.body), tc.chunked)
		}
		if !tc.chunked && res.ContentLength != int64(len(tc.body)) {
			t.Errorf("%s: Content-Length %d, want %d", tc.target, res.ContentLength, len(tc.body))
		}
	}
}

// TestResponseHeaderNames: a field a handler sets goes out when its name
// is a token (every tchar allowed) and is dropped when it is not.
func TestResponseHeaderNames(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Header().Set("Bad Name", "1")
		w.Header().Set("X!#$%&'*+-.^_`|~", "2")
		w.Header().Set("Good", "3")
	})
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/"))
	res := rc.read("GET")
	if res.Header.Get("Good") != "3" || res.Header.Get("X!#$%&'*+-.^_`|~") != "2" {
		t.Errorf("token names dropped: %v", res.Header)
	}
	for name := range res.Header {
		if strings.Contains(name, " ") {
			t.Errorf("name %q sent", name)
		}
	}
}

// TestStreamedWrites: once the head is out, Write reports every byte it
// took, and Flush sends what is buffered while the handler still runs.
func TestStreamedWrites(t *testing.T) {
	release := make(chan struct{})
	counts := make(chan int, 1)
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Write([]byte("head"))
		w.Flush()
		n, _ := w.Write([]byte("abc"))
		counts <- n
		w.Flush()
		<-release // the client reads the first bytes before the handler returns
		w.Write([]byte("end"))
	})
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/"))
	res, err := http.ReadResponse(rc.br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	first := make([]byte, len("headabc"))
	if _, err := io.ReadFull(res.Body, first); err != nil || string(first) != "headabc" {
		t.Fatalf("before the handler returned: %q, %v", first, err)
	}
	close(release)
	rest, err := io.ReadAll(res.Body)
	if err != nil || string(rest) != "end" {
		t.Errorf("after: %q, %v", rest, err)
	}
	if n := wait(t, counts, "the handler's write"); n != 3 {
		t.Errorf("Write after the head returned %d, want 3", n)
	}
}

// TestWriteStringNoCopy: a string that fits the body buffer, or exactly
// fills what a declared length leaves, goes in without a copy.
func TestWriteStringNoCopy(t *testing.T) {
	c := testConn(t)
	c.handling.Store(true) // as while a handler runs
	req := &Request{}
	req.ProtoMinor = 1
	full := strings.Repeat("f", bodyBufSize)
	for _, tc := range []struct {
		name     string
		declared string
		s        string
	}{
		{"exactly the buffer", "", full},
		{"exactly the declared length", "5", "hello"},
		{"a declared length of 0", "0", ""},
	} {
		allocs := testing.AllocsPerRun(20, func() {
			w := &c.res
			w.reset(req)
			if tc.declared != "" {
				w.header.Set("Content-Length", tc.declared)
			}
			if n, err := w.WriteString(tc.s); n != len(tc.s) || err != nil {
				t.Fatalf("%s: %d, %v", tc.name, n, err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per WriteString, want 0", tc.name, allocs)
		}
	}
}

// TestHeadFixedAtWriteHeader: WriteHeader fixes the head, as in net/http.
// Fields set, changed or deleted after it do not reach the head (a late
// Content-Length would frame the body wrongly), nor does a Trailer field
// announced after it make the response chunked, while trailer fields set
// after it are still sent.
func TestHeadFixedAtWriteHeader(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/late", func(w ResponseWriter, r *Request) {
		w.Header().Set("X-Early", "1")
		w.Header().Set("X-Gone", "1")
		w.WriteHeader(StatusOK)
		w.Header().Set("X-Late", "1")
		w.Header().Set("X-Early", "2")
		w.Header().Del("X-Gone")
		w.Header().Set("Content-Length", "10")
		w.Header().Set("Connection", "close")
		w.Write([]byte("hi"))
	})
	rt.HandleFunc("GET", "/trailer", func(w ResponseWriter, r *Request) {
		w.Header().Set("Trailer", "X-Sum")
		w.WriteHeader(StatusOK)
		w.Write([]byte("hi"))
		w.Header().Set(TrailerPrefix+"X-Sum", "7")
	})
	rt.HandleFunc("GET", "/late-announcement", func(w ResponseWriter, r *Request) {
		w.WriteHeader(StatusOK)
		w.Header().Set("Trailer", "X-Sum")
		w.Write([]byte("hi"))
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	rc.write(get("/late") + get("/trailer") + get("/late-announcement"))
	res := rc.read("GET")
	checkHeads(t, res)
	if res.body != "hi" || res.ContentLength != 2 || res.Close {
		t.Errorf("/late: body %q, Content-Length %d, close %v; want \"hi\", 2, kept open", res.body, res.ContentLength, res.Close)
	}
	for name, want := range map[string]string{"X-Early": "1", "X-Gone": "1", "X-Late": ""} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("/late: %s %q, want %q", name, got, want)
		}
	}
	res = rc.read("GET")
	if res.body != "hi" || res.Trailer.Get("X-Sum") != "7" {
		t.Errorf("/trailer: body %q, trailer %v; want \"hi\" and X-Sum: 7", res.body, res.Trailer)
	}
	// A Trailer field announced after WriteHeader is not in the head, so
	// it does not make the response chunked.
	res = rc.read("GET")
	if res.body != "hi" || res.ContentLength != 2 || len(res.TransferEncoding) > 0 || res.Header.Get("Trailer") != "" {
		t.Errorf("/late-announcement: body %q, Content-Length %d, Transfer-Encoding %v, Trailer %q; want \"hi\" with a length of 2",
			res.body, res.ContentLength, res.TransferEncoding, res.Header.Get("Trailer"))
	}
}
