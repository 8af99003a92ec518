package proxy

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
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

// TestMailEncodingsInUploadedFilesInspected: an uploaded mail (.eml) is
// read as the mail it is, through the running proxy: its quoted-printable
// body decoded, a soft line break inside a Steuer-ID joined, the encoded
// words of its header lines decoded. Before, the detectors read the
// escapes ("J=C3=BCrgen", "860957=\r\n42719", "=?ISO-8859-1?Q?J=FCrgen_
// Kowalski?="), and the Steuer-ID, a marking, a name and an IBAN in escaped
// letters went to the service, which a model reads as plainly as the mail
// program shows them. A mail without them passes.
func TestMailEncodingsInUploadedFilesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"antrag.eml\"\r\nContent-Type: message/rfc822\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	qp := func(body string) string {
		return "Subject: Antrag\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + body
	}
	for _, tc := range []struct{ name, mail string }{
		{"a Steuer-ID across a soft line break", qp("Meine Steuer-Identifikationsnummer lautet 860957=\r\n42719. Vielen Dank f=C3=BCr Ihre Hilfe.\r\n")},
		{"a marking with escaped letters", qp("VS =E2=80=93 Nur f=C3=BCr den Dienstgebrauch\r\n")},
		{"a name and an IBAN in escaped letters", qp("Herr J=C3=BCrgen =4B=6F=77=61=6C=73=6B=69, IBAN =44=45=38=39=20=33=37=30=34=20=30=30=34=34=20=30=35=33=32=20=30=31=33=30=20=30=30\r\n")},
		{"a name in an encoded word", "From: =?ISO-8859-1?Q?J=FCrgen_Kowalski?= <x>\r\nSubject: Antrag\r\n\r\nHallo\r\n"},
		{"a name in two encoded words", "From: =?UTF-8?Q?J=C3=BCrgen?=\r\n =?UTF-8?Q?_Kowalski?= <x>\r\nSubject: Antrag\r\n\r\nHallo\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, out, got := upload(tc.mail); len(got) > 0 || code == 200 {
				t.Fatalf("the service got the mail unread (%d %.200s)", code, out)
			}
		})
	}
	t.Run("a mail without them passes", func(t *testing.T) {
		code, out, got := upload(qp("Sehr geehrte Damen und Herren,\r\nbitte senden Sie mir die Unterlagen f=C3=BCr den Bauantrag zu. Mit freundlichen Gr=C3=BC=\r\n=C3=9Fen\r\n"))
		if code != 200 || len(got) != 1 {
			t.Fatalf("not forwarded: %d %.300s", code, out)
		}
	})
}

