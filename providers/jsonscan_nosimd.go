//go:build !(goexperiment.simd && amd64)

package providers

// useVec: this build has no vector compares (see jsonscan_simd.go).
var useVec = false

// plainEndValid256 is not built here: plainEndValid takes eight bytes at a
// time throughout.
func plainEndValid256(_ []byte, i int) (int, bool, bool) { return i, false, false }
