package nethttp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestFromHTTPRoundTrip takes each request net/http reads, converts it
// with FromHTTP and back with ToHTTP, and expects what net/http read.
func TestFromHTTPRoundTrip(t *testing.T) {
	read := func(t *testing.T, in string) *http.Request {
		t.Helper()
		hr, err := http.ReadRequest(bufio.NewReader(strings.NewReader(in)))
		if err != nil {
			t.Fatalf("http.ReadRequest: %v", err)
		}
		return hr
	}
	for _, tc := range agreeCases {
		t.Run(tc.name, func(t *testing.T) {
			pr, err := FromHTTP(read(t, tc.in))
			if err != nil {
				t.Fatalf("FromHTTP: %v", err)
			}
			back, err := ToHTTP(pr)
			if err != nil {
				t.Fatalf("ToHTTP: %v", err)
			}
			if diff := cmp.Diff(view(t, read(t, tc.in)), view(t, back)); diff != "" {
				t.Errorf("round trip changed the request (-ReadRequest +FromHTTP then ToHTTP):\n%s", diff)
			}
		})
	}
}

// TestFromHTTPClientRequest converts requests built as a client builds
// them: no RequestURI, the target taken from URL.
func TestFromHTTPClientRequest(t *testing.T) {
	hr, err := http.NewRequest("POST", "http://example.com:8080/todos?x=1", strings.NewReader(`{"title":"a"}`))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Add("X-Multi", "1")
	hr.Header.Add("X-Multi", "2")
	got, err := FromHTTP(hr)
	if err != nil {
		t.Fatal(err)
	}
	want := &httparse.Request{
		Method: "POST", Target: "/todos?x=1", Path: "/todos", RawPath: "/todos", RawQuery: "x=1",
		ProtoMajor: 1, ProtoMinor: 1, Host: "example.com:8080",
		Header: httparse.Header{
			{Name: "Host", Value: "example.com:8080"},
			{Name: "Content-Type", Value: "application/json"},
			{Name: "X-Multi", Value: "1"},
			{Name: "X-Multi", Value: "2"},
			{Name: "Content-Length", Value: "13"},
		},
		ContentLength: 13,
		Body:          []byte(`{"title":"a"}`),
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(httparse.Request{})); diff != "" {
		t.Errorf("FromHTTP (-want +got):\n%s", diff)
	}
}

// TestFromHTTPChunkedTrailer sends a chunked body with a trailer whose
// value is only known once the body has been read, as net/http allows.
func TestFromHTTPChunkedTrailer(t *testing.T) {
	hr, err := http.NewRequest("PUT", "http://h/up", nil)
	if err != nil {
		t.Fatal(err)
	}
	hr.TransferEncoding = []string{"chunked"}
	hr.Trailer = http.Header{"X-Sum": nil}
	hr.Body = io.NopCloser(&trailerSetter{r: strings.NewReader("hello"), set: func() { hr.Trailer.Set("X-Sum", "5") }})
	got, err := FromHTTP(hr)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Chunked || string(got.Body) != "hello" {
		t.Errorf("Chunked=%v Body=%q, want chunked \"hello\"", got.Chunked, got.Body)
	}
	if diff := cmp.Diff(httparse.Header{{Name: "X-Sum", Value: "5"}}, got.Trailer); diff != "" {
		t.Errorf("Trailer (-want +got):\n%s", diff)
	}
	if v := got.Header.Get("Trailer"); v != "X-Sum" {
		t.Errorf("Trailer field = %q, want X-Sum", v)
	}
}

// trailerSetter calls set when r reaches EOF.
type trailerSetter struct {
	r   io.Reader
	set func()
}

func (s *trailerSetter) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err == io.EOF {
		s.set()
	}
	return n, err
}

