package identity

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/service"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"
)

// KerberosConfig enables proxy login by Kerberos (SPNEGO, "Proxy-Authorization:
// Negotiate"), the single sign-on of browsers on domain PCs.
type KerberosConfig struct {
	// Keytab is the path of the keytab with the key of ServicePrincipal
	// (ktpass on a domain controller, msktutil or ktutil on Linux).
	Keytab string
	// ServicePrincipal is the SPN browsers ask a ticket for:
	// "HTTP/<the proxy's host name as the browsers know it>", optionally
	// with "@REALM" (needed only when the keytab holds it in more than one
	// realm).
	ServicePrincipal string
	// Realm is the realm whose users are accepted; "" = the service
	// principal's realm. Users of other realms (trusts) are refused: with
	// the realm stripped from their names, "anna" of two realms would be
	// one user.
	Realm string
	// KeepRealm keeps the realm in the user name ("anna@STADT.EXAMPLE");
	// false = "anna", as the htpasswd file and sAMAccountName spell it.
	KeepRealm bool
	// KeepCase keeps the user name as the ticket spells it. Active
	// Directory ignores the case of names, and the ticket carries it as
	// the user typed it at the Windows logon: "ERIKA.MUSTER" and
	// "erika.muster" are one account. false (the default) folds the name
	// to lower case and a kept realm to upper case, so that one person is
	// one pseudonym, one rate-limit key and one LDAP cache entry.
	KeepCase bool
	// MaxClockSkew is the tolerated difference between the client's clock
	// and this host's; 0 = 5 minutes (the Kerberos default).
	MaxClockSkew time.Duration
}

// Errors of Negotiate logins. Both are ErrBadCredentials (a 407).
var (
	// ErrNTLM: the browser sent NTLM under Negotiate: it got no Kerberos
	// ticket for the proxy (not in the domain, the proxy entered by its
	// address, the SPN missing or on another account).
	ErrNTLM = fmt.Errorf("%w: NTLM token under Negotiate (the client got no Kerberos ticket for the proxy; schleuse accepts Kerberos only)", ErrBadCredentials)
	// ErrKerberos: the Kerberos token was not accepted; the wrapped text
	// says why (never with a user name).
	ErrKerberos = fmt.Errorf("%w: kerberos", ErrBadCredentials)
)

// OIDs of mechanisms a client may offer under SPNEGO.
var oidNTLMSSP = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 2, 10}

var ntlmSignature = []byte("NTLMSSP\x00")

// kerberos verifies Negotiate tokens against a keytab. Safe for concurrent use.
type kerberos struct {
	path      string
	spn       string // as configured, without realm, for messages
	userRealm string
	keepRealm bool
	keepCase  bool
	skew      time.Duration

	mu      sync.RWMutex
	kt      *keytab.Keytab
	ktSPN   types.PrincipalName // the SPN as the keytab spells it
	ktRealm string
	keys    string    // hash of the SPN's keys, for stamp
	file    fileStamp // of the keytab read
	lastErr error

	checkMu    sync.Mutex
	lastCheck  time.Time
	checkEvery time.Duration
	replay     *replayCache
	hostAddr   func(netip.Addr) types.HostAddress
}

