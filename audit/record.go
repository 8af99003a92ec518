package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Record is one stored audit record: one inspected request. It never holds a
// prompt or a raw finding value; finding values appear only as keyed
// fingerprints and the user only as a pseudonym (unless configured otherwise).
type Record struct {
	Seq            int64          `json:"seq"`  // per-node sequence, assigned by the logger, starts at 1
	Time           time.Time      `json:"time"` // UTC, nanosecond precision
	RequestID      string         `json:"request_id"`
	Node           string         `json:"node"`
	User           string         `json:"user"` // pseudonym "u-…" (keyed hash) unless configured otherwise
	Groups         []string       `json:"groups,omitempty"`
	ServiceID      string         `json:"service_id"`
	Host           string         `json:"host"`
	Path           string         `json:"path"`
	Action         string         `json:"action"`
	Rules          []string       `json:"rules,omitempty"`
	Findings       map[string]int `json:"findings,omitempty"`     // type → count; "schema:TYPE" for the calling program's tool and schema text (SchemaFindingPrefix)
	Fingerprints   []string       `json:"fingerprints,omitempty"` // Fingerprint of each finding value
	Justification  string         `json:"justification,omitempty"`
	Bytes          int64          `json:"bytes"`
	LatencyMS      float64        `json:"latency_ms"` // stored with microsecond precision
	PolicyRevision string         `json:"policy_revision,omitempty"`
	PrevHash       string         `json:"prev_hash"`
	Hash           string         `json:"hash"`
}

// SchemaFindingPrefix marks a count in Record.Findings of findings in the
// calling program's tool and schema text (function descriptions, option
// lists) rather than in what the person sent: "schema:SPECIAL_CATEGORY". A
// filter on a type matches both.
const SchemaFindingPrefix = "schema:"

// UpstreamRulePrefix starts the rule of the record of a failed send: a
// request whose decision was recorded and which was forwarded, but did not
// get the service's answer, gets a second record with the same request id
// and the rule UpstreamRulePrefix+outcome, the outcome one of
// UpstreamOutcomes (docs/audit.md §1). The record format is unchanged.
const UpstreamRulePrefix = "schleuse:upstream_"

// UninspectedAllowedRule starts a rule of the record of a request that
// went on (allow, redact) with content schleuse cannot read that the
// policy lets pass unread (KI-RL-3.6's exception, data.yaml
// ungeprueft_erlaubt), one per kind: "schleuse:uninspected_allowed:audio".
// A Realtime connection's further pieces of spoken input go under the
// record of its first (docs/audit.md §1).
const UninspectedAllowedRule = "schleuse:uninspected_allowed:"

// CAExpiredRule is the rule of the record of a CONNECT to an inspected
// service refused because the interception CA is expired or not valid yet
// (docs/audit.md §1): refused before the proxy login, so it names no user,
// and a browser retries on its own, so one attempt leaves several. The
// usage report counts these apart (ServiceUsage.RefusedBeforeLogin,
// RefusedWithoutLogin), not as requests.
const CAExpiredRule = "schleuse:ca_expired"

// LoginExpiredRule is the rule of the record of a request refused because
// the proxy login of its connection no longer holds (a password changed, a
// login required since a reload, a client address no longer allowed). With
// a user it is a request of that person; without one, nobody was logged in
// on the connection (it was opened when no login was required, or no login
// is configured and auth.allowed_clients no longer holds the address), and
// the usage report counts it apart as CAExpiredRule's.
const LoginExpiredRule = "schleuse:login_expired"

// WithoutLoginRules are the rules of the refusals a record without a user
// can carry for want of a proxy login: before the login (CAExpiredRule) or
// because the connection's login no longer holds (LoginExpiredRule). The
// other refusals (schleuse:misdirected, schleuse:too_large, …) come after
// a login: without a user they are requests of a deployment without login
// (no auth.htpasswd nor auth.kerberos), counted as requests without a
// login. Proxy logins that fail, refused client addresses, ports and blind
// tunnels closed for domain fronting leave no record
// (schleuse_connect_blocked_total).
var WithoutLoginRules = []string{CAExpiredRule, LoginExpiredRule}

// RefusedWithoutLogin is the rule by which a record of user with rules is
// a refusal before or without a proxy login (one of WithoutLoginRules, the
// record without a user), "" when it is none: the usage report and Stats
// count those apart, not as requests staff sent.
func RefusedWithoutLogin(user string, rules []string) string {
	if user != "" {
		return ""
	}
	for _, r := range rules {
		if slices.Contains(WithoutLoginRules, r) {
			return r
		}
	}
	return ""
}

// UpstreamOutcomes are the outcomes of a failed send: the DNS name did not
// resolve, the connection was refused or found no route, TLS failed or the
// service's certificate did not verify, no answer in time, the connection
// was reset, the parent proxy refused, the client went away before the
// answer, anything else, and an answer with a 5xx status.
var UpstreamOutcomes = []string{"dns", "refused", "dial", "tls", "tls_verify", "timeout", "reset", "parent_refused", "canceled", "other", "status_5xx"}

