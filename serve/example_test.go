package serve_test

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/ae7539e0/httparse/serve"
)

func Example() {
	rt := serve.NewRouter()
	rt.HandleFunc("GET", "/greet/{name}", func(w serve.ResponseWriter, r *serve.Request) {
		serve.JSON(w, serve.StatusOK, map[string]string{"hello": r.Param("name")})
	})

	srv := &serve.Server{Handler: rt, Logger: slog.New(slog.DiscardHandler)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go srv.Serve(l)
	defer srv.Close()

	res, err := http.Get("http://" + l.Addr().String() + "/greet/Ada%20L")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Print(res.Status, " ", string(body))
	// Output: 200 OK {"hello":"Ada L"}
}
