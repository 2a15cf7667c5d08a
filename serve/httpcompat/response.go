package httpcompat

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
)

// sniffLen is how many bytes of the body http.DetectContentType looks at.
const sniffLen = 512

// responseWriter is an http.ResponseWriter on a serve.ResponseWriter.
//
// As in net/http, WriteHeader fixes the head: a copy of the header as it
// is then, with what later changes reach only the trailers. When that head
// has no Content-Type, net/http decides one from the first bytes of the
// body; so do these, holding the body back until sniffLen bytes of it are
// written, a Flush, a Hijack or the handler's return, when the head and
// the bytes held go to serve. A head with a Content-Type goes at the first
// Write.
type responseWriter struct {
	w        serve.ResponseWriter
	body     *body       // the request's, for Hijack; nil when it has none
	header   http.Header // the handler's
	head     http.Header // the header as WriteHeader fixed it
	status   int         // set by WriteHeader; 0 until then
	declared int64       // the head's Content-Length, or -1
	held     []byte      // body written before the head went out
	sent     bool        // the head was handed to w
	overlong bool        // a Write went past the declared length
	hijacked bool
}

var (
	_ http.ResponseWriter = (*responseWriter)(nil)
	_ http.Flusher        = (*responseWriter)(nil)
	_ http.Hijacker       = (*responseWriter)(nil)
)

func (rw *responseWriter) Header() http.Header { return rw.header }

func (rw *responseWriter) WriteHeader(status int) {
	if rw.status != 0 || rw.hijacked {
		// Only the first final status counts, and the code of a later
		// call is not even looked at, as in net/http.
		return
	}
	if status < 100 || status > 999 {
		panic("httpcompat: invalid WriteHeader code " + strconv.Itoa(status))
	}
	if status < 200 && status != http.StatusSwitchingProtocols {
		// An interim response carries the header fields set so far, and
		// they stay for the final one, as in net/http.
		dst := rw.w.Header()
		*dst = (*dst)[:0]
		copyHeader(dst, rw.header, "")
		rw.w.WriteHeader(status)
		*dst = (*dst)[:0]
		return
	}
	rw.status = status
	rw.head = rw.header.Clone()
	if rw.head == nil {
		rw.head = make(http.Header)
	}
	rw.declared = -1
	if v := rw.head.Get("Content-Length"); v != "" {
		// A length that is not plain decimal digits is dropped, as
		// net/http drops one it cannot parse (and serve one with a sign),
		// and the server frames the body itself. A valid one serve
		// enforces once the head is out; before, the bytes held are held
		// to it here.
		if n, err := httparse.ParseContentLength(v); err == nil {
			rw.declared = n
		} else {
			rw.head.Del("Content-Length")
		}
	}
}

