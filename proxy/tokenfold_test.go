package proxy

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// canaryLeft reports a piece of the test's planted values in what the
// service got: the Steuer-ID's digits (also those of an exponent form),
// the IBAN's groups, the surname, the year of birth.
func canaryLeft(s string) string {
	for _, p := range []string{"6095742719", "609574271", "0532", "0130", "Kowalski", "1961"} {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// sendRows posts each body and checks that the planted values reached the
// service replaced, or that it was blocked with the notice; a clean body
// must go through unchanged.
func sendRows(t *testing.T, rows []sentRow) {
	t.Helper()
	h, sent := newEvasionHarness(t)
	for i, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(tc.body, `"model":"gpt-4o"`, `"model":"gpt-4o","user":"r`+string(rune('a'+i))+`"`, 1)
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			got := sent()[n:]
			if tc.clean {
				if code != 200 || len(got) != 1 || got[0] != body {
					t.Fatalf("a clean body was changed or refused: %d %.200s %q", code, out, got)
				}
				return
			}
			if len(got) == 0 {
				if code == 200 || !strings.Contains(out, "schleuse") {
					t.Fatalf("refused without the notice: %d %.300s", code, out)
				}
				return
			}
			if p := canaryLeft(got[0]); p != "" || !placeholder.MatchString(got[0]) {
				t.Fatalf("the service got %q of a planted value: %s", p, got[0])
			}
		})
	}
}

var placeholder = regexp.MustCompile(`\[[A-Z_]+_[0-9]+\]`)

type sentRow struct {
	name, body string
	clean      bool
}

func promptBody(prompt string) string {
	q, _ := json.Marshal(prompt)
	return `{"model":"gpt-4o","messages":[{"role":"user","content":` + string(q) + `}]}`
}

func toolBody(args, result string) string {
	a, _ := json.Marshal(args)
	r, _ := json.Marshal(result)
	return `{"model":"gpt-4o","messages":[{"role":"user","content":"Buche."},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"buchen","arguments":` +
		string(a) + `}}]},{"role":"tool","tool_call_id":"call_1","content":` + string(r) + `}]}`
}

// TestNumberFormsInspected: a Steuer-ID written as a number the model reads
// by what it denotes — with a fraction of zeros inside JSON text that sits
// in a string (a tool call's arguments, a tool's result, as json.dumps and
// pandas write an id column of floats), with an exponent, with a minus
// sign, in the body's JSON and in such text, or in a JSON list without
// blanks ("[1,86095742719,2]", which the detectors read as a decimal) —
// is replaced. Before, each reached the service (sec12, sec13). Measures
// (1.5e3, 6.02e23, 0.5), a time and a random signed id stay as they are.
func TestNumberFormsInspected(t *testing.T) {
	tax := testTaxID
	meta := func(v string) string {
		return `{"model":"gpt-4o","metadata":{"kunde":` + v + `},"messages":[{"role":"user","content":"Hallo"}]}`
	}
	sendRows(t, []sentRow{
		{"arguments with a float", toolBody(`{"a":`+tax+`.0}`, "ok"), false},
		{"arguments with many zeros", toolBody(`{"betrag":`+tax+`.000000}`, "ok"), false},
		{"tool result rows of floats", toolBody(`{}`, `{"rows":[[1,`+tax+`.0,2.5]]}`), false},
		{"tool result as CSV of floats", toolBody(`{}`, "id,wert\n1,"+tax+".0"), false},
		{"tool result list without blanks", toolBody(`{}`, `[1,`+tax+`,2]`), false},
		{"arguments with an exponent", toolBody(`{"steuer_id":8.6095742719e10}`, "ok"), false},
		{"arguments with an exponent, capital E", toolBody(`{"a":860957427190E-1}`, "ok"), false},
		{"arguments negative", toolBody(`{"a":-`+tax+`}`, "ok"), false},
		{"prompt with an exponent", promptBody("Steuer-ID 8.6095742719e10 bitte prüfen"), false},
		{"CSV with a decimal comma and an exponent", promptBody("Nr;Steuer-ID\n1;8,6095742719E+10"), false},
		{"body number with an exponent", meta("8.6095742719e10"), false},
		{"body number with an exponent below", meta("860957427190e-1"), false},
		{"body number negative", meta("-" + tax), false},
		{"body number negative float", meta("-" + tax + ".0"), false},
		{"a float under id", `{"model":"gpt-4o","metadata":{"id":` + tax + `.0},"messages":[{"role":"user","content":"Hallo"}]}`, false},
		{"an exponent under an id key", `{"model":"gpt-4o","metadata":{"kunden_id":8.6095742719e10},"messages":[{"role":"user","content":"Hallo"}]}`, false},
		{"ids and times", `{"model":"gpt-4o","metadata":{"id":133460009,"created_at":1.7329536e9,"score":0.5},"messages":[{"role":"user","content":"Hallo"}]}`, true},
		{"measures, times, random ids", `{"model":"gpt-4o","metadata":{"a":1.5e3,"b":-1732953600,"c":6.02e23,"d":-6350206681586176721,"e":0.5,"f":1.7329536e12},"messages":[{"role":"user","content":"Hallo"}]}`, true},
		{"measures in text", promptBody("Bitte rechne 1.5e3 Liter mal 2.5e-3, Seite 3/4, 2024–2025, 3,14159 und [1,2,3]."), true},
		{"measures in arguments", toolBody(`{"menge":1.5e3,"anteil":0.25,"ids":[1,2,3],"ts":1732953600}`, `{"summe":1234567.50}`), true},
	})
}

