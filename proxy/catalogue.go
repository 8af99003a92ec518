package proxy

import (
	"cmp"
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/schleuse/schleuse/config"
)

// Mode says what the proxy does with a catalogue host.
type Mode string

const (
	ModeInspect Mode = "inspect" // decrypt and run the pipeline
	ModeTunnel  Mode = "tunnel"  // pass through blind
	ModeBlock   Mode = "block"   // intercept, and answer every request with a German explanation (nothing forwarded)
)

// Service is one LLM service of the catalogue.
type Service struct {
	ID       string
	Name     string // shown to staff; "" = ID
	Provider string
	Hosts    []string // exact names, "*.suffix" or "*-suffix" (a label's end: "*-aiplatform.googleapis.com")
	// Paths, when set, makes the hosts shared: the service is only what
	// lies under these paths ("/duckchat/": Duck.ai inside duckduckgo.com).
	// The hosts are decrypted, requests under the paths handled by Mode,
	// all others forwarded as they are: not read, not audited (covers).
	Paths []string
	Mode  Mode
	// WhyDE and WhyEN, when set, say why a blocked built-in entry is
	// blocked beyond the policy (a service whose format schleuse cannot
	// read): the notice and the page give them instead of "gesperrt
	// gemäß der KI-Richtlinie". A config entry with the same id keeps them.
	WhyDE, WhyEN string
}

// Title is the name staff see for the service in a notice.
func (s *Service) Title() string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// wildcardHost reports a catalogue host that names a suffix: "*.suffix"
// (every subdomain) or "*-suffix" (every name whose first label ends so,
// as Vertex AI's regional hosts "europe-west3-aiplatform.googleapis.com"
// do), with no other "*" in it.
func wildcardHost(h string) bool {
	return (strings.HasPrefix(h, "*.") || strings.HasPrefix(h, "*-")) && len(h) > 2 && !strings.ContainsAny(h[1:], "*:/ ")
}

// middleWildcard splits a catalogue host "name.*.suffix", one "*" as a
// whole label between others, as a service's regional hosts are named
// ("bedrock-runtime.eu-central-1.amazonaws.com": "bedrock-runtime.*.amazonaws.com"),
// into "name." and ".suffix". The "*" stands for one label or more, as
// the PAC file's shExpMatch reads it.
func middleWildcard(h string) (prefix, suffix string, ok bool) {
	i := strings.Index(h, ".*.")
	if i <= 0 || strings.Count(h, "*") != 1 || strings.ContainsAny(h, ":/ ") || strings.HasSuffix(h, ".") {
		return "", "", false
	}
	return h[:i+1], h[i+2:], true
}

