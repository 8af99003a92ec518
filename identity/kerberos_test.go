package identity

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/maphash"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/iana/nametype"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/types"

	"github.com/schleuse/schleuse/internal/krbtest"
)

const testSPN = "HTTP/schleuse.stadt.example"

// krbSetup writes the service's keytab and returns its path and the key
// the test KDC encrypts tickets with.
func krbSetup(t testing.TB) (string, *keytab.Keytab) {
	t.Helper()
	kt := krbtest.Keytab(testSPN, krbtest.Realm, "dienstkonto-passwort", 3)
	p, err := krbtest.WriteKeytab(kt, t.TempDir(), "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	return p, kt
}

func krbToken(t testing.TB, tk krbtest.Ticket) string {
	t.Helper()
	s, err := krbtest.Token(tk)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKerberosLogin: a ticket from the domain for the proxy's SPN logs its
// user in (realm stripped, or kept); every other token is a 407, for the
// reason the error names, and no error names the user.
func TestKerberosLogin(t *testing.T) {
	path, kt := krbSetup(t)
	otherKey := krbtest.Keytab(testSPN, krbtest.Realm, "altes-passwort", 3)
	otherSPN := krbtest.Keytab("HTTP/intranet.stadt.example", krbtest.Realm, "intranet-passwort", 3)
	newerKVNO := krbtest.Keytab(testSPN, krbtest.Realm, "dienstkonto-passwort", 5)
	good := krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: kt, KVNO: 3}
	with := func(f func(*krbtest.Ticket)) krbtest.Ticket { tk := good; f(&tk); return tk }
	ntlm, _ := krbtest.NTLMUnderSPNEGO()
	replayed := krbToken(t, good)

	a, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN + "@" + krbtest.Realm, KeepRealm: true}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		a      *Authenticator
		header string
		user   string // "" = refused
		err    error
		why    string // in the error
	}{
		{"valid ticket", a, krbToken(t, good), "anna.kerber", nil, ""},
		{"realm kept", keep, krbToken(t, good), "anna.kerber@STADT.EXAMPLE", nil, ""},
		{"scheme case", a, "negotiate " + strings.TrimPrefix(krbToken(t, good), "Negotiate "), "anna.kerber", nil, ""},
		{"another SPN's ticket", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.SPN, tk.Keytab = "HTTP/intranet.stadt.example", otherSPN })), "", ErrKerberos, "does not decrypt"},
		{"key version not in the keytab", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.Keytab, tk.KVNO = newerKVNO, 5 })), "", ErrKerberos, "no key for this ticket (key version 5, encryption type 18)"},
		{"old password's key", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.Keytab = otherKey })), "", ErrKerberos, "does not decrypt"},
		{"expired ticket", a, krbToken(t, with(func(tk *krbtest.Ticket) {
			tk.Start, tk.End = time.Now().Add(-10*time.Hour), time.Now().Add(-2*time.Hour)
		})), "", ErrKerberos, "expired"},
		{"not yet valid", a, krbToken(t, with(func(tk *krbtest.Ticket) {
			tk.Start, tk.End = time.Now().Add(time.Hour), time.Now().Add(9*time.Hour)
		})), "", ErrKerberos, "not yet valid"},
		{"client clock off", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.Skew = -20 * time.Minute })), "", ErrKerberos, "clock skew"},
		{"user of another realm", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.UserRealm = "PARTNER.EXAMPLE" })), "", ErrKerberos, "another realm"},
		{"trusted realm's user claiming ours", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.UserRealm, tk.AuthRealm = "PARTNER.EXAMPLE", krbtest.Realm })), "", ErrKerberos, "another realm"},
		{"hand-made authenticator", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.AuthRealm = krbtest.Realm })), "anna.kerber", nil, ""},
		{"machine account", a, krbToken(t, with(func(tk *krbtest.Ticket) { tk.User = "host/pc17.stadt.example" })), "", ErrKerberos, "not a user"},
		{"garbage", a, "Negotiate " + base64.StdEncoding.EncodeToString([]byte("kein Token")), "", ErrKerberos, "AP-REQ"},
		{"not base64", a, "Negotiate !!!", "", ErrKerberos, "base64"},
		{"empty token", a, "Negotiate", "", ErrKerberos, "base64"},
		{"NTLM under SPNEGO", a, ntlm, "", ErrNTLM, "NTLM"},
		{"raw NTLM under Negotiate", a, "Negotiate " + base64.StdEncoding.EncodeToString(krbtest.NTLMNegotiate), "", ErrNTLM, "NTLM"},
		{"NTLM scheme", a, "NTLM " + base64.StdEncoding.EncodeToString(krbtest.NTLMNegotiate), "", ErrNTLM, "NTLM"},
		{"Basic without htpasswd", a, "Basic " + base64.StdEncoding.EncodeToString([]byte("anna:x")), "", ErrBadCredentials, "scheme"},
		{"nothing", a, "", "", ErrAuthRequired, ""},
		{"first use", a, replayed, "anna.kerber", nil, ""},
		{"replayed authenticator", a, replayed, "", ErrKerberos, "replayed"},
		{"replayed after a reload", keep, replayed, "", ErrKerberos, "replayed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hdr := http.Header{}
			if c.header != "" {
				hdr.Set("Proxy-Authorization", c.header)
			}
			id, err := c.a.Identify(context.Background(), hdr, mustAddr("10.1.2.3"))
			if c.user != "" {
				if err != nil || id.User != c.user || id.Source != SourceKerberos || !id.Authenticated {
					t.Fatalf("got %+v, %v; want user %q from kerberos", id, err, c.user)
				}
				return
			}
			if !errors.Is(err, c.err) || !errors.Is(err, ErrBadCredentials) && c.err != ErrAuthRequired {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if !strings.Contains(err.Error(), c.why) {
				t.Errorf("err = %q, want it to say %q", err, c.why)
			}
			if strings.Contains(err.Error(), "anna") || strings.Contains(err.Error(), "pc17") {
				t.Errorf("error names the user: %q", err)
			}
		})
	}
}

