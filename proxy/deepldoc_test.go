package proxy

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// TestDeepLDocumentUploadInspected: the DeepL web translator uploads a
// document to document-translation-free.www.deepl.com or
// document-translation-pro.www.deepl.com (POST
// /documentTranslation/upload, multipart "file"). Through the running
// proxy, a document with a name and an IBAN is refused and never reaches
// DeepL; a clean one is forwarded. Before, neither host was in the
// catalogue: a blind tunnel, the document unread.
func TestDeepLDocumentUploadInspected(t *testing.T) {
	up := &fakeLLM{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{
		"document-translation-free.www.deepl.com": up, "document-translation-pro.www.deepl.com": up,
	})
	upload := func(host, text string) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("source_lang", "DE")
		mw.WriteField("target_lang", "EN-GB")
		fw, _ := mw.CreateFormFile("file", "brief.txt")
		fw.Write([]byte(text))
		mw.Close()
		req, _ := http.NewRequest("POST", "https://"+host+"/documentTranslation/upload?request_type=jsonrpc", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return h.send(t, req)
	}
	for _, host := range []string{"document-translation-free.www.deepl.com", "document-translation-pro.www.deepl.com"} {
		n := len(up.received)
		code, body := upload(host, "Sehr geehrter Herr Jürgen Kowalski,\nbitte überweisen Sie an DE89 3704 0044 0532 0130 00.\n")
		if code == http.StatusOK || !strings.Contains(body, "schleuse") || len(up.received) != n {
			t.Errorf("%s: a document with an IBAN: %d %.200s; DeepL got %d", host, code, body, len(up.received)-n)
		}
		code, body = upload(host, "Sehr geehrte Damen und Herren,\ndie Sitzung beginnt um zehn Uhr.\n")
		if code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("%s: a clean document: %d %.200s; DeepL got %d", host, code, body, len(up.received)-n)
		}
	}
}
