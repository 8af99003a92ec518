package audit

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// decode appends the record of a queued journal line to batch. Log wrote
// the line with appendRecordJSON, so decodeLine reads it without
// reflection, its strings substrings of line (no copy); a line it does not
// expect (a string with an escape, say) is read by encoding/json. An error
// is a bug: the caller fails the log closed and keeps the journal.
func decode(batch []Record, line string) ([]Record, error) {
	batch = append(batch, Record{})
	r := &batch[len(batch)-1]
	if decodeLine(line, r) {
		return batch, nil
	}
	*r = Record{}
	if err := json.Unmarshal([]byte(line), r); err != nil {
		return batch[:len(batch)-1], fmt.Errorf("audit: decode queued record: %w", err)
	}
	return batch, nil
}

// decodeLine reads a line in exactly the layout appendRecordJSON writes
// (fields in declaration order, empty optional fields left out) into r,
// which must be zero, and reports false if the line is not so, or has a
// string with an escape sequence. FuzzJournalLine checks that it agrees
// with encoding/json.
func decodeLine(line string, r *Record) bool {
	p := lineParser{s: line}
	var ts string
	ok := p.key(`{"seq":`) && p.int(&r.Seq) &&
		p.key(`,"time":`) && p.str(&ts) &&
		p.key(`,"request_id":`) && p.str(&r.RequestID) &&
		p.key(`,"node":`) && p.str(&r.Node) &&
		p.key(`,"user":`) && p.str(&r.User) &&
		p.list(`,"groups":`, &r.Groups) &&
		p.key(`,"service_id":`) && p.str(&r.ServiceID) &&
		p.key(`,"host":`) && p.str(&r.Host) &&
		p.key(`,"path":`) && p.str(&r.Path) &&
		p.key(`,"action":`) && p.str(&r.Action) &&
		p.list(`,"rules":`, &r.Rules) &&
		p.findings(&r.Findings) &&
		p.list(`,"fingerprints":`, &r.Fingerprints) &&
		(!p.key(`,"justification":`) || p.str(&r.Justification)) &&
		p.key(`,"bytes":`) && p.int(&r.Bytes) &&
		p.key(`,"latency_ms":`) && p.float(&r.LatencyMS) &&
		(!p.key(`,"policy_revision":`) || p.str(&r.PolicyRevision)) &&
		p.key(`,"prev_hash":`) && p.str(&r.PrevHash) &&
		p.key(`,"hash":`) && p.str(&r.Hash) &&
		p.key(`}`) && p.i == len(p.s)
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return false
	}
	r.Time = t
	return true
}

// lineParser reads s from i on.
type lineParser struct {
	s string
	i int
}

// key consumes k if s continues with it.
func (p *lineParser) key(k string) bool {
	if strings.HasPrefix(p.s[p.i:], k) {
		p.i += len(k)
		return true
	}
	return false
}

// strPlain holds the bytes lineParser.str passes over: ASCII from the
// blank on but for the quote and the backslash (one table look per byte
// instead of four comparisons).
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a JSON string without escapes, control characters or
// invalid UTF-8 (which encoding/json would replace).
func (p *lineParser) str(v *string) bool {
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return false
	}
	rest := p.s[p.i+1:]
	ascii := true
	for n := 0; n < len(rest); n++ {
		c := rest[n]
		if strPlain[c] {
			continue
		}
		switch {
		case c == '"':
			if !ascii && !utf8.ValidString(rest[:n]) {
				return false
			}
			*v = rest[:n]
			p.i += n + 2
			return true
		case c == '\\' || c < 0x20:
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return false
}

// number returns the next number token, or "" if it is not a JSON
// number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *lineParser) number() string {
	s, j := p.s, p.i
	digits := func() int {
		k := j
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		return j - k
	}
	if j < len(s) && s[j] == '-' {
		j++
	}
	if n := digits(); n == 0 || n > 1 && s[j-n] == '0' {
		return ""
	}
	if j < len(s) && s[j] == '.' {
		j++
		if digits() == 0 {
			return ""
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if digits() == 0 {
			return ""
		}
	}
	tok := s[p.i:j]
	p.i = j
	return tok
}

func (p *lineParser) int(v *int64) bool {
	n, err := strconv.ParseInt(p.number(), 10, 64)
	*v = n
	return err == nil
}

func (p *lineParser) float(v *float64) bool {
	f, err := strconv.ParseFloat(p.number(), 64)
	*v = f
	return err == nil
}

// list reads the optional list field k.
func (p *lineParser) list(k string, v *[]string) bool {
	if !p.key(k) {
		return true
	}
	if !p.key(`[`) {
		return false
	}
	// One allocation for the list: its items are counted by their commas
	// up to the first ']' (a string holding either only misjudges the
	// capacity).
	if rest := p.s[p.i:]; *v == nil {
		if end := strings.IndexByte(rest, ']'); end >= 0 {
			*v = make([]string, 0, 1+strings.Count(rest[:end], ","))
		}
	}
	for {
		var s string
		if !p.str(&s) {
			return false
		}
		*v = append(*v, s)
		if p.key(`]`) {
			return true
		}
		if !p.key(`,`) {
			return false
		}
	}
}

// findings reads the optional findings map.
func (p *lineParser) findings(v *map[string]int) bool {
	if !p.key(`,"findings":{`) {
		return true
	}
	*v = map[string]int{}
	for {
		var k string
		var n int64
		if !p.str(&k) || !p.key(`:`) || !p.int(&n) || n != int64(int(n)) {
			return false
		}
		(*v)[k] = int(n)
		if p.key(`}`) {
			return true
		}
		if !p.key(`,`) {
			return false
		}
	}
}
