//go:build race

package serve

// raceEnabled reports whether the race detector is on. It changes
// sync.Pool, which then drops a share of what is Put on purpose.
const raceEnabled = true
