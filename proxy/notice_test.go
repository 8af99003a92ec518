package proxy

import (
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
)

// TestNoticeSaysThingsOnce: the default policy's messages already name what
// was found and how to write #freigabe; the notice around them must not
// repeat either, but says both when the policy's message does not.
func TestNoticeSaysThingsOnce(t *testing.T) {
	withHints := []policies.Reason{{Rule: "KI-RL-3.4",
		Message:   "Für den KI-Dienst „ChatGPT (Web)“ liegt kein Auftragsverarbeitungsvertrag vor. Gefunden: Name einer Person. Wenn nötig, schreiben Sie eine Zeile „#freigabe: <Begründung>“.",
		MessageEN: "There is no data-processing agreement. Found: PERSON. If necessary, add a line “#freigabe: <reason>”."}}
	plain := []policies.Reason{{Rule: "KI-RL-9", Message: "Bitte prüfen.", MessageEN: "Please check."}}
	for _, c := range []struct {
		name     string
		text     string
		freigabe int
		gefunden int
		found    int
	}{
		{"warn, policy says it", warnText([]string{"PERSON"}, elsewhere{}, false, withHints, "r1"), 2, 1, 1},
		{"warn, policy silent", warnText([]string{"PERSON"}, elsewhere{}, false, plain, "r2"), 2, 1, 1},
		{"block, policy says what was found", blockText([]string{"PERSON"}, elsewhere{}, withHints, "r3"), 2, 1, 1},
	} {
		if n := strings.Count(c.text, "#freigabe"); n != c.freigabe {
			t.Errorf("%s: #freigabe %d times, want %d:\n%s", c.name, n, c.freigabe, c.text)
		}
		if n := strings.Count(c.text, "Gefunden:"); n != c.gefunden {
			t.Errorf("%s: Gefunden %d times, want %d:\n%s", c.name, n, c.gefunden, c.text)
		}
		if n := strings.Count(c.text, "Found:"); n != c.found {
			t.Errorf("%s: Found %d times, want %d:\n%s", c.name, n, c.found, c.text)
		}
		if !strings.Contains(c.text, "Vorgangsnummer: r") {
			t.Errorf("%s: no request id:\n%s", c.name, c.text)
		}
	}
}

// TestBlockNoticeWithoutFindings: a block with nothing found (unreadable
// request, audit log down, service not approved) does not tell the user to
// remove data; one with findings does.
func TestBlockNoticeWithoutFindings(t *testing.T) {
	parse := []policies.Reason{{Rule: "schleuse:parse_error", Message: "Die Anfrage konnte nicht gelesen werden.", MessageEN: "The request could not be parsed."}}
	for _, c := range []struct {
		name   string
		types  []string
		remove bool
	}{
		{"nothing found", nil, false},
		{"findings", []string{"IBAN"}, true},
	} {
		text := blockText(c.types, elsewhere{}, parse, "r9")
		if got := strings.Contains(text, "Entfernen Sie diese Angaben"); got != c.remove {
			t.Errorf("%s: says to remove data: %v, want %v:\n%s", c.name, got, c.remove, text)
		}
		if got := strings.Contains(text, "Remove these data"); got != c.remove {
			t.Errorf("%s: EN says to remove data: %v, want %v:\n%s", c.name, got, c.remove, text)
		}
		if !strings.Contains(text, "Vorgangsnummer: r9") || !strings.Contains(text, "Datenschutzbeauftragte(r)") {
			t.Errorf("%s: no request id or whom to ask:\n%s", c.name, text)
		}
	}
}

