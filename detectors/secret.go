package detectors

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
)

// secretDetector finds credentials: provider API keys and tokens (OpenAI,
// Anthropic, AWS, GitHub, GitLab, Slack, Stripe, Google, Hugging Face),
// JWTs, whole PEM private-key blocks, and passwords and PINs given as values
// ("Passwort: Sommer2024!", "password=…", "PIN 4711"). Variable references,
// placeholders, UUIDs, commit hashes and password policies are not secrets.
type secretDetector struct{}

var _ Detector = secretDetector{}

// labelVerbs name the value after a compound label ("Initialpasswort lautet …").
var labelVerbs = []string{"lautet", "heißt"}

func (secretDetector) Type() string { return "SECRET" }

// tokenPrefix is a provider key format: a case-sensitive prefix followed by
// at least min characters of the token alphabet.
type tokenPrefix struct {
	prefix string
	min    int
	alpha  func(byte) bool
}

func isTokenByte(c byte) bool   { return isAlnum(c) || c == '_' || c == '-' }
func isAlnumByte(c byte) bool   { return isAlnum(c) }
func isUpperAlnum(c byte) bool  { return isUpper(c) || isDigit(c) }
func isBase64URL(c byte) bool   { return isAlnum(c) || c == '_' || c == '-' }
func isBase64Byte(c byte) bool  { return isAlnum(c) || c == '+' || c == '/' || c == '=' }
func isSlackTokenB(c byte) bool { return isAlnum(c) || c == '-' }

var tokenPrefixes = []tokenPrefix{
	{"sk-", 20, isTokenByte}, // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-)
	{"sk_live_", 16, isAlnumByte}, {"sk_test_", 16, isAlnumByte}, {"rk_live_", 16, isAlnumByte}, {"rk_test_", 16, isAlnumByte},
	{"AKIA", 16, isUpperAlnum}, {"ASIA", 16, isUpperAlnum},
	{"ghp_", 30, isAlnumByte}, {"gho_", 30, isAlnumByte}, {"ghu_", 30, isAlnumByte}, {"ghs_", 30, isAlnumByte}, {"ghr_", 30, isAlnumByte},
	{"github_pat_", 30, isTokenByte},
	{"glpat-", 20, isTokenByte},
	{"xoxb-", 10, isSlackTokenB}, {"xoxp-", 10, isSlackTokenB}, {"xoxa-", 10, isSlackTokenB}, {"xoxr-", 10, isSlackTokenB}, {"xoxs-", 10, isSlackTokenB},
	{"AIza", 30, isTokenByte},
	{"hf_", 30, isAlnumByte},
	{"SG.", 60, isSendGridByte},      // SendGrid: "SG." + 22 + "." + 43 characters (sendGridKey checks the shape)
	{"s%3A", 36, isSignedCookieByte}, // an express-session cookie URL-encoded ("s:" + id + "." + signature), as logs print it
	{pem64, 60, isBase64Byte},        // a PEM block in base64 (a Kubernetes Secret's tls.key): a private key's only (privatePEM64)
	// round 52: a provider's live key after its own short name ("smsf_live_7Qx2…", "ccb_live_4hT9…"), as
	// Stripe's sk_live_ is; the name's letters belong to the key (liveKeyStart)
	{"_live_", 16, isAlnumByte},
	// a directory's password hash as LDIF writes a value in base64 after "::": "{SSHA}", "{SHA}",
	// "{CRYPT}", "{SSHA512}" encoded ("userPassword:: e1NTSEF9Uy8v…")
	{"e1NTSEF9", 16, isBase64Byte}, {"e1NIQX", 16, isBase64Byte}, {"e0NSWVBUf", 16, isBase64Byte}, {"e1NTSEE1MTJ9", 16, isBase64Byte},
}

// liveKeyStart returns the start of a live key's provider name, two to eight
// lower-case letters before "_live_" at h after a non-token byte, or -1;
// "sk" and "rk" have prefixes of their own, and Stripe's "pk_live_" is a
// publishable key, public by design: every shop's checkout page carries it.
func liveKeyStart(b []byte, h int) int {
	s := h
	for s > 0 && h-s <= 8 && isLowerASCII(b[s-1]) {
		s--
	}
	if h-s < 2 || h-s > 8 || s > 0 && (isAlnum(b[s-1]) || b[s-1] == '_' || b[s-1] == '-') {
		return -1
	}
	if w := string(b[s:h]); w == "sk" || w == "rk" || w == "pk" {
		return -1
	}
	return s
}

// pem64 is "-----BEGIN " in base64.
const pem64 = "LS0tLS1CRUdJTi"

// privatePEM64 reports a PEM block in base64 whose header names a private
// key: "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----".
func privatePEM64(v []byte) bool {
	var head [48]byte
	n, _ := base64.StdEncoding.Decode(head[:], v[:min(len(v), 64)&^3])
	return bytes.Contains(head[:n], []byte("PRIVATE KEY-----"))
}

func isSignedCookieByte(c byte) bool { return isTokenByte(c) || c == '.' || c == '%' }

// signedCookie reports the body of an express-session cookie after "s%3A":
// the session id, a dot, the signature (16 characters or more each).
func signedCookie(body []byte) bool {
	i := bytes.IndexByte(body, '.')
	return i >= 16 && len(body)-i-1 >= 16 && bytes.IndexByte(body[i+1:], '.') < 0
}

func isSendGridByte(c byte) bool { return isTokenByte(c) || c == '.' }

// sendGridKey reports the body of a SendGrid API key after "SG.": two runs
// of base64url, 16–32 and 30–50 characters, joined by one dot.
func sendGridKey(body []byte) bool {
	i := bytes.IndexByte(body, '.')
	return i >= 16 && i <= 32 && len(body)-i-1 >= 30 && len(body)-i-1 <= 50 && bytes.IndexByte(body[i+1:], '.') < 0
}

// tokenPrefixKeys are the prefixes of tokenPrefixes in lower case (the
// prefilter's keywords), in the same order.
var tokenPrefixKeys = func() []string {
	keys := make([]string, len(tokenPrefixes))
	for i, p := range tokenPrefixes {
		keys[i] = foldedKey(p.prefix)
	}
	return keys
}()

// passwordLabels are label words after which a password or PIN follows.
var passwordLabels = []string{"passwort", "password", "passwd", "kennwort", "pwd", "pw", "pass", "passphrase", "pin", "geheimzahl",
	"zugangscode", "türcode", "torcode", "alarmcode", "schließcode", "tresorcode", "secret", "token", "api_key", "apikey", "api-key", "access_key",
	"aws_secret_access_key", "standardpasswort", "initialpasswort", "startpasswort", "einmalpasswort",
	"adminpasswort", "admin-passwort", "masterpasswort", "root-passwort", "wlan-passwort", "wlan-kennwort", "psk",
	"initialkennwort", "startkennwort", "einmalkennwort", "standardkennwort", "app_key", "pre-shared-key", "requirepass", "masterauth", "tor-code", "tür-code", "zugangs-code", "alarm-code", "schlüssel",
	"session_id", "sessionid", "session_token", "access_token", "refresh_token", "auth_token", "jsessionid", "phpsessid", "session"}

// codeLabels take a bare number as their value, like a PIN ("Zugangscode 4471#").
var codeLabels = []string{"pin", "geheimzahl", "zugangscode", "türcode", "torcode", "alarmcode", "schließcode", "tresorcode", "tor-code", "tür-code",
	"zugangs-code", "alarm-code"}

// loginLabels name a user and a password written as a pair (loginPair).
var loginLabels = []string{"login", "zugangsdaten", "credentials", "zugang", "account"}

// verbLabels end a compound before "lautet"/"heißt" ("Initialpasswort lautet
// …", "Admin-PW heißt …"); compounds are found from the verb because keyword
// hits come only from word starts.
var verbLabels = []string{"passwort", "kennwort", "password", "pw", "pin", "code"}

// secretCode reports codes that open something (Zugangscode, Türcode,
// Entsperrcode), not voucher or postcode words.
func secretCode(w []byte) bool {
	if bytes.HasSuffix(w, []byte("motorcode")) {
		return false // an engine's code, not a gate's
	}
	for _, c := range []string{"zugangscode", "türcode", "torcode", "alarmcode", "schließcode", "tresorcode", "sicherheitscode", "entsperrcode", "zugriffscode"} {
		if bytes.HasSuffix(w, []byte(c)) {
			return true
		}
	}
	return false
}

// fillers stand between the verb and a password in chat ("PW ist noch X").
var fillers = []string{"noch ", "jetzt ", "weiterhin ", "immer noch ", "nach wie vor ", "aktuell ", "derzeit ", "übrigens ", "einfach ", "nun ",
	"ab morgen ", "ab heute ", "ab sofort ", "ab montag ", "seit heute ", "seit gestern ", "vorläufig ", "vorübergehend ", "now ", "still ", "wieder ", "wie immer "}

func (secretDetector) Keywords() []string {
	kws := []string{"eyj", "-----begin", "cookie"}
	kws = append(kws, tokenPrefixKeys...)
	// ':' and '=' anchor labels at the end of a compound (compoundHits).
	kws = append(kws, secretURLKeywords()...)
	kws = append(kws, loginLabels...)
	kws = append(kws, "basic", "convertto-securestring")
	return append(append(kws, passwordLabels...), ":", "=", "lautet", "heißt", "code")
}

func (d secretDetector) Scan(t *Text, dst []Finding) []Finding {
	n0 := len(dst)
	dst = d.scan(t, dst)
	// a public certificate or key in base64 (a Kubernetes Secret's tls.crt,
	// a kubeconfig's certificate-authority-data) is no credential
	kept := dst[:n0]
	for _, f := range dst[n0:] {
		if !publicPEM64(t.Raw[f.Start:f.End]) {
			kept = append(kept, f)
		}
	}
	return kept
}

// publicPEM64 reports a value that is base64 of a PEM certificate or
// public key: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FU…" ("-----BEGIN CERTIFICAT…").
// A private key's ("LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVk…") stays.
func publicPEM64(v []byte) bool {
	return bytes.HasPrefix(v, []byte("LS0tLS1CRUdJTiBDRVJUSUZJQ0FU")) || bytes.HasPrefix(v, []byte("LS0tLS1CRUdJTiBQVUJMSUMgS0VZ"))
}

