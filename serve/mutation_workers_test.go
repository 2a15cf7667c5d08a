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
