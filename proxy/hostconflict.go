package proxy

import (
	"fmt"
	"slices"

	"github.com/schleuse/schleuse/config"
)

// hostConflict is NewCatalogue's error for host h, named by the entries a
// and b: German first, then the English, with what to do. The refusal
// stays (an own entry of services: must not take a host from a service
// schleuse inspects or blocks without a word, which would weaken it), but
// the message says how to go on: before, a configuration that had its own
// entry for a host that a newer schleuse catalogues as an inspected
// built-in stopped at the start with "host X is in both A and B" alone,
// and IT was left to find out what to change.
func hostConflict(h string, a, b *Service, extra []config.Service) error {
	builtin := builtinServices()
	own := func(s *Service) bool { // an entry of services: with an id of its own
		return !slices.ContainsFunc(builtin, func(x Service) bool { return x.ID == s.ID })
	}
	switch {
	case own(a) && own(b):
		return fmt.Errorf("Host %s steht in zwei eigenen Einträgen unter services:, %s und %s: ihn aus einem der beiden streichen "+
			"/ host %s is in both %s and %s, entries of services:: drop it from one of them", h, a.ID, b.ID, h, a.ID, b.ID)
	case own(a) || own(b):
		o, s := a, b
		if own(b) {
			o, s = b, a
		}
		what, whatEN := "im eingebauten Dienst", "built in"
		if slices.ContainsFunc(extra, func(e config.Service) bool { return e.ID == s.ID }) {
			what, whatEN = "im eingebauten, mit seiner id geänderten Dienst", "built in, changed by its id"
		}
		switch s.Mode {
		case ModeInspect:
			what, whatEN = what+" "+s.ID+", den schleuse prüft", whatEN+", inspected"
		case ModeBlock:
			what, whatEN = what+" "+s.ID+", den schleuse sperrt", whatEN+", blocked"
		default:
			what += " " + s.ID
		}
		return fmt.Errorf("Host %s steht im eigenen Eintrag %s unter services: und %s (eine neuere Fassung kann Hosts in den Katalog "+
			"aufnehmen; ein eigener Eintrag darf einen Dienst nicht unbemerkt abschwächen): den Host aus dem Eintrag %s streichen "+
			"oder den eingebauten Dienst mit seiner id ändern, {id: %s, …} (docs/operations.md, Abschnitt 1, „Der Katalog“) "+
			"/ host %s is in both %s (%s) and %s (an entry of services:): drop the host from %s, or change the built-in service by its id, {id: %s, ...}",
			h, o.ID, what, o.ID, s.ID,
			h, s.ID, whatEN, o.ID, o.ID, s.ID)
	}
	return fmt.Errorf("Host %s steht in %s und in %s: ihn aus einem der beiden streichen / host %s is in both %s and %s", h, a.ID, b.ID, h, a.ID, b.ID)
}
