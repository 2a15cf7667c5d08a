// Command load runs wrk with the to-do mix (reliability/wrk/mix.lua)
// against the server on the bbolt store, after a warm-up, and reports
// throughput, latency, errors, memory and whether connections and
// goroutines return to the idle baseline afterwards.
//
//	go run ./reliability/cmd/load -bin ./serve-bin -conns 256 -duration 60s
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
	"github.com/ae7539e0/httparse/reliability/internal/probe"
)

// memSlackKiB is the idle memory growth tolerated whatever the heap size:
// a small heap moves by a few MiB with nothing leaking.
const memSlackKiB = 8 << 10

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	lua := flag.String("lua", "reliability/wrk/mix.lua", "wrk script")
	conns := flag.Int("conns", 256, "wrk connections")
	threads := flag.Int("threads", 2, "wrk threads")
	warmup := flag.Duration("warmup", 10*time.Second, "wrk warm-up before the measured run")
	duration := flag.Duration("duration", 60*time.Second, "measured run")
	serverArgs := flag.String("server-args", "", "extra server flags, space-separated")
	logPath := flag.String("log", "load-server.log", "server output")
	flag.Parse()

	logf, dir := harness.Setup("load", *logPath)
	defer logf.Close()
	extra := strings.Fields(*serverArgs)
	args := append([]string{"-data", filepath.Join(dir, "todos.db"), "-log", "warn"}, extra...)

	_, baseG, err := harness.Baseline(*bin, append([]string{"-data", filepath.Join(dir, "base.db"), "-log", "warn"}, extra...),
		io0{}, func(addr string) { probe.New(addr).Cycle() })
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
	ids := seed(srv.Addr, 100)
	idle, _ := harness.Settle(srv.PID, 5*time.Second)

	url := "http://" + srv.Addr
	wrkArgs := func(d time.Duration) []string {
		return append([]string{fmt.Sprintf("-t%d", *threads), fmt.Sprintf("-c%d", *conns),
			fmt.Sprintf("-d%ds", int(d.Seconds())), "--timeout", "10s", "-s", *lua, url, "--"}, ids...)
	}
	if _, err := runWrk(wrkArgs(*warmup)); err != nil {
		harness.Fatal("warm-up: %v", err)
	}
	// Requests of the warm-up's connections may still wait for a worker
	// after wrk closed them; let the server drain them first, so that
	// the measured run starts from the idle state and not with a queue
	// filled by clients that are gone.
	warm, _, _ := harness.WaitFDs(srv.PID, idle.FDs, 30*time.Second)
	start, _ := harness.ReadStats(srv.PID)

	// Sample memory while the measured run goes on, and probe.
	ctx, cancel := context.WithCancel(context.Background())
	peak := start
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if s, err := harness.ReadStats(srv.PID); err == nil && s.AnonKiB > peak.AnonKiB {
					peak = s
				}
			}
		}
	}()
	pr := probe.New(srv.Addr)
	probed := make(chan struct{})
	go func() { pr.Run(ctx, time.Second); close(probed) }()
	out, err := runWrk(wrkArgs(*duration))
	end, _ := harness.ReadStats(srv.PID)
	cancel()
	<-sampled
	<-probed
	if err != nil {
		harness.Fatal("wrk: %v\n%s", err, out)
	}
	w := parseWrk(out)

	stored := total(srv.Addr) // before the wait: its connection must be gone too
	after, settleTook, _ := harness.WaitFDs(srv.PID, idle.FDs, 20*time.Second)
	shed := bytes.Count(mustRead(*logPath), []byte("queue full"))
	var goroutines int
	if srv.Alive() {
		dump, _ := os.Create(*logPath + ".goroutines")
		goroutines, err = srv.Goroutines(dump)
		dump.Close()
		if err != nil {
			harness.Fatal("goroutines: %v", err)
		}
	}

	fmt.Println("sustained load figures:")
	harness.Figure("wrk", fmt.Sprintf("-t%d -c%d -d%s after a %s warm-up, mix 50%% list / 30%% read / 20%% create", *threads, *conns, *duration, *warmup))
	harness.Figure("requests", w["requests"])
	harness.Figure("req/s", w["req/s"])
	harness.Figure("latency p50 / p99 / max", w["p50"]+" / "+w["p99"]+" / "+w["max"])
	n, _ := strconv.Atoi(w["socket errors"])
	harness.MustZero("socket errors", n)
	if n > 0 {
		fmt.Println("    " + w["socket errors detail"])
	}
	n, _ = strconv.Atoi(w["non-2xx"])
	harness.MustZero("non-2xx responses", n)
	harness.Figure("requests shed with 503 (log)", shed)
	harness.Figure("to-dos in the store at the end", stored)
	// Under load the probe measures the wait a newcomer sees; a request
	// slower than its timeout at saturation is a throughput figure, so
	// it is reported here, not counted as a must-be-zero failure.
	ps := pr.Summary()
	harness.Figure("probe during load ok / over 5s or failed", fmt.Sprintf("%d / %d", ps.Requests, ps.Failures))
	harness.Figure("probe latency p50/p99/max", harness.Ms(ps.P50)+" / "+harness.Ms(ps.P99)+" / "+harness.Ms(ps.Max))
	for _, m := range ps.Failed {
		fmt.Println("    " + m)
	}
	harness.Figure("server idle before warm-up", idle)
	harness.Figure("server idle after warm-up", warm)
	harness.Figure("server at the end of the run", end)
	harness.Figure("server peak anon memory under load", fmt.Sprintf("%.1fMiB", float64(peak.AnonKiB)/1024))
	harness.Figure("server idle after the run", fmt.Sprintf("%v (settled in %s)", after, settleTook.Round(time.Millisecond)))
	// Leaks show as idle memory that grows: compare the server idle after
	// the warm-up with the server idle after the run, both after their
	// connections closed. The heap breathes with the garbage collector,
	// which hands freed memory back to the system only slowly; a quarter
	// more, and at least memSlack more, after a run at constant load
	// would be a leak (a KiB per request is 15 MiB over a full run).
	grew := after.AnonKiB - warm.AnonKiB
	harness.Figure("idle anon memory growth over the run", fmt.Sprintf("%+.1fMiB (%+.1f%%)",
		float64(grew)/1024, 100*float64(grew)/float64(max(warm.AnonKiB, 1))))
	harness.Check(grew <= max(warm.AnonKiB/4, memSlackKiB), "no memory growth after warm-up (idle)")
	harness.MustZero("descriptors above idle after the run", max(0, after.FDs-idle.FDs))
	harness.Figure("goroutines idle baseline / after the run", fmt.Sprintf("%d / %d", baseG, goroutines))
	harness.MustZeroGoroutines(baseG, goroutines, *logPath+".goroutines")
	harness.Exit()
}

