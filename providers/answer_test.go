package providers

import (
	"encoding/json"
	"testing"
)

// TestErrorNoticeStatus: the notice of a failed send (Action "error",
// Status 502 or 504) is answered with that status by the adapters whose
// notices are error answers, and the error their body names agrees with
// it; a block keeps 400 and the request error.
func TestErrorNoticeStatus(t *testing.T) {
	block := Notice{Action: "block", Text: "Blockiert"}
	failed := func(st int) Notice {
		return Notice{Action: "error", Text: "nicht erreichbar", Code: "schleuse_upstream_error", Status: st}
	}
	for _, c := range []struct {
		adapter Adapter
		n       Notice
		status  int
		path    []string
		want    any
	}{
		{openAIAdapter{name: "openai"}, block, 400, []string{"error", "type"}, "invalid_request_error"},
		{openAIAdapter{name: "openai"}, failed(502), 502, []string{"error", "type"}, "server_error"},
		{mistralAdapter{}, failed(504), 504, []string{"type"}, "server_error"},
		{anthropicAdapter{}, block, 400, []string{"error", "type"}, "invalid_request_error"},
		{anthropicAdapter{}, failed(502), 502, []string{"error", "type"}, "api_error"},
		{geminiAdapter{}, block, 400, []string{"error", "status"}, "INVALID_ARGUMENT"},
		{geminiAdapter{}, failed(502), 502, []string{"error", "status"}, "UNAVAILABLE"},
		{geminiAdapter{}, failed(504), 504, []string{"error", "code"}, 504.0},
		{geminiAdapter{}, failed(504), 504, []string{"error", "status"}, "DEADLINE_EXCEEDED"},
		{ollamaAdapter{}, failed(502), 502, nil, nil},
		{deeplAdapter{}, failed(504), 504, nil, nil},
	} {
		a := c.adapter.Block(&Request{Path: "/v1/x"}, &Envelope{}, c.n)
		if a.Status != c.status {
			t.Errorf("%s %+v: status %d, want %d", c.adapter.Name(), c.n, a.Status, c.status)
		}
		var v any
		if err := json.Unmarshal(a.Body, &v); err != nil {
			t.Fatalf("%s: %v", c.adapter.Name(), err)
		}
		for _, k := range c.path {
			v = v.(map[string]any)[k]
		}
		if c.path != nil && v != c.want {
			t.Errorf("%s %+v: %v = %v, want %v", c.adapter.Name(), c.n, c.path, v, c.want)
		}
	}
}
