//go:build bench

package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestProcSyscalls: the read and write system calls BenchmarkProxyAB
// counts per request rise with the reads and writes a process makes.
func TestProcSyscalls(t *testing.T) {
	self := &child{cmd: &exec.Cmd{Process: &os.Process{Pid: os.Getpid()}}}
	r0, w0 := procSyscalls(self)
	if r0 == 0 && w0 == 0 {
		t.Skip("/proc/self/io is not readable here")
	}
	f := filepath.Join(t.TempDir(), "x")
	for range 10 {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	r1, w1 := procSyscalls(self)
	if r1-r0 < 10 || w1-w0 < 10 {
		t.Errorf("after 10 reads and 10 writes: %d reads, %d writes counted", r1-r0, w1-w0)
	}
	if r, w := procSyscalls(nil); r != 0 || w != 0 {
		t.Errorf("no process: %d, %d", r, w)
	}
}

// TestFloorProfile: SCHLEUSE_BENCH_FLOOR_PROFILE makes the floor child write
// a CPU profile when it is stopped as BenchmarkProxyAB stops it.
func TestFloorProfile(t *testing.T) {
	dir := t.TempDir()
	up, _, upCAFile := fakeService(t, dir)
	out := filepath.Join(dir, "floor.pprof")
	t.Setenv("SCHLEUSE_BENCH_FLOOR_PROFILE", out)
	floor, err := startFloor(dir, up, upCAFile)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	floor.stop()
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) { // pprof's gzipped protobuf
		t.Fatalf("floor profile: %d bytes, not a pprof file", len(b))
	}
}
