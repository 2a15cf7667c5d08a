package serve

import (
	"strings"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// Router dispatches requests by method and path pattern.
//
// A pattern is a path of "/"-separated segments. A segment "{name}" matches
// any one non-empty segment and binds it to name; a last segment
// "{name...}" matches the rest of the path, slashes included, possibly
// empty. Other segments match literally. The request path (RawPath) is
// split at "/" first and each segment percent-decoded after, with
// httparse.PathUnescape, so every spelling of a segment matches alike
// ("/tod%6Fs" is "/todos", RFC 3986 §6.2.2.2) while "%2F" stays data
// inside its segment ("/todos%2F1" is one segment, "todos/1", RFC 3986
// §2.2). Literal segments of a pattern are decoded the same way, and may
// not decode to one that starts with "{" or ends with "}".
// Parameter values are decoded; a {name...} value decodes "%2F" to "/"
// like the rest. A trailing slash is significant: "/todos" and "/todos/"
// are different paths.
//
//	GET /todos/{id}       matches /todos/7, /tod%6Fs/7, /todos/a%20b (id "a b")
//	                      not /todos, /todos/, /todos/7/x, /todos%2F7
//	GET /static/{file...} matches /static/, /static/css/site.css
//
// When several patterns match, the one registered first wins.
//
// Methods are case-sensitive tokens (RFC 9110 §9.1). The Router implements
// the methods some pattern is registered for, plus HEAD and OPTIONS; any
// other method, "get" included, is answered 501 without Allow whatever the
// path, since no resource here supports it (RFC 9110 §15.6.2). For a path
// that matches some pattern but not with the request's method, the Router
// answers 405 with an Allow field listing the methods that would work; for
// a path no pattern matches, 404. It answers OPTIONS by itself (204 with
// Allow; it knows no entity tags, so it judges no If-Match or
// If-None-Match) unless a handler is registered for OPTIONS, and serves HEAD with
// the GET handler when there is no HEAD handler (the server then drops the
// body). Error answers are JSON, written with Error.
//
// Register every route before the server starts; Handle is not safe to call
// concurrently with ServeHTTP.
type Router struct {
	// NotFound answers requests no pattern matches. When nil, the Router
	// answers 404 {"error":"not found"}.
	NotFound Handler

	routes []route
	// methods lists the methods the Router implements, in the order they
	// were first registered, HEAD after GET and OPTIONS last; allow is the
	// same as an Allow field value.
	methods []string
	allow   string
}

// route is one registered pattern.
type route struct {
	method   string
	pattern  string
	segments []string // literal segments decoded, or "{name}" / "{name...}"
	h        Handler
}

// NewRouter returns an empty Router.
func NewRouter() *Router { return &Router{} }

// Handle registers h for requests with the given method whose path matches
// pattern. It panics on a malformed pattern, or when a pattern that
// matches the same paths (the same one, another spelling of a literal,
// other parameter names) is registered twice for a method, since both are
// programming errors.
func (rt *Router) Handle(method, pattern string, h Handler) {
	if method == "" || h == nil {
		panic("serve: Handle needs a method and a handler")
	}
	segs, err := splitPattern(pattern)
	if err != "" {
		panic("serve: pattern " + pattern + ": " + err)
	}
	for _, r := range rt.routes {
		if r.method == method && samePattern(r.segments, segs) {
			panic("serve: " + method + " " + pattern + " registered twice (as " + r.pattern + ")")
		}
	}
	rt.routes = append(rt.routes, route{method: method, pattern: pattern, segments: segs, h: h})
	rt.methods = rt.methods[:0]
	for _, r := range rt.routes {
		rt.methods = appendMethod(rt.methods, r.method)
		if r.method == "GET" {
			rt.methods = appendMethod(rt.methods, "HEAD")
		}
	}
	rt.methods = appendMethod(rt.methods, "HEAD")
	rt.methods = appendMethod(rt.methods, "OPTIONS")
	rt.allow = strings.Join(rt.methods, ", ")
}

// implements reports whether some route, or the Router itself, handles
// method.
func (rt *Router) implements(method string) bool {
	for _, m := range rt.methods {
		if m == method {
			return true
		}
	}
	return method == "HEAD" || method == "OPTIONS"
}

// HandleFunc registers the function f as in Handle.
func (rt *Router) HandleFunc(method, pattern string, f func(ResponseWriter, *Request)) {
	rt.Handle(method, pattern, HandlerFunc(f))
}

// splitPattern checks pattern and returns its segments, or a description
// of what is wrong with it.
func splitPattern(pattern string) ([]string, string) {
	if !strings.HasPrefix(pattern, "/") {
		return nil, "must start with /"
	}
	segs := strings.Split(pattern[1:], "/")
	names := map[string]bool{}
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			if strings.ContainsAny(s, "{}") {
				return nil, "braces are allowed only around a whole segment"
			}
			dec, err := httparse.PathUnescape(s)
			if err != nil {
				return nil, err.Error()
			}
			if strings.HasPrefix(dec, "{") || strings.HasSuffix(dec, "}") {
				// Decoded, it would read as a parameter.
				return nil, "a literal segment may not decode to one that starts with { or ends with }"
			}
			segs[i] = dec
			continue
		}
		if !strings.HasSuffix(s, "}") {
			return nil, "unclosed {"
		}
		name, rest := strings.CutSuffix(s[1:len(s)-1], "...")
		if rest && i != len(segs)-1 {
			return nil, "{name...} must be the last segment"
		}
		if name == "" || strings.ContainsAny(name, "{}") {
			return nil, "bad parameter name"
		}
		if names[name] {
			return nil, "parameter " + name + " appears twice"
		}
		names[name] = true
	}
	return segs, ""
}

