// Package krbtest makes Kerberos keytabs and SPNEGO tokens in-process, for
// tests of the proxy's Negotiate login without a KDC: it plays the KDC
// (a service ticket encrypted with the service's key) and the browser
// (an AP-REQ with a fresh authenticator, wrapped in SPNEGO).
package krbtest

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/asn1tools"
	"github.com/jcmturner/gokrb5/v8/client"
	krbconfig "github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/gssapi"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/nametype"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"
)

// Realm is the test realm.
const Realm = "STADT.EXAMPLE"

// Keytab returns a keytab with AES256 and AES128 keys of principal (e.g.
// "HTTP/schleuse.stadt.example") in realm, derived from password, with
// key version kvno.
func Keytab(principal, realm, password string, kvno uint8) *keytab.Keytab {
	kt := keytab.New()
	ts := time.Now().Add(-time.Hour)
	for _, et := range []int32{etypeID.AES256_CTS_HMAC_SHA1_96, etypeID.AES128_CTS_HMAC_SHA1_96} {
		if err := kt.AddEntry(principal, realm, password, ts, kvno, et); err != nil {
			panic(err)
		}
	}
	return kt
}

// WriteKeytab writes kt to dir/name and returns the path.
func WriteKeytab(kt *keytab.Keytab, dir, name string) (string, error) {
	b, err := kt.Marshal()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	return p, os.WriteFile(p, b, 0o600)
}

// Ticket describes the service ticket the test KDC issues.
type Ticket struct {
	User      string // client principal name, e.g. "anna" or "host/pc1"
	UserRealm string // "" = Realm
	SPN       string // service principal the ticket is for
	Realm     string // the service's realm; "" = Realm
	// Keytab holds the key the ticket is encrypted with (the service's
	// key as the KDC knows it).
	Keytab *keytab.Keytab
	KVNO   int
	Start  time.Time // zero = an hour ago
	End    time.Time // zero = in eight hours
	// Skew shifts the authenticator's time (a client clock off).
	Skew time.Duration
	// AuthRealm, when set, is the realm the client writes into its
	// authenticator instead of the ticket's (a forged claim).
	AuthRealm string
}

// Token returns the value of a Proxy-Authorization header: "Negotiate "
// and a base64 SPNEGO NegTokenInit with a Kerberos AP-REQ. Each call makes
// a new ticket and a new authenticator.
func Token(t Ticket) (string, error) {
	next, err := Tokens(t)
	if err != nil {
		return "", err
	}
	return next()
}

// Tokens issues one ticket and returns a function that makes a
// Proxy-Authorization value with it and a new authenticator on each call,
// as a browser does for each login with the service ticket it holds.
func Tokens(t Ticket) (func() (string, error), error) {
	if t.UserRealm == "" {
		t.UserRealm = Realm
	}
	if t.Realm == "" {
		t.Realm = Realm
	}
	now := time.Now()
	if t.Start.IsZero() {
		t.Start = now.Add(-time.Hour)
	}
	if t.End.IsZero() {
		t.End = now.Add(8 * time.Hour)
	}
	cname := types.NewPrincipalName(nametype.KRB_NT_PRINCIPAL, t.User)
	sname := types.NewPrincipalName(nametype.KRB_NT_SRV_INST, t.SPN)
	tkt, key, err := messages.NewTicket(cname, t.UserRealm, sname, t.Realm, types.NewKrbFlags(), t.Keytab,
		etypeID.AES256_CTS_HMAC_SHA1_96, t.KVNO, t.Start, t.Start, t.End, t.End)
	if err != nil {
		return nil, fmt.Errorf("ticket: %w", err)
	}
	cl := client.NewWithPassword(t.User, t.UserRealm, "unused", krbconfig.New())
	return func() (string, error) {
		var b []byte
		var err error
		if t.Skew == 0 && t.AuthRealm == "" {
			nt, err := spnego.NewNegTokenInitKRB5(cl, tkt, key)
			if err != nil {
				return "", err
			}
			b, err = (&spnego.SPNEGOToken{Init: true, NegTokenInit: nt}).Marshal()
			if err != nil {
				return "", err
			}
		} else {
			realm := t.UserRealm
			if t.AuthRealm != "" {
				realm = t.AuthRealm
			}
			b, err = skewedToken(cname, realm, tkt, key, t.Skew)
			if err != nil {
				return "", err
			}
		}
		return "Negotiate " + base64.StdEncoding.EncodeToString(b), nil
	}, nil
}

// skewedToken is an SPNEGO token whose authenticator is dated skew off.
func skewedToken(cname types.PrincipalName, realm string, tkt messages.Ticket, key types.EncryptionKey, skew time.Duration) ([]byte, error) {
	auth, err := types.NewAuthenticator(realm, cname)
	if err != nil {
		return nil, err
	}
	auth.CTime = auth.CTime.Add(skew)
	auth.Cksum = types.Checksum{CksumType: 0x8003, Checksum: make([]byte, 24)}
	apreq, err := messages.NewAPReq(tkt, key, auth)
	if err != nil {
		return nil, err
	}
	ab, err := apreq.Marshal()
	if err != nil {
		return nil, err
	}
	// GSS-API framing (RFC 2743 3.1, RFC 4121 4.1): KRB5 OID, TOK_ID 01 00, AP-REQ.
	inner := append([]byte{0x01, 0x00}, ab...)
	oid, _ := asn1.Marshal(gssapi.OIDKRB5.OID())
	mech := asn1tools.AddASNAppTag(append(oid, inner...), 0)
	nt := spnego.NegTokenInit{MechTypes: []asn1.ObjectIdentifier{gssapi.OIDKRB5.OID()}, MechTokenBytes: mech}
	return (&spnego.SPNEGOToken{Init: true, NegTokenInit: nt}).Marshal()
}

// NTLMOID is the mechanism OID of NTLMSSP under SPNEGO.
var NTLMOID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 2, 10}

// NTLMNegotiate is an NTLMSSP NEGOTIATE_MESSAGE, as Windows sends when it
// has no ticket.
var NTLMNegotiate = []byte("NTLMSSP\x00\x01\x00\x00\x00\x97\x82\x08\xe2\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// NTLMUnderSPNEGO returns the Proxy-Authorization value of a browser that
// fell back to NTLM inside SPNEGO.
func NTLMUnderSPNEGO() (string, error) {
	nt := spnego.NegTokenInit{MechTypes: []asn1.ObjectIdentifier{NTLMOID}, MechTokenBytes: NTLMNegotiate}
	b, err := (&spnego.SPNEGOToken{Init: true, NegTokenInit: nt}).Marshal()
	if err != nil {
		return "", err
	}
	return "Negotiate " + base64.StdEncoding.EncodeToString(b), nil
}

// SameKey returns a copy of kt's keys under another principal: what the
// KDC holds for another SPN of the same account (all SPNs of an account
// share its key; msktutil writes them into one keytab).
func SameKey(kt *keytab.Keytab, principal, realm string) *keytab.Keytab {
	out := keytab.New()
	for _, e := range kt.Entries {
		e.Principal.Components = strings.Split(principal, "/")
		e.Principal.NumComponents = int16(len(e.Principal.Components))
		e.Principal.Realm = realm
		out.Entries = append(out.Entries, e)
	}
	return out
}
