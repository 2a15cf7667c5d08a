// Command nethttpserver is the net/http reference for the server comparison
// (bench/server.sh): GET /hello and GET /todos answered with the same bytes
// as serve/cmd, by an http.Server with net/http's defaults.
package main

import (
	"context"
	"log"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/ae7539e0/httparse/bench/internal/refapp"
)

func main() {
	flags := refapp.ParseFlags()
	app, err := refapp.New(flags.Todos)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		body, err := app.Hello(r.URL.Query().Get("name"))
		writeJSON(w, body, err)
	})
	mux.HandleFunc("GET /todos", func(w http.ResponseWriter, r *http.Request) {
		body, err := app.List(r.Context())
		writeJSON(w, body, err)
	})
	srv := &http.Server{
		Handler: mux,
		// The same header and idle bounds serve/cmd runs with in server.sh.
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	err = refapp.Serve(flags.Addr,
		func(ln net.Listener) error { return srv.Serve(ln) },
		func(ctx context.Context) error { return srv.Shutdown(ctx) })
	if err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

func writeJSON(w http.ResponseWriter, body []byte, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
