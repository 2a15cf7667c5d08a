package main

import (
	"strings"
	"testing"
)

// A report as wrk 4.1 prints it, with every line parseWrk reads.
const wrkReport = `Running 1s test @ http://127.0.0.1:45787/nope
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   393.63us  767.19us   7.10ms   90.59%
    Req/Sec    21.93k     5.82k   28.33k    60.00%
  Latency Distribution
     50%  120.00us
     75%  199.00us
     90%    1.07ms
     99%    1.02s
  21809 requests in 1.00s, 3.66MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 100
Requests/sec:  21788.08
Transfer/sec:      3.66MB
`

func TestParseWrk(t *testing.T) {
	got := parseWrk(wrkReport)
	want := wrkResult{rps: 21788.08, requests: 21809, p50: 0.12, p99: 1020, errors: 110, ok: true}
	if got != want {
		t.Errorf("parseWrk:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseWrkWithoutResult(t *testing.T) {
	got := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n")
	if got.ok {
		t.Errorf("parseWrk of a failed run: ok, want not ok: %+v", got)
	}
	if rec := got.record(1, "/hello", 64, "serve"); rec != "wrk 1 /hello 64 serve 0 0 0 -1 0" {
		t.Errorf("record of a failed run = %q", rec)
	}
}

func TestStatsMediansAndRatios(t *testing.T) {
	st := newStats()
	for _, line := range []string{
		"wrk 1 /hello 64 serve 1000 1.0 4.0 0 20000",
		"wrk 2 /hello 64 serve 3000 3.0 8.0 2 40000",
		"wrk 3 /hello 64 serve 2000 2.0 6.0 0 30000",
		"wrk 1 /hello 64 nethttp 1000 2.0 12.0 0 10000",
		"wrk 1 /hello 64 fasthttp 4000 0.5 3.0 0 60000",
		"wrk 2 /hello 64 fasthttp 0 0 0 -1 0", // failed: counted, not averaged
		"hwm serve 20480",
		"hwm nethttp 40960",
		"idle serve 1000 10000 20000",
		"idle nethttp 1000 10000 30000",
	} {
		if err := st.add(line); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	st.printLoad(&b)
	st.printMemory(&b)
	out := b.String()
	for _, want := range []string{
		"| /hello | 64 | 2000 / 1000 / 4000 | 2.00x | 0.50x | 2.00 / 2.00 / 0.50 | 6.00 / 12.00 / 3.00 | 0.50x | 2 / 0 / 0 (1 runs failed) |",
		"| /hello | 64 | 30000 / 10000 / 60000 | 3.00x | 0.50x |",
		"| serve/cmd | 20.0 MiB |  | 10.00 KiB |  | 1000 |",
		"| net/http | 40.0 MiB | 0.50x | 20.00 KiB | 0.50x | 1000 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("tables lack %q:\n%s", want, out)
		}
	}
	if err := st.add("wrk 1 /hello"); err == nil {
		t.Error("a short wrk record was accepted")
	}
}
