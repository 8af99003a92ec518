package identity

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lor00x/goldap/message"
	ldapserver "github.com/vjeantet/ldapserver"
)

// testDirectory is an in-process LDAP server: one service account and a few
// users with memberOf values.
type testDirectory struct {
	addr       string
	searches   atomic.Int64
	lastFilter atomic.Value // string
	lastAndLen atomic.Int64 // terms in the top-level AND of the last filter
}

var (
	dirUsers = map[string][]string{
		"anna.beispiel": {
			"CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example",
			"CN=GG-Alle,OU=Gruppen,DC=stadt,DC=example",
			"CN=Drucker 3.OG,OU=Gruppen,DC=stadt,DC=example",
		},
		"bernd":   {"CN=GG-Bauamt,OU=Gruppen,DC=stadt,DC=example", "not a dn"},
		"nogroup": nil,
	}
	uidRe = regexp.MustCompile(`\(uid=([^)]*)\)`)

	ldapOnce sync.Once
	ldapDir  *testDirectory
	dirMu    sync.RWMutex // guards dirUsers: tests change a user's groups
)

// setDirGroups sets user's memberOf values in the test directory until
// the test ends.
func setDirGroups(t *testing.T, user string, dns ...string) {
	dirMu.Lock()
	dirUsers[user] = dns
	dirMu.Unlock()
	t.Cleanup(func() {
		dirMu.Lock()
		delete(dirUsers, user)
		dirMu.Unlock()
	})
}

func startDirectory(t *testing.T) *testDirectory {
	t.Helper()
	ldapOnce.Do(func() {
		ldapserver.Logger = ldapserver.DiscardingLogger
		d := &testDirectory{}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		d.addr = ln.Addr().String()
		ln.Close()
		routes := ldapserver.NewRouteMux()
		routes.Bind(func(w ldapserver.ResponseWriter, m *ldapserver.Message) {
			r := m.GetBindRequest()
			res := ldapserver.NewBindResponse(ldapserver.LDAPResultSuccess)
			if string(r.Name()) != "CN=svc-schleuse,OU=Dienste,DC=stadt,DC=example" || string(r.AuthenticationSimple()) != "svc-pw" {
				res.SetResultCode(ldapserver.LDAPResultInvalidCredentials)
				res.SetDiagnosticMessage("invalid credentials")
			}
			w.Write(res)
		})
		routes.Search(func(w ldapserver.ResponseWriter, m *ldapserver.Message) {
			d.searches.Add(1)
			r := m.GetSearchRequest()
			f := r.FilterString()
			d.lastFilter.Store(f)
			if and, ok := r.Filter().(message.FilterAnd); ok {
				d.lastAndLen.Store(int64(len(and)))
			}
			if mm := uidRe.FindStringSubmatch(f); mm != nil {
				dirMu.RLock()
				groups, ok := dirUsers[mm[1]]
				dirMu.RUnlock()
				if ok {
					e := ldapserver.NewSearchResultEntry("CN=" + mm[1] + ",OU=Mitarbeitende,DC=stadt,DC=example")
					vals := make([]message.AttributeValue, len(groups))
					for i, g := range groups {
						vals[i] = message.AttributeValue(g)
					}
					if len(vals) > 0 {
						e.AddAttribute("memberOf", vals...)
					}
					w.Write(e)
				}
				if mm[1] == "twice" {
					w.Write(ldapserver.NewSearchResultEntry("CN=t1,DC=stadt,DC=example"))
					w.Write(ldapserver.NewSearchResultEntry("CN=t2,DC=stadt,DC=example"))
				}
				if mm[1] == "slow" {
					time.Sleep(1500 * time.Millisecond)
				}
			}
			w.Write(ldapserver.NewSearchResultDoneResponse(ldapserver.LDAPResultSuccess))
		})
		srv := ldapserver.NewServer()
		srv.Handle(routes)
		go srv.ListenAndServe(d.addr) // lives until the test binary exits: Stop blocks in Accept
		for i := 0; ; i++ {
			c, err := net.Dial("tcp", d.addr)
			if err == nil {
				c.Close()
				break
			}
			if i > 100 {
				t.Fatalf("test LDAP server did not start: %v", err)
			}
			time.Sleep(10 * time.Millisecond)
		}
		ldapDir = d
	})
	if ldapDir == nil {
		t.Fatal("test LDAP server not running")
	}
	return ldapDir
}

func ldapConfig(addr string) *LDAPConfig {
	return &LDAPConfig{
		URL:          "ldap://" + addr,
		BindDN:       "CN=svc-schleuse,OU=Dienste,DC=stadt,DC=example",
		BindPassword: "svc-pw",
		BaseDN:       "DC=stadt,DC=example",
		UserFilter:   "(&(objectClass=person)(uid={user}))",
		Timeout:      time.Second,
		CacheTTL:     time.Minute,
	}
}

