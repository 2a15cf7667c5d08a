package serve

import "time"

// This file keeps the connection's clock and deadlines cheap on the path
// every keep-alive request takes.
//
// time.Now reads two clocks (wall and monotonic), and setting a deadline
// reads the monotonic clock twice more and changes an entry of the
// runtime's timer heap (golang/go#15133). A request would pay that for its
// idle wait, its start, its write deadline and its Date field. So the
// connection reads the full time once per request, when its handler starts
// (handlerStart), and derives later times from the monotonic clock alone
// (now);
// and a deadline that would move later by less than a sixteenth of its
// timeout is left where it is. The timeout a connection meets is then
// between 15/16 of its length and all of it; a deadline that must move
// earlier always does.

// deadlineSlack is the fraction of a timeout by which a deadline may be
// left earlier than asked: timeout / deadlineSlack.
const deadlineSlack = 16

// now is the current time, from the last full reading (the handler's
// start, or before the first handler the accept) and the monotonic clock.
func (c *conn) now() time.Time {
	base := c.handlerStart
	if base.IsZero() {
		base = c.accepted
	}
	return base.Add(time.Since(base))
}

// setReadDeadline sets the read deadline to t, exactly.
func (c *conn) setReadDeadline(t time.Time) {
	c.readDeadline = t
	c.rwc.SetReadDeadline(t)
}

// setWriteDeadline sets the write deadline to t, exactly.
func (c *conn) setWriteDeadline(t time.Time) {
	c.writeDeadline = t
	c.rwc.SetWriteDeadline(t)
}

// extendReadDeadline makes the read deadline now+timeout, or leaves it
// when it is at most timeout/deadlineSlack earlier.
func (c *conn) extendReadDeadline(now time.Time, timeout time.Duration) {
	if want := now.Add(timeout); !closeEnough(c.readDeadline, want, timeout) {
		c.setReadDeadline(want)
	}
}

// extendWriteDeadline is extendReadDeadline for the write deadline.
func (c *conn) extendWriteDeadline(now time.Time, timeout time.Duration) {
	if want := now.Add(timeout); !closeEnough(c.writeDeadline, want, timeout) {
		c.setWriteDeadline(want)
	}
}

// closeEnough reports whether the deadline cur may stand for want: set,
// not later, and less than timeout/deadlineSlack earlier.
func closeEnough(cur, want time.Time, timeout time.Duration) bool {
	return !cur.IsZero() && !cur.After(want) && want.Sub(cur) < timeout/deadlineSlack
}
