package pseudonym

import (
	"encoding/json"
	"strings"
	"testing"
)

// geminiNoteText is gemini.google.com's Text (providers' geminiWebAdapter).
const geminiNoteText = "#.2>4.#.1.0,#.2>4.#.22.0"

// TestNoteFramedOncePerCandidate: the note stands once in each candidate
// (a draft, which the person sees on its own) as its client shows it: in
// every "wrb.fr" part of a frame, not in the first alone; before the text
// at 22.0 where the text at 1.0 is a card's link (the client shows 22.0
// then, and knows the link by its start, which stays), and only before
// 1.0 where that is the text. Before, a second part of a frame had no
// note, and the note went before a card's link, so that the client took
// the link for text and showed the note alone.
func TestNoteFramedOncePerCandidate(t *testing.T) {
	const card = "http://googleusercontent.com/card_content/0"
	cand := func(rc, text, at22 string) []any {
		c := []any{rc, []any{text}, nil, nil, nil, nil, nil, nil, []any{2}}
		if at22 != "" {
			for len(c) < 22 {
				c = append(c, nil)
			}
			c = append(c, []any{at22})
		}
		return c
	}
	part := func(cands ...any) []any {
		return []any{"wrb.fr", nil, mustJSON([]any{nil, []any{"c_1", "r_1"}, nil, nil, cands})}
	}
	frame := mustJSON([]any{
		part(cand("rc_a", card, "Wetter für [PERSON_1]"), cand("rc_b", "Hallo [PERSON_1]", "Entwurf als Karte")),
		part(cand("rc_a", "Zweiter Teil [PERSON_1]", "")),
		[]any{"di", 93},
	})
	body := ")]}'\n\n" + gemFrame(frame) + gemFrame(gemEnd)
	m := testMapping()
	out := restoreAll(t, m, Format{Kind: "framed", Cumulative: true, Text: geminiNoteText, Note: testNote}, strings.NewReader(body))
	parseGem(t, out) // every length right
	payload, _, _ := strings.Cut(out[strings.Index(out, "\n[[")+1:], "\n")
	var parts [][]any
	if err := json.Unmarshal([]byte(payload), &parts); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	type got struct{ at1, at22 string }
	var cands []got
	for _, p := range parts[:2] {
		var inner []any
		if err := json.Unmarshal([]byte(p[2].(string)), &inner); err != nil {
			t.Fatal(err)
		}
		for _, c := range inner[4].([]any) {
			c := c.([]any)
			g := got{at1: c[1].([]any)[0].(string)}
			if len(c) > 22 {
				g.at22 = c[22].([]any)[0].(string)
			}
			cands = append(cands, g)
		}
	}
	name := "Herr \"Yılmaz\" \\ O'Neil" // testMapping's PERSON_1
	want := []got{
		{card, testNote + "Wetter für " + name},
		{testNote + "Hallo " + name, "Entwurf als Karte"},
		{testNote + "Zweiter Teil " + name, ""},
	}
	if len(cands) != len(want) {
		t.Fatalf("candidates %q", cands)
	}
	for i := range want {
		if cands[i] != want[i] {
			t.Errorf("candidate %d:\n got %q\nwant %q", i, cands[i], want[i])
		}
	}
	if parts[2][0] != "di" {
		t.Errorf("other part changed: %v", parts[2])
	}
}
