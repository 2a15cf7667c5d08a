//go:build !purego

package httparse

// scanLevels are the vector code paths this CPU can run: SSE2 always, and
// AVX2 when the CPU has it. Each entry's set selects it and returns a
// function that restores the choice made at start-up.
func scanLevels() []scanLevel {
	set := func(avx2 bool) func() func() {
		return func() func() {
			was := useAVX2
			useAVX2 = avx2
			return func() { useAVX2 = was }
		}
	}
	levels := []scanLevel{{"sse2", set(false)}}
	if hasAVX2() {
		levels = append(levels, scanLevel{"avx2", set(true)})
	}
	return levels
}
