package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ae7539e0/httparse"
)

// ErrServerClosed is returned by Serve and ListenAndServe after Shutdown or
// Close.
var ErrServerClosed = errors.New("serve: server closed")

// Defaults for the zero fields of Server.
const (
	// DefaultAddr keeps a server started without configuration private to
	// the machine.
	DefaultAddr = "127.0.0.1:8080"
	// DefaultMaxConns bounds open connections. An idle one costs a
	// goroutine and a 256-byte array (its read buffer is given back while
	// it waits), so 4096 idle connections stay within tens of MiB.
	DefaultMaxConns = 4096
	// DefaultReadHeaderTimeout is how long a client may take to send a
	// request head; slower clients are answered 408 and cut off.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultReadTimeout bounds reading a whole request, body included.
	DefaultReadTimeout = 30 * time.Second
	// DefaultIdleTimeout is how long a keep-alive connection may wait for
	// its next request.
	DefaultIdleTimeout = 60 * time.Second
	// DefaultWriteTimeout bounds writing one response.
	DefaultWriteTimeout = 30 * time.Second
)

// A Server serves HTTP/1.1 on the connections of one or more listeners.
// Set its fields before calling Serve or ListenAndServe and do not change
// them afterwards. The zero value of every field means its default.
type Server struct {
	// Addr is the TCP address ListenAndServe listens on; DefaultAddr when
	// empty. To learn which port ":0" picked, listen yourself and call
	// Serve.
	Addr string

	// Handler answers every request. When nil every request gets 404.
	Handler Handler

	// Workers bounds how many handlers run at the same time; DefaultWorkers
	// when zero. A connection takes a worker slot only once a complete
	// request has arrived (its head, when its body streams; see
	// MaxBufferedBody) and gives it back when the handler returns, before
	// the response is written out, so idle and slow connections hold none.
	Workers int

	// MaxBufferedBody is the largest request body, in bytes, read whole
	// before the handler runs (Request.Body), costing no worker while it
	// arrives; DefaultMaxBufferedBody when zero. A larger body, or a
	// chunked one whose client holds it back for 100 (Continue), streams:
	// its handler starts once the head is in and reads the body as it
	// arrives (Request.BodyReader). A negative value streams every body.
	MaxBufferedBody int64

	// StreamWorkers bounds how many of the Workers slots handlers of
	// streamed bodies may hold at once, so that slow uploads cannot take
	// every worker from the other requests; Workers/2 (at least 1) when
	// zero. A streamed request waits for one of these slots, then for a
	// worker, in the same queue as the others.
	StreamWorkers int

	// QueueDepth bounds how many complete requests may wait for a worker.
	// A request that finds the queue full is answered 503 with Retry-After
	// and its connection closed. Zero means 4 × Workers; a negative value
	// means no waiting at all.
	QueueDepth int

	// MaxConns bounds open connections; DefaultMaxConns when zero. A
	// connection accepted over it is answered 503 with Retry-After and
	// closed. A hijacked connection counts until its handler returns.
	MaxConns int

	// Limits bounds each request; zero fields mean the parser's defaults.
	Limits httparse.Limits

	// Lenient lists the deviations from the strict grammar the parser
	// accepts (httparse.Leniency); zero is strict. Turn a kind on only when
	// no other HTTP parser reads the connection's bytes before this server:
	// one that reads the deviation differently frames a different message.
	Lenient httparse.Leniency

	// ReadHeaderTimeout bounds the time from the first byte of a request
	// (or from accepting the connection, for its first request) to the end
	// of its head. A client over it is answered 408 and cut off.
	ReadHeaderTimeout time.Duration

	// ReadTimeout bounds the time from the first byte of a request to the
	// end of its body.
	ReadTimeout time.Duration

	// IdleTimeout is how long a keep-alive connection may wait for the
	// first byte of its next request before it is closed. So that
	// back-to-back requests do not each move the connection's deadline
	// (a timer change), a deadline in effect that is less than
	// IdleTimeout/16 earlier than the one asked for is kept: the wait ends
	// between 15/16 of IdleTimeout and all of it.
	IdleTimeout time.Duration

	// WriteTimeout bounds writing one response, from the moment its handler
	// starts, kept like IdleTimeout's within WriteTimeout/16; that is the
	// request context's Deadline. A 100 (Continue) sent when the handler
	// first reads a body its client holds back moves the connection's
	// write deadline to WriteTimeout after it, not the context's.
	WriteTimeout time.Duration

	// Logger receives the access log (Info, one record per request) and
	// errors; slog.Default() when nil. Every record of an answered request
	// has "bytes": how many bytes of content went to the connection, which
	// for a response to HEAD, 204 or 304 is 0 whatever the handler wrote.
	Logger *slog.Logger

	// TLSConfig is the TLS configuration of ServeTLS and
	// ListenAndServeTLS; nil means crypto/tls's defaults. It is cloned;
	// its NextProtos are cut down to "http/1.1".
	TLSConfig *tls.Config

	// ConnState, when set, is called on every connection state change, from
	// the connection's goroutine (StateHijacked: from the goroutine that
	// called Hijack, before Hijack returns; when the body streams, Hijack
	// then holds the request body and the response's output, and a body
	// Read it ended waits for it, so the hook must not wait for a
	// goroutine reading that body or writing the response, nor call
	// Hijack).
	ConnState func(net.Conn, ConnState)

	initOnce sync.Once
	slots    chan struct{} // a send takes a worker slot; cap is Workers
	streams  chan struct{} // a send takes a streaming slot; cap is StreamWorkers
	waiting  atomic.Int64  // requests blocked on slots
	refusers chan struct{} // bounds goroutines answering refused conns
	baseCtx  context.Context
	cancel   context.CancelFunc

	inShutdown atomic.Bool
	mu         sync.Mutex
	listeners  map[*net.Listener]struct{}
	activeConn map[*conn]struct{}
	numConns   atomic.Int64
	// watcher is the idle watcher (idlewatch_linux.go), started by the
	// first connection that waits through it and stopped when the last
	// connection ends, and with Shutdown and Close; watcherTried says it
	// was started, or failed to start, since. Both under mu.
	watcher      *idleWatcher
	watcherTried bool
	// hooks are a test's (idle.go).
	hooks *idleHooks
}

