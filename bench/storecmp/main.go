// Command storecmp measures serve/cmd's throughput on its stores in one
// run: bbolt, PostgreSQL behind one instance, and PostgreSQL behind two
// instances (each loaded by its own wrk with half the connections, the
// figure being the sum), for a read (GET /todos/1) and a durable write
// (POST /todos). bench/stores.sh builds the server and runs it.
//
// The runs are interleaved, round after round (bbolt, one, two; GET, then
// POST), so that drift on a shared machine hits every configuration alike;
// the table gives the median of the rounds and the ratio to bbolt. The
// PostgreSQL cluster is a throwaway one with fsync on, as bbolt syncs too.
// Everything is on 127.0.0.1, and every process is stopped by its PID.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse/serve/pgtest"
)

type config struct {
	name  string
	bases []string // the instances' base URLs
}

type result struct {
	rps    float64
	non2xx int
}

func main() {
	bin := flag.String("bin", "", "serve/cmd binary")
	duration := flag.Duration("d", 5*time.Second, "duration of each wrk run")
	rounds := flag.Int("rounds", 3, "rounds of interleaved runs")
	conns := flag.Int("c", 32, "wrk connections in all (split between the instances)")
	commit := flag.String("commit", "", "the commit measured, for the header")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("storecmp: ")
	if *bin == "" {
		log.Fatal("-bin is required")
	}

	dir, err := os.MkdirTemp("", "storecmp")
	if err != nil {
		log.Fatal(err)
	}
	cluster, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		os.RemoveAll(dir)
		log.Fatal(err)
	}
	var servers []*exec.Cmd
	stop := func() {
		for _, s := range servers {
			s.Process.Signal(syscall.SIGTERM)
			s.Wait()
		}
		cluster.Remove()
		os.RemoveAll(dir)
	}
	fail := func(format string, args ...any) {
		stop()
		log.Fatalf(format, args...)
	}
	start := func(data string) string {
		cmd := exec.Command(*bin, "-addr", "127.0.0.1:0", "-data", data, "-log", "error")
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		var out lineWriter
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		if err := cmd.Start(); err != nil {
			fail("%v", err)
		}
		servers = append(servers, cmd)
		base, err := out.first(10 * time.Second)
		if err != nil {
			fail("%v", err)
		}
		if err := seed(base); err != nil {
			fail("%v", err)
		}
		return base
	}
	one, err := cluster.CreateDatabase()
	if err != nil {
		fail("%v", err)
	}
	two, err := cluster.CreateDatabase()
	if err != nil {
		fail("%v", err)
	}
	configs := []config{
		{"bbolt", []string{start(filepath.Join(dir, "todos.db"))}},
		{"postgres, 1 instance", []string{start(one)}},
		{"postgres, 2 instances", []string{start(two), start(two)}},
	}
	post := filepath.Join(dir, "post.lua")
	os.WriteFile(post, []byte(`wrk.method = "POST"
wrk.body = '{"title":"measure"}'
wrk.headers["Content-Type"] = "application/json"
`), 0o644)

	routes := []string{"GET /todos/1", "POST /todos"}
	results := map[string][]result{}
	for round := range *rounds {
		for _, c := range configs {
			for _, route := range routes {
				r := load(c, route, *conns, *duration, post)
				key := c.name + "|" + route
				results[key] = append(results[key], r)
				fmt.Fprintf(os.Stderr, "round %d %-22s %-13s %9.0f req/s, non-2xx %d\n", round+1, c.name, route, r.rps, r.non2xx)
			}
		}
	}
	stop()

	fmt.Printf("# %s, commit %s, %d CPUs, %s, load average %s\n", time.Now().UTC().Format(time.RFC3339), *commit,
		runtime.NumCPU(), runtime.Version(), loadAverage())
	fmt.Printf("# wrk -c%d -d%s in all per configuration, %d rounds interleaved, medians; PostgreSQL with fsync on\n",
		*conns, *duration, *rounds)
	fmt.Printf("%-24s %-14s %12s %10s %8s\n", "store", "route", "req/s", "vs bbolt", "non-2xx")
	for _, route := range routes {
		anchor := median(results["bbolt|"+route])
		for _, c := range configs {
			rs := results[c.name+"|"+route]
			non2xx := 0
			for _, r := range rs {
				non2xx += r.non2xx
			}
			m := median(rs)
			fmt.Printf("%-24s %-14s %12.0f %9.2fx %8d\n", c.name, route, m, m/anchor, non2xx)
		}
	}
}

// seed creates the to-do that GET /todos/1 reads.
func seed(base string) error {
	res, err := http.Post(base+"/todos", "application/json", strings.NewReader(`{"title":"seed"}`))
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 201 {
		return fmt.Errorf("seed: status %d", res.StatusCode)
	}
	return nil
}

// load runs one wrk per instance at once, conns split between them, and
// sums their figures.
func load(c config, route string, conns int, d time.Duration, postScript string) result {
	method, path, _ := strings.Cut(route, " ")
	var mu sync.Mutex
	var sum result
	var wg sync.WaitGroup
	for _, base := range c.bases {
		wg.Go(func() {
			args := []string{"-t1", "-c" + strconv.Itoa(max(conns/len(c.bases), 1)),
				"-d" + strconv.Itoa(int(d.Seconds())) + "s", "--timeout", "5s"}
			if method == "POST" {
				args = append(args, "-s", postScript)
			}
			cmd := exec.Command("wrk", append(args, base+path)...)
			cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				log.Printf("wrk: %v\n%s", err, out.String())
			}
			r := parseWrk(out.String())
			mu.Lock()
			sum.rps += r.rps
			sum.non2xx += r.non2xx
			mu.Unlock()
		})
	}
	wg.Wait()
	return sum
}

// parseWrk reads "Requests/sec:" and "Non-2xx or 3xx responses:" (and
// socket errors, counted with them) from wrk's report.
func parseWrk(out string) result {
	var r result
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:"):
			n, _ := strconv.Atoi(f[len(f)-1])
			r.non2xx += n
		case len(f) == 10 && f[0] == "Socket" && f[1] == "errors:":
			for _, i := range []int{3, 5, 7, 9} {
				n, _ := strconv.Atoi(strings.TrimSuffix(f[i], ","))
				r.non2xx += n
			}
		}
	}
	return r
}

func median(rs []result) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = r.rps
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// lineWriter takes the server's stdout and hands over its first line,
// "listening on http://HOST:PORT".
type lineWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	done bool
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.buf.Write(p)
	}
	return len(p), nil
}

func (w *lineWriter) first(timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		w.mu.Lock()
		line, _, found := strings.Cut(w.buf.String(), "\n")
		if found {
			w.done = true
		}
		w.mu.Unlock()
		if found {
			base, ok := strings.CutPrefix(line, "listening on ")
			if !ok {
				return "", fmt.Errorf("server's first line %q", line)
			}
			return base, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "", fmt.Errorf("the server did not say where it listens within %v", timeout)
}
