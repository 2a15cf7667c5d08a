// Command dbrestart stops and starts the PostgreSQL server under the to-do
// server while wrk sends it POST /todos, and checks that the to-do server
// answers 503 (never 500, never a hang) while the database is down,
// recovers by itself once it is back, and has lost no write it
// acknowledged with 201.
//
// The database is a throwaway cluster with all of its crash safety on; the
// stop is an immediate shutdown by default, which is a crash of the
// database: the next start replays the write-ahead log.
//
//	go run ./reliability/cmd/dbrestart -bin ./serve-bin [-mode immediate|fast]
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
)

// script is the wrk workload: POST /todos on every connection, each 201's
// Location written to a file of the thread's own (line-buffered, so that
// nothing waits in a buffer when wrk ends), and the statuses counted.
const script = `
local threads = {}
function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end
function init(args)
   statuses = {}
   ids = io.open(args[1] .. "." .. id, "w")
   ids:setvbuf("line")
   n = 0
end
function request()
   n = n + 1
   local body = string.format('{"title":"restart %d-%d","done":false}', id, n)
   return wrk.format("POST", "/todos", {["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 201 then
      ids:write(headers["Location"], "\n")
   end
end
function done(summary, latency, requests)
   local all = {}
   for _, t in ipairs(threads) do
      for status, c in pairs(t:get("statuses")) do
         all[status] = (all[status] or 0) + c
      end
   end
   for status, c in pairs(all) do
      io.write(string.format("status %d: %d\n", status, c))
   end
   local e = summary.errors
   io.write(string.format("socket errors: %d\n", e.connect + e.read + e.write + e.timeout))
   io.write(string.format("requests: %d\n", summary.requests))
end
`

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	conns := flag.Int("conns", 16, "wrk connections")
	before := flag.Duration("before", 3*time.Second, "load before the database stops")
	down := flag.Duration("down", 3*time.Second, "time the database stays down")
	after := flag.Duration("after", 4*time.Second, "load after the database is started again")
	mode := flag.String("mode", "immediate", `pg_ctl stop mode: "immediate" (a crash) or "fast"`)
	logPath := flag.String("log", "dbrestart-server.log", "server output")
	flag.Parse()

	logf, dir := harness.Setup("dbrestart", *logPath)
	defer logf.Close()
	cluster, url := harness.Postgres()
	// Short timeouts: while the database is down, a request is answered
	// 503 within a connect timeout.
	srv, err := harness.Start(*bin, []string{"-data", url, "-log", "warn",
		"-db-connect-timeout", "1s", "-db-statement-timeout", "2s"}, logf, 0)
	if err != nil {
		harness.Fatal("%v", err)
	}
	base := "http://" + srv.Addr

	scriptPath, idsPath := filepath.Join(dir, "restart.lua"), filepath.Join(dir, "ids")
	if err := os.WriteFile(scriptPath, []byte(script), 0o644); err != nil {
		harness.Fatal("%v", err)
	}
	total := *before + *down + *after
	wrk := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(*conns), "-d"+strconv.Itoa(int(total.Seconds()+1))+"s",
		"--timeout", "5s", "-s", scriptPath, base, "--", idsPath)
	wrk.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var wrkOut bytes.Buffer
	wrk.Stdout, wrk.Stderr = &wrkOut, &wrkOut
	if err := wrk.Start(); err != nil {
		harness.Fatal("wrk: %v", err)
	}
	client := &http.Client{Timeout: 10 * time.Second}

	time.Sleep(*before) // load on a healthy database first
	stopStart := time.Now()
	if err := cluster.StopServer(*mode); err != nil {
		harness.Fatal("%v", err)
	}
	stopTook := time.Since(stopStart)
	fmt.Printf("  database stopped (-m %s) after %v of load, in %v\n", *mode, *before, stopTook.Round(time.Millisecond))

	// While it is down: probes of each route, which must all be 503.
	probes := map[string]int{}
	var slowest time.Duration
	downUntil := time.Now().Add(*down)
	for time.Now().Before(downUntil) {
		for _, req := range []func() (*http.Response, error){
			func() (*http.Response, error) { return client.Get(base + "/todos/1") },
			func() (*http.Response, error) {
				return client.Post(base+"/todos", "application/json", strings.NewReader(`{"title":"probe"}`))
			},
		} {
			start := time.Now()
			res, err := req()
			slowest = max(slowest, time.Since(start))
			if err != nil {
				probes["error: "+err.Error()]++
				continue
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			key := strconv.Itoa(res.StatusCode)
			if res.StatusCode == 503 && res.Header.Get("Retry-After") == "" {
				key += " without Retry-After"
			}
			probes[key]++
		}
		time.Sleep(100 * time.Millisecond)
	}
	otherWhileDown := 0
	for k, n := range probes {
		if k != "503" {
			otherWhileDown += n
		}
	}
	fmt.Printf("  probes while down: %v, slowest answer %v\n", probes, slowest.Round(time.Millisecond))

	if err := cluster.StartServer(); err != nil {
		harness.Fatal("%v", err)
	}
	started := time.Now()
	recovered := time.Duration(-1)
	for time.Since(started) < 30*time.Second {
		res, err := client.Post(base+"/todos", "application/json", strings.NewReader(`{"title":"probe after"}`))
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 201 {
				recovered = time.Since(started)
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("  database started; first 201 after %v\n", recovered.Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), total+30*time.Second)
	defer cancel()
	waitErr := make(chan error, 1)
	go func() { waitErr <- wrk.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			harness.Fatal("wrk: %v\n%s", err, wrkOut.String())
		}
	case <-ctx.Done():
		wrk.Process.Kill()
		harness.Fatal("wrk did not finish")
	}
	statuses, socketErrors, requests := parseWrk(wrkOut.String())
	fmt.Printf("  wrk: %d requests, statuses %v, %d socket errors\n", requests, statuses, socketErrors)

	acked := readIDs(idsPath)
	stored := listIDs(client, base)
	lost := 0
	for id := range acked {
		if !stored[id] {
			lost++
			if lost <= 10 {
				fmt.Printf("    lost: /todos/%d\n", id)
			}
		}
	}
	otherStatuses := 0
	for st, n := range statuses {
		if st != 201 && st != 503 {
			otherStatuses += n
		}
	}
	code, _, ok := srv.Stop(syscall.SIGTERM, 10*time.Second)
	harness.Check(ok && code == 0, "the server stopped gracefully with status 0")

	fmt.Println("database restart figures:")
	harness.Figure("stop mode", *mode)
	harness.Figure("wrk requests", requests)
	harness.Figure("responses 201", statuses[201])
	harness.Figure("responses 503 (database down)", statuses[503])
	harness.Figure("recovery: first 201 after the start", recovered.Round(time.Millisecond).String())
	harness.Figure("slowest probe answer while down", slowest.Round(time.Millisecond).String())
	harness.Figure("acknowledged writes verified", len(acked)-lost)
	harness.Check(len(acked) > 0 && statuses[503] > 0, "writes were acknowledged, and refused with 503 while down")
	harness.Check(recovered >= 0, "the server recovered within 30s of the database's start")
	harness.MustZero("acknowledged writes lost", lost)
	harness.MustZero("wrk responses other than 201/503", otherStatuses)
	harness.MustZero("probes while down other than 503 with Retry-After", otherWhileDown)
	harness.Exit()
}

