//go:build !purego

package httparse

import (
	"os"
	"strings"
	"testing"
)

// TestHasAVX2MatchesKernel: hasAVX2 agrees with the flags Linux lists in
// /proc/cpuinfo, where "avx2" appears only when the CPU has AVX2 and the
// kernel saves the YMM registers — the two conditions hasAVX2 checks. (A
// kernel booted with clearcpuid=avx2, or a sandbox that shows another
// /proc/cpuinfo than CPUID does, would fail it.)
func TestHasAVX2MatchesKernel(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Fatal(err)
	}
	want := false
	for _, line := range strings.Split(string(info), "\n") {
		if name, flags, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			want = strings.Contains(flags+" ", " avx2 ")
			break
		}
	}
	if got := hasAVX2(); got != want {
		t.Errorf("hasAVX2() = %v, /proc/cpuinfo lists avx2: %v", got, want)
	}
}
