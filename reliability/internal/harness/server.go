// Package harness starts the to-do server binary for the reliability
// programs, watches it through /proc and stops it by PID.
//
// Everything here talks to 127.0.0.1 only: the server is always started with
// an -addr on the loopback interface and port 0.
package harness

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// listenPrefix is the first line serve/cmd prints on stdout, followed by the
// address it listens on (the contract every script relies on).
const listenPrefix = "listening on http://"

// startTimeout bounds how long a server may take to print its address.
const startTimeout = 20 * time.Second

// Server is one running serve/cmd process.
type Server struct {
	// Addr is the HOST:PORT the server printed.
	Addr string
	// PID is the process id; every stop goes through it.
	PID int

	cmd     *exec.Cmd
	logMu   sync.Mutex
	log     io.Writer
	waited  chan struct{}
	waitErr error
}

// Start runs bin with args plus "-addr 127.0.0.1:0", copies its stdout and
// stderr to log, and returns once it printed its listening address.
// noFile, when above zero, caps the server's open descriptors with
// "ulimit -n".
func Start(bin string, args []string, log io.Writer, noFile int) (*Server, error) {
	args = append([]string{"-addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(bin, args...)
	if noFile > 0 {
		// The shell sets the limit and then becomes the server (exec), so
		// the PID we hold is the server's own.
		shArgs := append([]string{"-c", fmt.Sprintf(`ulimit -n %d && exec "$0" "$@"`, noFile), bin}, args...)
		cmd = exec.Command("/bin/sh", shArgs...)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &Server{cmd: cmd, log: log, waited: make(chan struct{})}
	cmd.Stderr = lockedWriter{s}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s.PID = cmd.Process.Pid
	go func() {
		s.waitErr = cmd.Wait()
		close(s.waited)
	}()
	register(s)

	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if !sent && strings.HasPrefix(line, listenPrefix) {
				addr <- strings.TrimSpace(strings.TrimPrefix(line, listenPrefix))
				sent = true
			}
			s.logMu.Lock()
			fmt.Fprintln(s.log, line)
			s.logMu.Unlock()
		}
	}()
	select {
	case a := <-addr:
		s.Addr = a
		return s, nil
	case <-s.waited:
		return nil, fmt.Errorf("server exited before listening: %v", s.waitErr)
	case <-time.After(startTimeout):
		s.Kill()
		return nil, errors.New("server did not print its address in time")
	}
}

// lockedWriter serialises stderr with the stdout copier.
type lockedWriter struct{ s *Server }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.logMu.Lock()
	defer w.s.logMu.Unlock()
	return w.s.log.Write(p)
}

// Alive reports whether the process has not exited.
func (s *Server) Alive() bool {
	select {
	case <-s.waited:
		return false
	default:
		return true
	}
}

// Kill sends SIGKILL and waits for the process to be reaped.
func (s *Server) Kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.waited
}

// Stop sends sig and waits up to timeout for the exit. It returns the exit
// code (-1 when killed by a signal), how long the exit took, and whether the
// process exited in time; past timeout it is killed.
func (s *Server) Stop(sig syscall.Signal, timeout time.Duration) (code int, took time.Duration, inTime bool) {
	start := time.Now()
	_ = s.cmd.Process.Signal(sig)
	select {
	case <-s.waited:
		return s.cmd.ProcessState.ExitCode(), time.Since(start), true
	case <-time.After(timeout):
		s.Kill()
		return -1, time.Since(start), false
	}
}

// Done is closed when the process has exited.
func (s *Server) Done() <-chan struct{} { return s.waited }

// Goroutines stops the server with SIGQUIT, which makes the Go runtime print
// every goroutine's stack before exiting, and returns how many goroutines
// there were. The server offers no endpoint for the count, and this keeps the
// measurement out of the server's code; the price is that the server ends.
// dump receives the full trace for a post-mortem.
func (s *Server) Goroutines(dump io.Writer) (int, error) {
	var buf bytes.Buffer
	s.logMu.Lock()
	prev := s.log
	s.log = io.MultiWriter(prev, &buf)
	s.logMu.Unlock()
	_ = s.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-s.waited:
	case <-time.After(10 * time.Second):
		s.Kill()
		return 0, errors.New("no exit after SIGQUIT")
	}
	s.logMu.Lock()
	s.log = prev
	s.logMu.Unlock()
	if dump != nil {
		dump.Write(buf.Bytes())
	}
	return CountGoroutines(buf.Bytes()), nil
}

// CountGoroutines counts the goroutines of a Go traceback (SIGQUIT prints
// all of them) that run code outside the runtime: connection and server
// goroutines, the signal loop, main. The runtime's own (GC workers, the
// finalizer, the scavenger) come and go with the garbage collector, not
// with connections, so they are left out, as runtime.NumGoroutine does;
// so are the threads' system stacks ("goroutine 0"), which a traceback
// shows in whatever call the thread is in (a futex, or an epoll wait
// through internal/runtime/syscall).
func CountGoroutines(trace []byte) int { return len(Goroutines(trace)) }

// Goroutines returns, for each goroutine CountGoroutines counts, its
// header line and its first frame outside the runtime, e.g.
// "goroutine 1 [select]: main.run()".
func Goroutines(trace []byte) []string {
	var found []string
	for _, block := range bytes.Split(trace, []byte("\n\n")) {
		block = bytes.TrimSpace(block)
		if !bytes.HasPrefix(block, []byte("goroutine ")) {
			continue
		}
		if bytes.HasPrefix(block, []byte("goroutine 0 ")) {
			continue
		}
		lines := bytes.Split(block, []byte("\n"))
		for _, line := range lines[1:] {
			if len(line) == 0 || line[0] == '\t' || bytes.HasPrefix(line, []byte("created by ")) {
				continue
			}
			if !bytes.HasPrefix(line, []byte("runtime.")) && !bytes.HasPrefix(line, []byte("internal/runtime/")) {
				found = append(found, string(lines[0])+" "+string(line))
				break
			}
		}
	}
	return found
}

// MustZeroGoroutines records goroutines above the idle baseline as a
// failure (MustZero) and, when there are any, prints every goroutine of
// the dump at dumpPath, so that a run whose files are gone still shows
// which one stayed.
func MustZeroGoroutines(baseline, n int, dumpPath string) {
	MustZero("goroutines above idle baseline", max(0, n-baseline))
	if n <= baseline {
		return
	}
	trace, err := os.ReadFile(dumpPath)
	if err != nil {
		fmt.Printf("    (no goroutine dump: %v)\n", err)
		return
	}
	for _, g := range Goroutines(trace) {
		fmt.Println("    " + g)
	}
}

// CheckLoopback returns an error unless addr is HOST:PORT with HOST
// 127.0.0.1: the programs never send traffic anywhere else.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host != "127.0.0.1" {
		return fmt.Errorf("address %q: only 127.0.0.1 is allowed", addr)
	}
	return nil
}

// ExitCode returns the exit status of a process that has exited (see
// Done), or -1 when a signal ended it.
func (s *Server) ExitCode() int {
	<-s.waited
	return s.cmd.ProcessState.ExitCode()
}
