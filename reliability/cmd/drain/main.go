// Command drain sends SIGTERM to the server in the middle of a wrk run and
// checks the graceful shutdown: requests in flight complete, the listener
// is closed at once (new connections refused), and the process exits 0
// within its shutdown timeout.
//
// Besides wrk, which only counts, the program runs its own load on raw
// keep-alive connections, recording when each request was fully written,
// and a few uploads whose body is half sent when the signal arrives and
// finished after it.
//
//	go run ./reliability/cmd/drain -bin ./serve-bin -lua reliability/wrk/mix.lua
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
)

// sinceSignal tells how long before the signal t was.
var sinceSignal func(t time.Time) time.Duration

type counts struct {
	mu sync.Mutex
	// ok: answered requests. dropped: written in full before the signal,
	// never answered. refused: written after the signal on a connection
	// the server had closed, or not connected at all (expected).
	ok, dropped, refused int
	closeHeader          int // responses after the signal that said Connection: close
	droppedMsgs          []string
	afterSignal          int // responses after the signal
}

func main() {
	bin := flag.String("bin", "", "server binary (serve/cmd)")
	lua := flag.String("lua", "reliability/wrk/mix.lua", "wrk script")
	// 32 wrk connections plus the tracked ones stay below the server's
	// default queue (4 × workers on two cores = 64): no 503 shedding.
	wrkConns := flag.Int("wrk-conns", 32, "wrk connections")
	tracked := flag.Int("conns", 16, "tracked keep-alive connections")
	uploads := flag.Int("uploads", 4, "uploads in flight across the signal")
	before := flag.Duration("before", 3*time.Second, "load time before SIGTERM")
	shutdownTimeout := flag.Duration("shutdown-timeout", 10*time.Second, "the server's -shutdown-timeout")
	logPath := flag.String("log", "drain-server.log", "server output")
	flag.Parse()

	logf, dir := harness.Setup("drain", *logPath)
	defer logf.Close()
	srv, err := harness.Start(*bin, []string{"-data", filepath.Join(dir, "todos.db"), "-log", "info",
		"-shutdown-timeout", shutdownTimeout.String()}, logf, 0)
	if err != nil {
		harness.Fatal("%v", err)
	}
	defer func() {
		if srv.Alive() {
			srv.Kill()
		}
	}()
	ids := seed(srv.Addr, 20)

	// wrk runs past the signal; its own duration bounds it.
	var wrkOut bytes.Buffer
	wrk := exec.Command("wrk", append([]string{"-t2", fmt.Sprintf("-c%d", *wrkConns),
		"-d" + fmt.Sprint(int((*before + 3*time.Second).Seconds())) + "s", "-s", *lua, "http://" + srv.Addr, "--"}, ids...)...)
	wrk.Stdout, wrk.Stderr = &wrkOut, &wrkOut
	if err := wrk.Start(); err != nil {
		harness.Fatal("wrk: %v", err)
	}
	wrkDone := make(chan struct{})
	go func() { wrk.Wait(); close(wrkDone) }()
	defer func() {
		select {
		case <-wrkDone:
		default:
			wrk.Process.Kill()
			<-wrkDone
		}
	}()

	var c counts
	var sigAt time.Time
	var sigMu sync.RWMutex
	signalled := func(t time.Time) bool {
		sigMu.RLock()
		defer sigMu.RUnlock()
		return !sigAt.IsZero() && !t.Before(sigAt)
	}
	sinceSignal = func(t time.Time) time.Duration {
		sigMu.RLock()
		defer sigMu.RUnlock()
		return sigAt.Sub(t)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < *tracked; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); keepAlive(ctx, srv.Addr, &c, signalled) }()
	}

	// The uploads start a second before the signal and finish half a
	// second after it.
	time.Sleep(*before - time.Second)
	upRes := make(chan uploadResult, *uploads)
	resume := make(chan struct{})
	for i := 0; i < *uploads; i++ {
		go func(i int) { upRes <- upload(srv.Addr, i, resume) }(i)
	}
	time.Sleep(time.Second)

	sigMu.Lock()
	sigAt = time.Now()
	sigMu.Unlock()
	if err := syscall.Kill(srv.PID, syscall.SIGTERM); err != nil {
		harness.Fatal("SIGTERM: %v", err)
	}
	refusedAfter := waitRefused(srv.Addr, 3*time.Second)
	time.Sleep(500 * time.Millisecond) // the uploads are in flight across this pause
	close(resume)

	var exitCode = -1
	var exitTook time.Duration
	exited := false
	select {
	case <-srv.Done():
		exited = true
	case <-time.After(*shutdownTimeout + 5*time.Second):
	}
	exitTook = time.Since(sigAt)
	if exited {
		exitCode = srv.ExitCode()
	}
	cancel()
	wg.Wait()
	<-wrkDone

	upOK, upFail := 0, 0
	var upMsgs []string
	for i := 0; i < *uploads; i++ {
		r := <-upRes
		if r.status == http.StatusCreated {
			upOK++
		} else {
			upFail++
			upMsgs = append(upMsgs, r.err)
		}
	}

	fmt.Println("graceful shutdown figures:")
	// The lines mix.lua prints; wrk's errors here are mostly its
	// reconnects to the closed port after the signal, which is the point.
	for _, l := range strings.Split(wrkOut.String(), "\n") {
		k, v, ok := strings.Cut(l, ": ")
		switch k {
		case "requests", "p99", "socket errors detail", "non-2xx":
			if ok {
				harness.Figure("wrk "+k, v)
			}
		}
	}
	harness.Figure("tracked requests answered", c.ok)
	harness.Figure("tracked responses after SIGTERM (Connection: close)", fmt.Sprintf("%d (%d)", c.afterSignal, c.closeHeader))
	harness.Figure("tracked requests or dials refused after SIGTERM", c.refused)
	harness.MustZero("in-flight requests dropped", c.dropped)
	for _, m := range c.droppedMsgs {
		fmt.Println("    " + m)
	}
	harness.Figure("uploads across SIGTERM completed", fmt.Sprintf("%d of %d", upOK, *uploads))
	harness.MustZero("uploads in flight not completed", upFail)
	for _, m := range upMsgs {
		fmt.Println("    " + m)
	}
	harness.Figure("new connections refused after", refusedAfter.Round(time.Millisecond))
	harness.Check(refusedAfter >= 0, "listener closed after SIGTERM")
	harness.Figure("exit after SIGTERM", fmt.Sprintf("code %d in %s (timeout %s)", exitCode, exitTook.Round(time.Millisecond), *shutdownTimeout))
	harness.Check(exited && exitCode == 0 && exitTook <= *shutdownTimeout+time.Second, "exit 0 within the shutdown timeout")
	harness.Exit()
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

