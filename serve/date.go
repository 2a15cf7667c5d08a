package serve

import (
	"sync/atomic"
	"time"
)

// TimeFormat is the IMF-fixdate format of the Date field (RFC 9110 §5.6.7).
const TimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

// dateEntry is the Date value of one second, formatted once.
type dateEntry struct {
	unix int64
	text []byte
}

var dateCache atomic.Pointer[dateEntry]

// appendDate appends now in TimeFormat. Formatting costs more than the
// rest of a small response head, and the value changes once a second, so
// it is cached.
func appendDate(b []byte, now time.Time) []byte {
	e := dateCache.Load()
	if e == nil || e.unix != now.Unix() {
		e = &dateEntry{unix: now.Unix(), text: now.UTC().AppendFormat(nil, TimeFormat)}
		dateCache.Store(e)
	}
	return append(b, e.text...)
}
