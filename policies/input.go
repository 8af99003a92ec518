package policies

import (
	"math"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Input is what the policy sees as `input` (DESIGN.md, "Policy input"). It never holds raw finding
// values or prompt text: only types, counts, scores and coarse topics.
type Input struct {
	Service       Service          `json:"service"`
	Request       Request          `json:"request"`
	User          User             `json:"user"`
	Findings      []FindingSummary `json:"findings"`
	Counts        map[string]int   `json:"counts"`
	Topics        []string         `json:"topics"`
	Justification string           `json:"justification"`
	Time          string           `json:"time"` // RFC 3339
	// Uninspected names, sorted and once each, what the request carries that schleuse cannot
	// read and the service gets as it is (UninspectedKinds): "file_url" (a document the service
	// fetches by address), "file_upload" (a file whose bytes go to a store schleuse does not inspect),
	// "image_url" (an image by address), "image", "audio", "video" (inside the request or uploaded),
	// "webrtc" (a call whose audio and events go by WebRTC from the browser to the service, past
	// schleuse: OpenAI Realtime's /v1/realtime/calls). Empty for a request whose every part was read.
	Uninspected []string `json:"uninspected"`
}

// UninspectedKinds are the names Input.Uninspected uses, sorted.
var UninspectedKinds = []string{"audio", "file_upload", "file_url", "image", "image_url", "video", "webrtc"}

// Service names the LLM service of the request; ID is the key into the policy's register.
type Service struct {
	ID       string `json:"id"`
	Name     string `json:"name"` // the catalogue's name for staff ("DeepSeek API"); the ID when it has none
	Provider string `json:"provider"`
	Host     string `json:"host"`
}

// Request describes the inspected HTTP request (Kind: chat, completion, upload, …).
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Bytes  int    `json:"bytes"`
}

// User is the (possibly pseudonymised) user and the groups the policy may have rules for.
type User struct {
	ID            string   `json:"id"`
	Groups        []string `json:"groups"`
	Authenticated bool     `json:"authenticated"`
}

// FindingSummary is one finding type with how often it occurred and its highest score (0..1).
// Fields names the kinds of request text it was found in, sorted: "user" (what the user typed
// or sent, metadata), "system" (system and developer prompts), "history" (earlier turns),
// "tool" (a tool's output), "file" (an uploaded file), "schema" (the calling program's tool and
// structured-output definitions), "url" (the request's path and query) and "header" (a request
// header). A policy can so treat a type that occurs only in schema text (an option list naming
// "Pflegegrad 3") apart from the same type in a prompt; Count and MaxScore are over all fields.
type FindingSummary struct {
	Type     string   `json:"type"`
	Count    int      `json:"count"`
	MaxScore float64  `json:"max_score"`
	Fields   []string `json:"fields"`
}

// FieldKinds are the names FindingSummary.Fields uses, sorted.
var FieldKinds = []string{"file", "header", "history", "schema", "system", "tool", "url", "user"}

// Pre-built key terms; terms are immutable during evaluation, so sharing them is safe.
var (
	kService       = ast.StringTerm("service")
	kRequest       = ast.StringTerm("request")
	kUser          = ast.StringTerm("user")
	kFindings      = ast.StringTerm("findings")
	kCounts        = ast.StringTerm("counts")
	kTopics        = ast.StringTerm("topics")
	kJustification = ast.StringTerm("justification")
	kTime          = ast.StringTerm("time")
	kUninspected   = ast.StringTerm("uninspected")
	kID            = ast.StringTerm("id")
	kName          = ast.StringTerm("name")
	kProvider      = ast.StringTerm("provider")
	kHost          = ast.StringTerm("host")
	kMethod        = ast.StringTerm("method")
	kPath          = ast.StringTerm("path")
	kKind          = ast.StringTerm("kind")
	kBytes         = ast.StringTerm("bytes")
	kGroups        = ast.StringTerm("groups")
	kAuthenticated = ast.StringTerm("authenticated")
	kType          = ast.StringTerm("type")
	kCount         = ast.StringTerm("count")
	kMaxScore      = ast.StringTerm("max_score")
	kFields        = ast.StringTerm("fields")
)

// termCache holds string and score terms of fields that come from small sets (finding types,
// service ids, groups, topics, scores), so that converting an input allocates fewer terms. Terms
// are not modified during evaluation, so sharing them between evaluations is safe. The cache
// stops growing at termCacheMax entries; it is safe for concurrent use.
type termCache struct {
	m    sync.Map // string, float64 or findingKey -> *ast.Term
	n    sync.Mutex
	size int
}

const termCacheMax = 4096

