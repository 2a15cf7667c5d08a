package httparse

import "testing"

// TestErrorStringOffsets: Error names the offset whenever there is one,
// the first byte (0) included, and leaves it out for -1.
func TestErrorStringOffsets(t *testing.T) {
	for _, tc := range []struct {
		off  int
		want string
	}{
		{0, "httparse: RFC 9112 §2.2: bare CR (offset 0)"},
		{1, "httparse: RFC 9112 §2.2: bare CR (offset 1)"},
		{-1, "httparse: RFC 9112 §2.2: bare CR"},
	} {
		if got := badRequest(rfc9112_2_2, tc.off, "bare CR").Error(); got != tc.want {
			t.Errorf("offset %d: %q, want %q", tc.off, got, tc.want)
		}
	}
}
