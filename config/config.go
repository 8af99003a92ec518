// Package config reads schleuse's one YAML configuration file.
//
// Every key has a working default, so that an empty file (or none at all)
// starts a useful proxy on 127.0.0.1. Parsing is strict: an unknown key is an
// error that names the key and its line. The key names listed in DESIGN.md
// ("listen", "admin.listen", "state_dir", "upstream.resolve",
// "upstream.ca_files", "policy.dir", "audit.store", "auth.htpasswd") are a
// contract relied on by scripts and docs.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/netip"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration. The zero value is not useful; use
// Default or Load.
type Config struct {
	Listen    string          `yaml:"listen"`
	Admin     Admin           `yaml:"admin"`
	StateDir  string          `yaml:"state_dir"`
	Upstream  Upstream        `yaml:"upstream"`
	Policy    Policy          `yaml:"policy"`
	Audit     Audit           `yaml:"audit"`
	Auth      Auth            `yaml:"auth"`
	Inspect   Inspect         `yaml:"inspect"`
	Connect   Connect         `yaml:"connect"`
	Client    Client          `yaml:"client"`
	Services  []Service       `yaml:"services"`
	Routes    []Route         `yaml:"routes"`
	PAC       PAC             `yaml:"pac"`
	Pseudonym Pseudonym       `yaml:"pseudonym"`
	Log       Log             `yaml:"log"`
	Telemetry Telemetry       `yaml:"telemetry"`
	Shutdown  ShutdownOptions `yaml:"shutdown"`
	Notice    Notice          `yaml:"notice"`
	CA        CA              `yaml:"ca"`

	// Deprecated holds the values of the file that an earlier version
	// accepted and this one reads as that version did, each with its key
	// and what to write instead: run logs them, config check shows them
	// as warnings. An upgrade must not stop a proxy that ran before, nor
	// change silently what its file means. Not a key of the file.
	Deprecated []string `yaml:"-"`
	// SetsNothing: the file holds no setting (empty, comments only, or
	// an empty document), so every value is the built-in default: state_dir
	// ./schleuse-data in the working directory, where run makes a new CA
	// and a new audit log. Allowed, but rarely meant (a file cut short, a
	// template rendered empty): run logs it and config check warns. Not a
	// key of the file.
	SetsNothing bool `yaml:"-"`
}

// Admin is the separate admin listener.
type Admin struct {
	// Listen is the admin address. /healthz, /readyz, /ca.crt, /ca.der and
	// /proxy.pac are public; everything else needs admin credentials.
	Listen string `yaml:"listen"`
	// Htpasswd holds the admin credentials (bcrypt). Empty: the protected
	// admin pages are disabled (404), never open.
	Htpasswd string `yaml:"htpasswd"`
	// ProxyURL is the proxy address written into the PAC file: a PAC
	// directive ("PROXY host:port"), a URL or host:port; default "PROXY
	// <listen>", or for a listener on all interfaces the host the PAC file
	// was fetched from with the listener's port.
	ProxyURL string `yaml:"proxy_url"`
}

// Upstream configures connections from the proxy to the services.
type Upstream struct {
	// Resolve maps "host:port" to "ip:port" for every connection the proxy
	// dials (like curl --resolve), blind tunnels included.
	Resolve map[string]string `yaml:"resolve"`
	// CAFiles are extra PEM CAs trusted for upstream TLS on top of the system roots.
	CAFiles []string `yaml:"ca_files"`
	// DialTimeout bounds connecting to an upstream.
	DialTimeout time.Duration `yaml:"dial_timeout"`
	// ResponseTimeout bounds the wait for the response head; exceeded → 504.
	ResponseTimeout time.Duration `yaml:"response_timeout"`
	// MaxIdleConnsPerHost sizes the upstream connection pool.
	MaxIdleConnsPerHost int `yaml:"max_idle_conns_per_host"`
	// Proxy is a parent proxy ("host:port", "http://host:port" or, with a
	// login, "http://user:password@host:port") that every connection goes
	// through (CONNECT; plain HTTP as a proxy request), except the targets
	// in Resolve; "" dials directly. TLS to the service is still
	// schleuse's own and verified. A login is sent as Basic
	// Proxy-Authorization; its password is never printed.
	Proxy string `yaml:"proxy"`
}

// ParentProxy is upstream.proxy as host:port ("" when unset), or an error
// saying what is wrong with it (without the password of a login).
func (u Upstream) ParentProxy() (string, error) {
	host, _, err := u.parentProxy()
	return host, err
}

// ParentLogin is the login at the parent proxy that upstream.proxy holds
// (http://user:password@host:port), nil when it holds none or is not
// valid. The caller sends it as Basic Proxy-Authorization and never
// prints it.
func (u Upstream) ParentLogin() *url.Userinfo {
	_, login, err := u.parentProxy()
	if err != nil {
		return nil
	}
	return login
}

func (u Upstream) parentProxy() (string, *url.Userinfo, error) {
	p := strings.TrimSpace(u.Proxy)
	if p == "" {
		return "", nil, nil
	}
	shown := redactLogin(p) // what an error may repeat: never the password
	var login *url.Userinfo
	if strings.Contains(p, "://") {
		pu, err := url.Parse(p)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // url.Error repeats the whole URL, password included
			}
			if strings.Contains(p, "@") {
				// its cause may repeat a part of the password too ("invalid
				// port \":geh\"" for a / ? or # in it)
				return "", nil, fmt.Errorf("%q is no URL: percent-encode @ : / ? # %% and blanks in the user and the password", shown)
			}
			return "", nil, fmt.Errorf("%q is no URL: %v", shown, err)
		}
		if pu.User == nil && strings.Contains(p, "@") || pu.Fragment != "" || strings.Contains(p, "#") {
			// a / ? or # in the password ended the host before it: "svc:7731" would be the parent
			return "", nil, fmt.Errorf("%q: want http://host:port or http://user:password@host:port (percent-encode @ : / ? # %% and blanks in the user and the password)", shown)
		}
		switch {
		case pu.Scheme != "http":
			return "", nil, fmt.Errorf("%q: want http://host:port (schleuse talks to the parent proxy in plain HTTP and CONNECT, as browsers do)", shown)
		case pu.Path != "" && pu.Path != "/" || pu.RawQuery != "":
			return "", nil, fmt.Errorf("%q: want http://host:port, without a path", shown)
		}
		if pu.User != nil {
			pass, ok := pu.User.Password()
			switch name := pu.User.Username(); {
			case name == "" || !ok || pass == "":
				return "", nil, fmt.Errorf("%q: a login at the parent proxy needs a user and a password (http://user:password@host:port; percent-encode @, : and / in them)", shown)
			case strings.Contains(name, ":") || strings.ContainsFunc(name+pass, unicode.IsControl):
				return "", nil, fmt.Errorf("%q: the user of a Basic login may hold no colon, and neither part a control character", shown)
			}
			login = pu.User
		}
		p = pu.Host
	} else if strings.Contains(p, "@") {
		return "", nil, fmt.Errorf("%q: a login needs the form http://user:password@host:port", shown)
	}
	if err := checkHostPort(p); err != nil {
		return "", nil, fmt.Errorf("%q %v", p, err)
	}
	if host, _, _ := net.SplitHostPort(p); !hostName(host) {
		// "http//proxy:8080" (a colon left out) read as host:port whose
		// host is "http//proxy": before, it was taken, and every
		// connection failed at the start with a DNS error.
		return "", nil, fmt.Errorf("%q: „%s“ ist kein Rechnername und keine IP-Adresse (ein Tippfehler im Schema? richtig: http://Host:Port oder Host:Port) "+
			"/ %q is no host name or IP address (a typo in the scheme? want http://host:port or host:port)", shown, host, host)
	}
	return p, login, nil
}

