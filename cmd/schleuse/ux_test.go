package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

// TestStartPortInUse: a port in use (a schleuse already running) stops the
// start with a message that names the key and what to do, German first (before
// English only, as the IT admin walk-through found), and before the
// state directory, the CA ("roll it out to the browsers") or the audit
// database are made. Before, a first start made all three, then failed
// with "bind: address already in use".
// TestStartAddressNotOnHost: a listen address the host does not have (an
// IP from another server's config) stops the start German first with the
// command that lists the host's addresses. Before, English only.
func TestStartAddressNotOnHost(t *testing.T) {
	cfg := config.Default()
	cfg.StateDir = filepath.Join(t.TempDir(), "state")
	cfg.Listen, cfg.Admin.Listen = "192.0.2.1:3128", freeAddr(t)
	a, err := start(context.Background(), cfg, discardLogger())
	if err == nil {
		a.stop()
		t.Skip("this host has 192.0.2.1")
	}
	want := "listen 192.0.2.1:3128: diese Adresse hat der Rechner nicht (`ip -br addr` listet seine Adressen; 0.0.0.0 steht für alle) / this host has no such address"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
}

// TestConfigCheckAddressNotOnHost: config check (the unit's ExecStartPre
// and ExecReload) refuses a listen address this host does not have, or a
// name that does not resolve, as run would; who holds a port is
// TestConfigCheckPortHeld's. Before, "ok", and the next start failed
// (found following docs/operations.md as the IT admin).
func TestConfigCheckAddressNotOnHost(t *testing.T) {
	if ln, err := net.Listen("tcp", "192.0.2.1:0"); err == nil {
		ln.Close()
		t.Skip("this host has 192.0.2.1")
	}
	free := freeAddr(t)
	_, cfg := writeConfig(t, "listen: "+free+"\nadmin:\n  listen: 192.0.2.1:9090\n")
	_, err := runCLI(t, "", "config", "check", cfg)
	want := "admin.listen 192.0.2.1:9090: diese Adresse hat der Rechner nicht (`ip -br addr` listet seine Adressen; 0.0.0.0 steht für alle) / this host has no such address"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), ":0") || strings.Contains(err.Error(), "listen "+free) {
		t.Errorf("config check: %v\nwant only %q", err, want)
	}
	_, cfg = writeConfig(t, "listen: "+freeAddr(t)+"\nadmin:\n  listen: schleuse.invalid:9090\n")
	if _, err := runCLI(t, "", "config", "check", cfg); err == nil || !strings.Contains(err.Error(), "admin.listen schleuse.invalid:9090: der Rechnername lässt sich nicht auflösen") {
		t.Errorf("config check of a name that does not resolve: %v", err)
	}
}

// TestConfigCheckPortHeld: config check beside the running service (the
// unit's ExecReload, an admin's check before systemctl reload) says of the
// ports that service holds that they are held by it, as information, and
// passes; a port another program holds, or another schleuse with another
// state_dir, is an error that says so and what to do (stop it, or another
// port). Before, config check listened on a free port of each host only,
// and said "ok" for a port another program held: the next start failed.
func TestConfigCheckPortHeld(t *testing.T) {
	cfg := config.Default()
	dir := t.TempDir()
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	file := func(state, listen, admin string) string {
		path := filepath.Join(t.TempDir(), "schleuse.yaml")
		os.WriteFile(path, []byte("state_dir: "+state+"\nlisten: "+listen+"\nadmin:\n  listen: "+admin+"\n"), 0o644)
		return path
	}

	// The running service's own ports.
	path := file(cfg.StateDir, cfg.Listen, cfg.Admin.Listen)
	out, err := runCLI(t, "", "config", "check", path)
	for _, want := range []string{
		path + ": info: listen " + cfg.Listen + ": belegt vom laufenden schleuse-Dienst dieser Konfiguration (state_dir " + cfg.StateDir + ") — in Ordnung / held by the running schleuse service of this configuration\n",
		path + ": info: admin.listen " + cfg.Admin.Listen + ": belegt vom laufenden schleuse-Dienst dieser Konfiguration",
	} {
		if err != nil || !strings.Contains(out, want) || !strings.HasSuffix(out, path+": ok\n") {
			t.Errorf("config check beside the running service: %v\n%s\nwant %q", err, out, want)
		}
	}

	// Another schleuse (another state_dir) on the same ports.
	_, err = runCLI(t, "", "config", "check", file(filepath.Join(dir, "other"), cfg.Listen, cfg.Admin.Listen))
	for _, want := range []string{
		"listen " + cfg.Listen + ": der Port ist von einem anderen schleuse belegt, der mit einem anderen state_dir läuft",
		"admin.listen " + cfg.Admin.Listen + ": der Port ist von einem anderen schleuse belegt",
		"/ the port is held by another schleuse, running with another state_dir: stop it or give listen another port",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config check with another schleuse on the ports: %v\nwant %q", err, want)
		}
	}

	// Another program: one that takes connections and answers nothing,
	// one that answers HTTP.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	web := httptest.NewServer(http.NotFoundHandler())
	defer web.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())
	_, err = runCLI(t, "", "config", "check", file(filepath.Join(dir, "third"), busy.Addr().String(), web.Listener.Addr().String()))
	for _, want := range []string{
		"listen " + busy.Addr().String() + ": der Port ist von einem anderen Programm belegt, schleuse könnte dort nicht starten (`ss -ltnp 'sport = :" + port + "'` nennt es): das Programm beenden oder bei listen einen anderen Port eintragen / the port is held by another program",
		"admin.listen " + web.Listener.Addr().String() + ": der Port ist von einem anderen Programm belegt",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config check with another program on the ports: %v\nwant %q", err, want)
		}
	}
}

func TestStartPortInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, key := range []string{"listen", "admin.listen"} {
		t.Run(key, func(t *testing.T) {
			cfg := config.Default()
			cfg.StateDir = filepath.Join(t.TempDir(), "state")
			cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
			if key == "listen" {
				cfg.Listen = busy.Addr().String()
			} else {
				cfg.Admin.Listen = busy.Addr().String()
			}
			_, port, _ := net.SplitHostPort(busy.Addr().String())
			a, err := start(context.Background(), cfg, discardLogger())
			if err == nil {
				a.stop()
				t.Fatal("started on a port in use")
			}
			want := key + " " + busy.Addr().String() + ": der Port ist schon belegt, von einem anderen Programm oder einem schon laufenden schleuse (`ss -ltnp 'sport = :" + port + "'` nennt es): das Programm beenden oder bei " + key + " einen anderen Port eintragen / " +
				"the port is in use by another program (a schleuse already running? `ss -ltnp 'sport = :" + port + "'` names it): stop it or give " + key + " another port"
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want it to contain %q", err, want)
			}
			if _, err := os.Stat(cfg.StateDir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("state_dir made before the port was checked: %v", err)
			}
			// The other port was given back: a second start with it works.
			if key == "admin.listen" {
				l, err := net.Listen("tcp", cfg.Listen)
				if err != nil {
					t.Fatalf("listen port kept after the failed start: %v", err)
				}
				l.Close()
			}
		})
	}
}

