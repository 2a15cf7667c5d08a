package serve

import (
	"strconv"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// This file puts a response on the wire: the head the server builds from
// what the handler set, and the body framed as the head says.

// sendHeader writes the head, and when final (the handler returned) the
// buffered body with a Content-Length.
func (w *response) sendHeader(final bool) {
	w.headerSent = true
	if w.conn.server.shuttingDown() {
		// Tell the client now rather than close under it later.
		w.closeAfter = true
	}
	status := w.status
	b := appendStatusLine(w.scratch[:0], status)

	var length int64 = -1
	switch {
	case status < 200:
		// 101: no content and no framing; the handler's Connection and
		// Upgrade fields say what follows.
	case w.declared >= 0:
		length = w.declared
	case final && !w.noBody && w.req.ProtoMinor >= 1 && w.hasTrailers():
		// Trailers need chunked coding (RFC 9112 §7.1.2).
		w.chunked = true
	case final && bodyAllowed(status) && (w.req.Method != "HEAD" || w.written > 0):
		length = w.written
	case !final && !w.noBody && w.req.ProtoMinor >= 1:
		w.chunked = true
	case !final && !w.noBody:
		// HTTP/1.0 has no chunked coding: the end of the body is the end
		// of the connection (RFC 9112 §6.3, last rule).
		w.closeAfter = true
	}
	if final && w.declared >= 0 && w.written < w.declared && !w.noBody {
		w.conn.server.logger().Warn("handler wrote less than its Content-Length",
			"declared", w.declared, "written", w.written, "target", w.req.Target)
		w.closeAfter = true
	}

	for _, f := range w.head {
		switch {
		case status == StatusSwitchingProtocols && ascii.EqualFold(f.Name, "Connection"):
			// "Connection: Upgrade" is the handler's to send.
		case serverWritten(f.Name):
			continue // written below, from what the server decided
		case isTrailerKey(f.Name):
			continue // sent after the body
		case !httparse.ValidFieldName(f.Name) || !httparse.ValidFieldValue(f.Value):
			// A CR or LF from a handler would let it split the response.
			w.conn.server.logger().Warn("handler set an invalid header field; dropped", "name", f.Name)
			continue
		}
		b = appendFieldLine(b, f.Name, f.Value)
	}
	b = append(b, "Date: "...)
	b = appendDate(b, w.conn.now())
	b = append(b, "\r\n"...)
	if length >= 0 && status != StatusNoContent {
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, length, 10)
		b = append(b, "\r\n"...)
	}
	if w.chunked {
		b = append(b, "Transfer-Encoding: chunked\r\n"...)
	}
	switch {
	case status == StatusSwitchingProtocols:
	case w.closeAfter:
		b = append(b, "Connection: close\r\n"...)
	case w.req.ProtoMinor == 0:
		b = append(b, "Connection: keep-alive\r\n"...)
	}
	b = append(b, "\r\n"...)
	w.scratch = b

	if _, err := w.conn.bufw.Write(b); err != nil {
		w.fail(err)
		return
	}
	body := w.body
	w.body = w.body[:0]
	if len(body) > 0 && !w.noBody {
		w.writeBody(body)
	}
}

// writeBody sends p after the head, framed as the head said.
func (w *response) writeBody(p []byte) {
	if w.err != nil || len(p) == 0 {
		return
	}
	bw := w.conn.bufw
	if w.chunked {
		var size [20]byte
		bw.Write(strconv.AppendInt(size[:0], int64(len(p)), 16))
		bw.WriteString("\r\n")
		bw.Write(p)
		if _, err := bw.WriteString("\r\n"); err != nil {
			w.fail(err)
			return
		}
		w.sent += int64(len(p))
		return
	}
	n, err := bw.Write(p)
	w.sent += int64(n)
	if err != nil {
		w.fail(err)
	}
}

func (w *response) fail(err error) {
	if w.err == nil {
		w.conn.server.logger().Debug("write failed", "remote", w.conn.remoteAddr, "error", err)
		w.err = ErrConnClosed
		w.closeAfter = true
	}
}

// appendStatusLine appends "HTTP/1.1 <code> <reason>\r\n". The server
// answers with its own version, 1.1, to 1.0 requests too (RFC 9110 §6.2).
// The line of a registered code is built once (statusLines), as every
// response starts with one.
func appendStatusLine(b []byte, status int) []byte {
	if i := status - minStatus; uint(i) < uint(len(statusLines)) && statusLines[i] != "" {
		return append(b, statusLines[i]...)
	}
	return buildStatusLine(b, status)
}

// minStatus and statusLines: the status line of each registered code from
// 100 to 599, by code - minStatus ("" for the codes not registered).
const minStatus = 100

var statusLines = func() (t [600 - minStatus]string) {
	for code := range statusText {
		t[code-minStatus] = string(buildStatusLine(nil, code))
	}
	return t
}()

// buildStatusLine is appendStatusLine without the table.
func buildStatusLine(b []byte, status int) []byte {
	b = append(b, "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = append(b, StatusText(status)...)
	return append(b, "\r\n"...)
}

// appendFieldLine appends a field line, name ": " value CRLF (RFC 9112
// §5), of a head, an interim response or a trailer section.
func appendFieldLine(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, "\r\n"...)
}

// serverWritten reports whether the field named name is one the server
// writes itself, from what it decided (the framing, the date and whether
// the connection persists), so that a handler's copy of it is not sent.
func serverWritten(name string) bool {
	switch len(name) {
	case len("Date"):
		return ascii.EqualFold(name, "Date")
	case len("Connection"):
		return ascii.EqualFold(name, "Connection")
	}
	return ascii.EqualFold(name, "Content-Length") || ascii.EqualFold(name, "Transfer-Encoding")
}
