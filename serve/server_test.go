package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
)

// testRouter serves the routes the connection tests use.
func testRouter() *Router {
	rt := NewRouter()
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) {
		JSON(w, StatusOK, map[string]string{"i": r.Param("i")})
	})
	rt.HandleFunc("POST", "/echo", func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if v, ok := r.Trailer.Lookup("X-Sum"); ok {
			w.Header().Set("X-Trailer-Sum", v)
		}
		w.Write(r.Body)
	})
	rt.HandleFunc("GET", "/stream", func(w ResponseWriter, r *Request) {
		for i := range 3 {
			fmt.Fprintf(w, "part %d\n", i)
			if err := w.Flush(); err != nil {
				return
			}
		}
	})
	rt.HandleFunc("GET", "/big", func(w ResponseWriter, r *Request) {
		w.Write([]byte(strings.Repeat("x", 3*bodyBufSize)))
	})
	rt.HandleFunc("GET", "/panic", func(w ResponseWriter, r *Request) {
		panic("boom")
	})
	return rt
}

// checkHeads checks what every response must carry.
func checkHeads(t *testing.T, res testResponse) {
	t.Helper()
	if res.Header.Get("Date") == "" {
		t.Errorf("%s: no Date", res.Status)
	} else if _, err := time.Parse(TimeFormat, res.Header.Get("Date")); err != nil {
		t.Errorf("Date %q: %v", res.Header.Get("Date"), err)
	}
	if res.StatusCode != StatusNoContent && res.ContentLength < 0 && len(res.TransferEncoding) == 0 {
		t.Errorf("%s: neither Content-Length nor chunked", res.Status)
	}
}

func TestPipelining(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)

	// 50 requests in one write, a POST with a body among them; the
	// responses must come back complete and in order.
	var reqs strings.Builder
	for i := range 50 {
		if i == 25 {
			reqs.WriteString("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 7\r\n\r\nmiddle!")
			continue
		}
		reqs.WriteString(get("/n/" + strconv.Itoa(i)))
	}
	rc.write(reqs.String())
	for i := range 50 {
		method := "GET"
		if i == 25 {
			method = "POST"
		}
		res := rc.read(method)
		checkHeads(t, res)
		want := fmt.Sprintf("{\"i\":\"%d\"}\n", i)
		if i == 25 {
			want = "middle!"
		}
		if res.StatusCode != 200 || res.body != want {
			t.Fatalf("response %d: %d %q, want 200 %q", i, res.StatusCode, res.body, want)
		}
	}
}

