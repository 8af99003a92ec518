package providers

import (
	"crypto/sha256"
	"sync"
)

// HistoryCache remembers which history texts of a conversation were already
// scanned and allowed unchanged, so that API clients that resend the whole
// conversation on every turn are not scanned again for the same text. It
// keeps SHA-256 digests only, never the text, and forgets the oldest entry
// when full. Safe for concurrent use.
//
// Record a text only after the policy allowed it unchanged: a text that was
// redacted is resent by the client in its original form and must be
// redacted again.
type HistoryCache struct {
	mu    sync.Mutex
	max   int
	set   map[[32]byte]struct{}
	order [][32]byte // ring of insertion order
	next  int
}

// NewHistoryCache returns a cache of at most max entries (max <= 0: 65536).
func NewHistoryCache(max int) *HistoryCache {
	if max <= 0 {
		max = 1 << 16
	}
	return &HistoryCache{max: max, set: make(map[[32]byte]struct{}, min(max, 1024))}
}

func historyKey(conversationID, text string) [32]byte {
	h := sha256.New()
	h.Write([]byte(conversationID))
	h.Write([]byte{0})
	h.Write([]byte(text))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Seen reports whether text was recorded for the conversation.
func (c *HistoryCache) Seen(conversationID, text string) bool {
	k := historyKey(conversationID, text)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.set[k]
	return ok
}

// Record remembers text for the conversation.
func (c *HistoryCache) Record(conversationID, text string) {
	k := historyKey(conversationID, text)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.set[k]; ok {
		return
	}
	if len(c.order) < c.max {
		c.order = append(c.order, k)
	} else {
		delete(c.set, c.order[c.next])
		c.order[c.next] = k
		c.next = (c.next + 1) % c.max
	}
	c.set[k] = struct{}{}
}
