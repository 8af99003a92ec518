//go:build !(goexperiment.simd && amd64)

package detectors

// useSIMD and avx512 are false: this build has no vector compares (see
// prefilter_simd.go; they need GOEXPERIMENT=simd on amd64).
var useSIMD, avx512 = false, false

// simdBuild says whether this build has the vector compares.
const simdBuild = false

// scanGroups is not called in this build.
func scanGroups(src []byte, st *scanState) (blocks, nd, ns int) { return 0, 0, 0 }

// lowerVec is not called in this build.
func lowerVec(dst, src []byte) int { return 0 }
