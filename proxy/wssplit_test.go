package proxy

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/providers"
)

// TestSplitValuesAcrossWebSocketMessages: a value the person sends in two
// WebSocket messages of one connection ("Überweise bitte an DE89 3704",
// then "0044 0532 0130 00 den Betrag."), as a client that sends what is
// typed in chunks does, which the model reads as one and neither message
// holds alone, is read where the two meet (the previous message's tail,
// at most boundaryWindow bytes, joined with the new one as the HTTP split
// reading joins two messages of one request): the part in the new message
// is replaced (Copilot's chat socket) or, where the format cannot be
// rewritten (the generic reading: ChatGPT's ws.chatgpt.com), the new
// message is dropped; OpenAI Realtime's conversation.item.create is
// rewritten as Copilot's is. The
// part already sent cannot be recalled. Before, each message was inspected
// alone, and the IBAN, the Steuer-ID and the address reached the service.
// A sentence's end between the messages, or ordinary text, is not joined.
func TestSplitValuesAcrossWebSocketMessages(t *testing.T) {
	type socket struct {
		name, url string
		wrap      func(string) []byte
		rewrites  bool // the format can be rewritten: the new message goes on with a placeholder
	}
	sockets := []socket{
		{"copilot", "wss://copilot.microsoft.com/c/api/chat?api-version=2", copilotSend, true},
		{"generic", "wss://ws.chatgpt.com/ws/user/conversations", func(s string) []byte {
			b, _ := json.Marshal(map[string]any{"type": "message", "text": s})
			return b
		}, false},
		// OpenAI Realtime's own adapter (openai-realtime) rewrites the
		// event: before it, the generic reading dropped the message
		{"realtime", "wss://api.openai.com/v1/realtime?model=gpt-realtime", func(s string) []byte {
			b, _ := json.Marshal(map[string]any{"type": "conversation.item.create", "item": map[string]any{
				"type": "message", "role": "user", "content": []any{map[string]any{"type": "input_text", "text": s}}}})
			return b
		}, true},
	}
	values := []struct {
		name   string
		pieces []string
		leak   string // what of the new message must not reach the service
		split  bool   // a value crosses the boundary
		// own: a value the first message holds by itself ("Anna
		// Schmidt"), where the format cannot be rewritten that message
		// is dropped, and the service never has the left part
		own string
	}{
		{"IBAN", []string{"Überweise bitte an DE89 3704", "0044 0532 0130 00 den Betrag."}, "0532", true, ""},
		{"Steuer-ID", []string{"Meine Steuer-ID ist 86095", "742719, bitte eintragen."}, "742719", true, ""},
		{"address", []string{"Der Brief geht in die Haupt", "straße 12, 53111 Bonn, bitte"}, "53111", true, ""},
		{"name and address", []string{"Schreibe einen Brief an Anna Schmidt, Haupt", "straße 12, 53111 Bonn, wegen der Mahnung"}, "53111", true, "Schmidt"},
		{"IBAN in three messages", []string{"IBAN DE89 3704", "0044 0532", "0130 00 bitte"}, "0130", true, ""},
		{"a sentence's end", []string{"Die Zahl ist 3704.", "0044 ist die andere."}, "", false, ""},
		{"ordinary text", []string{"Wie schreibe ich eine Einladung", "zum Sommerfest am Rathaus?"}, "", false, ""},
	}
	for _, s := range sockets {
		for _, v := range values {
			t.Run(s.name+"/"+v.name, func(t *testing.T) {
				fc := &fakeCopilot{}
				host := strings.Split(strings.TrimPrefix(s.url, "wss://"), "/")[0]
				h := newPipeHarnessWith(t, nil, map[string]http.Handler{host: fc})
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				c, _, err := websocket.Dial(ctx, s.url, &websocket.DialOptions{
					HTTPClient: h.client(h.schleuseP, false), CompressionMode: websocket.CompressionDisabled,
				})
				if err != nil {
					t.Fatal(err)
				}
				defer c.CloseNow()
				go func() { // the acknowledgements and notices
					for {
						if _, _, err := c.Read(ctx); err != nil {
							return
						}
					}
				}()
				for _, p := range v.pieces {
					if err := c.Write(ctx, websocket.MessageText, s.wrap(p)); err != nil {
						t.Fatal(err)
					}
				}
				want := len(v.pieces)
				if v.split && !s.rewrites {
					want-- // the last message is dropped
				}
				deadline := time.Now().Add(3 * time.Second)
				for fc.count() < want && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
				}
				time.Sleep(200 * time.Millisecond) // a message that should not come has time to
				fc.mu.Lock()
				defer fc.mu.Unlock()
				if len(fc.got) != want {
					t.Fatalf("the service got %d messages, want %d: %q", len(fc.got), want, fc.got)
				}
				if !v.split {
					for i, g := range fc.got {
						if g != string(s.wrap(v.pieces[i])) {
							t.Fatalf("message %d was changed: %s", i, g)
						}
					}
					return
				}
				if v.own != "" && !s.rewrites {
					// the first message was dropped: the rest alone holds no value
					for _, g := range fc.got {
						if strings.Contains(g, v.own) {
							t.Fatalf("the first message's own value reached the service: %q", fc.got)
						}
					}
					return
				}
				for _, g := range fc.got {
					if strings.Contains(g, v.leak) {
						t.Fatalf("the value split across the messages reached the service: %q", fc.got)
					}
				}
				if s.rewrites && !strings.Contains(fc.got[len(fc.got)-1], "_1]") {
					t.Fatalf("the last message carries no placeholder: %s", fc.got[len(fc.got)-1])
				}
			})
		}
	}
}

