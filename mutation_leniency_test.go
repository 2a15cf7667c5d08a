package httparse

import "testing"

// TestObsFoldContinuationWithoutName: a continuation line that starts with
// ":" after its whitespace names no field, so nothing hides behind the
// fold (RFC 9112 §5.2); it is unfolded into the value like any other.
func TestObsFoldContinuationWithoutName(t *testing.T) {
	in := "GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n :c\r\n\r\n"
	p := Parser{Lenient: AllowObsFold}
	var r Request
	if _, err := p.Parse([]byte(in), &r); err != nil {
		t.Fatalf("%q: %v", in, err)
	}
	if got := r.Header.Get("X"); got != "b :c" {
		t.Errorf("%q: X = %q, want %q", in, got, "b :c")
	}
}
