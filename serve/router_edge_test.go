package serve

import (
	"runtime"
	"testing"
)

// TestRouterEdges: an empty last segment matches no parameter, and the
// Allow field lists HEAD only beside GET.
func TestRouterEdges(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/n/{i}", func(w ResponseWriter, r *Request) { w.Write([]byte(r.Param("i"))) })
	rt.HandleFunc("POST", "/only-post", func(w ResponseWriter, r *Request) {})
	for _, tc := range []struct {
		method, target string
		status         int
		allow, body    string
	}{
		{"GET", "/n/x", 200, "", "x"},
		{"GET", "/n//", 404, "", ""},
		{"GET", "/n/", 404, "", ""},
		{"POST", "/n/x", 405, "GET, HEAD, OPTIONS", ""},
		{"DELETE", "/n/x", 501, "", ""}, // no route has DELETE
		{"GET", "/only-post", 405, "POST, OPTIONS", ""},
	} {
		var w recorder
		rt.ServeHTTP(&w, request(t, tc.method, tc.target))
		if w.status != tc.status || w.header.Get("Allow") != tc.allow || (tc.status == 200 && w.body.String() != tc.body) {
			t.Errorf("%s %s: %d, Allow %q, body %q; want %d, %q, %q", tc.method, tc.target,
				w.status, w.header.Get("Allow"), w.body.String(), tc.status, tc.allow, tc.body)
		}
	}
}

// TestUnescape: parameters are percent-decoded; a segment with a malformed
// escape (only a Request built by hand has one) is kept as is, whole.
func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "a%41": "aA", "%41%42": "AB", "a%4": "a%4", "%": "%", "%zz": "%zz", "%4g": "%4g", "%41%": "%41%",
	} {
		if got := unescape(in); got != want {
			t.Errorf("unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDefaultWorkers: eight workers per CPU, at least 64.
func TestDefaultWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for procs, want := range map[int]int{1: 64, 8: 64, 16: 128} {
		runtime.GOMAXPROCS(procs)
		if got := DefaultWorkers(); got != want {
			t.Errorf("GOMAXPROCS %d: %d workers, want %d", procs, got, want)
		}
	}
}

// TestConnStateNames: every state has its name; others are unknown.
func TestConnStateNames(t *testing.T) {
	for st, want := range map[ConnState]string{
		StateNew: "new", StateActive: "active", StateIdle: "idle", StateClosed: "closed", StateHijacked: "hijacked", -1: "unknown", StateHijacked + 1: "unknown",
	} {
		if got := st.String(); got != want {
			t.Errorf("ConnState(%d) = %q, want %q", int(st), got, want)
		}
	}
}
