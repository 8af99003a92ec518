package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/audit"
)

// runCLIErr runs the command line in-process and returns stdout, stderr
// and the error.
func runCLIErr(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(""))
	root.SetArgs(args)
	err := execute(root)
	return out.String(), errOut.String(), err
}

// TestAuditMessagesGermanFirst: every kind of message an auditor or DPO
// meets using the audit and policy commands says it in German first, the
// English after " / ", as the other messages of these commands do. Before,
// a --config that is missing or has errors, a mistaken flag (--since), a --format or --expect the command does not
// take, a missing, foreign, damaged or locked audit.db, a missing key
// file, an unreadable candidates file, new-keys over a key file and a
// misspelt field of a policy input were said in English only.
func TestAuditMessagesGermanFirst(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "1", UserName: "anna", ServiceID: "openai-api", Action: "allow", Rules: []string{"KI-RL-2.1"}})
	state := func(cfgPath string) string { return filepath.Join(filepath.Dir(cfgPath), "state") }
	// A state directory without audit.db, one with another program's
	// database, one with a damaged file.
	_, noDB := writeConfig(t, "")
	os.MkdirAll(state(noDB), 0o700)
	_, foreign := writeConfig(t, "")
	os.MkdirAll(state(foreign), 0o700)
	db, err := sql.Open("sqlite", filepath.Join(state(foreign), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE kontakte (name TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, damagedCfg := writeConfig(t, "")
	os.MkdirAll(state(damagedCfg), 0o700)
	os.WriteFile(filepath.Join(state(damagedCfg), "audit.db"), bytes.Repeat([]byte("kein SQLite "), 400), 0o600)
	// A log without its key file: no value search.
	noKeysCfg, noKeys := writeAuditLog(t, "", audit.Entry{RequestID: "1", ServiceID: "openai-api", Action: "allow"})
	os.Remove(filepath.Join(noKeysCfg.StateDir, audit.KeyFileName))
	// A PostgreSQL log nobody listens for (port 1).
	_, pgCfg := writeConfig(t, "audit:\n  store: postgres://schleuse:geheim@127.0.0.1:1/schleuse?sslmode=disable&connect_timeout=2\n")
	dir := t.TempDir()
	badConfig := filepath.Join(dir, "kaputt.yaml")
	os.WriteFile(badConfig, []byte("log:\n  level: laut\n"), 0o600)
	badInput := filepath.Join(dir, "in.json")
	os.WriteFile(badInput, []byte(`{"service":{"id":"openai-api"},"finding":[]}`), 0o644)

	for _, tc := range []struct {
		name string
		args []string
		de   string // the message starts with it
	}{
		{"unknown flag", []string{"audit", "query", "--config", cfgPath, "--since", "2026-11-01"}, "unbekannte Option --since (gemeint ist wohl --from?)"},
		{"flag value", []string{"audit", "query", "--config", cfgPath, "--limit", "viele"}, "ungültiger Wert der Option --limit"},
		{"from", []string{"audit", "query", "--config", cfgPath, "--from", "1.11.2026"}, "--from: \"1.11.2026\" ist weder ein Tag"},
		{"month", []string{"audit", "report", "--config", cfgPath, "--month", "11/2026"}, "--month \"11/2026\" ist kein Monat"},
		{"format", []string{"audit", "verify", "--config", cfgPath, "--format", "csv"}, "--format \"csv\": gültig sind table, json"},
		{"format of query", []string{"audit", "query", "--config", cfgPath, "--format", "xml"}, "--format \"xml\": gültig sind table, json, csv"},
		{"type", []string{"audit", "query", "--config", cfgPath, "--type", "IBNA"}, "--type \"IBNA\": unbekannte Datenart"},
		{"expect", []string{"audit", "verify", "--config", cfgPath, "--expect", "vm:5"}, "--expect \"vm:5\" ist kein notierter Hash"},
		{"no config file", []string{"audit", "verify", "--config", filepath.Join(dir, "schleuse.yml")}, "Die Konfigurationsdatei " + filepath.Join(dir, "schleuse.yml") + " gibt es nicht (Pfad prüfen; auf dem Server meist /etc/schleuse/schleuse.yaml)"},
		{"config with errors", []string{"policy", "diff", "--config", badConfig, dir}, "Die Konfiguration " + badConfig + " ist fehlerhaft; schleuse config check " + badConfig + " nennt jeden Fehler"},
		{"no database", []string{"audit", "query", "--config", noDB}, "Kein Audit-Protokoll gefunden"},
		{"no database, no config", []string{"audit", "stats"}, "Kein Audit-Protokoll in ./schleuse-data"},
		{"foreign database", []string{"audit", "verify", "--config", foreign}, "Die Datenbank (" + filepath.Join(state(foreign), "audit.db") + ") enthält kein Audit-Protokoll von schleuse"},
		{"damaged", []string{"audit", "report", "--config", damagedCfg}, "Die Datei audit.db ist beschädigt oder keine SQLite-Datenbank"},
		{"postgres unreachable", []string{"audit", "query", "--config", pgCfg}, "Das Audit-Protokoll in PostgreSQL (audit.store) ist nicht erreichbar"},
		{"no key file", []string{"audit", "query", "--config", noKeys, "--value", "DE89 3704 0044 0532 0130 00"}, "Ohne lesbare Schlüsseldatei"},
		{"no key file, reveal", []string{"audit", "reveal", "--config", noKeys, "u-0123456789abcdef", "--candidates", badInput}, "Ohne lesbare Schlüsseldatei"},
		{"candidates", []string{"audit", "reveal", "--config", cfgPath, "u-0123456789abcdef", "--candidates", filepath.Join(dir, "fehlt.txt")}, "--candidates: Namensliste nicht lesbar"},
		{"new-keys", []string{"audit", "new-keys", "--config", cfgPath}, state(cfgPath) + "/audit-keys.json gibt es schon"},
		{"policy input", []string{"policy", "eval", "--input", badInput}, "--input " + badInput + ": Eingabe nicht in der Form"},
		{"policy dirs", []string{"policy", "test", dir, "--dir", "/tmp/x"}, "zwei Richtlinien-Verzeichnisse angegeben"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "no database, no config" {
				t.Chdir(t.TempDir())
			}
			_, _, err := runCLIErr(t, tc.args...)
			if err == nil {
				t.Fatalf("%v: no error", tc.args)
			}
			msg := err.Error()
			if strings.Contains(msg, "geheim") {
				t.Errorf("%v: the message shows the store's password: %s", tc.args, msg)
			}
			if !strings.HasPrefix(msg, tc.de) || !strings.Contains(msg, " / ") {
				t.Errorf("%v:\n%s\nwant it to start with %q, the English after \" / \"", tc.args, msg, tc.de)
			}
		})
	}
	// policy test counts German first.
	if out, _, err := runCLIErr(t, "policy", "test"); err != nil || !regexp.MustCompile(`(?m)^\d+ bestanden, 0 fehlgeschlagen \(\d+ passed, 0 failed\)$`).MatchString(out) {
		t.Errorf("policy test: %v\n%s", err, out)
	}
	// The policy input's own fault, German first after the heading.
	if _, _, err := runCLIErr(t, "policy", "eval", "--input", badInput); err == nil || !strings.Contains(err.Error(), `unbekanntes Feld (Tippfehler?) / json: unknown field "finding"`) {
		t.Errorf("policy eval, misspelt field: %v", err)
	}
}

// TestPolicyEvalFailureGermanFirst: policy eval of a policy whose decision
// breaks the output contract (a reason without German message: the DPO
// deleted a message's de: line) names the cause German first, with what
// the proxy does with such a request, and OPA's English after " / ".
// Before, "error" held the English alone: "policy evaluation failed:
// malformed decision: reasons[0] lacks rule or message".
func TestPolicyEvalFailureGermanFirst(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "p.rego"), []byte("package schleuse\n\ndecision := {\"action\": \"block\", \"reasons\": [{\"rule\": \"KI-RL-4.2\", \"message\": \"\"}]}\n"), 0o644)
	in := filepath.Join(t.TempDir(), "in.json")
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"},"findings":[{"type":"SECRET","count":1,"max_score":0.99}]}`), 0o644)
	out, _, err := runCLIErr(t, "policy", "eval", "--input", in, dir)
	want := `"error": "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: Begründung 1 (reasons) hat keine Regel-ID (rule) oder keine deutsche Meldung (message): fehlt in data.yaml unter messages die Zeile de: dieser Regel?; im Betrieb blockiert der Proxy so eine Anfrage (KI-RL-0.0) / policy evaluation failed: malformed decision: reasons[0] lacks rule or message"`
	if err != nil || !strings.Contains(out, want) || !strings.Contains(out, `"rule": "KI-RL-0.0"`) {
		t.Errorf("policy eval: %v\n%s\nwant %s", err, out, want)
	}
}

