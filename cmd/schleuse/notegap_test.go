package main

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/audit"
)

// TestAuditNoteGapRestore: operations.md §6 end to end on the command
// line: 4 records, a backup (sqlite3 .backup), 6 more, the backup
// restored; verify names records 5..10 missing, exit 2; audit note-gap
// --from 5 --to 10 --reason notes it as record 11; verify then names
// "Lücke vermerkt am …: reason" and exits 0, also after schleuse wrote on;
// a note of other numbers is refused German first, nothing noted.
// Before, verify said "Einträge 5..10 fehlen (gelöscht)" with exit 2 at
// every run, and nothing could record that the loss was explained.
func TestAuditNoteGapRestore(t *testing.T) {
	entry := audit.Entry{RequestID: "r", UserName: "anna", ServiceID: "openai-api", Action: "allow"}
	cfg, cfgPath := writeAuditLog(t, "", entry, entry, entry, entry)
	db := filepath.Join(cfg.StateDir, "audit.db")
	backup := filepath.Join(t.TempDir(), "audit-sicherung.db")
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`VACUUM INTO '` + backup + `'`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	write := func(n int) {
		l, err := audit.Open(context.Background(), auditConfig(cfg))
		if err != nil {
			t.Fatal(err)
		}
		for range n {
			if err := l.Log(entry); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(6)
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var ec exitCode
	if stdout, _, err := runCLIErr(t, "audit", "verify", "--config", cfgPath); !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(stdout, "Einträge 5..10 fehlen") {
		t.Fatalf("verify after the restore: %v\n%s", err, stdout)
	}
	const reason = "Sicherung vom 2026-12-01 zurückgespielt, Vorgang 4711"
	// schleuse still running on the node: refused German first.
	running, err := audit.Open(context.Background(), auditConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = runCLIErr(t, "audit", "note-gap", "--config", cfgPath, "--from", "5", "--to", "10", "--reason", reason)
	running.Close()
	if err == nil || !strings.HasPrefix(err.Error(), "Nichts vermerkt: Das state_dir ist von einem anderen Prozess belegt") || !strings.Contains(err.Error(), " / nothing noted: audit: state directory is in use") {
		t.Fatalf("note-gap while schleuse runs: %v", err)
	}
	if _, _, err := runCLIErr(t, "audit", "note-gap", "--config", cfgPath, "--from", "5", "--to", "9", "--reason", reason); err == nil ||
		!strings.HasPrefix(err.Error(), "Nichts vermerkt") || !strings.Contains(err.Error(), "die Lücke endet später") {
		t.Fatalf("note of other numbers: %v", err)
	}
	if _, _, err := runCLIErr(t, "audit", "note-gap", "--config", cfgPath, "--from", "5", "--to", "10"); err == nil || !strings.HasPrefix(err.Error(), "Grund fehlt") {
		t.Fatalf("note without a reason: %v", err)
	}
	// A reason with personal data is refused by type, never quoted: the
	// note is a record of the audit log.
	if _, _, err := runCLIErr(t, "audit", "note-gap", "--config", cfgPath, "--from", "5", "--to", "10", "--reason", "Rückgespielt nach Anruf von Frau Petra Lindemann"); err == nil ||
		!strings.HasPrefix(err.Error(), "Nichts vermerkt: der Grund enthält personenbezogene Daten (PERSON") || strings.Contains(err.Error(), "Lindemann") {
		t.Fatalf("note with a name in its reason: %v", err)
	}
	stdout, _, err := runCLIErr(t, "audit", "note-gap", "--config", cfgPath, "--from", "5", "--to", "10", "--reason", reason, "--by", "mueller")
	if err != nil || !strings.HasPrefix(stdout, "Lücke vermerkt: Server (node) ") || !strings.Contains(stdout, "Einträge 5..10, als Eintrag 11 der Kette") {
		t.Fatalf("note-gap: %v\n%s", err, stdout)
	}
	for _, more := range []int{0, 3} {
		write(more)
		stdout, _, err = runCLIErr(t, "audit", "verify", "--config", cfgPath)
		if err != nil || !strings.Contains(stdout, "Einträge 5..10 fehlen: Lücke vermerkt am ") || !strings.Contains(stdout, reason) ||
			!strings.Contains(stdout, "bis auf die vermerkten Lücken unversehrt") || strings.Contains(stdout, "GEBROCHEN") || strings.Contains(stdout, "mueller") {
			t.Fatalf("verify after the note (+%d): %v\n%s", more, err, stdout)
		}
	}
	// query and stats confirm the records around the noted gap and name
	// it on stderr, exit 0.
	for _, args := range [][]string{{"audit", "query", "--config", cfgPath}, {"audit", "stats", "--config", cfgPath}} {
		_, stderr, err := runCLIErr(t, args...)
		if err != nil || !strings.Contains(stderr, "HINWEIS: Server ") || !strings.Contains(stderr, "Einträge 5..10 fehlen: Lücke vermerkt am ") || strings.Contains(stderr, "WARNUNG") {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
	}
	if strings.Contains(helpOut(t, "audit", "note-gap", "--help"), "Note in the hash chain") {
		t.Error("note-gap's help is not German by default")
	}
}
