package detectors

import (
	"bytes"
	"net/netip"
)

// ipAddressDetector finds IPv4 and IPv6 addresses by strict parsing. A port
// or CIDR suffix stays outside the span; version numbers, OIDs, times and
// MAC addresses are not addresses.
type ipAddressDetector struct{}

var _ Detector = ipAddressDetector{}

func (ipAddressDetector) Type() string { return "IP_ADDRESS" }
func (ipAddressDetector) Keywords() []string {
	return append([]string{":"}, DigitKeywords...)
}

// ipNegative words on the address's own line say it is a version number
// ("version 5.12.3.1", "(build 2024.1.0.3)"); "building" and a version on
// the next line do not.
var ipNegative = Context{Before: 24, Negative: []string{"version", "v.", "ver.", "oid", "release", "build ", "build:", "firmware", "§"}}.Compile()

// ipVersionWord reports a negative word within 24 bytes of [s, e) on its line.
// A closing bracket after the number ends its aside: the version word beyond
// it names the next item ("(10.8.2.21, 10.8.2.22), Version 4.11.0").
func ipVersionWord(t *Text, s, e int) bool {
	after := t.After(e, 24)
	if k := bytes.IndexAny(after, "\n)"); k >= 0 {
		after = after[:k]
	}
	_, neg := ipNegative.m.find(t.LineBefore(s, 24), after)
	return neg
}

// versionColumn reports a table cell [s, e) under a header that names a
// version ("| OS / Firmware |", "Version", "Release", "Build"): an
// inventory's firmware "10.1.11.3" is no address. A header that names an
// address too ("IP / Firmware") does not count.
func versionColumn(b []byte, s, e int) bool {
	hs, he, ok := columnHeader(b, s, e)
	if !ok {
		return false
	}
	h := bytes.ToLower(b[hs:he])
	if bytes.Contains(h, []byte("ip")) || bytes.Contains(h, []byte("adresse")) || bytes.Contains(h, []byte("address")) {
		return false
	}
	for _, w := range [...]string{"firmware", "version", "release", "build", "software", "os /", "betriebssystem"} {
		if bytes.Contains(h, []byte(w)) {
			return true
		}
	}
	return false
}

// softwareWords name software whose version the number right after them is
// ("Treiber 5.4.0.1", "BIOS 1.18.0.2"); unlike the version words above they
// count only directly before the number, as a device list names the host
// next to them ("Treiber 5.4.0.1, Host 10.60.14.104").
var softwareWords = map[string]bool{"treiber": true, "driver": true, "bios": true, "patch": true, "fw": true,
	"agent": true, "kb": true, "update": true, "stand": true}

func softwareBefore(t *Text, s int) bool {
	ps, pe := prevWord(t.Raw, s)
	if pe-ps <= 8 && pe > ps && softwareWords[string(t.Lower()[ps:pe])] {
		return true
	}
	if pe == s-1 && pe-ps > 8 {
		// a compound of a driver or BIOS: "Treiberpaket 7.1.0.45", "Druckertreiber 5.4.0.1", "BIOS-Version"
		w := t.Lower()[ps:pe]
		for _, p := range [...]string{"treiber", "driver", "bios"} {
			if bytes.HasPrefix(w, []byte(p)) || bytes.HasSuffix(w, []byte(p)) {
				return true
			}
		}
	}
	// "Firmware der Drucker steht auf 2.10.4.11", "Update auf 2.11.0.3":
	// a version a software word on the line is set to
	if w := string(t.Lower()[ps:pe]); pe != s-1 || w != "auf" && w != "to" {
		return false
	}
	before := t.LineBefore(ps, 48)
	for _, a := range [...]string{"ip von ", "adresse von ", "ip from ", "address from "} {
		if bytes.Contains(before, []byte(a)) {
			return false // "IP von 10.0.0.12 auf 10.0.0.14 geändert": an address moved to another
		}
	}
	for _, v := range versionTargets {
		if bytes.Contains(before, []byte(v)) {
			return true
		}
	}
	return false
}