// TestStartedSaysWhatNext: the "schleuse started" line names what an admin
// needs next: the CA to download and roll out, the PAC file, and the
// status page, or that it is off and which key turns it on.
func TestStartedSaysWhatNext(t *testing.T) {
	attrs := func(a *app) map[string]any {
		m := map[string]any{}
		kv := a.startedAttrs()
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	a, _ := startWithAdmin(t, config.Default())
	m := attrs(a)
	admin := "http://" + a.cfg.Admin.Listen
	if m["ca_cert"] != admin+"/ca.crt" || m["pac"] != admin+"/proxy.pac" || m["status"] != admin+"/status" || m["ca_fingerprint"] != a.ca.Fingerprint() {
		t.Errorf("with admin.htpasswd: %v", m)
	}

	cfg := config.Default()
	cfg.StateDir = filepath.Join(t.TempDir(), "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	b, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer b.stop()
	if s := attrs(b)["status"]; s != "off: set admin.htpasswd for /status, /audit/ and /metrics (deploy/README.md)" {
		t.Errorf("without admin.htpasswd: status %q", s)
	}
}

// TestUnusableAdminHtpasswdStopsRun: an admin.htpasswd that cannot be used
// (MD5) stops run before it listens or writes anything, with the message
// config check gives for the same file; before, run started with the admin
// pages off and said so only in a log line.
func TestUnusableAdminHtpasswdStopsRun(t *testing.T) {
	md5 := filepath.Join(t.TempDir(), "admin.htpasswd")
	os.WriteFile(md5, []byte("pruefer:$apr1$Zx9q1b2c$0123456789abcdefghijkl\n"), 0o600)
	cfg := config.Default()
	cfg.StateDir = filepath.Join(t.TempDir(), "state")
	cfg.Listen, cfg.Admin.Listen, cfg.Admin.Htpasswd = freeAddr(t), freeAddr(t), md5
	a, err := start(context.Background(), cfg, discardLogger())
	if err == nil {
		a.stop()
		t.Fatal("run started with an unusable admin.htpasswd")
	}
	var checked []string
	for _, e := range checkReferenced(context.Background(), cfg) {
		checked = append(checked, e.Error())
	}
	if !slices.Contains(checked, err.Error()) || !strings.HasPrefix(err.Error(), "admin.htpasswd: ") {
		t.Errorf("run said %q, config check %q", err, checked)
	}
	if _, err := os.Stat(cfg.StateDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("state_dir written before the refusal: %v", err)
	}
	if l, err := net.Listen("tcp", cfg.Admin.Listen); err != nil {
		t.Errorf("admin port still taken after the refusal: %v", err)
	} else {
		l.Close()
	}
}

// TestAdminLoginMessages: a wrong admin password is answered as such (a
// browser shows the text when its login dialog is cancelled), a missing
// login says where logins come from, and admin pages that are off say why
// instead of "404 page not found".
func TestAdminLoginMessages(t *testing.T) {
	_, get := startWithAdmin(t, config.Default())
	if code, body := get("/status", "pruefer", "falsch"); code != http.StatusUnauthorized || !strings.HasPrefix(body, "Benutzername oder Passwort falsch.") {
		t.Errorf("wrong password: %d %q", code, body)
	}
	if code, body := get("/audit/", "", ""); code != http.StatusUnauthorized || !strings.HasPrefix(body, "Anmeldung erforderlich: mit einem Zugang aus admin.htpasswd") {
		t.Errorf("no login: %d %q", code, body)
	}
	if code, _ := get("/status", "pruefer", "revision-2026"); code != http.StatusOK {
		t.Errorf("right password: %d", code)
	}

	cfg := config.Default()
	cfg.StateDir = filepath.Join(t.TempDir(), "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	for path, want := range map[string]string{
		"/status":              "Statusseite, Audit-Ansicht und Metriken sind aus: in der Konfiguration ist kein admin.htpasswd eingetragen",
		"/audit/":              "kein admin.htpasswd eingetragen",
		"/metrics":             "kein admin.htpasswd eingetragen",
		"/debug/pprof/profile": "kein admin.htpasswd eingetragen",
		"/favicon.ico":         "404 page not found",
	} {
		resp, err := http.Get("http://" + cfg.Admin.Listen + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), want) {
			t.Errorf("%s without admin.htpasswd: %d %q, want 404 %q", path, resp.StatusCode, b, want)
		}
	}
}

// TestPolicyErrorsInGerman: the DPO's policy commands say what went wrong
// in German first (the help is German first already): a second init, a
// policy that does not parse, failed tests, an input of the wrong form.
// Before, each was English only ("refusing to overwrite", OPA's parse
// error, "1 policy tests failed", `json: unknown field "finding"`).
func TestPolicyErrorsInGerman(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if out, err := runCLI(t, "", "policy", "init", dir); err != nil {
		t.Fatal(err)
	} else if want := "Richtlinie nach " + dir + " geschrieben. Test: schleuse policy test " + dir + " / policy written to " + dir + "; test it: schleuse policy test " + dir + "\n"; out != want {
		// The English was missing.
		t.Errorf("init says %q, want %q", out, want)
	}
	if _, err := runCLI(t, "", "policy", "init", dir); err == nil || !strings.HasPrefix(err.Error(), "In "+dir+" liegt schon eine Richtlinie; policy init überschreibt sie nicht.") || !strings.Contains(err.Error(), "diff -r "+dir+" /tmp/richtlinie-neu") {
		t.Errorf("second init: %v", err)
	}

	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "p.rego"), []byte("package schleuse\n\ndecision := {\"action\": \"allow\" if {\n"), 0o644)
	in := filepath.Join(t.TempDir(), "in.json")
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"}}`), 0o644)
	for _, args := range [][]string{{"policy", "test", broken}, {"policy", "eval", "--input", in, broken}} {
		if _, err := runCLI(t, "", args...); err == nil || !strings.HasPrefix(err.Error(), "Die Richtlinie lässt sich nicht laden") || !strings.Contains(err.Error(), "p.rego:3") {
			t.Errorf("%v: %v", args, err)
		}
	}

	failing := t.TempDir()
	os.WriteFile(filepath.Join(failing, "p.rego"), []byte("package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"x\"}]}\n"), 0o644)
	os.WriteFile(filepath.Join(failing, "p_test.rego"), []byte("package schleuse_test\n\nimport data.schleuse\n\ntest_blocks if schleuse.decision.action == \"block\"\n\ntest_allows if schleuse.decision.action == \"allow\"\n"), 0o644)
	_, err := runCLI(t, "", "policy", "test", failing)
	var ec exitCode
	if !errors.As(err, &ec) || ec.code != 1 || !strings.HasPrefix(ec.msg, "1 von 2 Tests der Richtlinie fehlgeschlagen (oben mit FAIL oder ERROR") || strings.Contains(ec.msg, "KI-RL-0.0") {
		t.Errorf("failed test: %v", err)
	}
	// A rule that errors at run time (two values): the test ends in ERROR,
	// and the message says what that means in operation.
	os.WriteFile(filepath.Join(failing, "p.rego"), []byte("package schleuse\n\ngrenze := 1 if input.a\n\ngrenze := 5 if input.b\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"x\"}]} if grenze > 0\n"), 0o644)
	os.WriteFile(filepath.Join(failing, "p_test.rego"), []byte("package schleuse_test\n\nimport data.schleuse\n\ntest_beide if schleuse.decision.action == \"allow\" with input as {\"a\": true, \"b\": true}\n\ntest_eine if schleuse.decision.action == \"allow\" with input as {\"a\": true}\n"), 0o644)
	out, err := runCLI(t, "", "policy", "test", failing)
	if !errors.As(err, &ec) || !strings.HasPrefix(ec.msg, "1 von 2 Tests der Richtlinie fehlgeschlagen (oben mit FAIL oder ERROR und der Zeile in *_test.rego; ERROR: eine Regel bricht bei der Eingabe dieses Tests mit einem Fehler ab") ||
		!strings.Contains(ec.msg, "(KI-RL-0.0)") || !strings.Contains(out, "eval_conflict_error") {
		t.Errorf("a test that ends in an error: %v\n%s", err, out)
	}

	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"},"finding":[]}`), 0o644)
	if _, err := runCLI(t, "", "policy", "eval", "--input", in, dir); err == nil || !strings.Contains(err.Error(), "Eingabe nicht in der Form aus docs/de/richtlinie.md, Abschnitt 1") || !strings.Contains(err.Error(), `unknown field "finding"`) {
		t.Errorf("input of the wrong form: %v", err)
	}
	if _, err := runCLI(t, "", "policy", "eval", "--input", filepath.Join(dir, "fehlt.json"), dir); err == nil || !strings.HasPrefix(err.Error(), "--input: Eingabedatei nicht lesbar") {
		t.Errorf("missing input: %v", err)
	}
}

