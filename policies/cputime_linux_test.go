package policies

import "syscall"

// threadCPU is the CPU time (user + system) the calling OS thread has used, in nanoseconds. Unlike
// wall time it does not grow while other processes on a shared machine hold the cores.
func threadCPU() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
