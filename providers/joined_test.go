package providers

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
)

// joinedCases are values without white space: words joined by "_", "-",
// "." or "+" beside what a detector takes once the joints are blanks
// (true), which walkStrings reads under an id key, and the service's own
// ids, types, slugs, versions, hosts and times (false), which stay unread.
var joinedCases = []struct {
	s    string
	want bool
}{
	{"erika_mustermann_86095742719", true},
	{"frau_erika_mustermann_geb_12_03_1961", true},
	{"Frau_Erika_Mustermann_geb._12.03.1961", true},
	{"Erika.Mustermann.DE89370400440532013000", true},
	{"Erika-Mustermann-DE89370400440532013000", true},
	{"akte-herr-mustermann-iban-de89370400440532013000", true},
	{"de89370400440532013000.akte", true},
	{"akte_DE89-3704-0044-0532-0130-00", true},
	{"akte.860-957-427-19", true},
	{"kunde_86095742719", true},
	{"erika.mustermann.015112345678", true},
	{"max-mustermann-musterstrasse-12-12345-musterstadt", true},
	{"versicherter_A123456780", true},
	{"jürgen_kowalski_015112345678", true},
	{"gpt_4o_mini", false},
	{"gpt-4o-mini-2024-07-18", false},
	{"claude-3-5-sonnet-20241022", false},
	{"gemini-2.5-flash-preview-05-20", false},
	{"text-embedding-3-large", false},
	{"content_block_start", false},
	{"HARM_CATEGORY_HARASSMENT", false},
	{"response.output_text.delta", false},
	{"my-project-2", false},
	{"api.openai.com", false},
	{"chatgpt.com", false},
	{"1.2.3-beta.4", false},
	{"2026-11-30T14:07:55.123Z", false},
	{"2026-11-30", false},
	{"01ARZ3NDEKTSV4RRFFQ69G5FAV", false},
	{"123e4567-e89b-12d3-a456-426614174000", false},
	{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false},
	{"chatcmpl-9x8Y7w6V5u4T3s2R1q0P", false},
	{"req_01HXYZ8K3M4N5P6Q7R8S9T0V1W", false},
	{"msg_01XFDUDYJgAACzvnptvVoYEL", false},
	{"toolu_01A09q90qw90lq917835lq9", false},
	{"resp_6750f1e24b2c80079c1a1234567890ab", false},
	{"file-AbC123xyz789", false},
	{"conv_1732970875123", false},
	{"sess_7Hk2LmQ9xZ4vB8nR3tY6wE1p", false},
	{"de-DE", false},
	{"erika_mustermann_de89370400440532013001", false}, // the check digits fail, two words, no number
	{"input_audio_buffer.append", false},
	{"conversation.item.input_audio_transcription.completed", false},
	{"kunde_86095742718", false}, // no Steuer-ID, one word
}

func TestJoinedID(t *testing.T) {
	for _, c := range joinedCases {
		if got := joinedID(c.s); got != c.want {
			t.Errorf("joinedID(%q) = %v, want %v", c.s, got, c.want)
		}
		if got := idValue("session_token", &jval{kind: jString, str: c.s}); got == c.want {
			t.Errorf("idValue(session_token, %q) = %v, want %v", c.s, got, !c.want)
		}
		r, ok := JoinedReading(c.s)
		if ok != c.want || len(r) != len(c.s) {
			t.Errorf("JoinedReading(%q) = %q, %v", c.s, r, ok)
		}
		if ok && strings.ContainsAny(r[1:len(r)-1], "_-+") {
			t.Errorf("JoinedReading(%q) = %q: a joint is left", c.s, r)
		}
	}
}

// TestJoinedIDRandom: random tokens, hex ids and uuids in their usual
// shapes are read as joined text about never (the common case stays
// unread: a read costs a detector pass).
func TestJoinedIDRandom(t *testing.T) {
	n, hits := 20000, 0
	var b [24]byte
	for i := range n {
		rand.Read(b[:])
		var s string
		switch i % 4 {
		case 0:
			s = base64.RawURLEncoding.EncodeToString(b[:])
		case 1:
			s = "sess_" + base64.RawURLEncoding.EncodeToString(b[:18])
		case 2:
			s = base64.RawURLEncoding.EncodeToString(b[:9]) + "." + base64.RawURLEncoding.EncodeToString(b[9:])
		default:
			const hex = "0123456789abcdef"
			h := make([]byte, 0, 36)
			for j, c := range b[:16] {
				if j == 4 || j == 6 || j == 8 || j == 10 {
					h = append(h, '-')
				}
				h = append(h, hex[c>>4], hex[c&15])
			}
			s = string(h)
		}
		if joinedID(s) {
			hits++
			t.Log(s)
		}
	}
	if hits*10000 > n {
		t.Fatalf("%d of %d random ids read as joined text", hits, n)
	}
	t.Logf("%d of %d random ids read as joined text", hits, n)
}

// FuzzJoinedID: any value is classified without a panic; the reading
// keeps the value's length and changes only joints into blanks, and a
// value with white space or without a joint is never read. Seeded from
// joinedCases.
func FuzzJoinedID(f *testing.F) {
	for _, c := range joinedCases {
		f.Add(c.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := JoinedReading(s)
		if !ok {
			if r != s {
				t.Fatalf("%q: changed without a reading: %q", s, r)
			}
			return
		}
		if len(r) != len(s) || !strings.ContainsAny(s, "_-.+") || strings.ContainsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }) {
			t.Fatalf("%q: read as %q", s, r)
		}
		for i := 0; i < len(s); i++ {
			if r[i] != s[i] && (r[i] != ' ' || !joinedSep(s[i])) {
				t.Fatalf("%q: byte %d read as %q", s, i, r[i])
			}
		}
	})
}

// TestMarkIDPersonal: a value an adapter takes as an id is read as text
// when it is a person's identifier or digits that may be one: a Steuer-ID
// glued to an id's letters (taxIDRun), a number of 7 to 16 digits. The
// service's own ids stay unread. Before, "conv86095742719" under Grok's
// conversationId and "017612345678" under OpenAI's previous_response_id
// went out unread.
func TestMarkIDPersonal(t *testing.T) {
	for _, c := range []struct {
		s    string
		read bool // marked as an id, left unread
	}{
		{"conv86095742719", false},
		{"86095742719", false},
		{"r_86095742719x", false},
		{"017612345678", false},
		{"DE89370400440532013000", false},
		{"convDE89370400440532013000", false}, // an IBAN glued to an id's letters (ibanGlued)
		{"reqde89370400440532013000", false},
		{"max.mustermann@example.de", false},
		{"conv86095742718", true},     // the check digit fails
		{"1867384958271234567", true}, // a snowflake: 19 digits
		{"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", true},
		{"2f4e6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b", true},
		{"2.0", true},
		{"gpt-4o-2024-08-06", true},
	} {
		v := &jval{kind: jString, str: c.s}
		markID(v)
		if v.read != c.read {
			t.Errorf("markID(%q): read %v, want %v", c.s, v.read, c.read)
		}
		if got := taxIDRun(c.s); got && c.read {
			t.Errorf("taxIDRun(%q) = true for an id", c.s)
		}
	}
}
