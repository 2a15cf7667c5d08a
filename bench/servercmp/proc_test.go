package main

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU is the CPU time of the calling thread.
func threadCPU(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUTimeCountsThreads checks that cpuTime and statTime see the CPU
// time one thread of the process spends: at least that much between two
// readings.
func TestCPUTimeCountsThreads(t *testing.T) {
	self := &server{name: "self", cmd: &exec.Cmd{Process: &os.Process{Pid: os.Getpid()}}}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, read := range []func() (time.Duration, error){self.cpuTime, self.statTime} {
		before, err := read()
		if err != nil {
			t.Fatal(err)
		}
		const burn = 200 * time.Millisecond
		start := threadCPU(t)
		x := 0
		for threadCPU(t)-start < burn {
			for i := range 1 << 16 {
				x += i
			}
		}
		after, err := read()
		if err != nil {
			t.Fatal(err)
		}
		// statTime counts in ticks of 10 ms.
		if got := after - before; got < burn-20*time.Millisecond {
			t.Errorf("CPU time grew by %v while one thread used %v (x=%d)", got, burn, x)
		}
	}
}