// TestWebSocketTailKeptAcrossOtherEvents: an event of the chat app between
// the two pieces whose text is no message's (a chat's title, a consent's
// name) leaves the tail as it is: the model reads the person's two
// messages as one text. Before, its text became the tail, and "DE89 3704"
// + "0044 0532 0130 00" around it reached the service.
func TestWebSocketTailKeptAcrossOtherEvents(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	go func() {
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	}()
	for _, m := range [][]byte{copilotSend("Überweise bitte an DE89 3704"), []byte(`{"event":"setOptions","title":"Mein Chat zur Förderung"}`),
		[]byte(`{"event":"reportLocalConsents","grants":["Werbung und Analyse"]}`), copilotSend("0044 0532 0130 00 den Betrag.")} {
		if err := c.Write(ctx, websocket.MessageText, m); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(3 * time.Second)
	for fc.count() < 4 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.got) != 4 || strings.Contains(fc.got[3], "0532") || !strings.Contains(fc.got[3], "[IBAN_1]") {
		t.Fatalf("the service got %q", fc.got)
	}
	if !strings.Contains(fc.got[1], "Förderung") || !strings.Contains(fc.got[2], "Werbung") {
		t.Fatalf("an event between the pieces was changed: %q", fc.got)
	}
}

// FuzzScanTail: two texts sent as two WebSocket messages, one after the
// other (noteTail keeps the first's end, scanTail reads it with the
// second), are read across their boundary exactly as scanBoundaries reads
// the same two texts as two user messages of one request: the same joined
// text and the same findings. Seeded from
// TestSplitValuesAcrossWebSocketMessages and pieces longer than the window.
func FuzzScanTail(f *testing.F) {
	for _, p := range [][2]string{
		{"Überweise bitte an DE89 3704", "0044 0532 0130 00 den Betrag."}, {"Meine Steuer-ID ist 86095", "742719, bitte eintragen."},
		{"Der Brief geht in die Haupt", "straße 12, 53111 Bonn, bitte"}, {"Schreibe einen Brief an Anna Schmidt, Haupt", "straße 12, 53111 Bonn, wegen der Mahnung"},
		{"Die Zahl ist 3704.", "0044 ist die andere."}, {"Wie schreibe ich eine Einladung", "zum Sommerfest am Rathaus?"},
		{strings.Repeat("Ein langer Satz über die Ämter der Stadtverwaltung ", 3) + "und die IBAN DE89 3704", "0044 0532 0130 00"},
		{strings.Repeat("ä", 40) + " anna.schmidt", "@example.de"}, {"Karte 4111 111", "1 1111 1111"}, {"… 3704 00\u200b", "44 0532 0130 00"},
	} {
		f.Add(p[0], p[1])
	}
	sc := scannerBox{Scanner: detectors.Default()}
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		f.Fatal(err)
	}
	openai, _ := router.Adapter("openai")
	extract := func(t *testing.T, texts ...string) *providers.Envelope {
		var ms []any
		for _, s := range texts {
			ms = append(ms, map[string]any{"role": "user", "content": s})
		}
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": ms})
		env, err := openai.Extract(&providers.Request{Method: "POST", Path: "/v1/chat/completions"}, body)
		if err != nil {
			t.Skip(err)
		}
		return env
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > 400 || !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		env := extract(t, a, b)
		if len(env.Fields) != 2 {
			return // an empty message has no field
		}
		split := func(r *run) []scanned {
			var out []scanned
			for _, s := range r.scans {
				if s.split != nil {
					out = append(out, s)
				}
			}
			return out
		}
		req := &run{sc: sc, env: env}
		req.scanBoundaries()
		tail := &wsTail{}
		(&run{sc: sc, env: extract(t, a), tail: tail}).noteTail()
		ws := &run{sc: sc, env: extract(t, b), tail: tail}
		ws.scanTail()
		hs, wsc := split(req), split(ws)
		if len(hs) != len(wsc) {
			t.Fatalf("%q + %q: one request read %d boundaries with findings, two messages %d", a, b, len(hs), len(wsc))
		}
		for i := range hs {
			if hs[i].text != wsc[i].text || !slices.Equal(hs[i].findings, wsc[i].findings) {
				t.Fatalf("%q + %q: one request read %q %v, two messages %q %v", a, b, hs[i].text, hs[i].findings, wsc[i].text, wsc[i].findings)
			}
			if wsc[i].split.left != -1 || !slices.Equal(wsc[i].split.right, []int{0}) || !slices.Equal(wsc[i].split.at, hs[i].split.at) {
				t.Fatalf("the boundary in the message: %+v, in the request %+v", *wsc[i].split, *hs[i].split)
			}
		}
	})
}

