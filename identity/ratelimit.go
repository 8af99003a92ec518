package identity

import (
	"net/netip"
	"sync"
	"time"
)

// limiter counts wrong passwords per user name and per client address.
// After max (clients: maxClient) failures within window a key is locked for
// backoff, doubling with each further failure up to 32 × backoff. Clients get
// a higher limit because many users can share one address (terminal
// servers, NAT). Safe for concurrent use;
// memory is bounded by limiterMax keys per map.
type limiter struct {
	max       int
	maxClient int
	window    time.Duration
	backoff   time.Duration

	mu      sync.Mutex
	users   map[string]*failures
	clients map[netip.Addr]*failures
}

type failures struct {
	n           int       // failures since first
	first       time.Time // start of the counting window
	lockedUntil time.Time
}

const limiterMax = 50000

func newLimiter(max, maxClient int, window, backoff time.Duration) *limiter {
	return &limiter{
		max: max, maxClient: maxClient, window: window, backoff: backoff,
		users:   make(map[string]*failures),
		clients: make(map[netip.Addr]*failures),
	}
}

// blocked reports whether the user or the client is locked at now.
func (l *limiter) blocked(user string, client netip.Addr, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.users[user]; f != nil && now.Before(f.lockedUntil) {
		return true
	}
	if f := l.clients[client]; f != nil && now.Before(f.lockedUntil) {
		return true
	}
	return false
}

// fail records a wrong password.
func (l *limiter) fail(user string, client netip.Addr, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.users[user] = l.bump(l.users[user], now, l.max)
	l.clients[client] = l.bump(l.clients[client], now, l.maxClient)
	if len(l.users) > limiterMax {
		pruneFailures(l.users, now, l.window)
	}
	if len(l.clients) > limiterMax {
		pruneFailures(l.clients, now, l.window)
	}
}

func (l *limiter) bump(f *failures, now time.Time, max int) *failures {
	if f == nil || (now.Sub(f.first) > l.window && !now.Before(f.lockedUntil)) {
		f = &failures{first: now}
	}
	f.n++
	if f.n >= max {
		d := l.backoff
		for i := max; i < f.n && d < 32*l.backoff; i++ {
			d *= 2
		}
		f.lockedUntil = now.Add(d)
	}
	return f
}

// succeed forgets the user's failures after a correct password. The
// client's count stays: one good login does not excuse guessing others.
func (l *limiter) succeed(user string) {
	l.mu.Lock()
	delete(l.users, user)
	l.mu.Unlock()
}

func pruneFailures[K comparable](m map[K]*failures, now time.Time, window time.Duration) {
	for k, f := range m {
		if now.Sub(f.first) > window && !now.Before(f.lockedUntil) {
			delete(m, k)
		}
	}
}
