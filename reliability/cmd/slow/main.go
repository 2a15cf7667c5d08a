// Command slow runs slowhttptest against the server in four modes, one
// after the other: slow headers (slowloris, -H), slow body (-B), a slow
// body large enough to stream to its handler (-B with 1000000 bytes) and
// slow read (-X). While each runs, a probe does CRUD once a second and must
// always succeed. It reports when the server cut the slow connections and
// whether it came back to its idle descriptors, memory and goroutines.
//
//	go run ./reliability/cmd/slow -bin ./serve-bin -duration 60s
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
	"github.com/ae7539e0/httparse/reliability/internal/probe"
)

// mode is one slowhttptest attack.
type mode struct {
	name  string
	flags func(url string, conns int) []string
}

var modes = map[string]mode{
	"H": {"slow headers (slowloris, -H)", func(url string, c int) []string {
		return []string{"-H", "-c", fmt.Sprint(c), "-r", "200", "-i", "5", "-x", "24", "-t", "GET", "-u", url + "/todos?limit=1"}
	}},
	"B": {"slow body (-B)", func(url string, c int) []string {
		return []string{"-B", "-c", fmt.Sprint(c), "-r", "200", "-i", "5", "-x", "10", "-s", "8192", "-t", "POST",
			"-f", "application/json", "-u", url + "/todos"}
	}},
	// A body over the server's MaxBufferedBody streams to its handler,
	// which holds a worker while it trickles in: the streaming slots bound
	// how many, and the probe shows whether other requests still pass.
	"S": {"slow streamed body (-B, 1000000 bytes)", func(url string, c int) []string {
		return []string{"-B", "-c", fmt.Sprint(c), "-r", "200", "-i", "5", "-x", "10", "-s", "1000000", "-t", "POST",
			"-f", "application/json", "-u", url + "/todos"}
	}},
	"X": {"slow read (-X)", func(url string, c int) []string {
		return []string{"-X", "-c", fmt.Sprint(c), "-r", "200", "-w", "16", "-y", "64", "-n", "2", "-z", "32", "-k", "3",
			"-u", url + "/todos?limit=200"}
	}},
}

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	which := flag.String("modes", "HBSX", "slowhttptest modes to run, in order")
	conns := flag.Int("conns", 1000, "slowloris connections (the other modes use half)")
	duration := flag.Duration("duration", 60*time.Second, "length of each attack")
	serverArgs := flag.String("server-args", "", "extra server flags, space-separated")
	logPath := flag.String("log", "slow-server.log", "server output")
	outDir := flag.String("out", ".", "where slowhttptest writes its CSV")
	flag.Parse()

	logf, dir := harness.Setup("slow", *logPath)
	defer logf.Close()
	extra := strings.Fields(*serverArgs)
	args := append([]string{"-data", filepath.Join(dir, "todos.db"), "-log", "info"}, extra...)

	_, baseG, err := harness.Baseline(*bin, append([]string{"-data", filepath.Join(dir, "base.db")}, extra...),
		discard{}, func(addr string) { probe.New(addr).Cycle() })
	if err != nil {
		harness.Fatal("baseline: %v", err)
	}
	srv, err := harness.Start(*bin, args, logf, 0)
	if err != nil {
		harness.Fatal("%v", err)
	}
	defer func() {
		if srv.Alive() {
			srv.Kill()
		}
	}()
	// A list big enough that a slow reader cannot take it in one window.
	fill(srv.Addr, 200)
	probe.New(srv.Addr).Cycle()
	idle, _ := harness.Settle(srv.PID, 5*time.Second)
	fmt.Printf("slow clients: server idle %v; server flags %q\n", idle, extra)

	for _, m := range *which {
		md, ok := modes[string(m)]
		if !ok {
			harness.Fatal("unknown mode %q", m)
		}
		c := *conns
		if m != 'H' {
			c /= 2
		}
		attack(srv, md, c, *duration, idle, filepath.Join(*outDir, "slowhttptest-"+string(m)))
	}

	var goroutines int
	if srv.Alive() {
		dump, _ := os.Create(*logPath + ".goroutines")
		goroutines, err = srv.Goroutines(dump)
		dump.Close()
		if err != nil {
			harness.Fatal("goroutines: %v", err)
		}
	}
	fmt.Println("slow clients, after all modes:")
	harness.Figure("goroutines idle baseline / after", fmt.Sprintf("%d / %d", baseG, goroutines))
	harness.MustZeroGoroutines(baseG, goroutines, *logPath+".goroutines")
	harness.Exit()
}

