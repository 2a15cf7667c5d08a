package serve_test

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
	"github.com/ae7539e0/httparse/serve/httpcompat"
	"github.com/ae7539e0/httparse/serve/todo"
	"github.com/ae7539e0/httparse/serve/web"
)

// TestHeadHasNoContent sends every kind of response the server can make
// once to GET and once to HEAD, each on a server of its own, and checks
// RFC 9110 §9.3.2 and RFC 9112 §6.3: the same status and header fields,
// no content for HEAD (a Content-Length, when there is one, says what GET
// got), the connection framed right afterwards (a GET pipelined after a
// HEAD that keeps the connection is answered; one that closes sends
// nothing more), and an access log that counts the content bytes actually
// sent.
func TestHeadHasNoContent(t *testing.T) {
	const h = "Host: h.example\r\n"
	tests := []struct {
		name   string
		server func(t *testing.T) *headServer // nil: the default one
		// req is the request with M for the method.
		req    string
		status int
		// partial: the head is not finished, so the request times out.
		partial bool
	}{
		// Requests the parser rejects, one per status it gives.
		{name: "400 parser", req: "M /hello?name=%zz HTTP/1.1\r\n" + h + "\r\n", status: 400},
		{name: "413 Content-Length", req: "M /hello HTTP/1.1\r\n" + h + "Content-Length: 2000000\r\n\r\n", status: 413},
		{name: "413 chunked", req: "M /hello HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n200000\r\n", status: 413},
		{name: "414", req: "M /" + strings.Repeat("a", 9000) + " HTTP/1.1\r\n" + h + "\r\n", status: 414},
		{name: "431", req: "M / HTTP/1.1\r\n" + h + strings.Repeat("X-A: 1\r\n", 200) + "\r\n", status: 431},
		{name: "501 coding", req: "M / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip, chunked\r\n\r\n", status: 501},
		{name: "505", req: "M / HTTP/2.0\r\n" + h + "\r\n", status: 505},
		// Requests the server gives up on or turns away.
		{name: "408", req: "M /hello HTTP/1.1\r\n" + h, partial: true, status: 408,
			server: func(t *testing.T) *headServer {
				return startHeadServer(t, func(s *serve.Server) { s.ReadHeaderTimeout = 300 * time.Millisecond })
			}},
		{name: "417", req: "M /hello HTTP/1.1\r\n" + h + "Expect: x-unknown\r\n\r\n", status: 417},
		{name: "503 queue full", req: "M /hello HTTP/1.1\r\n" + h + "\r\n", status: 503, server: busyServer},
		{name: "503 over MaxConns", req: "M /hello HTTP/1.1\r\n" + h + "\r\n", status: 503, server: fullServer},
		// The router.
		{name: "404 router", req: "M /nope HTTP/1.1\r\n" + h + "\r\n", status: 404},
		{name: "405 router", req: "M /only-post HTTP/1.1\r\n" + h + "\r\n", status: 405},
		// Handlers: the to-do API, a panic, a body past the buffer.
		{name: "200 handler", req: "M /hello?name=Ada HTTP/1.1\r\n" + h + "\r\n", status: 200},
		{name: "400 handler", req: "M /todos?limit=x HTTP/1.1\r\n" + h + "\r\n", status: 400},
		{name: "404 handler", req: "M /todos/999 HTTP/1.1\r\n" + h + "\r\n", status: 404},
		{name: "500 panic", req: "M /panic HTTP/1.1\r\n" + h + "\r\n", status: 500},
		{name: "200 streamed", req: "M /big HTTP/1.1\r\n" + h + "\r\n", status: 200},
		// The page.
		{name: "200 page", req: "M / HTTP/1.1\r\n" + h + "\r\n", status: 200},
		{name: "200 page absolute-form", req: "M http://h.example HTTP/1.1\r\n" + h + "\r\n", status: 200},
		{name: "304 page", req: "M /static/style.css HTTP/1.1\r\n" + h + "If-None-Match: *\r\n\r\n", status: 304},
		{name: "400 page", req: "M /static/%2E%2E/x HTTP/1.1\r\n" + h + "\r\n", status: 400},
		{name: "404 page", req: "M /static/nope.css HTTP/1.1\r\n" + h + "\r\n", status: 404},
		// net/http handlers through httpcompat.
		{name: "200 httpcompat", req: "M /compat/hello HTTP/1.1\r\n" + h + "\r\n", status: 200},
		{name: "404 httpcompat", req: "M /compat/nope HTTP/1.1\r\n" + h + "\r\n", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := tc.server
			if start == nil {
				start = func(t *testing.T) *headServer { return startHeadServer(t, nil) }
			}

			// GET first, on a server of its own so that its log is its own.
			gs := start(t)
			gc := gs.dial(t)
			gc.write(t, strings.Replace(tc.req, "M", "GET", 1))
			get := gc.read(t, "GET")
			if get.StatusCode != tc.status {
				t.Fatalf("GET: status %d, want %d; body %q", get.StatusCode, tc.status, get.body)
			}
			if got := gs.loggedBytes(t, gc); got != len(get.body) {
				t.Errorf("GET: access log says bytes=%d; %d were sent", got, len(get.body))
			}

			hs := start(t)
			hc := hs.dial(t)
			head := strings.Replace(tc.req, "M", "HEAD", 1)
			if !get.Close && !tc.partial {
				// The connection stays open: a GET right behind the HEAD
				// must be answered as itself.
				head += "GET /healthz HTTP/1.1\r\n" + h + "\r\n"
			}
			hc.write(t, head)
			res := hc.read(t, "HEAD")
			if res.StatusCode != get.StatusCode {
				t.Errorf("HEAD: status %d, GET got %d", res.StatusCode, get.StatusCode)
			}
			if d := diffHeaders(get.Header, res.Header); d != "" {
				t.Errorf("HEAD and GET header fields differ: %s", d)
			}
			if res.ContentLength >= 0 && res.ContentLength != int64(len(get.body)) {
				t.Errorf("HEAD: Content-Length %d, but GET got %d bytes", res.ContentLength, len(get.body))
			}
			if cl := get.Header.Get("Content-Length"); cl != "" && res.Header.Get("Content-Length") == "" {
				t.Errorf("HEAD: no Content-Length; GET had %s", cl)
			}
			if res.Close != get.Close {
				t.Errorf("HEAD: Close %v, GET %v", res.Close, get.Close)
			}
			if get.Close {
				// Anything after the head would be content.
				if rest, _ := io.ReadAll(hc.br); len(rest) > 0 {
					t.Errorf("HEAD: %d bytes after the head: %q", len(rest), trim(rest))
				}
			} else {
				next := hc.read(t, "GET")
				if next.StatusCode != 200 || next.body != `{"status":"ok"}`+"\n" {
					t.Errorf("GET after HEAD: %d %q; the HEAD response left bytes behind", next.StatusCode, trim([]byte(next.body)))
				}
			}
			if got := hs.loggedBytes(t, hc); got != 0 {
				t.Errorf("HEAD: access log says bytes=%d; none were sent", got)
			}
		})
	}
}

