package identity

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/jcmturner/gokrb5/v8/spnego"
)

// Identity is who sent a request. It holds a real user name: the proxy
// pseudonymises it before it reaches a log, a span, a metric or the audit
// record.
type Identity struct {
	User          string   // "" when anonymous
	Groups        []string // sorted, without duplicates
	Authenticated bool     // true when User was verified (basic, kerberos) or vouched for (header)
	Source        string   // SourceBasic, SourceKerberos, SourceHeader or SourceIP

	// With the LDAP lookup: the groups that did not come from the
	// directory (network, trusted header) and when the directory's are to
	// be looked at again (Regroup).
	otherGroups []string
	dirUntil    time.Time
}

// Identity sources.
const (
	SourceBasic    = "basic"    // Proxy-Authorization: Basic checked against the htpasswd file
	SourceKerberos = "kerberos" // Proxy-Authorization: Negotiate, a Kerberos ticket checked with the keytab
	SourceHeader   = "header"   // trusted header from an authenticating proxy in front
	SourceIP       = "ip"       // anonymous; groups from the client address only
)

// DefaultRealm is the realm text browsers show in their login prompt.
const DefaultRealm = "schleuse – Anmeldung mit Ihrem Dienstkonto"

// DefaultAllowedClients are the client ranges served when Config.AllowedClients
// is empty: loopback and private ranges, never the public internet.
var DefaultAllowedClients = []string{
	"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7",
}

// Config selects the identity sources. The zero value serves loopback and
// private clients anonymously.
type Config struct {
	// Htpasswd is the path of an htpasswd file with bcrypt hashes ($2a$,
	// $2b$, $2y$); other schemes are rejected. "" = no proxy authentication.
	Htpasswd string
	// Realm is shown in the browser's login prompt; "" = DefaultRealm.
	Realm string
	// TrustedHeader names the header with the user name set by an
	// authenticating proxy in front (e.g. X-Authenticated-User). It is
	// accepted ONLY from TrustedProxies and ignored from everyone else. The
	// proxy must strip it (and GroupsHeader) before forwarding upstream.
	TrustedHeader string
	// GroupsHeader names the comma-separated groups header that goes with
	// TrustedHeader (e.g. X-Authenticated-Groups). Same trust rule.
	GroupsHeader string
	// TrustedProxies are the CIDRs (or single addresses) allowed to set
	// TrustedHeader and GroupsHeader.
	TrustedProxies []string
	// Networks maps a group name to CIDRs: a client inside one of them is in
	// the group.
	Networks map[string][]string
	// AllowedClients are the CIDRs allowed to use the proxy; empty =
	// DefaultAllowedClients.
	AllowedClients []string
	// LDAP enables the directory group lookup for authenticated users; nil = off.
	LDAP *LDAPConfig
	// Kerberos enables proxy login by Kerberos single sign-on (Negotiate);
	// nil = off. With Htpasswd too, both are offered.
	Kerberos *KerberosConfig

	// MaxFailures is the number of wrong passwords for one user name from
	// one client address after which that user's logins from that address
	// are refused for Backoff; 0 = 5.
	MaxFailures int
	// MaxUserFailures is the same for one user name from all addresses
	// together (guessing one account from many); 0 = 4 × MaxFailures, so
	// that one client cannot lock a user out everywhere.
	MaxUserFailures int
	// MaxClientFailures is the same for one client address and all user
	// names together (guessing many accounts from one), set higher because
	// terminal servers and NAT put many users behind one address, whose
	// mistyped passwords must not lock each other out; 0 = 10 × MaxFailures.
	MaxClientFailures int
	// FailureWindow is the span in which failures are counted; 0 = 10 minutes.
	FailureWindow time.Duration
	// Backoff is how long logins are refused after MaxFailures; 0 = 1 minute.
	// It doubles with every further failure, up to 32 × Backoff.
	Backoff time.Duration
	// CredentialCacheTTL is how long a verified password is remembered (as a
	// keyed hash) so that bcrypt does not run on every request; 0 = 5 minutes,
	// negative = never cache.
	CredentialCacheTTL time.Duration
}

// Authenticator identifies clients. It is safe for concurrent use.
type Authenticator struct {
	realm          string
	trustedHeader  string
	groupsHeader   string
	trustedProxies []netip.Prefix
	allowed        []netip.Prefix
	networks       []groupNet

	htpasswd *htpasswdFile // nil = no Basic proxy authentication
	kerberos *kerberos     // nil = no Negotiate proxy authentication
	limiter  *limiter
	creds    *credCache
	ldap     *ldapLookup // nil = off

	now func() time.Time
}

type groupNet struct {
	group  string
	prefix netip.Prefix
}

