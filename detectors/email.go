package detectors

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// emailDetector finds e-mail addresses (local@domain), IDN domains included,
// and addresses written against spam harvesters with "(at)" or "[at]" for
// the "@" and perhaps "(dot)" or "[dot]" for a dot (spelledAddress).
type emailDetector struct{}

var _ Detector = emailDetector{}

func (emailDetector) Type() string       { return "EMAIL" }
func (emailDetector) Keywords() []string { return []string{"@", "(at)", "[at]"} }

func isLocalByte(c byte) bool {
	if isAlnum(c) || c >= 0x80 {
		return true
	}
	switch c {
	case '.', '!', '#', '$', '%', '&', '\'', '*', '+', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~', '-':
		return true
	}
	return false
}

func isDomainByte(c byte) bool { return isAlnum(c) || c == '-' || c == '.' || c >= 0x80 }

func (emailDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	for i := 0; i < len(b); {
		at := t.nextByte('@', i)
		if at < 0 {
			break
		}
		i = at + 1
		// Local part, at most 64 bytes back.
		s := at
		for s > 0 && at-s < 64 && isLocalByte(b[s-1]) {
			s--
		}
		if s > 0 && at-s == 64 && isLocalByte(b[s-1]) {
			continue
		}
		for s < at && (b[s] == '.' || b[s] >= 0x80 && !utf8Start(b, s)) {
			s++
		}
		// Quotes and slashes around the address belong to the surrounding text,
		// and so do a URL's path and query parameter before it
		// ("…/kontakt?to=info@…"): local parts with '/', '?' or '&' are legal
		// but not in use.
		for k := at - 1; k >= s; k-- {
			if c := b[k]; c == '/' || c == '?' || c == '&' {
				s = k + 1
				if q := bytes.IndexByte(b[s:at], '='); q >= 0 && c != '/' {
					s += q + 1
				}
				break
			}
		}
		for s < at && (b[s] == '\'' || b[s] == '`' || b[s] == '|') {
			s++
		}
		s = afterEnvKey(b, s, at)
		if messageIDKey(t.Lower(), s) {
			continue // "message-id=<CAF8x2+Yp9Qw@mail.gmail.com>": a mail's identifier, no mailbox
		}
		// a local part ending in '=' is a config key with an empty value
		// before a domain identity (strongSwan "leftid=@vpn.example.de")
		if s >= at || b[at-1] == '.' || b[at-1] == '=' || urlUserinfo(b, at) {
			continue
		}
		if bytes.Contains(b[s:at], []byte("**")) {
			continue // "k.***@gmx.net": an address masked already, no mailbox left to name
		}
		// Domain, at most 253 bytes.
		e := at + 1
		for e < len(b) && e-at <= 253 && isDomainByte(b[e]) {
			e++
		}
		// Trim trailing dots and hyphens, and an incomplete UTF-8 sequence.
		for e > at+1 && (b[e-1] == '.' || b[e-1] == '-') {
			e--
		}
		e = trimRuneEnd(b, at+1, e)
		dom := b[at+1 : e]
		if !validDomain(dom) {
			continue
		}
		dst = append(dst, Finding{Type: "EMAIL", Start: s, End: e, Score: 0.99})
		i = e
	}
	for _, hits := range t.listHitsAt(spelledAtSlot, spelledAt[:]) {
		for _, h := range hits {
			if s, e, ok := spelledAddress(b, t.Lower(), h); ok {
				dst = append(dst, Finding{Type: "EMAIL", Start: s, End: e, Score: 0.95})
			}
		}
	}
	return dst
}

// spelledAt and spelledDot are the "@" and the dot as an address written
// against spam harvesters spells them ("anna.schmidt(at)stadt-koeln.de",
// "a.schmidt [at] kreis-xy [dot] de"), as web pages and signatures copied
// from them do.
var (
	spelledAt  = [...]string{"(at)", "[at]"}
	spelledDot = [...]string{"(dot)", "[dot]", "(punkt)", "[punkt]"}
)

