package audit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Fingerprint returns the keyed fingerprint of a finding value: the first 16
// bytes (32 hex digits) of HMAC-SHA-256(key, type || 0x00 || normalise(type, value)).
// The same value written differently (IBAN with or without spaces, e-mail in
// another case, a phone number with +49 or 0) gives the same fingerprint; the
// normalisation per type is documented at Normalize.
func Fingerprint(key []byte, typ, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(typ))
	m.Write([]byte{0})
	m.Write([]byte(Normalize(typ, value)))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:16])
}

// Normalize is the normalisation applied before fingerprinting:
//
//   - IBAN, CREDIT_CARD, DE_TAX_ID, DE_TAX_NUMBER, DE_VAT_ID, DE_SOCIAL_SECURITY,
//     DE_HEALTH_INSURANCE, DE_ID_CARD, DE_LICENSE_PLATE: letters and digits only,
//     upper case ("de89 3704-0044" → "DE89370400 44" without the space).
//   - PHONE: digits only, with the country code: "+49", "0049" and a leading
//     single "0" all become "49…" ("0228 123456" and "+49 228 123456" agree).
//   - EMAIL: trimmed, lower case.
//   - IP_ADDRESS: the canonical form of net/netip, if it parses.
//   - SECRET: trimmed only (case matters).
//   - everything else (PERSON, POSTAL_ADDRESS, …): trimmed, inner white space
//     collapsed to one space, lower case.
func Normalize(typ, value string) string {
	switch typ {
	case "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_TAX_NUMBER", "DE_VAT_ID", "DE_SOCIAL_SECURITY",
		"DE_HEALTH_INSURANCE", "DE_ID_CARD", "DE_LICENSE_PLATE":
		return strings.ToUpper(keepAlnum(value))
	case "PHONE":
		v := strings.TrimSpace(value)
		plus := strings.HasPrefix(v, "+")
		d := keepDigits(v)
		switch {
		case plus:
		case strings.HasPrefix(d, "00"):
			d = d[2:]
		case strings.HasPrefix(d, "0"):
			d = "49" + d[1:]
		}
		return d
	case "EMAIL":
		return strings.ToLower(strings.TrimSpace(value))
	case "IP_ADDRESS":
		v := strings.TrimSpace(value)
		if a, err := netip.ParseAddr(v); err == nil {
			return a.Unmap().String()
		}
		return strings.ToLower(v)
	case "SECRET":
		return strings.TrimSpace(value)
	default:
		return strings.ToLower(strings.Join(strings.Fields(value), " "))
	}
}

func keepAlnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func keepDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// pseudonym maps a user name to its pseudonym "u-" + 16 hex digits of
// HMAC-SHA-256(userKey, lower(trim(name))). An empty name stays empty.
func pseudonym(userKey []byte, name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return ""
	}
	m := hmac.New(sha256.New, userKey)
	m.Write([]byte(name))
	var sum [sha256.Size]byte
	return "u-" + hex.EncodeToString(m.Sum(sum[:0])[:8])
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
		return nil, fmt.Errorf("audit: key file %s has mode %v, want 0600 (chmod 600)", path, st.Mode().Perm())
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
	return k, f.Close()
}
