// Package httpcompat runs handlers written for net/http on a serve.Server.
//
// It is a package of its own so that serve itself never links net/http.
// The request a handler sees is the one nethttp.ToHTTP builds, which is
// what http.ReadRequest gives for the same bytes; the response goes through
// serve's ResponseWriter, which decides framing (Content-Length or chunked),
// Date and Connection as it does for every handler.
//
// What works as in net/http, each held by a test of this package:
//   - status codes, header fields, Content-Type sniffing (from the first
//     Write) when the handler sets none, a declared Content-Length, HEAD
//     (TestServeMux, TestChiMatchesNetHTTP);
//   - request bodies of any size up to the server's Limits.MaxBodyBytes,
//     read from r.Body while they arrive when larger than the server's
//     MaxBufferedBody, with 100 (Continue) sent at the first read
//     (TestStreamedUpload, TestChiMatchesNetHTTP with 50 MiB uploads);
//   - streaming responses with http.Flusher and http.ResponseController's
//     Flush, Server-Sent Events among them (TestFlush,
//     TestChiMatchesNetHTTP);
//   - http.Hijacker and http.ResponseController's Hijack, so WebSocket
//     libraries and other protocol switches work; the reader returned
//     holds every byte read past the request (TestWebSocketEcho,
//     TestWebSocketFirstFrameInUpgradeWrite);
//   - 1xx responses written with WriteHeader, 103 Early Hints among them,
//     and trailers declared with the Trailer field or set with
//     http.TrailerPrefix on chunked responses (TestInterimAndTrailers);
//   - the request's context, canceled when the client goes away while the
//     handler runs, at the server's WriteTimeout, when the server closes,
//     and when the handler returns (TestContextCanceledWhenClientLeaves);
//   - RemoteAddr, and TLS with serve.Server.ServeTLS (r.TLS is set).
//
// What differs:
//   - HTTP/2 is out of scope: the server speaks HTTP/1.1 only, and offers
//     only http/1.1 in TLS's ALPN.
//   - http.ResponseController's SetReadDeadline, SetWriteDeadline and
//     EnableFullDuplex return an error matching http.ErrNotSupported; the
//     server's ReadTimeout and WriteTimeout bound each request instead
//     (TestResponseControllerDeadlines).
//   - A body that breaks a limit or a rule while the handler reads it
//     makes Read return the *httparse.Error (413 past MaxBodyBytes), not
//     an *http.MaxBytesError, and the server answers it at once when the
//     handler had not started its response (serve's
//     TestStreamedBodyTooLarge).
//   - A body up to the server's MaxBufferedBody is read whole before the
//     handler starts, so for it reading r.Body never blocks, and the
//     request context cannot notice the client leaving while that body
//     arrives.
//   - A handler that panics with http.ErrAbortHandler has its response cut
//     off and the connection closed, with no stack logged
//     (TestAbortHandler); any other panic gets a 500 when nothing was sent
//     yet (net/http sends nothing) and a logged stack, as on serve.
//   - The server answers requests the parser rejects itself, with a JSON
//     body naming the rule, before any handler runs.
package httpcompat

import (
	"bufio"
	"io"
	"net"
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
		hr, err := toHTTP(r)
		if err != nil {
			// Only for the few requests net/http cannot represent (see
			// ToHTTP); the parser accepted the bytes, so this is 400 for
			// a request the handler could not have understood.
			serve.Error(w, serve.StatusBadRequest, "request cannot be represented for the handler")
			return
		}
		hr.RemoteAddr = r.RemoteAddr
		hr.TLS = r.TLS
		hr = hr.WithContext(r.Context())
		rw := &responseWriter{w: w, header: make(http.Header)}
		defer func() {
			// net/http's sentinel becomes serve's: the response is cut
			// off and no stack is logged. Any other panic goes on as it
			// was, to be answered 500 and logged with its stack (taken
			// while this function is still on it).
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					p = serve.ErrAbortHandler
				}
				panic(p)
			}
		}()
		h.ServeHTTP(rw, hr)
		if rw.hijacked {
			return
		}
		rw.commit(nil)
		rw.sendTrailers()
	})
}

