package serve

import (
	"context"
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
// A handler that panics is answered 500 (if it wrote nothing yet), logged
// with its stack, and its connection is closed; the server lives on.
type Handler interface {
	ServeHTTP(w ResponseWriter, r *Request)
}

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

	// Params holds the values of the {name} segments of the Router pattern
	// that matched, percent-decoded, in pattern order. Read them with Param.
	Params []Param

	ctx context.Context
}

// Param is one path parameter: the name from the pattern and the value
// taken from the request path.
type Param struct {
	Name, Value string
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

// Context returns the request's context. It is canceled when the server is
// closed (Server.Close, or Server.Shutdown giving up on its deadline), so
// that long handlers can stop. It is never nil.
func (r *Request) Context() context.Context {
	if r.ctx == nil {
		return context.Background()
	}
	return r.ctx
}

// WithContext returns a shallow copy of r with its context set to ctx,
// which must not be nil.
func (r *Request) WithContext(ctx context.Context) *Request {
	if ctx == nil {
		panic("serve: nil context")
	}
	r2 := *r
	r2.ctx = ctx
	return &r2
}

// Clone returns a deep copy of r that stays valid after the handler
// returns: the parsed request shares no memory with the connection's buffer.
func (r *Request) Clone() *Request {
	r2 := &Request{RemoteAddr: r.RemoteAddr, ctx: r.ctx}
	r2.Request = *r.Request.Clone()
	for _, p := range r.Params {
		r2.Params = append(r2.Params, Param{strings.Clone(p.Name), strings.Clone(p.Value)})
	}
	return r2
}
