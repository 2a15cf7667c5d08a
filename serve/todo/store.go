// Package todo is the to-do list service: its HTTP routes on a
// serve.Router, the validation of what clients send, and the storage
// behind them.
package todo

import (
	"context"
	"errors"
)

// Todo is one item of the list.
type Todo struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// ErrNotFound is returned by a Store for an id it does not hold.
var ErrNotFound = errors.New("todo: not found")

// Filter selects and pages the items List returns.
type Filter struct {
	// Done, when not nil, keeps only the items whose Done equals *Done.
	Done *bool
	// Offset skips that many matching items; Limit returns at most that
	// many after them (0 means no limit).
	Offset, Limit int
}

// Store keeps the items. Implementations are safe for concurrent use, and
// a method that returned without error has made its change durable to the
// degree the implementation promises (BoltStore: on disk, synced).
type Store interface {
	// List returns the items that match f, in id order, and how many
	// match in total before paging.
	List(ctx context.Context, f Filter) (items []Todo, total int, err error)
	// Get returns the item with the given id, or ErrNotFound.
	Get(ctx context.Context, id int64) (Todo, error)
	// Create stores t under a new id, which it returns in the result.
	Create(ctx context.Context, t Todo) (Todo, error)
	// Update applies fn to the item with the given id and stores the
	// result, atomically: no other change to the item happens between
	// the read and the write. It returns ErrNotFound when there is no
	// such item, and fn's error, storing nothing, when fn fails. fn must
	// not change the id, and may be called more than once (BoltStore
	// retries a failed batch), so it must depend on nothing but its
	// argument.
	Update(ctx context.Context, id int64, fn func(*Todo) error) (Todo, error)
	// Delete removes the item with the given id, or returns ErrNotFound.
	Delete(ctx context.Context, id int64) error
	// Close releases the store.
	Close() error
}

// page applies f's offset and limit to the matching items, counted by
// total.
func page(items []Todo, f Filter) []Todo {
	if f.Offset >= len(items) {
		return []Todo{}
	}
	items = items[max(f.Offset, 0):]
	if f.Limit > 0 && f.Limit < len(items) {
		items = items[:f.Limit]
	}
	return items
}

// matches reports whether t passes f's filter.
func (f Filter) matches(t Todo) bool {
	return f.Done == nil || *f.Done == t.Done
}
