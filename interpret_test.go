package httparse

import "testing"

func TestExpectsContinue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", true},
		{"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo, 100-CONTINUE\r\n\r\n", true},
		{"POST / HTTP/1.1\r\nHost: a\r\n\r\n", false},
		// RFC 9110 §10.1.1: ignored in an HTTP/1.0 request.
		{"POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", false},
	} {
		r, _, err := Parse([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ExpectsContinue(); got != tc.want {
			t.Errorf("%q: ExpectsContinue = %v, want %v", tc.in, got, tc.want)
		}
	}
}
