//go:build linux

package serve

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A stress test of idle connections and the idle watcher: clients on
// fresh and reused connections send one to three pipelined requests at a
// time, cut at random points with random pauses, of every kind that
// touches the connection's reads: heads around idleReadSize, bodies
// buffered and streamed, chunked, Expect: 100-continue, a handler that
// watches its context (the background read), large responses; and end
// their connections by a close or a reset. With a minute's idle timeout and
// a five-second deadline per round, a request the server misses shows as a
// failed round.

// stressReq is one request of a round and what its response must hold.
type stressReq struct {
	raw    string // whole request
	head   string // for expect: the head alone
	body   string
	method string
	want   string // expected response body ("" for 204)
	expect bool
}

// stressPadGET is a GET of n bytes (at least those of the shortest).
func stressPadGET(n int) string {
	base := get("/pad?x=")
	if n < len(base) {
		n = len(base)
	}
	return strings.Replace(base, "x=", "x="+strings.Repeat("p", n-len(base)), 1)
}

// stressRandReq picks a request; Expect: 100-continue only when allowed
// (a round of one request, whose client waits for the 100).
func stressRandReq(r *rand.Rand, allowExpect bool) stressReq {
	switch k := r.IntN(10); {
	case k == 0:
		return stressReq{raw: get("/"), method: "GET"}
	case k == 1:
		sizes := []int{idleReadSize - 1, idleReadSize, idleReadSize + 1, 2 * idleReadSize, 600, 3000}
		return stressReq{raw: stressPadGET(sizes[r.IntN(len(sizes))]), method: "GET"}
	case k == 2 || k == 3:
		n := r.IntN(5000)
		if r.IntN(4) == 0 {
			n = r.IntN(100000)
		}
		body := strings.Repeat("b", n)
		raw := fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n%s", n, body)
		return stressReq{raw: raw, method: "POST", want: "n=" + strconv.Itoa(n)}
	case k == 4:
		var sb strings.Builder
		sb.WriteString("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
		total := 0
		for range r.IntN(4) {
			m := 1 + r.IntN(3000)
			total += m
			fmt.Fprintf(&sb, "%x\r\n%s\r\n", m, strings.Repeat("c", m))
		}
		sb.WriteString("0\r\n\r\n")
		return stressReq{raw: sb.String(), method: "POST", want: "n=" + strconv.Itoa(total)}
	case k == 5 && allowExpect:
		n := 1 + r.IntN(80000)
		head := fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", n)
		body := strings.Repeat("e", n)
		return stressReq{raw: head + body, head: head, body: body, method: "POST", want: "n=" + strconv.Itoa(n), expect: true}
	case k == 6:
		return stressReq{raw: get("/ctx"), method: "GET"}
	case k == 7:
		return stressReq{raw: get("/big"), method: "GET", want: strings.Repeat("B", 20000)}
	default:
		return stressReq{raw: get("/"), method: "GET"}
	}
}

// stressServer answers /echo with the body's length, /ctx after a wait on
// the request's context, /big with 20,000 bytes, and the rest with 204.
func stressServer() *Server {
	return &Server{
		IdleTimeout:     time.Minute,
		MaxBufferedBody: 2000,
		Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
			switch r.Path {
			case "/echo":
				b, err := r.ReadBody()
				if err != nil {
					w.WriteHeader(StatusBadRequest)
					return
				}
				w.Write([]byte("n=" + strconv.Itoa(len(b))))
			case "/ctx":
				select {
				case <-r.Context().Done():
				case <-time.After(time.Duration(rand.IntN(3)) * time.Millisecond):
				}
				w.WriteHeader(StatusNoContent)
			case "/big":
				w.Write([]byte(strings.Repeat("B", 20000)))
			default:
				w.WriteHeader(StatusNoContent)
			}
		}),
	}
}

