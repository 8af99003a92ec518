package main

import (
	"log/slog"
	"sort"
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
