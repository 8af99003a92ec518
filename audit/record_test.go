package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// docCanonical re-implements the canonical encoding exactly as
// docs/audit.md describes it, as an independent check of ComputeHash.
func docCanonical(r *Record) []byte {
	var b []byte
	s := func(v string) { b = binary.AppendUvarint(b, uint64(len(v))); b = append(b, v...) }
	n := func(v int64) { b = binary.BigEndian.AppendUint64(b, uint64(v)) }
	l := func(v []string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		for _, x := range v {
			s(x)
		}
	}
	b = append(b, "schleuse-audit-v1\n"...)
	s(r.Node)
	n(r.Seq)
	n(r.Time.UnixNano())
	s(r.RequestID)
	s(r.User)
	l(r.Groups)
	s(r.ServiceID)
	s(r.Host)
	s(r.Path)
	s(r.Action)
	l(r.Rules)
	types := slices.Sorted(maps.Keys(r.Findings))
	b = binary.AppendUvarint(b, uint64(len(types)))
	for _, t := range types {
		s(t)
		n(int64(r.Findings[t]))
	}
	l(r.Fingerprints)
	s(r.Justification)
	n(r.Bytes)
	n(int64(r.LatencyMS*1000 + 0.5))
	s(r.PolicyRevision)
	s(r.PrevHash)
	return b
}

func goldenRecord() Record {
	return Record{Seq: 42, Time: time.Date(2026, 11, 28, 9, 0, 0, 123456789, time.UTC), RequestID: "req-1", Node: "proxy-1",
		User: "u-0123456789abcdef", Groups: []string{"sozialamt", "it"}, ServiceID: "chatgpt-web", Host: "chatgpt.com",
		Path: "/backend-api/conversation", Action: "redact", Rules: []string{"KI-RL-3.2"},
		Findings: map[string]int{"PERSON": 2, "IBAN": 1}, Fingerprints: []string{"00112233445566778899aabbccddeeff"},
		Justification: "", Bytes: 5120, LatencyMS: 1.234, PolicyRevision: "rev-7",
		PrevHash: strings.Repeat("ab", 32)}
}

func TestCanonicalHash(t *testing.T) {
	r := goldenRecord()
	sum := sha256.Sum256(docCanonical(&r))
	want := hex.EncodeToString(sum[:])
	if got := r.ComputeHash(); got != want {
		t.Fatalf("ComputeHash = %s, documented encoding gives %s", got, want)
	}
	golden := filepath.Join("testdata", "canonical.hash")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, []byte(want+"\n"), 0o644)
	}
	g, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 once)", err)
	}
	if strings.TrimSpace(string(g)) != want {
		t.Fatalf("hash of the golden record changed: the canonical encoding is a contract (docs/audit.md)")
	}
	// Every field is covered: changing any one changes the hash.
	muts := map[string]func(*Record){
		"seq": func(r *Record) { r.Seq++ }, "time": func(r *Record) { r.Time = r.Time.Add(time.Nanosecond) },
		"request": func(r *Record) { r.RequestID += "x" }, "node": func(r *Record) { r.Node += "x" },
		"user": func(r *Record) { r.User += "x" }, "groups": func(r *Record) { r.Groups = r.Groups[:1] },
		"group split": func(r *Record) { r.Groups = []string{"sozialamtit"} },
		"service":     func(r *Record) { r.ServiceID += "x" }, "host": func(r *Record) { r.Host += "x" },
		"path": func(r *Record) { r.Path += "x" }, "action": func(r *Record) { r.Action = "allow" },
		"rules":    func(r *Record) { r.Rules = nil },
		"findings": func(r *Record) { r.Findings = map[string]int{"PERSON": 2, "IBAN": 2} },
		"fps":      func(r *Record) { r.Fingerprints = nil }, "just": func(r *Record) { r.Justification = "x" },
		"bytes": func(r *Record) { r.Bytes++ }, "latency": func(r *Record) { r.LatencyMS += 0.001 },
		"policy": func(r *Record) { r.PolicyRevision = "" }, "prev": func(r *Record) { r.PrevHash = "" },
	}
	for name, m := range muts {
		c := goldenRecord()
		c.Groups = append([]string(nil), c.Groups...)
		m(&c)
		if c.ComputeHash() == want {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
}

func FuzzListEncoding(f *testing.F) {
	f.Add("sozialamt", "it_sec", 3)
	f.Add("a\x1fb", "%", 0)
	f.Add("", "\x00", -1)
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		l := []string{clean(a), clean(b)}
		got := splitList(joinList(l))
		// Empty items vanish at the edges only; otherwise the list round-trips.
		if l[0] != "" && l[1] != "" && (len(got) != 2 || got[0] != l[0] || got[1] != l[1]) {
			t.Errorf("list %q → %q", l, got)
		}
		m := map[string]int{clean(a): n}
		if a != "" {
			fm, err := splitFindings(joinFindings(m))
			if err != nil || fm[clean(a)] != n {
				t.Errorf("findings %v → %v, %v", m, fm, err)
			}
		}
		for _, s := range []string{clean(a), clean(b)} {
			if strings.ContainsAny(s, "\x00\x1f") {
				t.Errorf("clean left a separator in %q", s)
			}
		}
	})
}

func FuzzReadSpill(f *testing.F) {
	rec := goldenRecord()
	rec.Hash = rec.ComputeHash()
	var seed []byte
	{
		dir := f.TempDir()
		sp, _ := openSpill(dir)
		sp.write([]Record{rec})
		sp.close()
		seed, _ = os.ReadFile(filepath.Join(dir, spillName))
	}
	f.Add(seed)
	f.Add(append(seed[:len(seed)-20:len(seed)-20], seed...))
	f.Add([]byte("{\n}\n\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "s.jsonl")
		os.WriteFile(p, data, 0o600)
		n := 0
		if _, err := readSpill(p, 3, func(recs []Record) error {
			for _, r := range recs {
				if r.Seq <= 0 || r.Hash == "" || r.Node == "" {
					t.Errorf("invalid record passed: %+v", r)
				}
			}
			n += len(recs)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if n > strings.Count(string(data), "\n")+1 {
			t.Errorf("%d records from %d lines", n, strings.Count(string(data), "\n")+1)
		}
	})
}

// FuzzStorable: storable answers as the two reads it replaced
// (utf8.ValidString and no NUL or U+001F), so clean keeps every record's
// fields, and with them the hash chain, as they were.
func FuzzStorable(f *testing.F) {
	for _, s := range []string{"", "openai-api", "/v1/chat/completions", "Jürgen", "a\x00b", "a\x1fb", "ü\x1f", "\xff",
		"abc\xc3", "ü\x00", "\u2028", "x\xed\xa0\x80y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := utf8.ValidString(s) && !strings.ContainsAny(s, "\x00\x1f")
		if got := storable(s); got != want {
			t.Fatalf("storable(%q) = %v, want %v", s, got, want)
		}
	})
}
