package identity

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/crypto/bcrypt"
)

// Planted secrets: they must never appear in an error string.
const (
	testUser = "anna.beispiel"
	testPass = "Sommer-2026!Geheim"
)

func hash(t testing.TB, pw string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

func writeHtpasswd(t testing.TB, dir string, lines ...string) string {
	t.Helper()
	p := filepath.Join(dir, "htpasswd")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func basic(user, pass string) http.Header {
	h := http.Header{}
	h.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
	return h
}

// fakeClock is a settable clock for rate limits and caches.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock                   { return &fakeClock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)} }
func mustAddr(s string) netip.Addr           { return netip.MustParseAddr(s) }
func noSecrets(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []string{testUser, testPass, "mallory", "falsch"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains the planted value %q", err, s)
		}
	}
}

func newBasicAuth(t *testing.T) (*Authenticator, *fakeClock) {
	t.Helper()
	p := writeHtpasswd(t, t.TempDir(), "# Dienstkonten", testUser+":"+hash(t, testPass), "bernd:"+hash(t, "bernd-pw"))
	a, err := New(Config{Htpasswd: p, Networks: map[string][]string{"rathaus": {"10.1.0.0/16"}}})
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	a.now = c.now
	return a, c
}

func TestIdentifyBasic(t *testing.T) {
	a, _ := newBasicAuth(t)
	cases := map[string]struct {
		h       http.Header
		remote  string
		want    Identity
		wantErr error
	}{
		"right password": {h: basic(testUser, testPass), remote: "10.1.2.3",
			want: Identity{User: testUser, Groups: []string{"rathaus"}, Authenticated: true, Source: SourceBasic}},
		"right password, other net": {h: basic(testUser, testPass), remote: "192.168.1.9",
			want: Identity{User: testUser, Authenticated: true, Source: SourceBasic}},
		"missing":           {h: http.Header{}, remote: "10.1.2.3", wantErr: ErrAuthRequired},
		"wrong password":    {h: basic(testUser, "falsch"), remote: "10.1.2.4", wantErr: ErrBadCredentials},
		"unknown user":      {h: basic("mallory", testPass), remote: "10.1.2.5", wantErr: ErrBadCredentials},
		"empty password":    {h: basic(testUser, ""), remote: "10.1.2.6", wantErr: ErrBadCredentials},
		"bearer scheme":     {h: http.Header{"Proxy-Authorization": {"Bearer " + testPass}}, remote: "10.1.2.7", wantErr: ErrBadCredentials},
		"bad base64":        {h: http.Header{"Proxy-Authorization": {"Basic %%%"}}, remote: "10.1.2.8", wantErr: ErrBadCredentials},
		"no colon":          {h: http.Header{"Proxy-Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(testUser))}}, remote: "10.1.2.9", wantErr: ErrBadCredentials},
		"password too long": {h: basic(testUser, strings.Repeat("x", 73)), remote: "10.1.2.10", wantErr: ErrBadCredentials},
		"lower-case scheme": {h: http.Header{"Proxy-Authorization": {"basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPass))}}, remote: "10.1.2.11",
			want: Identity{User: testUser, Groups: []string{"rathaus"}, Authenticated: true, Source: SourceBasic}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := a.Identify(context.Background(), tc.h, mustAddr(tc.remote))
			noSecrets(t, err)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got, cmpopts.IgnoreUnexported(Identity{})); d != "" {
				t.Errorf("identity (-want +got):\n%s", d)
			}
		})
	}
}

func TestCredentialCache(t *testing.T) {
	a, _ := newBasicAuth(t)
	ctx := context.Background()
	if _, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.0.0.1")); err != nil {
		t.Fatal(err)
	}
	if !a.creds.ok(testUser, testPass, a.htpasswd.users[testUser], a.now()) {
		t.Fatal("verified password not cached")
	}
	if a.creds.ok(testUser, "falsch", a.htpasswd.users[testUser], a.now()) {
		t.Fatal("cache accepts a wrong password")
	}
	if _, err := a.Identify(ctx, basic(testUser, "falsch"), mustAddr("10.0.0.1")); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("wrong password after a cached login: %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	ctx := context.Background()
	t.Run("per user at one address", func(t *testing.T) {
		a, clk := newBasicAuth(t)
		for i := range 5 {
			if _, err := a.Identify(ctx, basic(testUser, "falsch"), mustAddr("10.9.0.1")); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		_, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.9.0.1"))
		noSecrets(t, err)
		if !errors.Is(err, ErrRateLimited) {
			t.Fatalf("right password while locked: err = %v, want ErrRateLimited", err)
		}
		// another user at the same address (a terminal server) is not
		// affected, nor is the user at another address
		if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), mustAddr("10.9.0.1")); err != nil {
			t.Fatalf("other user at the address: %v", err)
		}
		if _, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.9.1.1")); err != nil {
			t.Fatalf("the user at another address: %v", err)
		}
		clk.advance(61 * time.Second)
		if _, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.9.0.1")); err != nil {
			t.Fatalf("after backoff: %v", err)
		}
	})
	t.Run("per user, across addresses", func(t *testing.T) {
		a, _ := newBasicAuth(t)
		for i := range 20 {
			if _, err := a.Identify(ctx, basic(testUser, "falsch"), netip.AddrFrom4([4]byte{10, 9, 0, byte(i)})); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.9.1.1")); !errors.Is(err, ErrRateLimited) {
			t.Fatalf("right password after 20 failures from 20 addresses: err = %v, want ErrRateLimited", err)
		}
		if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), mustAddr("10.9.1.1")); err != nil {
			t.Fatalf("other user: %v", err)
		}
	})
	t.Run("per client, across users", func(t *testing.T) {
		a, clk := newBasicAuth(t)
		for i := range 50 {
			u := fmt.Sprintf("u%d", i)
			if _, err := a.Identify(ctx, basic(u, "x"), mustAddr("10.7.7.7")); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
			if i == 19 {
				// 20 failures of different users from one address (a
				// terminal server) do not lock it
				if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), mustAddr("10.7.7.7")); err != nil {
					t.Fatalf("client locked after 20 failures of different users: %v", err)
				}
			}
		}
		if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), mustAddr("10.7.7.7")); !errors.Is(err, ErrRateLimited) {
			t.Fatalf("client locked: err = %v", err)
		}
		if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), mustAddr("10.7.7.8")); err != nil {
			t.Fatalf("other client: %v", err)
		}
		clk.advance(time.Minute + time.Second)
		if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), mustAddr("10.7.7.7")); err != nil {
			t.Fatalf("after backoff: %v", err)
		}
	})
	t.Run("backoff doubles", func(t *testing.T) {
		a, clk := newBasicAuth(t)
		for range 5 {
			a.Identify(ctx, basic(testUser, "falsch"), mustAddr("10.6.0.1"))
		}
		clk.advance(61 * time.Second)
		a.Identify(ctx, basic(testUser, "falsch"), mustAddr("10.6.0.1")) // 6th: 2 minutes
		clk.advance(90 * time.Second)
		if _, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.6.0.1")); !errors.Is(err, ErrRateLimited) {
			t.Fatalf("90 s into a 2 min backoff: %v", err)
		}
		clk.advance(31 * time.Second)
		if _, err := a.Identify(ctx, basic(testUser, testPass), mustAddr("10.6.0.1")); err != nil {
			t.Fatalf("after 2 min backoff: %v", err)
		}
	})
}

