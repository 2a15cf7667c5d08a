//go:build !linux

package bench

// threadCPU is only implemented on Linux; elsewhere the cpu-ns/op metric is
// left out.
func threadCPU() (ns int64, ok bool) { return 0, false }