func TestParseErrorsCloseTheConnection(t *testing.T) {
	limits := httparse.Limits{MaxRequestLine: 100, MaxHeaders: 5, MaxBodyBytes: 1000}
	addr, _ := startServer(t, &Server{Handler: testRouter(), Limits: limits})
	// A keep-alive connection open through it all must not notice.
	bystander := dial(t, addr)
	bystander.write(get("/n/0"))
	bystander.read("GET")

	// Each case names what the answer must say, written out here rather
	// than taken from the parser, so that the server's error body is
	// checked against the rule and not against itself.
	tests := []struct {
		name   string
		in     string
		status int
		rule   string
		reason string
	}{
		{"space before colon", "GET / HTTP/1.1\r\nHost : test\r\n\r\n",
			400, "RFC 9112 §5.1", "whitespace between field name and colon"},
		{"bare LF", "GET / HTTP/1.1\nHost: test\n\n",
			400, "RFC 9112 §2.2", "bare LF"},
		// Content-Length with Transfer-Encoding: the smuggling vector.
		{"CL and TE", "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			400, "RFC 9112 §6.1", "both content-length and transfer-encoding (request smuggling)"},
		{"no Host", "GET / HTTP/1.1\r\n\r\n",
			400, "RFC 9112 §3.2", "missing Host field in HTTP/1.1 request"},
		// Target longer than MaxRequestLine.
		{"long target", "GET /" + strings.Repeat("a", 200) + " HTTP/1.1\r\nHost: test\r\n\r\n",
			414, "RFC 9112 §3", "request-target too long; the limit is 100 bytes for the request-line"},
		// More fields than MaxHeaders.
		{"many fields", "GET / HTTP/1.1\r\nHost: test\r\n" + strings.Repeat("X-A: 1\r\n", 10) + "\r\n",
			431, "RFC 6585 §5", "too many header fields; the limits are 5 field lines and 65536 bytes"},
		// A Content-Length over MaxBodyBytes, body never sent: the answer
		// must not wait for it.
		{"body too large", "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n",
			413, "RFC 9110 §8.6", "body is 1000000 bytes; the limit is 1000"},
		// A chunked body that decodes past MaxBodyBytes.
		{"chunked too large", "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + strings.Repeat("a", 0x800) + "\r\n0\r\n\r\n",
			413, "RFC 9112 §7.1", "chunked body exceeds body limit; the limit is 1000 bytes"},
		{"bad chunk size", "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
			400, "RFC 9112 §7.1", "invalid chunk-size"},
		// A transfer coding the server does not implement.
		{"gzip coding", "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
			501, "RFC 9112 §6.1", "transfer-coding not implemented"},
		// HTTP/2.0 in an HTTP/1 request-line.
		{"version", "GET / HTTP/2.0\r\nHost: test\r\n\r\n",
			505, "RFC 9110 §2.5", "HTTP major version not supported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := httparse.Parser{Limits: limits}
			var req httparse.Request
			_, err := p.Parse([]byte(tc.in), &req)
			var perr *httparse.Error
			if !errors.As(err, &perr) {
				t.Fatalf("parser says %v, want an *Error", err)
			}
			rc := dial(t, addr)
			rc.write(tc.in)
			res := rc.read("GET")
			checkHeads(t, res)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			// What and which rule, as written above; where, as the parser
			// reports it for the same bytes (its offsets have their own
			// tests).
			want, _ := json.Marshal(struct {
				Error  string `json:"error"`
				Rule   string `json:"rule"`
				Offset int    `json:"offset"`
			}{tc.reason, tc.rule, perr.Offset})
			if strings.TrimSpace(res.body) != string(want) {
				t.Errorf("body %s, want %s", res.body, want)
			}
			if !res.Close {
				t.Error("no Connection: close")
			}
			rc.expectClosed()
		})
	}

	bystander.write(get("/n/1"))
	if res := bystander.read("GET"); res.StatusCode != 200 {
		t.Errorf("bystander got %d after the errors", res.StatusCode)
	}
}

func TestHandlerPanic(t *testing.T) {
	addr, logs := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write(get("/panic"))
	res := rc.read("GET")
	if res.StatusCode != 500 || strings.TrimSpace(res.body) != `{"error":"internal server error"}` {
		t.Errorf("got %d %q", res.StatusCode, res.body)
	}
	rc.expectClosed()
	for _, want := range []string{"handler panic", "boom", "goroutine ", "server_test.go"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
	// The server lives on.
	rc = dial(t, addr)
	rc.write(get("/n/1"))
	if res := rc.read("GET"); res.StatusCode != 200 {
		t.Errorf("after the panic: %d", res.StatusCode)
	}
}

func TestExpectContinue(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter(), Limits: httparse.Limits{MaxBodyBytes: 100}})
	rc := dial(t, addr)
	rc.write("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	line, err := rc.br.ReadString('\n')
	if err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("got %q %v, want 100 Continue", line, err)
	}
	if blank, _ := rc.br.ReadString('\n'); blank != "\r\n" {
		t.Fatalf("100 Continue followed by %q", blank)
	}
	rc.write("hello")
	if res := rc.read("POST"); res.StatusCode != 200 || res.body != "hello" {
		t.Errorf("got %d %q", res.StatusCode, res.body)
	}

	// A body over the limit is refused before the client sends it: 413
	// and no 100.
	rc = dial(t, addr)
	rc.write("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 500\r\n\r\n")
	if res := rc.read("POST"); res.StatusCode != 413 {
		t.Errorf("got %d, want 413", res.StatusCode)
	}
	rc.expectClosed()
}