// TestKerberosBesideBasic: with an htpasswd file too both are offered,
// Negotiate first, and both log in; without credentials it is a 407.
func TestKerberosBesideBasic(t *testing.T) {
	path, kt := krbSetup(t)
	dir := t.TempDir()
	ht := writeHtpasswd(t, dir, "bernd:"+hash(t, "bernd-2026"))
	a, err := New(Config{Htpasswd: ht, Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.KerberosKeys(), "HTTP/schleuse.stadt.example@STADT.EXAMPLE, key versions 3 (aes256-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96); users of STADT.EXAMPLE"; got != want {
		t.Errorf("KerberosKeys = %q, want %q", got, want)
	}
	if got := a.Challenges(); len(got) != 2 || got[0] != "Negotiate" || !strings.HasPrefix(got[1], "Basic realm=") {
		t.Errorf("challenges = %q, want Negotiate then Basic", got)
	}
	if !a.AuthRequired() {
		t.Error("AuthRequired false with kerberos")
	}
	basic := http.Header{"Proxy-Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("bernd:bernd-2026"))}}
	if id, err := a.Identify(context.Background(), basic, mustAddr("10.1.2.3")); err != nil || id.User != "bernd" || id.Source != SourceBasic {
		t.Errorf("basic: %+v %v", id, err)
	}
	neg := http.Header{"Proxy-Authorization": {krbToken(t, krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: kt, KVNO: 3})}}
	id, err := a.Identify(context.Background(), neg, mustAddr("10.1.2.3"))
	if err != nil || id.User != "anna.kerber" || id.Source != SourceKerberos {
		t.Errorf("negotiate: %+v %v", id, err)
	}
	if st := a.Stamp(id); st == "" || st != a.Stamp(id) {
		t.Errorf("stamp of a kerberos identity: %q", st)
	}
	if _, err := a.Identify(context.Background(), http.Header{}, mustAddr("10.1.2.3")); !errors.Is(err, ErrAuthRequired) {
		t.Errorf("no credentials: %v", err)
	}
	only, _ := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if got := only.Challenges(); !slices.Equal(got, []string{"Negotiate"}) {
		t.Errorf("kerberos only: challenges %q", got)
	}
}

// TestKerberosGroupsFromLDAP: a Kerberos user gets the directory's groups
// as a Basic user does.
func TestKerberosGroupsFromLDAP(t *testing.T) {
	d := startDirectory(t)
	path, kt := krbSetup(t)
	cfg := ldapConfig(d.addr)
	cfg.GroupMap = map[string]string{"GG-Sozialamt": "sozialamt"}
	a, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}, LDAP: cfg})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Proxy-Authorization": {krbToken(t, krbtest.Ticket{User: "anna.beispiel", SPN: testSPN, Keytab: kt, KVNO: 3})}}
	id, err := a.Identify(context.Background(), h, mustAddr("10.1.2.3"))
	if err != nil || !slices.Equal(id.Groups, []string{"sozialamt"}) {
		t.Fatalf("got %+v %v, want group sozialamt", id, err)
	}
}

