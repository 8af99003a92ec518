package audit

import (
	"slices"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// TestKnownTypesAreTheDetectors keeps knownTypes (the types a --value
// search without --type tries) equal to the detectors' types: audit may
// not import detectors, and a type missing here would make "was this
// value ever sent?" answer no for every record of that type.
func TestKnownTypesAreTheDetectors(t *testing.T) {
	got, want := slices.Sorted(slices.Values(knownTypes)), slices.Sorted(slices.Values(detectors.AllTypes()))
	if !slices.Equal(got, want) {
		t.Errorf("audit.knownTypes = %v\nwant detectors.AllTypes() = %v", got, want)
	}
}
