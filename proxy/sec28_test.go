package proxy

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// sec28Tags are HTML tags and comments, left out where sec28Leaked reads
// what the service got as a model reads it.
var sec28Tags = regexp.MustCompile(`<[^<>]*>`)

// checkHeld posts prompt to url through h and fails unless it was held:
// refused with the notice, or forwarded with a placeholder and without
// the planted value (sec28Leaked) or any of absent.
func checkHeld(t *testing.T, h *pipeHarness, sent func() []string, url, prompt string, absent ...string) {
	t.Helper()
	code, answer, got := postForwarded(t, h, sent, url, promptBody(prompt))
	if len(got) == 0 {
		if code == 200 || !strings.Contains(answer, "schleuse") {
			t.Fatalf("refused without the notice: %d %.300s", code, answer)
		}
		return
	}
	l := sec28Leaked(t, got[0])
	for _, a := range absent {
		if l == "" && strings.Contains(got[0], a) {
			l = a
		}
	}
	if l != "" || !placeholder.MatchString(got[0]) {
		t.Fatalf("the service got the %s: %s", l, got[0])
	}
}

// foldCase is a text and what foldText makes of it ("": left as it is).
type foldCase struct{ in, want string }

// checkFolds fails for each case foldText does not fold as it says.
func checkFolds(t *testing.T, cases []foldCase) {
	t.Helper()
	for _, tc := range cases {
		vis, _, _, ok := foldText(tc.in)
		if tc.want == "" {
			if ok && vis != tc.in {
				t.Errorf("%q folded to %q", tc.in, vis)
			}
			continue
		}
		if vis != tc.want {
			t.Errorf("%q folded to %q, want %q", tc.in, vis, tc.want)
		}
	}
}

// sec28Leaked names what of a planted value a forwarded chat body carries
// as a model reads its messages: the JSON decoded, tags left out, the
// digits in a row.
func sec28Leaked(t *testing.T, body string) string {
	t.Helper()
	var req struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatalf("no JSON: %v: %s", err, body)
	}
	var text strings.Builder
	for _, m := range req.Messages {
		text.WriteString(sec28Tags.ReplaceAllString(m.Content, "") + "\n")
	}
	d := sec25NonDigit.ReplaceAllString(text.String(), "")
	switch {
	case strings.Contains(d, testTaxID):
		return "Steuer-ID"
	case strings.Contains(d, "370400440532013000"):
		return "IBAN"
	case strings.Contains(text.String(), "Kowalski"):
		return "name"
	}
	return ""
}

// TestHTMLTagsInsideValuesInspected: the tags of inline HTML elements and
// comments inside a value or between a name and its salutation
// ("8609<b>5742</b>719", "Ko<span>wal</span>ski", "Herr <b>Kowalski</b>",
// an HTML mail's body a program sends for a summary) are read through, as
// a model reads them: the service gets the placeholders. Before (sec28),
// the detectors read the tags, and the values went out as written;
// TestSec25AttemptsHeld took the first ones for held, as its check read
// the digits of the JSON escapes "\u003c" into the number. Text with
// tags that holds no value, generics in code and comparisons pass
// unchanged.
func TestHTMLTagsInsideValuesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Steuer-ID 8609<b>5742</b>719",
		"Steuer-ID <b>8609</b>5742719",
		"Steuer-ID 860957<!-- -->42719",
		"Steuer-ID 860957<wbr>42719",
		"IBAN DE89 3704 <i>0044</i> 0532 0130 00",
		"IBAN DE89 3704 0044 05<SPAN CLASS=\"x\">32</SPAN> 0130 00",
		"Herr Jürgen Ko<span>wal</span>ski",
		"Frau Anna <span style=\"color:red\">Kowalski</span> wohnt in Bonn",
		"<p>Sehr geehrter Herr <b>Kowalski</b>,</p><p>vielen Dank für Ihre Nachricht.</p>",
	} {
		t.Run(p, func(t *testing.T) { checkHeld(t, h, sent, openai, p) })
	}
	t.Run("text with tags and no value", func(t *testing.T) {
		body := promptBody("Nutze <b>fett</b> und <i>kursiv</i>, <p>Absatz</p><br>, List<String> und Vec<u8>, wenn a < b > c, Ergebnis 3<sup>2</sup> = 9, <!-- Kommentar -->Ende")
		code, answer, got := postForwarded(t, h, sent, openai, body)
		if code != 200 || len(got) != 1 || got[0] != body {
			t.Fatalf("a clean body was changed or refused: %d %.200s %q", code, answer, got)
		}
	})
}
