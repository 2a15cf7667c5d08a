package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"time"
)

// This file serves HTTP/1.1 over TLS (RFC 9110 §4.2.2, "https").

// ListenAndServeTLS listens on the TCP address s.Addr and calls ServeTLS.
func (s *Server) ListenAndServeTLS(certFile, keyFile string) error {
	if s.shuttingDown() {
		return ErrServerClosed
	}
	addr := s.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.ServeTLS(l, certFile, keyFile)
}

// ServeTLS is Serve for TLS connections: certFile and keyFile are a
// PEM certificate chain and its private key, which may be left empty when
// s.TLSConfig has Certificates or GetCertificate. ALPN offers only
// "http/1.1": this server does not speak HTTP/2. The handshake is bounded
// by ReadHeaderTimeout, counted from the accept, like the first request's
// head; a client that sends a plaintext HTTP request instead of a
// handshake is answered 400 in plaintext, saying so, and closed.
func (s *Server) ServeTLS(l net.Listener, certFile, keyFile string) error {
	cfg := &tls.Config{}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if certFile != "" || keyFile != "" || len(cfg.Certificates) == 0 && cfg.GetCertificate == nil && cfg.GetConfigForClient == nil {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return err
		}
		cfg.Certificates = append(cfg.Certificates, cert)
	}
	cfg.NextProtos = slices.DeleteFunc(cfg.NextProtos, func(p string) bool { return p != "http/1.1" })
	if len(cfg.NextProtos) == 0 {
		cfg.NextProtos = []string{"http/1.1"}
	}
	return s.serve(l, cfg)
}

// handshake completes the TLS handshake of a new connection within the
// head timeout. It reports false, having answered what it could, when the
// connection is to close.
func (c *conn) handshake(tc *tls.Conn) bool {
	deadline := c.accepted.Add(c.server.readHeaderTimeout())
	tc.SetDeadline(deadline)
	ctx, cancel := context.WithDeadline(c.server.baseCtx, deadline)
	err := tc.HandshakeContext(ctx)
	cancel()
	if err != nil {
		var re tls.RecordHeaderError
		if errors.As(err, &re) && re.Conn != nil && looksLikeHTTP(re.RecordHeader[:]) {
			// A plaintext request on the TLS port: say so in a language
			// the client reads, on the raw connection.
			method := ""
			if isHead(re.RecordHeader[:]) {
				method = "HEAD"
			}
			b, _ := appendErrorResponse(nil, method, StatusBadRequest,
				errorBody{Error: "client sent an HTTP request to an HTTPS server"}, "")
			re.Conn.SetWriteDeadline(time.Now().Add(time.Second))
			re.Conn.Write(b)
			lingeringClose(re.Conn)
		}
		c.server.logger().Info("TLS handshake failed", "remote", c.remoteAddr, "error", err.Error())
		return false
	}
	st := tc.ConnectionState()
	c.req.TLS = &st
	tc.SetDeadline(time.Time{})
	return true
}

// looksLikeHTTP reports whether the first five bytes read as a TLS record
// header are the start of a plaintext request.
func looksLikeHTTP(b []byte) bool {
	for _, m := range [...]string{"GET /", "HEAD ", "POST ", "PUT /", "OPTIO", "DELET", "PATCH", "CONNE", "TRACE"} {
		if string(b) == m {
			return true
		}
	}
	return false
}