// versionFrom reports the version a software word on the line is updated
// from: "von" or "from" before it, "auf" or "to" and another number after it
// ("Update Fachverfahren OK.EWO von 8.12.0.4 auf 8.14.1.0", "upgrade from
// 10.2.0.1 to 10.4.0.0").
func versionFrom(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	ps, pe := prevWord(raw, s)
	if w := string(low[ps:pe]); pe != s-1 || w != "von" && w != "from" {
		return false
	}
	if qs, qe := prevWord(low, ps); qe == ps-1 && qe > qs {
		switch string(low[qs:qe]) {
		case "ip", "adresse", "ip-adresse", "address", "ip-address", "host", "gateway":
			return false // "IP von 10.0.0.12 auf 10.0.0.14 geändert": an address moved, whatever the line updates
		}
	}
	k := -1
	for _, a := range [...]string{" auf ", " to "} {
		if hasPrefixAt(low, e, a) {
			k = e + len(a)
		}
	}
	if k < 0 || k >= len(raw) || !isDigit(raw[k]) {
		return false
	}
	before := t.LineBefore(ps, 48)
	for _, v := range versionTargets {
		if bytes.Contains(before, []byte(v)) {
			return true
		}
	}
	return false
}

// versionTargets name software whose version a number after "auf"/"to"
// later on the line is.
var versionTargets = [...]string{"firmware", "version", "update", "upgrade", "release", "patch", "treiber", "bios"}

// sectionWords number the sections of a fee schedule, a law or a document
// ("Tarifstelle 2.4.1.1", "Ziffer 3.1.2.4"): a dotted number of small parts
// right after them is no address.
var sectionWords = map[string]bool{"tarifstelle": true, "tarifstellen": true, "tarif-nr.": true, "tarifnummer": true,
	"ziffer": true, "ziff.": true, "abschnitt": true, "kapitel": true, "gliederungspunkt": true,
	"tz.": true, "rn.": true, "randnummer": true, "gebührenziffer": true, "gebührennummer": true}

// sectionNumber reports a section number at [s, e): a section word right
// before it and no part above 99, or a budget word before it.
func sectionNumber(t *Text, s, e int, runs []Span) bool {
	ps, pe := prevWord(t.Raw, s)
	if pe-ps <= 16 && pe > ps && budgetWords[string(t.Lower()[ps:pe])] {
		return true
	}
	for _, r := range runs {
		if r.End-r.Start > 2 {
			return false
		}
	}
	return pe-ps <= 16 && pe > ps && sectionWords[string(t.Lower()[ps:pe])]
}

// budgetWords name a budget position ("Haushaltsstelle 6.1.1.30",
// "Produkt 16.01.01"): a dotted number right after them is no address,
// whatever the size of its parts.
var budgetWords = map[string]bool{"haushaltsstelle": true, "haushaltsstellen": true, "hhst.": true, "hhst": true,
	"hh-stelle": true, "produkt": true, "produktnummer": true, "kostenstelle": true, "kostenträger": true,
	"sachkonto": true, "buchungsstelle": true, "finanzposition": true, "teilhaushalt": true}

// productVersion reports a version after a product token of a user agent
// ("Chrome/131.0.0.0", "Edg/131.0.2903.86"): a slash right after a letter.
func productVersion(b []byte, s int) bool {
	return s >= 2 && b[s-1] == '/' && isLetter(b[s-2])
}

func (ipAddressDetector) Scan(t *Text, dst []Finding) []Finding {
	dst = scanIPv4(t, dst)
	return scanIPv6(t, dst)
}

