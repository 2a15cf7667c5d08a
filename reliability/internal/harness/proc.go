package harness

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat. It
// is 100 on every Linux architecture Go supports.
const clockTicks = 100

// Stats is one reading of a process from /proc.
type Stats struct {
	// RSSKiB is VmRSS: all resident memory, including the pages of the
	// bbolt file the server maps.
	RSSKiB int
	// AnonKiB is RssAnon: the heap and stacks, without mapped files. It
	// is the figure to watch for leaks, because the bbolt mapping grows
	// with the data on purpose.
	AnonKiB int
	// Threads is the number of OS threads.
	Threads int
	// FDs is the number of open file descriptors: one per live
	// connection, plus a handful of fixed ones.
	FDs int
	// CPU is the total user+system CPU time used so far.
	CPU time.Duration
}

// String formats s for a report line.
func (s Stats) String() string {
	return fmt.Sprintf("rss=%.1fMiB anon=%.1fMiB fds=%d threads=%d cpu=%.2fs",
		float64(s.RSSKiB)/1024, float64(s.AnonKiB)/1024, s.FDs, s.Threads, s.CPU.Seconds())
}

// ReadStats reads pid's memory, thread, descriptor and CPU figures.
func ReadStats(pid int) (Stats, error) {
	var st Stats
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.Atoi(f[0])
		switch k {
		case "VmRSS":
			st.RSSKiB = n
		case "RssAnon":
			st.AnonKiB = n
		case "Threads":
			st.Threads = n
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return st, err
	}
	st.FDs = len(fds)
	st.CPU, err = cpuTime(pid)
	return st, err
}

// cpuTime reads utime+stime from /proc/PID/stat.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces;
	// the fields after the last ')' start at field 3 (state).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("malformed /proc/%d/stat", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}