// TestPolicyTestWithoutTests: policy test of a policy without any test
// (richtlinie_test.rego removed) warns on stderr, German first, and still
// exits 0, as the proxy loads such a policy. Before, it said only
// "0 bestanden, 0 fehlgeschlagen", which read as a pass.
func TestPolicyTestWithoutTests(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if _, err := runCLI(t, "", "policy", "init", dir); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLIErr(t, "policy", "test", dir)
	if err != nil || strings.Contains(stderr, "keine Tests") {
		t.Fatalf("policy test of the default: %v\n%s%s", err, out, stderr)
	}
	os.Remove(filepath.Join(dir, "richtlinie_test.rego"))
	out, stderr, err = runCLIErr(t, "policy", "test", dir)
	if err != nil || !strings.Contains(out, "0 bestanden, 0 fehlgeschlagen") || !strings.HasPrefix(stderr, "Achtung: Die Richtlinie in "+dir+" hat keine Tests (keine Regel test_… in einer Datei *_test.rego).") || !strings.Contains(stderr, " / warning: the policy has no tests") {
		t.Errorf("policy test without tests: %v\n%s%s", err, out, stderr)
	}
}

// TestPolicyDataYAMLSyntaxGermanFirst: a data.yaml the DPO indented with a
// tab or left with an unclosed bracket is named with its file and the line
// at fault, German first, by policy test and by config check (run says the
// same): config.YAMLSyntaxDE, as config check names the configuration's.
// Before, OPA's English alone followed the heading ("data.yaml: error
// converting YAML to JSON: yaml: line 123: found a tab character …").
func TestPolicyDataYAMLSyntaxGermanFirst(t *testing.T) {
	for _, c := range []struct{ name, old, new, want string }{
		{"tab", "      DE_LICENSE_PLATE: redact\n", "      DE_LICENSE_PLATE: redact\n\t  PHONE: redact\n", ": data.yaml: Zeile 126: mit einem Tabulator eingerückt: YAML rückt nur mit Leerzeichen ein ("},
		{"bracket", "      block_classes: [DE_SOCIAL_SECURITY, DE_TAX_ID]", "      block_classes: [DE_SOCIAL_SECURITY, DE_TAX_ID", ": data.yaml: Zeile 136: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "richtlinie")
			if _, err := runCLI(t, "", "policy", "init", dir); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "data.yaml")
			b, _ := os.ReadFile(p)
			if !strings.Contains(string(b), c.old) {
				t.Fatalf("data.yaml lacks %q", c.old)
			}
			os.WriteFile(p, []byte(strings.Replace(string(b), c.old, c.new, 1)), 0o644)
			_, _, err := runCLIErr(t, "policy", "test", dir)
			if err == nil || !strings.HasPrefix(err.Error(), "Die Richtlinie lässt sich nicht laden"+c.want) || !strings.Contains(err.Error(), " / the policy cannot be loaded: ") {
				t.Errorf("policy test: %v\nwant it to start with %q", err, "Die Richtlinie lässt sich nicht laden"+c.want)
			}
			cfg := filepath.Join(t.TempDir(), "schleuse.yaml")
			os.WriteFile(cfg, []byte("state_dir: "+filepath.Join(t.TempDir(), "state")+"\npolicy:\n  dir: "+dir+"\n"), 0o644)
			_, _, err = runCLIErr(t, "config", "check", cfg)
			if err == nil || !strings.Contains(err.Error(), "policy.dir: Die Richtlinie in "+dir+" lässt sich nicht laden"+c.want) {
				t.Errorf("config check: %v\nwant %q", err, "lässt sich nicht laden"+c.want)
			}
		})
	}
}

