// Package httpcompat runs handlers written for net/http on a serve.Server.
//
// It is a package of its own so that serve itself never links net/http.
// The request a handler sees is the one nethttp.ToHTTP builds, which is
// what http.ReadRequest gives for the same bytes; the response goes through
// serve's ResponseWriter, which decides framing (Content-Length or chunked),
// Date and Connection as it does for every handler.
//
// What works as in net/http: status codes from 200 up, header fields,
// Content-Type sniffing (from the first Write) when the handler sets none,
// a declared Content-Length, streaming with http.Flusher (and
// http.ResponseController's Flush), HEAD, the request's context (canceled
// when the server closes) and RemoteAddr.
//
// What does not:
//   - 1xx responses written by the handler are dropped; the server sends
//     100 Continue itself before reading a body that expects it.
//   - Trailers (the Trailer field and http.TrailerPrefix) are not sent.
//   - http.Hijacker is not implemented, so WebSocket upgrades and other
//     protocol switches are out; http.ResponseController's Hijack,
//     SetReadDeadline and SetWriteDeadline return an error matching
//     http.ErrNotSupported. serve.Server's WriteTimeout bounds each
//     response instead.
//   - The body has been read whole before the handler starts (serve reads
//     it within its Limits), so reading r.Body never blocks.
package httpcompat

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ae7539e0/httparse/nethttp"
	"github.com/ae7539e0/httparse/serve"
)

// Handler returns a serve.Handler that runs h for every request.
func Handler(h http.Handler) serve.Handler {
	return serve.HandlerFunc(func(w serve.ResponseWriter, r *serve.Request) {
		hr, err := nethttp.ToHTTP(&r.Request)
		if err != nil {
			// Only for the few requests net/http cannot represent (see
			// ToHTTP); the parser accepted the bytes, so this is 400 for
			// a request the handler could not have understood.
			serve.Error(w, serve.StatusBadRequest, "request cannot be represented for the handler")
			return
		}
		hr.RemoteAddr = r.RemoteAddr
		hr = hr.WithContext(r.Context())
		rw := &responseWriter{w: w, header: make(http.Header)}
		h.ServeHTTP(rw, hr)
		rw.commit(nil)
	})
}

// responseWriter is an http.ResponseWriter on a serve.ResponseWriter.
//
// The status and header are held back until the first Write, Flush or the
// end of the handler, because net/http lets the first bytes written decide
// the Content-Type, and serve fixes the header when it gets the status.
type responseWriter struct {
	w         serve.ResponseWriter
	header    http.Header
	status    int  // set by WriteHeader; 0 until then
	committed bool // status and header handed to w
}

var (
	_ http.ResponseWriter = (*responseWriter)(nil)
	_ http.Flusher        = (*responseWriter)(nil)
)

func (rw *responseWriter) Header() http.Header { return rw.header }

func (rw *responseWriter) WriteHeader(status int) {
	if status < 100 || status > 999 {
		panic("httpcompat: invalid WriteHeader code " + strconv.Itoa(status))
	}
	if rw.status != 0 || status < 200 {
		return // only the first final status counts; 1xx are dropped
	}
	rw.status = status
}

func (rw *responseWriter) Write(p []byte) (int, error) {
	rw.commit(p)
	return rw.w.Write(p)
}

// Flush sends what has been written so far, head included.
func (rw *responseWriter) Flush() { rw.FlushError() }

// FlushError is Flush reporting the error, which http.ResponseController
// uses.
func (rw *responseWriter) FlushError() error {
	rw.commit(nil)
	return rw.w.Flush()
}

// commit hands the status and header to w, once. first is the start of
// the body, for sniffing the Content-Type as net/http does when the
// handler set none (and did not set the key to nil to ask for none).
func (rw *responseWriter) commit(first []byte) {
	if rw.committed {
		return
	}
	rw.committed = true
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	if _, set := rw.header["Content-Type"]; !set && len(first) > 0 &&
		rw.status != http.StatusNoContent && rw.status != http.StatusNotModified &&
		rw.header.Get("Content-Encoding") == "" {
		rw.header.Set("Content-Type", http.DetectContentType(first))
	}

	// Sorted, so that the bytes on the wire do not depend on map order.
	dst := rw.w.Header()
	names := make([]string, 0, len(rw.header))
	for name := range rw.header {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == "Trailer" || strings.HasPrefix(name, http.TrailerPrefix) {
			continue // trailers are not sent; see the package documentation
		}
		for _, v := range rw.header[name] {
			dst.Add(name, v)
		}
	}
	rw.w.WriteHeader(rw.status)
}
