package identity

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// htpasswdCheckInterval is how often Identify looks at the file's mtime.
const htpasswdCheckInterval = 2 * time.Second

// htpasswdFile is a bcrypt-only htpasswd file that reloads itself when it
// changes. Safe for concurrent use.
type htpasswdFile struct {
	path string

	mu      sync.RWMutex
	users   map[string]string // user → bcrypt hash
	dummy   []byte            // bcrypt hash of a random password, cost as the file's
	stamp   fileStamp
	lastErr error

	checkMu   sync.Mutex
	lastCheck time.Time
}

type fileStamp struct {
	mod  time.Time
	size int64
}

func loadHtpasswd(path string) (*htpasswdFile, error) {
	f := &htpasswdFile{path: path}
	if err := f.reload(); err != nil {
		return nil, err
	}
	return f, nil
}

// reload reads the file; on error the previous users stay in force.
func (f *htpasswdFile) reload() error {
	st, err := os.Stat(f.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("%s gibt es nicht: mit 'htpasswd -B -c %s NAME' anlegen (deploy/README.md) / %s does not exist: create it with 'htpasswd -B -c %s NAME' (deploy/README.md)", f.path, f.path, f.path, f.path)
		}
		return f.setErr(configErr("htpasswd", fileError(err)))
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		return f.setErr(configErr("htpasswd", fileError(err)))
	}
	users, cost, err := parseHtpasswd(data)
	if err != nil {
		return f.setErr(configErr("htpasswd", fmt.Errorf("%s: %w", f.path, err)))
	}
	var dummy []byte
	f.mu.RLock()
	if f.dummy != nil {
		if c, err := bcrypt.Cost(f.dummy); err == nil && c == cost {
			dummy = f.dummy
		}
	}
	f.mu.RUnlock()
	if dummy == nil {
		if dummy, err = dummyHash(cost); err != nil {
			return f.setErr(err)
		}
	}
	f.mu.Lock()
	f.users, f.dummy, f.lastErr = users, dummy, nil
	f.stamp = fileStamp{mod: st.ModTime(), size: st.Size()}
	f.mu.Unlock()
	return nil
}

func (f *htpasswdFile) setErr(err error) error {
	f.mu.Lock()
	f.lastErr = err
	f.mu.Unlock()
	return err
}

// maybeReload re-reads the file when its mtime or size changed, or while
// the last attempt failed (a file moved aside and back has its old stamp,
// and its error must not stay); at most one stat per htpasswdCheckInterval.
func (f *htpasswdFile) maybeReload(now time.Time) {
	if !f.checkMu.TryLock() {
		return // someone else is checking right now
	}
	defer f.checkMu.Unlock()
	if now.Sub(f.lastCheck) < htpasswdCheckInterval && !f.lastCheck.IsZero() {
		return
	}
	f.lastCheck = now
	st, err := os.Stat(f.path)
	if err != nil {
		_ = f.setErr(fmt.Errorf("identity: htpasswd: %w", err))
		return
	}
	f.mu.RLock()
	same := f.stamp == fileStamp{mod: st.ModTime(), size: st.Size()} && f.lastErr == nil
	f.mu.RUnlock()
	if !same {
		_ = f.reload() // error kept in lastErr; old users stay
	}
}

// lookup returns the user's hash, or the dummy hash and false.
func (f *htpasswdFile) lookup(user string) (string, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if h, ok := f.users[user]; ok {
		return h, true
	}
	return string(f.dummy), false
}

// LastReloadError returns the error of the last reload of the htpasswd
// file or the Kerberos keytab, or nil.
func (a *Authenticator) LastReloadError() error {
	var errs []error
	if a.htpasswd != nil {
		a.htpasswd.mu.RLock()
		errs = append(errs, a.htpasswd.lastErr)
		a.htpasswd.mu.RUnlock()
	}
	if a.kerberos != nil {
		a.kerberos.mu.RLock()
		errs = append(errs, a.kerberos.lastErr)
		a.kerberos.mu.RUnlock()
	}
	return errors.Join(errs...)
}

// verify compares pass with hash. For unknown users hash is the dummy hash
// of the same cost, so that both paths take the same time.
func verify(hash string, known bool, pass string) bool {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(pass))
	return known && err == nil
}

func dummyHash(cost int) ([]byte, error) {
	var pw [18]byte
	if _, err := rand.Read(pw[:]); err != nil {
		return nil, fmt.Errorf("identity: random: %w", err)
	}
	h, err := bcrypt.GenerateFromPassword(pw[:], cost)
	if err != nil {
		return nil, fmt.Errorf("identity: dummy hash: %w", err)
	}
	return h, nil
}

