package proxy

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestJoinedTextUnderIDKeys: words joined by "_", "-", "." or "+" in any
// case beside an IBAN, a Steuer-ID, a telephone number or a date of birth
// under a key that names an id, a time or a token (x_request_id,
// session_token, trace_id, created_at, user) are read with the joints as
// blanks, and so are such values under any other key and in the request's
// query. Before, "erika_mustermann_86095742719" under "x_request_id" was
// the service's id, and "erika.mustermann.015112345678" under any key was
// read as one word: the Steuer-ID and the number went out unread. The
// service's own ids, models, types, slugs, versions and times pass
// unchanged.
func TestJoinedTextUnderIDKeys(t *testing.T) {
	h, sent := newEvasionHarness(t)
	iban := strings.ReplaceAll(testIBAN, " ", "")
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	chat := func(key, val string) string {
		return `{"model":"gpt-4o",` + q(key) + `:` + q(val) + `,"messages":[{"role":"user","content":"Fasse den Kontext zusammen."}]}`
	}
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct {
		name, key, val, secret string
	}{
		{"small words and a Steuer-ID under x_request_id", "x_request_id", "erika_mustermann_" + testTaxID, testTaxID},
		{"a Steuer-ID in groups under trace_id", "trace_id", "akte.860-957-427-19", "860-957-427-19"},
		{"dotted words and an IBAN under session_token", "session_token", "Erika.Mustermann." + iban, iban},
		{"hyphenated small words and an IBAN under trace_id", "trace_id", "akte-herr-mustermann-iban-" + strings.ToLower(iban), strings.ToLower(iban)},
		{"an IBAN in groups under x_request_id", "x_request_id", "akte_DE89-3704-0044-0532-0130-00", "0532-0130"},
		{"dotted words and a phone number under created_at", "created_at", "erika.mustermann.015112345678", "015112345678"},
		{"an address under x_correlation_id", "x_correlation_id", "max-mustermann-musterstrasse-12-12345-musterstadt", "musterstrasse-12-12345-musterstadt"},
		{"dotted words and a phone number under x_kontext", "x_kontext", "erika.mustermann.015112345678", "015112345678"},
		{"hyphenated words and an IBAN under x_kontext", "x_kontext", "akte-herr-mustermann-iban-" + strings.ToLower(iban), strings.ToLower(iban)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, chat(tc.key, tc.val))
			for _, g := range sent()[n:] {
				if strings.Contains(g, tc.secret) {
					t.Fatalf("the service got the value unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	t.Run("a phone number joined in the query", func(t *testing.T) {
		n := len(sent())
		code, out := postJSON(t, h, openai+"?ref=erika.mustermann.015112345678", `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`)
		if got := sent()[n:]; len(got) > 0 {
			t.Fatalf("forwarded (%d %.200s)", code, out)
		}
	})
	// Ids, models, types, slugs, versions and times pass as they are.
	for _, tc := range []struct{ key, val string }{
		{"x_request_id", "req_01HXYZ8K3M4N5P6Q7R8S9T0V1W"},
		{"trace_id", "123e4567-e89b-12d3-a456-426614174000"},
		{"x_request_id", "01ARZ3NDEKTSV4RRFFQ69G5FAV"},
		{"x_model_id", "claude-3-5-sonnet-20241022"},
		{"x_model_id", "gemini-2.5-flash-preview-05-20"},
		{"x_model_id", "gpt_4o_mini"},
		{"type", "input_audio_buffer.append"},
		{"project_id", "my-project-2"},
		{"x_version_id", "1.2.3-beta.4"},
		{"x_host_id", "api.openai.com"},
		{"created_at", "2026-11-30T14:07:55.123Z"},
		{"x_request_id", "conv_1732970875123"},
	} {
		t.Run("passes "+tc.key+"="+tc.val, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, chat(tc.key, tc.val))
			got := sent()[n:]
			if len(got) != 1 || !strings.Contains(got[0], q(tc.val)) {
				t.Fatalf("not forwarded as it was: %d %.300s", code, out)
			}
		})
	}
}

