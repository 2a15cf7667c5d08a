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

// TestObsFoldOnlyWhitespace: a value folded over lines that hold nothing
// but whitespace is empty (RFC 9112 §5.2 replaces each obs-fold with SP,
// and OWS around a value is not part of it, §5.1).
func TestObsFoldOnlyWhitespace(t *testing.T) {
	for _, field := range []string{"X:\r\n ", "X: \r\n ", "X:\r\n \r\n \t", "X:\t\r\n\t\r\n "} {
		in := "GET / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n"
		p := Parser{Lenient: AllowObsFold}
		var r Request
		if n, err := p.Parse([]byte(in), &r); err != nil || n != len(in) {
			t.Fatalf("%q: %d, %v", in, n, err)
		}
		if v, ok := r.Header.Lookup("X"); !ok || v != "" {
			t.Errorf("%q: X = %q (present %v), want empty", in, v, ok)
		}
	}
}

// TestRawTargetBytesFrom0x80: AllowRawTargetBytes takes every octet from
// %x80 to %xFF in the request-target, the lowest and the highest included,
// and nothing below.
func TestRawTargetBytesFrom0x80(t *testing.T) {
	for _, raw := range []string{"\x80", "\xff", "\x80\xff"} {
		in := "GET /a" + raw + "b HTTP/1.1\r\nHost: a\r\n\r\n"
		p := Parser{Lenient: AllowRawTargetBytes}
		var r Request
		if _, err := p.Parse([]byte(in), &r); err != nil || r.Target != "/a"+raw+"b" {
			t.Errorf("%q: target %q, %v; want %q", in, r.Target, err, "/a"+raw+"b")
		}
	}
	in := "GET /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n"
	p := Parser{Lenient: AllowRawTargetBytes}
	if _, err := p.Parse([]byte(in), new(Request)); err == nil {
		t.Errorf("%q: accepted, want DEL refused", in)
	}
}

// TestObsFoldAfterBareLFAtColon: with AllowBareLF and AllowObsFold, a
// value whose first line is empty, ended by a bare LF right after the
// colon, unfolds to what its continuation holds; the LF is a line end,
// never part of the value.
func TestObsFoldAfterBareLFAtColon(t *testing.T) {
	for _, in := range []string{
		"GET / HTTP/1.1\nHost: a\nX:\n y\n\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX:\n y\r\n\r\n",
	} {
		p := Parser{Lenient: AllowBareLF | AllowObsFold}
		var r Request
		if n, err := p.Parse([]byte(in), &r); err != nil || n != len(in) {
			t.Fatalf("%q: %d, %v", in, n, err)
		}
		if v := r.Header.Get("X"); v != "y" {
			t.Errorf("%q: X = %q, want \"y\"", in, v)
		}
	}
}
