//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	aoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

const (
	// sdkRedact holds a name and an IBAN: the API services have an AVV and
	// are closed systems, so the policy pseudonymises them (KI-RL-3.2).
	sdkRedact = "Schreibe eine Mahnung an Frau Sabine Schmitt-Hohenstein, IBAN DE02 1203 0000 0000 2020 51."
	// sdkBlock holds a Steuer-ID, which group personalamt may never send (KI-RL-7.1).
	sdkBlock = "Bitte prüfe die Steuer-ID 86095742719 meiner Kollegin."
	// sdkWarn holds an Aktenzeichen alone: warn (KI-RL-6.1) ...
	sdkWarn = "Fasse den Vorgang Az. 7 C 55/25 zusammen."
	// ... and with a justification it is sent unchanged (AVV: KI-RL-6.2).
	sdkFreigabe = sdkWarn + "\n#freigabe: Abstimmung mit dem Rechtsamt"

	blockedDE = "schleuse: Ihre Anfrage wurde nicht an den KI-Dienst gesendet."
	warnDE    = "schleuse: Bitte prüfen Sie Ihre Anfrage"
)

// checkRedactedUpstream checks the bodies the fake service received for
// sdkRedact: exactly one, placeholders, no raw value.
func checkRedactedUpstream(t *testing.T, recs []received) {
	t.Helper()
	if len(recs) != 1 {
		t.Fatalf("fake service received %d bodies, want 1", len(recs))
	}
	body := recs[0].Body
	for _, raw := range []string{"Schmitt-Hohenstein", "Sabine", "DE02 1203 0000 0000 2020 51", "DE02120300000000202051"} {
		if strings.Contains(body, raw) {
			t.Errorf("upstream body holds the raw value %q", raw)
		}
	}
	if !personRE.MatchString(body) || !ibanRE.MatchString(body) {
		t.Errorf("upstream body lacks the placeholders: %s", body)
	}
}

func testOpenAISDK(t *testing.T, h *harness) {
	client := openai.NewClient(
		option.WithBaseURL("https://api.openai.com/v1/"),
		option.WithHTTPClient(h.httpClient()),
		option.WithAPIKey("sk-e2e-test"),
		option.WithMaxRetries(0),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	params := func(prompt string) openai.ChatCompletionNewParams {
		return openai.ChatCompletionNewParams{
			Model:    openai.ChatModelGPT4oMini,
			Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Antworte knapp."), openai.UserMessage(prompt)},
		}
	}
	apiError := func(t *testing.T, err error, want string) {
		t.Helper()
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want *openai.Error", err)
		}
		if apiErr.StatusCode != http.StatusBadRequest || !strings.Contains(apiErr.Message, want) {
			t.Errorf("status %d message %q, want 400 with %q", apiErr.StatusCode, apiErr.Message, want)
		}
	}

	t.Run("redact", func(t *testing.T) {
		before := h.llm.count()
		h.expect("openai redact", "openai-api", "redact", false, "KI-RL-3.2")
		resp, err := client.Chat.Completions.New(ctx, params(sdkRedact))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Choices[0].Message.Content; got != "Echo: "+sdkRedact {
			t.Errorf("answer not restored: %q", got)
		}
		checkRedactedUpstream(t, h.llm.since(before))
	})
	t.Run("redact-stream", func(t *testing.T) {
		before := h.llm.count()
		h.expect("openai redact stream", "openai-api", "redact", false, "KI-RL-3.2")
		gate := h.llm.armGate()
		stream := client.Chat.Completions.NewStreaming(ctx, params(sdkRedact))
		var text strings.Builder
		chunks := 0
		for stream.Next() {
			if c := stream.Current(); len(c.Choices) > 0 {
				text.WriteString(c.Choices[0].Delta.Content)
				chunks++
				if c.Choices[0].Delta.Content != "" && gate != nil {
					close(gate) // the first half arrived while upstream still streams
					gate = nil
				}
			}
		}
		if err := stream.Err(); err != nil {
			t.Fatal(err)
		}
		if h.llm.timedOut() {
			t.Errorf("the answer did not stream: the client saw no text until upstream had finished")
		}
		if text.String() != "Echo: "+sdkRedact || chunks < 10 {
			t.Errorf("streamed answer (%d chunks) not restored: %q", chunks, text.String())
		}
		checkRedactedUpstream(t, h.llm.since(before))
	})
	t.Run("block", func(t *testing.T) {
		before := h.llm.count()
		h.expect("openai block", "openai-api", "block", false, "KI-RL-7.1")
		_, err := client.Chat.Completions.New(ctx, params(sdkBlock))
		apiError(t, err, blockedDE)
		apiError(t, err, "Steuer-Identifikationsnummer")
		if h.llm.count() != before {
			t.Errorf("a blocked prompt reached the fake service")
		}
	})
	t.Run("block-stream", func(t *testing.T) {
		before := h.llm.count()
		h.expect("openai block stream", "openai-api", "block", false, "KI-RL-7.1")
		stream := client.Chat.Completions.NewStreaming(ctx, params(sdkBlock))
		for stream.Next() {
		}
		apiError(t, stream.Err(), blockedDE)
		if h.llm.count() != before {
			t.Errorf("a blocked prompt reached the fake service")
		}
	})
	t.Run("warn-then-freigabe", func(t *testing.T) {
		before := h.llm.count()
		h.expect("openai warn", "openai-api", "warn", false, "KI-RL-6.1")
		_, err := client.Chat.Completions.New(ctx, params(sdkWarn))
		apiError(t, err, warnDE)
		if h.llm.count() != before {
			t.Errorf("a warned prompt reached the fake service")
		}
		h.expect("openai #freigabe", "openai-api", "allow", true, "KI-RL-6.2")
		resp, err := client.Chat.Completions.New(ctx, params(sdkFreigabe))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Choices[0].Message.Content; got != "Echo: "+sdkFreigabe {
			t.Errorf("answer %q", got)
		}
		recs := h.llm.since(before)
		if len(recs) != 1 || !strings.Contains(recs[0].Body, "Az. 7 C 55/25") {
			t.Errorf("with #freigabe the Aktenzeichen goes unchanged to a service with AVV (KI-RL-6.2); got %v", recs)
		}
	})
}

