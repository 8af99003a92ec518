package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/audit"
)

// TestAuditSalvage: with one leaf page of audit_records overwritten, every
// audit command fails with the damaged file's message, which now names
// audit salvage; salvage --out writes the readable records to a new file,
// names the lost range German first and exits 2; put in place of the
// damaged one, verify names the gap as lost in the salvage (not as records
// deleted) and the others as intact, exit 2.
func TestAuditSalvage(t *testing.T) {
	entries := make([]audit.Entry, 1500)
	for i := range entries {
		entries[i] = audit.Entry{RequestID: fmt.Sprintf("r%d", i), UserName: "anna", ServiceID: "openai-api", Action: "allow", Rules: []string{"KI-RL-2.1"}}
	}
	cfg, cfgPath := writeAuditLog(t, "", entries...)
	db := filepath.Join(cfg.StateDir, "audit.db")
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var leaf, pageSize int64
	if err := conn.QueryRow(`SELECT pageno FROM dbstat WHERE name = 'audit_records' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 5`).Scan(&leaf); err != nil {
		t.Fatal(err)
	}
	conn.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	conn.Close()
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(bytes.Repeat([]byte{0xee}, int(pageSize)), (leaf-1)*pageSize)
	f.Close()

	_, _, err = runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err == nil || !strings.HasPrefix(err.Error(), damagedDE) || !strings.Contains(err.Error(), "schleuse audit salvage --out") {
		t.Fatalf("verify of the damaged log: %v", err)
	}
	out := filepath.Join(t.TempDir(), "neu.db")
	stdout, _, err := runCLIErr(t, "audit", "salvage", "--config", cfgPath, "--out", out)
	var ec exitCode
	if !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(stdout, "Server (node) ") || !strings.Contains(stdout, "nicht lesbar, verloren (records ") ||
		!strings.Contains(stdout, "Einträge unversehrt") || !strings.Contains(stdout, "Geborgen nach (salvaged to) "+out) {
		t.Fatalf("salvage: %v\n%s", err, stdout)
	}
	if _, _, err := runCLIErr(t, "audit", "salvage", "--config", cfgPath, "--out", out); err == nil || !strings.Contains(err.Error(), "never over one") {
		t.Fatalf("salvage over an existing file: %v", err)
	}
	if err := os.Rename(db, db+".beschaedigt"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(out, db); err != nil {
		t.Fatal(err)
	}
	stdout, _, err = runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(err.Error(), "bei der Bergung einer beschädigten audit.db verloren") ||
		!strings.Contains(stdout, "nicht lesbar, verloren (records ") || !strings.Contains(stdout, "bis auf die verlorenen unversehrt") || strings.Contains(stdout, "GEBROCHEN") {
		t.Fatalf("verify of the salvaged log: %v\n%s", err, stdout)
	}
	// query and stats say it as verify does: the records around the gap
	// confirmed, the gap lost in the salvage, exit 2 for the loss. Before,
	// the gap broke its stretch: "nicht bestätigt", "gebrochen".
	for _, args := range [][]string{{"audit", "query", "--config", cfgPath}, {"audit", "stats", "--config", cfgPath}} {
		_, stderr, err := runCLIErr(t, args...)
		if !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(err.Error(), "Einträge fehlen: bei der Bergung einer beschädigten audit.db verloren") ||
			!strings.Contains(stderr, "WARNUNG: Server ") || !strings.Contains(stderr, "fehlen: bei der Bergung einer beschädigten audit.db (audit salvage, ") ||
			!strings.Contains(stderr, "davor und dahinter sind bestätigt") || strings.Contains(stderr, "nicht bestätigt") || strings.Contains(stderr, "gebrochen") {
			t.Fatalf("%s of the salvaged log: %v\n%s", args[1], err, stderr)
		}
	}
}

// TestAuditSalvageFirstPage: page 1 of audit.db (the schema) zeroed:
// salvage reads the rows from the file's pages by the file format, says so
// German first, and every record comes back; before, it ended with "its
// first page is damaged: nothing can be salvaged from it".
func TestAuditSalvageFirstPage(t *testing.T) {
	entries := make([]audit.Entry, 300)
	for i := range entries {
		entries[i] = audit.Entry{RequestID: fmt.Sprintf("r%d", i), UserName: "anna", ServiceID: "openai-api", Action: "allow"}
	}
	cfg, cfgPath := writeAuditLog(t, "", entries...)
	db := filepath.Join(cfg.StateDir, "audit.db")
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(make([]byte, 4096), 0)
	f.Close()
	out := filepath.Join(t.TempDir(), "neu.db")
	stdout, _, err := runCLIErr(t, "audit", "salvage", "--config", cfgPath, "--out", out)
	if err != nil || !strings.Contains(stdout, "Die erste Seite der Datei (das Schema) war beschädigt: die Zeilen wurden aus ihren Seiten nach dem Dateiformat gelesen") ||
		!strings.Contains(stdout, ": 300 Einträge (records)") || !strings.Contains(stdout, "Kein Eintrag verloren") || !strings.Contains(stdout, "300 Einträge unversehrt, Nr. 1–300") {
		t.Fatalf("salvage: %v\n%s", err, stdout)
	}
}