// headServer is a server with every producer of responses mounted: the
// to-do API on a memory store, the page, httpcompat under /compat/, and
// test routes.
type headServer struct {
	srv  *serve.Server
	addr string
	logs *lockedBuffer
}

func startHeadServer(t *testing.T, configure func(*serve.Server)) *headServer {
	t.Helper()
	rt := serve.NewRouter()
	todo.New(todo.NewMemoryStore(), slog.New(slog.DiscardHandler)).Register(rt)
	web.Mount(rt)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /compat/hello", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello from net/http\n")
	})
	rt.Handle("GET", "/compat/{rest...}", httpcompat.Handler(mux))
	rt.HandleFunc("POST", "/only-post", func(w serve.ResponseWriter, r *serve.Request) {})
	rt.HandleFunc("GET", "/panic", func(w serve.ResponseWriter, r *serve.Request) { panic("boom") })
	rt.HandleFunc("GET", "/big", func(w serve.ResponseWriter, r *serve.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 4 {
			w.Write(bytes.Repeat([]byte("x"), 8<<10))
		}
	})
	hs := &headServer{logs: &lockedBuffer{}}
	hs.srv = &serve.Server{
		Handler: rt,
		Limits:  httparse.Limits{MaxBodyBytes: 1 << 20},
		Logger:  slog.New(slog.NewTextHandler(hs.logs, nil)),
	}
	if configure != nil {
		configure(hs.srv)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs.addr = l.Addr().String()
	done := make(chan error, 1)
	go func() { done <- hs.srv.Serve(l) }()
	t.Cleanup(func() {
		hs.srv.Close()
		<-done
		if t.Failed() {
			t.Logf("server log:\n%s", hs.logs)
		}
	})
	return hs
}