// TestAuditWithoutConfigSaysSo: an audit command run without --config
// where no ./schleuse-data is says that it read the built-in state_dir and
// that the proxy's configuration is wanted; with --config the error stays
// as it was.
func TestAuditWithoutConfigSaysSo(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []string{"query", "verify", "stats", "export"} {
		_, err := runCLI(t, "", "audit", c)
		if err == nil || !strings.Contains(err.Error(), "no audit database in ./schleuse-data") || !strings.Contains(err.Error(), "(without --config the built-in state_dir ./schleuse-data is read: give the proxy's configuration, e.g. --config /etc/schleuse/schleuse.yaml)") {
			t.Errorf("audit %s: %v", c, err)
		}
	}
	_, cfg := writeConfig(t, "")
	if _, err := runCLI(t, "", "audit", "query", "--config", cfg); err == nil || strings.Contains(err.Error(), "without --config") {
		t.Errorf("audit query --config: %v", err)
	}
}

// TestStartWithoutKeysWritesNoCA: a written audit log without its key file
// (a backup restored without it) stops run before it makes a CA and logs
// "roll it out to the browsers"; before, the new CA came first.
func TestStartWithoutKeysWritesNoCA(t *testing.T) {
	cfg, _ := writeAuditLog(t, "", audit.Entry{RequestID: "r1", ServiceID: "openai-api", Action: "allow"})
	for _, f := range []string{audit.KeyFileName, proxy.CACertFile, proxy.CAKeyFile} {
		os.Remove(filepath.Join(cfg.StateDir, f))
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	if a, err := start(context.Background(), cfg, discardLogger()); !errors.Is(err, audit.ErrKeysMissing) {
		if a != nil {
			a.stop()
		}
		t.Fatalf("start: %v, want audit.ErrKeysMissing", err)
	}
	for _, f := range []string{proxy.CACertFile, proxy.CAKeyFile, audit.KeyFileName} {
		if _, err := os.Stat(filepath.Join(cfg.StateDir, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s made by a start that failed: %v", f, err)
		}
	}
}

// TestAuditReportUsageMonthOptional: the usage line shows --month as
// optional, as it is (default: this month) and as README writes it.
func TestAuditReportUsageMonthOptional(t *testing.T) {
	out, err := runCLI(t, "", "audit", "report", "--help")
	if err != nil || !strings.Contains(out, "schleuse audit report [--month YYYY-MM] [Optionen]") {
		t.Errorf("audit report --help: %v\n%s", err, out)
	}
}

// TestUsageErrorsSayWhereHelpIs: a mistake in the command line names the
// --help of the command it was made in (the errors are silenced, and
// cobra's "Run 'schleuse --help' for usage." with them); other errors stay
// as they are.
func TestUsageErrorsSayWhereHelpIs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bogus"}, `unknown command "bogus" for "schleuse" (schleuse --help shows the usage)`},
		{[]string{"audit", "query", "--formt", "csv"}, "unknown flag: --formt (schleuse audit query --help shows the usage)"},
		{[]string{"policy", "init"}, "accepts 1 arg(s), received 0 (schleuse policy init --help shows the usage)"},
		{[]string{"policy", "eval"}, `required flag(s) "input" not set (schleuse policy eval --help shows the usage)`},
		// A typo names what was meant on the same line.
		{[]string{"rnu"}, `unknown command "rnu" for "schleuse" (did you mean "run"? schleuse --help shows the usage)`},
		// An unknown command of a group is an error too; before, the
		// group's help and exit 0.
		{[]string{"config", "print"}, `unknown command "print" for "schleuse config" (schleuse config --help shows the usage)`},
		{[]string{"audit", "qurey"}, `unknown command "qurey" for "schleuse audit" (did you mean "query"? schleuse audit --help shows the usage)`},
		{[]string{"ca", "bogus"}, `unknown command "bogus" for "schleuse ca" (schleuse ca --help shows the usage)`},
		{[]string{"completion", "fish2"}, `unknown command "fish2" for "schleuse completion" (did you mean "fish"? schleuse completion --help shows the usage)`},
		{[]string{"policy", "tset"}, `unknown command "tset" for "schleuse policy" (did you mean "test"? schleuse policy --help shows the usage)`},
	} {
		root := newRoot()
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		root.SetArgs(tc.args)
		// German first, the English after " / " (TestAuditMessagesGermanFirst).
		if err := execute(root); err == nil || !strings.HasSuffix(err.Error(), " / "+tc.want) || !strings.Contains(err.Error(), "--help zeigt den Aufruf / ") {
			t.Errorf("%v: %v, want German first and %q", tc.args, err, tc.want)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rnu"}, `unbekannter Befehl "rnu" (gemeint ist wohl "run"?); schleuse --help zeigt den Aufruf / `},
		{[]string{"audit", "query", "--until", "2026-11-30"}, `unbekannte Option --until (gemeint ist wohl --to?); schleuse audit query --help zeigt den Aufruf / unknown flag: --until (did you mean --to? `},
		// --since names no flag of verify: no suggestion.
		{[]string{"audit", "verify", "--since", "2026-11-01"}, `unbekannte Option --since; schleuse audit verify --help zeigt den Aufruf / unknown flag: --since (schleuse audit verify --help shows the usage)`},
		{[]string{"policy", "eval"}, `die Option --input fehlt; schleuse policy eval --help zeigt den Aufruf / `},
	} {
		root := newRoot()
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		root.SetArgs(tc.args)
		if err := execute(root); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%v: %v, want it to start with %q", tc.args, err, tc.want)
		}
	}
	// A group without a command still shows its help, and succeeds.
	for _, group := range []string{"config", "ca", "policy", "audit"} {
		root := newRoot()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetArgs([]string{group})
		if err := execute(root); err != nil || !strings.Contains(out.String(), "Befehle:") {
			t.Errorf("%s: %v\n%s", group, err, out.String())
		}
		// Its usage names the commands only, as before: the group does
		// nothing by itself.
		if u := out.String(); !strings.Contains(u, "Aufruf:\n  schleuse "+group+" [Befehl]\n") {
			t.Errorf("%s: usage\n%s", group, u)
		}
	}
	// "help" after a group shows its help, or its command's, as cobra's
	// "schleuse help audit query" does; before this was kept, the
	// unknown-command error said "help" was unknown (exit 1).
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"audit", "help"}, "Aufruf:\n  schleuse audit [Befehl]\n"},
		{[]string{"config", "help"}, "Aufruf:\n  schleuse config [Befehl]\n"},
		{[]string{"audit", "help", "query"}, "Aufruf:\n  schleuse audit query [Optionen]\n"},
	} {
		root := newRoot()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetArgs(tc.args)
		if err := execute(root); err != nil || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: %v\n%s", tc.args, err, out.String())
		}
	}
	// "schleuse help TOPIC" with a topic that is no command is an error
	// (exit 1); before, cobra printed "Unknown help topic" and the usage
	// and exited 0. A known topic still prints its help.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "bogus"}, `unknown help topic "bogus" for "schleuse" (schleuse --help lists the commands)`},
		{[]string{"help", "rnu"}, `unknown help topic "rnu" for "schleuse" (did you mean "run"? schleuse --help lists the commands)`},
		{[]string{"help", "audit", "qurey"}, `unknown help topic "qurey" for "schleuse audit" (did you mean "query"? schleuse audit --help lists the commands)`},
		{[]string{"help", "run", "extra"}, `unknown help topic "extra" for "schleuse run" (schleuse run --help lists the commands)`},
	} {
		root := newRoot()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&out)
		root.SetArgs(tc.args)
		if err := execute(root); err == nil || !strings.HasSuffix(err.Error(), " zeigt die Befehle / "+tc.want) || !strings.HasPrefix(err.Error(), "unbekanntes Hilfethema") {
			t.Errorf("%v: %v, want German first and %q", tc.args, err, tc.want)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "Aufruf:\n  schleuse [Befehl]\n"},
		{[]string{"help", "audit", "query"}, "Aufruf:\n  schleuse audit query [Optionen]\n"},
		{[]string{"help", "help"}, "Aufruf:\n  schleuse help [command] [Optionen]\n"},
	} {
		root := newRoot()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetArgs(tc.args)
		if err := execute(root); err != nil || !strings.Contains(out.String(), tc.want) || !strings.Contains(out.String(), "-h, --help") {
			t.Errorf("%v: %v\n%s", tc.args, err, out.String())
		}
	}
	root := newRoot()
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"audit", "help", "qurey"})
	if err := execute(root); err == nil || !strings.Contains(err.Error(), `unknown command "qurey" for "schleuse audit" (did you mean "query"?`) {
		t.Errorf("audit help qurey: %v", err)
	}
	root = newRoot()
	root.SetArgs([]string{"config", "check", filepath.Join(t.TempDir(), "fehlt.yaml")})
	if err := execute(root); err == nil || strings.Contains(err.Error(), "--help") {
		t.Errorf("an error that is no usage mistake: %v", err)
	}
}