// TestWSTailKeepsWhatReaches: the tail holds the last message's end (its
// last boundaryWindow bytes) and of the pieces before it only those whose
// reading (boundaryChain) reaches the next message; a message that does
// not go on from them starts anew. Adding does not allocate.
func TestWSTailKeepsWhatReaches(t *testing.T) {
	var tail wsTail
	pieces := func() []string {
		var out []string
		for p := range tail.k {
			out = append(out, string(tail.piece(p)))
		}
		return out
	}
	long := strings.Repeat("x", boundaryWindow-10) + "ä€DE89 3704" // over the window, a character at the cut
	tail.add("content", long, false)
	if got := pieces(); len(got) != 1 || !strings.HasSuffix(long, got[0]) || len(got[0]) < boundaryWindow || !utf8.ValidString(got[0]) {
		t.Fatalf("a long piece: %q", got)
	}
	tail.add("content", "0044", true)
	tail.add("content", "0532", true)
	if got := pieces(); len(got) != 3 || got[1] != "0044" || got[2] != "0532" {
		t.Fatalf("short pieces after it: %q", got)
	}
	tail.add("content", strings.Repeat("y", boundaryWindow-3), true)
	if got := pieces(); len(got) != 2 || got[0] != "0532" {
		t.Fatalf("the pieces whose reading no longer reaches on are kept: %q", got)
	}
	tail.add("content", "Neu", false)
	if got := pieces(); len(got) != 1 || got[0] != "Neu" || !tail.joins {
		t.Fatalf("a message that does not go on: %q", got)
	}
	for range 2 * maxSplitPieces {
		tail.add("content", "8", true)
	}
	if tail.k != maxSplitPieces-1 {
		t.Fatalf("%d pieces held, at most %d", tail.k, maxSplitPieces-1)
	}
	tail.add("content", "Ende.", false)
	if tail.joins {
		t.Fatal("a piece ending a sentence joins the next")
	}
	if n := testing.AllocsPerRun(100, func() { tail.add("content", "Hallo, wie geht es", true) }); n != 0 {
		t.Fatalf("add allocates %v times", n)
	}
}

// BenchmarkWebSocketTail is a stream of ordinary Copilot chat messages
// (no values; half of them end where a value may go on, so that the next
// is read joined with the tail) read by the real detectors: "alone" each
// message's own scan, as before; "tail" that and the reading of the
// boundary with the message before (scanTail) and keeping its end
// (noteTail). The difference is what reading a value split across
// messages costs per message; the rest of a message's inspection (policy,
// audit) is the same either way.
func BenchmarkWebSocketTail(b *testing.B) {
	sc := scannerBox{Scanner: detectors.Default()}
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		b.Fatal(err)
	}
	copilot, _ := router.Adapter("copilot")
	wsi := copilot.(providers.WebSocketInspector)
	texts := []string{
		"Wie schreibe ich eine freundliche Einladung zum Sommerfest der Verwaltung am Rathausplatz",
		"und bitte auch mit einem Hinweis auf die Parkplätze hinter dem Bürgerbüro.",
		"Fasse den Vermerk zum Winterdienst auf den Gemeindestraßen in drei Sätzen zusammen",
		"Danke. Formuliere jetzt eine Absage an den Caterer, höflich und kurz.",
	}
	var envs []*providers.Envelope
	for _, s := range texts {
		env, err := wsi.WSFrame(&providers.Request{}, true, copilotSend(s))
		if err != nil || env == nil || len(env.Fields) != 1 {
			b.Fatalf("%v %+v", err, env)
		}
		envs = append(envs, env)
	}
	for _, mode := range []string{"alone", "tail"} {
		b.Run(mode, func(b *testing.B) {
			var tail *wsTail
			if mode == "tail" {
				tail = new(wsTail)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				env := envs[i%len(envs)]
				r := run{sc: sc, env: env, tail: tail}
				fs, _ := scanWith(sc, env.Fields[0].Text)
				r.scans = append(r.scans, scanned{field: 0, text: env.Fields[0].Text, findings: fs})
				r.scanTail()
				r.noteTail()
				if len(r.scans) != 1 || len(fs) != 0 {
					b.Fatalf("findings in ordinary text: %+v", r.scans)
				}
			}
		})
	}
}