// TestJointsInsideValuesInspected: a name or a value whose pieces are
// joined by a mark the model reads through — an en dash or a middle dot
// between a given name and a surname, a slash after a salutation, middle
// dots or slashes between an IBAN's or a Steuer-ID's groups, the cells of
// a CSV row ("DE89;3704;0044;0532;0130;00") in a prompt and in an uploaded
// .csv — is found whole. Before, the detectors read "Herr Jürgen" and a
// word after the mark, and the surname went out; the IBAN and the
// Steuer-ID were no values to them (sec12, sec13). Ordinary slashes,
// dashes and gender dots pass unchanged.
func TestJointsInsideValuesInspected(t *testing.T) {
	csv := "Nr;Bank1;Bank2;Bank3;Bank4;Bank5;Bank6\n1;DE89;3704;0044;0532;0130;00\n"
	file := `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse zusammen"},{"type":"file","file":{"filename":"liste.csv","file_data":"data:text/csv;base64,` +
		base64.StdEncoding.EncodeToString([]byte(csv)) + `"}}]}]}`
	sendRows(t, []sentRow{
		{"en dash in a name", promptBody("Brief an Herr Jürgen–Kowalski wegen des Antrags"), false},
		{"middle dot in a name", promptBody("Brief an Herr Jürgen·Kowalski wegen des Antrags"), false},
		{"slash in a name", promptBody("Brief an Herr Jürgen/Kowalski wegen des Antrags"), false},
		{"IBAN with middle dots", promptBody("Überweise an DE89·3704·0044·0532·0130·00 bitte"), false},
		{"IBAN with slashes", promptBody("Überweise an DE89/3704/0044/0532/0130/00 bitte"), false},
		{"IBAN with its country apart by hyphens", promptBody("Überweise an DE-89-3704-0044-0532-0130-00 bitte"), false},
		{"IBAN with its country apart by slashes", promptBody("Überweise an DE/89/3704/0044/0532/0130/00 bitte"), false},
		{"IBAN in pairs with its country apart", promptBody("Überweise an DE-89-37-04-00-44-05-32-01-30-00 bitte"), false},
		{"Steuer-ID with middle dots", promptBody("Steuer-ID 860·957·427·19"), false},
		{"Steuer-ID with slashes", promptBody("Steuer-ID 860/957/427/19"), false},
		{"Steuer-ID with dots", promptBody("Steuer-ID 860.957.427.19"), false},
		{"Steuer-ID with Swiss thousands marks", promptBody("Steuer-ID 86'095'742'719"), false},
		{"IBAN in CSV cells", promptBody("Name;IBAN\nJürgen K.;DE89;3704;0044;0532;0130;00"), false},
		{"IBAN in CSV cells by commas", promptBody("Konto,DE89,3704,0044,0532,0130,00"), false},
		{"IBAN in quoted CSV cells", promptBody(`"Konto";"DE89";"3704";"0044";"0532";"0130";"00"`), false},
		{"IBAN in cells with blanks", promptBody("Konto; DE89; 3704; 0044; 0532; 0130; 00"), false},
		{"IBAN in a Markdown table", promptBody("| Konto | DE89 | 3704 | 0044 | 0532 | 0130 | 00 |"), false},
		{"IBAN in an uploaded CSV", file, false},
		// sec28: a joint beyond ASCII that stands for an ASCII one
		{"Steuer-ID with Word's apostrophes", promptBody("Steuer-ID 86’095’742’719"), false},
		{"Steuer-ID with acute accents", promptBody("Steuer-ID 860´957´427´19"), false},
		{"Steuer-ID in Arabic-Indic digits with thousands separators", promptBody("Steuer-ID ٨٦٠٬٩٥٧٬٤٢٧٬١٩"), false},
		{"Steuer-ID with fraction slashes", promptBody("Steuer-ID 860⁄957⁄427⁄19"), false},
		{"IBAN with bullets", promptBody("Überweise an DE89•3704•0044•0532•0130•00 bitte"), false},
		{"IBAN with ideographic commas", promptBody("Konto DE89、3704、0044、0532、0130、00"), false},
		{"ordinary joints beyond ASCII", promptBody("Wie geht’s? 1’000 Franken, 3⁄4 Liter, Punkt• 2, Lieferung 12’345’678’90, Nr. 860’957’427’18"), true},
		// sec26: Markdown and LaTeX marks between digit groups.
		{"Steuer-ID with bold digits", promptBody("Steuer-ID 8609**5742**719"), false},
		{"IBAN with a code span", promptBody("IBAN DE89 `3704` 0044 0532 0130 00"), false},
		{"Steuer-ID with a TeX thin space", promptBody(`Steuer-ID 86095\,742719`), false},
		{"IBAN struck through in pieces", promptBody("IBAN DE89 3704 ~~0044~~ 0532 0130 00"), false},
		// sec27: marks of several kinds in one joint, one mark inside a
		// value.
		{"Steuer-ID in bold around a code span", promptBody("Steuer-ID 8609**`5742`**719"), false},
		{"Steuer-ID in italics around a code span", promptBody("Steuer-ID 8609*`5742`*719"), false},
		{"Steuer-ID split by one star", promptBody("Steuer-ID 8609*5742719"), false},
		{"Steuer-ID split by one underscore", promptBody("Steuer-ID 8609_5742719"), false},
		{"Steuer-ID split by one tilde", promptBody("Steuer-ID 86095742~719"), false},
		{"Steuer-ID split by one hash", promptBody("Steuer-ID 860957#42719"), false},
		{"IBAN with a hash inside a group", promptBody("IBAN DE89 3704 0044#0532 0130 00"), false},
		{"IBAN whole with one star", promptBody("IBAN DE8937040044*0532013000"), false},
		{"mobile number split by one star", promptBody("Handy 0151*20532013 bitte zurückrufen"), false},
		{"ordinary single marks", promptBody("3*4 = 12, 12*365 Tage, 2_000 Euro, Ticket #12, Zeile 3#4, scan_2024_0311_5742719.pdf, ~5 km, *kursiv* und _auch_, a*b, Version 1_0176_123456, 8609*5742718, 2**3*4, x_1*2"), true},
		{"ordinary Markdown and TeX", promptBody("2**10 = 1024, 3 * 4 = 12, **Wichtig**, a`b`, setze `x` auf 5, Tabelle | 12 | 34 |, $1\\,000$ Euro"), true},
		{"ordinary joints", promptBody("Seite 3/4, 2024–2025, Berlin/Brandenburg, Lehrer·innen, und/oder, Nord–Süd, Anamnese/Befund, Frau/Herr bitte prüfen"), true},
	})
}

