package proxy

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// TestBrowserHeadersRead: User-Agent and the other …-Agent headers, the
// Sec-* headers, Authorization and Cookie reach the service with every
// request, and a program writes what it likes there. A name, an e-mail
// address or an identifier with a check digit in a User-Agent or a Sec-*
// header, an identifier in a Bearer token or words after it, and an IBAN in
// a cookie block the request; before (sec27), none of these headers was
// read and each went to the service. What browsers, apps and client
// libraries really send there (Chrome, Edge, Firefox, Safari, Android
// WebViews with device models, the ChatGPT and Claude desktop apps, SDKs,
// client hints, fetch metadata, an OpenAI key, a JWT, Basic, AWS SigV4,
// the cookies of claude.ai and chatgpt.com with UUIDs, analytics ids, an
// account's own e-mail address and a consent cookie's date) passes, and so
// do 300 cookies of random UUIDs and eleven-digit ids.
func TestBrowserHeadersRead(t *testing.T) {
	h, up := newBadInputHarness(t)
	const url = "https://api.openai.com/v1/chat/completions"
	pass := []map[string]string{}
	for _, ua := range []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Safari/605.1.15",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.135 Mobile Safari/537.36",
		"Mozilla/5.0 (Linux; Android 13; SM-T500) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Linux; Android 12; HRY-LX1 Build/HONORHRY-LX1; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36",
		"Mozilla/5.0 (Linux; Android 11; Redmi Note 9 Pro Build/RKQ1.200826.002) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Claude/0.7.8 Chrome/128.0.6613.186 Electron/32.2.5 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ChatGPT/1.2024.330 Chrome/130.0.6723.191 Electron/33.2.0 Safari/537.36",
		"ChatGPT/1.2024.331 (Android 14; SM-S918B; build 2433112)", "ChatGPT/1.2024.331 (iOS 18.1.1; iPhone15,2; build 1234)",
		"OpenAI/Python 1.54.4", "OpenAI/JS 4.73.1", "Anthropic/Python 0.40.0", "google-genai-sdk/0.3.0 gl-python/3.12.3",
		"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "JetBrains AI Assistant/243.22562.218 IntelliJ IDEA/2024.3",
		"Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Pro Build/AP4A.241205.013)", "Apache-HttpClient/5.3.1 (Java/21.0.5)", "curl/8.5.0",
	} {
		pass = append(pass, map[string]string{"User-Agent": ua})
	}
	pass = append(pass,
		map[string]string{
			"Sec-Ch-Ua":                   `"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"`,
			"Sec-Ch-Ua-Full-Version-List": `"Google Chrome";v="131.0.6778.86", "Chromium";v="131.0.6778.86", "Not_A Brand";v="24.0.0.0"`,
			"Sec-Ch-Ua-Mobile":            "?1", "Sec-Ch-Ua-Model": `"Redmi Note 9 Pro"`, "Sec-Ch-Ua-Platform": `"Android"`,
			"Sec-Ch-Ua-Platform-Version": `"14.0.0"`, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty",
			"X-Ms-Useragent": "AzSdk-js-openai/2.0.0 core-rest-pipeline/1.18.1 Node/20.18.0 OS/(x64-Linux-6.8.0)",
		},
		map[string]string{"Authorization": "Bearer sk-proj-Xq3vN8b7Lm2KpR9tZ4wY6cA1dF5gH0jS8uE3iO7yT2rW9qB4nM6vC1xZ5aL8kJ3hG0fD2sP7eU9oI4tR6yW1qE3rT5yU7iO9pA2sD4fG6hJ8kL0zX2cV4bN6mQ"},
		map[string]string{"Authorization": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6ImFubmEuc2NobWlkdEBzdGFkdC5kZSIsIm5hbWUiOiJBbm5hIFNjaG1pZHQiLCJleHAiOjE3MzMyMjQ0MDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"},
		map[string]string{"Authorization": "Basic YW5uYS5zY2htaWR0QHN0YWR0LmRlOmdlaGVpbTEyMw=="},
		map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20241203/eu-central-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"},
		map[string]string{"Cookie": "lastActiveOrg=4f5e6d7c-1a2b-4c3d-9e8f-0a1b2c3d4e5f; anthropic-device-id=ee14d23d-3620-6dc6-b320-7a8b9c0d1e2f; CH-prefers-color-scheme=dark; ajs_anonymous_id=%2278e1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b%22; ajs_user_id=anna.schmidt%40stadt-musterhausen.de; _gcl_au=1.1.1234567890.1733220000; _fbp=fb.1.1733220000123.86095742719; activitySessionId=a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d; user-sidebar-visible-on-load=false"},
		map[string]string{"Cookie": "__Secure-next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def.ghi; oai-did=0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e; _cfuvid=AbCdEf1234567890.1733220000-0.0.1.1-604800000; __cf_bm=xYz.1733220000-1.0.1.1-AbCdEfGh; oai-nav-state=1; _dd_s=rum=0&expire=1733221000000"},
		map[string]string{"Cookie": "OptanonConsent=isGpcEnabled=0&datestamp=Thu+Dec+03+2026+10%3A26%3A36+GMT%2B0100+(Mitteleurop%C3%A4ische+Normalzeit)&version=202411.1.0&hosts=&consentId=86095742719&groups=C0001%3A1%2CC0002%3A0"},
	)
	rng := rand.New(rand.NewPCG(27, 1))
	for range 300 {
		u := fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", rng.Uint32(), rng.Uint32()&0xffff, rng.Uint32()&0xffff, rng.Uint32()&0xffff, rng.Uint64()&0xffffffffffff)
		pass = append(pass, map[string]string{"Cookie": fmt.Sprintf("lastActiveOrg=%s; id=%011d; _ga=GA1.1.%d.%d", u, rng.Int64N(1e11), rng.Int64N(1e10), 1733220000+rng.IntN(1e6))})
	}
	for _, hdr := range pass {
		n := up.count()
		if code, body := sendWithHeaders(t, h, "POST", url, hdr); code != 200 || up.count() != n+1 {
			t.Errorf("%q: %d %.200s", hdr, code, body)
		}
	}
	for _, hdr := range []map[string]string{
		{"User-Agent": "MeinTool/1.0 (Jürgen Kowalski)"},
		{"User-Agent": "MeinTool/1.0 (Steuer-ID 86095742719)"},
		{"User-Agent": "MeinTool/1.0 (anna.schmidt@stadt-musterhausen.de)"},
		{"X-Ms-Useragent": "AzSdk-js DE89370400440532013000"},
		{"Sec-Ch-Ua-Model": `"Herr Jürgen Kowalski"`},
		{"Authorization": "Bearer sk-proj-Xq3vN8b7Lm2KpR9tZ4wY6cA1dF5gH0jS Jürgen Kowalski 86095742719"},
		{"Authorization": "Bearer DE89370400440532013000"},
		{"Cookie": "theme=dark; note=DE89370400440532013000"},
		{"Cookie": "note=DE89%203704%200044%200532%200130%2000"},
	} {
		n := up.count()
		if code, _ := sendWithHeaders(t, h, "POST", url, hdr); code == 200 || up.count() != n {
			t.Errorf("%q went to the service: %d", hdr, code)
		}
	}
}