func newKerberos(cfg KerberosConfig) (*kerberos, error) {
	if strings.TrimSpace(cfg.Keytab) == "" {
		return nil, configErr("kerberos.keytab", errors.New("leer: die Keytab mit dem Schlüssel des Dienstprinzipals des Proxys eintragen (docs/operations.md, Kerberos) / empty: name the keytab with the key of the proxy's service principal (docs/operations.md, Kerberos)"))
	}
	spn, realm, _ := strings.Cut(strings.TrimSpace(cfg.ServicePrincipal), "@")
	svc, host, ok := strings.Cut(spn, "/")
	if !ok || svc == "" || host == "" || strings.ContainsAny(spn, " \t") || strings.Contains(host, "/") {
		return nil, configErr("kerberos.service_principal", fmt.Errorf("%q ist kein Dienstprinzipal: HTTP/<Name des Proxys, wie die Browser ihn kennen> eintragen, z. B. HTTP/schleuse.stadt.example / %q is not a service principal: want HTTP/<the proxy's host name as the browsers know it>, e.g. HTTP/schleuse.stadt.example", cfg.ServicePrincipal, cfg.ServicePrincipal))
	}
	if !strings.EqualFold(svc, "HTTP") {
		return nil, configErr("kerberos.service_principal", fmt.Errorf("%q: Browser fragen ein Ticket für HTTP/<Hostname> an, nicht für %s/… / %q: browsers ask for a ticket for HTTP/<host name>, not for %s/…", cfg.ServicePrincipal, svc, cfg.ServicePrincipal, svc))
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil, configErr("kerberos.service_principal", fmt.Errorf("%q nennt eine Adresse: Browser senden Negotiate an einen Proxy nur über seinen Hostnamen; den Namen aus der PAC-Datei oder der Browser-Einstellung eintragen / %q names an address: browsers send Negotiate to a proxy only by its host name; use the name in the PAC file or browser setting", cfg.ServicePrincipal, cfg.ServicePrincipal))
	}
	skew := cfg.MaxClockSkew
	if skew <= 0 {
		skew = 5 * time.Minute
	}
	k := &kerberos{path: cfg.Keytab, spn: spn, keepRealm: cfg.KeepRealm, keepCase: cfg.KeepCase, skew: skew, replay: krbReplay, checkEvery: htpasswdCheckInterval,
		hostAddr: func(a netip.Addr) types.HostAddress { return types.HostAddressFromNetIP(net.IP(a.AsSlice())) }}
	if err := k.load(realm); err != nil {
		return nil, err
	}
	k.userRealm = strings.TrimSpace(cfg.Realm)
	if k.userRealm == "" {
		k.userRealm = k.ktRealm
	}
	if strings.ContainsAny(k.userRealm, " \t@/") {
		return nil, configErr("kerberos.realm", fmt.Errorf("%q ist kein Realm (z. B. STADT.EXAMPLE) / %q is not a realm (e.g. STADT.EXAMPLE)", cfg.Realm, cfg.Realm))
	}
	return k, nil
}

// load reads the keytab and finds the key of the SPN in it (realm: "" =
// the one realm the keytab holds the SPN in). On error the previous keytab
// stays in force.
func (k *kerberos) load(realm string) (err error) {
	defer func() {
		if err != nil {
			k.mu.Lock()
			k.lastErr = err
			k.mu.Unlock()
		}
	}()
	st, err := os.Stat(k.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("%s gibt es nicht: den Schlüssel von HTTP/<Hostname des Proxys> dorthin exportieren (ktpass auf einem Domänencontroller, msktutil unter Linux; docs/operations.md, Kerberos) / %s does not exist: export the key of HTTP/<proxy host name> to it (ktpass on a domain controller, msktutil on Linux; docs/operations.md, Kerberos)", k.path, k.path)
		}
		return configErr("kerberos.keytab", fileError(err))
	}
	data, err := os.ReadFile(k.path)
	if err != nil {
		return configErr("kerberos.keytab", fileError(err))
	}
	kt, err := parseKeytab(data)
	if err != nil {
		return configErr("kerberos.keytab", fmt.Errorf("%s ist keine Keytab / %s is not a keytab: %w", k.path, k.path, err))
	}
	want := strings.Split(k.spn, "/")
	var realms, held []string
	var name []string
	usable := false
	for _, e := range kt.Entries {
		p := e.Principal.String()
		if !slices.Contains(held, p) {
			held = append(held, p)
		}
		if !slices.EqualFunc(e.Principal.Components, want, strings.EqualFold) {
			continue
		}
		if realm != "" && e.Principal.Realm != realm {
			continue
		}
		if !slices.Contains(realms, e.Principal.Realm) {
			realms = append(realms, e.Principal.Realm)
		}
		name = e.Principal.Components
		if _, err := crypto.GetEtype(e.Key.KeyType); err == nil {
			usable = true
		}
	}
	full := k.spn
	if realm != "" {
		full += "@" + realm
	}
	switch {
	case len(realms) == 0:
		if len(held) > 8 {
			held = append(held[:8], "…")
		}
		return configErr("kerberos.keytab", fmt.Errorf("%s enthält keinen Schlüssel für %s (sondern: %s): den Schlüssel des Kontos, das diesen SPN hat (setspn -L <Konto>), mit ktpass exportieren oder auth.kerberos.service_principal berichtigen / %s holds no key for %s (it holds: %s): export the key of the account that has this SPN (setspn -L <account>) with ktpass, or correct auth.kerberos.service_principal", k.path, full, strings.Join(held, ", "), k.path, full, strings.Join(held, ", ")))
	case len(realms) > 1:
		return configErr("kerberos.service_principal", fmt.Errorf("%s enthält %s in mehreren Realms (%s): einen nennen, z. B. %s@%s / %s holds %s in several realms (%s): name one, e.g. %s@%s", k.path, k.spn, strings.Join(realms, ", "), k.spn, realms[0], k.path, k.spn, strings.Join(realms, ", "), k.spn, realms[0]))
	case !usable:
		return configErr("kerberos.keytab", fmt.Errorf("%s enthält %s nur mit Verschlüsselungsarten, die schleuse nicht nutzen kann (DES): mit ktpass -crypto AES256-SHA1 (oder ALL) neu exportieren / %s holds %s only with encryption types schleuse cannot use (DES): export it again with ktpass -crypto AES256-SHA1 (or ALL)", k.path, full, k.path, full))
	}
	h := sha256.New()
	for _, e := range kt.Entries {
		if slices.Equal(e.Principal.Components, name) && e.Principal.Realm == realms[0] {
			fmt.Fprintf(h, "%d %d %x\n", e.KVNO, e.Key.KeyType, e.Key.KeyValue)
		}
	}
	k.mu.Lock()
	k.kt, k.ktRealm, k.lastErr = kt, realms[0], nil
	k.file = fileStamp{mod: st.ModTime(), size: st.Size()}
	k.keys = hex.EncodeToString(h.Sum(nil)[:12])
	k.ktSPN = types.NewPrincipalName(2, strings.Join(name, "/")) // KRB_NT_SRV_INST
	k.mu.Unlock()
	return nil
}