// runWrk runs wrk and returns its output.
func runWrk(args []string) ([]byte, error) {
	cmd := exec.Command("wrk", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// parseWrk reads the "key: value" lines mix.lua prints at the end.
func parseWrk(out []byte) map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ": "); ok && !strings.HasPrefix(k, " ") {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// seed creates n to-dos for wrk's script to read, and returns their ids.
func seed(addr string, n int) []string {
	var ids []string
	for i := 0; i < n; i++ {
		resp, err := oneShot.Post("http://"+addr+"/todos", "application/json",
			strings.NewReader(fmt.Sprintf(`{"title":"seed %d","done":false}`, i)))
		if err != nil {
			harness.Fatal("seeding: %v", err)
		}
		loc := resp.Header.Get("Location")
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || loc == "" {
			harness.Fatal("seeding: status %d", resp.StatusCode)
		}
		ids = append(ids, loc[strings.LastIndexByte(loc, '/')+1:])
	}
	return ids
}

// total returns the number of to-dos the server holds: the list's cost
// grows with it.
func total(addr string) int {
	resp, err := oneShot.Get("http://" + addr + "/todos?limit=1")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var v struct {
		Total int `json:"total"`
	}
	if json.NewDecoder(resp.Body).Decode(&v) != nil {
		return -1
	}
	return v.Total
}

func mustRead(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}

// io0 drops the baseline server's output.
type io0 struct{}

func (io0) Write(p []byte) (int, error) { return len(p), nil }

// oneShot sends each request on a connection of its own, so that no
// keep-alive connection of the set-up stays open to be counted as a
// leftover of the test.
var oneShot = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
