package web

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
)

// startServer runs a serve.Server with the page mounted next to a stand-in
// API route on a loopback port, and stops it when the test ends.
func startServer(t *testing.T) string {
	t.Helper()
	rt := serve.NewRouter()
	rt.HandleFunc("GET", "/todos", func(w serve.ResponseWriter, r *serve.Request) {
		serve.JSON(w, serve.StatusOK, []string{})
	})
	rt.HandleFunc("POST", "/todos", func(w serve.ResponseWriter, r *serve.Request) {
		serve.JSON(w, serve.StatusCreated, struct{}{})
	})
	Mount(rt)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &serve.Server{Handler: rt, Logger: discardLogger()}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		<-done
	})
	return l.Addr().String()
}

// exchange sends raw on a new connection and reads one response; method
// tells http.ReadResponse whether a body follows.
func exchange(t *testing.T, addr, method, raw string) (*http.Response, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("reading the response to %q: %v", raw, err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return resp, string(body)
}

// get requests target with the extra header lines (each ending in CRLF).
func get(t *testing.T, addr, method, target, extra string) (*http.Response, string) {
	t.Helper()
	return exchange(t, addr, method, method+" "+target+" HTTP/1.1\r\nHost: "+addr+"\r\n"+extra+"Connection: close\r\n\r\n")
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServesFiles(t *testing.T) {
	addr := startServer(t)
	cases := []struct {
		target, file, contentType string
	}{
		{"/", "static/index.html", "text/html; charset=utf-8"},
		{"/static/app.js", "static/app.js", "text/javascript; charset=utf-8"},
		{"/static/style.css", "static/style.css", "text/css; charset=utf-8"},
	}
	for _, tc := range cases {
		t.Run(tc.target, func(t *testing.T) {
			resp, body := get(t, addr, "GET", tc.target, "")
			if resp.StatusCode != 200 {
				t.Fatalf("status %d, want 200; body %q", resp.StatusCode, body)
			}
			if want := mustRead(t, tc.file); body != want {
				t.Errorf("body differs from %s (%d bytes, want %d)", tc.file, len(body), len(want))
			}
			want := map[string]string{
				"Content-Type":           tc.contentType,
				"Cache-Control":          "no-cache",
				"X-Content-Type-Options": "nosniff",
			}
			for k, v := range want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if resp.ContentLength != int64(len(body)) {
				t.Errorf("Content-Length %d, body %d bytes", resp.ContentLength, len(body))
			}
			if etag := resp.Header.Get("ETag"); !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) {
				t.Errorf("ETag %q is not a strong quoted tag", etag)
			}
		})
	}
}

// TestPageLinksResolve fetches every /static/ file the page refers to.
func TestPageLinksResolve(t *testing.T) {
	addr := startServer(t)
	_, page := get(t, addr, "GET", "/", "")
	refs := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 2 {
		t.Fatalf("found %d /static/ references in the page, want the stylesheet and the script", len(refs))
	}
	for _, ref := range refs {
		if resp, _ := get(t, addr, "GET", ref[1], ""); resp.StatusCode != 200 {
			t.Errorf("%s: status %d", ref[1], resp.StatusCode)
		}
	}
	if resp, _ := get(t, addr, "GET", "/", ""); !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("page CSP = %q", resp.Header.Get("Content-Security-Policy"))
	}
}

func TestConditionalGet(t *testing.T) {
	addr := startServer(t)
	resp, _ := get(t, addr, "GET", "/static/app.js", "")
	etag := resp.Header.Get("ETag")
	cases := []struct {
		name, ifNoneMatch string
		status            int
	}{
		{"same tag", etag, 304},
		{"weak form of the tag", "W/" + etag, 304},
		{"tag in a list", `"other", ` + etag, 304},
		{"star", "*", 304},
		{"other tag", `"0123"`, 200},
		{"unquoted tag", strings.Trim(etag, `"`), 200},
		{"malformed list, answered as without the field", "x, " + etag, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, addr, "GET", "/static/app.js", "If-None-Match: "+tc.ifNoneMatch+"\r\n")
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status == 200 {
				return
			}
			if body != "" {
				t.Errorf("304 has a body of %d bytes", len(body))
			}
			if got := resp.Header.Get("ETag"); got != etag {
				t.Errorf("304 ETag %q, want %q", got, etag)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("304 Cache-Control %q", got)
			}
			if len(resp.Header.Values("Content-Length")) != 0 {
				t.Errorf("304 carries Content-Length %q", resp.Header.Values("Content-Length"))
			}
		})
	}
	t.Run("second line of the field", func(t *testing.T) {
		resp, _ := get(t, addr, "GET", "/static/app.js", "If-None-Match: \"x\"\r\nIf-None-Match: "+etag+"\r\n")
		if resp.StatusCode != 304 {
			t.Errorf("status %d, want 304", resp.StatusCode)
		}
	})
}

