package proxy

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/pseudonym"
)

// fakeM365Copilot speaks SignalR's JSON protocol as Microsoft 365 Copilot
// Chat does: the handshake, then for each chat invocation the echo of its
// text in cumulative updates (type 1) and the final item (type 2) and
// completion (type 3), every record ended by 0x1E.
type fakeM365Copilot struct {
	mu  sync.Mutex
	got []string
}

func (f *fakeM365Copilot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	rec := func(v any) []byte { b, _ := json.Marshal(v); return append(b, 0x1e) }
	for {
		_, msg, err := c.Read(r.Context())
		if err != nil {
			return
		}
		f.mu.Lock()
		f.got = append(f.got, string(msg))
		f.mu.Unlock()
		for _, raw := range strings.Split(strings.TrimSuffix(string(msg), "\x1e"), "\x1e") {
			var in struct {
				Type         int
				Target       string
				InvocationID string
				Arguments    []struct{ Message struct{ Text string } }
			}
			json.Unmarshal([]byte(raw), &in)
			switch {
			case in.Type == 0: // the handshake
				c.Write(r.Context(), websocket.MessageText, []byte("{}\x1e"))
			case in.Type == 4 && in.Target == "chat" && len(in.Arguments) > 0:
				text := in.Arguments[0].Message.Text
				for i := 7; i < len(text)+7; i += 7 {
					c.Write(r.Context(), websocket.MessageText, rec(map[string]any{"type": 1, "target": "update", "arguments": []any{
						map[string]any{"messages": []any{map[string]any{"text": text[:min(i, len(text))], "author": "bot"}}}}}))
				}
				// the final item and the completion in one message, as
				// SignalR may send them
				c.Write(r.Context(), websocket.MessageText, append(rec(map[string]any{"type": 2, "invocationId": in.InvocationID,
					"item": map[string]any{"result": map[string]any{"value": "Success", "message": text}}}),
					rec(map[string]any{"type": 3, "invocationId": in.InvocationID})...))
			}
		}
	}
}

