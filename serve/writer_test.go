package serve

import (
	"errors"
	"io"
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
