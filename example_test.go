package httparse_test

import (
	"errors"
	"fmt"

	"github.com/ae7539e0/httparse"
)

func ExampleParse() {
	raw := []byte("GET /hello?name=Ada HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.5.0\r\n\r\n")
	req, n, err := httparse.Parse(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	ua := req.Header.Get("user-agent")
	fmt.Println(n, req.Method, req.Path, req.RawQuery, req.Host, ua)

	// A rejected request says which rule it broke, where, and what to answer.
	_, _, err = httparse.Parse([]byte("GET / HTTP/1.1\r\nHost: example.com\r\nContent-Length : 5\r\n\r\nhello"))
	var perr *httparse.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Status, perr)
	}
	// Output:
	// 75 GET /hello name=Ada example.com curl/8.5.0
	// 400 httparse: RFC 9112 §5.1: whitespace between field name and colon (offset 49)
}

// A Parser and a Request live with a connection and are reused for every
// request on it: once warm, parsing allocates nothing.
func ExampleParser_Parse() {
	var p httparse.Parser
	var req httparse.Request
	buf := []byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\n" +
		"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi" +
		"GET /c HTTP/1.1\r\nHo") // the rest has not arrived yet
	for {
		n, err := p.Parse(buf, &req)
		if err == httparse.ErrIncomplete {
			fmt.Printf("need more than %q\n", buf)
			break
		}
		if err != nil {
			fmt.Println(err) // answer err.(*httparse.Error).Status, then close
			break
		}
		fmt.Printf("%s %s %q\n", req.Method, req.Target, req.Body)
		buf = buf[n:] // pipelined requests follow
	}
	// Output:
	// GET /a ""
	// POST /b "hi"
	// need more than "GET /c HTTP/1.1\r\nHo"
}

func ExampleRequest_Query() {
	req, _, err := httparse.Parse([]byte("GET /todos?tag=home&tag=urgent&q=milk+%26+eggs HTTP/1.1\r\nHost: x\r\n\r\n"))
	if err != nil {
		panic(err)
	}
	q, err := req.Query()
	if err != nil {
		panic(err)
	}
	search := q.Get("q")
	fmt.Printf("%q %q\n", search, q.Values("tag"))
	// Output: "milk & eggs" ["home" "urgent"]
}

// A server that streams bodies reads the head with ParseHead and feeds the
// body to a ChunkedDecoder as it arrives.
func ExampleChunkedDecoder() {
	head := []byte("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
	var p httparse.Parser
	var req httparse.Request
	if _, err := p.ParseHead(head, &req); err != nil || !req.Chunked {
		panic(err)
	}
	var d httparse.ChunkedDecoder
	var body, pending []byte
	for _, piece := range []string{"5\r\nhel", "lo\r\n0\r\nChecksum: 1a\r", "\n\r\n"} {
		pending = append(pending, piece...)
		var n int
		var err error
		body, n, err = d.Decode(body, pending)
		pending = pending[n:]
		if err != nil && err != httparse.ErrIncomplete {
			panic(err)
		}
	}
	fmt.Println(string(body), d.Done(), d.Trailer)
	// Output: hello true [{Checksum 1a}]
}
