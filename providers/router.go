package providers

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Route sends requests of one shape to an adapter. Routes are data so that
// a format change on a service can be fixed in the config (config.Route),
// without a rebuild.
type Route struct {
	// Provider matches Request.Provider or Request.ServiceID; "" = any.
	Provider string
	// Host is a glob (path.Match syntax, e.g. "*.openai.azure.com") matched
	// against Request.Host without port; "" = any host.
	Host string
	// Method is an HTTP method ("" = any; "WS" for WebSocket upgrades).
	Method string
	// Path is a regular expression that must match the whole path.
	Path string
	// Adapter is the adapter name (see AdapterNames).
	Adapter string
}

type compiledRoute struct {
	Route
	re      *regexp.Regexp
	adapter Adapter
}

// Router picks the adapter for a request. It owns one instance of each
// adapter, so state learned from responses (upload URLs) is shared by all
// requests it routes. Safe for concurrent use.
type Router struct {
	routes   []compiledRoute
	adapters map[string]Adapter

	// memo holds Match's answers (the route's index, -1 for none) by
	// what Match reads of a request: an API client and a chat app send
	// the same few shapes with every request, and each asked the routes'
	// host globs and path expressions again (the route's regexp alone
	// ≈2 µs, 0.5–0.7 % of the proxy's CPU per 16 KB request). Bounded:
	// paths with ids fill it up to maxRouteMemo, and later shapes are
	// matched as before. A new Router (a reload) starts empty.
	memoMu sync.RWMutex
	memo   map[routeKey]int
}

// routeKey is everything of a Request that Match reads.
type routeKey struct{ provider, service, method, host, path string }

// maxRouteMemo bounds Router.memo; maxRouteMemoPath the paths it keeps.
const (
	maxRouteMemo     = 1024
	maxRouteMemoPath = 256
)

// newAdapters returns a fresh instance of every adapter, by name.
func newAdapters() map[string]Adapter {
	list := []Adapter{
		openAIAdapter{name: "openai"},
		azureAdapter{},
		anthropicAdapter{},
		geminiAdapter{},
		mistralAdapter{},
		deeplAdapter{},
		ollamaAdapter{},
		duckAIAdapter{},
		grokAdapter{},
		huggingChatAdapter{},
		m365CopilotAdapter{},
		newChatGPTWeb(),
		claudeWebAdapter{},
		geminiWebAdapter{},
		copilotAdapter{},
		openAIRealtimeAdapter{},
		openAIRealtimeSessionAdapter{},
		perplexityWebAdapter{},
		perplexityAgentAdapter{},
		leChatAdapter{},
		deeplWebAdapter{},
		msTranslatorAdapter{},
		googleTranslateAdapter{},
		gitHubCopilotChatAdapter{},
		uploadAdapter{},
		Fallback(),
	}
	m := make(map[string]Adapter, len(list))
	for _, a := range list {
		m[a.Name()] = a
	}
	return m
}