// init applies the defaults once.
func (s *Server) init() {
	s.initOnce.Do(func() {
		s.slots = make(chan struct{}, s.workers())
		s.streams = make(chan struct{}, s.streamWorkers())
		s.refusers = make(chan struct{}, maxRefusers)
		s.baseCtx, s.cancel = context.WithCancel(context.Background())
		s.listeners = make(map[*net.Listener]struct{})
		s.activeConn = make(map[*conn]struct{})
	})
}

// maxRefusers bounds the goroutines that answer connections refused over
// MaxConns; past it they are closed without an answer, so a connection
// flood costs nothing that grows with it.
const maxRefusers = 64

func (s *Server) maxConns() int64 {
	if s.MaxConns > 0 {
		return int64(s.MaxConns)
	}
	return DefaultMaxConns
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (s *Server) readHeaderTimeout() time.Duration {
	return orDefault(s.ReadHeaderTimeout, DefaultReadHeaderTimeout)
}
func (s *Server) readTimeout() time.Duration  { return orDefault(s.ReadTimeout, DefaultReadTimeout) }
func (s *Server) idleTimeout() time.Duration  { return orDefault(s.IdleTimeout, DefaultIdleTimeout) }
func (s *Server) writeTimeout() time.Duration { return orDefault(s.WriteTimeout, DefaultWriteTimeout) }

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Server) handler() Handler {
	if s.Handler != nil {
		return s.Handler
	}
	return notFoundHandler
}

var notFoundHandler = HandlerFunc(func(w ResponseWriter, r *Request) {
	Error(w, StatusNotFound, "not found")
})

// ListenAndServe listens on the TCP address s.Addr and calls Serve. It
// always returns a non-nil error; after Shutdown or Close, ErrServerClosed.
func (s *Server) ListenAndServe() error {
	if s.shuttingDown() {
		return ErrServerClosed
	}
	addr := s.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Serve accepts connections on l and serves each on its own goroutine. It
// closes l when it returns, and always returns a non-nil error; after
// Shutdown or Close, ErrServerClosed.
//
// An Accept that fails with a temporary error (out of file descriptors, a
// connection aborted before it was accepted) is retried after a delay
// growing from 5ms to 1s, as net/http does, so that the server slows down
// instead of spinning; any other error ends Serve.
func (s *Server) Serve(l net.Listener) error { return s.serve(l, nil) }

// serve is Serve, with TLS on every connection when cfg is not nil.
func (s *Server) serve(l net.Listener, cfg *tls.Config) error {
	s.init()
	if !s.trackListener(&l, true) {
		l.Close()
		return ErrServerClosed
	}
	defer s.trackListener(&l, false)
	defer l.Close()

	var tempDelay time.Duration
	for {
		rwc, err := l.Accept()
		if err != nil {
			if s.shuttingDown() {
				return ErrServerClosed
			}
			if !isTemporary(err) {
				return err
			}
			if tempDelay == 0 {
				tempDelay = 5 * time.Millisecond
			} else {
				tempDelay = min(2*tempDelay, time.Second)
			}
			s.logger().Warn("accept failed; retrying", "error", err, "delay", tempDelay)
			select {
			case <-time.After(tempDelay):
			case <-s.baseCtx.Done():
				return ErrServerClosed
			}
			continue
		}
		tempDelay = 0
		if s.numConns.Load() >= s.maxConns() {
			if cfg != nil {
				// A TLS client could not read a plaintext 503.
				rwc.Close()
			} else {
				s.refuse(rwc)
			}
			continue
		}
		if cfg != nil {
			rwc = tls.Server(rwc, cfg)
		}
		c := s.newConn(rwc)
		if !s.trackConn(c, true) {
			rwc.Close()
			return ErrServerClosed
		}
		c.setState(StateNew)
		go c.serve()
	}
}

// isTemporary reports whether an Accept error is worth retrying. The
// Temporary method is deprecated for being ill-defined in general, but for
// Accept it is exactly the net package's list of errors that go away by
// themselves (EMFILE, ENFILE, ECONNABORTED, ...).
func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	var ne net.Error
	return errors.As(err, &t) && t.Temporary() || errors.As(err, &ne) && ne.Timeout()
}

