package policies

import (
	"strings"
	"sync"
	"unicode"
)

// TypeNames are the names the DPO gave finding types in data.yaml (richtlinie.typnamen) where they
// differ from the default policy's: the note on replaced values (the proxy's short line above an
// answer) names a type so where the DPO chose a name of their own ("PERSON: Name einer
// Bürgerin oder eines Bürgers"), and by its short built-in name ("Name") where the DPO kept the
// default's long one ("Name einer Person", written for the block notices). A name is one line:
// control characters are blanks, the blanks at its ends cut. Nil without any; not to be changed.
func (e *Engine) TypeNames() map[string]string { return e.cur.Load().typeNames }

// defaultTypeNames are the embedded default policy's typnamen.
var defaultTypeNames = sync.OnceValue(func() map[string]string {
	b, err := load("")
	if err != nil {
		return nil
	}
	return typeNamesOf(b.docs)
})

// typeNamesOf reads richtlinie.typnamen of the data documents, each name as one line.
func typeNamesOf(docs map[string]any) map[string]string {
	r, _ := docs["richtlinie"].(map[string]any)
	m, _ := r["typnamen"].(map[string]any)
	var out map[string]string
	for t, v := range m {
		s, ok := v.(string)
		if !ok {
			continue
		}
		s = strings.TrimSpace(strings.Map(func(c rune) rune {
			if unicode.IsControl(c) || c == '\u2028' || c == '\u2029' {
				return ' '
			}
			return c
		}, s))
		if s == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[t] = s
	}
	return out
}

// ownTypeNames are the typnamen of docs that differ from the default policy's.
func ownTypeNames(docs map[string]any) map[string]string {
	def := defaultTypeNames()
	var out map[string]string
	for t, s := range typeNamesOf(docs) {
		if def[t] == s {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[t] = s
	}
	return out
}

// DefaultTypeName is typ's name in the default policy's typnamen ("Zugangsdaten" for SECRET), ""
// without one: the name the default policy's messages give typ where they list what was found,
// and the one its KI-RL-4.2 message writes out, which the proxy's notices need not say again.
func DefaultTypeName(typ string) string { return defaultTypeNames()[typ] }
