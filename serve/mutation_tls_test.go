package serve

import (
	"crypto/tls"
	"io"
	"net/http"
	"testing"
)

// ServeTLS with no certificate files serves the certificate that
// TLSConfig provides, whichever way it provides it.
func TestServeTLSCertificateFromConfig(t *testing.T) {
	certFile, keyFile, pool := writeCert(t, t.TempDir())
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  *tls.Config
	}{
		{"Certificates", &tls.Config{Certificates: []tls.Certificate{cert}}},
		{"GetCertificate", &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return &cert, nil }}},
		{"GetConfigForClient", &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return &tls.Config{Certificates: []tls.Certificate{cert}}, nil
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := startTLS(t, &Server{Handler: testRouter(), Logger: discardLogger(), TLSConfig: tc.cfg}, "", "")
			c := &http.Client{Timeout: testTimeout, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
			defer c.CloseIdleConnections()
			resp, err := c.Get("https://" + addr + "/n/5")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("got %d %q, want 200", resp.StatusCode, b)
			}
		})
	}
}

// Bytes on the TLS port that are neither a handshake nor a plaintext
// HTTP request get no answer: the connection is closed.
func TestServeTLSOtherProtocolClosed(t *testing.T) {
	certFile, keyFile, _ := writeCert(t, t.TempDir())
	addr := startTLS(t, &Server{Handler: testRouter(), Logger: discardLogger()}, certFile, keyFile)
	rc := dial(t, addr)
	rc.write("SSH-2.0-OpenSSH_9.6\r\n")
	rc.expectClosed()
}
