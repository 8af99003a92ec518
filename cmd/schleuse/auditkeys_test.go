package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
)

// TestAuditWrongKeyFile: a key file that is not the log's (another
// server's, an old backup, a test system's) stops run and fails config
// check with what to do, German first; audit query --value, export
// --value, --user-name and reveal say that the file does not match
// instead of "no matching records"; verify names the key periods and that
// the file is none of them. Put back, the right file works for all.
// Before, run wrote records under the wrong keys and query --value
// answered "Keine passenden Einträge".
func TestAuditWrongKeyFile(t *testing.T) {
	iban := "DE89 3704 0044 0532 0130 00"
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "r1", UserName: "erika", ServiceID: "openai-api", Action: "block",
		Findings: map[string]int{"IBAN": 1}, Values: []audit.TypedValue{{Type: "IBAN", Value: iban}}})
	kf := filepath.Join(cfg.StateDir, audit.KeyFileName)
	right, err := os.ReadFile(kf)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), audit.KeyFileName)
	if _, err := audit.LoadKeys(other, true); err != nil {
		t.Fatal(err)
	}
	wrong, _ := os.ReadFile(other)
	os.WriteFile(kf, wrong, 0o600)

	if _, err := runCLI(t, "", "config", "check", cfgPath); err == nil || !strings.Contains(err.Error(), "audit: Die Schlüsseldatei "+kf+" passt nicht zum Audit-Log") ||
		!strings.Contains(err.Error(), " / audit: key file does not match the audit log") {
		t.Errorf("config check with the wrong key file: %v", err)
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	if a, err := start(context.Background(), cfg, discardLogger()); !errors.Is(err, audit.ErrKeysWrong) || !strings.HasPrefix(err.Error(), "audit: Die Schlüsseldatei ") {
		if a != nil {
			a.stop()
		}
		t.Fatalf("run with the wrong key file: %v, want audit.ErrKeysWrong German first", err)
	}
	for _, args := range [][]string{
		{"audit", "query", "--value", iban},
		{"audit", "export", "--value", iban},
		{"audit", "stats", "--value", iban},
		{"audit", "query", "--user-name", "erika"},
	} {
		out, stderr, err := runCLIErr(t, append(args, "--config", cfgPath)...)
		if err == nil || !strings.HasPrefix(err.Error(), "audit: Die Schlüsseldatei "+kf+" passt zu keinem Schlüsselzeitraum") || strings.Contains(stderr, "Keine passenden") || strings.Contains(out, "r1") {
			t.Errorf("%v with the wrong key file: %v\n%s%s", args, err, out, stderr)
		}
	}
	if out, err := runCLI(t, "erika\n", "audit", "reveal", "u-0123456789abcdef", "--candidates", "-", "--config", cfgPath); err == nil || !errors.Is(err, audit.ErrKeysWrong) {
		t.Errorf("reveal with the wrong key file: %v %s", err, out)
	}
	out, _, err := runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "Schlüsselzeitraum (key period) 1: ") || !strings.Contains(out, "die Schlüsseldatei in state_dir gehört zu keinem Zeitraum") {
		t.Errorf("verify with the wrong key file: %v\n%s", err, out)
	}
	// The right file back: everything works.
	os.WriteFile(kf, right, 0o600)
	if _, err := runCLI(t, "", "config", "check", cfgPath); err != nil {
		t.Errorf("config check with the right key file: %v", err)
	}
	out, stderr, err := runCLIErr(t, "audit", "query", "--value", iban, "--format", "csv", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "r1") || stderr != "" {
		t.Errorf("query --value with the right key file: %v\n%s%s", err, out, stderr)
	}
	out, _, err = runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "1 Einträge (records), aktuell (current), Schlüsseldatei in state_dir (key file in state_dir)") {
		t.Errorf("verify with the right key file: %v\n%s", err, out)
	}
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatalf("run with the right key file: %v", err)
	}
	a.stop()
}