// distinguishedName reports an LDAP DN: parts attribute=value separated
// by commas (or ";", and "+" in a multi-valued part), each attribute a name
// or an OID, each value not empty; an escaped ("\\,") or quoted separator
// is the value's.
func distinguishedName(dn string) bool {
	part := func(p string) bool {
		attr, value, ok := strings.Cut(p, "=")
		attr = strings.TrimSpace(attr)
		return ok && attr != "" && strings.TrimSpace(value) != "" && !strings.ContainsAny(attr, " \t\"\\")
	}
	start, quoted := 0, false
	for i := 0; i < len(dn); i++ {
		switch c := dn[i]; {
		case c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '+'):
			if !part(dn[start:i]) {
				return false
			}
			start = i + 1
		}
	}
	return part(dn[start:])
}

// hostName reports a DNS name (letters, digits, "-", "_" and dots between
// labels) or an IP address.
func hostName(h string) bool {
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// redactLogin is a parent proxy setting with the password of a login left
// out ("http://svc:geheim@proxy:8080" → "http://svc@proxy:8080"), for an
// error message: it would land in the journal.
func redactLogin(p string) string {
	start := 0
	if i := strings.Index(p, "://"); i >= 0 {
		start = i + 3
	}
	at := strings.LastIndex(p[start:], "@")
	if at < 0 {
		return p
	}
	user, _, _ := strings.Cut(p[start:start+at], ":")
	return p[:start] + user + p[start+at:]
}

// Policy locates the KI-Richtlinie.
type Policy struct {
	// Dir is the policy directory; empty: the embedded default policy.
	Dir string `yaml:"dir"`
	// ShadowDir is a second policy asked about every request beside the
	// live one, never enforced: where it decides differently, schleuse
	// counts and logs it, so that the DPO sees on real traffic what a new
	// version would change before rolling it out. Empty: none.
	ShadowDir string `yaml:"shadow_dir"`
	// EvaluationTimeout bounds one evaluation of the policy; a request whose
	// evaluation takes longer is blocked (KI-RL-0.0).
	EvaluationTimeout time.Duration `yaml:"evaluation_timeout"`
}

// Audit configures the audit log.
type Audit struct {
	// Store is "sqlite" (a file in state_dir) or a postgres:// URL.
	Store string `yaml:"store"`
	// Node names this proxy in the hash chain; default: the host name.
	Node string `yaml:"node"`
	// PseudonymizeUsers stores users as keyed hashes (default true).
	PseudonymizeUsers *bool `yaml:"pseudonymize_users"`
	// Retention deletes records older than this; 0 keeps them forever.
	Retention time.Duration `yaml:"retention"`
}

// Auth configures who is asking.
type Auth struct {
	// Htpasswd enables proxy Basic authentication (bcrypt entries); empty: none.
	Htpasswd string `yaml:"htpasswd"`
	// Realm is shown by the browser's login prompt.
	Realm string `yaml:"realm"`
	// TrustedHeader carries the user name set by an authenticating proxy in
	// front of schleuse; accepted only from TrustedProxies.
	TrustedHeader  string   `yaml:"trusted_header"`
	GroupsHeader   string   `yaml:"groups_header"`
	TrustedProxies []string `yaml:"trusted_proxies"`
	// Networks maps a group to client CIDRs.
	Networks map[string][]string `yaml:"networks"`
	// AllowedClients are the CIDRs that may use the proxy; default loopback
	// and private ranges only.
	AllowedClients []string  `yaml:"allowed_clients"`
	LDAP           *LDAP     `yaml:"ldap"`
	Kerberos       *Kerberos `yaml:"kerberos"`
}

// Kerberos enables single sign-on of domain PCs: Proxy-Authorization:
// Negotiate with a Kerberos ticket for ServicePrincipal, checked with the
// key in Keytab (docs/operations.md, Kerberos).
type Kerberos struct {
	Keytab           string        `yaml:"keytab"`
	ServicePrincipal string        `yaml:"service_principal"`
	Realm            string        `yaml:"realm"`
	KeepRealm        bool          `yaml:"keep_realm"`
	KeepCase         bool          `yaml:"keep_case"`
	MaxClockSkew     time.Duration `yaml:"max_clock_skew"`
}

// LDAP configures an LDAP / Active Directory group lookup.
type LDAP struct {
	URL              string            `yaml:"url"`
	StartTLS         bool              `yaml:"start_tls"`
	CAFile           string            `yaml:"ca_file"`
	CacheSize        int               `yaml:"cache_size"`
	BindDN           string            `yaml:"bind_dn"`
	BindPassword     string            `yaml:"bind_password"`
	BindPasswordFile string            `yaml:"bind_password_file"`
	BaseDN           string            `yaml:"base_dn"`
	UserFilter       string            `yaml:"user_filter"`
	GroupAttribute   string            `yaml:"group_attribute"`
	GroupMap         map[string]string `yaml:"group_map"`
	CacheTTL         time.Duration     `yaml:"cache_ttl"`
	Timeout          time.Duration     `yaml:"timeout"`
}

// MaxInspectBytes bounds inspect.max_body_bytes, max_decoded_bytes and
// max_websocket_frame: the detectors keep offsets into a text as int32.
const MaxInspectBytes ByteSize = 1 << 30

// Inspect configures the inspection pipeline.
type Inspect struct {
	// MaxBodyBytes caps request bodies read for inspection; larger → blocked.
	MaxBodyBytes ByteSize `yaml:"max_body_bytes"`
	// MaxDecodedBytes caps a decompressed request body (bombs are blocked).
	MaxDecodedBytes ByteSize `yaml:"max_decoded_bytes"`
	// MaxWebSocketFrame caps an inspected client WebSocket message.
	MaxWebSocketFrame ByteSize `yaml:"max_websocket_frame"`
	// ScanSystemPrompts and ScanHistory: system text (system and developer
	// prompts, tool and schema texts, which a person can type into an API
	// client as freely as a prompt) and earlier turns are scanned too, by
	// default; each is scanned once and then cached by content hash.
	ScanSystemPrompts bool `yaml:"scan_system_prompts"`
	ScanHistory       bool `yaml:"scan_history"`
	// ScanSchemas scans the developer's tool and structured-output
	// definitions (function descriptions, JSON schemas with their enum
	// values), on by default and cached by content hash like system text.
	// Their findings reach the policy with the field kind "schema": option
	// lists name categories ("Pflegegrad 3"), which the default policy
	// lets pass there (schema_exempt), while a name or an IBAN in a tool
	// description counts as anywhere. false sends them unread: IT's
	// explicit opt-out, shown on the status page.
	ScanSchemas bool `yaml:"scan_schemas"`
	// UnknownRequests decides what happens to a request with a body on an
	// inspected host that no adapter understands: "scan" (default: the
	// generic fallback scans every JSON string, form value and text part;
	// findings block, since it cannot rewrite) or "block" (every such
	// request). Web apps send many background POSTs (telemetry, checks)
	// that "block" would break.
	UnknownRequests string `yaml:"unknown_requests"`
	// LexiconDir holds the DPO's additions to the detectors' word lists
	// (files named like detectors/lexicons/*.txt: more first names, street
	// suffixes, Art. 9 phrases, words that are no names). Empty: the built-in
	// lists only. Reloaded on SIGHUP.
	LexiconDir string `yaml:"lexicon_dir"`
}

// Client bounds client connections inside an interception (slow or
// oversized clients are cut off) and the silence of blind tunnels.
type Client struct {
	HeaderTimeout  time.Duration `yaml:"header_timeout"`
	BodyTimeout    time.Duration `yaml:"body_timeout"`
	IdleTimeout    time.Duration `yaml:"idle_timeout"`
	MaxHeaderBytes ByteSize      `yaml:"max_header_bytes"`
	// TunnelIdleTimeout closes a blind tunnel (every host that is not
	// inspected) after this long without a byte in either direction.
	TunnelIdleTimeout time.Duration `yaml:"tunnel_idle_timeout"`
	// MaxConnectionsPerAddress bounds the connections one client address
	// holds open on the proxy listener (a terminal server holds those of
	// all its users: a browser opens up to 32 to a proxy); 0 = no bound.
	MaxConnectionsPerAddress int `yaml:"max_connections_per_address"`
	// WebSocketMessagesPerMinute bounds the client messages one user sends
	// on all its inspected WebSockets together, each inspected and audited;
	// without proxy login, where a user cannot be told from the others
	// behind the same address (terminal server, NAT), the messages of one
	// WebSocket connection (one chat window); 0 = no bound.
	WebSocketMessagesPerMinute int `yaml:"websocket_messages_per_minute"`
	// WebSocketMessagesPerMinutePerAddress bounds the messages of all
	// WebSockets without proxy login from one client address together (a
	// terminal server: all its users'); 0 = no bound.
	WebSocketMessagesPerMinutePerAddress int `yaml:"websocket_messages_per_minute_per_address"`
}

// Connect restricts CONNECT targets.
type Connect struct {
	// AllowedPorts are the ports CONNECT may reach; default [443].
	AllowedPorts []int `yaml:"allowed_ports"`
}

// Service is a catalogue entry added to or overriding the built-in catalogue.
type Service struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"` // shown to staff in the notice of a blocked service; "" = ID
	Provider string   `yaml:"provider"`
	Hosts    []string `yaml:"hosts"` // may be left out by an entry with a built-in id: its hosts stay
	// Paths makes the hosts shared: only requests under these paths are
	// the service ("/duckchat/"); all others are forwarded unread.
	Paths []string `yaml:"paths"`
	// Mode is inspect, tunnel or block.
	Mode string `yaml:"mode"`
}

