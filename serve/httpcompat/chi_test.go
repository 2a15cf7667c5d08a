package httpcompat

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
	"github.com/coder/websocket"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/google/go-cmp/cmp"
)

// chiApp is an ordinary net/http program on chi: middleware, path
// parameters, a streamed upload, Server-Sent Events and a WebSocket echo.
// Nothing in it knows which server runs it.
func chiApp() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.StripSlashes, middleware.GetHead, middleware.SetHeader("X-App", "compat"))
	r.Use(middleware.Compress(5, "text/plain"))
	r.Get("/hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "hello %s\n%s", chi.URLParam(r, "name"), strings.Repeat("la ", 100))
	})
	r.Group(func(r chi.Router) {
		r.Use(middleware.RequestSize(64 << 20))
		r.Post("/upload", func(w http.ResponseWriter, r *http.Request) {
			h := sha256.New()
			n, err := io.Copy(h, r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"bytes":%d,"sha256":%q,"length":%d}`, n, hex.EncodeToString(h.Sum(nil)), r.ContentLength)
		})
	})
	r.Get("/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		for i := range 3 {
			fmt.Fprintf(w, "id: %d\ndata: tick %d\n\n", i, i)
			w.(http.Flusher).Flush()
		}
	})
	r.Get("/ws", wsEcho(nil))
	r.Get("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"q":"`+r.URL.Query().Get("q")+`"}`)
	})
	return r
}

// exchange is what a client saw of one request, without what differs by
// nature between two servers (Date).
type exchange struct {
	Status  int
	Header  map[string]string
	Body    string
	Chunked bool
}

// compared lists the response fields the two servers must agree on.
var compared = []string{"Content-Type", "Content-Encoding", "Content-Length", "X-App", "Allow", "Cache-Control", "Vary", "X-Content-Type-Options"}

func do(t *testing.T, c *http.Client, req *http.Request) exchange {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: body: %v", req.Method, req.URL.Path, err)
	}
	x := exchange{Status: resp.StatusCode, Header: map[string]string{}, Body: string(b),
		Chunked: len(resp.TransferEncoding) > 0}
	for _, k := range compared {
		if v := resp.Header.Values(k); len(v) > 0 {
			x.Header[k] = strings.Join(v, ", ")
		}
	}
	return x
}

// TestChiMatchesNetHTTP runs the same unmodified chi program on serve
// through Handler and on net/http's server, and compares every response:
// status, the header fields that are the program's, framing and body.
func TestChiMatchesNetHTTP(t *testing.T) {
	ref := httptest.NewServer(chiApp())
	defer ref.Close()
	// The server's own limit is above the middleware's, which is the one
	// the program means; at or under it the server answers its own 413
	// (serve's TestStreamedBodyTooLarge).
	base := startServer(t, &serve.Server{Handler: Handler(chiApp()),
		Limits: httparse.Limits{MaxBodyBytes: 128 << 20}})
	c := newClient()

	const upload = 50 << 20
	requests := []func(base string) *http.Request{
		func(b string) *http.Request {
			r, _ := http.NewRequest("GET", b+"/hello/ada", nil)
			return r
		},
		func(b string) *http.Request {
			r, _ := http.NewRequest("GET", b+"/hello/ada/", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			return r
		},
		func(b string) *http.Request {
			r, _ := http.NewRequest("HEAD", b+"/hello/ada", nil)
			return r
		},
		func(b string) *http.Request {
			r, _ := http.NewRequest("GET", b+"/json?q=x", nil)
			return r
		},
		func(b string) *http.Request {
			r, _ := http.NewRequest("DELETE", b+"/json", nil)
			return r
		},
		func(b string) *http.Request {
			r, _ := http.NewRequest("GET", b+"/nowhere", nil)
			return r
		},
		func(b string) *http.Request {
			r, _ := http.NewRequest("GET", b+"/events", nil)
			return r
		},
		func(b string) *http.Request {
			// 50 MiB with a Content-Length, written as the client goes.
			r, _ := http.NewRequest("POST", b+"/upload", io.LimitReader(zeros{}, upload))
			r.ContentLength = upload
			return r
		},
		func(b string) *http.Request {
			// 50 MiB chunked, its length unknown to the client.
			r, _ := http.NewRequest("POST", b+"/upload", io.MultiReader(io.LimitReader(zeros{}, upload)))
			r.ContentLength = -1
			return r
		},
		func(b string) *http.Request {
			// Over the middleware's limit: its MaxBytesReader stops it.
			r, _ := http.NewRequest("POST", b+"/upload", io.LimitReader(zeros{}, 65<<20))
			r.ContentLength = -1
			return r
		},
	}
	for _, mk := range requests {
		want := do(t, c, mk(ref.URL))
		req := mk(base)
		got := do(t, c, req)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s %s: serve differs from net/http (-net/http +serve):\n%s", req.Method, req.URL.RequestURI(), diff)
		}
	}

	// The WebSocket echo, on both.
	for _, b := range []string{ref.URL, base} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(b, "http")+"/ws", nil)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		for _, m := range []string{"one", "two"} {
			ws.Write(ctx, websocket.MessageText, []byte(m))
			if _, got, err := ws.Read(ctx); err != nil || string(got) != m {
				t.Errorf("%s: echo of %q: %q %v", b, m, got, err)
			}
		}
		if err := ws.Close(websocket.StatusNormalClosure, ""); err != nil {
			t.Errorf("%s: close: %v", b, err)
		}
		cancel()
	}

	// Server-Sent Events arrive one by one, not at the end.
	resp, err := c.Get(base + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "id: 0\n" {
		t.Errorf("first event line %q %v", line, err)
	}
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
