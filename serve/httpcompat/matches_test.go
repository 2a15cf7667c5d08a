package httpcompat

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// wire is what a client reads of one response: the status line's code and
// phrase, the header fields but Date, the framing, the body and trailers,
// and whether the server closes after it; notes is what the handler saw.
type wire struct {
	Status           string
	Header           http.Header
	ContentLength    int64
	TransferEncoding []string
	Body             string
	Trailer          http.Header
	Close            bool
	Notes            []string
}

// exchangeRaw sends raw on a new connection to addr and reads one response.
func exchangeRaw(t *testing.T, addr, raw, method string) wire {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		body = fmt.Appendf(body, "[%v]", err) // a body cut short: the server closed
	}
	res.Header.Del("Date")
	return wire{res.Status, res.Header, res.ContentLength, res.TransferEncoding, string(body), res.Trailer, res.Close, nil}
}

// TestMatchesNetHTTP runs each handler on net/http's server and through
// Handler on serve, sends both the same bytes, and wants the same response
// and the same observations by the handler. Each case names what net/http
// does that it holds.
func TestMatchesNetHTTP(t *testing.T) {
	big := strings.Repeat("z", 70<<10) // past serve's MaxBufferedBody: the body streams
	chunkedBig := fmt.Sprintf("%x\r\n%s\r\n0\r\nX-T: v\r\n\r\n", len(big), big)
	post := func(head, body string) string {
		return "POST / HTTP/1.1\r\nHost: x\r\n" + head + "\r\n" + body
	}
	const get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	type note = func(string)
	for _, tc := range []struct {
		name    string
		raw     string
		handler func(w http.ResponseWriter, r *http.Request, note note)
		ignore  []string // fields of wire ("Header.Name": a header field) that differ by design, said why
	}{
		{"WriteHeader fixes the head: later fields are not sent", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("X-Gone", "1")
			w.WriteHeader(200)
			w.Header().Set("X-Late", "1")
			w.Header().Del("X-Gone")
			w.Header().Set("Content-Length", "10")
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("hi"))
		}, nil},
		{"WriteHeader fixes the head: a Trailer field's values are no head fields", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Trailer", "X-A")
			w.WriteHeader(204)
			w.Header().Set("X-A", "1")
		}, nil},
		{"a later WriteHeader's code is not looked at, even an invalid one", get, func(w http.ResponseWriter, r *http.Request, note note) {
			io.WriteString(w, "body")
			w.WriteHeader(0)
			w.WriteHeader(1000)
		}, nil},
		{"Content-Type sniffed from the body buffered, not the first Write", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Write(nil)
			w.Write([]byte("<html"))
			w.Write([]byte("><body>x</body></html>"))
		}, nil},
		{"Content-Type sniffed from the first 512 bytes of many writes", get, func(w http.ResponseWriter, r *http.Request, note note) {
			for range 100 {
				io.WriteString(w, "<html><p>")
			}
		}, nil},
		{"Content-Type sniffed at Flush", get, func(w http.ResponseWriter, r *http.Request, note note) {
			io.WriteString(w, "%PDF-")
			w.(http.Flusher).Flush()
			io.WriteString(w, "<html>")
		}, nil},
		{"no Content-Type from a refused write", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", "2")
			_, err := w.Write([]byte("<html>"))
			note(fmt.Sprint("overlong write: ErrContentLength ", errors.Is(err, http.ErrContentLength)))
		}, []string{"Close"}}, // serve says Connection: close with the head it knows is short
		{"no Content-Type asked for with a nil value", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header()["Content-Type"] = nil
			io.WriteString(w, "<html>")
		}, nil},
		{"a Content-Length net/http cannot parse is dropped, and the body all sent", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", " 5")
			n, err := io.WriteString(w, "hello world")
			note(fmt.Sprint(n, " ", err))
		}, []string{"ContentLength", "TransferEncoding", "Header.Content-Length"}}, // the server frames what is written
		{"every Write refused after one went past the declared length", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", "3")
			for _, p := range []string{"ab", "cd", "c"} {
				n, err := io.WriteString(w, p)
				note(fmt.Sprint(p, ": ", n, " ", err))
			}
		}, []string{"Close"}}, // serve says Connection: close with the head it knows is short
		{"trailer values set with the prefix before those of the announced field", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Trailer", "X-A, X-B")
			w.Header().Set("Transfer-Encoding", "chunked")
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			io.WriteString(w, "ok")
			w.Header().Set("X-A", "1")
			w.Header().Set(http.TrailerPrefix+"X-A", "2")
		}, nil},
		{"ErrBodyNotAllowed for 204 and 304", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.WriteHeader(304)
			_, err := w.Write([]byte("x"))
			note(fmt.Sprint("write after 304: ErrBodyNotAllowed ", errors.Is(err, http.ErrBodyNotAllowed)))
		}, nil},
		{"304 without Content-Type or Content-Length", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", "3")
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("ETag", `"1"`)
			w.WriteHeader(304)
		}, nil},
		{"204 without Content-Length", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(204)
		}, nil},
		{"values trimmed, CR and LF written as spaces", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("X-Padded", " \t padded\t ")
			w.Header().Set("X-Split", "a\r\nX-Injected: 1")
			w.Header().Set(http.TrailerPrefix+"X-Sum", " 7\n")
			io.WriteString(w, "ok")
		}, nil},
		{"reason phrases of registered codes", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.WriteHeader(http.StatusUnavailableForLegalReasons)
		}, nil},
		{"reason phrase of 207", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.WriteHeader(http.StatusMultiStatus)
		}, nil},
		{"WriteHeader takes 100 as an interim status", post("Content-Length: 2\r\n", "ok"), func(w http.ResponseWriter, r *http.Request, note note) {
			w.WriteHeader(100)
			w.WriteHeader(200)
		}, nil},
		{"WriteHeader takes 999", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.WriteHeader(999)
			io.WriteString(w, "ok")
		}, []string{"Status"}}, // an unregistered code has an empty reason phrase (listed)
		{"Content-Length 0 refuses a byte", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", "0")
			_, err := io.WriteString(w, "x")
			note(fmt.Sprint("ErrContentLength ", errors.Is(err, http.ErrContentLength)))
		}, nil},
		{"a body exactly the declared length", get, func(w http.ResponseWriter, r *http.Request, note note) {
			w.Header().Set("Content-Length", "2")
			n, err := io.WriteString(w, "ok")
			note(fmt.Sprint(n, " ", err))
		}, nil},
		{"Content-Type sniffed from one large Write", get, func(w http.ResponseWriter, r *http.Request, note note) {
			io.WriteString(w, "<html>"+strings.Repeat("<p>", 300))
		}, nil},
		{"no content: Body is http.NoBody", post("Content-Length: 0\r\n", ""), func(w http.ResponseWriter, r *http.Request, note note) {
			note(fmt.Sprint("NoBody ", r.Body == http.NoBody, ", ContentLength ", r.ContentLength))
		}, nil},
		{"OPTIONS * answered by the server", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", func(w http.ResponseWriter, r *http.Request, note note) {
			note("handler ran")
			w.WriteHeader(400)
		}, nil},
		{"LocalAddrContextKey set", get, func(w http.ResponseWriter, r *http.Request, note note) {
			addr, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
			note(fmt.Sprint("local address set: ", addr != nil && strings.HasPrefix(addr.String(), "127.0.0.1:")))
		}, nil},
		{"Read after Close fails on a buffered body", post("Content-Length: 5\r\n", "hello"), func(w http.ResponseWriter, r *http.Request, note note) {
			r.Body.Close()
			n, err := r.Body.Read(make([]byte, 8))
			note(fmt.Sprint(n, " ", err))
		}, nil},
		{"trailers of a streamed body in Trailer once, at its end", post("Transfer-Encoding: chunked\r\n", chunkedBig), func(w http.ResponseWriter, r *http.Request, note note) {
			n, _ := io.Copy(io.Discard, r.Body)
			io.Copy(io.Discard, r.Body)
			note(fmt.Sprint(n, " bytes, trailer ", r.Trailer))
		}, nil},
		{"announced trailers of a streamed body replaced, not appended", post("Transfer-Encoding: chunked\r\nTrailer: X-T\r\n", chunkedBig), func(w http.ResponseWriter, r *http.Request, note note) {
			note(fmt.Sprint("before: ", r.Trailer))
			io.Copy(io.Discard, r.Body)
			io.Copy(io.Discard, r.Body)
			note(fmt.Sprint("after: ", r.Trailer))
		}, nil},
		{"Hijack hands over the unread rest of a buffered body", post("Content-Length: 6\r\n", "abcdef"), func(w http.ResponseWriter, r *http.Request, note note) {
			p := make([]byte, 2)
			io.ReadFull(r.Body, p)
			c, brw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				note(err.Error())
				return
			}
			defer c.Close()
			rest := make([]byte, brw.Reader.Buffered())
			io.ReadFull(brw, rest)
			note(fmt.Sprintf("read %q, then %q from the connection", p, rest))
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]wire
			for i := range got {
				notes := make(chan string, 10)
				h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					tc.handler(w, r, func(s string) { notes <- s })
				})
				var addr string
				if i == 0 {
					srv := httptest.NewUnstartedServer(h)
					srv.Config.ErrorLog = log.New(io.Discard, "", 0)
					srv.Start()
					addr = srv.Listener.Addr().String()
					defer srv.Close()
				} else {
					addr = strings.TrimPrefix(startServer(t, &serve.Server{Handler: Handler(h)}), "http://")
				}
				method, _, _ := strings.Cut(tc.raw, " ")
				got[i] = exchangeRaw(t, addr, tc.raw, method)
				for len(notes) > 0 {
					got[i].Notes = append(got[i].Notes, <-notes)
				}
				sort.Strings(got[i].Notes)
			}
			var fields []string
			for _, f := range tc.ignore {
				if name, ok := strings.CutPrefix(f, "Header."); ok {
					got[0].Header.Del(name)
					got[1].Header.Del(name)
				} else {
					fields = append(fields, f)
				}
			}
			if diff := cmp.Diff(got[0], got[1], cmpopts.IgnoreFields(wire{}, fields...)); diff != "" {
				t.Errorf("net/http (-) and serve with Handler (+) differ:\n%s", diff)
			}
		})
	}
}

// TestLargeWriteStreamsBeforeReturn: once a handler has written more than
// the Content-Type sniffing holds back (and more than serve's body
// buffer), the response is on its way before the handler returns, as
// with net/http, whose buffer is smaller still.
func TestLargeWriteStreamsBeforeReturn(t *testing.T) {
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("a", 100))
		io.WriteString(w, strings.Repeat("a", 40000))
		<-release
	})
	addr := strings.TrimPrefix(startServer(t, &serve.Server{Handler: Handler(h)}), "http://")
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	defer close(release)
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "GET"})
	if err != nil {
		t.Fatalf("no response head while the handler runs: %v", err)
	}
	if _, err := io.ReadFull(res.Body, make([]byte, 1000)); err != nil {
		t.Fatalf("no body while the handler runs: %v", err)
	}
}