// parseHtpasswd parses "user:hash" lines (blank lines and # comments
// ignored). Only bcrypt hashes are accepted. It returns the users and the
// bcrypt cost to use for the dummy hash (the highest in the file). Errors
// name the line number, never the user.
func parseHtpasswd(data []byte) (map[string]string, int, error) {
	users := make(map[string]string)
	cost := bcrypt.DefaultCost
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		user, hash, ok := strings.Cut(line, ":")
		if !ok {
			return nil, 0, fmt.Errorf("Zeile %d: nicht in der Form Name:Hash / line %d: want user:hash", n, n)
		}
		if !validUser(user) {
			return nil, 0, fmt.Errorf("Zeile %d: ungültiger Benutzername / line %d: invalid user name", n, n)
		}
		if _, dup := users[user]; dup {
			return nil, 0, fmt.Errorf("Zeile %d: Benutzer steht doppelt in der Datei / line %d: user listed twice", n, n)
		}
		if !strings.HasPrefix(hash, "$2a$") && !strings.HasPrefix(hash, "$2b$") && !strings.HasPrefix(hash, "$2y$") {
			return nil, 0, fmt.Errorf("Zeile %d: Hash-Verfahren %s wird nicht unterstützt, nur bcrypt: das Passwort mit htpasswd -B neu setzen / line %d: unsupported hash scheme %s: only bcrypt is accepted (htpasswd -B)", n, scheme(hash), n, scheme(hash))
		}
		c, err := bcrypt.Cost([]byte(hash))
		if err != nil {
			return nil, 0, fmt.Errorf("Zeile %d: bcrypt-Hash beschädigt / line %d: malformed bcrypt hash: %w", n, n, err)
		}
		if c > cost || len(users) == 0 {
			cost = c
		}
		users[user] = hash
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("read: %w", err)
	}
	if len(users) == 0 {
		return nil, 0, errors.New("kein Benutzer eingetragen: einen mit 'htpasswd -B DATEI NAME' anlegen / no users: add one with 'htpasswd -B FILE NAME'")
	}
	return users, cost, nil
}

// fileError is err of reading a file the configuration names, with what
// to do when the service's account may not read it.
func fileError(err error) error {
	if errors.Is(err, fs.ErrPermission) {
		name := "DATEI"
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			name = pe.Path
		}
		return fmt.Errorf("%s darf dieses Konto nicht lesen: die Datei der Gruppe des Dienstes geben (chgrp schleuse %s; chmod 0640 %s) / %w: this account may not read it; give it to the service's group (chgrp schleuse FILE; chmod 0640 FILE)", name, name, name, err)
	}
	return err
}

// scheme names a non-bcrypt hash scheme for an error message, without
// quoting the hash itself.
func scheme(hash string) string {
	switch {
	case strings.HasPrefix(hash, "$apr1$"):
		return "$apr1$ (MD5)"
	case strings.HasPrefix(hash, "{SHA}"):
		return "{SHA}"
	case strings.HasPrefix(hash, "$5$"):
		return "$5$ (SHA-256 crypt)"
	case strings.HasPrefix(hash, "$6$"):
		return "$6$ (SHA-512 crypt)"
	case strings.HasPrefix(hash, "$1$"):
		return "$1$ (MD5 crypt)"
	case strings.HasPrefix(hash, "$"):
		return "unknown $…$"
	default:
		return "crypt or plain text"
	}
}

// credCache remembers verified passwords as HMACs under a random
// per-process key, so bcrypt runs once per user and TTL, not per request.
// An entry is only valid for the htpasswd hash it was verified against.
type credCache struct {
	ttl time.Duration
	key [32]byte

	mu sync.Mutex
	m  map[string]credEntry
}

type credEntry struct {
	mac     [32]byte
	hash    string
	expires time.Time
}

const credCacheMax = 10000

func newCredCache(ttl time.Duration) *credCache {
	c := &credCache{ttl: ttl, m: make(map[string]credEntry)}
	_, _ = rand.Read(c.key[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	return c
}

func (c *credCache) mac(user, pass string) [32]byte {
	h := hmac.New(sha256.New, c.key[:])
	h.Write([]byte(user))
	h.Write([]byte{0})
	h.Write([]byte(pass))
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func (c *credCache) ok(user, pass, hash string, now time.Time) bool {
	if c.ttl < 0 {
		return false
	}
	c.mu.Lock()
	e, found := c.m[user]
	c.mu.Unlock()
	if !found || e.hash != hash || now.After(e.expires) {
		return false
	}
	m := c.mac(user, pass)
	return hmac.Equal(m[:], e.mac[:])
}

func (c *credCache) put(user, pass, hash string, now time.Time) {
	if c.ttl < 0 {
		return
	}
	e := credEntry{mac: c.mac(user, pass), hash: hash, expires: now.Add(c.ttl)}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= credCacheMax {
		for k, v := range c.m {
			if now.After(v.expires) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= credCacheMax {
			clear(c.m)
		}
	}
	c.m[user] = e
}

func (c *credCache) clear() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