// TestIfMatch: the page's files judge If-Match too, before If-None-Match
// (RFC 9110 §13.1.1, §13.2.2): a false one is 412, by the strong
// comparison, and a malformed one 400.
func TestIfMatch(t *testing.T) {
	addr := startServer(t)
	resp, _ := get(t, addr, "GET", "/static/app.js", "")
	etag := resp.Header.Get("ETag")
	for _, tc := range []struct {
		name, fields string
		status       int
	}{
		{"the current tag", "If-Match: " + etag + "\r\n", 200},
		{"star", "If-Match: *\r\n", 200},
		{"another tag", "If-Match: \"nope\"\r\n", 412},
		{"a weak tag never matches", "If-Match: W/" + etag + "\r\n", 412},
		{"If-Match before If-None-Match", "If-None-Match: " + etag + "\r\nIf-Match: \"nope\"\r\n", 412},
		{"both true", "If-None-Match: \"old\"\r\nIf-Match: " + etag + "\r\n", 200},
		{"malformed", "If-Match: nope\r\n", 400},
	} {
		for _, method := range []string{"GET", "HEAD"} {
			if resp, _ := get(t, addr, method, "/static/app.js", tc.fields); resp.StatusCode != tc.status {
				t.Errorf("%s, %s: status %d, want %d", tc.name, method, resp.StatusCode, tc.status)
			}
		}
	}
}

func TestHead(t *testing.T) {
	addr := startServer(t)
	_, full := get(t, addr, "GET", "/", "")
	resp, body := get(t, addr, "HEAD", "/", "")
	if resp.StatusCode != 200 || body != "" {
		t.Fatalf("HEAD: status %d, %d body bytes; want 200 and none", resp.StatusCode, len(body))
	}
	if resp.ContentLength != int64(len(full)) {
		t.Errorf("HEAD Content-Length %d, want the GET's %d", resp.ContentLength, len(full))
	}
	if resp.Header.Get("ETag") == "" || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD headers incomplete: %v", resp.Header)
	}
}

// TestNoWayOut sends paths that try to leave the embedded tree, or to name
// a file in a second way, as raw bytes: clients would normalise them.
func TestNoWayOut(t *testing.T) {
	addr := startServer(t)
	cases := []struct {
		target string
		status int
	}{
		{"/static/../static/app.js", 400},
		{"/static/./app.js", 400},
		{"/static/%2e%2e/static/app.js", 400},
		{"/static/%2E%2E/%2E%2E/etc/passwd", 400},
		{"/static/.%2e/web.go", 400},
		{"/static/%2e/app.js", 400},
		{"/static/..%5cweb.go", 400},    // backslash, encoded, after a dot-dot
		{"/static/%5c..%5cweb.go", 400}, // backslash, encoded
		{"/static/\\..\\web.go", 400},   // backslash, raw: not allowed in a target at all
		{"/static/app.js%00", 400},      // NUL
		{"/static/a%2Fb.js", 400},       // encoded slash
		{"/static%2Fapp.js", 404},       // no route
		{"/../static/app.js", 404},      // no route
		{"/static/", 404},               // directory
		{"/static/nope.js", 404},        // no such file
		{"/static/web.go", 404},         // source is not embedded
		{"/static/index.html/", 404},    // trailing slash
		{"//static/app.js", 404},        // no route
	}
	for _, tc := range cases {
		t.Run(tc.target, func(t *testing.T) {
			resp, body := get(t, addr, "GET", tc.target, "")
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d; body %q", resp.StatusCode, tc.status, body)
			}
			if strings.Contains(body, "package web") || strings.Contains(body, "use strict") {
				t.Errorf("a file was served: %q", body)
			}
		})
	}
}

func TestOtherMethods(t *testing.T) {
	addr := startServer(t)
	resp, _ := exchange(t, addr, "POST", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 405 {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
	if allow := resp.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") {
		t.Errorf("Allow = %q", allow)
	}
	// A method no route implements is 501, without Allow.
	resp, _ = exchange(t, addr, "DELETE", "DELETE / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 501 || resp.Header.Get("Allow") != "" {
		t.Errorf("DELETE /: status %d Allow %q, want 501 without Allow", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestCleanPath(t *testing.T) {
	cases := []struct {
		raw, decoded string
		ok           bool
	}{
		{"/", "/", true},
		{"/static/app.js", "/static/app.js", true},
		{"/static/a%20b.js", "/static/a b.js", true},
		{"/static/..", "/static/..", false},
		{"/static/%2e%2e", "/static/..", false},
		{"/static/.", "/static/.", false},
		{"/static/...", "/static/...", true}, // not a dot-segment
		{"/static/a%2fb", "/static/a/b", false},
		{"/static/a%5cb", "/static/a\\b", false},
		{"/static/a%00", "/static/a\x00", false},
		{"*", "*", false},
		{"", "", false},
	}
	for _, tc := range cases {
		if got := cleanPath(tc.raw, tc.decoded); got != tc.ok {
			t.Errorf("cleanPath(%q, %q) = %v, want %v", tc.raw, tc.decoded, got, tc.ok)
		}
	}
}