// TestKerberosConfigErrors: what cannot work is refused at start with the
// key to fix and what to do.
func TestKerberosConfigErrors(t *testing.T) {
	path, _ := krbSetup(t)
	dir := t.TempDir()
	twoRealms := krbtest.Keytab(testSPN, "A.EXAMPLE", "x", 1)
	twoRealms.Entries = append(twoRealms.Entries, krbtest.Keytab(testSPN, "B.EXAMPLE", "y", 1).Entries...)
	twoPath, _ := krbtest.WriteKeytab(twoRealms, dir, "two.keytab")
	garbage := filepath.Join(dir, "garbage.keytab")
	os.WriteFile(garbage, []byte("\x05\x02kein keytab"), 0o600)
	unreadable := filepath.Join(dir, "unreadable.keytab")
	os.WriteFile(unreadable, []byte("x"), 0o600)
	os.Chmod(unreadable, 0)
	for _, c := range []struct {
		cfg      KerberosConfig
		key, why string
	}{
		{KerberosConfig{ServicePrincipal: testSPN}, "kerberos.keytab", "empty"},
		{KerberosConfig{Keytab: filepath.Join(dir, "fehlt.keytab"), ServicePrincipal: testSPN}, "kerberos.keytab", "does not exist: export the key of HTTP/"},
		{KerberosConfig{Keytab: garbage, ServicePrincipal: testSPN}, "kerberos.keytab", "is not a keytab"},
		{KerberosConfig{Keytab: path}, "kerberos.service_principal", "not a service principal"},
		{KerberosConfig{Keytab: path, ServicePrincipal: "schleuse.stadt.example"}, "kerberos.service_principal", "want HTTP/"},
		{KerberosConfig{Keytab: path, ServicePrincipal: "HTTP/10.0.0.5"}, "kerberos.service_principal", "only by its host name"},
		{KerberosConfig{Keytab: path, ServicePrincipal: "host/schleuse.stadt.example"}, "kerberos.service_principal", "HTTP/<host name>"},
		{KerberosConfig{Keytab: path, ServicePrincipal: "HTTP/proxy.stadt.example"}, "kerberos.keytab", "holds no key for HTTP/proxy.stadt.example (it holds: HTTP/schleuse.stadt.example@STADT.EXAMPLE)"},
		{KerberosConfig{Keytab: path, ServicePrincipal: testSPN + "@OTHER.EXAMPLE"}, "kerberos.keytab", "holds no key for HTTP/schleuse.stadt.example@OTHER.EXAMPLE"},
		{KerberosConfig{Keytab: twoPath, ServicePrincipal: testSPN}, "kerberos.service_principal", "several realms (A.EXAMPLE, B.EXAMPLE)"},
		{KerberosConfig{Keytab: path, ServicePrincipal: testSPN, Realm: "STADT EXAMPLE"}, "kerberos.realm", "not a realm"},
	} {
		_, err := New(Config{Kerberos: &c.cfg})
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Key != c.key || !strings.Contains(ce.Err.Error(), c.why) {
			t.Errorf("%+v: err = %v, want %s: …%s…", c.cfg, err, c.key, c.why)
		}
	}
	if os.Geteuid() != 0 {
		_, err := New(Config{Kerberos: &KerberosConfig{Keytab: unreadable, ServicePrincipal: testSPN}})
		if err == nil || !strings.Contains(err.Error(), "chmod 0640") {
			t.Errorf("unreadable keytab: %v", err)
		}
	}
	// Another case of the SPN than the keytab's is the same SPN.
	if _, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: "http/SCHLEUSE.stadt.example"}}); err != nil {
		t.Errorf("SPN in other case: %v", err)
	}
}

