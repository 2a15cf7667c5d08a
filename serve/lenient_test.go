package serve

import (
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// TestLenient: Server.Lenient reaches the parser of every connection and
// the decoder of its chunked bodies; without it the same requests are 400.
func TestLenient(t *testing.T) {
	requests := []struct{ name, in, body string }{
		{"bare LF", "GET /n/1 HTTP/1.1\nHost: test\n\n", `"i":"1"`},
		{"obs-fold", "GET /n/2 HTTP/1.1\r\nHost: test\r\nX-Long: a\r\n b\r\n\r\n", `"i":"2"`},
		{"raw target bytes", "GET /n/\xc3\xa9 HTTP/1.1\r\nHost: test\r\n\r\n", "\"i\":\"\xc3\xa9\""},
		{"missing Host", "GET /n/4 HTTP/1.1\r\n\r\n", `"i":"4"`},
		{"bare LF in trailers", "POST /echo HTTP/1.1\nHost: test\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\nX-Sum: 6\n\n", "abc"},
	}
	all := httparse.AllowBareLF | httparse.AllowObsFold | httparse.AllowRawTargetBytes | httparse.AllowMissingHost
	lenient, _ := startServer(t, &Server{Handler: testRouter(), Lenient: all})
	strict, _ := startServer(t, &Server{Handler: testRouter()})
	for _, tc := range requests {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, lenient)
			c.write(tc.in)
			res := c.read(strings.Fields(tc.in)[0])
			if res.StatusCode != 200 || !strings.Contains(res.body, tc.body) {
				t.Fatalf("lenient: %s %q, want 200 with %q", res.Status, res.body, tc.body)
			}
			if strings.HasPrefix(tc.in, "POST") && res.Header.Get("X-Trailer-Sum") != "6" {
				t.Fatalf("trailer not seen: %v", res.Header)
			}
			c = dial(t, strict)
			c.write(tc.in)
			if res := c.read("GET"); res.StatusCode != 400 {
				t.Fatalf("strict: %s, want 400", res.Status)
			}
			c.expectClosed()
		})
	}
}
