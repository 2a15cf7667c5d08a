package todo

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMemoryListIsASnapshot: a list MemoryStore returned keeps its items
// whatever is written after it, and appending to it does not reach the
// store.
func TestMemoryListIsASnapshot(t *testing.T) {
	s := NewMemoryStore()
	// Five items: the store's slice has room past them (capacity 8), where
	// an append to a list sharing it would write.
	for i := range 5 {
		mustCreate(t, s, fmt.Sprint("t", i), false)
	}
	before, _, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Todo{{1, "t0", false, 1}, {2, "t1", false, 1}, {3, "t2", false, 1}, {4, "t3", false, 1}, {5, "t4", false, 1}}
	// An append to the list and a Create after it write different memory.
	appended := append(before, Todo{ID: 99, Title: "appended"})
	created := mustCreate(t, s, "t5", false)
	if last := appended[len(appended)-1]; last.ID != 99 {
		t.Errorf("the caller's appended item became %v", last)
	}
	if got, _ := s.Get(ctx, created.ID); got.Title != "t5" {
		t.Errorf("the created item became %v", got)
	}
	if _, err := s.Update(ctx, 2, func(t *Todo) error { t.Title = "changed"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, 3, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, []Todo{{ID: 10, Title: "ten"}}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "new", true)
	if diff := cmp.Diff(want, before); diff != "" {
		t.Errorf("an earlier list changed (-want +got):\n%s", diff)
	}
	after, total, _ := s.List(ctx, Filter{})
	wantAfter := []Todo{{1, "t0", false, 1}, {2, "changed", false, 2}, {4, "t3", false, 1}, {5, "t4", false, 1}, {6, "t5", false, 1}, {10, "ten", false, 1}, {11, "new", true, 1}}
	if diff := cmp.Diff(wantAfter, after); total != 7 || diff != "" {
		t.Errorf("the list now: total %d (-want +got):\n%s", total, diff)
	}
}

// TestMemoryListWhileWriting: lists read while other goroutines write
// (the race detector checks that nothing a list holds is written).
func TestMemoryListWhileWriting(t *testing.T) {
	s := NewMemoryStore()
	for i := range 50 {
		mustCreate(t, s, fmt.Sprint("t", i), false)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			id := int64(i%50 + 1)
			switch i % 3 {
			case 0:
				s.Update(ctx, id, func(t *Todo) error { t.Done = !t.Done; return nil })
			case 1:
				s.Delete(ctx, id, nil)
			case 2:
				s.Create(ctx, Todo{Title: "more"})
			}
		}
	})
	for range 200 {
		items, total, err := s.List(ctx, Filter{})
		if err != nil || len(items) != total {
			t.Fatalf("List: %d items, total %d, %v", len(items), total, err)
		}
		for j := 1; j < len(items); j++ {
			if items[j-1].ID >= items[j].ID {
				t.Fatalf("ids out of order: %d then %d", items[j-1].ID, items[j].ID)
			}
		}
	}
	wg.Wait()
}

// TestMemoryListAllocs: a list without a Done filter is handed out
// without a copy.
func TestMemoryListAllocs(t *testing.T) {
	s := NewMemoryStore()
	for i := range 20 {
		mustCreate(t, s, fmt.Sprint("t", i), false)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if items, _, _ := s.List(ctx, Filter{Offset: 2, Limit: 10}); len(items) != 10 {
			t.Fatalf("%d items, want 10", len(items))
		}
	})
	if allocs != 0 {
		t.Errorf("List: %.1f allocations, want 0", allocs)
	}
}
