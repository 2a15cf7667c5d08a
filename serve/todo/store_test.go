package todo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The two stores must agree: the same random operations, then the same
// answers to every filter and page. MemoryStore, which filters after the
// fact, is the reference for BoltStore's one-pass paging.
func TestStoresAgree(t *testing.T) {
	ctx := context.Background()
	bolt, err := OpenBolt(filepath.Join(t.TempDir(), "todos.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer bolt.Close()
	mem := NewMemoryStore()
	stores := []Store{mem, bolt}

	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		op, id := rng.IntN(4), rng.Int64N(int64(i/2+2))
		var results []string
		for _, s := range stores {
			var r string
			switch op {
			case 0, 1:
				got, err := s.Create(ctx, Todo{Title: fmt.Sprintf("t%d", i), Done: i%3 == 0})
				r = fmt.Sprint(got, err)
			case 2:
				got, err := s.Update(ctx, id, func(t *Todo) error { t.Done = !t.Done; return nil })
				r = fmt.Sprint(got, errors.Is(err, ErrNotFound))
			case 3:
				r = fmt.Sprint(errors.Is(s.Delete(ctx, id), ErrNotFound))
			}
			results = append(results, r)
		}
		if results[0] != results[1] {
			t.Fatalf("operation %d: memory %s, bolt %s", i, results[0], results[1])
		}
	}

	yes, no := true, false
	for _, done := range []*bool{nil, &yes, &no} {
		for _, offset := range []int{0, 1, 7, 50, 1000} {
			for _, limit := range []int{0, 1, 5, 100} {
				f := Filter{Done: done, Offset: offset, Limit: limit}
				wantItems, wantTotal, _ := mem.List(ctx, f)
				gotItems, gotTotal, err := bolt.List(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(wantItems, gotItems); diff != "" || gotTotal != wantTotal {
					t.Errorf("List(%+v): total %d, want %d; items (-memory +bolt):\n%s", f, gotTotal, wantTotal, diff)
				}
			}
		}
	}
}