// TestIdentifiersUnderSettingKeysInspected: a Steuer-ID given as a JSON
// number or a string of digits under a key of a setting, a type or a
// count ("max_tokens", "model", "role"), a number where an adapter reads
// an inline file's data, and an IBAN or a KVNR whose check digits hold
// under an id or token key are read. Before, "max_tokens" (its word
// "tokens" makes it a token's key), "model" and "role" made a number an
// id, an adapter's markRead took a number for the file it read (and
// markID for the conversation it names, and any string there: an IBAN,
// words joined beside a telephone number), an IBAN in small letters was a
// hex id (all its letters are "d" and "e"), and an
// IBAN without separators was the service's id: each went out unread.
// The service's numeric ids, counts and times pass.
func TestIdentifiersUnderSettingKeysInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const (
		iban   = "DE02120300000000202051"
		openai = "https://api.openai.com/v1/chat/completions"
	)
	for _, tc := range []struct{ name, url, body, secret string }{
		{"a number under max_tokens", openai, `{"model":"gpt-4o","max_tokens":` + testTaxID + `,"messages":[{"role":"user","content":"Hallo"}]}`, testTaxID},
		{"digits under max_tokens", openai, `{"model":"gpt-4o","max_tokens":"` + testTaxID + `","messages":[{"role":"user","content":"Hallo"}]}`, testTaxID},
		{"a number under model", openai, `{"model":` + testTaxID + `,"messages":[{"role":"user","content":"Hallo"}]}`, testTaxID},
		{"digits under model", openai, `{"model":"` + testTaxID + `","messages":[{"role":"user","content":"Hallo"}]}`, testTaxID},
		{"a number as a message's role", openai, `{"model":"gpt-4o","messages":[{"role":` + testTaxID + `,"content":"Hallo"}]}`, testTaxID},
		{"a number under Anthropic's max_tokens", "https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":` + testTaxID + `,"messages":[{"role":"user","content":"Hallo"}]}`, testTaxID},
		{"a number as a Responses file's data", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_text","text":"Lies die Datei."},{"type":"input_file","filename":"akte.txt","file_data":` + testTaxID + `}]}]}`, testTaxID},
		{"a number as the Responses API's conversation", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","conversation":` + testTaxID + `,"input":"Hallo"}`, testTaxID},
		{"an IBAN as the Responses API's previous_response_id", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","previous_response_id":"` + iban + `","input":"Hallo"}`, iban},
		{"joined words and a phone number as the Responses API's conversation", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","conversation":"erika.mustermann.015112345678","input":"Hallo"}`, "015112345678"},
		{"a sentence as the Responses API's previous_response_id", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","previous_response_id":"Akte Herr Kasimir Kanarienvogel, Steuer-ID ` + testTaxID + `","input":"Hallo"}`, testTaxID},
		{"an IBAN under x_request_id", openai, `{"model":"gpt-4o","x_request_id":"` + iban + `","messages":[{"role":"user","content":"Hallo"}]}`, iban},
		{"a small-letter IBAN under session_token", openai, `{"model":"gpt-4o","session_token":"` + strings.ToLower(iban) + `","messages":[{"role":"user","content":"Hallo"}]}`, strings.ToLower(iban)},
		{"a small-letter IBAN in a field no adapter reads", openai, `{"model":"gpt-4o","x_kontext":"` + strings.ToLower(iban) + `","messages":[{"role":"user","content":"Hallo"}]}`, strings.ToLower(iban)},
		{"an IBAN under session_token", openai, `{"model":"gpt-4o","session_token":"` + iban + `","messages":[{"role":"user","content":"Hallo"}]}`, iban},
		{"an IBAN as a message's role", openai, `{"model":"gpt-4o","messages":[{"role":"` + iban + `","content":"Hallo"}]}`, iban},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, tc.url, tc.body)
			for _, g := range sent()[n:] {
				if strings.Contains(g, tc.secret) {
					t.Fatalf("the service got the value unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	for _, body := range []string{
		`{"model":"gpt-4o","max_tokens":1024,"messages":[{"role":"user","content":"Hallo"}]}`,
		`{"model":"gpt-4o","x_meta":{"id":12345678901,"created":1732970875,"page_token":1732970875123},"messages":[{"role":"user","content":"Hallo"}]}`,
		`{"model":"gpt-4o","x_request_id":"de12a0b3c4d5e6f7a8b9c0","messages":[{"role":"user","content":"Hallo"}]}`,
	} {
		t.Run("passes "+body, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, body)
			if got := sent()[n:]; len(got) != 1 || got[0] != body {
				t.Fatalf("not forwarded as it was: %d %.300s", code, out)
			}
		})
	}
}

// TestJoinedWordsInsidePrompt: a word of a prompt with white space that
// joins words by "_", "-", "." or "+" beside a Steuer-ID, an IBAN or a
// telephone number is read with its joints as blanks, in the prompt and in
// the conversation's history. Before, only a field without white space was
// read so, and "Anhang: erika_mustermann_86095742719.pdf" sent the
// Steuer-ID unread. Models, versions, hosts and file names without such a
// number pass unchanged.
func TestJoinedWordsInsidePrompt(t *testing.T) {
	h, sent := newEvasionHarness(t)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct{ name, body, secret string }{
		{"a Steuer-ID in a file name", `{"model":"gpt-4o","messages":[{"role":"user","content":` +
			q("Anhang: erika_mustermann_"+testTaxID+".pdf, bitte zusammenfassen.") + `}]}`, testTaxID},
		{"a telephone number after dotted words", `{"model":"gpt-4o","messages":[{"role":"user","content":` +
			q("Bitte an erika.mustermann.015112345678 weiterleiten.") + `}]}`, "015112345678"},
		{"in capitals in brackets", `{"model":"gpt-4o","messages":[{"role":"user","content":` +
			q("Akte (ERIKA-MUSTERMANN-"+testTaxID+") prüfen") + `}]}`, testTaxID},
		{"after a no-break space", `{"model":"gpt-4o","messages":[{"role":"user","content":` +
			q("Anhang:\u00a0erika_mustermann_"+testTaxID+".pdf\u2009bitte zusammenfassen.") + `}]}`, testTaxID},
		{"in the history", `{"model":"gpt-4o","messages":[{"role":"user","content":` +
			q("Vorgang erika+mustermann+"+testTaxID+" anlegen") + `},{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, weiter."}]}`, testTaxID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, tc.body)
			for _, g := range sent()[n:] {
				if strings.Contains(g, tc.secret) {
					t.Fatalf("the service got the value unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	for _, text := range []string{
		"Vergleiche gpt-4o-mini mit claude-3-5-sonnet-20241022 und gemini-2.5-flash-preview-05-20.",
		"Version 1.2.3-beta.4 auf api.openai.com, Datei bericht_2024_final_v2.pdf, Ticket req_01HXYZ8K3M4N5P6Q7R8S9T0V1W.",
	} {
		t.Run("passes "+text[:20], func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, `{"model":"gpt-4o","messages":[{"role":"user","content":`+q(text)+`}]}`)
			got := sent()[n:]
			if len(got) != 1 || !strings.Contains(got[0], q(text)) {
				t.Fatalf("not forwarded as it was: %d %.300s", code, out)
			}
		})
	}
}

// TestJoinedKeysInspected: an object key named as a program names its
// fields that joins words beside an identifier ("erika_mustermann_…",
// "kasimir.kanarienvogel.015112345678") is read with the keys; before,
// its shape made it a field's name, and it went out unread. Keys such as
// "gpt_4o_mini_2024" or "item_123" pass.
func TestJoinedKeysInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ key, secret string }{
		{"erika_mustermann_" + testTaxID, testTaxID},
		{"kasimir.kanarienvogel.DE02120300000000202051", "DE02120300000000202051"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
				`{"model":"gpt-4o","metadata":{"`+tc.key+`":"ja"},"messages":[{"role":"user","content":"Hallo"}]}`)
			for _, g := range sent()[n:] {
				if strings.Contains(g, tc.secret) {
					t.Fatalf("the service got the key unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	body := `{"model":"gpt-4o","metadata":{"gpt_4o_mini_2024":"ja","item_123":"nein"},"messages":[{"role":"user","content":"Hallo"}]}`
	n := len(sent())
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
	if got := sent()[n:]; len(got) != 1 || got[0] != body {
		t.Fatalf("not forwarded as it was: %d %.300s", code, out)
	}
}

// TestJoinedWordsReadFolded: words joined beside an identifier are looked
// for in the text as the detectors read it (folded), so that a Steuer-ID
// or an IBAN in Arabic-Indic, fullwidth or mathematical digits, with an
// invisible character inside, or words joined by a fullwidth "＿" are read
// with the joints as blanks too, in a prompt, in a field without white
// space and in a query value. Before (sec12), the joined words were looked
// for in the text as it stood: such a word was one to the detectors, and
// the value went out unread where "erika_mustermann_86095742719" is
// replaced.
func TestJoinedWordsReadFolded(t *testing.T) {
	h, sent := newEvasionHarness(t)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	const openai = "https://api.openai.com/v1/chat/completions"
	prompt := func(s string) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":` + q(s) + `}]}`
	}
	for _, tc := range []struct{ name, body, secret string }{
		{"Arabic-Indic digits", prompt("Anhang: erika_mustermann_٨٦٠٩٥٧٤٢٧١٩.pdf, bitte zusammenfassen."), "٨٦٠٩٥٧٤٢٧١٩"},
		{"fullwidth digits", prompt("Anhang: erika_mustermann_８６０９５７４２７１９.pdf"), "８６０９５７４２７１９"},
		{"mathematical digits", prompt("Anhang: erika_mustermann_𝟖𝟔𝟎𝟗𝟓𝟕𝟒𝟐𝟕𝟏𝟗.pdf"), "𝟖𝟔𝟎𝟗𝟓𝟕𝟒𝟐𝟕𝟏𝟗"},
		{"zero-width space in the number", prompt("Anhang: erika_mustermann_860957\u200b42719.pdf"), "42719"},
		{"a fullwidth digit in an IBAN", prompt("Anhang: erika_mustermann_DE8937040044053201３000.pdf"), "0532"},
		{"fullwidth joints", prompt("Anhang: jürgen＿kowalski＿" + testTaxID + ".pdf"), testTaxID},
		{"in the history", `{"model":"gpt-4o","messages":[{"role":"user","content":` +
			q("Vorgang erika+mustermann+٨٦٠٩٥٧٤٢٧١٩ anlegen") + `},{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, weiter."}]}`, "٨٦٠٩٥٧٤٢٧١٩"},
		{"a field without white space", `{"model":"gpt-4o","metadata":{"x_kontext":"erika.mustermann.٠١٥١١٢٣٤٥٦٧٨"},"messages":[{"role":"user","content":"Hallo"}]}`, "٠١٥١١٢٣٤٥٦٧٨"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, tc.body)
			for _, g := range sent()[n:] {
				if strings.Contains(g, tc.secret) || strings.Contains(g, strings.Trim(q(tc.secret), `"`)) {
					t.Fatalf("the service got the value unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	t.Run("a query value", func(t *testing.T) {
		n := len(sent())
		code, out := postJSON(t, h, openai+"?ref="+url.QueryEscape("erika_mustermann_٨٦٠٩٥٧٤٢٧١٩"), prompt("Hallo"))
		if code == 200 || len(sent()) != n {
			t.Fatalf("the service got the value unread: %d %.300s", code, out)
		}
	})
	t.Run("passes", func(t *testing.T) {
		text := "Bericht＿2024＿final.pdf und ٢٠٢٤ im Anhang, Version v1.2.3\u200b-beta."
		n := len(sent())
		code, out := postJSON(t, h, openai, prompt(text))
		got := sent()[n:]
		if len(got) != 1 || !strings.Contains(got[0], strings.Trim(q(text), `"`)) {
			t.Fatalf("not forwarded as it was: %d %.300s %q", code, out, got)
		}
	})
}
