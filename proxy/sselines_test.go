package proxy

import (
	"bufio"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSSECarriageReturnLines: an event stream whose lines end in a bare
// CR (valid SSE, as are LF and CRLF) is restored event by event as it
// comes: the client reads the restored name of the first event while the
// service still streams. Before, the restorer split lines at LF only and
// held a CR-only stream back until its end (or MaxEventSize).
func TestSSECarriageReturnLines(t *testing.T) {
	release := make(chan struct{})
	timedOut := make(chan bool, 1)
	ph := regexp.MustCompile(`\[PERSON_\d+\]`)
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		p := ph.FindString(string(b))
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "event: message_start\rdata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}\r\r"+
			"event: content_block_delta\rdata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hallo "+p+"!\"}}\r\r")
		w.(http.Flusher).Flush()
		select {
		case <-release:
			timedOut <- false
		case <-time.After(5 * time.Second):
			timedOut <- true
		}
		io.WriteString(w, "event: message_stop\rdata: {\"type\":\"message_stop\"}\r\r")
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.anthropic.com": up}})
	req, _ := http.NewRequest("POST", "https://api.anthropic.com/v1/messages",
		strings.NewReader(`{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Schreibe einen Gruß an Herrn Jürgen Kowalski."}]}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	var got strings.Builder
	for !strings.Contains(got.String(), "Kowalski!") {
		s, err := br.ReadString('\r')
		got.WriteString(s)
		if err != nil {
			break
		}
	}
	close(release)
	if <-timedOut || !strings.Contains(got.String(), "Hallo Jürgen Kowalski!") && !strings.Contains(got.String(), "Hallo Herrn Jürgen Kowalski!") {
		t.Fatalf("the restored event did not come while the service streamed: %q", got.String())
	}
	rest, _ := io.ReadAll(br)
	if !strings.Contains(string(rest), "message_stop") || strings.Contains(got.String()+string(rest), "PERSON_") {
		t.Fatalf("rest %q", rest)
	}
}
