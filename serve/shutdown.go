package serve

import (
	"context"
	"time"
)

// This file stops a server: gracefully with Shutdown, at once with Close.

// Shutdown stops the server gracefully: it closes the listeners, then
// closes connections as they become idle, letting requests in progress
// finish and get their responses (with Connection: close). It returns nil
// once every connection is closed, or ctx's error if ctx ends first, in
// which case the contexts of the requests still running are canceled and
// the remaining connections are left to Close. Hijacked connections are
// not the server's any more: Shutdown neither waits for nor closes them.
func (s *Server) Shutdown(ctx context.Context) error {
	s.init()
	s.inShutdown.Store(true)
	s.mu.Lock()
	s.closeListenersLocked()
	s.mu.Unlock()

	// Poll like net/http: start fast so that a quiet server stops at once,
	// back off so that a busy one is not spun on.
	pollInterval := time.Millisecond
	timer := time.NewTimer(pollInterval)
	defer timer.Stop()
	stopReadAt := time.Now().Add(idleShutdownGrace)
	for {
		if s.closeIdleConns(stopReadAt) {
			return nil
		}
		select {
		case <-ctx.Done():
			// Handlers still running are told to stop; their
			// connections are left to Close.
			s.cancel()
			return ctx.Err()
		case <-timer.C:
			pollInterval = min(2*pollInterval, 100*time.Millisecond)
			timer.Reset(pollInterval)
		}
	}
}

// newConnGrace is how long Shutdown lets a connection that has not sent a
// byte yet live, in case its first request is in flight.
const newConnGrace = time.Second

// idleShutdownGrace is how long Shutdown lets an idle connection read a
// request that reached it just before, so that the request is answered
// rather than lost to a close. Shutdown takes at least this long when
// connections are open.
const idleShutdownGrace = 100 * time.Millisecond

// closeIdleConns makes the connections that wait for a request stop
// waiting at stopReadAt and close, and reports whether no connection is
// left.
func (s *Server) closeIdleConns(stopReadAt time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	quiescent := true
	for c := range s.activeConn {
		// A new connection may have a request on its way: it is closed
		// only once it had the time to send one, as net/http does. It
		// cannot hold Shutdown for longer than ReadHeaderTimeout anyway.
		st := c.getState()
		if st == StateIdle || st == StateNew && time.Since(c.accepted) > newConnGrace {
			// Closing the socket here would drop, unanswered, a request
			// whose bytes already sit in it while the connection's
			// goroutine has not run yet. A read deadline ends the wait
			// instead: the connection reads what is there and answers it
			// with Connection: close, or closes itself. The deadline is
			// the same at every poll, so setting it again is harmless.
			c.rwc.SetReadDeadline(stopReadAt)
			s.watcher.wake(c)
		}
		quiescent = false
	}
	if quiescent {
		s.watcher.close(true)
	}
	return quiescent
}

// Close closes the listeners and every connection at once, and cancels the
// context of running requests. Hijacked connections, and the contexts of
// their handlers, are not the server's to close or cancel. Prefer Shutdown.
func (s *Server) Close() error {
	s.init()
	s.inShutdown.Store(true)
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeListenersLocked()
	for c := range s.activeConn {
		c.rwc.Close()
		s.watcher.wake(c)
	}
	s.watcher.close(true)
	return nil
}
