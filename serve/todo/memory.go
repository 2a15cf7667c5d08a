package todo

import (
	"cmp"
	"context"
	"fmt"
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
	// Sized for every item at once: growing by doubling allocated several
	// times the final list on each request.
	all := make([]Todo, 0, len(m.items))
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
	t.ID, t.Version = m.nextID, 1
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
	version := t.Version
	if err := fn(&t); err != nil {
		return Todo{}, err
	}
	t.ID, t.Version = id, version+1
	m.items[id] = t
	return t, nil
}

// Delete implements Store.
func (m *MemoryStore) Delete(_ context.Context, id int64, check func(Todo) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.items[id]
	if !ok {
		return ErrNotFound
	}
	if check != nil {
		if err := check(t); err != nil {
			return err
		}
	}
	delete(m.items, id)
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
		if _, ok := m.items[t.ID]; ok {
			return fmt.Errorf("todo: import: id %d is taken: %w", t.ID, ErrConflict)
		}
	}
	for _, t := range items {
		m.items[t.ID] = t
		m.nextID = max(m.nextID, t.ID)
	}
	return nil
}

// Close implements Store; it does nothing.
func (m *MemoryStore) Close() error { return nil }