func (d secretDetector) scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	for i, hits := range t.listHitsAt(tokenPrefixSlot, tokenPrefixKeys) {
		p := tokenPrefixes[i]
		for _, h := range hits {
			if h+len(p.prefix) > len(b) || string(b[h:h+len(p.prefix)]) != p.prefix {
				continue
			}
			start := h
			if p.prefix == "_live_" {
				if start = liveKeyStart(b, h); start < 0 {
					continue
				}
			} else if h > 0 && (isAlnum(b[h-1]) || b[h-1] == '_' || b[h-1] == '-') {
				continue
			}
			e := h + len(p.prefix)
			for e < len(b) && e-h < 300 && p.alpha(b[e]) {
				e++
			}
			if (p.prefix == "SG." || p.prefix == "s%3A") && e > h+len(p.prefix) && b[e-1] == '.' {
				e-- // the key ends a sentence
			}
			body := b[h+len(p.prefix) : e]
			if len(body) < p.min || e < len(b) && p.alpha(b[e]) || placeholderValue(body) {
				continue
			}
			if p.prefix == pem64 && !privatePEM64(b[h:e]) {
				continue // a certificate or a public key
			}
			if indexDigit(body) < 0 && p.prefix != "hf_" || p.prefix == "SG." && !sendGridKey(body) || p.prefix == "s%3A" && !signedCookie(body) {
				continue
			}
			dst = append(dst, Finding{Type: "SECRET", Start: start, End: e, Score: 0.99})
			if p.prefix == "AKIA" || p.prefix == "ASIA" {
				if s2, e2, ok := awsSecretAfter(b, e); ok {
					dst = append(dst, Finding{Type: "SECRET", Start: s2, End: e2, Score: 0.95})
				}
			}
		}
	}
	dst = scanJWT(t, dst)
	dst = scanPEM(t, dst)
	var seen valueSet
	for _, f := range dst {
		if f.Type == "SECRET" {
			seen.add(f.Start)
		}
	}
	dst = scanSecretURLs(t, dst, &seen)
	dst = scanCookies(t, dst, &seen)
	for i, hits := range t.listHitsAt(loginLabelsSlot, loginLabels) {
		kw := loginLabels[i]
		for _, h := range hits {
			if e := h + len(kw); (h == 0 || !isLetter(b[h-1])) && (e >= len(b) || !isLetter(b[e])) {
				if s, ve, ok := loginPair(b, e); ok && !seen.has(s) {
					dst = seen.report(dst, s, ve, 0.8)
				}
			}
		}
	}
	for _, h := range t.keyHits(keyBasic) {
		if s, ve, ok := basicAuth(b, t.Lower(), h); ok && !seen.has(s) {
			dst = seen.report(dst, s, ve, 0.9)
		}
	}
	for _, h := range t.keyHits(keySecureString) {
		if s, ve, ok := plainSecureString(b, t.Lower(), h); ok && !seen.has(s) {
			dst = seen.report(dst, s, ve, 0.9)
		}
	}
	for off := 0; off < len(b); {
		k := t.nextByte(':', off)
		if k < 0 {
			break
		}
		off = k + 1
		if s, ve, ok := accountPair(b, k); ok && !seen.has(s) {
			dst = seen.report(dst, s, ve, 0.8) // "NVR-Admin: admin / Vid3o#Stift$2026"
		} else if s, ve, ok := credFileLine(b, k); ok && !seen.has(s) {
			dst = seen.report(dst, s, ve, 0.9) // ".pgpass: 10.20.30.41:5432:ewo_prod:ewo_backup:…"
		}
	}
	dst = bitLockerKeys(t, dst, &seen)
	return scanPasswords(t, dst, &seen)
}

// bitLockerKeys finds BitLocker recovery keys: eight groups of six digits
// joined by hyphens, each group a multiple of 11 below 720896 (the key's
// own check: a random group passes one time in eleven, eight groups one
// time in 214 million), with no digit or hyphen joined to either end. The
// key opens a disk whatever label it stands under.
func bitLockerKeys(t *Text, dst []Finding, seen *valueSet) []Finding {
	b := t.Raw
	next := 0
	for _, r := range t.DigitRuns() {
		if r.Start < next || r.End-r.Start != 6 || r.End >= len(b) || b[r.End] != '-' || r.Start > 0 && (b[r.Start-1] == '-' || isAlnum(b[r.Start-1])) {
			continue
		}
		e, n := r.Start, 0
		for n < 8 && e+6 <= len(b) && digitsAt(b, e) == e+6 && bitLockerGroup(b[e:e+6]) {
			n++
			e += 6
			if n < 8 {
				if e >= len(b) || b[e] != '-' {
					break
				}
				e++
			}
		}
		next = e
		if n != 8 || e < len(b) && (b[e] == '-' || isAlnum(b[e])) {
			continue
		}
		if !seen.has(r.Start) {
			dst = seen.report(dst, r.Start, e, 0.95)
		}
	}
	return dst
}

// unescapedColon reports a colon without a backslash before it, as
// .pgpass writes one inside a password ("\\:").
func unescapedColon(v []byte) bool {
	for i, c := range v {
		if c == ':' && (i == 0 || v[i-1] != '\\') {
			return true
		}
	}
	return false
}

// hexGroups reports colon-joined groups of one to four hex digits alone,
// an IPv6 address's ("fe80:1:2:3:abcd").
func hexGroups(v []byte) bool {
	for _, g := range bytes.Split(v, []byte{':'}) {
		if len(g) == 0 || len(g) > 4 {
			return false
		}
		for _, c := range g {
			if !isDigit(c) && !('a' <= c|0x20 && c|0x20 <= 'f') {
				return false
			}
		}
	}
	return true
}

// bitLockerGroup reports six digits that are a multiple of 11 below 720896.
func bitLockerGroup(g []byte) bool {
	v := 0
	for _, c := range g {
		v = v*10 + int(c-'0')
	}
	return v%11 == 0 && v < 720896
}

// credFileLine reads the password of a credential file's line whose host
// and port end at the colon k: PostgreSQL's .pgpass
// ("10.20.30.41:5432:ewo_prod:ewo_backup:Sch3rin-Pfaffenteich_77", host,
// port, database, user and the password to the line's end) and Postfix's
// sasl_passwd ("[10.72.1.25]:587 svc@lra-shk.de:W7q#xP2m-Lk9vR4t", host in
// brackets or not, port, a blank, user and password). The host starts its
// line and holds a dot or a letter, the port is digits or '*'; no field
// holds a blank. A .pgpass password counts from four bytes (it is one by
// its place); after a blank, where a log's "host:port key:value" could
// stand, only a password's strong shape does.
func credFileLine(b []byte, k int) (int, int, bool) {
	hs := k
	if hs > 0 && b[hs-1] == ']' {
		hs--
	}
	he := hs
	named := false
	for hs > 0 && k-hs < 128 && (isAlnum(b[hs-1]) || b[hs-1] == '.' || b[hs-1] == '-' || b[hs-1] == '*') {
		hs--
		named = named || !isDigit(b[hs])
	}
	if he < k && (hs == 0 || b[hs-1] != '[') {
		return 0, 0, false
	}
	if he < k {
		hs--
	}
	if hs == he || !named || hs > 0 && b[hs-1] != '\n' || isDigit(b[hs]) && bytes.IndexByte(b[hs:he], '-') > 0 {
		return 0, 0, false // not at the line's start, or a time stamp ("2026-12-02T07:14:03")
	}
	p := k + 1
	pe := p
	for pe < len(b) && pe-p < 5 && isDigit(b[pe]) {
		pe++
	}
	if pe == p && pe < len(b) && b[pe] == '*' {
		pe++
	}
	if pe == p || pe >= len(b) {
		return 0, 0, false
	}
	le := pe
	for le < len(b) && le-pe < 512 && b[le] != '\n' && b[le] != '\r' {
		le++
	}
	switch b[pe] {
	case ':': // .pgpass: database and user, each up to its colon
		f := pe + 1
		for i := 0; i < 2; i++ {
			c := bytes.IndexByte(b[f:le], ':')
			if c <= 0 || bytes.IndexAny(b[f:f+c], " \t") >= 0 {
				return 0, 0, false
			}
			f += c + 1
		}
		pw := b[f:le]
		if len(pw) < 4 || pw[0] == '[' || bytes.IndexAny(pw, " \t") >= 0 || placeholderValue(pw) || bytes.IndexByte(pw, '$') == 0 || allDigits(pw) ||
			unescapedColon(pw) || hexGroups(b[hs:le]) {
			return 0, 0, false // a colon unescaped is no .pgpass password's; an IPv6 address's groups
		}
		return f, le, true
	case ' ', '\t': // sasl_passwd: a blank, the user, a colon, the password
		u := skipBlank(b, pe)
		c := bytes.IndexByte(b[u:le], ':')
		if c <= 0 || bytes.IndexAny(b[u:u+c], " \t") >= 0 {
			return 0, 0, false
		}
		f := u + c + 1
		pw := b[f:le]
		if bytes.IndexAny(pw, " \t") >= 0 || !strongSecret(pw) {
			return 0, 0, false
		}
		return f, le, true
	}
	return 0, 0, false
}

// awsSecretAfter finds the secret access key written after an AWS access
// key id that ends at e, as key pairs are pasted ("AKIA… / h8Rz…",
// "AKIA…, h8Rz…", "AKIA…<TAB>h8Rz…"): 40 characters of base64 with upper
// and lower case letters and a digit, after a separator with a blank, tab,
// colon, comma, semicolon, '|' or '='.
func awsSecretAfter(b []byte, e int) (int, int, bool) {
	k := e
	for k < len(b) && k-e < 6 && bytes.IndexByte([]byte(" \t/:,;|="), b[k]) >= 0 {
		k++
	}
	if k == e || bytes.IndexAny(b[e:k], " \t:,;|=") < 0 {
		return 0, 0, false
	}
	s := k
	upper, lower, digit := false, false, false
	for k < len(b) && k-s <= 40 && (isAlnum(b[k]) || b[k] == '+' || b[k] == '/') {
		upper = upper || isUpper(b[k])
		lower = lower || isLowerASCII(b[k])
		digit = digit || isDigit(b[k])
		k++
	}
	if k-s != 40 || k < len(b) && (isAlnum(b[k]) || b[k] == '+' || b[k] == '/' || b[k] == '=') || !(upper && lower && digit) {
		return 0, 0, false
	}
	return s, k, true
}

// valueSet holds the starts of the SECRET values reported so far, so that
// a value two rules find ("pass" inside "password", a URL's password) is
// reported once. It is a short list while a text has few and a map once it
// has many: a pasted list of ten thousand "Passwort: …" lines would
// otherwise check each value against every earlier one.
type valueSet struct {
	list []int
	m    map[int]struct{}
}

func (v *valueSet) has(s int) bool {
	if v.m != nil {
		_, ok := v.m[s]
		return ok
	}
	return slices.Contains(v.list, s)
}

func (v *valueSet) add(s int) {
	if v.m != nil {
		v.m[s] = struct{}{}
		return
	}
	v.list = append(v.list, s)
	if len(v.list) > 32 {
		v.m = make(map[int]struct{}, 2*len(v.list))
		for _, x := range v.list {
			v.m[x] = struct{}{}
		}
	}
}

// report appends a SECRET finding for [s, e) unless a value starting at s
// was reported already.
func (v *valueSet) report(dst []Finding, s, e int, score float64) []Finding {
	if v.has(s) {
		return dst
	}
	v.add(s)
	return append(dst, Finding{Type: "SECRET", Start: s, End: e, Score: score})
}

func placeholderValue(v []byte) bool {
	l := bytes.ToLower(v)
	for _, w := range []string{"xxxx", "example", "beispiel", "your", "dein", "ihr-", "<", ">", "...", "…", "placeholder", "redacted", "changeme", "change-me", "change_me", "****", "0000000000", "123456789"} {
		if bytes.Contains(l, []byte(w)) {
			return true
		}
	}
	return false
}

func scanJWT(t *Text, dst []Finding) []Finding {
	b := t.Raw
	for _, h := range t.keyHits(keyJWT) {
		if h+3 > len(b) || string(b[h:h+3]) != "eyJ" || h > 0 && isBase64URL(b[h-1]) {
			continue
		}
		var parts [3]int // end offsets
		e := h
		ok := true
		for k := 0; k < 3; k++ {
			s := e
			for e < len(b) && e-h < 16384 && isBase64URL(b[e]) {
				e++
			}
			if e-s < 2 && k < 2 {
				ok = false
				break
			}
			parts[k] = e
			if k < 2 {
				if e >= len(b) || b[e] != '.' {
					ok = false
					break
				}
				e++
			}
		}
		if !ok || parts[2]-parts[1]-1 < 8 || e < len(b) && (isBase64URL(b[e]) || b[e] == '.') {
			continue
		}
		hdr, err := base64.RawURLEncoding.DecodeString(string(b[h:parts[0]]))
		if err != nil || len(hdr) == 0 || hdr[0] != '{' || !json.Valid(hdr) {
			continue
		}
		dst = append(dst, Finding{Type: "SECRET", Start: h, End: parts[2], Score: 0.97})
	}
	return dst
}

