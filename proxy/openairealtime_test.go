package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
)

// fakeRealtime is OpenAI's Realtime API as far as these tests need it: it
// records each client event and answers a conversation.item.create with
// the text it got, spoken: the transcript in deltas of three bytes with an
// audio delta (base64) after each, then the transcript's .done event and
// response.done.
type fakeRealtime struct {
	mu  sync.Mutex
	got []string
}

func (f *fakeRealtime) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got)
}

func (f *fakeRealtime) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := r.Context()
	c.Write(ctx, websocket.MessageText, []byte(`{"type":"session.created","event_id":"event_0","session":{"id":"sess_1","model":"gpt-realtime"}}`))
	for {
		_, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		f.mu.Lock()
		f.got = append(f.got, string(msg))
		f.mu.Unlock()
		var ev struct {
			Type string
			Item struct {
				Content []struct{ Text string }
			}
		}
		json.Unmarshal(msg, &ev)
		if ev.Type != "conversation.item.create" {
			continue
		}
		text := ""
		for _, p := range ev.Item.Content {
			text += p.Text
		}
		for i := 0; i < len(text); i += 3 {
			chunk, _ := json.Marshal(text[i:min(i+3, len(text))])
			c.Write(ctx, websocket.MessageText, []byte(`{"type":"response.audio_transcript.delta","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":`+string(chunk)+`}`))
			c.Write(ctx, websocket.MessageText, []byte(`{"type":"response.audio.delta","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":"AAAA/PERS+IBA"}`))
		}
		done, _ := json.Marshal(text)
		c.Write(ctx, websocket.MessageText, []byte(`{"type":"response.audio_transcript.done","item_id":"item_1","transcript":`+string(done)+`}`))
		c.Write(ctx, websocket.MessageText, []byte(`{"type":"response.done","response":{"id":"resp_1","status":"completed"}}`))
	}
}

// dialRealtime connects to the Realtime WebSocket through schleuse and
// reads session.created.
func dialRealtime(t *testing.T, ctx context.Context, h *pipeHarness) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(ctx, "wss://api.openai.com/v1/realtime?model=gpt-realtime", &websocket.DialOptions{
		HTTPClient: h.client(h.schleuseP, false), CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "session.created") {
		t.Fatalf("first event %s: %v", b, err)
	}
	return c
}

// realtimeUserText is the client event that adds the person's text.
func realtimeUserText(text string) []byte {
	b, _ := json.Marshal(map[string]any{"type": "conversation.item.create", "event_id": "evt_c1", "item": map[string]any{
		"type": "message", "role": "user", "content": []any{map[string]any{"type": "input_text", "text": text}}}})
	return b
}

// TestRealtimeRedactedAndRestored: a name in a Realtime
// conversation.item.create goes to OpenAI as a placeholder, and the spoken
// answer's transcript, streamed in deltas of three bytes (the placeholder
// split across them) with audio deltas between them, reaches the client
// with the name, the audio untouched. Before (the generic reading), the
// event could not be rewritten, so it was dropped without a word.
func TestRealtimeRedactedAndRestored(t *testing.T) {
	fr := &fakeRealtime{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"api.openai.com": fr})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	prompt := "Schreibe eine Einladung an Frau Anna Schmidt."
	transcript, done := realtimeAnswer(t, ctx, c, prompt)
	fr.mu.Lock()
	got := fr.got
	fr.mu.Unlock()
	if len(got) != 1 || strings.Contains(got[0], "Schmidt") || !strings.Contains(got[0], "[PERSON_1]") {
		t.Fatalf("the service got %q", got)
	}
	// An API's answer gets no note by default (notice.redacted: web).
	if transcript != prompt || done != prompt {
		t.Fatalf("transcript %q, done %q, want %q", transcript, done, prompt)
	}
}

// TestRealtimeRedactedNoteAll: with notice.redacted "all" the transcript
// (ResponseFormat.Text: the deltas beside their type) starts with the note
// on the replaced name, once, and the rest is the restored answer.
func TestRealtimeRedactedNoteAll(t *testing.T) {
	fr := &fakeRealtime{}
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Notice.FirstUse = false }, map[string]http.Handler{"api.openai.com": fr})
	h.pipe.Redacted = func() string { return config.RedactedAll }
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	prompt := "Schreibe eine Einladung an Frau Anna Schmidt."
	transcript, _ := realtimeAnswer(t, ctx, c, prompt)
	checkNote(t, transcript, noteID(transcript), prompt, "Schmidt")
}