// parseKeytab parses a keytab; a malformed one is an error, never a panic.
func parseKeytab(data []byte) (kt *keytab.Keytab, err error) {
	defer func() {
		if r := recover(); r != nil {
			kt, err = nil, errors.New("malformed")
		}
	}()
	kt = keytab.New()
	if err := kt.Unmarshal(data); err != nil {
		return nil, err
	}
	if len(kt.Entries) == 0 {
		return nil, errors.New("no keys in it")
	}
	return kt, nil
}

// maybeReload re-reads the keytab when its mtime or size changed, or while
// the last attempt failed, at most once per checkEvery: a key rotated by
// msktutil --auto-update or a new ktpass export is taken without a
// SIGHUP, before the browsers' tickets with the new key version arrive.
func (k *kerberos) maybeReload(now time.Time) {
	if !k.checkMu.TryLock() {
		return
	}
	defer k.checkMu.Unlock()
	if !k.lastCheck.IsZero() && now.Sub(k.lastCheck) < k.checkEvery {
		return
	}
	k.lastCheck = now
	st, err := os.Stat(k.path)
	k.mu.RLock()
	same := err == nil && k.file == fileStamp{mod: st.ModTime(), size: st.Size()} && k.lastErr == nil
	k.mu.RUnlock()
	if !same {
		_ = k.reload() // error kept in lastErr; the previous keys stay
	}
}

// reload re-reads the keytab (SIGHUP: a rotated key).
func (k *kerberos) reload() error {
	k.mu.RLock()
	realm := k.ktRealm
	k.mu.RUnlock()
	return k.load(realm)
}

// stamp names the service's keys in force and how user names are made:
// a connection authenticated before a key rotation or a change of
// auth.kerberos.realm, keep_realm or keep_case ends (its browser logs in again); a
// reload that changes neither leaves it alone.
func (k *kerberos) stamp() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return fmt.Sprintf("kerberos:%s:%s:%t:%t", k.keys, k.userRealm, k.keepRealm, k.keepCase)
}

