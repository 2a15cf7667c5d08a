package todo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The export format is JSON lines: one item per line, as the API shows it,
//
//	{"id":1,"title":"Buy milk","done":false,"version":3}
//
// in id order. Export and ImportFrom move a list between stores (from the
// bbolt default to PostgreSQL, say) with ids and versions kept, so that
// links and ETags stay valid.

// Export writes every item of s to w, from one read of the store, and
// returns how many it wrote.
func Export(ctx context.Context, s Store, w io.Writer) (int, error) {
	items, _, err := s.List(ctx, Filter{})
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, t := range items {
		if err := enc.Encode(t); err != nil {
			return 0, err
		}
	}
	return len(items), bw.Flush()
}

// ImportFrom reads an export from r and stores it in s with Import: all
// items or, on any error, none. Every line must be one item with a
// positive id and a title the API would accept, held to the rules of a
// request body and the field names Export writes (decodeExported); blank
// lines are skipped. Errors name the line.
func ImportFrom(ctx context.Context, s Store, r io.Reader) (int, error) {
	var items []Todo
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		t, err := decodeExported(line)
		if err != nil {
			return 0, fmt.Errorf("line %d: %w", n, err)
		}
		items = append(items, t)
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	if err := s.Import(ctx, items); err != nil {
		return 0, err
	}
	return len(items), nil
}

// decodeExported reads one line of an export, held to what the API takes
// in a body (checkObject: UTF-8, no duplicate names, integers a JSON
// decoder keeps exactly, within ±(2^53−1)) and to the field names the API
// writes, exactly: an import never keeps anything but what Export wrote
// or a client could have sent.
func decodeExported(line []byte) (Todo, error) {
	if e := checkObject(line); e != nil {
		return Todo{}, e
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return Todo{}, err
	}
	var t Todo
	var haveID, haveTitle bool
	for name, v := range raw {
		if bytes.Equal(v, []byte("null")) {
			return Todo{}, fmt.Errorf("%s must not be null", name)
		}
		var err error
		switch name {
		case "id":
			err, haveID = json.Unmarshal(v, &t.ID), true
		case "title":
			err, haveTitle = json.Unmarshal(v, &t.Title), true
		case "done":
			err = json.Unmarshal(v, &t.Done)
		case "version":
			err = json.Unmarshal(v, &t.Version)
		default:
			return Todo{}, fmt.Errorf("unknown field %q", name)
		}
		if err != nil {
			return Todo{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	switch {
	case !haveID || t.ID < 1:
		return Todo{}, fmt.Errorf("id must be a positive integer")
	case !haveTitle:
		return Todo{}, fmt.Errorf("title is required")
	case titleProblem(t.Title) != "":
		return Todo{}, fmt.Errorf("title %s", titleProblem(t.Title))
	case t.Version < 0:
		return Todo{}, fmt.Errorf("version must not be negative")
	}
	// checkObject has held every integer to MaxID.
	return t, nil
}

// titleProblem is the API's rule for titles: 1 to MaxTitle characters, not
// all blank, and no NUL (PostgreSQL's text cannot hold U+0000, and every
// store must keep exactly what it accepted). It returns what is wrong, or
// "" for a valid title.
func titleProblem(s string) string {
	n := utf8.RuneCountInString(s)
	switch {
	case n < 1 || n > MaxTitle || strings.TrimSpace(s) == "":
		return "must be 1 to " + strconv.Itoa(MaxTitle) + " characters, not all blank"
	case strings.IndexByte(s, 0) >= 0:
		return "must not contain NUL (U+0000)"
	}
	return ""
}
