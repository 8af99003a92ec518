//go:build !race

package pseudonym

const cutStep = 1
