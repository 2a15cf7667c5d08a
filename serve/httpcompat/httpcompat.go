package httpcompat

import (
	"context"
	"net/http"

	"github.com/ae7539e0/httparse/serve"
)

// Handler returns a serve.Handler that runs h for every request.
func Handler(h http.Handler) serve.Handler {
	return serve.HandlerFunc(func(w serve.ResponseWriter, r *serve.Request) {
		if r.Method == "OPTIONS" && r.Target == "*" {
			// net/http's Server answers "OPTIONS *" itself, with 200 and
			// no content, and never runs the handler for it.
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(serve.StatusOK)
			return
		}
		hr, body, err := toHTTP(r)
		if err != nil {
			// Only for the few requests net/http cannot represent (see
			// ToHTTP); the parser accepted the bytes, so this is 400 for
			// a request the handler could not have understood.
			serve.Error(w, serve.StatusBadRequest, "request cannot be represented for the handler")
			return
		}
		hr.RemoteAddr = r.RemoteAddr
		hr.TLS = r.TLS
		ctx := r.Context()
		if addr := r.LocalAddr(); addr != nil {
			ctx = context.WithValue(ctx, http.LocalAddrContextKey, addr)
		}
		hr = hr.WithContext(ctx)
		rw := &responseWriter{w: w, header: make(http.Header), body: body}
		if body != nil {
			// The trailer values go into the Request the handler has,
			// and the body reads as closed once the handler returned.
			body.hr = hr
			defer body.Close()
		}
		defer func() {
			// net/http's sentinel becomes serve's: the response is cut
			// off and no stack is logged. Any other panic goes on as it
			// was, to be answered 500 and logged with its stack (taken
			// while this function is still on it).
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					p = serve.ErrAbortHandler
				}
				panic(p)
			}
		}()
		h.ServeHTTP(rw, hr)
		rw.finish()
	})
}
