package serve

// ConnState is the state of a connection, reported to Server.ConnState.
type ConnState int

const (
	// StateNew is a connection just accepted that has not sent a byte
	// yet. It moves to StateActive or StateClosed.
	StateNew ConnState = iota
	// StateActive is a connection that has sent bytes of a request, or
	// whose request is being handled or answered. It moves to StateIdle,
	// StateClosed or StateHijacked.
	StateActive
	// StateIdle is a keep-alive connection waiting for its next request,
	// with no unread bytes. It moves to StateActive or StateClosed.
	// Shutdown closes idle connections.
	StateIdle
	// StateClosed is a closed connection; it is final.
	StateClosed
	// StateHijacked is a connection a handler took over (Hijacker); the
	// server no longer tracks it. It is final.
	StateHijacked
)

var stateName = [...]string{"new", "active", "idle", "closed", "hijacked"}

// String returns "new", "active", "idle", "closed" or "hijacked".
func (st ConnState) String() string {
	if st >= 0 && int(st) < len(stateName) {
		return stateName[st]
	}
	return "unknown"
}
