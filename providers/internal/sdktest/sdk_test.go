// Package sdktest checks that the official SDKs surface the block notices
// of package providers. It lives apart so that fuzz builds of providers do
// not instrument the large SDK packages.
package sdktest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	aoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"

	"github.com/schleuse/schleuse/providers"
)

var testNotice = providers.Notice{
	Action: "block",
	Code:   "schleuse_blocked",
	Text:   "Blockiert: Die Anfrage enthält IBAN, PERSON (Regel KI-RL-3.2). Bitte entfernen Sie diese Daten.\nBlocked: the request contains IBAN, PERSON (rule KI-RL-3.2).",
}

const sdkPrompt = "Überweisung für Herrn Max Mustermann auf DE89 3704 0044 0532 0130 00 prüfen."

// blockingServer plays the proxy: it routes the SDK's real request, checks
// that the adapter finds the prompt as user text, and answers with Block.
func blockingServer(t *testing.T, host string) *httptest.Server {
	t.Helper()
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		body, err := providers.DecodeBody(r.Header.Get("Content-Encoding"), body, 0)
		if err != nil {
			t.Errorf("decode: %v", err)
		}
		req := &providers.Request{Host: host, Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header}
		a, ok := router.Match(req)
		if !ok {
			t.Errorf("no route for %s %s", r.Method, r.URL.Path)
			http.Error(w, "no route", 500)
			return
		}
		env, err := a.Extract(req, body)
		if err != nil {
			t.Errorf("extract: %v", err)
		}
		found := false
		for _, f := range env.Fields {
			found = found || (f.Kind == providers.UserText && f.Text == sdkPrompt)
		}
		if !found {
			t.Errorf("prompt not extracted as user text from %s", body)
		}
		ans := a.Block(req, env, testNotice)
		for k, v := range ans.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(ans.Status)
		w.Write(ans.Body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestOpenAISDKShowsNotice: the OpenAI Go SDK sends its real request shape
// and surfaces the German notice from the block answer in its error.
func TestOpenAISDKShowsNotice(t *testing.T) {
	srv := blockingServer(t, "api.openai.com")
	client := openai.NewClient(option.WithBaseURL(srv.URL+"/v1"), option.WithAPIKey("sk-test"), option.WithMaxRetries(0))
	ctx := context.Background()
	check := func(err error) {
		t.Helper()
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want *openai.Error", err)
		}
		if apiErr.StatusCode != 400 || apiErr.Message != testNotice.Text || apiErr.Code != "schleuse_blocked" {
			t.Errorf("status %d code %q message %q", apiErr.StatusCode, apiErr.Code, apiErr.Message)
		}
		if !strings.Contains(apiErr.Message, "Blockiert") {
			t.Errorf("German notice missing")
		}
	}
	_, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4oMini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Sei knapp."), openai.UserMessage(sdkPrompt)},
	})
	check(err)
	_, err = client.Responses.New(ctx, responses.ResponseNewParams{
		Model: "gpt-4.1",
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String(sdkPrompt)},
	})
	check(err)
	stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4oMini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(sdkPrompt)},
	})
	for stream.Next() {
	}
	check(stream.Err())
}

// TestAnthropicSDKShowsNotice: the same for the Anthropic Go SDK.
func TestAnthropicSDKShowsNotice(t *testing.T) {
	srv := blockingServer(t, "api.anthropic.com")
	client := anthropic.NewClient(aoption.WithBaseURL(srv.URL), aoption.WithAPIKey("sk-ant-test"), aoption.WithMaxRetries(0))
	_, err := client.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model:     "claude-sonnet-4-5",
		MaxTokens: 256,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(sdkPrompt))},
	})
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *anthropic.Error", err)
	}
	if apiErr.StatusCode != 400 || apiErr.Message != testNotice.Text {
		t.Errorf("status %d message %q", apiErr.StatusCode, apiErr.Message)
	}
}