func scanPEM(t *Text, dst []Finding) []Finding {
	b := t.Raw
	// done is the end of the last block (a BEGIN inside it is part of it);
	// endAt is where the next "-----END" at or after a hit stands (-1: none),
	// found once for all hits before it.
	done, endAt := 0, -2
	for _, h := range t.keyHits(keyPEMBegin) {
		if h < done || h+10 > len(b) || string(b[h:h+10]) != "-----BEGIN" {
			continue
		}
		le := bytes.IndexByte(b[h:], '\n')
		if le < 0 {
			le = len(b) - h
		}
		header := b[h : h+le]
		if !bytes.Contains(header, []byte("PRIVATE KEY")) || len(header) > 80 {
			continue
		}
		// The block ends after the matching END line; without one it ends
		// after the last line of base64 (fail closed: take the body).
		end := -1
		if endAt == -2 || endAt >= 0 && endAt < h {
			if endAt = bytes.Index(b[h:], []byte("-----END")); endAt >= 0 {
				endAt += h
			}
		}
		if endAt >= 0 && endAt-h < 1<<20 {
			s := endAt + 8
			m := bytes.Index(b[s:], []byte("-----"))
			if m >= 0 && m < 80 {
				end = s + m + 5
			}
		}
		if end < 0 {
			end = h + le
			for end < len(b) {
				i := end
				for i < len(b) && (b[i] == '\n' || b[i] == '\r') {
					i++
				}
				j := i
				for j < len(b) && (isBase64Byte(b[j]) || b[j] == ':' || b[j] == ' ' || b[j] == '-' || b[j] == ',') {
					j++
				}
				if j == i || j < len(b) && b[j] != '\n' && b[j] != '\r' {
					break
				}
				end = j
			}
		}
		dst = append(dst, Finding{Type: "SECRET", Start: h, End: end, Score: 0.99})
		done = end
	}
	return dst
}

// proseWords are values after a password label that are ordinary language
// (policies, instructions), not passwords.
var proseWords = map[string]bool{
	"mindestens": true, "muss": true, "müssen": true, "sollte": true, "sollten": true, "wird": true, "werden": true, "vergessen": true,
	"ändern": true, "zurücksetzen": true, "eingeben": true, "bitte": true, "nicht": true, "kein": true, "keine": true, "per": true,
	"über": true, "der": true, "die": true, "das": true, "den": true, "dem": true, "des": true, "ein": true, "eine": true, "einen": true,
	"mit": true, "von": true, "zu": true, "für": true, "und": true, "oder": true, "wie": true, "siehe": true, "gemäß": true,
	"policy": true, "richtlinie": true, "erforderlich": true, "notwendig": true, "abgelaufen": true, "falsch": true, "korrekt": true,
	"sicher": true, "neu": true, "alt": true, "null": true, "none": true, "true": true, "false": true, "empty": true, "leer": true,
	"required": true, "optional": true, "string": true, "password": true, "passwort": true, "secret": true, "token": true,
	"geändert": true, "ist": true, "lautet": true, "is": true, "at": true, "must": true, "should": true, "min.": true, "max.": true,
	"zeichen": true, "characters": true, "stellen": true, "stellig": true, "nummer": true, "code": true, "eingabe": true,
	"vorhanden": true, "gesetzt": true, "hinterlegt": true, "verschlüsselt": true, "generiert": true, "***": true,
	"nämlich": true, "also": true,
}

// compoundLabels may end a compound word or a camel-case key when a ':' or
// '=' follows (Initialpasswort:, clientSecret=, accessToken:, myApiKey:).
var compoundLabels = []string{"passwort", "kennwort", "password", "secret", "token", "apikey", "_key"}

// keyLabel is the index in compoundLabels of "_key", which ends a config
// key (JWT_SIGNING_KEY=, ENCRYPTION_KEY:) whose value is a secret only when
// it is key material (see keyMaterial): PRIMARY_KEY=id is none.
var keyLabel = slices.Index(compoundLabels, "_key")

// keyMaterial reports a value shaped like generated key material, not a
// word, a name or a number: 20 to 128 bytes of letters, digits, '_' and
// '-', either hexadecimal of at least 32 digits with 4 letters and 4
// digits among them, or at least 3 digits and 2 letters of each case.
func keyMaterial(v []byte) bool {
	if len(v) < 20 || len(v) > 128 {
		return false
	}
	digits, upper, lower, hex := 0, 0, 0, true
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case isUpper(c):
			upper++
			hex = hex && c <= 'F'
		case isLowerASCII(c):
			lower++
			hex = hex && c <= 'f'
		case c == '_' || c == '-':
			hex = false
		default:
			return false
		}
	}
	if hex && (upper == 0 || lower == 0) {
		return len(v) >= 32 && digits >= 4 && upper+lower >= 4
	}
	return digits >= 3 && upper >= 2 && lower >= 2 && !isUUID(v)
}

// compoundOf is the index in compoundLabels of each passwordLabels entry,
// -1 for none.
var compoundOf = func() []int {
	out := make([]int, len(passwordLabels))
	for i, lab := range passwordLabels {
		out[i] = slices.Index(compoundLabels, lab)
	}
	return out
}()

// compoundHits returns, per compound label, where it ends a compound word
// right before a ':' or '=' ("Initialpasswort:", "dbPassword = …"). Keyword
// hits come only from word starts (see prefilter), so these are found from
// the separator instead.
func compoundHits(t *Text) [][]int {
	b, l := t.Raw, t.Lower()
	var out [][]int
	for _, sep := range []byte{':', '='} {
		for off := 0; off < len(b); {
			k := t.nextByte(sep, off)
			if k < 0 {
				break
			}
			off = k + 1
			we := k
			for we > 0 && (b[we-1] == ' ' || b[we-1] == '\t' || b[we-1] == 0xA0 || b[we-1] == 0xC2) {
				we--
			}
			if we > 0 && (b[we-1] == '"' || b[we-1] == '\'') {
				we-- // a quoted key of JSON or YAML: "clientSecret": "…", "auth_key": "…"
			}
			for li, lab := range compoundLabels {
				h := we - len(lab)
				if h > 0 && isLetter(b[h-1]) && string(l[h:we]) == lab {
					if out == nil {
						out = make([][]int, len(compoundLabels))
					}
					if !slices.Contains(out[li], h) {
						out[li] = append(out[li], h)
					}
				}
			}
		}
	}
	return out
}

// compoundSep reports a ':' or '=' after a compound label that ends at e,
// also after the closing quote of a quoted key whose opening quote stands
// before the compound ("clientSecret": …).
func compoundSep(b []byte, e int) bool {
	k := skipBlank(b, e)
	if c := byteAt(b, k); (c == '"' || c == '\'') && k == e {
		if q := bytes.LastIndexByte(b[max(0, e-64):e], c); q < 0 || bytes.IndexAny(b[max(0, e-64)+q:e], " \t\n") >= 0 {
			return false // the key's own opening quote, with no blank inside the key
		}
		k = skipBlank(b, k+1)
	}
	c := byteAt(b, k)
	return c == ':' || c == '='
}

func scanPasswords(t *Text, dst []Finding, seen *valueSet) []Finding {
	b := t.Raw
	l := t.Lower()
	compound := compoundHits(t)
	ids := t.listIDsAt(passwordLabelsSlot, passwordLabels)
	for li, lab := range passwordLabels {
		hits := t.hitsIn(ids, passwordLabels, li)
		if ci := compoundOf[li]; ci >= 0 && compound != nil && len(compound[ci]) > 0 {
			hits = append(slices.Clip(hits), compound[ci]...)
		}
		for _, h := range hits {
			e := h + len(lab)
			if e > len(b) {
				continue
			}
			// The label is a word or the end of a config key (db_password),
			// or ends a compound before a colon (Initialpasswort:, WLAN-Kennwort).
			if h > 0 && isLetter(b[h-1]) && !(slices.Contains(compoundLabels, lab) && compoundSep(b, e)) {
				continue
			}
			if h > 0 && b[h-1] == '[' {
				continue // a placeholder of a redacted value: "[SECRET_1]: …"
			}
			if lab == "schlüssel" && !wifiBefore(l, h) {
				continue // a door key, a municipality key: only a network's key is a secret
			}
			if lab == "pw" && e < len(b) && b[e] == '.' {
				continue // PW. as an abbreviation of something else
			}
			if lab == "pass" && passportPass(l, h) {
				continue // "Schreibweise im Pass: „…“": the passport
			}
			if lab == "secret" {
				// a config key that names a secret key: secret_key (Terraform's
				// S3 backend), SECRET_KEY_BASE, secretKey
				for _, suf := range []string{"_key_base", "_access_key", "_key", "-key", "key"} {
					if hasPrefixFold(l[e:], suf) {
						e += len(suf)
						break
					}
				}
			}
			if lab == "pin" || lab == "pass" {
				for _, suf := range []string{"-nummer", "nummer", "-code", "code", "wort", "word"} {
					if hasPrefixFold(l[e:], suf) {
						e += len(suf)
						break
					}
				}
			}
			if e < len(b) && (isLetter(b[e]) || b[e] >= 0x80) {
				continue
			}
			if col, sep, le, ok := secretColumn(b, h, e); ok && (slices.Contains(codeLabels, lab) || passwordWord(lab)) {
				// "ext;did;name;…;voicemail_pin", "benutzername,…,initialkennwort,…":
				// the header of a table's column of PINs or passwords
				dst = columnSecrets(b, le, col, sep, slices.Contains(codeLabels, lab), seen, dst)
				continue
			}
			if h >= 2 && b[h-1] == '-' && b[h-2] == '-' {
				e = flagValue(b, e) // --requirepass X, ["--requirepass", "X"]
			}
			if v, ok := envValueBelow(l, e); ok {
				e = v // "- name: RIS_DB_PASSWORD\n  value: "…"": a Kubernetes env entry's value
			}
			if lab == "session" {
				// a record's "session" key ("session":"sess_9fKq27…"): the value a
				// session id, quoted; the word in prose is no label ("Session: Workshop2024")
				if h > 0 && b[h-1] == '"' && e+1 < len(b) && b[e] == '"' {
					if s, ve, ok := quotedSession(b, e+1); ok {
						dst = seen.report(dst, s, ve, 0.85)
					}
				}
				continue
			}
			if lab == "psk" {
				if k := pskKeyType(l, e); k > e {
					// the key after its format in a device's configuration: the
					// syntax says it is the key, a word inside it notwithstanding
					if s, ve, ok := configKey(b, k+1); ok {
						dst = seen.report(dst, s, ve, 0.85)
					}
					continue
				}
			}
			e = forWhat(l, e)
			s, ve, score, ok := passwordValue(b, l, e, slices.Contains(codeLabels, lab))
			if !ok && !redactedNext(b, e) { // not after a redacted value ("kennwort [SECRET_1] : …", "PIN is [SECRET_1] …")
				// "Temp password given to … he reads it back: Kempen!Temp-4471"
				s, ve, ok = strongAfterColon(b, e, slices.Contains(codeLabels, lab))
				if !ok {
					s, ve, ok = pronounValue(b, l, e, slices.Contains(codeLabels, lab))
				}
				if !ok {
					s, ve, ok = decodedOutput(b, e)
				}
				score = 0.8
			}
			if ok && lab == "pwd" && (b[s] == '/' || b[s] == '~') {
				ok = false // PWD=/home/a.petrovic: the working directory of a sudo log or an environment dump
			}
			if ok {
				dst = seen.report(dst, s, ve, score)
				if ps, pe, ok := previousValue(b, l, ve); ok {
					dst = seen.report(dst, ps, pe, 0.8) // "… ist Herbstlaub!2026, das alte war Sommerwiese#25"
				}
			}
		}
	}
	// "JWT_SIGNING_KEY=5c1f…", "encryption_key: Rk7…": a config key ending in
	// _key whose value is key material; not a public key's or a site key's
	if compound != nil {
		for _, h := range compound[keyLabel] {
			ks := h
			for ks > 0 && (isAlnum(b[ks-1]) || b[ks-1] == '_') {
				ks--
			}
			if name := l[ks:h]; bytes.Contains(name, []byte("public")) || bytes.Contains(name, []byte("pub")) || bytes.HasSuffix(name, []byte("site")) {
				continue
			}
			if s, ve, _, ok := passwordValue(b, l, h+len("_key"), false); ok && keyMaterial(b[s:ve]) {
				dst = seen.report(dst, s, ve, 0.85)
			}
		}
	}
	// "Schlüsseltresor-Code 4471", "Haustür-Code: 2580#": a compound joined by
	// a hyphen to "Code" whose whole names a code that opens something
	// (secretCode); "Code" is a word start there, the compound's head is not
	for _, h := range t.keyHits(keyCode) {
		e := h + len("code")
		if h < 2 || b[h-1] != '-' || e < len(b) && (isLetter(b[e]) || b[e] >= 0x80) {
			continue
		}
		ps := h - 1
		for ps > 0 && (isLetter(b[ps-1]) || b[ps-1] >= 0x80) {
			ps--
		}
		if ps == h-1 || !secretCode(append(slices.Clip(l[ps:h-1]), "code"...)) {
			continue
		}
		if s, ve, score, ok := passwordValue(b, l, forWhat(l, e), true); ok {
			dst = seen.report(dst, s, ve, score)
		}
	}
	// "schlüssel liegt im spind, code 4471", "fotos vom schlüsselsafe, code stand
	// dran: 4471", "Alarmanlage: Scharfschalten mit Code 4711-93": a bare "Code"
	// after what it opens on its line (openerBefore)
	for _, h := range t.keyHits(keyCode) {
		e := h + len("code")
		if h > 0 && (isLetter(b[h-1]) || b[h-1] == '-' || b[h-1] >= 0x80) || e < len(b) && (isAlnum(b[e]) || b[e] == '-' || b[e] >= 0x80) {
			continue
		}
		if !openerBefore(l, h) {
			continue
		}
		if s, ve, ok := openerCode(b, l, e); ok {
			dst = seen.report(dst, s, ve, 0.8)
		}
	}
	// "Initialpasswort lautet …", "Türcode heißt …": a compound label before the verb
	for _, hits := range t.listHitsAt(labelVerbsSlot, labelVerbs) {
		for _, h := range hits {
			ps, pe := prevWord(b, h)
			if pe == h || pe-ps < 2 || !isLetter(b[ps]) && b[ps] < 0x80 {
				continue
			}
			w := l[ps:pe]
			lab := ""
			for _, v := range verbLabels {
				if bytes.HasSuffix(w, []byte(v)) && (v != "code" || secretCode(w)) && (v != "pw" || len(w) == 2 || w[len(w)-3] == '-') &&
					(v != "pin" || len(w) == 3 || w[len(w)-4] == '-') {
					lab = v
					break
				}
			}
			if lab == "" {
				continue
			}
			if s, ve, score, ok := passwordValue(b, l, h, lab == "pin" || lab == "code"); ok {
				dst = seen.report(dst, s, ve, score)
			}
		}
	}
	return dst
}

