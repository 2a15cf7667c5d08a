package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// wrkResult is what one wrk run measured.
type wrkResult struct {
	rps        float64 // requests per second
	requests   int64   // requests completed
	p50, p99   float64 // latency percentiles, ms
	errors     int     // socket errors and non-2xx or 3xx responses
	ok         bool    // wrk printed a result
	out        string  // wrk's output, kept for failed runs
	perCPUSecs float64 // requests per second of server CPU time
}

// runWrk runs wrk with one thread and conns connections against url for d,
// pinned with taskset when pin is set, and parses its report.
func runWrk(pin []string, url string, conns int, d time.Duration) wrkResult {
	argv := append(append([]string(nil), pin...), "wrk", "-t1", "-c"+strconv.Itoa(conns),
		"-d"+strconv.Itoa(int(d.Seconds()))+"s", "--timeout", "5s", "--latency", url)
	ctx, cancel := context.WithTimeout(context.Background(), d+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Run() // a failure shows as a report without a result
	r := parseWrk(out.String())
	r.out = out.String()
	return r
}

// parseWrk reads wrk's report:
//
//	    50%  123.00us
//	    99%    1.20ms
//	  123456 requests in 10.00s, 12.34MB read
//	  Socket errors: connect 0, read 0, write 0, timeout 3
//	  Non-2xx or 3xx responses: 12
//	Requests/sec:  12345.60
func parseWrk(out string) wrkResult {
	var r wrkResult
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
			r.ok = true
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			r.requests, _ = strconv.ParseInt(f[0], 10, 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = millis(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99 = millis(f[1])
		case len(f) == 10 && f[0] == "Socket" && f[1] == "errors:":
			for _, i := range []int{3, 5, 7, 9} {
				n, _ := strconv.Atoi(strings.TrimSuffix(f[i], ","))
				r.errors += n
			}
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:"):
			n, _ := strconv.Atoi(f[len(f)-1])
			r.errors += n
		}
	}
	return r
}

// millis converts a wrk duration such as 123.00us, 1.20ms or 1.02s to ms.
func millis(s string) float64 {
	for _, u := range []struct {
		suffix string
		ms     float64
	}{{"us", 1e-3}, {"ms", 1}, {"m", 60e3}, {"s", 1e3}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0
			}
			return f * u.ms
		}
	}
	return 0
}

// record formats r as a "wrk" measurement record (see stats.go).
func (r wrkResult) record(round int, route string, conns int, server string) string {
	if !r.ok {
		return fmt.Sprintf("wrk %d %s %d %s 0 0 0 -1 0", round, route, conns, server)
	}
	return fmt.Sprintf("wrk %d %s %d %s %.2f %.3f %.3f %d %.0f", round, route, conns, server,
		r.rps, r.p50, r.p99, r.errors, r.perCPUSecs)
}