// Route maps requests of a service to an adapter (see docs/providers.md).
type Route struct {
	Provider string `yaml:"provider"`
	Host     string `yaml:"host"`
	Method   string `yaml:"method"`
	Path     string `yaml:"path"`
	Adapter  string `yaml:"adapter"`
}

// PAC configures /proxy.pac.
type PAC struct {
	// Mode "catalogue" (default) sends the catalogue's hosts through the
	// proxy and everything else DIRECT; "all" sends everything through it.
	Mode string `yaml:"mode"`
}

// Pseudonym bounds the in-memory pseudonym mappings.
type Pseudonym struct {
	TTL              time.Duration `yaml:"ttl"`
	MaxConversations int           `yaml:"max_conversations"`
}

// Log configures the JSON log on stdout.
type Log struct {
	Level string `yaml:"level"`
}

// Telemetry configures tracing; the OTEL_* environment variables choose the exporter.
type Telemetry struct {
	// UserPseudonymInSpans adds the user pseudonym to spans (default false).
	UserPseudonymInSpans bool `yaml:"user_pseudonym_in_spans"`
}

// CA is what the admin port serves of the interception CA beyond
// state_dir/ca.pem.
type CA struct {
	// NextCertFile is the certificate (PEM) of a rotation's next CA that
	// IT prepared elsewhere (a PKI, a path from config management): the
	// admin port serves it as /ca-next.crt and /ca-next.der, and the status
	// page and the start line name it, instead of state_dir/ca-neu/ca.pem.
	// Its key is never read nor needed. Empty: state_dir/ca-neu.
	NextCertFile string `yaml:"next_cert_file"`
}

// Notice configures the first-use notice: the first time a person opens
// one of the catalogue's chat web apps (a service whose id ends in "-web")
// in the browser, schleuse answers the page itself with a short notice
// (German, then English) on what is checked and logged, until the person
// confirms it; the confirmation is kept in a signed cookie.
type Notice struct {
	// FirstUse shows the notice (default true).
	FirstUse bool `yaml:"first_use"`
	// Contact names whom staff ask, e.g. the data protection officer's
	// name and address; empty: "Ihre oder Ihr Datenschutzbeauftragte(r)"
	// ("your data-protection officer").
	Contact string `yaml:"contact"`
	// PolicyURL links the municipality's KI-Richtlinie (http or https);
	// empty: no link.
	PolicyURL string `yaml:"policy_url"`
	// ValidFor is how long a confirmation holds before the notice is shown
	// again (at most 9600h, the 400 days browsers keep a cookie).
	ValidFor time.Duration `yaml:"valid_for"`
	// Redacted says where a pseudonymised or masked prompt's answer starts
	// with a one-line note (German, then English) naming the types and
	// counts replaced (never values) and the request id: "web" (default)
	// in the answers of the chat web apps, "all" in those of the APIs too
	// (whose answers programs read: JSON mode, tool calls, parsers that a
	// line before the text would break), "off" nowhere.
	Redacted string `yaml:"redacted"`
}

// Values of notice.redacted.
const (
	RedactedWeb = "web"
	RedactedAll = "all"
	RedactedOff = "off"
)

// MaxNoticeValidFor is the longest notice.valid_for: browsers keep a
// cookie at most 400 days (Chrome cuts a longer one short).
const MaxNoticeValidFor = 400 * 24 * time.Hour

// ShutdownOptions bounds graceful shutdown.
type ShutdownOptions struct {
	Grace time.Duration `yaml:"grace"`
}

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the documented default configuration file.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default returns the configuration used when no file is given.
func Default() *Config {
	c, err := parse(defaultYAML, "default.yaml")
	if err != nil {
		panic("config: embedded default is invalid: " + err.Error())
	}
	return c
}

// Load reads and validates the file at path. An empty path gives Default().
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, readError(path, err)
	}
	return Parse(b, path)
}

// Parse parses and validates a configuration file's bytes. name is used in errors.
func Parse(b []byte, name string) (*Config, error) {
	c, err := parse(defaultYAML, "default.yaml")
	if err != nil {
		return nil, err
	}
	if err := decodeStrict(b, c); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	c.SetsNothing = setsNothing(b)
	c.upgrade()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, errors.Join(keyLines(b, unjoin(err))...))
	}
	return c, nil
}

// upgrade reads the values an earlier version accepted, and this one no
// longer does, as they meant then, and notes each in Deprecated.
func (c *Config) upgrade() {
	// Read as the default (10 000) without a word until 0d7d1606 refused
	// it, which stopped run after an upgrade. A file may say -1 meaning
	// "no bound": there never was one.
	if n := c.Pseudonym.MaxConversations; n < 0 {
		c.Pseudonym.MaxConversations = 0
		c.Deprecated = append(c.Deprecated, fmt.Sprintf("pseudonym.max_conversations: %d is read as 0, the default (10000 conversations), as before; write 0 or a bound, or leave the key out: a later version will refuse a negative value", n))
	}
}

