package todo

import (
	"bytes"
	"encoding/json"
	"mime"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
	"github.com/ae7539e0/httparse/serve"
)

// MaxTitle is the longest title, in characters (Unicode code points).
const MaxTitle = 200

// input is a request body after validation: nil fields were absent.
type input struct {
	title *string
	done  *bool
}

// fieldErrors is the body of a 422: one message per offending field.
type fieldErrors struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

// bodyErrorResponse is the body of a 400 for a body that is not one
// acceptable JSON object: what is wrong, and the byte offset in the body.
type bodyErrorResponse struct {
	Error  string `json:"error"`
	Offset int    `json:"offset"`
}

// acceptPatch is the Accept-Patch of the items (RFC 5789 §3.1): the media
// types a PATCH body may have, an object of the fields to change.
const acceptPatch = "application/merge-patch+json, application/json"

// decodeInput checks the Content-Type and the body of a POST, PUT or PATCH
// and answers the request itself when they are wrong: 415 for a type other
// than JSON or a content coding (with Accept-Patch for PATCH, and
// Accept-Encoding: identity), 400 for a body that is not one JSON object as checkObject
// holds it (the message names the problem and its offset), 422 naming each
// unknown or invalid field. requireTitle is set for POST and PUT.
func decodeInput(w serve.ResponseWriter, r *serve.Request, requireTitle bool) (input, bool) {
	var in input
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
		unsupported(w, r, "Content-Type must be application/json")
		return in, false
	}
	for _, v := range r.Header.Values("Content-Encoding") {
		for coding := range httparse.ListMembers(v) {
			// No content coding is decoded here: bytes sent compressed
			// would be read as the JSON itself (RFC 9110 §15.5.16).
			if !ascii.EqualFold(coding, "identity") {
				w.Header().Set("Accept-Encoding", "identity")
				unsupported(w, r, "Content-Encoding is not supported: send the JSON as it is")
				return in, false
			}
		}
	}
	body, err := r.ReadBody()
	if err != nil {
		// The server answered already: the body broke a rule or a limit,
		// or did not arrive in time.
		return in, false
	}
	if e := checkObject(body); e != nil {
		serve.JSON(w, serve.StatusBadRequest, bodyErrorResponse{Error: e.Error(), Offset: e.off})
		return in, false
	}
	// checkObject passed: one object, which decodes to exactly what was
	// sent.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		serve.Error(w, serve.StatusInternalServerError, "body cannot be decoded")
		return in, false
	}

	bad := map[string]string{}
	for name, v := range raw {
		switch name {
		case "title":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				bad[name] = "must be a string"
				continue
			}
			if p := titleProblem(s); p != "" {
				bad[name] = p
				continue
			}
			in.title = &s
		case "done":
			var b bool
			if err := json.Unmarshal(v, &b); err != nil || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
				bad[name] = "must be true or false"
				continue
			}
			in.done = &b
		default:
			bad[name] = "unknown field"
		}
	}
	if requireTitle && in.title == nil && bad["title"] == "" {
		bad["title"] = "is required"
	}
	if len(bad) > 0 {
		serve.JSON(w, serve.StatusUnprocessableEntity, fieldErrors{Error: "invalid fields", Fields: bad})
		return in, false
	}
	return in, true
}

// unsupported answers 415 with message; to PATCH with the Accept-Patch
// that RFC 5789 §2.2 asks of such an answer.
func unsupported(w serve.ResponseWriter, r *serve.Request, message string) {
	if r.Method == "PATCH" {
		w.Header().Set("Accept-Patch", acceptPatch)
	}
	serve.Error(w, serve.StatusUnsupportedMediaType, message)
}
