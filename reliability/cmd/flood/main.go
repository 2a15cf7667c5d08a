// Command flood sends hostile input to the to-do server over many parallel
// connections for a bounded time while a probe client does CRUD, and checks
// that the server stays up, answers every parse error with a JSON error and
// a closed connection, and leaves no connection or goroutine behind.
//
// Inputs: every file of corpus/, every seed of testdata/fuzz, the files of
// the directories in HTTPARSE_SEED_DIRS, then random mutations of them.
//
//	go run ./reliability/cmd/flood -bin ./serve-bin -duration 60s
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
	"github.com/ae7539e0/httparse/reliability/internal/probe"
	"github.com/ae7539e0/httparse/reliability/internal/seeds"
	"github.com/ae7539e0/httparse/reliability/internal/wire"
)

// Deadlines for one connection. closeDeadline is how long the server may
// take to close a connection after a parse error, or after we shut our
// write side; it is far below the server's 10 s header timeout, so a
// server that waits for that timeout instead of closing is caught.
const (
	closeDeadline = 5 * time.Second
	// keepOpenShare is the share of connections on which we do not shut
	// our write side: there the server must close on its own after a
	// parse error.
	keepOpenShare = 4
)

type tally struct {
	mu              sync.Mutex
	sent            int64
	byStatus        map[int]int
	noResponse      int // closed without any response (incomplete input at EOF)
	leftOpen        int // still open at the deadline when it should have closed
	afterParseError int // responses that followed a parse-error response
	noJSON          int // error responses without a JSON body
	noConnClose     int // parse-error responses without "Connection: close"
	malformed       int // bytes that were not an HTTP response
	dialErrors      int
	examples        []string
}

func (t *tally) example(format string, args ...any) {
	if len(t.examples) < 15 {
		t.examples = append(t.examples, fmt.Sprintf(format, args...))
	}
}

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	root := flag.String("root", ".", "module root (corpus/, testdata/fuzz)")
	duration := flag.Duration("duration", 60*time.Second, "how long to flood")
	conns := flag.Int("conns", 64, "parallel connections")
	logPath := flag.String("log", "flood-server.log", "server output")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "random seed (printed, for a replay)")
	flag.Parse()

	logf, dir := harness.Setup("flood", *logPath)
	defer logf.Close()

	inputs, count, err := seeds.Load(*root)
	if err != nil {
		harness.Fatal("loading seeds: %v", err)
	}
	if len(inputs) == 0 {
		harness.Fatal("no seeds under %s", *root)
	}
	fmt.Printf("flood: %d seeds (corpus %d, testdata/bench %d, testdata/fuzz %d, HTTPARSE_SEED_DIRS %d), %d connections, %s, seed %d\n",
		len(inputs), count["corpus"], count["testdata/bench"], count["testdata/fuzz"], count["HTTPARSE_SEED_DIRS"], *conns, *duration, *seed)

	args := []string{"-data", filepath.Join(dir, "todos.db"), "-log", "info"}
	baseDump, _ := os.Create(*logPath + ".baseline-goroutines")
	defer baseDump.Close()
	baseStats, baseG, err := harness.Baseline(*bin, []string{"-data", filepath.Join(dir, "base.db"), "-log", "info"},
		baseDump, func(addr string) { probe.New(addr).Cycle() })
	if err != nil {
		harness.Fatal("baseline server: %v", err)
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
	probe.New(srv.Addr).Cycle()
	before, _ := harness.Settle(srv.PID, 5*time.Second)

	// The duration bounds the mutations; the seeds are all sent once
	// however long that takes, up to a hard bound of three durations.
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	hard, cancelHard := context.WithTimeout(context.Background(), 3*(*duration))
	defer cancelHard()
	pr := probe.New(srv.Addr)
	probeDone := make(chan struct{})
	probeCtx, stopProbe := context.WithCancel(context.Background())
	go func() { pr.Run(probeCtx, time.Second); close(probeDone) }()

	t := &tally{byStatus: map[int]int{}}
	var next atomic.Int64 // the next seed to send as is; past the end, random
	var wg sync.WaitGroup
	for w := 0; w < *conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(*seed, uint64(w)))
			for hard.Err() == nil {
				var in []byte
				name := ""
				if i := next.Add(1) - 1; i < int64(len(inputs)) {
					in, name = inputs[i].Data, inputs[i].Name
				} else {
					if ctx.Err() != nil {
						return
					}
					s := inputs[r.IntN(len(inputs))]
					in, name = mutate(r, s.Data, inputs[r.IntN(len(inputs))].Data), "mutant of "+s.Name
				}
				send(t, srv.Addr, in, name, r.IntN(keepOpenShare) != 0)
			}
		}(w)
	}
	wg.Wait()
	stopProbe()
	<-probeDone
	seedsSent := min(int(next.Load()), len(inputs))
	alive := srv.Alive()

	after, settleTook, _ := harness.WaitFDs(srv.PID, before.FDs, 15*time.Second)
	// Counted before the goroutine dump below adds stacks to the log.
	panics := countPanics(*logPath)
	var goroutines int
	if alive {
		dump, _ := os.Create(*logPath + ".goroutines")
		goroutines, err = srv.Goroutines(dump)
		dump.Close()
		if err != nil {
			harness.Fatal("goroutine count: %v", err)
		}
	}

	fmt.Println("flood figures:")
	harness.Figure("connections (inputs sent)", t.sent)
	harness.Figure("seeds sent as they are", fmt.Sprintf("%d of %d", seedsSent, len(inputs)))
	harness.Check(seedsSent == len(inputs), "every seed sent")
	harness.Figure("responses by status", statusLine(t.byStatus))
	harness.Figure("closed without a response", t.noResponse)
	harness.Check(alive, "server alive after the flood")
	harness.MustZero("server panics (log)", panics)
	harness.MustZero("connections left open", t.leftOpen)
	harness.MustZero("responses after a parse error", t.afterParseError)
	harness.MustZero("error responses without JSON body", t.noJSON)
	harness.MustZero("parse errors without Connection: close", t.noConnClose)
	harness.MustZero("malformed responses", t.malformed)
	harness.MustZero("dial errors", t.dialErrors)
	harness.MustZero("5xx other than 501/503/505", count5xx(t.byStatus))
	pr.Summary().Report("")
	harness.Figure("server before", before)
	harness.Figure("server after", fmt.Sprintf("%v (settled in %s)", after, settleTook.Round(time.Millisecond)))
	harness.MustZero("descriptors above pre-flood level", max(0, after.FDs-before.FDs))
	harness.Figure("goroutines idle baseline / after", fmt.Sprintf("%d / %d (baseline fds %d)", baseG, goroutines, baseStats.FDs))
	harness.MustZeroGoroutines(baseG, goroutines, *logPath+".goroutines")
	for _, e := range t.examples {
		fmt.Println("    " + e)
	}
	harness.Exit()
}

