package proxy

import "testing"

// TestQuoteJoints: the joint between two string literals of source code
// (a closing quote, an operator, a line break, the indentation, the next
// literal's quote) is left out by the fold where a letter or a digit, or a
// blank beside one, stands at both edges; prose keeps its quotes.
func TestQuoteJoints(t *testing.T) {
	checkFolds(t, []foldCase{
		{"s = \"IBAN DE89 3704 0044 \" +\n    \"0532 0130 00\";", "s = \"IBAN DE89 3704 0044 0532 0130 00\";"},
		{"t = (\"an DE89 3704 0044 \"\n     \"0532 0130 00\")", "t = (\"an DE89 3704 0044 0532 0130 00\")"},
		{"$s = 'Steuer-ID 860957' .\r\n  '42719';", "$s = 'Steuer-ID 86095742719';"},
		{"=\"DE89 3704 0044 \"&\"0532 0130 00\"", "=\"DE89 3704 0044 0532 0130 00\""},
		{"SELECT 'Herr Jürgen ' || 'Kowalski';", "SELECT 'Herr Jürgen Kowalski';"},
		{"msg = \"Sehr geehrter Herr \" \\\n  \"Kowalski\"", "msg = \"Sehr geehrter Herr Kowalski\""},
		{"id = \"860957\" \"42719\"", "id = \"86095742719\""},
		{"s := \"Herr Jürgen \"\n\t+ \"Kowalski\"", "s := \"Herr Jürgen Kowalski\""},
		// what stays
		{"Er sagte \"ja\". \"Nein\", sagte sie.", ""},
		{"\"ja\", \"nein\" und \"vielleicht\"", ""},
		{"Die Nummern \"12\" \"34\"", ""},
		{"\"Kowalski\"\n\"Müller\"\n\"Schmidt\"", ""},
		{"x = \"\" + \"a\"", ""},
		{"a = \"b\" + c + \"d\"", ""},
		{"Peter's 'Buch' und 'Heft'", ""},
		{"print(\"a\" + str(1) + \"b\")", ""},
		{"\"a\" +  \n \n \"b\"", ""},
	})
}

// TestSplitLiteralsInspected: a value split across two string literals
// that code joins ("… DE89 3704 0044 " +⏎ "0532 0130 00", Python's adjacent
// literals, PHP's ".", SQL's "||", Excel's "&"), as an IDE splits a long
// literal where Enter is pressed inside it, is read whole through the
// running proxy: the service gets the placeholder. Before (sec42), each
// literal was read by itself, and the IBAN, the Steuer-ID and the name
// went to the service. Code without a value passes unchanged.
func TestSplitLiteralsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Warum kompiliert das nicht?\nString s = \"Bitte überweisen an DE89 3704 0044 \" +\n    \"0532 0130 00 den Betrag\"\nint x = 1;",
		"text = (\"Bitte überweisen an DE89 3704 0044 \"\n        \"0532 0130 00 den Betrag.\")",
		"$s = 'Bitte überweisen an DE89 3704 0044 ' .\n  '0532 0130 00 den Betrag.';",
		"steuer_id = \"860957\" + \"42719\"",
		"s := \"Steuer-ID 860957\" +\n\t\"42719\"",
		"steuer_id = '860957' '42719'",
		"msg = (\"Sehr geehrter Herr Jürgen \"\n       \"Kowalski, wir haben Ihren Antrag erhalten.\")",
	} {
		t.Run(p, func(t *testing.T) { checkHeld(t, h, sent, openai, p) })
	}
	t.Run("code without a value", func(t *testing.T) {
		for _, p := range []string{
			"String s = \"Sehr geehrte Damen und Herren, \" +\n    \"vielen Dank für Ihre Nachricht.\";",
			"x = \"Version \" + \"2.4.1\" + \" vom \" + \"12.03.2024\"",
			"Er sagte \"ja\". \"Nein\", sagte sie, \"das geht nicht\".",
			"SELECT 'Antrag ' || 'Nr. 12' FROM t;",
		} {
			body := promptBody(p)
			code, answer, got := postForwarded(t, h, sent, openai, body)
			if code != 200 || len(got) != 1 || got[0] != body {
				t.Fatalf("%q: %d %.200s %v", p, code, answer, got)
			}
		}
	})
}

// TestQuotePrefixes: a mail's quote marks at the start of a line that
// continues the quoted line before it are left out by the fold; the line
// break stays. A first quoted line, one after a sentence's end, an arrow
// and a line whose marks differ stay as written.
func TestQuotePrefixes(t *testing.T) {
	checkFolds(t, []foldCase{
		{"> an DE89 3704 0044\n> 0532 0130 00 bis", "> an DE89 3704 0044\n0532 0130 00 bis"},
		{">> Steuer-ID 86 095\r\n>> 742 719", ">> Steuer-ID 86 095\r\n742 719"},
		{"> > Konto DE89 3704 0044 \n> > 0532 0130 00", "> > Konto DE89 3704 0044 \n0532 0130 00"},
		{">Konto DE89 3704 0044\n>0532 0130 00", ">Konto DE89 3704 0044\n0532 0130 00"},
		// what stays
		{"Hallo\n> Zitat", ""},
		{"> Ende.\n> Neuer Satz", ""},
		{"> a\n>> b", ""},
		{">> a\n> b", ""},
		{"a -> b\n-> c", ""},
		{"x =>\n> y", ""},
		{"> Text\n> \n> weiter", ""},
	})
}

// TestValuesAcrossQuotedLinesInspected: a value that a mail program broke
// over two quoted lines ("> … DE89 3704 0044⏎> 0532 0130 00"), pasted as
// a thread to be summarised, is read whole through the running proxy.
// Before (sec42), the quote marks stood between its parts: the IBAN's
// first part went to the service, the rest was taken for a telephone
// number, and a Steuer-ID in groups went out whole. A quoted thread
// without a value passes unchanged.
func TestValuesAcrossQuotedLinesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Fasse den Verlauf zusammen:\n\nAm 12.11. schrieb Kasse:\n> Bitte überweisen Sie den offenen Betrag an DE89 3704 0044\n> 0532 0130 00 bis Freitag.",
		">> Meine Steuer-ID lautet 86 095\n>> 742 719, bitte korrigieren.",
		"> > Konto DE89 3704 0044\r\n> > 0532 0130 00",
	} {
		t.Run(p, func(t *testing.T) { checkHeld(t, h, sent, openai, p, "DE89") })
	}
	t.Run("a quoted thread without a value", func(t *testing.T) {
		body := promptBody("Fasse zusammen:\n> Vielen Dank für Ihre Nachricht. Wir melden uns\n> in der nächsten Woche bei Ihnen.\n>> Können Sie mir\n>> bitte den Termin bestätigen?")
		code, answer, got := postForwarded(t, h, sent, openai, body)
		if code != 200 || len(got) != 1 || got[0] != body {
			t.Fatalf("%d %.200s %v", code, answer, got)
		}
	})
}