// spelledAddress reads the address around a spelled "@" at h (spelledAt):
// a local part right before it, and a domain after it of two or more
// labels joined by dots or spelled dots (spelledDot), with a top-level
// label of letters (validDomain). One blank may stand on each side of the
// spelled "@" and of a spelled dot. "Wien (AT)" or "Preis (at) Kasse" have
// no domain and are none.
func spelledAddress(b, low []byte, h int) (s, e int, ok bool) {
	m := h
	if m > 0 && b[m-1] == ' ' {
		m--
	}
	s = m
	for s > 0 && m-s < 64 && isLocalByte(b[s-1]) && b[s-1] != '/' && b[s-1] != '=' && b[s-1] != '|' {
		s--
	}
	for s < m && (b[s] == '.' || b[s] == '\'' || b[s] == '`') {
		s++
	}
	if s >= m || b[m-1] == '.' {
		return 0, 0, false
	}
	k := h + len("(at)")
	if k < len(b) && b[k] == ' ' {
		k++
	}
	var dom [253]byte
	n, labels, spelled := 0, 0, false
	for d := k; ; {
		l := d
		for l < len(b) && l-d <= 63 && isDomainByte(b[l]) && b[l] != '.' {
			l++
		}
		if l == d || n+(l-d)+1 > len(dom) {
			break
		}
		n += copy(dom[n:], b[d:l])
		labels++
		e = l // the span ends where the last label ends in the text
		// a dot, or a spelled dot with a blank on either side
		if l+1 < len(b) && b[l] == '.' && isDomainByte(b[l+1]) && b[l+1] != '.' {
			dom[n] = '.'
			n++
			d = l + 1
			continue
		}
		if l < len(b) && b[l] == ' ' {
			l++
		}
		dotLen := 0
		for _, sd := range spelledDot {
			if hasPrefixAt(low, l, sd) {
				dotLen = len(sd)
				break
			}
		}
		if dotLen == 0 {
			break
		}
		d = l + dotLen
		spelled = true
		if d < len(b) && b[d] == ' ' {
			d++
		}
		dom[n] = '.'
		n++
	}
	if labels < 2 {
		return 0, 0, false
	}
	if e = trimRuneEnd(b, k, e); e <= k || b[e-1] == '-' {
		return 0, 0, false
	}
	if (m < h || k > h+len("(at)")) && b[h+1] == 'A' && !spelled {
		return 0, 0, false // "Graz (AT) www.graz.at": a country's code before a web address
	}
	if n > 0 && dom[n-1] == '.' {
		n-- // a spelled dot with no label after it
	}
	if !validDomain(dom[:n]) {
		return 0, 0, false
	}
	return s, e, true
}

// messageIDKeys name a mail's identifier in logs and headers; the value
// has an address's shape but names no mailbox.
var messageIDKeys = [...]string{"message-id", "msgid", "in-reply-to", "references"}

// messageIDKey reports one of messageIDKeys right before s: "message-id=<",
// "Message-ID: <", "msgid=".
func messageIDKey(l []byte, s int) bool {
	if c := l[s]; c == 'm' || c == 'i' || c == 'r' {
		for _, key := range messageIDKeys {
			if hasPrefixAt(l, s, key) && s+len(key) < len(l) && l[s+len(key)] == '=' {
				return true // the key inside the local part: "msgid=x9@…"
			}
		}
	}
	k := s
	if k == 0 || l[k-1] != '<' && l[k-1] != ' ' && l[k-1] != '=' && l[k-1] != ':' {
		return false // cheap first: no key's punctuation before the address
	}
	if k > 0 && l[k-1] == '<' {
		k--
	}
	if k > 0 && l[k-1] == ' ' {
		k--
	}
	if k == 0 || l[k-1] != '=' && l[k-1] != ':' {
		return false
	}
	k--
	for _, key := range messageIDKeys {
		if k >= len(key) && string(l[k-len(key):k]) == key {
			return true
		}
	}
	return false
}

// urlUserinfo reports whether the '@' at at ends the user part of a URL
// ("https://x-access-token:ghp_…@github.com/…", "ftp://user@host"): that is
// a user name and perhaps a password (SECRET), not an e-mail address.
func urlUserinfo(b []byte, at int) bool {
	for k := at - 1; k >= 2 && at-k <= 256; k-- {
		switch c := b[k]; {
		case c == '/':
			return b[k-1] == '/' && b[k-2] == ':'
		case c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '(' || c == ')':
			return false
		}
	}
	return false
}

