package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoDatabaseSaysWhy: a log this account may not read (the state
// directory is the service account's, 0700) is not reported as missing,
// which sent an auditor without sudo looking for a lost log. Tests run as
// root here, where no mode keeps a file from being read: the error of the
// stat is given as the kernel gives it to another account.
func TestNoDatabaseSaysWhy(t *testing.T) {
	denied := &fs.PathError{Op: "stat", Path: "/var/lib/schleuse/audit.db", Err: fs.ErrPermission}
	if err := noDatabase("/var/lib/schleuse", denied); !errors.Is(err, fs.ErrPermission) || strings.Contains(err.Error(), "no audit database") ||
		!strings.Contains(err.Error(), "audit: /var/lib/schleuse cannot be read by this account: run the command as the account schleuse runs as (sudo -u schleuse …) or as root") {
		t.Errorf("permission denied: %v", err)
	}
	dir := t.TempDir()
	_, err := OpenReader(context.Background(), Config{Dir: dir})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "audit: no audit database in "+dir) {
		t.Errorf("missing: %v", err)
	}
	if os.Geteuid() != 0 {
		// Not root: the real thing.
		locked := filepath.Join(dir, "state")
		os.Mkdir(locked, 0o700)
		os.WriteFile(filepath.Join(locked, "audit.db"), nil, 0o600)
		os.Chmod(locked, 0o000)
		defer os.Chmod(locked, 0o700)
		if _, err := OpenReader(context.Background(), Config{Dir: locked}); err == nil || !strings.Contains(err.Error(), "cannot be read by this account") {
			t.Errorf("unreadable state_dir: %v", err)
		}
	}
}

// TestPostgresUnreachableSaysWhat: a PostgreSQL log that cannot be reached
// says what to check, and never repeats the password of its URL.
func TestPostgresUnreachableSaysWhat(t *testing.T) {
	const canary = "Kanarien-4711"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // a port nothing listens on
	cfg := Config{Dir: t.TempDir(), Store: "postgres://schleuse:" + canary + "@" + addr + "/schleuse?sslmode=disable&connect_timeout=5"}
	for name, open := range map[string]func() error{
		"Open":       func() error { _, err := Open(context.Background(), cfg); return err },
		"OpenReader": func() error { _, err := OpenReader(context.Background(), cfg); return err },
	} {
		err := open()
		if err == nil || strings.Contains(err.Error(), canary) || !strings.Contains(err.Error(), "audit: open store (PostgreSQL, audit.store): ") ||
			!strings.Contains(err.Error(), "is the database running and reachable from this host, and are user, password and database of the URL right?") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestCheckStoreURL: a PostgreSQL URL that cannot be parsed fails config
// check (audit.CheckStore) with the reason and without its password; one
// that parses, and sqlite, pass without asking a database.
func TestCheckStoreURL(t *testing.T) {
	for _, c := range []struct{ store, want string }{
		{"postgres://schleuse:Geheim99@db.example:99999/schleuse", "invalid port"},
		{"postgres://schleuse:Geheim99@db.example:5432/schleuse?sslmode=bogus", "sslmode is invalid"},
		{"postgres://schleuse:Ge%ZZheim99@db.example:5432/schleuse", "percent-encoded"},
	} {
		err := CheckStore(c.store)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "audit.store: ") || strings.Contains(err.Error(), "heim99") {
			t.Errorf("%s: %v, want %q without the password", c.store, err, c.want)
		}
	}
	for _, ok := range []string{"", "sqlite", "postgres://schleuse:change-me@db.example:5432/schleuse?sslmode=verify-full"} {
		if err := CheckStore(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

// TestProblemOf: the errors of opening the log carry what they mean for
// its reader (ProblemOf), their text unchanged, so that the audit commands
// say it in German first: a state directory this account may not read
// (the tests run as root, for whom no permission is missing), one without
// audit.db, an error the reader did not classify.
func TestProblemOf(t *testing.T) {
	for _, c := range []struct {
		err   error
		want  Problem
		where string
	}{
		{noDatabase("/var/lib/schleuse", fs.ErrPermission), ProblemNoAccess, "/var/lib/schleuse"},
		{noDatabase("/var/lib/schleuse", fs.ErrNotExist), ProblemNoDatabase, "/var/lib/schleuse"},
		{fmt.Errorf("audit: query: %w", mark(ProblemLocked, "", errors.New("database is locked (5)"))), ProblemLocked, ""},
		{errors.New("audit: something else"), NoProblem, ""},
	} {
		p, where := ProblemOf(c.err)
		if p != c.want || where != c.where {
			t.Errorf("ProblemOf(%v) = %v, %q; want %v, %q", c.err, p, where, c.want, c.where)
		}
	}
	if err := noDatabase("/d", fs.ErrNotExist); !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "audit: no audit database in /d") {
		t.Errorf("marked error: %v, want its text and chain unchanged", err)
	}
}
