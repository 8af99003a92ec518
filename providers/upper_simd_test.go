//go:build goexperiment.simd && amd64

package providers

import (
	"bytes"
	"reflect"
	"runtime"
	"testing"
	"unsafe"
)

// TestVectorPassClearsUpperBits: plainEndValid256 holds a VZEROUPPER
// (archsimd.ClearAVXUpperBits), so that the SSE code after it does not pay
// for the upper halves of the vector registers it leaves set (as
// internal/byteset's passes, TestVectorPassesClearUpperBits there).
// Before, it did not.
func TestVectorPassClearsUpperBits(t *testing.T) {
	code := reflect.ValueOf(plainEndValid256).UnsafePointer()
	entry := uintptr(code)
	f := runtime.FuncForPC(entry)
	n := uintptr(0)
	for runtime.FuncForPC(entry+n) == f && n < 1<<16 {
		n++
	}
	if !bytes.Contains(unsafe.Slice((*byte)(code), n), []byte{0xC5, 0xF8, 0x77}) {
		t.Errorf("%s has no VZEROUPPER", f.Name())
	}
}
