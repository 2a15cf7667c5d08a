// Command probe does a to-do CRUD cycle once a second against a server
// until it is signalled (SIGINT/SIGTERM) or -duration passes, then prints
// the probe's figures. It exits 1 when any probe request failed.
//
// run.sh starts it beside wrk and slowhttptest to show the server stays
// usable for everyone else while they run.
package main

import (
	"context"
	"flag"
	"os/signal"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse/reliability/internal/harness"
	"github.com/ae7539e0/httparse/reliability/internal/probe"
)

func main() {
	addr := flag.String("addr", "", "server HOST:PORT (127.0.0.1 only)")
	interval := flag.Duration("interval", time.Second, "time between CRUD cycles")
	duration := flag.Duration("duration", 5*time.Minute, "upper bound on the run")
	label := flag.String("label", "", "prefix for the figures")
	flag.Parse()
	if err := harness.CheckLoopback(*addr); err != nil {
		harness.Fatal("%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()

	p := probe.New(*addr)
	p.Run(ctx, *interval)
	p.Summary().Report(*label)
	harness.Exit()
}