func TestLDAPGroups(t *testing.T) {
	d := startDirectory(t)
	mapped := ldapConfig(d.addr)
	mapped.GroupMap = map[string]string{"gg-sozialamt": "sozialamt", "GG-Bauamt": "bauamt"}
	// Full DNs as config default's example writes them (spacing and case
	// of a DN do not matter); a DN of another OU is another group.
	byDN := ldapConfig(d.addr)
	byDN.GroupMap = map[string]string{"CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example": "sozialamt", "cn=gg-alle, ou=Gruppen, dc=stadt, dc=example": "alle",
		"CN=Drucker 3.OG,OU=Andere,DC=stadt,DC=example": "drucker"}
	cases := map[string]struct {
		cfg     *LDAPConfig
		user    string
		want    []string
		wantErr error
	}{
		"mapped":                {cfg: mapped, user: "anna.beispiel", want: []string{"rathaus", "sozialamt"}},
		"mapped by DN":          {cfg: byDN, user: "anna.beispiel", want: []string{"alle", "rathaus", "sozialamt"}},
		"unmapped CNs as is":    {cfg: ldapConfig(d.addr), user: "anna.beispiel", want: []string{"Drucker 3.OG", "GG-Alle", "GG-Sozialamt", "rathaus"}},
		"bad DN skipped":        {cfg: mapped, user: "bernd", want: []string{"bauamt", "rathaus"}},
		"no memberOf":           {cfg: mapped, user: "nogroup", want: []string{"rathaus"}},
		"not in directory":      {cfg: mapped, user: "carla", want: []string{"rathaus"}},
		"ambiguous filter":      {cfg: mapped, user: "twice", wantErr: ErrDirectory},
		"wrong service account": {cfg: func() *LDAPConfig { c := ldapConfig(d.addr); c.BindPassword = "nope"; return c }(), user: "anna.beispiel", wantErr: ErrDirectory},
		"directory down":        {cfg: func() *LDAPConfig { c := ldapConfig("127.0.0.1:1"); return c }(), user: "anna.beispiel", wantErr: ErrDirectory},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a, err := New(Config{TrustedHeader: "X-User", TrustedProxies: []string{"127.0.0.1"},
				Networks: map[string][]string{"rathaus": {"127.0.0.0/8"}}, LDAP: tc.cfg})
			if err != nil {
				t.Fatal(err)
			}
			id, err := a.Identify(context.Background(), http.Header{"X-User": {tc.user}}, mustAddr("127.0.0.1"))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), tc.user) || strings.Contains(err.Error(), "svc-pw") {
					t.Errorf("error %q names the user or the bind password", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(id.Groups, tc.want) {
				t.Errorf("groups = %q, want %q", id.Groups, tc.want)
			}
		})
	}
}

func TestLDAPNotForAnonymous(t *testing.T) {
	d := startDirectory(t)
	a, err := New(Config{LDAP: ldapConfig(d.addr)})
	if err != nil {
		t.Fatal(err)
	}
	before := d.searches.Load()
	id, err := a.Identify(context.Background(), http.Header{}, mustAddr("10.0.0.1"))
	if err != nil || id.Authenticated || len(id.Groups) != 0 {
		t.Fatalf("anonymous: %+v, %v", id, err)
	}
	if d.searches.Load() != before {
		t.Error("directory queried for an anonymous request")
	}
}

func TestLDAPFilterEscaped(t *testing.T) {
	d := startDirectory(t)
	a, err := New(Config{TrustedHeader: "X-User", TrustedProxies: []string{"127.0.0.1"}, LDAP: ldapConfig(d.addr)})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Identify(context.Background(), http.Header{"X-User": {"x)(uid=anna.beispiel"}}, mustAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(id.Groups) != 0 {
		t.Fatalf("filter injection returned groups %v", id.Groups)
	}
	if n := d.lastAndLen.Load(); n != 2 {
		t.Errorf("the user name added filter terms: top-level AND has %d terms, want 2", n)
	}
}

func TestLDAPCache(t *testing.T) {
	d := startDirectory(t)
	cfg := ldapConfig(d.addr)
	cfg.CacheSize = 2
	a, err := New(Config{TrustedHeader: "X-User", TrustedProxies: []string{"127.0.0.1"}, LDAP: cfg})
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	a.ldap.now = clk.now
	ident := func(user string) []string {
		t.Helper()
		id, err := a.Identify(context.Background(), http.Header{"X-User": {user}}, mustAddr("127.0.0.1"))
		if err != nil {
			t.Fatal(err)
		}
		return id.Groups
	}
	queries := func() int { a.ldap.mu.Lock(); defer a.ldap.mu.Unlock(); return a.ldap.queries }

	first := ident("anna.beispiel")
	before := d.searches.Load()
	for range 5 {
		if got := ident("anna.beispiel"); !slices.Equal(got, first) {
			t.Fatalf("cached groups %v differ from %v", got, first)
		}
	}
	if d.searches.Load() != before || queries() != 1 {
		t.Fatalf("cache miss: %d searches, %d queries", d.searches.Load()-before, queries())
	}
	clk.advance(61 * time.Second)
	ident("anna.beispiel")
	if queries() != 2 {
		t.Fatalf("expired entry not refreshed: %d queries", queries())
	}
	ident("bernd")
	ident("nogroup")
	a.ldap.mu.Lock()
	n := len(a.ldap.cache)
	a.ldap.mu.Unlock()
	if n > 2 {
		t.Errorf("cache holds %d entries, bound is 2", n)
	}

	// concurrent misses for one user make one query
	clk.advance(2 * time.Minute)
	q0 := queries()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { ident("bernd") })
	}
	wg.Wait()
	if got := queries() - q0; got != 1 {
		t.Errorf("8 concurrent lookups made %d queries, want 1", got)
	}
}

