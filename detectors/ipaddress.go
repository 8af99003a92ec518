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

var ipNegative = Context{Before: 24, Negative: []string{"version", "v.", "ver.", "oid", "release", "build", "firmware", "§"}}.Compile()

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
		if s > 0 && (isAlnum(b[s-1]) || b[s-1] == '.' || b[s-1] == '_' || b[s-1] == '-') {
			continue
		}
		if e < len(b) && (isAlnum(b[e]) || b[e] == '_' || (b[e] == '.' || b[e] == '-') && e+1 < len(b) && isDigit(b[e+1])) {
			continue
		}
		if !validOctets(b, runs[i:i+4]) {
			continue
		}
		if _, neg := ipNegative.Near(t, s, e); neg {
			continue
		}
		dst = append(dst, Finding{Type: "IP_ADDRESS", Start: s, End: e, Score: 0.95})
		i += 3
	}
	return dst
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

func isHex(c byte) bool { return isDigit(c) || c-'a' < 6 || c-'A' < 6 }

func scanIPv6(t *Text, dst []Finding) []Finding {
	b := t.Raw
	for i := 0; i < len(b); {
		k := bytes.IndexByte(b[i:], ':')
		if k < 0 {
			break
		}
		c := i + k
		s, e := c, c
		for s > 0 && c-s < 45 && (isHex(b[s-1]) || b[s-1] == ':' || b[s-1] == '.') {
			s--
		}
		for e < len(b) && e-c < 45 && (isHex(b[e]) || b[e] == ':' || b[e] == '.') {
			e++
		}
		i = e + 1
		for e > s && (b[e-1] == '.' || b[e-1] == ':' && !(e-2 >= s && b[e-2] == ':')) {
			e--
		}
		if e-s < 3 || bytes.Count(b[s:e], []byte(":")) < 2 || indexDigit(b[s:e]) < 0 {
			continue
		}
		if s > 0 && (isAlnum(b[s-1]) || b[s-1] == '_') || e < len(b) && (isAlnum(b[e]) || b[e] == '_') {
			continue
		}
		a, err := netip.ParseAddr(string(b[s:e]))
		if err != nil || !a.Is6() {
			continue
		}
		dst = append(dst, Finding{Type: "IP_ADDRESS", Start: s, End: e, Score: 0.95})
	}
	return dst
}
