package pseudonym

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
	"unicode/utf8"
)

// gemFrame frames a payload the way gemini.google.com does: the count covers
// the newline after the digits, the payload and the newline after it, in
// UTF-16 units (JavaScript string length).
func gemFrame(payload string) string {
	content := "\n" + payload + "\n"
	return strconv.Itoa(len(utf16.Encode([]rune(content)))) + content
}

func mustJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// gemPayload is the payload of one StreamGenerate frame: the cumulative text
// of each candidate at inner[4][i][1][0], inside the "wrb.fr" string.
func gemPayload(texts ...string) string {
	var cands []any
	for i, t := range texts {
		cands = append(cands, []any{fmt.Sprintf("rc_7a6b5c4d3e2f1a0%d", i), []any{t}, nil, nil, nil, nil, nil, nil, []any{1}, "de", nil, nil, []any{nil, nil, nil, nil, []any{"[Quelle 1]"}}})
	}
	inner := []any{nil, []any{"c_3f2a1b0c9d8e7f6a", "r_5e4d3c2b1a0f9e8d"}, nil, nil, cands, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "Zeit: 12:00 <b>&</b>="}
	return mustJSON([]any{[]any{"wrb.fr", nil, mustJSON(inner)}})
}

// Frames gemini.google.com sends after the answer.
const gemTrailer = `[["di",93],["af.httprm",92,"-3012345678901234567",7]]`
const gemEnd = `[["e",4,null,null,1234]]`

// gemBody builds a StreamGenerate answer: one frame per step, each carrying
// the cumulative texts of the candidates.
func gemBody(steps [][]string) string {
	var b strings.Builder
	b.WriteString(")]}'\n\n")
	for _, texts := range steps {
		b.WriteString(gemFrame(gemPayload(texts...)))
	}
	b.WriteString(gemFrame(gemTrailer))
	b.WriteString(gemFrame(gemEnd))
	return b.String()
}

// parseGem reads a framed body as a strict client would: every length must
// end exactly where the next frame's digits start. It returns the candidate
// texts of every "wrb.fr" frame and the payloads of the others.
func parseGem(t testing.TB, body string) (texts [][]string, other []string) {
	t.Helper()
	s, ok := strings.CutPrefix(body, ")]}'\n\n")
	if !ok {
		t.Fatalf("no XSSI prefix: %q", body)
	}
	for s != "" {
		k := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		n, err := strconv.Atoi(s[:k])
		if err != nil {
			t.Fatalf("no length at %q", s)
		}
		s = s[k:]
		end, units := 0, 0
		for _, r := range s {
			if units >= n {
				break
			}
			units += utf16.RuneLen(r)
			end += utf8.RuneLen(r)
		}
		if units != n {
			t.Fatalf("frame announces %d units, %d left", n, units)
		}
		content := s[:end]
		s = s[end:]
		if s != "" && (s[0] < '0' || s[0] > '9') {
			t.Fatalf("length %d does not end before the next frame: %q", n, s)
		}
		if !strings.HasPrefix(content, "\n") || !strings.HasSuffix(content, "\n") {
			t.Fatalf("frame content %q is not newline-framed", content)
		}
		var outer [][]any
		if err := json.Unmarshal([]byte(content), &outer); err != nil {
			t.Fatalf("frame %q: %v", content, err)
		}
		if len(outer) != 1 || len(outer[0]) != 3 || outer[0][0] != "wrb.fr" {
			other = append(other, content[1:len(content)-1])
			continue
		}
		var inner []any
		if err := json.Unmarshal([]byte(outer[0][2].(string)), &inner); err != nil {
			t.Fatalf("inner JSON: %v", err)
		}
		var frame []string
		for _, c := range inner[4].([]any) {
			frame = append(frame, c.([]any)[1].([]any)[0].(string))
		}
		texts = append(texts, frame)
	}
	return texts, other
}