// TestExtendedFileNameInAnyCharsetInspected: a file name written as RFC
// 2231's filename* in a charset Go's mime does not decode
// ("filename*=iso-8859-1”J%FCrgen%20Kowalski…", which Python's and .NET's
// readers decode) is read, in a multipart part and in a request's
// Content-Disposition header, through the running proxy; before, Go
// dropped the parameter, and the name and the date of birth went to the
// service unread (sec14). A clean name in Latin-1 passes.
func TestExtendedFileNameInAnyCharsetInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const secret = `J%FCrgen%20Kowalski%20geb.%2012.03.1961.txt`
	upload := func(cd string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; " + cd + "\r\nContent-Type: text/plain\r\n\r\nSehr geehrte Damen und Herren, anbei der Antrag.\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	header := func(cd string) (int, string, []string) {
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(chatBody("Hallo")))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Disposition", "attachment; "+cd)
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	for _, tc := range []struct {
		name string
		send func(string) (int, string, []string)
		cd   string
	}{
		{"a part's filename* in ISO-8859-1", upload, `filename*=iso-8859-1''` + secret},
		{"a part's filename* in pieces in Windows-1252", upload, `filename*0*=windows-1252'de'J%FCrgen%20Ko; filename*1="walski geb. 12.03.1961.txt"`},
		{"a header's filename* in ISO-8859-1", header, `filename*=iso-8859-1''` + secret},
		{"a header's plain filename beside filename*", header, `filename*=UTF-8''antrag.txt; filename="Kowalski geb. 12.03.1961.txt"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, out, got := tc.send(tc.cd); len(got) > 0 || code == 200 {
				t.Fatalf("the service got the name unread (%d %.200s)", code, out)
			}
		})
	}
	for name, send := range map[string]func(string) (int, string, []string){"a part": upload, "a header": header} {
		t.Run(name+": a clean name in Latin-1 passes", func(t *testing.T) {
			if code, out, got := send(`filename*=iso-8859-1''Gr%FC%DFe%20aus%20K%F6ln.txt`); code != 200 || len(got) != 1 {
				t.Fatalf("not forwarded: %d %.300s", code, out)
			}
		})
	}
}

// TestMailEncodingsInPromptsInspected: a mail's source pasted into a
// prompt is read as the mail it is, as an uploaded one is: quoted-printable
// decoded, encoded words too. Before, a Steuer-ID across a soft line
// break, a marking and a name in an encoded word went to the model, which
// reads them as plainly. What stands outside the escapes is pseudonymised
// as in any prompt; a mail without data passes as it is.
func TestMailEncodingsInPromptsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const mail = "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
	for _, tc := range []struct {
		name, prompt string
		want         string // "" blocked; else in what the service gets
	}{
		{"a Steuer-ID across a soft line break", mail + "Meine Steuer-ID lautet 860957=\n42719. Danke f=C3=BCr Ihre Hilfe.", ""},
		{"a marking", mail + "VS =E2=80=93 Nur f=C3=BCr den Dienstgebrauch", ""},
		{"a name in an encoded word", "Bitte beantworte: From: =?ISO-8859-1?Q?J=FCrgen_Kowalski?= <x>", ""},
		{"a name outside the escapes", "Beantworte die Mail von Herrn Jürgen Kowalski:\n" + mail + "Bitte senden Sie mir die Unterlagen f=C3=BCr den Antrag.", "[PERSON_1]"},
		{"a mail without data", "Beantworte:\n" + mail + "Bitte senden Sie mir die Unterlagen f=C3=BCr den Antrag. Gr=C3=BC=\n=C3=9Fe", "f=C3=BCr den Antrag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(tc.prompt))
			got := sent()[n:]
			switch {
			case tc.want == "" && (len(got) > 0 || code == 200):
				t.Fatalf("the service got %q (%d)", got, code)
			case tc.want != "" && (code != 200 || len(got) != 1 || !strings.Contains(got[0], tc.want) || strings.Contains(got[0], "Kowalski")):
				t.Fatalf("%d %.200s: the service got %q", code, out, got)
			}
		})
	}
}

// TestEnclosedFormsInsideValues: a Steuer-ID in super- or subscript,
// circled or negative circled digits, an IBAN behind a flag (regional
// indicators) or squared letters, written so by a "fancy text" generator
// or a keyboard's emoji, is read as a model reads it, through the running
// proxy: found and replaced whole. Before (sec14), each went out as it
// stood. One such character alone — a footnote, a unit, a list's mark, a
// flag before a word — stays as written and passes, and a name with a
// footnote is still a name.
func TestEnclosedFormsInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct {
		name, prompt string
		want         string // in what the service gets
		gone         string // not in it
	}{
		{"superscript digits", "Meine Steuer-ID: ⁸⁶⁰⁹⁵⁷⁴²⁷¹⁹", "[DE_TAX_ID_", "⁸⁶⁰"},
		{"subscript digits", "Meine Steuer-ID: ₈₆₀₉₅₇₄₂₇₁₉", "[DE_TAX_ID_", "₈₆₀"},
		{"circled digits", "Meine Steuer-ID: ⑧⑥⓪⑨⑤⑦④②⑦①⑨", "[DE_TAX_ID_", "⑧⑥"},
		{"negative circled digits", "Meine Steuer-ID: ❽❻⓿❾❺❼❹❷❼❶❾", "[DE_TAX_ID_", "❽❻"},
		{"an IBAN behind a flag", "Überweise an 🇩🇪89 3704 0044 0532 0130 00", "[IBAN_", "0532"},
		{"an IBAN behind squared letters", "Überweise an 🄳🄴89 3704 0044 0532 0130 00", "[IBAN_", "0532"},
		{"an IBAN in superscript groups", "Überweise an DE⁸⁹ ³⁷⁰⁴ ⁰⁰⁴⁴ ⁰⁵³² ⁰¹³⁰ ⁰⁰", "[IBAN_", "⁰⁵³²"},
		{"a name with a footnote", "Herr Jürgen Kowalski¹ hat Widerspruch eingelegt.", "[PERSON_1]¹", "Kowalski"},
		{"single marks pass", "① Antrag: 12 m² Fläche, CO₂-Bilanz, siehe Fußnote³; 🇩🇪 Deutschland", "① Antrag: 12 m² Fläche, CO₂-Bilanz, siehe Fußnote³; 🇩🇪 Deutschland", "_1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(h.llm.received)
			code, out := h.chat(t, "api.openai.com", tc.prompt, false)
			if code != 200 || len(h.llm.received) != n+1 {
				t.Fatalf("%d %.300s", code, out)
			}
			if up := h.llm.received[n]; !strings.Contains(up, tc.want) || strings.Contains(up, tc.gone) {
				t.Fatalf("the service got %s", up)
			}
		})
	}
}

// TestEscapedLettersOneByOneInspected: a Steuer-ID percent-encoded digit
// by digit ("%38%36%30…") and a name in "\x" escapes (a bytes repr pasted
// from Python, letters escaped one by one) are read decoded, through the
// running proxy, in a prompt and in an uploaded file; before (sec14), both
// went to the model, which decodes them as readily. Escaped signs, a
// terminal's colour codes and an amount pass as they are.
func TestEscapedLettersOneByOneInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notiz.txt\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	prompt := func(content string) (int, string, []string) {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(content))
		return code, out, sent()[n:]
	}
	for _, tc := range []struct{ name, text string }{
		{"a Steuer-ID percent-encoded digit by digit", "Steuer-ID %38%36%30%39%35%37%34%32%37%31%39"},
		{"a name in hex escapes", `Herr J\xfcrgen \x4B\x6F\x77\x61\x6C\x73\x6B\x69`},
		{"a Steuer-ID in hex escapes", `Steuer-ID \x38\x36\x30\x39\x35\x37\x34\x32\x37\x31\x39`},
	} {
		for where, send := range map[string]func(string) (int, string, []string){"prompt": prompt, "file": upload} {
			t.Run(where+": "+tc.name, func(t *testing.T) {
				if code, out, got := send(tc.text); len(got) > 0 || code == 200 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	t.Run("escaped signs pass", func(t *testing.T) {
		const clean = `Farbe \x1b[0m zurücksetzen, Pfad a%2F%2Fb%3D%3D, Rabatt 10%25`
		if code, out, got := prompt(clean); code != 200 || len(got) != 1 || !strings.Contains(got[0], `\\x1b[0m`) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// TestHyphenatedLineBreaksInsideValues: a word or a number broken over two
// lines by a hyphen, as text copied from a PDF or a narrow column holds it
// ("Dienst-\ngebrauch", "860957-\n42719", "Kowal-\r\nski"), is read whole,
// as a model reads it, through the running proxy; before (sec14), a VS
// marking and a Steuer-ID broken so went out, and of a name "ski" did. A
// hyphen before a capital or a blank, and a list's dashes, stay.
func TestHyphenatedLineBreaksInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct {
		name, prompt string
		code         int
		want, gone   string // in and not in what the service gets (code 200)
	}{
		{"a marking", "VS-Nur für den Dienst-\ngebrauch\n\nLagebild der Feuerwehr", 400, "", ""},
		{"a Steuer-ID", "Steuer-ID 860957-\n42719, bitte prüfen", 200, "[DE_TAX_ID_", "42719"},
		{"a name over CRLF", "Antragsteller: Herr Jürgen Kowal-\r\nski, wohnhaft in Bonn", 200, "[PERSON_", "ski,"},
		{"other hyphens stay", "Ein-\nAusgang, Bau- \nund Planungsamt, E-Mail-\nAdresse:\n- erstens\n- zweitens", 200, "Ein-\\nAusgang, Bau- \\nund Planungsamt, E-Mail-\\nAdresse:\\n- erstens\\n- zweitens", "_1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(h.llm.received)
			code, out := h.chat(t, "api.openai.com", tc.prompt, false)
			if code != tc.code {
				t.Fatalf("%d %.300s", code, out)
			}
			if code != 200 {
				if len(h.llm.received) != n {
					t.Fatalf("the service got %s", h.llm.received[n])
				}
				return
			}
			if up := h.llm.received[n]; !strings.Contains(up, tc.want) || strings.Contains(up, tc.gone) {
				t.Fatalf("the service got %s", up)
			}
		})
	}
}

// TestSpreadsheetFormulasInspected: an uploaded .xlsx is read with its
// formulas' text and its printed header, through the running proxy: a
// program that reads formulas (openpyxl, by default) shows the model
// '="Herr Jürgen "&"Kowalski"' in a cell without a cached value and the
// header's IBAN. Before (sec14), only cached values were read, and both
// went out. A sheet of sums passes.
func TestSpreadsheetFormulasInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	xlsx := func(sheet string) string {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for name, content := range map[string]string{"[Content_Types].xml": `<Types/>`, "xl/workbook.xml": `<workbook/>`, "xl/worksheets/sheet1.xml": sheet} {
			w, _ := z.Create(name)
			io.WriteString(w, content)
		}
		z.Close()
		return b.String()
	}
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"liste.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	for name, sheet := range map[string]string{
		"a name in a formula": `<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>"Akte Herr Jürgen "&amp;"Kowalski, IBAN DE89 3704 0044 0532 0130 00"</f></c></row></sheetData></worksheet>`,
		"an IBAN in a header": `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Summe</t></is></c></row></sheetData><headerFooter><oddHeader>&amp;LAkte Kowalski, IBAN DE89 3704 0044 0532 0130 00</oddHeader></headerFooter></worksheet>`,
		"a Steuer-ID formula": `<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>"Steuer-ID "&amp;"86095742719"</f></c></row></sheetData></worksheet>`,
	} {
		t.Run(name, func(t *testing.T) {
			if code, out, got := upload(xlsx(sheet)); len(got) > 0 || code == 200 {
				t.Fatalf("the service got the sheet unread (%d %.200s)", code, out)
			}
		})
	}
	t.Run("a sheet of sums passes", func(t *testing.T) {
		sheet := `<worksheet><sheetData><row r="1"><c r="A1"><v>12</v></c><c r="B1"><f>SUM(A1:A9)</f><v>12</v></c></row></sheetData><headerFooter><oddFooter>&amp;CSeite &amp;P</oddFooter></headerFooter></worksheet>`
		if code, out, got := upload(xlsx(sheet)); code != 200 || len(got) != 1 {
			t.Fatalf("not forwarded: %d %.300s", code, out)
		}
	})
}

// TestOfficePartsAtOtherNamesInspected: an uploaded .docx whose main
// document is at another name than word/document.xml (named in
// _rels/.rels, as Word and python-docx find it) beside a clean decoy
// there, and one with a part twice, do not go out unread, through the
// running proxy (sec14). A plain .docx passes.
func TestOfficePartsAtOtherNamesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	doc := func(s string) string {
		return `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:body></w:document>`
	}
	const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/></Relationships>`
	docx := func(parts ...[2]string) string {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, p := range parts {
			w, _ := z.Create(p[0])
			io.WriteString(w, p[1])
		}
		z.Close()
		return b.String()
	}
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"brief.docx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	const secret = "Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	for name, file := range map[string]string{
		"the main document at another name": docx([2]string{"_rels/.rels", strings.Replace(rels, "%s", "word/document2.xml", 1)},
			[2]string{"word/document.xml", doc("Sehr geehrte Damen und Herren")}, [2]string{"word/document2.xml", doc(secret)}),
		"a part twice": docx([2]string{"word/document.xml", doc(secret)}, [2]string{"word/document.xml", doc("Sehr geehrte Damen und Herren")}),
	} {
		t.Run(name, func(t *testing.T) {
			if code, out, got := upload(file); len(got) > 0 || code == 200 {
				t.Fatalf("the service got the file unread (%d %.200s)", code, out)
			}
		})
	}
	t.Run("a plain .docx passes", func(t *testing.T) {
		file := docx([2]string{"_rels/.rels", strings.Replace(rels, "%s", "word/document.xml", 1)}, [2]string{"word/document.xml", doc("Sehr geehrte Damen und Herren, anbei der Bauantrag.")},
			[2]string{"word/styles.xml", `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`})
		if code, out, got := upload(file); code != 200 || len(got) != 1 {
			t.Fatalf("not forwarded: %d %.300s", code, out)
		}
	})
}

// TestOpenDocumentHeaderInspected: an uploaded .odt is read with the
// headers and footers of its page styles (styles.xml), through the running
// proxy; before (sec14), only content.xml was, and a name and an IBAN in
// the header of every page went out. One without passes.
func TestOpenDocumentHeaderInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	odt := func(header string) string {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, p := range [][2]string{{"mimetype", "application/vnd.oasis.opendocument.text"},
			{"content.xml", `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Sehr geehrte Damen und Herren, anbei der Vermerk.</text:p></office:text></office:body></office:document-content>`},
			{"styles.xml", `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:master-styles><style:master-page><style:header><text:p>` + header + `</text:p></style:header></style:master-page></office:master-styles></office:document-styles>`}} {
			w, _ := z.Create(p[0])
			io.WriteString(w, p[1])
		}
		z.Close()
		return b.String()
	}
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"vermerk.odt\"\r\nContent-Type: application/vnd.oasis.opendocument.text\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	if code, out, got := upload(odt("Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00")); len(got) > 0 || code == 200 {
		t.Fatalf("the service got the header unread (%d %.200s)", code, out)
	}
	if code, out, got := upload(odt("Stadt Musterhausen – Bauamt")); code != 200 || len(got) != 1 {
		t.Fatalf("not forwarded: %d %.300s", code, out)
	}
}

// TestLatin1HeaderValuesInspected: a header value with bytes beyond ASCII
// (obs-text: "X-Prompt: J\xfcrgen Kowalski", a file name header in
// Latin-1) is read as ISO-8859-1, as HTTP/1.1's old rule and a WSGI
// server (PEP 3333) read it, through the running proxy; before (sec14),
// the detectors got "J\xfcrgen" and it went out where "Jürgen" blocked. A
// clean value in Latin-1 passes.
func TestLatin1HeaderValuesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct {
		name, value string
		pass        bool
	}{
		{"X-Prompt", "J\xfcrgen Kowalski", false},
		{"X-Note", "Herr J\xfcrgen Kowalski wohnt hier", false},
		{"X-Filename", "J\xfcrgen_Kowalski.pdf", false},
		{"X-Note", "Gr\xfc\xdfe aus K\xf6ln", true},
	} {
		t.Run(tc.name+" "+strings.ToValidUTF8(tc.value, "?"), func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(chatBody("Hallo")))
			req.Header.Set("Content-Type", "application/json")
			req.Header[tc.name] = []string{tc.value}
			code, out := h.send(t, req)
			if got := sent()[n:]; (code == 200 && len(got) == 1) != tc.pass {
				t.Fatalf("%d %.200s; forwarded %d", code, out, len(got))
			}
		})
	}
}

