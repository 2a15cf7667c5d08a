package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestHijackInsideStreamedChunkedBody: a handler that reads part of a
// streamed chunked body and hijacks finds the rest of its content in the
// reader, none of it lost: first what the decoder had taken, decoded, then
// what it had not, as it came (here the last chunk and the request after,
// sent once the handler hijacked).
func TestHijackInsideStreamedChunkedBody(t *testing.T) {
	content := strings.Repeat("z", 8000)
	hijacked := make(chan struct{})
	got := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		io.ReadFull(r.BodyReader(), make([]byte, 2))
		hijackRest(w, hijacked, got)
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 1000})
	c := dialTCP(t, addr)
	const next = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s", len(content), content[:4000])
	<-hijacked
	io.WriteString(c, content[4000:]+"\r\n0\r\n\r\n"+next)
	c.CloseWrite()
	if rest, want := <-got, content[2:]+"\r\n0\r\n\r\n"+next; rest != want {
		t.Errorf("the reader holds %d bytes, %q ... %q; want %d, the rest of the body and the request after it",
			len(rest), rest[:min(len(rest), 20)], rest[max(0, len(rest)-40):], len(want))
	}
}

// TestBodyReadAfterHijack: after Hijack the request body reads
// ErrHijacked; the rest of the body is in the hijacker's reader, once.
func TestBodyReadAfterHijack(t *testing.T) {
	got := make(chan string, 1)
	rt := NewRouter()
	rt.HandleFunc("POST", "/", func(w ResponseWriter, r *Request) {
		io.ReadFull(r.BodyReader(), make([]byte, 100))
		c, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		n, err := r.BodyReader().Read(make([]byte, 100))
		rest := make([]byte, 4900)
		_, rerr := io.ReadFull(brw, rest)
		got <- fmt.Sprintf("body read after Hijack: %d %v; hijacker read %d bytes: %v", n, err, len(rest), rerr)
	})
	addr, _ := startServer(t, &Server{Handler: rt, MaxBufferedBody: 100})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(testTimeout))
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n%s", strings.Repeat("b", 5000))
	want := fmt.Sprintf("body read after Hijack: 0 %v; hijacker read 4900 bytes: <nil>", ErrHijacked)
	if s := <-got; s != want {
		t.Errorf("%s\nwant %s", s, want)
	}
}