// New checks cfg, reads the htpasswd file and prepares the LDAP lookup (it
// does not contact the directory). The htpasswd file is re-read when it
// changes (checked at most every two seconds) or on Reload.
func New(cfg Config) (*Authenticator, error) {
	a := &Authenticator{
		realm:         cfg.Realm,
		trustedHeader: http.CanonicalHeaderKey(strings.TrimSpace(cfg.TrustedHeader)),
		groupsHeader:  http.CanonicalHeaderKey(strings.TrimSpace(cfg.GroupsHeader)),
		now:           time.Now,
	}
	if a.realm == "" {
		a.realm = DefaultRealm
	}
	var err error
	if a.trustedProxies, err = parsePrefixes(cfg.TrustedProxies); err != nil {
		return nil, configErr("trusted_proxies", err)
	}
	if a.trustedHeader == "" && a.groupsHeader != "" {
		return nil, configErr("groups_header", errors.New("gesetzt ohne trusted_header: die Gruppen kommen mit dem Benutzernamen vom Proxy vor schleuse; beide setzen oder keinen / set without trusted_header: the groups come with the user name from the proxy in front of schleuse; set both or neither"))
	}
	if a.trustedHeader != "" && len(a.trustedProxies) == 0 {
		return nil, configErr("trusted_header", errors.New("gesetzt, aber trusted_proxies ist leer: der Header würde nie angenommen; die Adresse des Proxys vor schleuse unter trusted_proxies eintragen / set, but trusted_proxies is empty: the header would never be accepted; list the address of the proxy in front of schleuse in trusted_proxies"))
	}
	allowed := cfg.AllowedClients
	if len(allowed) == 0 {
		allowed = DefaultAllowedClients
	}
	if a.allowed, err = parsePrefixes(allowed); err != nil {
		return nil, configErr("allowed_clients", err)
	}
	groups := make([]string, 0, len(cfg.Networks))
	for g := range cfg.Networks {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for _, g := range groups {
		if err := validGroup(g); err != nil {
			return nil, configErr("networks", err)
		}
		ps, err := parsePrefixes(cfg.Networks[g])
		if err != nil {
			return nil, configErr("networks."+g, err)
		}
		for _, p := range ps {
			a.networks = append(a.networks, groupNet{group: g, prefix: p})
		}
	}

	maxFail := cfg.MaxFailures
	if maxFail <= 0 {
		maxFail = 5
	}
	window := cfg.FailureWindow
	if window <= 0 {
		window = 10 * time.Minute
	}
	backoff := cfg.Backoff
	if backoff <= 0 {
		backoff = time.Minute
	}
	maxUser := cfg.MaxUserFailures
	if maxUser <= 0 {
		maxUser = 4 * maxFail
	}
	maxClient := cfg.MaxClientFailures
	if maxClient <= 0 {
		maxClient = 10 * maxFail
	}
	a.limiter = newLimiter(maxFail, maxUser, maxClient, window, backoff)
	credTTL := cfg.CredentialCacheTTL
	if credTTL == 0 {
		credTTL = 5 * time.Minute
	}
	a.creds = newCredCache(credTTL)

	if cfg.Htpasswd != "" {
		if a.htpasswd, err = loadHtpasswd(cfg.Htpasswd); err != nil {
			return nil, err
		}
	}
	if cfg.Kerberos != nil {
		if a.kerberos, err = newKerberos(*cfg.Kerberos); err != nil {
			return nil, err
		}
	}
	if cfg.LDAP != nil {
		if a.ldap, err = newLDAPLookup(*cfg.LDAP); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Reload re-reads the htpasswd file and the Kerberos keytab now. On error
// the previous users and keys stay in force. Without either it does nothing.
func (a *Authenticator) Reload() error {
	var errs []error
	if a.htpasswd != nil {
		a.creds.clear()
		errs = append(errs, a.htpasswd.reload())
	}
	if a.kerberos != nil {
		errs = append(errs, a.kerberos.reload())
	}
	return errors.Join(errs...)
}

// Realm returns the configured realm text, for Challenge.
func (a *Authenticator) Realm() string { return a.realm }

// AuthRequired reports whether requests without credentials get ErrAuthRequired.
func (a *Authenticator) AuthRequired() bool { return a.htpasswd != nil || a.kerberos != nil }

// Challenges returns the values of the Proxy-Authenticate headers of a 407
// answer, strongest first as RFC 9110 lets a server order them: Negotiate
// (Kerberos) when configured, then Basic with the realm when an htpasswd
// file is, so that a browser without a ticket can still log in with a
// password. Without either, Basic (the 407 then only follows a trusted
// proxy's request without a user).
func (a *Authenticator) Challenges() []string {
	var cs []string
	if a.kerberos != nil {
		cs = append(cs, "Negotiate")
	}
	if a.htpasswd != nil || a.kerberos == nil {
		cs = append(cs, Challenge(a.realm))
	}
	return cs
}

// ClientAllowed reports whether a client at addr may use the proxy.
func (a *Authenticator) ClientAllowed(addr netip.Addr) bool {
	return containsAddr(a.allowed, addr)
}

// Identify returns the identity of the client at remote sending headers h
// (which include Proxy-Authorization and, from trusted proxies, the trusted
// headers). Errors are ErrAuthRequired, ErrBadCredentials, ErrRateLimited or
// ErrDirectory (wrapped), never carrying a user name or password.
func (a *Authenticator) Identify(ctx context.Context, h http.Header, remote netip.Addr) (Identity, error) {
	remote = remote.Unmap()
	id := Identity{Source: SourceIP}
	var groups []string

	switch {
	case a.trustedHeader != "" && containsAddr(a.trustedProxies, remote) && h.Get(a.trustedHeader) != "":
		user := strings.TrimSpace(h.Get(a.trustedHeader))
		if !validUser(user) {
			return Identity{}, fmt.Errorf("%w: malformed trusted user header", ErrBadCredentials)
		}
		id.User, id.Authenticated, id.Source = user, true, SourceHeader
		if a.groupsHeader != "" {
			for _, v := range h.Values(a.groupsHeader) {
				for g := range strings.SplitSeq(v, ",") {
					g = strings.TrimSpace(g)
					if g == "" {
						continue
					}
					if validGroup(g) != nil {
						return Identity{}, fmt.Errorf("%w: malformed trusted groups header", ErrBadCredentials)
					}
					groups = append(groups, g)
				}
			}
		}
	case a.htpasswd != nil || a.kerberos != nil:
		user, source, err := a.checkLogin(h.Get("Proxy-Authorization"), remote)
		if err != nil {
			return Identity{}, err
		}
		id.User, id.Authenticated, id.Source = user, true, source
	case a.trustedHeader != "" && containsAddr(a.trustedProxies, remote):
		// The authenticating proxy in front sent no user: its address is
		// shared by everyone behind it, so it is no one's identity (an
		// anonymous "user" there would share one pseudonym mapping and
		// one set of network groups among all of them).
		return Identity{}, fmt.Errorf("%w: no user header from a trusted proxy", ErrAuthRequired)
	}

	for _, n := range a.networks {
		if n.prefix.Contains(remote) {
			groups = append(groups, n.group)
		}
	}
	if id.Authenticated && a.ldap != nil {
		gs, until, err := a.ldap.groups(ctx, id.User)
		if err != nil {
			return Identity{}, err
		}
		id.otherGroups, id.dirUntil = slices.Clip(groups), until
		groups = append(slices.Clone(groups), gs...)
	}
	slices.Sort(groups)
	id.Groups = slices.Compact(groups)
	return id, nil
}

// Regroup returns id with its directory groups as they are now, for a
// connection that lives longer than the LDAP cache's TTL (a keep-alive
// CONNECT tunnel stays open for hours, and a user removed from a group
// must lose what the group allowed). Until the groups id was made with
// expire it returns id as it is, without a look at the cache; after, the
// groups come from the cache, which another connection of the user may
// have refreshed already, or from one directory query; looked reports
// that it did, and the caller keeps the identity returned in place of id.
// Without LDAP, or for an identity not made by Identify with LDAP, it
// returns id. Errors wrap ErrDirectory (fail closed: the caller refuses
// the request).
func (a *Authenticator) Regroup(ctx context.Context, id Identity) (_ Identity, looked bool, _ error) {
	if a.ldap == nil || id.dirUntil.IsZero() || a.ldap.now().Before(id.dirUntil) {
		return id, false, nil
	}
	gs, until, err := a.ldap.groups(ctx, id.User)
	if err != nil {
		return Identity{}, true, err
	}
	groups := append(slices.Clone(id.otherGroups), gs...)
	slices.Sort(groups)
	id.Groups, id.dirUntil = slices.Compact(groups), until
	return id, true, nil
}

// Stamp returns a token for what id rests on in this Authenticator's
// sources, or "" when they no longer accept it: the user's htpasswd entry
// (gone or with a new password: another token), the trusted header (no
// longer configured), anonymous access (proxy login now required). A
// connection that was authenticated once, at its CONNECT, compares the
// stamp of its identity then with the stamp now, so that a removed user or
// a changed password ends it. The token is an opaque string for equality
// only; it is never logged.
func (a *Authenticator) Stamp(id Identity) string {
	switch id.Source {
	case SourceBasic:
		if a.htpasswd == nil {
			return ""
		}
		hash, ok := a.htpasswd.lookup(id.User)
		if !ok {
			return ""
		}
		return "basic:" + hash
	case SourceKerberos:
		if a.kerberos == nil {
			return ""
		}
		return a.kerberos.stamp()
	case SourceHeader:
		if a.trustedHeader == "" {
			return ""
		}
		return "header"
	default:
		if a.AuthRequired() {
			return ""
		}
		return "anonymous"
	}
}

// checkLogin verifies a Proxy-Authorization header value by its scheme
// and returns the user and the source.
func (a *Authenticator) checkLogin(header string, remote netip.Addr) (string, string, error) {
	if header == "" {
		return "", "", ErrAuthRequired
	}
	scheme, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	negotiate, ntlm := strings.EqualFold(scheme, "Negotiate"), strings.EqualFold(scheme, "NTLM")
	switch {
	case (negotiate || ntlm) && a.kerberos != nil:
		// A refused ticket names no user we could trust: its failures
		// count in the limiter Basic's wrong passwords count in, for the
		// token at the client address (its ticket, which a browser sends
		// on every connection; tokenKey) as for a user there, and for the
		// address. A locked token or address is refused before the ticket
		// is decrypted. NTLM is no guess at anything, but counts too: a
		// token that merely looks like NTLM must not be a way round the
		// count, and a PC that keeps sending it is told to wait as one
		// that keeps sending a bad ticket.
		now := a.now()
		var mt *spnego.KRB5Token
		key, err := tokenKey([]byte(strings.TrimSpace(rest))), ErrNTLM
		if negotiate {
			mt, key, err = a.kerberos.parse(rest)
		}
		if a.limiter.blockedToken(key, remote, now) {
			return "", "", ErrRateLimited
		}
		var user string
		if err == nil {
			user, err = a.kerberos.verify(mt, remote)
		}
		if err != nil {
			a.limiter.failToken(key, remote, now)
			return "", "", err
		}
		a.limiter.succeed(key, remote)
		return user, SourceKerberos, nil
	case a.htpasswd != nil:
		user, err := a.checkBasic(header, remote)
		return user, SourceBasic, err
	}
	return "", "", fmt.Errorf("%w: unsupported authorization scheme", ErrBadCredentials)
}

// checkBasic verifies a Proxy-Authorization header value and returns the user.
func (a *Authenticator) checkBasic(header string, remote netip.Addr) (string, error) {
	if header == "" {
		return "", ErrAuthRequired
	}
	scheme, b64, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return "", fmt.Errorf("%w: unsupported authorization scheme", ErrBadCredentials)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return "", fmt.Errorf("%w: malformed basic credentials", ErrBadCredentials)
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok || !validUser(user) || len(pass) > 72 {
		// bcrypt looks at 72 bytes at most; longer passwords are refused
		// rather than silently truncated.
		return "", fmt.Errorf("%w: malformed basic credentials", ErrBadCredentials)
	}
	now := a.now()
	if a.limiter.blocked(user, remote, now) {
		return "", ErrRateLimited
	}
	a.htpasswd.maybeReload(now)
	hash, known := a.htpasswd.lookup(user)
	if known && a.creds.ok(user, pass, hash, now) {
		return user, nil
	}
	if !verify(hash, known, pass) {
		a.limiter.fail(user, remote, now)
		return "", ErrBadCredentials
	}
	a.limiter.succeed(user, remote)
	a.creds.put(user, pass, hash, now)
	return user, nil
}

// validUser accepts printable user names without ':' of at most 256 bytes.
func validUser(u string) bool {
	if u == "" || len(u) > 256 {
		return false
	}
	for _, r := range u {
		if r < 0x20 || r == 0x7f || r == ':' {
			return false
		}
	}
	return true
}

// validGroup accepts group names of at most 128 bytes without control
// characters or commas.
func validGroup(g string) error {
	if g == "" || len(g) > 128 {
		return errors.New("group name empty or longer than 128 bytes")
	}
	for _, r := range g {
		if r < 0x20 || r == 0x7f || r == ',' {
			return errors.New("group name with a control character or comma")
		}
	}
	return nil
}

func parsePrefixes(ss []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(ss))
	for _, s := range ss {
		s = strings.TrimSpace(s)
		var p netip.Prefix
		var err error
		if strings.Contains(s, "/") {
			p, err = netip.ParsePrefix(s)
		} else {
			var ad netip.Addr
			ad, err = netip.ParseAddr(s)
			if err == nil {
				p = netip.PrefixFrom(ad, ad.BitLen())
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR: %w", s, err)
		}
		if p.Addr().Is4In6() {
			if p.Bits() < 96 {
				return nil, fmt.Errorf("%q: IPv4-mapped prefix shorter than /96", s)
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func containsAddr(ps []netip.Prefix, addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range ps {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
