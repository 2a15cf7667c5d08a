package serve

import (
	"io"
	"strings"
	"testing"
)

// readHead reads one response head off rc, up to its blank line, as
// sent.
func (rc *rawConn) readHead() string {
	rc.t.Helper()
	var b strings.Builder
	for !strings.HasSuffix(b.String(), "\r\n\r\n") {
		line, err := rc.br.ReadString('\n')
		b.WriteString(line)
		if err != nil {
			rc.t.Fatalf("reading a response head: %v (got %q)", err, b.String())
		}
	}
	return b.String()
}

// RFC 9110 §8.6, §9.3.2: the answer to HEAD carries the Content-Length a
// handler declared, 0 included, and none when the handler wrote nothing
// and declared nothing, as the length a GET would get is unknown.
func TestHeadResponseContentLength(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler HandlerFunc
		want    string // a Content-Length line, or "" for none
	}{
		{"declared 0", func(w ResponseWriter, r *Request) {
			w.Header().Set("Content-Length", "0")
		}, "Content-Length: 0\r\n"},
		{"declared 5", func(w ResponseWriter, r *Request) {
			w.Header().Set("Content-Length", "5")
		}, "Content-Length: 5\r\n"},
		{"written", func(w ResponseWriter, r *Request) {
			io.WriteString(w, "hello")
		}, "Content-Length: 5\r\n"},
		{"nothing", func(w ResponseWriter, r *Request) {}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := NewRouter()
			rt.Handle("HEAD", "/h", tc.handler)
			rt.HandleFunc("GET", "/next", func(w ResponseWriter, r *Request) { io.WriteString(w, "next") })
			addr, _ := startServer(t, &Server{Handler: rt})
			rc := dial(t, addr)
			rc.write("HEAD /h HTTP/1.1\r\nHost: test\r\n\r\n" + get("/next"))
			head := rc.readHead()
			if !strings.HasPrefix(head, "HTTP/1.1 200 ") {
				t.Fatalf("head %q, want a 200", head)
			}
			if tc.want == "" {
				if strings.Contains(head, "Content-Length") || strings.Contains(head, "Transfer-Encoding") {
					t.Errorf("head %q, want no Content-Length nor Transfer-Encoding", head)
				}
			} else if !strings.Contains(head, "\r\n"+tc.want) {
				t.Errorf("head %q, want %q", head, tc.want)
			}
			// No body follows: the next bytes are the next response.
			if res := rc.read("GET"); res.StatusCode != StatusOK || res.body != "next" {
				t.Errorf("next response: %d %q, want 200 \"next\"", res.StatusCode, res.body)
			}
		})
	}
}