// builtinServices is the built-in catalogue. Config entries with the same id
// replace these; new ids are added.
func builtinServices() []Service {
	return []Service{
		{ID: "chatgpt-web", Name: "ChatGPT (Web)", Provider: "openai", Hosts: []string{"chatgpt.com", "chat.openai.com", "ws.chatgpt.com", "*.oaiusercontent.com"}, Mode: ModeInspect},
		// The API answers at its data-residency names too (eu., us., au.,
		// in., jp., ae.api.openai.com: OpenAI's "Data residency" guide,
		// openai-node's dataResidency option), the same API with the
		// same keys; before, a blind tunnel (sec18).
		{ID: "openai-api", Name: "OpenAI API", Provider: "openai", Hosts: []string{"api.openai.com", "*.api.openai.com"}, Mode: ModeInspect},
		{ID: "claude-web", Name: "Claude (Web)", Provider: "anthropic", Hosts: []string{"claude.ai"}, Mode: ModeInspect},
		{ID: "anthropic-api", Name: "Anthropic API", Provider: "anthropic", Hosts: []string{"api.anthropic.com"}, Mode: ModeInspect},
		// The web apps' upload hosts belong to their service: routed to the
		// upload adapter but missing here, a file attached in Gemini or
		// Perplexity went through a blind tunnel (and, with the PAC file,
		// around the proxy), never inspected.
		{ID: "gemini-web", Name: "Gemini (Web)", Provider: "google", Hosts: []string{"gemini.google.com", "content-push.googleapis.com", "push.clients6.google.com"}, Mode: ModeInspect},
		{ID: "gemini-api", Name: "Gemini API", Provider: "google", Hosts: []string{"generativelanguage.googleapis.com"}, Mode: ModeInspect},
		// Gemini inside Google Workspace (Docs, Sheets, Slides, Gmail,
		// Vids): Google's "Apps GenAI Server", one generation endpoint the
		// apps share, the person's prompt with the document's context as
		// application/json+protobuf (positional JSON arrays; POST
		// /v1/genai/generate?key=…): Zscaler Help, "Integrating ZIA with
		// AI Guard" (2026-09-02, "Google Gemini Workspaces"); public
		// Workspace-Gemini clients of 2026 (AppsGenAIServer, "gRPC-JSON
		// transcoding … application/json+protobuf"; a Google Vids client
		// captured 2026-10-01). Before, a blind tunnel. No adapter knows its
		// arrays: read by the fallback (every string; findings block), and
		// refused by the default policy until the DPO registers it
		// (KI-RL-2.1).
		{ID: "gemini-workspace", Name: "Gemini in Google Workspace", Provider: "google", Hosts: []string{"appsgenaiserver-pa.clients6.google.com", "appsgenaiserver-pa.googleapis.com"}, Mode: ModeInspect},
		{ID: "copilot-web", Name: "Microsoft Copilot (Web)", Provider: "microsoft", Hosts: []string{"copilot.microsoft.com"}, Mode: ModeInspect},
		{ID: "perplexity-web", Name: "Perplexity (Web)", Provider: "perplexity", Hosts: []string{"www.perplexity.ai", "ppl-ai-file-upload.s3.amazonaws.com"}, Mode: ModeInspect},
		{ID: "perplexity-api", Name: "Perplexity API", Provider: "perplexity", Hosts: []string{"api.perplexity.ai"}, Mode: ModeInspect},
		{ID: "mistral-web", Name: "Le Chat (Mistral, Web)", Provider: "mistral", Hosts: []string{"chat.mistral.ai"}, Mode: ModeInspect},
		// codestral.mistral.ai: the Codestral endpoint Mistral recommends
		// for IDE plugins (FIM and chat, the API's paths and format);
		// before, a blind tunnel (sec18).
		{ID: "mistral-api", Name: "Mistral API", Provider: "mistral", Hosts: []string{"api.mistral.ai", "codestral.mistral.ai"}, Mode: ModeInspect},
		// document-translation-free/-pro.www.deepl.com: the web
		// translator's document upload (POST /documentTranslation/upload,
		// multipart "file"; a DeepL-web userscript that rewrites these
		// calls, "DeepL YES!", ajaxHook on both hosts), read by the
		// fallback, its file extracted; before, a blind tunnel.
		{ID: "deepl-web", Name: "DeepL (Web)", Provider: "deepl", Hosts: []string{"www.deepl.com", "www2.deepl.com", "write-free.www.deepl.com", "write-pro.www.deepl.com",
			"document-translation-free.www.deepl.com", "document-translation-pro.www.deepl.com"}, Mode: ModeInspect},
		{ID: "deepl-api", Name: "DeepL API", Provider: "deepl", Hosts: []string{"api.deepl.com", "api-free.deepl.com"}, Mode: ModeInspect},
		// An Azure OpenAI resource answers at <name>.cognitiveservices.azure.com
		// and, made in Azure AI Foundry, at <name>.services.ai.azure.com as
		// well as at <name>.openai.azure.com (the routes read all three with
		// the azure-openai adapter); before, the other two went through a
		// blind tunnel (sec18). Azure's other AI services on those hosts
		// (speech, vision, document intelligence) are read by the fallback.
		{ID: "azure-openai", Name: "Azure OpenAI", Provider: "azure-openai", Hosts: []string{"*.openai.azure.com", "*.cognitiveservices.azure.com", "*.services.ai.azure.com"}, Mode: ModeInspect},
		// Gemini on Vertex AI (Google Cloud): the global host and the
		// regional ones ({region}-aiplatform.googleapis.com: "Vertex AI
		// locations"), which the routes read with the gemini adapter;
		// before, the catalogue had no entry and a prompt to
		// europe-west3-aiplatform.googleapis.com went through a blind
		// tunnel (sec18). Its other APIs (training, endpoints of own
		// models) are read by the fallback. Refused by the default policy
		// until the DPO registers it (KI-RL-2.1).
		{ID: "vertex-ai", Name: "Vertex AI (Google Cloud)", Provider: "google", Hosts: []string{"aiplatform.googleapis.com", "*-aiplatform.googleapis.com"}, Mode: ModeInspect},
		// Amazon Bedrock: the runtime (InvokeModel, Converse), the agents'
		// and knowledge bases' runtime (InvokeAgent, RetrieveAndGenerate),
		// their FIPS hosts and the dual-stack names under api.aws (the AWS
		// SDKs' endpoint rules: bedrock-runtime-fips.{region}.amazonaws.com,
		// bedrock-agent-runtime-fips.{region}.{dualStackDnsSuffix}), and
		// Bedrock's OpenAI-compatible endpoint (bedrock-mantle.{region}.api.aws,
		// which Bedrock API keys reach with an OpenAI client). Before, a
		// blind tunnel (sec19). No adapter knows Bedrock's formats: read by
		// the fallback, and refused by the default policy until the DPO
		// registers it (KI-RL-2.1).
		{ID: "aws-bedrock", Name: "Amazon Bedrock", Provider: "aws", Hosts: []string{
			"bedrock-runtime.*.amazonaws.com", "bedrock-runtime-fips.*.amazonaws.com",
			"bedrock-agent-runtime.*.amazonaws.com", "bedrock-agent-runtime-fips.*.amazonaws.com",
			"bedrock-runtime.*.api.aws", "bedrock-runtime-fips.*.api.aws",
			"bedrock-agent-runtime.*.api.aws", "bedrock-agent-runtime-fips.*.api.aws",
			"bedrock-mantle.*.api.aws"}, Mode: ModeInspect},
		// Firebase AI Logic (formerly Vertex AI in Firebase): the Gemini
		// models called from an app or a web page with a Firebase key,
		// firebasevertexai.googleapis.com (firebase-js-sdk's default base
		// URL, "Firebase AI Logic API"), and firebaseml.googleapis.com,
		// which the SDK's earlier versions called (v2beta …:generateContent).
		// Before, a blind tunnel (sec19). Read by the fallback, refused by
		// the default policy until the DPO registers it (KI-RL-2.1).
		{ID: "firebase-ai", Name: "Firebase AI Logic (Google)", Provider: "google", Hosts: []string{"firebasevertexai.googleapis.com", "firebaseml.googleapis.com"}, Mode: ModeInspect},

		// Further AI services that staff reach with a browser, none with
		// an adapter for its web app: without an entry, each went through
		// a blind tunnel (with the PAC file, around the proxy), uninspected.
		// Blocked: every request is answered with the German notice, the
		// page as well, so staff learn why. IT may override an entry in
		// services (same id), e.g. with mode tunnel.
		{ID: "deepseek-web", Name: "DeepSeek", Provider: "deepseek", Hosts: []string{"chat.deepseek.com"}, Mode: ModeBlock},
		{ID: "grok-web", Name: "Grok", Provider: "xai", Hosts: []string{"grok.com", "grok.x.com"}, Mode: ModeBlock}, // grok.x.com: Grok's own host inside X
		{ID: "meta-ai-web", Name: "Meta AI", Provider: "meta", Hosts: []string{"www.meta.ai", "meta.ai"}, Mode: ModeBlock},
		{ID: "qwen-web", Name: "Qwen Chat", Provider: "alibaba", Hosts: []string{"chat.qwen.ai"}, Mode: ModeBlock},
		{ID: "kimi-web", Name: "Kimi", Provider: "moonshot", Hosts: []string{"www.kimi.com", "kimi.com", "kimi.moonshot.cn"}, Mode: ModeBlock},
		{ID: "poe-web", Name: "Poe", Provider: "poe", Hosts: []string{"poe.com"}, Mode: ModeBlock},
		{ID: "character-ai-web", Name: "Character.AI", Provider: "character-ai", Hosts: []string{"character.ai"}, Mode: ModeBlock},
		{ID: "pi-web", Name: "Pi", Provider: "inflection", Hosts: []string{"pi.ai"}, Mode: ModeBlock},
		{ID: "duck-ai-web", Name: "Duck.ai", Provider: "duckduckgo", Hosts: []string{"duck.ai"}, Mode: ModeBlock},
		{ID: "lmarena-web", Name: "LMArena", Provider: "lmarena", Hosts: []string{"lmarena.ai"}, Mode: ModeBlock},
		// alkalimakersuite-pa.clients6.google.com: AI Studio's own backend
		// (MakerSuiteService/GenerateContent, application/json+protobuf),
		// which the page calls with the prompt; blocked with the page
		// (before, a blind tunnel: a script on another page, or a client
		// calling it directly, reached it unread; sec19).
		{ID: "ai-studio-web", Name: "Google AI Studio", Provider: "google", Hosts: []string{"aistudio.google.com", "alkalimakersuite-pa.clients6.google.com", "alkalimakersuite-pa.googleapis.com"}, Mode: ModeBlock},
		{ID: "notebooklm-web", Name: "NotebookLM", Provider: "google", Hosts: []string{"notebooklm.google.com"}, Mode: ModeBlock},
		// Anthropic's developer console (its Workbench is a chat with any
		// model; platform.claude.com is its newer name) and OpenAI's Sora
		// (video from a prompt and uploaded images): their own backends
		// carry the prompt, in formats no adapter reads.
		{ID: "anthropic-console-web", Name: "Anthropic Console", Provider: "anthropic", Hosts: []string{"console.anthropic.com", "platform.claude.com"}, Mode: ModeBlock},
		{ID: "sora-web", Name: "Sora", Provider: "openai", Hosts: []string{"sora.chatgpt.com", "sora.com"}, Mode: ModeBlock},
		// Microsoft's Augmentation Loop: Copilot inside Word, Excel,
		// PowerPoint and Outlook (on the web and on the desktop) sends the
		// document's text and the person's request through it, Word even
		// when a document is only opened (Cato Networks, "Securing Copilot
		// traffic": "Copilot Embedded in Office Applications" uses
		// augloop.office.com and augloop.svc.cloud.microsoft besides
		// substrate.office.com; Zscaler Help, "Integrating ZIA with AI
		// Guard", 2026-09-02: augloop.office.com among Microsoft 365
		// Copilot's domains; a published 2026-09 measurement: 96.8 % of an
		// opened .docx reached augloop.svc.cloud.microsoft; the
		// "*.augloop…" names from published PAC files). Its WebSocket
		// protocol (session records, workflows such as
		// OfficeCopilotOrchestrationWorkflow) has no public description an
		// adapter could be built on: before, a blind tunnel, the documents'
		// text unread. Blocked, with the reason; IT may set mode tunnel
		// (docs/operations.md).
		{ID: "m365-augloop", Name: "Copilot in Word, Excel, PowerPoint und Outlook (Microsoft AugLoop)", Provider: "microsoft",
			Hosts: []string{"augloop.office.com", "*.augloop.office.com", "augloop.svc.cloud.microsoft", "*.augloop.svc.cloud.microsoft"}, Mode: ModeBlock,
			WhyDE: "Word, Excel, PowerPoint und Outlook senden über diesen Dienst den Text geöffneter Dokumente und Ihre Copilot-Anfragen an Microsofts KI-Dienste, Word schon beim Öffnen eines Dokuments. Sein Format kann schleuse nicht lesen, deshalb ist er gesperrt; Copilot in diesen Anwendungen steht nicht zur Verfügung.",
			WhyEN: "Word, Excel, PowerPoint and Outlook send the text of open documents and your Copilot requests to Microsoft's AI services through it, Word as soon as a document is opened. schleuse cannot read its format, so it is blocked; Copilot in these applications is not available."},

		// Code assistants that developers run in their IDE, which reaches
		// them through the system proxy; a completion sends the open file
		// around the cursor, a chat the files it names. Before, each went
		// through a blind tunnel.
		//
		// GitHub Copilot: hosts from GitHub's "Copilot allowlist reference"
		// (docs.github.com, copilot-allowlist-reference: *.githubcopilot.com
		// with its individual, business and enterprise subdomains,
		// copilot-proxy and origin-tracker.githubusercontent.com "API
		// service for Copilot suggestions", copilot-telemetry…/telemetry)
		// and v2fly's github-copilot list (copilot-telemetry-service…).
		// The chat is OpenAI's chat/completions at api.githubcopilot.com
		// (and api.individual…), the completions OpenAI's completions
		// (prompt, suffix) at /v1/engines/{engine}/completions (public
		// clients: Roo-Code's providers/copilot.ts, zweily/copilot-api,
		// copilot.vim-style clients posting to copilot-proxy): read by the
		// openai adapter (providers.DefaultRoutes); the chat on github.com
		// (the thread API, /github/chat/threads/{id}/messages, on
		// api.individual…) by github-copilot-chat, which reads an attached
		// file inline and counts an attached image by its address: the
		// image's upload goes to github.com and GitHub's shared upload
		// host (objects-origin.githubusercontent.com, also release assets
		// and runner updates), not catalogued; telemetry and anything else
		// by the fallback. Refused until the DPO registers it.
		{ID: "github-copilot", Name: "GitHub Copilot", Provider: "github", Hosts: []string{"*.githubcopilot.com", "copilot-proxy.githubusercontent.com",
			"origin-tracker.githubusercontent.com", "copilot-telemetry.githubusercontent.com", "copilot-telemetry-service.githubusercontent.com"}, Mode: ModeInspect},
		// Gemini Code Assist (and Gemini CLI signed in with a Google
		// account): Google's Code Assist API, POST /v1internal:
		// generateContent, :streamGenerateContent, :countTokens, the Gemini
		// request wrapped in {model, project, user_prompt_id, request}
		// (google-gemini/gemini-cli packages/core/src/code_assist/
		// converter.ts, server.ts); read by the gemini adapter. daily-…:
		// its daily channel (a 2026 AI host list, OverseasAI.list).
		{ID: "gemini-code-assist", Name: "Gemini Code Assist", Provider: "google", Hosts: []string{"cloudcode-pa.googleapis.com", "daily-cloudcode-pa.googleapis.com"}, Mode: ModeInspect},
		// JetBrains AI Assistant: api.jetbrains.ai (/user/v5/llm/chat/
		// stream/v8, JSON chat.messages of type user_message:
		// caidaoli/jetbrainsai2api internal/core/constants_jetbrains.go;
		// JetBrains Central CLI docs: /user/v5/llm/...); the suffixes of
		// v2fly's jetbrains-ai list (jetbrains.ai, grazie.ai,
		// grazie.aws.intellij.net, JetBrains' AI platform "Grazie"). No
		// adapter: read by the fallback (findings block).
		{ID: "jetbrains-ai", Name: "JetBrains AI Assistant", Provider: "jetbrains", Hosts: []string{"jetbrains.ai", "*.jetbrains.ai", "grazie.ai", "*.grazie.ai", "*.grazie.aws.intellij.net"}, Mode: ModeInspect},
		// Amazon Q Developer (formerly CodeWhisperer) in the IDE: AWS's
		// "Configuring a firewall, proxy server, or data perimeter for
		// Amazon Q Developer" (codewhisperer.us-east-1.amazonaws.com,
		// q.{profile-region}.amazonaws.com; profile regions us-east-1 and
		// eu-central-1). JSON (a completion's fileContext.leftFileContent
		// and rightFileContent: aws/language-servers' codewhisperer
		// service), read by the fallback (findings block).
		{ID: "amazon-q", Name: "Amazon Q Developer", Provider: "aws", Hosts: []string{"codewhisperer.us-east-1.amazonaws.com", "q.us-east-1.amazonaws.com", "q.eu-central-1.amazonaws.com"}, Mode: ModeInspect},
		// Cursor: its editor talks to *.cursor.sh (Cursor docs, "Network
		// configuration": allow *.cursor.sh) in Connect RPC with binary
		// protobuf messages (aiserver.v1.ChatService/
		// StreamUnifiedChatWithTools, application/connect+proto:
		// Distracted-E421/nixos-cursor tools/proxy-test/
		// SCHEMA_RECONSTRUCTION.md, kremovtort/yet-another-opencode-cursor-
		// auth docs/CURSOR_OPENAI_COMPAT.md), which schleuse cannot read.
		{ID: "cursor", Name: "Cursor (KI-Editor)", Provider: "cursor", Hosts: []string{"*.cursor.sh"}, Mode: ModeBlock,
			WhyDE: "Der Editor Cursor sendet über diesen Dienst Ihren Quelltext und Ihre Anfragen an KI-Modelle, in einem binären Format (Protobuf), das schleuse nicht lesen kann. Deshalb ist er gesperrt.",
			WhyEN: "The Cursor editor sends your source code and your requests to AI models through this service, in a binary format (protobuf) that schleuse cannot read. So it is blocked."},
		// Windsurf (formerly Codeium): the language server talks gRPC with
		// binary protobuf to server.codeium.com and inference.codeium.com,
		// registers at register.windsurf.com, the EU region at
		// eu.windsurf.com (essentinal/opencode-windsurf-auth
		// docs/WINDSURF_API_SPEC.md, 2026-02; exa.language_server_pb
		// GetCompletionsRequest in Codeium's public editor clients).
		{ID: "windsurf", Name: "Windsurf (Codeium)", Provider: "codeium", Hosts: []string{"server.codeium.com", "inference.codeium.com", "register.windsurf.com", "eu.windsurf.com"}, Mode: ModeBlock,
			WhyDE: "Windsurf (Codeium) sendet über diesen Dienst Ihren Quelltext und Ihre Anfragen an KI-Modelle, in einem binären Format (gRPC/Protobuf), das schleuse nicht lesen kann. Deshalb ist er gesperrt.",
			WhyEN: "Windsurf (Codeium) sends your source code and your requests to AI models through this service, in a binary format (gRPC/protobuf) that schleuse cannot read. So it is blocked."},
		// Tabnine: its chat posts MessagePack (application/x-msgpack) to
		// api.tabnine.com/chat/generate_chat_response (a Tabnine chat
		// client in the code index), its completions go through the local
		// TabNine binary to api.tabnine.com (a TabNine log in
		// zxqfl/tabnine-vscode's issues) in a format with no public
		// description: neither can be read.
		{ID: "tabnine", Name: "Tabnine", Provider: "tabnine", Hosts: []string{"api.tabnine.com"}, Mode: ModeBlock,
			WhyDE: "Tabnine sendet über diesen Dienst Ihren Quelltext und Ihre Anfragen an KI-Modelle, in binären Formaten (MessagePack, ein nicht beschriebenes Format), die schleuse nicht lesen kann. Deshalb ist er gesperrt.",
			WhyEN: "Tabnine sends your source code and your requests to AI models through this service, in binary formats (MessagePack, an undescribed format) that schleuse cannot read. So it is blocked."},

		// Writing assistants and browser sidebars that send what staff
		// write or read to an LLM. Before, each went through a blind tunnel.
		//
		// Grammarly (with its generative GrammarlyGO): the browser
		// extension and the apps send the text being written over a
		// WebSocket, wss://capi.grammarly.com/freews, as edit operations
		// ("submit_ot" deltas of inserts and deletes against the text the
		// service keeps: public Grammarly clients in the code index, e.g.
		// the unofficial VS Code extension's Grammarly.Action and Python,
		// Go and Emacs clients of freews). A message holds a piece of an
		// edit, not the text: a name typed over two edits is in neither,
		// so it cannot be read reliably.
		{ID: "grammarly", Name: "Grammarly", Provider: "grammarly", Hosts: []string{"capi.grammarly.com"}, Mode: ModeBlock,
			WhyDE: "Grammarly sendet alles, was Sie in Webseiten und Programmen schreiben, Stück für Stück als Änderungen an seinen Dienst, auch an seine KI. Aus diesen Stücken kann schleuse den Text nicht sicher lesen, deshalb ist der Dienst gesperrt.",
			WhyEN: "Grammarly sends everything you write in web pages and programs to its service, its AI included, piece by piece as edits. schleuse cannot reliably read the text from these pieces, so the service is blocked."},
		// Brave Leo, the Brave browser's sidebar (the page's text with the
		// question): ai-chat.bsg.brave.com and ai-chat-premium.bsg.brave.com,
		// OpenAI's chat/completions at /v1/chat/completions (a 2026 Leo
		// client's "endpoint https://ai-chat.bsg.brave.com/v1/chat/
		// completions", premium likewise; a TypeScript Leo client's test),
		// the older /v1/complete (a prompt string: public Leo clients) and
		// anything else read by the fallback. Refused until registered.
		{ID: "brave-leo", Name: "Brave Leo", Provider: "brave", Hosts: []string{"ai-chat.bsg.brave.com", "ai-chat-premium.bsg.brave.com"}, Mode: ModeInspect},
		// Services that staff need for more than AI, in the catalogue but
		// off (mode tunnel, as before): IT and the DPO turn one on with
		// {id: …, mode: inspect} (read by the fallback: findings block,
		// nothing replaced) or mode block.
		//
		// Microsoft Editor: the spelling and grammar check of Word, Outlook
		// and the Editor browser extension, with neural rewrite suggestions:
		// nleditor.osi.office.net (/NlEditor/Check/V1/, a form with Text
		// and LanguageId; /NLEditor/api/V1/BrowserExtension: test clients
		// and a recorded browser session in the code index). The spell
		// check and the AI suggestions share host and request: one cannot
		// be told apart from the other.
		{ID: "microsoft-editor", Name: "Microsoft Editor", Provider: "microsoft", Hosts: []string{"nleditor.osi.office.net"}, Mode: ModeTunnel},
		// LanguageTool: /v2/check (a form with text and language) at
		// api.languagetool.org and api.languagetoolplus.com (public
		// clients in the code index); the grammar check and its AI rewrite
		// cannot be told apart (no public source names the rewrite's
		// request).
		{ID: "languagetool", Name: "LanguageTool", Provider: "languagetool", Hosts: []string{"api.languagetool.org", "api.languagetoolplus.com"}, Mode: ModeTunnel},

		// Translators built into the browsers, used daily in offices: a page
		// translation sends every text of the page (a Fachverfahren's page
		// with citizens' data), a selection its text, to services that run
		// neural models. Before, a blind tunnel. Inspected as DeepL is, by
		// adapters that rewrite each text in place. The default register
		// lists the browsers' translators and translate.google.com as it
		// lists deepl-web (approved, no AVV): a page without personal data
		// is translated, one with it refused (KI-RL-3.4); with an AVV
		// (avv: true) a name is replaced by a placeholder, translated and
		// restored in the answer, and the page is still translated.
		//
		// Microsoft Edge: the page translation posts the Translator API v3's
		// JSON ([{"Text": …}], textType=html) to
		// api-edge.cognitive.microsofttranslator.com with a token from
		// edge.microsoft.com/translate/auth, the selection translation
		// ["…"] to edge.microsoft.com/translate/translatetext (a recorded
		// Edge 131 request in WinUI-Dev/TranslateUI HOWITWORKS.md; public
		// Edge translator clients, plainheart/bing-translate-api's Edge
		// method and its ports, in the code index). edge.microsoft.com
		// serves Edge's other services: only the Translator's paths are
		// read, the rest is forwarded unread.
		{ID: "edge-translator", Name: "Übersetzer in Microsoft Edge", Provider: "microsoft", Hosts: []string{"api-edge.cognitive.microsofttranslator.com", "edge.microsoft.com"},
			Paths: []string{"/translate/", "/detect/", "/breaksentence/", "/transliterate/", "/dictionary/"}, Mode: ModeInspect},
		// Chrome: the page translation loads Google's translate element
		// from translate.googleapis.com and posts the page's HTML pieces to
		// translate-pa.googleapis.com/v1/translateHtml as
		// application/json+protobuf [[[texts…], "auto", "de"], "te_lib"]
		// (Chromium's translate_script.cc, as a public page-translation
		// client in the code index reads it; clients sending the same body).
		{ID: "chrome-translate", Name: "Übersetzer in Google Chrome", Provider: "google", Hosts: []string{"translate-pa.googleapis.com", "translate.googleapis.com"}, Mode: ModeInspect},
		// translate.google.com: the page's own RPC, POST
		// /_/TranslateWebserverUi/data/batchexecute with f.req (rpc MkEWBc:
		// [[text, source, target, true], [null]]; public Google Translate
		// clients in the code index): no adapter, read by the fallback
		// (its own route: a finding blocks the translation).
		{ID: "google-translate-web", Name: "Google Übersetzer (Web)", Provider: "google", Hosts: []string{"translate.google.com"}, Mode: ModeInspect},
		// The translation APIs behind them, for programs: Microsoft's
		// Translator v3 (api.cognitive.microsofttranslator.com and its
		// regions api-eur, api-nam, api-apc: learn.microsoft.com,
		// "Translator v3.0 reference") and Google's Cloud Translation
		// (translation.googleapis.com, v2 q and v3 contents:
		// cloud.google.com/translate/docs/reference/rest). Read by the
		// same adapters; refused until the DPO registers them, as the
		// other APIs.
		{ID: "microsoft-translator-api", Name: "Microsoft Translator API", Provider: "microsoft", Hosts: []string{"*.cognitive.microsofttranslator.com"}, Mode: ModeInspect},
		{ID: "google-cloud-translation", Name: "Google Cloud Translation API", Provider: "google", Hosts: []string{"translation.googleapis.com"}, Mode: ModeInspect},

		// Further APIs, OpenAI-compatible (the openai adapter reads their
		// /v1/chat/completions, providers.DefaultRoutes): inspected, and
		// blocked by the default policy as long as they are not in its
		// register (KI-RL-2.1), in the error form their clients show.
		{ID: "deepseek-api", Name: "DeepSeek API", Provider: "openai-compatible", Hosts: []string{"api.deepseek.com"}, Mode: ModeInspect},
		{ID: "xai-api", Name: "xAI API (Grok)", Provider: "openai-compatible", Hosts: []string{"api.x.ai"}, Mode: ModeInspect},
		{ID: "groq-api", Name: "Groq API", Provider: "openai-compatible", Hosts: []string{"api.groq.com"}, Mode: ModeInspect},
		{ID: "together-api", Name: "Together AI API", Provider: "openai-compatible", Hosts: []string{"api.together.xyz"}, Mode: ModeInspect},
		{ID: "openrouter", Name: "OpenRouter", Provider: "openai-compatible", Hosts: []string{"openrouter.ai"}, Mode: ModeInspect},
		{ID: "fireworks-api", Name: "Fireworks AI API", Provider: "openai-compatible", Hosts: []string{"api.fireworks.ai"}, Mode: ModeInspect},
		{ID: "moonshot-api", Name: "Moonshot API (Kimi)", Provider: "openai-compatible", Hosts: []string{"api.moonshot.ai", "api.moonshot.cn"}, Mode: ModeInspect},
		{ID: "cohere-api", Name: "Cohere API", Provider: "openai-compatible", Hosts: []string{"api.cohere.com", "api.cohere.ai"}, Mode: ModeInspect},
		// Hugging Face's inference APIs (its Inference Providers' OpenAI-
		// compatible router, the serverless API, dedicated endpoints), not
		// the model hub huggingface.co: before, a blind tunnel.
		{ID: "huggingface-api", Name: "Hugging Face Inference API", Provider: "openai-compatible", Hosts: []string{"router.huggingface.co", "api-inference.huggingface.co", "*.endpoints.huggingface.cloud"}, Mode: ModeInspect},

		// AI services inside hosts that serve much else: a search engine,
		// a social network, a model hub, Microsoft 365. Only their paths
		// are the service, and the hosts are decrypted for them only when
		// IT enables an entry ({id: duck-ai-duckduckgo, mode: block}):
		// off, as before, the hosts go through a blind tunnel, and staff's
		// searches, posts and mail are not decrypted for a chat they may
		// never use.
		{ID: "duck-ai-duckduckgo", Name: "Duck.ai", Provider: "duckduckgo", Hosts: []string{"duckduckgo.com"}, Paths: []string{"/duckchat/"}, Mode: ModeTunnel},
		{ID: "grok-x", Name: "Grok (in X)", Provider: "xai", Hosts: []string{"x.com", "twitter.com", "api.x.com"}, Paths: []string{"/i/grok/", "/i/api/2/grok/", "/2/grok/"}, Mode: ModeTunnel},
		{ID: "huggingchat", Name: "HuggingChat", Provider: "huggingface", Hosts: []string{"huggingface.co"}, Paths: []string{"/chat/"}, Mode: ModeTunnel},
		// Notion AI inside Notion, a workspace of staff's pages: POST
		// www.notion.so/api/v3/getCompletion (JSON context with the page's
		// text and the prompt, answered as NDJSON: vaayne/NotionAI-Plus
		// notionai/notionai.py and other public Notion AI clients). Its chat,
		// "Ask AI" and the agent since 2025: POST /api/v3/
		// runInferenceTranscript, a JSON transcript of records (config,
		// context, the person's {"type":"user","value":[["…"]]}, attached
		// files by name, earlier answers) answered as an NDJSON patch
		// stream, on app.notion.com, the web app's and the desktop app's
		// host in 2026, and on www.notion.so (two HAR analyses of 2026 in
		// the code index: a Notion desktop capture of 2026-06-17, 1 098
		// entries, and a web capture of 624 requests that lists every
		// AI-named route; notion2api clients posting to both hosts). The
		// other AI-named routes carry no prompt (getAvailableModels,
		// getAIUsageEligibility…, markInferenceTranscriptSeen).
		{ID: "notion-ai", Name: "Notion AI", Provider: "notion", Hosts: []string{"www.notion.so", "app.notion.com"},
			Paths: []string{"/api/v3/getcompletion/", "/api/v3/runinferencetranscript/"}, Mode: ModeTunnel},
		// Sourcegraph Cody on sourcegraph.com (an instance of a company's
		// own is its own host): /.api/completions/stream and /code (JSON
		// messages of speaker and text), /.api/llm/chat/completions
		// (OpenAI-compatible): sourcegraph/cody's completions client,
		// public Cody API clients. The host is a code search, no mail or
		// posts of staff's: the entry is on, and only its paths are read.
		// /.api/cody/context takes the chat's question for the context
		// search (Sourcegraph's Cody API; public Cody API clients post
		// {query, repos}), before the question goes to the model.
		{ID: "sourcegraph-cody", Name: "Sourcegraph Cody", Provider: "sourcegraph", Hosts: []string{"sourcegraph.com"}, Paths: []string{"/.api/completions/", "/.api/llm/", "/.api/cody/"}, Mode: ModeInspect},
		{ID: "m365-copilot", Name: "Microsoft 365 Copilot Chat", Provider: "microsoft", Hosts: []string{"substrate.office.com", "substrate.svc.cloud.microsoft", "m365.cloud.microsoft"}, Paths: []string{"/m365copilot/", "/chat/"}, Mode: ModeTunnel},
	}
}