// TestFromHTTPRejects checks that what the parser would refuse on the wire
// is refused here too, and that no value can write lines of its own.
func TestFromHTTPRejects(t *testing.T) {
	base := func() *http.Request {
		hr, err := http.NewRequest("GET", "http://h/", nil)
		if err != nil {
			t.Fatal(err)
		}
		return hr
	}
	cases := []struct {
		name   string
		modify func(*http.Request)
		status int // of the *httparse.Error; 0 for another error
	}{
		{"CRLF in a value would add a field", func(r *http.Request) { r.Header.Set("X-A", "1\r\nX-Admin: yes") }, 400},
		{"LF in a name", func(r *http.Request) { r.Header["X-A\nB"] = []string{"1"} }, 400},
		{"CRLF in Host would end the header", func(r *http.Request) { r.Host = "h\r\n\r\nGET /admin HTTP/1.1" }, 400},
		{"CRLF in RequestURI", func(r *http.Request) { r.RequestURI = "/ HTTP/1.1\r\nHost: h\r\n\r\nGET /x" }, 400},
		{"control byte in a value", func(r *http.Request) { r.Header.Set("X-A", "a\x01b") }, 400},
		{"space in a name", func(r *http.Request) { r.Header["X A"] = []string{"1"} }, 400},
		{"colon in a name would write another field", func(r *http.Request) { r.Header["Cookie:session=attacker"] = []string{"1"} }, 400},
		{"colon in a trailer name", func(r *http.Request) {
			r.Method, r.Body, r.TransferEncoding = "POST", io.NopCloser(strings.NewReader("ab")), []string{"chunked"}
			r.Trailer = http.Header{"X:Y": {"z"}}
		}, 400},
		{"comma in an announced trailer name would announce another", func(r *http.Request) {
			r.Method, r.Body, r.TransferEncoding = "POST", io.NopCloser(strings.NewReader("ab")), []string{"chunked"}
			r.Trailer = http.Header{"X-A, X-B": nil}
		}, 400},
		{"announced trailer that frames the message", func(r *http.Request) {
			r.Method, r.Body, r.TransferEncoding = "POST", io.NopCloser(strings.NewReader("ab")), []string{"chunked"}
			r.Trailer = http.Header{"Content-Length": nil}
		}, 0},
		{"ContentLength with a nil Body", func(r *http.Request) { r.Method, r.Body, r.ContentLength = "POST", nil, 5 }, 0},
		{"unknown ContentLength with a nil Body", func(r *http.Request) { r.Method, r.Body, r.ContentLength = "POST", nil, -1 }, 0},
		{"body shorter than ContentLength", func(r *http.Request) {
			r.Method, r.Body, r.ContentLength = "POST", io.NopCloser(strings.NewReader("ab")), 5
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hr := base()
			tc.modify(hr)
			got, err := FromHTTP(hr)
			if err == nil {
				t.Fatalf("FromHTTP accepted it: %+v", got)
			}
			var perr *httparse.Error
			isParseErr := errors.As(err, &perr)
			switch {
			case tc.status == 0 && isParseErr:
				t.Errorf("err = %v, want an error that is not an *httparse.Error", err)
			case tc.status != 0 && !isParseErr:
				t.Errorf("err = %v, want an *httparse.Error", err)
			case tc.status != 0 && perr.Status != tc.status:
				t.Errorf("status = %d, want %d (%v)", perr.Status, tc.status, err)
			}
		})
	}
}

// TestFromHTTPEmptyHost: an HTTP/1.1 request with no authority gets an
// empty Host field, which RFC 9112 §3.2 allows, and HTTP/1.0 gets none.
func TestFromHTTPEmptyHost(t *testing.T) {
	for _, minor := range []int{1, 0} {
		hr, err := http.NewRequest("GET", "http://h/x", nil)
		if err != nil {
			t.Fatal(err)
		}
		hr.Host, hr.URL.Host, hr.ProtoMinor = "", "", minor
		got, err := FromHTTP(hr)
		if err != nil {
			t.Fatalf("HTTP/1.%d: %v", minor, err)
		}
		v, ok := got.Header.Lookup("Host")
		if want := minor == 1; ok != want || v != "" || got.Host != "" {
			t.Errorf("HTTP/1.%d: Host field present=%v value=%q, Request.Host=%q; want present=%v, empty", minor, ok, v, got.Host, want)
		}
	}
}

// TestFromHTTPBodyLimit checks that a body over the parser's limit fails
// with 413 after reading no more than one byte past the limit.
func TestFromHTTPBodyLimit(t *testing.T) {
	src := &countingReader{left: httparse.DefaultMaxBodyBytes + 1<<20}
	hr, err := http.NewRequest("POST", "http://h/", io.NopCloser(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = FromHTTP(hr)
	var perr *httparse.Error
	if !errors.As(err, &perr) || perr.Status != 413 {
		t.Fatalf("err = %v, want a 413 *httparse.Error", err)
	}
	if src.read > httparse.DefaultMaxBodyBytes+1 {
		t.Errorf("read %d bytes of the body, want at most %d", src.read, httparse.DefaultMaxBodyBytes+1)
	}
}

// countingReader yields left zero bytes and counts what was read.
type countingReader struct{ left, read int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), c.left)
	clear(p[:n])
	c.left -= n
	c.read += n
	return int(n), nil
}

