// Command cmd runs the to-do service on the serve package.
//
//	go run ./serve/cmd [-addr 127.0.0.1:8080] [-data ./todos.db] ...
//	go run ./serve/cmd -data postgres://user@host:5432/db?sslmode=disable ...
//	go run ./serve/cmd -lenient bare-lf,missing-host ...
//	go run ./serve/cmd -data ./todos.db -export todos.jsonl
//	go run ./serve/cmd -data postgres://... -import todos.jsonl
//	go run ./serve/cmd -tls-cert cert.pem -tls-key key.pem
//
// The first line it prints on stdout is "listening on http://HOST:PORT"
// (https:// with -tls-cert and -tls-key), with the real port when -addr
// asks for port 0. SIGINT or SIGTERM shut it
// down gracefully: it stops accepting, lets requests in progress finish,
// closes idle connections, and exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
	"github.com/ae7539e0/httparse/serve/todo"
	"github.com/ae7539e0/httparse/serve/web"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		var usage usageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a command line that asks for something impossible. It
// exits with status 2 before anything starts, as the flag package's own
// errors do.
type usageError string

func (e usageError) Error() string { return string(e) }

func run() error {
	var (
		addr              = flag.String("addr", serve.DefaultAddr, "TCP address to listen on; port 0 picks a free port")
		workers           = flag.Int("workers", serve.DefaultWorkers(), "handlers running at once")
		queue             = flag.Int("queue", 0, "requests that may wait for a worker before 503 (0: 4 × workers, -1: none)")
		maxConns          = flag.Int("max-conns", serve.DefaultMaxConns, "open connections before new ones get 503")
		readHeaderTimeout = flag.Duration("read-header-timeout", serve.DefaultReadHeaderTimeout, "time allowed for a request head (408 after)")
		readTimeout       = flag.Duration("read-timeout", serve.DefaultReadTimeout, "time allowed for a whole request, body included (408 after)")
		idleTimeout       = flag.Duration("idle-timeout", serve.DefaultIdleTimeout, "time a keep-alive connection may wait for its next request")
		writeTimeout      = flag.Duration("write-timeout", serve.DefaultWriteTimeout, "time allowed for writing a response")
		shutdownTimeout   = flag.Duration("shutdown-timeout", 10*time.Second, "time requests in progress get to finish on SIGINT/SIGTERM")
		maxBody           = flag.Int64("max-body", 1<<20, "largest request body in bytes (413 over); at least 1, as there is no unlimited setting")
		maxBuffered       = flag.Int64("max-buffered-body", serve.DefaultMaxBufferedBody, "largest request body read whole before its handler; larger ones stream")
		tlsCert           = flag.String("tls-cert", "", "PEM certificate chain file: serve HTTPS (with -tls-key)")
		tlsKey            = flag.String("tls-key", "", "PEM private key file of -tls-cert")
		logLevel          = flag.String("log", "info", "log level: debug, info, warn or error")
	)
	var lenient httparse.Leniency
	flag.Func("lenient", "deviations from the strict grammar to accept, comma-separated: bare-lf, obs-fold, raw-target, missing-host (default none; only when no other HTTP parser sits in front)", func(s string) (err error) {
		lenient, err = parseLeniency(s)
		return err
	})
	var stores storeFlags
	stores.register()
	flag.Parse()

	if (*tlsCert == "") != (*tlsKey == "") {
		return usageError("-tls-cert and -tls-key go together")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return usageError("-log: " + err.Error())
	}
	if *maxBody < 1 {
		// Limits would take 0 or less for its 10 MiB default, which
		// nobody asking for 0 means.
		return usageError(fmt.Sprintf("-max-body is %d; it must be at least 1 byte (there is no unlimited setting)", *maxBody))
	}
	if err := stores.check(); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	store, err := stores.open(context.Background())
	if err != nil {
		return err
	}
	defer store.Close()
	if done, err := stores.transfer(context.Background(), store); done {
		return err
	}
	logger.Debug("store open", "data", stores.describe())

	srv := &serve.Server{
		Handler:           routes(store, logger),
		Workers:           *workers,
		QueueDepth:        *queue,
		MaxConns:          *maxConns,
		Limits:            httparse.Limits{MaxBodyBytes: *maxBody},
		MaxBufferedBody:   *maxBuffered,
		Lenient:           lenient,
		ReadHeaderTimeout: *readHeaderTimeout,
		ReadTimeout:       *readTimeout,
		IdleTimeout:       *idleTimeout,
		WriteTimeout:      *writeTimeout,
		Logger:            logger,
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	fmt.Printf("listening on %s://%s\n", scheme, l.Addr())

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	served := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			served <- srv.ServeTLS(l, *tlsCert, *tlsKey)
			return
		}
		served <- srv.Serve(l)
	}()

	select {
	case err := <-served:
		return err
	case sig := <-sigs:
		logger.Info("shutting down", "signal", sig.String(), "timeout", *shutdownTimeout)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
		logger.Warn("shutdown timed out; connections closed", "error", err)
	}
	if err := <-served; !errors.Is(err, serve.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// routes returns the service's router: the to-do API on store and the page.
func routes(store todo.Store, logger *slog.Logger) *serve.Router {
	router := serve.NewRouter()
	todo.New(store, logger).Register(router)
	web.Mount(router) // GET / and /static/: the to-do page
	// More routes are mounted here, on the same router.
	return router
}