func parse(b []byte, name string) (*Config, error) {
	c := &Config{}
	if err := decodeStrict(b, c); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	return c, nil
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found in type config\.(\S+)`)

func decodeStrict(b []byte, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	err := dec.Decode(c)
	if errors.Is(err, io.EOF) {
		return nil // empty file: defaults
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		// Unknown keys and values of the wrong type: yaml.v3 decoded
		// everything else and lists each of them. It says "field x not
		// found in type config.Admin" and "cannot unmarshal !!str `ja`
		// into bool"; say it in the words of the file.
		var root yaml.Node
		_ = yaml.Unmarshal(b, &root) // it decoded: it is YAML
		errs := make([]error, len(te.Errors))
		for i, e := range te.Errors {
			if sm := unknownField.FindStringSubmatch(e); sm != nil {
				errs[i] = &TypeError{msg: unknownKey(sm[1], sm[2], sm[3])}
				continue
			}
			errs[i] = &TypeError{msg: wrongType(e, &root)}
		}
		return errors.Join(errs...)
	}
	if err != nil {
		return syntaxError(b, err, "; schleuse config default zeigt die Schreibweise jedes Schlüssels")
	}
	return nil
}

// syntaxError says a YAML syntax error err of the file b German first,
// with the line at fault where yaml.v3 names another (a tab, a value with
// keys below it, an unclosed bracket, a stray indent); hint ends the
// generic German text's parenthesis.
func syntaxError(b []byte, err error, hint string) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if hint := tabIndent(b); hint != "" {
		return fmt.Errorf("%s (yaml: %s)", hint, msg)
	}
	if hint := valueWithKeysBelow(b); hint != "" {
		// yaml.v3 names the line of the section around it ("line
		// 29: did not find expected key" for an uncommented auth.ldap
		// example under "ldap: null"), not the line at fault.
		return fmt.Errorf("%s (yaml: %s)", hint, msg)
	}
	if hint := unclosedBracket(b); hint != "" {
		// yaml.v3 names the line where the mapping around it began
		// (or the first line of the file), not the bracket's.
		return fmt.Errorf("%s (yaml: %s)", hint, msg)
	}
	if hint := strayIndent(b); hint != "" {
		// Likewise for a key indented like none of the keys around
		// it (" state_dir:" after "  listen:" under "admin:").
		return fmt.Errorf("%s (yaml: %s)", hint, msg)
	}
	// yaml.v3's own words, with the German and what to look for
	// before them: "line 5: did not find expected ',' or ']'".
	de := "kein gültiges YAML"
	if line, _, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(line, "line ") {
		de = "Zeile " + strings.TrimPrefix(line, "line ") + ": kein gültiges YAML"
	}
	return errors.New(de + " (eine Klammer, ein Anführungszeichen oder ein Doppelpunkt fehlt oder ist zu viel?" + hint + ") / " + msg)
}

// YAMLSyntaxDE checks b, a YAML file that is not the configuration (the
// KI-Richtlinie's data.yaml), for a syntax error and says it as a
// configuration's is said (config check): German first, with the line at
// fault, yaml.v3's words after " / "; nil when b parses. Before, a DPO's
// misindented data.yaml was only OPA's "yaml: line 118: did not find
// expected key", naming the section's line.
func YAMLSyntaxDE(b []byte) error {
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return syntaxError(b, err, "")
	}
	return nil
}

// both is a message German first, the English after " / ", as every
// message an operator reads at the start (docs/operations.md §7).
func both(de, en string) string { return de + " / " + en }

// tabIndent finds a line indented with a tab, which YAML does not allow
// (yaml.v3: "found character that cannot start any token"), or "".
func tabIndent(b []byte) string {
	for i, l := range strings.Split(string(b), "\n") {
		if indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]; strings.Contains(indent, "\t") {
			return both(fmt.Sprintf("Zeile %d: mit einem Tabulator eingerückt: YAML rückt nur mit Leerzeichen ein", i+1),
				fmt.Sprintf("line %d: indented with a tab: YAML indents with spaces only", i+1))
		}
	}
	return ""
}

var (
	keyWithValue = regexp.MustCompile(`^(\s*)(?:-\s+)?([A-Za-z0-9_.-]+):\s+([^\s#].*)$`)
	keyLine      = regexp.MustCompile(`^(\s*)(?:-\s+)?[A-Za-z0-9_.-]+:(\s|$)`)
)

// valueWithKeysBelow finds the usual cause of a YAML syntax error in a
// configuration: a key with a value on its line ("ldap: null") and keys
// indented below it, as when the commented example of auth.ldap in the
// default file is uncommented. It returns what to do, or "".
func valueWithKeysBelow(b []byte) string {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		m := keyWithValue.FindStringSubmatch(strings.TrimRight(l, " \t\r"))
		if m == nil || strings.ContainsAny(m[3][:1], "[{|>\"'&*") {
			continue // a flow collection, block scalar or quoted value may go on below
		}
		for j, next := range lines[i+1:] {
			t := strings.TrimSpace(next)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			// Columns of the keys, after "- " on a list item's line,
			// where its other keys stand ("  - id: x", "    hosts: …").
			if n := keyLine.FindStringSubmatch(next); n != nil && keyColumn(next, n[1]) > keyColumn(l, m[1]) {
				value, _, _ := strings.Cut(m[3], " #")
				value = strings.TrimSpace(value)
				return both(fmt.Sprintf("Zeile %d: %s hat einen Wert (%s) und darunter eingerückte Schlüssel (Zeile %d): „%s:“ allein in die Zeile schreiben, damit er diese Schlüssel bekommt, oder sie weniger einrücken, wenn sie woanders hingehören",
					i+1, m[2], value, i+j+2, m[2]),
					fmt.Sprintf("line %d: %s has a value (%s) and keys indented below it (line %d): write \"%s:\" alone on its line to give it those keys, or indent them less if they belong elsewhere",
						i+1, m[2], value, i+j+2, m[2]))
			}
			break
		}
	}
	return ""
}

// unclosedBracket finds a value that opens a list or section in brackets
// ("[443", "{id: x") and does not close it before the next key at its
// level or the file's end. It returns what to do, or "".
func unclosedBracket(b []byte) string {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		m := keyWithValue.FindStringSubmatch(strings.TrimRight(l, " \t\r"))
		if m == nil {
			continue
		}
		if q := m[3][0]; (q == '"' || q == '\'') && !closedQuote(m[3][1:], q) {
			// The file did not parse: a quote left open swallowed the
			// lines below it ("found unexpected end of stream" at the
			// file's end).
			return both(fmt.Sprintf("Zeile %d: %s: das Anführungszeichen %c wird in der Zeile nicht geschlossen: %c am Ende des Werts ergänzen", i+1, m[2], q, q),
				fmt.Sprintf("line %d: %s: the quote %c is not closed on its line: add %c at the value's end", i+1, m[2], q, q))
		}
		if !strings.ContainsAny(m[3][:1], "[{") {
			continue
		}
		var open []byte
		quote := byte(0)
		v := m[3]
	scan:
		for k := 0; k < len(v); k++ {
			switch c := v[k]; {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '#' && k > 0 && v[k-1] == ' ':
				break scan
			case c == '[' || c == '{':
				open = append(open, c)
			case (c == ']' || c == '}') && len(open) > 0:
				open = open[:len(open)-1]
			}
		}
		if len(open) == 0 {
			continue
		}
		// A flow collection may go on over the lines below, indented
		// deeper than its key.
		deeper := false
		for _, next := range lines[i+1:] {
			if t := strings.TrimSpace(next); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			deeper = len(next)-len(strings.TrimLeft(next, " ")) > keyColumn(l, m[1])
			break
		}
		if deeper {
			continue
		}
		closing := map[byte]string{'[': "]", '{': "}"}[open[len(open)-1]]
		return both(fmt.Sprintf("Zeile %d: %s: die Klammer „%c“ wird nicht geschlossen: „%s“ am Ende des Werts ergänzen", i+1, m[2], open[len(open)-1], closing),
			fmt.Sprintf("line %d: %s: the bracket %q is not closed: add %q at the value's end", i+1, m[2], open[len(open)-1], closing))
	}
	return ""
}

