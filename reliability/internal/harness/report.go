package harness

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"time"
)

// failed records the must-be-zero figures that were not zero.
var (
	failedMu sync.Mutex
	failed   []string
)

// Figure prints one measured figure as "name: value", the format run.sh
// collects into its summary.
func Figure(name string, value any) {
	fmt.Printf("  %-40s %v\n", name+":", value)
}

// MustZero prints a figure that must be zero and remembers it when it is
// not, so that Exit fails the program.
func MustZero(name string, v int) {
	mark := ""
	if v != 0 {
		mark = "   <-- MUST BE 0"
		failedMu.Lock()
		failed = append(failed, fmt.Sprintf("%s = %d", name, v))
		failedMu.Unlock()
	}
	fmt.Printf("  %-40s %d%s\n", name+":", v, mark)
}

// Check records a failed condition that is not a count.
func Check(ok bool, what string) {
	mark := "ok"
	if !ok {
		mark = "FAILED"
		failedMu.Lock()
		failed = append(failed, what)
		failedMu.Unlock()
	}
	fmt.Printf("  %-40s %s\n", what+":", mark)
}

// Exit stops the servers the program started, removes its directories and
// ends it: status 1 and a list of the failures when a must-be-zero figure
// or a check failed, 0 otherwise.
func Exit() {
	cleanup()
	failedMu.Lock()
	defer failedMu.Unlock()
	if len(failed) > 0 {
		fmt.Println("FAIL:")
		for _, f := range failed {
			fmt.Println("  " + f)
		}
		os.Exit(1)
	}
	os.Exit(0)
}

// Fatal cleans up as Exit does, prints err and exits with status 2: the
// measurement itself could not be made.
func Fatal(format string, args ...any) {
	cleanup()
	fmt.Fprintf(os.Stderr, "error: "+format+"\n", args...)
	os.Exit(2)
}

// Percentile returns the p-th percentile (0 < p <= 100) of d by the
// nearest-rank method, or 0 for no samples. d is sorted in place.
func Percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	rank := int(p/100*float64(len(d))+0.999999) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(d) {
		rank = len(d) - 1
	}
	return d[rank]
}

// Ms formats a duration in milliseconds with one decimal.
func Ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
