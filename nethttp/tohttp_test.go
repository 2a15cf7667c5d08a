package nethttp

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
	"github.com/google/go-cmp/cmp"
)

// requestView is the part of an *http.Request that ReadRequest decides,
// with the body read out, so two requests compare with cmp.Diff.
type requestView struct {
	Method           string
	URL              url.URL
	Proto            string
	ProtoMajor       int
	ProtoMinor       int
	Header           http.Header
	Host             string
	ContentLength    int64
	TransferEncoding []string
	Close            bool
	RequestURI       string
	NoBody           bool
	Body             string
	Trailer          http.Header
}

// view reads hr's body to its end (which is when net/http fills Trailer)
// and returns the fields to compare.
func view(t *testing.T, hr *http.Request) requestView {
	t.Helper()
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	u := *hr.URL
	if u.User != nil {
		t.Fatalf("URL.User is set; requestView cannot compare it")
	}
	return requestView{
		Method: hr.Method, URL: u, Proto: hr.Proto, ProtoMajor: hr.ProtoMajor, ProtoMinor: hr.ProtoMinor,
		Header: hr.Header, Host: hr.Host, ContentLength: hr.ContentLength,
		TransferEncoding: hr.TransferEncoding, Close: hr.Close, RequestURI: hr.RequestURI,
		NoBody: hr.Body == http.NoBody, Body: string(body), Trailer: hr.Trailer,
	}
}

// agreeCases are requests that both parsers accept. Each exercises one
// conversion rule of ToHTTP.
var agreeCases = []struct {
	name, in string
}{
	{"curl GET", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"},
	{"query and escapes", "GET /a%20b/c%2Fd?q=%41+b&x=1&x=2 HTTP/1.1\r\nHost: example.com\r\n\r\n"},
	{"lower-case and odd-case names canonicalised", "GET / HTTP/1.1\r\nhost: h\r\nx-forwarded-FOR: 10.0.0.1\r\ncontent-type: text/plain\r\nETAG: x\r\n\r\n"},
	{"repeated field keeps order", "GET / HTTP/1.1\r\nHost: h\r\nAccept: text/html\r\nX-A: 1\r\naccept: application/json\r\n\r\n"},
	{"empty field value", "GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n"},
	{"OWS trimmed", "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: \t v a l \t\r\n\r\n"},
	{"absolute-form overrides Host", "GET http://example.com:8080/p?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n"},
	{"authority-form CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"},
	{"asterisk-form OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"},
	{"POST with Content-Length", "POST /todos HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"title\":\"milk\"}"},
	{"Content-Length 0", "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"},
	{"repeated equal Content-Length", "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"},
	{"chunked", "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"},
	{"chunked empty", "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
	{"chunked with announced trailers", "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum, x-never-sent\r\n\r\n3\r\nabc\r\n0\r\nX-Checksum: 900150983cd24fb0\r\n\r\n"},
	{"chunked with unannounced trailer", "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nx-late: 1\r\n\r\n"},
	{"Trailer field without chunking stays a field", "POST /x HTTP/1.1\r\nHost: h\r\nTrailer: X-T\r\nContent-Length: 1\r\n\r\nz"},
	{"Connection close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"},
	{"HTTP/1.0 closes by default", "GET / HTTP/1.0\r\n\r\n"},
	{"HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nHost: h\r\nConnection: Keep-Alive\r\n\r\n"},
	{"Pragma no-cache adds Cache-Control", "GET / HTTP/1.1\r\nHost: h\r\nPragma: no-cache\r\n\r\n"},
	{"Pragma with Cache-Control unchanged", "GET / HTTP/1.1\r\nHost: h\r\nPragma: no-cache\r\nCache-Control: max-age=0\r\n\r\n"},
	{"Expect 100-continue", "PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok"},
	{"obs-text in value", "GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\xc3\xa9\r\n\r\n"},
	{"Trailer names end at OWS only, not at other Unicode spaces", "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: X-A\xc2\xa0, \xc2\x85, Content-Length\xc2\xa0\r\n\r\n0\r\n\r\n"},
}

// TestToHTTPMatchesReadRequest converts what httparse makes of each input
// and compares it with what http.ReadRequest makes of the same bytes.
func TestToHTTPMatchesReadRequest(t *testing.T) {
	for _, tc := range agreeCases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := http.ReadRequest(bufio.NewReader(strings.NewReader(tc.in)))
			if err != nil {
				t.Fatalf("http.ReadRequest: %v", err)
			}
			pr, n, err := httparse.Parse([]byte(tc.in))
			if err != nil {
				t.Fatalf("httparse.Parse: %v", err)
			}
			if n != len(tc.in) {
				t.Fatalf("httparse.Parse consumed %d of %d bytes", n, len(tc.in))
			}
			got, err := ToHTTP(pr)
			if err != nil {
				t.Fatalf("ToHTTP: %v", err)
			}
			if diff := cmp.Diff(view(t, want), view(t, got)); diff != "" {
				t.Errorf("ToHTTP differs from http.ReadRequest (-ReadRequest +ToHTTP):\n%s", diff)
			}
		})
	}
}