// Catalogue maps host names to services. It is immutable after construction
// and safe for concurrent use.
type Catalogue struct {
	services []Service
	exact    map[string]*Service
	suffix   []suffixEntry // "*.openai.azure.com" → ".openai.azure.com", longest first
	// middle: "bedrock-runtime.*.amazonaws.com" → "bedrock-runtime." and
	// ".amazonaws.com" (middleWildcard)
	middle []suffixEntry
}

type suffixEntry struct {
	prefix string // middle entries only
	suffix string
	svc    *Service
}

// NewCatalogue builds the catalogue from the built-in entries and the config's.
// An entry with a built-in id replaces that entry; what it leaves empty
// (hosts, paths, name, provider) it keeps from the built-in one, so that
// {id: duck-ai-duckduckgo, mode: block} only changes the mode.
func NewCatalogue(extra []config.Service) (*Catalogue, error) {
	list := builtinServices()
	for _, e := range extra {
		s := Service{ID: e.ID, Name: e.Name, Provider: e.Provider, Hosts: e.Hosts, Paths: e.Paths, Mode: Mode(e.Mode)}
		i := slices.IndexFunc(list, func(b Service) bool { return b.ID == s.ID })
		if i >= 0 {
			b := list[i]
			if len(s.Hosts) == 0 {
				s.Hosts = b.Hosts
			}
			if len(s.Paths) == 0 {
				s.Paths = b.Paths
			}
			s.Name, s.Provider = cmp.Or(s.Name, b.Name), cmp.Or(s.Provider, b.Provider)
			s.WhyDE, s.WhyEN = b.WhyDE, b.WhyEN
		}
		if len(s.Hosts) == 0 {
			return nil, &HostsMissingError{ID: s.ID}
		}
		s.Provider = cmp.Or(s.Provider, "openai-compatible")
		paths, err := cleanPaths(s.Paths)
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", s.ID, err)
		}
		s.Paths = paths
		if i >= 0 {
			list[i] = s
		} else {
			list = append(list, s)
		}
	}
	yieldHosts(list, extra)
	c := &Catalogue{services: list, exact: make(map[string]*Service)}
	for i := range c.services {
		s := &c.services[i]
		for _, h := range s.Hosts {
			h = strings.ToLower(strings.TrimSuffix(h, "."))
			if wildcardHost(h) {
				c.suffix = append(c.suffix, suffixEntry{suffix: h[1:], svc: s})
				continue
			}
			if prefix, suffix, ok := middleWildcard(h); ok {
				c.middle = append(c.middle, suffixEntry{prefix: prefix, suffix: suffix, svc: s})
				continue
			}
			if strings.ContainsAny(h, "*:/ ") {
				return nil, fmt.Errorf("service %s: Host %q muss ein Name sein, *.Suffix, *-Suffix oder Name.*.Suffix / service %s: host %q must be a name, *.suffix, *-suffix or name.*.suffix", s.ID, h, s.ID, h)
			}
			if prev, ok := c.exact[h]; ok && prev.ID != s.ID {
				return nil, hostConflict(h, prev, s, extra)
			}
			c.exact[h] = s
		}
	}
	sort.SliceStable(c.suffix, func(i, j int) bool { return len(c.suffix[i].suffix) > len(c.suffix[j].suffix) })
	return c, nil
}

