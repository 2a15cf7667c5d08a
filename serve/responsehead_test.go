package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// headCase is what a handler does in FuzzResponseHead: set one field, then
// answer with status, streaming the body (chunked) or not. A streamed
// answer is preceded by a 103 (Early Hints) carrying the field, and ends
// with the field as a trailer as well.
type headCase struct {
	name, value string
	status      int
	stream      bool
}

// FuzzResponseHead holds every response head the server can produce to the
// parser's own field-line grammar: whatever field a handler sets, each head
// on the wire (an interim 103, the final one) parses (its status line
// swapped for a request-line) and the trailer section passes the parser's
// ChunkedDecoder, and the field arrives unchanged exactly when
// httparse.ValidFieldName and ValidFieldValue (ValidTrailerField for the
// trailer) accept it; otherwise the server drops it. So the server never
// sends what its own parser would answer with 400.
func FuzzResponseHead(f *testing.F) {
	for _, c := range []headCase{
		{"X-Ok", "plain value", 200, false},
		{"X-Ok", "plain value", 200, true},
		{"Content-Type", "text/plain; charset=utf-8", 201, false},
		{"X-Empty", "", 204, false},
		{"ETag", `"v1"`, 304, false},
		{"X-Obs", "caf\xc3\xa9", 404, false},
		{"X-Obs", "caf\xc3\xa9", 200, true},
		{"X-Inject", "a\r\nX-Evil: 1", 200, false},
		{"X-Inject", "a\r\nX-Evil: 1", 200, true},
		{"X-Lf", "a\nb", 200, true},
		{"X-Ctl", "a\x01b", 500, false},
		{"X-Nul", "a\x00b", 200, false},
		{"X-Del", "a\x7fb", 200, false},
		{"X-Lead", " padded", 200, false},
		{"X-Trail", "padded\t", 200, false},
		{"Bad Name", "v", 200, false},
		{"Bad:Name", "v", 200, true},
		{"", "v", 200, false},
		{"Connection", "close", 200, false},
		{"Content-Length", "5", 200, false},
		{"Content-Length", "5", 200, true},
		{"Transfer-Encoding", "gzip", 200, true},
		{"Date", "yesterday", 200, true},
		{"Server-Timing", "db;dur=53", 200, true},
	} {
		f.Add(c.name, c.value, c.status, c.stream)
	}
	for c := 0; c < 256; c++ {
		f.Add("X-Byte", "a"+string([]byte{byte(c)})+"b", 200, c%2 == 0)
	}

	var mu sync.Mutex
	var cur headCase
	addr, _ := startServer(f, &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
		mu.Lock()
		c := cur
		mu.Unlock()
		w.Header().Set(c.name, c.value)
		if c.stream {
			w.WriteHeader(103)
		}
		w.WriteHeader(c.status)
		if c.stream {
			w.Write([]byte("hello"))
			w.Flush()
			w.Header().Set(TrailerPrefix+c.name, c.value)
		}
	})})

	f.Fuzz(func(t *testing.T, name, value string, status int, stream bool) {
		if status < 200 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		mu.Lock()
		cur = headCase{name, value, status, stream}
		mu.Unlock()

		c, err := net.DialTimeout("tcp", addr, testTimeout)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(testTimeout))
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
		raw, err := io.ReadAll(c)
		if err != nil {
			t.Fatalf("reading the response: %v", err)
		}
		valid := httparse.ValidFieldName(name) && httparse.ValidFieldValue(value)
		if stream {
			interim, rest := parseResponseHead(t, raw, 103)
			checkField(t, "103 head", interim, name, value, valid)
			raw = rest
		}
		final, rest := parseResponseHead(t, raw, status)
		checkField(t, "head", final, name, value, valid)
		if !stream || !bodyAllowed(status) {
			return
		}
		if cl, ok := final.Lookup("Content-Length"); ok {
			// The handler declared the length: no chunks, no trailers.
			// A write past the length fails whole, as net/http's does;
			// one short of it leaves the body cut.
			want := "hello"
			if n, _ := strconv.Atoi(cl); n < len(want) {
				want = ""
			}
			if string(rest) != want {
				t.Fatalf("Content-Length %s: body %q, want %q", cl, rest, want)
			}
			return
		}
		// The body and the trailer section, through the parser's own
		// chunked decoder, which holds the trailer lines to the field-line
		// grammar and the fields a trailer may carry.
		var d httparse.ChunkedDecoder
		body, n, err := d.Decode(nil, rest)
		if err != nil || n != len(rest) || string(body) != "hello" {
			t.Fatalf("chunked body: %q, %d of %d bytes, %v\n%q", body, n, len(rest), err, rest)
		}
		ok := valid && httparse.ValidTrailerField(name) && !responseOnlyTrailer(name)
		checkField(t, "trailer", d.Trailer, name, value, ok)
	})
}