// closedQuote reports whether rest, a value after its opening quote q,
// holds the closing one (in double quotes, not one escaped by \).
func closedQuote(rest string, q byte) bool {
	for k := 0; k < len(rest); k++ {
		switch {
		case q == '"' && rest[k] == '\\':
			k++
		case rest[k] == q:
			return true
		}
	}
	return false
}

// keyColumn is the column of the key of l, a key line indented by
// indent: after "- " for a list item's first key, where its other keys
// stand.
func keyColumn(l, indent string) int {
	return len(l) - len(strings.TrimLeft(strings.TrimPrefix(l[len(indent):], "-"), " "))
}

// strayIndent finds a key indented like no key of the sections around it:
// deeper than the key before it although that one has a value on its
// line, or between two levels ("admin:", "  listen: …", " state_dir: …").
// It returns what to do, or "". Lines that are no "key:" line (list
// items, comments, values of a flow collection or block scalar going on)
// are passed over.
func strayIndent(b []byte) string {
	levels := []int{} // the indents of the keys of the open sections
	opens := false    // the last key line opened a section (no value on its line)
	for i, l := range strings.Split(string(b), "\n") {
		l = strings.TrimRight(l, " \t\r")
		m := keyLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		indent := keyColumn(l, m[1])
		deeper := -1 // the level of the section just closed, if any
		for len(levels) > 0 && levels[len(levels)-1] > indent {
			deeper = levels[len(levels)-1]
			levels = levels[:len(levels)-1]
		}
		top := -1
		if len(levels) > 0 {
			top = levels[len(levels)-1]
		}
		switch {
		case indent == top:
		case opens || top < 0:
			levels = append(levels, indent)
		default:
			want := fmt.Sprintf("by %d spaces like the key above it", top)
			wantDE := fmt.Sprintf("mit %d Leerzeichen wie den Schlüssel darüber", top)
			if deeper >= 0 {
				want = fmt.Sprintf("by %d spaces (a key of the section above it) or %d (a key beside that section)", deeper, top)
				wantDE = fmt.Sprintf("mit %d Leerzeichen (ein Schlüssel des Abschnitts darüber) oder %d (ein Schlüssel neben diesem Abschnitt)", deeper, top)
			}
			return both(fmt.Sprintf("Zeile %d: mit %d Leerzeichen eingerückt, was zu keinem Abschnitt ringsum passt: %s einrücken", i+1, indent, wantDE),
				fmt.Sprintf("line %d: indented by %d spaces, which matches no section around it: indent it %s", i+1, indent, want))
		}
		_, value, _ := strings.Cut(l[indent:], ":")
		value = strings.TrimSpace(value)
		opens = value == "" || strings.HasPrefix(value, "#")
	}
	return ""
}

// unknownKey says that key, read on line in the section of the struct
// type typ, is unknown, where it was read and, when it is a key of another
// section (indented under the wrong one) or close to a key of this one (a
// typo), what was probably meant.
func unknownKey(line, key, typ string) string {
	msg := fmt.Sprintf("line %s: unknown key %q", line, key)
	de := fmt.Sprintf("Zeile %s: unbekannter Schlüssel „%s“", line, key)
	// The section it was read in: a key indented under the wrong one is
	// documented, and "unknown" alone puzzles.
	if sec := sections()[typ]; sec != "" {
		msg += " in " + sec
		de += " in " + sectionDE(sec)
	}
	var elsewhere []string
	for t, keys := range sectionKeys() {
		if t != typ && slices.Contains(keys, key) {
			sec := sections()[t]
			if sec == "" {
				sec = "the top level"
			}
			elsewhere = append(elsewhere, sec)
		}
	}
	if len(elsewhere) > 0 {
		slices.Sort(elsewhere)
		var elsewhereDE []string
		for _, sec := range elsewhere {
			elsewhereDE = append(elsewhereDE, sectionDE(sec))
		}
		return both(de+fmt.Sprintf(" (ein Schlüssel von %s: unter dem falschen Abschnitt eingerückt?)", strings.Join(elsewhereDE, " und ")),
			msg+fmt.Sprintf(" (it is a key of %s: indented under the wrong section?)", strings.Join(elsewhere, " and ")))
	}
	if best := Nearest(strings.ToLower(key), sectionKeys()[typ]); best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
		de += fmt.Sprintf(" (gemeint ist wohl „%s“)", best)
	} else {
		de += " (schleuse config default zeigt alle Schlüssel)"
	}
	return both(de, msg)
}

// sectionDE is a section as sections names it, in German: "auth.ldap"
// stays, "an entry of services" is "einem Eintrag von services".
func sectionDE(sec string) string {
	switch {
	case sec == "the top level":
		return "der obersten Ebene"
	case strings.HasPrefix(sec, "an entry of "):
		return "einem Eintrag von " + strings.TrimPrefix(sec, "an entry of ")
	}
	return sec
}

