//go:build bench && linux

package bench

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/schleuse/schleuse/detectors"
)

// BenchmarkEnginePrompt is the default engine over the proxy benchmark's
// prompt (proxyPrompt: prose with one redactable finding per KB) at the
// sizes a chat request has, 1 KB and 16 KB, so that what a scan sets up per
// call counts as it does in the proxy. warm scans in a loop that keeps the
// engine's tables in the caches; cold writes 4 MB between scans, as the
// rest of a request in the proxy (TLS, HTTP/2, JSON, the audit writer, the
// collector) evicts them, and times only the scans. cpu-µs/op is the
// thread's CPU time per scan, MB/cpu-s the bytes per CPU second of the
// scans alone (the eviction is not counted).
func BenchmarkEnginePrompt(b *testing.B) {
	e := detectors.Default()
	evict := make([]byte, 4<<20)
	for _, n := range []int{1 << 10, 16 << 10} {
		text := proxyPrompt(n)
		for _, cold := range []bool{false, true} {
			mode := "warm"
			if cold {
				mode = "cold"
			}
			b.Run(fmt.Sprintf("size=%dKB/%s", n>>10, mode), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				var cpu time.Duration
				for b.Loop() {
					if cold {
						b.StopTimer()
						for i := 0; i < len(evict); i += 64 {
							evict[i]++
						}
						b.StartTimer()
					}
					c0 := threadCPU()
					e.Scan(text)
					cpu += threadCPU() - c0
				}
				if cpu > 0 {
					b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
					b.ReportMetric(float64(b.N)*float64(len(text))/1e6/cpu.Seconds(), "MB/cpu-s")
				}
			})
		}
	}
}

// threadCPU is the CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID);
// the benchmark locks its goroutine to the thread.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}