// yieldHosts takes from the built-in entries that are off (mode tunnel, as
// the shared hosts' are until IT turns one on) the hosts that a config
// entry of another id names: a configuration that had its own entry for
// x.com or huggingface.co before those were catalogued keeps working as it
// did, instead of failing with "host … is in both". A built-in entry that
// inspects or blocks keeps its hosts (the conflict stays an error).
func yieldHosts(list []Service, extra []config.Service) {
	taken := map[string]bool{}
	for _, e := range extra {
		for _, h := range e.Hosts {
			taken[hostOnly(h)] = true
		}
	}
	builtin := builtinServices()
	for i := range list {
		s := &list[i]
		if s.Mode != ModeTunnel || !slices.ContainsFunc(builtin, func(b Service) bool { return b.ID == s.ID }) ||
			slices.ContainsFunc(extra, func(e config.Service) bool { return e.ID == s.ID }) {
			continue
		}
		s.Hosts = slices.DeleteFunc(slices.Clone(s.Hosts), func(h string) bool { return taken[hostOnly(h)] })
	}
}

// DroppedHosts lists, for each built-in service that a config entry with
// its id replaced, the built-in hosts the entry left out: those go through
// a blind tunnel now ({id: chatgpt-web, hosts: [chatgpt.com]} drops
// chat.openai.com and *.oaiusercontent.com, ChatGPT's upload host). The
// entry may mean it; run logs a warning for each.
func DroppedHosts(extra []config.Service) map[string][]string {
	var out map[string][]string
	for _, b := range builtinServices() {
		for _, e := range extra {
			if e.ID != b.ID || e.Mode == string(ModeTunnel) || len(e.Hosts) == 0 {
				continue
			}
			for _, h := range b.Hosts {
				if !slices.ContainsFunc(e.Hosts, func(x string) bool { return hostOnly(x) == h }) {
					if out == nil {
						out = map[string][]string{}
					}
					out[b.ID] = append(out[b.ID], h)
				}
			}
		}
	}
	return out
}