func testAnthropicSDK(t *testing.T, h *harness) {
	client := anthropic.NewClient(
		aoption.WithBaseURL("https://api.anthropic.com/"),
		aoption.WithHTTPClient(h.httpClient()),
		aoption.WithAPIKey("sk-ant-e2e-test"),
		aoption.WithMaxRetries(0),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	params := func(prompt string) anthropic.MessageNewParams {
		return anthropic.MessageNewParams{
			Model:     "claude-sonnet-4-5",
			MaxTokens: 256,
			Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(prompt))},
		}
	}
	t.Run("redact", func(t *testing.T) {
		before := h.llm.count()
		h.expect("anthropic redact", "anthropic-api", "redact", false, "KI-RL-3.2")
		msg, err := client.Messages.New(ctx, params(sdkRedact))
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Content) != 1 || msg.Content[0].Text != "Echo: "+sdkRedact {
			t.Errorf("answer not restored: %+v", msg.Content)
		}
		checkRedactedUpstream(t, h.llm.since(before))
	})
	t.Run("redact-stream", func(t *testing.T) {
		before := h.llm.count()
		h.expect("anthropic redact stream", "anthropic-api", "redact", false, "KI-RL-3.2")
		stream := client.Messages.NewStreaming(ctx, params(sdkRedact))
		var text strings.Builder
		for stream.Next() {
			if ev := stream.Current(); ev.Type == "content_block_delta" && ev.Delta.Type == "text_delta" {
				text.WriteString(ev.Delta.Text)
			}
		}
		if err := stream.Err(); err != nil {
			t.Fatal(err)
		}
		if text.String() != "Echo: "+sdkRedact {
			t.Errorf("streamed answer not restored: %q", text.String())
		}
		checkRedactedUpstream(t, h.llm.since(before))
	})
	t.Run("block", func(t *testing.T) {
		before := h.llm.count()
		h.expect("anthropic block", "anthropic-api", "block", false, "KI-RL-7.1")
		_, err := client.Messages.New(ctx, params(sdkBlock))
		var apiErr *anthropic.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want *anthropic.Error", err)
		}
		if apiErr.StatusCode != http.StatusBadRequest || !strings.Contains(err.Error(), blockedDE) {
			t.Errorf("status %d, error %q; want 400 with the German notice", apiErr.StatusCode, err.Error())
		}
		if h.llm.count() != before {
			t.Errorf("a blocked prompt reached the fake service")
		}
	})
}