// redactedNext reports a placeholder of a redacted value ("[SECRET_1]")
// within the next two words after e: the label's value was there, and a
// later value is no longer its own.
func redactedNext(b []byte, e int) bool {
	w := b[e:min(len(b), e+16)]
	k := bytes.IndexByte(w, '[')
	return k >= 0 && k+1 < len(w) && isUpper(w[k+1]) && bytes.Count(w[:k], []byte(" ")) <= 2
}

// flagValue skips the quote, comma and blanks between a command-line flag
// and its value in an argument list (["--requirepass", "X"]).
func flagValue(b []byte, e int) int {
	j := e
	if j < len(b) && (b[j] == '"' || b[j] == '\'') {
		j++
	}
	if j < len(b) && b[j] == ',' {
		j++
	} else if j == e {
		return e
	}
	for j < len(b) && b[j] == ' ' {
		j++
	}
	return j
}

// strongAfterColon finds a password-shaped value (strongSecret) after ": ",
// "ist jetzt" or "lautet", or a weaker one alone in parentheses
// (plainPassword), in the same paragraph within 160 bytes of a password
// label ending at e: "Temp password given to Ruud by phone, he reads it
// back: Kempen!Temp-4471", "hab das pw probiert – das wurde geändert, ist
// jetzt Wg!Lesen2025#Rh", "mit dem Standardpasswort (admin1234)".
func strongAfterColon(b []byte, e int, pin bool) (int, int, bool) {
	end := min(len(b), e+160)
	if k := bytes.Index(b[e:end], []byte("\n\n")); k >= 0 {
		end = e + k
	}
	for i := e; i < end; {
		k := bytes.IndexByte(b[i:end], ':')
		if k < 0 {
			break
		}
		i += k + 1
		if i >= len(b) || b[i] != ' ' {
			continue
		}
		if s, ve, ok := strongAt(b, i+1); ok {
			return s, ve, true
		}
		if s, ve, ok := pinAfterVerb(b, i-1); pin && ok {
			return s, ve, true // "die neue PIN schon per Teams geschickt: 190388"
		}
	}
	// "… geändert, ist jetzt Wg!Lesen2025#Rh", "… genannt haben (admin1234)",
	// "das Passwort für den Admin-Zugang zum Portal, nämlich Rathaus!2025portal":
	// the first such value
	bs, be := 0, 0
	for _, w := range [...]string{" ist jetzt ", " ist nun ", " ist ab sofort ", " lautet ", " nämlich ", " und zwar ", " als ", " ("} {
		k := bytes.Index(b[e:end], []byte(w))
		if k < 0 || be > 0 && e+k >= bs {
			continue
		}
		s := e + k + len(w)
		if w == " (" {
			ve := s
			for ve < end && ve-s < 64 && b[ve] > ' ' && b[ve] != ')' {
				ve++
			}
			if ve < end && b[ve] == ')' && (strongSecret(b[s:ve]) || plainPassword(b[s:ve])) {
				bs, be = s, ve
			} else if cs, ce, ok := codeInParens(b, s, ve); pin && ve < end && b[ve] == ')' && ok {
				bs, be = cs, ce
			}
			continue
		}
		if s, ve, ok := strongAt(b, s); ok {
			bs, be = s, ve
		}
	}
	return bs, be, be > 0
}

// codeInParens reports a code alone in parentheses between s and ve after a
// code label ("Der Tresorcode … war am Monitor notiert („0815-2209“)"): four
// to eight digits, in quotes in two groups joined by a hyphen, not a year
// ("(2026)"), nor a phone number's length.
func codeInParens(b []byte, s, ve int) (int, int, bool) {
	quoted := false
	for _, q := range [...]string{"„", "“", "\"", "'", "»"} {
		if hasPrefixAt(b, s, q) {
			s += len(q)
			quoted = true
			break
		}
	}
	if quoted {
		n := quoteAtEnd(b[s:ve])
		if n == 0 && ve > s && (b[ve-1] == '"' || b[ve-1] == '\'') {
			n = 1
		}
		if n == 0 {
			return 0, 0, false
		}
		ve -= n
	}
	d := digitsAt(b, s)
	n := d - s
	if quoted && d < ve && b[d] == '-' && d+1 < ve && isDigit(b[d+1]) {
		d2 := digitsAt(b, d+1)
		n += d2 - d - 1
		d = d2
	} else if n == 4 && (b[s] == '1' && b[s+1] == '9' || b[s] == '2' && b[s+1] == '0') {
		return 0, 0, false
	}
	if d < ve && b[d] == '#' {
		d++ // a keypad's confirm key
	}
	if d != ve || n < 4 || n > 8 {
		return 0, 0, false
	}
	return s, ve, true
}

// skipFillers skips up to two words of fillers (and the blanks after them)
// at j: "ist übrigens wieder Rathaus#2026", "der ist immer noch Bauhof#2026!Vpn".
func skipFillers(l []byte, j int) int {
	for range 2 {
		for _, f := range fillers {
			if hasPrefixFold(l[j:], f) {
				j += len(f)
				for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
					j++
				}
				break
			}
		}
	}
	return j
}

// decodedOutput reports the output of a command that decodes a stored
// secret: a label ending at e on a command line that pipes into
// "base64 -d" ("kubectl get secret grafana-admin -o
// jsonpath='{.data.admin-password}' | base64 -d"), and the next line alone
// a password-shaped token (strongShape), as a terminal shows it.
func decodedOutput(b []byte, e int) (int, int, bool) {
	nl := bytes.IndexByte(b[e:min(len(b), e+200)], '\n')
	if nl < 0 {
		return 0, 0, false
	}
	line := bytes.TrimRight(b[e:e+nl], " \t\r")
	if !bytes.HasSuffix(line, []byte("base64 -d")) && !bytes.HasSuffix(line, []byte("base64 --decode")) && !bytes.HasSuffix(line, []byte("base64 -D")) {
		return 0, 0, false
	}
	s := e + nl + 1
	ve := s
	for ve < len(b) && ve-s <= 64 && b[ve] > ' ' {
		ve++
	}
	if ve < len(b) && b[ve] != '\n' && b[ve] != '\r' || !strongShape(b[s:ve]) {
		return 0, 0, false
	}
	return s, ve, true
}

// pronouns take up a password label later in its sentence: "das Passwort
// … richtig eingegeben, es ist Standesamt#1971", "die PIN … nicht mehr
// angenommen worden, die war 482916".
var pronouns = [...]string{", es ist ", ", es war ", ", es lautet ", ", sie ist ", ", sie war ", ", sie lautet ",
	", die ist ", ", die war ", ", die lautet ", ", das ist ", ", das war ", ", der ist ", ", der war ", ", er ist ", ", er war "}

// pronounValue reports the value after a pronoun and verb (pronouns) in the
// sentence of the label ending at e: a strong secret, or after a PIN label
// four to eight digits that end the clause.
func pronounValue(b, l []byte, e int, pin bool) (int, int, bool) {
	end := min(len(b), e+160)
	if k := bytes.IndexAny(b[e:end], ".!?\n"); k >= 0 {
		end = e + k // within the sentence
	}
	seg := b[e:end]
	if bytes.IndexByte(seg, ',') < 0 {
		return 0, 0, false
	}
	for _, p := range pronouns {
		k := bytes.Index(seg, []byte(p))
		if k < 0 {
			continue
		}
		s := skipFillers(l, e+k+len(p))
		if pin && s < len(b) && isDigit(b[s]) {
			d := digitsAt(b, s)
			if c := byteAt(b, d); qualifiedPIN(b, s) && (d == len(b) || c == '.' || c == ',' || c == ';' || c == ')' || c == '\n') {
				return s, d, true // the digits end the clause: not "die war 4711 Euro wert"
			}
			continue
		}
		if s, ve, ok := strongAt(b, s); ok {
			return s, ve, true
		}
	}
	return 0, 0, false
}

// previousWords name the value before the one just found, in the same
// sentence after a comma or "und".
var previousWords = [...]string{"das alte war ", "das alte ist ", "das alte lautete ", "das vorherige war ", "das bisherige war ",
	"das bisherige ist ", "das frühere war ", "the old one was ", "the old one is ", "the previous one was "}

// previousValue reads the password the sentence after a value ending at e
// names as the one before it ("Mein neues Passwort ist Herbstlaub!2026, das
// alte war Sommerwiese#25"): right after ", " or " und ", one of
// previousWords, then a value no word could be (strongSecret).
func previousValue(b, l []byte, e int) (int, int, bool) {
	k := e
	if hasPrefixAt(b, k, ", ") {
		k += 2
	} else if hasPrefixAt(l, k, " und ") {
		k += 5
	} else {
		return 0, 0, false
	}
	for _, w := range previousWords {
		if hasPrefixAt(l, k, w) {
			return strongAt(b, k+len(w))
		}
	}
	return 0, 0, false
}

