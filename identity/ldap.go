package identity

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// LDAPConfig configures the LDAP / Active Directory group lookup.
type LDAPConfig struct {
	// URL of the directory: ldap://host:389 or ldaps://host:636.
	URL string
	// StartTLS upgrades an ldap:// connection before binding.
	StartTLS bool
	// CAFile is a PEM file of CAs trusted for ldaps/StartTLS on top of the
	// system roots; "" = system roots only.
	CAFile string
	// BindDN and BindPassword (or BindPasswordFile, preferred: the first
	// line of the file) are the service account; "" = anonymous bind.
	BindDN           string
	BindPassword     string
	BindPasswordFile string
	// BaseDN is where users are searched (subtree).
	BaseDN string
	// UserFilter finds the user; {user} is replaced by the escaped user name.
	// Default "(|(sAMAccountName={user})(uid={user}))".
	UserFilter string
	// GroupAttribute holds the group DNs; default "memberOf".
	GroupAttribute string
	// GroupMap maps a group's CN (case-insensitive) to the group name the
	// policy sees, or a group's full DN ("CN=GG-Sozialamt,OU=Gruppen,DC=…",
	// compared as a DN, case-insensitive), which tells apart groups of one
	// CN in two OUs. When it is empty every CN is used as it is; when it is
	// set, only mapped groups are used.
	GroupMap map[string]string
	// CacheTTL is how long a user's groups are remembered; 0 = 5 minutes.
	CacheTTL time.Duration
	// CacheSize bounds the number of cached users; 0 = 10000.
	CacheSize int
	// Timeout bounds one lookup (dial, bind, search); 0 = 5 seconds.
	Timeout time.Duration
}

// ldapLookup resolves a user's groups with a bounded TTL cache and one
// directory query per user at a time. Safe for concurrent use.
type ldapLookup struct {
	cfg      LDAPConfig
	password string
	tls      *tls.Config
	groupMap map[string]string // lower-case CN → group
	dnMap    []dnGroup         // full DN keys of GroupMap

	now func() time.Time

	mu       sync.Mutex
	cache    map[string]ldapEntry
	inflight map[string]*ldapCall
	queries  int       // directory queries made, for tests
	lastAt   time.Time // the last directory query's end (not a cache hit)
	lastErr  error     // and its error; never holds a user name (ldapErr)
}

type ldapEntry struct {
	groups  []string
	expires time.Time
}

type ldapCall struct {
	done    chan struct{}
	groups  []string
	expires time.Time
	err     error
}