// TestToHTTPOutlivesParserBuffer checks that the *http.Request does not
// alias the buffer a reused Parser filled the Request from.
func TestToHTTPOutlivesParserBuffer(t *testing.T) {
	in := "POST /keep?me=1 HTTP/1.1\r\nHost: h\r\nX-Token: secret\r\nContent-Length: 4\r\n\r\nbody"
	buf := []byte(in)
	var p httparse.Parser
	var r httparse.Request
	if _, err := p.Parse(buf, &r); err != nil {
		t.Fatal(err)
	}
	hr, err := ToHTTP(&r)
	if err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = 'X'
	}
	body, _ := io.ReadAll(hr.Body)
	got := []string{hr.Method, hr.RequestURI, hr.URL.Path, hr.URL.RawQuery, hr.Host, hr.Header.Get("X-Token"), string(body)}
	want := []string{"POST", "/keep?me=1", "/keep", "me=1", "h", "secret", "body"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("request changed with the buffer (-want +got):\n%s", diff)
	}
}

func TestToHTTPErrors(t *testing.T) {
	// A Trailer field may not announce a framing field (RFC 9110 §6.5.1);
	// net/http rejects the request, so ToHTTP must not invent one.
	in := "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: Content-Length\r\n\r\n0\r\n\r\n"
	if _, err := http.ReadRequest(bufio.NewReader(strings.NewReader(in))); err == nil {
		t.Fatal("http.ReadRequest accepted a Trailer naming Content-Length; the test premise is wrong")
	}
	pr, _, err := httparse.Parse([]byte(in))
	if err != nil {
		t.Fatalf("httparse.Parse: %v", err)
	}
	if _, err := ToHTTP(pr); err == nil {
		t.Error("ToHTTP accepted a Trailer field naming Content-Length")
	}
	if _, err := ToHTTP(nil); err == nil {
		t.Error("ToHTTP(nil) returned no error")
	}

	// A head without its body, as Parser.ParseHead leaves it.
	var p httparse.Parser
	var head httparse.Request
	if _, err := p.ParseHead([]byte("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n"), &head); err != nil {
		t.Fatal(err)
	}
	if _, err := ToHTTP(&head); err == nil {
		t.Error("ToHTTP accepted a head whose body was not read")
	}
}

// TestToHTTPOnRecordedRequests runs the comparison on the recorded
// requests in testdata/bench (a browser, curl, JSON and chunked uploads,
// pipelined requests), one request after another as on a connection.
func TestToHTTPOnRecordedRequests(t *testing.T) {
	files, err := filepath.Glob("../testdata/bench/*.http")
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded requests found: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			br := bufio.NewReader(bytes.NewReader(data))
			for i := 0; len(data) > 0; i++ {
				pr, n, err := httparse.Parse(data)
				if err != nil {
					t.Fatalf("request %d: httparse.Parse: %v", i, err)
				}
				data = data[n:]
				want, err := http.ReadRequest(br)
				if err != nil {
					t.Fatalf("request %d: http.ReadRequest: %v", i, err)
				}
				wantView := view(t, want) // reads the body, so br moves on
				got, err := ToHTTP(pr)
				if err != nil {
					t.Fatalf("request %d: ToHTTP: %v", i, err)
				}
				if diff := cmp.Diff(wantView, view(t, got)); diff != "" {
					t.Errorf("request %d (-ReadRequest +ToHTTP):\n%s", i, diff)
				}
			}
			if br.Buffered() != 0 {
				t.Errorf("http.ReadRequest left %d bytes that httparse consumed", br.Buffered())
			}
		})
	}
}