// TestKerberosReload: a rotated key is taken on Reload (SIGHUP) and, when
// the file changed, at the next login (msktutil --auto-update); a broken
// keytab leaves the previous key in force and is reported.
func TestKerberosReload(t *testing.T) {
	path, kt := krbSetup(t)
	a, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		t.Fatal(err)
	}
	a.kerberos.checkEvery = time.Hour // no look at the file until said
	login := func(key *keytab.Keytab, kvno int) error {
		h := http.Header{"Proxy-Authorization": {krbToken(t, krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: key, KVNO: kvno})}}
		_, err := a.Identify(context.Background(), h, mustAddr("10.1.2.3"))
		return err
	}
	if err := login(kt, 3); err != nil {
		t.Fatal(err)
	}
	id := Identity{User: "anna.kerber", Source: SourceKerberos, Authenticated: true}
	before := a.Stamp(id)
	rotated := krbtest.Keytab(testSPN, krbtest.Realm, "neues-passwort", 4)
	if _, err := krbtest.WriteKeytab(rotated, filepath.Dir(path), filepath.Base(path)); err != nil {
		t.Fatal(err)
	}
	if err := login(rotated, 4); err == nil {
		t.Fatal("new key accepted before the reload")
	}
	if err := a.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := login(rotated, 4); err != nil {
		t.Fatalf("new key after reload: %v", err)
	}
	if err := login(kt, 3); err == nil || !strings.Contains(err.Error(), "no key for this ticket (key version 3") {
		t.Errorf("old key after reload: %v", err)
	}
	if a.Stamp(id) == before {
		t.Error("stamp unchanged by a new key: connections authenticated with the old one go on")
	}
	os.WriteFile(path, []byte("kaputt"), 0o600)
	if err := a.Reload(); err == nil || a.LastReloadError() == nil {
		t.Fatalf("broken keytab: reload %v, last %v", err, a.LastReloadError())
	}
	if err := login(rotated, 4); err != nil {
		t.Errorf("previous key not in force after a broken keytab: %v", err)
	}

	// Without a SIGHUP: the changed file is read at the next login.
	a.kerberos.checkEvery = 0
	again := krbtest.Keytab(testSPN, krbtest.Realm, "drittes-passwort", 5)
	again.Entries = append(again.Entries, rotated.Entries...) // msktutil keeps the previous version
	if _, err := krbtest.WriteKeytab(again, filepath.Dir(path), filepath.Base(path)); err != nil {
		t.Fatal(err)
	}
	if err := login(again, 5); err != nil {
		t.Errorf("key of a changed keytab without reload: %v", err)
	}
	if err := login(rotated, 4); err != nil {
		t.Errorf("previous key version kept in the keytab: %v", err)
	}
	if a.LastReloadError() != nil {
		t.Errorf("error of the broken keytab still reported: %v", a.LastReloadError())
	}
}

// FuzzNegotiateToken: no token, however malformed, panics or logs anyone in.
func FuzzNegotiateToken(f *testing.F) {
	path, kt := krbSetup(f)
	a, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		f.Fatal(err)
	}
	tok, _ := krbtest.Token(krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: krbtest.Keytab(testSPN, krbtest.Realm, "falsch", 3), KVNO: 3})
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(tok, "Negotiate "))
	f.Add(raw)
	ntlm, _ := krbtest.NTLMUnderSPNEGO()
	raw, _ = base64.StdEncoding.DecodeString(strings.TrimPrefix(ntlm, "Negotiate "))
	f.Add(raw)
	f.Add(krbtest.NTLMNegotiate)
	f.Add([]byte{0x60, 0x80})
	f.Add([]byte{0xa1, 0x03, 0x30, 0x01, 0x00})
	_ = kt
	f.Fuzz(func(t *testing.T, b []byte) {
		h := http.Header{"Proxy-Authorization": {"Negotiate " + base64.StdEncoding.EncodeToString(b)}}
		if id, err := a.Identify(context.Background(), h, mustAddr("10.1.2.3")); err == nil {
			t.Fatalf("logged in %+v", id)
		}
	})
}

// TestReplayCache: an authenticator is refused a second time for as long
// as it could be accepted (its time plus the skew, also when dated ahead
// of this host's clock), and two copies at once let in one.
func TestReplayCache(t *testing.T) {
	c := newReplayCache()
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	skew := 5 * time.Minute
	auth := func(user string, ct time.Time) types.Authenticator {
		return types.Authenticator{CRealm: krbtest.Realm, CName: types.NewPrincipalName(nametype.KRB_NT_PRINCIPAL, user), CTime: ct, SeqNumber: 7}
	}
	add := func(a types.Authenticator, at time.Time) bool {
		return c.add(a, a.CRealm, a.CName.NameString[0], mustAddr("10.1.2.3"), skew, at) == nil
	}
	ahead := auth("anna", now.Add(4*time.Minute)) // client clock 4 min ahead
	if !add(ahead, now) {
		t.Fatal("first use refused")
	}
	for _, later := range []time.Duration{time.Second, 6 * time.Minute, 8 * time.Minute} {
		// gokrb5's cache forgot it after skew (+ its sweep): still valid
		// at +8 min, as its time is +4 min and the skew 5 min.
		if add(ahead, now.Add(later)) {
			t.Errorf("replay %v later accepted", later)
		}
	}
	if !add(auth("bernd", now), now) || !add(auth("anna", now), now) {
		t.Error("other authenticators refused")
	}
	// Expired entries go (the authenticator itself is refused by then),
	// and with them their count in their principal's and address's share.
	add(auth("carl", now.Add(time.Hour)), now.Add(time.Hour))
	if len(c.m) != 1 || len(c.principals) != 1 || len(c.clients) != 1 || c.clients[maphash.Comparable(c.seed, netip.MustParsePrefix("10.1.2.3/32"))] != 1 {
		t.Errorf("after expiry: %d entries, principals %v, clients %v; want carl's alone", len(c.m), c.principals, c.clients)
	}
	var wg sync.WaitGroup
	var passed atomic.Int32
	same := auth("dora", now)
	for range 16 {
		wg.Go(func() {
			if add(same, now) {
				passed.Add(1)
			}
		})
	}
	wg.Wait()
	if passed.Load() != 1 {
		t.Errorf("%d of 16 concurrent copies accepted, want 1", passed.Load())
	}
}