// ServeHTTP dispatches r to the handler of the first matching route.
func (rt *Router) ServeHTTP(w ResponseWriter, r *Request) {
	if !rt.implements(r.Method) {
		notImplemented(w, r.Method, rt.methods)
		return
	}
	path := r.RawPath
	if path == "" {
		path = r.Path // a Request built by hand
	}
	var allow []string
	var head *route // a GET route that can serve HEAD
	for i := range rt.routes {
		rte := &rt.routes[i]
		if !rte.match(path) {
			continue
		}
		if rte.method == r.Method {
			r.Params = rte.params(path, r.Params[:0])
			rte.h.ServeHTTP(w, r)
			return
		}
		if r.Method == "HEAD" && rte.method == "GET" && head == nil {
			head = rte
		}
		allow = appendMethod(allow, rte.method)
	}
	if head != nil {
		r.Params = head.params(path, r.Params[:0])
		head.h.ServeHTTP(w, r)
		return
	}
	if len(allow) == 0 {
		if r.Method == "OPTIONS" && path == "*" {
			// OPTIONS * asks about the server as a whole (RFC 9110 §9.3.7).
			w.Header().Set("Allow", rt.allowed())
			w.WriteHeader(StatusNoContent)
			return
		}
		if rt.NotFound != nil {
			rt.NotFound.ServeHTTP(w, r)
			return
		}
		Error(w, StatusNotFound, "not found")
		return
	}
	for _, m := range allow {
		if m == "GET" {
			allow = appendMethod(allow, "HEAD")
			break
		}
	}
	allow = appendMethod(allow, "OPTIONS")
	allowed := strings.Join(allow, ", ")
	w.Header().Set("Allow", allowed)
	if r.Method == "OPTIONS" {
		w.WriteHeader(StatusNoContent)
		return
	}
	// RFC 9110 §15.5.6: a 405 response must carry Allow. The message does
	// not name the request's method, so that HEAD gets the Content-Length
	// GET would.
	Error(w, StatusMethodNotAllowed, "method not allowed here; allowed: "+allowed)
}

// allowed is the Allow value for the server as a whole.
func (rt *Router) allowed() string {
	if rt.allow == "" {
		return "HEAD, OPTIONS" // nothing registered
	}
	return rt.allow
}

// notImplemented answers 501 for a method no route has. A method that is
// one of the known ones in another case gets a hint, since methods are
// case-sensitive and "get" is not GET.
func notImplemented(w ResponseWriter, method string, known []string) {
	msg := "method " + method + " is not implemented"
	for _, m := range known {
		if ascii.EqualFold(m, method) {
			msg += "; methods are case-sensitive: did you mean " + m + "?"
			break
		}
	}
	Error(w, StatusNotImplemented, msg)
}

// appendMethod appends m to list unless it is there already.
func appendMethod(list []string, m string) []string {
	for _, x := range list {
		if x == m {
			return list
		}
	}
	return append(list, m)
}

// match reports whether path (RawPath, not percent-decoded) matches the
// route.
func (rte *route) match(path string) bool {
	if !strings.HasPrefix(path, "/") {
		return false
	}
	rest := path[1:]
	for i, seg := range rte.segments {
		if isRestParam(seg) {
			return true
		}
		var part string
		last := i == len(rte.segments)-1
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			if last {
				return false
			}
			part, rest = rest[:j], rest[j+1:]
		} else {
			if !last {
				return false
			}
			part, rest = rest, ""
		}
		if isParam(seg) {
			if part == "" {
				return false
			}
		} else if unescape(part) != seg {
			return false
		}
	}
	return true
}

// params appends the route's parameters taken from path, which must match.
func (rte *route) params(path string, dst []Param) []Param {
	rest := path[1:]
	for _, seg := range rte.segments {
		if isRestParam(seg) {
			return append(dst, Param{seg[1 : len(seg)-4], unescape(rest)})
		}
		part := rest
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			part, rest = rest[:j], rest[j+1:]
		}
		if isParam(seg) {
			dst = append(dst, Param{seg[1 : len(seg)-1], unescape(part)})
		}
	}
	return dst
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") }

// samePattern reports whether two patterns' segments match the same paths:
// the same literals, and parameters of the same kind where the other has
// one, whatever their names. The second of two such routes could never be
// reached.
func samePattern(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch {
		case isParam(a[i]) && isParam(b[i]):
			if isRestParam(a[i]) != isRestParam(b[i]) {
				return false
			}
		case a[i] != b[i]:
			return false
		}
	}
	return true
}
func isRestParam(seg string) bool { return strings.HasSuffix(seg, "...}") }

// unescape percent-decodes a raw segment as the parser decodes paths. It
// costs nothing for a segment without "%". The parser has checked every
// escape of a parsed target, so a malformed one can only come from a
// Request built by hand and is kept as is.
func unescape(s string) string {
	if d, err := httparse.PathUnescape(s); err == nil {
		return d
	}
	return s
}
