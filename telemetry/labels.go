package telemetry

// Closed sets of metric label values. A value outside its set is
// recorded as Other, so a caller cannot put free text (a prompt, a user name,
// a finding value) into a metric label by mistake.

// Other replaces any label value outside its closed set.
const Other = "other"

// Decision actions (policy output).
const (
	ActionAllow  = "allow"
	ActionRedact = "redact"
	ActionBlock  = "block"
	ActionWarn   = "warn"
)

// Pipeline stages, in the order a request crosses them, plus the whole request.
const (
	StageAuth     = "auth"
	StageExtract  = "extract"
	StageDetect   = "detect"
	StagePolicy   = "policy"
	StageAct      = "act"
	StageUpstream = "upstream"
	StageRestore  = "restore"
	StageAudit    = "audit"
	StageTotal    = "total"
)

// Reasons a CONNECT is refused.
const (
	ConnectClient  = "client"       // client address not in the allow-list
	ConnectAuth    = "auth"         // wrong proxy credentials (a request without any is the login's challenge, not counted)
	ConnectRate    = "rate_limited" // too many failed logins
	ConnectDir     = "directory"    // the directory (LDAP) could not be asked for the user's groups
	ConnectPort    = "port"         // port not 443 or configured
	ConnectAdmin   = "admin"        // target is the admin listener or the proxy itself
	ConnectHost    = "host"         // host blocked by configuration
	ConnectPolicy  = "policy"       // the policy blocked the service
	ConnectConns   = "connections"  // too many open connections from one client address
	ConnectWSRate  = "ws_rate"      // too many WebSocket messages from one user (not inspected, not forwarded)
	ConnectWSMedia = "ws_media"     // a piece of spoken input (or a message referring only to such pieces) dropped after the connection's first was refused (not inspected, not audited, not forwarded)
	ConnectSNI     = "sni"          // a blind tunnel's TLS server name is not the CONNECT host
	ConnectCA      = "ca_expired"   // an inspected service while the interception CA is expired (or not valid yet)
)

// Kinds of upstream errors.
const (
	UpstreamDNS      = "dns"
	UpstreamDial     = "dial"
	UpstreamTLS      = "tls"
	UpstreamTimeout  = "timeout"
	UpstreamReset    = "reset"
	UpstreamStatus   = "status" // 5xx from the service
	UpstreamCanceled = "canceled"
	UpstreamParent   = "parent" // the parent proxy (upstream.proxy) refused the CONNECT (403, 407)
)

// FailClosedCauses are the causes of schleuse_failclosed_total: why schleuse
// blocked a request to an inspected service itself, not by a policy decision
// (the rule schleuse:CAUSE of its audit record; policy_failed is KI-RL-0.0,
// audit_unavailable the block while no record can be kept).
var FailClosedCauses = []string{
	// the inspection could not read or rewrite the request
	"too_large", "decode_too_large", "unknown_encoding", "decode_error", "unmatched", "too_many_values",
	"parse_error", "file_unreadable", "apply_error", "cannot_redact", "query_findings", "header_findings",
	"ambiguous_body", "unknown_charset", "url_unreadable",
	// the policy or the audit log failed
	"policy_failed", "audit_unavailable",
	// refused by the server before or instead of the inspection
	"incomplete_body", "inspection_failed", "misdirected", "not_https", "connect_inside", "upgrade_with_body", "malformed_request",
	"admin", "login_expired", "service_blocked", "directory", "shutting_down", "ca_expired",
	// a WebSocket message that could not be inspected (the connection ends)
	"websocket_message_too_large", "websocket_binary_message", "websocket_compressed_frame", "websocket_control_frame",
	"websocket_protocol_violation", "websocket_not_admitted", "websocket_inspection_panic", "websocket_uninspectable",
}

// FindingTypes are the finding type names of TAXONOMY.md. More can be added
// with WithFindingTypes.
var FindingTypes = []string{
	"EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_TAX_NUMBER", "DE_VAT_ID",
	"DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE", "DE_ID_CARD", "DE_LICENSE_PLATE",
	"POSTAL_ADDRESS", "DATE_OF_BIRTH", "PERSON", "IP_ADDRESS", "SECRET", "CASE_REFERENCE",
	"CLASSIFICATION", "SPECIAL_CATEGORY",
}

var (
	actions        = []string{ActionAllow, ActionRedact, ActionBlock, ActionWarn}
	stages         = []string{StageAuth, StageExtract, StageDetect, StagePolicy, StageAct, StageUpstream, StageRestore, StageAudit, StageTotal}
	connectReasons = []string{ConnectClient, ConnectAuth, ConnectRate, ConnectDir, ConnectPort, ConnectAdmin, ConnectHost, ConnectPolicy, ConnectConns, ConnectWSRate, ConnectWSMedia, ConnectSNI, ConnectCA}
	upstreamKinds  = []string{UpstreamDNS, UpstreamDial, UpstreamTLS, UpstreamTimeout, UpstreamReset, UpstreamStatus, UpstreamCanceled, UpstreamParent}
)

// closedSet maps allowed values to themselves; anything else maps to Other.
type closedSet map[string]string

func newClosedSet(lists ...[]string) closedSet {
	s := closedSet{Other: Other}
	for _, l := range lists {
		for _, v := range l {
			if validLabel(v) {
				s[v] = v
			}
		}
	}
	return s
}

func (s closedSet) get(v string) string {
	if c, ok := s[v]; ok {
		return c
	}
	return Other
}

// validLabel accepts the shape of ids and type names: 1–64 bytes of
// [A-Za-z0-9_.-]. It guards the sets given by callers (WithServices).
func validLabel(v string) bool {
	if v == "" || len(v) > 64 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
