// Package conditional reads the entity-tag lists of If-Match and
// If-None-Match and judges them as RFC 9110 §13.2.2 orders: 412 for a
// false If-Match, then 304 or 412 for a true If-None-Match. The to-do API
// (every method of its routes) and the page (GET and HEAD of its files)
// share it.
package conditional

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/ae7539e0/httparse/serve"
)

// List is the value of an If-Match or If-None-Match field.
type List struct {
	Any  bool     // the field is "*"
	Tags []string // the entity-tags listed, as sent: W/ and quotes included
}

// errStarAlone is the error of a list where "*" has company.
var errStarAlone = errors.New(`"*" must be the only member`)

// Parse reads the field lines of If-Match or If-None-Match, which form one
// list (RFC 9110 §5.3):
//
//	If-Match      = "*" / #entity-tag       ; RFC 9110 §13.1.1
//	If-None-Match = "*" / #entity-tag       ; RFC 9110 §13.1.2
//	entity-tag    = [ weak ] opaque-tag     ; RFC 9110 §8.8.3
//	weak          = %s"W/"
//	opaque-tag    = DQUOTE *etagc DQUOTE
//	etagc         = %x21 / %x23-7E / obs-text
//
// Empty list elements are allowed, as RFC 9110 §5.6.1 asks of recipients,
// so lines that hold none give an empty List. A malformed line is an error
// that says what is wrong and at which byte of the line.
func Parse(lines []string) (List, error) {
	var l List
	for _, line := range lines {
		if err := l.addLine(line); err != nil {
			return List{}, err
		}
	}
	return l, nil
}

// addLine adds the members of one field line to l.
func (l *List) addLine(v string) error {
	i := 0
	skipOWS := func() {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
	}
	for {
		skipOWS()
		if i == len(v) {
			return nil
		}
		switch {
		case v[i] == ',':
			i++
			continue
		case v[i] == '*':
			if l.Any || len(l.Tags) > 0 {
				return errStarAlone
			}
			l.Any = true
			i++
		default:
			if l.Any {
				return errStarAlone
			}
			start := i
			if strings.HasPrefix(v[i:], "W/") {
				i += 2
			}
			end := opaqueTagEnd(v, i)
			if end < 0 {
				return errors.New("expected an entity-tag at byte " + strconv.Itoa(i))
			}
			l.Tags = append(l.Tags, v[start:end])
			i = end
		}
		skipOWS()
		if i < len(v) && v[i] != ',' {
			return errors.New("expected \",\" at byte " + strconv.Itoa(i))
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

// MatchStrong reports whether l lists tag by the strong comparison of RFC
// 9110 §8.8.3.2: both are strong and the same, so a weak tag (W/"3")
// matches nothing. "*" is for the caller to decide.
func (l List) MatchStrong(tag string) bool {
	return !strings.HasPrefix(tag, "W/") && slices.Contains(l.Tags, tag)
}

// MatchWeak reports whether l lists tag by the weak comparison of RFC 9110
// §8.8.3.2: the opaque-tags are the same, either or both may be weak.
func (l List) MatchWeak(tag string) bool {
	tag = strings.TrimPrefix(tag, "W/")
	return slices.ContainsFunc(l.Tags, func(t string) bool { return strings.TrimPrefix(t, "W/") == tag })
}

// Fields reads a request's If-Match and If-None-Match (RFC 9110 §13.1.1,
// §13.1.2), each nil when absent. A malformed field is an error naming it
// and its section; but a malformed If-None-Match of a GET or HEAD is taken
// as absent, as caches take it, since all it can ask for is a 304.
func Fields(r *serve.Request) (ifMatch, ifNoneMatch *List, err error) {
	safe := r.Method == "GET" || r.Method == "HEAD"
	var lists [2]*List
	for i, f := range [2]struct{ name, rule string }{{"If-Match", "RFC 9110 §13.1.1"}, {"If-None-Match", "RFC 9110 §13.1.2"}} {
		lines := r.Header.Values(f.name)
		if lines == nil {
			continue
		}
		list, err := Parse(lines)
		switch {
		case err != nil && safe && i == 1:
			continue
		case err != nil:
			return nil, nil, errors.New(f.name + ": " + err.Error() + " (" + f.rule + ")")
		}
		lists[i] = &list
	}
	return lists[0], lists[1], nil
}

// IfMatchFalse reports whether ifMatch (nil when the request has none) is
// false for a target whose current entity-tag is tag, "" when it has none:
// "*" matches any current representation, and a tag by the strong
// comparison (RFC 9110 §13.1.1).
func IfMatchFalse(ifMatch *List, tag string) bool {
	return ifMatch != nil && !ifMatch.Any && (tag == "" || !ifMatch.MatchStrong(tag))
}

// Evaluate judges the preconditions in the order of RFC 9110 §13.2.2 for a
// target whose current entity-tag is tag ("" when it has none, which only
// "*" matches); safe is set for GET and HEAD. It returns 412 when If-Match
// is false; else, when If-None-Match is true ("*", or the tag by the weak
// comparison), 304 for a safe method and 412 for another; else 0, and the
// method goes on.
func Evaluate(ifMatch, ifNoneMatch *List, tag string, safe bool) int {
	if IfMatchFalse(ifMatch, tag) {
		return serve.StatusPreconditionFailed
	}
	if n := ifNoneMatch; n != nil && (n.Any || tag != "" && n.MatchWeak(tag)) {
		if safe {
			return serve.StatusNotModified
		}
		return serve.StatusPreconditionFailed
	}
	return 0
}

// Check judges the preconditions of a GET or HEAD against the ETag field
// already set on w, and answers the request when they fail: 400 for a
// malformed If-Match, 412 for a false one, 304 Not Modified for a true
// If-None-Match. It returns true when it answered, and the handler is
// done. Set every field a 200 would carry that matters to caches (ETag,
// Cache-Control; RFC 9110 §15.4.5) before calling it, and the content's
// only after.
func Check(w serve.ResponseWriter, r *serve.Request) bool {
	ifMatch, ifNoneMatch, err := Fields(r)
	if err != nil {
		serve.Error(w, serve.StatusBadRequest, err.Error())
		return true
	}
	switch Evaluate(ifMatch, ifNoneMatch, w.Header().Get("ETag"), true) {
	case serve.StatusPreconditionFailed:
		serve.Error(w, serve.StatusPreconditionFailed, "If-Match names no current representation")
		return true
	case serve.StatusNotModified:
		w.WriteHeader(serve.StatusNotModified)
		return true
	}
	return false
}