// TestJoinedDatesInspected: a date of birth joined to the words around it
// ("geb.12.03.1961Kowalski", "geboren_am_12.03.1961" as a file or field
// name) is found. Before, the detectors read no date in a word, and the
// file-name reading took ".1961" for an extension ("geboren am 12.03
// 1961"), so the date went out (sec12, sec13).
func TestJoinedDatesInspected(t *testing.T) {
	sendRows(t, []sentRow{
		{"after geb. without a blank, a surname after", promptBody("geb.12.03.1961Musterfrau"), false},
		{"after geb without a dot", promptBody("Herr Schulz, geb12.03.1961, wohnhaft in Bonn"), false},
		{"joined by underscores", promptBody("geboren_am_12.03.1961"), false},
		{"ISO date after geb", promptBody("Herr Schulz geb1961-03-12 in Bonn"), false},
		// An IBAN or a Steuer-ID glued to a label or a name.
		{"IBAN glued to its label", promptBody("IBANDE89370400440532013000 bitte"), false},
		{"spaced IBAN glued to a word", promptBody("KontoDE89 3704 0044 0532 0130 00 bitte"), false},
		{"Steuer-ID glued to its label", promptBody("Steuer-ID86095742719 bitte"), false},
		{"Steuer-ID after IdNr.", promptBody("IdNr.86095742719 bitte"), false},
		{"IBAN glued to a name after it", promptBody("DE89370400440532013000Musterfrau"), false},
		{"random ids", promptBody("commit a3f86095742719b2c, Rechnung RE86095742719, id x86095742719y"), true},
		{"a date in a protocol", promptBody("Protokoll vom 12.03.2024: TOP 1 beschlossen, Version_12.03.2024"), true},
	})
}

