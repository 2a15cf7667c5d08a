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
