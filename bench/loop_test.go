package bench

import (
	"runtime"
	"testing"
)

// runOp checks op once, then times it with b.Loop. Besides the wall-clock
// ns/op it reports cpu-ns/op, the CPU time of the benchmark's own thread per
// operation: on a machine shared with other work, time spent waiting for a
// CPU inflates ns/op but not cpu-ns/op. (Garbage collection done by other
// threads is not in cpu-ns/op, which flatters the allocating parsers.)
func runOp(b *testing.B, in input, im impl, op operation) {
	if err := check(in, im.headOnly, op); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in.data)))
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, ok := threadCPU()
	for b.Loop() {
		if err := op(nil); err != nil {
			b.Fatal(err)
		}
	}
	if end, ok2 := threadCPU(); ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}