// TestFoldTokens: what foldTokens reads, and that each finding of the
// reading covers its whole value in the text.
func TestFoldTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a":86095742719.0}`, `{"a":86095742719}`},
		{`8.6095742719e10`, `86095742719`},
		{`-8.6095742719E+10 x`, `-86095742719 x`},
		{`[1,86095742719,2]`, `[1, 86095742719, 2]`},
		{`[86095742719.00,"x"]`, `[86095742719,"x"]`},
		{`DE89;3704;0044;0532;0130;00`, `DE89 3704 0044 0532 0130 00`},
		{`x DE89/3704/0044/0532/0130/00.`, `x DE89 3704 0044 0532 0130 00.`},
		{`860/957/427/19`, `860 957 427 19`},
		{`DE-89-3704-0044-0532-0130-00`, `DE 89 3704 0044 0532 0130 00`},
		{`x DE/89/3704/0044/0532/0130/00.`, `x DE 89 3704 0044 0532 0130 00.`},
		{`AB-12-3704-0044 DE-88-3704-0044-0532-0130-00 xDE-89-3704-0044-0532-0130-00`, ``},
		{`geb.12.03.1961Kowalski`, `geb. 12.03.1961 Kowalski`},
		{`geb12.03.1961`, `geb 12.03.1961`},
		{`geb1961-03-12Kowalski`, `geb 1961-03-12 Kowalski`},
		{`IBANDE89370400440532013000`, `IBAN DE89370400440532013000`},
		{`IdNr.86095742719Kowalski`, `IdNr. 86095742719 Kowalski`},
		{`1;8,6095742719E+10;x`, `1;86095742719;x`},
		{`x 86'095'742'719 y`, `x 86 095 742 719 y`},
		{`"DE89";"3704";"0044";"0532";"0130";"00"`, `"DE89   3704   0044   0532   0130   00"`},
		{`| DE89 | 3704 | 0044 | 0532 | 0130 | 00 |`, `| DE89   3704   0044   0532   0130   00 |`},
		// unchanged
		{`1.5e3 6.02e23 0.5 1.0 3,14 2024–2025 3/4 1,5e3 2,5`, ``},
		{`Version 1.2.3, 10.0.19045.3803, 1.234.567,89 €`, ``},
		{`702.3.159334.8 319/5704/2281 12.03.2024 0221/221-0 2024-11-30T12:00 v2024-13-01`, ``},
		{`DE89;3704;0044;0532;0130;01`, ``}, // the check fails
		// glued to words, the check fails
		{`IBANDE89370400440532013001 KontoDE89 3704 0044 0532 0130 01x`, ``},
		{`86095742719`, ``},
		{`a3f86095742719b2c x86095742719y`, ``},
		{`Seite 12, 34, 56; DE89 3704;0044`, ``},
		{`"860","957","427","19"`, `"860   957   427   19"`},
		{"DE89\t3704\t0044\t0532\t0130\t00", "DE89 3704 0044 0532 0130 00"},
		{"860\t957\t427\t19", ``}, // a table's row (sec27)
		// joints beyond ASCII that stand for an ASCII one (sec28: jointLike)
		{"x 86’095’742’719 y", `x 86 095 742 719 y`},
		{"860ʼ957ʼ427ʼ19, 860′957′427′19, 860´957´427´19", `860 957 427 19, 860 957 427 19, 860 957 427 19`},
		{"860٬957٬427٬19 860٫957٫427٫19 860،957،427،19", `860 957 427 19 860 957 427 19 860 957 427 19`},
		{"860⁄957⁄427⁄19 860∕957∕427∕19 860、957、427、19", `860 957 427 19 860 957 427 19 860 957 427 19`},
		{"IBAN DE89•3704•0044•0532•0130•00.", `IBAN DE89 3704 0044 0532 0130 00.`},
		{"IBAN DE89 ’ 3704 ’ 0044 ’ 0532 ’ 0130 ’ 00", `IBAN DE89   3704   0044   0532   0130   00`},
		// unchanged: prose, a failing check, two kinds of joint
		{"geht’s, 1’000 Franken, 3⁄4, 12• 34, Punkt• 2, 860’957’427’18, 860’957/427’19", ``},
		// letters for digits (sec16)
		{`Steuer-ID 86O957427I9.`, `Steuer-ID 86095742719.`},
		{`IBAN DE89 37O4 OO44 O532 O13O OO`, `IBAN DE89 3704 0044 0532 0130 00`},
		{`IBAN DE89 3704 0044 0S32 0130 00`, `IBAN DE89 3704 0044 0532 0130 00`},
		{`(de8937o4oo44o532o13ooo)`, `(de89370400440532013000)`},
		{`Steuer-ID 86O957427l9 und 8BO957427I9`, `Steuer-ID 86095742719 und 8BO957427I9`},
		// unchanged: no letter, the check fails, a letter first, glued to a word
		{`S6095742719 86O957427I8 86O957427I9x xDE89 37O4 OO44 O532 O13O OO B2B 1O0 SOS 3S lOl`, ``},
	} {
		got, start, end, ok := foldTokens(tc.in)
		want := tc.want
		if want == "" {
			want = tc.in
		}
		if got != want || ok != (tc.want != "") {
			t.Errorf("%q: %q %v, want %q", tc.in, got, ok, want)
			continue
		}
		if ok && (len(start) != len(got) || len(end) != len(got)) {
			t.Errorf("%q: %d spans for %d bytes", tc.in, len(start), len(got))
		}
	}
	// A finding covers the whole number as written.
	fs := ScanText(detectors.Default(), `{"steuer_id": 8.6095742719e10}`)
	if len(fs) != 1 || fs[0].Start != 14 || fs[0].End != 29 {
		t.Errorf("findings %v, want one at [14,29)", fs)
	}
}

