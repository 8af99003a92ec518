package providers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Request is the plain-data view of an HTTP request that adapters work on.
// It carries no body and no net/http machinery; Header is read-only.
type Request struct {
	ServiceID string // service catalogue id, e.g. "chatgpt-web"
	Provider  string // provider name, e.g. "openai"
	Host      string // host without port
	Method    string
	Path      string
	Query     url.Values
	Header    http.Header // read-only
	// MaxDecoded caps what a reader decodes inside the body (a gRPC
	// message's compression; inspect.max_decoded_bytes, as for the
	// Content-Encoding); 0: DefaultMaxBody.
	MaxDecoded int64
}

// Kind says who authored the text of a Field.
type Kind int

const (
	// UserText is text the person typed or pasted in this request.
	UserText Kind = iota
	// SystemText is an operator or system prompt.
	SystemText
	// History is an earlier turn of the conversation resent by the client.
	History
	// File is an uploaded or inlined file; Field.Text holds the raw bytes.
	File
	// ToolOutput is the output of a tool or function call.
	ToolOutput
	// Schema is the developer's definition of tools and structured output
	// (function names and descriptions, JSON schemas with their titles and
	// enum values): mostly categories of data ("Pflegegrad 3" as an
	// option), but an agent can write a person's data into it too; the
	// policy tells it apart by the field kind "schema".
	Schema
)

var kindNames = [...]string{"user", "system", "history", "file", "tool", "schema"}

// String returns a short lower-case name for logs ("user", "system", …).
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Field is one piece of text found in a request.
type Field struct {
	Kind Kind
	// Text is the decoded text; for File the raw file bytes.
	Text string
	// Name is the file name for File, else the location as a JSON-path-like
	// string ("messages[3].content"). A location holds no values and may be
	// logged; a file name may hold personal data ("Bescheid_Anna_Schmidt.pdf"):
	// the pipeline scans it with the file's text and never logs it.
	Name string
	// ContentType is the declared media type of a File ("" otherwise).
	ContentType string

	loc    location // where Text lives in the body; nil = cannot be rewritten
	unread bool     // reported by unread: a field the adapter does not know
	addr   bool     // the whole text is an address (http://, https://; walkStrings)
	// decoded: the percent-encoded text of the field before it, decoded
	// (percentField); it goes with that field, as a file in it does
	decoded bool
	// escaped: where Text holds what "\u" or "%" escapes stood for, as
	// pairs of offsets (escapeField, percentField); empty for any other
	// field
	escaped []int
	// history: a file decoded from a History field (base64, a data URL)
	history bool
	// own: a file of a field or part whose kind is not History (a
	// tool's result), which the marking of the earlier turn it stands
	// in leaves (decodedFrom)
	own bool
	// turn: a History field the person wrote in an earlier turn (a user
	// message before the last answer; collector.userTurn)
	turn bool
}

// FromHistory reports a file of an earlier turn: decoded from a History
// field (base64, a data URL) or attached to that turn's message (an
// OpenAI file part, a Claude document, a Gemini inlineData).
// inspect.scan_history: false leaves it unread, as it leaves the turn's
// text; a block notice names it as the earlier message's.
func (f *Field) FromHistory() bool { return f.history }

// UserTurn reports a History field that the person wrote in an earlier
// turn (a user message before the last answer, resent by the client), not
// the model's answer, a tool call or a reasoning summary: the pipeline
// joins consecutive ones as it joins the user messages of this request, so
// that a value split across two earlier messages is read whole.
func (f *Field) UserTurn() bool { return f.turn }

// Redactable reports whether Apply can rewrite this field in place.
func (f *Field) Redactable() bool { return f.loc != nil }

// Address reports a field whose whole text is an http(s) address without
// white space, found among the strings an adapter does not read (a tool's
// result, an unknown field). Such a text is a URL: the pipeline keeps only
// the findings that stand alone between its separators, as it reads the
// request's own URL, so that its random ids and signatures do not block.
func (f *Field) Address() bool { return f.addr }