// parse reads the base64 token of "Proxy-Authorization: Negotiate
// <token>" up to its Kerberos AP-REQ, without decrypting anything, and
// returns it with the token's key for the limiter (tokenKey), also when it
// is refused. Its errors wrap ErrBadCredentials.
func (k *kerberos) parse(b64 string) (mt *spnego.KRB5Token, key string, err error) {
	defer func() {
		// The ASN.1 decoders are not ours: whatever they choke on is a
		// refused login, not a crash.
		if r := recover(); r != nil {
			mt, err = nil, fmt.Errorf("%w: malformed token", ErrKerberos)
		}
	}()
	key = tokenKey([]byte(strings.TrimSpace(b64)))
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(raw) == 0 {
		return nil, key, fmt.Errorf("%w: token is not base64", ErrKerberos)
	}
	if bytes.HasPrefix(raw, ntlmSignature) {
		return nil, key, ErrNTLM
	}
	var mech []byte
	var st spnego.SPNEGOToken
	if err := st.Unmarshal(raw); err == nil {
		if !st.Init || len(st.NegTokenInit.MechTypes) == 0 {
			return nil, key, fmt.Errorf("%w: not an initial SPNEGO token", ErrKerberos)
		}
		first := st.NegTokenInit.MechTypes[0]
		switch {
		case first.Equal(gssapi.OIDKRB5.OID()) || first.Equal(gssapi.OIDMSLegacyKRB5.OID()):
		case first.Equal(oidNTLMSSP):
			return nil, key, ErrNTLM
		default:
			return nil, key, fmt.Errorf("%w: SPNEGO offers mechanism %s first, not Kerberos", ErrKerberos, first)
		}
		mech = st.NegTokenInit.MechTokenBytes
		if bytes.HasPrefix(mech, ntlmSignature) {
			return nil, key, ErrNTLM
		}
	} else {
		mech = raw // a bare Kerberos GSS token (some clients send it without SPNEGO)
	}
	mt = new(spnego.KRB5Token)
	if err := mt.Unmarshal(mech); err != nil || !mt.IsAPReq() {
		return nil, key, fmt.Errorf("%w: no Kerberos AP-REQ in the token", ErrKerberos)
	}
	// A browser sends the service ticket it holds (hours) with a new
	// authenticator on each connection: the ticket names the sender.
	return mt, tokenKey(mt.APReq.Ticket.EncPart.Cipher), nil
}

// tokenKey is what a refused Negotiate token counts under in the limiter,
// beside its client address (limiter.failToken): its encrypted ticket, or
// for a token without one its bytes. One PC that keeps sending a ticket
// the proxy cannot use (an old key, another realm, its clock off, NTLM)
// sends the same one again and again and is stopped alone, as one user's
// wrong password is; the other users of a terminal server are not. It
// cannot be a user name (limiter.pairs holds those too): it starts with a
// control character, which validUser refuses.
func tokenKey(b []byte) string {
	h := sha256.Sum256(b)
	return "\x00negotiate:" + hex.EncodeToString(h[:12])
}

