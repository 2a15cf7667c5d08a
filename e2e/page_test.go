package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The steps a test takes on the to-do page, each bounded by stepTimeout.

// page drives the to-do page in one tab. Every method fails the test when
// its step does not complete within stepTimeout.
type page struct {
	t   *testing.T
	ctx context.Context
}

const stepTimeout = 15 * time.Second

func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// waitFor polls the JavaScript expression until it is truthy.
func (p *page) waitFor(what, expr string) {
	p.t.Helper()
	p.do(what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(stepTimeout-time.Second)))
}

func run[T any](p *page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func (p *page) open(url string) {
	p.t.Helper()
	p.do("open "+url, chromedp.Navigate(url))
	p.waitFor("page loaded its to-dos", `document.body.dataset.loaded === "true"`)
}

func (p *page) reload() {
	p.t.Helper()
	p.do("reload", chromedp.Reload())
	p.waitFor("page loaded its to-dos after reload", `document.body.dataset.loaded === "true"`)
}

func (p *page) items() []item {
	p.t.Helper()
	return run(p, "read the list", chromedp.Evaluate[[]item](`[...document.querySelectorAll("#list .item")].map(li => ({
		title: li.querySelector(".title").textContent,
		done: li.querySelector(".toggle").checked,
	}))`))
}

// itemSel returns a CSS selector for the list item showing title.
func (p *page) itemSel(title string) string {
	p.t.Helper()
	js, _ := json.Marshal(title)
	id := run(p, "find "+title, chromedp.Evaluate[string](fmt.Sprintf(
		`([...document.querySelectorAll("#list .item")].find(li => li.querySelector(".title").textContent === %s) || {dataset: {}}).dataset.id || ""`, js)))
	if id == "" {
		p.t.Fatalf("no item titled %q on the page", title)
	}
	return fmt.Sprintf(`#list .item[data-id="%s"]`, id)
}

func (p *page) count() int {
	return run(p, "count items", chromedp.Evaluate[int](`document.querySelectorAll("#list .item").length`))
}

func (p *page) add(title string) {
	p.t.Helper()
	n := p.count()
	p.do("add "+title,
		clearInput("#new-title"),
		chromedp.SendKeys(chromedp.CSS("#new-title"), title),
		chromedp.Click(chromedp.CSS(`#add-form button[type="submit"]`)),
	)
	p.waitFor("the new item appears", fmt.Sprintf(`document.querySelectorAll("#list .item").length === %d`, n+1))
}

// addInvalid submits title, which the API refuses, and returns the message
// the page shows.
func (p *page) addInvalid(title string) string {
	p.t.Helper()
	n := p.count()
	p.do("submit an invalid title",
		clearInput("#new-title"),
		chromedp.SendKeys(chromedp.CSS("#new-title"), title),
		chromedp.Click(chromedp.CSS(`#add-form button[type="submit"]`)),
	)
	p.waitFor("the error appears", `!document.getElementById("add-error").hidden`)
	if got := p.count(); got != n {
		p.t.Errorf("the list has %d items after a refused add, want %d", got, n)
	}
	return run(p, "read the error", chromedp.Text(chromedp.CSS("#add-error")))
}

func (p *page) toggle(title string) {
	p.t.Helper()
	sel := p.itemSel(title)
	p.do("toggle "+title, chromedp.Click(chromedp.CSS(sel+" .toggle")))
	p.waitFor("the item shows done", fmt.Sprintf(`document.querySelector(%q).classList.contains("done")`, sel))
}

func (p *page) edit(from, to string) {
	p.t.Helper()
	sel := p.submitEdit(from, to)
	js, _ := json.Marshal(to)
	p.waitFor("the new title shows", fmt.Sprintf(
		`(el => !el.querySelector(".title").hidden && el.querySelector(".title").textContent === %s)(document.querySelector(%q))`, js, sel))
}

// submitEdit opens the editor of the item titled from, types to in place
// of its title and presses Enter; it returns the item's selector.
func (p *page) submitEdit(from, to string) string {
	p.t.Helper()
	sel := p.itemSel(from)
	p.do("edit "+from,
		chromedp.Click(chromedp.CSS(sel+" .edit")),
		chromedp.WaitVisible(chromedp.CSS(sel+" .edit-input")),
		clearInput(sel+" .edit-input"),
		chromedp.SendKeys(chromedp.CSS(sel+" .edit-input"), to+kb.Enter),
	)
	return sel
}

// editInvalid tries to give the item titled from the refused title to,
// reads the message shown under it, and cancels with Escape.
func (p *page) editInvalid(from, to string) string {
	p.t.Helper()
	sel := p.itemSel(from)
	p.do("edit "+from,
		chromedp.Click(chromedp.CSS(sel+" .edit")),
		chromedp.WaitVisible(chromedp.CSS(sel+" .edit-input")),
		chromedp.SetValue(chromedp.CSS(sel+" .edit-input"), to),
		chromedp.SendKeys(chromedp.CSS(sel+" .edit-input"), kb.Enter),
	)
	p.waitFor("the item's error appears", fmt.Sprintf(`!document.querySelector(%q).hidden`, sel+" .item-error"))
	msg := run(p, "read the item's error", chromedp.Text(chromedp.CSS(sel+" .item-error")))
	p.do("cancel the edit", chromedp.SendKeys(chromedp.CSS(sel+" .edit-input"), kb.Escape))
	js, _ := json.Marshal(from)
	p.waitFor("the old title is back", fmt.Sprintf(
		`(el => !el.querySelector(".title").hidden && el.querySelector(".edit-input").hidden && el.querySelector(".title").textContent === %s)(document.querySelector(%q))`, js, sel))
	return msg
}

func (p *page) remove(title string) {
	p.t.Helper()
	sel := p.itemSel(title)
	p.do("delete "+title, chromedp.Click(chromedp.CSS(sel+" .delete")))
	p.waitFor("the item is gone", fmt.Sprintf(`document.querySelector(%q) === null`, sel))
}

// clearInput empties the input sel. (chromedp.SetValue with "" reports a
// failure, since it checks that the value it set is truthy.)
func clearInput(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel))
}

