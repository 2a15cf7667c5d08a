package serve

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// headCase is what a handler does in FuzzResponseHead: set one field, then
// answer with status, streaming the body (chunked) or not.
type headCase struct {
	name, value string
	status      int
	stream      bool
}

// FuzzResponseHead holds every response head the server can produce to the
// parser's own field-line grammar: whatever field a handler sets, the head
// on the wire parses (its status line swapped for a request-line), and the
// field arrives unchanged exactly when httparse.ValidFieldName and
// ValidFieldValue accept it; otherwise the server drops it. So the server
// never sends what its own parser would answer with 400.
func FuzzResponseHead(f *testing.F) {
	for _, c := range []headCase{
		{"X-Ok", "plain value", 200, false},
		{"X-Ok", "plain value", 200, true},
		{"Content-Type", "text/plain; charset=utf-8", 201, false},
		{"X-Empty", "", 204, false},
		{"ETag", `"v1"`, 304, false},
		{"X-Obs", "caf\xc3\xa9", 404, false},
		{"X-Inject", "a\r\nX-Evil: 1", 200, false},
		{"X-Lf", "a\nb", 200, true},
		{"X-Ctl", "a\x01b", 500, false},
		{"X-Nul", "a\x00b", 200, false},
		{"X-Del", "a\x7fb", 200, false},
		{"X-Lead", " padded", 200, false},
		{"X-Trail", "padded\t", 200, false},
		{"Bad Name", "v", 200, false},
		{"Bad:Name", "v", 200, false},
		{"", "v", 200, false},
		{"Connection", "close", 200, false},
		{"Content-Length", "5", 200, false},
		{"Transfer-Encoding", "gzip", 200, true},
	} {
		f.Add(c.name, c.value, c.status, c.stream)
	}
	for c := 0; c < 256; c++ {
		f.Add("X-Byte", "a"+string([]byte{byte(c)})+"b", 200, c%2 == 0)
	}

	var mu sync.Mutex
	var cur headCase
	addr, _ := startServer(f, &Server{Handler: HandlerFunc(func(w ResponseWriter, r *Request) {
		mu.Lock()
		c := cur
		mu.Unlock()
		w.Header().Set(c.name, c.value)
		w.WriteHeader(c.status)
		if c.stream {
			w.Write([]byte("hello"))
			w.Flush()
		}
	})})

	f.Fuzz(func(t *testing.T, name, value string, status int, stream bool) {
		if status < 200 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		mu.Lock()
		cur = headCase{name, value, status, stream}
		mu.Unlock()

		c, err := net.DialTimeout("tcp", addr, testTimeout)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(testTimeout))
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
		raw, err := io.ReadAll(c)
		if err != nil {
			t.Fatalf("reading the response: %v", err)
		}
		end := bytes.Index(raw, []byte("\r\n\r\n"))
		line := bytes.Index(raw, []byte("\r\n"))
		if end < 0 || line < 0 {
			t.Fatalf("no complete head in %q", raw)
		}
		if want := "HTTP/1.1 " + strconv.Itoa(status) + " "; !bytes.HasPrefix(raw, []byte(want)) {
			t.Fatalf("status line %q, want %q...", raw[:line], want)
		}
		// The field lines under a request-line and a Host field: the parser
		// judges each line by the same field-line grammar it applies to
		// every request.
		head := append([]byte("GET / HTTP/1.1\r\nHost: h"), raw[line:end+4]...)
		var p httparse.Parser
		var req httparse.Request
		if _, err := p.ParseHead(head, &req); err != nil {
			t.Fatalf("the server sent a head its parser rejects: %v\n%q", err, head)
		}
		for _, own := range []string{"Content-Length", "Transfer-Encoding", "Connection", "Date"} {
			if ascii.EqualFold(name, own) {
				return // the server writes these itself
			}
		}
		valid := httparse.ValidFieldName(name) && httparse.ValidFieldValue(value)
		got, ok := req.Header.Lookup(name)
		if valid && (!ok || got != value) {
			t.Errorf("valid field %q: %q sent as %q (present %v)", name, value, got, ok)
		}
		if !valid && ok && name != "" {
			t.Errorf("invalid field %q: %q was sent as %q", name, value, got)
		}
	})
}