// TestPolicyRegoErrorGermanFirst: a Rego file that does not parse or names
// a function that does not exist is named German first with its file and
// line by policy test and by config check. Before, the German heading was
// followed by OPA's English alone ("rego_parse_error: non-terminated
// expression", "rego_type_error: undefined function bar").
func TestPolicyRegoErrorGermanFirst(t *testing.T) {
	for _, c := range []struct{ name, add, want string }{
		{"parse", "\nkaputt := {\n", ": richtlinie.rego, Zeile 347: Schreibfehler im Rego-Code (eine Klammer, ein Komma, ein Anführungszeichen oder ein Operator fehlt oder ist zu viel; OPA nennt oft erst die Zeile danach)"},
		{"undefined function", "\nfoo := bar(1)\n", ": richtlinie.rego, Zeile 346: eine Funktion oder Regel, die es nicht gibt (Tippfehler im Namen?), oder ein Wert der falschen Art"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "richtlinie")
			if _, err := runCLI(t, "", "policy", "init", dir); err != nil {
				t.Fatal(err)
			}
			f, _ := os.OpenFile(filepath.Join(dir, "richtlinie.rego"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString(c.add)
			f.Close()
			_, _, err := runCLIErr(t, "policy", "test", dir)
			if err == nil || !strings.HasPrefix(err.Error(), "Die Richtlinie lässt sich nicht laden"+c.want+" (Fehler mit Datei:Zeile dahinter)") {
				t.Errorf("policy test: %v\nwant it to start with %q", err, "Die Richtlinie lässt sich nicht laden"+c.want)
			}
			cfg := filepath.Join(t.TempDir(), "schleuse.yaml")
			os.WriteFile(cfg, []byte("state_dir: "+filepath.Join(t.TempDir(), "state")+"\npolicy:\n  dir: "+dir+"\n"), 0o644)
			if _, _, err := runCLIErr(t, "config", "check", cfg); err == nil || !strings.Contains(err.Error(), "lässt sich nicht laden"+c.want) {
				t.Errorf("config check: %v\nwant %q", err, c.want)
			}
		})
	}
}

