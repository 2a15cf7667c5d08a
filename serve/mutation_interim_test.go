package serve

import (
	"io"
	"testing"
)

// RFC 9110 §15.2.1: a response has at most one 100 (Continue), however
// often the handler asks for it, while other interim statuses go out each
// time they are asked for.
func TestInterimContinueOnce(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/i", func(w ResponseWriter, r *Request) {
		w.WriteHeader(StatusContinue)
		w.WriteHeader(StatusContinue)
		w.WriteHeader(StatusEarlyHints)
		w.WriteHeader(StatusEarlyHints)
		io.WriteString(w, "final")
	})
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	rc.write(get("/i"))
	want := []int{100, 103, 103, 200}
	var got []int
	for len(got) < len(want) {
		res := rc.read("GET")
		got = append(got, res.StatusCode)
		if res.StatusCode >= 200 {
			break
		}
	}
	if len(got) != len(want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
}

// The 100 (Continue) the server sends before reading a small body whole
// is that response's one 100: the handler's own WriteHeader(100) sends no
// second.
func TestInterimContinueAfterBufferedBody(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST", "/i", func(w ResponseWriter, r *Request) {
		w.WriteHeader(StatusContinue)
		body, _ := io.ReadAll(r.BodyReader())
		w.Write(body)
	})
	rt.HandleFunc("GET", "/after", func(w ResponseWriter, r *Request) { io.WriteString(w, "after") })
	addr, _ := startServer(t, &Server{Handler: rt})
	rc := dial(t, addr)
	rc.write("POST /i HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	if res := rc.read("POST"); res.StatusCode != StatusContinue {
		t.Fatalf("first response %d, want 100", res.StatusCode)
	}
	rc.write("hello" + get("/after"))
	if res := rc.read("POST"); res.StatusCode != StatusOK || res.body != "hello" {
		t.Fatalf("then %d %q, want 200 with the body (one 100 only)", res.StatusCode, res.body)
	}
	if res := rc.read("GET"); res.StatusCode != StatusOK || res.body != "after" {
		t.Fatalf("next request's response %d %q, want 200 after", res.StatusCode, res.body)
	}
}
