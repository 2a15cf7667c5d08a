package serve

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// recorder is a ResponseWriter that keeps what a handler wrote.
type recorder struct {
	header Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() *Header { return &r.header }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(StatusOK)
	return r.body.Write(p)
}
func (r *recorder) Flush() error { return nil }

// request parses a request head for target with method.
func request(t *testing.T, method, target string) *Request {
	t.Helper()
	req, _, err := httparse.Parse([]byte(method + " " + target + " HTTP/1.1\r\nHost: test\r\n\r\n"))
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return &Request{Request: *req}
}

func TestRouter(t *testing.T) {
	rt := NewRouter()
	named := func(name string) HandlerFunc {
		return func(w ResponseWriter, r *Request) {
			var b strings.Builder
			b.WriteString(name)
			for _, p := range r.Params {
				b.WriteString(" " + p.Name + "=" + p.Value)
			}
			w.Write([]byte(b.String()))
		}
	}
	rt.Handle("GET", "/", named("root"))
	rt.Handle("GET", "/todos", named("list"))
	rt.Handle("POST", "/todos", named("create"))
	rt.Handle("GET", "/todos/{id}", named("get"))
	rt.Handle("DELETE", "/todos/{id}", named("delete"))
	rt.Handle("GET", "/a/{x}/b/{y}", named("two"))
	rt.Handle("GET", "/static/{file...}", named("static"))
	rt.Handle("PUT", "/docs/{id}", named("put"))
	rt.Handle("PATCH", "/docs/{id}", named("patch"))

	tests := []struct {
		method, target string
		status         int
		body           string // handler output, or a substring of the error
		allow          string
	}{
		{"GET", "/", 200, "root", ""},
		{"GET", "/todos", 200, "list", ""},
		{"POST", "/todos", 200, "create", ""},
		{"GET", "/todos/7", 200, "get id=7", ""},
		// Parameters are decoded after splitting: %2F stays in the segment.
		{"GET", "/todos/a%2Fb%20c", 200, "get id=a/b c", ""},
		{"GET", "/a/1/b/2", 200, "two x=1 y=2", ""},
		{"GET", "/static/", 200, "static file=", ""},
		{"GET", "/static/css/site.css", 200, "static file=css/site.css", ""},
		// The query is no part of the path.
		{"GET", "/todos?done=true", 200, "list", ""},
		// HEAD runs the GET handler.
		{"HEAD", "/todos/3", 200, "get id=3", ""},
		// A trailing slash is another path; empty segments match no {id}.
		{"GET", "/todos/", 404, "not found", ""},
		{"GET", "/todos/7/x", 404, "not found", ""},
		{"GET", "/nope", 404, "not found", ""},
		{"GET", "/static", 404, "not found", ""},
		// Known path, wrong method.
		{"PUT", "/todos", 405, "method not allowed here; allowed: GET, POST, HEAD, OPTIONS", "GET, POST, HEAD, OPTIONS"},
		{"PATCH", "/todos/1", 405, "not allowed", "GET, DELETE, HEAD, OPTIONS"},
		// OPTIONS is answered from the routes.
		{"OPTIONS", "/todos/1", 204, "", "GET, DELETE, HEAD, OPTIONS"},
		{"OPTIONS", "*", 204, "", "GET, HEAD, POST, DELETE, PUT, PATCH, OPTIONS"},
		{"OPTIONS", "/nope", 404, "not found", ""},
		// RFC 3986 §6.2.2.2: an encoded unreserved character is the
		// character; RFC 3986 §2.2: an encoded slash is data.
		{"GET", "/tod%6Fs", 200, "list", ""},
		{"GET", "/%74odos/%37", 200, "get id=7", ""},
		{"GET", "/static/%63ss/site.css", 200, "static file=css/site.css", ""},
		{"GET", "/todos%2F7", 404, "not found", ""},
		{"GET", "/a/1%2Fb/2", 404, "not found", ""},
		// RFC 9110 §9.1, §15.6.2: a method no route has is 501, without
		// Allow, whatever the path; methods are case-sensitive.
		{"FOO", "/todos", 501, "method FOO is not implemented", ""},
		{"FOO", "/nope", 501, "method FOO is not implemented", ""},
		{"get", "/todos", 501, "method get is not implemented; methods are case-sensitive: did you mean GET?", ""},
		{"CONNECT", "h.example:443", 501, "method CONNECT is not implemented", ""},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			w := &recorder{}
			rt.ServeHTTP(w, request(t, tc.method, tc.target))
			if w.status != tc.status {
				t.Errorf("status %d, want %d", w.status, tc.status)
			}
			if !strings.Contains(w.body.String(), tc.body) {
				t.Errorf("body %q, want %q in it", w.body.String(), tc.body)
			}
			if got := w.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}

// TestRouterEquivalentSpellings walks every route with each unreserved
// character of a matching path percent-encoded, in upper- and lower-case
// hex, and checks that the same handler answers with the same parameters
// (RFC 3986 §6.2.2.2). Encoding a "/" instead must not match (§2.2).
func TestRouterEquivalentSpellings(t *testing.T) {
	rt := NewRouter()
	routes := []struct{ method, pattern, path string }{
		{"GET", "/", "/"},
		{"GET", "/todos", "/todos"},
		{"POST", "/todos", "/todos"},
		{"GET", "/todos/{id}", "/todos/42"},
		{"PATCH", "/todos/{id}", "/todos/42"},
		{"GET", "/a-b.c_d~e/{x}/Z9", "/a-b.c_d~e/q-r.s_t~u/Z9"},
		{"GET", "/static/{file...}", "/static/css/site.css"},
	}
	for _, r := range routes {
		rt.HandleFunc(r.method, r.pattern, func(w ResponseWriter, req *Request) {
			io.WriteString(w, r.method+" "+r.pattern)
			for _, p := range req.Params {
				io.WriteString(w, " "+p.Name+"="+p.Value)
			}
		})
	}
	serve := func(method, target string) (int, string) {
		w := &recorder{}
		rt.ServeHTTP(w, request(t, method, target))
		return w.status, w.body.String()
	}
	for _, r := range routes {
		wantStatus, want := serve(r.method, r.path)
		if wantStatus != 200 || !strings.HasPrefix(want, r.method+" "+r.pattern) {
			t.Fatalf("%s %s: %d %q, want the %s handler", r.method, r.path, wantStatus, want, r.pattern)
		}
		// Inside a {name...} value an encoded slash decodes to "/" like
		// the rest of the value, so there it names the same thing.
		restFrom := len(r.path)
		if strings.HasSuffix(r.pattern, "...}") {
			restFrom = strings.LastIndexByte(r.pattern, '/') + 1
		}
		// The first "/" cannot be encoded: it makes the target origin-form.
		for i := 1; i < len(r.path); i++ {
			c := r.path[i]
			for _, format := range []string{"%%%02X", "%%%02x"} {
				target := r.path[:i] + fmt.Sprintf(format, c) + r.path[i+1:]
				status, got := serve(r.method, target)
				if c == '/' && i < restFrom {
					if got == want {
						t.Errorf("%s %s: %q, the same as %s; an encoded slash is data", r.method, target, got, r.path)
					}
					continue
				}
				if status != wantStatus || got != want {
					t.Errorf("%s %s: %d %q, want %d %q as for %s", r.method, target, status, got, wantStatus, want, r.path)
				}
			}
		}
	}
}

func TestRouterRejectsBadPatterns(t *testing.T) {
	// Encoded braces would decode to a parameter's marks.
	for _, p := range []string{"todos", "/a/{", "/a/x{id}", "/{rest...}/x", "/{}", "/{a}/{a}", "/e/%7Bx%7D", "/f/v...%7D", "/g/%7Bid%7D/x", "/h/%7D"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("pattern %q accepted", p)
				}
			}()
			NewRouter().Handle("GET", p, HandlerFunc(func(ResponseWriter, *Request) {}))
		}()
	}
}

