package providers

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestWebChatBlock: gemini.google.com, Le Chat and Perplexity's web app get
// a block or warning as the assistant's reply in their own stream (status
// 200, the app's content type), also when the body was not read (an empty
// envelope) and the path says it is a chat message; other requests of
// these adapters keep the generic 403 JSON. The proxy tests read the
// streams with each app's client parser (TestNoticeInWebChats).
func TestWebChatBlock(t *testing.T) {
	gemini := "/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate"
	chat := &Envelope{Kind: KindChat, Stream: true}
	for _, c := range []struct {
		name, adapter, path, ct string
		env                     *Envelope
		status                  int
		wantCT, first           string
	}{
		{"gemini prompt", "gemini-web", gemini, "application/x-www-form-urlencoded", chat, 200, "application/json", ")]}'\n\n"},
		{"gemini unread", "gemini-web", gemini, "application/x-www-form-urlencoded", &Envelope{}, 200, "application/json", ")]}'\n\n"},
		{"gemini other rpc", "gemini-web", "/_/BardChatUi/data/batchexecute", "application/x-www-form-urlencoded", &Envelope{}, 403, "application/json", `{"detail":`},
		{"lechat message", "lechat", "/api/chat", "application/json", chat, 200, "text/plain", `0:"`},
		{"lechat unread", "lechat", "/api/chat", "application/json", &Envelope{}, 200, "text/plain", `0:"`},
		{"lechat newChat batch", "lechat", "/api/trpc/message.newChat", "application/json", &Envelope{Kind: KindChat}, 403, "application/json", `[{"error":{"json":{"code":-32003,"data":{"code":"FORBIDDEN","httpStatus":403,"path":"message.newChat"},"message":"`},
		{"lechat tRPC unread", "lechat", "/api/trpc/message.newChat,chat.rename", "application/json", &Envelope{}, 403, "application/json", `[{"error":{"json":{"code":-32003,"data":{"code":"FORBIDDEN","httpStatus":403,"path":"message.newChat"}`},
		{"lechat upload unread", "lechat", "/api/file", "multipart/form-data; boundary=x", &Envelope{}, 403, "text/plain", testNotice.Text[:20]},
		{"lechat tRPC upload", "lechat", "/api/trpc/file.uploadFile", "application/json", &Envelope{Kind: KindUpload}, 403, "application/json", `[{"error":{"json":{"code":-32003,"data":{"code":"FORBIDDEN","httpStatus":403,"path":"file.uploadFile"}`},
		{"perplexity ask", "perplexity-web", "/rest/sse/perplexity_ask", "application/json", chat, 200, "text/event-stream", "event: message\n"},
		{"perplexity unread", "perplexity-web", "/rest/sse/perplexity_ask", "application/json", &Envelope{}, 200, "text/event-stream", "event: message\n"},
		{"perplexity other", "perplexity-web", "/rest/uploads/create_upload_url", "application/json", &Envelope{}, 403, "application/json", `{"detail":`},
	} {
		a, ok := newAdapters()[c.adapter]
		if !ok {
			t.Fatalf("no adapter %s", c.adapter)
		}
		for _, action := range []string{"block", "warn"} {
			req := &Request{Method: "POST", Path: c.path, Query: url.Values{"batch": {"1"}}, Header: http.Header{"Content-Type": {c.ct}}}
			ans := a.Block(req, c.env, Notice{Action: action, Text: testNotice.Text})
			if ans.Status != c.status || !strings.HasPrefix(ans.Header.Get("Content-Type"), c.wantCT) ||
				!strings.HasPrefix(string(ans.Body), c.first) || ans.Header.Get("X-Schleuse-Action") != action {
				t.Errorf("%s (%s): %d %s %q, want %d %s starting %q", c.name, action, ans.Status, ans.Header.Get("Content-Type"), ans.Body, c.status, c.wantCT, c.first)
			}
			checkNotice(t, ans.Body)
		}
	}
	// A tRPC batch gets one error per procedure; a single call one object.
	a := newAdapters()["lechat"]
	var batch []struct {
		Error struct{ JSON struct{ Message string } }
	}
	ans := a.Block(&Request{Method: "POST", Path: "/api/trpc/message.newChat,chat.rename", Query: url.Values{"batch": {"1"}}}, &Envelope{}, testNotice)
	if err := json.Unmarshal(ans.Body, &batch); err != nil || len(batch) != 2 || batch[1].Error.JSON.Message != testNotice.Text {
		t.Errorf("tRPC batch of two: %v %s", err, ans.Body)
	}
	var single struct {
		Error struct{ JSON struct{ Message string } }
	}
	ans = a.Block(&Request{Method: "POST", Path: "/api/trpc/message.newChat"}, &Envelope{Kind: KindChat}, testNotice)
	if err := json.Unmarshal(ans.Body, &single); err != nil || single.Error.JSON.Message != testNotice.Text {
		t.Errorf("tRPC call: %v %s", err, ans.Body)
	}
}

// TestUploadBlockShapes: a refused upload is answered in the shape of the
// upload call's own errors, with the notice as its message: S3's XML error
// for Perplexity's presigned POST, German text with X-Goog-Upload-Status:
// final for Google's upload service (Gemini's attachments); other hosts
// keep the generic 403.
func TestUploadBlockShapes(t *testing.T) {
	a := newAdapters()["upload"]
	for _, c := range []struct {
		host, ct, first, goog string
	}{
		{"ppl-ai-file-upload.s3.amazonaws.com", "application/xml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>AccessDenied</Code><Message>Blockiert", ""},
		{"content-push.googleapis.com", "text/plain", "Blockiert", "final"},
		{"push.clients6.google.com", "text/plain", "Blockiert", "final"},
		{"uploads.example.net", "application/json", `{"detail":`, ""},
	} {
		ans := a.Block(&Request{Host: c.host, Method: "POST", Path: "/upload/"}, &Envelope{Kind: KindUpload}, testNotice)
		if ans.Status != 403 || !strings.HasPrefix(ans.Header.Get("Content-Type"), c.ct) || !strings.HasPrefix(string(ans.Body), c.first) ||
			ans.Header.Get("X-Goog-Upload-Status") != c.goog {
			t.Errorf("%s: %d %s %q", c.host, ans.Status, ans.Header, ans.Body)
		}
		checkNotice(t, ans.Body)
	}
	ans := a.Block(&Request{Host: "x.s3.amazonaws.com"}, &Envelope{}, Notice{Action: "block", Text: "a < b & c"})
	if !strings.Contains(string(ans.Body), "<Message>a &lt; b &amp; c</Message>") {
		t.Errorf("not escaped: %s", ans.Body)
	}
}
