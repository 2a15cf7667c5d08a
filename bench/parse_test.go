package bench

import "testing"

// BenchmarkParse parses each input with each implementation. One operation
// parses every request in the input (all ten for pipelined-10) and SetBytes
// is the whole input for every implementation, so ns/op and MB/s compare
// directly across implementations. Names follow benchstat's key=value form:
// BenchmarkParse/input=browser/impl=httparse-Parser.
func BenchmarkParse(b *testing.B) {
	for _, in := range loadInputs(b) {
		for _, im := range impls {
			b.Run("input="+in.name+"/impl="+im.name, func(b *testing.B) {
				runOp(b, in, im, im.prepare(in))
			})
		}
	}
}

// TestImplementationsAgree checks that every implementation finds the same
// requests in every input, outside any benchmark run.
func TestImplementationsAgree(t *testing.T) {
	for _, in := range loadInputs(t) {
		for _, im := range impls {
			t.Run(in.name+"/"+im.name, func(t *testing.T) {
				op := im.prepare(in)
				// Twice: the second run starts from reused, dirty state.
				for range 2 {
					if err := check(in, im.headOnly, op); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}
