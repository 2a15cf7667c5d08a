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
// a slot. Both bound concurrency alike, but the handoff costs two channel
// operations and two goroutine switches per request, which
// BenchmarkPipelined shows (bench/results/history.md).
//
// With more than one connection open, an idle keep-alive connection
// waits for its next request without a read: the server's own
// edge-triggered epoll instance reports when its socket has bytes or the
// client's end, and one goroutine wakes the connections it names
// (idlewatch_linux.go). A read right after a response finds an empty
// socket, and at hundreds of connections that read was a tenth of a
// request's CPU time. With one connection, for TLS and for a connection
// that a listener wrapped in a net.Conn of its own, the connection reads
// at once, since a short read of those says nothing about the socket. The
// watcher is Linux's; elsewhere every connection reads at once.
//
// # Request bodies
//
// A body of at most Server.MaxBufferedBody bytes (64 KiB by default) is
// read whole before its request takes a worker, like the head: a client
// that sends it slowly holds no worker, and the handler finds it in
// Request.Body. A client that waits for 100 (Continue) before sending
// such a body gets it at once, before the handler runs, when a worker or a
// queue slot is free at that moment, and 503 at once otherwise (RFC 9110
// §10.1.1 lets a server send 100 whenever it means to read the body); the
// check reserves nothing, so a burst can still meet 503 after its body. A
// larger body, or a chunked one whose client waits for 100, streams: the
// request takes a worker once its head is in, and the handler reads the
// body from Request.BodyReader as it arrives, which sends the 100 at the
// first read, so a handler that answers without reading never invites
// the body. Such handlers hold worker slots while clients send, so at most
// Server.StreamWorkers of them (half the workers by default) run at once;
// further streamed requests wait in the queue like any other, and the rest
// of the workers stay for requests whose bodies are in. Limits hold either
// way: 413 once a declared or decoded length passes MaxBodyBytes, 408 past
// ReadTimeout. What a handler leaves unread of the body is read and
// dropped after it returns, up to 256 KiB of it (what was decoded before
// the body began to stream is dropped too), or the connection is closed.
// That wait holds no worker: its slots are given back when the handler
// returns, and the response goes out once the rest is in, as net/http
// sends it, so a client that never sends the body it announced holds only
// its own connection, until ReadTimeout.
//
// # Taking a connection over, TLS
//
// The ResponseWriter is a Hijacker: after WriteHeader(101) a handler can
// take the connection for a WebSocket or another protocol, with the bytes
// the server read past the request. From then on the connection is the
// handler's, as with net/http: it no longer holds a worker, however long
// the handler runs, and Shutdown neither waits for nor closes it.
// Server.ServeTLS serves HTTP/1.1 over crypto/tls; there is no HTTP/2.
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
// Timeouts (408) name the limit too. A client that ends its side of the
// connection inside a body gets 400 saying where the body stopped, rule
// "RFC 9112 §8", before the close; a handler reading that body gets
// io.ErrUnexpectedEOF. An Expect field with anything but
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
