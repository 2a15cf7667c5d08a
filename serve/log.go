package serve

import (
	"encoding/json"
	"log/slog"
	"time"
)

// Shorthands that keep the access-log call on one screen. LogAttrs with
// typed attributes avoids the boxing slog.Logger.Info would do.
const levelInfo = slog.LevelInfo

func strAttr(k, v string) slog.Attr               { return slog.String(k, v) }
func intAttr(k string, v int) slog.Attr           { return slog.Int(k, v) }
func int64Attr(k string, v int64) slog.Attr       { return slog.Int64(k, v) }
func durAttr(k string, v time.Duration) slog.Attr { return slog.Duration(k, v) }

// appendJSONError appends body as JSON. Reasons come from the parser or
// the server and never quote the input, but they are encoded properly all
// the same.
func appendJSONError(b []byte, body errorBody) []byte {
	enc, err := json.Marshal(body)
	if err != nil {
		return append(b, `{"error":"internal server error"}`...)
	}
	return append(append(b, enc...), '\n')
}
