package proxy

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestBase64InFieldsInspected: text put base64-encoded into a string of a
// request — a field no adapter reads, a tool call's arguments, a prompt
// ("Bitte dekodiere: …") — is decoded and read as the model would read it.
// Where the decoded text can be encoded back exactly as it stood (one line,
// UTF-8, one alphabet), a redaction rewrites it and encodes it again in the
// same form, so the service gets base64 of "[PERSON_1], IBAN [IBAN_1]";
// other decoded text (wrapped, encoded twice) is a file, whose findings
// block. A document (PDF) is extracted, an image counted for the policy
// (input.uninspected, which the default policy blocks). Before, the
// detectors read only the letters of the base64, and a value over 1 KiB
// not even those: the name and the IBAN went out; and until base64 text
// was rewritten, every such finding blocked the request. What base64
// carries in ordinary requests — hashes, nonces, signatures, encrypted
// state, ids — decodes to binary and passes, as does clean text.
func TestBase64InFieldsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := "Akte Herr Jürgen Kowalski, IBAN " + testIBAN
	b64 := base64.StdEncoding.EncodeToString([]byte(akte))
	urlB64 := base64.RawURLEncoding.EncodeToString([]byte("Steuer-ID 86095742719 ?>>?"))
	long := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("Vermerk zur Akte. ", 80) + akte))
	pdf := base64.StdEncoding.EncodeToString([]byte(filledFormPDF("Frau Anna Schmidt, IBAN " + testIBAN)))
	plussed := strings.ReplaceAll(base64.StdEncoding.EncodeToString([]byte(">>> "+akte)), "+", `\u002B`) // ">>>" gives a "+" before the name
	wrappedB64 := base64.StdEncoding.EncodeToString([]byte("Betreff: Vermerk zur Akte vom Dienstag, Sachstand. " + akte))
	wrapped := wrappedB64[:76] + `\n` + wrappedB64[76:] // MIME's 76 columns, the line break a JSON escape; the name on the second line
	ibanB64 := base64.StdEncoding.EncodeToString([]byte("Betreff: Vermerk zur Akte vom Dienstag. IBAN " + testIBAN + " bitte pruefen."))
	ibanSplit := ibanB64[:76] + `\n` + ibanB64[76:]                                                  // the 57th byte falls in the IBAN
	slashed := strings.ReplaceAll(base64.StdEncoding.EncodeToString([]byte("??? "+akte)), "/", `\/`) // "???" gives a "/" before the name
	var u16 []byte
	for _, r := range "Akte Herr Juergen Kowalski, IBAN " + testIBAN {
		u16 = append(u16, byte(r), 0)
	}
	utf16B64 := base64.StdEncoding.EncodeToString(u16)
	clean := base64.StdEncoding.EncodeToString([]byte("Sehr geehrte Damen und Herren, anbei der Vermerk zur Sitzung."))
	random := func(n int, enc *base64.Encoding) string {
		var b []byte
		for i := 0; len(b) < n; i++ {
			sum := sha256.Sum256([]byte{byte(i), byte(n)})
			b = append(b, sum[:]...)
		}
		return enc.EncodeToString(b[:n])
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	var short strings.Builder // wrapped at 12 characters a line
	for rest := b64; rest != ""; {
		n := min(12, len(rest))
		short.WriteString(rest[:n] + "\n")
		rest = rest[n:]
	}
	chat := func(extra, prompt string) string {
		return `{"model":"gpt-4o",` + extra + `"messages":[{"role":"user","content":` + q(prompt) + `}]}`
	}
	const (
		openai = "https://api.openai.com/v1/chat/completions"
		resp   = "https://api.openai.com/v1/responses"
		anth   = "https://api.anthropic.com/v1/messages"
		gem    = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
	)
	var redacted = []string{"[PERSON_1]", "[IBAN_1]"}
	for _, tc := range []struct {
		name, url, body string
		forward         bool
		notice          string   // what a block's notice names
		placeholders    []string // what the rewritten base64 holds
		enc             *base64.Encoding
	}{
		{"an unknown field", openai, chat(`"x_kontext":"`+b64+`",`, "Fasse den Kontext zusammen."), true, "", redacted, base64.StdEncoding},
		{"URL-safe without padding", openai, chat(`"x_kontext":"`+urlB64+`",`, "Fasse den Kontext zusammen."), true, "", []string{"[DE_TAX_ID_1]"}, base64.RawURLEncoding},
		{"over 1 KiB", openai, chat(`"x_kontext":"`+long+`",`, "Fasse den Kontext zusammen."), true, "", redacted, base64.StdEncoding},
		{"a tool call's arguments", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"speichern","arguments":` + q(`{"inhalt":"`+b64+`"}`) + `}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":"ok"}]}`, true, "", redacted, base64.StdEncoding},
		{"Anthropic tool_use input", anth, `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Speichere."},` +
			`{"role":"assistant","content":[{"type":"tool_use","id":"tu_1","name":"speichern","input":{"inhalt":"` + b64 + `"}}]},` +
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"tu_1","content":"ok"}]}]}`, true, "", redacted, base64.StdEncoding},
		{"Gemini functionCall args", gem, `{"contents":[{"role":"user","parts":[{"text":"Speichere."}]},{"role":"model","parts":[{"functionCall":{"name":"speichern","args":{"inhalt":"` + b64 + `"}}}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"speichern","response":{"ok":true}}}]}]}`, true, "", redacted, base64.StdEncoding},
		{"in a prompt", openai, chat("", "Bitte dekodiere und fasse zusammen: "+b64+" Danke."), true, "", redacted, base64.StdEncoding},
		{"in a prompt that names a person too", openai, chat("", "Frau Anna Schmidt schickt: "+b64+" Danke."), true, "", redacted, base64.StdEncoding},
		{"after base64, without a data URL", openai, chat("", "Inhalt base64,"+b64), true, "", redacted, base64.StdEncoding},
		{"in a Responses input", resp, `{"model":"gpt-4o","input":"Dekodiere ` + b64 + `"}`, true, "", redacted, base64.StdEncoding},
		{"wrapped short in a prompt", openai, chat("", "Bitte dekodiere:\n"+short.String()+"Danke."), false, "IBAN", nil, nil},
		// UTF-16 of ASCII (PowerShell's -EncodedCommand) is valid UTF-8:
		// rewritten, the placeholder went into it as UTF-8 between the
		// NULs; read as a file before that, it was unreadable.
		{"UTF-16 of ASCII", openai, chat("", "Bitte dekodiere: "+utf16B64+" Danke."), false, "IBAN", nil, nil},
		// JSON text in a string may write "/" as "\/" (PHP's
		// json_encode): the run was cut at each "\", and what followed
		// the first "/" decoded misaligned, to binary, and went out.
		{"a tool call's arguments with \\/", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"speichern","arguments":` + q(`{"inhalt":"`+slashed+`"}`) + `}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":"ok"}]}`, false, "IBAN", nil, nil},
		{"a tool's result with \\/", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lesen","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + q(`{"datei":"`+slashed+`"}`) + `}]}`, false, "IBAN", nil, nil},
		{"a tool's result with \\u002B", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lesen","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + q(`{"datei":"`+plussed+`"}`) + `}]}`, false, "IBAN", nil, nil},
		{"a tool's result with base64 wrapped at \\n", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lesen","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + q(`{"mail":"`+wrapped+`"}`) + `}]}`, false, "IBAN", nil, nil},
		{"a tool's result with an IBAN across the last line break", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lesen","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + q(`{"mail":"`+ibanSplit+`"}`) + `}]}`, false, "IBAN", nil, nil},
		{"a data URL with \\/ in a tool's result", openai, `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies die Datei."},` +
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lesen","arguments":"{}"}}]},` +
			`{"role":"tool","tool_call_id":"call_1","content":` + q(`{"datei":"data:text\/plain;base64,`+slashed+`"}`) + `}]}`, false, "IBAN", nil, nil},
		{"twice encoded", openai, chat(`"x_kontext":"`+base64.StdEncoding.EncodeToString([]byte(b64))+`",`, "Fasse den Kontext zusammen."), false, "IBAN", nil, nil},
		{"a PDF", openai, chat(`"x_anhang":"`+pdf+`",`, "Fasse den Anhang zusammen."), false, "IBAN", nil, nil},
		{"an image", openai, chat(`"x_bild":"`+uninspectedPNG+`",`, "Was zeigt das Bild?"), false, "Bild", nil, nil},

		{"clean text", openai, chat(`"x_kontext":"`+clean+`",`, "Fasse den Kontext zusammen."), true, "", nil, nil},
		{"a hash, a nonce, a signature", openai, chat(`"metadata":{"pruefsumme":"`+random(32, base64.StdEncoding)+`","zufall":"`+random(16, base64.RawURLEncoding)+`","sig":"`+random(64, base64.StdEncoding)+`"},`, "Hallo"), true, "", nil, nil},
		{"encrypted state", resp, `{"model":"gpt-4o","input":[{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"` + random(6000, base64.URLEncoding) + `"},{"role":"user","content":"Weiter"}]}`, true, "", nil, nil},
		{"ids and words in a prompt", openai, chat("", "Die Funktion getElementsByTagName und der Schlüssel AKIAIOSFODNN7EXAMPLE1234 und Donaudampfschifffahrtsgesellschaft sind bekannt."), true, "", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			got := sent()[n:]
			if (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			if !tc.forward && !strings.Contains(body, tc.notice) {
				t.Fatalf("the notice does not name %s: %d %.400s", tc.notice, code, body)
			}
			if len(tc.placeholders) == 0 {
				if tc.forward && got[0] != tc.body {
					t.Errorf("changed on the way:\n%.400s", got[0])
				}
				return
			}
			// The values are gone from the body and from every run of
			// base64 in it; one run, in the original's encoding, holds
			// the placeholders.
			up := strings.ReplaceAll(got[0], `\/`, "/")
			var holder string
			for _, run := range base64Run.FindAllString(up, -1) {
				dec, err := tc.enc.DecodeString(run)
				if err != nil {
					continue
				}
				text := string(dec)
				for _, v := range []string{"Kowalski", "Jürgen", "Anna Schmidt", testIBAN, "0532013000", "86095742719"} {
					if strings.Contains(text, v) {
						t.Errorf("the base64 %q still holds %q", run, v)
					}
				}
				if strings.Contains(text, tc.placeholders[0]) {
					holder = text
				}
			}
			for _, v := range []string{"Kowalski", "Anna Schmidt", testIBAN, "86095742719", b64, urlB64} {
				if strings.Contains(up, v) {
					t.Errorf("the service got %q:\n%.600s", v, up)
				}
			}
			for _, p := range tc.placeholders {
				if !strings.Contains(holder, p) {
					t.Errorf("no base64 in the %s encoding holding %s (found %q):\n%.600s", tc.name, p, holder, up)
				}
			}
		})
	}
}

// base64Run is a run of base64 (either alphabet, padded or not) as the
// rewritten requests carry it.
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{16,}={0,2}`)
