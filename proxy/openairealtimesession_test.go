package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// postBody posts body as ct through schleuse.
func postBody(t *testing.T, h *pipeHarness, url, ct, body string) (int, string) {
	t.Helper()
	resp, err := h.client(h.schleuseP, false).Post(url, ct, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// openAINotice is the message of an OpenAI error body, which the SDKs show.
func openAINotice(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		Error struct{ Message, Code string }
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code != "schleuse_blocked" {
		t.Fatalf("not an OpenAI error: %.300s", body)
	}
	if de, _, _ := strings.Cut(e.Error.Message, "[EN]"); strings.Contains(de, "blocked") {
		t.Fatalf("notice not German first: %s", e.Error.Message)
	}
	return e.Error.Message
}

// TestRealtimeSessionInspected: the session a server sets up for a
// browser (client_secrets; Azure's too) carries the model's system prompt
// and a prompt's variables: a name there goes to OpenAI as a placeholder,
// a password in the instructions is refused with the German notice in
// OpenAI's error body. Before, no route named these calls: OpenAI's went
// to the fallback (a name blocked the session, nothing was replaced),
// Azure's to azure-openai, which refused the body as an unknown endpoint.
func TestRealtimeSessionInspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"api.openai.com": up, "myres.openai.azure.com": up})
	{
		url := "https://api.openai.com/v1/realtime/client_secrets"
		n := len(up.bodies())
		code, body := postJSON(t, h, url, `{"expires_after":{"anchor":"created_at","seconds":600},"session":{"type":"realtime","model":"gpt-realtime","instructions":"Du bist die Poststelle der Stadt Bonn.","prompt":{"id":"pmpt_1","variables":{"kunde":"Frau Anna Schmidt"}}}}`)
		got := up.bodies()[n:]
		if code != http.StatusOK || len(got) != 1 || strings.Contains(got[0], "Schmidt") || !strings.Contains(got[0], "[PERSON_1]") ||
			!strings.Contains(got[0], "Du bist die Poststelle der Stadt Bonn.") {
			t.Fatalf("%s: %d %.200s; the service got %q", url, code, body, got)
		}
	}
	// Azure's (whose register entry lets names pass) and the beta
	// sessions: a password in the instructions is refused.
	for _, c := range []struct{ url, body string }{
		{"https://api.openai.com/v1/realtime/sessions", `{"model":"gpt-4o-realtime-preview","instructions":"Zugang zum Fachverfahren: Passwort: Sommer2024!xy"}`},
		{"https://myres.openai.azure.com/openai/v1/realtime/client_secrets", `{"session":{"type":"realtime","instructions":"Zugang zum Fachverfahren: Passwort: Sommer2024!xy"}}`},
		{"https://myres.openai.azure.com/openai/realtimeapi/sessions?api-version=2025-04-01-preview", `{"model":"gpt-4o-realtime-preview","instructions":"Zugang zum Fachverfahren: Passwort: Sommer2024!xy"}`},
	} {
		n := len(up.bodies())
		code, body := postJSON(t, h, c.url, c.body)
		if code != http.StatusBadRequest || len(up.bodies()) != n || !strings.Contains(openAINotice(t, body), "nicht an den KI-Dienst gesendet") {
			t.Fatalf("%s, a password in the session: %d %.300s; forwarded %d", c.url, code, body, len(up.bodies())-n)
		}
	}
}

// realtimeOffer is a browser's SDP offer (shortened).
const realtimeOffer = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:8hhY\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\na=rtpmap:111 opus/48000/2\r\n"

// TestRealtimeWebRTCCallRefused: POST /v1/realtime/calls hands the
// browser's SDP offer to OpenAI, and the microphone's audio and the data
// channel's events then go from the browser to OpenAI over UDP, peer to
// peer, never through schleuse. The call counts as uninspected (webrtc)
// and the default policy refuses it under KI-RL-3.6 with a German notice
// that says so; a DPO who lists webrtc in ungeprueft_erlaubt lets it
// through unchanged. Before, the call matched no route, the fallback
// found nothing in the SDP, and the voice session went past the guard.
func TestRealtimeWebRTCCallRefused(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"api.openai.com": up, "myres.openai.azure.com": up})
	form := "--B\r\nContent-Disposition: form-data; name=\"sdp\"\r\n\r\n" + realtimeOffer + "\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n" + `{"type":"realtime","model":"gpt-realtime","instructions":"Du bist die Poststelle."}` + "\r\n--B--\r\n"
	for _, c := range []struct{ url, ct, body string }{
		{"https://api.openai.com/v1/realtime/calls", "application/sdp", realtimeOffer},
		{"https://api.openai.com/v1/realtime/calls?model=gpt-realtime", "multipart/form-data; boundary=B", form},
		{"https://myres.openai.azure.com/openai/v1/realtime/calls", "application/sdp", realtimeOffer},
	} {
		code, body := postBody(t, h, c.url, c.ct, c.body)
		msg := openAINotice(t, body)
		if code != http.StatusBadRequest || len(up.bodies()) != 0 || !strings.Contains(msg, "WebRTC") ||
			!strings.Contains(msg, "an schleuse vorbei") || !strings.Contains(msg, "Abschnitt 3.6") {
			t.Fatalf("%s (%s): %d %s; forwarded %d", c.url, c.ct, code, msg, len(up.bodies()))
		}
	}

	// Allowed by the policy: the offer goes on as it was sent.
	dir := t.TempDir()
	unreadAllowedPolicy(t, dir, "webrtc")
	up2 := &recordingUpstream{}
	h2 := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = dir }, extra: map[string]http.Handler{"api.openai.com": up2}})
	if code, body := postBody(t, h2, "https://api.openai.com/v1/realtime/calls", "application/sdp", realtimeOffer); code != http.StatusOK || len(up2.bodies()) != 1 || up2.bodies()[0] != realtimeOffer {
		t.Fatalf("allowed: %d %.300s; the service got %q", code, body, up2.bodies())
	}
}