// TestAuditNewKeysPeriod: new-keys begins key period 2; a value search
// with the new file says on stderr that the records of period 1 cannot be
// matched with it, beside the answer; reveal's "no match" says the same;
// verify names both periods.
func TestAuditNewKeysPeriod(t *testing.T) {
	iban := "DE89 3704 0044 0532 0130 00"
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "r1", UserName: "erika", ServiceID: "openai-api", Action: "block",
		Findings: map[string]int{"IBAN": 1}, Values: []audit.TypedValue{{Type: "IBAN", Value: iban}}})
	kf := filepath.Join(cfg.StateDir, audit.KeyFileName)
	kept := filepath.Join(t.TempDir(), "kept.json")
	os.Rename(kf, kept)
	out, err := runCLI(t, "", "audit", "new-keys", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "Schlüsselzeitraum 2 beginnt") {
		t.Fatalf("new-keys: %v %q", err, out)
	}
	out, stderr, err := runCLIErr(t, "audit", "query", "--value", iban, "--config", cfgPath)
	if err != nil || !strings.Contains(stderr, "Hinweis: 1 Einträge des Schlüsselzeitraums 1 (seit ") || !strings.Contains(stderr, "Keine passenden Einträge") {
		t.Errorf("query --value after new-keys: %v\n%s%s", err, out, stderr)
	}
	// The kept file of period 1 given: the old record is found, no note.
	out, stderr, err = runCLIErr(t, "audit", "query", "--value", iban, "--key-file", kept, "--format", "csv", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "r1") || stderr != "" {
		t.Errorf("query --value --key-file: %v\n%s%s", err, out, stderr)
	}
	other := filepath.Join(t.TempDir(), audit.KeyFileName)
	audit.LoadKeys(other, true)
	if _, _, err := runCLIErr(t, "audit", "query", "--value", iban, "--key-file", other, "--config", cfgPath); err == nil || !strings.HasPrefix(err.Error(), "audit: Die Schlüsseldatei "+other+" passt zu keinem Schlüsselzeitraum") {
		t.Errorf("query --key-file of another install: %v", err)
	}
	if out, err := runCLI(t, "erika\n", "audit", "reveal", "--key-file", kept, "u-0123456789abcdef", "--config", cfgPath); err == nil || strings.Contains(err.Error(), "anderen Schlüsselzeitraum") {
		t.Errorf("reveal --key-file of an unknown pseudonym: %v %s", err, out)
	}
	if _, err = runCLI(t, "erika\n", "audit", "reveal", "u-0123456789abcdef", "--candidates", "-", "--config", cfgPath); err == nil || !strings.Contains(err.Error(), "stammt es aus einem anderen Schlüsselzeitraum") {
		t.Errorf("reveal after new-keys: %v", err)
	}
	out, _, err = runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "Schlüsselzeitraum (key period) 1: ") || !strings.Contains(out, "Schlüsselzeitraum (key period) 2: ") ||
		!strings.Contains(out, "0 Einträge (records), aktuell (current), Schlüsseldatei in state_dir") {
		t.Errorf("verify after new-keys: %v\n%s", err, out)
	}
}

// TestAuditVerifyOldLogKeyPeriods: verify of a log written before key
// periods were kept (no table audit_keys) says that none are registered
// yet and that the next start registers the file in state_dir.
func TestAuditVerifyOldLogKeyPeriods(t *testing.T) {
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "r1", ServiceID: "openai-api", Action: "allow"})
	db, err := sql.Open("sqlite", filepath.Join(cfg.StateDir, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TABLE audit_keys`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _, err := runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "Schlüsselzeiträume (key periods): noch keine eingetragen") {
		t.Errorf("verify of an old log: %v\n%s", err, out)
	}
}

// TestAuditVerifyEmptiedKeyTable: a table audit_keys emptied beside
// records, filled again by the next start, is not shown by verify as if
// the period had always been: it names the records older than the period
// (there when it was registered), German first; the start's operator log
// says that the table was empty. Before, neither said anything of it.
func TestAuditVerifyEmptiedKeyTable(t *testing.T) {
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "r1", ServiceID: "openai-api", Action: "allow"}, audit.Entry{RequestID: "r2", ServiceID: "openai-api", Action: "allow"})
	db, err := sql.Open("sqlite", filepath.Join(cfg.StateDir, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM audit_keys`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var logs syncBuffer
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a.stop()
	if !strings.Contains(logs.String(), `"level":"WARN","msg":"audit: Die Tabelle audit_keys (Schlüsselzeiträume) war leer, obwohl das Audit-Log schon Einträge hat (bis `) {
		t.Errorf("the start's log does not say that the table was empty:\n%s", logs.String())
	}
	out, _, err := runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "\n  davon 2 Einträge älter als der Zeitraum (bis ") ||
		!strings.Contains(out, "oder die Tabelle audit_keys wurde geleert und beim nächsten Start neu gefüllt; dass sie mit dieser Schlüsseldatei geschrieben sind, ist nicht geprüft (of them 2 records older than the period") {
		t.Errorf("verify after the table was emptied: %v\n%s", err, out)
	}
}