// Envelope is what an adapter extracted from one request body.
type Envelope struct {
	Fields         []Field
	ConversationID string // service conversation id when the format carries one
	// Stateless: the request carries the whole conversation and the
	// service keeps none of it for later requests (a chat completions,
	// Messages or generateContent call without a stored conversation), so
	// its answer can rightly name only the placeholders this request sent.
	// false when unknown.
	Stateless bool
	Model     string
	Stream    bool // the client asked for a streamed answer
	// Kind is the request kind for the policy: chat | completion | embedding |
	// image | audio | translate | upload | autocomplete | other.
	Kind string
	// Uninspected names, once per item, what the request carries that
	// schleuse cannot read (Uninspected* kinds): a file or an image the
	// service fetches by address, an image, audio or video inline. The
	// policy decides on them (input.uninspected); nothing of them is read.
	Uninspected []string

	fixup func(body []byte, orig *Envelope) ([]byte, error) // adapter fix-up after splicing
	meta  map[string]string                                 // adapter data for Block and fix-ups (never logged)
	// inflated counts the bytes unpacked from compressed payloads
	// inside the body (inflate), against maxInflated.
	inflated int64
}

// Request kinds reported in Envelope.Kind.
const (
	KindChat         = "chat"
	KindCompletion   = "completion"
	KindEmbedding    = "embedding"
	KindImage        = "image"
	KindAudio        = "audio"
	KindTranslate    = "translate"
	KindUpload       = "upload"
	KindAutocomplete = "autocomplete"
	KindOther        = "other"
)

// Edit replaces Fields[Field].Text[Start:End] with Replacement. Offsets are
// byte offsets into the decoded text and must lie on UTF-8 rune boundaries.
type Edit struct {
	Field       int
	Start, End  int
	Replacement string
}

// Answer is a complete synthetic response sent to the client instead of
// forwarding the request.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Notice is what the client is told when a request is blocked or warned.
type Notice struct {
	Action string // block | warn | error (the service could not be reached)
	Text   string // German (+English) message, already rendered; finding types, never values
	Code   string // machine code, e.g. "schleuse_blocked", "schleuse_warn"
	// Status is the answer's status for Action "error" (502, 504): an
	// adapter whose notice is an error answer takes it, and the error
	// type its body names follows it; 0 for a block or a warning (the
	// adapter's own, 400 for the APIs).
	Status int
}

// Adapter understands the request format of one service.
//
// Implementations are safe for concurrent use.
type Adapter interface {
	// Name is the adapter name used in routes.
	Name() string
	// Extract finds the text fields of body. An error means the body cannot
	// be parsed; the caller must block (fail closed).
	Extract(req *Request, body []byte) (*Envelope, error)
	// Apply splices the edits, re-encoded, into the original body and
	// returns the new body. Bytes outside the edited strings are kept as
	// they were (key order, whitespace). env must come from Extract of the
	// same body. With no edits the body is returned unchanged.
	Apply(req *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error)
	// Block renders the native answer the client shows for n.
	Block(req *Request, env *Envelope, n Notice) Answer
}

// ResponseLearner is implemented by adapters that learn from responses,
// e.g. pre-signed upload URLs handed out by the service.
type ResponseLearner interface {
	LearnResponse(req *Request, status int, header http.Header, body []byte)
}

// WebSocketInspector is implemented by adapters of services that send
// prompts over a WebSocket. msg is one complete (defragmented) text message.
type WebSocketInspector interface {
	// WSFrame extracts the fields of one message. It returns (nil, nil) for
	// messages that carry no user text (pings, acks, server frames).
	WSFrame(req *Request, clientToServer bool, msg []byte) (*Envelope, error)
	// WSApply rewrites a client message like Adapter.Apply.
	WSApply(req *Request, msg []byte, env *Envelope, edits []Edit) ([]byte, error)
	// WSBlock returns the messages to send to the client instead of
	// forwarding the blocked one (the blocked message is dropped).
	WSBlock(req *Request, env *Envelope, n Notice) [][]byte
}

// MediaStreamer is implemented by WebSocket adapters whose clients stream
// a medium schleuse cannot read in many small messages (OpenAI Realtime's
// input_audio_buffer.append: 20–100 ms of the microphone each). The
// connection asks the policy about the first piece only; once that was
// refused, it drops the further pieces and the messages that refer to
// them unread, unaudited and without a notice (proxy.wsConn), so that a
// person speaking gets one notice, the audit log one record, and the
// message budget is left to what is typed.
type MediaStreamer interface {
	// WSMedia reports what a client message is in such a stream; env is
	// what WSFrame read of msg (nil: a message without text).
	WSMedia(msg []byte, env *Envelope) MediaRole
}

// MediaRole is a client message's part in a streamed medium (MediaStreamer).
type MediaRole uint8

