package harness

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCountGoroutines(t *testing.T) {
	// A SIGQUIT traceback cut down to its shape: two threads' system
	// stacks and a runtime goroutine (left out), and three goroutines that
	// run other code.
	trace := `SIGQUIT: quit
PC=0x48ce41 m=0 sigcode=0

goroutine 0 gp=0x79c880 m=0 mp=0x79d9d8 [idle]:
runtime.futex(0x79db18, 0x80, 0x0, 0x0, 0x0, 0x0)
	/usr/local/go/src/runtime/sys_linux_amd64.s:557 +0x21

goroutine 0 gp=0xe603c0 m=0 mp=0xe61880 [idle]:
internal/runtime/syscall/linux.Syscall6()
	/usr/local/go/src/internal/runtime/syscall/linux/asm_linux_amd64.s:36 +0x9
internal/runtime/syscall/linux.EpollWait(0x4, {0x7ffd5b5ed3a8, 0x80, 0x80}, 0x80, 0xffffffff)
	/usr/local/go/src/internal/runtime/syscall/linux/syscall_linux.go:32 +0x45
runtime.netpoll(0xd18f9ba8?)
	/usr/local/go/src/runtime/netpoll_epoll.go:120 +0xd1

goroutine 1 gp=0x1 m=nil [select]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:462 +0xce
main.run()
	/work/main/serve/cmd/main.go:98 +0x9f8

goroutine 19 gp=0x2 m=nil [GC worker (idle)]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:462 +0xce
runtime.gcBgMarkWorker(0x1)
	/usr/local/go/src/runtime/mgc.go:1791 +0xeb
created by runtime.gcBgMarkStartWorkers in goroutine 1
	/usr/local/go/src/runtime/mgc.go:1695 +0x17

goroutine 22 gp=0x3 m=0 [syscall]:
os/signal.signal_recv()
	/usr/local/go/src/runtime/sigqueue.go:152 +0x98
os/signal.loop()
	/usr/local/go/src/os/signal/signal_unix.go:23 +0x13

goroutine 3663 gp=0x4 m=nil [IO wait]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:462 +0xce
github.com/ae7539e0/httparse/serve.(*conn).serve(0x1)
	/work/main/serve/conn.go:108 +0x74
created by github.com/ae7539e0/httparse/serve.(*Server).Serve in goroutine 5
	/work/main/serve/server.go:294 +0x27b
`
	if got := CountGoroutines([]byte(trace)); got != 3 {
		t.Errorf("CountGoroutines = %d, want 3", got)
	}
	want := []string{
		"goroutine 1 gp=0x1 m=nil [select]: main.run()",
		"goroutine 22 gp=0x3 m=0 [syscall]: os/signal.signal_recv()",
		"goroutine 3663 gp=0x4 m=nil [IO wait]: github.com/ae7539e0/httparse/serve.(*conn).serve(0x1)",
	}
	if diff := cmp.Diff(want, Goroutines([]byte(trace))); diff != "" {
		t.Errorf("Goroutines (-want +got):\n%s", diff)
	}
}

func TestAccessLog(t *testing.T) {
	log := `listening on http://127.0.0.1:1
time=2026-11-29T06:13:42.031Z level=INFO msg=request method=POST target=/hello status=405 bytes=36 duration=22.001µs remote=127.0.0.1:52798
time=2026-11-29T06:13:42.031Z level=INFO msg=request method=GET target="/hello?name=a b\"c" status=200 bytes=32 duration=12µs remote=127.0.0.1:52798
time=2026-11-29T06:13:42.031Z level=WARN msg="queue full" remote=127.0.0.1:1 workers=64 queue=256
{"time":"x","level":"INFO","msg":"request","method":"GET","target":"/todos?x","status":200,"remote":"127.0.0.1:7"}
`
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := AccessLog(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{Method: "POST", Target: "/hello", Remote: "127.0.0.1:52798", Status: 405},
		{Method: "GET", Target: `/hello?name=a b"c`, Remote: "127.0.0.1:52798", Status: 200},
		{Method: "GET", Target: "/todos?x", Remote: "127.0.0.1:7", Status: 200},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AccessLog mismatch (-want +got):\n%s", diff)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := Percentile(d, tc.p); got != tc.want {
			t.Errorf("Percentile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := Percentile(nil, 99); got != 0 {
		t.Errorf("Percentile(nil) = %v, want 0", got)
	}
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true,
		"localhost:8080": false,
		"10.0.0.1:80":    false,
		"127.0.0.1":      false,
	} {
		if err := CheckLoopback(addr); (err == nil) != ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}
