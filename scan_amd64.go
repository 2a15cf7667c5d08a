//go:build !purego

package httparse

// vectorScan selects scan_amd64.s's scanners: SSE2, which every amd64 CPU
// has, or AVX2 where the CPU and the OS support it.
const vectorScan = true

// useAVX2 is read by scan_amd64.s. It is decided once, at start-up.
var useAVX2 = hasAVX2()

// scanFieldValue, scanToken and scanTarget return the index of the first
// byte in b[i:] that fieldContent, tchar or targetChar rejects, or len(b).
// They need 0 <= i <= len(b), and read nothing outside b.
//
//go:noescape
func scanFieldValue(b []byte, i int) int

//go:noescape
func scanToken(b []byte, i int) int

//go:noescape
func scanTarget(b []byte, i int) int

// scanFieldLines is fieldLineEnds on the vector path. Given fewer than 16
// bytes it records no line and stops at i.
//
//go:noescape
func scanFieldLines(b []byte, i int, ends *[fieldLineBatch]fieldLineEnd) (n, colon, stop int)

func cpuid(leaf, sub uint32) (a, b, c, d uint32)

func xgetbv0() (a, d uint32)

// hasAVX2 reports whether the CPU has AVX2 and the OS saves the YMM
// registers across context switches (Intel SDM, "Detection of Intel AVX2").
func hasAVX2() bool {
	if maxLeaf, _, _, _ := cpuid(0, 0); maxLeaf < 7 {
		return false
	}
	const osxsave, avx = 1 << 27, 1 << 28
	if _, _, c, _ := cpuid(1, 0); c&osxsave == 0 || c&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&6 != 6 { // XMM and YMM state
		return false
	}
	const avx2 = 1 << 5
	_, b, _, _ := cpuid(7, 0)
	return b&avx2 != 0
}