// checkRunChecks fails when checksFor leaves out a reading that finds
// something at a digit of s: at every digit, not only at a run's first
// (after an IBAN glued to digits foldTokens goes on inside the run).
func checkRunChecks(t *testing.T, s string) {
	t.Helper()
	for p := 0; p < len(s); p++ {
		if !isDigit(s[p]) {
			continue
		}
		q := p
		for q < len(s) && isDigit(s[q]) {
			q++
		}
		can := checksFor(s, p, q)
		if _, n := gluedValue(s, p); n > 0 && !can.glued {
			t.Errorf("%q at %d: gluedValue reads a value, checksFor left it out", s, p)
		}
		if _, _, n := checkedGroups(s, p); n > 0 && !can.groups {
			t.Errorf("%q at %d: checkedGroups reads a value, checksFor left it out", s, p)
		}
		if _, _, ok := dateAt(s, p); ok && !can.date {
			t.Errorf("%q at %d: dateAt reads a date, checksFor left it out", s, p)
		}
		if _, _, ok := numberToken(s, p); ok && !can.number {
			t.Errorf("%q at %d: numberToken reads a number, checksFor left it out", s, p)
		}
		if _, _, n := lettersForDigits(s, p, q); n > 0 && !can.letters {
			t.Errorf("%q at %d: lettersForDigits reads a value, checksFor left it out", s, p)
		}
	}
}