// verify checks a parsed AP-REQ from remote with the service's key and
// returns the user name. Its errors wrap ErrBadCredentials and never name
// the user.
func (k *kerberos) verify(mt *spnego.KRB5Token, remote netip.Addr) (user string, err error) {
	defer func() {
		if r := recover(); r != nil {
			user, err = "", fmt.Errorf("%w: malformed token", ErrKerberos)
		}
	}()
	k.maybeReload(time.Now())
	k.mu.RLock()
	kt, spn, ktRealm := k.kt, k.ktSPN, k.ktRealm
	k.mu.RUnlock()
	// The ticket is decrypted with the key of the configured SPN whatever
	// name it carries; a ticket for another account's service does not
	// decrypt. The PAC is not read: groups come from LDAP.
	settings := service.NewSettings(kt, service.KeytabPrincipal(spn.PrincipalNameString()),
		service.MaxClockSkew(k.skew), service.DecodePAC(false), service.ClientAddress(k.hostAddr(remote.Unmap())))
	tkt := mt.APReq.Ticket
	ok, creds, err := service.VerifyAPREQ(&mt.APReq, settings)
	if err != nil || !ok || creds == nil {
		return "", fmt.Errorf("%w: %s", ErrKerberos, krbReason(err, tkt))
	}
	// All SPNs of one account share its key (a computer account's keytab
	// from msktutil holds host/…, HTTP/… and cifs/… alike): a ticket for
	// cifs/ of the same host decrypts too. Only a ticket the KDC issued
	// for the configured SPN is a login at the proxy; a ticket captured
	// on its way to another service is not.
	if !sameSPN(tkt.SName, tkt.Realm, spn, ktRealm) {
		return "", fmt.Errorf("%w: ticket issued for another service (%s) than %s@%s (auth.kerberos.service_principal)", ErrKerberos, spnForLog(tkt.SName, spn), spn.PrincipalNameString(), ktRealm)
	}
	// Who it is comes from the ticket, which the KDC encrypted for us, not
	// from the authenticator, which the client writes: gokrb5 compares the
	// two names but not the realms, so a user of a trusted realm could
	// claim to be the namesake in ours.
	enc := mt.APReq.Ticket.DecryptedEncPart
	if !strings.EqualFold(enc.CRealm, k.userRealm) || !strings.EqualFold(mt.APReq.Authenticator.CRealm, enc.CRealm) {
		return "", fmt.Errorf("%w: user of another realm than %s (auth.kerberos.realm)", ErrKerberos, k.userRealm)
	}
	if len(enc.CName.NameString) != 1 {
		// host/…, HTTP/… and other service principals are no staff.
		return "", fmt.Errorf("%w: client principal is not a user (%d name components)", ErrKerberos, len(enc.CName.NameString))
	}
	user = enc.CName.NameString[0]
	if !k.keepCase {
		user = strings.ToLower(user)
	}
	if k.keepRealm {
		realm := enc.CRealm
		if !k.keepCase {
			realm = strings.ToUpper(realm)
		}
		user += "@" + realm
	}
	if !validUser(user) {
		return "", fmt.Errorf("%w: client principal name not usable as a user name", ErrKerberos)
	}
	// Last: only an authenticator that logs someone in takes a place in
	// the replay cache (and in its sender's share).
	if err := k.replay.add(mt.APReq.Authenticator, enc.CRealm, enc.CName.NameString[0], remote, k.skew, time.Now()); err != nil {
		return "", fmt.Errorf("%w: %w", ErrKerberos, err)
	}
	return user, nil
}

// sameSPN reports whether a ticket's server name and realm are the
// configured SPN's. Names and realm compare without case, as Active
// Directory's KDC matches them ("http/Schleuse.stadt.example" is the same
// SPN); the number of components must match.
func sameSPN(sname types.PrincipalName, realm string, spn types.PrincipalName, spnRealm string) bool {
	return strings.EqualFold(realm, spnRealm) && slices.EqualFunc(sname.NameString, spn.NameString, strings.EqualFold)
}

// spnForLog describes a ticket's server name for a log line against the
// configured SPN without quoting it: a server name is chosen by whoever
// asked the KDC and may be a person's ("anna/admin"). Only a well-known
// service class is named, and whether the host is the proxy's.
func spnForLog(sname, spn types.PrincipalName) string {
	if len(sname.NameString) != 2 {
		return fmt.Sprintf("a name of %d component(s)", len(sname.NameString))
	}
	svc := "another service class"
	if c := strings.ToLower(sname.NameString[0]); slices.Contains(knownServiceClasses, c) {
		svc = sname.NameString[0] + "/"
	}
	host := "another host"
	if len(spn.NameString) == 2 && strings.EqualFold(sname.NameString[1], spn.NameString[1]) {
		host = "this host"
	}
	return svc + " of " + host
}

// knownServiceClasses are the service classes of SPNs an AD account may
// hold (setspn), named in logs as they are.
var knownServiceClasses = []string{"http", "host", "cifs", "ldap", "gc", "dns", "mssqlsvc", "restrictedkrbhost", "wsman", "termsrv", "nfs", "smtp", "imap", "pop", "ftp", "rpcss", "krbtgt"}

