package httpcompat

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
	"github.com/google/go-cmp/cmp"
)

// start runs h through Handler on a serve.Server on a loopback port and
// returns its base URL; the server is shut down when the test ends.
func start(t *testing.T, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &serve.Server{Handler: Handler(h), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		<-done
	})
	return "http://" + l.Addr().String()
}

func newClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableCompression: true}}
}

// TestServeMux runs an ordinary http.ServeMux unchanged and checks what a
// Go client sees.
func TestServeMux(t *testing.T) {
	type seen struct {
		Method, Path, Query, Host, Body, ContentType string
		RemoteAddrSet                                bool
	}
	got := make(chan seen, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.Path, r.URL.Query().Get("q"), r.Host, string(body), r.Header.Get("Content-Type"), r.RemoteAddr != ""}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":%q}`, r.PathValue("id"))
	})
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<!doctype html><p>hello</p>")
	})
	mux.HandleFunc("GET /empty", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	base := start(t, mux)
	c := newClient()

	resp, err := c.Post(base+"/items/42?q=milk", "text/plain", strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 || string(body) != `{"id":"42"}` {
		t.Errorf("POST: %d %q, want 201 {\"id\":\"42\"}", resp.StatusCode, body)
	}
	if diff := cmp.Diff([]string{"a", "b"}, resp.Header.Values("X-Multi")); diff != "" {
		t.Errorf("X-Multi (-want +got):\n%s", diff)
	}
	if resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Date") == "" || resp.ContentLength != int64(len(body)) {
		t.Errorf("headers: %v, ContentLength %d", resp.Header, resp.ContentLength)
	}
	host := strings.TrimPrefix(base, "http://")
	want := seen{"POST", "/items/42", "milk", host, "payload", "text/plain", true}
	if diff := cmp.Diff(want, <-got); diff != "" {
		t.Errorf("handler saw (-want +got):\n%s", diff)
	}

	resp, err = c.Get(base + "/page")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/html; charset=utf-8" {
		t.Errorf("GET /page: %d, sniffed Content-Type %q", resp.StatusCode, ct)
	}

	resp, err = c.Head(base + "/page")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != int64(len("<!doctype html><p>hello</p>")) {
		t.Errorf("HEAD /page: %d, Content-Length %d", resp.StatusCode, resp.ContentLength)
	}

	resp, err = c.Get(base + "/empty")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Content-Type") != "" {
		t.Errorf("GET /empty: %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	resp, err = c.Get(base + "/nowhere")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || string(body) != "404 page not found\n" {
		t.Errorf("GET /nowhere: %d %q, want ServeMux's 404", resp.StatusCode, body)
	}
}

// TestFlush checks that Flush puts bytes on the wire while the handler is
// still running: the handler waits for the client to have read the first
// line before it writes the second.
func TestFlush(t *testing.T) {
	clientHasFirst := make(chan struct{})
	handlerErr := make(chan error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "first\n")
		w.(http.Flusher).Flush()
		select {
		case <-clientHasFirst:
		case <-time.After(5 * time.Second):
			handlerErr <- errors.New("the client never saw the flushed line")
			return
		}
		io.WriteString(w, "second\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			handlerErr <- fmt.Errorf("ResponseController.Flush: %w", err)
			return
		}
		io.WriteString(w, "third\n")
		handlerErr <- nil
	})
	base := start(t, mux)

	resp, err := newClient().Get(base + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
		t.Fatalf("status %d, Transfer-Encoding %v; want a chunked 200", resp.StatusCode, resp.TransferEncoding)
	}
	br := bufio.NewReader(resp.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	close(clientHasFirst)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "second\nthird\n" {
		t.Errorf("rest %q, %v", rest, err)
	}
	if err := <-handlerErr; err != nil {
		t.Error(err)
	}
}

// TestLargeBody writes more than the server buffers, without Flush.
func TestLargeBody(t *testing.T) {
	chunk := strings.Repeat("0123456789abcdef", 64) // 1 KiB
	mux := http.NewServeMux()
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		for range 100 {
			io.WriteString(w, chunk)
		}
	})
	resp, err := newClient().Get(start(t, mux) + "/big")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(body) != strings.Repeat(chunk, 100) {
		t.Errorf("body of %d bytes (want %d), %v", len(body), 100*len(chunk), err)
	}
}

// TestInvalidContentLength: a Content-Length the handler sets that is not
// 1*DIGIT (RFC 9110 §8.6) is dropped and the body framed by the server, as
// net/http drops one it cannot parse; "-0" and "+5", which net/http's
// number parser takes, are dropped too rather than sent as they are.
func TestInvalidContentLength(t *testing.T) {
	for _, v := range []string{"-0", "+5", "5, 5", "x"} {
		base := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", v)
			io.WriteString(w, "hello")
		}))
		resp, err := newClient().Get(base + "/")
		if err != nil {
			t.Fatalf("Content-Length %q: %v", v, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || string(body) != "hello" {
			t.Errorf("Content-Length %q: body %q, %v; want \"hello\"", v, body, err)
		}
	}
}

// TestResponseControllerDeadlines pins down what the package
// documentation says is not supported, so that it stays true.
func TestResponseControllerDeadlines(t *testing.T) {
	errs := make(chan []error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		errs <- []error{rc.SetReadDeadline(time.Now()), rc.SetWriteDeadline(time.Now()), rc.EnableFullDuplex()}
		io.WriteString(w, "ok")
	})
	resp, err := newClient().Get(start(t, mux) + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	for i, err := range <-errs {
		if !errors.Is(err, http.ErrNotSupported) {
			t.Errorf("ResponseController call %d: %v, want http.ErrNotSupported", i, err)
		}
	}
}