// TestScanReadsFilesAsUploads: scan reads a Word file as the proxy reads
// an upload (its text, compressed in the file) and refuses what the proxy
// cannot read. Before, a .docx was scanned as its compressed bytes: no
// finding for a letter with an IBAN and a name, exit 0, and a PNG was
// "clean" too. UTF-8 text keeps the offsets of the input.
func TestScanReadsFilesAsUploads(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bitte überweisen Sie auf DE89 3704 0044 0532 0130 00.</w:t></w:r></w:p></w:body></w:document>`,
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	docx := filepath.Join(dir, "brief.docx")
	os.WriteFile(docx, buf.Bytes(), 0o644)
	out, err := runCLI(t, "", "scan", docx)
	if err != nil || !strings.Contains(out, `{"type":"IBAN","start":26,"end":53,`) {
		t.Errorf("scan brief.docx: %v %q", err, out)
	}
	if out, err := runCLI(t, "", "scan", "--redact", docx); err != nil || strings.TrimSpace(out) != "Bitte überweisen Sie auf [IBAN_1]." {
		t.Errorf("scan --redact brief.docx: %v %q", err, out)
	}
	png := filepath.Join(dir, "bild.png")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)
	if _, err := runCLI(t, "", "scan", png); err == nil || !strings.HasPrefix(err.Error(), png+": kein Text zu prüfen (Dateityp nicht lesbar; lesbar sind PDF, Word, Excel, PowerPoint, OpenDocument und Text); der Proxy blockiert so einen Upload / ") ||
		!strings.Contains(err.Error(), " / no text to scan (extract: unsupported file type (png)); the proxy blocks such an upload") {
		t.Errorf("scan bild.png: %v", err)
	}
	// A file that is not there and a finding type that does not exist are
	// said German first too (before, Go's "open F: no such file or
	// directory" and "detectors: unknown finding type").
	gone := filepath.Join(dir, "fehlt.txt")
	if _, err := runCLI(t, "", "scan", gone); err == nil || err.Error() != gone+" gibt es nicht / open "+gone+": no such file or directory" {
		t.Errorf("scan fehlt.txt: %v", err)
	}
	if _, err := runCLI(t, "x", "scan", "--types", "IBNA"); err == nil || !strings.HasPrefix(err.Error(), `--types "IBNA": unbekannte Datenart / unknown finding type (bekannt / known: EMAIL, PHONE, IBAN,`) {
		t.Errorf("scan --types IBNA: %v", err)
	}
	if out, err := runCLI(t, "Konto: DE89 3704 0044 0532 0130 00\n", "scan"); err != nil || !strings.Contains(out, `{"type":"IBAN","start":7,"end":34,`) {
		t.Errorf("scan of UTF-8 text from stdin: %v %q", err, out)
	}
}

// TestAuditFailureMakesNoCA: an audit store that cannot be opened (an
// unreachable PostgreSQL, a corrupt audit.db beside its keys) stops run
// before it makes the interception CA, whose "roll it out" would go with a
// proxy that does not run; so does a missing upstream.ca_files entry,
// which the server reads after the CA.
func TestAuditFailureMakesNoCA(t *testing.T) {
	noCA := func(t *testing.T, cfg *config.Config, want string) {
		t.Helper()
		a, err := start(context.Background(), cfg, discardLogger())
		if err == nil {
			a.stop()
			t.Fatal("started")
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q, want it to name %q", err, want)
		}
		for _, f := range []string{proxy.CACertFile, proxy.CAKeyFile} {
			if _, err := os.Stat(filepath.Join(cfg.StateDir, f)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s written before the start failed (%v)", f, err)
			}
		}
	}
	newCfg := func(t *testing.T) *config.Config {
		cfg := config.Default()
		cfg.StateDir = filepath.Join(t.TempDir(), "state")
		cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
		return cfg
	}
	t.Run("corrupt audit.db", func(t *testing.T) {
		cfg := newCfg(t)
		a, err := start(context.Background(), cfg, discardLogger())
		if err != nil {
			t.Fatal(err)
		}
		a.stop()
		// The CA lost (a new host, a cleaned directory), the database
		// broken beside its keys.
		os.Remove(filepath.Join(cfg.StateDir, proxy.CACertFile))
		os.Remove(filepath.Join(cfg.StateDir, proxy.CAKeyFile))
		if err := os.WriteFile(filepath.Join(cfg.StateDir, "audit.db"), bytes.Repeat([]byte("kaputt "), 4096), 0o600); err != nil {
			t.Fatal(err)
		}
		noCA(t, cfg, "audit")
	})
	t.Run("unreachable postgres", func(t *testing.T) {
		cfg := newCfg(t)
		cfg.Audit.Store = "postgres://schleuse@" + freeAddr(t) + "/audit?sslmode=disable&connect_timeout=2"
		noCA(t, cfg, "audit")
	})
	t.Run("missing upstream CA file", func(t *testing.T) {
		cfg := newCfg(t)
		cfg.Upstream.CAFiles = []string{filepath.Join(t.TempDir(), "fehlt.pem")}
		noCA(t, cfg, "upstream.ca_files: "+cfg.Upstream.CAFiles[0]+" gibt es nicht (Tippfehler? den Pfad der PEM-Datei der CA eintragen) / upstream.ca_files: open "+cfg.Upstream.CAFiles[0]+": no such file or directory")
	})
}

// TestAuthErrorsNameTheKey: an auth.* or admin.htpasswd setting that
// cannot be used is named by its key, with what to do, in config check and
// at the start alike: before, "auth: identity: htpasswd: stat …: no such
// file or directory" named the package and the system call.
func TestAuthErrorsNameTheKey(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "users.htpasswd")
	md5 := filepath.Join(dir, "md5.htpasswd")
	os.WriteFile(md5, []byte("anna:$apr1$Zx9q1b2c$0123456789abcdefghijkl\n"), 0o600)
	empty := filepath.Join(dir, "empty.htpasswd")
	os.WriteFile(empty, []byte("# noch niemand\n"), 0o600)
	for _, tc := range []struct {
		name string
		set  func(*config.Config)
		want string
	}{
		{"auth.htpasswd missing", func(c *config.Config) { c.Auth.Htpasswd = missing },
			"auth.htpasswd: " + missing + " gibt es nicht: mit 'htpasswd -B -c " + missing + " NAME' anlegen (deploy/README.md) / " + missing + " does not exist: create it with 'htpasswd -B -c " + missing + " NAME' (deploy/README.md)"},
		{"auth.htpasswd MD5", func(c *config.Config) { c.Auth.Htpasswd = md5 },
			"auth.htpasswd: " + md5 + ": Zeile 1: Hash-Verfahren $apr1$ (MD5) wird nicht unterstützt, nur bcrypt: das Passwort mit htpasswd -B neu setzen / line 1: unsupported hash scheme $apr1$ (MD5): only bcrypt is accepted (htpasswd -B)"},
		{"auth.htpasswd without users", func(c *config.Config) { c.Auth.Htpasswd = empty },
			"auth.htpasswd: " + empty + ": kein Benutzer eingetragen: einen mit 'htpasswd -B DATEI NAME' anlegen / no users: add one with 'htpasswd -B FILE NAME'"},
		{"admin.htpasswd missing", func(c *config.Config) { c.Admin.Htpasswd = missing },
			"admin.htpasswd: " + missing + " gibt es nicht: mit 'htpasswd -B -c " + missing + " NAME' anlegen (deploy/README.md) / " + missing + " does not exist: create it with 'htpasswd -B -c " + missing + " NAME' (deploy/README.md)"},
		{"auth.ldap.base_dn", func(c *config.Config) { c.Auth.LDAP = &config.LDAP{URL: "ldaps://dc.stadt.local"} },
			"auth.ldap.base_dn: fehlt: der Teilbaum, in dem die Benutzer gesucht werden (z. B. DC=stadt,DC=local) / is required: the subtree the users are searched in (e.g. DC=stadt,DC=local)"},
		{"auth.ldap.url", func(c *config.Config) { c.Auth.LDAP = &config.LDAP{URL: "dc.stadt.local", BaseDN: "DC=stadt"} },
			"auth.ldap.url: muss ldap://Host[:Port] oder ldaps://Host[:Port] sein / must be ldap://host[:port] or ldaps://host[:port]"},
		{"auth.ldap.ca_file", func(c *config.Config) {
			c.Auth.LDAP = &config.LDAP{URL: "ldaps://dc.stadt.local", BaseDN: "DC=stadt", CAFile: missing}
		}, "auth.ldap.ca_file: open " + missing + ": no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.StateDir = filepath.Join(t.TempDir(), "state")
			cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
			tc.set(cfg)
			var checked []string
			for _, e := range checkReferenced(context.Background(), cfg) {
				checked = append(checked, e.Error())
			}
			if !slices.Contains(checked, tc.want) {
				t.Errorf("config check: %q\nwant %q", checked, tc.want)
			}
			a, err := start(context.Background(), cfg, discardLogger())
			if err == nil {
				a.stop()
				t.Fatal("started")
			}
			if err.Error() != tc.want {
				t.Errorf("run: %q\nwant %q", err, tc.want)
			}
		})
	}
}

// TestStopLeavesAuditInDB: after a clean stop every record is in audit.db
// itself, so a copy of that file made after "systemctl stop" holds them.
// Before, the audit view (/audit/, open with admin.htpasswd) kept its
// connection to the database open, SQLite did not write the WAL back, and
// the records since the start were in audit.db-wal alone.
func TestStopLeavesAuditInDB(t *testing.T) {
	a, get := startWithAdmin(t, config.Default())
	if code, _ := get("/audit/", "pruefer", "revision-2026"); code != http.StatusOK {
		t.Fatalf("/audit/: %d", code)
	}
	if err := a.audit.Log(audit.Entry{RequestID: "r-stop", ServiceID: "openai-api", Action: "allow"}); err != nil {
		t.Fatal(err)
	}
	if err := a.stop(); err != nil {
		t.Fatal(err)
	}
	state := a.cfg.StateDir
	if fi, err := os.Stat(filepath.Join(state, "audit.db-wal")); err == nil && fi.Size() > 0 {
		t.Errorf("audit.db-wal holds %d bytes after the stop", fi.Size())
	}
	// audit.db alone, as a copy of it would be.
	cp := t.TempDir()
	for _, f := range []string{"audit.db", audit.KeyFileName} {
		b, err := os.ReadFile(filepath.Join(state, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(cp, f), b, 0o600)
	}
	r, err := audit.OpenReader(context.Background(), audit.Config{Dir: cp})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	recs, err := r.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].RequestID != "r-stop" {
		t.Errorf("a copy of audit.db after the stop holds %d records, want the one logged", len(recs))
	}
}

// TestConfigCheckCutAuditDB: an audit.db cut off (a copy that stopped
// short, a full disk) fails config check, the unit's ExecStartPre, as it
// stops run; before, config check said ok and the start failed after it.
func TestConfigCheckCutAuditDB(t *testing.T) {
	var entries []audit.Entry
	for i := range 300 {
		entries = append(entries, audit.Entry{RequestID: "r" + strings.Repeat("x", i%7), ServiceID: "openai-api", Action: "allow"})
	}
	cfg, path := writeAuditLog(t, "", entries...)
	if _, err := runCLI(t, "", "config", "check", path); err != nil {
		t.Fatalf("config check of a sound log: %v", err)
	}
	db := filepath.Join(cfg.StateDir, "audit.db")
	if err := os.Truncate(db, 8192); err != nil {
		t.Fatal(err)
	}
	_, err := runCLI(t, "", "config", "check", path)
	if err == nil || !strings.Contains(err.Error(), "state_dir: "+damagedDE) || !strings.Contains(err.Error(), " / audit: "+db+" is damaged") || !strings.Contains(err.Error(), "restore audit.db from a backup") {
		t.Errorf("config check of a cut-off audit.db: %v", err)
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	if a, err := start(context.Background(), cfg, discardLogger()); err == nil {
		a.stop()
		t.Error("run started on the cut-off audit.db that config check refuses")
	} else if !strings.HasPrefix(err.Error(), damagedDE) || !strings.Contains(err.Error(), " / audit: open store ") {
		t.Errorf("run: %v, want it German first", err)
	}
}

// damagedDE is how config check and run begin what they say of a damaged
// audit.db, German first as the audit commands say it; before, both said
// it in English only ("audit: … is no SQLite database …", "audit: open
// store …: file is not a database (26): …").
const damagedDE = "Die Datei audit.db ist beschädigt oder keine SQLite-Datenbank"

// TestConfigCheckDamagedAuditPages: an audit.db whose header and size are
// sound but whose pages with the records are damaged fails config check,
// naming the file and what to do, as it stops run; before, config check
// said ok and run stopped with "read chain head: database disk image is
// malformed (11)" alone.
func TestConfigCheckDamagedAuditPages(t *testing.T) {
	var entries []audit.Entry
	for i := range 300 {
		entries = append(entries, audit.Entry{RequestID: "r" + strconv.Itoa(i), ServiceID: "openai-api", Action: "allow"})
	}
	cfg, path := writeAuditLog(t, "", entries...)
	db := filepath.Join(cfg.StateDir, "audit.db")
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for i := 2 * 4096; i < len(b); i++ { // page 1, the schema, stays
		b[i] = 0xa5
	}
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = runCLI(t, "", "config", "check", path)
	if err == nil || !strings.Contains(err.Error(), "state_dir: "+damagedDE) || !strings.Contains(err.Error(), " / audit: "+db) || !strings.Contains(err.Error(), "restore audit.db from a backup") {
		t.Errorf("config check of an audit.db with damaged pages: %v", err)
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	if a, err := start(context.Background(), cfg, discardLogger()); err == nil {
		a.stop()
		t.Error("run started on the damaged audit.db that config check refuses")
	} else if !strings.Contains(err.Error(), "restore audit.db from a backup") || !strings.HasPrefix(err.Error(), damagedDE) {
		t.Errorf("run: %v, want what to do", err)
	}
}

// TestLostAuditDBWarned: a start that finds audit-keys.json but no
// audit.db, or an empty one (deleted, a restore without it), says that a
// new log begins and what to do if the old one was lost; a first start and
// a start on a log that holds records say nothing of it.
func TestLostAuditDBWarned(t *testing.T) {
	const warn = "audit: audit.db fehlte oder war leer neben audit-keys.json: ein neues Audit-Log beginnt bei Eintrag 1; ging das alte verloren, schleuse anhalten und es aus der Sicherung zurückspielen (docs/operations.md, Abschnitt 6) / audit.db was missing or empty beside audit-keys.json: a new audit log begins at record 1"
	run := func(cfg *config.Config) string {
		var logs bytes.Buffer
		cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
		a, err := start(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
		if err != nil {
			t.Fatal(err)
		}
		a.stop()
		return logs.String()
	}
	cfg, _ := writeAuditLog(t, "", audit.Entry{RequestID: "r1", ServiceID: "openai-api", Action: "allow"})
	if l := run(cfg); strings.Contains(l, warn) {
		t.Errorf("a log that holds records: %s", l)
	}
	db := filepath.Join(cfg.StateDir, "audit.db")
	for _, lose := range []func() error{func() error { return os.Remove(db) }, func() error { return os.Truncate(db, 0) }} {
		if err := lose(); err != nil {
			t.Fatal(err)
		}
		os.Remove(db + "-wal")
		if l := run(cfg); !strings.Contains(l, warn) || !strings.Contains(l, "restore it from a backup") {
			t.Errorf("audit.db lost: no warning in\n%s", l)
		}
	}
	fresh := config.Default()
	fresh.StateDir = filepath.Join(t.TempDir(), "state")
	if l := run(fresh); strings.Contains(l, warn) {
		t.Errorf("a first start: %s", l)
	}
}

// TestConfigCheckSaysEachOnce: a value refused by the file's check and by
// the check of what run loads is listed once; before, a CIDR out of range
// in auth.allowed_clients came twice, in other words. A value read as an
// earlier version read it (max_conversations -1) is a warning, no error.
func TestConfigCheckSaysEachOnce(t *testing.T) {
	_, path := writeConfig(t, "auth:\n  allowed_clients: [10.0.0.0/33, bogus]\npseudonym:\n  max_conversations: -1\n")
	out, err := runCLI(t, "", "config", "check", path)
	if err == nil || !strings.Contains(err.Error(), ": 2 Fehler / 2 errors:") || strings.Count(err.Error(), `"10.0.0.0/33"`) != 1 ||
		strings.Contains(err.Error(), "max_conversations") || !strings.Contains(out, path+": warning: pseudonym.max_conversations: -1 is read as 0") {
		t.Errorf("config check: %v\n%s", err, out)
	}
}

// TestDeprecatedValueRunsAndWarns: a file with pseudonym.max_conversations
// -1, which ran before 0d7d1606 (read as the default), passes config check
// (the unit's ExecStartPre) with a warning, and run starts with a warning
// that says what to write instead; before, both refused it after the
// upgrade, and the proxy stayed down.
func TestDeprecatedValueRunsAndWarns(t *testing.T) {
	_, path := writeConfig(t, "listen: "+freeAddr(t)+"\nadmin:\n  listen: "+freeAddr(t)+"\npseudonym:\n  max_conversations: -1\n")
	out, err := runCLI(t, "", "config", "check", path)
	if err != nil || !strings.Contains(out, path+": warning: pseudonym.max_conversations: -1 is read as 0, the default (10000 conversations), as before; write 0") ||
		!strings.HasSuffix(out, path+": ok\n") {
		t.Fatalf("config check: %v\n%s", err, out)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	a, err := start(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	defer a.stop()
	if l := logs.String(); !strings.Contains(l, `"level":"WARN","msg":"config: Ein Wert wird gelesen, wie ihn eine frühere Version las; die Datei vor dem nächsten Update ändern (setting nennt, was stattdessen) / config: a value read as an earlier version read it; change the file before the next upgrade","setting":"pseudonym.max_conversations: -1 is read as 0`) {
		t.Errorf("no warning in the log:\n%s", l)
	}
}

// TestSpilledBytesWithoutJournal: schleuse_audit_spill_bytes and the
// status page count the spill files only, not the journal, whose records
// wait a batch's time for a store that works: the gauge was above 0 at
// most scrapes under load, and SchleuseAuditSpilling (> 0 for 5 minutes)
// fired on a working store.
func TestSpilledBytesWithoutJournal(t *testing.T) {
	for _, tc := range []struct {
		st   audit.QueueStats
		want int64
	}{
		{audit.QueueStats{SpillBytes: 1356, JournalBytes: 1356}, 0}, // records waiting for the next batch
		{audit.QueueStats{SpillBytes: 5000, JournalBytes: 1000, Degraded: true}, 4000},
		{audit.QueueStats{}, 0},
	} {
		if got := spilledBytes(tc.st); got != tc.want {
			t.Errorf("spilledBytes(%+v) = %d, want %d", tc.st, got, tc.want)
		}
	}
}

// TestRunListsEveryConfigError: run (and every command that reads the
// configuration) refuses a file with values of the wrong type with every
// error of the file, each with its line or key, under the file's name, as
// config check does; before, only the decoding errors, the file named on
// the first line alone, and log.level "loud" came one start later.
func TestRunListsEveryConfigError(t *testing.T) {
	_, path := writeConfig(t, "inspect:\n  scan_history: ja\nclient:\n  idle_timeout: 5\nlog:\n  level: loud\n")
	for _, args := range [][]string{{"run", "--config", path}, {"audit", "stats", "--config", path}} {
		_, err := runCLI(t, "", args...)
		// German first, each line and the count (before: English only).
		want := "config " + path + ": 3 Fehler / 3 errors:\n" +
			"  Zeile 3: inspect.scan_history: „ja“ ist nicht true oder false / line 3: inspect.scan_history: \"ja\" is not true or false\n" +
			"  Zeile 5: client.idle_timeout: „5“ ist keine Dauer: eine Zahl mit ihrer Einheit schreiben, z. B. 30s, 5m, 2h (ein Jahr: 8760h) / line 5: client.idle_timeout: \"5\" is not a duration: write a number with its unit, e.g. 30s, 5m, 2h (a year: 8760h)\n" +
			"  Zeile 7: log.level: „loud“ ist nicht debug, info, warn oder error / line 7: log.level: \"loud\" is not debug, info, warn or error"
		if args[0] == "audit" {
			// German first for the auditor (loadDE), the list as run's.
			want = "Die Konfiguration " + path + " ist fehlerhaft; schleuse config check " + path + " nennt jeden Fehler mit seiner Zeile / " + want
		}
		if err == nil || err.Error() != want {
			t.Errorf("%v: %v\nwant %s", args[:2], err, want)
		}
	}
	// One error stays on one line, with the file.
	_, path = writeConfig(t, "log:\n  level: loud\n")
	if _, err := runCLI(t, "", "run", "--config", path); err == nil || err.Error() != "config "+path+": Zeile 3: log.level: „loud“ ist nicht debug, info, warn oder error / line 3: log.level: \"loud\" is not debug, info, warn or error" {
		t.Errorf("one error: %v", err)
	}
}

// TestPolicyDirMissingOrEmpty: policy test, eval and diff on a directory
// that does not exist or holds no .rego file (a typo, the wrong one) say
// so in German first, naming the directory and the command that writes a
// policy there (diff after "NEU DIR: "). Before, they said "Die Richtlinie lässt sich nicht laden
// (Fehler mit Datei:Zeile dahinter)", then Go's "stat DIR: no such file
// or directory" or "no .rego files": there was no file and no line.
func TestPolicyDirMissingOrEmpty(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "richtlinie")
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "data.yaml"), []byte("gruppen: {}\n"), 0o644)
	in := filepath.Join(t.TempDir(), "in.json")
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"}}`), 0o644)
	for dir, want := range map[string]string{
		missing: "Das Richtlinien-Verzeichnis " + missing + " gibt es nicht",
		empty:   "In " + empty + " liegt keine Richtlinie (keine .rego-Datei",
	} {
		for _, args := range [][]string{{"policy", "test", dir}, {"policy", "eval", "--input", in, dir}, {"policy", "diff", dir}} {
			_, err := runCLI(t, "", args...)
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "schleuse policy init "+dir) || strings.Contains(err.Error(), "Datei:Zeile") {
				t.Errorf("%v: %v, want %q and the init command", args, err, want)
			}
		}
	}
}

