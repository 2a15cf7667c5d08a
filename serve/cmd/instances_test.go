package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve/nginxtest"
	"github.com/ae7539e0/httparse/serve/pgtest"
	"github.com/google/go-cmp/cmp"
)

// A second server on a bbolt file in use exits at once, saying so.
func TestSecondInstanceOnBoltFails(t *testing.T) {
	data := filepath.Join(t.TempDir(), "todos.db")
	start(t, data)
	cmd := exec.Command(binary, "-addr", "127.0.0.1:0", "-data", data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	begin := time.Now()
	err := cmd.Run()
	if err == nil {
		t.Fatal("the second server on one bbolt file started")
	}
	want := "error: todo: open " + data + ": in use by another process"
	if !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr %q, want it to start with %q", stderr.String(), want)
	}
	if took := time.Since(begin); took > 5*time.Second {
		t.Errorf("the second server took %v to give up", took)
	}
}

// -export from bbolt and -import into PostgreSQL move the list with ids and
// versions, and a server on PostgreSQL then carries on from there.
func TestExportImport(t *testing.T) {
	dir := t.TempDir()
	bolt, file := filepath.Join(dir, "todos.db"), filepath.Join(dir, "todos.jsonl")
	cmd, base := start(t, bolt)
	for _, title := range []string{"a", "b", "c"} {
		post(t, base, title)
	}
	patch(t, base, 2, `{"done":true}`, "", 200)
	want := list(t, base)
	client.CloseIdleConnections()
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(binary, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out := run("-data", bolt, "-export", file); out != "exported 3 to-dos from "+bolt+"\n" {
		t.Errorf("-export says %q", out)
	}
	pg := pgtest.Database(t)
	if out := run("-data", pg, "-import", file); !strings.HasPrefix(out, "imported 3 to-dos into postgres://") {
		t.Errorf("-import says %q", out)
	}
	// Once more: the ids are taken now, and nothing is imported.
	if out, err := exec.Command(binary, "-data", pg, "-import", file).CombinedOutput(); err == nil || !strings.Contains(string(out), "id 1 is taken") {
		t.Errorf("second -import: %v %s", err, out)
	}

	_, base = start(t, pg)
	if diff := cmp.Diff(want, list(t, base)); diff != "" {
		t.Errorf("on PostgreSQL after the import (-bbolt +postgres):\n%s", diff)
	}
	if id := post(t, base, "d"); id != 4 {
		t.Errorf("next id %d, want 4", id)
	}
}

// patch sends PATCH /todos/{id} (with If-Match when ifMatch is not empty)
// and fails unless the status is one of want. It returns the status.
func patch(t *testing.T, base string, id int64, body, ifMatch string, want ...int) int {
	t.Helper()
	req, _ := http.NewRequest("PATCH", fmt.Sprintf("%s/todos/%d", base, id), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, w := range want {
		if res.StatusCode == w {
			return w
		}
	}
	t.Errorf("PATCH %d: %d %s, want one of %v", id, res.StatusCode, b, want)
	return res.StatusCode
}

// instance is one serve/cmd process whose log goes to a file.
type instance struct {
	base, addr, log string
	cmd             *exec.Cmd
}

var listenLine = regexp.MustCompile(`^listening on http://(127\.0\.0\.1:[1-9][0-9]*)$`)

// startInstance runs the server on data with its log (level info: one
// line per request) in a file.
func startInstance(t *testing.T, data string) *instance {
	t.Helper()
	in := &instance{log: filepath.Join(t.TempDir(), "server.log")}
	logFile, err := os.Create(in.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	in.cmd = exec.Command(binary, "-addr", "127.0.0.1:0", "-data", data, "-log", "info")
	in.cmd.Stderr = logFile
	stdout, err := in.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if in.cmd.ProcessState == nil {
			in.cmd.Process.Kill()
			in.cmd.Wait()
		}
	})
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	go io.Copy(io.Discard, stdout)
	m := listenLine.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if m == nil {
		t.Fatalf("first line %q", line)
	}
	in.addr, in.base = m[1], "http://"+m[1]
	return in
}

// stop sends SIGTERM and wants exit status 0.
func (in *instance) stop(t *testing.T) {
	t.Helper()
	in.cmd.Process.Signal(syscall.SIGTERM)
	if err := in.cmd.Wait(); err != nil {
		t.Errorf("server %s after SIGTERM: %v", in.addr, err)
	}
}

// logCounts reads the server's log: requests handled, requests the parser
// refused, and the lines at WARN or ERROR.
func (in *instance) logCounts(t *testing.T) (handled, refused int, complaints []string) {
	t.Helper()
	b, err := os.ReadFile(in.log)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.Contains(line, " msg=request "):
			handled++
		case strings.Contains(line, ` msg="bad request"`):
			refused++
			complaints = append(complaints, line)
		case strings.Contains(line, " level=WARN "), strings.Contains(line, " level=ERROR "):
			complaints = append(complaints, line)
		}
	}
	return handled, refused, complaints
}