// TestBlockNoticeNextStep: the next step fits what blocked the prompt. A
// placeholder for a name does not help with a diagnosis or a password (the
// text would be blocked again), and for classified material the advice to
// remove "these data" read as: strip the marking and send the content.
func TestBlockNoticeNextStep(t *testing.T) {
	r := []policies.Reason{{Rule: "KI-RL-x", Message: "Grund.", MessageEN: "Reason."}}
	for _, c := range []struct {
		types      []string
		want, deny []string
	}{
		{[]string{"PERSON", "SPECIAL_CATEGORY"}, []string{"„[Diagnose]“, „Frau X“", "Remove these data"}, nil},
		{[]string{"SECRET"}, []string{"(z. B. „[Passwort]“)"}, []string{"Frau X"}},
		{[]string{"IBAN"}, []string{"(z. B. „Frau X“, „[IBAN]“)"}, nil},
		{[]string{"CLASSIFICATION", "PERSON"}, []string{"auch nicht ohne ihre Kennzeichnung", "not even without its marking"},
			[]string{"Entfernen Sie diese Angaben", "Platzhalter", "Remove these data"}},
	} {
		text := blockText(c.types, elsewhere{}, r, "r1")
		// The English part names the next step's contact and the reference too.
		if en := text[strings.Index(text, "[EN]"):]; !strings.Contains(en, "Reference number (Vorgangsnummer): r1.") || !strings.Contains(en, "Questions:") {
			t.Errorf("%v: the English part lacks the reference number or whom to ask:\n%s", c.types, en)
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%v: missing %q:\n%s", c.types, w, text)
			}
		}
		for _, d := range c.deny {
			if strings.Contains(text, d) {
				t.Errorf("%v: must not say %q:\n%s", c.types, d, text)
			}
		}
	}
	if w := warnText([]string{"IBAN"}, elsewhere{}, false, r, "r2"); !strings.Contains(w[strings.Index(w, "[EN]"):], "Reference number (Vorgangsnummer): r2.") {
		t.Errorf("the English part of a warning lacks the reference number:\n%s", w)
	}
}

// TestEveryTypeHasAGermanName: a finding type without an entry in
// typeNamesDE would reach staff as its English constant ("DE_TAX_ID").
func TestEveryTypeHasAGermanName(t *testing.T) {
	for _, typ := range detectors.AllTypes() {
		if typeNamesDE[typ] == "" {
			t.Errorf("finding type %s has no German name in typeNamesDE", typ)
		}
	}
	for typ := range typeNamesDE {
		if !slices.Contains(detectors.AllTypes(), typ) {
			t.Errorf("typeNamesDE names %s, which no detector reports", typ)
		}
	}
}

// TestNoticeRequestIDPasted: the Vorgangsnummer pasted from any notice
// schleuse writes, German or English part, from its label to the full
// stop, is found by the audit views (audit.NoticeRequestID). Before, the
// English label ("Reference number (Vorgangsnummer): …") was kept and the
// search matched no record.
func TestNoticeRequestIDPasted(t *testing.T) {
	const id = "01937f001234abcdef012345"
	resp := (*Server)(nil).answer(httptest.NewRequest("GET", "/", nil), &Exchange{RequestID: id}, 403, "schleuse: blockiert.", "schleuse: blocked.")
	answer, _ := io.ReadAll(resp.Body)
	for _, notice := range []string{
		blockText([]string{"PERSON"}, elsewhere{}, nil, id), blockText(nil, elsewhere{}, nil, id), warnText([]string{"IBAN"}, elsewhere{}, false, nil, id), string(answer),
	} {
		n := 0
		for i := 0; ; n++ {
			j := strings.Index(notice[i:], id)
			if j < 0 {
				break
			}
			j += i
			// The sentence or line that names it, as a person selects it.
			start := max(strings.LastIndex(notice[:j], ". ")+2, strings.LastIndex(notice[:j], "\n")+1)
			end := j + len(id)
			if strings.HasPrefix(notice[end:], ".") {
				end++
			}
			if got := audit.NoticeRequestID(notice[start:end]); got != id {
				t.Errorf("%q pasted reads as %q", notice[start:end], got)
			}
			i = end
		}
		if n != 2 {
			t.Errorf("%d ids in %q, want the German and the English part's", n, notice)
		}
	}
}

