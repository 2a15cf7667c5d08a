package main

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
	"github.com/ae7539e0/httparse/serve/todo"
)

// TestInputs sends requests a new user tried, byte for byte, to the
// service's routes on a server limited as the command's defaults are, and
// checks each answer.
func TestInputs(t *testing.T) {
	const h = "Host: h.example\r\n"
	store := todo.NewMemoryStore()
	srv := &serve.Server{
		Handler: routes(store, slog.New(slog.DiscardHandler)),
		Limits:  httparse.Limits{MaxBodyBytes: 1 << 20}, // -max-body's default
		Logger:  slog.New(slog.DiscardHandler),
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })

	post := func(body string) string {
		return "POST /todos HTTP/1.1\r\n" + h + "Content-Type: application/json\r\nContent-Length: " +
			strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	tests := []struct {
		name, in string
		status   int
		body     string            // exact, newline dropped; "" for none
		header   map[string]string // fields that must be there ("" for absent)
	}{
		// RFC 9110 §9.3.2, RFC 9112 §6.3: no response to HEAD has content.
		// Content-Length says what GET would get.
		{name: "HEAD over the body limit", in: "HEAD /hello HTTP/1.1\r\n" + h + "Content-Length: 2000000\r\n\r\n",
			status: 413, header: map[string]string{"Content-Length": length(`{"error":"body is 2000000 bytes; the limit is 1048576","rule":"RFC 9110 §8.6","offset":55}`)}},
		{name: "HEAD with a malformed query", in: "HEAD /hello?name=%zz HTTP/1.1\r\n" + h + "\r\n",
			status: 400, header: map[string]string{"Content-Length": length(`{"error":"malformed percent-encoding","rule":"RFC 3986 §2.1","offset":18}`)}},
		{name: "HEAD for nothing", in: "HEAD /nope HTTP/1.1\r\n" + h + "Connection: close\r\n\r\n",
			status: 404, header: map[string]string{"Content-Length": length(`{"error":"not found"}`)}},

		// RFC 9112 §3.2.2, RFC 9110 §4.2.3: absolute-form with an empty
		// path is "/".
		{name: "absolute-form without path", in: "GET http://h.example HTTP/1.1\r\n" + h + "\r\n",
			status: 200, header: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{name: "absolute-form with /", in: "GET http://h.example/ HTTP/1.1\r\n" + h + "\r\n",
			status: 200, header: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		// RFC 9112 §3.2.4: "*" only without a query; with one it is "/".
		{name: "OPTIONS absolute-form with query", in: "OPTIONS http://h.example?x HTTP/1.1\r\n" + h + "\r\n",
			status: 204, header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "OPTIONS absolute-form without query", in: "OPTIONS http://h.example HTTP/1.1\r\n" + h + "\r\n",
			status: 204, header: map[string]string{"Allow": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"}},

		// RFC 3986 §6.2.2.2: %6F is "o"; §2.2: %2F is data.
		{name: "encoded unreserved character", in: "GET /tod%6Fs HTTP/1.1\r\n" + h + "\r\n",
			status: 200, body: `{"todos":[],"total":0}`},
		{name: "encoded slash", in: "GET /todos%2F1 HTTP/1.1\r\n" + h + "\r\n",
			status: 404, body: `{"error":"not found"}`},

		// RFC 9110 §9.1, §15.6.2: an unknown method is 501, without Allow.
		{name: "unknown method", in: "FOO /hello HTTP/1.1\r\n" + h + "\r\n",
			status: 501, body: `{"error":"method FOO is not implemented"}`, header: map[string]string{"Allow": ""}},
		{name: "lower-case method", in: "get /hello HTTP/1.1\r\n" + h + "\r\n",
			status: 501, body: `{"error":"method get is not implemented; methods are case-sensitive: did you mean GET?"}`,
			header: map[string]string{"Allow": ""}},
		{name: "known method not allowed here", in: "DELETE /hello HTTP/1.1\r\n" + h + "\r\n",
			status: 405, body: `{"error":"method not allowed here; allowed: GET, HEAD, OPTIONS"}`,
			header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},

		// RFC 8259 §8.1: JSON is UTF-8; the title is not rewritten.
		{name: "invalid UTF-8 title", in: post("{\"title\":\"\xff\"}"),
			status: 400, body: `{"error":"invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8) at offset 10","offset":10}`},

		// Errors say what and where.
		{name: "truncated JSON", in: post(`{"title":"x"`),
			status: 400, body: `{"error":"JSON ends early: the body stops inside a value at offset 12","offset":12}`},
		{name: "unquoted key", in: post(`{title:"x"}`),
			status: 400, body: `{"error":"invalid JSON: invalid character 't' looking for beginning of object key string at offset 1","offset":1}`},
		{name: "trailing data", in: post(`{"title":"x"} x`),
			status: 400, body: `{"error":"data after the JSON object at offset 14","offset":14}`},
		{name: "empty body", in: post(``),
			status: 400, body: `{"error":"body is empty; expected a JSON object at offset 0","offset":0}`},
		{name: "50 MiB body", in: "POST /todos HTTP/1.1\r\n" + h + "Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n",
			status: 413, body: `{"error":"body is 52428800 bytes; the limit is 1048576","rule":"RFC 9110 §8.6","offset":87}`},
		{name: "unknown expectation", in: "POST /todos HTTP/1.1\r\n" + h + "Expect: x-unknown\r\nContent-Length: 2\r\n\r\n{}",
			status: 417, body: `{"error":"Expect lists an expectation this server does not know; the only one it meets is 100-continue","rule":"RFC 9110 §10.1.1"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.DialTimeout("tcp", l.Addr().String(), 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(c, tc.in); err != nil {
				t.Fatal(err)
			}
			method, _, _ := strings.Cut(tc.in, " ")
			br := bufio.NewReader(c)
			res, err := http.ReadResponse(br, &http.Request{Method: method})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d (%s)", res.StatusCode, tc.status, b)
			}
			if got := strings.TrimSuffix(string(b), "\n"); tc.body != "" && got != tc.body {
				t.Errorf("body\n%s\nwant\n%s", got, tc.body)
			}
			for name, want := range tc.header {
				if got := res.Header.Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if method == "HEAD" {
				// Every HEAD here closes the connection; nothing may come
				// before the close.
				if rest, _ := io.ReadAll(br); len(rest) > 0 {
					t.Errorf("content after the head of a response to HEAD: %q", rest)
				}
			}
		})
	}
	if items, total, _ := store.List(t.Context(), todo.Filter{Limit: 10}); total != 0 {
		t.Errorf("the refused bodies stored %v", items)
	}
}

// length is the Content-Length of a JSON answer: body and newline.
func length(body string) string { return strconv.Itoa(len(body) + 1) }