// TestRunChecks: checksFor leaves out no reading that holds, over the
// rows of TestFoldTokens, FuzzFoldTokens' seeds and the values each
// reading takes at its edges.
func TestRunChecks(t *testing.T) {
	texts := append(foldTokenSeeds(),
		`{"a":86095742719.0}`, `[86095742719.00,"x"]`, `x DE89/3704/0044/0532/0130/00.`, `86095742719`,
		`1;8,6095742719E+10;x`, `x 86'095'742'719 y`, `"860","957","427","19"`, `Seite 12, 34, 56; DE89 3704;0044`,
		`Version 1.2.3, 10.0.19045.3803, 1.234.567,89 €`, `12:00 2024 § 3 0228 123456 10.1.2.3 geboren am 12.03.1975.`,
		`GB82WEST12345698765432;x GB82;WEST;1234;5698;7654;32 gb82;west;1234;5698;7654;32`,
		`IBANDE8937040044053201300012 KontoDE89 3704 0044 0532 0130 00123.45.6789 86095742719Kowalski`,
		`8.6095742719e10 860957427190E-1 000000086095742719 0086095742719e0 8,6095742719e+10 1.5e3`,
		`1.3.61x 01.03.1961 1.3.1961Kowalski 1961-03-12 1961-3-12 x1961-03-12 861-03-12 19610-03-12`,
		`x 123456789 y [1,123456789012] 1234567890123 86.095.742.719 860957.42719 8609574.2719 86 09 57 42 71 9 86|095|742|719 860_957_427_19x`)
	for _, s := range texts {
		checkRunChecks(t, s)
	}
}

// foldTokenSeeds are FuzzFoldTokens' seeds, from TestFoldTokens' rows.
func foldTokenSeeds() []string {
	return []string{`{"a":86095742719.0}`, `8.6095742719e10`, `-8.6095742719E+10 x`, `[1,86095742719,2]`,
		`DE89;3704;0044;0532;0130;00`, `860/957/427/19`, `DE-89-3704-0044-0532-0130-00`, `x DE/89/3704/0044/0532/0130/00.`, `AB-12-3704-0044 DE-88-3704-0044-0532-0130-00`, `geb.12.03.1961Kowalski`, `geb12.03.1961`, `1.5e3 6.02e23`,
		`702.3.159334.8 319/5704/2281`, `1e40 1e-40 0e5 00.0e10 9.99999999999e11,`, `"DE89";"3704";"0044";"0532";"0130";"00"`, `| DE89 | 3704 |`, "geb1961-03-12x 2024-11-30T12:00 1961-03-1 1961-03-", "IBANDE89 3704 0044 0532 0130 00x", "IdNr.86095742719Kowalski",
		"Steuer-ID 86O957427I9", "IBAN DE89 37O4 OO44 O532 O13O OO.", "de89370400440532013oOo", "S1234567890 B2B 1O0 SOS lOl", "",
		"x 86’095’742’719 y", "٨٦٠٬٩٥", "860⁄957⁄427⁄19", "DE89•3704•0044•0532•0130•00", "DE•89•3704", "1 ’ 2â", "3、 4’",
		"86.095.742.719,00", "86,095,742,719.00 €", "86'095'742'719.000;x", "86.095.742.719,0000", "86.095.742.719,", "86.095.742.719,00,5", "DE89.3704.0044.0532.0130.00,00"}
}