// strongAt reads the token at s and reports it when it is strongSecret.
func strongAt(b []byte, s int) (int, int, bool) {
	ve := s
	for ve < len(b) && ve-s < 64 && b[ve] > ' ' {
		ve++
	}
	for ve > s+1 && (b[ve-1] == '.' || b[ve-1] == ',' || b[ve-1] == ';' || b[ve-1] == ')' || b[ve-1] == '?') {
		ve--
	}
	return s, ve, strongSecret(b[s:ve])
}

// plainPassword reports a weak password alone in parentheses after a
// password label ("das Standardpasswort … (admin1234)"): 6 to 32 bytes of
// lower-case letters and at least two digits, not a hash or cipher name
// (sha256, aes128).
func plainPassword(v []byte) bool {
	if len(v) < 6 || len(v) > 32 {
		return false
	}
	digits, lower := 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case isLowerASCII(c):
			lower++
		case isUpper(c) || c == '!' || c == '#' || c == '_' || c == '-':
		default:
			return false
		}
	}
	if digits < 2 || lower < 3 {
		return false
	}
	lv := bytes.ToLower(v)
	for _, p := range [...]string{"sha", "aes", "md5", "rsa", "bcrypt", "argon", "pbkdf", "des", "utf", "iso", "win", "x86", "ipv", "tls", "ssl"} {
		if bytes.HasPrefix(lv, []byte(p)) {
			return false
		}
	}
	return true
}

// strongSecret reports a value shaped like a password, not a word or a
// number: 8 to 64 bytes of ASCII with letters and digits, and either upper
// and lower case or a symbol other than . - _ (Portal#Wartung77,
// kR7vQ2xN9mW4pL8s); no address, path, URL or hyphenated word (2FA-Token).
func strongSecret(v []byte) bool {
	if !strongShape(v) {
		return false
	}
	for _, part := range bytes.Split(v, []byte("-")) {
		if len(part) >= 5 && wordEnd(part, 0) == len(part) {
			return false // a word after a hyphen: 2FA-Token, AES256-verschlüsselt
		}
	}
	return true
}

// strongShape reports the characters of a strong secret (see strongSecret),
// hyphenated words allowed.
func strongShape(v []byte) bool {
	if len(v) < 8 || len(v) > 64 || v[0] == '[' || v[0] == '(' || v[0] == '*' || v[len(v)-1] == ']' {
		return false // a placeholder ([SECRET_1], ***), a bracketed remark
	}
	digits, upper, lower, sym := 0, 0, 0, 0
	for i, c := range v {
		switch {
		case isDigit(c):
			digits++
		case isUpper(c):
			upper++
		case isLowerASCII(c):
			lower++
		case c == '$' && i > 0 && i+1 < len(v) && isAlnum(v[i+1]) && isAlnum(v[i-1]):
			sym++ // a letter written as a symbol: "Wall$chule#2024", not "${VAR}"
		case c == '@' || c == '/' || c == '\\' || c >= 0x80 || c == '$' || c == '{' || c == '<' || c == '"' || c == '\'' || c == '=':
			return false
		case c != '.' && c != '-' && c != '_' && c != ':':
			sym++
		}
	}
	return !(digits == 0 || upper+lower == 0 || !(upper > 0 && lower > 0 || sym > 0) || isUUID(v))
}

// forWhat skips what a password is for, between the label and its verb:
// "Passwort für das Fachverfahren ist …", "PIN der Karte lautet …", on the
// same line and within 60 bytes. It returns e when there is no such phrase.
func forWhat(l []byte, e int) int {
	k := e
	for k < len(l) && l[k] == ' ' {
		k++
	}
	if c := setColon(l, k); c > k {
		return c
	}
	// "an old password of his ("Sommer2019!Hameln")": whose it is, then the
	// value in quotes, maybe in brackets
	for _, w := range []string{"of his ", "of her ", "of hers ", "of theirs ", "of mine ", "von ihm ", "von ihr "} {
		if hasPrefixFold(l[k:], w) {
			j := k + len(w)
			if j < len(l) && l[j] == '(' {
				j++
			}
			if j < len(l) && (l[j] == '"' || l[j] == '\'' || hasPrefixAt(l, j, "„") || hasPrefixAt(l, j, "“")) {
				return j
			}
		}
	}
	opens := false
	// "PIN am Beamer ist …", "Passwort im Gäste-WLAN lautet …", "Kennwort beim Router: …"
	for _, w := range []string{"für ", "fuer ", "for ", "zum ", "zur ", "vom ", "von ", "des ", "der ", "fürs ", "am ", "im ", "beim ", "bei ", "an der ", "auf dem ", "auf der ", "laut ", "gemäß "} {
		if hasPrefixFold(l[k:], w) {
			opens = true
			break
		}
	}
	if !opens {
		return e
	}
	end := min(len(l), k+60)
	if nl := bytes.IndexByte(l[k:end], '\n'); nl >= 0 {
		end = k + nl
	}
	for _, v := range []string{" ist ", " lautet ", " heißt ", " is ", " war ", " was ", ": "} {
		if i := bytes.Index(l[k:end], []byte(v)); i >= 0 {
			return k + i // passwordValue reads the verb or the colon
		}
	}
	return e
}

// setParticiples state that a password was given, before a colon and its
// value: "Initialpasswort gesetzt: Start-4711-xQ", "Kennwort zurückgesetzt:",
// "Initialpasswort telefonisch mitgeteilt: …" (round 78).
var setParticiples = []string{"gesetzt", "zurückgesetzt", "neu gesetzt", "vergeben", "neu vergeben", "generiert", "set", "reset",
	"mitgeteilt", "telefonisch mitgeteilt", "übermittelt", "telefonisch übermittelt"}

// setColon returns the colon after a participle of setParticiples at k (a
// line break may stand before it, as in a wrapped ticket text), or k.
func setColon(l []byte, k int) int {
	j := k
	if j < len(l) && l[j] == '\n' {
		j++
	}
	for _, w := range setParticiples {
		if hasPrefixAt(l, j, w) && byteAt(l, j+len(w)) == ':' {
			if v := skipBlank(l, j+len(w)+1); isDigit(byteAt(l, v)) && byteAt(l, digitsAt(l, v)) == '.' {
				return k // "Passwort gesetzt: 12.03.2025": when, not what
			}
			return j + len(w)
		}
	}
	return k
}

// passwordValue reads the value after a label ending at i.
func passwordValue(b, l []byte, i int, pin bool) (int, int, float64, bool) {
	j := i
	// Closing quote of a JSON/YAML key, then spaces.
	for j < len(b) && (b[j] == '"' || b[j] == '\'') && j-i < 2 {
		j++
	}
	skipSpace := func() {
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
	}
	skipSpace()
	// a qualifier before the colon: "Zugangscode Tor: 4471#", "PIN Karte: …"
	if j < len(b) && isUpper(b[j]) {
		if we := wordEnd(b, j); we-j <= 12 && we < len(b) && b[we] == ':' {
			j = we
		} else if pin && we-j <= 16 && we < len(b) && b[we] == ' ' && qualifiedPIN(b, we+1) {
			j = we + 1 // "PIN Sparkasse 4711", "PIN Girokarte 0815": what the code opens, then the code
		}
	}
	sep, verb := false, false
	if j < len(b) && (b[j] == ':' || b[j] == '=') {
		j++
		if j < len(b) && (b[j] == '=' || b[j] == '>') {
			j++
		}
		sep = true
		skipSpace()
	}
	for _, w := range []string{"lautet", "ist", "is", "heißt", "wäre", "war", "was", "hätte ich gerne", "hätte ich gern"} { // "Als Startpasswort hätte ich gern Azubi2026!Bielefeld"
		if hasPrefixFold(l[j:], w+" ") || hasPrefixFold(l[j:], w+":") {
			j += len(w)
			if j < len(b) && b[j] == ':' {
				j++
			}
			verb = !sep
			sep = true
			skipSpace()
			j = skipFillers(l, j) // "ist übrigens wieder Rathaus#2026"
			break
		}
	}
	if !sep {
		j = skipFillers(l, j) // "Türcode ab heute 4713#", "der PSK übrigens noch Bauhof#Vpn!8823xq" (a strong value only: below)
	}
	if j >= len(b) {
		return 0, 0, 0, false
	}
	if sep && hasPrefixAt(l, j, "base64:") {
		if j+7 >= len(b) || !isBase64Byte(b[j+7]) {
			return 0, 0, 0, false // base64:[SECRET_1], a redacted key
		}
		j += 7 // APP_KEY=base64:g6Pl…: the key is what follows the encoding's name
	}
	s := j
	var e int
	quoted := false
	if q := b[j]; q == '"' || q == '\'' || q == '`' || q == 0xE2 { // quotes, „…“
		quoted = true
		qs := j
		if q == 0xE2 {
			j += 3
		} else {
			j++
		}
		s = j
		for j < len(b) && j-s < 200 && b[j] != '\n' && b[j] != q && b[j] != 0xE2 && !(q == 0xE2 && b[j] == '"') {
			j++ // „…" closed with a straight quote too: „8351"
		}
		e = j
		if e <= s || qs < 0 {
			return 0, 0, 0, false
		}
	} else {
		for j < len(b) && j-s < 200 && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' && b[j] != '"' && b[j] != '\'' && b[j] != '<' &&
			!(b[j] == ';' && connKeyAt(b, j+1)) {
			j++
		}
		e = j
		for e > s+1 {
			if b[e-1] == '.' || b[e-1] == ',' || b[e-1] == ';' || b[e-1] == ')' {
				e--
			} else if q := quoteAtEnd(b[s:e]); q > 0 {
				e -= q // „Passwort: Wertstoff!Hof22“
			} else {
				break
			}
		}
	}
	v := b[s:e]
	if len(v) == 0 || !utf8Start(b, s) {
		return 0, 0, 0, false
	}
	e = trimRuneEnd(b, s, e)
	v = b[s:e]
	if n := len(v); n > 4 && v[n-1] == '?' && allDigits(v[:n-1]) {
		e-- // "die PIN … ist immer noch 4711?": the question ends the value
		v = v[:n-1]
	}
	if pin {
		d := v
		if n := len(d); n > 4 && (d[n-1] == '#' || d[n-1] == '*') {
			d = d[:n-1] // a keypad's confirm key: "Türcode 4713#"
		}
		if len(d) >= 4 && len(d) <= 8 && allDigits(d) && !shortNumbers[string(d)] {
			return s, e, 0.85, true
		}
		if !sep && s > i && mixedPIN(v) {
			return s, e, 0.85, true // "PIN Wz8kP4": an online banking PIN of letters and digits
		}
		if !sep {
			return 0, 0, 0, false
		}
	}
	// "Passwort Portal#Wartung77", "initial password Wlc-9fT2!mQx": no
	// separator, but a value no word could be
	// A quoted value right after the label is the label's value in a
	// config (strongSwan `: PSK "Kf7#vB2q!Ulmtal-Bauhof-88"`): a word after
	// a hyphen is then part of it.
	if !sep && (s == i || !strongSecret(v) && !(quoted && strongShape(v))) || len(v) < 4 {
		return 0, 0, 0, false
	}
	// a policy: "PIN der Smartcard: 6–8 Ziffern", "Passwort: 12 Zeichen"
	if k := skipBlank(b, e); k < len(b) && isLetter(b[k]) {
		if we := wordEnd(b, k); policyUnits[string(l[k:we])] {
			return 0, 0, 0, false
		}
	}
	lv := string(bytes.ToLower(v))
	if policyValue(lv) {
		return 0, 0, 0, false // "Die PIN ist 6-stellig", "Passwort: 12-stellig"
	}
	if s > 0 && b[s-1] == ':' && v[0] == '?' {
		return 0, 0, 0, false // a required variable's message: "${LDAP_BIND_PW:?missing}"
	}
	if n := len(v); n >= 3 && v[n-1] == ':' && wordEnd(v, 0) == n-1 && !isDigit(v[0]) {
		return 0, 0, 0, false // the next label: "sandbox token: Authorization: Bearer …", "Passwort: Benutzername: …"
	}
	if !quoted && hclReference(lv) {
		return 0, 0, 0, false // password = var.db_password: a variable of the configuration, not its value
	}
	if proseWords[lv] || placeholderValue(v) || v[0] == '$' || v[0] == '{' && !ldapHash(v) || v[0] == '%' || v[0] == '[' || v[0] == '*' || v[0] == '(' ||
		v[0] == ')' || v[0] == ' ' || v[0] == ']' || v[0] == '}' || // the rest of a sentence after a quoted label (`Passwort:`)
		strings.Contains(lv, "env.") || strings.Contains(lv, "getenv") || strings.Contains(lv, "environ") || isUUID(v) || callValue(v) || psCmdlet(v) {
		return 0, 0, 0, false
	}
	digits, upper := 0, 0
	for _, c := range v {
		if isDigit(c) {
			digits++
		} else if isUpper(c) {
			upper++
		}
	}
	if digits == 0 && upper <= 1 && wordEnd(v, 0) == len(v) {
		if verb {
			return 0, 0, 0, false // "der Pass ist noch gültig", "das Passwort ist bekannt"
		}
		// A plain word: a password only if nothing but punctuation follows
		// on the line (not "Passwort: mindestens acht Zeichen").
		rest := bytes.TrimLeft(b[e:min(len(b), e+40)], " \t")
		if len(rest) > 0 && isLetter(rest[0]) {
			return 0, 0, 0, false
		}
	}
	return s, e, 0.85, true
}