// realtimeAnswer sends prompt as the person's text and reads the answer
// up to response.done: the transcript joined from its deltas and the
// .done event's; every audio delta must arrive as the service sent it,
// and no error event (a notice) may come before the answer ends.
func realtimeAnswer(t *testing.T, ctx context.Context, c *websocket.Conn, prompt string) (string, string) {
	t.Helper()
	if err := c.Write(ctx, websocket.MessageText, realtimeUserText(prompt)); err != nil {
		t.Fatal(err)
	}
	var transcript strings.Builder
	done := ""
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ev struct{ Type, Delta, Transcript string }
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("client got %q: %v", b, err)
		}
		switch ev.Type {
		case "response.audio_transcript.delta":
			transcript.WriteString(ev.Delta)
		case "response.audio.delta":
			if ev.Delta != "AAAA/PERS+IBA" {
				t.Fatalf("audio delta changed: %s", b)
			}
		case "response.audio_transcript.done":
			done = ev.Transcript
		case "response.done":
			return transcript.String(), done
		case "error":
			t.Fatalf("client got an error event before the answer to %q ended: %s", prompt, b)
		}
	}
}

// TestRealtimeBlockedAsErrorEvent: an event the policy blocks (a password)
// is not sent; the client gets a Realtime error event with the German
// notice, naming its event, and the session goes on.
func TestRealtimeBlockedAsErrorEvent(t *testing.T) {
	fr := &fakeRealtime{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"api.openai.com": fr})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	if err := c.Write(ctx, websocket.MessageText, realtimeUserText("Das Passwort für den Server ist Passwort: Sommer2024!xy")); err != nil {
		t.Fatal(err)
	}
	readError(t, ctx, c, "nicht an den KI-Dienst gesendet")
	if err := c.Write(ctx, websocket.MessageText, realtimeUserText("Wie schreibe ich eine Einladung?")); err != nil {
		t.Fatal(err)
	}
	for fr.count() < 1 {
		if ctx.Err() != nil {
			t.Fatal("the next event did not reach the service")
		}
		time.Sleep(10 * time.Millisecond)
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if len(fr.got) != 1 || strings.Contains(fr.got[0], "Sommer2024") {
		t.Fatalf("the service got %q", fr.got)
	}
}