// refuse answers a connection accepted over MaxConns with 503 and closes
// it, on one of at most maxRefusers goroutines.
func (s *Server) refuse(rwc net.Conn) {
	select {
	case s.refusers <- struct{}{}:
	default:
		rwc.Close()
		return
	}
	go func() {
		defer func() { <-s.refusers }()
		// The answer may be to a HEAD request, which must get no content,
		// so the first bytes the client sends are waited for, briefly.
		var first [16]byte
		n := 0
		rwc.SetReadDeadline(time.Now().Add(refusalPeek))
		for n < len("\r\nHEAD ") {
			m, err := rwc.Read(first[n:])
			n += m
			if err != nil {
				break
			}
		}
		method := ""
		if isHead(first[:n]) {
			method = "HEAD"
		}
		b, sent := appendRefusal(make([]byte, 0, 256), method)
		rwc.SetWriteDeadline(time.Now().Add(time.Second))
		if _, err := rwc.Write(b); err != nil {
			sent = 0
		}
		s.logger().Warn("connection refused over MaxConns", "remote", rwc.RemoteAddr().String(),
			"max_conns", s.maxConns(), "bytes", sent)
		lingeringClose(rwc)
		rwc.Close()
	}()
}

// refusalPeek bounds how long a refused connection's first bytes are
// waited for. Clients send their request as soon as they connect; one that
// sends nothing in that time is answered as if it had sent GET.
const refusalPeek = 100 * time.Millisecond

// appendRefusal appends the answer to a connection over MaxConns, for a
// request with the given method (HEAD or not), and returns it with the
// number of content bytes in it.
func appendRefusal(b []byte, method string) ([]byte, int) {
	const body = `{"error":"too many open connections"}` + "\n"
	b = appendStatusLine(b, StatusServiceUnavailable)
	b = append(b, "Content-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\nDate: "...)
	b = appendDate(b, time.Now())
	b = append(b, "\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	if !hasContent(method, StatusServiceUnavailable) {
		return b, 0
	}
	return append(b, body...), len(body)
}

// saturated reports whether a request arriving now would find no worker
// and no room in the queue. It is a hint, not a reservation.
func (s *Server) saturated() bool {
	return len(s.slots) == cap(s.slots) && s.waiting.Load() >= s.queueDepth()
}

func (s *Server) trackListener(l *net.Listener, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.shuttingDown() {
			return false
		}
		s.listeners[l] = struct{}{}
	} else {
		delete(s.listeners, l)
	}
	return true
}

func (s *Server) trackConn(c *conn, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.shuttingDown() {
			return false
		}
		s.activeConn[c] = struct{}{}
		s.numConns.Add(1)
	} else if _, ok := s.activeConn[c]; ok {
		delete(s.activeConn, c)
		s.numConns.Add(-1)
		s.stopWatcherIfUnusedLocked()
	}
	return true
}

// stopWatcherIfUnusedLocked stops the idle watcher once no connection is
// left, so that a server without connections holds no goroutine and no
// descriptor beyond its listeners, as before the watcher: after a
// Shutdown whose context ended first, after Serve returned, or between
// bursts of clients. The next connection that waits starts one again.
// s.mu must be held.
func (s *Server) stopWatcherIfUnusedLocked() {
	if len(s.activeConn) == 0 && s.watcher != nil {
		s.watcher.close(false)
		s.watcher, s.watcherTried = nil, false
	}
}

// forgetConn drops a hijacked connection from the ones Shutdown and Close
// see; numConns still counts it until its handler returns.
func (s *Server) forgetConn(c *conn) {
	s.mu.Lock()
	delete(s.activeConn, c)
	s.stopWatcherIfUnusedLocked()
	s.mu.Unlock()
}

func (s *Server) shuttingDown() bool { return s.inShutdown.Load() }

// closeListenersLocked closes every listener; s.mu must be held.
func (s *Server) closeListenersLocked() {
	for l := range s.listeners {
		(*l).Close()
	}
}
