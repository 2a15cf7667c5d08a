// Package serve is a small HTTP/1.1 server built on the httparse parser:
// every byte a client sends is parsed by the root package, and net/http is
// used only by the tests, as a client.
//
// # Theory of operation
//
// Each accepted connection gets one goroutine (conn.serve) that reads
// bytes, asks httparse.Parser for a request head, reads the body, and then
// runs the Handler. Reading costs no worker: a connection that is idle
// between keep-alive requests, or that trickles its header in byte by byte,
// only holds its own goroutine and a small buffer. Handlers are what is
// bounded: a request must take one of Server.Workers slots before its
// handler runs, and at most Server.QueueDepth complete requests may wait for
// a slot. A request that finds the queue full is answered 503 with
// Retry-After and its connection is closed; so is a connection accepted
// over Server.MaxConns. Every buffer is bounded by the parser's Limits.
//
// The worker slots are a semaphore, not goroutines that connections hand
// requests to: the handler runs on the connection's goroutine once it holds
// a slot. Both bound concurrency alike, but the handoff (two channel
// operations and two goroutine switches) measured 4.5 µs per request
// against 2.9 µs without it, in BenchmarkPipelined on 2 CPUs (medians of 4).
//
// Requests on one connection are handled one after the other, so pipelined
// requests get their responses in order, and the responses of a pipelined
// batch are flushed together when the connection runs out of input.
//
// A request the parser rejects is answered with the *httparse.Error's Status
// and a JSON body {"error": reason, "rule": "RFC 9112 §…", "offset": n},
// where n counts bytes from the start of the request and the reason names
// the limit that was exceeded, if one was ("body is 52428800 bytes; the
// limit is 1048576"). Then the connection is closed, after a short
// lingering read so that the client sees the answer instead of a reset.
// Timeouts (408) name the limit too. An Expect field with anything but
// 100-continue is answered 417 before the body is read (RFC 9110 §10.1.1).
//
// No response to HEAD carries content, whoever produces it: a handler, the
// Router, or the server itself for a request it could not read or turns
// away (RFC 9110 §9.3.2). Its Content-Length, when it has one, says what
// GET would get.
//
// # Handlers
//
// A Handler gets a *Request, which embeds the parsed httparse.Request, and a
// ResponseWriter. Router matches a method and a path pattern with {name}
// segments, answers 404, 405 with Allow, 501 for a method no route has,
// and OPTIONS by itself. JSON and Error write JSON responses.
package serve
