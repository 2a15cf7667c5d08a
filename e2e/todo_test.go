package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// item is a to-do as the page shows it and as the API returns it.
type item struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// TestTodoPage drives the page of the real serve/cmd binary in Chromium:
// add, toggle, edit, delete, the API's validation errors shown inline,
// then reload, and restart the server on the same bbolt file, and see the
// same to-dos. Every request the browser made must reach a handler: none
// may be refused by the parser.
func TestTodoPage(t *testing.T) {
	bin := serverBinary(t)
	dir := t.TempDir()
	data, logPath := filepath.Join(dir, "todos.db"), filepath.Join(dir, "server.log")

	nl := &netLog{}
	tab := browser(t, nl)
	srv := startServer(t, bin, data, logPath)
	api := &apiClient{t: t, base: srv.url}
	p := &page{t: t, ctx: tab}

	nl.watch(srv.url)
	p.open(srv.url + "/")
	if got := p.items(); len(got) != 0 {
		t.Fatalf("a fresh store shows %v", got)
	}

	for _, title := range []string{"Buy milk", "Read RFC 9112", "Call Ada", "Fuzz the parser"} {
		p.add(title)
	}
	p.toggle("Read RFC 9112")
	p.edit("Buy milk", "Buy oat milk")
	p.remove("Call Ada")

	// The page shows the API's own message for an invalid title, both when
	// adding and when editing, and keeps the list as it was.
	wantMsg := "Title " + api.titleError()
	if got := p.addInvalid("   "); got != wantMsg {
		t.Errorf("adding a blank title shows %q, want %q", got, wantMsg)
	}
	if got := p.editInvalid("Fuzz the parser", strings.Repeat("x", 201)); got != wantMsg {
		t.Errorf("a 201-character title shows %q, want %q", got, wantMsg)
	}
	p.add("Write the README") // clears the error left by addInvalid
	p.mustBeHidden("#add-error")

	want := []item{
		{"Buy oat milk", false},
		{"Read RFC 9112", true},
		{"Fuzz the parser", false},
		{"Write the README", false},
	}
	if diff := cmp.Diff(want, p.items()); diff != "" {
		t.Fatalf("page after the edits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, api.list()); diff != "" {
		t.Fatalf("API after the edits (-want +got):\n%s", diff)
	}

	p.reload()
	if diff := cmp.Diff(want, p.items()); diff != "" {
		t.Errorf("page after a reload (-want +got):\n%s", diff)
	}

	// The store is a file: a new process on it shows the same to-dos.
	srv.stop(t)
	srv = startServer(t, bin, data, logPath)
	api.base = srv.url
	nl.watch(srv.url)
	p.open(srv.url + "/")
	if diff := cmp.Diff(want, p.items()); diff != "" {
		t.Errorf("page after a server restart (-want +got):\n%s", diff)
	}

	// While the list loads, the page says so and marks the list busy.
	p.checkLoading()

	// The screenshots show the list and, under the input, the message for
	// a blank title. A short list fits a window of either size, with no
	// scrollbar either way.
	if got := p.addInvalid(" "); got != wantMsg {
		t.Errorf("adding a blank title after the restart shows %q, want %q", got, wantMsg)
	}
	for _, size := range [][2]int64{{1200, 900}, {420, 800}} {
		p.checkFits(size[0], size[1])
		if dir := os.Getenv("E2E_SCREENSHOTS"); dir != "" {
			p.screenshot(filepath.Join(dir, fmt.Sprintf("todo-page-%dx%d.png", size[0], size[1])))
		}
	}
	srv.stop(t)

	checkRequests(t, nl, readServerLog(t, logPath), api.calls)
}

// checkRequests compares what the browser says it sent with what the
// server logged, and fails on any request the parser refused.
func checkRequests(t *testing.T, nl *netLog, sl serverLog, direct int) {
	t.Helper()
	sent, responses, failed, paths := nl.snapshot()
	t.Logf("browser: %d requests to the server, responses by status %v", sent, responses)
	names := slices.Sorted(mapsKeys(paths))
	for _, k := range names {
		t.Logf("  %3d × %s", paths[k], k)
	}
	t.Logf("server: %s (%d of them from the test's own client)", sl, direct)

	if sl.rejected != 0 {
		t.Errorf("the parser refused %d requests", sl.rejected)
	}
	for _, line := range sl.complaints {
		t.Errorf("server log: %s", line)
	}
	if len(failed) != 0 {
		t.Errorf("requests without a response: %v", failed)
	}
	if sent == 0 {
		t.Fatal("no browser request was recorded")
	}
	for status, n := range responses {
		switch status {
		case 200, 201, 204, 304:
		case 422:
			if n != 3 {
				t.Errorf("%d responses 422, want 3 (one per invalid title)", n)
			}
		default:
			t.Errorf("%d responses with status %d", n, status)
		}
	}
	if got := sl.requests - direct; got != sent {
		t.Errorf("the server handled %d browser requests, the browser sent %d", got, sent)
	}
}

func mapsKeys(m map[string]int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// apiClient talks to the JSON API directly, to check the server's state
// and to learn the message the page should show. It counts its requests,
// which the server log holds next to the browser's.
type apiClient struct {
	t     *testing.T
	base  string
	calls int
}

func (a *apiClient) do(method, path string, body any) (int, []byte) {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	c := &http.Client{Timeout: 10 * time.Second}
	a.calls++
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return resp.StatusCode, b
}

func (a *apiClient) list() []item {
	a.t.Helper()
	status, b := a.do("GET", "/todos", nil)
	var got struct{ Todos []item }
	if err := json.Unmarshal(b, &got); status != 200 || err != nil {
		a.t.Fatalf("GET /todos: %d %s (%v)", status, b, err)
	}
	return got.Todos
}

// titleError returns the API's message for an invalid title.
func (a *apiClient) titleError() string {
	a.t.Helper()
	status, b := a.do("POST", "/todos", map[string]any{"title": "", "done": false})
	var got struct{ Fields map[string]string }
	if err := json.Unmarshal(b, &got); status != 422 || err != nil || got.Fields["title"] == "" {
		a.t.Fatalf("POST /todos with an empty title: %d %s, want 422 with a message for title", status, b)
	}
	return got.Fields["title"]
}