func TestTrustedHeader(t *testing.T) {
	p := writeHtpasswd(t, t.TempDir(), testUser+":"+hash(t, testPass))
	for _, withHtpasswd := range []bool{false, true} {
		cfg := Config{
			TrustedHeader: "X-Authenticated-User", GroupsHeader: "X-Authenticated-Groups",
			TrustedProxies: []string{"10.0.0.5", "fd00:1::/64"},
			Networks:       map[string][]string{"sozialamt": {"10.0.0.0/24"}},
		}
		if withHtpasswd {
			cfg.Htpasswd = p
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		hdr := http.Header{"X-Authenticated-User": {"carla"}, "X-Authenticated-Groups": {"jugendamt, personal", "personal"}}
		cases := map[string]struct {
			remote  string
			h       http.Header
			want    Identity
			wantErr error
		}{
			"from trusted proxy": {remote: "10.0.0.5", h: hdr,
				want: Identity{User: "carla", Groups: []string{"jugendamt", "personal", "sozialamt"}, Authenticated: true, Source: SourceHeader}},
			"from trusted v6 proxy": {remote: "fd00:1::9", h: hdr,
				want: Identity{User: "carla", Groups: []string{"jugendamt", "personal"}, Authenticated: true, Source: SourceHeader}},
			"mapped v4 trusted": {remote: "::ffff:10.0.0.5", h: hdr,
				want: Identity{User: "carla", Groups: []string{"jugendamt", "personal", "sozialamt"}, Authenticated: true, Source: SourceHeader}},
			"control char in user": {remote: "10.0.0.5", h: http.Header{"X-Authenticated-User": {"a\x01b"}}, wantErr: ErrBadCredentials},
			// The proxy in front sent no user: its address is everyone's,
			// never an anonymous identity.
			"trusted proxy without user": {remote: "10.0.0.5", h: http.Header{}, wantErr: ErrAuthRequired},
		}
		if withHtpasswd {
			cases["from untrusted client"] = struct {
				remote  string
				h       http.Header
				want    Identity
				wantErr error
			}{remote: "10.0.0.6", h: hdr, wantErr: ErrAuthRequired}
		} else {
			cases["from untrusted client"] = struct {
				remote  string
				h       http.Header
				want    Identity
				wantErr error
			}{remote: "10.0.0.6", h: hdr, want: Identity{Groups: []string{"sozialamt"}, Source: SourceIP}}
		}
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				got, err := a.Identify(context.Background(), tc.h, mustAddr(tc.remote))
				if tc.wantErr != nil {
					if !errors.Is(err, tc.wantErr) {
						t.Fatalf("err = %v, want %v", err, tc.wantErr)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(tc.want, got, cmpopts.IgnoreUnexported(Identity{}), cmp.Transformer("nilEmpty", func(s []string) []string {
					if len(s) == 0 {
						return nil
					}
					return s
				})); d != "" {
					t.Errorf("(-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestNetworksGroups(t *testing.T) {
	a, err := New(Config{Networks: map[string][]string{
		"sozialamt": {"10.20.0.0/16", "2001:db8:20::/48"},
		"bauamt":    {"10.30.0.0/16"},
		"rathaus":   {"10.0.0.0/8"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"10.20.1.1":        {"rathaus", "sozialamt"},
		"10.30.255.1":      {"bauamt", "rathaus"},
		"10.40.0.1":        {"rathaus"},
		"::ffff:10.20.0.9": {"rathaus", "sozialamt"},
		"2001:db8:20::1":   {"sozialamt"},
		"192.168.0.1":      nil,
	}
	for remote, want := range cases {
		id, err := a.Identify(context.Background(), http.Header{}, mustAddr(remote))
		if err != nil {
			t.Fatal(err)
		}
		if id.Authenticated || id.Source != SourceIP || id.User != "" {
			t.Errorf("%s: anonymous identity expected, got %+v", remote, id)
		}
		if !slices.Equal(id.Groups, want) {
			t.Errorf("%s: groups = %v, want %v", remote, id.Groups, want)
		}
	}
}

func TestClientAllowed(t *testing.T) {
	def, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	custom, err := New(Config{AllowedClients: []string{"10.5.0.0/16", "203.0.113.7"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		addr        string
		def, custom bool
	}{
		{"127.0.0.1", true, false},
		{"::1", true, false},
		{"10.1.2.3", true, false},
		{"10.5.9.9", true, true},
		{"172.16.5.4", true, false},
		{"172.32.0.1", false, false},
		{"192.168.178.20", true, false},
		{"fd12:3456::1", true, false},
		{"::ffff:192.168.1.1", true, false},
		{"8.8.8.8", false, false},
		{"203.0.113.7", false, true},
		{"2001:db8::1", false, false},
	}
	for _, tc := range cases {
		if got := def.ClientAllowed(mustAddr(tc.addr)); got != tc.def {
			t.Errorf("default: ClientAllowed(%s) = %v, want %v", tc.addr, got, tc.def)
		}
		if got := custom.ClientAllowed(mustAddr(tc.addr)); got != tc.custom {
			t.Errorf("custom: ClientAllowed(%s) = %v, want %v", tc.addr, got, tc.custom)
		}
	}
	if def.ClientAllowed(netip.Addr{}) {
		t.Error("the zero address must not be allowed")
	}
}

func TestConfigErrors(t *testing.T) {
	cases := map[string]Config{
		"bad cidr":                   {AllowedClients: []string{"10.0.0.0/33"}},
		"bad trusted proxy":          {TrustedHeader: "X-User", TrustedProxies: []string{"nope"}},
		"header without proxies":     {TrustedHeader: "X-User"},
		"groups without header":      {GroupsHeader: "X-Groups"},
		"bad network":                {Networks: map[string][]string{"a": {"1.2.3"}}},
		"comma in group":             {Networks: map[string][]string{"a,b": {"10.0.0.0/8"}}},
		"missing htpasswd":           {Htpasswd: "/nonexistent/htpasswd"},
		"ldap bad url":               {LDAP: &LDAPConfig{URL: "http://dc", BaseDN: "dc=x"}},
		"ldap no base":               {LDAP: &LDAPConfig{URL: "ldap://dc"}},
		"ldap filter without user":   {LDAP: &LDAPConfig{URL: "ldap://dc", BaseDN: "dc=x", UserFilter: "(uid=x)"}},
		"ldap broken filter":         {LDAP: &LDAPConfig{URL: "ldap://dc", BaseDN: "dc=x", UserFilter: "(uid={user}"}},
		"ldap missing password file": {LDAP: &LDAPConfig{URL: "ldap://dc", BaseDN: "dc=x", BindPasswordFile: "/nonexistent"}},
	}
	for name, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New succeeded, want an error", name)
		}
	}
}

func TestHtpasswdRejectsNonBcrypt(t *testing.T) {
	cases := map[string]string{
		"apr1":     "$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/",
		"sha":      "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
		"crypt":    "rqXexS6ZhobKA",
		"plain":    testPass,
		"sha512":   "$6$salt$abcdefghijklmnop",
		"bad cost": "$2y$99$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"empty":    "",
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			p := writeHtpasswd(t, t.TempDir(), "bernd:"+hash(t, "x"), testUser+":"+h)
			_, err := New(Config{Htpasswd: p})
			if err == nil {
				t.Fatal("New accepted a non-bcrypt hash")
			}
			noSecrets(t, err)
			if !strings.Contains(err.Error(), "line 2") {
				t.Errorf("error %q does not name the line", err)
			}
		})
	}
	p := writeHtpasswd(t, t.TempDir(), testUser+":"+hash(t, "a"), testUser+":"+hash(t, "b"))
	if _, err := New(Config{Htpasswd: p}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate user: err = %v", err)
	}
}

func TestHtpasswdReload(t *testing.T) {
	dir := t.TempDir()
	p := writeHtpasswd(t, dir, testUser+":"+hash(t, testPass))
	a, err := New(Config{Htpasswd: p})
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	a.now = clk.now
	ctx := context.Background()
	remote := mustAddr("127.0.0.1")
	if _, err := a.Identify(ctx, basic(testUser, testPass), remote); err != nil {
		t.Fatal(err)
	}

	// explicit Reload: user removed, another added
	writeHtpasswd(t, dir, "bernd:"+hash(t, "bernd-pw"))
	if err := a.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Identify(ctx, basic(testUser, testPass), remote); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("removed user (cached login must be dropped): %v", err)
	}
	if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), remote); err != nil {
		t.Fatalf("added user: %v", err)
	}

	// a broken file keeps the old users and reports the error
	writeHtpasswd(t, dir, "bernd:{SHA}abc")
	if err := a.Reload(); err == nil {
		t.Fatal("Reload accepted a broken file")
	}
	if a.LastReloadError() == nil {
		t.Error("LastReloadError is nil after a failed reload")
	}
	if _, err := a.Identify(ctx, basic("bernd", "bernd-pw"), remote); err != nil {
		t.Fatalf("old users after failed reload: %v", err)
	}

	// automatic reload when the file changes
	writeHtpasswd(t, dir, "bernd:"+hash(t, "bernd-pw"), "carla:"+hash(t, "carla-pw"))
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, future, future); err != nil {
		t.Fatal(err)
	}
	clk.advance(3 * time.Second)
	if _, err := a.Identify(ctx, basic("carla", "carla-pw"), remote); err != nil {
		t.Fatalf("user added to the file was not picked up: %v", err)
	}
	if a.LastReloadError() != nil {
		t.Errorf("LastReloadError after good reload: %v", a.LastReloadError())
	}
}

// TestHtpasswdErrorClearsWhenFileReturns: a file that is briefly gone (moved
// aside and back, so mtime and size are as before) must not leave its
// "no such file" error on the status page and in the log for good.
func TestHtpasswdErrorClearsWhenFileReturns(t *testing.T) {
	dir := t.TempDir()
	p := writeHtpasswd(t, dir, testUser+":"+hash(t, testPass))
	a, err := New(Config{Htpasswd: p})
	if err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	a.now = clk.now
	ctx := context.Background()
	remote := mustAddr("127.0.0.1")
	if err := os.Rename(p, p+".bak"); err != nil {
		t.Fatal(err)
	}
	clk.advance(3 * time.Second)
	a.Identify(ctx, basic(testUser, testPass), remote)
	if a.LastReloadError() == nil {
		t.Fatal("no error while the file is gone")
	}
	if err := os.Rename(p+".bak", p); err != nil {
		t.Fatal(err)
	}
	clk.advance(3 * time.Second)
	if _, err := a.Identify(ctx, basic(testUser, testPass), remote); err != nil {
		t.Fatal(err)
	}
	if err := a.LastReloadError(); err != nil {
		t.Errorf("LastReloadError with the file back: %v", err)
	}
}

func TestChallengeAndMessages(t *testing.T) {
	cases := map[string]string{
		"":                     `Basic realm="schleuse – Anmeldung mit Ihrem Dienstkonto", charset="UTF-8"`,
		`Stadt "Musterhausen"`: `Basic realm="Stadt \"Musterhausen\"", charset="UTF-8"`,
		"a\r\nb":               `Basic realm="a  b", charset="UTF-8"`,
	}
	for in, want := range cases {
		if got := Challenge(in); got != want {
			t.Errorf("Challenge(%q) = %q, want %q", in, got, want)
		}
	}
	seen := map[string]bool{}
	for _, err := range []error{ErrAuthRequired, ErrBadCredentials, ErrRateLimited, ErrDirectory, errors.New("x")} {
		m := PublicMessage(err)
		if m == "" || seen[m] {
			t.Errorf("PublicMessage(%v) = %q: empty or not distinct", err, m)
		}
		seen[m] = true
	}
}

func FuzzParseHtpasswd(f *testing.F) {
	f.Add([]byte("anna:$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234\n"))
	f.Add([]byte("# comment\n\nbernd:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"))
	f.Add([]byte("x:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/\r\n"))
	f.Add([]byte(":\n:::\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		users, cost, err := parseHtpasswd(data)
		if err != nil {
			return
		}
		if len(users) == 0 || cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
			t.Fatalf("accepted file with %d users, cost %d", len(users), cost)
		}
		for u, h := range users {
			if !validUser(u) || !strings.HasPrefix(h, "$2") {
				t.Fatalf("accepted user %q hash %q", u, h)
			}
		}
	})
}

func FuzzIdentify(f *testing.F) {
	p := writeHtpasswd(f, f.TempDir(), testUser+":"+hash(f, testPass))
	a, err := New(Config{Htpasswd: p, TrustedHeader: "X-User", GroupsHeader: "X-Groups", TrustedProxies: []string{"10.0.0.5"}})
	if err != nil {
		f.Fatal(err)
	}
	a.creds.ttl = time.Hour
	f.Add("Basic "+base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPass)), "", "", true)
	f.Add("Basic %%%", "", "", false)
	f.Add("Bearer x", "carla", "a,b,,c", true)
	f.Add("", "a\x00b", "x\ny", true)
	f.Fuzz(func(t *testing.T, authz, user, groups string, trusted bool) {
		h := http.Header{}
		h.Set("Proxy-Authorization", authz)
		h.Set("X-User", user)
		h.Set("X-Groups", groups)
		remote := mustAddr("10.0.0.6")
		if trusted {
			remote = mustAddr("10.0.0.5")
		}
		id, err := a.Identify(context.Background(), h, remote)
		if err != nil {
			if strings.Contains(err.Error(), testPass) {
				t.Fatalf("error leaks the password: %v", err)
			}
			return
		}
		if !id.Authenticated {
			t.Fatalf("no error but not authenticated: %+v", id)
		}
		if id.Source == SourceHeader && !trusted {
			t.Fatalf("header identity from an untrusted address")
		}
	})
}

func BenchmarkIdentify(b *testing.B) {
	dir := b.TempDir()
	h, err := bcrypt.GenerateFromPassword([]byte(testPass), bcrypt.DefaultCost)
	if err != nil {
		b.Fatal(err)
	}
	p := writeHtpasswd(b, dir, testUser+":"+string(h))
	nets := map[string][]string{"rathaus": {"10.0.0.0/8"}, "sozialamt": {"10.20.0.0/16"}, "bauamt": {"10.30.0.0/16"}}
	ctx := context.Background()
	remote := mustAddr("10.20.1.2")
	for _, tc := range []struct {
		name string
		cfg  Config
		h    http.Header
	}{
		{"anonymous+networks", Config{Networks: nets}, http.Header{}},
		{"basic cached", Config{Htpasswd: p, Networks: nets}, basic(testUser, testPass)},
		{"basic bcrypt cost 10", Config{Htpasswd: p, Networks: nets, CredentialCacheTTL: -1}, basic(testUser, testPass)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			a, err := New(tc.cfg)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Identify(ctx, tc.h, remote); err != nil { // fill the cache
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.Identify(ctx, tc.h, remote); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
