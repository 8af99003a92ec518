//go:build goexperiment.simd && amd64

package detectors

import (
	"bytes"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// TestVectorPassesClearUpperBits: each vector pass of the keyword pass holds
// a VZEROUPPER (archsimd.ClearAVXUpperBits), so that the SSE code of the
// scan after it does not pay for the upper halves of the vector registers
// it leaves set ("The vector passes clear" in prefilter_simd.go). Before,
// neither did.
func TestVectorPassesClearUpperBits(t *testing.T) {
	for _, fn := range []any{scanGroups, lowerVec} {
		if name, ok := hasVZEROUPPER(fn); !ok {
			t.Errorf("%s has no VZEROUPPER", name)
		}
	}
}

// hasVZEROUPPER reports whether the machine code of fn, a func, holds a
// VZEROUPPER (C5 F8 77), and fn's name (internal/byteset's HasVZEROUPPER,
// which ends the code at the first instruction of a function inlined into
// it: FuncForPC answers the innermost function there, with the outer one's
// entry, and archsimd's are inlined before lowerVec's VZEROUPPER).
func hasVZEROUPPER(fn any) (string, bool) {
	code := reflect.ValueOf(fn).UnsafePointer()
	entry := uintptr(code)
	f := runtime.FuncForPC(entry)
	n := uintptr(0)
	for g := f; g != nil && g.Entry() == entry && n < 1<<16; g = runtime.FuncForPC(entry + n) {
		n++
	}
	return strings.TrimPrefix(f.Name(), "github.com/schleuse/schleuse/"), bytes.Contains(unsafe.Slice((*byte)(code), n), []byte{0xC5, 0xF8, 0x77})
}
