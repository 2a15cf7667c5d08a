package todo

import (
	"errors"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/ae7539e0/httparse/serve"
	"github.com/ae7539e0/httparse/serve/internal/conditional"
)

// An item's entity tag is its version, quoted: a strong validator (RFC 9110
// §8.8.1), since every write gives the item a new version and the JSON of
// one version is always the same bytes. Item responses carry it as ETag;
// GET and HEAD honour If-None-Match (RFC 9110 §13.1.2), so that a client
// that has version 3 gets 304 without content while it is still 3, and PUT,
// PATCH and DELETE honour If-Match (RFC 9110 §13.1.1), so that a client
// that read version 3 can say "only if it is still 3" and get 412 instead of
// overwriting a change it has not seen.

// etag returns the entity-tag of version: DQUOTE version DQUOTE.
func etag(version int64) string {
	return `"` + strconv.FormatInt(version, 10) + `"`
}

// setETag sets the ETag field of a response that carries t.
func setETag(w serve.ResponseWriter, t Todo) {
	w.Header().Set("ETag", etag(t.Version))
}

// precondition is the If-Match of a request; a nil *precondition is a
// request without one, which every item satisfies.
type precondition struct {
	list conditional.List
	seen Todo // the item as check last saw it, for the 412
}

// check is the Store callback: nil when the item satisfies the request's
// If-Match, ErrConflict when it does not. It is the strong comparison of
// RFC 9110 §8.8.3.2, so a weak tag (W/"3") matches nothing.
func (p *precondition) check(t Todo) error {
	if p == nil {
		return nil
	}
	p.seen = t
	if p.list.Any || p.list.MatchStrong(etag(t.Version)) {
		return nil
	}
	return ErrConflict
}

// parseIfMatch reads the request's If-Match (RFC 9110 §13.1.1; the
// grammar is in conditional.Parse). A malformed value is answered 400
// here, and ok is false. An item that does not exist is 404 whatever
// If-Match says: without the field the answer would not be 2xx either, and
// such preconditions are ignored (RFC 9110 §13.2.1).
func parseIfMatch(w serve.ResponseWriter, r *serve.Request) (p *precondition, ok bool) {
	lines := r.Header.Values("If-Match")
	if lines == nil {
		return nil, true
	}
	list, err := conditional.Parse(lines)
	if err != nil {
		serve.Error(w, serve.StatusBadRequest, "If-Match: "+err.Error()+" (RFC 9110 §13.1.1)")
		return nil, false
	}
	return &precondition{list: list}, true
}

// conflict answers 412 for a write whose If-Match the item did not
// satisfy. The body holds the item as it is now, and the ETag its version,
// so that the client can show it and decide again without another read.
func conflict(w serve.ResponseWriter, p *precondition) {
	setETag(w, p.seen)
	serve.JSON(w, serve.StatusPreconditionFailed, conflictBody{
		Error: "the to-do was changed by someone else since it was read",
		Todo:  p.seen,
	})
}

type conflictBody struct {
	Error string `json:"error"`
	Todo  Todo   `json:"todo"`
}

// unavailable answers 503 with Retry-After for a store that cannot be
// reached for now: the request may be sent again. While the database is
// down every request fails alike, so the log gets one line a second, with
// the number of failures since the last line, not one line per request.
func unavailable(w serve.ResponseWriter, r *serve.Request, logger *slog.Logger, err error) {
	unavailableCount.Add(1)
	now := time.Now().UnixNano()
	last := unavailableLogged.Load()
	if now-last >= int64(time.Second) && unavailableLogged.CompareAndSwap(last, now) {
		logger.Warn("store unavailable", "method", r.Method, "target", r.Target, "error", err,
			"failures", unavailableCount.Swap(0))
	}
	w.Header().Set("Retry-After", "1")
	serve.Error(w, serve.StatusServiceUnavailable, "storage unavailable, try again")
}

var unavailableCount, unavailableLogged atomic.Int64

// writeFailed answers the error of an Update or Delete made under p.
func (a *API) writeFailed(w serve.ResponseWriter, r *serve.Request, err error, p *precondition) {
	if errors.Is(err, ErrConflict) && p != nil {
		conflict(w, p)
		return
	}
	a.storeFailed(w, r, err)
}
