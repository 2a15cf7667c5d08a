package todo

import (
	"cmp"
	"context"
	"slices"
	"sync"
)

// MemoryStore keeps the items in memory, for tests and for -data :memory:.
// Nothing survives the process.
type MemoryStore struct {
	mu sync.Mutex
	// items holds every item in id order. List hands out parts of it
	// without copying, and a caller may still be reading one after the
	// lock is released, so no element that was ever handed out is written
	// again: Create appends past the end, and Update, Delete and Import
	// build a new slice. Listing, the common request, then neither copies
	// nor sorts; a write costs O(n), which suits a store for tests and
	// small lists.
	items  []Todo
	nextID int64
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{}
}

var _ Store = (*MemoryStore)(nil)

// List implements Store. The slice it returns shares the store's memory:
// the caller must not modify its elements.
func (m *MemoryStore) List(_ context.Context, f Filter) ([]Todo, int, error) {
	m.mu.Lock()
	all := m.items
	m.mu.Unlock()
	if f.Done != nil {
		n := 0
		for _, t := range all {
			if f.matches(t) {
				n++
			}
		}
		matching := make([]Todo, 0, n)
		for _, t := range all {
			if f.matches(t) {
				matching = append(matching, t)
			}
		}
		all = matching
	}
	items := page(all, f)
	// A full slice expression, so that an append by the caller copies
	// rather than writing where Create will.
	return items[:len(items):len(items)], len(all), nil
}

// find returns the index of the item with the given id in m.items, and
// whether it is there.
func (m *MemoryStore) find(id int64) (int, bool) {
	return slices.BinarySearchFunc(m.items, id, func(t Todo, id int64) int { return cmp.Compare(t.ID, id) })
}

// Get implements Store.
func (m *MemoryStore) Get(_ context.Context, id int64) (Todo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.find(id)
	if !ok {
		return Todo{}, ErrNotFound
	}
	return m.items[i], nil
}

// Create implements Store.
func (m *MemoryStore) Create(_ context.Context, t Todo) (Todo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.nextID >= MaxID {
		return Todo{}, ErrExhausted
	}
	m.nextID++
	t.ID, t.Version = m.nextID, 1
	// Ids only grow, so the new item goes last, past every slice List has
	// handed out.
	m.items = append(m.items, t)
	return t, nil
}

// Update implements Store.
func (m *MemoryStore) Update(_ context.Context, id int64, fn func(*Todo) error) (Todo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.find(id)
	if !ok {
		return Todo{}, ErrNotFound
	}
	t := m.items[i]
	version := t.Version
	if version >= MaxID {
		return Todo{}, ErrExhausted
	}
	if err := fn(&t); err != nil {
		return Todo{}, err
	}
	t.ID, t.Version = id, version+1
	items := slices.Clone(m.items)
	items[i] = t
	m.items = items
	return t, nil
}

// Delete implements Store.
func (m *MemoryStore) Delete(_ context.Context, id int64, check func(Todo) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.find(id)
	if !ok {
		return ErrNotFound
	}
	if check != nil {
		if err := check(m.items[i]); err != nil {
			return err
		}
	}
	m.items = slices.Concat(m.items[:i], m.items[i+1:])
	return nil
}

// Import implements Store.
func (m *MemoryStore) Import(_ context.Context, items []Todo) error {
	items, err := prepareImport(items)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range items {
		if t.ID <= m.nextID {
			return idUsed(t.ID, m.nextID)
		}
	}
	merged := slices.Concat(m.items, items)
	slices.SortFunc(merged, func(a, b Todo) int { return cmp.Compare(a.ID, b.ID) })
	for _, t := range items {
		m.nextID = max(m.nextID, t.ID)
	}
	m.items = merged
	return nil
}

// Close implements Store; it does nothing.
func (m *MemoryStore) Close() error { return nil }
