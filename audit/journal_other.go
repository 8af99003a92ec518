//go:build !linux

package audit

import (
	"errors"
	"os"
)

// mapSegment is Linux only; elsewhere segments are appended with write(2).
func mapSegment(*os.File, int, bool) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmapSegment([]byte) {}