// TestReplayCacheShares: one principal (in any case) and one client
// address (an IPv6 host per /64) fill only their own share of the replay
// cache; the others' logins go on. Only a cache full of live entries
// refuses everyone, and expired entries free the shares.
func TestReplayCacheShares(t *testing.T) {
	c := newReplayCache()
	c.max, c.perPrincipal, c.perClient = 100, 10, 30
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	skew := 5 * time.Minute
	seq := int64(0)
	add := func(user, addr string, at time.Time) error {
		seq++
		a := types.Authenticator{CRealm: krbtest.Realm, CName: types.NewPrincipalName(nametype.KRB_NT_PRINCIPAL, user), CTime: at, SeqNumber: seq}
		return c.add(a, krbtest.Realm, user, mustAddr(addr), skew, at)
	}
	for i := range 10 {
		user := "mallory"
		if i%2 == 1 {
			user = "MALLORY" // another spelling is the same account
		}
		if err := add(user, "10.0.0.66", now); err != nil {
			t.Fatalf("login %d of the flooding user: %v", i, err)
		}
	}
	if err := add("Mallory", "10.0.0.99", now); !errors.Is(err, errReplayUser) {
		t.Errorf("11th login of the flooding user: %v, want errReplayUser", err)
	}
	if err := add("anna", "10.0.0.66", now); err != nil {
		t.Errorf("another user at the flooder's address: %v", err)
	}
	for i := range 19 {
		if err := add(fmt.Sprintf("user%d", i), "10.0.0.66", now); err != nil {
			t.Fatalf("user %d at a busy address: %v", i, err)
		}
	}
	if err := add("bernd", "10.0.0.66", now); !errors.Is(err, errReplayClient) {
		t.Errorf("31st login from one address: %v, want errReplayClient", err)
	}
	if err := add("bernd", "10.0.0.67", now); err != nil {
		t.Errorf("from another address: %v", err)
	}
	for i := range 30 {
		if err := add(fmt.Sprintf("v6user%d", i), fmt.Sprintf("fd00:1:2:3::%x", i+1), now); err != nil {
			t.Fatalf("IPv6 %d: %v", i, err)
		}
	}
	if err := add("carl", "fd00:1:2:3:ffff::1", now); !errors.Is(err, errReplayClient) {
		t.Errorf("31st login from one IPv6 /64: %v, want errReplayClient", err)
	}
	for i := 0; len(c.m) < c.max; i++ {
		if err := add(fmt.Sprintf("fill%d", i), fmt.Sprintf("10.1.%d.%d", i/200, i%200), now); err != nil {
			t.Fatalf("fill %d: %v", i, err)
		}
	}
	if err := add("dora", "10.9.9.9", now); !errors.Is(err, errReplayFull) {
		t.Errorf("full cache: %v, want errReplayFull", err)
	}
	// After the entries expired (2 × skew + 1 s at most) the shares are free again.
	later := now.Add(2*skew + 2*time.Second)
	if err := add("mallory", "10.0.0.66", later); err != nil {
		t.Errorf("the flooding user after expiry: %v", err)
	}
	if len(c.m) != 1 || len(c.principals) != 1 || len(c.clients) != 1 {
		t.Errorf("after expiry: %d entries, %d principals, %d clients; want 1 each", len(c.m), len(c.principals), len(c.clients))
	}
}

