// Command servercmp compares serve/cmd with the net/http and fasthttp
// reference servers under wrk; bench/server.sh builds the three servers and
// runs it.
//
// For each round, route and connection count, wrk loads the three servers
// in turn (A B C, then A B C again the next round), so that drift on a
// shared machine hits all three alike. Then it reads each server's peak RSS
// (VmHWM), and on fresh processes the RSS each one gains per idle keep-alive
// connection. Everything is on 127.0.0.1; every process it starts is
// stopped by its PID, and killed by the kernel if this program dies first.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// seedCount is how many to-dos serve/cmd is given before the runs.
const seedCount = 20

// routes are the two routes every server answers alike.
var routes = []string{"/hello?name=x", "/todos"}

// connCounts: one connection shows latency, 64 the usual load, 512 scale.
var connCounts = []int{1, 64, 512}

type config struct {
	bin      string // directory with the serve, nethttp and fasthttp binaries
	out      string // directory for results and server logs
	duration time.Duration
	rounds   int
	idle     int
	pin      bool
	commit   string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "directory holding the serve, nethttp and fasthttp binaries")
	flag.StringVar(&cfg.out, "o", "", "directory for server.txt (the measurements) and the server logs")
	flag.DurationVar(&cfg.duration, "d", 10*time.Second, "duration of each wrk run")
	flag.IntVar(&cfg.rounds, "rounds", 2, "rounds of A B C runs")
	flag.IntVar(&cfg.idle, "idle", 5000, "idle keep-alive connections opened to each server")
	flag.BoolVar(&cfg.pin, "pin", true, "with 2 or more CPUs, run the servers on CPU 0 and wrk on CPU 1")
	flag.StringVar(&cfg.commit, "commit", "", "the commit being measured, for the results file")
	stats := flag.String("stats", "", "only print the tables for this measurements file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("servercmp: ")

	if *stats != "" {
		f, err := os.Open(*stats)
		if err != nil {
			log.Fatal(err)
		}
		st := newStats()
		if err := st.read(f); err != nil {
			log.Fatal(err)
		}
		st.printLoad(os.Stdout)
		st.printMemory(os.Stdout)
		return
	}
	if cfg.bin == "" || cfg.out == "" {
		log.Fatal("-bin and -o are required")
	}
	r := &runner{config: cfg, st: newStats(), live: map[*server]bool{}}
	go r.stopOnSignal()
	err := r.run()
	r.stopAll()
	if err != nil {
		log.Fatal(err)
	}
}

// runner holds the state of one comparison.
type runner struct {
	config
	serverPin, wrkPin []string
	results           *os.File
	st                *stats

	mu   sync.Mutex
	live map[*server]bool // servers started and not yet stopped
}

func (r *runner) run() error {
	if r.pin && runtime.NumCPU() >= 2 {
		if _, err := exec.LookPath("taskset"); err == nil {
			r.serverPin, r.wrkPin = []string{"taskset", "-c", "0"}, []string{"taskset", "-c", "1"}
		}
	}
	var err error
	r.results, err = os.Create(filepath.Join(r.out, "server.txt"))
	if err != nil {
		return err
	}
	defer r.results.Close()
	r.comment(fmt.Sprintf("%s, commit %s, %s, %d CPUs, %s, load average %s",
		time.Now().UTC().Format(time.RFC3339), r.commit, cpuModel(), runtime.NumCPU(), runtime.Version(), loadAverage()))
	r.comment(fmt.Sprintf("wrk -t1 -d%s, %d rounds, servers pinned: %q, wrk pinned: %q, %d idle connections",
		r.duration, r.rounds, strings.Join(r.serverPin, " "), strings.Join(r.wrkPin, " "), r.idle))

	if err := r.load(); err != nil {
		return err
	}
	if err := r.idleMemory(); err != nil {
		return err
	}
	r.comment("load average at the end " + loadAverage())
	fmt.Println()
	r.st.printLoad(os.Stdout)
	r.st.printMemory(os.Stdout)
	return nil
}