// TestRunPolicyDirMissingOrEmpty: run and config check with a policy.dir
// or policy.shadow_dir that does not exist or holds no .rego file (a typo
// in the path, a relative path read from another working directory) say so
// in German first as policy test does, with the key, the absolute path a
// relative one was read as, and the policy init command. Before, run
// stopped with "policy: stat ./richtlinie: no such file or directory"
// alone, config check with "policy.dir: policy: stat …", English only.
func TestRunPolicyDirMissingOrEmpty(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "data.yaml"), []byte("gruppen: {}\n"), 0o644)
	t.Chdir(t.TempDir())
	abs, _ := filepath.Abs("richtlinie")
	for _, tc := range []struct{ key, dir, want string }{
		{"policy.dir", "richtlinie", "policy.dir: Das Richtlinien-Verzeichnis richtlinie (" + abs + ") gibt es nicht"},
		{"policy.shadow_dir", "richtlinie", "policy.shadow_dir: Das Richtlinien-Verzeichnis richtlinie (" + abs + ") gibt es nicht"},
		{"policy.dir", empty, "policy.dir: In " + empty + " liegt keine Richtlinie (keine .rego-Datei"},
	} {
		key := strings.TrimPrefix(tc.key, "policy.")
		_, path := writeConfig(t, "listen: 127.0.0.1:0\nadmin:\n  listen: 127.0.0.1:0\npolicy:\n  "+key+": "+tc.dir+"\n")
		for _, args := range [][]string{{"run", "--config", path}, {"config", "check", path}} {
			out, err := runCLI(t, "", args...)
			msg := out
			if err != nil {
				msg += err.Error()
			}
			if err == nil || !strings.Contains(msg, tc.want) || !strings.Contains(msg, "schleuse policy init "+tc.dir) {
				t.Errorf("%s %v: %v\n%s\nwant %q and the init command", tc.key, args, err, out, tc.want)
			}
		}
	}
}

