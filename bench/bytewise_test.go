package bench

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ae7539e0/httparse"
)

// bytewiseInputs are fed one byte at a time: the browser request, and the
// 50-header one, three times longer, to show that the cost per byte stays
// flat as requests grow.
var bytewiseInputs = []string{"browser", "many-headers"}

// bytewiseImpls receive the input one byte at a time. httparse is called
// again with one more byte each time, resuming where it stopped; net/http
// and fasthttp read from a reader that returns one byte per Read, the only
// way their APIs take a trickling request.
var bytewiseImpls = []impl{
	{name: "httparse-Parser", prepare: prepareParserBytewise},
	{name: "nethttp-ReadRequest", prepare: func(in input) operation {
		return readNetHTTP(newOneByteReader(in.data), len(in.want))
	}},
	{name: "fasthttp-RequestHeader", headOnly: true, prepare: func(in input) operation {
		return readFastHeader(newOneByteReader(in.data), len(in.want))
	}},
	{name: "fasthttp-Request", prepare: func(in input) operation {
		return readFastRequest(newOneByteReader(in.data), len(in.want))
	}},
}

// prepareParserBytewise appends the input to a buffer one byte at a time and
// calls Parser.Parse after each byte. The buffer has its final capacity from
// the start, so the appends cost a store, not an allocation.
func prepareParserBytewise(in input) operation {
	var p httparse.Parser
	var req httparse.Request
	buf := make([]byte, 0, len(in.data))
	return func(visit visitor) error {
		buf = buf[:0]
		for i, c := range in.data {
			buf = append(buf, c)
			n, err := p.Parse(buf, &req)
			if err == httparse.ErrIncomplete {
				continue
			}
			if err != nil {
				return err
			}
			if n != len(in.data) || i != len(in.data)-1 {
				return fmt.Errorf("request ended at byte %d of %d", n, len(in.data))
			}
			if visit != nil {
				visit(req.Method, req.Target, req.Body)
			}
			return nil
		}
		return fmt.Errorf("input ended without a complete request")
	}
}

// BenchmarkByteAtATime feeds single-request inputs one byte at a time. Its
// cost divided by the same implementation's BenchmarkParse cost on that
// input shows whether resuming is O(n) in total (a ratio that stays the same
// from a short input to a long one) or restarts the parse (a ratio that grows
// with the input); run.sh prints those ratios.
func BenchmarkByteAtATime(b *testing.B) {
	for _, in := range loadInputs(b) {
		if !slices.Contains(bytewiseInputs, in.name) {
			continue
		}
		for _, im := range bytewiseImpls {
			b.Run("input="+in.name+"/impl="+im.name, func(b *testing.B) {
				runOp(b, in, im, im.prepare(in))
			})
		}
	}
}
