// Package refapp is the part of the to-do API that the reference servers
// share with serve/cmd: the same two routes, backed by the same memory store
// (serve/todo's) and answered with the same bytes, so that the servers
// differ only in how they handle HTTP.
package refapp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/ae7539e0/httparse/serve/todo"
)

// SeedCount is how many to-dos the server comparison creates.
const SeedCount = 20

// App answers GET /hello and GET /todos.
type App struct {
	store *todo.MemoryStore
}

// list mirrors the body of serve/cmd's GET /todos, field for field.
type list struct {
	Todos []todo.Todo `json:"todos"`
	Total int         `json:"total"`
}

// New returns an App whose store holds the to-dos listed in the file at
// path, in the form GET /todos returns them, created in order so that they
// get the same IDs. An empty path creates SeedCount to-dos of its own.
func New(path string) (*App, error) {
	var seed []todo.Todo
	if path == "" {
		for i := range SeedCount {
			seed = append(seed, todo.Todo{Title: fmt.Sprintf("To-do number %d", i+1), Done: i%3 == 0})
		}
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var l list
		if err := json.Unmarshal(b, &l); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		seed = l.Todos
	}
	a := &App{store: todo.NewMemoryStore()}
	for _, t := range seed {
		if _, err := a.store.Create(context.Background(), t); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Hello encodes the answer to GET /hello?name=<name>; an empty name greets
// "World". Like serve's handler it encodes a map with json.Marshal and ends
// the body with a newline, per request.
func (a *App) Hello(name string) ([]byte, error) {
	if name == "" {
		name = "World"
	}
	return marshal(map[string]string{"message": "Hello, " + name + "!"})
}

// List encodes the answer to GET /todos: the first page of the store, read
// and encoded per request as serve's handler does.
func (a *App) List(ctx context.Context) ([]byte, error) {
	items, total, err := a.store.List(ctx, todo.Filter{Limit: todo.DefaultLimit})
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []todo.Todo{}
	}
	return marshal(list{Todos: items, Total: total})
}

func marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
