package todo

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
	"github.com/google/go-cmp/cmp"
)

// startAPI serves the API on store over loopback and returns its base URL.
func startAPI(t *testing.T, store Store) string {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	rt := serve.NewRouter()
	New(store, logger).Register(rt)
	s := &serve.Server{Handler: rt, Logger: logger}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; !errors.Is(err, serve.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + l.Addr().String()
}

var client = &http.Client{Timeout: 10 * time.Second}

// do sends a request and returns the status, the Location and the body.
func do(t *testing.T, method, url, contentType, body string) (int, string, string) {
	t.Helper()
	res, b := send(t, method, url, contentType, body)
	return res.StatusCode, res.Header.Get("Location"), b
}

// send sends a request with the header fields given as name, value pairs
// and returns the response and its body.
func send(t *testing.T, method, url, contentType, body string, fields ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		req.Header.Add(fields[i], fields[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return v
}

const jsonType = "application/json"

func TestCRUD(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		base := startAPI(t, s)

		status, loc, body := do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
		if status != 201 || loc != "/todos/1" {
			t.Fatalf("create: %d %q %s", status, loc, body)
		}
		if got := decode[Todo](t, body); got != (Todo{ID: 1, Title: "milk", Version: 1}) {
			t.Errorf("created %+v", got)
		}
		do(t, "POST", base+"/todos", "application/json; charset=utf-8", `{"title":"bread","done":true}`)
		do(t, "POST", base+"/todos", jsonType, `{"title":"eggs"}`)

		status, _, body = do(t, "GET", base+loc, "", "")
		if status != 200 || decode[Todo](t, body) != (Todo{ID: 1, Title: "milk", Version: 1}) {
			t.Errorf("get: %d %s", status, body)
		}

		status, _, body = do(t, "PATCH", base+"/todos/1", jsonType, `{"done":true}`)
		if status != 200 || decode[Todo](t, body) != (Todo{ID: 1, Title: "milk", Done: true, Version: 2}) {
			t.Errorf("patch: %d %s", status, body)
		}
		// PUT replaces: done, absent, goes back to false.
		status, _, body = do(t, "PUT", base+"/todos/2", jsonType, `{"title":"rye bread"}`)
		if status != 200 || decode[Todo](t, body) != (Todo{ID: 2, Title: "rye bread", Version: 2}) {
			t.Errorf("put: %d %s", status, body)
		}

		_, _, body = do(t, "GET", base+"/todos", "", "")
		want := listResponse{Todos: []Todo{{1, "milk", true, 2}, {2, "rye bread", false, 2}, {3, "eggs", false, 1}}, Total: 3}
		if diff := cmp.Diff(want, decode[listResponse](t, body)); diff != "" {
			t.Errorf("list (-want +got):\n%s", diff)
		}
		_, _, body = do(t, "GET", base+"/todos?done=false&limit=1&offset=1", "", "")
		want = listResponse{Todos: []Todo{{3, "eggs", false, 1}}, Total: 2}
		if diff := cmp.Diff(want, decode[listResponse](t, body)); diff != "" {
			t.Errorf("filtered page (-want +got):\n%s", diff)
		}

		if status, _, body = do(t, "DELETE", base+"/todos/1", "", ""); status != 204 || body != "" {
			t.Errorf("delete: %d %q", status, body)
		}
		for _, m := range []string{"GET", "DELETE"} {
			if status, _, _ = do(t, m, base+"/todos/1", "", ""); status != 404 {
				t.Errorf("%s after delete: %d", m, status)
			}
		}
		if status, _, _ = do(t, "PATCH", base+"/todos/1", jsonType, `{}`); status != 404 {
			t.Errorf("PATCH after delete: %d", status)
		}
	})
}

func TestValidation(t *testing.T) {
	base := startAPI(t, NewMemoryStore())
	do(t, "POST", base+"/todos", jsonType, `{"title":"x"}`)
	long := strings.Repeat("é", 201)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		fields                          map[string]string
	}{
		{"malformed JSON", "POST", "/todos", jsonType, `{"title":`, 400, nil},
		{"trailing data", "POST", "/todos", jsonType, `{"title":"a"} {}`, 400, nil},
		{"not an object", "POST", "/todos", jsonType, `["a"]`, 400, nil},
		{"null", "POST", "/todos", jsonType, `null`, 400, nil},
		{"no content type", "POST", "/todos", "", `{"title":"a"}`, 415, nil},
		{"text", "PUT", "/todos/1", "text/plain", `{"title":"a"}`, 415, nil},
		{"unknown field", "POST", "/todos", jsonType, `{"title":"a","due":"today"}`, 422, map[string]string{"due": "unknown field"}},
		{"missing title", "POST", "/todos", jsonType, `{"done":true}`, 422, map[string]string{"title": "is required"}},
		{"empty title", "POST", "/todos", jsonType, `{"title":""}`, 422, map[string]string{"title": "must be 1 to 200 characters, not all blank"}},
		{"blank title", "PATCH", "/todos/1", jsonType, `{"title":"   "}`, 422, map[string]string{"title": "must be 1 to 200 characters, not all blank"}},
		{"long title", "POST", "/todos", jsonType, `{"title":"` + long + `"}`, 422, map[string]string{"title": "must be 1 to 200 characters, not all blank"}},
		{"NUL in title", "POST", "/todos", jsonType, `{"title":"a\u0000b"}`, 422, map[string]string{"title": "must not contain NUL (U+0000)"}},
		{"wrong types", "PUT", "/todos/1", jsonType, `{"title":5,"done":"yes"}`, 422, map[string]string{"title": "must be a string", "done": "must be true or false"}},
		{"null done", "PATCH", "/todos/1", jsonType, `{"done":null}`, 422, map[string]string{"done": "must be true or false"}},
		{"missing", "GET", "/todos/99", "", "", 404, nil},
		{"not an id", "GET", "/todos/abc", "", "", 404, nil},
		{"zero id", "DELETE", "/todos/0", "", "", 404, nil},
		{"id with a leading zero", "GET", "/todos/01", "", "", 404, nil},
		{"id with a sign", "GET", "/todos/+1", "", "", 404, nil},
		{"id with an encoded sign", "DELETE", "/todos/%2B1", "", "", 404, nil},
		{"bad done filter", "GET", "/todos?done=maybe", "", "", 400, nil},
		{"bad limit", "GET", "/todos?limit=0", "", "", 400, nil},
		{"bad offset", "GET", "/todos?offset=-1", "", "", 400, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := do(t, tc.method, base+tc.path, tc.ctype, tc.body)
			if status != tc.status {
				t.Errorf("status %d, want %d (%s)", status, tc.status, body)
			}
			got := decode[fieldErrors](t, body)
			if got.Error == "" {
				t.Errorf("no error message in %s", body)
			}
			if diff := cmp.Diff(tc.fields, got.Fields); tc.fields != nil && diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
	// A title of exactly 200 characters is fine.
	if status, _, body := do(t, "POST", base+"/todos", jsonType, `{"title":"`+long[2:]+`"}`); status != 201 {
		t.Errorf("200 characters: %d %s", status, body)
	}
}

func TestHelloAndHealth(t *testing.T) {
	base := startAPI(t, NewMemoryStore())
	for path, want := range map[string]string{
		"/hello?name=Ada":           `{"message":"Hello, Ada!"}`,
		"/hello":                    `{"message":"Hello, World!"}`,
		"/hello?name=J%C3%BCrgen+K": `{"message":"Hello, Jürgen K!"}`,
		"/healthz":                  `{"status":"ok"}`,
	} {
		status, _, body := do(t, "GET", base+path, "", "")
		if status != 200 || strings.TrimSpace(body) != want {
			t.Errorf("%s: %d %s, want %s", path, status, body, want)
		}
	}
}

// TestItemOptions: OPTIONS on an item names the methods the router would
// (its 405 says which) and the PATCH body types (RFC 5789 §3.1), and so
// does a 415 to PATCH; a content coding is 415 with Accept-Encoding
// (RFC 9110 §15.5.16), for no coding is decoded.
func TestItemOptions(t *testing.T) {
	base := startAPI(t, NewMemoryStore())
	do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
	res, _ := send(t, "OPTIONS", base+"/todos/1", "", "")
	notAllowed, _ := send(t, "POST", base+"/todos/1", jsonType, `{}`)
	methods := func(allow string) []string {
		m := strings.Split(allow, ", ")
		slices.Sort(m)
		return m
	}
	if res.StatusCode != 204 || !slices.Equal(methods(res.Header.Get("Allow")), methods(notAllowed.Header.Get("Allow"))) ||
		res.Header.Get("Accept-Patch") != acceptPatch {
		t.Errorf("OPTIONS: %d, Allow %q (405 says %q), Accept-Patch %q", res.StatusCode,
			res.Header.Get("Allow"), notAllowed.Header.Get("Allow"), res.Header.Get("Accept-Patch"))
	}
	if res, body := send(t, "PATCH", base+"/todos/1", "text/plain", "x"); res.StatusCode != 415 || res.Header.Get("Accept-Patch") != acceptPatch {
		t.Errorf("PATCH text/plain: %d %s, Accept-Patch %q", res.StatusCode, body, res.Header.Get("Accept-Patch"))
	}
	res, body := send(t, "PATCH", base+"/todos/1", jsonType, `{"title":"not really gzip"}`, "Content-Encoding", "gzip")
	if res.StatusCode != 415 || res.Header.Get("Accept-Encoding") != "identity" || res.Header.Get("Accept-Patch") != acceptPatch {
		t.Errorf("Content-Encoding: gzip: %d %s, Accept-Encoding %q, Accept-Patch %q; want 415, identity and the patch types",
			res.StatusCode, body, res.Header.Get("Accept-Encoding"), res.Header.Get("Accept-Patch"))
	}
	if res, _ := send(t, "PATCH", base+"/todos/1", jsonType, `{"done":true}`); res.StatusCode != 200 || res.Header.Get("Accept-Patch") != "" {
		t.Errorf("PATCH: %d, Accept-Patch %q; want 200 without it", res.StatusCode, res.Header.Get("Accept-Patch"))
	}
	// The list answers OPTIONS as the router would; an unknown item is 404.
	res, _ = send(t, "OPTIONS", base+"/todos", "", "")
	notAllowed, _ = send(t, "DELETE", base+"/todos", "", "")
	if res.StatusCode != 204 || !slices.Equal(methods(res.Header.Get("Allow")), methods(notAllowed.Header.Get("Allow"))) {
		t.Errorf("OPTIONS /todos: %d, Allow %q (405 says %q)", res.StatusCode, res.Header.Get("Allow"), notAllowed.Header.Get("Allow"))
	}
	if res, _ := send(t, "OPTIONS", base+"/todos/9", "", ""); res.StatusCode != 404 {
		t.Errorf("OPTIONS of an unknown item: %d, want 404", res.StatusCode)
	}
	if res, body := send(t, "POST", base+"/todos", jsonType, `{"title":"plain"}`, "Content-Encoding", "identity"); res.StatusCode != 201 {
		t.Errorf("Content-Encoding: identity: %d %s, want 201", res.StatusCode, body)
	}
}

// TestExhaustedIs507: past MaxID no item can be created, and an item at
// version MaxID no longer changes: 507, saying why (RFC 4918 §11.5).
func TestExhaustedIs507(t *testing.T) {
	s := NewMemoryStore()
	if err := s.Import(ctx, []Todo{{ID: MaxID, Title: "last", Version: MaxID}}); err != nil {
		t.Fatal(err)
	}
	base := startAPI(t, s)
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/todos", `{"title":"more"}`},
		{"PATCH", "/todos/9007199254740991", `{"done":true}`},
	} {
		status, _, body := do(t, tc.method, base+tc.path, "application/json", tc.body)
		if status != 507 || !strings.Contains(body, "no id or version is left") {
			t.Errorf("%s %s: %d %s, want 507", tc.method, tc.path, status, body)
		}
	}
}
