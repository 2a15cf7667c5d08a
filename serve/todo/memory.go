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
	mu     sync.Mutex
	items  map[int64]Todo
	nextID int64
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{items: make(map[int64]Todo)}
}

var _ Store = (*MemoryStore)(nil)

// List implements Store.
func (m *MemoryStore) List(_ context.Context, f Filter) ([]Todo, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var all []Todo
	for _, t := range m.items {
		if f.matches(t) {
			all = append(all, t)
		}
	}
	slices.SortFunc(all, func(a, b Todo) int { return cmp.Compare(a.ID, b.ID) })
	return page(all, f), len(all), nil
}

// Get implements Store.
func (m *MemoryStore) Get(_ context.Context, id int64) (Todo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.items[id]
	if !ok {
		return Todo{}, ErrNotFound
	}
	return t, nil
}

// Create implements Store.
func (m *MemoryStore) Create(_ context.Context, t Todo) (Todo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	t.ID = m.nextID
	m.items[t.ID] = t
	return t, nil
}

// Update implements Store.
func (m *MemoryStore) Update(_ context.Context, id int64, fn func(*Todo) error) (Todo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.items[id]
	if !ok {
		return Todo{}, ErrNotFound
	}
	if err := fn(&t); err != nil {
		return Todo{}, err
	}
	t.ID = id
	m.items[id] = t
	return t, nil
}

// Delete implements Store.
func (m *MemoryStore) Delete(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[id]; !ok {
		return ErrNotFound
	}
	delete(m.items, id)
	return nil
}

// Close implements Store; it does nothing.
func (m *MemoryStore) Close() error { return nil }
