// Package refapp is the part of the to-do API that the reference servers
// share: the same two routes, answered with the same bytes as serve/cmd, so
// that the servers differ only in how they handle HTTP.
package refapp

import (
	"encoding/json"
	"fmt"
	"os"
)

// Todo mirrors the to-do serve/cmd lists, field for field and in the same
// order, so that encoding/json writes the same bytes for both.
type Todo struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// SeedCount is how many to-dos the server comparison creates.
const SeedCount = 20

// Seed returns SeedCount to-dos for a reference server started without a
// list from serve/cmd.
func Seed() []Todo {
	todos := make([]Todo, SeedCount)
	for i := range todos {
		todos[i] = Todo{ID: int64(i + 1), Title: fmt.Sprintf("To-do number %d", i+1), Done: i%3 == 0}
	}
	return todos
}

// Load reads a to-do list in the form GET /todos returns it. An empty path
// selects Seed.
func Load(path string) ([]Todo, error) {
	if path == "" {
		return Seed(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var todos []Todo
	if err := json.Unmarshal(b, &todos); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return todos, nil
}

// hello is the body of GET /hello.
type hello struct {
	Message string `json:"message"`
}

// Hello encodes the answer to GET /hello?name=<name>; an empty name greets
// "World". Like serve's JSON helper it uses json.Marshal and a final
// newline, and it runs per request, as serve's handler does.
func Hello(name string) ([]byte, error) {
	if name == "" {
		name = "World"
	}
	return marshal(hello{Message: "Hello, " + name + "!"})
}

// List encodes the answer to GET /todos. It runs per request: serve/cmd
// encodes the list each time too, so neither side caches the bytes.
func List(todos []Todo) ([]byte, error) {
	return marshal(todos)
}

func marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