func newLDAPLookup(cfg LDAPConfig) (*ldapLookup, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Host == "" {
		return nil, configErr("ldap.url", errors.New("muss ldap://Host[:Port] oder ldaps://Host[:Port] sein / must be ldap://host[:port] or ldaps://host[:port]"))
	}
	if cfg.BaseDN == "" {
		return nil, configErr("ldap.base_dn", errors.New("fehlt: der Teilbaum, in dem die Benutzer gesucht werden (z. B. DC=stadt,DC=local) / is required: the subtree the users are searched in (e.g. DC=stadt,DC=local)"))
	}
	if cfg.UserFilter == "" {
		cfg.UserFilter = "(|(sAMAccountName={user})(uid={user}))"
	}
	if !strings.Contains(cfg.UserFilter, "{user}") {
		return nil, configErr("ldap.user_filter", errors.New("muss {user} enthalten, wo der Anmeldename eingesetzt wird (z. B. (sAMAccountName={user})) / must contain {user}, where the login name goes (e.g. (sAMAccountName={user}))"))
	}
	if _, err := ldap.CompileFilter(strings.ReplaceAll(cfg.UserFilter, "{user}", "x")); err != nil {
		return nil, configErr("ldap.user_filter", err)
	}
	if cfg.GroupAttribute == "" {
		cfg.GroupAttribute = "memberOf"
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = 5 * time.Minute
	}
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 10000
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 5 * time.Second
	}
	l := &ldapLookup{
		cfg: cfg, password: cfg.BindPassword, now: time.Now,
		cache: make(map[string]ldapEntry), inflight: make(map[string]*ldapCall),
	}
	if cfg.BindPasswordFile != "" {
		b, err := os.ReadFile(cfg.BindPasswordFile)
		if err != nil {
			return nil, configErr("ldap.bind_password_file", fileError(err))
		}
		l.password, _, _ = strings.Cut(string(b), "\n")
		l.password = strings.TrimRight(l.password, "\r")
	}
	if u.Scheme == "ldaps" || cfg.StartTLS {
		l.tls = &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
		if cfg.CAFile != "" {
			pool, err := x509.SystemCertPool()
			if err != nil {
				pool = x509.NewCertPool()
			}
			pem, err := os.ReadFile(cfg.CAFile)
			if err != nil {
				return nil, configErr("ldap.ca_file", fileError(err))
			}
			if !pool.AppendCertsFromPEM(pem) {
				// A domain controller's CA exported from Windows is DER
				// (.cer) as a rule.
				if _, err := x509.ParseCertificate(pem); err == nil {
					pemName := strings.TrimSuffix(cfg.CAFile, filepath.Ext(cfg.CAFile))
					return nil, configErr("ldap.ca_file", fmt.Errorf("%s enthält ein DER-Zertifikat, kein PEM: umwandeln (openssl x509 -inform der -in %s -out %s.pem) und die .pem-Datei eintragen / %s holds a DER certificate, not PEM: convert it (openssl x509 -inform der -in %s -out %s.pem) and name the .pem file",
						cfg.CAFile, cfg.CAFile, pemName, cfg.CAFile, cfg.CAFile, pemName))
				}
				return nil, configErr("ldap.ca_file", fmt.Errorf("%s enthält kein PEM-Zertifikat / %s holds no PEM certificate", cfg.CAFile, cfg.CAFile))
			}
			l.tls.RootCAs = pool
		}
	}
	if len(cfg.GroupMap) > 0 {
		l.groupMap = make(map[string]string, len(cfg.GroupMap))
		for cn, g := range cfg.GroupMap {
			if err := validGroup(g); err != nil {
				return nil, configErr("ldap.group_map", err)
			}
			if strings.Contains(cn, "=") {
				// A DN as config default's example writes it. Before,
				// it was taken for a CN and matched no group: the
				// users got none of their groups, silently.
				dn, err := ldap.ParseDN(cn)
				if err != nil || len(dn.RDNs) < 2 {
					return nil, configErr("ldap.group_map", fmt.Errorf("%q ist weder der CN einer Gruppe (GG-Sozialamt) noch ihr vollständiger DN (CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example) / %q is neither a group's CN (GG-Sozialamt) nor its full DN (CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example)", cn, cn))
				}
				l.dnMap = append(l.dnMap, dnGroup{dn, g})
				continue
			}
			l.groupMap[strings.ToLower(cn)] = g
		}
	}
	return l, nil
}

// groups returns the user's mapped groups, from the cache when fresh,
// and when they are to be looked up again (the cache entry's expiry).
// Errors wrap ErrDirectory and never contain the user name.
func (l *ldapLookup) groups(ctx context.Context, user string) ([]string, time.Time, error) {
	now := l.now()
	l.mu.Lock()
	if e, ok := l.cache[user]; ok && now.Before(e.expires) {
		l.mu.Unlock()
		return e.groups, e.expires, nil
	}
	if c, ok := l.inflight[user]; ok {
		l.mu.Unlock()
		select {
		case <-c.done:
			return c.groups, c.expires, c.err
		case <-ctx.Done():
			return nil, time.Time{}, fmt.Errorf("%w: %w", ErrDirectory, ctx.Err())
		}
	}
	c := &ldapCall{done: make(chan struct{}), expires: now.Add(l.cfg.CacheTTL)}
	l.inflight[user] = c
	l.queries++
	l.mu.Unlock()

	c.groups, c.err = l.query(ctx, user)

	l.mu.Lock()
	delete(l.inflight, user)
	l.lastAt, l.lastErr = l.now(), c.err
	if c.err == nil {
		if len(l.cache) >= l.cfg.CacheSize {
			l.evict(now)
		}
		l.cache[user] = ldapEntry{groups: c.groups, expires: c.expires}
	}
	l.mu.Unlock()
	close(c.done)
	return c.groups, c.expires, c.err
}

// DirectoryStatus describes the LDAP group lookup for the status page:
// the directory, and how its last query ended (the time in UTC, the error
// as logged, never a user name); failing when it failed. "" when auth.ldap
// is off.
func (a *Authenticator) DirectoryStatus() (desc string, failing bool) {
	l := a.ldap
	if l == nil {
		return "", false
	}
	l.mu.Lock()
	at, err := l.lastAt, l.lastErr
	l.mu.Unlock()
	desc = fmt.Sprintf("%s, Benutzer unter / users below %s, Gruppen %s lang gemerkt / groups kept for %s; ", l.cfg.URL, l.cfg.BaseDN, l.cfg.CacheTTL, l.cfg.CacheTTL)
	switch {
	case at.IsZero():
		return desc + "noch keine Abfrage seit dem Start / no lookup since the start", false
	case err != nil:
		return desc + "letzte Abfrage fehlgeschlagen / last lookup failed " + at.UTC().Format(time.RFC3339) + ": " + err.Error() + " (Anmeldungen werden blockiert / logins are blocked)", true
	}
	return desc + "letzte Abfrage ok / last lookup ok " + at.UTC().Format(time.RFC3339), false
}

