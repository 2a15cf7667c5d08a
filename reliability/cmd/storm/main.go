// Command storm checks that every to-do whose 201 Created reached the client
// survives a crash. Each round starts the server on the same store (a
// bbolt file, or with -postgres a database of a throwaway PostgreSQL
// cluster), checks the writes acknowledged so far, then runs a POST storm
// on many keep-alive connections and kills the server with SIGKILL at a
// random moment in it.
//
//	go run ./reliability/cmd/storm -bin ./serve-bin -rounds 20 [-postgres]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
)

// todo is what a 201 acknowledged, and so what must be read back.
type todo struct {
	ID    any    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// badCreated counts 201 responses whose to-do is not the one sent.
var badCreated atomic.Int64

type ledger struct {
	mu    sync.Mutex
	acked []todo // acknowledged writes not yet verified
	total int
}

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	rounds := flag.Int("rounds", 20, "crash rounds")
	conns := flag.Int("conns", 32, "parallel keep-alive connections")
	maxKill := flag.Duration("max-kill", 800*time.Millisecond, "the kill comes at a random moment up to this far into the storm")
	logPath := flag.String("log", "storm-server.log", "server output")
	memory := flag.Bool("memory", false, "use the in-memory store: a check of this program, which must then report lost writes")
	postgres := flag.Bool("postgres", false, "use a PostgreSQL database on a throwaway cluster (needs PostgreSQL's server binaries)")
	flag.Parse()

	logf, dir := harness.Setup("storm", *logPath)
	defer logf.Close()
	args := []string{"-data", filepath.Join(dir, "todos.db"), "-log", "warn"}
	if *memory {
		args[1] = ":memory:"
	}
	store := "bbolt"
	if *postgres {
		_, args[1] = harness.Postgres()
		store = "PostgreSQL"
	}

	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	var led ledger
	var verified, lost, wrong, failedStarts, unexpected int
	var killedAt []time.Duration

	for round := 0; round <= *rounds; round++ {
		srv, err := harness.Start(*bin, args, logf, 0)
		if err != nil {
			// The store did not open: that is a durability failure too.
			failedStarts++
			fmt.Printf("  round %d: server did not start: %v\n", round, err)
			continue
		}
		base := "http://" + srv.Addr
		l, w := verify(client, base, led.acked)
		verified += len(led.acked)
		lost += l
		wrong += w
		led.acked = nil

		if round == *rounds {
			// The last start only verifies; then a graceful stop.
			code, _, ok := srv.Stop(syscall.SIGTERM, 10*time.Second)
			harness.Check(ok && code == 0, "final graceful stop exits 0")
			break
		}

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var statusMu sync.Mutex
		statuses := map[int]int{}
		for c := 0; c < *conns; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				for n := 0; ctx.Err() == nil; n++ {
					t := todo{Title: fmt.Sprintf("storm r%d c%d n%d", round, c, n), Done: n%2 == 0}
					st, got := post(ctx, client, base, t)
					if st == 0 {
						continue // the server is gone; wait for the end of the round
					}
					statusMu.Lock()
					statuses[st]++
					statusMu.Unlock()
					if st == http.StatusCreated && got.ID != nil {
						t.ID = got.ID
						led.mu.Lock()
						led.acked = append(led.acked, t)
						led.total++
						led.mu.Unlock()
					}
				}
			}(c)
		}
		kill := time.Duration(rand.Int64N(int64(*maxKill)))
		time.Sleep(kill) // the random moment of the crash is the point
		srv.Kill()
		killedAt = append(killedAt, kill)
		// Requests in flight now fail fast: the process is gone.
		cancel()
		wg.Wait()
		tr.CloseIdleConnections()
		for st, n := range statuses {
			if st != http.StatusCreated && st != http.StatusServiceUnavailable {
				unexpected += n
			}
		}
		fmt.Printf("  round %2d: killed after %4dms, %d writes acknowledged, statuses %v\n",
			round+1, kill.Milliseconds(), len(led.acked), statuses)
	}

	fmt.Println("crash durability figures:")
	harness.Figure("store", store)
	harness.Figure("rounds (SIGKILL during a POST storm)", *rounds)
	harness.Figure("connections", *conns)
	harness.Figure("acknowledged writes", led.total)
	harness.Figure("acknowledged writes verified after restart", verified)
	harness.MustZero("acknowledged writes lost", lost)
	harness.MustZero("acknowledged writes with wrong content", wrong)
	harness.MustZero("201 responses with other content", int(badCreated.Load()))
	harness.MustZero("restarts where the store did not open", failedStarts)
	harness.MustZero("responses other than 201/503", unexpected)
	harness.Exit()
}

// post creates t and returns the status and the to-do from the response;
// status 0 means no response (connection refused or reset by the crash).
func post(ctx context.Context, c *http.Client, base string, t todo) (int, todo) {
	body, _ := json.Marshal(map[string]any{"title": t.Title, "done": t.Done})
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/todos", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, todo{}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		// A status line without its body is not an acknowledgement.
		return 0, todo{}
	}
	var got todo
	json.Unmarshal(b, &got)
	if resp.StatusCode == http.StatusCreated && (got.Title != t.Title || got.Done != t.Done) {
		badCreated.Add(1)
		fmt.Printf("    201 with other content: sent %+v, got %s\n", t, b)
	}
	return resp.StatusCode, got
}

// verify reads back every acknowledged to-do and counts the missing and
// the changed ones.
func verify(c *http.Client, base string, acked []todo) (lost, wrong int) {
	for _, t := range acked {
		resp, err := c.Get(fmt.Sprintf("%s/todos/%v", base, t.ID))
		if err != nil {
			harness.Fatal("verify %v: %v", t.ID, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			lost++
			if lost <= 10 {
				fmt.Printf("    lost: %+v\n", t)
			}
			continue
		}
		var got todo
		if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &got) != nil || got.Title != t.Title || got.Done != t.Done {
			wrong++
			if wrong <= 10 {
				fmt.Printf("    wrong: want %+v, got %d %s\n", t, resp.StatusCode, b)
			}
		}
	}
	return lost, wrong
}