// RFC 9110 §10.1.1: an expectation other than 100-continue may be
// answered 417; this server does, before reading any body, and closes.
func TestUnknownExpectation(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	tests := []struct {
		name, in string
		status   int
	}{
		{"unknown", "POST /echo HTTP/1.1\r\nHost: test\r\nExpect: x-unknown\r\nContent-Length: 5\r\n\r\n", 417},
		{"unknown without a body", "GET /n/1 HTTP/1.1\r\nHost: test\r\nExpect: x-unknown\r\n\r\n", 417},
		{"unknown beside 100-continue", "POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue, x-y\r\nContent-Length: 5\r\n\r\n", 417},
		{"unknown on a second line", "GET /n/1 HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nExpect: x-y\r\n\r\n", 417},
		{"unknown in HTTP/1.0", "GET /n/1 HTTP/1.0\r\nExpect: x-unknown\r\n\r\n", 417},
		{"100-continue in any case", "POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\nhello", 200},
		{"100-continue in HTTP/1.0 is ignored", "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello", 200},
		{"empty", "GET /n/1 HTTP/1.1\r\nHost: test\r\nExpect:\r\n\r\n", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rc := dial(t, addr)
			rc.write(tc.in)
			method, _, _ := strings.Cut(tc.in, " ")
			res := rc.read(method)
			checkHeads(t, res)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body %q", res.StatusCode, tc.status, res.body)
			}
			if tc.status == 417 {
				if !strings.Contains(res.body, "100-continue") || !res.Close {
					t.Errorf("417 body %q, Close %v; want the one expectation met named, and a close", res.body, res.Close)
				}
				rc.expectClosed()
			}
		})
	}
}

func TestChunkedRequestBody(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	// Split across writes so that the decoder resumes mid-chunk.
	rc.write("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
	rc.write("lo\r\n6\r\n world\r\n0\r\nX-Sum: 11\r\n\r\n")
	rc.write(get("/n/2"))
	res := rc.read("POST")
	if res.StatusCode != 200 || res.body != "hello world" || res.Header.Get("X-Trailer-Sum") != "11" {
		t.Errorf("got %d %q trailer %q", res.StatusCode, res.body, res.Header.Get("X-Trailer-Sum"))
	}
	if res := rc.read("GET"); res.body != "{\"i\":\"2\"}\n" {
		t.Errorf("next request: %q", res.body)
	}
}

func TestHeadHasNoBody(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write(get("/n/12"))
	full := rc.read("GET")
	rc.write("HEAD /n/12 HTTP/1.1\r\nHost: test\r\n\r\n" + get("/n/3"))
	head := rc.read("HEAD")
	if head.StatusCode != 200 || head.ContentLength != full.ContentLength || head.body != "" {
		t.Errorf("HEAD: %d length %d body %q; GET length %d", head.StatusCode, head.ContentLength, head.body, full.ContentLength)
	}
	// Had HEAD leaked a body, this would read it instead.
	if res := rc.read("GET"); res.body != "{\"i\":\"3\"}\n" {
		t.Errorf("after HEAD: %q", res.body)
	}
}

func TestPersistence(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})

	// HTTP/1.0 closes by default.
	rc := dial(t, addr)
	rc.write("GET /n/1 HTTP/1.0\r\n\r\n")
	if res := rc.read("GET"); res.StatusCode != 200 || !res.Close {
		t.Errorf("HTTP/1.0: %d close=%v", res.StatusCode, res.Close)
	}
	rc.expectClosed()

	// HTTP/1.0 with keep-alive stays open, and says so.
	rc = dial(t, addr)
	rc.write("GET /n/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	res := rc.read("GET")
	if res.Header.Get("Connection") != "keep-alive" {
		t.Errorf("HTTP/1.0 keep-alive answered Connection %q", res.Header.Get("Connection"))
	}
	rc.write("GET /n/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	if res := rc.read("GET"); res.body != "{\"i\":\"2\"}\n" {
		t.Errorf("second HTTP/1.0 request: %q", res.body)
	}

	// Connection: close on HTTP/1.1: answered, then closed; a request
	// pipelined after it is ignored.
	rc = dial(t, addr)
	rc.write("GET /n/1 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n" + get("/n/2"))
	if res := rc.read("GET"); !res.Close {
		t.Error("Connection: close not echoed")
	}
	rc.expectClosed()
}

func TestStreamingResponses(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write(get("/stream") + get("/big") + "GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	res := rc.read("GET")
	if res.body != "part 0\npart 1\npart 2\n" || len(res.TransferEncoding) != 1 {
		t.Errorf("stream: %q, Transfer-Encoding %v", res.body, res.TransferEncoding)
	}
	res = rc.read("GET")
	if len(res.body) != 3*bodyBufSize || len(res.TransferEncoding) != 1 {
		t.Errorf("big: %d bytes, Transfer-Encoding %v", len(res.body), res.TransferEncoding)
	}
	// HTTP/1.0 has no chunked coding: the body ends with the connection.
	res = rc.read("GET")
	if res.body != "part 0\npart 1\npart 2\n" || !res.Close {
		t.Errorf("HTTP/1.0 stream: %q close=%v", res.body, res.Close)
	}
	rc.expectClosed()
}

func TestResponseHeaderInjection(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Header().Set("X-Evil", "a\r\nSet-Cookie: stolen=1")
		w.Header().Set("X-Good", "fine")
		w.Write([]byte("ok"))
	})
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/"))
	res := rc.read("GET")
	if res.Header.Get("Set-Cookie") != "" || res.Header.Get("X-Evil") != "" || res.Header.Get("X-Good") != "fine" {
		t.Errorf("headers: %v", res.Header)
	}
}

func TestDeclaredContentLength(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "5")
		if _, err := w.Write([]byte("toolong")); !errors.Is(err, ErrContentLength) {
			panic(fmt.Sprintf("overlong write: %v", err))
		}
		w.Write([]byte("hello"))
		w.Flush()
	})
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/") + get("/"))
	for range 2 {
		if res := rc.read("GET"); res.StatusCode != 200 || res.body != "hello" || res.ContentLength != 5 {
			t.Errorf("got %d %q length %d", res.StatusCode, res.body, res.ContentLength)
		}
	}
}

