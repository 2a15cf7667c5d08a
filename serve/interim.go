package serve

import (
	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// This file sends interim responses (RFC 9110 §15.2): those a handler asks
// for with WriteHeader(1xx), and the 100 (Continue) a streamed body owes
// the client before it sends the body.

// writeInterim sends an interim response with the header fields set so
// far, at once. HTTP/1.0 clients get none (RFC 9110 §15.2), nor does one
// after the final head.
func (w *response) writeInterim(status int) {
	if w.headerSent || w.err != nil || w.req.ProtoMinor == 0 {
		return
	}
	if status == StatusContinue {
		if w.continued {
			return
		}
		w.continued = true
		w.conn.rb.needContinue = false
	}
	b := appendStatusLine(w.scratch[:0], status)
	for _, f := range w.header {
		switch {
		case serverWritten(f.Name), isTrailerKey(f.Name),
			!httparse.ValidFieldName(f.Name), !httparse.ValidFieldValue(f.Value):
			continue
		}
		b = appendFieldLine(b, f.Name, f.Value)
	}
	b = append(b, "\r\n"...)
	w.scratch = b
	if _, err := w.conn.bufw.Write(b); err != nil {
		w.fail(err)
		return
	}
	if err := w.conn.bufw.Flush(); err != nil {
		w.fail(err)
	}
}

// writeContinue sends 100 (Continue), for the first read of a streamed
// body whose client waits for it. A handler that reads the body wants it,
// even when it fixed its status before (WriteHeader, or a Write held in
// the body buffer): the 100 still goes first. Once the final head is out
// (in conn.bufw), no 100 may follow it; the read flushes the head and the
// client learns the answer instead.
func (w *response) writeContinue() error {
	if w.continued || w.headerSent {
		return nil
	}
	w.conn.setWriteDeadline(w.conn.now().Add(w.conn.server.writeTimeout()))
	w.continued = true
	w.conn.bufw.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
	return w.conn.bufw.Flush()
}

// TrailerPrefix starts the name of a header field that a handler sets for
// the trailer section rather than the head: "Trailer:Digest" is sent as
// the trailer field Digest after the body. A response with trailers, or a
// Trailer field announcing some, goes out with chunked coding to an
// HTTP/1.1 client unless the handler set Content-Length; a response that
// is not chunked drops them (RFC 9112 §7.1.2). A field that may not be a
// trailer (httparse.ValidTrailerField: framing, routing, request
// modifiers, authentication, content handling; RFC 9110 §6.5.1) is never
// sent as one, nor are Date, Keep-Alive and Upgrade.
const TrailerPrefix = "Trailer:"

func isTrailerKey(name string) bool {
	return len(name) > len(TrailerPrefix) && ascii.EqualFold(name[:len(TrailerPrefix)], TrailerPrefix)
}

// hasTrailers reports whether the handler set trailer fields (which it
// may do until it returns) or announced some in the head.
func (w *response) hasTrailers() bool {
	for _, f := range w.header {
		if isTrailerKey(f.Name) {
			return true
		}
	}
	for _, f := range w.head {
		if ascii.EqualFold(f.Name, "Trailer") {
			return true
		}
	}
	return false
}

// writeLastChunk ends a chunked body: the last chunk, the trailer section
// and the final CRLF.
func (w *response) writeLastChunk() {
	b := append(w.scratch[:0], "0\r\n"...)
	for _, f := range w.header {
		if !isTrailerKey(f.Name) {
			continue
		}
		name := f.Name[len(TrailerPrefix):]
		if !httparse.ValidTrailerField(name) || !httparse.ValidFieldValue(f.Value) || responseOnlyTrailer(name) {
			w.conn.server.logger().Warn("handler set an invalid trailer field; dropped", "name", name)
			continue
		}
		b = appendFieldLine(b, name, f.Value)
	}
	b = append(b, "\r\n"...)
	w.scratch = b
	if _, err := w.conn.bufw.Write(b); err != nil {
		w.fail(err)
	}
}

// responseOnlyTrailer reports the fields that, beyond what
// httparse.ValidTrailerField refuses, a response's trailers must not carry:
// Date is the server's, and Keep-Alive and Upgrade are connection-specific
// (RFC 9110 §6.5.1, §7.6.1).
func responseOnlyTrailer(name string) bool {
	return ascii.EqualFold(name, "Date") || ascii.EqualFold(name, "Keep-Alive") || ascii.EqualFold(name, "Upgrade")
}
