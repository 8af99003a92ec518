package proxy

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestResponseEncodingLinesRead: an answer to a redacted request that is
// compressed, with its Content-Encoding on two lines ("identity", then
// "gzip"), is not passed to the client as if it were plain: every line
// counts, as on the request side, and the compressed bytes, in which no
// placeholder can be restored, end in an error. Before, only the first
// line was read, and the client got the compressed answer with its
// placeholders unrestored and unchecked.
func TestResponseEncodingLinesRead(t *testing.T) {
	var answer bytes.Buffer
	zw := gzip.NewWriter(&answer)
	io.WriteString(zw, `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hallo [PERSON_1]"}]}`)
	zw.Close()
	lines := [][]string{{"identity", "gzip"}, {"", "gzip"}, {"identity, gzip"}, {"gzip"}}
	var next []string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		for _, l := range next {
			w.Header().Add("Content-Encoding", l)
		}
		w.Write(answer.Bytes())
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.anthropic.com": up}})
	for _, l := range lines {
		next = l
		req, _ := http.NewRequest("POST", "https://api.anthropic.com/v1/messages",
			strings.NewReader(`{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Schreibe an Herrn Jürgen Kowalski, IBAN `+testIBAN+`."}]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := h.client(h.schleuseP, false).Do(req)
		if err != nil {
			continue // refused: fine
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode == http.StatusOK && bytes.Equal(b, answer.Bytes()) {
			t.Errorf("Content-Encoding %q: the client got the compressed answer as it was", l)
		}
	}
}