// Two servers on one PostgreSQL database behind nginx, round-robin: each
// sees what the other wrote at once, concurrent edits of one version
// through both give one 200 and one 412, and every request nginx sent
// (HTTP/1.1, keep-alive to the upstream) was accepted by the parser.
func TestTwoInstancesBehindNginx(t *testing.T) {
	direct := &countingTransport{next: http.DefaultTransport, n: map[string]int{}}
	client.Transport = direct
	defer func() { client.Transport = nil }()
	db := pgtest.Database(t)
	a, b := startInstance(t, db), startInstance(t, db)
	proxy := nginxtest.Start(t, a.addr, b.addr)

	// Written through one, read through the other, and through nginx,
	// whichever instance that picks.
	id := post(t, a.base, "written through a")
	for _, base := range []string{b.base, proxy.URL, proxy.URL} {
		if got := list(t, base); len(got) != 1 || got[0].ID != id || got[0].Title != "written through a" {
			t.Fatalf("list through %s: %+v", base, got)
		}
	}
	id2 := post(t, proxy.URL, "written through nginx")
	for _, in := range []*instance{a, b} {
		if got := list(t, in.base); len(got) != 2 || got[1].ID != id2 {
			t.Errorf("list through %s: %+v", in.addr, got)
		}
	}

	// Concurrent edits of one version, one through each instance, then
	// two through nginx.
	for round, bases := range [][2]string{{a.base, b.base}, {b.base, a.base}, {a.base, b.base}, {proxy.URL, proxy.URL}, {proxy.URL, proxy.URL}} {
		version := list(t, a.base)[0].Version
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, base := range bases {
			wg.Go(func() {
				body := fmt.Sprintf(`{"title":"round %d from %d"}`, round, i)
				statuses[i] = patch(t, base, id, body, fmt.Sprintf(`"%d"`, version), 200, 412)
			})
		}
		wg.Wait()
		if statuses[0]+statuses[1] != 200+412 {
			t.Errorf("round %d: statuses %v, want one 200 and one 412", round, statuses)
		}
		if got := list(t, b.base)[0].Version; got != version+1 {
			t.Errorf("round %d: version %d after one successful edit of %d", round, got, version)
		}
	}

	// A mix of requests on keep-alive connections through nginx.
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Go(func() {
			for n := range 25 {
				switch n % 3 {
				case 0:
					post(t, proxy.URL, fmt.Sprintf("load %d-%d", c, n))
				case 1:
					list(t, proxy.URL)
				case 2:
					patch(t, proxy.URL, id2, `{"done":true}`, "", 200)
				}
			}
		})
	}
	wg.Wait()
	client.CloseIdleConnections()
	if err := proxy.Stop(); err != nil {
		t.Fatal(err)
	}
	a.stop(t)
	b.stop(t)

	entries, err := proxy.AccessLog()
	if err != nil {
		t.Fatal(err)
	}
	perUpstream := map[string]int{}
	for _, e := range entries {
		perUpstream[e.Upstream]++
		if e.UpstreamStatus != fmt.Sprint(e.Status) || e.Status >= 500 || e.Status == 400 {
			t.Errorf("nginx: %+v", e)
		}
	}
	for _, in := range []*instance{a, b} {
		handled, refused, complaints := in.logCounts(t)
		if refused != 0 {
			t.Errorf("%s: the parser refused %d requests from nginx", in.addr, refused)
		}
		for _, line := range complaints {
			t.Errorf("%s log: %s", in.addr, line)
		}
		// Round-robin: each instance gets about half of nginx's requests.
		if want := perUpstream[in.addr] + direct.n[in.addr]; handled != want || perUpstream[in.addr] < len(entries)/3 {
			t.Errorf("%s handled %d requests, want %d: %d of nginx's %d, and %d sent to it directly",
				in.addr, handled, want, perUpstream[in.addr], len(entries), direct.n[in.addr])
		}
	}
	if len(entries) < 80 {
		t.Errorf("nginx logged %d requests, want at least 80", len(entries))
	}
	if t.Failed() {
		t.Logf("nginx error log:\n%s", proxy.ErrorLog())
	}
}

// countingTransport counts the requests sent to each HOST:PORT.
type countingTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	n    map[string]int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n[req.URL.Host]++
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

func (c *countingTransport) CloseIdleConnections() {
	if ci, ok := c.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
