package nethttp_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/nethttp"
)

// A server that parses with httparse hands the request to code written
// for net/http.
func ExampleToHTTP() {
	raw := "POST /todos?list=home HTTP/1.1\r\n" +
		"Host: 127.0.0.1:8080\r\n" +
		"content-type: application/json\r\n" +
		"Content-Length: 17\r\n" +
		"\r\n" +
		`{"title":"bread"}`
	req, _, err := httparse.Parse([]byte(raw))
	if err != nil {
		fmt.Println(err)
		return
	}
	hr, err := nethttp.ToHTTP(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hr.Method, hr.URL.Path, hr.URL.Query().Get("list"), hr.Host)
	fmt.Println(hr.Header.Get("Content-Type"), hr.ContentLength)
	// Output:
	// POST /todos home 127.0.0.1:8080
	// application/json 17
}

// A request built with net/http is held to the strict parser's rules and
// written out in wire form.
func ExampleFromHTTP() {
	hr, _ := http.NewRequest("PUT", "http://example.com/todos/7", strings.NewReader(`{"done":true}`))
	hr.Header.Set("Content-Type", "application/json")
	req, err := nethttp.FromHTTP(hr)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", req.AppendTo(nil))

	// A NUL byte is never allowed in a field value (RFC 9110 §5.5). The
	// offset counts in the wire form FromHTTP wrote.
	bad, _ := http.NewRequest("GET", "http://example.com/", nil)
	bad.Header.Set("X-Note", "one\x00two")
	_, err = nethttp.FromHTTP(bad)
	fmt.Println(err)
	// Output:
	// "PUT /todos/7 HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"done\":true}"
	// httparse: RFC 9110 §5.5: NUL in field value (offset 46)
}
