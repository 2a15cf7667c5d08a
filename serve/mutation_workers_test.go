package serve

import (
	"strconv"
	"testing"
)

// Without StreamWorkers, handlers reading streamed bodies take at most
// half of the Workers slots: with 4 workers and no queue, a third upload
// while two are streaming is refused with 503.
func TestDefaultStreamWorkersIsHalfTheWorkers(t *testing.T) {
	started := make(chan struct{}, 3)
	rt := NewRouter()
	rt.Handle("POST", "/sum", sumHandler(started))
	s := &Server{Handler: rt, Workers: 4, QueueDepth: -1, MaxBufferedBody: 10}
	addr, _ := startServer(t, s)

	const head = "POST /sum HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n"
	for i := range 2 {
		up := dial(t, addr)
		up.write(head + "upload")
		wait(t, started, "upload "+strconv.Itoa(i+1))
	}
	third := dial(t, addr)
	third.write(head + "third")
	if res := third.read("POST"); res.StatusCode != StatusServiceUnavailable {
		t.Errorf("third upload: %d %q, want 503", res.StatusCode, res.body)
	}
}

// With QueueDepth zero, 4 × Workers requests may wait for a worker: with
// two workers busy, eight more requests wait in the queue rather than
// being refused, the ninth is refused with 503, and each of the eight is
// answered once the workers are free.
func TestDefaultQueueDepthIsFourTimesTheWorkers(t *testing.T) {
	const workers, queued = 2, 4 * 2
	started := make(chan string, workers+queued)
	release := make(chan struct{})
	s := &Server{Handler: blockingHandler(started, release), Workers: workers}
	addr, _ := startServer(t, s)

	var conns []*rawConn
	for i := range workers + queued {
		rc := dial(t, addr)
		rc.write(get("/" + strconv.Itoa(i)))
		conns = append(conns, rc)
		if i < workers {
			wait(t, started, "request "+strconv.Itoa(i)+" taking a worker")
		}
	}
	pollUntil(t, "eight requests wait in the queue", func() bool { return s.waiting.Load() == queued })
	over := dial(t, addr)
	over.write(get("/over"))
	if res := over.read("GET"); res.StatusCode != StatusServiceUnavailable {
		t.Errorf("a request past the queue: %d %q, want 503", res.StatusCode, res.body)
	}
	close(release)
	for i, rc := range conns {
		if res := rc.read("GET"); res.StatusCode != StatusOK {
			t.Errorf("request %d: %d %q, want 200", i, res.StatusCode, res.body)
		}
	}
}
