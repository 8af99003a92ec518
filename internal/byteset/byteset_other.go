//go:build !(goexperiment.simd && amd64)

package byteset

// index leaves the whole string to Index's passes of strings.IndexByte.
func (s *Set) index(string) int { return 0 }

func useVector(bool) bool { return false }