func TestLDAPTimeout(t *testing.T) {
	d := startDirectory(t)
	cfg := ldapConfig(d.addr)
	cfg.Timeout = 300 * time.Millisecond
	a, err := New(Config{TrustedHeader: "X-User", TrustedProxies: []string{"127.0.0.1"}, LDAP: cfg})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = a.Identify(context.Background(), http.Header{"X-User": {"slow"}}, mustAddr("127.0.0.1"))
	if !errors.Is(err, ErrDirectory) {
		t.Fatalf("err = %v, want ErrDirectory", err)
	}
	if el := time.Since(start); el > 1200*time.Millisecond {
		t.Errorf("lookup took %v despite a 300 ms timeout", el)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	cfg.Timeout = 5 * time.Second
	b, _ := New(Config{TrustedHeader: "X-User", TrustedProxies: []string{"127.0.0.1"}, LDAP: cfg})
	if _, err := b.Identify(ctx, http.Header{"X-User": {"slow"}}, mustAddr("127.0.0.1")); !errors.Is(err, ErrDirectory) {
		t.Fatalf("context deadline: err = %v", err)
	}
}

func TestLDAPTLSConfigErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := dir + "/ca.txt"
	if err := os.WriteFile(notPEM, []byte("kein Zertifikat"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]LDAPConfig{
		"missing CA file":                 {URL: "ldaps://dc:636", BaseDN: "dc=x", CAFile: dir + "/nope.pem"},
		"CA file not PEM":                 {URL: "ldap://dc", StartTLS: true, BaseDN: "dc=x", CAFile: notPEM},
		"bad group map":                   {URL: "ldap://dc", BaseDN: "dc=x", GroupMap: map[string]string{"GG-A": "a,b"}},
		"group map key neither CN nor DN": {URL: "ldap://dc", BaseDN: "dc=x", GroupMap: map[string]string{"GG=A": "a"}},
	}
	for name, c := range cases {
		if _, err := New(Config{LDAP: &c}); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	pw := dir + "/bind"
	if err := os.WriteFile(pw, []byte("svc-pw\r\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := newLDAPLookup(LDAPConfig{URL: "ldap://dc", BaseDN: "dc=x", BindPasswordFile: pw})
	if err != nil {
		t.Fatal(err)
	}
	if l.password != "svc-pw" {
		t.Errorf("bind password from file = %q, want the first line", l.password)
	}
}

func FuzzFirstCN(f *testing.F) {
	for _, groups := range dirUsers {
		for _, g := range groups {
			f.Add(g)
		}
	}
	f.Add(`CN=Müller\, Anna,OU=x`)
	f.Add("cn=")
	f.Add("=,=")
	f.Fuzz(func(t *testing.T, dn string) {
		cn := firstCN(dn)
		if cn != "" && !strings.Contains(strings.ToLower(dn), "cn") {
			t.Fatalf("CN %q from a DN without cn: %q", cn, dn)
		}
	})
}

// TestRegroup: a connection's identity gets the directory's groups as
// they are now once the cache entry they came from expired, without a
// directory query before that and with one (or none, when another
// connection refreshed the cache) after; the groups that did not come
// from the directory (trusted header, network) stay. A directory that
// cannot answer then is an ErrDirectory (fail closed).
func TestRegroup(t *testing.T) {
	d := startDirectory(t)
	cfg := ldapConfig(d.addr)
	cfg.GroupMap = map[string]string{"GG-KI-Nutzung": "ki", "GG-Sozialamt": "sozialamt"}
	a, err := New(Config{TrustedHeader: "X-User", GroupsHeader: "X-Groups", TrustedProxies: []string{"127.0.0.1"},
		Networks: map[string][]string{"rathaus": {"127.0.0.0/8"}}, LDAP: cfg})
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	a.ldap.now = clk.now
	setDirGroups(t, "erika.wechsel", "CN=GG-KI-Nutzung,OU=Gruppen,DC=stadt,DC=example", "CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example")
	id, err := a.Identify(context.Background(), http.Header{"X-User": {"erika.wechsel"}, "X-Groups": {"vorn"}}, mustAddr("127.0.0.1"))
	if err != nil || !slices.Equal(id.Groups, []string{"ki", "rathaus", "sozialamt", "vorn"}) {
		t.Fatalf("login: %v %v", id.Groups, err)
	}
	searches := d.searches.Load()
	// Taken out of GG-KI-Nutzung in the AD.
	setDirGroups(t, "erika.wechsel", "CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example")
	clk.advance(cfg.CacheTTL - time.Second)
	got, looked, err := a.Regroup(context.Background(), id)
	if err != nil || looked || !slices.Equal(got.Groups, id.Groups) || d.searches.Load() != searches {
		t.Fatalf("within the TTL: %v looked %t %v, %d searches; want the login's groups without a query", got.Groups, looked, err, d.searches.Load()-searches)
	}
	clk.advance(2 * time.Second)
	got, looked, err = a.Regroup(context.Background(), id)
	if err != nil || !looked || !slices.Equal(got.Groups, []string{"rathaus", "sozialamt", "vorn"}) {
		t.Fatalf("after the TTL: %v looked %t %v; want the directory's groups now, header and network kept", got.Groups, looked, err)
	}
	if n := d.searches.Load() - searches; n != 1 {
		t.Errorf("%d searches after the TTL, want 1", n)
	}
	if again, looked, _ := a.Regroup(context.Background(), got); looked || !slices.Equal(again.Groups, got.Groups) {
		t.Errorf("refreshed identity looked at again at once: %v %t", again.Groups, looked)
	}
	// Another connection of the same user: the cache refreshed by the first.
	if other, looked, err := a.Regroup(context.Background(), id); err != nil || !looked || !slices.Equal(other.Groups, got.Groups) || d.searches.Load()-searches != 1 {
		t.Errorf("second connection: %v %t %v, %d searches; want the new groups from the cache", other.Groups, looked, err, d.searches.Load()-searches)
	}
	// The directory gone when the groups are due: fail closed.
	a.ldap.cfg.URL = "ldap://127.0.0.1:1"
	clk.advance(cfg.CacheTTL + time.Second)
	if _, _, err := a.Regroup(context.Background(), got); !errors.Is(err, ErrDirectory) {
		t.Errorf("directory down: %v, want ErrDirectory", err)
	}
	// Without LDAP: the identity as it is.
	plain, _ := New(Config{})
	if same, looked, err := plain.Regroup(context.Background(), id); err != nil || looked || !slices.Equal(same.Groups, id.Groups) {
		t.Errorf("without LDAP: %v %t %v", same.Groups, looked, err)
	}
}

// TestLDAPDirectoryStatus: the status page's row says how the last
// directory query ended: none yet, failed with its cause (never the user
// name), ok. Before, an unusable service account showed only in the log.
func TestLDAPDirectoryStatus(t *testing.T) {
	d := startDirectory(t)
	for _, c := range []struct {
		password, want string
		failing        bool
	}{{"nope", "letzte Abfrage fehlgeschlagen", true}, {"svc-pw", "letzte Abfrage ok", false}} {
		cfg := ldapConfig(d.addr)
		cfg.BindPassword = c.password
		a, err := New(Config{TrustedHeader: "X-User", TrustedProxies: []string{"127.0.0.1"}, LDAP: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if desc, failing := a.DirectoryStatus(); !strings.Contains(desc, "noch keine Abfrage") || failing {
			t.Errorf("before a lookup: %q %v", desc, failing)
		}
		a.Identify(context.Background(), http.Header{"X-User": {"anna.beispiel"}}, mustAddr("127.0.0.1"))
		desc, failing := a.DirectoryStatus()
		if !strings.Contains(desc, c.want) || failing != c.failing || !strings.Contains(desc, "ldap://"+d.addr) || strings.Contains(desc, "anna") {
			t.Errorf("password %q: %q %v", c.password, desc, failing)
		}
		if c.failing && !strings.Contains(desc, "Invalid Credentials") {
			t.Errorf("the failure does not say the bind was refused: %q", desc)
		}
	}
	if desc, _ := (&Authenticator{}).DirectoryStatus(); desc != "" {
		t.Errorf("without auth.ldap: %q", desc)
	}
}