// TestRealtimeAudioRefused: spoken input (input_audio_buffer.append)
// cannot be inspected: it is counted as audio and refused by KI-RL-3.6
// with a German error event; nothing of it reaches the service. Before,
// the generic reading passed its base64 as a blob, and the recording went
// out unheard.
func TestRealtimeAudioRefused(t *testing.T) {
	fr := &fakeRealtime{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"api.openai.com": fr})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	msg := []byte(`{"type":"input_audio_buffer.append","event_id":"evt_a1","audio":"AAAAAAAAAAAAAP//AAAAAAD/AP8A/wD/AAAAAA=="}`)
	if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
		t.Fatal(err)
	}
	readError(t, ctx, c, "Audiodatei")
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"type":"response.cancel"}`)); err != nil {
		t.Fatal(err)
	}
	for fr.count() < 1 {
		if ctx.Err() != nil {
			t.Fatal("the next event did not reach the service")
		}
		time.Sleep(10 * time.Millisecond)
	}
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if len(fr.got) != 1 || strings.Contains(fr.got[0], "audio_buffer.append") {
		t.Fatalf("the service got %q", fr.got)
	}
}

// TestRealtimeAudioRefusedOnce: a voice app sends a piece of the
// microphone every 20–100 ms. The first piece is refused with the German
// notice and one audit record; the 199 after it and the commit that
// refers to them are dropped unread (counted as ws_media, no record, no
// notice, no use of the message budget), and the person's typed message
// after them is inspected (the name replaced) and answered. Before, each
// piece was refused and audited by itself and counted against
// client.websocket_messages_per_minute: 200 notices, 200 records, and
// after the first 120 pieces the typed message was refused as one too
// many; the commit went on and the service answered it with an error of
// its own (the buffer was empty).
func TestRealtimeAudioRefusedOnce(t *testing.T) {
	fr := &fakeRealtime{}
	rec := &reasonRecorder{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Client.WebSocketMessagesPerMinute = 3 },
		extra:  map[string]http.Handler{"api.openai.com": fr},
		tel:    func(*Pipeline) Metrics { return rec },
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	before := h.audit.Stats().Written
	for i := range 200 {
		msg := fmt.Sprintf(`{"type":"input_audio_buffer.append","event_id":"evt_a%d","audio":"AAAAAAAAAAAAAP//AAAAAAD/AP8A/wD/AAAAAA=="}`, i)
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []string{`{"type":"input_audio_buffer.commit","event_id":"evt_c"}`, `{"type":"input_audio_buffer.clear"}`} {
		if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	readError(t, ctx, c, "Audiodatei")
	// The next event the client reads is the answer to the typed
	// message: no second notice came between.
	prompt := "Schreibe eine Einladung an Frau Anna Schmidt."
	transcript, _ := realtimeAnswer(t, ctx, c, prompt)
	if transcript != prompt {
		t.Fatalf("transcript %q, want %q", transcript, prompt)
	}
	fr.mu.Lock()
	got := fr.got
	fr.mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], "[PERSON_1]") || strings.Contains(got[0], "Schmidt") {
		t.Fatalf("the service got %q, want only the typed message, redacted", got)
	}
	media, rate := 0, 0
	for _, r := range rec.take() {
		switch r {
		case "ws_media":
			media++
		case "ws_rate":
			rate++
		}
	}
	if media != 201 || rate != 0 {
		t.Fatalf("counted %d ws_media (want 199 pieces + commit + clear = 201), %d ws_rate", media, rate)
	}
	// Two records: the refused piece and the typed message.
	deadline := time.Now().Add(5 * time.Second)
	for h.audit.Stats().Written-before < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the audit queue's batch
	if w := h.audit.Stats().Written - before; w != 2 {
		t.Fatalf("%d audit records, want 2 (the first piece refused, the typed message)", w)
	}
	// The budget (3) is untouched by the dropped pieces: the first piece
	// and the first message took two, a third message still goes out.
	if transcript, _ := realtimeAnswer(t, ctx, c, "Wie schreibe ich eine Einladung?"); transcript != "Wie schreibe ich eine Einladung?" {
		t.Fatalf("third message answered %q", transcript)
	}
}

// realtimeAppend is the client event of piece i of the microphone.
func realtimeAppend(i int) []byte {
	return fmt.Appendf(nil, `{"type":"input_audio_buffer.append","event_id":"evt_a%d","audio":"AAAAAAAAAAAAAP//AAAAAAD/AP8A/wD/AAAAAA=="}`, i)
}

// waitCount waits until the service got n client events.
func (f *fakeRealtime) waitCount(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	for f.count() < n {
		if ctx.Err() != nil {
			t.Fatalf("the service got %d events, want %d", f.count(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRealtimeAudioAllowedOnce: where the DPO allows audio unread
// (ungeprueft_erlaubt: [audio]), a voice app's pieces of the microphone
// go on as they came: the first is decided and audited (one record, its
// rule schleuse:uninspected_allowed:audio), the 199 after it go under
// that decision without a record each and outside the message budget,
// counted as schleuse_websocket_media_passed_total. A policy reload that
// refuses audio refuses the next piece (the German notice, one record),
// and the pieces after it are dropped. Before, each piece was decided and
// audited by itself and counted against client.websocket_messages_per_minute:
// with a budget of 4 the fifth piece was refused (voice stopped after
// 120 pieces by default), and the log held 200 identical records.
func TestRealtimeAudioAllowedOnce(t *testing.T) {
	fr := &fakeRealtime{}
	rec := &reasonRecorder{}
	dir := t.TempDir()
	unreadAllowedPolicy(t, dir, "audio")
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Client.WebSocketMessagesPerMinute = 4; c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"api.openai.com": fr},
		tel:    func(*Pipeline) Metrics { return rec },
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	for i := range 200 {
		if err := c.Write(ctx, websocket.MessageText, realtimeAppend(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"type":"input_audio_buffer.commit","event_id":"evt_c"}`)); err != nil {
		t.Fatal(err)
	}
	fr.waitCount(t, ctx, 201)
	fr.mu.Lock()
	for i, got := range fr.got[:200] {
		if got != string(realtimeAppend(i)) {
			fr.mu.Unlock()
			t.Fatalf("piece %d reached the service as %q", i, got)
		}
	}
	fr.mu.Unlock()
	count := func(label string) (n int) {
		for _, r := range rec.take() {
			switch r {
			case label:
				n++
			case "ws_rate", "ws_media", "media_passed":
				t.Errorf("counted %s", r)
			}
		}
		return n
	}
	if n := count("media_passed"); n != 199 {
		t.Fatalf("counted %d pieces passed, want 199 (all but the first, which is audited)", n)
	}
	recs, err := h.auditReader(t).Query(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Action != "allow" || !slices.Contains(recs[0].Rules, audit.UninspectedAllowedRule+"audio") {
		t.Fatalf("records %+v, want one allow under schleuse:uninspected_allowed:audio", recs)
	}
	// A piece with an image beside its audio is no piece: decided by
	// itself, and images are not allowed.
	withImage := `{"type":"input_audio_buffer.append","event_id":"evt_i","audio":"AAAA","x":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}`
	if err := c.Write(ctx, websocket.MessageText, []byte(withImage)); err != nil {
		t.Fatal(err)
	}
	readError(t, ctx, c, "Abschnitt 3.6")

	// The DPO takes audio out of ungeprueft_erlaubt: the next piece is
	// refused with the notice, the one after it dropped.
	unreadAllowedPolicy(t, dir, "")
	if err := h.pol.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	for i := 200; i < 202; i++ {
		if err := c.Write(ctx, websocket.MessageText, realtimeAppend(i)); err != nil {
			t.Fatal(err)
		}
	}
	readError(t, ctx, c, "Audiodatei")
	prompt := "Wie schreibe ich eine Einladung?"
	if transcript, _ := realtimeAnswer(t, ctx, c, prompt); transcript != prompt {
		t.Fatalf("typed message answered %q", transcript)
	}
	fr.mu.Lock()
	got := fr.got[201:]
	fr.mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], "conversation.item.create") {
		t.Fatalf("after the reload the service got %q, want only the typed message", got)
	}
	if n := count("ws_media"); n != 1 {
		t.Fatalf("counted %d pieces dropped, want 1 (the piece after the refused one)", n)
	}
	recs, err = h.auditReader(t).Query(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[1].Action != "block" || recs[2].Action != "block" || !slices.Contains(recs[2].Rules, "KI-RL-3.6") || recs[3].Action != "allow" || slices.Contains(recs[3].Rules, audit.UninspectedAllowedRule+"audio") {
		t.Fatalf("records after the first %+v, want the piece with an image refused, the piece after the reload refused, the typed message", recs[1:])
	}
}