// TestRunPolicyNotLoadable: run and config check with a policy.dir or
// policy.shadow_dir whose tests fail or that does not parse say so in
// German first, with the policy test command for that directory, and
// OPA's words after " / " (file:line, the failed test). Before, both said
// OPA's English alone ("policy /x: 1 test(s) failed: …", "policy /x: 1
// error occurred during loading: …"), run without even the key.
func TestRunPolicyNotLoadable(t *testing.T) {
	failing, broken := filepath.Join(t.TempDir(), "richtlinie"), filepath.Join(t.TempDir(), "richtlinie")
	for _, d := range []string{failing, broken} {
		if err := policies.WriteDefault(d); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(failing, "eigene_test.rego"), []byte("package schleuse_test\n\ntest_eigene_regel if {\n\tfalse\n}\n"), 0o644)
	os.WriteFile(filepath.Join(broken, "kaputt.rego"), []byte("package schleuse\n\nkaputt if {\n\tinput.x ==\n}\n"), 0o644)
	for _, tc := range []struct{ key, dir, de, en string }{
		{"policy.dir", failing, "policy.dir: 1 Test(s) der Richtlinie in " + failing + " schlagen fehl (schleuse policy test " + failing + " zeigt sie", "/ 1 policy test(s) fail: policy " + failing + ": 1 test(s) failed: eigene_test.rego:3"},
		{"policy.shadow_dir", failing, "policy.shadow_dir: 1 Test(s) der Richtlinie in " + failing + " schlagen fehl", "test_eigene_regel"},
		{"policy.dir", broken, "policy.dir: Die Richtlinie in " + broken + " lässt sich nicht laden: kaputt.rego, Zeile 5: Schreibfehler im Rego-Code (eine Klammer, ein Komma, ein Anführungszeichen oder ein Operator fehlt oder ist zu viel; OPA nennt oft erst die Zeile danach) (Fehler mit Datei:Zeile dahinter; schleuse policy test " + broken + " nennt denselben)", "/ the policy cannot be loaded: policy " + broken + ": 1 error occurred during loading: kaputt.rego:"},
	} {
		key := strings.TrimPrefix(tc.key, "policy.")
		_, path := writeConfig(t, "listen: "+freeAddr(t)+"\nadmin:\n  listen: "+freeAddr(t)+"\npolicy:\n  "+key+": "+tc.dir+"\n")
		for _, args := range [][]string{{"run", "--config", path}, {"config", "check", path}} {
			out, err := runCLI(t, "", args...)
			msg := out
			if err != nil {
				msg += err.Error()
			}
			if err == nil || !strings.Contains(msg, tc.de) || !strings.Contains(msg, tc.en) || strings.Index(msg, tc.de) > strings.Index(msg, tc.en) {
				t.Errorf("%s %s %v: %v\n%s\nwant %q, then %q", tc.key, filepath.Base(filepath.Dir(tc.dir)), args, err, out, tc.de, tc.en)
			}
		}
	}
}