// krbReason says why a ticket was refused, in words for IT, without the
// client's name: gokrb5's texts are not passed on, as some carry it.
func krbReason(err error, tkt messages.Ticket) string {
	var ke messages.KRBError
	if errors.As(err, &ke) {
		switch ke.ErrorCode {
		case errorcode.KRB_AP_ERR_REPEAT:
			return "replayed authenticator (a token is good for one request)"
		case errorcode.KRB_AP_ERR_SKEW:
			return "clock skew between the client and this host too large (check NTP on both)"
		case errorcode.KRB_AP_ERR_TKT_EXPIRED:
			return "ticket expired"
		case errorcode.KRB_AP_ERR_TKT_NYV:
			return "ticket not yet valid (check NTP)"
		case errorcode.KRB_AP_ERR_BADADDR:
			return "ticket issued for another client address"
		case errorcode.KRB_AP_ERR_BAD_INTEGRITY, errorcode.KRB_AP_ERR_BADMATCH:
			return "authenticator does not match the ticket"
		case errorcode.KRB_AP_ERR_NOKEY:
			return fmt.Sprintf("the keytab has no key for this ticket (key version %d, encryption type %d): export the current key again (ktpass / msktutil) and reload", tkt.EncPart.KVNO, tkt.EncPart.EType)
		}
	}
	if err != nil && strings.Contains(err.Error(), "Could not get key from keytab") {
		return fmt.Sprintf("the keytab has no key for this ticket (key version %d, encryption type %d): export the current key again (ktpass / msktutil) and reload", tkt.EncPart.KVNO, tkt.EncPart.EType)
	}
	if err != nil && strings.Contains(err.Error(), "decrypting encpart of service ticket") {
		return fmt.Sprintf("ticket does not decrypt with the keytab's key (key version %d, encryption type %d): a ticket for another service, or the account's password changed since the keytab was exported", tkt.EncPart.KVNO, tkt.EncPart.EType)
	}
	if err != nil && strings.Contains(err.Error(), "not valid") {
		return "ticket expired or not yet valid"
	}
	return "ticket not accepted"
}

// replayCache remembers the authenticators accepted, until they are too
// old to be accepted again (their time plus the clock skew), so that a
// token read off the wire cannot be sent a second time. gokrb5 keeps one
// too, but checks and adds in two steps (two copies sent at once both
// pass) and forgets an authenticator dated ahead of the server's clock
// while it is still valid. It is one per process: a new Authenticator
// after a configuration reload must still refuse the tokens seen before.
//
// Its memory is bounded (replayMax entries of ≈100 bytes, keyed by a hash:
// no user name is kept), and so is each principal's and each client
// address's share (replayPerPrincipal, replayPerClient): a user who sends
// logins as fast as the proxy takes them (≈1 000/s with a valid ticket)
// fills their own share and is refused, not everyone else. Only when the
// whole cache is full of live entries are all logins refused (fail
// closed) rather than forgotten.
type replayCache struct {
	mu         sync.Mutex
	m          map[[16]byte]replayEntry
	principals map[uint64]int // live entries per principal (name folded)
	clients    map[uint64]int // live entries per client address (IPv6 per /64), by hash
	nextGC     time.Time
	lastGC     time.Time
	refused    int

	max, perPrincipal, perClient int // replayMax, replayPerPrincipal, replayPerClient
	seed                         maphash.Seed
}

type replayEntry struct {
	until     int64 // Unix µs after which the entry may go
	principal uint64
	client    uint64
}

// Bounds of the replay cache. An entry lives its authenticator's time
// plus the skew (≤ 2 × max_clock_skew + 1 s, ≈10 min by default), so
// replayPerPrincipal is ≈3 logins per second for ten minutes, twenty
// times what a busy browser needs (one login per new connection), and
// replayPerClient the same for a terminal server with 25 such users.
const (
	replayMax          = 500000
	replayPerPrincipal = 2000
	replayPerClient    = 50000
)

// Why add refused an authenticator.
var (
	errReplayed     = errors.New("replayed authenticator (a token is good for one request)")
	errReplayUser   = errors.New("too many logins of this user within the clock skew (replay cache share per user, auth.kerberos in docs/operations.md): the user's further logins are refused until the oldest expire")
	errReplayClient = errors.New("too many Kerberos logins from this client address within the clock skew (replay cache share per address): its further logins are refused until the oldest expire")
	errReplayFull   = errors.New("replay cache full: Kerberos logins refused until entries expire")
)

func newReplayCache() *replayCache {
	return &replayCache{m: make(map[[16]byte]replayEntry), principals: make(map[uint64]int), clients: make(map[uint64]int), seed: maphash.MakeSeed(),
		max: replayMax, perPrincipal: replayPerPrincipal, perClient: replayPerClient}
}

var krbReplay = newReplayCache()