// ldapHash reports a password hash as a directory stores it, its scheme in
// braces before it ("userPassword: {SSHA}9kX2mQ7vL0pR4tZ8wN1yB6cD3fH5jK",
// "{CRYPT}$6$…"): a hash is as good as the password to whoever can try
// words against it offline. "{VAR}", "{{password}}" and a template's
// "{password}" stay none.
func ldapHash(v []byte) bool {
	k := bytes.IndexByte(v, '}')
	if k < 3 || k > 14 || len(v)-k-1 < 8 {
		return false
	}
	switch string(v[1:k]) {
	case "SSHA", "SHA", "SSHA256", "SSHA384", "SSHA512", "SHA256", "SHA384", "SHA512", "MD5", "SMD5", "CRYPT",
		"PBKDF2", "PBKDF2-SHA256", "PBKDF2-SHA512", "ARGON2", "BCRYPT":
		return true
	}
	return false
}

// loginPair reads the password of a login written as "user / password"
// after a login label and its colon ("Zugang Lagekarte (Notfall-Login):
// stab-euskirchen / SAE-Lage!2026#Eifel", "Zugangsdaten: hmeyer /
// Kx7!mQ2rT"): the value after the slash, only when it has a strong
// secret's shape. "Login: hmeyer / Passwort siehe Mail", a URL or a path
// stay none.
func loginPair(b []byte, e int) (int, int, bool) {
	le := lineEndAt(b, e)
	if e+1 < le && b[e] == ' ' {
		// the account right after the label, without a colon: "Web-Login
		// nea-admin / Netz3rsatz!HOM"
		if ue := accountAt(b, e+1, le); ue > 0 {
			if s, ve, ok := pairValue(b, ue, le); ok {
				return s, ve, true
			}
		}
	}
	k := e
	for k < le && k-e < 3 && (b[k] == ')' || b[k] == ' ') {
		k++
	}
	if k < le && b[k] != ':' {
		// what the login is for, between the label and its colon: "Admin-Zugang
		// Webinterface: root / …", "Test account for the ticket system: …"
		if c := bytes.IndexByte(b[k:min(le, k+40)], ':'); c > 0 && bytes.IndexAny(b[k:k+c], ".;,/=") < 0 {
			k += c
		}
	}
	if k >= le || b[k] != ':' {
		return 0, 0, false
	}
	u := skipBlank(b, k+1)
	ue := u
	for ue < le && b[ue] != ' ' && b[ue] != '/' && ue-u <= 40 {
		ue++
	}
	if ue-u < 2 {
		return 0, 0, false
	}
	return pairValue(b, ue, le)
}

// accountAt returns the end of an account's name at u that " / " follows
// before le: 2 to 32 bytes of lower-case ASCII letters, digits, '.', '-' and
// '_', a letter first ("admin", "nea-admin", "svc_scan"); 0 when there is
// none. Names, words with a capital, numbers and paths are none.
func accountAt(b []byte, u, le int) int {
	ue := accountEnd(b, u, le)
	if ue-u < 2 || ue-u > 32 || !hasPrefixAt(b, ue, " / ") || ue+3 > le {
		return 0
	}
	return ue
}

// accountEnd returns the end of the run of an account name's bytes at u
// before le (lower-case ASCII letters, digits, '.', '-' and '_', a letter
// first; at most 33 bytes looked at), u when there is none.
func accountEnd(b []byte, u, le int) int {
	if u >= le || !isLowerASCII(b[u]) {
		return u
	}
	ue := u
	for ue < le && ue-u <= 32 && (isLowerASCII(b[ue]) || isDigit(b[ue]) || b[ue] == '.' || b[ue] == '-' || b[ue] == '_') {
		ue++
	}
	return ue
}

// accountPair reads the password of an account written as "account /
// password" right after a label's colon at k, whatever the label names
// ("NVR-Admin: admin / Vid3o#Stift$2026", "Gateway: svc-gw / Kx7!mQ2rT"):
// the account's name as accountAt reads it, the value with a strong secret's
// shape. "Ort: bonn / Raum 3", "Zeitraum: 2025 / 2026", "Betreff: Antrag /
// Rückfrage" stay none.
func accountPair(b []byte, k int) (int, int, bool) {
	if k < 1 || k+3 >= len(b) || b[k+1] != ' ' || !(isLetter(b[k-1]) || b[k-1] == ')' || b[k-1] >= 0x80) {
		return 0, 0, false
	}
	le := min(len(b), k+2+33+3+65) // no line end needed: the account and a value stop at '\n'
	ue := accountAt(b, k+2, le)
	if ue == 0 {
		return 0, 0, false
	}
	return pairValue(b, ue, le)
}

// basicAuth reads the credentials of HTTP basic authentication at the word
// "basic" at h: the base64 of "user:password" after "Authorization: Basic"
// (when it decodes to such a pair), or the password of "account:password"
// after "basic auth" within the line ("retry with basic auth
// svc-scan:Sc@nStelle-2026"; an '@' inside a word, as no mail address has
// it, allowed). "Basic-Tarif", "basic auth failed for user admin" and a
// value of a weak shape stay none.
func basicAuth(b, l []byte, h int) (int, int, bool) {
	if h > 0 && isLetter(b[h-1]) {
		return 0, 0, false
	}
	e := h + len("basic")
	if hasSuffixAt(l, h, "authorization: ") && hasPrefixAt(b, e, " ") {
		s := e + 1
		ve := s
		for ve < len(b) && ve-s <= 200 && (isAlnum(b[ve]) || b[ve] == '+' || b[ve] == '/' || b[ve] == '=') {
			ve++
		}
		if ve-s < 8 || ve < len(b) && IsWordByte(b[ve]) {
			return 0, 0, false
		}
		dec, err := base64.StdEncoding.DecodeString(string(b[s:ve]))
		if err != nil || bytes.IndexByte(dec, ':') < 1 || !asciiPrintable(dec) || placeholderValue(dec) {
			return 0, 0, false
		}
		return s, ve, true
	}
	switch {
	case hasPrefixAt(l, e, " auth"), hasPrefixAt(l, e, "-auth"), hasPrefixAt(l, e, "auth"):
	default:
		return 0, 0, false
	}
	le := min(len(b), e+80)
	if nl := bytes.IndexByte(b[e:le], '\n'); nl >= 0 {
		le = e + nl
	}
	for k := e; k < le; k++ {
		if b[k] != ' ' || k+1 >= le || !isLowerASCII(b[k+1]) {
			continue
		}
		u := k + 1
		ue := accountEnd(b, u, le)
		if ue-u < 2 || ue+1 >= le || b[ue] != ':' {
			continue
		}
		s := ue + 1
		ve := s
		for ve < le && b[ve] != ' ' && b[ve] != '\t' && b[ve] != '\r' {
			ve++
		}
		for ve > s && (b[ve-1] == '.' || b[ve-1] == ',' || b[ve-1] == ';' || b[ve-1] == ')') {
			ve--
		}
		v := b[s:ve]
		if a := bytes.IndexByte(v, '@'); a > 0 && a+1 < len(v) && isAlnum(v[a-1]) && isAlnum(v[a+1]) &&
			bytes.IndexByte(v[a:], '.') < 0 && bytes.Count(v, []byte("@")) == 1 {
			w := slices.Clone(v)
			w[a] = '#' // "Sc@nStelle-2026": an '@' inside a word, a symbol as in no mail address
			v = w
		}
		if strongSecret(v) && !placeholderValue(v) {
			return s, ve, true
		}
		return 0, 0, false
	}
	return 0, 0, false
}

// plainSecureString reads the literal a PowerShell script turns into a
// SecureString as plain text at h ("ConvertTo-SecureString
// \"Dr!ckt0ner-2026\" -AsPlainText -Force", also with -String before it): the
// quoted string, when -AsPlainText follows on its line. A variable
// ("$env:PW", "$pw"), an empty string and a placeholder ("[SECRET_1]") stay none, as does
// the cmdlet reading an encrypted string without -AsPlainText.
func plainSecureString(b, l []byte, h int) (int, int, bool) {
	k := skipBlank(b, h+len("convertto-securestring"))
	if hasPrefixAt(l, k, "-string ") {
		k = skipBlank(b, k+len("-string "))
	}
	if k >= len(b) || b[k] != '"' && b[k] != '\'' {
		return 0, 0, false
	}
	q := b[k]
	s := k + 1
	ve := s
	for ve < len(b) && ve-s <= 128 && b[ve] != q && b[ve] != '\n' {
		ve++
	}
	if ve >= len(b) || b[ve] != q || ve-s < 4 || b[s] == '$' || b[s] == '[' || placeholderValue(b[s:ve]) {
		return 0, 0, false
	}
	le := min(len(b), ve+80)
	if nl := bytes.IndexByte(b[ve:le], '\n'); nl >= 0 {
		le = ve + nl
	}
	if !bytes.Contains(l[ve:le], []byte("-asplaintext")) {
		return 0, 0, false
	}
	return s, ve, true
}