func restoreFramed(t testing.TB, m *Mapping, r io.Reader) string {
	t.Helper()
	return restoreAll(t, m, Format{Kind: "framed", Cumulative: true}, r)
}

// TestFramedRestore: the client reads the original values in every
// cumulative frame, whatever the read sizes, with lengths a strict parser
// accepts.
func TestFramedRestore(t *testing.T) {
	m := testMapping()
	cases := map[string][][]string{
		"cumulative, placeholder cut at frame ends": {
			{"Sehr geehrter [PER"},
			{"Sehr geehrter [PERSON_1], die IBAN [IB"},
			{"Sehr geehrter [PERSON_1], die IBAN [IBAN_1] ist geprüft."},
		},
		"umlauts and emoji (surrogate pairs)": {
			{"Grüße 😀 an [PERSON_1] 🎉"},
			{"Grüße 😀 an [PERSON_1] 🎉 – Straße [POSTAL_ADDRESS_1] ✓ 𝄞"},
		},
		"escaped quotes, backslashes, newlines in the text": {
			{"Er sagte \"Hallo [PERSON_1]\" \\ und\nging\t[IBAN_1]\\"},
		},
		"invented and placeholder-like text stays": {
			{"[PERSON_7] und [[PERSON_1]] und [IBAN und [person_1]"},
		},
		"two candidates": {
			{"A: [PERSON_1]", "B: [IBAN_1]"},
			{"A: [PERSON_1] fertig", "B: [IBAN_1] fertig"},
		},
		"model text from the shared table": {
			{modelText[:20]}, {modelText},
		},
	}
	for name, steps := range cases {
		t.Run(name, func(t *testing.T) {
			in := gemBody(steps)
			whole := restoreFramed(t, m, strings.NewReader(in))
			texts, other := parseGem(t, whole)
			if len(texts) != len(steps) {
				t.Fatalf("%d answer frames, want %d", len(texts), len(steps))
			}
			for i, step := range steps {
				for j, text := range step {
					if want := m.Restore(text); texts[i][j] != want {
						t.Errorf("frame %d candidate %d = %q, want %q", i, j, texts[i][j], want)
					}
				}
			}
			if len(other) != 2 || other[0] != gemTrailer || other[1] != gemEnd {
				t.Errorf("other frames changed: %q", other)
			}
			if got := restoreFramed(t, m, iotest.OneByteReader(strings.NewReader(in))); got != whole {
				t.Fatalf("one-byte reads give\n%q\nwhole reads give\n%q", got, whole)
			}
			for cut := 0; cut <= len(in); cut++ {
				if got := restoreFramed(t, m, &chunkReader{data: []byte(in), cuts: []int{cut}}); got != whole {
					t.Fatalf("cut at %d gives\n%q\nwant\n%q", cut, got, whole)
				}
			}
		})
	}
}