// testCurl sends the README's curl request shape through the proxy.
func testCurl(t *testing.T, h *harness) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl not installed")
	}
	caFile := filepath.Join(h.stateDir, "ca.pem")
	run := func(t *testing.T, prompt string) (status string, body []byte) {
		t.Helper()
		req, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": prompt}}})
		cmd := exec.Command(curl, "-sS", "--max-time", "20", "--proxy", "http://"+h.proxyAddr, "--cacert", caFile,
			"-o", "-", "-w", "\n%{http_code}", "https://api.openai.com/v1/chat/completions",
			"-H", "Content-Type: application/json", "-H", "Authorization: Bearer sk-e2e-test", "--data-binary", "@-")
		cmd.Stdin = strings.NewReader(string(req))
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()} // no proxy variables, no .curlrc
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("curl: %v", err)
		}
		i := strings.LastIndexByte(string(out), '\n')
		return string(out[i+1:]), out[:i]
	}
	t.Run("redact", func(t *testing.T) {
		before := h.llm.count()
		h.expect("curl redact", "openai-api", "redact", false, "KI-RL-3.2")
		status, body := run(t, sdkRedact)
		var resp struct {
			Choices []struct {
				Message struct{ Content string }
			}
		}
		if status != "200" || json.Unmarshal(body, &resp) != nil || len(resp.Choices) != 1 || resp.Choices[0].Message.Content != "Echo: "+sdkRedact {
			t.Errorf("status %s body %s", status, body)
		}
		checkRedactedUpstream(t, h.llm.since(before))
	})
	t.Run("block", func(t *testing.T) {
		before := h.llm.count()
		h.expect("curl block", "openai-api", "block", false, "KI-RL-7.1")
		status, body := run(t, sdkBlock)
		var resp struct {
			Error struct{ Message, Code string }
		}
		if status != "400" || json.Unmarshal(body, &resp) != nil || !strings.HasPrefix(resp.Error.Message, blockedDE) ||
			resp.Error.Code != "schleuse_blocked" {
			t.Errorf("status %s body %s", status, body)
		}
		if h.llm.count() != before {
			t.Errorf("a blocked prompt reached the fake service")
		}
	})
}

// testClaudeWeb posts claude.ai's completion call (as the web app does)
// and reads the Anthropic event stream it answers.
func testClaudeWeb(t *testing.T, h *harness) {
	client := h.httpClient()
	const url = "https://claude.ai/api/organizations/6f1c2d3e-0000-4000-8000-00000000e2e0/chat_conversations/6f1c2d3e-0000-4000-8000-00000000c0de/completion"
	post := func(t *testing.T, prompt string) (int, string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"prompt": prompt, "model": "claude-sonnet-4-5", "timezone": "Europe/Berlin",
			"attachments": []any{}, "files": []any{}, "rendering_mode": "messages"})
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("status %d content type %q, want an event stream", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var text strings.Builder
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			d, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var ev struct {
				Type  string
				Delta struct{ Type, Text string }
			}
			if json.Unmarshal([]byte(d), &ev) == nil && ev.Type == "content_block_delta" && ev.Delta.Type == "text_delta" {
				text.WriteString(ev.Delta.Text)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, text.String()
	}
	t.Run("allow", func(t *testing.T) {
		const prompt = "Nenne drei Ideen für einen Betriebsausflug im Herbst."
		before := h.llm.count()
		h.expect("claude.ai allow", "claude-web", "allow", false, "KI-RL-1.1")
		status, text := post(t, prompt)
		if status != 200 || text != "Echo: "+prompt {
			t.Errorf("status %d text %q", status, text)
		}
		if recs := h.llm.since(before); len(recs) != 1 || !strings.Contains(recs[0].Body, prompt) {
			t.Errorf("fake claude.ai received %v", recs)
		}
	})
	t.Run("redact-with-freigabe", func(t *testing.T) {
		// claude.ai has no AVV: a name and an IBAN need #freigabe and are
		// then pseudonymised; the event stream brings them back.
		const prompt = sdkRedact + "\n#freigabe: Mahnverfahren der Stadtkasse"
		before := h.llm.count()
		h.expect("claude.ai redact", "claude-web", "redact", true, "KI-RL-3.2", "KI-RL-6.2")
		status, text := post(t, prompt)
		if status != 200 || splitNote(t, text, []string{"IBAN", "Name"}, "Schmitt", "DE02") != "Echo: "+prompt {
			t.Errorf("status %d text %q, want the note and the restored echo", status, text)
		}
		checkRedactedUpstream(t, h.llm.since(before))
	})
	t.Run("warn-as-assistant-message", func(t *testing.T) {
		before := h.llm.count()
		h.expect("claude.ai warn", "claude-web", "warn", false, "KI-RL-3.4")
		status, text := post(t, sdkRedact)
		if status != 200 || !strings.HasPrefix(text, warnDE) || !strings.Contains(text, "#freigabe") {
			t.Errorf("status %d text %q, want the warning as the assistant's reply", status, text)
		}
		if h.llm.count() != before {
			t.Errorf("a warned prompt reached the fake service")
		}
	})
	t.Run("block-as-assistant-message", func(t *testing.T) {
		before := h.llm.count()
		h.expect("claude.ai block", "claude-web", "block", false, "KI-RL-7.1")
		status, text := post(t, sdkBlock)
		if status != 200 || !strings.HasPrefix(text, blockedDE) || !strings.Contains(text, "Steuer-Identifikationsnummer") {
			t.Errorf("status %d text %q, want the notice as the assistant's reply", status, text)
		}
		if h.llm.count() != before {
			t.Errorf("a blocked prompt reached the fake service")
		}
	})
}
