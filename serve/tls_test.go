package serve

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeCert writes a self-signed certificate for 127.0.0.1 and its key
// into dir and returns their paths and the pool that trusts it.
func writeCert(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "serve test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// startTLS serves s with ServeTLS on a loopback port.
func startTLS(t *testing.T, s *Server, certFile, keyFile string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.ServeTLS(l, certFile, keyFile) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; !errors.Is(err, ErrServerClosed) {
			t.Errorf("ServeTLS returned %v", err)
		}
	})
	return l.Addr().String()
}

// HTTP/1.1 over TLS: a Go client that offers h2 and http/1.1 gets
// http/1.1, and the handler sees the connection state.
func TestServeTLS(t *testing.T) {
	certFile, keyFile, pool := writeCert(t, t.TempDir())
	rt := NewRouter()
	rt.HandleFunc("GET", "/tls", func(w ResponseWriter, r *Request) {
		if r.TLS == nil || !r.TLS.HandshakeComplete {
			Error(w, StatusInternalServerError, "no TLS state")
			return
		}
		io.WriteString(w, r.TLS.NegotiatedProtocol)
	})
	addr := startTLS(t, &Server{Handler: rt, Logger: discardLogger()}, certFile, keyFile)
	c := &http.Client{Timeout: testTimeout, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool},
		ForceAttemptHTTP2: true,
	}}
	for range 2 { // the second on the same connection
		resp, err := c.Get("https://" + addr + "/tls")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ProtoMajor != 1 || string(b) != "http/1.1" {
			t.Errorf("got %s %d %q, want HTTP/1.1 200 http/1.1", resp.Proto, resp.StatusCode, b)
		}
	}
}

// A plaintext request on the TLS port is told what went wrong, in
// plaintext, as every error response is (Date, no content for HEAD), and
// closed; a client that never completes a handshake is
// cut off at ReadHeaderTimeout.
func TestServeTLSPlaintextAndSlowHandshake(t *testing.T) {
	certFile, keyFile, _ := writeCert(t, t.TempDir())
	addr := startTLS(t, &Server{Handler: testRouter(), Logger: discardLogger(), ReadHeaderTimeout: 300 * time.Millisecond},
		certFile, keyFile)

	// Every response carries Date, and the answer to HEAD has no content
	// (RFC 9110 §6.6.1, §9.3.2).
	for _, method := range []string{"GET", "HEAD"} {
		rc := dial(t, addr)
		rc.write(method + " /n/1 HTTP/1.1\r\nHost: test\r\n\r\n")
		res := rc.read(method)
		want := "HTTP request to an HTTPS server"
		if method == "HEAD" {
			want = ""
		}
		if res.StatusCode != StatusBadRequest || !strings.Contains(res.body, want) || (want == "") != (res.body == "") ||
			res.Header.Get("Date") == "" || res.ContentLength <= 0 {
			t.Errorf("plaintext %s: %d %q, Date %q, Content-Length %d", method, res.StatusCode, res.body, res.Header.Get("Date"), res.ContentLength)
		}
		rc.expectClosed()
	}

	slow := dial(t, addr)
	slow.write("\x16\x03\x01") // the start of a record header, then nothing
	start := time.Now()
	if b, err := io.ReadAll(slow.c); len(b) != 0 || err != nil && !isConnReset(err) {
		t.Errorf("slow handshake: read %q %v, want a close", b, err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("slow handshake cut off after %v", waited)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// cutConn passes writes to the connection under it, but once cut is set
// it drops each write's last three bytes.
type cutConn struct {
	net.Conn
	cut bool
}

func (c *cutConn) Write(p []byte) (int, error) {
	if c.cut {
		_, err := c.Conn.Write(p[:len(p)-3])
		return len(p), err
	}
	return c.Conn.Write(p)
}

// A body cut inside a TLS record (crypto/tls reads io.ErrUnexpectedEOF,
// not io.EOF) is a cut body like any other: 400 saying where it stopped,
// whether it is read before the handler or streamed to it.
func TestServeTLSBodyCutInsideRecord(t *testing.T) {
	certFile, keyFile, _ := writeCert(t, t.TempDir())
	const head = "POST /read HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n"
	rt := NewRouter()
	rt.HandleFunc("POST", "/read", func(w ResponseWriter, r *Request) {
		if _, err := r.ReadBody(); err == nil {
			io.WriteString(w, "read")
		}
	})
	for _, maxBuffered := range []int64{0, -1} {
		addr := startTLS(t, &Server{Handler: rt, Logger: discardLogger(), MaxBufferedBody: maxBuffered},
			certFile, keyFile)
		raw, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		raw.SetDeadline(time.Now().Add(testTimeout))
		cc := &cutConn{Conn: raw}
		tc := tls.Client(cc, &tls.Config{InsecureSkipVerify: true})
		if _, err := io.WriteString(tc, head); err != nil {
			t.Fatal(err)
		}
		cc.cut = true
		io.WriteString(tc, "0123") // a record the server never gets whole
		raw.(*net.TCPConn).CloseWrite()
		res, err := http.ReadResponse(bufio.NewReader(tc), nil)
		if err != nil {
			t.Fatalf("MaxBufferedBody %d: %v", maxBuffered, err)
		}
		b, _ := io.ReadAll(res.Body)
		want := `{"error":"request body ended after 0 of 10 bytes","rule":"RFC 9112 §8","offset":` + strconv.Itoa(len(head)) + "}\n"
		if res.StatusCode != StatusBadRequest || string(b) != want {
			t.Errorf("MaxBufferedBody %d: %d %q, want 400 %q", maxBuffered, res.StatusCode, b, want)
		}
	}
}

// delayedConn holds its first write (the ClientHello) back for delay: a
// client slow to start the TLS handshake.
type delayedConn struct {
	net.Conn
	delay time.Duration
	done  bool
}

func (c *delayedConn) Write(p []byte) (int, error) {
	if !c.done {
		c.done = true
		time.Sleep(c.delay)
	}
	return c.Conn.Write(p)
}

// ReadHeaderTimeout counts the first request's wait from the accept, the
// TLS handshake included: a client that takes most of it to shake hands
// and then sends nothing is closed when it ends, not a whole timeout after
// the handshake.
func TestServeTLSFirstRequestFromAccept(t *testing.T) {
	certFile, keyFile, _ := writeCert(t, t.TempDir())
	const timeout = time.Second
	addr := startTLS(t, &Server{Handler: testRouter(), Logger: discardLogger(), ReadHeaderTimeout: timeout}, certFile, keyFile)
	start := time.Now()
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	c := tls.Client(&delayedConn{Conn: raw, delay: 900 * time.Millisecond}, &tls.Config{InsecureSkipVerify: true})
	if err := c.Handshake(); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	c.SetReadDeadline(time.Now().Add(testTimeout))
	b, err := io.ReadAll(c)
	// Closed at about 1 s; a wait restarted after the handshake ends at
	// about 1.9 s.
	if waited := time.Since(start); len(b) != 0 || waited > timeout*3/2 {
		t.Errorf("silent connection closed after %v with %q (%v), want about %v from the accept", waited, b, err, timeout)
	}
}