// AdapterNames lists the adapter names routes may use.
func AdapterNames() []string {
	var names []string
	for n := range newAdapters() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// NewRouter compiles routes, in order: the first matching route wins. An
// unknown adapter name or a bad regular expression is an error.
func NewRouter(routes []Route) (*Router, error) {
	r := &Router{adapters: newAdapters()}
	for i, rt := range routes {
		a, ok := r.adapters[rt.Adapter]
		if !ok {
			return nil, fmt.Errorf("Route %d (%s %s%s): unbekannter Adapter %q / route %d (%s %s%s): unknown adapter %q (bekannt / known: %s)", i, rt.Method, rt.Host, rt.Path, rt.Adapter, i, rt.Method, rt.Host, rt.Path, rt.Adapter, strings.Join(AdapterNames(), ", "))
		}
		if _, err := path.Match(strings.ToLower(rt.Host), ""); err != nil {
			return nil, fmt.Errorf("route %d: host glob %q: %w", i, rt.Host, err)
		}
		re, err := regexp.Compile(`^(?:` + rt.Path + `)$`)
		if err != nil {
			return nil, fmt.Errorf("route %d: path %q: %w", i, rt.Path, err)
		}
		rt.Host = strings.ToLower(rt.Host)
		r.routes = append(r.routes, compiledRoute{Route: rt, re: re, adapter: a})
	}
	return r, nil
}

// Match returns the adapter of the first route that matches req. false means
// the request has a shape no route knows; the caller then uses Fallback()
// as its policy says and counts the miss.
func (r *Router) Match(req *Request) (Adapter, bool) {
	k := routeKey{req.Provider, req.ServiceID, req.Method, req.Host, req.Path}
	r.memoMu.RLock()
	i, ok := r.memo[k]
	r.memoMu.RUnlock()
	if !ok {
		i = r.match(req)
		if len(req.Path) <= maxRouteMemoPath && len(req.Host) <= maxRouteMemoPath {
			r.memoMu.Lock()
			if r.memo == nil {
				r.memo = make(map[routeKey]int)
			}
			if len(r.memo) < maxRouteMemo {
				r.memo[k] = i
			}
			r.memoMu.Unlock()
		}
	}
	if i < 0 {
		return nil, false
	}
	return r.routes[i].adapter, true
}

// match is Match without the memo: the index of the first route that
// matches req, -1 for none.
func (r *Router) match(req *Request) int {
	host := strings.ToLower(req.Host)
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.Contains(h, "]") {
		host = h
	}
	for i := range r.routes {
		rt := &r.routes[i]
		if rt.Provider != "" && rt.Provider != req.Provider && rt.Provider != req.ServiceID {
			continue
		}
		if rt.Method != "" && !strings.EqualFold(rt.Method, req.Method) {
			continue
		}
		if rt.Host != "" {
			if ok, _ := path.Match(rt.Host, host); !ok {
				continue
			}
		}
		if !rt.re.MatchString(req.Path) {
			continue
		}
		return i
	}
	return -1
}

// Adapter returns the router's instance of the named adapter.
func (r *Router) Adapter(name string) (Adapter, bool) {
	a, ok := r.adapters[name]
	return a, ok
}

// realtimeSessionPaths are the HTTP calls that set up an OpenAI Realtime
// session (openAIRealtimeSessionAdapter); azureRealtimeSessionPaths
// Azure's.
const (
	realtimeSessionPaths      = `/v1/realtime/(sessions|transcription_sessions|client_secrets|calls|calls/[^/]+/accept)/?`
	azureRealtimeSessionPaths = `/openai(/v1)?/realtime/(sessions|transcription_sessions|client_secrets|calls|calls/[^/]+/accept)/?|/openai/realtimeapi/(sessions|transcription_sessions)/?`
)

// DefaultRoutes returns the built-in routes. Configured routes are usually
// put in front of them so that they win.
func DefaultRoutes() []Route {
	return []Route{
		// OpenAI API
		{Host: "api.openai.com", Method: "POST", Path: `/v1/(chat/completions|responses|completions|embeddings|moderations|images/(generations|edits|variations)|audio/(speech|transcriptions|translations)|files|uploads/[^/]+/parts)`, Adapter: "openai"},
		// its data-residency names (eu.api.openai.com, …)
		{Host: "*.api.openai.com", Method: "POST", Path: `/v1/(chat/completions|responses|completions|embeddings|moderations|images/(generations|edits|variations)|audio/(speech|transcriptions|translations)|files|uploads/[^/]+/parts)`, Adapter: "openai"},
		// OpenAI's Realtime API: the WebSocket's client events (openai-realtime), also at the
		// data-residency names
		{Host: "api.openai.com", Method: "GET", Path: `/v1/realtime/?`, Adapter: "openai-realtime"},
		{Host: "*.api.openai.com", Method: "GET", Path: `/v1/realtime/?`, Adapter: "openai-realtime"},
		// its session set up over HTTP for a client that then connects by itself: the session's
		// configuration (the system prompt) read as session.update is; a WebRTC call (calls) refused
		// as uninspected, its media going past schleuse (openai-realtime-session)
		{Host: "api.openai.com", Method: "POST", Path: realtimeSessionPaths, Adapter: "openai-realtime-session"},
		{Host: "*.api.openai.com", Method: "POST", Path: realtimeSessionPaths, Adapter: "openai-realtime-session"},
		// and Azure's (the preview /openai/realtimeapi/sessions, the GA /openai/v1/realtime/…), before
		// the azure-openai route below
		{Host: "*.openai.azure.com", Method: "POST", Path: azureRealtimeSessionPaths, Adapter: "openai-realtime-session"},
		{Host: "*.cognitiveservices.azure.com", Method: "POST", Path: azureRealtimeSessionPaths, Adapter: "openai-realtime-session"},
		{Host: "*.services.ai.azure.com", Method: "POST", Path: azureRealtimeSessionPaths, Adapter: "openai-realtime-session"},
		// Azure OpenAI's Realtime (the preview /openai/realtime and the GA /openai/v1/realtime)
		{Host: "*.openai.azure.com", Method: "GET", Path: `/openai(/v1)?/realtime/?`, Adapter: "openai-realtime"},
		{Host: "*.cognitiveservices.azure.com", Method: "GET", Path: `/openai(/v1)?/realtime/?`, Adapter: "openai-realtime"},
		{Host: "*.services.ai.azure.com", Method: "GET", Path: `/openai(/v1)?/realtime/?`, Adapter: "openai-realtime"},
		// Azure OpenAI
		{Host: "*.openai.azure.com", Method: "POST", Path: `/openai/.*`, Adapter: "azure-openai"},
		{Host: "*.cognitiveservices.azure.com", Method: "POST", Path: `/openai/.*`, Adapter: "azure-openai"},
		{Host: "*.services.ai.azure.com", Method: "POST", Path: `/openai/.*`, Adapter: "azure-openai"},
		// Anthropic API
		{Host: "api.anthropic.com", Method: "POST", Path: `/v1/messages(/count_tokens|/batches)?`, Adapter: "anthropic"},
		{Host: "api.anthropic.com", Method: "POST", Path: `/v1/files`, Adapter: "anthropic"},
		{Host: "api.anthropic.com", Method: "POST", Path: `/v1/chat/completions`, Adapter: "openai"},
		// Gemini API and Vertex AI
		{Host: "generativelanguage.googleapis.com", Method: "POST", Path: `/v1(beta|alpha)?/.*:(generateContent|streamGenerateContent|countTokens)`, Adapter: "gemini"},
		{Host: "generativelanguage.googleapis.com", Method: "POST", Path: `/v1(beta)?/openai/.*`, Adapter: "openai"},
		// The Files API: its resumable and multipart uploads carry the file's bytes (without this route the
		// fallback read only a binary body's printable runs, none of a PDF's or an Office file's text)
		{Host: "generativelanguage.googleapis.com", Method: "POST", Path: `/upload/.*`, Adapter: "upload"},
		{Host: "generativelanguage.googleapis.com", Method: "PUT", Path: `/upload/.*`, Adapter: "upload"},
		{Host: "*aiplatform.googleapis.com", Method: "POST", Path: `/v1(beta1)?/.*:(generateContent|streamGenerateContent|countTokens)`, Adapter: "gemini"},
		// Mistral API
		{Host: "api.mistral.ai", Method: "POST", Path: `/v1/(fim/completions|agents/completions|conversations(/[^/]+(/restart)?)?)`, Adapter: "mistral"},
		{Host: "api.mistral.ai", Method: "POST", Path: `/v1/(chat/completions|embeddings|moderations|chat/moderations|files)`, Adapter: "openai"},
		// Codestral's own endpoint, as the API
		{Host: "codestral.mistral.ai", Method: "POST", Path: `/v1/(fim/completions|agents/completions|conversations(/[^/]+(/restart)?)?)`, Adapter: "mistral"},
		{Host: "codestral.mistral.ai", Method: "POST", Path: `/v1/(chat/completions|embeddings|moderations|chat/moderations|files)`, Adapter: "openai"},
		// Perplexity API
		{Host: "api.perplexity.ai", Method: "POST", Path: `(/v1)?/chat/completions`, Adapter: "openai"},
		// its Agent API (OpenAI's Responses shape) and the alias the OpenAI SDK calls
		{Host: "api.perplexity.ai", Method: "POST", Path: `/v1/(agent|responses)|/v2/responses`, Adapter: "perplexity-agent"},
		// DeepL
		{Host: "api*.deepl.com", Method: "POST", Path: `/v2/(translate|document|write/rephrase)`, Adapter: "deepl"},
		{Host: "*deepl.com", Method: "POST", Path: `/jsonrpc`, Adapter: "deepl-web"},
		// Browsers' built-in translators and the translation APIs behind
		// them (catalogue edge-translator, chrome-translate,
		// microsoft-translator-api, google-cloud-translation).
		{Host: "*.cognitive.microsofttranslator.com", Method: "POST", Path: `/(translate|detect|breaksentence|transliterate|dictionary/(lookup|examples))`, Adapter: "microsoft-translator"},
		{Host: "edge.microsoft.com", Method: "POST", Path: `/translate/translatetext`, Adapter: "microsoft-translator"},
		{Host: "translate-pa.googleapis.com", Method: "POST", Path: `/v1/translateHtml`, Adapter: "google-translate"},
		// translate.google.com's own RPC (f.req, rpc MkEWBc): the fallback
		// reads it on a route of its own, so that a translation is no
		// unknown format (schleuse_unmatched_requests_total).
		{Host: "translate.google.*", Method: "POST", Path: `/_/TranslateWebserverUi/data/batchexecute`, Adapter: "fallback"},
		{Host: "translation.googleapis.com", Method: "POST", Path: `/language/translate/v2(/detect)?|/v3(beta1)?/projects/[^/]+(/locations/[^/]+)?:(translateText|romanizeText|detectLanguage)`, Adapter: "google-translate"},
		// ChatGPT web
		{Host: "chatgpt.com", Method: "POST", Path: `/backend-(api|anon)/(f/)?conversation(/prepare)?`, Adapter: "chatgpt-web"},
		{Host: "chatgpt.com", Method: "POST", Path: `/backend-(api|anon)/.*autocompletion.*`, Adapter: "chatgpt-web"},
		{Host: "chatgpt.com", Method: "POST", Path: `/backend-(api|anon)/files`, Adapter: "chatgpt-web"},
		{Host: "chatgpt.com", Method: "POST", Path: `/backend-api/codex/responses`, Adapter: "openai"},
		{Host: "*.oaiusercontent.com", Method: "PUT", Path: `/.*`, Adapter: "chatgpt-web"},
		// The WebSocket the web app opens (alinr.com's HAR analysis): no source shows what the page sends
		// on it, so each message is read by the fallback (every string; findings block, nothing is
		// rewritten). A route of its own, so that it is no format drift for the unmatched metric and its
		// alert, and is read so with inspect.unknown_requests: block too.
		{Host: "ws.chatgpt.com", Method: "GET", Path: `/.*`, Adapter: "fallback"},
		// claude.ai
		{Host: "claude.ai", Method: "POST", Path: `/api/organizations/[^/]+/chat_conversations/[^/]+/(completion|retry_completion)`, Adapter: "claude-web"},
		{Host: "claude.ai", Method: "POST", Path: `/api/.*(upload-file|upload_file|upload|convert_document)`, Adapter: "claude-web"},
		// gemini.google.com
		{Host: "gemini.google.com", Method: "POST", Path: `/_/BardChatUi/data/assistant\.lamda\.BardFrontendService/StreamGenerate`, Adapter: "gemini-web"},
		{Host: "gemini.google.com", Method: "POST", Path: `/_/BardChatUi/data/batchexecute`, Adapter: "fallback"},
		{Host: "content-push.googleapis.com", Method: "POST", Path: `/upload.*`, Adapter: "upload"},
		{Host: "push.clients6.google.com", Method: "POST", Path: `/upload.*`, Adapter: "upload"},
		// Copilot
		{Host: "copilot.microsoft.com", Method: "GET", Path: `/c/api/chat`, Adapter: "copilot"},
		{Host: "copilot.microsoft.com", Method: "POST", Path: `/c/api/(start|attachments|files).*`, Adapter: "copilot"},
		// Perplexity web
		{Host: "www.perplexity.ai", Method: "POST", Path: `/rest/sse/perplexity_ask`, Adapter: "perplexity-web"},
		{Host: "ppl-ai-file-upload.s3.amazonaws.com", Method: "POST", Path: `/.*`, Adapter: "upload"},
		// Le Chat
		{Host: "chat.mistral.ai", Method: "POST", Path: `/api/chat`, Adapter: "lechat"},
		{Host: "chat.mistral.ai", Method: "POST", Path: `/api/trpc/message\.newChat`, Adapter: "lechat"},
		{Host: "chat.mistral.ai", Method: "POST", Path: `/api/file`, Adapter: "lechat"},
		{Host: "chat.mistral.ai", Method: "POST", Path: `/api/trpc/file\..*`, Adapter: "lechat"},
		// Duck.ai inside duckduckgo.com (catalogue duck-ai-duckduckgo, off until enabled)
		{Host: "duckduckgo.com", Method: "POST", Path: `/duckchat/v1/chat`, Adapter: "duck-ai"},
		{Host: "duck.ai", Method: "POST", Path: `/duckchat/v1/chat`, Adapter: "duck-ai"}, // duck-ai-web, blocked unless IT sets mode inspect
		// Grok: grok.com (catalogue grok-web, blocked unless IT sets mode inspect) and inside X (grok-x, off
		// until enabled; grok.x.com is grok-web's)
		{Host: "grok.com", Method: "POST", Path: `/rest/app-chat/(conversations/(new|[^/]+/responses)|upload-file)`, Adapter: "grok"},
		{Host: "grok.x.com", Method: "POST", Path: `/2/grok/add_response\.json`, Adapter: "grok"},
		{Host: "x.com", Method: "POST", Path: `(/i/api)?/2/grok/add_response\.json`, Adapter: "grok"},
		{Host: "twitter.com", Method: "POST", Path: `(/i/api)?/2/grok/add_response\.json`, Adapter: "grok"},
		{Host: "api.x.com", Method: "POST", Path: `/2/grok/add_response\.json`, Adapter: "grok"}, // X's apps and clients beside x.com
		// HuggingChat on huggingface.co (catalogue huggingchat, off until enabled): chat-ui under /chat, the
		// creation of a conversation (its preprompt) and a message (multipart, JSON in earlier versions)
		{Host: "huggingface.co", Method: "POST", Path: `/chat/conversation/?`, Adapter: "huggingchat"},
		{Host: "huggingface.co", Method: "POST", Path: `/chat/conversation/[0-9a-fA-F]+/?`, Adapter: "huggingchat"},
		// chat-ui's stateless chat (local mode: the conversation kept in the browser, sent whole)
		{Host: "huggingface.co", Method: "POST", Path: `/chat/api/v2/chat/stream/?`, Adapter: "huggingchat"},
		// Microsoft 365 Copilot Chat (catalogue m365-copilot, off until enabled): its chat WebSocket; its
		// upload (a form whose FileBase64 is a data URL) is read by the fallback
		{Host: "substrate.office.com", Method: "GET", Path: `(?i)/m365copilot/chathub(/.*)?`, Adapter: "m365-copilot"},
		// DeepSeek's OpenAI-compatible API has its paths without /v1 too
		{Host: "api.deepseek.com", Method: "POST", Path: `(/v1|/beta)?/(chat/completions|completions)`, Adapter: "openai"},
		// GitHub Copilot (catalogue github-copilot): the chat is OpenAI's chat/completions (also responses,
		// embeddings) without /v1 at api.githubcopilot.com and its individual/business/enterprise hosts;
		// completions are OpenAI's completions (prompt, suffix) under /v1/engines/{engine}/ there and at
		// copilot-proxy.githubusercontent.com (public Copilot clients; sources in proxy/catalogue.go)
		{Host: "*.githubcopilot.com", Method: "POST", Path: `(/v1)?/(chat/completions|responses|embeddings)`, Adapter: "openai"},
		{Host: "*.githubcopilot.com", Method: "POST", Path: `/v1/engines/[^/]+/completions`, Adapter: "openai"},
		// Copilot's chat on github.com: the thread API's message, with
		// attached files inline and images by address.
		{Host: "*.githubcopilot.com", Method: "POST", Path: `/github/chat/threads/[^/]+/messages`, Adapter: "github-copilot-chat"},
		{Host: "copilot-proxy.githubusercontent.com", Method: "POST", Path: `/v1/engines/[^/]+/completions`, Adapter: "openai"},
		// Gemini Code Assist (catalogue gemini-code-assist): the Gemini request inside {request: …}
		// (gemini-cli's code_assist/converter.ts); its other methods (loadCodeAssist, onboardUser, …) go to
		// the fallback
		{Host: "*cloudcode-pa.googleapis.com", Method: "POST", Path: `/v1internal:(generateContent|streamGenerateContent|countTokens)`, Adapter: "gemini"},
		// Sourcegraph Cody's OpenAI-compatible chat (catalogue sourcegraph-cody); /.api/completions/… (its
		// own messages of speaker and text) goes to the fallback
		{Host: "sourcegraph.com", Method: "POST", Path: `/\.api/llm/chat/completions`, Adapter: "openai"},
		// Ollama native and OpenAI-compatible paths on any inspected host
		{Method: "POST", Path: `(/.*)?/api/(chat|generate)`, Adapter: "ollama"},
		{Method: "POST", Path: `(/.*)?/v1/(chat/completions|completions|responses|embeddings)`, Adapter: "openai"},
	}
}
