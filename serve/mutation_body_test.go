package serve

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A chunked body whose last chunk and end arrive in one read, while the
// handler reads a byte at a time, is returned whole: the decoded bytes
// still pending are read before io.EOF.
func TestStreamedChunkedBodyEndsAfterPendingBytes(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/bytes", func(w ResponseWriter, r *Request) {
		body := r.BodyReader()
		var got []byte
		var one [1]byte
		for {
			n, err := body.Read(one[:])
			got = append(got, one[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				Error(w, StatusInternalServerError, err.Error())
				return
			}
		}
		w.Write(got)
	})
	l := newPipeListener()
	startServerOn(t, &Server{Handler: rt, MaxBufferedBody: 4}, l)
	c := l.dial(t)
	// A pipe hands the server each write in one read: the first decodes
	// past MaxBufferedBody and streams, the second completes the body.
	pieces := []string{
		"POST /bytes HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
		"a\r\n0123456789\r\n0\r\n\r\n",
	}
	sendPieces(c, pieces)
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "POST"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(b) != "hello0123456789" {
		t.Errorf("got %d %q, want 200 %q", res.StatusCode, b, "hello0123456789")
	}
}

// A response with trailers, short enough to be buffered whole, goes out
// chunked with its last chunk and trailer section, and the connection
// serves the next request.
func TestBufferedResponseWithTrailers(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/t", func(w ResponseWriter, r *Request) {
		w.Header().Set("Trailer:X-Sum", "42")
		io.WriteString(w, "abc")
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	rc.write(get("/t") + get("/t"))
	for i := range 2 {
		res := rc.read("GET")
		if res.StatusCode != 200 || res.body != "abc" || res.Trailer.Get("X-Sum") != "42" {
			t.Errorf("response %d: %d %q trailer %v, want 200 \"abc\" X-Sum 42", i, res.StatusCode, res.body, res.Trailer)
		}
	}
}

// RFC 9110 §15.2: WriteHeader with a 1xx status other than 101 sends an
// interim response and leaves the final one to come; WriteHeader(100) is
// a valid status, sent at most once.
func TestInterimStatuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		interim int
		want    []int
	}{
		{"100 Continue", StatusContinue, []int{100, 200}},
		{"103 Early Hints", StatusEarlyHints, []int{103, 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := NewRouter()
			rt.HandleFunc("GET", "/i", func(w ResponseWriter, r *Request) {
				w.Header().Set("Link", "</style.css>; rel=preload")
				w.WriteHeader(tc.interim)
				w.WriteHeader(StatusOK)
				io.WriteString(w, "final")
			})
			addr, _ := startServer(t, &Server{Handler: rt})
			rc := dial(t, addr)
			rc.write(get("/i") + get("/i"))
			for round := range 2 {
				var got []int
				for {
					res := rc.read("GET")
					got = append(got, res.StatusCode)
					if res.StatusCode >= 200 {
						if res.body != "final" {
							t.Errorf("round %d: final body %q, want \"final\"", round, res.body)
						}
						break
					}
				}
				if len(got) != len(tc.want) || got[0] != tc.want[0] || got[1] != tc.want[1] {
					t.Fatalf("round %d: statuses %v, want %v", round, got, tc.want)
				}
			}
		})
	}
}

// A 413 for a Content-Length over MaxBodyBytes names the declared length,
// whatever its digits.
func TestTooLargeBodyNamesItsLength(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write("POST /n/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 99999999999\r\n\r\n")
	res := rc.read("POST")
	if res.StatusCode != StatusRequestEntityTooLarge || !strings.Contains(res.body, "body is 99999999999 bytes") {
		t.Errorf("got %d %q, want 413 naming 99999999999 bytes", res.StatusCode, res.body)
	}
}

// An error at the first byte of the request gives offset 0 in the JSON
// body, not no offset.
func TestReadErrorAtOffsetZero(t *testing.T) {
	addr, _ := startServer(t, &Server{Handler: testRouter()})
	rc := dial(t, addr)
	rc.write("\x01GET / HTTP/1.1\r\nHost: test\r\n\r\n")
	res := rc.read("GET")
	if res.StatusCode != StatusBadRequest || !strings.Contains(res.body, `"offset":0`) {
		t.Errorf("got %d %q, want 400 with \"offset\":0", res.StatusCode, res.body)
	}
}
