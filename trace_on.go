//go:build httparse_trace

package httparse

// traceHook is set by tests built with the tag httparse_trace.
var traceHook func(traceLoop, int)

func trace(l traceLoop, n int) {
	if traceHook != nil {
		traceHook(l, n)
	}
}

// traceFieldLines counts the bytes a vector fieldLineEnds call from i
// passed: each of its n lines' but its colon and CRLF, and the stopped
// line's up to stop, but its colon.
func traceFieldLines(i, n, colon, stop int) {
	skipped := stop - i - 3*n
	if colon >= 0 {
		skipped--
	}
	trace(traceVector, skipped)
}
