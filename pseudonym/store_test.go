package pseudonym

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestStoreTTL(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	s := NewStore(10*time.Minute, 100)
	s.now = clk.now

	m := s.Conversation("anna|openai|c1")
	p := m.Replace("", "PERSON", "Anna Schmidt")
	clk.t = clk.t.Add(9 * time.Minute)
	if s.Conversation("anna|openai|c1") != m {
		t.Fatal("conversation not kept within TTL")
	}
	clk.t = clk.t.Add(9 * time.Minute) // sliding: 9 min after last use
	if s.Conversation("anna|openai|c1") != m {
		t.Fatal("TTL is not sliding")
	}
	clk.t = clk.t.Add(10 * time.Minute)
	if got := s.Len(); got != 0 {
		t.Fatalf("Len after expiry = %d", got)
	}
	if got := m.Restore(p); got != p {
		t.Errorf("expired mapping still restores: %q", got)
	}
	if m2 := s.Conversation("anna|openai|c1"); m2 == m || !m2.Empty() {
		t.Error("expired conversation came back")
	}
}

func TestStoreLRU(t *testing.T) {
	s := NewStore(time.Hour, 3)
	a := s.Conversation("a")
	a.Replace("", "PERSON", "A")
	s.Conversation("b")
	s.Conversation("c")
	s.Conversation("a") // a is now the most recent
	s.Conversation("d") // evicts b
	if got := s.Len(); got != 3 {
		t.Fatalf("Len = %d, want 3", got)
	}
	if s.Conversation("a") != a {
		t.Error("recently used conversation evicted")
	}
	if a.Restore("[PERSON_1]") != "A" {
		t.Error("kept conversation lost its mapping")
	}
	// b was evicted: asking for it creates a new one and evicts c.
	if !s.Conversation("b").Empty() {
		t.Error("evicted conversation came back")
	}
	if got := s.Len(); got != 3 {
		t.Fatalf("Len = %d, want 3", got)
	}
}

func TestStoreWipe(t *testing.T) {
	s := NewStore(0, 0)
	var ms []*Mapping
	for i := range 5 {
		m := s.Conversation(fmt.Sprint("user", i))
		m.Replace("", "IBAN", fmt.Sprint("DE00 VALUE ", i))
		ms = append(ms, m)
	}
	vals := []([]byte){}
	for _, m := range ms {
		vals = append(vals, m.byPlaceholder["[IBAN_1]"])
	}
	s.Wipe()
	if s.Len() != 0 {
		t.Errorf("Len after Wipe = %d", s.Len())
	}
	for i, v := range vals {
		if strings.Trim(string(v), "\x00") != "" {
			t.Errorf("value %d not zeroed: %q", i, v)
		}
		if got := ms[i].Restore("[IBAN_1]"); got != "[IBAN_1]" {
			t.Errorf("wiped mapping restored %q", got)
		}
	}
}

// TestNoCrossUserLeakage runs many users with several conversations each in
// parallel: every user's answer must contain only the user's own values.
func TestNoCrossUserLeakage(t *testing.T) {
	s := NewStore(time.Hour, 10000)
	const users, convs, rounds = 40, 3, 20
	var wg sync.WaitGroup
	errs := make(chan error, users*convs)
	for u := range users {
		for c := range convs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				key := fmt.Sprintf("user%d|chatgpt|conv%d", u, c)
				for r := range rounds {
					m := s.Conversation(key)
					name := fmt.Sprintf("Person-%d-%d-%d", u, c, r%4)
					p := m.Replace("pseudonym", "PERSON", name)
					// The fake upstream echoes placeholders of several numbers.
					answer := fmt.Sprintf("data: {\"choices\":[{\"delta\":{\"content\":\"Hallo %s [PERSON_1] [PERSON_2] [PERSON_3] [PERSON_4]\"}}]}\n\n", p)
					out, err := io.ReadAll(NewRestorer(s.Conversation(key), Format{Kind: "sse"}, io.NopCloser(strings.NewReader(answer))))
					if err != nil {
						errs <- err
						return
					}
					if !strings.Contains(string(out), name) {
						errs <- fmt.Errorf("%s: own value not restored: %s", key, out)
						return
					}
					own := fmt.Sprintf("Person-%d-%d-", u, c)
					for _, f := range strings.Split(string(out), "Person-")[1:] {
						if !strings.HasPrefix("Person-"+f, own) {
							errs <- fmt.Errorf("%s: foreign value in answer: %s", key, out)
							return
						}
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := s.Len(); got != users*convs {
		t.Errorf("Len = %d, want %d", got, users*convs)
	}
}

// TestStoreBytesBounded: one client under ever new addresses, each filling
// its mapping with distinct values, does not grow the store past its byte
// bound: the least recently used conversations are dropped (and wiped), the
// one in use stays, and the count goes back to zero when all are gone.
func TestStoreBytesBounded(t *testing.T) {
	s := NewStore(time.Hour, DefaultMaxConversations)
	s.maxBytes = 4 << 20
	keep := s.Conversation("anna\x00openai-api")
	p := keep.Replace(OpPseudonym, "PERSON", "Anna Schmidt")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for addr := range 200 {
		m := s.Conversation(fmt.Sprintf("ip:fd00::%x\x00openai-api", addr))
		for i := range 1000 {
			m.Replace(OpPseudonym, "EMAIL", fmt.Sprintf("wert%d.%d@example.org", addr, i))
		}
		s.Conversation("anna\x00openai-api") // Anna goes on using hers
		if got := s.total.Load(); got > s.maxBytes+int64(MaxEntries)*entrySize("wert0.0@example.org", "[EMAIL_10000]") {
			t.Fatalf("after %d addresses: %d bytes held, bound %d", addr+1, got, s.maxBytes)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%d conversations, %d bytes counted, heap %+d bytes", s.Len(), s.total.Load(), int64(after.HeapAlloc)-int64(before.HeapAlloc))
	if s.Len() >= 200 {
		t.Fatalf("%d conversations kept", s.Len())
	}
	if keep.Restore(p) != "Anna Schmidt" {
		t.Fatal("the conversation in use was dropped")
	}
	s.Wipe()
	if got := s.total.Load(); got != 0 {
		t.Fatalf("%d bytes counted after Wipe", got)
	}
}