// TestRealtimeBareResponseAfterRefusedAudio: a push-to-talk app sends the
// pieces of what was said, input_audio_buffer.commit, then response.create
// without input of its own. Where the audio was refused, the commit is
// dropped and so is that response.create: its only input would be the
// refused audio, and the service would answer to nothing the person said.
// A response.create with instructions of its own goes on, as does a bare
// one after a typed message. Before, the bare response.create went on and
// the model answered to nothing.
func TestRealtimeBareResponseAfterRefusedAudio(t *testing.T) {
	fr := &fakeRealtime{}
	rec := &reasonRecorder{}
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"api.openai.com": fr},
		tel:   func(*Pipeline) Metrics { return rec },
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	const (
		commit   = `{"type":"input_audio_buffer.commit","event_id":"evt_c"}`
		bare     = `{"type":"response.create","event_id":"evt_r","response":{"modalities":["audio","text"],"voice":"alloy"}}`
		withText = `{"type":"response.create","event_id":"evt_r2","response":{"instructions":"Antworte kurz und freundlich."}}`
	)
	send := func(msgs ...string) {
		t.Helper()
		for _, m := range msgs {
			if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
				t.Fatal(err)
			}
		}
	}
	send(string(realtimeAppend(0)), string(realtimeAppend(1)), string(realtimeAppend(2)), commit, bare, withText)
	readError(t, ctx, c, "Audiodatei")
	fr.waitCount(t, ctx, 1)
	// Spoken again, then typed: the bare response answers the typed text.
	send(string(realtimeAppend(3)), commit, string(realtimeUserText("Wie schreibe ich eine Einladung?")), bare)
	fr.waitCount(t, ctx, 3)
	time.Sleep(100 * time.Millisecond) // nothing else comes
	fr.mu.Lock()
	got := fr.got
	fr.mu.Unlock()
	if len(got) != 3 || got[0] != withText || !strings.Contains(got[1], "conversation.item.create") || got[2] != bare {
		t.Fatalf("the service got %q, want the response with instructions, the typed message, the bare response after it", got)
	}
	media := 0
	for _, r := range rec.take() {
		if r == "ws_media" {
			media++
		}
	}
	if media != 6 {
		t.Fatalf("counted %d ws_media, want 6 (2 pieces, commit, bare response; piece, commit)", media)
	}
}

