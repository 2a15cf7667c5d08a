package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/ae7539e0/httparse"
)

// TestRequestQuery: Request.Query decodes each request's own query, though
// the connection reuses the slice: a later request with fewer pairs sees
// none of the earlier ones, and a request without a query gets nil.
func TestRequestQuery(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/q", func(w ResponseWriter, r *Request) {
		q, err := r.Query()
		var perr *httparse.Error
		switch {
		case errors.As(err, &perr):
			fmt.Fprintf(w, "error %d at %d", perr.Status, perr.Offset)
		case err != nil:
			fmt.Fprintf(w, "other error %v", err)
		case q == nil:
			fmt.Fprint(w, "nil")
		default:
			fmt.Fprint(w, q)
		}
	})
	addr, _ := startServer(t, &Server{Handler: rt, Logger: slog.New(slog.DiscardHandler)})
	rc := dial(t, addr)
	for _, tc := range []struct{ target, want string }{
		{"/q?a=1&b=x+y&c=%41", "[{a 1} {b x y} {c A}]"},
		{"/q?z=9", "[{z 9}]"},
		{"/q", "nil"},
		{"/q?&&", "nil"},
		{"/q?b=2", "[{b 2}]"},
	} {
		rc.write(get(tc.target))
		if res := rc.read("GET"); res.body != tc.want {
			t.Errorf("GET %s: body %q, want %q", tc.target, res.body, tc.want)
		}
	}
}

// TestRequestQueryError: a query the parser would have refused (set by
// hand here: the parser refuses a malformed "%" in the target already) is
// ParseQuery's 400 with its offset, and Query returns no pairs.
func TestRequestQueryError(t *testing.T) {
	var r Request
	r.RawQuery = "a=1&b=%4"
	q, err := r.Query()
	var perr *httparse.Error
	if !errors.As(err, &perr) || perr.Status != 400 || perr.Offset != 6 || q != nil {
		t.Errorf("Query() = %v, %v; want nil and a 400 at offset 6", q, err)
	}
}

// TestRequestQueryWithContext: a copy made by WithContext decodes into a
// slice of its own, so the Values r handed out stay as they were.
func TestRequestQueryWithContext(t *testing.T) {
	var r Request
	r.RawQuery = "a=1"
	q, _ := r.Query()
	r2 := r.WithContext(context.Background())
	r2.RawQuery = "b=2"
	if q2, _ := r2.Query(); q2.Get("b") != "2" || q.Get("a") != "1" || q.Has("b") {
		t.Errorf("after r2.Query: r's Values %v, r2's %v", q, q2)
	}
}