const (
	// MediaNone: no part of it (text, settings, a ping).
	MediaNone MediaRole = iota
	// MediaChunk: a piece of the medium and nothing else, no text.
	MediaChunk
	// MediaFollow: a message that only refers to the pieces sent before
	// (Realtime's input_audio_buffer.commit and .clear); once they were
	// refused it means nothing, or an error at the service (a commit of
	// an empty buffer).
	MediaFollow
	// MediaAnswer: a request for the service's answer without input of
	// its own (Realtime's response.create without response.input or
	// .instructions). When the last input before it was refused pieces,
	// it would only have the service answer to nothing; it is dropped
	// then, and goes on otherwise.
	MediaAnswer
)

// ResponseFormat tells the pseudonym restorer how an answer is encoded.
type ResponseFormat struct {
	// Kind is "sse", "json", "ndjson", "lines" (Le Chat "0:" lines),
	// "framed" (Gemini web length-prefixed frames), "ws" or "text".
	Kind string
	// Cumulative is true when each streamed event repeats the whole text so
	// far instead of carrying only the new part.
	Cumulative bool
	// Delta names a JSON path (keys joined by ".") whose string in each
	// event is a piece of the answer, for a format the restorer does not
	// know (Duck.ai's "message", Grok's "result.response.token"); "" for
	// none.
	Delta string
	// DeltaBy names a JSON path whose value in the same event tells which
	// text a Delta piece goes on, where one key carries the reasoning and
	// the answer (HuggingChat's "type", Grok's isThinking); "" for none.
	DeltaBy string
	// Fixed: the answer is of Kind whatever its Content-Type says
	// (HuggingChat's NDJSON, sent as text/event-stream).
	Fixed bool
	// Text names the answer's text, the string that a person reads in
	// the chat window and that the note on replaced values
	// (notice.redacted) goes before: a JSON path as Delta ("#" for any
	// array index) or the key of a delta stream the restorer knows
	// ("delta.text", ChatGPT's "patch:/message/content/parts/0", Le
	// Chat's "lines:0"), several separated by ","; "path=value" is the
	// stream at path whose DeltaBy value is value; "path?key=value" the
	// string at path only where the object holding it has the member key
	// with the string value (Copilot's "text" beside "event":
	// "appendText"); "a>b" the string at path b of the JSON inside the
	// string at path a (gemini.google.com's frames). Never the reasoning
	// or thinking text or a tool call's arguments; "" for none (no
	// note).
	Text string
	// App: the answer is shown to a person in a chat web app, not read
	// by a program; notice.redacted "web" puts its note in only these.
	App bool
}

// StreamFormat is implemented by adapters that know their answer format.
type StreamFormat interface {
	ResponseFormat(req *Request, env *Envelope) ResponseFormat
}

var (
	// ErrTooLarge means a body, after decoding, exceeds the size cap.
	ErrTooLarge = errors.New("providers: body too large to inspect")
	// ErrDecodedTooLarge means what a reader decodes inside the body (a
	// compressed gRPC message) exceeds Request.MaxDecoded. It wraps
	// ErrTooLarge.
	ErrDecodedTooLarge = fmt.Errorf("%w: decoded inside the body", ErrTooLarge)
	// ErrUnknownEncoding means a Content-Encoding cannot be decoded.
	ErrUnknownEncoding = errors.New("providers: unknown content encoding")
	// ErrCannotRedact means the adapter can inspect but not rewrite the body.
	ErrCannotRedact = errors.New("providers: request cannot be redacted")
	// ErrBadEdit means an edit is out of range, overlaps another or splits a rune.
	ErrBadEdit = errors.New("providers: invalid edit")
	// ErrMalformed means the body does not have the expected format.
	ErrMalformed = errors.New("providers: malformed body")
	// ErrAmbiguous means the body can be read in more than one way, so that
	// the service may read other text than schleuse: a JSON object names a
	// member twice, or in two spellings that the service takes as one
	// (case, or "_" for proto3 JSON). Errors wrapping it wrap ErrMalformed
	// too.
	ErrAmbiguous = errors.New("providers: ambiguous body")
	// ErrOutsideParts means a multipart body holds more than white space
	// before its first boundary (the preamble) or after its closing one
	// (the epilogue), which a multipart reader skips and another reader
	// may take for parts or text. Errors wrapping it wrap ErrAmbiguous and
	// ErrMalformed too.
	ErrOutsideParts = errors.New("providers: text outside the multipart parts")
)
