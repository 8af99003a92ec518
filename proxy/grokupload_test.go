package proxy

import (
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestGrokUploadMultipart: Grok inside X uploads a file as a multipart
// form to …/2/grok/attachment.json (the form's part "file" or "image":
// a TypeScript Grok client in the code index, GROK_ATTACHMENT_URL, and a
// Twitter scraper's uploadGrokImage), grok.com's client may send its
// upload-file so too: a clean text file reaches Grok, one with a name in
// it is blocked (a file cannot be rewritten), and nothing is refused only
// for being a form.
func TestGrokUploadMultipart(t *testing.T) {
	up := &upstreamLog{}
	dir := registeredPolicy(t, "grok-web", "Grok")
	registerService(t, dir, "grok-x", "Grok (in X)")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"grok.com": up, "x.com": up, "api.x.com": up},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "grok-web", Mode: "inspect"}, config.Service{ID: "grok-x", Mode: "inspect"})
		},
	})
	for _, c := range []struct{ url, part string }{
		{"https://x.com/i/api/2/grok/attachment.json", "file"},
		{"https://x.com/i/api/2/grok/attachment.json", "image"},
		{"https://api.x.com/2/grok/attachment.json", "file"},
		{"https://grok.com/rest/app-chat/upload-file", "file"},
	} {
		send := func(text string) (int, string) {
			var b strings.Builder
			w := multipart.NewWriter(&b)
			fw, _ := w.CreateFormFile(c.part, "vermerk.txt")
			fw.Write([]byte(text))
			w.Close()
			req, _ := http.NewRequest("POST", c.url, strings.NewReader(b.String()))
			req.Header.Set("Content-Type", w.FormDataContentType())
			return h.send(t, req)
		}
		n := up.count()
		if code, answer := send("Die Sitzung des Bauausschusses beginnt um 10 Uhr im Rathaus."); code != 200 || up.count() != n+1 {
			t.Errorf("%s (%s), a clean file: %d %q, %d requests reached Grok", c.url, c.part, code, answer, up.count()-n)
		}
		n = up.count()
		if code, answer := send("Aktenvermerk: Herr Mehmet Yılmaz, IBAN DE89 3704 0044 0532 0130 00, beantragt Wohngeld."); code == 200 && !strings.Contains(answer, "schleuse") || up.count() != n {
			t.Errorf("%s (%s), a file with a name: %d %q, %d requests reached Grok", c.url, c.part, code, answer, up.count()-n)
		}
	}
}
