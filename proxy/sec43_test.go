package proxy

import "testing"

// TestCommentPrefixes: a code comment's mark at the start of a line that
// continues the comment of the line before with the rest of a value is
// left out by the fold, with the indentation before it and the blanks
// after it, and so is indentation alone before the rest of a value (a
// table's last cell wrapped under its start); the line break stays. A line whose mark differs, stands
// elsewhere or follows a sentence's end, and comment lines whose digits
// make no value joined (a numbered list, a table) stay as written.
func TestCommentPrefixes(t *testing.T) {
	checkFolds(t, []foldCase{
		{"// Konto DE89 3704 0044\n// 0532 0130 00", "// Konto DE89 3704 0044\n0532 0130 00"},
		{"\t// an DE89 3704 0044\r\n\t// 0532 0130 00;", "\t// an DE89 3704 0044\r\n0532 0130 00;"},
		{"# Steuer-ID 86 095\n# 742 719", "# Steuer-ID 86 095\n742 719"},
		{"/**\n * Steuer-ID 860957\n * 42719\n */", "/**\n * Steuer-ID 860957\n42719\n */"},
		{"    -- Konto DE89 3704 0044 \n    --   0532 0130 00", "    -- Konto DE89 3704 0044 \n0532 0130 00"},
		{"; IdNr 86 095 742\n; 719", "; IdNr 86 095 742\n719"},
		{"rem Konto DE89 3704 0044\nrem 0532 0130 00", "rem Konto DE89 3704 0044\n0532 0130 00"},
		{"' Konto DE89 3704 0044\n' 0532 0130 00", "' Konto DE89 3704 0044\n0532 0130 00"},
		{"%% Konto DE89 3704 0044\n%% 0532 0130 00", "%% Konto DE89 3704 0044\n0532 0130 00"},
		{"/// Konto DE89 3704 0044\n/// 0532 0130 00", "/// Konto DE89 3704 0044\n0532 0130 00"},
		{"x = 1  // Konto DE89 3704 0044\n       // 0532 0130 00", "x = 1  // Konto DE89 3704 0044\n0532 0130 00"},
		{"Kowalski    DE89 3704 0044\n            0532 0130 00", "Kowalski    DE89 3704 0044\n0532 0130 00"},
		{"  - Steuer-ID 86 095\n    742 719", "  - Steuer-ID 86 095\n742 719"},
		// what stays
		{"// 1. Anfrage ohne Anmeldung\n// 2. Anfrage mit Anmeldung", ""},
		{"// Schritt 4\n// 2024 neu", ""},
		{"# 0: Gleich\n# 1: Kleiner", ""},
		{"// Konto DE89 3704 0044.\n// 0532 0130 00", ""},
		{"// Konto DE89 3704 0044\n/// 0532 0130 00", ""},
		{"# Konto DE89 3704 0044\n## 0532 0130 00", ""},
		{"  // Konto DE89 3704 0044\n// 0532 0130 00", ""},
		{"x// Konto DE89 3704 0044\n // 0532 0130 00", ""},
		{"// Konto DE89 3704 0044\n//0532 0130 00", ""},
		{"* Konto DE89 3704 0044\n** 0532 0130 00", ""},
		{"- Konto DE89 3704 0044\n- 0532 0130 00", ""},
		{"//  9  8\n//  7  6", ""},
		{"Kowalski    DE89 3704 0044    120,00\n            0532 0130 00", ""},
		{"    12 34\n    56 78", ""},
		{"// Steuer-ID 86 095 742 719\n// 2024 neu", ""},
	})
}

