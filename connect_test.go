package httparse

import (
	"strings"
	"testing"
)

// TestConnectContentLength covers RFC 9110 §9.3.6 on the Content-Length of
// a CONNECT request: the request has no content, so any 1*DIGIT value other
// than zero, however large, is 400 at the value; zero in any number of
// digits is accepted; a value that is not 1*DIGIT is judged by the
// Content-Length rule (RFC 9110 §8.6) instead.
func TestConnectContentLength(t *testing.T) {
	const head = "CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\nContent-Length: "
	for _, tc := range []struct {
		value string
		err   *Error // nil: accepted with ContentLength 0
	}{
		{value: "0"},
		{value: strings.Repeat("0", 30)},
		{value: "1", err: rej(400, rfc9110_936, "content in CONNECT request")},
		{value: "0001", err: rej(400, rfc9110_936, "content in CONNECT request")},
		{value: "9223372036854775807", err: rej(400, rfc9110_936, "content in CONNECT request")},
		{value: "9223372036854775808", err: rej(400, rfc9110_936, "content in CONNECT request")},
		{value: strings.Repeat("0", 30) + "1", err: rej(400, rfc9110_936, "content in CONNECT request")},
		{value: strings.Repeat("9", 30), err: rej(400, rfc9110_936, "content in CONNECT request")},
		{value: "", err: rej(400, rfc9110_8_6, "empty content-length")},
		{value: "0x0", err: rej(400, rfc9110_8_6, "invalid content-length")},
		{value: "-0", err: rej(400, rfc9110_8_6, "invalid content-length")},
		{value: "0 0", err: rej(400, rfc9110_8_6, "invalid content-length")},
	} {
		t.Run(tc.value, func(t *testing.T) {
			r, _, err := Parse([]byte(head + tc.value + "\r\n\r\n"))
			if tc.err == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if r.ContentLength != 0 {
					t.Errorf("ContentLength = %d, want 0", r.ContentLength)
				}
				return
			}
			want := *tc.err
			want.Offset = len(head)
			if !sameError(err, &want) {
				t.Errorf("Parse error %v, want %v", err, &want)
			}
		})
	}
}
