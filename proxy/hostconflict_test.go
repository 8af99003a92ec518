package proxy

import (
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestHostConflictSaysWhatToDo: an own entry of services: that names a
// host of a built-in service that schleuse inspects or blocks (a
// configuration written before a newer schleuse catalogued the host) is
// still refused, with a message that says, German first, what to do:
// drop the host from the own entry, or change the built-in by its id.
// Before, it said "host X is in both A and B" alone.
func TestHostConflictSaysWhatToDo(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra []config.Service
		want  []string
	}{
		{"own entry, inspected built-in", []config.Service{{ID: "chat-intern", Hosts: []string{"chatgpt.com"}, Mode: "tunnel"}}, []string{
			"Host chatgpt.com steht im eigenen Eintrag chat-intern unter services: und im eingebauten Dienst chatgpt-web, den schleuse prüft",
			"den Host aus dem Eintrag chat-intern streichen oder den eingebauten Dienst mit seiner id ändern, {id: chatgpt-web, …}",
			" / host chatgpt.com is in both chatgpt-web (built in, inspected) and chat-intern (an entry of services:): drop the host from chat-intern, or change the built-in service by its id, {id: chatgpt-web, ...}",
		}},
		{"own entry first, blocked built-in changed by its id", []config.Service{
			{ID: "x-intern", Hosts: []string{"x.com"}, Mode: "block"}, {ID: "grok-x", Mode: "block"}}, []string{
			"Host x.com steht im eigenen Eintrag x-intern unter services: und im eingebauten, mit seiner id geänderten Dienst grok-x, den schleuse sperrt",
			"{id: grok-x, …}", "host x.com is in both grok-x (built in, changed by its id, blocked) and x-intern",
		}},
		{"two own entries", []config.Service{
			{ID: "llm-a", Hosts: []string{"llm.intern.example"}, Mode: "inspect"}, {ID: "llm-b", Hosts: []string{"llm.intern.example"}, Mode: "inspect"}}, []string{
			"Host llm.intern.example steht in zwei eigenen Einträgen unter services:, llm-a und llm-b: ihn aus einem der beiden streichen / host llm.intern.example is in both llm-a and llm-b",
		}},
	} {
		_, err := NewCatalogue(tc.extra)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q\nwant it to say %q", tc.name, err, w)
			}
		}
	}
}