// evict drops expired entries, then arbitrary ones until there is room.
// Called with l.mu held.
func (l *ldapLookup) evict(now time.Time) {
	for k, e := range l.cache {
		if !now.Before(e.expires) {
			delete(l.cache, k)
		}
	}
	for k := range l.cache {
		if len(l.cache) < l.cfg.CacheSize {
			break
		}
		delete(l.cache, k)
	}
}

func (l *ldapLookup) query(ctx context.Context, user string) ([]string, error) {
	timeout := l.cfg.Timeout
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	if timeout <= 0 {
		return nil, fmt.Errorf("%w: %w", ErrDirectory, context.DeadlineExceeded)
	}
	opts := []ldap.DialOpt{ldap.DialWithDialer(&net.Dialer{Timeout: timeout})}
	if strings.HasPrefix(l.cfg.URL, "ldaps:") {
		opts = append(opts, ldap.DialWithTLSConfig(l.tls))
	}
	conn, err := ldap.DialURL(l.cfg.URL, opts...)
	if err != nil {
		return nil, ldapErr("dial", err)
	}
	defer conn.Close()
	conn.SetTimeout(timeout)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	if l.cfg.StartTLS {
		if err := conn.StartTLS(l.tls); err != nil {
			return nil, ldapErr("starttls", err)
		}
	}
	if l.cfg.BindDN != "" {
		err = conn.Bind(l.cfg.BindDN, l.password)
	} else {
		err = conn.UnauthenticatedBind("")
	}
	if err != nil {
		return nil, ldapErr("bind", err)
	}
	filter := strings.ReplaceAll(l.cfg.UserFilter, "{user}", ldap.EscapeFilter(user))
	req := ldap.NewSearchRequest(l.cfg.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases,
		2, int(timeout/time.Second)+1, false, filter, []string{l.cfg.GroupAttribute}, nil)
	res, err := conn.Search(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: search: %w", ErrDirectory, ctx.Err())
		}
		return nil, ldapErr("search", err)
	}
	switch len(res.Entries) {
	case 0:
		return nil, nil // not in the directory: no directory groups
	case 1:
	default:
		return nil, fmt.Errorf("%w: user filter matched %d entries", ErrDirectory, len(res.Entries))
	}
	var out []string
	for _, dn := range res.Entries[0].GetAttributeValues(l.cfg.GroupAttribute) {
		cn := firstCN(dn)
		if cn == "" {
			continue
		}
		if l.groupMap != nil {
			if g, ok := l.groupMap[strings.ToLower(cn)]; ok {
				out = append(out, g)
			} else if g, ok := l.mapDN(dn); ok {
				out = append(out, g)
			}
			continue
		}
		if validGroup(cn) == nil {
			out = append(out, cn)
		}
	}
	return out, nil
}

// dnGroup is a GroupMap entry keyed by a group's full DN.
type dnGroup struct {
	dn    *ldap.DN
	group string
}

// mapDN returns the group a full-DN key of GroupMap gives the group DN dn.
func (l *ldapLookup) mapDN(dn string) (string, bool) {
	if len(l.dnMap) == 0 {
		return "", false
	}
	d, err := ldap.ParseDN(dn)
	if err != nil {
		return "", false
	}
	for _, m := range l.dnMap {
		if m.dn.EqualFold(d) {
			return m.group, true
		}
	}
	return "", false
}

// firstCN returns the value of the CN in the first RDN of dn, or "".
func firstCN(dn string) string {
	d, err := ldap.ParseDN(dn)
	if err != nil || len(d.RDNs) == 0 {
		return ""
	}
	for _, a := range d.RDNs[0].Attributes {
		if strings.EqualFold(a.Type, "cn") {
			return a.Value
		}
	}
	return ""
}

// ldapErr wraps a directory error with ErrDirectory. For LDAP result errors
// only the result code is kept: the server's diagnostic text may quote the
// search filter, and with it the user name.
func ldapErr(step string, err error) error {
	var le *ldap.Error
	if errors.As(err, &le) && le.ResultCode != ldap.ErrorNetwork {
		return fmt.Errorf("%w: %s: LDAP result %d (%s)", ErrDirectory, step, le.ResultCode, ldap.LDAPResultCodeMap[le.ResultCode])
	}
	return fmt.Errorf("%w: %s: %w", ErrDirectory, step, err)
}
