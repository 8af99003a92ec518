package providers

import (
	"encoding/base64"
	"slices"
	"testing"
)

// TestCopilotOtherEventWithMedium: a client frame of copilot.microsoft.com's
// chat WebSocket other than "send" whose only content is an image (a whole
// base64 value, which unread counts as uninspected) is handed to the
// policy (input.uninspected), not passed as a frame without text. Before,
// WSFrame returned nil for it, as it found no text field, and the image
// went to Copilot unread; a frame with nothing at all is still nil.
func TestCopilotOtherEventWithMedium(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"), make([]byte, 64)...)
	a := copilotAdapter{}
	env, err := a.WSFrame(&Request{}, true, []byte(`{"event":"setOptions","conversationId":"c1","image":"`+base64.StdEncoding.EncodeToString(png)+`"}`))
	if err != nil || env == nil || !slices.Contains(env.Uninspected, UninspectedImage) {
		t.Fatalf("%+v %v, want the image counted", env, err)
	}
	if env, err := a.WSFrame(&Request{}, true, []byte(`{"event":"ping"}`)); err != nil || env != nil {
		t.Fatalf("%+v %v, want nil", env, err)
	}
}

// TestCopilotImagePartCounted: a send frame's image part names an image
// Copilot fetches by its address (gpt4free's Copilot.py: {"type":"image",
// "url":…}, an upload's URL or any other): it is counted as image_url, once
// per part, and the prompt beside it is read. Before, the address passed as
// text and the image reached Copilot unseen.
func TestCopilotImagePartCounted(t *testing.T) {
	a := copilotAdapter{}
	env, err := a.WSFrame(&Request{}, true, []byte(`{"event":"send","conversationId":"c1","mode":"chat","content":[{"type":"image","url":"https://example.org/scan/bescheid.png"},{"type":"image","url":"https://copilot.microsoft.com/c/api/attachments/a1"},{"type":"text","text":"Was steht auf dem Bescheid?"}]}`))
	if err != nil || env == nil {
		t.Fatalf("%+v %v", env, err)
	}
	n := 0
	for _, k := range env.Uninspected {
		if k == UninspectedImageURL {
			n++
		}
	}
	if n != 2 || !slices.ContainsFunc(env.Fields, func(f Field) bool { return f.Text == "Was steht auf dem Bescheid?" }) {
		t.Errorf("uninspected %v, fields %+v", env.Uninspected, env.Fields)
	}
}
