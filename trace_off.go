//go:build !httparse_trace

package httparse

// trace is told how many bytes a scanning loop examined. It does nothing
// and compiles to nothing; built with the tag httparse_trace (trace_on.go)
// it counts, so that tests can hold each scanner to the work it claims and
// a resumed parse to reading each byte once.
func trace(traceLoop, int) {}

// traceFieldLines is told what a vector fieldLineEnds call from i found;
// like trace, it compiles to nothing here.
func traceFieldLines(i, n, colon, stop int) {}