// send sends one input on a new connection and tallies what came back.
func send(t *tally, addr string, in []byte, name string, halfClose bool) {
	res, err := wire.Exchange(addr, in, halfClose, closeDeadline)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sent++
	if err != nil {
		t.dialErrors++
		t.example("dial: %v", err)
		return
	}
	for i, r := range res.Responses {
		t.byStatus[r.Status]++
		if r.Status >= 400 && !r.ForHEAD && !r.JSONBody() {
			t.noJSON++
			t.example("%d without JSON body for %s: %q", r.Status, name, wire.Trim(r.Body, 80))
		}
		if r.ParseError() {
			if i != len(res.Responses)-1 {
				t.afterParseError++
				t.example("response after parse error for %s", name)
			}
			if !r.Close {
				t.noConnClose++
				t.example("%d parse error without Connection: close for %s", r.Status, name)
			}
		}
	}
	if res.Malformed != nil {
		t.malformed++
		t.example("malformed response for %s: %v", name, res.Malformed)
	}
	if len(res.Responses) == 0 && res.Closed {
		t.noResponse++
	}
	if res.TimedOut {
		// Without our half-close, an open connection is fine unless the
		// server already answered a parse error on it.
		last := len(res.Responses) - 1
		if halfClose || (last >= 0 && res.Responses[last].ParseError()) {
			t.leftOpen++
			t.example("left open (halfClose=%v, %d responses) for %s", halfClose, len(res.Responses), name)
		}
	}
}

func statusLine(m map[int]int) string {
	var keys []int
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var b bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&b, "%d:%d ", k, m[k])
	}
	return b.String()
}

// count5xx counts server errors that a parse error does not explain: 501
// (unknown transfer coding), 503 (overload) and 505 (version) are answers,
// anything else (500 above all) is the server failing.
func count5xx(m map[int]int) int {
	n := 0
	for k, v := range m {
		if k >= 500 && k != 501 && k != 503 && k != 505 {
			n += v
		}
	}
	return n
}

// countPanics counts "panic" in the server's output: a recovered handler
// panic is logged with that word, an unrecovered one ends the process.
func countPanics(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(bytes.ToLower(b), []byte("panic"))
}