// parseWrk reads the lines the script's done() printed.
func parseWrk(out string) (statuses map[int]int, socketErrors, requests int) {
	statuses = map[int]int{}
	for line := range strings.SplitSeq(out, "\n") {
		var a, b int
		if n, _ := fmt.Sscanf(line, "status %d: %d", &a, &b); n == 2 {
			statuses[a] = b
		} else if n, _ := fmt.Sscanf(line, "socket errors: %d", &a); n == 1 {
			socketErrors = a
		} else if n, _ := fmt.Sscanf(line, "requests: %d", &a); n == 1 {
			requests = a
		}
	}
	return statuses, socketErrors, requests
}

// readIDs reads the ids of the Locations the wrk threads recorded.
func readIDs(prefix string) map[int64]bool {
	ids := map[int64]bool{}
	files, _ := filepath.Glob(prefix + ".*")
	if len(files) == 0 {
		harness.Fatal("wrk recorded no Location")
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			harness.Fatal("%v", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			id, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "/todos/"), 10, 64)
			if err != nil {
				harness.Fatal("Location %q in %s", sc.Text(), name)
			}
			ids[id] = true
		}
		f.Close()
	}
	return ids
}

// listIDs pages through GET /todos and returns every id.
func listIDs(c *http.Client, base string) map[int64]bool {
	ids := map[int64]bool{}
	for offset := 0; ; offset += 1000 {
		res, err := c.Get(fmt.Sprintf("%s/todos?limit=1000&offset=%d", base, offset))
		if err != nil {
			harness.Fatal("list: %v", err)
		}
		var page struct {
			Todos []struct{ ID int64 }
			Total int
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			harness.Fatal("list: %d %v", res.StatusCode, err)
		}
		for _, t := range page.Todos {
			ids[t.ID] = true
		}
		if offset+1000 >= page.Total {
			return ids
		}
	}
}
