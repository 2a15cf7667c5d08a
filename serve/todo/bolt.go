package todo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BoltStore keeps the items in one bbolt file. Every write is a bbolt
// transaction, and bbolt syncs the file before a commit returns, so an
// item whose write returned survives a crash of the process (kill -9) or
// of the machine.
//
// Writes go through bolt.DB.Batch: writes that arrive together share one
// commit and one fsync instead of queueing for one each, which is what
// lets more than one worker help when the disk is the bottleneck. Batch
// may run a write function more than once, so each one below only
// depends on the state it reads inside its transaction.
type BoltStore struct {
	db *bolt.DB
}

var _ Store = (*BoltStore)(nil)

// bucket holds the items: key is the id as 8 big-endian bytes, so that a
// cursor walks them in id order; value is one flags byte followed by the
// title in UTF-8. The flags come first so that filtering reads one byte.
var bucket = []byte("todos")

// flagDone is the bit of the flags byte that holds Todo.Done.
const flagDone = 1

var errCorrupt = errors.New("todo: corrupt record in the data file")

func encodeItem(t Todo) []byte {
	v := make([]byte, 1, 1+len(t.Title))
	if t.Done {
		v[0] |= flagDone
	}
	return append(v, t.Title...)
}

// decodeItem decodes a record; v must not be empty. The title is copied:
// v points into bbolt's memory map, valid only during the transaction.
func decodeItem(k, v []byte) Todo {
	return Todo{
		ID:    int64(binary.BigEndian.Uint64(k)),
		Done:  v[0]&flagDone != 0,
		Title: string(v[1:]),
	}
}

// OpenBolt opens (creating if needed) the bbolt file at path. A file held
// by another process makes it fail after a second instead of waiting.
func OpenBolt(path string) (*BoltStore, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("todo: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("todo: open %s: %w", path, err)
	}
	// A lone write waits this long for company before it commits; an
	// fsync costs about as much, so it stays a small part of the latency.
	db.MaxBatchDelay = batchDelay
	return &BoltStore{db: db}, nil
}

const batchDelay = 2 * time.Millisecond

func key(id int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(id))
}

// List implements Store. It walks the keys in id order and decodes only
// the items of the page; the filter needs only the flags byte, so a list
// of thousands costs a walk over memory-mapped pages, not thousands of
// decodings.
func (s *BoltStore) List(_ context.Context, f Filter) ([]Todo, int, error) {
	items := []Todo{}
	total := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || len(v) < 1 {
				return errCorrupt
			}
			if f.Done != nil && (v[0]&flagDone != 0) != *f.Done {
				continue
			}
			if total >= f.Offset && (f.Limit <= 0 || len(items) < f.Limit) {
				items = append(items, decodeItem(k, v))
			}
			total++
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// Get implements Store.
func (s *BoltStore) Get(_ context.Context, id int64) (Todo, error) {
	var t Todo
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucket).Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		if len(v) < 1 {
			return errCorrupt
		}
		t = decodeItem(key(id), v)
		return nil
	})
	return t, err
}

// Create implements Store.
func (s *BoltStore) Create(_ context.Context, t Todo) (Todo, error) {
	err := s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		t.ID = int64(seq)
		return b.Put(key(t.ID), encodeItem(t))
	})
	if err != nil {
		return Todo{}, err
	}
	return t, nil
}

// Update implements Store.
func (s *BoltStore) Update(_ context.Context, id int64, fn func(*Todo) error) (Todo, error) {
	var t Todo
	err := s.db.Batch(func(tx *bolt.Tx) error {
		t = Todo{}
		b := tx.Bucket(bucket)
		v := b.Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		if len(v) < 1 {
			return errCorrupt
		}
		t = decodeItem(key(id), v)
		if err := fn(&t); err != nil {
			return err
		}
		t.ID = id
		return b.Put(key(id), encodeItem(t))
	})
	if err != nil {
		return Todo{}, err
	}
	return t, nil
}

// Delete implements Store.
func (s *BoltStore) Delete(_ context.Context, id int64) error {
	return s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b.Get(key(id)) == nil {
			return ErrNotFound
		}
		return b.Delete(key(id))
	})
}

// Close implements Store.
func (s *BoltStore) Close() error { return s.db.Close() }
