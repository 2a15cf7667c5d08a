// Command exhaust runs the server with few file descriptors (ulimit -n) and
// opens far more connections than it can accept. While they are held, the
// server must back off on its failing accept (not spin a core) and log the
// condition at a bounded rate; once they are released it must serve the
// probe again and return to its idle descriptor count.
//
//	go run ./reliability/cmd/exhaust -bin ./serve-bin -nofile 256 -conns 1000
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
	"github.com/ae7539e0/httparse/reliability/internal/probe"
)

// maxCPUShare is the share of one core the server may use while it cannot
// accept. A retry loop without backoff takes a whole core; one with the
// 5ms-to-1s backoff takes next to nothing.
const maxCPUShare = 0.25

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	nofile := flag.Int("nofile", 256, "the server's descriptor limit (ulimit -n)")
	conns := flag.Int("conns", 1000, "connections to open and hold")
	hold := flag.Duration("hold", 10*time.Second, "how long to hold them")
	logPath := flag.String("log", "exhaust-server.log", "server output")
	flag.Parse()

	logf, dir := harness.Setup("exhaust", *logPath)
	defer logf.Close()
	// The header timeout is longer than the hold, so that the server does
	// not free descriptors by cutting the idle connections itself.
	args := []string{"-data", filepath.Join(dir, "todos.db"), "-log", "info",
		"-read-header-timeout", (*hold + 20*time.Second).String()}
	srv, err := harness.Start(*bin, args, logf, *nofile)
	if err != nil {
		harness.Fatal("%v", err)
	}
	defer func() {
		if srv.Alive() {
			srv.Kill()
		}
	}()
	warm := probe.New(srv.Addr)
	warm.Cycle()
	idle, _ := harness.Settle(srv.PID, 5*time.Second)

	// Open the connections. The kernel completes handshakes into the
	// listen backlog whether or not the server can accept, so most dials
	// succeed; what piles up is on the server's side.
	held := make([]net.Conn, 0, *conns)
	var mu sync.Mutex
	var dialErrs int
	var wg sync.WaitGroup
	sem := make(chan struct{}, 50)
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := net.DialTimeout("tcp", srv.Addr, 3*time.Second)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				dialErrs++
				return
			}
			held = append(held, c)
		}()
	}
	wg.Wait()
	logBefore := countAcceptLogs(*logPath)
	startStats, _ := harness.ReadStats(srv.PID)
	start := time.Now()

	// One probe cycle during the hold: it may fail, there is no descriptor
	// for it, but it must not hang past its timeout.
	during := probe.New(srv.Addr)
	during.Cycle()
	time.Sleep(*hold - time.Since(start)) // the hold is the experiment
	endStats, _ := harness.ReadStats(srv.PID)
	heldFor := time.Since(start)
	logLines := countAcceptLogs(*logPath) - logBefore
	cpuShare := float64(endStats.CPU-startStats.CPU) / float64(heldFor)

	for _, c := range held {
		c.Close()
	}
	released := time.Now()

	// Recovery: probe until a cycle passes, bounded.
	var recovered time.Duration = -1
	for time.Since(released) < 20*time.Second {
		p := probe.New(srv.Addr)
		p.Cycle()
		if s := p.Summary(); s.Failures == 0 {
			recovered = time.Since(released)
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	after := probe.New(srv.Addr)
	for i := 0; i < 5; i++ {
		after.Cycle()
	}
	final, settle, _ := harness.WaitFDs(srv.PID, idle.FDs, 15*time.Second)
	alive := srv.Alive()

	fmt.Println("resource exhaustion figures:")
	harness.Figure("server descriptor limit", *nofile)
	harness.Figure("connections opened / dial errors", fmt.Sprintf("%d / %d", len(held), dialErrs))
	harness.Figure("server fds idle / while held", fmt.Sprintf("%d / %d", idle.FDs, endStats.FDs))
	harness.Figure("server CPU while exhausted", fmt.Sprintf("%.1f%% of a core over %s", 100*cpuShare, heldFor.Round(time.Millisecond)))
	harness.Check(cpuShare < maxCPUShare, fmt.Sprintf("accept backs off (CPU < %.0f%% of a core)", 100*maxCPUShare))
	harness.Figure("accept-error log lines while held", fmt.Sprintf("%d in %s", logLines, heldFor.Round(time.Second)))
	// With a 5ms..1s backoff, one line per retry is about 8 lines in the
	// first second and one per second after: bounded by the interval, not
	// by the number of errors.
	harness.Check(float64(logLines) <= heldFor.Seconds()+10, "accept errors logged at most about once a second")
	ds := during.Summary()
	// With every descriptor held the probe has none to be accepted on, so
	// failing is expected; the check is that it returned within its timeout.
	harness.Figure("probe while every descriptor is held (expected to fail, not hang): answered / failed", fmt.Sprintf("%d / %d", ds.Requests, ds.Failures))
	harness.Figure("time to serve the probe after release", recovered.Round(time.Millisecond))
	harness.Check(recovered >= 0, "probe served again after release")
	after.Summary().Report("after release: ")
	harness.Figure("server after release", fmt.Sprintf("%v (settled in %s)", final, settle.Round(time.Millisecond)))
	harness.MustZero("descriptors above idle after release", max(0, final.FDs-idle.FDs))
	harness.Check(alive, "server alive")
	harness.Exit()
}

// countAcceptLogs counts the server's log lines about failed accepts.
func countAcceptLogs(path string) int {
	b, _ := os.ReadFile(path)
	n := 0
	for _, l := range bytes.Split(b, []byte("\n")) {
		if bytes.Contains(l, []byte("accept")) && (bytes.Contains(l, []byte("too many open files")) || bytes.Contains(l, []byte("level=WARN")) || bytes.Contains(l, []byte(`"WARN"`))) {
			n++
		}
	}
	return n
}
