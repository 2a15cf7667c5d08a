// Package probe is the client that checks a server stays usable while it
// is under attack: once per interval it creates, reads, updates and deletes
// a to-do, each request on a fresh connection, and records every latency
// and every failure.
package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
)

// requestTimeout bounds one probe request. A server that keeps the probe
// waiting longer than this is failing it.
const requestTimeout = 5 * time.Second

// maxKeptFailures bounds how many failure messages are kept for the report.
const maxKeptFailures = 20

// Probe runs CRUD cycles against one server.
type Probe struct {
	base   string
	client *http.Client

	mu        sync.Mutex
	latencies []time.Duration
	failures  int
	messages  []string
	cycles    int
}

// New returns a Probe for the server at addr (HOST:PORT on 127.0.0.1).
// Keep-alives are off so that each request needs a new connection: the
// accept path is what slow and hostile clients compete for.
func New(addr string) *Probe {
	tr := &http.Transport{
		DisableKeepAlives: true,
		DialContext:       (&net.Dialer{Timeout: requestTimeout}).DialContext,
	}
	return &Probe{
		base:   "http://" + addr,
		client: &http.Client{Transport: tr, Timeout: requestTimeout},
	}
}

// Run does one cycle per interval until ctx is done.
func (p *Probe) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		p.Cycle()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Cycle creates a to-do, reads it back, marks it done and deletes it.
// It stops at the first failed step: the later ones depend on it.
func (p *Probe) Cycle() {
	p.mu.Lock()
	p.cycles++
	n := p.cycles
	p.mu.Unlock()

	title := fmt.Sprintf("probe %d %d", time.Now().UnixNano(), n)
	body, ok := p.do("POST", "/todos", `{"title":"`+title+`","done":false}`, http.StatusCreated)
	if !ok {
		return
	}
	var created struct {
		ID any `json:"id"`
	}
	if err := json.Unmarshal(body, &created); err != nil || created.ID == nil {
		p.fail("POST /todos: no id in %q", trim(body))
		return
	}
	path := fmt.Sprintf("/todos/%v", created.ID)
	if body, ok = p.do("GET", path, "", http.StatusOK); !ok {
		return
	}
	if !bytes.Contains(body, []byte(title)) {
		p.fail("GET %s: title missing from %q", path, trim(body))
		return
	}
	if _, ok = p.do("PATCH", path, `{"done":true}`, http.StatusOK); !ok {
		return
	}
	p.do("DELETE", path, "", http.StatusNoContent)
}

// do sends one request and checks its status.
func (p *Probe) do(method, path, body string, want int) ([]byte, bool) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, p.base+path, rd)
	if err != nil {
		p.fail("%s %s: %v", method, path, err)
		return nil, false
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := p.client.Do(req)
	if err != nil {
		p.fail("%s %s: %v", method, path, err)
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		p.fail("%s %s: reading body: %v", method, path, err)
		return nil, false
	}
	if resp.StatusCode != want {
		p.fail("%s %s: status %d, want %d: %q", method, path, resp.StatusCode, want, trim(b))
		return nil, false
	}
	p.mu.Lock()
	p.latencies = append(p.latencies, took)
	p.mu.Unlock()
	return b, true
}

func (p *Probe) fail(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures++
	if len(p.messages) < maxKeptFailures {
		p.messages = append(p.messages, time.Now().Format("15:04:05.000")+" "+fmt.Sprintf(format, args...))
	}
}

// Summary is what a Probe saw.
type Summary struct {
	Requests  int // successful requests
	Failures  int // failed requests (a failed request ends its cycle)
	P50, P99  time.Duration
	Max       time.Duration
	Failed    []string // the first failures, for the report
	Durations []time.Duration
}

// Summary returns the figures so far.
func (p *Probe) Summary() Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := append([]time.Duration(nil), p.latencies...)
	s := Summary{Requests: len(d), Failures: p.failures, Failed: append([]string(nil), p.messages...)}
	s.P50 = harness.Percentile(d, 50)
	s.P99 = harness.Percentile(d, 99)
	if len(d) > 0 {
		s.Max = d[len(d)-1]
	}
	return s
}

// Report prints the summary as figures; probe failures must be zero.
func (s Summary) Report(prefix string) {
	harness.Figure(prefix+"probe requests ok", s.Requests)
	harness.Figure(prefix+"probe latency p50/p99/max", harness.Ms(s.P50)+" / "+harness.Ms(s.P99)+" / "+harness.Ms(s.Max))
	harness.MustZero(prefix+"probe failures", s.Failures)
	for _, m := range s.Failed {
		fmt.Println("    " + m)
	}
}

func trim(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "..."
	}
	return string(b)
}