func (p *page) mustBeHidden(sel string) {
	p.t.Helper()
	if !run(p, "check "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).hidden`, sel))) {
		p.t.Errorf("%s is still shown", sel)
	}
}

// checkLoading runs the page's load again and checks what shows while the
// request is in flight: the loading line, the list marked busy, and no
// "nothing to do". Everything before load's first await runs before
// Evaluate returns its promise, so what "during" sees is deterministic.
func (p *page) checkLoading() {
	p.t.Helper()
	type state struct {
		Loading bool   `json:"loading"`
		Busy    string `json:"busy"`
		Empty   bool   `json:"empty"`
	}
	const read = `({
		loading: !document.getElementById("loading").hidden && document.getElementById("loading").getClientRects().length > 0,
		busy: document.getElementById("list").getAttribute("aria-busy"),
		empty: !document.getElementById("empty").hidden,
	})`
	got := run(p, "reload the list", chromedp.Evaluate[[2]state](`(async () => {
		const done = load();
		const during = `+read+`;
		await done;
		return [during, `+read+`];
	})()`, chromedp.EvalAwaitPromise))
	if want := (state{Loading: true, Busy: "true"}); got[0] != want {
		p.t.Errorf("while the list loads: %+v, want %+v", got[0], want)
	}
	if want := (state{Loading: false, Busy: "false"}); got[1] != want {
		p.t.Errorf("after the list loaded: %+v, want %+v", got[1], want)
	}
}

// checkFits sets the window to width × height and checks that the page
// fits it: no horizontal overflow, and with a short list no vertical
// overflow either, so no scrollbar.
func (p *page) checkFits(width, height int64) {
	p.t.Helper()
	p.do(fmt.Sprintf("set the viewport to %dx%d", width, height), chromedp.EmulateViewport(width, height))
	type metrics struct {
		ScrollWidth, ScrollHeight, InnerWidth, InnerHeight int64
		CardLeft, CardRight                                float64
	}
	m := run(p, "measure the page", chromedp.Evaluate[metrics](`(() => {
		const card = document.querySelector("main").getBoundingClientRect();
		return {
			ScrollWidth: document.documentElement.scrollWidth, ScrollHeight: document.documentElement.scrollHeight,
			InnerWidth: window.innerWidth, InnerHeight: window.innerHeight,
			CardLeft: card.left, CardRight: card.right,
		};
	})()`))
	if m.InnerWidth != width || m.InnerHeight != height {
		p.t.Fatalf("viewport %dx%d, want %dx%d", m.InnerWidth, m.InnerHeight, width, height)
	}
	if m.ScrollWidth > m.InnerWidth {
		p.t.Errorf("%dx%d: the document is %d px wide: it scrolls sideways", width, height, m.ScrollWidth)
	}
	if m.ScrollHeight > m.InnerHeight {
		p.t.Errorf("%dx%d: the document is %d px high with a short list: it scrolls", width, height, m.ScrollHeight)
	}
	// The card keeps clear of the window's edges.
	if m.CardLeft < 8 || float64(width)-m.CardRight < 8 {
		p.t.Errorf("%dx%d: the card spans %.0f to %.0f px: it touches the edges", width, height, m.CardLeft, m.CardRight)
	}
}

// screenshot saves the page as it shows in the current viewport as a PNG
// at path.
func (p *page) screenshot(path string) {
	p.t.Helper()
	png := run(p, "screenshot", chromedp.FullScreenshot(100))
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		p.t.Fatalf("screenshot is not a PNG")
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s (%d bytes)", path, len(png))
}