// toHTTP builds the *http.Request for r, with a Body that streams when
// r's does.
func toHTTP(r *serve.Request) (*http.Request, error) {
	if r.Body != nil || r.ContentLength <= 0 && !r.Chunked {
		return nethttp.ToHTTP(&r.Request)
	}
	// A streamed body: ToHTTP builds the rest from the head alone.
	head := r.Request
	head.ContentLength = 0
	hr, err := nethttp.ToHTTP(&head)
	if err != nil {
		return nil, err
	}
	hr.ContentLength = -1
	if !r.Chunked {
		hr.ContentLength = r.ContentLength
	}
	hr.Body = &body{r: r.BodyReader(), sr: r, hr: hr}
	return hr, nil
}

// body is the Body of a request whose body streams. At its end it fills
// in the trailer values, as net/http does.
type body struct {
	r      io.Reader
	sr     *serve.Request
	hr     *http.Request
	closed bool
}

func (b *body) Read(p []byte) (int, error) {
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	n, err := b.r.Read(p)
	if err == io.EOF && len(b.sr.Trailer) > 0 {
		if b.hr.Trailer == nil {
			b.hr.Trailer = make(http.Header)
		}
		for _, f := range b.sr.Trailer {
			k := http.CanonicalHeaderKey(f.Name)
			if _, announced := b.hr.Trailer[k]; announced {
				b.hr.Trailer[k] = append(b.hr.Trailer[k], f.Value)
			} else {
				b.hr.Trailer[k] = []string{f.Value}
			}
		}
	}
	return n, err
}

// Close ends reading; the server drains or closes what is left, as
// net/http does.
func (b *body) Close() error {
	b.closed = true
	return nil
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
	hijacked  bool
}

var (
	_ http.ResponseWriter = (*responseWriter)(nil)
	_ http.Flusher        = (*responseWriter)(nil)
	_ http.Hijacker       = (*responseWriter)(nil)
)

func (rw *responseWriter) Header() http.Header { return rw.header }

func (rw *responseWriter) WriteHeader(status int) {
	if status < 100 || status > 999 {
		panic("httpcompat: invalid WriteHeader code " + strconv.Itoa(status))
	}
	if rw.status != 0 || rw.committed {
		return // only the first final status counts
	}
	if status < 200 && status != http.StatusSwitchingProtocols {
		// An interim response carries the header fields set so far, and
		// they stay for the final one, as in net/http.
		dst := rw.w.Header()
		*dst = (*dst)[:0]
		rw.copyHeader(dst)
		rw.w.WriteHeader(status)
		*dst = (*dst)[:0]
		return
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

// Hijack takes the connection over; see serve.Hijacker. A status set
// with WriteHeader (101) goes out first, with the header.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := rw.w.(serve.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	if rw.status != 0 {
		rw.commit(nil)
	}
	c, brw, err := hj.Hijack()
	if err == nil {
		rw.hijacked = true
	}
	return c, brw, err
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
	rw.copyHeader(rw.w.Header())
	rw.w.WriteHeader(rw.status)
}

// copyHeader adds the handler's header fields to dst, sorted so that the
// bytes on the wire do not depend on map order. Trailer values set before
// the head go later, with sendTrailers.
func (rw *responseWriter) copyHeader(dst *serve.Header) {
	names := make([]string, 0, len(rw.header))
	for name := range rw.header {
		if !strings.HasPrefix(name, http.TrailerPrefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range rw.header[name] {
			dst.Add(name, v)
		}
	}
}

// sendTrailers hands serve the trailer values when the handler returned:
// those of the fields the Trailer field announced, and those set with
// http.TrailerPrefix.
func (rw *responseWriter) sendTrailers() {
	dst := rw.w.Header()
	var names []string
	for _, v := range rw.header["Trailer"] {
		for name := range strings.SplitSeq(v, ",") {
			if name = http.CanonicalHeaderKey(strings.TrimSpace(name)); name != "" {
				names = append(names, name)
			}
		}
	}
	for name := range rw.header {
		if strings.HasPrefix(name, http.TrailerPrefix) {
			names = append(names, name[len(http.TrailerPrefix):])
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	for _, name := range names {
		for _, v := range rw.header[name] {
			dst.Add(serve.TrailerPrefix+name, v)
		}
		for _, v := range rw.header[http.TrailerPrefix+name] {
			dst.Add(serve.TrailerPrefix+name, v)
		}
	}
}