// TestHijackedConnectionLeavesServer: once hijacked, a connection whose
// handler still runs (an echo loop, as a WebSocket handler's) is not the
// server's: it is StateHijacked at once, another request is served with
// the only worker, Shutdown returns without waiting for it, Close does not
// close it, and its context ends only when the handler returns.
func TestHijackedConnectionLeavesServer(t *testing.T) {
	states := make(chan ConnState, 16)
	ctxErr := make(chan error, 1)
	deadline := make(chan time.Time, 1)
	rt := NewRouter()
	rt.HandleFunc("GET", "/echo", func(w ResponseWriter, r *Request) {
		done := r.Context().Done() // the deadline's timer and the server's hook start
		d, _ := r.Context().Deadline()
		deadline <- d
		w.WriteHeader(StatusSwitchingProtocols)
		c, brw, err := w.(Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer c.Close()
		if _, ok := r.Context().Deadline(); ok {
			t.Error("the context has a deadline after Hijack")
		}
		for {
			line, err := brw.ReadString('\n')
			if err != nil {
				break
			}
			brw.WriteString(line)
			brw.Flush()
		}
		select {
		case <-done:
			ctxErr <- fmt.Errorf("Done closed: %w", r.Context().Err())
		default:
			ctxErr <- r.Context().Err()
		}
	})
	rt.HandleFunc("GET", "/n", func(w ResponseWriter, r *Request) { io.WriteString(w, "n") })
	s := &Server{Handler: rt, Workers: 1, QueueDepth: -1, WriteTimeout: 200 * time.Millisecond,
		ConnState: func(c net.Conn, st ConnState) {
			if st == StateHijacked || st == StateClosed {
				states <- st
			}
		}}
	addr, _ := startServer(t, s)
	rc := dial(t, addr)
	rc.write("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	if res := rc.read("GET"); res.StatusCode != StatusSwitchingProtocols {
		t.Fatalf("upgrade: %d", res.StatusCode)
	}
	if st := wait(t, states, "the connection's state"); st != StateHijacked {
		t.Fatalf("state %v while the handler runs, want hijacked", st)
	}
	echo := func(msg string) {
		t.Helper()
		rc.write(msg + "\n")
		if line, err := rc.br.ReadString('\n'); line != msg+"\n" {
			t.Fatalf("echo of %q: %q %v", msg, line, err)
		}
	}
	echo("one")

	other := dial(t, addr)
	other.write(get("/n"))
	if res := other.read("GET"); res.StatusCode != StatusOK || res.body != "n" {
		t.Fatalf("another request beside the hijacked handler: %d %q", res.StatusCode, res.body)
	}
	other.c.Close()
	if st := wait(t, states, "the other connection's close"); st != StateClosed {
		t.Fatalf("the other connection: %v, want closed", st)
	}

	// Past the deadline the request had, its context is still live.
	for d := wait(t, deadline, "the deadline"); time.Now().Before(d); {
		<-time.After(time.Until(d))
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown with a hijacked connection: %v, want nil", err)
	}
	s.Close()
	echo("two")
	rc.c.(*net.TCPConn).CloseWrite()
	if err := wait(t, ctxErr, "the hijacking handler"); err != nil {
		t.Errorf("the context before the handler returned: %v, want nil", err)
	}
}

// TestHijackedCountsAgainstMaxConns: a hijacked connection counts against
// MaxConns while its handler runs, and stops counting when it returns.
func TestHijackedCountsAgainstMaxConns(t *testing.T) {
	release := make(chan struct{})
	returned := make(chan struct{})
	rt := NewRouter()
	rt.HandleFunc("GET", "/hold", func(w ResponseWriter, r *Request) {
		defer close(returned)
		w.WriteHeader(StatusSwitchingProtocols)
		c, _, err := w.(Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer c.Close()
		<-release
	})
	rt.HandleFunc("GET", "/n", func(w ResponseWriter, r *Request) { io.WriteString(w, "n") })
	s := &Server{Handler: rt, MaxConns: 1}
	addr, _ := startServer(t, s)
	held := dial(t, addr)
	held.write("GET /hold HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n")
	if res := held.read("GET"); res.StatusCode != StatusSwitchingProtocols {
		t.Fatalf("upgrade: %d", res.StatusCode)
	}
	other := dial(t, addr)
	other.write(get("/n"))
	if res := other.read("GET"); res.StatusCode != StatusServiceUnavailable {
		t.Errorf("beside a hijacked connection whose handler runs, MaxConns 1: %d, want 503", res.StatusCode)
	}
	close(release)
	wait(t, returned, "the hijacking handler")
	pollUntil(t, "the hijacked connection to stop counting", func() bool { return s.numConns.Load() == 0 })
	again := dial(t, addr)
	again.write(get("/n"))
	if res := again.read("GET"); res.StatusCode != StatusOK {
		t.Errorf("after the hijacking handler returned: %d, want 200", res.StatusCode)
	}
}

// TestHijackAfterHandlerReturned: a ResponseWriter kept past its handler
// cannot hijack: the worker and the connection are no longer the
// handler's to hand over.
func TestHijackAfterHandlerReturned(t *testing.T) {
	kept := make(chan ResponseWriter, 1)
	rt := NewRouter()
	rt.HandleFunc("GET", "/keep", func(w ResponseWriter, r *Request) { kept <- w })
	rt.HandleFunc("GET", "/n", func(w ResponseWriter, r *Request) { io.WriteString(w, "n") })
	addr, _ := startServer(t, &Server{Handler: rt, Workers: 1})
	rc := dial(t, addr)
	rc.write(get("/keep"))
	rc.read("GET")
	w := wait(t, kept, "the handler")
	if _, _, err := w.(Hijacker).Hijack(); err == nil {
		t.Fatal("Hijack after the handler returned succeeded")
	}
	rc.write(get("/n"))
	if res := rc.read("GET"); res.StatusCode != StatusOK || res.body != "n" {
		t.Errorf("the connection after the refused Hijack: %d %q", res.StatusCode, res.body)
	}
}

// hijackRest hijacks w, closes hijacked, and sends on rest all that the
// hijacker's reader holds and reads until the client ends its side, or
// Hijack's error.
func hijackRest(w ResponseWriter, hijacked chan<- struct{}, rest chan<- string) {
	c, brw, err := w.(Hijacker).Hijack()
	close(hijacked)
	if err != nil {
		rest <- err.Error()
		return
	}
	defer c.Close()
	b, _ := io.ReadAll(brw)
	rest <- string(b)
}

// dialTCP connects to addr with testTimeout as its deadline, closed when
// the test ends.
func dialTCP(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(testTimeout))
	return c.(*net.TCPConn)
}
