package serve

import (
	"encoding/json"
	"strings"
	"testing"
)

// wrappedWriter is a ResponseWriter of the kind middleware puts around the
// server's own.
type wrappedWriter struct{ ResponseWriter }

// TestJSONFraming: JSON sends exactly json.Marshal's bytes and a newline,
// with Content-Type and a Content-Length whatever the body's size, the
// writer it is given, or a length the handler set before; after an
// explicit WriteHeader the status stays and the length is the body's.
func TestJSONFraming(t *testing.T) {
	big := make([]string, 3*bodyBufSize/10)
	for i := range big {
		big[i] = "<item>"
	}
	rt := NewRouter()
	rt.HandleFunc("GET", "/small", func(w ResponseWriter, r *Request) {
		JSON(w, StatusCreated, map[string]string{"a": "<b>"})
	})
	rt.HandleFunc("GET", "/big", func(w ResponseWriter, r *Request) { JSON(w, StatusOK, big) })
	rt.HandleFunc("GET", "/wrapped", func(w ResponseWriter, r *Request) {
		JSON(wrappedWriter{w}, StatusCreated, big)
	})
	rt.HandleFunc("GET", "/preset", func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Length", "7")
		JSON(w, StatusOK, big)
	})
	rt.HandleFunc("GET", "/after-writeheader", func(w ResponseWriter, r *Request) {
		w.WriteHeader(203)
		JSON(w, StatusOK, map[string]string{"a": "<b>"})
	})
	rt.HandleFunc("GET", "/unencodable", func(w ResponseWriter, r *Request) {
		if err := JSON(w, StatusOK, map[string]any{"f": func() {}}); err == nil {
			panic("JSON encoded a func")
		}
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	small, _ := json.Marshal(map[string]string{"a": "<b>"})
	bigJSON, _ := json.Marshal(big)
	for _, tc := range []struct {
		target string
		status int
		body   string
	}{
		{"/small", StatusCreated, string(small) + "\n"},
		{"/big", StatusOK, string(bigJSON) + "\n"},
		{"/wrapped", StatusCreated, string(bigJSON) + "\n"},
		{"/preset", StatusOK, string(bigJSON) + "\n"},
		{"/after-writeheader", 203, string(small) + "\n"},
		{"/unencodable", StatusInternalServerError, `{"error":"response cannot be encoded"}` + "\n"},
	} {
		rc := dial(t, addr)
		rc.write(get(tc.target))
		res := rc.read("GET")
		checkHeads(t, res)
		if res.StatusCode != tc.status || res.body != tc.body {
			t.Errorf("%s: %d %q, want %d %q", tc.target, res.StatusCode, trim(res.body), tc.status, trim(tc.body))
		}
		if len(res.TransferEncoding) > 0 || res.ContentLength != int64(len(tc.body)) {
			t.Errorf("%s: Transfer-Encoding %v, Content-Length %d; want a length of %d",
				tc.target, res.TransferEncoding, res.ContentLength, len(tc.body))
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", tc.target, ct)
		}
	}
}

func trim(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// TestJSONAllocs: JSON adds no allocation to what encoding/json's encoder
// makes for the value, which for a pointer to a plain struct is none.
func TestJSONAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector; the run without -race asserts the count")
	}
	c := testConn(t)
	req := &Request{}
	req.Method, req.ProtoMinor = "GET", 1
	v := &struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
		Done  bool   `json:"done"`
	}{1234, strings.Repeat("t", 200), true}
	allocs := testing.AllocsPerRun(100, func() {
		w := &c.res
		w.reset(req)
		if err := JSON(w, StatusOK, v); err != nil {
			t.Fatal(err)
		}
		if w.declared != int64(len(w.body)) {
			t.Fatalf("declared %d for %d bytes", w.declared, len(w.body))
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per JSON, want 0", allocs)
	}
}