// keepAlive sends requests one at a time on keep-alive connections until
// ctx ends, reconnecting when the server closes one, and classifies every
// request by whether it was fully written before the signal.
func keepAlive(ctx context.Context, addr string, c *counts, signalled func(time.Time) bool) {
	req := []byte("GET /todos?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	for ctx.Err() == nil {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			if signalled(time.Now()) {
				// Refused after the signal: what should happen. Wait
				// for the end without hammering the closed port.
				c.mu.Lock()
				c.refused++
				c.mu.Unlock()
				<-ctx.Done()
				return
			}
			continue
		}
		br := bufio.NewReader(conn)
		for ctx.Err() == nil {
			conn.SetDeadline(time.Now().Add(15 * time.Second))
			_, err := conn.Write(req)
			written := time.Now()
			var resp *http.Response
			if err == nil {
				resp, err = http.ReadResponse(br, nil)
			}
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			c.mu.Lock()
			switch {
			case err == nil:
				c.ok++
				if signalled(written) {
					c.afterSignal++
					if resp.Close {
						c.closeHeader++
					}
				}
			case signalled(written):
				c.refused++
			default:
				c.dropped++
				if len(c.droppedMsgs) < 10 {
					c.droppedMsgs = append(c.droppedMsgs, fmt.Sprintf("written %s before the signal: %v", sinceSignal(written), err))
				}
			}
			c.mu.Unlock()
			if err != nil || resp.Close {
				break
			}
		}
		conn.Close()
	}
}

type uploadResult struct {
	status int
	err    string
}

// upload sends the head and half the body of a POST, waits for resume,
// then sends the rest and reads the response.
func upload(addr string, i int, resume <-chan struct{}) uploadResult {
	body := fmt.Sprintf(`{"title":"upload across shutdown %d","done":false}`, i)
	head := fmt.Sprintf("POST /todos HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return uploadResult{err: "dial: " + err.Error()}
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	half := len(body) / 2
	if _, err := conn.Write([]byte(head + body[:half])); err != nil {
		return uploadResult{err: "first half: " + err.Error()}
	}
	<-resume
	if _, err := conn.Write([]byte(body[half:])); err != nil {
		return uploadResult{err: "second half: " + err.Error()}
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return uploadResult{err: "response: " + err.Error()}
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return uploadResult{status: resp.StatusCode, err: fmt.Sprintf("status %d", resp.StatusCode)}
	}
	return uploadResult{status: resp.StatusCode}
}

// waitRefused dials until a connection is refused, and returns how long
// that took, or -1 past timeout.
func waitRefused(addr string, timeout time.Duration) time.Duration {
	start := time.Now()
	for time.Since(start) < timeout {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			if errors.Is(err, syscall.ECONNREFUSED) {
				return time.Since(start)
			}
		} else {
			c.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
	return -1
}

// oneShot sends each request on a connection of its own, so that no
// keep-alive connection of the set-up stays open to be counted as a
// leftover of the test.
var oneShot = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