// Lookup finds the service for a host, with or without a port (requests
// inside the interception carry none). nil when the host is not an LLM service.
func (c *Catalogue) Lookup(hostport string) *Service {
	h := hostOnly(hostport)
	if s, ok := c.exact[h]; ok {
		return s
	}
	for _, e := range c.suffix {
		if strings.HasSuffix(h, e.suffix) {
			return e.svc
		}
	}
	for _, e := range c.middle {
		if len(h) > len(e.prefix)+len(e.suffix) && strings.HasPrefix(h, e.prefix) && strings.HasSuffix(h, e.suffix) {
			return e.svc
		}
	}
	return nil
}

// covers reports whether a request's path belongs to the service: always
// for a service without Paths; on a shared host, when the path, read as
// the host might read it, lies under one of them, or when it cannot be
// read (fail closed: handled as the service's). "As the host might read
// it": percent-encoding undone up to three times, dot segments resolved,
// backslashes and ";" taken as "/", any case, and a path anywhere in it (a
// router that strips a prefix or a locale must not make it look foreign).
// schleuse's own addresses (/.schleuse/) are covered: never passed through unread.
func (s *Service) covers(u *url.URL) bool {
	if len(s.Paths) == 0 {
		return true
	}
	p := u.EscapedPath()
	if u.Opaque != "" {
		p = u.Opaque
	}
	for range 4 {
		n := strings.NewReplacer("\\", "/", ";", "/").Replace(strings.ToLower(p))
		n = path.Clean("/"+n) + "/"
		if strings.HasPrefix(n, reservedPrefix) {
			return true
		}
		for _, prefix := range s.Paths {
			if strings.Contains(n, prefix) {
				return true
			}
		}
		if !strings.Contains(p, "%") {
			return false
		}
		d, err := url.PathUnescape(p)
		if err != nil {
			return true
		}
		p = d
	}
	return true // still encoded after three rounds: unreadable
}