// Nearest is the option that a typo of word probably meant, "" for none:
// at most two edits, and about a third of the option at most ("lisen" is
// listen, "lvl" level, but "ttl" is no "url"). An unknown key and a
// services entry naming no built-in service ("deepsek-web") ask it.
func Nearest(word string, options []string) string {
	best, bestD := "", 3
	for _, k := range options {
		if d := editDistance(word, k); d < bestD && 3*d <= len(k)+1 {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// typeMismatch is yaml.v3's message for a value of the wrong type:
// "line 7: cannot unmarshal !!str `ja` into bool" (a value longer than 10
// bytes cut to 7 and "...", none for a mapping or a list).
var typeMismatch = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")

// wrongType rewrites one of yaml.v3's type errors in the words of the file:
// the key, the value as written and what the key wants, e.g.
// `line 7: inspect.scan_history: "ja" is not true or false`. Other
// messages (a size: line 6: "zehn" is not a size) get the key put in
// front. root is the file's node tree, to find the key by its line.
func wrongType(msg string, root *yaml.Node) string {
	sm := typeMismatch.FindStringSubmatch(msg)
	if sm == nil {
		line, rest, ok := strings.Cut(msg, ": ")
		n, err := strconv.Atoi(strings.TrimPrefix(line, "line "))
		if !ok || err != nil || !strings.HasPrefix(line, "line ") {
			return msg
		}
		restDE := rest
		if v, ok := strings.CutSuffix(rest, " is not a size (e.g. 10MiB)"); ok { // ByteSize
			uq, _ := strconv.Unquote(v)
			restDE = fmt.Sprintf("„%s“ ist keine Größe (z. B. 10MiB, 512KiB, 1GiB)", uq)
		}
		if key, _ := keyAt(root, n, yaml.ScalarNode, ""); key != "" {
			return both(fmt.Sprintf("Zeile %d: %s: %s", n, key, restDE), fmt.Sprintf("%s: %s: %s", line, key, rest))
		}
		return both(fmt.Sprintf("Zeile %d: %s", n, restDE), msg)
	}
	n, _ := strconv.Atoi(sm[1])
	tag, short, into := sm[2], sm[3], sm[4]
	kind := yaml.ScalarNode
	switch tag {
	case "map":
		kind = yaml.MappingNode
	case "seq":
		kind = yaml.SequenceNode
	}
	key, _ := keyAt(root, n, kind, strings.TrimSuffix(short, "..."))
	// The value as yaml.v3 shows it, cut after 7 bytes when longer than
	// 10: never more of it, as a value in the wrong place can be a
	// password (upstream.proxy's login, auth.ldap.bind_password).
	got, gotDE := strconv.Quote(short), "„"+short+"“"
	switch tag {
	case "map":
		got, gotDE = "a section (key: value pairs)", "ein Abschnitt (Schlüssel: Wert)"
	case "seq":
		got, gotDE = "a list", "eine Liste"
	}
	var want, wantDE string
	switch {
	case into == "bool":
		want, wantDE = "is not true or false", "ist nicht true oder false"
	case into == "time.Duration":
		want = "is not a duration: write a number with its unit, e.g. 30s, 5m, 2h (a year: 8760h)"
		wantDE = "ist keine Dauer: eine Zahl mit ihrer Einheit schreiben, z. B. 30s, 5m, 2h (ein Jahr: 8760h)"
	case into == "float64":
		want, wantDE = "is not a number", "ist keine Zahl"
	case strings.HasPrefix(into, "int") || strings.HasPrefix(into, "uint"):
		want, wantDE = "is not a whole number", "ist keine ganze Zahl"
	case into == "string":
		want = "is not a single value: write it as text (in quotes if it has a colon or starts with [ or {)"
		wantDE = "ist kein einzelner Wert: als Text schreiben (in Anführungszeichen, wenn er einen Doppelpunkt enthält oder mit [ oder { beginnt)"
	case strings.HasPrefix(into, "[]config."):
		want = "is not a list: each entry starts with \"- \" (e.g. \"- id: x\", its other keys indented below it)"
		wantDE = "ist keine Liste: jeder Eintrag beginnt mit „- “ (z. B. „- id: x“, seine anderen Schlüssel darunter eingerückt)"
	case strings.HasPrefix(into, "[]"):
		want, wantDE = "is not a list: write it in brackets, e.g. [a, b]", "ist keine Liste: in eckigen Klammern schreiben, z. B. [a, b]"
		if tag != "map" && tag != "seq" && !strings.HasSuffix(short, "...") {
			want = fmt.Sprintf("is not a list: write it in brackets, [%s]", short)
			wantDE = fmt.Sprintf("ist keine Liste: in eckigen Klammern schreiben, [%s]", short)
		}
	case strings.HasPrefix(into, "map["):
		want = "is not a section of key: value pairs, e.g. {a: b} or the pairs indented on the lines below"
		wantDE = "ist kein Abschnitt aus Schlüssel-Wert-Paaren, z. B. {a: b} oder die Paare in den Zeilen darunter eingerückt"
	case strings.HasPrefix(into, "config.") || strings.HasPrefix(into, "*config."):
		want = "is no value for a section: write its keys indented on the lines below it (schleuse config default shows them)"
		wantDE = "ist kein Wert für einen Abschnitt: seine Schlüssel in den Zeilen darunter eingerückt schreiben (schleuse config default zeigt sie)"
	default:
		want, wantDE = "is not a "+into, "ist kein "+into
	}
	if key == "" {
		return both(fmt.Sprintf("Zeile %d: %s %s", n, gotDE, wantDE), fmt.Sprintf("line %d: %s %s", n, got, want))
	}
	return both(fmt.Sprintf("Zeile %d: %s: %s %s", n, key, gotDE, wantDE), fmt.Sprintf("line %d: %s: %s %s", n, key, got, want))
}

// keyAt finds the value of kind on line in the file's node tree and returns
// its key as the documentation writes it ("inspect.scan_history",
// "services[0].mode") and the value's node. Of several values on one line
// (a flow mapping) the one whose value starts with prefix wins.
func keyAt(root *yaml.Node, line int, kind yaml.Kind, prefix string) (string, *yaml.Node) {
	var bestKey string
	var best *yaml.Node
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if n.Line == line && n.Kind == kind && path != "" && (best == nil || (!strings.HasPrefix(best.Value, prefix) && strings.HasPrefix(n.Value, prefix))) {
			bestKey, best = path, n
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(root, "")
	return bestKey, best
}

// sectionKeys maps the name of each struct type of Config (as sections
// does) to the keys it takes.
var sectionKeys = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if _, seen := m[t.Name()]; seen {
			return
		}
		m[t.Name()] = nil
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			m[t.Name()] = append(m[t.Name()], name)
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft.PkgPath() == t.PkgPath() {
				walk(ft)
			}
		}
	}
	walk(reflect.TypeFor[Config]())
	return m
})

// sections maps the name of each struct type of Config to where it stands
// in the file ("Admin" → "admin", "LDAP" → "auth.ldap", "Service" → "an
// entry of services"); Config itself, the top level, is "".
var sections = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			ft, p := f.Type, path+name
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Slice {
				ft, p = ft.Elem(), "an entry of "+p
			}
			if ft.Kind() == reflect.Struct && ft.PkgPath() == t.PkgPath() {
				if _, seen := m[ft.Name()]; !seen {
					m[ft.Name()] = p
					walk(ft, p+".")
				}
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return m
})

// TypeError is one key of a file that could not be decoded (unknown, or a
// value of the wrong type); the rest of the file was.
type TypeError struct{ msg string }

func (e *TypeError) Error() string { return e.msg }

// ServerPath is where the service's configuration lives (deploy/README.md).
const ServerPath = "/etc/schleuse/schleuse.yaml"

// readError is the error of a configuration file that cannot be read,
// German first: one that does not exist (with where the service's is), one
// this account may not read, and Go's words after " / ". Before, run,
// config check and the ca commands said "config: open F: no such file or
// directory" alone.
func readError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		hint := "Pfad prüfen"
		if path != ServerPath {
			hint += "; auf dem Server meist " + ServerPath
		}
		return fmt.Errorf("Die Konfigurationsdatei %s gibt es nicht (%s) / config: %w", path, hint, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("Die Konfigurationsdatei %s ist für dieses Benutzerkonto nicht lesbar (sudo -u schleuse … oder als root) / config: %w", path, err)
	}
	return fmt.Errorf("Die Konfigurationsdatei %s lässt sich nicht lesen / config: %w", path, err)
}

