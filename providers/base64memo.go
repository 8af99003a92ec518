package providers

import (
	"crypto/sha256"
	"sync"
)

// A request's path, its Content-Type and a session's ids and tokens
// repeat with every request, and base64Decode tried each of them again:
// "/v1/chat/completions" (its rest "v1/chat/completions" and the segment
// "chat/completions"), "application/json" and a session id hold base64's
// characters and no plain words (a digit, a '/'), so each was decoded and
// tried as raw deflate and brotli (a brotli reader reset, a buffer per
// trial) on every request: 6 % of run.inspect on a 16 KB prompt
// (BenchmarkInProcess's profile, thirty-sixth session). noBase64 remembers
// the values of up to maxNoBase64Len bytes that decoded to no text
// (Base64None), by their SHA-256 and the binary flag, not their bytes (a
// token stays out of memory): the result depends on the value alone (a
// fresh Envelope, no budget of the request's), so a remembered value reads
// the same as a decoded one. Values read as text or unreadable are decoded
// every time, as before. The set is dropped whole at maxNoBase64 entries,
// as the scan cache is: memory stays bounded, and the cost of a flood of
// distinct values is what it was without the memo.
var noBase64 = base64Memo{seen: map[[sha256.Size]byte]struct{}{}}

const (
	maxNoBase64Len = 512
	maxNoBase64    = 4096
)

type base64Memo struct {
	mu   sync.Mutex
	seen map[[sha256.Size]byte]struct{}
}

// noBase64Key is the memo's key of s as read by base64Decode with binary.
func noBase64Key(s string, binary bool) [sha256.Size]byte {
	var buf [maxNoBase64Len + 1]byte
	buf[0] = 't'
	if binary {
		buf[0] = 'b'
	}
	n := copy(buf[1:], s)
	return sha256.Sum256(buf[:1+n])
}

func (m *base64Memo) has(key [sha256.Size]byte) bool {
	m.mu.Lock()
	_, ok := m.seen[key]
	m.mu.Unlock()
	return ok
}

func (m *base64Memo) add(key [sha256.Size]byte) {
	m.mu.Lock()
	if len(m.seen) >= maxNoBase64 {
		m.seen = make(map[[sha256.Size]byte]struct{})
	}
	m.seen[key] = struct{}{}
	m.mu.Unlock()
}
