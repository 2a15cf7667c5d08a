package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The measurements are kept as whitespace-separated records, one a line,
// written to the results file as they are taken and read back by -stats:
//
//	wrk  ROUND ROUTE CONNS SERVER REQ_PER_S P50_MS P99_MS ERRORS REQ_PER_CPU_S
//	hwm  SERVER KB                  (VmHWM after all load rounds)
//	idle SERVER N RSS_BEFORE_KB RSS_AFTER_KB

// servers in table order; the first is the one measured against the others.
var servers = []string{"serve", "nethttp", "fasthttp"}

var titles = map[string]string{"serve": "serve/cmd", "nethttp": "net/http", "fasthttp": "fasthttp"}

// load is one route at one connection count.
type load struct {
	route string
	conns int
}

// runs collects every round of one server under one load.
type runs struct {
	rps, p50, p99 []float64
	perCPU        []float64 // requests per second of server CPU time
	errors        int       // socket errors and non-2xx responses, all rounds
	failed        int       // runs that produced no result
}

type idle struct {
	n             int
	before, after float64
}

type stats struct {
	loads []load
	wrk   map[load]map[string]*runs
	hwm   map[string]float64
	idle  map[string]idle
}

func newStats() *stats {
	return &stats{wrk: map[load]map[string]*runs{}, hwm: map[string]float64{}, idle: map[string]idle{}}
}

func (st *stats) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if err := st.record(f); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
	return sc.Err()
}

// add records one measurement line.
func (st *stats) add(line string) error {
	return st.record(strings.Fields(line))
}

func (st *stats) record(f []string) error {
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return -1
		}
		return v
	}
	switch {
	case f[0] == "wrk" && len(f) == 10:
		l := load{route: f[2], conns: int(num(f[3]))}
		if st.wrk[l] == nil {
			st.wrk[l] = map[string]*runs{}
			st.loads = append(st.loads, l)
		}
		r := st.wrk[l][f[4]]
		if r == nil {
			r = &runs{}
			st.wrk[l][f[4]] = r
		}
		// A run without a result (server.sh writes rps 0, errors -1) is
		// counted, not averaged in.
		if num(f[5]) <= 0 || num(f[8]) < 0 {
			r.failed++
			break
		}
		r.rps = append(r.rps, num(f[5]))
		r.p50 = append(r.p50, num(f[6]))
		r.p99 = append(r.p99, num(f[7]))
		r.errors += int(num(f[8]))
		if v := num(f[9]); v > 0 {
			r.perCPU = append(r.perCPU, v)
		}
	case f[0] == "hwm" && len(f) == 3:
		st.hwm[f[1]] = num(f[2])
	case f[0] == "idle" && len(f) == 5:
		st.idle[f[1]] = idle{n: int(num(f[2])), before: num(f[3]), after: num(f[4])}
	default:
		return fmt.Errorf("unknown record %q", strings.Join(f, " "))
	}
	return nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ratio formats a/b, or "-" when either is missing.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// printLoad prints one row per route and connection count with the three
// servers side by side and serve's ratios to the references: req/s (higher
// is better) and p99 (lower is better). A second table gives requests per
// second of server CPU time, which load from other processes hardly moves.
func (st *stats) printLoad(w io.Writer) {
	if len(st.loads) == 0 {
		return
	}
	// side formats the three servers' medians of one measure.
	side := func(l load, measure func(*runs) []float64, format string) (cells string, meds [3]float64) {
		var parts [3]string
		for i, s := range servers {
			parts[i] = "-"
			if r := st.wrk[l][s]; r != nil && len(measure(r)) > 0 {
				meds[i] = median(measure(r))
				parts[i] = fmt.Sprintf(format, meds[i])
			}
		}
		return strings.Join(parts[:], " / "), meds
	}
	rps := func(r *runs) []float64 { return r.rps }
	p50 := func(r *runs) []float64 { return r.p50 }
	p99 := func(r *runs) []float64 { return r.p99 }
	perCPU := func(r *runs) []float64 { return r.perCPU }

	fmt.Fprintln(w, "| route | conns | req/s serve / net/http / fasthttp | req/s vs net/http | req/s vs fasthttp | p50 ms serve / net/http / fasthttp | p99 ms serve / net/http / fasthttp | p99 vs net/http | errors serve / net/http / fasthttp |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, l := range st.loads {
		rpsCells, r := side(l, rps, "%.0f")
		p50Cells, _ := side(l, p50, "%.2f")
		p99Cells, p := side(l, p99, "%.2f")
		var errs [3]string
		for i, s := range servers {
			errs[i] = "-"
			if r := st.wrk[l][s]; r != nil {
				errs[i] = strconv.Itoa(r.errors)
				if r.failed > 0 {
					errs[i] += fmt.Sprintf(" (%d runs failed)", r.failed)
				}
			}
		}
		errors := strings.Join(errs[:], " / ")
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", l.route, l.conns,
			rpsCells, ratio(r[0], r[1]), ratio(r[0], r[2]), p50Cells, p99Cells, ratio(p[0], p[1]), errors)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "| route | conns | requests per server CPU-second serve / net/http / fasthttp | vs net/http | vs fasthttp |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, l := range st.loads {
		cells, c := side(l, perCPU, "%.0f")
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", l.route, l.conns, cells, ratio(c[0], c[1]), ratio(c[0], c[2]))
	}
	fmt.Fprintln(w)
}

// printMemory prints peak RSS under load and the RSS growth per idle
// keep-alive connection, with serve's ratio to each reference.
func (st *stats) printMemory(w io.Writer) {
	if len(st.hwm) == 0 && len(st.idle) == 0 {
		return
	}
	perConn := func(s string) float64 {
		i, ok := st.idle[s]
		if !ok || i.n == 0 {
			return 0
		}
		return (i.after - i.before) / float64(i.n)
	}
	fmt.Fprintln(w, "| server | peak RSS under load (VmHWM) | serve vs it | RSS per idle connection | serve vs it | idle connections |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	for _, s := range servers {
		hwm, per := "-", "-"
		if v := st.hwm[s]; v > 0 {
			hwm = fmt.Sprintf("%.1f MiB", v/1024)
		}
		if v := perConn(s); v != 0 {
			per = fmt.Sprintf("%.2f KiB", v)
		}
		hwmRatio, perRatio := "", ""
		if s != servers[0] {
			hwmRatio = ratio(st.hwm[servers[0]], st.hwm[s])
			perRatio = ratio(perConn(servers[0]), perConn(s))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d |\n", titles[s], hwm, hwmRatio, per, perRatio, st.idle[s].n)
	}
	fmt.Fprintln(w)
}