// Entry is what the proxy hands to Logger.Log for one inspected request.
// UserName and Values are raw: the logger pseudonymises the user and
// fingerprints the values before anything is queued, stored or spilled.
type Entry struct {
	Time           time.Time // zero: now
	RequestID      string
	UserName       string // real user name; stored as a pseudonym unless configured otherwise
	Groups         []string
	ServiceID      string
	Host           string
	Path           string
	Action         string
	Rules          []string
	Findings       map[string]int // type → count; SchemaFindingPrefix+type for tool and schema text
	Values         []TypedValue   // raw finding values; only their fingerprints are kept
	Justification  string         // already redacted by the caller
	Bytes          int64
	Latency        time.Duration
	PolicyRevision string
}

// TypedValue is a raw finding value with its type (TAXONOMY.md name).
type TypedValue struct{ Type, Value string }

// hashVersion starts the canonical encoding; a new encoding gets a new tag.
const hashVersion = "schleuse-audit-v1\n"

// canonical returns the byte string that Hash covers. Layout (see
// docs/audit.md): the tag "schleuse-audit-v1\n", then in this order
// node, seq, time (Unix ns), request id, user, groups, service id, host,
// path, action, rules, findings, fingerprints, justification, bytes,
// latency (µs), policy revision, previous hash. A string is its byte
// length as uvarint followed by its bytes; an integer is 8 bytes big
// endian (two's complement); a list is its length as uvarint followed by
// its items; findings are sorted by type, each type string followed by its
// count as an integer.
func (r *Record) canonical(buf []byte) []byte {
	buf, _ = r.canonicalBody(buf)
	return appendStr(buf, r.PrevHash)
}

// canonicalBody appends the canonical encoding without its last field,
// the previous hash, and returns the offset of the 8-byte seq in it: Log
// encodes this before it takes its lock and only sets the seq and appends
// the previous hash under the lock.
func (r *Record) canonicalBody(buf []byte) (_ []byte, seqAt int) {
	buf = append(buf, hashVersion...)
	buf = appendStr(buf, r.Node)
	seqAt = len(buf)
	buf = appendNum(buf, r.Seq)
	buf = appendNum(buf, r.Time.UnixNano())
	buf = appendStr(buf, r.RequestID)
	buf = appendStr(buf, r.User)
	buf = appendList(buf, r.Groups)
	buf = appendStr(buf, r.ServiceID)
	buf = appendStr(buf, r.Host)
	buf = appendStr(buf, r.Path)
	buf = appendStr(buf, r.Action)
	buf = appendList(buf, r.Rules)
	var small [8]string
	types := small[:0]
	for t := range r.Findings {
		types = append(types, t)
	}
	slices.Sort(types)
	buf = binary.AppendUvarint(buf, uint64(len(types)))
	for _, t := range types {
		buf = appendStr(buf, t)
		buf = appendNum(buf, int64(r.Findings[t]))
	}
	buf = appendList(buf, r.Fingerprints)
	buf = appendStr(buf, r.Justification)
	buf = appendNum(buf, r.Bytes)
	buf = appendNum(buf, latencyMicros(r.LatencyMS))
	buf = appendStr(buf, r.PolicyRevision)
	return buf, seqAt
}

func appendStr[T string | []byte](buf []byte, s T) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func appendNum(buf []byte, n int64) []byte { return binary.BigEndian.AppendUint64(buf, uint64(n)) }

func appendList(buf []byte, l []string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(l)))
	for _, s := range l {
		buf = appendStr(buf, s)
	}
	return buf
}

// ComputeHash returns the lower-case hex SHA-256 of the record's canonical
// encoding (which includes PrevHash but not Hash itself).
func (r *Record) ComputeHash() string {
	var scratch [1024]byte
	sum := sha256.Sum256(r.canonical(scratch[:0]))
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	return string(h[:])
}

func latencyMicros(ms float64) int64 { return int64(math.Round(ms * 1000)) }

// clean makes s safe to store in both SQLite and PostgreSQL and in the
// list encoding of the store: invalid UTF-8, NUL and the list separator
// (U+001F) are replaced by U+FFFD.
func clean(s string) string {
	if storable(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.NewReplacer("\x00", "\uFFFD", "\x1f", "\uFFFD").Replace(s)
}

// storable reports whether clean returns s as it is: valid UTF-8 without
// NUL and U+001F. Its ASCII prefix is read in one loop; before, every
// field of every record was read twice (utf8.ValidString and
// strings.ContainsAny, which builds its byte set per call): ≈15 calls and
// ≈3.5 K instructions per record with findings (BenchmarkPipelineInspect).
func storable(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0 || c == 0x1f:
			return false
		case c >= utf8.RuneSelf:
			// s[:i] is ASCII, so s is valid UTF-8 if s[i:] is.
			return utf8.ValidString(s[i:]) && !strings.ContainsAny(s[i:], "\x00\x1f")
		}
	}
	return true
}