// FuzzHeaderReads: scanCookie, scanAuthorization and scanBrowserHeader
// read any value without a panic, and keep only their types' findings,
// each inside the text it was found in. Seeded from TestBrowserHeadersRead.
func FuzzHeaderReads(f *testing.F) {
	for _, s := range []string{
		"Mozilla/5.0 (Linux; Android 13; SM-T500) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		`"Google Chrome";v="131.0.6778.86", "Chromium";v="131.0.6778.86", "Not_A Brand";v="24.0.0.0"`,
		"MeinTool/1.0 (Jürgen Kowalski)", "MeinTool/1.0 (Steuer-ID 86095742719)", "Bearer sk-proj-Xq3 Jürgen Kowalski 86095742719",
		"Bearer DE89370400440532013000", "Basic YW5uYTpwdw==", "AWS4-HMAC-SHA256 Credential=AKIA/20241203/eu-central-1/bedrock/aws4_request",
		"theme=dark; note=DE89370400440532013000", "note=DE89%203704%200044%200532%200130%2000", `a="b"; ;=; c`, "%", "Bearer", " basic  x  y",
	} {
		f.Add(s)
	}
	p := &Pipeline{Scanner: detectors.Default()}
	f.Fuzz(func(t *testing.T, v string) {
		for _, read := range []struct {
			scan  func(*run, string)
			types map[string]bool
		}{
			{(*run).scanCookie, cookieTypes},
			{(*run).scanAuthorization, nil},
			{(*run).scanBrowserHeader, browserHeaderTypes},
		} {
			r := &run{p: p, sc: p.currentScanner()}
			read.scan(r, v)
			for _, s := range r.scans {
				if s.field != -1 || !s.header {
					t.Fatalf("%q: a header's scan as field %d", v, s.field)
				}
				for _, fd := range s.findings {
					if fd.Start < 0 || fd.End > len(s.text) || fd.Start >= fd.End {
						t.Fatalf("%q: finding %+v outside %q", v, fd, s.text)
					}
					if read.types != nil && !read.types[fd.Type] || fd.Type == "SECRET" {
						t.Fatalf("%q: kept a %s", v, fd.Type)
					}
				}
			}
		}
	})
}