// busyServer is a server whose only worker is taken and which queues
// nothing, so the next request is answered 503.
func busyServer(t *testing.T) *headServer {
	started, release := make(chan struct{}), make(chan struct{})
	hs := startHeadServer(t, func(s *serve.Server) {
		s.Workers, s.QueueDepth = 1, -1
		rt := s.Handler.(*serve.Router)
		rt.HandleFunc("GET", "/block", func(w serve.ResponseWriter, r *serve.Request) {
			close(started)
			<-release
		})
	})
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	c := hs.dial(t)
	c.write(t, "GET /block HTTP/1.1\r\nHost: h.example\r\n\r\n")
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the blocking handler did not start")
	}
	return hs
}

// fullServer is a server at its MaxConns, so the next connection is
// answered 503.
func fullServer(t *testing.T) *headServer {
	hs := startHeadServer(t, func(s *serve.Server) { s.MaxConns = 1 })
	c := hs.dial(t)
	c.write(t, "GET /healthz HTTP/1.1\r\nHost: h.example\r\n\r\n")
	c.read(t, "GET") // the server has the connection now
	return hs
}

// loggedBytes waits for the record the server logged for the connection
// and returns its bytes attribute.
func (hs *headServer) loggedBytes(t *testing.T, c *headConn) int {
	t.Helper()
	re := regexp.MustCompile(`remote=` + regexp.QuoteMeta(c.c.LocalAddr().String()) + `(\s|$)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, line := range strings.Split(hs.logs.String(), "\n") {
			// Records of answers have bytes; "handler panic" has not.
			m := bytesAttr.FindStringSubmatch(line)
			if m == nil || !re.MatchString(line) {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log record for %s:\n%s", c.c.LocalAddr(), hs.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var bytesAttr = regexp.MustCompile(` bytes=(\d+)`)

// headConn is a client connection that writes raw bytes and reads
// responses with net/http's parser.
type headConn struct {
	c  net.Conn
	br *bufio.Reader
}

func (hs *headServer) dial(t *testing.T) *headConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", hs.addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { c.Close() })
	return &headConn{c: c, br: bufio.NewReader(c)}
}

func (c *headConn) write(t *testing.T, s string) {
	t.Helper()
	if _, err := io.WriteString(c.c, s); err != nil {
		t.Fatal(err)
	}
}

type headResponse struct {
	*http.Response
	body string
}

func (c *headConn) read(t *testing.T, method string) headResponse {
	t.Helper()
	res, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("reading the response to %s: %v", method, err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return headResponse{res, string(b)}
}

// diffHeaders compares the fields of a GET and a HEAD response but for
// Date and for the framing ones, which the caller checks.
func diffHeaders(get, head http.Header) string {
	var d []string
	skip := map[string]bool{"Date": true, "Content-Length": true, "Transfer-Encoding": true}
	for name := range get {
		if !skip[name] && strings.Join(get[name], ", ") != strings.Join(head[name], ", ") {
			d = append(d, name+": GET "+strings.Join(get[name], ", ")+", HEAD "+strings.Join(head[name], ", "))
		}
	}
	for name := range head {
		if _, ok := get[name]; !ok && !skip[name] {
			d = append(d, name+" only in HEAD")
		}
	}
	return strings.Join(d, "; ")
}

func trim(b []byte) []byte {
	if len(b) > 80 {
		return b[:80]
	}
	return b
}

// lockedBuffer is a bytes.Buffer the server's goroutines may log into
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
