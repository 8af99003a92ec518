package policies

import (
	"math"
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
}

// Service names the LLM service of the request; ID is the key into the policy's register.
type Service struct {
	ID       string `json:"id"`
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
type FindingSummary struct {
	Type     string  `json:"type"`
	Count    int     `json:"count"`
	MaxScore float64 `json:"max_score"`
}

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
	kID            = ast.StringTerm("id")
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
)

// termCache holds string and score terms of fields that come from small sets (finding types,
// service ids, groups, topics, scores), so that converting an input allocates fewer terms. Terms
// are not modified during evaluation, so sharing them between evaluations is safe. The cache
// stops growing at termCacheMax entries; it is safe for concurrent use.
type termCache struct {
	m    sync.Map // string or float64 -> *ast.Term
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

// value converts the input to an ast.Value by hand: no JSON or reflection round trip. Nil slices
// and maps become empty arrays and objects, so the policy always sees every field.
func (in *Input) value() ast.Value {
	findings := make([]*ast.Term, len(in.Findings))
	for i, f := range in.Findings {
		findings[i] = ast.ObjectTerm(
			ast.Item(kType, terms.str(f.Type)),
			ast.Item(kCount, ast.InternedTerm(f.Count)),
			ast.Item(kMaxScore, terms.score(f.MaxScore)),
		)
	}
	items := make([][2]*ast.Term, 0, len(in.Counts))
	for k, v := range in.Counts {
		items = append(items, ast.Item(terms.str(k), ast.InternedTerm(v)))
	}
	return ast.NewObject(
		ast.Item(kService, ast.ObjectTerm(
			ast.Item(kID, terms.str(in.Service.ID)),
			ast.Item(kProvider, terms.str(in.Service.Provider)),
			ast.Item(kHost, terms.str(in.Service.Host)),
		)),
		ast.Item(kRequest, ast.ObjectTerm(
			ast.Item(kMethod, terms.str(in.Request.Method)),
			ast.Item(kPath, ast.StringTerm(in.Request.Path)),
			ast.Item(kKind, terms.str(in.Request.Kind)),
			ast.Item(kBytes, ast.InternedTerm(in.Request.Bytes)),
		)),
		ast.Item(kUser, ast.ObjectTerm(
			ast.Item(kID, ast.StringTerm(in.User.ID)),
			ast.Item(kGroups, stringsTerm(in.User.Groups)),
			ast.Item(kAuthenticated, ast.InternedTerm(in.User.Authenticated)),
		)),
		ast.Item(kFindings, ast.ArrayTerm(findings...)),
		ast.Item(kCounts, ast.ObjectTerm(items...)),
		ast.Item(kTopics, stringsTerm(in.Topics)),
		ast.Item(kJustification, ast.StringTerm(in.Justification)),
		ast.Item(kTime, ast.StringTerm(in.Time)),
	)
}

func stringsTerm(ss []string) *ast.Term {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = terms.str(s)
	}
	return ast.ArrayTerm(ts...)
}
