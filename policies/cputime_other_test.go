//go:build !linux

package policies

// threadCPU is not measured outside Linux.
func threadCPU() (int64, bool) { return 0, false }