// add remembers a, accepted from client for the ticket's principal (realm
// and name as the KDC wrote them), and returns nil when it is new.
func (c *replayCache) add(a types.Authenticator, realm, name string, client netip.Addr, skew time.Duration, now time.Time) error {
	ct := a.CTime.Add(time.Duration(a.Cusec) * time.Microsecond)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d", a.CRealm, a.CName.PrincipalNameString(), ct.UnixMicro(), a.SeqNumber)
	var key [16]byte
	copy(key[:], h.Sum(nil))
	ph := sha256.Sum256([]byte(strings.ToUpper(realm) + "\x00" + strings.ToLower(name)))
	who := binary.BigEndian.Uint64(ph[:8])
	client = client.Unmap()
	bits := 32
	if client.Is6() {
		bits = 64 // one host may have a whole /64 of addresses
	}
	prefix, _ := client.Prefix(bits)
	from := maphash.Comparable(c.seed, prefix)

	c.mu.Lock()
	defer c.mu.Unlock()
	if _, seen := c.m[key]; seen {
		return errReplayed
	}
	full := len(c.m) >= c.max || c.principals[who] >= c.perPrincipal || c.clients[from] >= c.perClient
	// Sweep each minute, and when a bound is reached (at most every 5 s:
	// a sender at its bound must not make every login sweep the cache).
	if now.After(c.nextGC) || (full && now.Sub(c.lastGC) >= 5*time.Second) {
		c.sweep(now)
	}
	switch {
	case len(c.m) >= c.max:
		c.refused++
		return errReplayFull
	case c.principals[who] >= c.perPrincipal:
		c.refused++
		return errReplayUser
	case c.clients[from] >= c.perClient:
		c.refused++
		return errReplayClient
	}
	// Valid while |now - ct| <= skew; kept a second longer.
	c.m[key] = replayEntry{until: ct.Add(skew + time.Second).UnixMicro(), principal: who, client: from}
	c.principals[who]++
	c.clients[from]++
	return nil
}

// sweep drops the expired entries. Called with c.mu held.
func (c *replayCache) sweep(now time.Time) {
	t := now.UnixMicro()
	for k, e := range c.m {
		if t > e.until {
			delete(c.m, k)
			if c.principals[e.principal]--; c.principals[e.principal] <= 0 {
				delete(c.principals, e.principal)
			}
			if c.clients[e.client]--; c.clients[e.client] <= 0 {
				delete(c.clients, e.client)
			}
		}
	}
	c.lastGC, c.nextGC = now, now.Add(time.Minute)
}

// KerberosKeys describes the Kerberos login in force, for the status
// page: the SPN with its realm, the key versions and encryption types the
// keytab holds for it, and the users' realm; "" when Kerberos is off.
func (a *Authenticator) KerberosKeys() string {
	k := a.kerberos
	if k == nil {
		return ""
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	spn := k.ktSPN.PrincipalNameString()
	versions := map[uint32][]string{}
	var order []uint32
	for _, e := range k.kt.Entries {
		if e.Principal.Realm != k.ktRealm || strings.Join(e.Principal.Components, "/") != spn {
			continue
		}
		if _, seen := versions[e.KVNO]; !seen {
			order = append(order, e.KVNO)
		}
		versions[e.KVNO] = append(versions[e.KVNO], etypeName(e.Key.KeyType))
	}
	slices.Sort(order)
	parts := make([]string, 0, len(order))
	for _, v := range order {
		parts = append(parts, fmt.Sprintf("%d (%s)", v, strings.Join(versions[v], ", ")))
	}
	users := k.userRealm
	if k.keepRealm {
		users += ", keep_realm"
	}
	if k.keepCase {
		users += ", keep_case"
	}
	return fmt.Sprintf("%s@%s, key versions %s; users of %s", spn, k.ktRealm, strings.Join(parts, ", "), users)
}

func etypeName(id int32) string {
	switch id {
	case 17:
		return "aes128-cts-hmac-sha1-96"
	case 18:
		return "aes256-cts-hmac-sha1-96"
	case 19:
		return "aes128-cts-hmac-sha256-128"
	case 20:
		return "aes256-cts-hmac-sha384-192"
	case 23:
		return "rc4-hmac"
	case 16:
		return "des3-cbc-sha1"
	}
	return fmt.Sprintf("etype %d (unsupported)", id)
}