var terms termCache

func (c *termCache) str(s string) *ast.Term {
	if t, ok := c.m.Load(s); ok {
		return t.(*ast.Term)
	}
	return c.store(s, ast.StringTerm(s))
}

// findingKey is a FindingSummary as a comparable key: its fields joined by NUL, which no
// field kind holds. One kind (the common case) is the kind itself, without a copy.
type findingKey struct {
	typ    string
	count  int
	score  float64
	fields string
}

// finding is the object term of one finding summary; findings repeat across requests (a type, a
// small count, a score from a few detector levels, one or two field kinds), so their terms are
// shared like strings.
func (c *termCache) finding(f FindingSummary) *ast.Term {
	k := findingKey{typ: f.Type, count: f.Count, score: f.MaxScore}
	switch len(f.Fields) {
	case 0:
	case 1:
		k.fields = f.Fields[0]
	default:
		k.fields = strings.Join(f.Fields, "\x00")
	}
	if t, ok := c.m.Load(k); ok {
		return t.(*ast.Term)
	}
	t := ast.ObjectTerm(
		ast.Item(kType, c.str(f.Type)),
		ast.Item(kCount, ast.InternedTerm(f.Count)),
		ast.Item(kMaxScore, c.score(f.MaxScore)),
		ast.Item(kFields, stringsTerm(f.Fields)),
	)
	if math.IsNaN(f.MaxScore) { // NaN never equals itself: as a key it would only fill the cache
		return t
	}
	return c.store(k, t)
}

func (c *termCache) score(f float64) *ast.Term {
	switch {
	case math.IsNaN(f) || f >= 1:
		return ast.InternedTerm(1)
	case f <= 0:
		return ast.InternedTerm(0)
	}
	if t, ok := c.m.Load(f); ok {
		return t.(*ast.Term)
	}
	return c.store(f, ast.FloatNumberTerm(f))
}

func (c *termCache) store(k any, t *ast.Term) *ast.Term {
	c.n.Lock()
	defer c.n.Unlock()
	if c.size < termCacheMax {
		if _, loaded := c.m.LoadOrStore(k, t); !loaded {
			c.size++
		}
	}
	return t
}

// value converts the whole input to an ast.Value.
func (in *Input) value() ast.Value { return in.valueOf(fAll) }

// valueOf converts the fields f of the input to an ast.Value by hand: no JSON or reflection round
// trip. Nil slices and maps become empty arrays and objects, so the policy sees every field in f.
// Fields outside f are left out: the engine passes the fields the analysed policy can read
// (cache.go), so a field left out is one the policy never looks at, and its decision is the
// same as with the whole input.
func (in *Input) valueOf(f fields) ast.Value {
	items := make([][2]*ast.Term, 0, 8)
	if f&(fServiceID|fServiceName|fServiceProvider|fServiceHost) != 0 {
		items = append(items, ast.Item(kService, terms.service(in.Service, f)))
	}
	if f&(fRequestMethod|fRequestPath|fRequestKind|fRequestBytes) != 0 {
		sub := make([][2]*ast.Term, 0, 4)
		sub = appendStr(sub, f&fRequestMethod, kMethod, terms.str(in.Request.Method))
		if f&fRequestPath != 0 {
			sub = append(sub, ast.Item(kPath, ast.StringTerm(in.Request.Path)))
		}
		sub = appendStr(sub, f&fRequestKind, kKind, terms.str(in.Request.Kind))
		if f&fRequestBytes != 0 {
			sub = append(sub, ast.Item(kBytes, ast.InternedTerm(in.Request.Bytes)))
		}
		items = append(items, ast.Item(kRequest, ast.ObjectTerm(sub...)))
	}
	if f&(fUserID|fUserGroups|fUserAuthenticated) != 0 {
		items = append(items, ast.Item(kUser, terms.user(in.User, f)))
	}
	if f&fFindings != 0 {
		findings := make([]*ast.Term, len(in.Findings))
		for i, fs := range in.Findings {
			findings[i] = terms.finding(fs)
		}
		items = append(items, ast.Item(kFindings, ast.ArrayTerm(findings...)))
	}
	if f&fCounts != 0 {
		counts := make([][2]*ast.Term, 0, len(in.Counts))
		for k, v := range in.Counts {
			counts = append(counts, ast.Item(terms.str(k), ast.InternedTerm(v)))
		}
		items = append(items, ast.Item(kCounts, ast.ObjectTerm(counts...)))
	}
	if f&fTopics != 0 {
		items = append(items, ast.Item(kTopics, stringsTerm(in.Topics)))
	}
	if f&fJustification != 0 {
		j := ast.InternedEmptyString // the common case: no #freigabe line
		if in.Justification != "" {
			j = ast.StringTerm(in.Justification)
		}
		items = append(items, ast.Item(kJustification, j))
	}
	if f&fTime != 0 {
		items = append(items, ast.Item(kTime, ast.StringTerm(in.Time)))
	}
	if f&fUninspected != 0 {
		items = append(items, ast.Item(kUninspected, stringsTerm(in.Uninspected)))
	}
	return ast.NewObject(items...)
}

