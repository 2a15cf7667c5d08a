package httpcompat

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
)

// startServer is start with the serve.Server given.
func startServer(t *testing.T, srv *serve.Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if srv.Logger == nil {
		srv.Logger = slog.New(slog.DiscardHandler)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return "http://" + l.Addr().String()
}

// 103 Early Hints reaches the client before the final response with the
// fields set so far; trailers announced with the Trailer field and set
// with http.TrailerPrefix arrive after a chunked body.
func TestInterimAndTrailers(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Link", "</style.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("Trailer", "X-Sum")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "ok")
		w.Header().Set("X-Sum", "2")
		w.Header().Set(http.TrailerPrefix+"X-Late", "yes")
	})
	var interim []string
	var hints textproto.MIMEHeader
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		interim = append(interim, fmt.Sprint(code))
		hints = h
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", start(t, mux)+"/", nil)
	resp, err := newClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Join(interim, ",") != "103" || hints.Get("Link") != "</style.css>; rel=preload; as=style" {
		t.Errorf("interim responses %v with %v, want one 103 with the Link", interim, hints)
	}
	if resp.StatusCode != http.StatusAccepted || string(body) != "ok" {
		t.Errorf("final %d %q, want 202 ok", resp.StatusCode, body)
	}
	if resp.Trailer.Get("X-Sum") != "2" || resp.Trailer.Get("X-Late") != "yes" {
		t.Errorf("trailers %v, want X-Sum: 2 and X-Late: yes", resp.Trailer)
	}
}

// A body larger than the server's MaxBufferedBody reaches the handler
// through r.Body while it arrives: the handler answers with a 100
// (Continue) the client waited for, and reads a body that the client
// writes only after the handler has read its first part.
func TestStreamedUpload(t *testing.T) {
	firstRead := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /up", func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		buf := make([]byte, 1000)
		n, err := io.ReadFull(r.Body, buf)
		h.Write(buf[:n])
		close(firstRead)
		m, err2 := io.Copy(h, r.Body)
		if err != nil || err2 != nil {
			http.Error(w, fmt.Sprint(err, err2), 500)
			return
		}
		fmt.Fprintf(w, "%d %s %d", int64(n)+m, hex.EncodeToString(h.Sum(nil)), r.ContentLength)
	})
	base := startServer(t, &serve.Server{Handler: Handler(mux), MaxBufferedBody: 1 << 10,
		Limits: httparse.Limits{MaxBodyBytes: 8 << 20}})
	pr, pw := io.Pipe()
	const size = 4 << 20
	go func() {
		pw.Write(make([]byte, 1000))
		<-firstRead
		pw.Write(make([]byte, size-1000))
		pw.Close()
	}()
	req, _ := http.NewRequest("PUT", base+"/up", pr)
	req.ContentLength = size
	req.Header.Set("Expect", "100-continue")
	resp, err := newClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := sha256.Sum256(make([]byte, size))
	if string(body) != fmt.Sprintf("%d %x %d", size, want, size) {
		t.Errorf("got %d %q", resp.StatusCode, body)
	}
}

// The request's context is canceled when the client closes the
// connection while the handler runs.
func TestContextCanceledWhenClientLeaves(t *testing.T) {
	started, canceled := make(chan struct{}), make(chan error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /wait", func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		close(started)
		select {
		case <-r.Context().Done():
			canceled <- r.Context().Err()
		case <-time.After(10 * time.Second):
			canceled <- nil
		}
	})
	base := startServer(t, &serve.Server{Handler: Handler(mux)})
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "POST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
	<-started
	c.Close()
	if err := <-canceled; err != context.Canceled {
		t.Errorf("context error %v, want context.Canceled", err)
	}
}

// The request's context ends at the server's WriteTimeout.
func TestContextDeadline(t *testing.T) {
	got := make(chan error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		got <- r.Context().Err()
	})
	base := startServer(t, &serve.Server{Handler: Handler(mux), WriteTimeout: 100 * time.Millisecond})
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	select {
	case err := <-got:
		if err != context.DeadlineExceeded {
			t.Errorf("context error %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("context not done after the write timeout")
	}
}

// The reader Hijack returns holds what the client sent after the request
// head in the same write, and the connection is the handler's.
func TestHijackKeepsBufferedBytes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tunnel", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "Upgrade")
		w.Header().Set("Upgrade", "echo")
		w.WriteHeader(http.StatusSwitchingProtocols)
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		go func() {
			defer c.Close()
			line, _ := brw.ReadString('\n')
			brw.WriteString("echo: " + line)
			brw.Flush()
		}()
	})
	base := startServer(t, &serve.Server{Handler: Handler(mux)})
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /tunnel HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nGET / HTTP/1.1 is not parsed\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 101 || resp.Header.Get("Upgrade") != "echo" || resp.Header.Get("Connection") != "Upgrade" {
		t.Errorf("got %d %v", resp.StatusCode, resp.Header)
	}
	rest, _ := io.ReadAll(br)
	if string(rest) != "echo: GET / HTTP/1.1 is not parsed\n" {
		t.Errorf("after the switch got %q", rest)
	}
}
