package nethttp_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/nethttp"
)

// serveHTTP parses the request at the front of buf and runs handler on it,
// as http.ReadRequest would have built it. It returns the bytes used, so a
// pipelined request can follow, or ErrIncomplete (read more and call again),
// or an *httparse.Error (answer its Status and close), or ToHTTP's error for
// one of the few requests net/http cannot represent, such as an IPvFuture
// host that net/url refuses (answer 400 and close).
func serveHTTP(buf []byte, w http.ResponseWriter, handler http.Handler) (int, error) {
	req, n, err := httparse.Parse(buf)
	if err != nil {
		return 0, err
	}
	hr, err := nethttp.ToHTTP(req)
	if err != nil {
		return 0, err
	}
	handler.ServeHTTP(w, hr) // any http.Handler
	return n, nil
}

// An http.Handler runs on requests the strict parser read.
func Example_handler() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello, %s!", r.URL.Query().Get("name"))
	})
	buf := []byte("GET /hello?name=Ada HTTP/1.1\r\nHost: a\r\n\r\nGET /hel")
	rec := httptest.NewRecorder()
	n, err := serveHTTP(buf, rec, mux)
	fmt.Println(n, err, rec.Code, rec.Body)
	_, err = serveHTTP(buf[n:], rec, mux)
	fmt.Println(err == httparse.ErrIncomplete)
	_, err = serveHTTP([]byte("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"), rec, mux)
	var perr *httparse.Error
	fmt.Println(errors.As(err, &perr), perr.Status)
	// Output:
	// 41 <nil> 200 Hello, Ada!
	// true
	// true 400
}

// TestReadmeShowsServeHTTP holds the README's interop example to serveHTTP.
func TestReadmeShowsServeHTTP(t *testing.T) {
	src, err := os.ReadFile("example_handler_test.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	start, end := strings.Index(s, "// serveHTTP parses"), strings.Index(s, "\n}\n")
	if start < 0 || end < start {
		t.Fatal("serveHTTP not found")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```go\n"+s[start:end+3]+"```\n") {
		t.Error("README.md does not show serveHTTP from nethttp/example_handler_test.go, word for word")
	}
}
