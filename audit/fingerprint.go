package audit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Fingerprint returns the keyed fingerprint of a finding value: the first 16
// bytes (32 hex digits) of HMAC-SHA-256(key, type || 0x00 || Normalize(type, value)).
// The same value written differently (IBAN with or without spaces, e-mail in
// another case, a phone number with +49 or 0) gives the same fingerprint; the
// normalisation per type is documented at Normalize.
func Fingerprint(key []byte, typ, value string) string {
	return newMACKey(key).fingerprint(typ, value)
}

// macKey is an HMAC-SHA-256 key (RFC 2104) with the SHA-256 states after
// its padded blocks precomputed (RFC 2104, section 4): a value short enough
// for one block costs two block computations instead of four (the padded
// key blocks, hashed again for every value, were half of a request's
// SHA-256 work, BenchmarkPipelineInspect). The states are restored into a
// pooled digest, so the request path does not allocate per value. Safe for
// concurrent use.
type macKey struct {
	inner, outer []byte    // sha256 states after the inner and the outer padded key block (MarshalBinary)
	states       sync.Pool // of *macState
}

// macState is a digest with the scratch space of one HMAC computation. The
// digest's methods are called through an interface, so what they are given
// must be on the heap already: the message and the sum live here, pooled,
// instead of on the caller's stack.
type macState struct {
	h   stateHash
	in  []byte // the message, built by the caller of sum
	out [sha256.Size]byte
}