// Write is net/http's: ErrBodyNotAllowed for a status without content,
// ErrContentLength past a declared length, ErrHijacked after Hijack.
func (rw *responseWriter) Write(p []byte) (int, error) {
	if rw.hijacked {
		return 0, http.ErrHijacked
	}
	if rw.status == 0 {
		rw.WriteHeader(http.StatusOK)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if !bodyAllowed(rw.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if rw.overlong {
		// net/http counts a refused Write as written, so every later
		// one is refused too, and the short body closes the connection.
		return 0, http.ErrContentLength
	}
	if !rw.sent {
		if rw.declared >= 0 && int64(len(rw.held)+len(p)) > rw.declared {
			rw.overlong = true
			return 0, http.ErrContentLength
		}
		if rw.sniffs() && len(rw.held)+len(p) < sniffLen {
			rw.held = append(rw.held, p...)
			return len(p), nil
		}
		if err := rw.sendHead(p); err != nil {
			return 0, err
		}
	}
	n, err := rw.w.Write(p)
	if errors.Is(err, serve.ErrContentLength) {
		rw.overlong = true
	}
	return n, fromServe(err)
}

// Flush sends what has been written so far, head included.
func (rw *responseWriter) Flush() { rw.FlushError() }

// FlushError is Flush reporting the error, which http.ResponseController
// uses.
func (rw *responseWriter) FlushError() error {
	if rw.hijacked {
		return http.ErrHijacked
	}
	if err := rw.sendHead(nil); err != nil {
		return err
	}
	return fromServe(rw.w.Flush())
}

// Hijack takes the connection over; see serve.Hijacker. A status set
// with WriteHeader (101) goes out first, with the header and any body
// written. The bytes of a buffered request body the handler has not read
// come first in the returned reader, where net/http leaves them.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if rw.hijacked {
		return nil, nil, http.ErrHijacked
	}
	hj, ok := rw.w.(serve.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	if rw.status != 0 {
		if err := rw.sendHead(nil); err != nil {
			return nil, nil, err
		}
	}
	c, brw, err := hj.Hijack()
	if err != nil {
		return nil, nil, fromServe(err)
	}
	rw.hijacked = true
	if rw.body != nil {
		if rest := rw.body.takeUnread(); len(rest) > 0 {
			brw = withPrefix(rest, c, brw)
		}
	}
	return c, brw, nil
}

// sniffs reports whether the Content-Type is still to be decided from the
// body, as net/http decides it: the head names none (a key set to nil
// asks for none), nor a Content-Encoding or Transfer-Encoding, and the
// status allows content.
func (rw *responseWriter) sniffs() bool {
	_, typed := rw.head["Content-Type"]
	return !typed && bodyAllowed(rw.status) &&
		rw.head.Get("Content-Encoding") == "" && rw.head.Get("Transfer-Encoding") == ""
}

// sendHead hands the status and head to w, once, then the bytes held.
// next is the start of the body written next, which with the bytes held
// decides a Content-Type to sniff.
func (rw *responseWriter) sendHead(next []byte) error {
	if rw.sent {
		return nil
	}
	rw.sent = true
	if rw.status == 0 {
		rw.WriteHeader(http.StatusOK)
	}
	h := rw.head
	if rw.sniffs() && len(rw.held)+len(next) > 0 {
		first := next
		if len(rw.held) > 0 {
			first = append(rw.held[:len(rw.held):len(rw.held)], next[:min(len(next), sniffLen)]...)
		}
		h.Set("Content-Type", http.DetectContentType(first))
	}
	// Framing fields a response without content cannot carry, and for
	// 304 the Content-Type, are left out as net/http leaves them out.
	switch {
	case rw.status == http.StatusNotModified:
		h.Del("Content-Type")
		fallthrough
	case !bodyAllowed(rw.status):
		h.Del("Content-Length")
		h.Del("Transfer-Encoding")
	}
	copyHeader(rw.w.Header(), h, "")
	rw.w.WriteHeader(rw.status)
	held := rw.held
	rw.held = nil
	if len(held) > 0 {
		if _, err := rw.w.Write(held); err != nil {
			return fromServe(err)
		}
	}
	return nil
}

// finish completes the response when the handler returned: the head and
// the bytes held, then the trailer values.
func (rw *responseWriter) finish() {
	if rw.hijacked {
		return
	}
	rw.sendHead(nil)
	if rw.status == http.StatusSwitchingProtocols {
		return
	}
	dst := rw.w.Header()
	var names []string
	for _, v := range rw.head["Trailer"] {
		for name := range httparse.ListMembers(v) {
			names = append(names, http.CanonicalHeaderKey(name))
		}
	}
	for name := range rw.header {
		if strings.HasPrefix(name, http.TrailerPrefix) {
			names = append(names, name[len(http.TrailerPrefix):])
		}
	}
	slices.Sort(names)
	trailers := make(http.Header, len(names))
	for _, name := range slices.Compact(names) {
		// As net/http orders them: the values set with the prefix, then
		// those of the field announced.
		trailers[name] = append(rw.header[http.TrailerPrefix+name], rw.header[name]...)
	}
	copyHeader(dst, trailers, serve.TrailerPrefix)
}

// newlineToSpace is net/http's treatment of CR and LF in a field value.
var newlineToSpace = strings.NewReplacer("\r", " ", "\n", " ")

// copyHeader adds the fields of h to dst, names prefixed with prefix,
// sorted so that the bytes on the wire do not depend on map order. Fields
// named with http.TrailerPrefix are left for the trailers. Each value is
// written as net/http writes it: CR and LF become spaces, and leading and
// trailing spaces and tabs are dropped. serve drops a field whose name or
// value is still not valid (RFC 9110 §5.5).
func copyHeader(dst *serve.Header, h http.Header, prefix string) {
	names := make([]string, 0, len(h))
	for name := range h {
		if !strings.HasPrefix(name, http.TrailerPrefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range h[name] {
			dst.Add(prefix+name, textproto.TrimString(newlineToSpace.Replace(v)))
		}
	}
}

// bodyAllowed is net/http's: no content with 1xx, 204 and 304.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// fromServe turns serve's errors into net/http's, for handlers that test
// them with errors.Is.
func fromServe(err error) error {
	switch {
	case errors.Is(err, serve.ErrContentLength):
		return http.ErrContentLength
	case errors.Is(err, serve.ErrHijacked):
		return http.ErrHijacked
	case errors.Is(err, serve.ErrBodyNotAllowed):
		return http.ErrBodyNotAllowed
	}
	return err
}