// Check reads and validates the file at path as Load does, but goes on
// past errors: it returns the configuration as far as it could be decoded
// (nil only when the file cannot be read or is no YAML at all) and every
// error, each naming its line or key, so that `config check` can also
// check the files the configuration refers to and report all in one run.
func Check(path string) (*Config, []error) {
	if path == "" {
		return Default(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, []error{readError(path, err)}
	}
	c, err := parse(defaultYAML, "default.yaml")
	if err != nil {
		return nil, []error{err}
	}
	var errs []error
	if err := decodeStrict(b, c); err != nil {
		errs = unjoin(err)
		for _, e := range errs {
			var te *TypeError
			if !errors.As(e, &te) {
				return nil, errs // not YAML: nothing was decoded
			}
		}
	}
	c.SetsNothing = setsNothing(b)
	c.upgrade()
	if err := c.Validate(); err != nil {
		errs = append(errs, unjoin(err)...)
	}
	return c, keyLines(b, errs)
}

// lineError is an error of Validate with the line of the key it names.
type lineError struct {
	line int
	msg  string
	err  error
}

func (e *lineError) Error() string { return e.msg }
func (e *lineError) Unwrap() error { return e.err }

var lineRE = regexp.MustCompile(`^Zeile (\d+): `)

// keyLines puts the line of its key in the file b before each error that
// names a key the file sets ("Zeile 5: log.level: … / line 5: log.level:
// …"), as the errors of reading the file have theirs, and orders errs by
// line, those without one (a key the file leaves out) last. Before, the
// errors of Validate named the key alone, after the others.
func keyLines(b []byte, errs []error) []error {
	var root yaml.Node
	if yaml.Unmarshal(b, &root) != nil {
		return errs
	}
	lineOf := func(e error) int {
		var le *lineError
		if errors.As(e, &le) {
			return le.line
		}
		if m := lineRE.FindStringSubmatch(e.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		return 0
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
		msg := e.Error()
		key, _, ok := strings.Cut(msg, ": ")
		if !ok || strings.ContainsAny(key, " „\"") || lineOf(e) != 0 {
			continue
		}
		n := lineOfKey(&root, key)
		if n == 0 {
			continue
		}
		de, en, found := strings.Cut(msg, " / "+key+": ")
		if found {
			msg = fmt.Sprintf("Zeile %d: %s / line %d: %s: %s", n, de, n, key, en)
		} else {
			msg = fmt.Sprintf("Zeile %d: %s", n, msg)
		}
		out[i] = &lineError{line: n, msg: msg, err: e}
	}
	slices.SortStableFunc(out, func(a, b error) int {
		la, lb := lineOf(a), lineOf(b)
		switch {
		case la == lb:
			return 0
		case la == 0:
			return 1
		case lb == 0:
			return -1
		}
		return la - lb
	})
	return out
}

// lineOfKey is the line of the dotted key ("log.level", "auth.networks.x")
// in the file's node tree, 0 when the file does not set it.
func lineOfKey(root *yaml.Node, key string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	line := 0
	for _, part := range strings.Split(key, ".") {
		if n.Kind != yaml.MappingNode {
			return 0
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line, next = n.Content[i].Line, n.Content[i+1]
			}
		}
		if next == nil {
			return 0
		}
		n = next
	}
	return line
}

// setsNothing reports whether the YAML b holds no setting: no document,
// only comments, or a document that is null ("---", "~").
func setsNothing(b []byte) bool {
	var n yaml.Node
	if yaml.Unmarshal(b, &n) != nil {
		return false
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = *n.Content[0]
	}
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// unjoin returns the errors that errors.Join joined into err, or err.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// Validate checks values that parse but cannot work. Errors name the key.
func (c *Config) Validate() error {
	var errs []error
	// German first, the English after " / ", each with the key, as every
	// start error an operator reads (the arguments are shared: „%s“ in
	// the German where the English has %q).
	bad := func(key, de, en string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s / %s: %s", key, fmt.Sprintf(de, a...), key, fmt.Sprintf(en, a...)))
	}
	const hostPortDE = "„%s“ ist keine Adresse der Form Host:Port mit einem Port von 0 bis 65535 (z. B. 127.0.0.1:3128)"
	if err := checkHostPort(c.Listen); err != nil {
		bad("listen", hostPortDE+"%.0v", "%q %v", c.Listen, err)
	}
	if err := checkHostPort(c.Admin.Listen); err != nil {
		bad("admin.listen", hostPortDE+"%.0v", "%q %v", c.Admin.Listen, err)
	}
	if samePort(c.Listen, c.Admin.Listen) {
		bad("admin.listen", "muss einen anderen Port haben als listen (%s und %s teilen sich einen)", "must differ from listen (%s and %s share a port)", c.Admin.Listen, c.Listen)
	}
	if c.StateDir == "" {
		bad("state_dir", "darf nicht leer sein (z. B. /var/lib/schleuse)", "must not be empty")
	}
	for from, to := range c.Upstream.Resolve {
		if err := checkHostPort(from); err != nil {
			bad("upstream.resolve", "der Schlüssel "+hostPortDE+"%.0v", "key %q %v", from, err)
		}
		if err := checkHostPort(to); err != nil {
			bad("upstream.resolve", "„%s“: das Ziel „%s“ ist keine Adresse der Form IP:Port (z. B. 127.0.0.1:8443)%.0v", "%q: target %q %v", from, to, err)
		}
	}
	if _, err := c.Upstream.ParentProxy(); err != nil {
		if strings.Contains(err.Error(), " / ") { // said German first already
			errs = append(errs, fmt.Errorf("upstream.proxy: %w", err))
		} else {
			bad("upstream.proxy", "kein übergeordneter Proxy, wie schleuse ihn braucht: http://Host:Port oder http://Nutzer:Passwort@Host:Port (@ : / ? # %% und Leerzeichen in Nutzer und Passwort prozentkodiert)%.0v", "%v", err)
		}
	}
	if c.Audit.Store != "sqlite" && !strings.HasPrefix(c.Audit.Store, "postgres://") && !strings.HasPrefix(c.Audit.Store, "postgresql://") {
		bad("audit.store", "„%s“ ist weder sqlite noch eine postgres://-URL (z. B. postgres://schleuse:…@db.stadt.intern:5432/schleuse?sslmode=verify-full)", "%q is neither \"sqlite\" nor a postgres:// URL", c.Audit.Store)
	}
	for _, cidr := range c.Auth.AllowedClients {
		if _, err := netip.ParsePrefix(cidr); err != nil {
			bad("auth.allowed_clients", cidrDE, "%q is not a CIDR", cidr)
		}
	}
	for _, cidr := range c.Auth.TrustedProxies {
		if _, err := netip.ParsePrefix(cidr); err != nil {
			bad("auth.trusted_proxies", cidrDE, "%q is not a CIDR", cidr)
		}
	}
	for g, cidrs := range c.Auth.Networks {
		for _, cidr := range cidrs {
			if _, err := netip.ParsePrefix(cidr); err != nil {
				bad("auth.networks."+g, cidrDE, "%q is not a CIDR", cidr)
			}
		}
	}
	if l := c.Auth.LDAP; l != nil && l.BaseDN != "" && !distinguishedName(l.BaseDN) {
		// "OU Mitarbeitende DC stadt" (the "=" left out) was taken, and
		// every lookup failed, which blocks every request (fail closed).
		bad("auth.ldap.base_dn", "„%s“ ist kein DN: jeder Teil hat die Form Attribut=Wert, die Teile durch Kommas getrennt (z. B. OU=Mitarbeitende,DC=stadt,DC=intern)",
			"%q is no distinguished name: want attribute=value parts separated by commas, e.g. OU=Staff,DC=city,DC=local", l.BaseDN)
	}
	if c.Auth.TrustedHeader != "" && len(c.Auth.TrustedProxies) == 0 {
		bad("auth.trusted_header", "braucht auth.trusted_proxies (die Adressen des vorgeschalteten Anmelde-Proxys, dem der Header geglaubt wird)", "needs auth.trusted_proxies")
	}
	if c.Inspect.MaxBodyBytes <= 0 {
		bad("inspect.max_body_bytes", "muss größer als 0 sein (Standard 10MiB)", "must be positive")
	}
	if c.Inspect.MaxDecodedBytes < c.Inspect.MaxBodyBytes {
		bad("inspect.max_decoded_bytes", "muss mindestens inspect.max_body_bytes sein", "must be at least inspect.max_body_bytes")
	}
	// The detectors and the text folding keep offsets into a scanned text
	// as int32: a larger text would wrap them, and a redaction would miss
	// its value. 1 GiB is far above any prompt and keeps them exact.
	for _, s := range []struct {
		key string
		v   ByteSize
	}{
		{"inspect.max_body_bytes", c.Inspect.MaxBodyBytes}, {"inspect.max_decoded_bytes", c.Inspect.MaxDecodedBytes},
		{"inspect.max_websocket_frame", c.Inspect.MaxWebSocketFrame},
	} {
		if s.v > MaxInspectBytes {
			bad(s.key, "%d Bytes sind mehr, als schleuse prüfen kann (höchstens 1GiB)", "%d bytes is more than schleuse can inspect (at most 1GiB)", s.v)
		}
	}
	switch c.Inspect.UnknownRequests {
	case "block", "scan":
	default:
		bad("inspect.unknown_requests", "„%s“ ist weder block noch scan", "%q is neither block nor scan", c.Inspect.UnknownRequests)
	}
	if c.Client.HeaderTimeout <= 0 || c.Client.BodyTimeout <= 0 || c.Client.IdleTimeout <= 0 || c.Client.TunnelIdleTimeout <= 0 {
		bad("client", "header_timeout, body_timeout, idle_timeout und tunnel_idle_timeout müssen größer als 0 sein (eine Dauer mit Einheit, z. B. 30s)", "header_timeout, body_timeout, idle_timeout and tunnel_idle_timeout must be positive")
	}
	// A negative duration would silently mean "never" (no timeout, keep
	// records forever) or "at once" (pseudonyms gone before the answer).
	for _, d := range []struct {
		key string
		v   time.Duration
	}{
		{"upstream.dial_timeout", c.Upstream.DialTimeout}, {"audit.retention", c.Audit.Retention},
		{"pseudonym.ttl", c.Pseudonym.TTL}, {"shutdown.grace", c.Shutdown.Grace},
	} {
		if d.v < 0 {
			bad(d.key, "%s darf nicht negativ sein (0: siehe schleuse config default)", "%s must not be negative", d.v)
		}
	}
	if c.Policy.EvaluationTimeout < 10*time.Millisecond || c.Policy.EvaluationTimeout > time.Minute {
		bad("policy.evaluation_timeout", "%s liegt nicht zwischen 10ms und 1m (die Obergrenze einer Auswertung der Richtlinie; Standard 2s)", "%s is not from 10ms to 1m (the bound of one policy evaluation; default 2s)", c.Policy.EvaluationTimeout)
	}
	if c.Upstream.ResponseTimeout <= 0 {
		bad("upstream.response_timeout", "muss größer als 0 sein (so lange wird auf die Antwort des KI-Dienstes gewartet, dann 504; Standard 120s)", "must be positive (the time to wait for the AI service's answer, then 504)")
	}
	if c.Pseudonym.MaxConversations < 0 {
		// A file's is read as before (upgrade); this is for a Config
		// made otherwise.
		bad("pseudonym.max_conversations", "darf nicht negativ sein (0: der Standard, 10000)", "must not be negative (0: the default, 10000)")
	}
	if c.Client.MaxConnectionsPerAddress < 0 {
		bad("client.max_connections_per_address", "darf nicht negativ sein (0: keine Grenze)", "must not be negative (0: no bound)")
	}
	if c.Client.WebSocketMessagesPerMinute < 0 {
		bad("client.websocket_messages_per_minute", "darf nicht negativ sein (0: keine Grenze)", "must not be negative (0: no bound)")
	}
	if c.Client.WebSocketMessagesPerMinutePerAddress < 0 {
		bad("client.websocket_messages_per_minute_per_address", "darf nicht negativ sein (0: keine Grenze)", "must not be negative (0: no bound)")
	}
	if c.Client.MaxHeaderBytes < 4<<10 {
		bad("client.max_header_bytes", "muss mindestens 4KiB sein", "must be at least 4KiB")
	}
	for _, p := range c.Connect.AllowedPorts {
		if p <= 0 || p > 65535 {
			bad("connect.allowed_ports", "%d ist kein Port (1 bis 65535)", "%d is not a port", p)
		}
	}
	for i, s := range c.Services {
		key := fmt.Sprintf("services[%d]", i)
		if s.ID == "" {
			bad(key+".id", "fehlt (jeder Eintrag unter services braucht eine id)", "missing")
		}
		for j, p := range s.Paths {
			if !strings.HasPrefix(p, "/") || p == "/" {
				bad(fmt.Sprintf("%s.paths[%d]", key, j), "„%s“ muss ein Pfad wie /duckchat/ sein", "%q must be a path such as /duckchat/", p)
			}
		}
		if n := len([]rune(s.Name)); n > 80 || strings.ContainsFunc(s.Name, unicode.IsControl) {
			bad(key+".name", "muss eine Zeile mit höchstens 80 Zeichen sein (der Name, den die Beschäftigten im Hinweis lesen)", "must be one line of at most 80 characters (the name staff see in a notice)")
		}
		switch s.Mode {
		case "inspect", "tunnel", "block":
		default:
			bad(key+".mode", "„%s“ ist nicht inspect, tunnel oder block", "%q is not inspect, tunnel or block", s.Mode)
		}
	}
	if c.Notice.ValidFor < time.Hour || c.Notice.ValidFor > MaxNoticeValidFor {
		bad("notice.valid_for", "%s liegt nicht zwischen 1h und 9600h (400 Tage, länger behält ein Browser das Cookie nicht); Standard 8760h", "%s is not from 1h to 9600h (400 days, the longest a browser keeps the cookie); default 8760h", c.Notice.ValidFor)
	}
	if err := checkPolicyURL(c.Notice.PolicyURL); err != nil {
		bad("notice.policy_url", "keine http(s)-Adresse wie https://intranet.stadt.example/ki-richtlinie (ohne Leerzeichen)%.0v", "%v", err)
	}
	if n := len([]rune(c.Notice.Contact)); n > 300 {
		bad("notice.contact", "ist %d Zeichen lang; höchstens 300 (ein Name, eine E-Mail-Adresse, eine Telefonnummer)", "is %d characters long; at most 300 (a name, an e-mail address, a telephone number)", n)
	}
	if strings.ContainsFunc(c.Notice.Contact, unicode.IsControl) {
		bad("notice.contact", "muss eine Zeile ohne Steuerzeichen sein", "must be one line without control characters")
	}
	switch c.Notice.Redacted {
	case RedactedWeb, RedactedAll, RedactedOff:
	default:
		bad("notice.redacted", "„%s“ ist nicht web, all oder off (web: der Hinweis auf ersetzte Angaben steht in den Antworten der Chat-Web-Apps; all: auch der APIs; off: nirgends)", "%q is not web, all or off", c.Notice.Redacted)
	}
	switch c.PAC.Mode {
	case "catalogue", "all":
	default:
		bad("pac.mode", "„%s“ ist weder catalogue noch all", "%q is neither catalogue nor all", c.PAC.Mode)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "„%s“ ist nicht debug, info, warn oder error", "%q is not debug, info, warn or error", c.Log.Level)
	}
	return errors.Join(errs...)
}

// cidrDE says in German that a value is no CIDR ("„%s“" for its value).
const cidrDE = "„%s“ ist kein Netz in CIDR-Schreibweise (z. B. 10.0.0.0/8 oder 192.168.1.10/32)"

// checkPolicyURL reports why u is no link the notice can show: it must be
// an absolute http or https URL with a host ("" is none).
func checkPolicyURL(u string) error {
	if u == "" {
		return nil
	}
	if strings.ContainsFunc(u, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return fmt.Errorf("%q contains spaces or control characters", u)
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.User != nil {
		return fmt.Errorf("%q is not an http(s) address such as https://intranet.stadt.example/ki-richtlinie", u)
	}
	return nil
}

// checkHostPort reports why addr is no host:port a listener or a dial
// takes: not of that form, or a port that is no number from 0 to 65535
// ("127.0.0.1:99999" parsed, and the listener failed only at start).
func checkHostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("is not host:port")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("has no port from 0 to 65535 (%q)", port)
	}
	return nil
}

// samePort reports whether two listen addresses collide: the same host and
// port, or the same port where one of them listens on all interfaces.
func samePort(a, b string) bool {
	ha, pa, errA := net.SplitHostPort(a)
	hb, pb, errB := net.SplitHostPort(b)
	if errA != nil || errB != nil {
		return a == b
	}
	if pa != pb || pa == "0" {
		return false
	}
	all := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }
	return ha == hb || all(ha) || all(hb)
}

// ByteSize is a size in bytes that reads "10MiB", "512KiB", "1GB" or a plain number.
type ByteSize int64

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		// A *yaml.TypeError lets the decoder go on with the other keys.
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*s = v
	return nil
}

// ParseByteSize parses a size like "10MiB".
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size (e.g. 10MiB)", s)
	}
	return ByteSize(n * mult), nil
}
