package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Record is one access-log record: a request that reached the handler.
type Record struct {
	Method, Target, Remote string
	Status                 int
}

// AccessLog reads the "request" records of a server log written by
// log/slog, in its text form (key=value) or its JSON form. They are what
// the handler saw: the server logs one after each dispatched request.
func AccessLog(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		kv := fields(sc.Text())
		if kv["msg"] != "request" {
			continue
		}
		st, _ := strconv.Atoi(kv["status"])
		out = append(out, Record{Method: kv["method"], Target: kv["target"], Remote: kv["remote"], Status: st})
	}
	return out, sc.Err()
}

// fields splits one slog line into its attributes.
func fields(line string) map[string]string {
	m := map[string]string{}
	if strings.HasPrefix(line, "{") {
		var v map[string]any
		if json.Unmarshal([]byte(line), &v) == nil {
			for k, x := range v {
				m[k] = fmt.Sprint(x)
			}
		}
		return m
	}
	for len(line) > 0 {
		line = strings.TrimLeft(line, " ")
		k, rest, ok := strings.Cut(line, "=")
		if !ok {
			break
		}
		var val string
		if strings.HasPrefix(rest, `"`) {
			// A quoted value ends at the first unescaped quote.
			i := 1
			for i < len(rest) && rest[i] != '"' {
				if rest[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(rest) {
				i = len(rest) - 1
			}
			val, _ = strconv.Unquote(rest[:i+1])
			line = rest[i+1:]
		} else {
			val, line, _ = strings.Cut(rest, " ")
		}
		m[k] = val
	}
	return m
}