func scanIPv4(t *Text, dst []Finding) []Finding {
	b := t.Raw
	runs := t.DigitRuns()
	for i := 0; i+3 < len(runs); i++ {
		r0 := runs[i]
		ok := true
		for k := 0; k < 3; k++ {
			if runs[i+k+1].Start != runs[i+k].End+1 || b[runs[i+k].End] != '.' {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		s, e := r0.Start, runs[i+3].End
		// an ellipsis before it is no dotted prefix: "192.0.2.10[vpn]...203.0.113.77"
		if s > 0 && (isAlnum(b[s-1]) || b[s-1] == '.' && !(s > 1 && b[s-2] == '.') || b[s-1] == '_' || b[s-1] == '-') {
			continue
		}
		if e < len(b) && (isAlnum(b[e]) || b[e] == '_' || (b[e] == '.' || b[e] == '-') && e+1 < len(b) && isDigit(b[e+1])) {
			continue
		}
		if e+1 < len(b) && b[e] == ':' && b[e+1] == ':' {
			continue // "10.8.10.5::0" is no address of either kind (strict parse)
		}
		if v6Prefix(b, s) {
			continue // the tail of an IPv6 address (::ffff:192.0.2.1): scanIPv6 takes it whole
		}
		if !validOctets(b, runs[i:i+4]) {
			continue
		}
		if netmask(b, runs[i:i+4]) {
			continue // "netmask 255.255.255.0", "/ 255.255.252.0": a mask names no host
		}
		if !netWordBefore(t, s) && (ipVersionWord(t, s, e) || versionListed(b, s, e) || versionColumn(b, s, e)) ||
			!movedFromAddress(b, dst, s) && (softwareBefore(t, s) || versionFrom(t, s, e)) || productVersion(b, s) || sectionNumber(t, s, e, runs[i:i+4]) {
			continue
		}
		dst = append(dst, Finding{Type: "IP_ADDRESS", Start: s, End: e, Score: 0.95})
		i += 3
	}
	return dst
}

// movedFromAddress reports the number at s after "auf" or "to" right after
// the address found last ("Update des Servers 10.0.0.12 auf 10.0.0.14"):
// what an address moves to is an address, whatever software word the line
// holds. Without it the number was a version while the address before it
// stood as written and an address once that one was replaced by a longer
// placeholder, which pushed the software word out of the window.
func movedFromAddress(b []byte, dst []Finding, s int) bool {
	if len(dst) == 0 || dst[len(dst)-1].Type != "IP_ADDRESS" {
		return false
	}
	gap := b[dst[len(dst)-1].End:s]
	return len(gap) <= 6 && (bytes.EqualFold(bytes.TrimSpace(gap), []byte("auf")) || bytes.EqualFold(bytes.TrimSpace(gap), []byte("to"))) &&
		len(bytes.TrimSpace(gap)) < len(gap)-1
}

func validOctets(b []byte, runs []Span) bool {
	for _, r := range runs {
		n := r.End - r.Start
		if n > 3 || n > 1 && b[r.Start] == '0' {
			return false
		}
		v := 0
		for _, c := range b[r.Start:r.End] {
			v = v*10 + int(c-'0')
		}
		if v > 255 {
			return false
		}
	}
	return true
}

// netmask reports whether the four (valid) octets are a subnet mask that
// starts with 255: ones from the left, then zeros (255.255.255.0,
// 255.255.252.0, 255.255.255.252, 255.255.255.255). Such a quad addresses
// no host; 255.0.2.1 or 255.255.0.255 are not masks and stay addresses.
func netmask(b []byte, runs []Span) bool {
	var m uint32
	for _, r := range runs {
		v := uint32(0)
		for _, c := range b[r.Start:r.End] {
			v = v*10 + uint32(c-'0')
		}
		m = m<<8 | v
	}
	if m>>24 != 255 {
		return false
	}
	inv := ^m
	return inv&(inv+1) == 0 // the zeros are a run at the right end
}

func isHex(c byte) bool { return isDigit(c) || c-'a' < 6 || c-'A' < 6 }

func scanIPv6(t *Text, dst []Finding) []Finding {
	b := t.Raw
	for i := 0; i < len(b); {
		c := t.nextByte(':', i)
		if c < 0 {
			break
		}
		s, e := c, c
		for s > 0 && c-s < 45 && (isHex(b[s-1]) || b[s-1] == ':' || b[s-1] == '.') {
			s--
		}
		for e < len(b) && e-c < 45 && (isHex(b[e]) || b[e] == ':' || b[e] == '.') {
			e++
		}
		i = e + 1
		end := e
		for e > s && (b[e-1] == '.' || b[e-1] == ':' && !(e-2 >= s && b[e-2] == ':')) {
			e--
		}
		if tail := b[e:end]; bytes.Count(tail, []byte(".")) > 1 || bytes.IndexByte(tail, '.') >= 0 && bytes.IndexByte(tail, ':') >= 0 {
			continue // "::0..", "::0.:": a token cut off, not an address before a full stop or a colon
		}
		if e-s < 3 || bytes.Count(b[s:e], []byte(":")) < 2 || indexDigit(b[s:e]) < 0 {
			continue
		}
		if s > 0 && (isAlnum(b[s-1]) || b[s-1] == '_') || e < len(b) && (isAlnum(b[e]) || b[e] == '_') {
			continue
		}
		if byteString(b[s:e]) {
			continue // a certificate serial or fingerprint in hex pairs (4A:9F:12:CC:08:71:3B:E2)
		}
		a, err := netip.ParseAddr(string(b[s:e]))
		if err != nil || !a.Is6() {
			continue
		}
		dst = append(dst, Finding{Type: "IP_ADDRESS", Start: s, End: e, Score: 0.95})
	}
	return dst
}

// byteString reports hex pairs joined by single colons, six pairs or more
// and no "::": a serial number, a fingerprint or a MAC address, not an
// IPv6 address.
func byteString(v []byte) bool {
	if len(v)%3 != 2 || len(v) < 17 {
		return false
	}
	for i := 2; i < len(v); i += 3 {
		if v[i] != ':' || v[i-1] == ':' || v[i-2] == ':' {
			return false
		}
	}
	return true
}

// netWords on an address's line say it is an address (Server 10.0.0.5,
// PostgreSQL 15.6), however many version numbers stand around it.
var netWords = map[string]bool{"ip": true, "ipv4": true, "adresse": true, "address": true, "addr": true,
	"host": true, "hostname": true, "server": true, "netz": true, "subnetz": true, "subnet": true, "gateway": true, "dns": true,
	"ping": true, "port": true, "vlan": true, "dhcp": true, "router": true, "firewall": true, "proxy": true, "client": true,
	"src": true, "dst": true, "from": true, "von": true, "nach": true, "ziel": true, "quelle": true, "inet": true, "nameserver": true,
	"vpn": true, "route": true, "routes": true, "tunnel": true, "peer": true, "node": true, "pod": true, "cluster": true,
	"interface": true, "lan": true, "wlan": true, "netmask": true, "mask": true, "nat": true, "ssh": true, "rdp": true,
	"http": true, "https": true, "url": true, "remote": true, "listen": true, "bind": true, "upstream": true, "endpoint": true,
	"rechner": true, "drucker": true, "pc": true, "runner": true, "hosted": true, "vm": true, "instance": true,
	"instanz": true, "container": true, "worker": true, "switch": true, "ap": true, "netzwerk": true, "network": true,
	"forwarded": true, "relay": true, "smtp": true, "imap": true, "ldap": true, "helo": true, "ehlo": true}

// netWordBefore reports a word of netWords (or "gw", a gateway) right
// before the number at s, or "on"/"auf" after one: the line names this
// number an address, whatever version or firmware it names beside it
// ("local address 192.168.178.34, client version 7.2.4.0972", "firmware
// 3.12.4 on gw 10.44.12.9").
func netWordBefore(t *Text, s int) bool {
	ps, pe := prevWord(t.Raw, s)
	if pe != s-1 || pe-ps > 12 || pe <= ps {
		return false
	}
	switch w := string(t.Lower()[ps:pe]); w {
	case "von", "from", "nach", "ziel", "quelle", "client", "proxy", "server", "agent":
		return false // "Update von 8.12.0.4 auf …", "Client 5.12.3.1 Version": a version's move, a program's version
	default:
		return netWords[w] || w == "gw"
	}
}

// versionListed reports a four-part number in a list of software versions:
// neither its line nor anything else says network, and its line or the one
// before or after holds another version number (PostgreSQL 15.6, 3.0.13,
// Build 2024.11.0317) — "VOIS|MESO 6.12.0.4" in an inventory.
func versionListed(b []byte, s, e int) bool {
	if e < len(b) && (b[e] == '/' || b[e] == ':') && e+1 < len(b) && isDigit(b[e+1]) {
		return false // a CIDR suffix or a port
	}
	if (s == 0 || b[s-1] == '\n') && hasPrefixAt(b, e, " - ") {
		return false // the client of a web server's access log: "185.220.101.47 - - [29/Nov/2026:02:17:11 +0100] …"
	}
	// a list's neighbours stand close by: 120 bytes each way at most, so
	// that an address in long prose costs no more than that; a line that
	// reaches that far needs no look at the line before or after it
	ls, le := lineAround(b, s, e)
	ps, pe := ls, le
	if ls > 0 && ls > s-120 {
		ps, _ = lineAround(b, ls-1, ls-1)
	}
	if le < len(b) && le < e+120 {
		_, pe = lineAround(b, le+1, le+1)
	}
	ps, pe = max(ps, s-120), min(pe, e+120)
	// the rare version number first; the words only then
	return (hasVersion(b[ps:s]) || hasVersion(b[e:pe])) && !hasNetWord(b, ls, le) && !netColumn(b, ls, s)
}

// netColumn reports an address in a table column whose header says network
// ("| Hostname | IP | OS / Firmware |", "Name;IP-Adresse;Version"): the
// cells are separated by '|', ';' or tabs, and the header is the first of
// at most 64 lines above that hold the separator.
func netColumn(b []byte, ls, s int) bool {
	var sep byte
	for _, c := range [...]byte{'|', '\t', ';'} {
		if bytes.IndexByte(b[ls:s], c) >= 0 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return false
	}
	col := bytes.Count(b[ls:s], []byte{sep})
	hs := ls
	for range 64 {
		if hs == 0 {
			break
		}
		p := bytes.LastIndexByte(b[:hs-1], '\n') + 1
		if bytes.IndexByte(b[p:hs-1], sep) < 0 {
			break
		}
		hs = p
	}
	if hs == ls {
		return false
	}
	he := len(b)
	if i := bytes.IndexByte(b[hs:], '\n'); i >= 0 {
		he = hs + i
	} // a header with no line break after it (the text's one line) runs to the end
	for k := 0; k < col; k++ {
		i := bytes.IndexByte(b[hs:he], sep)
		if i < 0 {
			return false
		}
		hs += i + 1
	}
	if i := bytes.IndexByte(b[hs:he], sep); i >= 0 {
		he = hs + i
	}
	return hasNetWord(b, hs, he)
}

// lineAround returns the line holding [s, e), at most 200 bytes each way.
func lineAround(b []byte, s, e int) (int, int) {
	ls := max(0, s-200)
	if k := bytes.LastIndexByte(b[ls:s], '\n'); k >= 0 {
		ls += k + 1
	}
	le := min(len(b), e+200)
	if k := bytes.IndexByte(b[e:le], '\n'); k >= 0 {
		le = e + k
	}
	return ls, le
}

func hasNetWord(b []byte, ls, le int) bool {
	var buf [16]byte
	for i := ls; i < le; {
		if !isLetter(b[i]) {
			i++
			continue
		}
		if end := pseudonymAround(b, i); end > i {
			i = end // "[IP_ADDRESS_1]" is a redacted value, not the word IP
			continue
		}
		// a camelCase key is words of its own: "clientIp", "remoteAddr"
		j := i + 1
		for j < le && (isLetter(b[j]) || isDigit(b[j])) && !(isUpper(b[j]) && isLowerASCII(b[j-1])) {
			j++
		}
		if j-i <= len(buf) && netWords[string(lowerInto(buf[:j-i], b[i:j]))] {
			return true
		}
		i = j
	}
	return false
}

// hasVersion reports a dotted version number of two or three parts in b: not
// a date (12.03.2025, 15.6.), not an amount (3.812,44), not part of an address.
func hasVersion(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if !isDigit(b[i]) {
			j := indexDigit(b[i:])
			if j < 0 {
				return false
			}
			i += j
		}
		if i > 0 && (isDigit(b[i-1]) || b[i-1] == '.') {
			continue
		}
		var parts [4]int // digit counts
		n, k := 0, i
		for n < 4 {
			d := digitsAt(b, k) - k
			if d == 0 || d > 4 {
				n = -1
				break
			}
			parts[n] = d
			n++
			k += d
			if k+1 < len(b) && b[k] == '.' && isDigit(b[k+1]) {
				k++
				continue
			}
			break
		}
		if n < 2 || n > 3 || k < len(b) && (b[k] == '.' || b[k] == ',' && k+1 < len(b) && isDigit(b[k+1])) {
			continue
		}
		if n == 2 && parts[1] == 3 || n == 3 && parts[0] <= 2 && parts[1] <= 2 && (parts[2] == 4 || parts[2] == 2) {
			continue // 3.812 (thousands), 12.03.2025 / 12.03.25 (dates)
		}
		if n == 2 && measured(b, i, k) {
			continue // a measured value: "24.90 EUR", "-1.42 m NHN", "conf=0.91"
		}
		return true
	}
	return false
}

// measured reports a decimal at [i, k) that a log line measures, no
// version: a sign or a key's '=' before it ("-1.42", "conf=0.91"), or a
// unit after a blank ("24.90 EUR", "2.31 m NHN", "7.5 %").
func measured(b []byte, i, k int) bool {
	if i > 0 && (b[i-1] == '=' || b[i-1] == '-' && (i == 1 || b[i-2] == ' ')) {
		return true
	}
	if k+1 >= len(b) || b[k] != ' ' {
		return false
	}
	u := k + 1
	ue := u
	for ue < len(b) && ue-u < 4 && b[ue] != ' ' && b[ue] != '\n' && b[ue] != ',' && b[ue] != ';' && b[ue] != ')' {
		ue++
	}
	for _, unit := range measureUnits {
		if bytes.EqualFold(b[u:ue], []byte(unit)) {
			return true
		}
	}
	return false
}

// measureUnits are the units after a measured decimal (measured), compared
// without case and without a lower-cased copy.
var measureUnits = [...]string{"m", "cm", "mm", "km", "eur", "€", "%", "kg", "t", "l", "kwh", "mwh", "kw", "°c", "h", "ms", "s", "min", "mb", "gb", "bar", "v", "a"}

// v6Prefix reports whether the IPv4 digits at s end an IPv6 token: hex
// digits and at least two colons right before them (::ffff:, 0::).
func v6Prefix(b []byte, s int) bool {
	if s == 0 || b[s-1] != ':' {
		return false
	}
	k, colons := s, 0
	for k > 0 && s-k < 40 && (isHex(b[k-1]) || b[k-1] == ':') {
		k--
		if b[k] == ':' {
			colons++
		}
	}
	return colons >= 2
}

// pseudonymAround returns the end of the placeholder that the word at i is
// part of (the line may start inside it), or i.
func pseudonymAround(b []byte, i int) int {
	k := i
	for k > 0 && i-k < 40 && (isUpper(b[k-1]) || isDigit(b[k-1]) || b[k-1] == '_') {
		k--
	}
	if k > 0 && b[k-1] == '[' {
		if n := pseudonymLen(b[k-1:]); n > 0 && k-1+n > i {
			return k - 1 + n
		}
	}
	return i
}

// pseudonymLen returns the length of the placeholder that b starts with
// ("[IP_ADDRESS_1]", "[PERSON_12]": upper-case letters and underscores, an
// underscore and digits, in brackets), or 0.
func pseudonymLen(b []byte) int {
	j := bytes.IndexByte(b[:min(len(b), 40)], ']')
	if j < 4 || !isUpper(b[1]) {
		return 0
	}
	in := b[1:j]
	u := bytes.LastIndexByte(in, '_')
	if u <= 0 || u == len(in)-1 {
		return 0
	}
	for i, c := range in {
		if i < u && !(isUpper(c) || c == '_') || i > u && !isDigit(c) {
			return 0
		}
	}
	return j + 1
}