// appendStr appends the item k: v when the field is wanted.
func appendStr(items [][2]*ast.Term, want fields, k, v *ast.Term) [][2]*ast.Term {
	if want == 0 {
		return items
	}
	return append(items, ast.Item(k, v))
}

// stringsTerm is the array term of ss (groups, topics, uninspected kinds, field kinds): lists from
// small sets, shared like strings.
func stringsTerm(ss []string) *ast.Term {
	if len(ss) == 0 {
		return ast.InternedEmptyArray
	}
	k, ok := joinKey(ss)
	if ok {
		if t, ok := terms.m.Load(k); ok {
			return t.(*ast.Term)
		}
	}
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = terms.str(s)
	}
	t := ast.ArrayTerm(ts...)
	if !ok {
		return t
	}
	return terms.store(k, t)
}

// stringsKey is a non-empty list of strings joined by NUL as a termCache key (a type apart from
// the strings).
type stringsKey string

// joinKey is the stringsKey of ss (not empty); ok is false when a string holds a NUL, which would
// make two lists one key.
func joinKey(ss []string) (k stringsKey, ok bool) {
	for _, s := range ss {
		if strings.IndexByte(s, 0) >= 0 {
			return "", false
		}
	}
	if len(ss) == 1 {
		return stringsKey(ss[0]), true
	}
	return stringsKey(strings.Join(ss, "\x00")), true
}

// serviceKey is the read fields of a Service as a termCache key.
type serviceKey struct {
	Service
	f fields
}

// service is the object term of the fields f of s; services are few, their terms are shared.
func (c *termCache) service(s Service, f fields) *ast.Term {
	f &= fServiceID | fServiceName | fServiceProvider | fServiceHost
	k := serviceKey{f: f}
	k.ID = s.ID
	if f&fServiceName != 0 {
		k.Name = s.Name
	}
	if f&fServiceProvider != 0 {
		k.Provider = s.Provider
	}
	if f&fServiceHost != 0 {
		k.Host = s.Host
	}
	if t, ok := c.m.Load(k); ok {
		return t.(*ast.Term)
	}
	sub := make([][2]*ast.Term, 0, 4)
	sub = appendStr(sub, f&fServiceID, kID, c.str(s.ID))
	sub = appendStr(sub, f&fServiceName, kName, c.str(s.Name))
	sub = appendStr(sub, f&fServiceProvider, kProvider, c.str(s.Provider))
	sub = appendStr(sub, f&fServiceHost, kHost, c.str(s.Host))
	return c.store(k, ast.ObjectTerm(sub...))
}

// userKey is the read fields of a User without its ID as a termCache key.
type userKey struct {
	groups        stringsKey
	n             int // len(groups): [] apart from [""]
	authenticated bool
	f             fields
}

// user is the object term of the fields f of u. Without the ID (which the default policy does
// not read) users are a few combinations of groups, and their terms are shared.
func (c *termCache) user(u User, f fields) *ast.Term {
	f &= fUserID | fUserGroups | fUserAuthenticated
	k := userKey{f: f, authenticated: u.Authenticated && f&fUserAuthenticated != 0}
	keep := f&fUserID == 0 // pseudonyms are many: not kept
	if f&fUserGroups != 0 && len(u.Groups) > 0 {
		var ok bool
		k.groups, ok = joinKey(u.Groups)
		k.n, keep = len(u.Groups), keep && ok
	}
	if keep {
		if t, ok := c.m.Load(k); ok {
			return t.(*ast.Term)
		}
	}
	sub := make([][2]*ast.Term, 0, 3)
	if f&fUserID != 0 {
		sub = append(sub, ast.Item(kID, ast.StringTerm(u.ID)))
	}
	if f&fUserGroups != 0 {
		sub = append(sub, ast.Item(kGroups, stringsTerm(u.Groups)))
	}
	if f&fUserAuthenticated != 0 {
		sub = append(sub, ast.Item(kAuthenticated, ast.InternedTerm(u.Authenticated)))
	}
	t := ast.ObjectTerm(sub...)
	if !keep {
		return t
	}
	return c.store(k, t)
}
