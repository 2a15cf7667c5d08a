//go:build httparse_trace

package httparse

// traceHook is set by tests built with the tag httparse_trace.
var traceHook func(traceLoop, int)

func trace(l traceLoop, n int) {
	if traceHook != nil {
		traceHook(l, n)
	}
}