// A Content-Length a handler sets that is not 1*DIGIT (RFC 9110 §8.6) is
// dropped, and the server frames the body itself: "-0" was once taken as
// a declared 0, and the body's bytes refused.
func TestInvalidDeclaredContentLength(t *testing.T) {
	for _, v := range []string{"-0", "+5", "5, 5", "0x5", "5.0"} {
		h := HandlerFunc(func(w ResponseWriter, r *Request) {
			w.Header().Set("Content-Length", v)
			if _, err := w.Write([]byte("hello")); err != nil {
				panic(fmt.Sprintf("Content-Length %q: write: %v", v, err))
			}
		})
		addr, _ := startServer(t, &Server{Handler: h})
		rc := dial(t, addr)
		rc.write(get("/"))
		if res := rc.read("GET"); res.StatusCode != 200 || res.body != "hello" {
			t.Errorf("Content-Length %q: got %d %q, want 200 \"hello\"", v, res.StatusCode, res.body)
		}
		rc.c.Close()
	}
}

// The access log has one record per request with what the issue lists.
func TestAccessLog(t *testing.T) {
	addr, logs := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write(get("/n/7?x=1"))
	rc.read("GET")
	rc.c.Close()
	pollUntil(t, "the access log record", func() bool { return strings.Contains(logs.String(), "msg=request") })
	for _, want := range []string{"method=GET", "target=\"/n/7?x=1\"", "status=200", "bytes=10", "duration=", "remote=127.0.0.1:"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("access log lacks %s:\n%s", want, logs)
		}
	}
}

var _ io.Writer = (*syncBuffer)(nil)

// A panic after the head went out must not look like a complete response.
func TestPanicMidStream(t *testing.T) {
	h := HandlerFunc(func(w ResponseWriter, r *Request) {
		w.Write([]byte("partial"))
		w.Flush()
		panic("late boom")
	})
	addr, _ := startServer(t, &Server{Handler: h})
	rc := dial(t, addr)
	rc.write(get("/"))
	res, err := http.ReadResponse(rc.br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	if err == nil {
		t.Errorf("body %q read without error; want an unexpected EOF", b)
	}
}
