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

func TestParseErrorString(t *testing.T) {
	_, _, err := Parse([]byte("GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello"))
	const want = "httparse: RFC 9112 §5.1: whitespace between field name and colon (offset 39)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// ErrIncomplete keeps a pointer type of its own as its static type
// (errors.go says why); this line stops compiling if it becomes an
// interface-typed variable again.
var _ *incompleteError = ErrIncomplete