// TestAuditLockedGermanFirst: audit.db held locked by another program (a
// sqlite3 shell with an exclusive lock) is named as such, German first,
// once the reader's busy timeout (10 s) has passed; before, SQLite's
// "database is locked (5) (SQLITE_BUSY)" alone.
func TestAuditLockedGermanFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the busy timeout (10 s)")
	}
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "1", ServiceID: "openai-api", Action: "allow"})
	db, err := sql.Open("sqlite", "file:"+filepath.Join(cfg.StateDir, "audit.db")+"?_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	_, _, err = runCLIErr(t, "audit", "verify", "--config", cfgPath)
	if err == nil || !strings.HasPrefix(err.Error(), "Die Datei audit.db ist von einem anderen Programm gesperrt") || !strings.Contains(err.Error(), " / ") {
		t.Errorf("verify of a locked audit.db: %v", err)
	}
}

// TestAuditNoteAbsent: a --rule, --service or --group that no record of
// the whole log holds gets a note on stderr after the empty result
// (German first), exit 0; a value that is in the log but matches nothing
// with the other filters gets none. Before, a misspelt rule gave an empty
// list that looked like a clean log.
func TestAuditNoteAbsent(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "audit:\n  node: rathaus-1\n", audit.Entry{RequestID: "1", UserName: "anna", Groups: []string{"sozialamt"}, ServiceID: "openai-api", Action: "allow", Rules: []string{"KI-RL-2.1"}})
	for _, cmd := range []string{"query", "export", "stats"} {
		_, stderr, err := runCLIErr(t, "audit", cmd, "--config", cfgPath, "--rule", "KI-RL-21", "--service", "openai-api")
		if err != nil || !strings.Contains(stderr, `Hinweis: --rule "KI-RL-21": diese Regel kommt in keinem Eintrag des ganzen Protokolls vor`) || strings.Contains(stderr, "--service") {
			t.Errorf("%s --rule KI-RL-21: %v\n%s", cmd, err, stderr)
		}
		_, stderr, err = runCLIErr(t, "audit", cmd, "--config", cfgPath, "--service", "openai-ap", "--group", "Sozialamt")
		if err != nil || !strings.Contains(stderr, `Hinweis: --service "openai-ap": dieser Dienst`) || !strings.Contains(stderr, `Hinweis: --group "Sozialamt": diese Gruppe`) {
			t.Errorf("%s --service openai-ap: %v\n%s", cmd, err, stderr)
		}
		_, stderr, err = runCLIErr(t, "audit", cmd, "--config", cfgPath, "--node", "rathaus-2")
		if err != nil || !strings.Contains(stderr, `Hinweis: --node "rathaus-2": dieser Server`) {
			t.Errorf("%s --node rathaus-2: %v\n%s", cmd, err, stderr)
		}
		// In the log, only not with this action: no note.
		_, stderr, err = runCLIErr(t, "audit", cmd, "--config", cfgPath, "--rule", "KI-RL-2.1", "--action", "block")
		if err != nil || strings.Contains(stderr, "Hinweis") {
			t.Errorf("%s --rule KI-RL-2.1 --action block: %v\n%s", cmd, err, stderr)
		}
	}
	// --node selects a server's records; an empty table says it is empty.
	out, stderr, err := runCLIErr(t, "audit", "query", "--config", cfgPath, "--node", "rathaus-1", "--format", "json")
	if err != nil || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"node":"rathaus-1"`) || stderr != "" {
		t.Errorf("query --node rathaus-1: %v\n%s%s", err, out, stderr)
	}
	_, stderr, err = runCLIErr(t, "audit", "query", "--config", cfgPath, "--action", "block")
	if err != nil || !strings.HasPrefix(stderr, "Keine passenden Einträge. / No matching records.") {
		t.Errorf("query, nothing matches: %v\n%s", err, stderr)
	}
	_, stderr, _ = runCLIErr(t, "audit", "query", "--config", cfgPath, "--action", "block", "--format", "csv")
	if strings.Contains(stderr, "Keine passenden") {
		t.Errorf("query --format csv, nothing matches: %s (the header row says it)", stderr)
	}
}

// TestAuditNoteAbsentRequestID: a Vorgangsnummer that no record holds gets
// a note on stderr after the empty result, German first, with what is
// wrong with its form (a digit left out when copying, a letter that is no
// hex digit); a whole one that is not in the log is said as such; one in
// capitals finds its record. Before, all three answered only "Keine
// passenden Einträge", which read as a request that was never logged.
func TestAuditNoteAbsentRequestID(t *testing.T) {
	const id = "019ae3c2b7d1a0f3c4e5d6b7"
	_, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: id, UserName: "anna", ServiceID: "openai-api", Action: "block", Rules: []string{"KI-RL-4.2"}})
	for _, c := range []struct{ arg, want string }{
		{"Vorgangsnummer: " + id[:23] + ".", `Hinweis: --request-id "` + id[:23] + `": diese Vorgangsnummer steht in keinem Eintrag des ganzen Protokolls (eine Vorgangsnummer hat 24 Stellen (Ziffern 0–9 und Buchstaben a–f), diese hat 23). / Note:`},
		{"019ae3c2b7d1aOf3c4e5d6b7", `diese Vorgangsnummer steht in keinem Eintrag des ganzen Protokolls (eine Vorgangsnummer hat 24 Stellen, nur Ziffern 0–9 und Buchstaben a–f (diese hat andere Zeichen`},
		{"019ae3c2b7d1a0f3c4e5d6b8", `Hinweis: --request-id "019ae3c2b7d1a0f3c4e5d6b8": diese Vorgangsnummer steht in keinem Eintrag des ganzen Protokolls (abgeschrieben mit einem Fehler`},
	} {
		out, stderr, err := runCLIErr(t, "audit", "query", "--config", cfgPath, "--request-id", c.arg, "--format", "json")
		if err != nil || out != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("query --request-id %q: %v\n%s%s", c.arg, err, out, stderr)
		}
	}
	out, stderr, err := runCLIErr(t, "audit", "query", "--config", cfgPath, "--request-id", strings.ToUpper(id), "--format", "json")
	if err != nil || !strings.Contains(out, `"request_id":"`+id+`"`) || stderr != "" {
		t.Errorf("query --request-id in capitals: %v\n%s%s", err, out, stderr)
	}
}

// TestAuditQueryTableRequestID: the table of audit query shows each
// record's request id, whole, under VORGANGSNR., so that an auditor who
// searched by user or time tells which row is the one whose Vorgangsnummer
// a member of staff quoted. Before, only CSV, JSON and the web view had it.
func TestAuditQueryTableRequestID(t *testing.T) {
	ids := []string{"019ae3c2b7d1a0f3c4e5d6b7", "7064eb500db2f066b32ddccf"}
	_, cfgPath := writeAuditLog(t, "",
		audit.Entry{RequestID: ids[0], UserName: "anna", ServiceID: "openai-api", Action: "block", Rules: []string{"KI-RL-4.2"}},
		audit.Entry{RequestID: ids[1], UserName: "anna", ServiceID: "openai-api", Action: "allow"})
	out, stderr, err := runCLIErr(t, "audit", "query", "--config", cfgPath, "--action", "block")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || stderr != "" || len(lines) != 2 {
		t.Fatalf("query: %v\n%s%s", err, out, stderr)
	}
	if !regexp.MustCompile(`^ZEIT .* MS +VORGANGSNR\.$`).MatchString(lines[0]) {
		t.Errorf("header without VORGANGSNR. last:\n%s", out)
	}
	// Whole and in the header's column.
	if !strings.HasSuffix(lines[1], " "+ids[0]) || strings.Index(lines[1], ids[0]) != strings.Index(lines[0], "VORGANGSNR.") {
		t.Errorf("row does not end with its request id under VORGANGSNR.:\n%s", out)
	}
	if strings.Contains(out, ids[1]) {
		t.Errorf("the other record's id shown:\n%s", out)
	}
	help, err := runCLI(t, "", "audit", "query", "--help")
	if err != nil || !strings.Contains(help, "VORGANGSNR. (die Vorgangsnummer") {
		t.Errorf("help does not name the column: %v\n%s", err, help)
	}
}

// TestAuditVerifyExportFile: verify --file checks a copy written by audit
// export without --config or the database: as written it verifies
// (exit 0, its last hash to note), changed it fails with exit 2 and names
// the record; a CSV export, which cannot be checked, is refused with exit
// 2 too. Before, there was no way to check an exported copy.
func TestAuditVerifyExportFile(t *testing.T) {
	var entries []audit.Entry
	for i, a := range []string{"allow", "redact", "block"} {
		entries = append(entries, audit.Entry{RequestID: string(rune('a' + i)), UserName: "anna", ServiceID: "openai-api", Action: a})
	}
	_, cfgPath := writeAuditLog(t, "audit:\n  node: rathaus\n", entries...)
	out, err := runCLI(t, "", "audit", "export", "--config", cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "export.jsonl")
	os.WriteFile(file, []byte(out), 0o600)
	// The log's own verify and the copy's name the same last hash (the
	// log's also confirms the head noted in state_dir, which a copy lacks).
	logOut, err := runCLI(t, "", "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.Contains(logOut, "; zuletzt notierter Kopf Nr. 3 in ") {
		t.Fatal(err, logOut)
	}
	logOut = regexp.MustCompile(`; zuletzt notierter Kopf .* \(head noted last confirmed\)`).ReplaceAllString(logOut, "")
	// and names the log's key periods, which a copy does not hold.
	if !strings.Contains(logOut, "\nSchlüsselzeitraum (key period) 1: seit (since) ") {
		t.Errorf("the log's verify names no key period:\n%s", logOut)
	}
	logOut = regexp.MustCompile(`(?m)^Schlüsselzeitraum .*\n`).ReplaceAllString(logOut, "")
	// A copy says that only a noted hash shows records missing at its
	// end (a copy cut after a whole line verifies).
	const tailNote = "  ob am Ende der Kopie Einträge fehlen, zeigt nur ein außerhalb notierter Hash dieses Servers: --expect rathaus:SEQ:HASH oder --heads (eine Kopie seiner audit-heads) (whether records are missing at the copy's end shows only against a hash noted outside: --expect, --heads)\n"
	copyOut, _, err := runCLIErr(t, "audit", "verify", "--file", file)
	if err != nil || !strings.HasPrefix(copyOut, "Server (node) rathaus: unversehrt (ok), 3 Einträge") || !strings.Contains(copyOut, tailNote) || strings.Replace(copyOut, tailNote, "", 1) != logOut {
		t.Errorf("verify --file of the export: %v\n%s\nwant as the log's verify:\n%s", err, copyOut, logOut)
	}
	last := regexp.MustCompile(`rathaus:3:[0-9a-f]{64}`).FindString(logOut)
	if noted, _, err := runCLIErr(t, "audit", "verify", "--file", file, "--expect", last); err != nil || strings.Contains(noted, tailNote) || !strings.Contains(noted, "1 notierte(r) Hash(es) bestätigt") {
		t.Errorf("verify --file --expect %s: %v\n%s; want the noted hash confirmed, no note", last, err, noted)
	}
	lines := strings.SplitAfter(out, "\n")
	os.WriteFile(file, []byte(strings.Join(lines[:2], "")+lines[2][:len(lines[2])/2]), 0o600)
	var ec exitCode
	if _, _, err := runCLIErr(t, "audit", "verify", "--file", file); !errors.As(err, &ec) || ec.code != 2 ||
		!strings.HasPrefix(ec.msg, "Die Datei "+file+" endet mitten in Zeile 3: sie ist abgeschnitten") || !strings.Contains(ec.msg, "the export ends in the middle of line 3 (cut off)") {
		t.Errorf("verify --file of a copy cut in a line: %v", err)
	}
	stdinOut, err := runCLI(t, out, "audit", "verify", "--file", "-")
	if err != nil || strings.Replace(stdinOut, tailNote, "", 1) != logOut {
		t.Errorf("verify --file - : %v\n%s", err, stdinOut)
	}
	os.WriteFile(file, []byte(strings.Replace(out, `"action":"redact"`, `"action":"allow"`, 1)), 0o600)
	copyOut, _, err = runCLIErr(t, "audit", "verify", "--file", file)
	if !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(ec.msg, "Hash-Kette gebrochen: die Kopie weicht vom geschriebenen Protokoll ab") ||
		!strings.Contains(copyOut, "Server (node) rathaus: GEBROCHEN bei Eintrag 2: Inhalt passt nicht zu seinem Hash (Eintrag verändert)") {
		t.Errorf("verify --file of a changed copy: %v\n%s", err, copyOut)
	}
	csvOut, err := runCLI(t, "", "audit", "export", "--config", cfgPath, "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, []byte(csvOut), 0o600)
	if _, _, err := runCLIErr(t, "audit", "verify", "--file", file); !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(ec.msg, "Zeile 1 der Datei "+file+" ist kein Eintrag eines Exports") {
		t.Errorf("verify --file of a CSV export: %v", err)
	}
}

// TestAuditValueFromStdin: --value - reads the searched value from stdin,
// so that it is not in the command line (ps) nor the shell's history: it
// finds the record as --value VALUE does, in any spelling; no value on
// stdin is an error, not a search for "-". Before, the value could only
// be given on the command line.
func TestAuditValueFromStdin(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "",
		audit.Entry{RequestID: "mit", ServiceID: "openai-api", Action: "redact", Findings: map[string]int{"IBAN": 1}, Values: []audit.TypedValue{{Type: "IBAN", Value: "DE89370400440532013000"}}},
		audit.Entry{RequestID: "ohne", ServiceID: "openai-api", Action: "allow"})
	for _, cmd := range []string{"query", "export"} {
		out, err := runCLI(t, "\n  de89 3704 0044 0532 0130 00 \n", "audit", cmd, "--config", cfgPath, "--value", "-", "--format", "json")
		if err != nil || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"request_id":"mit"`) {
			t.Errorf("%s --value -: %v\n%s", cmd, err, out)
		}
	}
	out, err := runCLI(t, "DE89 3704 0044 0532 0130 00\n", "audit", "stats", "--config", cfgPath, "--value", "-", "--format", "json")
	if err != nil || !strings.Contains(out, `"requests": 1,`) {
		t.Errorf("stats --value -: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "  \n", "audit", "query", "--config", cfgPath, "--value", "-"); err == nil || !strings.HasPrefix(err.Error(), "--value -: kein Wert auf der Standardeingabe") {
		t.Errorf("--value - without a value: %v", err)
	}
}

// TestAuditStdinPrompts: a command that reads stdin says on a terminal
// what it waits for (a character device stands in for it here): reveal
// without --candidates and --value -. Before, reveal waited without a word,
// as if it hung.
func TestAuditStdinPrompts(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "1", UserName: "anna", ServiceID: "openai-api", Action: "allow"})
	for _, tc := range []struct {
		args         []string
		prompt, fail string
	}{
		{[]string{"audit", "reveal", "--config", cfgPath, "u-0123456789abcdef"}, "Mögliche Namen eingeben, einen je Zeile, Ende mit Strg+D", "keine Namen zum Vergleichen angegeben"},
		{[]string{"audit", "query", "--config", cfgPath, "--value", "-"}, "Gesuchter Wert (wird nicht gespeichert), dann Enter", "--value -: kein Wert auf der Standardeingabe"},
	} {
		tty, err := os.Open(os.DevNull) // a character device, at its end at once
		if err != nil {
			t.Fatal(err)
		}
		root := newRoot()
		var out, errOut bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&errOut)
		root.SetIn(tty)
		root.SetArgs(tc.args)
		err = execute(root)
		tty.Close()
		if !strings.HasPrefix(errOut.String(), tc.prompt) || err == nil || !strings.Contains(err.Error(), tc.fail) {
			t.Errorf("%v: %v\nstderr %q", tc.args[:2], err, errOut.String())
		}
		// From a pipe or file: no prompt.
		_, stderr, _ := runCLIErr(t, tc.args...)
		if strings.Contains(stderr, tc.prompt) {
			t.Errorf("%v from a pipe: prompt %q", tc.args[:2], stderr)
		}
	}
}