// TestFramedGolden pins exact bytes, lengths counted by hand.
func TestFramedGolden(t *testing.T) {
	cases := []struct {
		name, value string
		in, want    string
	}{{
		// Payload 45 units + 2 newlines; "Jürgen 😀" is 9 units (the emoji
		// is a surrogate pair) against 10 for "[PERSON_1]".
		name:  "umlaut and emoji",
		value: "Jürgen 😀",
		in:    ")]}'\n\n47\n" + `[["wrb.fr",null,"[[\"Hallo [PERSON_1]!\"]]"]]` + "\n26\n" + `[["e",4,null,null,1234]]` + "\n",
		want:  ")]}'\n\n46\n" + `[["wrb.fr",null,"[[\"Hallo Jürgen 😀!\"]]"]]` + "\n26\n" + `[["e",4,null,null,1234]]` + "\n",
	}, {
		// A"B\C is escaped for the inner JSON (A\"B\\C), then again for the
		// outer string (A\\\"B\\\\C): 11 units.
		name:  "quote and backslash, escaped twice",
		value: `A"B\C`,
		in:    "47\n" + `[["wrb.fr",null,"[[\"Hallo [PERSON_1]!\"]]"]]` + "\n",
		want:  "48\n" + `[["wrb.fr",null,"[[\"Hallo A\\\"B\\\\C!\"]]"]]` + "\n",
	}, {
		// An outer-level escape (\u00e4) in a string without placeholders
		// stays; the string holding the placeholder is re-encoded.
		name:  "other strings keep their escapes",
		value: "Ida",
		in:    "43\n" + `[["x\u00e4",{"[PERSON_1]":"[PERSON_1]"}]]` + "\n",
		want:  "29\n" + `[["x\u00e4",{"Ida":"Ida"}]]` + "\n",
	}, {
		name:  "text that is JSON gets JSON-escaped values",
		value: `O"Neil`,
		in:    gemFrame(`[["wrb.fr",null,"[[\"{\\\"n\\\":\\\"[PERSON_1]\\\"}\"]]"]]`),
		want:  gemFrame(`[["wrb.fr",null,"[[\"{\\\"n\\\":\\\"O\\\\\\\"Neil\\\"}\"]]"]]`),
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := NewMapping()
			m.Replace(OpPseudonym, "PERSON", c.value)
			if got := restoreFramed(t, m, strings.NewReader(c.in)); got != c.want {
				t.Fatalf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestFramedPassesUnchanged: bytes outside frames, frames that are not JSON,
// frames without issued placeholders and an incomplete last frame pass byte
// for byte.
func TestFramedPassesUnchanged(t *testing.T) {
	m := testMapping()
	cases := map[string]string{
		"no frames":               ")]}'\n\nkein Rahmen [PERSON_1]\n",
		"not JSON":                ")]}'\n\n" + gemFrame("[PERSON_1] ist kein JSON"),
		"no issued placeholder":   gemBody([][]string{{"Hallo [PERSON_7]"}}),
		"incomplete last frame":   ")]}'\n\n" + gemFrame(gemPayload("a")) + "999\n" + gemPayload("[PERSON_1]"),
		"digits at the end":       ")]}'\n\n12",
		"length inside character": "2\n😀[PERSON_1]",
		"length zero":             "0\n" + gemFrame(gemPayload("x")),
		"placeholder outside a string is not JSON": "14\n[[PERSON_1]]\n\n",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if got := restoreFramed(t, m, strings.NewReader(in)); got != in {
				t.Fatalf("got\n%q\nwant\n%q", got, in)
			}
			if got := restoreFramed(t, m, iotest.OneByteReader(strings.NewReader(in))); got != in {
				t.Fatalf("one-byte reads: got\n%q\nwant\n%q", got, in)
			}
		})
	}
}

func TestFramedTooLarge(t *testing.T) {
	cases := map[string]string{
		"length above MaxEventSize": ")]}'\n\n" + strconv.Itoa(MaxEventSize+1) + "\n[",
		"too many digits":           "1234567890123\n[",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := io.ReadAll(NewRestorer(testMapping(), Format{Kind: "framed"}, io.NopCloser(strings.NewReader(in))))
			if !errors.Is(err, ErrEventTooLarge) {
				t.Fatalf("err = %v, want ErrEventTooLarge", err)
			}
		})
	}
}

// TestFramedFlushesEachFrame: a frame is readable before the next one is
// written.
func TestFramedFlushesEachFrame(t *testing.T) {
	pr, pw := io.Pipe()
	r := NewRestorer(testMapping(), Format{Kind: "framed", Cumulative: true}, pr)
	defer r.Close()
	go pw.Write([]byte(")]}'\n\n" + gemFrame(gemPayload("Hallo [PERSON_1]"))))
	var got []byte
	buf := make([]byte, 64)
	for !bytes.Contains(got, []byte(`Yılmaz`)) || !bytes.HasSuffix(got, []byte("]\n")) {
		n, err := r.Read(buf)
		if err != nil {
			t.Fatalf("read: %v after %q", err, got)
		}
		got = append(got, buf[:n]...)
	}
	pw.Close()
}