// TestTagCharacterTextInspected: text written in Unicode tag characters
// (invisible ASCII, "ASCII smuggling"), which language models read, is
// read decoded, through the running proxy, in a prompt and in an uploaded
// file; before (sec14), the fold left them out as invisible and a
// Steuer-ID, a name with an IBAN and a marking went out unseen. One tag
// character inside a value still reads past, and a subdivision flag
// passes.
func TestTagCharacterTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	tags := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(0xE0000 + r)
		}
		return b.String()
	}
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notiz.txt\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	prompt := func(content string) (int, string, []string) {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(content))
		return code, out, sent()[n:]
	}
	for _, tc := range []struct{ name, text string }{
		{"a Steuer-ID", "Steuer-ID " + tags("86095742719")},
		{"a name and an IBAN", "Bitte merken: " + tags("Herr Juergen Kowalski, IBAN DE89 3704 0044 0532 0130 00")},
		{"a marking", "Hallo " + tags("VS-NfD")},
	} {
		for where, send := range map[string]func(string) (int, string, []string){"prompt": prompt, "file": upload} {
			t.Run(where+": "+tc.name, func(t *testing.T) {
				if code, out, got := send(tc.text); len(got) > 0 || code == 200 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	t.Run("a subdivision flag passes", func(t *testing.T) {
		if code, out, got := prompt("Grüße aus \U0001F3F4" + tags("gbsct") + "\U000E007F Edinburgh"); code != 200 || len(got) != 1 {
			t.Fatalf("%d %.300s", code, out)
		}
	})
	t.Run("one inside a value reads past", func(t *testing.T) {
		code, out, got := prompt("Überweise an DE89 3704 0044 05" + tags("A") + "32 0130 00")
		if code != 200 || len(got) != 1 || !strings.Contains(got[0], "[IBAN_1]") {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// TestTagCharacterURLAndHeadersInspected: text in Unicode tag characters
// in a query value or a header (invisible ASCII, which a model reads) is
// read as that ASCII, through the running proxy; before (sec14), the fold
// left it out, and a name with an IBAN or a Steuer-ID went out unseen.
func TestTagCharacterURLAndHeadersInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	tags := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(0xE0000 + r)
		}
		return b.String()
	}
	for _, tc := range []struct{ name, query, header string }{
		{"a path segment", "", ""},
		{"a query value", "note=" + url.QueryEscape(tags("Herr Juergen Kowalski, IBAN DE89 3704 0044 0532 0130 00")), ""},
		{"a prompt parameter", "q=" + url.QueryEscape(tags("Steuer-ID 86095742719")), ""},
		{"a header", "", tags("Herr Juergen Kowalski, IBAN DE89 3704 0044 0532 0130 00")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			u := "https://api.openai.com/v1/chat/completions"
			if tc.name == "a path segment" {
				u = "https://api.openai.com/v1/files/" + url.PathEscape(tags("Kowalski DE89370400440532013000"))
			}
			if tc.query != "" {
				u += "?" + tc.query
			}
			req, _ := http.NewRequest("POST", u, strings.NewReader(chatBody("Hallo")))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header.Set("X-Note", tc.header)
			}
			if code, out := h.send(t, req); code == 200 || len(sent()) > n {
				t.Fatalf("the service got it unread (%d %.200s)", code, out)
			}
		})
	}
}

// TestFoldedCardLinesInspected: a vCard or an iCalendar file, uploaded or
// pasted, is read with its folded lines joined (a line goes on after a
// line break and a blank, as both formats break at 75 octets), through
// the running proxy; before (sec14), an IBAN and a Steuer-ID broken so
// went out. A card without them passes.
func TestFoldedCardLinesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kontakt.vcf\"\r\nContent-Type: text/vcard\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	prompt := func(content string) (int, string, []string) {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(content))
		return code, out, sent()[n:]
	}
	for _, tc := range []struct{ name, card string }{
		{"an IBAN in a vCard", "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:Bankverbindung DE89 3704 0044 05\r\n 32 0130 00\r\nEND:VCARD"},
		{"a Steuer-ID in an appointment", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:Rückfrage Steuer-ID 860957\r\n 42719\r\nEND:VEVENT\r\nEND:VCALENDAR"},
	} {
		for where, send := range map[string]func(string) (int, string, []string){"prompt": prompt, "file": upload} {
			t.Run(where+": "+tc.name, func(t *testing.T) {
				if code, out, got := send(tc.card); len(got) > 0 || code == 200 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	t.Run("a card without them passes", func(t *testing.T) {
		if code, out, got := upload("BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Stadt Musterhausen\r\nNOTE:Zuständig für Bauanträge und Genehmigungen im gesamten Stadtgebiet, Sprechzeiten\r\n  montags bis freitags\r\nEND:VCARD"); code != 200 || len(got) != 1 {
			t.Fatalf("%d %.300s", code, out)
		}
	})
}

// TestAltChunkInspected: an uploaded .docx whose text stands in an
// alternative format chunk (w:altChunk: HTML that Word shows in the
// document's place) is read, through the running proxy; before (sec14),
// the chunk was not, and a name and an IBAN in it went out. A chunk
// without them passes.
func TestAltChunkInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	docx := func(chunk string) string {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, p := range [][2]string{
			{"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren</w:t></w:r></w:p><w:altChunk r:id="rId9"/></w:body></w:document>`},
			{"word/_rels/document.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="afchunk.htm"/></Relationships>`},
			{"word/afchunk.htm", chunk},
		} {
			w, _ := z.Create(p[0])
			io.WriteString(w, p[1])
		}
		z.Close()
		return b.String()
	}
	upload := func(content string) (int, string, []string) {
		var b strings.Builder
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"brief.docx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	if code, out, got := upload(docx("<html><body><p>Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00</p></body></html>")); len(got) > 0 || code == 200 {
		t.Fatalf("the service got the chunk unread (%d %.200s)", code, out)
	}
	if code, out, got := upload(docx("<html><body><p>Anbei der Bauantrag.</p></body></html>")); code != 200 || len(got) != 1 {
		t.Fatalf("not forwarded: %d %.300s", code, out)
	}
}
