package audit

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestRecordLists checks how Log's record builder fills groups, rules and
// fingerprints (which share one slice, and the fingerprints one string):
// cleaned, deduplicated in order, nil when empty, and independent of one
// another when appended to.
func TestRecordLists(t *testing.T) {
	l := mustOpen(t, Config{Dir: t.TempDir(), Node: "n"})
	defer l.Close()
	many := make([]TypedValue, 20)
	for i := range many {
		many[i] = TypedValue{"EMAIL", "p" + strconv.Itoa(i%13) + "@example.org"} // 13 distinct
	}
	var repeats []TypedValue // 5 distinct values, 100 times, past maxExactDedupe
	for i := range 100 {
		repeats = append(repeats, TypedValue{"PERSON", "Person " + strconv.Itoa(i%5)})
	}
	cases := []struct {
		name          string
		groups, rules []string
		values        []TypedValue
		wantFPs       int
	}{
		{"empty", nil, nil, nil, 0},
		{"groups only", []string{"sozialamt", "bad\x00name"}, nil, nil, 0},
		{"rules only", nil, []string{"KI-RL-3.2"}, nil, 0},
		{"values only", nil, nil, []TypedValue{{"IBAN", "DE89 3704 0044 0532 0130 00"}}, 1},
		{"same value written twice", []string{"g"}, []string{"r1", "r2"},
			[]TypedValue{{"IBAN", "DE89 3704 0044 0532 0130 00"}, {"PERSON", "Max Mustermann"}, {"IBAN", "de89370400440532013000"}}, 2},
		{"more values than the stack buffer", []string{"g"}, []string{"r\x1f"}, many, 13},
		{"exact repeats", nil, nil, []TypedValue{{"PERSON", "Max Mustermann"}, {"IBAN", "DE89 3704 0044 0532 0130 00"},
			{"PERSON", "Max Mustermann"}, {"EMAIL", "Max Mustermann"}, {"IBAN", "de89370400440532013000"}, {"PERSON", "Max Mustermann"}}, 3},
		{"repeats beyond the exact check", nil, nil, repeats, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := l.record(&Entry{UserName: "anna", Groups: c.groups, Rules: c.rules, Values: c.values}, logBufPool.New().(*logBuf))
			wantList := func(l []string) []string {
				if len(l) == 0 {
					return nil
				}
				out := make([]string, len(l))
				for i, s := range l {
					out[i] = clean(s)
				}
				return out
			}
			var fps []string
			for _, v := range c.values {
				if fp := Fingerprint(l.keys.Fingerprint, v.Type, v.Value); !slices.Contains(fps, fp) {
					fps = append(fps, fp)
				}
			}
			if !slices.Equal(r.Groups, wantList(c.groups)) || (r.Groups == nil) != (len(c.groups) == 0) {
				t.Errorf("groups %q, want %q", r.Groups, wantList(c.groups))
			}
			if !slices.Equal(r.Rules, wantList(c.rules)) || (r.Rules == nil) != (len(c.rules) == 0) {
				t.Errorf("rules %q, want %q", r.Rules, wantList(c.rules))
			}
			if r.User != pseudonym(l.keys.User, "anna") {
				t.Errorf("user %q, want the pseudonym %q", r.User, pseudonym(l.keys.User, "anna"))
			}
			if !slices.Equal(r.Fingerprints, fps) || len(fps) != c.wantFPs || (r.Fingerprints == nil) != (len(fps) == 0) {
				t.Errorf("fingerprints %q, want %d: %q", r.Fingerprints, c.wantFPs, fps)
			}
			rules, fpsBefore := slices.Clone(r.Rules), slices.Clone(r.Fingerprints)
			_ = append(r.Groups, "x")
			_ = append(r.Rules, "x")
			if !slices.Equal(r.Rules, rules) || !slices.Equal(r.Fingerprints, fpsBefore) {
				t.Errorf("appending to one list changed another: rules %q, fingerprints %q", r.Rules, r.Fingerprints)
			}
		})
	}
}

// TestLogAllocations checks that Log does not allocate: a goroutine that
// allocates during a garbage collection assists with marking (tens of µs),
// which made most of Log's tail latency with many callers.
func TestLogAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool allocate")
	}
	l := mustOpen(t, Config{Dir: t.TempDir(), Node: "n", QueueSize: 1 << 16, BatchSize: 1 << 16, FlushInterval: time.Hour})
	defer l.Close()
	e := Entry{RequestID: "req-1", UserName: "anna.schmidt", Groups: []string{"sozialamt"}, Action: "redact",
		Rules: []string{"KI-RL-3.2"}, Findings: map[string]int{"IBAN": 1, "PERSON": 2},
		Values: []TypedValue{{"IBAN", "DE89 3704 0044 0532 0130 00"}, {"PERSON", "Max Mustermann"}, {"PERSON", "Erika Musterfrau"}}}
	l.Log(e) // warm the pool
	n := testing.AllocsPerRun(200, func() {
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("Log allocates %.1f times per call, want 0", n)
	}
}
