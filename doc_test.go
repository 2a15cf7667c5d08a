package httparse_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// loopSource returns serveConn's source, from its doc comment to its
// closing brace, as it stands in example_conn_test.go.
func loopSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("example_conn_test.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	start := strings.Index(s, "// serveConn reads")
	end := strings.Index(s, "\n}\n")
	if start < 0 || end < start {
		t.Fatal("serveConn not found in example_conn_test.go")
	}
	return s[start : end+3]
}

// TestDocsShowTheTestedLoop holds the README and the package doc to the loop
// that Example_connectionLoop runs, so neither shows code that was not run.
func TestDocsShowTheTestedLoop(t *testing.T) {
	want := loopSource(t)

	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```go\n"+want+"```\n") {
		t.Error("README.md does not show serveConn from example_conn_test.go as a go block, word for word")
	}

	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	// In a doc comment the code is indented by a tab after "//".
	var b strings.Builder
	for _, line := range strings.SplitAfter(want, "\n") {
		if line == "" {
			continue
		}
		if line == "\n" {
			b.WriteString("//\n")
			continue
		}
		b.WriteString("//\t" + line)
	}
	if !strings.Contains(string(doc), b.String()) {
		t.Error("doc.go does not show serveConn from example_conn_test.go, word for word")
	}
}

// runLoop runs serveConn on one end of a pipe and client on the other, and
// returns what serveConn returned and everything the client read.
func runLoop(t *testing.T, client func(c net.Conn)) (error, string) {
	t.Helper()
	// TCP on loopback rather than net.Pipe: the client half-closes with
	// CloseWrite and still reads what the loop answered.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- serveConn(s, func(req *httparse.Request) []byte {
			return []byte("HTTP/1.1 204 No Content\r\n\r\n")
		})
		s.Close()
	}()
	read := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(bufio.NewReader(c))
		read <- string(b)
	}()
	client(c)
	err = <-done
	got := <-read
	c.Close()
	return err, got
}

func TestServeConnLoop(t *testing.T) {
	const get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
	const ok = "HTTP/1.1 204 No Content\r\n\r\n"

	t.Run("closed between requests", func(t *testing.T) {
		err, got := runLoop(t, func(c net.Conn) {
			c.Write([]byte(get + get)) // pipelined
			c.Write([]byte(get))
			c.(*net.TCPConn).CloseWrite()
		})
		if err != nil || got != ok+ok+ok {
			t.Errorf("err = %v, read %q; want nil and three responses", err, got)
		}
	})
	t.Run("closed mid-request", func(t *testing.T) {
		err, got := runLoop(t, func(c net.Conn) {
			c.Write([]byte(get + "GET / HT"))
			c.(*net.TCPConn).CloseWrite()
		})
		if err == nil || !errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "after 8 bytes") || got != ok {
			t.Errorf("err = %v, read %q; want a cut-short error after 8 bytes and one response", err, got)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		err, got := runLoop(t, func(c net.Conn) {
			c.Write([]byte("GET / HTTP/1.1\r\nHost : a\r\n\r\n"))
		})
		var perr *httparse.Error
		if !errors.As(err, &perr) || perr.Status != 400 || !strings.HasPrefix(got, "HTTP/1.1 400 \r\nConnection: close\r\n") {
			t.Errorf("err = %v, read %q; want a 400 *Error answered with its status", err, got)
		}
	})
	t.Run("chunked framing past the buffer bound", func(t *testing.T) {
		// One-byte chunks take six bytes each: the decoded body stays
		// under the 10 MiB limit while the framing passes the bound.
		lim := httparse.Limits{}.WithDefaults()
		chunks := (lim.MaxRequestLine+lim.MaxHeaderBytes+2*int(lim.MaxBodyBytes))/6 + 1
		req := "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + strings.Repeat("1\r\nx\r\n", chunks)
		err, got := runLoop(t, func(c net.Conn) {
			c.Write([]byte(req))
		})
		if err == nil || !strings.HasPrefix(got, "HTTP/1.1 413 ") {
			t.Errorf("err = %v, read %q; want an error and a 413", err, got)
		}
	})
	t.Run("Connection: close", func(t *testing.T) {
		err, got := runLoop(t, func(c net.Conn) {
			c.Write([]byte("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
		})
		if err != nil || got != ok {
			t.Errorf("err = %v, read %q; want nil after one response", err, got)
		}
	})
}
