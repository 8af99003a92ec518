package providers

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestBase64DecodeRemembersNone: a value that decodes to no text (a
// route's rest, a Content-Type, a session id: they repeat with every
// request) is decoded and tried as compressed once; read again it costs
// no allocation (the decode and the raw deflate and brotli trials
// allocated every time before the memo).
func TestBase64DecodeRemembersNone(t *testing.T) {
	for _, v := range []string{"application/json", "v1/chat/completions", "q7Vd0nX3k9Lw2mZr8tYpB1cF4hJ6sG0aE5uW7xQ9zKo"} {
		if d, st := Base64Decode(v); st != Base64None || d != "" {
			t.Fatalf("%q: %d %q", v, st, d)
		}
		if n := testing.AllocsPerRun(50, func() { Base64Decode(v) }); n != 0 {
			t.Errorf("%q read again: %.0f allocations", v, n)
		}
		if d, st := Base64DecodeText(v); st != Base64None || d != "" {
			t.Fatalf("%q as text: %d %q", v, st, d)
		}
	}
}

// TestBase64MemoKeepsReadingsApart: a value that Base64DecodeText finds no
// text in (binary: its runs of text are not read there) is still read by
// Base64Decode, which reads them, whichever came first; a value read as
// text is read so every time.
func TestBase64MemoKeepsReadingsApart(t *testing.T) {
	name := "Anna Schmidt, IBAN DE89370400440532013000"
	v := base64.StdEncoding.EncodeToString(append([]byte{0, 1, 2, 3, 0, 0, 0, 0}, name...))
	for range 3 {
		if d, st := Base64DecodeText(v); st != Base64None || d != "" {
			t.Fatalf("as text: %d %q", st, d)
		}
		if d, st := Base64Decode(v); st != Base64Read || !strings.Contains(d, name) {
			t.Fatalf("binary: %d %q", st, d)
		}
	}
	text := base64.RawURLEncoding.EncodeToString([]byte(name))
	for range 3 {
		if d, st := Base64Decode(text); st != Base64Read || d != name {
			t.Fatalf("text: %d %q", st, d)
		}
	}
}

// TestBase64MemoBounded: the memo is dropped whole at its bound.
func TestBase64MemoBounded(t *testing.T) {
	for i := range maxNoBase64 + 10 {
		noBase64.add(noBase64Key(strings.Repeat("x", i%300)+string(rune('a'+i%26)), i%2 == 0))
	}
	noBase64.mu.Lock()
	n := len(noBase64.seen)
	noBase64.mu.Unlock()
	if n > maxNoBase64 {
		t.Fatalf("%d entries", n)
	}
}

// TestBase64MemoConcurrent: requests read the same values at once (go test
// -race sees the memo's map under its lock).
func TestBase64MemoConcurrent(t *testing.T) {
	name := "Anna Schmidt, IBAN DE89370400440532013000"
	text := base64.StdEncoding.EncodeToString([]byte(name))
	done := make(chan string, 4)
	for g := range 4 {
		go func() {
			for i := range 200 {
				if _, st := Base64Decode("application/json"); st != Base64None {
					done <- "application/json read"
					return
				}
				if d, st := Base64Decode(text); st != Base64Read || d != name {
					done <- "text not read"
					return
				}
				Base64DecodeText(strings.Repeat("q7Vd0nX3k9Lw2mZr", 1+(g+i)%8))
			}
			done <- ""
		}()
	}
	for range 4 {
		if msg := <-done; msg != "" {
			t.Fatal(msg)
		}
	}
}
