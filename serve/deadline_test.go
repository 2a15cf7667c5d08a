package serve

import (
	"testing"
	"time"
)

// TestCloseEnough: a deadline is left where it is only when it is set, no
// later than the one asked for, and less than timeout/16 earlier.
func TestCloseEnough(t *testing.T) {
	base := time.Now()
	const timeout = 16 * time.Second // slack: one second
	for _, tc := range []struct {
		name string
		cur  time.Time
		want bool
	}{
		{"no deadline set", time.Time{}, false},
		{"the same deadline", base, true},
		{"just under the slack earlier", base.Add(-time.Second + time.Nanosecond), true},
		{"the slack earlier", base.Add(-time.Second), false},
		{"much earlier", base.Add(-time.Minute), false},
		{"later", base.Add(time.Nanosecond), false},
	} {
		if got := closeEnough(tc.cur, base, timeout); got != tc.want {
			t.Errorf("%s: closeEnough = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestWriteDeadlineKept: back-to-back requests leave the write deadline
// of the first in place (it is moments old), and the request's context
// has the deadline the connection has.
func TestWriteDeadlineKept(t *testing.T) {
	deadlines := make(chan time.Time, 2)
	rt := NewRouter()
	rt.HandleFunc("GET", "/d", func(w ResponseWriter, r *Request) {
		d, _ := r.Context().Deadline()
		deadlines <- d
	})
	addr, _ := startServer(t, &Server{Handler: rt, WriteTimeout: time.Hour})
	rc := dial(t, addr)
	rc.write(get("/d") + get("/d"))
	rc.read("GET")
	rc.read("GET")
	first, second := wait(t, deadlines, "first"), wait(t, deadlines, "second")
	if !first.Equal(second) {
		t.Errorf("the second request's deadline moved by %v; want the first's kept", second.Sub(first))
	}
	if left := time.Until(first); left <= time.Hour-time.Hour/deadlineSlack || left > time.Hour {
		t.Errorf("deadline %v away, want within the last sixteenth of an hour", left)
	}
}
