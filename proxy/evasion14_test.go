package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestLatin1FormValuesInspected: a form body percent-encoded in Latin-1
// ("J%FCrgen+Kowalski", as a page in ISO-8859-1 or a program writing
// Latin-1 sends it) is read as Windows-1252, as the URL's query is and as a
// server honouring the charset reads it, through the running proxy; a
// value with UTF-8 in it as well is read both ways. Before, the detectors
// got "J\xfcrgen", no name, and Kowalski went to the service where
// "J%C3%BCrgen" blocked. A redaction writes the value back in Latin-1.
func TestLatin1FormValuesInspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api-free.deepl.com": up}})
	sent := func() []string {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return append(up.bodies(), h.llm.received...)
	}
	const unknown = "https://api.openai.com/v1/unknown"
	for _, tc := range []struct {
		name, url, body string
		code            int
		want            string // the body the service gets; "" for none
	}{
		{"a name on a route no adapter knows", unknown, "prompt=Bitte+an+J%FCrgen+Kowalski+schreiben", 403, ""},
		{"a name alone", unknown, "prompt=J%FCrgen+Kowalski", 403, ""},
		{"a marking", unknown, "note=VS+%96+Nur+f%FCr+den+Dienstgebrauch", 403, ""},
		{"a name in UTF-8 beside a Latin-1 byte", unknown, "prompt=J%C3%BCrgen+Kowalski+%B7+Akte", 403, ""},
		{"DeepL: the IBAN replaced, the rest in Latin-1", "https://api-free.deepl.com/v2/translate",
			"target_lang=EN&text=Sehr+geehrter+Herr+M%FCller%2C+Ihre+IBAN+DE89370400440532013000+%96+Gr%FC%DFe",
			200, "target_lang=EN&text=Sehr+geehrter+Herr+M%FCller%2C+Ihre+IBAN+%5BIBAN_1%5D+%96+Gr%FC%DFe"},
		{"clean text passes as it is", unknown, "prompt=Gr%FC%DFe+aus+K%F6ln+%96+sch%F6nes+Wetter", 200, "prompt=Gr%FC%DFe+aus+K%F6ln+%96+sch%F6nes+Wetter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			code, out := h.send(t, req)
			got := sent()[n:]
			if code != tc.code {
				t.Errorf("%d %.300s", code, out)
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("the service got %q", got)
			case tc.want != "" && (len(got) != 1 || got[0] != tc.want):
				t.Errorf("the service got %q, want %q", got, tc.want)
			}
		})
	}
}
