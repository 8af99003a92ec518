package proxy

import (
	"strings"
	"testing"
)

// TestFoldedCardNamePseudonymised: a contact pasted into a prompt as a
// vCard whose long line is folded keeps what the proxy does with a name
// in any prompt: the name outside the folds is replaced in place (the
// unfolded reading knows where its folds stood: Field.escaped), and only
// a value across a fold, which the prompt's own text does not show whole,
// blocks. Before, every finding in such a card blocked the request ("kann
// schleuse nicht umschreiben"), a name as a Steuer-ID.
func TestFoldedCardNamePseudonymised(t *testing.T) {
	h := newPipeHarness(t, nil)
	card := func(fn string) string {
		return "Bitte schreibe einen Brief an diesen Kontakt:\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + fn +
			"\r\nNOTE:Ansprechpartner für die Bauakte, erreichbar dienstags und donnerstags vo\r\n n 9 bis 12 Uhr im Rathaus\r\nEND:VCARD"
	}
	n := len(h.llm.received)
	code, out := h.chat(t, "api.openai.com", card("Herr Jürgen Kowalski"), false)
	if code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("a name outside the folds: %d %.300s", code, out)
	}
	if up := h.llm.received[n]; strings.Contains(up, "Kowalski") || !strings.Contains(up, "[PERSON_") {
		t.Fatalf("the service got %s", up)
	}
	// A name after the fold: replaced where it stands in the prompt.
	n = len(h.llm.received)
	after := "BEGIN:VCARD\r\nNOTE:Ansprechpartner für die Bauakte, erreichbar dienstags und donnerstags vo\r\n n 9 bis 12 Uhr\r\nFN:Herr Jürgen Kowalski\r\nTEL:0301234567\r\nEND:VCARD"
	code, out = h.chat(t, "api.openai.com", after, false)
	if code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("a name after the fold: %d %.300s", code, out)
	}
	if up := h.llm.received[n]; strings.Contains(up, "Kowalski") || !strings.Contains(up, "FN:Herr [PERSON_1]\\r\\nTEL") {
		t.Fatalf("the service got %s", up)
	}
	n = len(h.llm.received)
	code, out = h.chat(t, "api.openai.com", "BEGIN:VCARD\r\nNOTE:Steuer-ID 860957\r\n 42719\r\nEND:VCARD", false)
	if code == 200 || len(h.llm.received) != n {
		t.Fatalf("a Steuer-ID across a fold: %d %.300s", code, out)
	}
}