// stressWriteSplit writes s in random pieces with random short pauses.
func stressWriteSplit(r *rand.Rand, c net.Conn, s string) error {
	for len(s) > 0 {
		n := len(s)
		if r.IntN(2) == 0 {
			n = 1 + r.IntN(len(s))
		}
		if _, err := io.WriteString(c, s[:n]); err != nil {
			return err
		}
		s = s[n:]
		if len(s) > 0 && r.IntN(2) == 0 {
			time.Sleep(time.Duration(r.IntN(1500)) * time.Microsecond)
		}
	}
	return nil
}

// stressReadRes reads the response to q and checks its body.
func stressReadRes(br *bufio.Reader, q stressReq) error {
	res, err := http.ReadResponse(br, &http.Request{Method: q.method})
	if err != nil {
		return err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if string(b) != q.want {
		return fmt.Errorf("status %d, body %.40q, want %.40q", res.StatusCode, b, q.want)
	}
	return nil
}

// stressClient runs rounds of requests on fresh connections for dur; it
// returns the first failure. rst lets it end connections with a reset,
// some in the middle of a request.
func stressClient(addr string, seed uint64, dur time.Duration, rst bool, done *atomic.Int64) error {
	r := rand.New(rand.NewPCG(seed, 7))
	end := time.Now().Add(dur)
	for time.Now().Before(end) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		br := bufio.NewReader(c)
		rounds := 1 + r.IntN(30)
		for i := 0; i < rounds; i++ {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			k := 1 + r.IntN(3)
			var qs []stressReq
			var raw strings.Builder
			for j := 0; j < k; j++ {
				q := stressRandReq(r, k == 1)
				qs = append(qs, q)
				raw.WriteString(q.raw)
			}
			start := time.Now()
			if k == 1 && qs[0].expect {
				if err := stressWriteSplit(r, c, qs[0].head); err != nil {
					return err
				}
				res, err := http.ReadResponse(br, &http.Request{Method: "POST"})
				if err != nil {
					return fmt.Errorf("conn %v round %d waiting for 100 after %v: %v", c.LocalAddr(), i, time.Since(start), err)
				}
				if res.StatusCode != 100 {
					return fmt.Errorf("got %d, want 100", res.StatusCode)
				}
				if err := stressWriteSplit(r, c, qs[0].body); err != nil {
					return err
				}
			} else if err := stressWriteSplit(r, c, raw.String()); err != nil {
				return err
			}
			for j, q := range qs {
				if err := stressReadRes(br, q); err != nil {
					return fmt.Errorf("conn %v round %d response %d/%d (%.30q) after %v: %v", c.LocalAddr(), i, j, k, q.raw, time.Since(start), err)
				}
			}
			done.Add(int64(k))
			switch p := r.IntN(20); {
			case p < 8:
			case p < 16:
				time.Sleep(time.Duration(r.IntN(3000)) * time.Microsecond)
			default:
				time.Sleep(time.Duration(10+r.IntN(30)) * time.Millisecond)
			}
		}
		if rst && r.IntN(3) == 0 {
			c.(*net.TCPConn).SetLinger(0)
			if r.IntN(2) == 0 {
				io.WriteString(c, "GET /half")
			}
		}
		c.Close()
	}
	return nil
}

// TestIdleWatcherStress runs the stress clients against a server whose
// idle connections wait through the watcher (16 clients, 2 s).
func TestIdleWatcherStress(t *testing.T) {
	var waits atomic.Int64
	s := stressServer()
	s.hooks = &idleHooks{waitIdle: func() { waits.Add(1) }}
	addr, _ := startServer(t, s)
	var done atomic.Int64
	var wg sync.WaitGroup
	const clients = 16
	errs := make(chan error, clients)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := stressClient(addr, seed+uint64(i), 2*time.Second, true, &done); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if waits.Load() == 0 {
		t.Error("no idle wait went through the watcher")
	}
	t.Logf("%d requests, %d idle waits through the watcher", done.Load(), waits.Load())
	expectEnded(t, s)
}