// psCmdlet reports a value that is a PowerShell cmdlet's name, the call a
// script assigns: "$Pass = ConvertTo-SecureString …", "$pw = Read-Host".
func psCmdlet(v []byte) bool {
	d := bytes.IndexByte(v, '-')
	if d < 0 || d+2 > len(v) || !isUpper(v[d+1]) {
		return false
	}
	switch string(v[:d]) {
	case "ConvertTo", "ConvertFrom", "Get", "Read", "New", "Import", "Export", "Set", "Invoke":
	default:
		return false
	}
	for _, c := range v[d+1:] {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// asciiPrintable reports a decoded credential of printable ASCII only.
func asciiPrintable(v []byte) bool {
	for _, c := range v {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return len(v) > 0
}

// pairValue reads the password after " / " at ue, before le, when it has a
// strong secret's shape and is no placeholder.
func pairValue(b []byte, ue, le int) (int, int, bool) {
	if !hasPrefixAt(b, ue, " / ") {
		return 0, 0, false
	}
	s := ue + 3
	ve := s
	for ve < le && b[ve] != ' ' && b[ve] != '\t' && b[ve] != '\r' && b[ve] != '\n' {
		ve++
	}
	for ve > s && (b[ve-1] == '.' || b[ve-1] == ',' || b[ve-1] == ';' || b[ve-1] == ')') {
		ve--
	}
	if !strongSecret(b[s:ve]) || placeholderValue(b[s:ve]) {
		return 0, 0, false
	}
	return s, ve, true
}

// callValue reports a value that is a function call cut at its quoted
// argument: cfg.Password = os.Getenv("APP_PASSWORD"), pw := readSecret("db").
func callValue(v []byte) bool {
	n := len(v)
	if n < 2 || v[n-1] != '(' || !isLetter(v[0]) {
		return false
	}
	for _, c := range v[:n-1] {
		if !isAlnum(c) && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// hclReference reports a Terraform (HCL) reference as a value: var.x,
// local.x, data.x.y, module.x.y, each.value, random_password.x.result.
func hclReference(lv string) bool {
	for _, p := range [...]string{"var.", "local.", "data.", "module.", "each.", "self.", "random_password."} {
		if len(lv) > len(p) && lv[:len(p)] == p && (isLowerASCII(lv[len(p)]) || lv[len(p)] == '_') {
			return true
		}
	}
	return false
}

// mixedPIN reports a PIN of letters and digits written right after its
// label without a separator ("PIN Wz8kP4", round 78): five to eight ASCII
// letters and digits, at least two digits and a capital and a small letter
// among them. A word ("PIN Brief") or a model ("PIN X1") has not that shape.
func mixedPIN(v []byte) bool {
	if len(v) < 5 || len(v) > 8 {
		return false
	}
	digits, upper, lower := 0, 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case isUpper(c):
			upper++
		case isLowerASCII(c):
			lower++
		default:
			return false
		}
	}
	return digits >= 2 && upper > 0 && lower > 0
}

// connKeyAt reports a connection string's next key at k, after the ';' that
// ends a value ("Password=Tr9$vLq!2mWe7Zp;Encrypt=True", round 78): letters,
// blanks inside ("User Id"), then '='. ADO.NET and ODBC quote a value that
// holds a ';'.
func connKeyAt(b []byte, k int) bool {
	j := k
	for j < len(b) && j-k <= 32 && (isLetter(b[j]) || b[j] == ' ' && j > k) {
		j++
	}
	return j > k && j < len(b) && b[j] == '=' && b[j-1] != ' '
}

// qualifiedPIN reports a PIN after the word that names what it opens: four
// to eight digits at i, ending the token and the clause, not a year (PIN
// Version 2025).
func qualifiedPIN(b []byte, i int) bool {
	d := digitsAt(b, i)
	n := d - i
	if n < 4 || n > 8 || d < len(b) && (isAlnum(b[d]) || b[d] >= 0x80 || (b[d] == '.' || b[d] == ',' || b[d] == '/' || b[d] == '-') && d+1 < len(b) && isDigit(b[d+1])) {
		return false
	}
	if k := skipBlank(b, d); k > d && k < len(b) && isLowerASCII(b[k]) {
		return false // "PIN Karte 0000 lautet …": the sentence goes on to the value
	}
	return !(n == 4 && (b[i] == '1' && b[i+1] == '9' || b[i] == '2' && b[i+1] == '0'))
}

// quoteAtEnd returns the length of a typographic closing quote (“ ” ’ »)
// that ends v, 0 if there is none.
func quoteAtEnd(v []byte) int {
	for _, q := range [...]string{"“", "”", "’", "»", "«"} {
		if bytes.HasSuffix(v, []byte(q)) && len(v) > len(q) {
			return len(q)
		}
	}
	return 0
}

// policyUnits after a value make it a password policy, not a password.
var policyUnits = map[string]bool{"ziffern": true, "zeichen": true, "stellen": true, "stellig": true, "buchstaben": true,
	"digits": true, "characters": true, "chars": true, "tage": true, "days": true, "monate": true, "versuche": true, "attempts": true}

// passportPass reports "Pass" after a preposition or article that makes it
// the passport: "im Pass", "laut Pass", "seinem Pass", "der Pass".
func passportPass(l []byte, h int) bool {
	if h > 0 && l[h-1] == '/' && bytes.HasSuffix(l[:h-1], []byte("ausweis")) {
		return true // "Personalausweis/Pass: Personalausweis (PL) Nr. …": a form's field of the identity document
	}
	ps, pe := prevWord(l, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	// "im ukr. Pass: SHEVCHENKO DMYTRO", "russ. Pass": a country's
	// adjective abbreviated with a full stop
	if n := pe - ps; n >= 4 && n <= 6 && l[pe-1] == '.' && asciiLetters(l[ps:pe-1]) && ps > 0 && l[ps-1] == ' ' {
		return true
	}
	switch string(l[ps:pe]) {
	case "im", "laut", "lt.", "dem", "den", "der", "sein", "seinem", "seinen", "ihr", "ihrem", "ihren", "ausländischen",
		"gültigen", "nationalen", "neuen", "alten", "einen", "einem", "vom", "zum":
		return true
	}
	// "im vietnamesischen Pass: NGUYỄN VĂN ĐỨC", "ihrem türkischen Pass",
	// "Ukrainischer Pass: HRYHORENKO OLEKSANDR": a country's adjective names
	// the passport
	w := l[ps:pe]
	for _, end := range [...]string{"schen", "schem", "scher", "sches", "sche"} {
		if bytes.HasSuffix(w, []byte(end)) {
			return true
		}
	}
	return false
}

// asciiLetters reports whether w is made of ASCII letters only.
func asciiLetters(w []byte) bool {
	for _, c := range w {
		if !isLetter(c) || c >= 0x80 {
			return false
		}
	}
	return true
}

// policyValue reports a length rule given as the value: "6-stellig",
// "8stellig", "6–8-stellig", "12-Zeichen", "4-digit".
func policyValue(lv string) bool {
	i := 0
	for i < len(lv) && (isDigit(lv[i]) || lv[i] == '-' || len(lv) >= i+3 && lv[i:i+3] == "–") {
		if lv[i] == 0xE2 {
			i += len("–")
		} else {
			i++
		}
	}
	if i == 0 || !isDigit(lv[0]) {
		return false
	}
	switch lv[i:] {
	case "stellig", "stellige", "stelligen", "stelliger", "stelliges", "zeichen", "ziffern", "digit", "digits", "chars", "characters":
		return true
	}
	return false
}

// isUUID reports whether v has the 8-4-4-4-12 hex shape.
func isUUID(v []byte) bool {
	if len(v) != 36 {
		return false
	}
	for i, c := range v {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

// pskKeyType returns the position after the key's format and encryption
// type that a router's or an access point's configuration writes between
// "wpa-psk" (or "psk") and the key: "wpa-psk ascii Tarp-Dorfhaus-2026!",
// "wpa-psk ascii 0 …", "psk hex 7 …"; e if none follows.
func pskKeyType(l []byte, e int) int {
	k := e
	for k < len(l) && (l[k] == ' ' || l[k] == '\t') {
		k++
	}
	if k == e {
		return e
	}
	switch {
	case hasPrefixAt(l, k, "ascii "):
		k += len("ascii ")
	case hasPrefixAt(l, k, "hex "):
		k += len("hex ")
	default:
		return e
	}
	if k+1 < len(l) && isDigit(l[k]) && l[k+1] == ' ' {
		k += 2 // the encryption type: 0 clear text, 7 or 8 the device's own
	}
	return k - 1 // the blank before the key, as after a label
}

// quotedSession reports the quoted value after a record key's colon at k
// (`:"…"`, `: "…"`) when it is shaped like a session id (sessionValue) and
// is no UUID (a request's or a trace's id as often as a session's).
func quotedSession(b []byte, k int) (int, int, bool) {
	k = skipBlank(b, k)
	if k >= len(b) || b[k] != ':' {
		return 0, 0, false
	}
	k = skipBlank(b, k+1)
	if k >= len(b) || b[k] != '"' {
		return 0, 0, false
	}
	s := k + 1
	e := s
	for e < len(b) && e-s < 4096 && b[e] != '"' && b[e] != '\n' {
		e++
	}
	if e >= len(b) || b[e] != '"' || !sessionValue(b[s:e]) || isUUID(b[s:e]) {
		return 0, 0, false
	}
	return s, e, true
}

// configKey reports the token at s up to the line's next blank as a key of
// a device's configuration: 8 to 64 printable ASCII bytes, no placeholder
// ("<entfernt>", "${WLAN_PSK}", "[SECRET_1]", "****").
func configKey(b []byte, s int) (int, int, bool) {
	e := s
	for e < len(b) && b[e] > ' ' && b[e] < 0x7F {
		e++
	}
	if e < len(b) && b[e] != ' ' && b[e] != '\t' && b[e] != '\n' && b[e] != '\r' {
		return 0, 0, false
	}
	v := b[s:e]
	if len(v) < 8 || len(v) > 64 || placeholderValue(v) || v[0] == '$' || v[0] == '{' || v[0] == '[' || v[0] == '*' || v[0] == '%' {
		return 0, 0, false
	}
	return s, e, true
}

// wifiBefore reports a wireless network named in the 80 bytes before a
// "Schlüssel" label at h, in the same paragraph: "Das WLAN „Rathaus-Intern"
// erreichen Sie mit dem Schlüssel …", "WLAN-Schlüssel: …".
func wifiBefore(l []byte, h int) bool {
	w := l[max(0, h-80):h]
	if k := bytes.LastIndex(w, []byte("\n\n")); k >= 0 {
		w = w[k+2:]
	}
	return bytes.Contains(w, []byte("wlan")) || bytes.Contains(w, []byte("wifi")) || bytes.Contains(w, []byte("wi-fi")) ||
		bytes.Contains(w, []byte("wpa"))
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	tokenPrefixSlot    = newListSlot()
	labelVerbsSlot     = newListSlot()
	passwordLabelsSlot = newListSlot()
)

// scanCookies reports the session cookies of a Cookie or Set-Cookie header
// (also curl's -b/--cookie and DevTools' 'cookie: …'): a cookie whose name
// says it holds a session or a login (TERMIN_SESSION, PHPSESSID, JSESSIONID,
// laravel_session, connect.sid, auth_token, remember_…) and whose value is
// 16 or more characters of a token with a digit. Tracking cookies (_ga=GA1.1.…)
// and the header's attributes (path=/, expires=…) are no secrets.
func scanCookies(t *Text, dst []Finding, seen *valueSet) []Finding {
	b, l := t.Raw, t.Lower()
	done := 0 // the end of the last header read: a "cookie" inside it is part of it, so each byte is read once
	for _, h := range t.keyHits(keyCookie) {
		if h < done || h > 0 && isLetter(b[h-1]) {
			continue
		}
		j := h + len("cookie")
		if j < len(b) && b[j] == ':' {
			j++
		} else if !(h >= 2 && b[h-1] == '-' && b[h-2] == '-') { // --cookie 'a=b'
			continue
		}
		for j < len(b) && (b[j] == ' ' || b[j] == '"' || b[j] == '\'') {
			j++
		}
		end := j
		for end < len(b) && end-j < 4096 && b[end] != '\n' && b[end] != '\'' && b[end] != '"' {
			end++
		}
		done = end
		for k := j; k < end; {
			ns := k
			for k < end && b[k] != '=' && b[k] != ';' {
				k++
			}
			if k >= end || b[k] == ';' {
				k++
				for k < end && b[k] == ' ' {
					k++
				}
				continue
			}
			name := l[ns:k]
			vs := k + 1
			ve := vs
			for ve < end && b[ve] != ';' && b[ve] != ' ' {
				ve++
			}
			if sessionCookie(name) && sessionValue(b[vs:ve]) {
				dst = seen.report(dst, vs, ve, 0.9)
			}
			k = ve
			for k < end && (b[k] == ';' || b[k] == ' ') {
				k++
			}
		}
	}
	return dst
}

// sessionCookie reports a cookie name (lower case) that holds a session or
// a login.
func sessionCookie(name []byte) bool {
	for _, w := range [...]string{"sess", "sid", "auth", "token", "remember", "login", "jwt"} {
		if bytes.Contains(name, []byte(w)) {
			return true
		}
	}
	return false
}

// sessionValue reports a cookie value shaped like a session id: 16 to 4096
// bytes of a token alphabet with a digit and a letter, not a placeholder.
func sessionValue(v []byte) bool {
	if len(v) < 16 {
		return false
	}
	digit, letter := false, false
	for _, c := range v {
		switch {
		case isDigit(c):
			digit = true
		case isLetter(c) && c < 0x80:
			letter = true
		case c == '-' || c == '_' || c == '.' || c == '%' || c == '+' || c == '/' || c == '=':
		default:
			return false
		}
	}
	return digit && letter && !placeholderValue(v)
}

// passwordWord reports a label of passwordLabels that names a password
// (Passwort, Kennwort, pwd, PSK), not a token, key or session.
func passwordWord(lab string) bool {
	return strings.Contains(lab, "pass") || strings.Contains(lab, "kennwort") || lab == "pwd" || lab == "pw" || lab == "psk"
}

// isCellSep reports a separator of a delimited table's cells.
func isCellSep(c byte) bool { return c == ';' || c == ',' || c == '\t' || c == '|' }

// secretColumn reports a password label [h, e) that ends a header cell of a
// delimited table of three cells or more ("ext;did;…;voicemail_pin",
// "benutzername,…,initialkennwort,klasse"): the cell's column, the
// separator, and the end of the header line.
func secretColumn(b []byte, h, e int) (col int, sep byte, le int, ok bool) {
	ce := e
	for ce < len(b) && (b[ce] == ' ' || b[ce] == '"') {
		ce++
	}
	// the cell starts at the line's start or after a separator; a key's
	// words before the label belong to it (voicemail_pin, Voicemail-PIN)
	cs := h
	for cs > 0 && h-cs < 32 && (isAlnum(b[cs-1]) || b[cs-1] == '_' || b[cs-1] == '-' || b[cs-1] == ' ' || b[cs-1] == '"' || b[cs-1] >= 0x80) {
		cs--
	}
	if ce < len(b) && isCellSep(b[ce]) {
		sep = b[ce]
	} else if (ce == len(b) || b[ce] == '\n' || b[ce] == '\r') && cs > 0 && isCellSep(b[cs-1]) {
		sep = b[cs-1]
	} else {
		return 0, 0, 0, false
	}
	if cs > 0 && b[cs-1] != '\n' && b[cs-1] != sep {
		return 0, 0, 0, false
	}
	if k := skipBlank(b, cs); k < h && (b[k] == '-' || b[k] == '"' && b[k+1] == '-') {
		return 0, 0, 0, false // a flag in an argument list: ["redis-server", "--requirepass", "…"]
	}
	ls := bytes.LastIndexByte(b[:cs], '\n') + 1
	le = bytes.IndexByte(b[e:], '\n')
	if le < 0 {
		return 0, 0, 0, false // no row below
	}
	le += e
	col = bytes.Count(b[ls:cs], []byte{sep})
	if col+bytes.Count(b[e:le], []byte{sep}) < 2 {
		return 0, 0, 0, false // two cells are a label and its value, no table
	}
	return col, sep, le, true
}

// columnSecrets appends the values in column col of the rows after a header
// line ending at le, up to the table's end (a blank line, a row with fewer
// cells): PINs of four to eight digits in a PIN column, values shaped like a
// password (strongShape, plainPassword) in a password column. Empty cells,
// placeholders and words ("gesetzt", "ja") are none.
func columnSecrets(b []byte, le, col int, sep byte, pin bool, seen *valueSet, dst []Finding) []Finding {
	for rs := le + 1; rs < len(b); {
		re := bytes.IndexByte(b[rs:], '\n')
		if re < 0 {
			re = len(b)
		} else {
			re += rs
		}
		row := b[rs:re]
		if len(bytes.TrimSpace(row)) == 0 || bytes.Count(row, []byte{sep}) < col {
			break
		}
		cs := rs
		for range col {
			cs += bytes.IndexByte(b[cs:re], sep) + 1
		}
		ce := bytes.IndexByte(b[cs:re], sep)
		if ce < 0 {
			ce = re
		} else {
			ce += cs
		}
		for cs < ce && (b[cs] == ' ' || b[cs] == '"') {
			cs++
		}
		for ce > cs && (b[ce-1] == ' ' || b[ce-1] == '"' || b[ce-1] == '\r') {
			ce--
		}
		v := b[cs:ce]
		if len(v) > 0 && !placeholderValue(v) {
			if pin {
				d := v
				if n := len(d); n > 4 && (d[n-1] == '#' || d[n-1] == '*') {
					d = d[:n-1]
				}
				if len(d) >= 4 && len(d) <= 8 && allDigits(d) {
					dst = seen.report(dst, cs, ce, 0.8)
				}
			} else if strongShape(v) || plainPassword(v) {
				dst = seen.report(dst, cs, ce, 0.8)
			}
		}
		rs = re + 1
	}
	return dst
}

// openerPrefixes begin the words of what a code opens or arms: a key safe,
// a locker, a door, a gate, an alarm system.
var openerPrefixes = []string{"schlüssel", "tresor", "alarm", "spind", "schließfach", "scharf", "keybox", "zahlenschloss",
	"briefkasten", "garage", "haustür", "tür", "safe"}

// openerBefore reports a word of what a code opens (openerPrefixes, a word
// ending in "tür", "Tor" alone) in the sentence before a "code" at h, on its
// line and within 100 bytes: "schlüssel liegt im spind, code …", "Alarmanlage: Scharfschalten
// mit Code …". The "Türkei", a "Motor" and a "Monitor" open nothing.
func openerBefore(l []byte, h int) bool {
	ls := max(0, h-100)
	if k := bytes.LastIndexByte(l[ls:h], '\n'); k >= 0 {
		ls += k + 1
	}
	for _, end := range [...]string{". ", "! ", "? "} {
		if k := bytes.LastIndex(l[ls:h], []byte(end)); k >= 0 {
			ls += k + len(end) // the code's own sentence
		}
	}
	for i := ls; i < h; {
		for i < h && !isLetter(l[i]) && l[i] < 0x80 {
			i++
		}
		we := i
		for we < h && (isLetter(l[we]) || l[we] >= 0x80) {
			we++
		}
		w := l[i:we]
		if string(w) == "tor" || bytes.HasSuffix(w, []byte("tür")) {
			return true
		}
		for _, p := range openerPrefixes {
			if bytes.HasPrefix(w, []byte(p)) && !bytes.HasPrefix(w, []byte("türk")) {
				return true
			}
		}
		i = we
	}
	return false
}

// openerCode returns the code after "code" ending at e: after a colon, a
// verb of being or up to three lower-case words before a colon ("stand
// dran: 4471"), four to eight digits, or two groups of digits joined by a
// hyphen ("4711-93"), a keypad's '#' after them; not a number that runs on
// into another group (a phone number: "0203 7775500").
func openerCode(b, l []byte, e int) (int, int, bool) {
	j := skipBlank(b, e)
	if j < len(b) && (b[j] == ':' || b[j] == '=') {
		j = skipBlank(b, j+1)
	} else if j < len(b) && !isDigit(b[j]) {
		k := j
		for range 3 {
			we := k
			for we < len(b) && isLowerASCII(b[we]) {
				we++
			}
			if we == k || we-k > 10 {
				return 0, 0, false
			}
			if we < len(b) && b[we] == ':' {
				k = we
				break
			}
			if we >= len(b) || b[we] != ' ' {
				return 0, 0, false
			}
			if w := string(l[k:we]); w == "ist" || w == "lautet" || w == "war" || w == "is" {
				k = we
				break
			}
			k = we + 1
		}
		if k >= len(b) || b[k] != ':' && b[k] != ' ' {
			return 0, 0, false
		}
		j = skipBlank(b, k+1)
	}
	s := j
	d1 := digitsAt(b, s) - s
	if d1 < 3 {
		return 0, 0, false
	}
	ve := s + d1
	digits := d1
	if ve+1 < len(b) && b[ve] == '-' {
		if d2 := digitsAt(b, ve+1) - (ve + 1); d2 >= 2 {
			ve += 1 + d2
			digits += d2
		}
	}
	if digits < 4 || digits > 10 || ve == s+d1 && d1 > 8 || shortNumbers[string(b[s:s+d1])] {
		return 0, 0, false
	}
	if d1 == 4 && (b[s] == '1' && b[s+1] == '9' || b[s] == '2' && b[s+1] == '0') && ve-s <= 7 {
		return 0, 0, false // a year, a year and its month ("2024-11")
	}
	if ve < len(b) && b[ve] == '#' {
		ve++
	}
	if ve < len(b) && (isAlnum(b[ve]) || b[ve] == '-' || b[ve] == '/' || (b[ve] == '.' || b[ve] == ',') && ve+1 < len(b) && isDigit(b[ve+1])) {
		return 0, 0, false
	}
	if ve+1 < len(b) && b[ve] == ' ' && isDigit(b[ve+1]) {
		return 0, 0, false // "0203 7775500": a phone number
	}
	return s, ve, true
}

// pinAfterVerb reports a PIN of four to eight digits after the colon at c
// that ends a lower-case word, a verb or participle ("geschickt: 190388",
// "lautet: 4711"), not a noun's label ("Ticketnummer: 4471223"): no year,
// no number that runs on into a date, a decimal or another group.
func pinAfterVerb(b []byte, c int) (int, int, bool) {
	if c < 2 || !isLowerASCII(b[c-1]) {
		return 0, 0, false
	}
	ws := c
	for ws > 0 && (isLetter(b[ws-1]) || b[ws-1] >= 0x80) {
		ws--
	}
	if !isLowerASCII(b[ws]) {
		return 0, 0, false
	}
	s := skipBlank(b, c+1)
	ve := digitsAt(b, s)
	if n := ve - s; n < 4 || n > 8 || n == 4 && (b[s] == '1' && b[s+1] == '9' || b[s] == '2' && b[s+1] == '0') {
		return 0, 0, false
	}
	if ve < len(b) && (isAlnum(b[ve]) || b[ve] == '-' || b[ve] == '/' || (b[ve] == '.' || b[ve] == ',' || b[ve] == ' ') && ve+1 < len(b) && isDigit(b[ve+1])) {
		return 0, 0, false
	}
	return s, ve, true
}

// envValueBelow reports a Kubernetes container's env entry whose name ends
// at e ("  - name: RIS_DB_PASSWORD") and the end of "value" on the next line
// ("    value: "Wesel-RIS!8842""), where the value's colon follows: the
// label's value is there. A valueFrom (a secretKeyRef) is no value.
func envValueBelow(l []byte, e int) (int, bool) {
	le := e
	for le < len(l) && (l[le] == ' ' || l[le] == '"' || l[le] == '\'' || l[le] == '\r') {
		le++
	}
	if le >= len(l) || l[le] != '\n' {
		return 0, false
	}
	ls := bytes.LastIndexByte(l[:e], '\n') + 1
	k := ls
	for k < e && l[k] == ' ' {
		k++
	}
	if !hasPrefixAt(l, k, "- name:") {
		return 0, false
	}
	v := le + 1
	for v < len(l) && l[v] == ' ' {
		v++
	}
	if !hasPrefixAt(l, v, "value:") {
		return 0, false
	}
	return v + len("value"), true
}

// The keyword slots of the fixed keywords and lists of this file's scans
// (Text.keyHits, Text.listHitsAt).
var (
	loginLabelsSlot = newListSlot()
	keyBasic        = newKeySlot("basic")
	keySecureString = newKeySlot("convertto-securestring")
	keyJWT          = newKeySlot("eyj")
	keyPEMBegin     = newKeySlot("-----begin")
	keyCode         = newKeySlot("code")
	keyCookie       = newKeySlot("cookie")
)