// validDomain requires two or more non-empty labels, no label starting or
// ending with '-', a top-level label of letters (or IDN / xn--), and valid
// UTF-8: a stray byte of a broken character is no IDN letter.
func validDomain(d []byte) bool {
	if len(d) < 4 || bytes.Contains(d, []byte("..")) || !utf8.Valid(d) {
		return false
	}
	dot := bytes.LastIndexByte(d, '.')
	if dot <= 0 || dot == len(d)-1 {
		return false
	}
	for _, lab := range bytes.Split(d, []byte(".")) {
		if len(lab) == 0 || len(lab) > 63 || lab[0] == '-' || lab[len(lab)-1] == '-' {
			return false
		}
	}
	tld := d[dot+1:]
	if len(tld) < 2 {
		return false
	}
	if bytes.HasPrefix(tld, []byte("xn--")) {
		return true
	}
	for _, c := range tld {
		if !isLetter(c) && c < 0x80 {
			return false
		}
	}
	return true
}

// afterEnvKey skips a configuration or log key before the address
// ("ADMIN_MAIL=", "SMTP_FROM=", "mail.from=", "user=", a diff's
// "+ADMIN_MAIL=" at its line's start): an "=" in the local
// part after a key in upper case, with '_' or '.', or a lower-case key word
// of logs (logKeys). The key is a label, not part of the address; any other
// "=" ("lower=case@…") may belong to the local part.
func afterEnvKey(b []byte, s, at int) int {
	eq := bytes.IndexByte(b[s:at], '=')
	if eq <= 0 || s+eq+1 >= at {
		return s
	}
	key := b[s : s+eq]
	if (key[0] == '+' || key[0] == '-') && (s == 0 || b[s-1] == '\n') && len(key) > 1 {
		key = key[1:] // a git diff's line added or removed: "+ADMIN_MAIL=it@…"
	}
	upper, marked := true, false
	for _, c := range key {
		switch {
		case c == '_' || c == '.':
			marked = true
		case c >= 'a' && c <= 'z':
			upper = false
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-':
		default:
			return s
		}
	}
	if upper || marked || logKeys[strings.ToLower(string(key))] || kvPairBefore(b, s) {
		return s + eq + 1
	}
	return s
}

// kvPairBefore reports whether the line before s, which starts after a blank,
// holds a key=value field of its own ("… user=400118723 notify=a@b.de",
// "reason=x notify=…"): in a log line of such fields any lower-case word
// before '=' is a key, not the start of a local part.
func kvPairBefore(b []byte, s int) bool {
	if s == 0 || b[s-1] != ' ' && b[s-1] != '\t' {
		return false
	}
	for k := s - 2; k > 0 && b[k] != '\n'; k-- {
		if b[k] == '=' && isAlnum(b[k-1]) && k+1 < len(b) && b[k+1] != ' ' && b[k+1] != '=' && b[k-1] != '=' {
			j := k - 1
			for j > 0 && (isAlnum(b[j-1]) || b[j-1] == '_' || b[j-1] == '-' || b[j-1] == '.') {
				j--
			}
			if j == 0 || b[j-1] == ' ' || b[j-1] == '\t' {
				return true
			}
		}
	}
	return false
}

// logKeys are lower-case keys of log lines and configs before an address.
var logKeys = map[string]bool{"user": true, "username": true, "login": true, "uid": true, "from": true, "to": true,
	"cc": true, "bcc": true, "mail": true, "email": true, "e-mail": true, "sender": true, "recipient": true,
	"rcpt": true, "account": true, "addr": true, "address": true, "owner": true, "contact": true, "reply-to": true,
	"benutzer": true, "absender": true, "empfaenger": true, "empfänger": true, "kennung": true, "principal": true}

// spelledAtSlot is Scan's list slot of spelledAt (Text.listHitsAt).
var spelledAtSlot = newListSlot()
