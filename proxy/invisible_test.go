package proxy

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestInvisibleCharactersInsideValues: a value split by a character that
// shows nothing (a soft hyphen Word put in, a zero-width space from a web
// page, NUL, a Unicode tag character, a lone surrogate) is found and
// replaced whole; the service gets the placeholder, the answer the value.
// Before, the detectors saw two words: "DE89 3704 0044 05\u00ad32 0130 00"
// went to the service as it stood, and of "Mehmet Yıl\u200bmaz" only
// "Mehmet Yıl" was replaced.
func TestInvisibleCharactersInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct{ name, iban, person string }{
		{"soft hyphen", `DE89 3704 0044 05` + "\u00ad" + `32 0130 00`, "Mehmet Yıl\u00admaz"},
		{"zero-width space", `DE89 3704 0044 0532 01` + "\u200b" + `30 00`, "Mehmet Yıl\u200bmaz"},
		{"NUL", `DE89 3704 0044 05\u000032 0130 00`, `Meh\u0000met Yılmaz`},
		{"tag character", `DE89 3704 0044 05` + "\U000E0041" + `32 0130 00`, "Mehmet Yıl\U000E0041maz"},
		{"lone surrogate", `DE89 3704 0044 05\ud80032 0130 00`, `Meh\ud800met Yılmaz`},
		{"byte-order mark", `DE89` + "\ufeff" + ` 3704 0044 0532 0130 00`, "Mehmet\ufeff Yılmaz"},
	} {
		n := len(h.llm.received)
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise an `+tc.iban+`, Herr `+tc.person+`"}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", tc.name, code, out)
			continue
		}
		if up := h.llm.received[n]; strings.Contains(up, "32 0130") || strings.Contains(up, "maz") || strings.Contains(up, "met Y") || !strings.Contains(up, "[IBAN_") || !strings.Contains(up, "[PERSON_") {
			t.Errorf("%s: the service got %s", tc.name, up)
		}
		if !strings.Contains(out, "DE89 3704 0044 0532 0130 00") || !strings.Contains(out, "Mehmet Yılmaz") {
			t.Errorf("%s: the answer is %.300s", tc.name, out)
		}
	}
}

// FuzzStripInvisible: the text without invisible characters keeps every
// other byte in order, and idx points each of them (and the end) at its
// place in the text.
func FuzzStripInvisible(f *testing.F) {
	for _, s := range []string{"DE89 3704 0044 05\u00ad32 0130 00", "Yıl\u200bmaz", "a\x00b", "\U000E0041x", "§ „x“ €", "\xef\xbb", "\ufeff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vis, idx, ok := stripInvisible(s)
		if !ok {
			if vis != s || idx != nil || hasInvisible(s) {
				t.Fatalf("%q: not ok, but %q %v", s, vis, idx)
			}
			return
		}
		if len(idx) != len(vis)+1 || idx[len(vis)] != len(s) || len(vis) >= len(s) {
			t.Fatalf("%q → %q, idx %v", s, vis, idx)
		}
		for i := range len(vis) {
			if s[idx[i]] != vis[i] || i > 0 && idx[i] <= idx[i-1] {
				t.Fatalf("%q → %q: byte %d at %d", s, vis, i, idx[i])
			}
		}
		if utf8.ValidString(s) && hasInvisible(vis) {
			t.Fatalf("%q → %q still has an invisible character", s, vis)
		}
	})
}

// BenchmarkHasInvisible: the check every scanned text pays, on 16 KB of
// German prose as the proxy benchmark's prompts are (umlauts, no quotes),
// and with „“, § and € in every sentence (each costs a look).
func BenchmarkHasInvisible(b *testing.B) {
	for _, tc := range []struct{ name, sentence string }{
		{"prose", "Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung. "},
		{"quotes", "Gemäß § 35 SGB I verweist die Stadt auf „Datenschutz“ und 12,50 € Gebühr. "},
	} {
		text := strings.Repeat(tc.sentence, 16<<10/len(tc.sentence))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if hasInvisible(text) {
					b.Fatal("invisible")
				}
			}
		})
	}
}
