package e2e

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// inCI reports whether the test runs in CI, where a browser that cannot
// start is a failure rather than a reason to skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// unavailable fails the test in CI and skips it elsewhere.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	if inCI() {
		t.Fatalf(format, args...)
	}
	t.Skipf(format+" (set CI=true to make this a failure)", args...)
}

// chromiumPath finds the browser: $CHROMIUM when set, else the names
// Debian and others install it under.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts headless Chromium with a fresh profile and returns a
// chromedp context for one tab. Every network event of the tab goes to nl.
func browser(t *testing.T, nl *netLog) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		unavailable(t, "no Chromium found (apt-get install chromium, or set CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(960, 720),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(nl.record))
	t.Cleanup(func() {
		cancelTab()   // closes the tab and the browser
		cancelAlloc() // waits for the browser process to exit
	})
	// The first Do starts the browser and binds it to tab, which has no
	// deadline; each step gets its own timeout from the caller.
	if err := chromedp.Do(tab); err != nil {
		unavailable(t, "Chromium at %s did not start: %v", path, err)
	}
	return tab
}

// netLog records what the browser asked of the server under test.
type netLog struct {
	mu        sync.Mutex
	prefix    string // only URLs under it count
	urls      map[network.RequestID]string
	sent      int            // requests sent
	responses map[int]int    // responses by status
	failed    []string       // requests that got no response
	paths     map[string]int // requests by path, for the test log
}

// watch makes requests to URLs under prefix count from now on.
func (nl *netLog) watch(prefix string) {
	nl.mu.Lock()
	defer nl.mu.Unlock()
	nl.prefix = prefix
}

func (nl *netLog) record(ev any) {
	nl.mu.Lock()
	defer nl.mu.Unlock()
	if nl.urls == nil {
		nl.urls, nl.responses, nl.paths = map[network.RequestID]string{}, map[int]int{}, map[string]int{}
	}
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if nl.prefix == "" || !strings.HasPrefix(ev.Request.URL, nl.prefix) {
			return
		}
		nl.urls[ev.RequestID] = ev.Request.URL
		nl.sent++
		nl.paths[ev.Request.Method+" "+strings.TrimPrefix(ev.Request.URL, nl.prefix)]++
	case *network.EventResponseReceived:
		if _, ok := nl.urls[ev.RequestID]; ok {
			nl.responses[int(ev.Response.Status)]++
		}
	case *network.EventLoadingFailed:
		if url, ok := nl.urls[ev.RequestID]; ok {
			nl.failed = append(nl.failed, url+": "+ev.ErrorText)
		}
	}
}

// snapshot returns copies of the counts.
func (nl *netLog) snapshot() (sent int, responses map[int]int, failed []string, paths map[string]int) {
	nl.mu.Lock()
	defer nl.mu.Unlock()
	return nl.sent, maps.Clone(nl.responses), slices.Clone(nl.failed), maps.Clone(nl.paths)
}