// TestMissingConfigInGerman: a --config that does not exist is said
// German first by the commands IT runs too (run, config check, ca, scan),
// as the audit and policy commands said it already, with where the
// service's file is. Before, "config: open F: no such file or directory".
func TestMissingConfigInGerman(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schleuse.yml")
	want := "Die Konfigurationsdatei " + path + " gibt es nicht (Pfad prüfen; auf dem Server meist /etc/schleuse/schleuse.yaml) / config: open " + path + ": no such file or directory"
	for _, args := range [][]string{{"run", "--config", path}, {"config", "check", path}, {"ca", "show", "--config", path}, {"scan", "--config", path}, {"audit", "verify", "--config", path}} {
		_, err := runCLI(t, "Hallo", args...)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Count(err.Error(), "Die Konfigurationsdatei") != 1 {
			t.Errorf("%v: %v, want %q once", args, err, want)
		}
	}
}

// TestConfigCheckEmptyFileWarns: config check of a file that holds no
// setting (cut to nothing, a template rendered empty) still says ok (the
// defaults are a valid configuration) but warns that every value is the
// default and where run would make a new CA and audit log; run logs the
// same. Before, "ok" alone.
func TestConfigCheckEmptyFileWarns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schleuse.yaml")
	if err := os.WriteFile(path, []byte("# schleuse\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "", "config", "check", path)
	if err != nil || !strings.Contains(out, path+": warning: Die Datei enthält keine Einstellung (leer oder nur Kommentare): jeder Wert ist der eingebaute Standard") ||
		!strings.Contains(out, "state_dir ./schleuse-data") || !strings.HasSuffix(out, path+": ok\n") {
		t.Errorf("config check of a file without a setting: %v\n%s", err, out)
	}
	_, full := writeConfig(t, "")
	if out, err := runCLI(t, "", "config", "check", full); err != nil || strings.Contains(out, "holds no setting") {
		t.Errorf("config check of a file with state_dir: %v\n%s", err, out)
	}
	var logs bytes.Buffer
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	logDeprecated(slog.New(slog.NewTextHandler(&logs, nil)), cfg)
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), `msg="config: Die Datei enthält keine Einstellung (leer oder nur Kommentare)`) || !strings.Contains(logs.String(), " / the file holds no setting") {
		t.Errorf("run's log of a file without a setting: %q", logs.String())
	}
}

