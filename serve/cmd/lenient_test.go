package main

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ae7539e0/httparse"
)

func TestParseLeniency(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want httparse.Leniency
		ok   bool
	}{
		{"", 0, true},
		{"bare-lf", httparse.AllowBareLF, true},
		{"bare-lf,obs-fold,raw-target,missing-host", httparse.AllowBareLF | httparse.AllowObsFold | httparse.AllowRawTargetBytes | httparse.AllowMissingHost, true},
		{"missing-host,missing-host", httparse.AllowMissingHost, true},
		{"bare-LF", 0, false},
		{"bare-lf,", 0, false},
		{"all", 0, false},
	} {
		got, err := parseLeniency(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("parseLeniency(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestLenientFlag: -lenient reaches the server, and an unknown name is a
// usage error (exit status 2) before anything starts.
func TestLenientFlag(t *testing.T) {
	data := filepath.Join(t.TempDir(), "todos.db")
	out, err := exec.Command(binary, "-addr", "127.0.0.1:0", "-data", data, "-lenient", "bare-lf,nonsense").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), `unknown kind "nonsense"`) {
		t.Fatalf("unknown kind: %v, output %q; want exit status 2 naming it", err, out)
	}

	const bareLF = "GET /todos HTTP/1.1\nHost: h\n\n"
	for _, tc := range []struct {
		args   []string
		status int
	}{
		{nil, 400},
		{[]string{"-lenient", "bare-lf"}, 200},
	} {
		_, base := startArgs(t, append([]string{"-data", filepath.Join(t.TempDir(), "todos.db")}, tc.args...)...)
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write([]byte(bareLF)); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		c.Close()
		if err != nil || res.StatusCode != tc.status {
			t.Fatalf("%v: %v, %v; want status %d", tc.args, res, err, tc.status)
		}
	}
}
