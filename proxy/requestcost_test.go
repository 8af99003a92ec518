package proxy

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/identity"
)

// TestConversationKeyForms checks the key built in one buffer against the
// concatenation it replaced, for every form of client address.
func TestConversationKeyForms(t *testing.T) {
	for _, addr := range []string{"10.1.2.3:51234", "[2001:db8::1]:443", "[::ffff:10.1.2.3]:8080",
		"[fe80::1%eth0]:80", "not an address", "", "[2001:db8:1234:5678:9abc:def0:1234:5678]:65535"} {
		for _, user := range []string{"", "erika.mustermann"} {
			req := httptest.NewRequest("POST", "https://api.openai.com/v1/chat/completions", nil)
			req.RemoteAddr = addr
			x := &Exchange{Request: req, Service: &Service{ID: "openai-api"}, Identity: identity.Identity{User: user}}
			want := user
			if want == "" {
				want = "ip:" + remoteAddr(addr).String()
			}
			want += "\x00openai-api"
			if got := conversationKey(x); got != want {
				t.Errorf("conversationKey(%q, %q) = %q, want %q", addr, user, got, want)
			}
		}
	}
}

// TestJustificationTable: the reason after "#freigabe:" on a line of its
// own, and none in a text without one (the shortcut for a text without "#").
func TestJustificationTable(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"#freigabe: Bescheid an die Antragstellerin", "Bescheid an die Antragstellerin"},
		{"Bitte zusammenfassen.\n  #FREIGABE:  dienstlich nötig \nDanke", "dienstlich nötig"},
		{"Text\r\n#Freigabe:Grund", "Grund"},
		{"", ""},
		{strings.Repeat("Ein Satz ohne Raute. ", 800), ""},
		{"#freigabe:", ""},                     // no reason
		{"Text #freigabe: mitten im Satz", ""}, // not a line of its own
		{"#hashtag\n#freigabe ohne Doppelpunkt", ""},
	} {
		if got := justification(c.text); got != c.want {
			t.Errorf("justification(%.40q) = %q, want %q", c.text, got, c.want)
		}
	}
}
