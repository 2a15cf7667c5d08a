package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse/serve/nginxtest"
	"github.com/ae7539e0/httparse/serve/pgtest"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// conflictMessage is what the page says when the server answers 412.
const conflictMessage = "Changed elsewhere meanwhile: this is the current version, and your change was not saved."

// TestTodoPageTwoInstances drives the page through nginx in front of two
// serve/cmd processes on one PostgreSQL database. What the page adds, both
// instances list; a to-do changed through an instance directly while the
// page showed the old version is not overwritten by the page's edit or
// toggle: the page says so and shows the current version. Every request
// nginx sent on its keep-alive connections reached a handler.
func TestTodoPageTwoInstances(t *testing.T) {
	bin := serverBinary(t)
	db := pgtest.Database(t)
	dir := t.TempDir()
	a := startServer(t, bin, db, filepath.Join(dir, "a.log"))
	b := startServer(t, bin, db, filepath.Join(dir, "b.log"))
	proxy := nginxtest.Start(t, strings.TrimPrefix(a.url, "http://"), strings.TrimPrefix(b.url, "http://"))
	apiA, apiB := &apiClient{t: t, base: a.url}, &apiClient{t: t, base: b.url}

	nl := &netLog{}
	tab := browser(t, nl)
	p := &page{t: t, ctx: tab}
	nl.watch(proxy.URL)
	p.open(proxy.URL + "/")
	for _, title := range []string{"Buy milk", "Call Ada", "Fuzz the parser"} {
		p.add(title)
	}
	want := []item{{"Buy milk", false}, {"Call Ada", false}, {"Fuzz the parser", false}}
	for name, api := range map[string]*apiClient{"a": apiA, "b": apiB} {
		if diff := cmp.Diff(want, api.list()); diff != "" {
			t.Fatalf("instance %s lists (-page +instance):\n%s", name, diff)
		}
	}

	// Renamed through b while the page shows version 1: the page's rename
	// gets 412 and shows b's title.
	apiB.patch(apiB.idOf("Buy milk"), `{"title":"Buy oat milk"}`)
	if got := p.editConflict("Buy milk", "Buy soy milk"); got != conflictMessage {
		t.Errorf("a conflicting rename shows %q, want %q", got, conflictMessage)
	}
	// Marked done through a: the page's toggle (to done, from the old
	// version) gets 412 and shows the item done, from a.
	apiA.patch(apiA.idOf("Call Ada"), `{"done":true}`)
	if got := p.toggleConflict("Call Ada"); got != conflictMessage {
		t.Errorf("a conflicting toggle shows %q, want %q", got, conflictMessage)
	}
	want = []item{{"Buy oat milk", false}, {"Call Ada", true}, {"Fuzz the parser", false}}
	if diff := cmp.Diff(want, p.items()); diff != "" {
		t.Errorf("page after the conflicts (-want +got):\n%s", diff)
	}
	// The page now holds the current versions: the same edits go through.
	p.edit("Buy oat milk", "Buy soy milk")
	p.remove("Fuzz the parser")
	want = []item{{"Buy soy milk", false}, {"Call Ada", true}}
	p.reload()
	if diff := cmp.Diff(want, p.items()); diff != "" {
		t.Errorf("page after a reload (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, apiA.list()); diff != "" {
		t.Errorf("instance a after the edits (-want +got):\n%s", diff)
	}

	if err := proxy.Stop(); err != nil {
		t.Fatal(err)
	}
	a.stop(t)
	b.stop(t)
	entries, err := proxy.AccessLog()
	if err != nil {
		t.Fatal(err)
	}
	statuses, upstreams := map[int]int{}, map[string]int{}
	for _, e := range entries {
		statuses[e.Status]++
		upstreams[e.Upstream]++
	}
	t.Logf("nginx: %d requests, by status %v, by upstream %v", len(entries), statuses, upstreams)
	if statuses[412] != 2 {
		t.Errorf("%d responses 412 through nginx, want 2 (the rename and the toggle)", statuses[412])
	}
	for status, n := range statuses {
		if status != 200 && status != 201 && status != 204 && status != 304 && status != 412 {
			t.Errorf("%d responses %d through nginx", n, status)
		}
	}
	handled := 0
	for _, s := range []*server{a, b} {
		sl := readServerLog(t, s.logPath)
		t.Logf("%s: %s", s.url, sl)
		if sl.rejected != 0 {
			t.Errorf("%s: the parser refused %d requests", s.url, sl.rejected)
		}
		for _, line := range sl.complaints {
			t.Errorf("%s log: %s", s.url, line)
		}
		if upstreams[strings.TrimPrefix(s.url, "http://")] == 0 {
			t.Errorf("nginx sent %s nothing", s.url)
		}
		handled += sl.requests
	}
	if direct := apiA.calls + apiB.calls; handled != len(entries)+direct {
		t.Errorf("the instances handled %d requests; nginx sent %d and the test %d", handled, len(entries), direct)
	}
}

// idOf returns the id of the to-do titled title.
func (a *apiClient) idOf(title string) int64 {
	a.t.Helper()
	status, b := a.do("GET", "/todos", nil)
	var got struct {
		Todos []struct {
			ID    int64
			Title string
		}
	}
	if err := json.Unmarshal(b, &got); status != 200 || err != nil {
		a.t.Fatalf("GET /todos: %d %s", status, b)
	}
	for _, it := range got.Todos {
		if it.Title == title {
			return it.ID
		}
	}
	a.t.Fatalf("no to-do titled %q", title)
	return 0
}

// patch changes a to-do without If-Match, as another client would.
func (a *apiClient) patch(id int64, body string) {
	a.t.Helper()
	if status, b := a.do("PATCH", "/todos/"+strconv.FormatInt(id, 10), json.RawMessage(body)); status != 200 {
		a.t.Fatalf("PATCH %d: %d %s", id, status, b)
	}
}

// editConflict renames the item titled from, which changed elsewhere, and
// returns the message the page shows under it.
func (p *page) editConflict(from, to string) string {
	p.t.Helper()
	return p.itemError(p.submitEdit(from, to))
}

// toggleConflict clicks the checkbox of the item titled title, which
// changed elsewhere, and returns the message the page shows under it.
func (p *page) toggleConflict(title string) string {
	p.t.Helper()
	sel := p.itemSel(title)
	p.do("toggle "+title, chromedp.Click(chromedp.CSS(sel+" .toggle")))
	return p.itemError(sel)
}

func (p *page) itemError(sel string) string {
	p.t.Helper()
	p.waitFor("the item's error appears", fmt.Sprintf(`!document.querySelector(%q).hidden`, sel+" .item-error"))
	return run(p, "read the item's error", chromedp.Text(chromedp.CSS(sel+" .item-error")))
}
