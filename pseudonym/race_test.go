//go:build race

package pseudonym

// cutStep: the race detector slows the restorer tenfold, and a restorer is one goroutine's, so
// the tests that cut a body at every byte cut it at every seventh under -race; the pass without
// it cuts at every byte.
const cutStep = 7
