package refapp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
)

// Flags are the command-line flags both reference servers take; -addr and
// the first line printed follow serve/cmd's contract so that one script
// drives all three servers alike.
type Flags struct {
	Addr  string
	Todos string
}

// ParseFlags parses the command line.
func ParseFlags() Flags {
	var f Flags
	flag.StringVar(&f.Addr, "addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
	flag.StringVar(&f.Todos, "todos", "", "JSON file with the list GET /todos answers, as serve/cmd returns it (default: 20 built-in to-dos)")
	flag.Parse()
	return f
}

// Serve listens on addr, prints "listening on http://HOST:PORT" and runs
// serve until SIGINT or SIGTERM, then calls shutdown and returns.
func Serve(addr string, serve func(net.Listener) error, shutdown func(context.Context) error) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if err := shutdown(context.Background()); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}
