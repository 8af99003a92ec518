package identity

import (
	"net/netip"
	"sync"
	"time"
)

// limiter counts wrong passwords per (client address, user name) pair, per
// user name across addresses and per client address across user names.
// After max failures of one pair within window that pair is locked for
// backoff, doubling with each further failure up to 32 × backoff; a user
// name is locked after maxUser failures from all addresses together
// (guessing one account from many), an address after maxClient failures for
// all user names together (guessing many accounts from one). Both ceilings
// are higher than max: many users share one address (terminal servers,
// NAT), and their mistyped passwords must not lock each other out, nor may
// one client lock a user out everywhere with a few wrong passwords. Safe
// for concurrent use; memory is bounded by limiterMax keys per map.
type limiter struct {
	max       int
	maxUser   int
	maxClient int
	window    time.Duration
	backoff   time.Duration

	mu      sync.Mutex
	pairs   map[pairKey]*failures
	users   map[string]*failures
	clients map[netip.Addr]*failures
}

type pairKey struct {
	client netip.Addr
	user   string
}

type failures struct {
	n           int       // failures since first
	first       time.Time // start of the counting window
	lockedUntil time.Time
}

const limiterMax = 50000

func newLimiter(max, maxUser, maxClient int, window, backoff time.Duration) *limiter {
	return &limiter{
		max: max, maxUser: maxUser, maxClient: maxClient, window: window, backoff: backoff,
		pairs:   make(map[pairKey]*failures),
		users:   make(map[string]*failures),
		clients: make(map[netip.Addr]*failures),
	}
}

// blocked reports whether the pair, the user or the client is locked at now.
func (l *limiter) blocked(user string, client netip.Addr, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.pairs[pairKey{client, user}]; f != nil && now.Before(f.lockedUntil) {
		return true
	}
	if f := l.users[user]; f != nil && now.Before(f.lockedUntil) {
		return true
	}
	if f := l.clients[client]; f != nil && now.Before(f.lockedUntil) {
		return true
	}
	return false
}

// blockedToken reports whether a Negotiate token (tokenKey) from client
// is locked at now: that token at that address, or the address.
func (l *limiter) blockedToken(key string, client netip.Addr, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.pairs[pairKey{client, key}]; f != nil && now.Before(f.lockedUntil) {
		return true
	}
	f := l.clients[client]
	return f != nil && now.Before(f.lockedUntil)
}

// failToken records a refused Negotiate token, whose user is unknown (a
// token that was not accepted names no one we can trust): it counts for
// the token at this address, as a wrong password for its user there, and
// towards the address's ceiling. A PC that repeats a token the proxy
// cannot use is locked after max tries and no longer counts while locked,
// so that it alone never reaches the ceiling of an address it shares
// (terminal server, NAT).
func (l *limiter) failToken(key string, client netip.Addr, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failAt(key, client, now)
}

// fail records a wrong password: for its user at this address, the user
// and the address.
func (l *limiter) fail(user string, client netip.Addr, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failAt(user, client, now)
	l.users[user] = l.bump(l.users[user], now, l.maxUser)
	if len(l.users) > limiterMax {
		pruneFailures(l.users, now, l.window)
	}
}

// failAt counts a failure for key at client and for client; l.mu is held.
func (l *limiter) failAt(key string, client netip.Addr, now time.Time) {
	k := pairKey{client, key}
	l.pairs[k] = l.bump(l.pairs[k], now, l.max)
	l.clients[client] = l.bump(l.clients[client], now, l.maxClient)
	if len(l.pairs) > limiterMax {
		pruneFailures(l.pairs, now, l.window)
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

// succeed forgets the failures of the user, and of the user at this
// client, after a correct password. The client's count stays: one good
// login does not excuse guessing others.
func (l *limiter) succeed(user string, client netip.Addr) {
	l.mu.Lock()
	delete(l.pairs, pairKey{client, user})
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
