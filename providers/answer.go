package providers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// Default notice texts used when a Notice arrives without text or code.
const (
	defaultBlockText = "Diese Anfrage wurde von schleuse gemäß der KI-Richtlinie blockiert. / This request was blocked by schleuse under the AI policy."
	defaultCode      = "schleuse_blocked"
)

func noticeText(n Notice) string {
	if n.Text == "" {
		return defaultBlockText
	}
	return n.Text
}

func noticeCode(n Notice) string {
	if n.Code != "" {
		return n.Code
	}
	if n.Action == "warn" {
		return "schleuse_warn"
	}
	return defaultCode
}

func baseHeader(contentType string, n Notice) http.Header {
	h := http.Header{}
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Schleuse-Action", n.Action)
	return h
}

// marshal encodes v without HTML escaping; v holds only strings, numbers,
// maps and slices, so it cannot fail.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte(`{"error":{"message":"schleuse"}}`)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

func jsonAnswer(status int, n Notice, v any) Answer {
	body := marshal(v)
	h := baseHeader("application/json; charset=utf-8", n)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return Answer{Status: status, Header: h, Body: body}
}

// errorStatus is the status of an adapter's error answer: the notice's
// (a failed send, 502 or 504), or 400 for a refused request.
func errorStatus(n Notice) int {
	if n.Status >= 400 {
		return n.Status
	}
	return http.StatusBadRequest
}

// errorType is the error type an OpenAI-shaped body names for status:
// "invalid_request_error" for a refused request, "server_error" for a
// failed send (the type OpenAI's own 5xx answers carry).
func errorType(status int) string {
	if status >= 500 {
		return "server_error"
	}
	return "invalid_request_error"
}

// genericAnswer is the default block answer: 403 {"error":{"message"},"detail"}.
func genericAnswer(n Notice) Answer {
	t := noticeText(n)
	return jsonAnswer(http.StatusForbidden, n, map[string]any{
		"error":  map[string]any{"message": t, "type": "schleuse", "code": noticeCode(n)},
		"detail": t,
	})
}

// sseEvent is one server-sent event.
type sseEvent struct {
	name string // "" = no event line
	data any    // JSON-encoded, or a raw string when it is a string starting with '['
}

func sseAnswer(n Notice, events []sseEvent) Answer {
	var b bytes.Buffer
	for _, e := range events {
		if e.name != "" {
			b.WriteString("event: " + e.name + "\n")
		}
		b.WriteString("data: ")
		if s, ok := e.data.(string); ok {
			b.WriteString(s)
		} else {
			b.Write(marshal(e.data))
		}
		b.WriteString("\n\n")
	}
	h := baseHeader("text/event-stream; charset=utf-8", n)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	return Answer{Status: http.StatusOK, Header: h, Body: b.Bytes()}
}

// ndjsonAnswer is a 200 answer of JSON lines (NDJSON), one per value of
// lines, labelled contentType (the service's own label for its stream).
func ndjsonAnswer(n Notice, contentType string, lines ...any) Answer {
	var b []byte
	for _, l := range lines {
		b = append(append(b, marshal(l)...), '\n')
	}
	h := baseHeader(contentType, n)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	return Answer{Status: http.StatusOK, Header: h, Body: b}
}

// wantsSSE reports whether the client asked for an event stream.
func wantsSSE(req *Request) bool {
	if req == nil || req.Header == nil {
		return false
	}
	mt, _ := mediaType(req.Header.Get("Accept"))
	return mt == "text/event-stream"
}

func contentType(req *Request) string {
	if req == nil || req.Header == nil {
		return ""
	}
	return req.Header.Get("Content-Type")
}