// TestRouterRejectsSamePatternTwice: a pattern that matches the same paths
// as one registered for the method before (another spelling of a literal,
// another parameter name) panics, as the same pattern does: the second
// route could never be reached.
func TestRouterRejectsSamePatternTwice(t *testing.T) {
	for _, tc := range [][2]string{
		{"/dup/b", "/dup/b"},
		{"/dup/b", "/dup/%62"},
		{"/todos/{id}", "/todos/{name}"},
		{"/files/{rest...}", "/files/{path...}"},
	} {
		rt := NewRouter()
		h := HandlerFunc(func(ResponseWriter, *Request) {})
		rt.Handle("GET", tc[0], h)
		rt.Handle("POST", tc[1], h) // another method is another route
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("GET %s after GET %s accepted", tc[1], tc[0])
				}
			}()
			rt.Handle("GET", tc[1], h)
		}()
	}
	// A parameter and a literal, or a parameter and a rest parameter, are
	// other patterns.
	rt := NewRouter()
	h := HandlerFunc(func(ResponseWriter, *Request) {})
	rt.Handle("GET", "/todos/{id}", h)
	rt.Handle("GET", "/todos/new", h)
	rt.Handle("GET", "/todos/{rest...}", h)
	// A brace inside a literal is no parameter's mark.
	rt.Handle("GET", "/a/x%7By", h)
}

func TestHeader(t *testing.T) {
	var h Header
	h.Add("X-A", "1")
	h.Add("x-b", "2")
	h.Add("x-a", "3")
	h.Set("x-A", "4")
	if got := h.Values("X-A"); len(got) != 1 || got[0] != "4" || h[0].Name != "X-A" {
		t.Errorf("after Set: %v", h)
	}
	h.Del("X-B")
	if h.Has("x-b") || h.Get("x-a") != "4" || len(h) != 1 {
		t.Errorf("after Del: %v", h)
	}
	h.Add("X-Empty", "")
	if v, ok := h.Lookup("x-empty"); !ok || v != "" {
		t.Errorf("Lookup(x-empty) = %q, %v; want present and empty", v, ok)
	}
	if v, ok := h.Lookup("x-b"); ok || v != "" || h.Get("x-b") != "" {
		t.Errorf("Lookup(x-b) = %q, %v after Del", v, ok)
	}
}
