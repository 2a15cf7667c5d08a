package httpcompat_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/ae7539e0/httparse/serve"
	"github.com/ae7539e0/httparse/serve/httpcompat"
)

// An existing net/http handler runs on serve.Server unchanged.
func ExampleHandler() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello, %s\n", r.URL.Query().Get("name"))
	})

	srv := &serve.Server{
		Handler: httpcompat.Handler(mux),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	go srv.Serve(l)
	defer srv.Shutdown(context.Background())

	resp, err := http.Get("http://" + l.Addr().String() + "/hello?name=Ada")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Print(resp.Status, " ", resp.Header.Get("Content-Type"), "\n", string(body))
	// Output:
	// 200 OK text/plain; charset=utf-8
	// hello, Ada
}