// TestAuditQueryChecksChain: a record altered in the database is not shown
// by audit query (or export) as if it were sound: stderr says German first
// which records do not verify and where the chain broke, the table marks
// them in a column KETTE, and the exit status is 2, as for a broken chain
// in verify. A record of the same stretch of the chain that is itself
// unchanged (here: found by its Vorgangsnummer) is doubted too: the chain
// no longer vouches for it. An intact log shows no column and exits 0.
// Before, query showed the altered decision without a word.
func TestAuditQueryChecksChain(t *testing.T) {
	var entries []audit.Entry
	for i := range 3 {
		entries = append(entries, audit.Entry{RequestID: fmt.Sprintf("req-%d", i), ServiceID: "openai-api", Action: "block", Rules: []string{"KI-RL-3.1"}})
	}
	cfg, cfgPath := writeAuditLog(t, "audit:\n  node: n1\n", entries...)
	out, errOut, err := runCLIErr(t, "audit", "query", "--config", cfgPath)
	if err != nil || strings.Contains(out, "KETTE") || errOut != "" {
		t.Fatalf("intact log: %v, %q, stderr %q", err, out, errOut)
	}
	execAuditDB(t, cfg, "UPDATE audit_records SET action = 'allow', rules = '' WHERE seq = 2")
	for _, args := range [][]string{{"query"}, {"query", "--format", "json"}, {"export", "--format", "csv"}, {"query", "--request-id", "req-2"}} {
		out, errOut, err := runCLIErr(t, append([]string{"audit", "--config", cfgPath}, args...)...)
		var ec exitCode
		if !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(err.Error(), "1 gezeigte(r) Eintrag/Einträge nicht bestätigt") && !strings.HasPrefix(err.Error(), "3 gezeigte(r)") {
			t.Errorf("%v: %v, want exit status 2 German first", args, err)
		}
		if !strings.HasPrefix(errOut, "WARNUNG: Server n1, Eintrag/Einträge ") || !strings.Contains(errOut, "die Hash-Kette ist bei Eintrag 2 gebrochen: Inhalt passt nicht zu seinem Hash (Eintrag verändert)") || !strings.Contains(errOut, "/ WARNING: node n1") {
			t.Errorf("%v: stderr %q", args, errOut)
		}
		if args[0] == "query" && len(args) == 1 {
			if !strings.Contains(out, "KETTE") || !regexp.MustCompile(`erlaubt \(allow\) .* GEBROCHEN bei 2\n`).MatchString(out) || strings.Count(out, "GEBROCHEN bei 2") != 3 {
				t.Errorf("table:\n%s", out)
			}
		}
		if strings.Contains(out, "KETTE") != !slices.Contains(args, "--format") {
			t.Errorf("%v: the chain column only in a table:\n%s", args, out)
		}
	}
	// stats and the usage report count the records: the chain behind
	// them is checked too, and they say so (before: the figures alone,
	// exit 0).
	for _, args := range [][]string{{"stats"}, {"stats", "--format", "json"}, {"report"}, {"report", "--format", "csv"}} {
		out, errOut, err := runCLIErr(t, append([]string{"audit", "--config", cfgPath}, args...)...)
		var ec exitCode
		if !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(err.Error(), "Hash-Kette gebrochen: die Zahlen können veränderte Einträge enthalten") {
			t.Errorf("%v: %v, want exit status 2 German first", args, err)
		}
		if !strings.HasPrefix(errOut, "WARNUNG: Server n1: die Hash-Kette der gezählten Einträge ist bei Eintrag 2 gebrochen: Inhalt passt nicht zu seinem Hash (Eintrag verändert)") || out == "" {
			t.Errorf("%v: stderr %q, stdout %q", args, errOut, out)
		}
	}
}