// readError reads the next event, which must be a Realtime error event
// whose message holds want (German first) and names the refused event.
func readError(t *testing.T, ctx context.Context, c *websocket.Conn, want string) {
	t.Helper()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ev struct {
		Type  string
		Error struct {
			Type, Message string
			EventID       string `json:"event_id"`
		}
	}
	if err := json.Unmarshal(b, &ev); err != nil || ev.Type != "error" || ev.Error.Type != "invalid_request_error" ||
		!strings.Contains(ev.Error.Message, want) || ev.Error.EventID == "" {
		t.Fatalf("client got %s, want an error event with %q", b, want)
	}
	if de, _, _ := strings.Cut(ev.Error.Message, "/"); strings.Contains(de, "blocked") {
		t.Fatalf("notice not German first: %s", ev.Error.Message)
	}
}

// TestRealtimeAudioDecidedAgainAfterAMinute: the decision that allowed a
// connection's audio holds for the pieces after it for less than a minute
// (mediaRedecide); the first piece after it is decided and audited again.
// So a rule on the time of day (here: voice until 16:00 only, on
// input.time) ends an open voice connection at most a minute late, and
// the log holds at most one record per connection and minute. Before, the
// decision held until the policy revision changed: the voice connection
// opened at 15:58 went on after 16:00 for as long as it stayed open.
func TestRealtimeAudioDecidedAgainAfterAMinute(t *testing.T) {
	fr := &fakeRealtime{}
	rec := &reasonRecorder{}
	dir := t.TempDir()
	unreadAllowedPolicy(t, dir, "audio")
	officeHours := `
# Test: Sprache nur bis 16:00 Uhr.
block_reasons contains reason("KI-RL-3.6", "KI-RL-3.6", [{"de": "Audio nach 16 Uhr", "en": "audio after 4 pm"}]) if {
	"audio" in input.uninspected
	time.parse_rfc3339_ns(input.time) >= time.parse_rfc3339_ns("2026-12-03T16:00:00Z")
}
`
	f, err := os.OpenFile(filepath.Join(dir, "richtlinie.rego"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(officeHours); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Date(2026, 12, 3, 15, 58, 30, 0, time.UTC)
	var clock atomic.Pointer[time.Time]
	set := func(d time.Duration) { at := start.Add(d); clock.Store(&at) }
	set(0)
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"api.openai.com": fr},
		tel: func(p *Pipeline) Metrics {
			p.Now = func() time.Time { return *clock.Load() }
			return rec
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := dialRealtime(t, ctx, h)
	// Piece i at start+at[i]: decided (15:58:30), under it (15:59:00),
	// decided again 61 s later (15:59:31), under that (15:59:59, and
	// 16:00:10: less than a minute after it), decided again (16:00:32):
	// refused after 16:00.
	ats := []time.Duration{0, 30 * time.Second, 61 * time.Second, 89 * time.Second, 100 * time.Second}
	for i, d := range ats {
		set(d)
		if err := c.Write(ctx, websocket.MessageText, realtimeAppend(i)); err != nil {
			t.Fatal(err)
		}
		fr.waitCount(t, ctx, i+1) // read under its time
	}
	set(122 * time.Second)
	for i := len(ats); i < len(ats)+2; i++ {
		if err := c.Write(ctx, websocket.MessageText, realtimeAppend(i)); err != nil {
			t.Fatal(err)
		}
	}
	readError(t, ctx, c, "Audio nach 16 Uhr")
	prompt := "Wie schreibe ich eine Einladung?"
	if transcript, _ := realtimeAnswer(t, ctx, c, prompt); transcript != prompt {
		t.Fatalf("typed message answered %q", transcript)
	}
	fr.mu.Lock()
	got := slices.Clone(fr.got)
	fr.mu.Unlock()
	if len(got) != len(ats)+1 || !strings.Contains(got[len(ats)], "conversation.item.create") {
		t.Fatalf("the service got %d events, want the %d pieces before 16:00:32 and the typed message: %q", len(got), len(ats), got)
	}
	passed, dropped := 0, 0
	for _, r := range rec.take() {
		switch r {
		case "media_passed":
			passed++
		case "ws_media":
			dropped++
		}
	}
	if passed != 3 || dropped != 1 {
		t.Fatalf("counted %d pieces passed (want 3) and %d dropped (want 1: the piece after the refused one)", passed, dropped)
	}
	recs, err := h.auditReader(t).Query(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range recs {
		actions = append(actions, r.Action)
	}
	if !slices.Equal(actions, []string{"allow", "allow", "block", "allow"}) || !slices.Contains(recs[1].Rules, audit.UninspectedAllowedRule+"audio") {
		t.Fatalf("records %+v, want the first piece allowed, the one a minute later allowed again, the one after 16:00 refused, the typed message", recs)
	}
}
