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
// one version is always the same bytes. Item responses carry it as ETag.
// Every /todos route evaluates If-Match and If-None-Match in the order of
// RFC 9110 §13.2.2, before it reads the request's content: a false
// If-Match is 412 (§13.1.1, strong comparison); then a true If-None-Match
// is 304 for GET and HEAD and 412 for the other methods (§13.1.2, weak
// comparison). So a client that has version 3 gets 304 while it is still
// 3, and one that read version 3 can say "only if it is still 3" and get
// 412 instead of overwriting a change it has not seen. The list has no
// entity tag: only "*" matches it. An item that does not exist is 404
// whatever the fields say: without them the answer would not be 2xx
// either, and such preconditions are ignored (RFC 9110 §13.2.1).

// etag returns the entity-tag of version: DQUOTE version DQUOTE.
func etag(version int64) string {
	return `"` + strconv.FormatInt(version, 10) + `"`
}

// setETag sets the ETag field of a response that carries t.
func setETag(w serve.ResponseWriter, t Todo) {
	w.Header().Set("ETag", etag(t.Version))
}

// precondition is the If-Match and If-None-Match of a request; a nil
// *precondition is a request with neither, which every target satisfies.
type precondition struct {
	ifMatch, ifNoneMatch *conditional.List
	safe                 bool // GET or HEAD: a true If-None-Match is 304, not 412
	seen                 Todo // the item as check last saw it, for the 412
}

// evaluate returns the status that answers the request instead of the
// method when the target's current entity-tag is tag ("" for a target
// without one, which only "*" matches), or 0 when the method may go on.
func (p *precondition) evaluate(tag string) int {
	if p == nil {
		return 0
	}
	return conditional.Evaluate(p.ifMatch, p.ifNoneMatch, tag, p.safe)
}

// check is the Store callback of a write: nil when the item, as the write
// finds it, satisfies the preconditions, ErrConflict when it does not.
func (p *precondition) check(t Todo) error {
	if p == nil {
		return nil
	}
	p.seen = t
	if p.evaluate(etag(t.Version)) != 0 {
		return ErrConflict
	}
	return nil
}

// parsePreconditions reads the request's If-Match and If-None-Match
// (conditional.Fields). A malformed one is answered here, and ok is false:
// 400, or 404 when found, a target that does not exist, since without the
// fields the answer would not be 2xx either (RFC 9110 §13.2.1). found is
// nil for the list, which always exists.
func parsePreconditions(w serve.ResponseWriter, r *serve.Request, found func() error) (p *precondition, ok bool) {
	ifMatch, ifNoneMatch, err := conditional.Fields(r)
	if err != nil {
		if found != nil {
			if ferr := found(); errors.Is(ferr, ErrNotFound) {
				serve.Error(w, serve.StatusNotFound, "no such todo")
				return nil, false
			}
		}
		serve.Error(w, serve.StatusBadRequest, err.Error())
		return nil, false
	}
	if ifMatch == nil && ifNoneMatch == nil {
		return nil, true
	}
	return &precondition{ifMatch: ifMatch, ifNoneMatch: ifNoneMatch, safe: r.Method == "GET" || r.Method == "HEAD"}, true
}

// failed answers a request whose preconditions are false: 304 with the
// item's ETag and no content, or 412 with the item as it is now (when
// there is one) and its ETag, so that the client can show it and decide
// again without another read.
func failed(w serve.ResponseWriter, p *precondition, status int, t *Todo) {
	if t != nil {
		setETag(w, *t)
	}
	if status == serve.StatusNotModified {
		w.WriteHeader(status)
		return
	}
	if t == nil {
		serve.Error(w, status, "a precondition of the request does not hold")
		return
	}
	msg := "the to-do was changed by someone else since it was read"
	switch tag := etag(t.Version); {
	case !conditional.IfMatchFalse(p.ifMatch, tag):
		msg = "the to-do is at a version If-None-Match names"
	case p.ifMatch.MatchWeak(tag):
		// W/"2" for an item at "2": the version is current, the tag is not.
		msg = "If-Match compares entity-tags strongly (RFC 9110 §13.1.1), so a weak tag never matches; send the ETag as it came"
	}
	serve.JSON(w, status, conflictBody{Error: msg, Todo: *t})
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
		failed(w, p, serve.StatusPreconditionFailed, &p.seen)
		return
	}
	a.storeFailed(w, r, err)
}