// parseResponseHead reads the response head at the front of raw, checks its
// status, and parses its field lines with the parser (under a request-line
// and a Host field, so the parser judges each line by the same field-line
// grammar it applies to every request). It returns the fields and the
// bytes after the head.
func parseResponseHead(t *testing.T, raw []byte, status int) (httparse.Header, []byte) {
	t.Helper()
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	line := bytes.Index(raw, []byte("\r\n"))
	if end < 0 || line < 0 {
		t.Fatalf("no complete head in %q", raw)
	}
	if want := "HTTP/1.1 " + strconv.Itoa(status) + " "; !bytes.HasPrefix(raw, []byte(want)) {
		t.Fatalf("status line %q, want %q...", raw[:line], want)
	}
	head := append([]byte("GET / HTTP/1.1\r\nHost: h"), raw[line:end+4]...)
	var p httparse.Parser
	var req httparse.Request
	if _, err := p.ParseHead(head, &req); err != nil {
		t.Fatalf("the server sent a head its parser rejects: %v\n%q", err, head)
	}
	return req.Header[1:], raw[end+4:]
}

// checkField checks that the field a handler set arrived in h unchanged
// when sent is set, and not at all otherwise; the fields the server writes
// itself are its own.
func checkField(t *testing.T, where string, h httparse.Header, name, value string, sent bool) {
	t.Helper()
	for _, own := range []string{"Content-Length", "Transfer-Encoding", "Connection", "Date"} {
		if ascii.EqualFold(name, own) && where != "trailer" {
			return // the server writes these itself
		}
	}
	got, ok := h.Lookup(name)
	if sent && (!ok || got != value) {
		t.Errorf("%s: valid field %q: %q sent as %q (present %v)", where, name, value, got, ok)
	}
	if !sent && ok && name != "" {
		t.Errorf("%s: field %q: %q was sent as %q", where, name, value, got)
	}
}

// TestErrorHeadsParse holds the heads the server writes itself, for
// requests it refuses before or instead of a handler, to the parser's
// field-line grammar, and their bodies to JSON.
func TestErrorHeadsParse(t *testing.T) {
	s := &Server{
		Handler: HandlerFunc(func(w ResponseWriter, r *Request) { io.WriteString(w, "ok") }),
		Limits:  httparse.Limits{MaxHeaderBytes: 256, MaxBodyBytes: 16},
	}
	addr, _ := startServer(t, s)
	for _, tc := range []struct {
		in     string
		status int
	}{
		{"GET / HTTP/1.1\r\nHost: h\r\nBad Name: v\r\n\r\n", 400},
		{"GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n", 400},
		{"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
		{strings.Repeat("M", 40) + " / HTTP/1.1\r\nHost: h\r\n\r\n", 501},
		{"GET / HTTP/1.1\r\nHost: h\r\nX: " + strings.Repeat("v", 300) + "\r\n\r\n", 431},
		{"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n", 413},
		{"POST / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx", 417},
		{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", 400},
		{"HEAD / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n", 400},
	} {
		c, err := net.DialTimeout("tcp", addr, testTimeout)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(testTimeout))
		io.WriteString(c, tc.in)
		raw, err := io.ReadAll(c)
		c.Close()
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		h, body := parseResponseHead(t, raw, tc.status)
		if ct, _ := h.Lookup("Content-Type"); ct != "application/json" {
			t.Errorf("%q: Content-Type %q", tc.in, ct)
		}
		if strings.HasPrefix(tc.in, "HEAD") {
			if len(body) != 0 {
				t.Errorf("%q: a body to HEAD: %q", tc.in, body)
			}
			continue
		}
		if !json.Valid(body) {
			t.Errorf("%q: body is not JSON: %q", tc.in, body)
		}
	}
}
