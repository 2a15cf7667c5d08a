package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is one server process started by this program.
type server struct {
	name string
	cmd  *exec.Cmd
	addr string // host:port it listens on
	log  *os.File
	done chan struct{} // closed once the process has been waited for
}

// startServer runs bin with args, pinned with taskset when pin is set,
// and waits (at most 10s) for its first line, "listening on http://ADDR",
// which serve/cmd and the reference servers all print. Its output goes to
// dir/name.log.
func startServer(name, bin string, args []string, pin []string, dir string) (*server, error) {
	argv := append(append(append([]string(nil), pin...), bin), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	// If this program dies, the kernel kills the server too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	logf, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return nil, err
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s := &server{name: name, cmd: cmd, log: logf, done: make(chan struct{})}
	first := make(chan string, 1)
	go func() {
		br := bufio.NewReader(stdout)
		line, _ := br.ReadString('\n')
		first <- line
		logf.WriteString(line)
		br.WriteTo(logf) // until the process exits
		cmd.Wait()
		close(s.done)
	}()
	select {
	case line := <-first:
		addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on http://")
		if !ok || !strings.HasPrefix(addr, "127.0.0.1:") {
			s.stop()
			return nil, fmt.Errorf("%s: first line %q, want \"listening on http://127.0.0.1:PORT\" (log: %s)", name, line, logf.Name())
		}
		s.addr = addr
		return s, nil
	case <-time.After(10 * time.Second):
		s.stop()
		return nil, fmt.Errorf("%s: not listening after 10s (log: %s)", name, logf.Name())
	}
}

// stop sends SIGTERM, gives the process 10s to exit and then kills it.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.log.Close()
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// statusKB reads a "kB" field of /proc/PID/status, such as VmRSS or VmHWM.
func (s *server) statusKB(field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid()))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", s.name, err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("%s: no %s in /proc/%d/status", s.name, field, s.pid())
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times; it is 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// cpuTime reads the CPU time the process has used: the sum over its
// threads of the scheduler's run time (the first field of
// /proc/PID/task/TID/schedstat, in nanoseconds). utime and stime of
// /proc/PID/stat come in 10 ms ticks; on a server idle between requests
// (one connection) they were seen 16% above that sum in one run, and
// requests per CPU-second from them moved between two levels about 2x
// apart from run to run, so they are used only where schedstat is
// missing. A thread that exits between two readings is left out of the
// difference with its whole run time; the Go runtime keeps its threads.
func (s *server) cpuTime() (time.Duration, error) {
	if _, err := os.Stat("/proc/self/schedstat"); err != nil {
		return s.statTime() // a kernel built without it
	}
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", s.pid()))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", s.name, err)
	}
	var sum int64
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", s.pid(), t.Name()))
		if errors.Is(err, os.ErrNotExist) {
			continue // the thread exited meanwhile
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", s.name, err)
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			return 0, errors.New(s.name + ": cannot read " + t.Name() + "/schedstat")
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: schedstat: %w", s.name, err)
		}
		sum += ns
	}
	return time.Duration(sum), nil
}

// statTime reads the CPU time, user and system, of /proc/PID/stat.
func (s *server) statTime() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid()))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", s.name, err)
	}
	// Field 2, the command name, is in parentheses and may hold spaces:
	// count fields after the last ')'. utime and stime are fields 14 and
	// 15, so the 12th and 13th after it.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, errors.New(s.name + ": cannot read /proc/PID/stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New(s.name + ": cannot read /proc/PID/stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New(s.name + ": cannot read /proc/PID/stat")
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}
