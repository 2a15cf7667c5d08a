//go:build httparse_trace

package httparse

import "testing"

// TestPortAddedUpPastFourDigits: RFC 3986 §3.2.3, a port of four digits
// or fewer is always within 0-65535, so validHost only checks that it is
// digits; a longer one is added up, a digit at a time, to its end or to
// the digit that takes it past 65535. Adding up every port gives the same
// answers more slowly, which only this count sees.
func TestPortAddedUpPastFourDigits(t *testing.T) {
	for _, tc := range []struct {
		host   string
		bad    int // validHost's answer
		digits int // port digits added up
	}{
		{"a:", -1, 0},
		{"a:8", -1, 0},
		{"a:9999", -1, 0},
		{"[::1]:0443", -1, 0},
		{"example.com:8080", -1, 0},
		{"a:00000", -1, 5},
		{"a:65535", -1, 5},
		{"a:65536", 6, 5},
		{"a:999999", 6, 5},
		{"a:9x", 3, 0},
	} {
		var bad int
		got := traced(func() { bad, _ = validHost(tc.host, false) })
		if bad != tc.bad || got[tracePort] != tc.digits {
			t.Errorf("validHost(%q) = %d, %d port digits added up; want %d, %d", tc.host, bad, got[tracePort], tc.bad, tc.digits)
		}
	}
}