// TestStatusPageKeyPeriods: the status page lists the audit log's key
// periods as audit verify does (key id, since, records, the current one,
// the one whose key file lies in state_dir); before, only verify showed
// them. keyPeriodLines on a log with two periods, and the page of a
// running proxy (its first period, registered at the start).
func TestStatusPageKeyPeriods(t *testing.T) {
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "r1", ServiceID: "openai-api", Action: "allow"}, audit.Entry{RequestID: "r2", ServiceID: "openai-api", Action: "allow"})
	os.Rename(filepath.Join(cfg.StateDir, audit.KeyFileName), filepath.Join(t.TempDir(), "kept.json"))
	if out, err := runCLI(t, "", "audit", "new-keys", "--config", cfgPath); err != nil {
		t.Fatalf("new-keys: %v %q", err, out)
	}
	r, err := audit.OpenReader(context.Background(), audit.Config{Store: cfg.Audit.Store, Dir: cfg.StateDir})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lines := keyPeriodLines(context.Background(), r)
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Schlüsselzeitraum (key period) 1: seit (since) ") || !strings.HasSuffix(lines[0], ", 2 Einträge (records)") ||
		!strings.HasSuffix(lines[1], ", 0 Einträge (records), aktuell (current), Schlüsseldatei in state_dir (key file in state_dir)") {
		t.Errorf("key period lines: %q", lines)
	}
	if keyPeriodLines(context.Background(), nil) != nil {
		t.Error("lines without a reader")
	}

	a, get := startWithAdmin(t, config.Default())
	keys, err := audit.LoadKeys(filepath.Join(a.cfg.StateDir, audit.KeyFileName), false)
	if err != nil {
		t.Fatal(err)
	}
	_, body := get("/status", "pruefer", "revision-2026")
	want := `<td id="audit-key-periods">Schlüsselzeitraum (key period) 1: seit (since) `
	i := strings.Index(body, want)
	if i < 0 || !strings.Contains(body[i:], ", Schlüssel-ID (key id) "+audit.KeyID(keys)+", 0 Einträge (records), aktuell (current), Schlüsseldatei in state_dir (key file in state_dir)<br></td>") {
		t.Errorf("status page does not list the key period:\n%s", body)
	}
}

// TestAuditVerifyLateRecords: verify (and the status page, which writes
// the same lines) names under a key period the records a node made late
// with its keys, after the next period began (audit_keys_late), German
// first, so that an auditor knows which key file searches them. Before,
// they counted as the next period's and no line named them.
func TestAuditVerifyLateRecords(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	writeKeyPeriods(&out, audit.VerifyResult{KeyPeriods: []audit.KeyPeriod{
		{Period: 1, KeyID: strings.Repeat("a", 32), Created: at, Records: 3,
			Late: []audit.LateRange{{Node: "node-a", First: 1, Last: 2, Created: at.Add(time.Hour), Records: 2}}},
		{Period: 2, KeyID: strings.Repeat("b", 32), Created: at.Add(time.Minute), Records: 1, Current: true, KeyFile: true},
	}})
	got := out.String()
	for _, want := range []string{
		"Schlüsselzeitraum (key period) 1: seit (since) 2026-12-03T09:00:00Z, Schlüssel-ID (key id) " + strings.Repeat("a", 32) + ", 3 Einträge (records)\n" +
			"  davon 2 Einträge nachträglich (node-a:1..2): ein Knoten, der während audit new-keys weiterlief, hat sie noch mit den Schlüsseln dieses Zeitraums gemacht",
		"(of them 2 records made late (node-a:1..2)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("verify's key periods lack %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "nachträglich") != 1 {
		t.Errorf("late records named under another period too:\n%s", got)
	}
}

// TestAuditNewKeysNoWaitBeforeOpen: new-keys on a PostgreSQL log it cannot
// reach refuses without first saying it checks for up to 10s whether a
// node still writes (before, that line stood above the refusal).
func TestAuditNewKeysNoWaitBeforeOpen(t *testing.T) {
	_, cfgPath := writeConfig(t, "audit:\n  store: postgres://schleuse:geheim@127.0.0.1:1/schleuse?sslmode=disable&connect_timeout=2\n")
	_, stderr, err := runCLIErr(t, "audit", "new-keys", "--config", cfgPath)
	if err == nil || strings.Contains(stderr, "Prüfe bis zu") {
		t.Errorf("new-keys on an unreachable store: %v; stderr %q, want a refusal without the wait", err, stderr)
	}
}
