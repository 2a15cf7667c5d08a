package serve

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// listening waits until s has a listener and returns its address, failing
// when ListenAndServe or ListenAndServeTLS returned on done first.
func listening(t *testing.T, s *Server, done <-chan error) net.Addr {
	t.Helper()
	deadline := time.After(testTimeout)
	for {
		s.mu.Lock()
		for l := range s.listeners {
			addr := (*l).Addr()
			s.mu.Unlock()
			return addr
		}
		s.mu.Unlock()
		select {
		case err := <-done:
			t.Fatalf("returned %v before serving", err)
		case <-deadline:
			t.Fatal("no listener")
		case <-time.After(time.Millisecond):
		}
	}
}

// serveUntilClosed runs listenAndServe, which s must serve, and returns
// its listener's address; cleanup closes s and checks that it returned
// ErrServerClosed.
func serveUntilClosed(t *testing.T, s *Server, listenAndServe func() error) net.Addr {
	t.Helper()
	s.Logger = discardLogger()
	s.init() // before listening reads s.listeners
	done := make(chan error, 1)
	go func() { done <- listenAndServe() }()
	addr := listening(t, s, done)
	t.Cleanup(func() {
		s.Close()
		if err := wait(t, done, "the server's return"); !errors.Is(err, ErrServerClosed) {
			t.Errorf("returned %v after Close, want ErrServerClosed", err)
		}
	})
	return addr
}

// ListenAndServe listens on Addr as given and serves there until Close.
func TestListenAndServeOnAddr(t *testing.T) {
	s := &Server{Addr: "127.0.0.2:0", Handler: testRouter()}
	addr := serveUntilClosed(t, s, s.ListenAndServe)
	if ip := addr.(*net.TCPAddr).IP; !ip.Equal(net.IPv4(127, 0, 0, 2)) {
		t.Fatalf("listening on %v, want 127.0.0.2", addr)
	}
	rc := dial(t, addr.String())
	rc.write(get("/n/5"))
	if res := rc.read("GET"); res.StatusCode != 200 || res.body != `{"i":"5"}`+"\n" {
		t.Errorf("got %d %q, want 200 {\"i\":\"5\"}", res.StatusCode, res.body)
	}
}

// ListenAndServe and ListenAndServeTLS return the error of a listen that
// failed.
func TestListenErrors(t *testing.T) {
	certFile, keyFile, _ := writeCert(t, t.TempDir())
	for _, tc := range []struct {
		name string
		run  func(*Server) error
	}{
		{"ListenAndServe", (*Server).ListenAndServe},
		{"ListenAndServeTLS", func(s *Server) error { return s.ListenAndServeTLS(certFile, keyFile) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Server{Addr: "127.0.0.1:no-such-port", Handler: testRouter(), Logger: discardLogger()}
			defer s.Close()
			done := make(chan error, 1)
			go func() { done <- tc.run(s) }()
			var opErr *net.OpError
			if err := wait(t, done, "the listen error"); !errors.As(err, &opErr) || opErr.Op != "listen" {
				t.Errorf("returned %v, want the listen error", err)
			}
		})
	}
}

// ListenAndServeTLS listens on Addr as given; of the protocols TLSConfig
// offers, ALPN keeps "http/1.1" alone, so a client that prefers h2 gets
// http/1.1.
func TestListenAndServeTLSOnAddr(t *testing.T) {
	certFile, keyFile, pool := writeCert(t, t.TempDir())
	s := &Server{Addr: "127.0.0.2:0", Handler: testRouter(), TLSConfig: &tls.Config{NextProtos: []string{"h2", "http/1.1"}}}
	addr := serveUntilClosed(t, s, func() error { return s.ListenAndServeTLS(certFile, keyFile) })
	if ip := addr.(*net.TCPAddr).IP; !ip.Equal(net.IPv4(127, 0, 0, 2)) {
		t.Fatalf("listening on %v, want 127.0.0.2", addr)
	}
	d := &net.Dialer{Timeout: testTimeout}
	c, err := tls.DialWithDialer(d, "tcp", addr.String(), &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", NextProtos: []string{"h2", "http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testTimeout))
	if p := c.ConnectionState().NegotiatedProtocol; p != "http/1.1" {
		t.Fatalf("negotiated %q, want http/1.1", p)
	}
	if _, err := io.WriteString(c, get("/n/6")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != `{"i":"6"}`+"\n" {
		t.Errorf("got %d %q, want 200 {\"i\":\"6\"}", res.StatusCode, b)
	}
}