// load runs the wrk rounds on the three servers, started once and seeded
// alike, then records their peak RSS.
func (r *runner) load() error {
	srv, err := r.startSeeded()
	if err != nil {
		return err
	}
	for _, name := range servers {
		runWrk(r.wrkPin, "http://"+srv[name].addr+routes[0], 64, time.Second) // warm-up
	}
	for round := 1; round <= r.rounds; round++ {
		for _, route := range routes {
			for _, c := range connCounts {
				for _, name := range servers {
					if err := r.wrkRun(srv[name], round, route, c); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, name := range servers {
		hwm, err := srv[name].statusKB("VmHWM")
		if err != nil {
			return err
		}
		r.record(fmt.Sprintf("hwm %s %d", name, hwm))
		r.stop(srv[name])
	}
	return nil
}

// wrkRun runs wrk once and records the result with the server CPU time it
// cost: other processes on the server's CPU lower req/s but hardly change
// the CPU time a request takes.
func (r *runner) wrkRun(s *server, round int, route string, conns int) error {
	cpu0, err := s.cpuTime()
	if err != nil {
		return err
	}
	res := runWrk(r.wrkPin, "http://"+s.addr+route, conns, r.duration)
	cpu1, err := s.cpuTime()
	if err != nil {
		return err
	}
	if cpu := cpu1 - cpu0; cpu > 0 {
		res.perCPUSecs = float64(res.requests) / cpu.Seconds()
	}
	if !res.ok {
		log.Printf("wrk against %s %s with %d connections gave no result (recorded as a failed run):\n%s",
			s.name, route, conns, firstLines(res.out, 5))
	}
	path, _, _ := strings.Cut(route, "?")
	r.record(res.record(round, path, conns, s.name))
	return nil
}

// startSeeded starts serve/cmd, creates seedCount to-dos through its API,
// and starts the reference servers with serve/cmd's own listing of them.
// It checks that all three answer every route with the same body.
func (r *runner) startSeeded() (map[string]*server, error) {
	srv := map[string]*server{}
	s, err := r.start("serve")
	if err != nil {
		return nil, err
	}
	srv["serve"] = s
	client := &http.Client{Timeout: 10 * time.Second}
	for i := 1; i <= seedCount; i++ {
		body := fmt.Sprintf(`{"title":"To-do number %d","done":%t}`, i, i%3 == 1)
		resp, err := client.Post("http://"+s.addr+"/todos", "application/json", strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return nil, fmt.Errorf("POST /todos to serve/cmd: %s", resp.Status)
		}
	}
	list, err := get(client, s.addr, "/todos")
	if err != nil {
		return nil, err
	}
	seed := filepath.Join(r.out, "todos.json")
	if err := os.WriteFile(seed, list, 0o644); err != nil {
		return nil, err
	}
	for _, name := range servers[1:] {
		if srv[name], err = r.start(name, "-todos", seed); err != nil {
			return nil, err
		}
	}
	for _, route := range routes {
		want, err := get(client, s.addr, route)
		if err != nil {
			return nil, err
		}
		for _, name := range servers[1:] {
			got, err := get(client, srv[name].addr, route)
			if err != nil {
				return nil, err
			}
			if !bytes.Equal(got, want) {
				return nil, fmt.Errorf("%s answers %s with %q, serve/cmd with %q: the comparison would not be fair", name, route, got, want)
			}
		}
	}
	return srv, nil
}

// idleMemory measures, on one fresh server at a time, the RSS it gains
// holding r.idle served keep-alive connections.
func (r *runner) idleMemory() error {
	for _, name := range servers {
		s, err := r.start(name)
		if err != nil {
			return err
		}
		runWrk(r.wrkPin, "http://"+s.addr+routes[0], 16, time.Second) // warm-up
		time.Sleep(time.Second)                                       // let the warm-up's connections close
		before, err := s.statusKB("VmRSS")
		if err != nil {
			return err
		}
		conns, err := openIdle(s.addr, routes[0], r.idle, 32)
		if err != nil {
			conns.close()
			return fmt.Errorf("%s: %w", name, err)
		}
		time.Sleep(2 * time.Second) // let the server settle after the last responses
		after, err := s.statusKB("VmRSS")
		conns.close()
		if err != nil {
			return err
		}
		r.record(fmt.Sprintf("idle %s %d %d %d", name, len(conns), before, after))
		r.stop(s)
	}
	return nil
}

// start starts server name from r.bin on a free loopback port.
func (r *runner) start(name string, extra ...string) (*server, error) {
	args := []string{"-addr", "127.0.0.1:0"}
	if name == "serve" {
		args = append(args, "-data", ":memory:", "-log", "error",
			"-max-conns", fmt.Sprint(2*r.idle), "-idle-timeout", "120s")
	}
	s, err := startServer(name, filepath.Join(r.bin, name), append(args, extra...), r.serverPin, r.out)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.live[s] = true
	r.mu.Unlock()
	return s, nil
}

func (r *runner) stop(s *server) {
	r.mu.Lock()
	delete(r.live, s)
	r.mu.Unlock()
	s.stop()
}

func (r *runner) stopAll() {
	r.mu.Lock()
	live := r.live
	r.live = map[*server]bool{}
	r.mu.Unlock()
	for s := range live {
		s.stop()
	}
}

// stopOnSignal stops every server on SIGINT or SIGTERM, then exits.
func (r *runner) stopOnSignal() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	r.stopAll()
	os.Exit(130)
}

// record writes one measurement to the results file and to stdout.
func (r *runner) record(line string) {
	fmt.Fprintln(r.results, line)
	fmt.Println(line)
	if err := r.st.add(line); err != nil {
		log.Fatal(err)
	}
}

func (r *runner) comment(line string) {
	fmt.Fprintln(r.results, "# "+line)
	fmt.Println("# " + line)
}

// get fetches route from addr and returns the body of a 200 response.
func get(client *http.Client, addr, route string) ([]byte, error) {
	resp, err := client.Get("http://" + addr + route)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s from %s: %s", route, addr, resp.Status)
	}
	return body, err
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// cpuModel is the first "model name" of /proc/cpuinfo, as lscpu shows it.
func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// loadAverage is the 1, 5 and 15 minute load average: how busy the shared
// machine was.
func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
