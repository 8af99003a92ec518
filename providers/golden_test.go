package providers

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite golden files")

const casesDir = "../testcases/providers"

// goldenCase is one realistic request of testcases/providers/<name>.yaml.
type goldenCase struct {
	Adapter string `yaml:"adapter"`
	Request struct {
		Method string            `yaml:"method"`
		Host   string            `yaml:"host"`
		Path   string            `yaml:"path"`
		Query  string            `yaml:"query"`
		Header map[string]string `yaml:"header"`
	} `yaml:"request"`
	Body     string            `yaml:"body"`
	BodyFile string            `yaml:"body_file"`
	WS       bool              `yaml:"ws"`     // body is one client WebSocket message
	Redact   map[string]string `yaml:"redact"` // substring of user text → replacement
	Want     struct {
		Kind    string   `yaml:"kind"`
		Model   string   `yaml:"model"`
		Stream  bool     `yaml:"stream"`
		Conv    string   `yaml:"conversation"`
		User    []string `yaml:"user"` // names of the UserText fields, in order
		Files   int      `yaml:"files"`
		NoRoute bool     `yaml:"no_route"`
	} `yaml:"want"`
}

func (gc *goldenCase) request() *Request {
	q, _ := url.ParseQuery(gc.Request.Query)
	h := http.Header{}
	for k, v := range gc.Request.Header {
		h.Set(k, v)
	}
	return &Request{Host: gc.Request.Host, Method: gc.Request.Method, Path: gc.Request.Path, Query: q, Header: h}
}

func loadCases(t testing.TB) map[string]*goldenCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(casesDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in %s: %v", casesDir, err)
	}
	out := map[string]*goldenCase{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var gc goldenCase
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&gc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if gc.BodyFile != "" {
			b, err := os.ReadFile(filepath.Join(casesDir, gc.BodyFile))
			if err != nil {
				t.Fatal(err)
			}
			gc.Body = string(b)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".yaml")] = &gc
	}
	return out
}

var testNotice = Notice{
	Action: "block",
	Code:   "schleuse_blocked",
	Text: "Blockiert: Die Anfrage enthält IBAN, PERSON (Regel KI-RL-3.2). Bitte entfernen Sie diese Daten und senden Sie die Anfrage erneut.\n" +
		"Blocked: the request contains IBAN, PERSON (rule KI-RL-3.2). Please remove them and send again.",
}

