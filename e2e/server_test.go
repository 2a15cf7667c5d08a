package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serverBinary returns the serve/cmd binary to test: $E2E_SERVER_BIN when
// set (run.sh builds it once), else one built now from the parent module.
func serverBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("E2E_SERVER_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "todo-serve")
	cmd := exec.Command("go", "build", "-o", bin, "./serve/cmd")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building serve/cmd: %v\n%s", err, out)
	}
	return bin
}

// server is one run of the serve/cmd binary on a loopback port.
type server struct {
	cmd     *exec.Cmd
	url     string // http://127.0.0.1:PORT
	logPath string
	exited  chan error
}

// startServer runs bin on a free loopback port with the bbolt file data,
// its log going to logPath, and waits (at most 10 s) for the line that
// says where it listens.
func startServer(t *testing.T, bin, data, logPath string) *server {
	t.Helper()
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-data", data, "-log", "info")
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	s := &server{cmd: cmd, logPath: logPath, exited: make(chan error, 1)}
	t.Cleanup(func() { s.kill() })

	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			first <- sc.Text()
		}
		close(first)
		for sc.Scan() { // keep the pipe drained until the process exits
		}
		s.exited <- cmd.Wait()
	}()
	select {
	case line, ok := <-first:
		url, found := strings.CutPrefix(line, "listening on ")
		if !ok || !found || !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("server's first line is %q, want \"listening on http://127.0.0.1:PORT\"", line)
		}
		s.url = url
	case <-time.After(10 * time.Second):
		t.Fatal("server did not say where it listens within 10s")
	}
	return s
}

// stop sends SIGTERM and waits, at most 15 s, for exit status 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case err := <-s.exited:
		if err != nil {
			t.Fatalf("server exited with %v after SIGTERM, want status 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server still running 15s after SIGTERM")
	}
}

// kill ends the process if it is still running; it is the cleanup for
// tests that fail before stop.
func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
	}
}

// serverLog sums up the server's log: the access log records, by status,
// and the records that say a request was refused or went wrong.
type serverLog struct {
	requests   int
	byStatus   map[string]int
	rejected   int      // msg="bad request": the parser refused the bytes
	timeouts   int      // msg="request timeout": a connection sent no head in time
	complaints []string // WARN and ERROR records, and the rejections
}

var statusField = regexp.MustCompile(` status=(\d+)`)

func readServerLog(t *testing.T, path string) serverLog {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sl := serverLog{byStatus: map[string]int{}}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.Contains(line, " msg=request "):
			sl.requests++
			if m := statusField.FindStringSubmatch(line); m != nil {
				sl.byStatus[m[1]]++
			}
		case strings.Contains(line, ` msg="bad request"`):
			sl.rejected++
			sl.complaints = append(sl.complaints, line)
		case strings.Contains(line, ` msg="request timeout"`):
			// Chromium opens spare connections ahead of need; one left
			// unused past -read-header-timeout is cut off, which is the
			// server doing its job, not a parse error.
			sl.timeouts++
		case strings.Contains(line, " level=WARN "), strings.Contains(line, " level=ERROR "):
			sl.complaints = append(sl.complaints, line)
		}
	}
	return sl
}

func (sl serverLog) String() string {
	return fmt.Sprintf("%d requests, by status %v, %d rejected by the parser, %d idle connections timed out",
		sl.requests, sl.byStatus, sl.rejected, sl.timeouts)
}
