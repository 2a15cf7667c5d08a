package todo

import (
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/ae7539e0/httparse/serve"
)

// An item's entity tag is its version, quoted: a strong validator (RFC 9110
// §8.8.1), since every write gives the item a new version and the JSON of
// one version is always the same bytes. Item responses carry it as ETag, and
// PUT, PATCH and DELETE honour If-Match (RFC 9110 §13.1.1), so that a client
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
	any  bool     // If-Match: *
	tags []string // the strong entity-tags listed, quotes included
	seen Todo     // the item as check last saw it, for the 412
}

// check is the Store callback: nil when the item satisfies the request's
// If-Match, ErrConflict when it does not. It is the strong comparison of
// RFC 9110 §8.8.3.2, so a weak tag (W/"3") matches nothing.
func (p *precondition) check(t Todo) error {
	if p == nil {
		return nil
	}
	p.seen = t
	if p.any || slices.Contains(p.tags, etag(t.Version)) {
		return nil
	}
	return ErrConflict
}

// parseIfMatch reads the request's If-Match field lines, which form one
// list (RFC 9110 §5.3):
//
//	If-Match    = "*" / #entity-tag              ; RFC 9110 §13.1.1
//	entity-tag  = [ weak ] opaque-tag            ; RFC 9110 §8.8.3
//	weak        = %s"W/"
//	opaque-tag  = DQUOTE *etagc DQUOTE
//	etagc       = %x21 / %x23-7E / obs-text
//
// A malformed value is answered 400 here, and ok is false. An item that
// does not exist is 404 whatever If-Match says: without the field the
// answer would not be 2xx either, and such preconditions are ignored (RFC
// 9110 §13.2.1).
func parseIfMatch(w serve.ResponseWriter, r *serve.Request) (p *precondition, ok bool) {
	lines := r.Header.Values("If-Match")
	if lines == nil {
		return nil, true
	}
	p = &precondition{}
	for _, line := range lines {
		if err := p.addList(line); err != "" {
			serve.Error(w, serve.StatusBadRequest, "If-Match: "+err+" (RFC 9110 §13.1.1)")
			return nil, false
		}
	}
	return p, true
}

// addList adds the members of one field line to p, or says what is wrong.
// Empty list elements are allowed, as RFC 9110 §5.6.1 asks of recipients.
func (p *precondition) addList(v string) string {
	i := 0
	skipOWS := func() {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
	}
	for {
		skipOWS()
		if i == len(v) {
			return ""
		}
		switch {
		case v[i] == ',':
			i++
			continue
		case v[i] == '*':
			if p.any || len(p.tags) > 0 {
				return `"*" must be the only member`
			}
			p.any = true
			i++
		default:
			if p.any {
				return `"*" must be the only member`
			}
			start, weak := i, false
			if v[i] == 'W' && i+1 < len(v) && v[i+1] == '/' {
				weak = true
				i += 2
			}
			end := opaqueTagEnd(v, i)
			if end < 0 {
				return "expected an entity-tag at byte " + strconv.Itoa(i)
			}
			if !weak {
				p.tags = append(p.tags, v[start:end])
			}
			i = end
		}
		skipOWS()
		if i < len(v) && v[i] != ',' {
			return "expected \",\" at byte " + strconv.Itoa(i)
		}
	}
}

// opaqueTagEnd returns the index just past the opaque-tag at v[i:], or -1.
func opaqueTagEnd(v string, i int) int {
	if i >= len(v) || v[i] != '"' {
		return -1
	}
	for j := i + 1; j < len(v); j++ {
		switch c := v[j]; {
		case c == '"':
			return j + 1
		case c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80:
		default:
			return -1
		}
	}
	return -1
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