// redactEdits finds every occurrence of the case's redact keys in the
// redactable user-text fields.
func redactEdits(env *Envelope, redact map[string]string) ([]Edit, map[int]string) {
	keys := make([]string, 0, len(redact))
	for k := range redact {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var edits []Edit
	want := map[int]string{}
	for i, f := range env.Fields {
		if f.Kind != UserText || !f.Redactable() {
			continue
		}
		text := f.Text
		for _, k := range keys {
			for off := 0; ; {
				j := strings.Index(f.Text[off:], k)
				if j < 0 {
					break
				}
				edits = append(edits, Edit{Field: i, Start: off + j, End: off + j + len(k), Replacement: redact[k]})
				off += j + len(k)
			}
			text = strings.ReplaceAll(text, k, redact[k])
		}
		if text != f.Text {
			want[i] = text
		}
	}
	return edits, want
}

// droppedOnRewrite reports the fields an adapter's Apply drops with their
// member when it rewrites the prompt: Duck.ai's durableStream (the key to
// an answer copy the proxy could not restore, duckAIAdapter.Apply).
func droppedOnRewrite(adapter string, f Field) bool {
	return adapter == "duck-ai" && len(f.Name) >= len("durableStream") && strings.EqualFold(f.Name[:len("durableStream")], "durableStream")
}

func describe(env *Envelope) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kind=%s model=%q stream=%v conversation=%q\n", env.Kind, env.Model, env.Stream, env.ConversationID)
	for i, f := range env.Fields {
		if f.Kind == File {
			fmt.Fprintf(&b, "%d %s %q %q %d bytes\n", i, f.Kind, f.Name, f.ContentType, len(f.Text))
			continue
		}
		fmt.Fprintf(&b, "%d %s %s redactable=%v %q\n", i, f.Kind, f.Name, f.Redactable(), f.Text)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	router, err := NewRouter(DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	cases := loadCases(t)
	covered := map[string]bool{}
	for name, gc := range cases {
		t.Run(name, func(t *testing.T) {
			covered[gc.Adapter] = true
			req := gc.request()
			body := []byte(gc.Body)
			a, ok := router.Adapter(gc.Adapter)
			if !ok {
				t.Fatalf("unknown adapter %q", gc.Adapter)
			}
			if gc.WS {
				req.Method = "GET"
			}
			if got, ok := router.Match(req); gc.Want.NoRoute {
				if ok {
					t.Errorf("route matched %s, want none", got.Name())
				}
			} else if !ok || got.Name() != gc.Adapter {
				t.Errorf("route: got %v %v, want %s", got, ok, gc.Adapter)
			}
			var ws WebSocketInspector
			extract := func(b []byte) (*Envelope, error) { return a.Extract(req, b) }
			apply := func(b []byte, env *Envelope, e []Edit) ([]byte, error) { return a.Apply(req, b, env, e) }
			if gc.WS {
				ws = a.(WebSocketInspector)
				extract = func(b []byte) (*Envelope, error) { return ws.WSFrame(req, true, b) }
				apply = func(b []byte, env *Envelope, e []Edit) ([]byte, error) { return ws.WSApply(req, b, env, e) }
			}
			env, err := extract(body)
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			if env.Kind != gc.Want.Kind || env.Model != gc.Want.Model || env.Stream != gc.Want.Stream || env.ConversationID != gc.Want.Conv {
				t.Errorf("envelope kind=%q model=%q stream=%v conv=%q, want %q %q %v %q",
					env.Kind, env.Model, env.Stream, env.ConversationID, gc.Want.Kind, gc.Want.Model, gc.Want.Stream, gc.Want.Conv)
			}
			var user []string
			files := 0
			for _, f := range env.Fields {
				switch f.Kind {
				case UserText:
					user = append(user, f.Name)
				case File:
					files++
				}
			}
			if strings.Join(user, ",") != strings.Join(gc.Want.User, ",") {
				t.Errorf("user fields %q, want %q", user, gc.Want.User)
			}
			if files != gc.Want.Files {
				t.Errorf("%d file fields, want %d", files, gc.Want.Files)
			}
			same, err := apply(body, env, nil)
			if err != nil || !bytes.Equal(same, body) {
				t.Errorf("apply without edits changed the body (err %v)", err)
			}

			var out strings.Builder
			out.WriteString("== envelope\n" + describe(env))
			if len(gc.Redact) > 0 {
				edits, want := redactEdits(env, gc.Redact)
				if len(want) == 0 {
					t.Fatalf("no redact key found in user text")
				}
				red, err := apply(body, env, edits)
				if err != nil {
					t.Fatalf("apply: %v", err)
				}
				if json.Valid(body) && !json.Valid(red) {
					t.Errorf("redacted body is not valid JSON:\n%s", red)
				}
				env2, err := extract(red)
				if err != nil {
					t.Fatalf("extract redacted: %v", err)
				}
				var kept []int // the fields the rewrite keeps, in order
				for i, f := range env.Fields {
					if !droppedOnRewrite(gc.Adapter, f) {
						kept = append(kept, i)
					}
				}
				if len(env2.Fields) != len(kept) {
					t.Fatalf("redacted body has %d fields, want %d", len(env2.Fields), len(kept))
				}
				for j, f := range env2.Fields {
					i := kept[j]
					w, edited := want[i]
					if !edited {
						w = env.Fields[i].Text
					}
					if f.Text != w {
						t.Errorf("field %d (%s) after redaction = %q, want %q", i, f.Name, f.Text, w)
					}
				}
				for i, f := range env2.Fields {
					for k := range gc.Redact {
						if f.Kind == UserText && f.Redactable() && strings.Contains(f.Text, k) {
							t.Errorf("user field %d still contains %q", i, k)
						}
					}
				}
				out.WriteString("== redacted\n")
				out.Write(red)
				out.WriteString("\n")
			}
			out.WriteString("== block\n")
			if gc.WS {
				frames := ws.WSBlock(req, env, testNotice)
				for _, fr := range frames {
					if !json.Valid(bytes.TrimSuffix(fr, []byte{recordSep})) { // SignalR's records end in 0x1E
						t.Errorf("block frame is not JSON: %s", fr)
					}
					out.Write(fr)
					out.WriteString("\n")
				}
				checkNotice(t, bytes.Join(frames, nil))
			} else {
				ans := a.Block(req, env, testNotice)
				fmt.Fprintf(&out, "status %d\n", ans.Status)
				for _, k := range []string{"Content-Type", "Content-Length"} {
					fmt.Fprintf(&out, "%s: %s\n", k, ans.Header.Get(k))
				}
				out.Write(ans.Body)
				out.WriteString("\n")
				if ans.Status < 200 || ans.Status > 499 {
					t.Errorf("block status %d", ans.Status)
				}
				if cl := ans.Header.Get("Content-Length"); cl != fmt.Sprint(len(ans.Body)) {
					t.Errorf("Content-Length %s for %d bytes", cl, len(ans.Body))
				}
				// Google's answers are framed behind the ")]}'" guard, though
				// labelled application/json.
				// Grok's are NDJSON, labelled so too: every line must be JSON.
				if strings.HasPrefix(ans.Header.Get("Content-Type"), "application/json") && !bytes.HasPrefix(ans.Body, []byte(")]}'")) && !jsonLines(ans.Body) {
					t.Errorf("block body is not JSON: %s", ans.Body)
				}
				checkNotice(t, ans.Body)
			}
			golden := filepath.Join(casesDir, name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantGolden, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(wantGolden) != out.String() {
				t.Errorf("golden mismatch %s; got:\n%s", golden, out.String())
			}
		})
	}
	for _, n := range AdapterNames() {
		if !covered[n] {
			t.Errorf("adapter %s has no case in %s", n, casesDir)
		}
	}
}

// checkNotice asserts that the notice text reaches the client, after JSON
// string escaping (twice for JSON in a JSON string, as in gemini.google.com's
// frames).
func checkNotice(t *testing.T, body []byte) {
	t.Helper()
	esc, _ := json.Marshal(testNotice.Text)
	needle := strings.ReplaceAll(string(esc[1:len(esc)-1]), `\u0026`, "&")
	esc2, _ := json.Marshal(needle)
	needle2 := string(esc2[1 : len(esc2)-1])
	if !bytes.Contains(body, []byte(needle)) && !bytes.Contains(body, []byte(testNotice.Text)) && !bytes.Contains(body, []byte(needle2)) {
		t.Errorf("notice text missing from block answer: %s", body)
	}
}

// jsonLines reports whether b is one JSON document or JSON documents one
// per line (NDJSON).
func jsonLines(b []byte) bool {
	if json.Valid(b) {
		return true
	}
	for l := range bytes.Lines(b) {
		if !json.Valid(l) {
			return false
		}
	}
	return len(b) > 0
}
