package providers

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
)

// chatGPTWeb reads the chatgpt.com web app: conversation (/backend-api/f/
// conversation, /backend-api/conversation, /backend-anon/…), the prepare
// call that carries the draft (partial_query), autocompletion (input_text),
// file registration (/backend-api/files) and the raw PUT of file bytes to
// the upload URL it hands out (*.oaiusercontent.com).
//
// It learns upload URLs from /backend-api/files responses so that the PUT
// is reported under the file id. Safe for concurrent use.
type chatGPTWeb struct {
	mu      sync.Mutex
	uploads map[string]string // upload URL host+path → file id
}

const maxLearned = 4096

func newChatGPTWeb() *chatGPTWeb { return &chatGPTWeb{uploads: map[string]string{}} }

func (*chatGPTWeb) Name() string { return "chatgpt-web" }

func (a *chatGPTWeb) Extract(req *Request, body []byte) (*Envelope, error) {
	if req.Method == http.MethodPut {
		env := &Envelope{Kind: KindUpload}
		name := a.learned(req.Host + req.Path)
		if name == "" {
			name = path.Base(strings.TrimSuffix(req.Path, "/raw"))
		}
		newCollector(env).file(name, contentType(req), body)
		return env, nil
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env := &Envelope{Kind: KindChat, Model: root.get("model").strVal()}
	env.ConversationID = root.get("conversation_id").strVal()
	c := newCollector(env)
	switch p := strings.TrimSuffix(req.Path, "/"); {
	case strings.HasSuffix(p, "/conversation/prepare"):
		env.Kind = KindAutocomplete
		chatGPTParts(c, root.path("partial_query", "content"), UserText, "partial_query.content")
	case strings.Contains(p, "autocompletion"):
		env.Kind = KindAutocomplete
		c.str(root.get("input_text"), UserText, "input_text")
	case strings.HasSuffix(p, "/files"):
		env.Kind = KindUpload // metadata only; the bytes follow in a PUT
	case strings.HasSuffix(p, "/conversation"):
		env.Stream = true // the web app always reads an event stream
		msgs := root.get("messages")
		if msgs.is(jArray) {
			la := lastRole(msgs, "assistant")
			for i, m := range msgs.vals {
				role := m.path("author", "role").strVal()
				k := roleKind(role, i, la)
				if k == SystemText {
					// The web app sends no system messages: one in the
					// body was written by whoever built the request, and
					// system text is not scanned by default.
					k = UserText
				}
				n := len(c.env.Fields)
				chatGPTParts(c, m.get("content"), k, indexName("messages", i, ".content"))
				c.userTurn(n, role, k)
			}
		}
	default:
		return nil, fmt.Errorf("%w: no ChatGPT endpoint in path %q", ErrMalformed, req.Path)
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

// chatGPTParts reads content.parts[*] string parts (objects are asset
// pointers of images and files) and content.text.
func chatGPTParts(c *collector, content *jval, k Kind, name string) {
	if parts := content.get("parts"); parts.is(jArray) {
		for j, p := range parts.vals {
			c.str(p, k, indexName(name+".parts", j, ""))
		}
	}
	c.str(content.get("text"), k, name+".text")
}

func (*chatGPTWeb) Apply(req *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 {"detail":"…"}; the web app shows detail strings in its
// error box. (Not 401/403: those send the app into re-login or the
// "unusual activity" flow.)
func (*chatGPTWeb) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return jsonAnswer(errorStatus(n), n, map[string]any{"detail": noticeText(n)})
}

// ResponseFormat: conversation replies are SSE with JSON-patch "append"
// operations (delta text); the answer's text is appended to the message's
// first part (its reasoning goes to /message/content/thoughts).
func (*chatGPTWeb) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	if env != nil && env.Kind == KindChat {
		return ResponseFormat{Kind: "sse", Text: "patch:/message/content/parts/0", App: true}
	}
	return ResponseFormat{Kind: "json"}
}

// LearnResponse records {"file_id","upload_url"} from /backend-api/files.
func (a *chatGPTWeb) LearnResponse(req *Request, status int, _ http.Header, body []byte) {
	if status/100 != 2 || req == nil || !strings.HasSuffix(strings.TrimSuffix(req.Path, "/"), "/files") {
		return
	}
	root, err := parseJSON(body)
	if err != nil {
		return
	}
	u, err := url.Parse(root.get("upload_url").strVal())
	if err != nil || u.Host == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.uploads) >= maxLearned {
		for k := range a.uploads { // drop an arbitrary entry; upload URLs are short-lived
			delete(a.uploads, k)
			break
		}
	}
	a.uploads[u.Hostname()+u.Path] = root.get("file_id").strVal()
}

func (a *chatGPTWeb) learned(key string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.uploads[key]
}
