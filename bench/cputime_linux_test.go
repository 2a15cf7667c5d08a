package bench

import "syscall"

// rusageThread is RUSAGE_THREAD from <sys/resource.h>, which the syscall
// package does not name.
const rusageThread = 1

// threadCPU returns the CPU time, user and system, that the calling OS
// thread has used so far, in nanoseconds.
func threadCPU() (ns int64, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime), true
}