func FuzzFramedRestorer(f *testing.F) {
	m := testMapping()
	empty := NewMapping()
	f.Add([]byte(gemBody([][]string{{"Sehr geehrter [PER"}, {"Sehr geehrter [PERSON_1] 😀"}})), uint64(1))
	f.Add([]byte(gemBody([][]string{{"A: [IBAN_1]", "B: \"[POSTAL_ADDRESS_1]\\"}})), uint64(77))
	f.Add([]byte("47\n"+`[["wrb.fr",null,"[[\"Hallo [PERSON_1]!\"]]"]]`+"\n"), uint64(5))
	f.Add([]byte("43\n"+`[["x\u00e4",{"[PERSON_1]":"[PERSON_1]"}]]`+"\n"), uint64(3))
	f.Add([]byte("2\n😀[PERSON_1]"), uint64(9))
	f.Add([]byte("14\n[[PERSON_1]]\n\n"), uint64(2))
	card := mustJSON([]any{[]any{"wrb.fr", nil, mustJSON([]any{nil, nil, nil, nil, []any{[]any{"rc", []any{"http://googleusercontent.com/card_content/0"}, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, []any{"Karte [PERSON_1]"}}}})},
		[]any{"wrb.fr", nil, mustJSON([]any{nil, nil, nil, nil, []any{[]any{"rc", []any{"Text [IBAN_1]"}}}})}})
	f.Add([]byte(")]}'\n\n"+gemFrame(card)), uint64(11))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		var cuts []int
		s := seed | 1
		for pos := 0; pos < len(data); {
			s ^= s << 13
			s ^= s >> 7
			s ^= s << 17
			pos += 1 + int(s%13)
			cuts = append(cuts, pos)
		}
		read := func(m *Mapping, r io.Reader) ([]byte, error) {
			return io.ReadAll(NewRestorer(m, Format{Kind: "framed", Cumulative: true}, io.NopCloser(r)))
		}
		// A mapping with nothing to restore passes the body byte for byte.
		out, err := read(empty, &chunkReader{data: data, cuts: cuts})
		if err != nil {
			if !errors.Is(err, ErrEventTooLarge) {
				t.Fatalf("empty mapping: %v", err)
			}
			return
		}
		if !bytes.Equal(out, data) {
			t.Fatalf("empty mapping changed %q to %q", data, out)
		}
		whole, err := read(m, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("whole: %v", err)
		}
		chunked, err := read(m, &chunkReader{data: data, cuts: cuts})
		if err != nil || !bytes.Equal(chunked, whole) {
			t.Fatalf("chunked %q (%v), whole %q", chunked, err, whole)
		}
		m.mu.RLock()
		issued := m.hasIssued(data)
		m.mu.RUnlock()
		if !issued && !bytes.Equal(whole, data) {
			t.Fatalf("body without issued placeholders changed: %q → %q", data, whole)
		}
		// With the note on replaced values, read whole or in pieces
		// alike; with an empty mapping, a body without the text's path
		// stays as it was.
		noted := Format{Kind: "framed", Cumulative: true, Text: geminiNoteText, Note: testNote}
		nw, err := io.ReadAll(NewRestorer(m, noted, io.NopCloser(bytes.NewReader(data))))
		if err != nil {
			t.Fatalf("noted: %v", err)
		}
		nc, err := io.ReadAll(NewRestorer(m, noted, io.NopCloser(&chunkReader{data: data, cuts: cuts})))
		if err != nil || !bytes.Equal(nc, nw) {
			t.Fatalf("noted: chunked %q (%v), whole %q", nc, err, nw)
		}
		// (Invalid UTF-8 inside a string decoded for the text's path is
		// written as U+FFFD, as the client reads it.)
		if !bytes.Contains(data, []byte("wrb.fr")) && utf8.Valid(data) && !issued && !bytes.Equal(nw, data) && !bytes.Contains(nw, []byte("schleuse")) {
			t.Fatalf("noted body changed without a note: %q → %q", data, nw)
		}
	})
}
