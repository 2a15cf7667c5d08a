// Command fasthttpserver is the fasthttp reference for the server comparison
// (bench/server.sh): GET /hello and GET /todos answered with the same bytes
// as serve/cmd, by a fasthttp.Server with fasthttp's defaults.
package main

import (
	"log"
	"time"

	"github.com/ae7539e0/httparse/bench/internal/refapp"
	"github.com/valyala/fasthttp"
)

func main() {
	flags := refapp.ParseFlags()
	app, err := refapp.New(flags.Todos)
	if err != nil {
		log.Fatal(err)
	}
	handler := func(ctx *fasthttp.RequestCtx) {
		if !ctx.IsGet() {
			ctx.Error("method not allowed", fasthttp.StatusMethodNotAllowed)
			return
		}
		switch string(ctx.Path()) {
		case "/hello":
			body, err := app.Hello(string(ctx.QueryArgs().Peek("name")))
			writeJSON(ctx, body, err)
		case "/todos":
			body, err := app.List(ctx)
			writeJSON(ctx, body, err)
		default:
			ctx.Error("not found", fasthttp.StatusNotFound)
		}
	}
	srv := &fasthttp.Server{
		Handler: handler,
		// The same header and idle bounds serve/cmd runs with in server.sh.
		ReadTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second,
	}
	err = refapp.Serve(flags.Addr, srv.Serve, srv.ShutdownWithContext)
	if err != nil {
		log.Fatal(err)
	}
}

func writeJSON(ctx *fasthttp.RequestCtx, body []byte, err error) {
	if err != nil {
		ctx.Error(err.Error(), fasthttp.StatusInternalServerError)
		return
	}
	ctx.SetContentType("application/json")
	ctx.SetBody(body)
}