// FuzzFoldTokens: every byte of the reading stands for a span of the
// text, in order; a byte of a span of one byte is that byte or a blank; a
// blank may be inserted (an empty span); a text it does not change is
// returned without spans. Seeded from TestFoldTokens.
func FuzzFoldTokens(f *testing.F) {
	for _, s := range foldTokenSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkRunChecks(t, s)
		got, start, end, ok := foldTokens(s)
		if !ok {
			if got != s || start != nil {
				t.Fatalf("%q: not ok, but %q", s, got)
			}
			return
		}
		if len(start) != len(got) || len(end) != len(got) {
			t.Fatalf("%q → %q: %d starts, %d ends", s, got, len(start), len(end))
		}
		for i := range len(got) {
			if start[i] < 0 || start[i] > end[i] || int(end[i]) > len(s) || i > 0 && start[i] < start[i-1] {
				t.Fatalf("%q → %q: byte %d stands for [%d,%d)", s, got, i, start[i], end[i])
			}
			if start[i] == end[i] && got[i] != ' ' {
				t.Fatalf("%q → %q: byte %d %q inserted", s, got, i, got[i])
			}
			if end[i]-start[i] == 1 && s[start[i]] != got[i] && got[i] != ' ' {
				t.Fatalf("%q → %q: byte %d %q stands for %q", s, got, i, got[i], s[start[i]])
			}
		}
	})
}

// TestGroupJoint: the table holds the marks the reading's comment names
// ("/", ";", ",", "|", ":", ".", "-", "_", "+", "\", "'", and a tab for an
// IBAN's pieces), no other byte.
func TestGroupJoint(t *testing.T) {
	for c := range 256 {
		if got, want := groupJoint(byte(c)), strings.IndexByte("/;,|:.-_+\\'\t", byte(c)) >= 0; got != want {
			t.Errorf("groupJoint(%q) = %v, want %v", byte(c), got, want)
		}
	}
}

// TestTabsInsideValuesInspected: a tab inside a value, as the one tab of a
// line standing outside a table ("Steuer-ID 86095⇥742719", also in a
// header value) or as the joints of an IBAN's cells ("DE89⇥3704⇥…"), is
// read through; before (sec27), each went to the service as written. A
// table copied from a spreadsheet, whose two cells would make a Steuer-ID
// joined, passes unchanged: of 20 000 rows of four random numbers of two
// to six digits none reads as one by tabs (38 by ";"), of 1 000 tables of
// a hundred rows none; one line of just two such numbers by a tab reads as
// one 6 times in 20 000.
func TestTabsInsideValuesInspected(t *testing.T) {
	sendRows(t, []sentRow{
		{"Steuer-ID split by a tab", promptBody("Steuer-ID 86095\t742719 bitte prüfen"), false},
		{"Steuer-ID split by a tab after its first digit", promptBody("Antrag von Herrn K.\nSteuer-ID 8\t6095742719\nBitte prüfen"), false},
		{"IBAN in a spreadsheet's cells", promptBody("Konto\tDE89\t3704\t0044\t0532\t0130\t00"), false},
		{"IBAN with one tab", promptBody("IBAN DE89 3704\t0044 0532 0130 00"), false},
		{"tables", promptBody("Jahr\tWert1\tWert2\n2024\t86095\t742719\n2025\t12\t34\n\n86095\t742719\n12345\t67890"), true},
		{"a row of four numbers", promptBody("860\t957\t427\t19"), true},
	})
	h, up := newBadInputHarness(t)
	for _, tc := range []struct {
		v     string
		clean bool
	}{{"Steuer-ID 86095\t742719", false}, {"Werte 12\t345", true}} {
		n := up.count()
		code, body := sendWithHeaders(t, h, "POST", "https://api.openai.com/v1/chat/completions", map[string]string{"X-Client-Note": tc.v})
		if tc.clean != (code == 200 && up.count() == n+1) {
			t.Errorf("X-Client-Note %q: %d %.200s", tc.v, code, body)
		}
	}
}
