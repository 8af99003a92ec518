//go:build !(goexperiment.simd && amd64)

package byteset

// index leaves the whole string to Index's passes of strings.IndexByte.
func (s *Set) index(string) int { return 0 }

// each leaves the whole string to All's loop of Index calls.
func (s *Set) each(string, func(int) bool) (int, bool) { return 0, true }

// run leaves the whole string to Run's table pass.
func (s *Set) run(string, int) (found, i, have int) { return -1, 0, 0 }

func useVector(bool) bool { return false }