// TestFromHTTPAsClientWrites: requests built for net/http's client come out
// as its Request.Write sends them: the same bytes, parsed, give the same
// Request (an empty method is GET, Close writes Connection: close, CONNECT
// names r.URL.Opaque or r.Host, and a body of unknown length is chunked,
// with its trailers, by net/http's rule).
func TestFromHTTPAsClientWrites(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  func() *http.Request
	}{
		{"empty method", func() *http.Request {
			r, _ := http.NewRequest("GET", "http://example.com/x", nil)
			r.Method = ""
			return r
		}},
		{"Close", func() *http.Request {
			r, _ := http.NewRequest("GET", "http://example.com/x", nil)
			r.Close = true
			return r
		}},
		{"CONNECT to r.Host", func() *http.Request {
			return &http.Request{Method: "CONNECT", URL: &url.URL{Host: "b:443"}, Host: "a:443", Header: http.Header{}}
		}},
		{"IPv6 zone", func() *http.Request {
			r, _ := http.NewRequest("GET", "http://[fe80::1%25en0]:8080/x", nil)
			return r
		}},
		{"IPv6 zone after a percent sign", func() *http.Request {
			return &http.Request{Method: "GET", URL: &url.URL{Path: "/"}, Host: "[fe80::1%a%b]:80", Header: http.Header{}}
		}},
		{"CONNECT to an IPv6 address with a zone", func() *http.Request {
			return &http.Request{Method: "CONNECT", URL: &url.URL{Host: "[fe80::1%en0]:443"}, Header: http.Header{}}
		}},
		{"CONNECT to r.URL.Opaque", func() *http.Request {
			return &http.Request{Method: "CONNECT", URL: &url.URL{Opaque: "c:443", Host: "b:443"}, Host: "a:443", Header: http.Header{}}
		}},
		{"body of unknown length", func() *http.Request {
			r, _ := http.NewRequest("POST", "http://example.com/x", io.NopCloser(strings.NewReader("abc")))
			return r
		}},
		{"empty POST body of unknown length", func() *http.Request {
			r, _ := http.NewRequest("POST", "http://example.com/x", io.NopCloser(strings.NewReader("")))
			return r
		}},
		{"empty PUT body of length -1 with a trailer", func() *http.Request {
			r, _ := http.NewRequest("PUT", "http://example.com/x", io.NopCloser(strings.NewReader("")))
			r.ContentLength = -1
			r.Trailer = http.Header{"X-T": {"1"}}
			return r
		}},
		{"empty body of unknown length, method get in lower case", func() *http.Request {
			r, _ := http.NewRequest("get", "http://example.com/x", io.NopCloser(strings.NewReader("")))
			return r
		}},
		{"empty GET body of unknown length with a trailer", func() *http.Request {
			r, _ := http.NewRequest("GET", "http://example.com/x", io.NopCloser(strings.NewReader("")))
			r.Trailer = http.Header{"X-T": {"1"}}
			return r
		}},
		{"trailer of a body of unknown length", func() *http.Request {
			r, _ := http.NewRequest("POST", "http://example.com/x", strings.NewReader("abc"))
			r.ContentLength = -1
			r.Trailer = http.Header{"X-T": {"1"}}
			return r
		}},
	} {
		// Write adds a User-Agent when there is none.
		req := func() *http.Request { r := tc.req(); r.Header.Set("User-Agent", "t"); return r }
		var wire bytes.Buffer
		if err := req().Write(&wire); err != nil {
			t.Fatalf("%s: Write: %v", tc.name, err)
		}
		want, _, err := httparse.Parse(wire.Bytes())
		if err != nil {
			// The parser refuses what Write sent: FromHTTP, which gives
			// what the parser makes of it, refuses too, alike.
			if _, ferr := FromHTTP(req()); ferr == nil || ferr.Error() != err.Error() {
				t.Errorf("%s: the parser refuses what Write sent (%v); FromHTTP: %v", tc.name, err, ferr)
			}
			continue
		}
		got, err := FromHTTP(req())
		if err != nil {
			t.Errorf("%s: FromHTTP: %v", tc.name, err)
			continue
		}
		// Header order aside (FromHTTP sorts what a map cannot order).
		byName := cmpopts.SortSlices(func(a, b httparse.Field) bool { return a.Name < b.Name })
		if diff := cmp.Diff(want, got, byName, cmpopts.IgnoreUnexported(httparse.Request{})); diff != "" {
			t.Errorf("%s: FromHTTP (-Request.Write +FromHTTP):\n%s", tc.name, diff)
		}
	}
}

// TestFromHTTPConnectAuthority: the authority-form target of a CONNECT is
// written as the Host field is, a non-ASCII host percent-encoded (the
// parser takes raw octets above 0x7F in neither), and it comes from r.Host
// when the request has no URL.
func TestFromHTTPConnectAuthority(t *testing.T) {
	for _, tc := range []struct {
		name   string
		req    *http.Request
		target string
		host   string
	}{
		{"non-ASCII host", &http.Request{Method: "CONNECT", URL: &url.URL{Host: "caf\xc3\xa9.com:443"}, Host: "caf\xc3\xa9.com:443", Header: http.Header{}},
			"caf%C3%A9.com:443", "caf%C3%A9.com:443"},
		{"non-ASCII host in the URL only", &http.Request{Method: "CONNECT", URL: &url.URL{Host: "caf\xc3\xa9.com:443"}, Header: http.Header{}},
			"caf%C3%A9.com:443", "caf%C3%A9.com:443"},
		{"no URL", &http.Request{Method: "CONNECT", Host: "example.com:443", Header: http.Header{}},
			"example.com:443", "example.com:443"},
	} {
		got, err := FromHTTP(tc.req)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.Target != tc.target || got.Host != tc.host {
			t.Errorf("%s: Target %q Host %q, want %q and %q", tc.name, got.Target, got.Host, tc.target, tc.host)
		}
	}
	// With neither, there is no authority to name: the parser's error.
	_, err := FromHTTP(&http.Request{Method: "CONNECT", Header: http.Header{}})
	if e, ok := err.(*httparse.Error); !ok || e.Status != 400 {
		t.Errorf("CONNECT with no URL and no Host: %v, want a 400 *httparse.Error", err)
	}
}