// TestKerberosFloodHurtsOnlyTheSender: one user who sends logins as fast
// as the proxy takes them fills their own share of the replay cache and
// is refused beyond it; other users, also at the same address, log in.
// Before, the flood filled the whole cache (500 000 entries) and then
// every Kerberos login was refused until entries expired.
func TestKerberosFloodHurtsOnlyTheSender(t *testing.T) {
	path, kt := krbSetup(t)
	a, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		t.Fatal(err)
	}
	a.kerberos.replay = newReplayCache()
	login := func(user string) error {
		h := http.Header{"Proxy-Authorization": {krbToken(t, krbtest.Ticket{User: user, SPN: testSPN, Keytab: kt, KVNO: 3})}}
		_, err := a.Identify(context.Background(), h, mustAddr("10.1.2.3"))
		return err
	}
	for i := range replayPerPrincipal {
		if err := login("flut.user"); err != nil {
			t.Fatalf("login %d of the flooding user: %v", i, err)
		}
	}
	err = login("flut.user")
	if !errors.Is(err, ErrKerberos) || !strings.Contains(err.Error(), "too many logins of this user") {
		t.Errorf("login %d of the flooding user: %v, want refused for its share", replayPerPrincipal+1, err)
	}
	if strings.Contains(err.Error(), "flut") {
		t.Errorf("error names the user: %v", err)
	}
	if err := login("anna.kerber"); err != nil {
		t.Errorf("another user during the flood: %v", err)
	}
}

// TestKerberosOtherServiceOfAccount: a ticket for another SPN of the
// proxy's account (cifs/, host/ of the same computer account, an alias)
// decrypts with the same key, but was issued for another service: it is
// refused, and the error names neither the user nor the ticket's SPN
// beyond its service class. The configured SPN in another case is the
// same SPN, as AD matches it.
func TestKerberosOtherServiceOfAccount(t *testing.T) {
	path, kt := krbSetup(t)
	a, err := New(Config{Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, spn, realm string
		ok               bool
		why              string
	}{
		{"cifs of the same account", "cifs/schleuse.stadt.example", krbtest.Realm, false, "another service (cifs/ of this host)"},
		{"host of the same account", "host/schleuse.stadt.example", krbtest.Realm, false, "another service (host/ of this host)"},
		{"HTTP alias on the same account", "HTTP/ki-proxy.stadt.example", krbtest.Realm, false, "another service (HTTP/ of another host)"},
		{"a person's principal as server name", "anna/admin", krbtest.Realm, false, "another service (another service class of another host)"},
		{"one-component server name", "anna", krbtest.Realm, false, "a name of 1 component(s)"},
		{"the SPN in another realm", testSPN, "PARTNER.EXAMPLE", false, ""},
		{"the SPN in another case", "http/SCHLEUSE.Stadt.Example", krbtest.Realm, true, ""},
		{"the SPN", testSPN, krbtest.Realm, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tok := krbToken(t, krbtest.Ticket{User: "anna.kerber", SPN: c.spn, Realm: c.realm, Keytab: krbtest.SameKey(kt, c.spn, c.realm), KVNO: 3})
			id, err := a.Identify(context.Background(), http.Header{"Proxy-Authorization": {tok}}, mustAddr("10.1.2.3"))
			if c.ok {
				if err != nil || id.User != "anna.kerber" {
					t.Fatalf("got %+v %v, want anna.kerber", id, err)
				}
				return
			}
			if !errors.Is(err, ErrKerberos) || !strings.Contains(err.Error(), c.why) {
				t.Fatalf("err = %v, want ErrKerberos saying %q", err, c.why)
			}
			if strings.Contains(err.Error(), "anna") || strings.Contains(err.Error(), "ki-proxy") {
				t.Errorf("error names the user or the ticket's SPN: %q", err)
			}
		})
	}
}