// attack runs one slowhttptest mode with the probe beside it.
func attack(srv *harness.Server, m mode, conns int, d time.Duration, idle harness.Stats, prefix string) {
	url := "http://" + srv.Addr
	secs := int(d.Seconds())
	flags := append(m.flags(url, conns), "-l", fmt.Sprint(secs), "-p", "3", "-g", "-o", prefix)
	// Go lowers the descriptor limit of the processes it starts back to
	// the soft limit it found; slowhttptest needs one per connection.
	cmd := exec.Command("/bin/sh", append([]string{"-c", `ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec slowhttptest "$@"`, "sh"}, flags...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	ctx, cancel := context.WithCancel(context.Background())
	pr := probe.New(srv.Addr)
	probed := make(chan struct{})
	go func() { pr.Run(ctx, time.Second); close(probed) }()

	start := time.Now()
	if err := cmd.Start(); err != nil {
		harness.Fatal("slowhttptest: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Sample the server's descriptors: the server's own view of when it
	// let the slow connections go.
	var peak harness.Stats
	var peakAt, fellAt time.Duration = 0, -1
	ticker := time.NewTicker(250 * time.Millisecond)
	limit := time.After(d + 60*time.Second)
	var werr error
loop:
	for {
		select {
		case werr = <-done:
			break loop
		case <-limit:
			cmd.Process.Signal(syscall.SIGKILL)
			werr = <-done
			break loop
		case <-ticker.C:
			s, err := harness.ReadStats(srv.PID)
			if err != nil {
				continue
			}
			if s.FDs > peak.FDs {
				peak, peakAt, fellAt = s, time.Since(start), -1
			} else if fellAt < 0 && peak.FDs > idle.FDs+10 && s.FDs < idle.FDs+(peak.FDs-idle.FDs)/2 {
				fellAt = time.Since(start)
			}
		}
	}
	ticker.Stop()
	ran := time.Since(start)
	cancel()
	<-probed

	after, settle, _ := harness.WaitFDs(srv.PID, idle.FDs, 60*time.Second)
	rows := readCSV(prefix + ".csv")

	fmt.Printf("%s, %d connections, %ds:\n", m.name, conns, secs)
	if werr != nil {
		fmt.Printf("    slowhttptest: %v\n%s\n", werr, tail(out.String(), 15))
	}
	harness.Figure("slowhttptest ran", ran.Round(time.Second))
	harness.Figure("connections held at peak (client / server fds)", fmt.Sprintf("%d / %d at %s", maxCol(rows, "connected"), peak.FDs, peakAt.Round(time.Second)))
	harness.Figure("server cut them (fds below half the peak) at", cutLine(fellAt))
	harness.Figure("first connection closed by the server at", firstClose(rows))
	harness.Figure("slowhttptest's own probe: service unavailable", fmt.Sprintf("%ds", unavailable(rows)))
	pr.Summary().Report("")
	harness.Figure("server at peak", peak)
	harness.Figure("server after", fmt.Sprintf("%v (back to idle fds in %s)", after, settle.Round(time.Millisecond)))
	harness.MustZero("descriptors above idle after the attack", max(0, after.FDs-idle.FDs))
	harness.Check(srv.Alive(), "server alive")
}

func cutLine(d time.Duration) string {
	if d < 0 {
		return "not within the attack"
	}
	return d.Round(time.Second).String()
}

// readCSV reads slowhttptest's statistics: one row per second with the
// columns Seconds, Closed, Pending, Connected, Service Available.
func readCSV(path string) []map[string]string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		return nil
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(r) {
				m[strings.ToLower(strings.TrimSpace(h))] = strings.TrimSpace(r[i])
			}
		}
		rows = append(rows, m)
	}
	return rows
}

func maxCol(rows []map[string]string, col string) int {
	n := 0
	for _, r := range rows {
		v, _ := strconv.Atoi(r[col])
		n = max(n, v)
	}
	return n
}

// firstClose is the second of the first row with closed connections.
func firstClose(rows []map[string]string) string {
	for _, r := range rows {
		if v, _ := strconv.Atoi(r["closed"]); v > 0 {
			return r["seconds"] + "s"
		}
	}
	return "none within the attack"
}

// unavailable counts the seconds slowhttptest's probe found the service
// unavailable (its "service available" column is 0).
func unavailable(rows []map[string]string) int {
	n := 0
	for _, r := range rows {
		if r["service available"] == "0" {
			n++
		}
	}
	return n
}

// fill creates n to-dos with long titles.
func fill(addr string, n int) {
	title := strings.Repeat("slow read filler ", 11)
	for i := 0; i < n; i++ {
		resp, err := oneShot.Post("http://"+addr+"/todos", "application/json",
			strings.NewReader(fmt.Sprintf(`{"title":"%s%d","done":false}`, title, i)))
		if err != nil {
			harness.Fatal("fill: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			harness.Fatal("fill: status %d", resp.StatusCode)
		}
	}
}

func tail(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// discard drops the baseline server's output.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// oneShot sends each request on a connection of its own, so that no
// keep-alive connection of the set-up stays open to be counted as a
// leftover of the test.
var oneShot = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