// TestM365CopilotInspected: Microsoft 365 Copilot Chat, enabled in mode
// inspect and registered by the DPO: a name in a prompt on its SignalR
// WebSocket is pseudonymised before it leaves and restored in the
// updates and the final answer, a password is blocked with the notice as
// the bot's message and never sent, and the rest of substrate.office.com
// (Outlook's mail) goes through unread.
func TestM365CopilotInspected(t *testing.T) {
	fake := &fakeM365Copilot{}
	mail := &upstreamLog{}
	mux := http.NewServeMux()
	mux.Handle("/m365Copilot/", fake)
	mux.Handle("/", mail)
	dir := registeredPolicy(t, "m365-copilot", "Microsoft 365 Copilot Chat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"substrate.office.com": mux},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "m365-copilot", Mode: "inspect"})
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "wss://substrate.office.com/m365Copilot/Chathub/5b8c7d2e@0f1e2d3c?ClientRequestId=1&X-SessionId=2&source=%22officeweb%22",
		&websocket.DialOptions{HTTPClient: h.client(h.schleuseP, false)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	rec := func(v any) []byte { b, _ := json.Marshal(v); return append(b, 0x1e) }
	invoke := func(id, text string) []byte {
		return rec(map[string]any{"type": 4, "target": "chat", "invocationId": id, "arguments": []any{map[string]any{
			"source": "officeweb", "conversationId": "2f4e6a8c", "message": map[string]any{"author": "user", "inputMethod": "Keyboard", "text": text}}}})
	}
	// read returns the updates' last text and the final message of one invocation.
	read := func() (update, final string) {
		for {
			_, b, err := c.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, raw := range strings.Split(strings.TrimSuffix(string(b), "\x1e"), "\x1e") {
				var ev struct {
					Type      int
					Arguments []struct{ Messages []struct{ Text string } }
					Item      struct{ Result struct{ Message string } }
				}
				if err := json.Unmarshal([]byte(raw), &ev); err != nil {
					t.Fatalf("client got %q: %v", b, err)
				}
				switch ev.Type {
				case 1:
					update = ev.Arguments[0].Messages[0].Text
				case 2:
					final = ev.Item.Result.Message
				case 3:
					return update, final
				}
			}
		}
	}
	if err := c.Write(ctx, websocket.MessageText, []byte("{\"protocol\":\"json\",\"version\":1}\x1e")); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || string(b) != "{}\x1e" {
		t.Fatalf("handshake: %q %v", b, err)
	}
	prompt := "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."
	if err := c.Write(ctx, websocket.MessageText, append([]byte("{\"type\":6}\x1e"), invoke("0", prompt)...)); err != nil {
		t.Fatal(err)
	}
	// The updates and the final answer start with the note on the
	// replaced name, each (they repeat the whole text).
	update, final := read()
	checkNote(t, update, noteID(update), prompt, "Yılmaz")
	checkNote(t, final, noteID(final), prompt, "Yılmaz")
	fake.mu.Lock()
	sent := strings.Join(fake.got, "|")
	fake.mu.Unlock()
	if strings.Contains(sent, "Yılmaz") || !strings.Contains(sent, "[PERSON_1]") {
		t.Errorf("Copilot received %q", sent)
	}
	// A password: the notice in the chat, nothing sent.
	if err := c.Write(ctx, websocket.MessageText, invoke("1", "Zugang zum Fachverfahren: Passwort: Sommer2024!")); err != nil {
		t.Fatal(err)
	}
	update, final = read()
	if !strings.Contains(final, "schleuse") || !strings.Contains(final, "KI-Richtlinie") || update != final || strings.Contains(final, "Sommer2024") {
		t.Errorf("blocked prompt: update %q, final %q", update, final)
	}
	fake.mu.Lock()
	n := len(fake.got)
	last := fake.got[n-1]
	fake.mu.Unlock()
	if strings.Contains(last, "Sommer2024") || n != 2 {
		t.Errorf("Copilot received %d messages, the last %q", n, last)
	}
	// Outlook's mail on the same host: not the service, not read.
	req, _ := http.NewRequest("POST", "https://substrate.office.com/owa/service.svc?action=CreateItem", strings.NewReader(`{"Body":"IBAN DE89370400440532013000"}`))
	if code, _ := h.send(t, req); code != 200 || mail.count() != 1 || !strings.Contains(mail.reqs[0].Body, "DE89") {
		t.Errorf("mail: %d, %+v", code, mail.reqs)
	}
}

// TestSignalRRecordsRestoredAsJSON: a server message of several SignalR
// records is restored record by record as JSON (a restored value
// JSON-escaped), each record a message of its own; before, such a message
// was not JSON as a whole and was restored as text, the quotes of a value
// left raw inside the record's JSON.
func TestSignalRRecordsRestoredAsJSON(t *testing.T) {
	m := pseudonym.NewMapping()
	ph := m.Replace("pseudonym", "PERSON", `Anna "A." Schmidt`)
	payload := `{"type":1,"target":"update","arguments":[{"messages":[{"text":"Hallo ` + ph + `"}]}]}` + "\x1e" +
		`{"type":2,"invocationId":"0","item":{"result":{"message":"Hallo ` + ph + `"}}}` + "\x1e" + `{"type":3,"invocationId":"0"}` + "\x1e"
	lines := signalRLines([]byte(payload))
	out, err := io.ReadAll(pseudonym.NewRestorer(m, pseudonym.Format{Kind: "ndjson"}, io.NopCloser(bytes.NewReader(lines))))
	if err != nil {
		t.Fatal(err)
	}
	recs := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(recs) != 3 {
		t.Fatalf("%d lines, want one per record: %q", len(recs), out)
	}
	for _, r := range recs {
		if !strings.HasSuffix(r, "\x1e") || !json.Valid([]byte(strings.TrimSuffix(r, "\x1e"))) {
			t.Errorf("record %q is not JSON ended by 0x1E", r)
		}
	}
	if !strings.Contains(recs[1], `Hallo Anna \"A.\" Schmidt`) {
		t.Errorf("final item not restored: %q", recs[1])
	}
	if one := signalRLines([]byte(`{"type":6}` + "\x1e")); string(one) != `{"type":6}`+"\x1e\n" {
		t.Errorf("one record: %q", one)
	}
}

// TestM365CopilotUploadInspected: Copilot's web client uploads an image
// before the prompt that names it (PyRIT's websocket_copilot_target.py,
// _upload_image_async): POST /m365Copilot/UploadFile, a form whose
// FileBase64 is the image as a data URL. No route reads it; the fallback
// does: an image is counted as uninspected and refused by the default
// policy (KI-RL-3.6), a text file sent the same way is read, a name in it
// blocks; nothing reaches Copilot.
func TestM365CopilotUploadInspected(t *testing.T) {
	up := &upstreamLog{}
	dir := registeredPolicy(t, "m365-copilot", "Microsoft 365 Copilot Chat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"substrate.office.com": up},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "m365-copilot", Mode: "inspect"})
		},
	})
	const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	text := base64.StdEncoding.EncodeToString([]byte("Aktenvermerk: Herr Mehmet Yılmaz, geboren am 12.03.1971, beantragt Wohngeld."))
	for _, c := range []struct{ name, file, want string }{
		{"image", "data:image/png;base64," + png, "Abschnitt 3.6"},
		{"text file", "data:text/plain;base64," + text, "KI-Richtlinie Abschnitt"},
	} {
		form := url.Values{"scenario": {"UploadImage"}, "conversationId": {"2f4e6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b"},
			"FileBase64": {c.file}, "optionsSets": {"cwcgptvsan"}}
		req, _ := http.NewRequest("POST", "https://substrate.office.com/m365Copilot/UploadFile", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if code, answer := h.send(t, req); code == 200 || up.count() != 0 || !strings.Contains(answer, c.want) {
			t.Errorf("%s: %d %q, %d requests reached Copilot", c.name, code, answer, up.count())
		}
		// The same fields as a multipart form (FormData): the text part
		// FileBase64 was read as the letters of its base64.
		var b strings.Builder
		w := multipart.NewWriter(&b)
		for _, k := range []string{"scenario", "conversationId", "FileBase64", "optionsSets"} {
			w.WriteField(k, form.Get(k))
		}
		w.Close()
		req, _ = http.NewRequest("POST", "https://substrate.office.com/m365Copilot/UploadFile", strings.NewReader(b.String()))
		req.Header.Set("Content-Type", w.FormDataContentType())
		if code, answer := h.send(t, req); code == 200 || up.count() != 0 || !strings.Contains(answer, c.want) {
			t.Errorf("%s as multipart: %d %q, %d requests reached Copilot", c.name, code, answer, up.count())
		}
	}
}

// TestM365CopilotLocalFileRefused: Copilot Chat attaches a document the
// person uploaded through Microsoft Graph into OneDrive (not through the
// chat's host) as a LocalFile annotation, and reads it by its SharePoint
// address: through the running proxy, such a message is refused with the
// notice as the bot's message (KI-RL-3.6: a file schleuse cannot read),
// and Copilot gets nothing. Before, the annotation went out as text and the
// document reached Copilot unread.
func TestM365CopilotLocalFileRefused(t *testing.T) {
	fake := &fakeM365Copilot{}
	dir := registeredPolicy(t, "m365-copilot", "Microsoft 365 Copilot Chat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"substrate.office.com": fake},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "m365-copilot", Mode: "inspect"})
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "wss://substrate.office.com/m365Copilot/Chathub/5b8c7d2e@0f1e2d3c?ClientRequestId=1",
		&websocket.DialOptions{HTTPClient: h.client(h.schleuseP, false)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte("{\"protocol\":\"json\",\"version\":1}\x1e")); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || string(b) != "{}\x1e" {
		t.Fatalf("handshake: %q %v", b, err)
	}
	msg, _ := json.Marshal(map[string]any{"type": 4, "target": "chat", "invocationId": "0", "arguments": []any{map[string]any{
		"conversationId": "2f4e6a8c", "message": map[string]any{"author": "user", "text": "Fasse das Dokument zusammen.",
			"messageAnnotations": []any{map[string]any{"id": "SPO_ZmFrZQ_1", "text": "Vermerk.docx", "messageAnnotationType": "LocalFile",
				"url": "https://contoso.sharepoint.com/personal/u/Documents/Microsoft%20Copilot%20Chat%20Files/Vermerk.docx"}}}}}})
	if err := c.Write(ctx, websocket.MessageText, append(msg, 0x1e)); err != nil {
		t.Fatal(err)
	}
	var answer strings.Builder
	for done := false; !done; {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		answer.Write(b)
		done = strings.Contains(string(b), `"type":3`)
	}
	if !strings.Contains(answer.String(), "schleuse") || !strings.Contains(answer.String(), "Abschnitt 3.6") {
		t.Errorf("the client got %q", answer.String())
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	for _, m := range fake.got {
		if strings.Contains(m, "Vermerk") || strings.Contains(m, "zusammen") {
			t.Errorf("Copilot received %q", m)
		}
	}
}