// TestServiceHostConflictSaysWhatToDo: a configuration whose own entry of
// services: names a host that this version catalogues as an inspected
// built-in (chatgpt.com under an entry of its own, written before) is
// refused by config check and by run with the same message, German first,
// that says what to do: drop the host from the own entry, or change the
// built-in by its id. Before, both said "host chatgpt.com is in both
// chatgpt-web and chat-intern" alone.
func TestServiceHostConflictSaysWhatToDo(t *testing.T) {
	_, path := writeConfig(t, "listen: 127.0.0.1:0\nadmin:\n  listen: 127.0.0.1:0\nservices:\n  - {id: chat-intern, name: ChatGPT intern, hosts: [chatgpt.com], mode: inspect}\n")
	want := "services: Host chatgpt.com steht im eigenen Eintrag chat-intern unter services: und im eingebauten Dienst chatgpt-web, den schleuse prüft " +
		"(eine neuere Fassung kann Hosts in den Katalog aufnehmen; ein eigener Eintrag darf einen Dienst nicht unbemerkt abschwächen): " +
		"den Host aus dem Eintrag chat-intern streichen oder den eingebauten Dienst mit seiner id ändern, {id: chatgpt-web, …} " +
		"(docs/operations.md, Abschnitt 1, „Der Katalog“) / host chatgpt.com is in both chatgpt-web (built in, inspected) and chat-intern " +
		"(an entry of services:): drop the host from chat-intern, or change the built-in service by its id, {id: chatgpt-web, ...}"
	_, err := runCLI(t, "", "config", "check", path)
	if err == nil || err.Error() != path+": 1 Fehler / 1 error:\n  "+want {
		t.Errorf("config check: %v\nwant %s: %s", err, path, want)
	}
	if _, err := runCLI(t, "", "run", "--config", path); err == nil || err.Error() != want {
		t.Errorf("run: %v\nwant %s", err, want)
	}
	// Done as it says: the built-in changed by its id starts.
	_, fixed := writeConfig(t, "listen: 127.0.0.1:0\nadmin:\n  listen: 127.0.0.1:0\nservices:\n  - {id: chatgpt-web, name: ChatGPT intern, hosts: [chatgpt.com], mode: inspect}\n")
	if out, err := runCLI(t, "", "config", "check", fixed); err != nil || !strings.HasSuffix(out, ": ok\n") {
		t.Errorf("the entry changed as the message says: %v %s", err, out)
	}
}