// TestKerberosUserCase: AD names ignore case, and a ticket spells the
// name as typed at the Windows logon. "ERIKA.MUSTER" and "erika.muster"
// are one user (one pseudonym, one rate-limit key, one LDAP cache entry);
// a kept realm is upper case. keep_case keeps the ticket's spelling.
func TestKerberosUserCase(t *testing.T) {
	path, kt := krbSetup(t)
	newAuth := func(kc KerberosConfig) *Authenticator {
		kc.Keytab, kc.ServicePrincipal = path, testSPN
		a, err := New(Config{Kerberos: &kc})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	fold, keepRealm, keepCase := newAuth(KerberosConfig{}), newAuth(KerberosConfig{KeepRealm: true}), newAuth(KerberosConfig{KeepRealm: true, KeepCase: true})
	for _, c := range []struct {
		a           *Authenticator
		user, realm string
		want        string
	}{
		{fold, "ERIKA.MUSTER", "", "erika.muster"},
		{fold, "Erika.Muster", "", "erika.muster"},
		{fold, "erika.muster", "", "erika.muster"},
		{fold, "JÖRG.ÄRMEL", "", "jörg.ärmel"},
		{keepRealm, "Erika.Muster", "stadt.example", "erika.muster@STADT.EXAMPLE"},
		{keepCase, "Erika.Muster", "stadt.example", "Erika.Muster@stadt.example"},
	} {
		tok := krbToken(t, krbtest.Ticket{User: c.user, UserRealm: c.realm, SPN: testSPN, Keytab: kt, KVNO: 3})
		id, err := c.a.Identify(context.Background(), http.Header{"Proxy-Authorization": {tok}}, mustAddr("10.1.2.3"))
		if err != nil || id.User != c.want {
			t.Errorf("%s@%s: user %q %v, want %q", c.user, c.realm, id.User, err, c.want)
		}
	}
	if fold.Stamp(Identity{Source: SourceKerberos}) == newAuth(KerberosConfig{KeepCase: true}).Stamp(Identity{Source: SourceKerberos}) {
		t.Error("keep_case does not change the stamp: connections logged in under the other spelling go on")
	}
}

// TestKerberosRateLimited: refused Negotiate tokens (garbage, another key,
// expired, replayed, another service's ticket, NTLM) count per client
// address in the limiter of Basic's wrong passwords; at the client ceiling
// the address is locked, even for a valid ticket and for Basic, until the
// backoff has passed. Other addresses go on; the challenge (no header) is
// no failure.
func TestKerberosRateLimited(t *testing.T) {
	path, kt := krbSetup(t)
	dir := t.TempDir()
	ht := writeHtpasswd(t, dir, "bernd:"+hash(t, "bernd-2026"))
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	newAuth := func() *Authenticator {
		a, err := New(Config{Htpasswd: ht, Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN},
			MaxFailures: 3, MaxClientFailures: 6, Backoff: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		a.now = func() time.Time { return now }
		return a
	}
	good := krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: kt, KVNO: 3}
	login := func(a *Authenticator, header, addr string) error {
		h := http.Header{}
		if header != "" {
			h.Set("Proxy-Authorization", header)
		}
		_, err := a.Identify(context.Background(), h, mustAddr(addr))
		return err
	}
	ntlm, _ := krbtest.NTLMUnderSPNEGO()
	replayed := krbToken(t, good)
	a := newAuth()
	if err := login(a, replayed, "10.9.9.9"); err != nil {
		t.Fatal(err)
	}
	bad := []string{
		"Negotiate " + base64.StdEncoding.EncodeToString([]byte("kein Token")),
		krbToken(t, krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: krbtest.Keytab(testSPN, krbtest.Realm, "altes-passwort", 3), KVNO: 3}),
		krbToken(t, krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: kt, KVNO: 3, Start: time.Now().Add(-10 * time.Hour), End: time.Now().Add(-2 * time.Hour)}),
		replayed,
		krbToken(t, krbtest.Ticket{User: "anna.kerber", SPN: "cifs/schleuse.stadt.example", Keytab: krbtest.SameKey(kt, "cifs/schleuse.stadt.example", krbtest.Realm), KVNO: 3}),
		ntlm,
	}
	for i, h := range bad {
		if err := login(a, "", "10.1.2.3"); !errors.Is(err, ErrAuthRequired) {
			t.Fatalf("challenge %d: %v", i, err)
		}
		if err := login(a, h, "10.1.2.3"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("bad token %d: %v, want a refusal", i, err)
		}
	}
	if err := login(a, krbToken(t, good), "10.1.2.3"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("valid ticket after %d refused tokens: %v, want ErrRateLimited", len(bad), err)
	}
	if err := login(a, "NTLM "+base64.StdEncoding.EncodeToString(krbtest.NTLMNegotiate), "10.1.2.3"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("NTLM from the locked address: %v, want ErrRateLimited", err)
	}
	if err := login(a, "Basic "+base64.StdEncoding.EncodeToString([]byte("bernd:bernd-2026")), "10.1.2.3"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("Basic from the locked address: %v, want ErrRateLimited", err)
	}
	if err := login(a, krbToken(t, good), "10.1.2.4"); err != nil {
		t.Errorf("valid ticket from another address: %v", err)
	}
	now = now.Add(61 * time.Second)
	if err := login(a, krbToken(t, good), "10.1.2.3"); err != nil {
		t.Errorf("valid ticket after the backoff: %v", err)
	}

	// Challenges alone lock nothing; NTLM by its own scheme counts: the
	// same token is locked after MaxFailures, and different ones lock
	// the address at its ceiling.
	b := newAuth()
	for range 20 {
		login(b, "", "10.1.2.3")
	}
	if err := login(b, krbToken(t, good), "10.1.2.3"); err != nil {
		t.Errorf("valid ticket after 20 challenges: %v", err)
	}
	ntlmScheme := func(i int) string {
		return "NTLM " + base64.StdEncoding.EncodeToString(append(slices.Clone(krbtest.NTLMNegotiate), byte(i)))
	}
	for i := range 3 {
		if err := login(b, ntlmScheme(0), "10.1.2.5"); !errors.Is(err, ErrBadCredentials) || errors.Is(err, ErrRateLimited) {
			t.Fatalf("NTLM %d: %v, want a refusal", i, err)
		}
	}
	if err := login(b, ntlmScheme(0), "10.1.2.5"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("the same NTLM token a fourth time: %v, want ErrRateLimited", err)
	}
	for i := 1; i <= 3; i++ {
		login(b, ntlmScheme(i), "10.1.2.5")
	}
	if err := login(b, krbToken(t, good), "10.1.2.5"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("valid ticket after 6 different NTLM tokens: %v, want ErrRateLimited", err)
	}
}

