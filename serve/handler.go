package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"

	"github.com/ae7539e0/httparse"
)

// A Handler responds to an HTTP request.
//
// ServeHTTP writes the response headers and body to w and returns when it is
// done. The Request, its strings and its Body are valid only until ServeHTTP
// returns: they alias the connection's read buffer, which the next request
// reuses. Call r.Clone to keep a copy.
//
// A handler that panics is answered 500 (if it wrote nothing yet, and
// else its response ends short), logged with its stack, and its
// connection is closed; the server lives on. A panic with ErrAbortHandler
// differs as its doc says.
type Handler interface {
	ServeHTTP(w ResponseWriter, r *Request)
}

// ErrAbortHandler is a panic value that aborts a handler's response, as
// net/http's of the same name does: what the handler wrote is not sent, or
// when part of it is out already it ends short (no last chunk, or fewer
// bytes than its Content-Length), the connection closes, and the server
// logs the request without a stack. Any other panic gets a 500 when
// nothing was sent yet, and its stack in the log. httpcompat turns
// net/http's ErrAbortHandler into this one.
var ErrAbortHandler = errors.New("serve: abort Handler")

// HandlerFunc adapts an ordinary function to a Handler.
type HandlerFunc func(w ResponseWriter, r *Request)

// ServeHTTP calls f(w, r).
func (f HandlerFunc) ServeHTTP(w ResponseWriter, r *Request) { f(w, r) }

// Request is a parsed request as a Handler sees it: the httparse.Request
// (Method, Target, Path, RawQuery, Header, Body, ...) plus what the server
// and the Router know about it.
type Request struct {
	httparse.Request

	// RemoteAddr is the client's address, "IP:port".
	RemoteAddr string

	// TLS describes the TLS connection the request came on, after its
	// handshake; nil for plain HTTP. It is shared by the connection's
	// requests: do not modify it.
	TLS *tls.ConnectionState

	// Params holds the values of the {name} segments of the Router pattern
	// that matched, percent-decoded, in pattern order. Read them with Param.
	Params []Param

	ctx  context.Context // set by WithContext
	conn *conn           // the connection the request came on; nil for a Clone
	body *requestBody    // the body stream, when the body streams
	// bodyGen is body's generation when this request's body began to
	// stream: its readers read only while body is still at it.
	bodyGen uint64
	query   httparse.Values // Query's pairs, in a slice the connection's requests reuse
}

// Param is one path parameter: the name from the pattern and the value
// taken from the request path.
type Param struct {
	Name, Value string
}

// LocalAddr returns the server's address on the connection the request
// came on (the listener's, or the address a client dialed when the
// listener accepts on several), or nil for a Request the server did not
// read (a Clone).
func (r *Request) LocalAddr() net.Addr {
	if r.conn == nil {
		return nil
	}
	return r.conn.rwc.LocalAddr()
}

// Param returns the value of the path parameter name, or "" when the
// matched pattern has no such parameter.
func (r *Request) Param(name string) string {
	for _, p := range r.Params {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// Query decodes r.RawQuery as httparse.ParseQuery does (pairs in order,
// duplicates kept, "+" as SP; a malformed "%" is a 400 *httparse.Error),
// into a slice the connection reuses from request to request: a query with
// nothing to decode costs no allocation. Like the Request, the Values are
// valid only until the handler returns, and each call decodes into the same
// slice again, overwriting what an earlier call returned. Like net/http's
// ParseForm it stores into r, so it is not safe to call from several
// goroutines at once. It is nil when the query holds no pair.
func (r *Request) Query() (httparse.Values, error) {
	q, err := httparse.AppendQuery(r.query[:0], r.RawQuery)
	if err != nil {
		return nil, err
	}
	r.query = q
	if len(q) == 0 {
		return nil, nil
	}
	return q, nil
}

// Context returns the request's context, never nil. It is canceled when
// the client closes its side of the connection while the handler runs
// (noticed once the body has been read, by a read in the background, as
// net/http does), when the response's WriteTimeout passes (its Deadline),
// when the server is closed (Server.Close, or Server.Shutdown giving up on
// its deadline), and when the handler returns; once canceled it stays so,
// and a context kept past the handler (by a goroutine it started) is never
// the next request's. A handler that does not call Context costs nothing
// for it; one that does costs one small allocation, and until Done is
// called Err alone compares the deadline and the server's state.
func (r *Request) Context() context.Context {
	switch {
	case r.ctx != nil:
		return r.ctx
	case r.conn != nil && r.conn.ctx != nil:
		x := r.conn.ctx
		if !x.shared.Load() {
			x.shared.Store(true)
		}
		return x
	}
	return context.Background()
}

// WithContext returns a shallow copy of r with its context set to ctx,
// which must not be nil.
func (r *Request) WithContext(ctx context.Context) *Request {
	if ctx == nil {
		panic("serve: nil context")
	}
	r2 := *r
	r2.ctx = ctx
	r2.query = nil // Query on the copy does not overwrite r's Values
	return &r2
}

// Clone returns a deep copy of r whose fields stay valid after the handler
// returns: the parsed request shares no memory with the connection's
// buffer, and a body read before the handler (Body) is copied. A body that
// streams is the exception: it is shared, as net/http's Clone shares Body,
// so the clone's BodyReader reads the same stream, and like r's only while
// the handler runs (then ErrBodyReadAfterHandler).
func (r *Request) Clone() *Request {
	r2 := &Request{RemoteAddr: r.RemoteAddr, TLS: r.TLS, ctx: r.ctx}
	if r2.ctx == nil && r.conn != nil {
		r2.ctx = r.conn.server.baseCtx
	}
	r2.Request = *r.Request.Clone()
	// A body still streaming is shared, as net/http's Clone shares Body:
	// read through either, while the handler runs.
	r2.body, r2.bodyGen = r.body, r.bodyGen
	for _, p := range r.Params {
		r2.Params = append(r2.Params, Param{strings.Clone(p.Name), strings.Clone(p.Value)})
	}
	return r2
}
