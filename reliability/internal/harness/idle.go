package harness

import (
	"io"
	"time"
)

// pollEvery is the step of the bounded polls below.
const pollEvery = 100 * time.Millisecond

// Settle polls pid until its descriptor count stops changing for a second
// or timeout passes, and returns the last reading. Connections closed by
// the client take a moment to be closed by the server as well.
func Settle(pid int, timeout time.Duration) (Stats, error) {
	end := time.Now().Add(timeout)
	last, err := ReadStats(pid)
	if err != nil {
		return last, err
	}
	stable := time.Now()
	for time.Now().Before(end) && time.Since(stable) < time.Second {
		time.Sleep(pollEvery)
		s, err := ReadStats(pid)
		if err != nil {
			return last, err
		}
		if s.FDs != last.FDs {
			stable = time.Now()
		}
		last = s
	}
	return last, nil
}

// WaitFDs polls pid until it has at most want descriptors open or timeout
// passes, then until the count holds still for a second (Settle): a
// connection in its lingering close keeps a goroutine for up to half a
// second after the client is gone. It returns the last reading and how
// long it took.
func WaitFDs(pid, want int, timeout time.Duration) (Stats, time.Duration, error) {
	start := time.Now()
	for {
		s, err := ReadStats(pid)
		if err != nil {
			return s, time.Since(start), err
		}
		if s.FDs <= want || time.Since(start) > timeout {
			break
		}
		time.Sleep(pollEvery)
	}
	s, err := Settle(pid, 5*time.Second)
	return s, time.Since(start), err
}

// Baseline starts a fresh server with args, runs warm against it (one probe
// cycle, say), lets it settle, and returns its idle stats and goroutine
// count. The server is stopped before Baseline returns.
func Baseline(bin string, args []string, log io.Writer, warm func(addr string)) (Stats, int, error) {
	s, err := Start(bin, args, log, 0)
	if err != nil {
		return Stats{}, 0, err
	}
	warm(s.Addr)
	st, err := Settle(s.PID, 5*time.Second)
	if err != nil {
		s.Kill()
		return st, 0, err
	}
	n, err := s.Goroutines(nil)
	return st, n, err
}