// TestKerberosFailingPCLocksOnlyItself: a PC that keeps sending what the
// proxy refuses on every connection (the service ticket it holds, made
// with an old key or with its clock off; NTLM because it has none) is
// locked after MaxFailures like a user with a wrong password at that
// address, and stops counting while locked: on a terminal server or
// behind NAT, the other users' valid tickets and passwords go on however
// long it keeps trying.
func TestKerberosFailingPCLocksOnlyItself(t *testing.T) {
	path, kt := krbSetup(t)
	ht := writeHtpasswd(t, t.TempDir(), "bernd:"+hash(t, "bernd-2026"))
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	a, err := New(Config{Htpasswd: ht, Kerberos: &KerberosConfig{Keytab: path, ServicePrincipal: testSPN}})
	if err != nil {
		t.Fatal(err)
	}
	a.now = func() time.Time { return now }
	login := func(header, addr string) error {
		h := http.Header{}
		h.Set("Proxy-Authorization", header)
		_, err := a.Identify(context.Background(), h, mustAddr(addr))
		return err
	}
	stale, err := krbtest.Tokens(krbtest.Ticket{User: "carla.alt", SPN: testSPN, Keytab: krbtest.Keytab(testSPN, krbtest.Realm, "altes-passwort", 3), KVNO: 3})
	if err != nil {
		t.Fatal(err)
	}
	skewed, err := krbtest.Tokens(krbtest.Ticket{User: "dieter.uhr", SPN: testSPN, Keytab: kt, KVNO: 3, Skew: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ntlm, err := krbtest.NTLMUnderSPNEGO()
	if err != nil {
		t.Fatal(err)
	}
	const ts = "10.20.0.7" // the terminal server
	counted := map[string]int{}
	for i := range 200 {
		for name, next := range map[string]func() (string, error){"old key": stale, "clock off": skewed,
			"NTLM": func() (string, error) { return ntlm, nil }} {
			tok, err := next()
			if err != nil {
				t.Fatal(err)
			}
			err = login(tok, ts)
			switch {
			case err == nil:
				t.Fatalf("%s, try %d: logged in", name, i)
			case i < 5 && errors.Is(err, ErrRateLimited):
				t.Fatalf("%s, try %d: %v, want a refusal of the token", name, i, err)
			case i == 5 && !errors.Is(err, ErrRateLimited):
				t.Fatalf("%s, try %d: %v, want ErrRateLimited (locked after 5)", name, i, err)
			case !errors.Is(err, ErrRateLimited):
				counted[name]++ // tried again after its backoff
			}
		}
		now = now.Add(2 * time.Second) // 200 tries each in under 7 minutes
	}
	for name, n := range counted {
		if n > 10 {
			t.Errorf("%s: %d of 200 tries counted, want its backoff to hold it (at most 10)", name, n)
		}
	}
	good, err := krbtest.Tokens(krbtest.Ticket{User: "anna.kerber", SPN: testSPN, Keytab: kt, KVNO: 3})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := good()
	if err != nil {
		t.Fatal(err)
	}
	if err := login(tok, ts); err != nil {
		t.Errorf("another user's valid ticket at the terminal server: %v", err)
	}
	if err := login("Basic "+base64.StdEncoding.EncodeToString([]byte("bernd:bernd-2026")), ts); err != nil {
		t.Errorf("another user's password at the terminal server: %v", err)
	}
}