// TestBlockNoticeNamesContact: with notice.contact set, every block notice
// names it where it says whom to ask, German and English, as the first-use
// notice and the blocked service's page do; before, staff read "Ihre oder
// Ihr Datenschutzbeauftragte(r)" there although IT had named the DPO.
func TestBlockNoticeNamesContact(t *testing.T) {
	const contact = "Datenschutzbeauftragte Frau Muster, datenschutz@stadt.example"
	for name, text := range map[string]string{
		"typed":          blockText([]string{"PERSON"}, elsewhere{}, nil, "r1"),
		"nothing found":  blockText(nil, elsewhere{}, nil, "r2"),
		"classification": blockText([]string{"CLASSIFICATION"}, elsewhere{}, nil, "r3"),
		"history only":   blockText([]string{"IBAN"}, elsewhere{history: []string{"IBAN"}}, nil, "r4"),
		"file only":      blockText([]string{"IBAN"}, elsewhere{file: []string{"IBAN"}}, nil, "r5"),
	} {
		got := withContact(text, contact+".")
		de, en, _ := strings.Cut(got, "[EN]")
		if !strings.Contains(de, contact) || !strings.Contains(en, contact) {
			t.Errorf("%s: contact not named in both parts: %s", name, got)
		}
		if strings.Contains(got, "Ihr Datenschutzbeauftragte(r)") || strings.Contains(got, "data-protection officer") || strings.Contains(got, "..") {
			t.Errorf("%s: generic contact left or doubled stop: %s", name, got)
		}
		if withContact(text, " ") != text {
			t.Errorf("%s: an empty contact changed the text", name)
		}
	}
}

// TestBlockedServiceContactAsOtherNotices: the notice of a service the
// catalogue blocks says whom to ask as every block notice does, German
// first: the sentence "Fragen beantwortet …" / "Questions: …" with
// notice.contact filled in by withContact, or the same generic contact
// without one (its page too). Before, it wrote its own fallback
// ("Welche freigegeben sind, beantwortet …", "which ones are: …").
func TestBlockedServiceContactAsOtherNotices(t *testing.T) {
	svc := &Service{ID: "forbidden-llm", Name: "Verbotenes LLM", Mode: ModeBlock}
	const contact = "Datenschutzbeauftragte Frau Muster, datenschutz@stadt.example"
	generic := blockText([]string{"PERSON"}, elsewhere{}, nil, "r1")
	for _, c := range []struct{ contact, de, en string }{
		{"", "Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).", "Questions: your data-protection officer."},
		{" ", "Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).", "Questions: your data-protection officer."},
		{contact + ".", "Fragen beantwortet " + contact + ".", "Questions: " + contact + "."},
	} {
		de, en := blockedServiceDE(svc, c.contact), blockedServiceEN(svc, c.contact)
		if !strings.HasPrefix(de, "schleuse: Der KI-Dienst ") || !strings.HasSuffix(de, c.de) || strings.Contains(de, "..") {
			t.Errorf("contact %q: German %q, want it to end %q", c.contact, de, c.de)
		}
		if !strings.HasPrefix(en, "schleuse: the AI service ") || !strings.HasSuffix(en, c.en) || strings.Contains(en, "..") {
			t.Errorf("contact %q: English %q, want it to end %q", c.contact, en, c.en)
		}
		if !strings.Contains(withContact(generic, c.contact), c.de) || !strings.Contains(withContact(generic, c.contact), c.en) {
			t.Errorf("contact %q: the block notice does not say %q / %q as the blocked service's does", c.contact, c.de, c.en)
		}
	}
	r := httptest.NewRequest("GET", "https://forbidden.example/", nil)
	r.Header.Set("Sec-Fetch-Mode", "navigate")
	r.Header.Set("Sec-Fetch-Dest", "document")
	resp := blockedServiceResponse(r, config.Default(), svc)
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), "Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).") || !strings.Contains(string(b), "your data-protection officer.") {
		t.Errorf("the page without notice.contact names another contact:\n%s", b)
	}
}