// HostsMissingError is an entry of services: without hosts that changes no
// built-in service (a new one, or a typo of a built-in id).
type HostsMissingError struct{ ID string }

func (e *HostsMissingError) Error() string {
	return fmt.Sprintf("service %s: hosts fehlen (nur ein Eintrag, der einen eingebauten Dienst ändert, darf sie weglassen) / service %s: hosts missing (only an entry that changes a built-in service may leave them out)", e.ID, e.ID)
}

// cleanPaths checks a service's paths and brings them to the form covers
// compares: lower case, starting and ending with "/".
func cleanPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if !strings.HasPrefix(p, "/") || p == "/" || strings.ContainsAny(p, "?#*%;\\ ") || path.Clean(p) != strings.TrimSuffix(p, "/") {
			return nil, fmt.Errorf("Pfad %q muss ein einfacher Pfad wie /duckchat/ sein (nicht /, ohne Query, Platzhalter, Prozentkodierung oder Punkt-Abschnitte) / path %q must be a plain path such as /duckchat/ (no /, query, wildcard, encoding or dot segments)", p, p)
		}
		out = append(out, strings.ToLower(strings.TrimSuffix(p, "/"))+"/")
	}
	return out, nil
}

// Services lists the catalogue in order.
func (c *Catalogue) Services() []Service { return c.services }

// hostOnly lower-cases a host and strips the port and a trailing dot.
func hostOnly(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}
