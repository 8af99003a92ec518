//go:build goexperiment.simd && amd64

package byteset

import (
	"bytes"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// TestVectorPassesClearUpperBits: each vector pass holds a VZEROUPPER
// (archsimd.ClearAVXUpperBits), so that the SSE code after it does not pay
// for the upper halves of the vector registers it leaves set ("The vector
// passes clear" in byteset_simd.go). Before, none did.
func TestVectorPassesClearUpperBits(t *testing.T) {
	for _, fn := range []any{(*Set).index, (*Set).each, (*Set).run} {
		if name, ok := HasVZEROUPPER(fn); !ok {
			t.Errorf("%s has no VZEROUPPER", name)
		}
	}
}

// HasVZEROUPPER reports whether the machine code of fn, a func, holds a
// VZEROUPPER (C5 F8 77), and fn's name.
func HasVZEROUPPER(fn any) (string, bool) {
	code := reflect.ValueOf(fn).UnsafePointer()
	entry := uintptr(code)
	f := runtime.FuncForPC(entry)
	n := uintptr(0)
	for runtime.FuncForPC(entry+n) == f && n < 1<<16 {
		n++
	}
	return strings.TrimPrefix(f.Name(), "github.com/schleuse/schleuse/"), bytes.Contains(unsafe.Slice((*byte)(code), n), []byte{0xC5, 0xF8, 0x77})
}
