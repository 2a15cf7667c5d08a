package serve

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// BenchmarkPipelined measures the server's cost per request: b.N small
// GETs pipelined on one loopback connection, access log off.
func BenchmarkPipelined(b *testing.B) {
	rt := NewRouter()
	rt.HandleFunc("GET", "/hello/{name}", func(w ResponseWriter, r *Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello ")
		io.WriteString(w, r.Param("name"))
	})
	s := &Server{Handler: rt, Logger: slog.New(slog.DiscardHandler)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go s.Serve(l)
	defer s.Close()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()

	const batch = 64
	req := "GET /hello/ada HTTP/1.1\r\nHost: bench\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"
	reqs := []byte(strings.Repeat(req, batch))
	br := bufio.NewReaderSize(c, 64<<10)
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		go c.Write(reqs)
		for range batch {
			// Status line, 3 fields, blank line, 9-byte body.
			for range 5 {
				if _, err := br.ReadSlice('\n'); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := br.Discard(len("hello ada")); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The server's own path (read, parse, route, respond) allocates nothing per
// request once warm; only the handler's allocations remain.
//
// The race detector makes sync.Pool drop a share of what it is given, on
// purpose, so the pooled buffers are allocated afresh now and then: under
// -race the test is skipped, and CI runs the tests named *Allocs without
// -race as well.
func TestServerAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector; the run without -race asserts the count")
	}
	rt := NewRouter()
	rt.HandleFunc("GET", "/hello/{name}", func(w ResponseWriter, r *Request) {
		// The query is decoded into the connection's slice: no allocation.
		if q, err := r.Query(); err != nil || q.Get("x") != "1" || q.Get("y") != "" {
			t.Errorf("Query() = %v, %v; want x=1 and y empty", q, err)
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello ")
		io.WriteString(w, r.Param("name"))
	})
	addr, _ := startServer(t, &Server{Handler: rt, Logger: slog.New(slog.DiscardHandler)})
	rc := dial(t, addr)
	const batch = 64
	reqs := []byte(strings.Repeat("GET /hello/ada?x=1&y= HTTP/1.1\r\nHost: test\r\n\r\n", batch))
	br := bufio.NewReaderSize(rc.c, 64<<10)
	roundTrip := func() {
		// 64 small requests and their responses fit the socket buffers, so
		// writing all before reading cannot deadlock.
		if _, err := rc.c.Write(reqs); err != nil {
			t.Fatal(err)
		}
		for range batch {
			for range 5 {
				if _, err := br.ReadSlice('\n'); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := br.Discard(len("hello ada")); err != nil {
				t.Fatal(err)
			}
		}
	}
	perBatch := testing.AllocsPerRun(50, roundTrip)
	// The Date cache allocates once a second; everything else must be zero.
	if perRequest := perBatch / batch; perRequest > 0.1 {
		t.Errorf("pipelined: %.2f allocations per request, want 0", perRequest)
	}

	// One at a time: the connection goes idle between requests and gives
	// its buffers back to the pools, then takes them again.
	one := reqs[:len(reqs)/batch]
	perRequest := testing.AllocsPerRun(500, func() {
		if _, err := rc.c.Write(one); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if _, err := br.ReadSlice('\n'); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := br.Discard(len("hello ada")); err != nil {
			t.Fatal(err)
		}
	})
	// As above, 0.1 leaves room for the Date cache and nothing else.
	if perRequest > 0.1 {
		t.Errorf("one at a time: %.2f allocations per request, want 0", perRequest)
	}
}