// stateHash is a SHA-256 digest whose state can be saved and restored.
type stateHash interface {
	hash.Hash
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

func newMACKey(key []byte) *macKey {
	if len(key) > sha256.BlockSize {
		k := sha256.Sum256(key)
		key = k[:]
	}
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	k := &macKey{inner: padState(ipad[:]), outer: padState(opad[:])}
	k.states.New = func() any { return &macState{h: sha256.New().(stateHash), in: make([]byte, 0, 256)} }
	return k
}

// padState returns the saved SHA-256 state after the block pad.
func padState(pad []byte) []byte {
	h := sha256.New().(stateHash)
	h.Write(pad)
	st, err := h.MarshalBinary()
	if err != nil {
		panic(fmt.Sprintf("audit: saving a SHA-256 state: %v", err)) // sha256 always can
	}
	return st
}

// state returns a pooled macState for one sum.
func (k *macKey) state() *macState { return k.states.Get().(*macState) }

// sum returns HMAC-SHA-256(key, st.in) and puts st back into the pool.
func (k *macKey) sum(st *macState) [sha256.Size]byte {
	if err := st.h.UnmarshalBinary(k.inner); err != nil {
		panic(fmt.Sprintf("audit: restoring a SHA-256 state: %v", err)) // a state sha256 saved
	}
	st.h.Write(st.in)
	inner := st.h.Sum(st.out[:0])
	if err := st.h.UnmarshalBinary(k.outer); err != nil {
		panic(fmt.Sprintf("audit: restoring a SHA-256 state: %v", err))
	}
	st.h.Write(inner)
	st.h.Sum(st.out[:0])
	sum := st.out
	if cap(st.in) > 4<<10 {
		st.in = make([]byte, 0, 256) // a long value's buffer is not kept
	}
	k.states.Put(st)
	return sum
}

// fingerprintLen is the length of a fingerprint: 16 bytes in hex.
const fingerprintLen = 32

func (k *macKey) fingerprint(typ, value string) string {
	var h [fingerprintLen]byte
	return string(k.appendFingerprint(h[:0], typ, value))
}

// appendFingerprint appends the fingerprint of value to dst.
func (k *macKey) appendFingerprint(dst []byte, typ, value string) []byte {
	st := k.state()
	st.in = append(st.in[:0], typ...)
	st.in = append(st.in, 0)
	st.in = appendNormalized(st.in, typ, value)
	sum := k.sum(st)
	return hex.AppendEncode(dst, sum[:16])
}

// Normalize is the normalisation applied before fingerprinting:
//
//   - IBAN, CREDIT_CARD, DE_TAX_ID, DE_TAX_NUMBER, DE_VAT_ID, DE_SOCIAL_SECURITY,
//     DE_HEALTH_INSURANCE, DE_ID_CARD, DE_LICENSE_PLATE: letters and digits only,
//     upper case ("de89 3704-0044" → "DE8937040044").
//   - PHONE: digits only, with the country code: "+49", "0049" and a leading
//     single "0" all become "49…" ("0228 123456" and "+49 228 123456" agree).
//   - EMAIL: trimmed, lower case.
//   - IP_ADDRESS: the canonical form of net/netip, if it parses.
//   - SECRET: trimmed only (case matters).
//   - everything else (PERSON, POSTAL_ADDRESS, …): trimmed, inner white space
//     collapsed to one space, lower case.
func Normalize(typ, value string) string {
	return string(appendNormalized(nil, typ, value))
}

func appendNormalized(dst []byte, typ, value string) []byte {
	switch typ {
	case "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_TAX_NUMBER", "DE_VAT_ID", "DE_SOCIAL_SECURITY",
		"DE_HEALTH_INSURANCE", "DE_ID_CARD", "DE_LICENSE_PLATE":
		for _, r := range value {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				dst = utf8.AppendRune(dst, unicode.ToUpper(r))
			}
		}
		return dst
	case "PHONE":
		v := strings.TrimSpace(value)
		start := len(dst)
		for i := 0; i < len(v); i++ {
			if v[i] >= '0' && v[i] <= '9' {
				dst = append(dst, v[i])
			}
		}
		d := dst[start:]
		switch {
		case strings.HasPrefix(v, "+"):
		case len(d) >= 2 && d[0] == '0' && d[1] == '0':
			dst = append(dst[:start], d[2:]...)
		case len(d) >= 1 && d[0] == '0':
			// "0228…" → "49228…": one byte longer, shift right.
			dst = append(dst, 0)
			d = dst[start:]
			copy(d[2:], d[1:len(d)-1])
			d[0], d[1] = '4', '9'
		}
		return dst
	case "EMAIL":
		for _, r := range strings.TrimSpace(value) {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		return dst
	case "IP_ADDRESS":
		v := strings.TrimSpace(value)
		if a, err := netip.ParseAddr(v); err == nil {
			return a.Unmap().AppendTo(dst)
		}
		for _, r := range v {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		return dst
	case "SECRET":
		return append(dst, strings.TrimSpace(value)...)
	default:
		space := false
		start := len(dst)
		for _, r := range value {
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		return dst
	}
}

// pseudonym maps a user name to its pseudonym "u-" + 16 hex digits of
// HMAC-SHA-256(userKey, lower(trim(name))). An empty name stays empty.
func pseudonym(userKey []byte, name string) string {
	return newMACKey(userKey).pseudonym(name)
}

func (k *macKey) pseudonym(name string) string {
	var h [18]byte
	return string(k.appendPseudonym(h[:0], name))
}

// appendPseudonym appends the pseudonym of name (nothing for an empty
// name) to dst.
func (k *macKey) appendPseudonym(dst []byte, name string) []byte {
	name = strings.TrimSpace(name)
	if name == "" {
		return dst
	}
	st := k.state()
	st.in = st.in[:0]
	for _, r := range name {
		st.in = utf8.AppendRune(st.in, unicode.ToLower(r))
	}
	sum := k.sum(st)
	dst = append(dst, 'u', '-')
	return hex.AppendEncode(dst, sum[:8])
}

// Keys are the two secrets of the audit log, kept in their own file (mode
// 0600) apart from the log: the fingerprint key for finding values and the
// user key for pseudonyms. Whoever holds the log without the keys can neither
// test a value nor reveal a user.
type Keys struct {
	Fingerprint []byte `json:"fingerprint_key"`
	User        []byte `json:"user_key"`
}

// KeyFileName is the default name of the key file inside Config.Dir.
const KeyFileName = "audit-keys.json"

// LoadKeys reads the key file at path. With create set, a missing file is
// created with two fresh 32-byte random keys. A file readable by group or
// others is refused.
func LoadKeys(path string, create bool) (*Keys, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		return createKeys(path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: read key file: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("audit: Die Schlüsseldatei %s ist für andere lesbar (Rechte %v): chmod 600 %s, Eigentümer das Konto, unter dem schleuse läuft / "+
			"audit: key file %s has mode %v, want 0600 and owned by the account schleuse runs as (chown that account and chmod 600 %s)", path, st.Mode().Perm(), path, path, st.Mode().Perm(), path)
	}
	var k Keys
	if err := json.Unmarshal(b, &k); err != nil {
		return nil, fmt.Errorf("audit: key file %s: %w", path, err)
	}
	if len(k.Fingerprint) < 16 || len(k.User) < 16 {
		return nil, fmt.Errorf("audit: key file %s: keys shorter than 16 bytes", path)
	}
	return &k, nil
}

func createKeys(path string) (*Keys, error) {
	k := &Keys{Fingerprint: make([]byte, 32), User: make([]byte, 32)}
	rand.Read(k.Fingerprint)
	rand.Read(k.User)
	b, _ := json.MarshalIndent(struct {
		Comment     string `json:"comment"`
		Fingerprint string `json:"fingerprint_key"`
		User        string `json:"user_key"`
	}{"schleuse audit keys: keep secret, back up apart from the log, same file on every node",
		base64.StdEncoding.EncodeToString(k.Fingerprint), base64.StdEncoding.EncodeToString(k.User)}, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit: create key dir: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: create key file: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: write key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: sync key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("audit: write key file: %w", err)
	}
	// The new name too: a power loss must not take the key file of a
	// log (or of a key period) that records were written under.
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("audit: sync key file's directory: %w", err)
	}
	return k, nil
}
