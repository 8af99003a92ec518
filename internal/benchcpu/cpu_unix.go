//go:build unix

// Package benchcpu gives benchmarks the CPU time of their process, which
// other load on a shared machine changes far less than wall time.
package benchcpu

import (
	"syscall"
	"time"
)

// Process is the user+system CPU time of this process so far (all
// threads); 0 if the system cannot tell.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