// TestValuesAcrossCommentLinesInspected: a value that an editor broke over
// two lines of a code comment ("// … DE89 3704 0044⏎// 0532 0130 00"),
// pasted with the code into a chat or sent by a code assistant, is read
// whole through the running proxy. Before (sec43), the comment's mark stood
// between its parts: the IBAN's first part went to the service (the rest
// read as a telephone number), and a Steuer-ID in groups went out whole.
// Code with comments and no value passes unchanged.
func TestValuesAcrossCommentLinesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Warum schlägt der Test fehl?\n\n    // Testdaten: Überweisung von Herrn Kowalski an DE89 3704 0044\n    // 0532 0130 00, Betrag 120 EUR\n    assertEquals(120, betrag);",
		"def pruefe():\n    # Steuer-ID des Antragstellers laut Bescheid 86 095\n    # 742 719, bitte nicht ändern\n    return True",
		"/**\n * Erstattung an das Konto DE89 3704 0044\n * 0532 0130 00 (Hausbank)\n */\npublic void erstatte() {}",
		"-- Kontoverbindung für die Rückzahlung: DE89 3704 0044\n-- 0532 0130 00\nSELECT * FROM zahlung;",
		"; Konto fuer Lastschrift DE89 3704 0044\n; 0532 0130 00\n[bank]\nmodus=1",
		"REM Konto DE89 3704 0044\nREM 0532 0130 00\n@echo off",
		"' Konto DE89 3704 0044\n' 0532 0130 00\nDim x As Integer",
		"% Konto DE89 3704 0044\n% 0532 0130 00\n\\begin{document}",
		"betrag = 120  // Überweisung an DE89 3704 0044\n              // 0532 0130 00 (Hausbank)",
		"Name        IBAN\nKowalski    DE89 3704 0044\n            0532 0130 00",
	} {
		t.Run(p, func(t *testing.T) { checkHeld(t, h, sent, openai, p, "DE89", "742 719") })
	}
	t.Run("code with comments and no value", func(t *testing.T) {
		for _, p := range []string{
			"// 1. Anfrage ohne Anmeldung -> 401\n// 2. Anfrage mit Anmeldung -> 200\nfunc TestLogin(t *testing.T) {}",
			"# Stand 2024\n# 12 Einträge, siehe Ticket 4711\nx = [1, 2, 3]",
			"/*\n * Version 2.4\n * 3 Tabellen, 12 Spalten\n */",
			"-- Laufzeit 120 ms\n-- 4 Zeilen\nSELECT 1;",
		} {
			body := promptBody(p)
			code, answer, got := postForwarded(t, h, sent, openai, body)
			if code != 200 || len(got) != 1 || got[0] != body {
				t.Fatalf("%q: %d %.200s %v", p, code, answer, got)
			}
		}
	})
}

// TestZeroFractions: a Steuer-ID in groups with a fraction of zeros after
// it, as a spreadsheet's number format with thousands marks shows it
// ("86.095.742.719,00", "86,095,742,719.00"), is read without the
// fraction; other fractions, more zeros and an IBAN keep theirs.
func TestZeroFractions(t *testing.T) {
	checkFolds(t, []foldCase{
		{"Steuer-ID 86.095.742.719,00", "Steuer-ID 86 095 742 719"},
		{"IdNr 86,095,742,719.00;Kowalski", "IdNr 86 095 742 719;Kowalski"},
		{"86'095'742'719.0 €", "86 095 742 719 €"},
		{"Steuer-ID 86 095 742 719,00", "Steuer-ID 86 095 742 719"},
		// what stays
		{"86.095.742.719,01", "86 095 742 719,01"},
		{"86.095.742.719,0000", "86 095 742 719,0000"},
		{"86.095.742.719,00,5", "86 095 742 719,00,5"},
		{"DE89.3704.0044.0532.0130.00,00", "DE89 3704 0044 0532 0130 00,00"},
		{"Summe 12.345.678,00 €", ""},
		{"12 86 095 742 719,00", ""},
		{"86 095 742 71,00", ""},
	})
}

// TestFormattedTaxIDsInspected: a Steuer-ID that a spreadsheet stored as
// a number and shows with thousands marks and two decimals (Excel's
// Ctrl+Shift+1, "#.##0,00"), copied with its table into a chat, is found
// through the running proxy. Before (sec43), the detectors read an amount
// and it went to the service; "86.095.742.719" and "86095742719,00" were
// found. Amounts pass unchanged.
func TestFormattedTaxIDsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Steuer-ID 86.095.742.719,00",
		"Bitte prüfe die Liste:\nIdNr\tName\tBetrag\n86.095.742.719,00\tKowalski\t120,00",
		"IdNr;Name\n86,095,742,719.00;Kowalski",
		"Steuer-ID 86 095 742 719,00",
	} {
		t.Run(p, func(t *testing.T) { checkHeld(t, h, sent, openai, p) })
	}
	t.Run("amounts", func(t *testing.T) {
		body := promptBody("Haushalt 2025: Erträge 1.234.567.890,00 €, Aufwendungen 98.765.432,10 €, Rücklage 12.000.000,00 €.")
		code, answer, got := postForwarded(t, h, sent, openai, body)
		if code != 200 || len(got) != 1 || got[0] != body {
			t.Fatalf("%d %.200s %v", code, answer, got)
		}
	})
}
