//go:build !linux

package serve

// Without epoll, idle connections read at once (see idlewatch_linux.go).

// idleWatcher is empty here: no connection is ever watched.
type idleWatcher struct{}

func (w *idleWatcher) remove(c *conn, del bool) {}
func (w *idleWatcher) wake(c *conn)             {}
func (w *idleWatcher) close(wait bool)          {}

func (c *conn) waitIdle() bool { return false }
