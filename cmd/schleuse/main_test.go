package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/spf13/cobra"
	"go.opentelemetry.io/otel/sdk/resource"
	"golang.org/x/crypto/bcrypt"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/krbtest"
	"github.com/schleuse/schleuse/internal/logsink"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

// runCLI runs the command line in-process and returns stdout and the error.
func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(io.Discard)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func writeConfig(t *testing.T, body string) (dir, path string) {
	dir = t.TempDir()
	path = filepath.Join(dir, "schleuse.yaml")
	body = "state_dir: " + filepath.Join(dir, "state") + "\n" + body
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// TestCAWithoutConfigSaysWhere: the ca commands without --config (and
// without --dir) work on the built-in state_dir, ./schleuse-data of the
// working directory; on a server that is not the service's. ca show and
// ca export say so when they find no CA there, and ca init says where it
// wrote. Before, "sudo -u schleuse schleuse ca init --force", as the
// operations manual wrote it for an expired CA, made a CA in the working
// directory without a word and left the expired one in force. With
// --config or --dir nothing more is said; ca show of an expired CA names
// the command with the configuration it was given. Each says it German
// first (before, English only).
func TestCAWithoutConfigSaysWhere(t *testing.T) {
	t.Chdir(t.TempDir())
	const server = "--config /etc/schleuse/schleuse.yaml"
	for _, args := range [][]string{{"ca", "show"}, {"ca", "export"}} {
		if _, _, err := runCLIErr(t, args...); err == nil || !strings.HasPrefix(err.Error(), "keine CA in ./schleuse-data (ca.pem und ca-key.pem fehlen): schleuse ca init legt eine an, run tut es im state_dir / no CA in ./schleuse-data") ||
			!strings.Contains(err.Error(), "(ohne --config: ./schleuse-data ist das eingebaute state_dir; das des Dienstes steht in seiner Konfiguration: "+server+" / no --config: ./schleuse-data is the built-in state_dir") {
			t.Errorf("%v without --config: %v", args, err)
		}
	}
	out, errOut, err := runCLIErr(t, "ca", "init")
	if err != nil || !strings.HasPrefix(out, "CA geschrieben nach schleuse-data/ca.pem (Schlüssel schleuse-data/ca-key.pem, Modus 0600) / CA written to schleuse-data/ca.pem") || !strings.HasPrefix(errOut, "Hinweis: ohne --config liegt die CA in ./schleuse-data, nicht im state_dir des Dienstes") || !strings.Contains(errOut, server) {
		t.Errorf("ca init without --config: %v\n%s\n%s", err, out, errOut)
	}
	if _, _, err := runCLIErr(t, "ca", "show"); err != nil {
		t.Errorf("ca show of the CA made: %v", err)
	}
	_, cfg := writeConfig(t, "")
	for _, args := range [][]string{{"ca", "init", "--config", cfg}, {"ca", "init", "--dir", t.TempDir()}} {
		if _, errOut, err := runCLIErr(t, args...); err != nil || errOut != "" {
			t.Errorf("%v: %v, stderr %q", args, err, errOut)
		}
	}
	if _, _, err := runCLIErr(t, "ca", "show", "--config", filepath.Join(t.TempDir(), "x.yaml")); err == nil || strings.Contains(err.Error(), "built-in state_dir") {
		t.Errorf("ca show with a --config: %v", err)
	}
	dir, cfg := writeConfig(t, "")
	state := filepath.Join(dir, "state")
	os.MkdirAll(state, 0o700)
	testpki.WriteStateCA(state, time.Now().AddDate(-2, 0, 0), time.Now().AddDate(0, 0, -1))
	if out, err := runCLI(t, "", "ca", "show", "--config", cfg); err != nil || !strings.Contains(out, "(sudo -u schleuse schleuse ca init --force --config "+cfg+")") {
		t.Errorf("ca show of an expired CA: %v\n%s", err, out)
	}
}

func TestCAInitShowExport(t *testing.T) {
	dir, cfg := writeConfig(t, "")
	out, err := runCLI(t, "", "ca", "init", "--config", cfg)
	if err != nil || !strings.Contains(out, "SHA-256:") {
		t.Fatalf("ca init: %v %s", err, out)
	}
	key := filepath.Join(dir, "state", "ca-key.pem")
	st, err := os.Stat(key)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key: %v %v", st, err)
	}
	before, _ := os.ReadFile(key)
	// It names --force and the rotation without an outage (--dir); before,
	// only --force, which breaks every browser until the new CA is out.
	if _, err := runCLI(t, "", "ca", "init", "--config", cfg); err == nil || !strings.Contains(err.Error(), "--force") ||
		!strings.Contains(err.Error(), "mit --dir in einem anderen Verzeichnis") || !strings.Contains(err.Error(), "docs/security.md, Rotation") {
		t.Fatalf("second init: %v", err)
	}
	if after, _ := os.ReadFile(key); !bytes.Equal(before, after) {
		t.Fatal("second init changed the key")
	}
	show, err := runCLI(t, "", "ca", "show", "--config", cfg)
	if err != nil || !strings.Contains(show, "Not after:") || !strings.Contains(show, "schleuse Interception CA") {
		t.Fatalf("show: %v %s", err, show)
	}
	pemOut, _ := runCLI(t, "", "ca", "export", "--config", cfg)
	derOut, _ := runCLI(t, "", "ca", "export", "--format", "der", "--config", cfg)
	if !strings.HasPrefix(pemOut, "-----BEGIN CERTIFICATE-----") || len(derOut) < 200 || derOut[0] != 0x30 {
		t.Fatalf("export: %q / %d bytes", pemOut[:20], len(derOut))
	}
	if _, err := runCLI(t, "", "ca", "export", "--format", "p12", "--config", cfg); err == nil {
		t.Fatal("unknown format accepted")
	}
}

// TestCARotationDir: the next CA is created, shown and exported in its own
// directory (--dir) while the state directory's CA, audit database and keys
// stay as they are. Before, the documented rotation created it "in a new
// state directory" and switched state_dir, which started a new, empty
// audit log with new keys (other pseudonyms, unmatchable fingerprints).
func TestCARotationDir(t *testing.T) {
	dir, cfg := writeConfig(t, "")
	if _, err := runCLI(t, "", "ca", "init", "--config", cfg); err != nil {
		t.Fatal(err)
	}
	cur, _ := runCLI(t, "", "ca", "show", "--config", cfg)
	next := filepath.Join(dir, "ca-next")
	out, err := runCLI(t, "", "ca", "init", "--config", cfg, "--dir", next, "--cn", "schleuse Interception CA 2027")
	if err != nil || !strings.Contains(out, filepath.Join(next, "ca-key.pem")) {
		t.Fatalf("ca init --dir: %v %s", err, out)
	}
	// It says what comes next, with the command that exports it.
	if !strings.Contains(out, "Nächste Schritte (docs/security.md, Rotation): schleuse ca export --dir "+next+" --format der") {
		t.Errorf("ca init --dir says no next steps:\n%s", out)
	}
	if again, _ := runCLI(t, "", "ca", "show", "--config", cfg); again != cur {
		t.Errorf("the state directory's CA changed:\n%s\nwant\n%s", again, cur)
	}
	show, err := runCLI(t, "", "ca", "show", "--dir", next)
	if err != nil || !strings.Contains(show, "2027") || show == cur {
		t.Errorf("ca show --dir: %v %s", err, show)
	}
	if der, err := runCLI(t, "", "ca", "export", "--format", "der", "--dir", next); err != nil || len(der) < 200 || der[0] != 0x30 {
		t.Errorf("ca export --dir: %v (%d bytes)", err, len(der))
	}
	if st, err := os.Stat(filepath.Join(next, "ca-key.pem")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("next key: %v %v", st, err)
	}
	if !strings.Contains(out, "liegt sie in state_dir/ca-neu, bietet der Admin-Port sie auch als /ca-next.crt und /ca-next.der an") {
		t.Errorf("ca init --dir does not name the admin port's /ca-next.crt:\n%s", out)
	}
}

// TestStatusPageNextCA: a running schleuse's status page names a
// rotation's next CA (state_dir/ca-neu) with its fingerprint and validity
// and links its download, which the admin port serves as the file is;
// without one it says no rotation is in progress. Before, neither the page
// nor the port knew of the next CA.
func TestStatusPageNextCA(t *testing.T) {
	dir := t.TempDir()
	c := config.Default()
	c.StateDir = filepath.Join(dir, "state")
	c.Listen, c.Admin.Listen = freeAddr(t), freeAddr(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte("revision-2026"), bcrypt.MinCost)
	c.Admin.Htpasswd = filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(c.Admin.Htpasswd, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	a, err := start(context.Background(), c, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+c.Admin.Listen+path, nil)
		req.SetBasicAuth("pruefer", "revision-2026")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/status"); code != 200 || !strings.Contains(body, `<td id="ca-next">keine – keine Rotation im Gange`) {
		t.Errorf("status page without a next CA: %d\n%s", code, body)
	}
	if code, body := get("/ca-next.crt"); code != 404 || !strings.HasPrefix(body, "Keine CA-Rotation im Gange") {
		t.Errorf("ca-next.crt without a next CA: %d %q", code, body)
	}
	if kv := fmt.Sprint(a.startedAttrs()); strings.Contains(kv, "ca_next") {
		t.Errorf("schleuse started names a next CA without one: %s", kv)
	}
	next, err := proxy.InitCA(filepath.Join(c.StateDir, proxy.NextCADir), "schleuse Interception CA 2027", false)
	if err != nil {
		t.Fatal(err)
	}
	_, body := get("/status")
	for _, want := range []string{"schleuse Interception CA 2027, SHA-256 <code>" + next.Fingerprint() + "</code>",
		"gültig vom " + next.Cert.NotBefore.UTC().Format(time.DateOnly) + " bis " + next.Cert.NotAfter.UTC().Format(time.DateOnly),
		`<a href="/ca-next.crt">/ca-next.crt</a>`, `<a href="/ca-next.der">/ca-next.der</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("status page with a next CA lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(body, `<td id="ca-fingerprint">`+a.ca.Fingerprint()+`</td>`) {
		t.Errorf("status page: the current CA is no longer named")
	}
	if kv := fmt.Sprint(a.startedAttrs()); !strings.Contains(kv, "ca_next http://"+c.Admin.Listen+"/ca-next.crt ca_next_fingerprint "+next.Fingerprint()) {
		t.Errorf("schleuse started does not name the next CA: %s", kv)
	}
	file, _ := os.ReadFile(filepath.Join(c.StateDir, proxy.NextCADir, proxy.CACertFile))
	if code, b := get("/ca-next.crt"); code != 200 || b != string(file) {
		t.Errorf("ca-next.crt: %d, equal to the file: %v", code, b == string(file))
	}
}

func TestConfigCheck(t *testing.T) {
	_, good := writeConfig(t, "listen: 127.0.0.1:4128\n")
	if out, err := runCLI(t, "", "config", "check", good); err != nil || !strings.Contains(out, "ok") {
		t.Fatalf("good: %v %s", err, out)
	}
	for _, p := range []string{"mistral-web", "mistral", "llm-intern"} { // a service id, a provider, an added service
		_, route := writeConfig(t, "services:\n  - {id: llm-intern, provider: intern, hosts: [llm.intern.example], mode: inspect}\n"+
			"routes:\n  - {provider: "+p+", method: POST, path: /api/v2/chat, adapter: lechat}\n")
		if out, err := runCLI(t, "", "config", "check", route); err != nil || !strings.Contains(out, "ok") {
			t.Errorf("route with provider %s: %v %s", p, err, out)
		}
	}
	_, bad := writeConfig(t, "listen: 127.0.0.1:4128\nadmin:\n  listn: x\n")
	_, err := runCLI(t, "", "config", "check", bad)
	if err == nil || !strings.Contains(err.Error(), `line 4: unknown key "listn"`) {
		t.Fatalf("bad: %v", err)
	}
	// What run loads besides the file fails config check too (the unit's
	// ExecStartPre), not only the start.
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "richtlinie.rego"), []byte("package schleuse\ndecision := {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tc := range []struct{ body, want string }{
		{"policy:\n  dir: " + missing + "\n", "policy.dir"},
		{"policy:\n  dir: " + broken + "\n", "richtlinie.rego:"},
		{"auth:\n  htpasswd: " + missing + "\n", "auth.htpasswd: " + missing + " gibt es nicht: mit 'htpasswd -B -c " + missing + " NAME' anlegen (deploy/README.md) / " + missing + " does not exist: create it with 'htpasswd -B -c " + missing + " NAME'"},
		{"admin:\n  htpasswd: " + missing + "\n", "admin.htpasswd: " + missing + " gibt es nicht"},
		{"upstream:\n  ca_files: [" + missing + "]\n", "upstream.ca_files"},
		{"services:\n  - {id: x, provider: openai, hosts: [], mode: inspect}\n", "services: service x: hosts fehlen (nur ein Eintrag, der einen eingebauten Dienst ändert, darf sie weglassen) / service x: hosts missing"},
		// A typo of a built-in id names the id it probably meant.
		{"services:\n  - {id: deepsek-web, mode: tunnel}\n", `services: "deepsek-web" ist kein eingebauter Dienst, gemeint ist wohl "deepseek-web" (docs/providers.md nennt die ids); ein eigener Dienst braucht hosts / ` +
			`services: service deepsek-web: hosts missing (only an entry that changes a built-in service may leave them out); "deepsek-web" is no built-in service: did you mean "deepseek-web"?`},
		{"services:\n  - {id: x, provider: p, hosts: [chatgpt.com/x], mode: block}\n", `services: service x: Host "chatgpt.com/x" muss ein Name sein, *.Suffix, *-Suffix oder Name.*.Suffix / service x: host "chatgpt.com/x" must be a name`},
		{"services:\n  - {id: huggingchat, paths: [/chat/../x/], mode: block}\n", `services: service huggingchat: Pfad "/chat/../x/" muss ein einfacher Pfad wie /duckchat/ sein`},
		// A route's provider names a service id or provider of the catalogue;
		// an adapter's name (lechat, where Le Chat is mistral-web) never matches.
		{"routes:\n  - {provider: lechat, method: POST, path: /api/v2/chat, adapter: lechat}\n", `routes: Route 0 (POST /api/v2/chat): provider "lechat" ist weder id noch Anbieter eines Dienstes im Katalog, die Route passt daher nie / route 0 (POST /api/v2/chat): provider "lechat" is no service id`},
	} {
		_, path := writeConfig(t, tc.body)
		if _, err := runCLI(t, "", "config", "check", path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config check with %q: %v, want an error naming %s", tc.body, err, tc.want)
		}
	}
}

// TestConfigCheckReportsAll: config check reports every error of a
// configuration in one run, each with its file and line or key: keys,
// values, the files it refers to, the policy, the CA and the audit keys in
// state_dir. Before, it stopped at the first (a bad size stopped the
// decoder, a bad key hid the referenced files, the first file the rest),
// and the CA and the key file were not checked at all: run failed on them.
func TestConfigCheckReportsAll(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	pol := filepath.Join(dir, "pol")
	for _, d := range []string{state, pol} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range map[string]string{
		filepath.Join(pol, "richtlinie.rego"):   "package schleuse\ndecision := {\n",
		filepath.Join(state, "ca.pem"):          "junk",
		filepath.Join(state, "audit-keys.json"): "{}",
	} {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(dir, "missing")
	cfg := filepath.Join(dir, "schleuse.yaml")
	body := "listen: 127.0.0.1:99999\nlissten: x\nstate_dir: " + state + "\nadmin:\n  htpasswd: " + missing +
		"\n  bogus: 1\npolicy:\n  dir: " + pol + "\nauth:\n  htpasswd: " + missing + "\nupstream:\n  ca_files: [" + missing +
		"]\ninspect:\n  max_body_bytes: abc\nlog:\n  level: loud\n"
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := runCLI(t, "", "config", "check", cfg)
	if err == nil || !strings.HasPrefix(err.Error(), cfg+": 11 Fehler / 11 errors:\n") {
		t.Fatalf("config check: %v, want 11 errors", err)
	}
	for _, want := range []string{
		`Zeile 2: unbekannter Schlüssel „lissten“`, `Zeile 6: unbekannter Schlüssel „bogus“`, `Zeile 14: inspect.max_body_bytes: „abc“ ist keine Größe`,
		"Zeile 1: listen: „127.0.0.1:99999“", "Zeile 16: log.level:", "policy.dir:", "auth.htpasswd:", "admin.htpasswd:",
		"upstream.ca_files:", "state_dir: CA:", "state_dir: audit: Die Schlüsseldatei",
	} {
		if !strings.Contains(err.Error(), "\n  "+want) {
			t.Errorf("no line %q in\n%v", want, err)
		}
	}
}

// TestExpiredCAStartsFailClosed: an interception CA past its end no longer
// stops run (nor config check, the unit's ExecStartPre): config check says
// ok with a warning that says what to do, run starts with a loud error,
// /readyz and the status page say the CA failed (the proxy refuses the
// inspected services and tunnels the rest: proxy's
// TestExpiredCAFailsClosedTunnelsGoOn). Before, run did not start, and
// pac.mode all took every site down with it.
func TestExpiredCAStartsFailClosed(t *testing.T) {
	dir, cfgPath := writeConfig(t, "")
	state := filepath.Join(dir, "state")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	testpki.WriteStateCA(state, time.Now().AddDate(-2, 0, 0), time.Now().AddDate(0, 0, -1))
	// The renewal names the file checked (before, always
	// /etc/schleuse/schleuse.yaml, rev24).
	todo := "ca init --force --config " + cfgPath + ", the file run reads), roll it out (docs/security.md, Rotation) and restart"
	out, err := runCLI(t, "", "config", "check", cfgPath)
	// German first (before, English only), the English after " / ".
	if err != nil || !strings.Contains(out, cfgPath+": warning: state_dir: die Interception-CA ist am ") ||
		!strings.Contains(out, "als Dienstkonto eine neue CA anlegen (sudo -u schleuse schleuse ca init --force --config "+cfgPath+", die Datei, die run liest), verteilen") ||
		!strings.Contains(out, " / interception CA expired on ") || !strings.Contains(out, todo) || !strings.HasSuffix(out, cfgPath+": ok\n") {
		t.Errorf("config check with an expired CA: %v\n%s", err, out)
	}
	// ca show says so beside the dates.
	if out, err := runCLI(t, "", "ca", "show", "--config", cfgPath); err != nil || !strings.Contains(out, "Status:      abgelaufen") {
		t.Errorf("ca show of an expired CA: %v\n%s", err, out)
	}
	// And of one not valid yet (the clock behind), which run refuses
	// the services for as well: before, ca show said nothing of it.
	future := t.TempDir()
	testpki.WriteStateCA(future, time.Now().Add(48*time.Hour), time.Now().AddDate(5, 0, 0))
	if out, err := runCLI(t, "", "ca", "show", "--dir", future); err != nil || !strings.Contains(out, "Status:      noch nicht gültig (erst ab ") || !strings.Contains(out, "Uhr dieses Rechners prüfen") {
		t.Errorf("ca show of a CA not valid yet: %v\n%s", err, out)
	}
	var logs syncBuffer
	c := config.Default()
	c.StateDir = state
	c.Listen, c.Admin.Listen = freeAddr(t), freeAddr(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte("revision-2026"), bcrypt.MinCost)
	c.Admin.Htpasswd = filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(c.Admin.Htpasswd, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	a, err := start(context.Background(), c, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("run with an expired CA: %v", err)
	}
	defer a.stop()
	// German first (the kind of problem too), English after " / " as before.
	if l := logs.String(); !strings.Contains(l, `"level":"ERROR","msg":"Interception-CA nicht gültig (die Interception-CA ist am `) ||
		!strings.Contains(l, ` abgelaufen): CONNECTs zu den geprüften KI-Diensten werden abgewiesen (fail closed), andere Hosts getunnelt; als Dienstkonto eine neue anlegen (Befehl unter renew), verteilen (docs/security.md, Rotation) und neu starten / interception CA not valid: CONNECTs to the inspected AI services are refused (fail closed), other hosts are tunnelled`) ||
		!strings.Contains(l, `"problem":"interception CA expired on `) ||
		!strings.Contains(l, `"renew":"sudo -u schleuse schleuse ca init --force --config /etc/schleuse/schleuse.yaml, the file run reads"`) {
		t.Errorf("no loud error for the expired CA:\n%s", l)
	}
	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+c.Admin.Listen+path, nil)
		req.SetBasicAuth("pruefer", "revision-2026")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/readyz"); code != 503 || !strings.HasPrefix(body, "nicht bereit: die Interception-CA ist am ") || !strings.Contains(body, "interception CA expired on ") {
		t.Errorf("readyz with an expired CA: %d %q", code, body)
	}
	if code, body := get("/status"); code != 200 || !strings.Contains(body, `<td id="ca-state" class="err">`) || !strings.Contains(body, "KI-Dienste werden abgewiesen") {
		t.Errorf("status page with an expired CA: %d\n%s", code, body)
	}
}

// TestCAExpiryWarned: a CA that ends within 30 days is warned of by config
// check and at the start, and a running proxy logs the day it passes into
// the warning's days and the day it ends, once each.
func TestCAExpiryWarned(t *testing.T) {
	dir, cfgPath := writeConfig(t, "")
	state := filepath.Join(dir, "state")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	testpki.WriteStateCA(state, time.Now().AddDate(-1, 0, 0), time.Now().Add(10*24*time.Hour+time.Hour))
	out, err := runCLI(t, "", "config", "check", cfgPath)
	if err != nil || !strings.Contains(out, "warning: state_dir: die Interception-CA "+filepath.Join(state, "ca.pem")+" läuft am ") || !strings.Contains(out, "(in 10 Tagen): die nächste anlegen und vorher verteilen") ||
		!strings.Contains(out, "expires on ") || !strings.Contains(out, "(in 10 days): make the next one and roll it out before then") {
		t.Errorf("config check with a CA ending in 10 days: %v\n%s", err, out)
	}
	var logs syncBuffer
	c := config.Default()
	c.StateDir = state
	c.Listen, c.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), c, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	if l := logs.String(); !strings.Contains(l, `"level":"WARN","msg":"Interception-CA läuft bald ab (not_after): die nächste anlegen und vorher verteilen (docs/security.md, Rotation); ab diesem Tag werden die geprüften KI-Dienste abgewiesen / interception CA expires soon`) || !strings.Contains(l, `"days_left":10`) {
		t.Errorf("no warning at the start:\n%s", l)
	}
	// The checks of a proxy that runs on: valid, then 30 days ahead, then past the end.
	var later syncBuffer
	b := &app{cfg: c, log: slog.New(slog.NewJSONHandler(&later, nil)), ca: a.ca}
	end := a.ca.Cert.NotAfter
	st := b.checkCA(end.Add(-40*24*time.Hour), caValid)
	st = b.checkCA(end.Add(-29*24*time.Hour), st)
	st = b.checkCA(end.Add(-28*24*time.Hour), st)
	st = b.checkCA(end.Add(time.Minute), st)
	st = b.checkCA(end.Add(time.Hour), st)
	if st != caFailed || strings.Count(later.String(), "interception CA expires soon") != 1 || strings.Count(later.String(), "interception CA not valid") != 1 {
		t.Errorf("state %d, log:\n%s", st, later.String())
	}
	// The clock set right again.
	if st = b.checkCA(end.Add(-40*24*time.Hour), st); st != caValid || !strings.Contains(later.String(), `"level":"INFO","msg":"Interception-CA wieder gültig (die Uhr wurde richtig gestellt) / interception CA valid again (the clock was set right)"`) {
		t.Errorf("state %d, log:\n%s", st, later.String())
	}
}

// TestConfigCheckNoticeKey: a notice key that others may read, or that is
// no key, fails config check as it would fail run.
func TestConfigCheckNoticeKey(t *testing.T) {
	dir, cfg := writeConfig(t, "")
	state := filepath.Join(dir, "state")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(state, "notice-key")
	os.WriteFile(key, []byte(strings.Repeat("ab", 32)+"\n"), 0o644)
	if _, err := runCLI(t, "", "config", "check", cfg); err == nil || !strings.Contains(err.Error(), "notice key") || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("config check with a notice key readable by others: %v", err)
	}
	os.Chmod(key, 0o600)
	if _, err := runCLI(t, "", "config", "check", cfg); err != nil {
		t.Errorf("config check with a good notice key: %v", err)
	}
}

// TestScanLexiconDir: the DPO's additions to the word lists are used by
// scan --lexicons and checked by config check (inspect.lexicon_dir).
func TestScanLexiconDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "special_health.txt"), []byte("# Ergänzung der DSB\nmorbus quirinus\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := "Frau Nowak leidet an Morbus Quirinus."
	if out, err := runCLI(t, in, "scan", "--types", "SPECIAL_CATEGORY"); err != nil || out != "" {
		t.Fatalf("built-in lists found %q (%v)", out, err)
	}
	out, err := runCLI(t, in, "scan", "--types", "SPECIAL_CATEGORY", "--lexicons", dir)
	if err != nil || !strings.Contains(out, `"SPECIAL_CATEGORY"`) {
		t.Fatalf("with the DPO's list: %q (%v)", out, err)
	}
	cfg := filepath.Join(t.TempDir(), "schleuse.yaml")
	if err := os.WriteFile(cfg, []byte("inspect:\n  lexicon_dir: "+dir+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "", "config", "check", cfg); err != nil || !strings.Contains(out, "ok") {
		t.Fatalf("config check with a good lexicon dir: %q %v", out, err)
	}
	// scan --config finds what the proxy with that configuration finds.
	if out, err := runCLI(t, in, "scan", "--types", "SPECIAL_CATEGORY", "--config", cfg); err != nil || !strings.Contains(out, `"SPECIAL_CATEGORY"`) {
		t.Fatalf("scan --config with inspect.lexicon_dir: %q (%v)", out, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vornamen.txt"), []byte("Xaver\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "", "config", "check", cfg); err == nil || !strings.Contains(err.Error(), "vornamen.txt") || !strings.Contains(err.Error(), "die Wortlisten in "+dir+" lassen sich nicht verwenden") {
		t.Fatalf("config check with an unknown lexicon file: %v", err)
	}
	// scan --lexicons says the same, German first; a misspelt --types is
	// still named as such, not blamed on the word lists.
	if _, err := runCLI(t, in, "scan", "--lexicons", dir); err == nil || !strings.Contains(err.Error(), "vornamen.txt") || !strings.HasPrefix(err.Error(), "die Wortlisten in ") {
		t.Fatalf("scan --lexicons with an unknown lexicon file: %v", err)
	}
	if _, err := runCLI(t, in, "scan", "--types", "IBNA", "--lexicons", dir); err == nil || strings.Contains(err.Error(), "Wortlisten") || !strings.Contains(err.Error(), "IBNA") {
		t.Fatalf("scan --types IBNA --lexicons: %v, want the type named", err)
	}
	// A directory that does not exist, a file named for it and one this
	// account may not read are said as such, German first; before, each
	// was told to name its files like those in detectors/lexicons.
	unreadable := t.TempDir()
	os.WriteFile(filepath.Join(unreadable, "special_health.txt"), []byte("Morbus Quirinus\n"), 0o644)
	os.Chmod(unreadable, 0)
	t.Cleanup(func() { os.Chmod(unreadable, 0o700) })
	rows := map[string]string{
		filepath.Join(dir, "fehlt"): "inspect.lexicon_dir: das Verzeichnis der Wortlisten " + filepath.Join(dir, "fehlt") + " gibt es nicht: den Pfad berichtigen",
		cfg:                         "inspect.lexicon_dir: " + cfg + " ist kein Verzeichnis: hier steht das Verzeichnis, in dem die Wortlisten liegen",
	}
	if os.Geteuid() != 0 { // root reads it all the same
		rows[unreadable] = "inspect.lexicon_dir: " + unreadable + " ist für dieses Benutzerkonto nicht lesbar: dem Dienstkonto"
	}
	for lexDir, want := range rows {
		bad := filepath.Join(t.TempDir(), "schleuse.yaml")
		os.WriteFile(bad, []byte("inspect:\n  lexicon_dir: "+lexDir+"\n"), 0o644)
		if _, err := runCLI(t, "", "config", "check", bad); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), " / ") {
			t.Errorf("config check with lexicon_dir %s: %v, want %q", lexDir, err, want)
		}
	}
}

func TestScanContract(t *testing.T) {
	in := "Bitte überweisen an DE89 3704 0044 0532 0130 00, danke."
	out, err := runCLI(t, in, "scan")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var f struct {
		Type       string
		Start, End int
		Score      float64
	}
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &f) != nil {
		t.Fatalf("want one JSON line, got %q", out)
	}
	if f.Type != "IBAN" || in[f.Start:f.End] != "DE89 3704 0044 0532 0130 00" || f.Score <= 0 || f.Score > 1 {
		t.Fatalf("finding %+v (%q)", f, in[f.Start:f.End])
	}
	red, err := runCLI(t, in, "scan", "--redact")
	if err != nil || red != "Bitte überweisen an [IBAN_1], danke." {
		t.Fatalf("redact: %v %q", err, red)
	}
	if out, err := runCLI(t, "Keine Daten hier.", "scan"); err != nil || out != "" {
		t.Fatalf("no findings: %v %q", err, out)
	}
	if out, _ := runCLI(t, in, "scan", "--types", "EMAIL"); out != "" {
		t.Fatalf("--types EMAIL found %q", out)
	}
	// Repeated --types add up, as comma-separated ones do.
	both, _ := runCLI(t, "IBAN DE89 3704 0044 0532 0130 00, Tel. 0228 123456\n", "scan", "--types", "IBAN", "--types", "PHONE")
	comma, _ := runCLI(t, "IBAN DE89 3704 0044 0532 0130 00, Tel. 0228 123456\n", "scan", "--types", "IBAN, PHONE")
	if !strings.Contains(both, `"IBAN"`) || !strings.Contains(both, `"PHONE"`) || both != comma {
		t.Fatalf("--types IBAN --types PHONE: %q; --types \"IBAN, PHONE\": %q", both, comma)
	}
	if _, err := runCLI(t, in, "scan", "--types", "NOPE"); err == nil {
		t.Fatal("unknown type accepted")
	}
	// Several files: each line names its file.
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte(in), 0o644)
	os.WriteFile(b, []byte("Tel. 0228 123456"), 0o644)
	out, err = runCLI(t, "", "scan", a, b)
	if err != nil || !strings.Contains(out, `"file":"`+a+`"`) || !strings.Contains(out, `"file":"`+b+`"`) {
		t.Fatalf("files: %v %s", err, out)
	}
}

func TestVersionAndPolicy(t *testing.T) {
	out, err := runCLI(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "schleuse ") {
		t.Fatalf("version: %v %q", err, out)
	}
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if _, err := runCLI(t, "", "policy", "init", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "", "policy", "init", dir); err == nil {
		t.Fatal("policy init overwrote files")
	}
	out, err = runCLI(t, "", "policy", "test", dir)
	if err != nil || !strings.Contains(out, " passed, 0 failed") || !strings.Contains(out, "Auswertung im Betrieb: übersetzt") {
		t.Fatalf("policy test: %v %s", err, out)
	}
	// The revision the status page will show, to compare after a rollout.
	if eng, err := policies.Open(context.Background(), dir); err != nil || !strings.Contains(out, "Revision: "+eng.Revision()+" (die Statusseite") {
		t.Fatalf("policy test does not print the revision: %v %s", err, out)
	}
	in := filepath.Join(t.TempDir(), "in.json")
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api","provider":"openai","host":"api.openai.com"},
	  "request":{"method":"POST","path":"/v1/chat/completions","kind":"chat","bytes":10},
	  "user":{"id":"u-1","groups":[],"authenticated":true},
	  "findings":[{"type":"SECRET","count":1,"max_score":0.99}],"counts":{"SECRET":1},
	  "topics":[],"justification":"","time":"2026-11-28T09:00:00+01:00"}`), 0o644)
	out, err = runCLI(t, "", "policy", "eval", "--dir", dir, "--input", in)
	if err != nil || !strings.Contains(out, `"action": "block"`) || !strings.Contains(out, "KI-RL-4.2") || !strings.Contains(out, `"compiled": true`) {
		t.Fatalf("policy eval: %v %s", err, out)
	}
	// test and eval take the directory the same two ways (DIR or --dir);
	// before, test took only DIR and eval only --dir.
	if out, err := runCLI(t, "", "policy", "eval", "--input", in, dir); err != nil || !strings.Contains(out, "KI-RL-4.2") {
		t.Fatalf("policy eval --input FILE DIR: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "policy", "test", "--dir", dir); err != nil || !strings.Contains(out, " passed, 0 failed") {
		t.Fatalf("policy test --dir DIR: %v %s", err, out)
	}
	if _, err := runCLI(t, "", "policy", "test", "--dir", dir, t.TempDir()); err == nil || !strings.Contains(err.Error(), "two policy directories") {
		t.Fatalf("policy test with two directories: %v", err)
	}
	// The DPO's commands explain themselves in German first.
	for _, c := range [][]string{{"policy"}, {"policy", "init"}, {"policy", "test"}, {"policy", "eval"}} {
		if out, _ := runCLI(t, "", append(c, "--help")...); !strings.Contains(out, "Richtlinie") || !strings.Contains(out, "DIR") {
			t.Errorf("%v --help is not in German first:\n%s", c, out)
		}
	}
	// A policy whose decision uses walk (a builtin with several results) works on OPA's interpreter,
	// and policy test and eval say so.
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(`package schleuse

n := count([p | walk(input.user, [p, _])])

decision := {"action": "block", "reasons": [{"rule": "W", "message": sprintf("%d", [n])}]}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, "", "policy", "test", dir)
	if err != nil || !strings.Contains(out, "Auswertung im Betrieb: OPA-Interpreter") || !strings.Contains(out, "builtin walk") {
		t.Fatalf("policy test of a policy with walk: %v %s", err, out)
	}
	out, err = runCLI(t, "", "policy", "eval", "--dir", dir, "--input", in)
	if err != nil || !strings.Contains(out, `"compiled": false`) || !strings.Contains(out, `"action": "block"`) {
		t.Fatalf("policy eval of a policy with walk: %v %s", err, out)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	handedOut.Lock()
	defer handedOut.Unlock()
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		// The kernel may give a port it just gave again once it is closed:
		// listen and admin.listen then collided ("must differ from listen").
		if !handedOut.addrs[addr] {
			handedOut.addrs[addr] = true
			return addr
		}
	}
}

// handedOut is every address freeAddr has returned in this test binary.
var handedOut = struct {
	sync.Mutex
	addrs map[string]bool
}{addrs: map[string]bool{}}

// TestStatusPageNeedsAdminLogin starts the whole app and checks the admin
// pages and the audit CLI on its log.
// TestPolicyEvalRejectsTypos: policy eval refuses an input with a
// misspelt field, finding type or topic, naming it. Before, "finding",
// "IBNA" or "hr_applicaton" were dropped or matched no rule, and eval
// showed "allow" for an input the DPO meant as a finding.
func TestPolicyEvalRejectsTypos(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ input, want string }{
		{`{"service":{"id":"openai-api"},"finding":[{"type":"IBAN","count":1}]}`, `unbekanntes Feld (Tippfehler?) / json: unknown field "finding"`},
		{`{"service":{"id":"openai-api"},"findings":[{"type":"IBNA","count":1}]}`, `findings[0].type: unbekannte Datenart / unknown finding type "IBNA"`},
		{`{"service":{"id":"openai-api"},"counts":{"iban":1}}`, `counts: unbekannte Datenart / unknown finding type "iban"`},
		{`{"service":{"id":"openai-api"},"topics":["hr_applicaton"]}`, `topics: unbekanntes Thema / unknown topic "hr_applicaton"`},
		{`{"service":{"id":"openai-api"},"findings":[{"type":"IBAN","count":1,"fields":["shema"]}]}`, `findings[0].fields: unbekannte Art von Feld / unknown field kind "shema"`},
		{`{"service":{"id":"openai-api"},"uninspected":["picture"]}`, `uninspected: unbekannte Art / unknown kind "picture"`},
	} {
		in := filepath.Join(dir, "in.json")
		os.WriteFile(in, []byte(tc.input), 0o644)
		if _, err := runCLI(t, "", "policy", "eval", "--input", in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %s", tc.input, err, tc.want)
		}
	}
	in := filepath.Join(dir, "ok.json")
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"},"findings":[{"type":"IBAN","count":1,"max_score":0.99}],"topics":["hr_application"]}`), 0o644)
	if out, err := runCLI(t, "", "policy", "eval", "--input", in); err != nil || !strings.Contains(out, `"action": "block"`) {
		t.Errorf("a correct input: %v %s", err, out)
	}
	// A category word only in schema text passes the default policy.
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"},"findings":[{"type":"SPECIAL_CATEGORY","count":3,"max_score":0.9,"fields":["schema"]}]}`), 0o644)
	if out, err := runCLI(t, "", "policy", "eval", "--input", in); err != nil || !strings.Contains(out, `"action": "allow"`) {
		t.Errorf("schema-only category words: %v %s", err, out)
	}
	// A file by address is blocked (KI-RL-3.6).
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"},"uninspected":["file_url"]}`), 0o644)
	if out, err := runCLI(t, "", "policy", "eval", "--input", in); err != nil || !strings.Contains(out, `"action": "block"`) || !strings.Contains(out, "KI-RL-3.6") {
		t.Errorf("a file by address: %v %s", err, out)
	}
}

// startWithAdmin starts the proxy on cfg (its listeners and state
// directory set here) with an admin login pruefer/revision-2026 and
// returns it with a GET on its admin listener (user "" sends no login).
func startWithAdmin(t *testing.T, cfg *config.Config) (*app, func(path, user, pass string) (int, string)) {
	t.Helper()
	return startWithAdminLog(t, cfg, discardLogger())
}

// startWithAdminLog is startWithAdmin with the app's log written to log.
func startWithAdminLog(t *testing.T, cfg *config.Config, log *slog.Logger) (*app, func(path, user, pass string) (int, string)) {
	t.Helper()
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("revision-2026"), bcrypt.MinCost)
	ht := filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(ht, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Admin.Htpasswd = ht
	a, err := start(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.stop() })
	return a, func(path, user, pass string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+path, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
}

// TestParentLoginNotShown: with a login at the parent proxy in
// upstream.proxy, the status page names the parent and the user it logs in
// as, and neither the page, nor the metrics, nor the log (a canary
// password) shows the password.
func TestParentLoginNotShown(t *testing.T) {
	const canary = "Kanarien-Geheim-7731"
	cfg := config.Default()
	cfg.Upstream.Proxy = "http://svc-schleuse:" + canary + "@127.0.0.1:3999"
	var logs bytes.Buffer
	_, get := startWithAdminLog(t, cfg, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	code, body := get("/status", "pruefer", "revision-2026")
	if code != 200 || !strings.Contains(body, `<td id="upstream-proxy">über den übergeordneten Proxy 127.0.0.1:3999, angemeldet als svc-schleuse (upstream.proxy)`) {
		t.Fatalf("status: %d, the parent and its user not named:\n%s", code, body)
	}
	_, metrics := get("/metrics", "pruefer", "revision-2026")
	if strings.Contains(body+metrics+logs.String(), canary) {
		t.Errorf("the password shows on the status page, in the metrics or the log")
	}
}

func TestStatusPageNeedsAdminLogin(t *testing.T) {
	cfg := config.Default()
	a, get := startWithAdmin(t, cfg)
	if code, _ := get("/status", "", ""); code != 401 {
		t.Fatalf("status without login: %d", code)
	}
	if code, _ := get("/status", "pruefer", "falsch"); code != 401 {
		t.Fatalf("status with a wrong password: %d", code)
	}
	code, body := get("/status", "pruefer", "revision-2026")
	if code != 200 || !strings.Contains(body, a.policy.Revision()) || !strings.Contains(body, a.ca.Fingerprint()) || !strings.Contains(body, "chatgpt-web") {
		t.Fatalf("status: %d %s", code, body)
	}
	// The catalogue with the names staff see, blocked services included.
	if !strings.Contains(body, `<tr><td>deepseek-web</td><td>DeepSeek</td><td>deepseek</td><td>chat.deepseek.com </td><td>block</td></tr>`) ||
		!strings.Contains(body, `<tr><td>duck-ai-duckduckgo</td><td>Duck.ai</td><td>duckduckgo</td><td>duckduckgo.com (nur / only /duckchat/ )</td><td>tunnel</td></tr>`) {
		t.Errorf("status does not list the blocked DeepSeek web app with its name:\n%s", body)
	}
	// The defaults a DPO must decide on: no retention period (kept
	// forever) is flagged, pseudonymised users are said.
	if !strings.Contains(body, `<td id="audit-retention"><b class="err">unbegrenzt</b>`) || !strings.Contains(body, `<td id="audit-users">pseudonymisiert`) {
		t.Errorf("status does not show the audit retention and user pseudonyms:\n%s", body)
	}
	// The first-use notice, on by default, without a contact yet.
	if !strings.Contains(body, `<td id="notice">an / on: bestätigt für / confirmed for 8760h0m0s; Fragen an / questions: <b class="err">`) {
		t.Errorf("status does not show the first-use notice's settings:\n%s", body)
	}
	// The page names the evaluator in force. (The default policy runs
	// compiled, policies' tests check that; here, on a loaded machine, the
	// check against OPA may overrun its wall-clock budget and leave the
	// interpreter on, and the page must then say that, with the reason.)
	want := `<td id="policy-evaluator">übersetzt (geprüft gegen OPA)`
	if ok, why := a.policy.Compiled(); !ok {
		want = `<td id="policy-evaluator">OPA-Interpreter / OPA interpreter: ` + template.HTMLEscapeString(why)
	}
	if !strings.Contains(body, want) {
		t.Fatalf("status does not name the evaluator (%s): %s", want, body)
	}
	// and where the policy in force comes from: a DPO who edits a
	// directory the proxy does not read sees it here.
	if !strings.Contains(body, `<td id="policy-source">eingebaute Standard-Richtlinie (policy.dir ist leer)`) {
		t.Fatalf("status does not name the policy's source: %s", body)
	}
	// and how it reaches the services (upstream.proxy, docs/operations.md §1).
	if !strings.Contains(body, `<td id="upstream-proxy">direkt (kein upstream.proxy)`) {
		t.Errorf("status does not say that the proxy dials directly: %s", body)
	}
	if code, body := get("/metrics", "pruefer", "revision-2026"); code != 200 || !strings.Contains(body, "schleuse_") {
		t.Fatalf("metrics: %d", code)
	}
	// The profiler is an admin page too: closed without login, a real CPU
	// profile (gzip'd protobuf) with it.
	if code, _ := get("/debug/pprof/heap", "", ""); code != 401 {
		t.Fatalf("profiler without login: %d", code)
	}
	if code, body := get("/debug/pprof/", "pruefer", "revision-2026"); code != 200 || !strings.Contains(body, "goroutine") {
		t.Fatalf("profiler index: %d", code)
	}
	if code, body := get("/debug/pprof/profile?seconds=1", "pruefer", "revision-2026"); code != 200 || !strings.HasPrefix(body, "\x1f\x8b") {
		t.Fatalf("CPU profile: %d, %d bytes", code, len(body))
	}
	if code, _ := get("/healthz", "", ""); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	// A request another site's page makes with the admin's cached
	// credentials (an <img> of /debug/pprof/profile starts a CPU profile)
	// is refused before the login; a link followed from another site
	// still opens a page that only shows something.
	for _, c := range []struct {
		path   string
		header map[string]string
		want   int
	}{
		{"/debug/pprof/profile?seconds=1", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, 403},
		{"/debug/pprof/trace?seconds=1", map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 403},
		{"/audit/verify", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 403},
		{"/metrics", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}, 403},
		{"/debug/pprof/profile?seconds=1", map[string]string{"Origin": "https://intranet.example"}, 403},
		{"/debug/pprof/profile?seconds=1", map[string]string{"Referer": "https://intranet.example/wiki"}, 403},
		{"/status", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 200},
		{"/debug/pprof/", map[string]string{"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 200},
		{"/debug/pprof/cmdline", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"/debug/pprof/cmdline", map[string]string{"Referer": "http://" + cfg.Admin.Listen + "/debug/pprof/"}, 200},
	} {
		req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+c.path, nil)
		req.SetBasicAuth("pruefer", "revision-2026")
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s with %v: %d, want %d", c.path, c.header, resp.StatusCode, c.want)
		}
	}
}

// TestAuditQuerySaysWhenCut: query and export say on stderr when --limit
// cut the result. Before, `audit query` showed the oldest 1000 matching
// records without a word, and an auditor took them for all.
func TestAuditQuerySaysWhenCut(t *testing.T) {
	var entries []audit.Entry
	for i := range 3 {
		entries = append(entries, audit.Entry{RequestID: fmt.Sprint(i), ServiceID: "openai-api", Action: "block", Rules: []string{"KI-RL-4.2"}, Findings: map[string]int{"DE_TAX_ID": 1}})
	}
	cfg, cfgPath := writeAuditLog(t, "", entries...)
	run := func(args ...string) (string, string) {
		root := newRoot()
		var out, errOut bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&errOut)
		root.SetArgs(append([]string{"audit", "--config", cfgPath}, args...))
		if err := root.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out.String(), errOut.String()
	}
	out, note := run("query", "--limit", "2", "--format", "json")
	if n := strings.Count(out, "\n"); n != 2 || !strings.Contains(note, "2 ältesten") || !strings.Contains(note, "--limit -1") {
		t.Errorf("query --limit 2 of 3: %d records, note %q", n, note)
	}
	if _, note := run("export", "--limit", "2", "--newest"); !strings.Contains(note, "2 neuesten") {
		t.Errorf("export --limit 2 --newest of 3: note %q", note)
	}
	// One record is one, in German too (not "die 1 neuesten … Einträge").
	if _, note := run("query", "--limit", "1", "--newest"); !strings.Contains(note, "gezeigt ist nur der neueste passende Eintrag") || !strings.Contains(note, "only the newest matching record is shown") {
		t.Errorf("query --limit 1 --newest of 3: note %q", note)
	}
	for _, args := range [][]string{{"query", "--limit", "3"}, {"query"}, {"export"}, {"query", "--limit", "-1"}} {
		if _, note := run(args...); note != "" {
			t.Errorf("%v: nothing was cut, but %q", args, note)
		}
	}
	// reveal: a pseudonym of the wrong form, no candidates, and no key file
	// are errors that say so, not "no candidate matches".
	for _, tc := range []struct{ stdin, pseudo, want string }{
		{"anna\n", "u-12", "ist kein Nutzer-Pseudonym"},
		{"", "u-0123456789abcdef", "keine Namen zum Vergleichen angegeben"},
		{"anna\nbernd\n", "u-0123456789abcdef", "keiner der 2 Namen gehört zu diesem Pseudonym / no candidate matches"},
	} {
		if _, err := runCLI(t, tc.stdin, "audit", "reveal", tc.pseudo, "--config", cfgPath); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("reveal %s: %v, want %q", tc.pseudo, err, tc.want)
		}
	}
	os.Remove(filepath.Join(cfg.StateDir, "audit-keys.json"))
	if _, err := runCLI(t, "anna\n", "audit", "reveal", "u-0123456789abcdef", "--config", cfgPath); err == nil || !strings.Contains(err.Error(), "key file") {
		t.Errorf("reveal without the key file: %v, want an error naming it", err)
	}
	// stats counts every matching record; it takes no --limit, which
	// suggested (default 1000) that it counted a page.
	if _, err := runCLI(t, "", "audit", "stats", "--config", cfgPath, "--limit", "2"); err == nil || !strings.Contains(err.Error(), "unknown flag: --limit") {
		t.Errorf("stats --limit: %v, want unknown flag", err)
	}
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath); err != nil || !regexp.MustCompile(`Anfragen \(requests\) +3\n`).MatchString(out) || !regexp.MustCompile(`\nDienst \(service\) +openai-api +3\n`).MatchString(out) ||
		// types and actions German first, as the web view's charts
		!regexp.MustCompile(`\nEntscheidung \(action\) +gesperrt \(block\) +3\n`).MatchString(out) || !regexp.MustCompile(`\nDatenart \(type\) +Steuer-ID \(DE_TAX_ID\) +3\n`).MatchString(out) {
		t.Errorf("stats: %v %s", err, out)
	}
	// stats' CSV is written as the records' CSV: BOM, CRLF, and ; with
	// --semicolon for German Excel. Before, it had none of the three and
	// German Excel showed it in one column.
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath, "--format", "csv", "--semicolon"); err != nil ||
		!strings.HasPrefix(out, "\uFEFFdimension;key;count\r\n") || !strings.Contains(out, "\r\nservice;openai-api;3\r\n") {
		t.Errorf("stats --format csv --semicolon: %v %q", err, out)
	}
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath, "--format", "csv"); err != nil || !strings.Contains(out, "\r\naction,block,3\r\n") || !strings.Contains(out, "\r\ntype,DE_TAX_ID,3\r\n") {
		t.Errorf("stats --format csv: %v %q", err, out)
	}
}

// TestAuditToDayInclusive: --to with a day means up to and including that
// day (local time), as "Bis" in the web view; an RFC 3339 --to stays an
// exclusive instant. Before, "--to 2026-11-28" left out the 28th on the
// command line while the web view's "bis 2026-11-28" included it.
// TestAuditQueryForAccessRequests runs the commands docs/de/datenschutz.md
// gives a DPO for access requests (Art. 15 GDPR): a citizen's value is found
// by its keyed fingerprint in any spelling, a staff member's records by the
// login name; neither is stored in the log.
// TestStatusPagePlainUserNames: a proxy that stores plain user names
// (audit.pseudonymize_users: false) and keeps records for a year says so on
// the status page; the setting is a *bool, which a template reads as true
// whenever it is set, false included.
func TestStatusPagePlainUserNames(t *testing.T) {
	cfg := config.Default()
	no := false
	cfg.Audit.PseudonymizeUsers = &no
	cfg.Audit.Retention = 8760 * time.Hour
	_, get := startWithAdmin(t, cfg)
	_, body := get("/status", "pruefer", "revision-2026")
	if !strings.Contains(body, `<td id="audit-users"><b class="err">Klarnamen</b>`) {
		t.Errorf("status does not flag plain user names:\n%s", body)
	}
	if !strings.Contains(body, `<td id="audit-retention">365 Tage / days (8760h) (audit.retention)`) {
		t.Errorf("status does not show the retention period:\n%s", body)
	}
	if !strings.Contains(body, `<td id="inspect-scope">alle`) {
		t.Errorf("status does not say that every text is scanned:\n%s", body)
	}
}

// TestStatusPageUnscannedSchemas: IT's opt-out inspect.scan_schemas: false
// sends tool and schema text unread; the status page says so in red.
func TestStatusPageUnscannedSchemas(t *testing.T) {
	cfg := config.Default()
	if !cfg.Inspect.ScanSchemas {
		t.Fatal("scan_schemas is off by default")
	}
	cfg.Inspect.ScanSchemas = false
	_, get := startWithAdmin(t, cfg)
	_, body := get("/status", "pruefer", "revision-2026")
	if !strings.Contains(body, `<td id="inspect-scope"><b class="err">nicht geprüft:</b> Tool- und Schemabeschreibungen (inspect.scan_schemas: false)`) {
		t.Errorf("status does not flag unscanned schemas:\n%s", body)
	}
}

func TestRetentionText(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "", 8760 * time.Hour: "365 Tage / days (8760h)", 36 * time.Hour: "36h0m0s", 24 * time.Hour: "1 Tag / day (24h)"} {
		if got := retentionText(d); got != want {
			t.Errorf("retentionText(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestAuditQueryForAccessRequests(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "",
		audit.Entry{RequestID: "req-person", UserName: "a.schmidt", ServiceID: "openai-api", Action: "redact",
			Findings: map[string]int{"PERSON": 1}, Values: []audit.TypedValue{{Type: "PERSON", Value: "Anna Schmidt"}}},
		audit.Entry{RequestID: "req-iban", UserName: "b.becker", ServiceID: "chatgpt-web", Action: "allow",
			Findings: map[string]int{"IBAN": 1}, Values: []audit.TypedValue{{Type: "IBAN", Value: "DE89 3704 0044 0532 0130 00"}}},
	)
	for _, tc := range []struct {
		args      []string
		want, not string
	}{
		{[]string{"--value", "anna  SCHMIDT", "--type", "PERSON", "--format", "json"}, "req-person", "req-iban"},
		{[]string{"--value", "Anna Schmidt", "--format", "json"}, "req-person", "req-iban"},
		{[]string{"--value", "de893704004405320130 00", "--format", "json"}, "req-iban", "req-person"},
		{[]string{"--user-name", "A.Schmidt", "--format", "csv", "--semicolon"}, "req-person", "req-iban"},
		{[]string{"--user-name", "b.becker", "--format", "json"}, "req-iban", "req-person"},
		// A login name given as --user is searched as --user-name (the web
		// view's field takes both); before, it matched nothing.
		{[]string{"--user", "B.Becker", "--format", "json"}, "req-iban", "req-person"},
		// The Vorgangsnummer a person quotes from the notice.
		{[]string{"--request-id", "req-iban", "--format", "json"}, "req-iban", "req-person"},
		// ... copied with the notice's label and full stop.
		{[]string{"--request-id", "Vorgangsnummer: req-iban.", "--format", "json"}, "req-iban", "req-person"},
		{[]string{"--request-id", "req-iban.", "--format", "json"}, "req-iban", "req-person"},
	} {
		out, err := runCLI(t, "", append([]string{"audit", "query", "--config", cfgPath}, tc.args...)...)
		if err != nil || !strings.Contains(out, tc.want) || strings.Contains(out, tc.not) {
			t.Errorf("audit query %q: %v\n%s\nwant %s, not %s", tc.args, err, out, tc.want, tc.not)
		}
		for _, raw := range []string{"Anna Schmidt", "a.schmidt", "b.becker", "DE89"} {
			if strings.Contains(out, raw) {
				t.Errorf("audit query %q prints %q:\n%s", tc.args, raw, out)
			}
		}
	}
	if out, err := runCLI(t, "", "audit", "query", "--config", cfgPath, "--value", "Bernd Unbekannt", "--format", "json"); err != nil || strings.Contains(out, "req-") {
		t.Errorf("a value never sent: %v\n%s", err, out)
	}
}

func TestAuditToDayInclusive(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.Local) }
	var entries []audit.Entry
	for i, at := range []time.Time{day(27, 10), day(28, 0), day(28, 23), day(29, 0)} {
		entries = append(entries, audit.Entry{Time: at, RequestID: fmt.Sprint(i), ServiceID: "openai-api", Action: "allow"})
	}
	_, cfgPath := writeAuditLog(t, "", entries...)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"--to", "2026-11-28"}, 3},
		{[]string{"--from", "2026-11-28", "--to", "2026-11-28"}, 2},
		{[]string{"--to", day(28, 23).Format(time.RFC3339)}, 2},
		{[]string{"--from", "2026-11-29"}, 1},
	} {
		for _, cmd := range []string{"query", "export"} {
			out, err := runCLI(t, "", append([]string{"audit", cmd, "--config", cfgPath, "--format", "json"}, tc.args...)...)
			if n := strings.Count(out, "\n"); err != nil || n != tc.want {
				t.Errorf("%s %v: %v, %d records, want %d", cmd, tc.args, err, n, tc.want)
			}
		}
	}
	out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath, "--to", "2026-11-28")
	if err != nil || !regexp.MustCompile(`Anfragen \(requests\) +3\n`).MatchString(out) {
		t.Errorf("stats --to 2026-11-28: %v\n%s", err, out)
	}
	// A period that ends before it starts is an error, not an empty
	// result that looks like a clean log.
	for _, cmd := range []string{"query", "export", "stats"} {
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--from", "2026-11-29", "--to", "2026-11-28"); err == nil || !strings.Contains(err.Error(), "period is empty") {
			t.Errorf("%s --from 2026-11-29 --to 2026-11-28: %v, want an error", cmd, err)
		}
	}
}

func TestAuditVerifyExitCode(t *testing.T) {
	cfgPath := startedOnce(t)
	out, err := runCLI(t, "", "audit", "verify", "--config", cfgPath)
	if err != nil || !strings.HasPrefix(out, "Keine Einträge: das Protokoll ist leer") {
		t.Fatalf("verify on an empty log: %v %q, want a line saying it is empty", err, out)
	}
	var ec exitCode
	if _, err := runCLI(t, "", "audit", "query", "--config", cfgPath, "--format", "csv"); err != nil && !errors.As(err, &ec) {
		t.Fatalf("query: %v", err)
	}
	// A format a command does not write is an error, not a silent table.
	for _, args := range [][]string{{"verify", "--format", "csv"}, {"report", "--format", "xml"}, {"stats", "--format", "xml"}} {
		if _, err := runCLI(t, "", append([]string{"audit", "--config", cfgPath}, args...)...); err == nil || !strings.Contains(err.Error(), "--format") {
			t.Errorf("audit %v: %v, want a --format error", args, err)
		}
	}
	// A month as a DPO may write it is said in German first, as --from
	// is; before, "audit: usage report: month … want YYYY-MM: parsing time".
	for _, m := range []string{"11/2026", "2026-11-01", "2026-13", "November"} {
		if _, err := runCLI(t, "", "audit", "report", "--config", cfgPath, "--month", m); err == nil || !strings.HasPrefix(err.Error(), "--month \""+m+"\" ist kein Monat; geschrieben wird JJJJ-MM") {
			t.Errorf("audit report --month %s: %v, want the German error", m, err)
		}
	}
	// A misspelt action is an error, not an empty (clean-looking) result;
	// so is a period that ends before it starts. German first: auditors
	// read docs/de/revision.md.
	for _, cmd := range []string{"query", "export", "stats"} {
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--from", "2026-12-01", "--to", "2026-11-01"); err == nil || !strings.Contains(err.Error(), "--from 2026-12-01 liegt nicht vor --to 2026-11-01: der Zeitraum ist leer / --from is not before --to") {
			t.Errorf("audit %s --from after --to: %v, want the German error", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--to", "30.11.2026"); err == nil || !strings.Contains(err.Error(), "ist weder ein Tag (JJJJ-MM-TT)") {
			t.Errorf("audit %s --to 30.11.2026: %v, want the German error", cmd, err)
		}
		// A pseudonym copied a digit short matches nothing: an error, not
		// an empty answer to an employee's access request.
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--user", "u-3f2a9c01b7e4d5"); err == nil || !strings.Contains(err.Error(), "ist kein Nutzer-Pseudonym") {
			t.Errorf("audit %s --user with a pseudonym a digit short: %v, want an error", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--user", "u-3f2a9c01b7e4d5a6"); err != nil {
			t.Errorf("audit %s --user with a well-formed pseudonym: %v", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--action", "blocked"); err == nil || !strings.Contains(err.Error(), "--action") {
			t.Errorf("audit %s --action blocked: %v, want an error", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--upstream", "timeouts"); err == nil || !strings.Contains(err.Error(), "--upstream \"timeouts\": gültig sind / want any, dns") {
			t.Errorf("audit %s --upstream timeouts: %v, want an error naming the outcomes", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--upstream", "timeout"); err != nil {
			t.Errorf("audit %s --upstream timeout: %v", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--type", "iban"); err == nil || !strings.Contains(err.Error(), "IBAN") {
			t.Errorf("audit %s --type iban: %v, want an error naming the known types", cmd, err)
		}
		if _, err := runCLI(t, "", "audit", cmd, "--config", cfgPath, "--type", "IBAN", "--action", "block"); err != nil {
			t.Errorf("audit %s --type IBAN --action block: %v", cmd, err)
		}
	}
}

// TestAuditVerifyExpect: verify --expect takes the node, seq and last hash
// an earlier verify printed; it confirms them, and a log whose newest
// records were deleted since fails (exit 2) instead of verifying as ok.
func TestAuditVerifyExpect(t *testing.T) {
	var entries []audit.Entry
	for i := range 3 {
		entries = append(entries, audit.Entry{RequestID: fmt.Sprint(i), ServiceID: "openai-api", Action: "allow"})
	}
	cfg, cfgPath := writeAuditLog(t, "", entries...)
	out, err := runCLI(t, "", "audit", "verify", "--config", cfgPath)
	m := regexp.MustCompile(`Server \(node\) (\S+): unversehrt \(ok\), 3 Einträge \(records\), Nr. \(seq\) 1–3, letzter Hash \(last hash\) ([0-9a-f]{64})`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("verify: %v %s", err, out)
	}
	noted := m[1] + ":3:" + m[2]
	if !strings.Contains(out, "für ein späteres verify --expect (to note outside the system): "+noted+"\n") {
		t.Errorf("verify does not print the hash to note in the form --expect takes (%s):\n%s", noted, out)
	}
	if !strings.Contains(out, "; zuletzt notierter Kopf Nr. 3 in "+filepath.Join(cfg.StateDir, "audit-heads")+" bestätigt (head noted last confirmed)") {
		t.Errorf("verify does not say it checked the noted head:\n%s", out)
	}
	if out, err := runCLI(t, "", "audit", "verify", "--config", cfgPath, "--expect", noted); err != nil || !strings.Contains(out, "1 notierte(r) Hash(es) bestätigt") {
		t.Errorf("verify --expect %s: %v %s", noted, err, out)
	}
	if _, err := runCLI(t, "", "audit", "verify", "--config", cfgPath, "--expect", m[1]+":3"); err == nil || !strings.Contains(err.Error(), "NODE:SEQ:HASH") {
		t.Errorf("verify --expect without a hash: %v, want the form named", err)
	}
	execAuditDB(t, cfg, "DELETE FROM audit_records WHERE seq = 3")
	out, err = runCLI(t, "", "audit", "verify", "--config", cfgPath, "--expect", noted)
	var ec exitCode
	if !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(out, "GEBROCHEN bei Eintrag 3: Einträge 3..3 fehlen (Hash notiert bei 3) (BROKEN at seq 3: records 3..3 are missing (hash noted at 3))") || !strings.Contains(err.Error(), "Hash-Kette gebrochen") {
		t.Errorf("verify --expect after the last record was deleted: %v %s", err, out)
	}
	// Without --expect: the head the proxy noted in state_dir/audit-heads
	// finds it too, and query says so (before, both said nothing: exit 0).
	out, err = runCLI(t, "", "audit", "verify", "--config", cfgPath)
	if !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(out, "GEBROCHEN bei Eintrag 3: Einträge 3..3 fehlen (zuletzt notierter Kopf bei 3, audit-heads) (BROKEN at seq 3: records 3..3 are missing (head noted at 3, audit-heads))") {
		t.Errorf("verify after the last record was deleted: %v %s", err, out)
	}
	// config check (the unit's ExecStartPre) warns before the start,
	// without failing it: a restored backup must start.
	out, err = runCLI(t, "", "config", "check", cfgPath)
	if err != nil || !strings.Contains(out, ": warning: audit: Server "+m[1]+": Einträge 3..3 fehlen (zuletzt notierter Kopf bei 3, audit-heads); der Start setzt die Kette nach dem notierten Kopf fort") || !strings.Contains(out, ": ok\n") {
		t.Errorf("config check after the last record was deleted: %v %s", err, out)
	}
	_, errOut, err := runCLIErr(t, "audit", "query", "--config", cfgPath)
	if !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(err.Error(), "die neuesten Einträge fehlen im Protokoll") || !strings.HasPrefix(errOut, "WARNUNG: Server "+m[1]+": Einträge 3..3 fehlen (zuletzt notierter Kopf bei 3, audit-heads); sie fehlen in jeder Abfrage") {
		t.Errorf("query after the last record was deleted: %v, stderr %q", err, errOut)
	}
}

// TestAuditVerifyHeadsFile: verify --heads takes a copy of another node's
// state_dir/audit-heads (with PostgreSQL each node notes its own chain's
// head on its own disk, and verify read only the one in the state_dir of
// the configuration it was given): the newest records of that node,
// deleted from the database, are found from any machine, with the log or
// with an export of it. Before, only verify on that node, or --expect with
// a hash copied by hand, found them.
func TestAuditVerifyHeadsFile(t *testing.T) {
	var entries []audit.Entry
	for i := range 3 {
		entries = append(entries, audit.Entry{RequestID: fmt.Sprint(i), ServiceID: "openai-api", Action: "allow"})
	}
	cfg, cfgPath := writeAuditLog(t, "", entries...)
	// The other node's file, copied to the auditor's machine; this
	// configuration's state_dir holds none (as on another node).
	copied := filepath.Join(t.TempDir(), "heads-node-b")
	b, err := os.ReadFile(filepath.Join(cfg.StateDir, audit.HeadsFileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, b, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(cfg.StateDir, audit.HeadsFileName))
	if out, err := runCLI(t, "", "audit", "verify", "--config", cfgPath, "--heads", copied); err != nil || !strings.Contains(out, "1 notierte(r) Hash(es) bestätigt") {
		t.Errorf("verify --heads on the intact log: %v %s", err, out)
	}
	export := filepath.Join(t.TempDir(), "export.jsonl")
	out, err := runCLI(t, "", "audit", "export", "--config", cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(export, []byte(out), 0o600)
	execAuditDB(t, cfg, "DELETE FROM audit_records WHERE seq = 3")
	if _, err := runCLI(t, "", "audit", "verify", "--config", cfgPath); err != nil {
		t.Fatalf("verify without the heads file: %v (this node's state_dir has none: the deletion goes unseen)", err)
	}
	var ec exitCode
	out, err = runCLI(t, "", "audit", "verify", "--config", cfgPath, "--heads", copied)
	if !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(out, "GEBROCHEN bei Eintrag 3: Einträge 3..3 fehlen (Hash notiert bei 3)") {
		t.Errorf("verify --heads after the last record was deleted: %v %s", err, out)
	}
	// An export of the log after the deletion, checked without the database.
	out, err = runCLI(t, "", "audit", "export", "--config", cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(export, []byte(out), 0o600)
	out, err = runCLI(t, "", "audit", "verify", "--file", export, "--heads", copied)
	if !errors.As(err, &ec) || ec.code != 2 || !strings.Contains(out, "Einträge 3..3 fehlen") {
		t.Errorf("verify --file --heads after the last record was deleted: %v %s", err, out)
	}
	if _, err := runCLI(t, "", "audit", "verify", "--config", cfgPath, "--heads", filepath.Join(t.TempDir(), "none")); err == nil || !strings.HasPrefix(err.Error(), "--heads ") || !strings.Contains(err.Error(), "ist keine lesbare Datei audit-heads") {
		t.Errorf("verify --heads with a missing file: %v", err)
	}
}

// startFromFile starts schleuse from a minimal config file on free ports
// and returns it, the file, and the file's text for edits before a reload.
func startFromFile(t *testing.T) (*app, string, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "schleuse.yaml")
	base := "state_dir: " + filepath.Join(dir, "state") + "\nlisten: " + freeAddr(t) + "\nadmin:\n  listen: " + freeAddr(t) + "\n"
	os.WriteFile(path, []byte(base), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.stop() })
	return a, path, base
}

func TestReloadAppliesConfig(t *testing.T) {
	a, path, base := startFromFile(t)
	if s := a.srv.Catalogue().Lookup("llm.intern.example"); s != nil {
		t.Fatal("service known before the edit")
	}
	os.WriteFile(path, []byte(base+"services:\n  - {id: llm-intern, hosts: [llm.intern.example], mode: block}\n"), 0o644)
	a.reload(context.Background(), path)
	if s := a.srv.Catalogue().Lookup("llm.intern.example"); s == nil || s.Mode != "block" {
		t.Fatalf("after SIGHUP: %+v", s)
	}
	status := func() string {
		rec := httptest.NewRecorder()
		a.statusPage(rec, httptest.NewRequest("GET", "/status", nil))
		return rec.Body.String()
	}
	if page := status(); !strings.Contains(page, `<td id="config-error" class="err">–</td>`) {
		t.Errorf("status page after a good reload: %s", page)
	}
	// A broken file changes nothing, and the status page says why.
	os.WriteFile(path, []byte(base+"servics: []\n"), 0o644)
	a.reload(context.Background(), path)
	if s := a.srv.Catalogue().Lookup("llm.intern.example"); s == nil {
		t.Fatal("a broken config replaced the running one")
	}
	if page := status(); !strings.Contains(page, `<td id="config-error" class="err">config `) || !strings.Contains(page, "servics") {
		t.Errorf("status page does not show the rejected reload: %s", page)
	}
	// A key that only a restart applies is listed; the error is gone.
	os.WriteFile(path, []byte(strings.Replace(base, "state_dir: ", "log:\n  level: debug\nstate_dir: ", 1)+"audit:\n  retention: 48h\n"), 0o644)
	a.reload(context.Background(), path)
	if page := status(); !strings.Contains(page, `<td id="config-error" class="err">–</td>`) || !strings.Contains(page, "audit") {
		t.Errorf("status page does not list what needs a restart: %s", page)
	}
}

// TestReloadReportsEveryError: a file with an unknown key, a bad value and
// an unknown route adapter is rejected with all three errors, as `config
// check` lists them, and the running configuration stays. Before, a reload
// reported only the decoding error and said nothing of the value.
func TestReloadReportsEveryError(t *testing.T) {
	a, path, base := startFromFile(t)
	os.WriteFile(path, []byte(base+"servics: []\nlog:\n  level: laut\nroutes:\n  - {host: llm.intern.example, path: /v1/chat, adapter: nichtda}\n"), 0o644)
	a.reload(context.Background(), path)
	a.mu.Lock()
	got := a.configErr
	a.mu.Unlock()
	for _, want := range []string{"servics", "log.level", "nichtda"} {
		if !strings.Contains(got, want) {
			t.Errorf("reload error does not name %q: %s", want, got)
		}
	}
	if a.srv.Catalogue().Lookup("chatgpt.com") == nil {
		t.Error("the running catalogue is gone after a rejected reload")
	}
	// Counted as a rejected reload, which SchleusePolicyReloadFailed
	// watches; before, only the policy's rejections were.
	rec := httptest.NewRecorder()
	a.tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if m := rec.Body.String(); !strings.Contains(m, `schleuse_policy_reloads_total{result="error"} 1`) {
		t.Errorf("a rejected configuration is not counted:\n%s", grepLines(m, "policy_reloads"))
	}
	// A file that is gone is named once, not "config F: config: open F".
	os.Remove(path)
	a.reload(context.Background(), path)
	a.mu.Lock()
	got = a.configErr
	a.mu.Unlock()
	if want := "Die Konfigurationsdatei " + path + " gibt es nicht (Pfad prüfen; auf dem Server meist /etc/schleuse/schleuse.yaml) / config: open " + path + ": no such file or directory"; got != want {
		t.Errorf("reload of a missing file: %q, want %q", got, want)
	}
}

// TestUnitChecksBeforeReload: deploy/schleuse.service runs the same
// config check before the SIGHUP as before a start, so that `systemctl
// reload` fails, naming every error, on a file the proxy would reject or a
// later start would fail on. Before, the reload only sent the signal and
// systemctl reported success whatever the proxy made of the file.
func TestUnitChecksBeforeReload(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "schleuse.service"))
	if err != nil {
		t.Fatal(err)
	}
	var pre string
	var reload []string
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "ExecStartPre="); ok {
			pre = v
		}
		if v, ok := strings.CutPrefix(line, "ExecReload="); ok {
			reload = append(reload, v)
		}
	}
	if !strings.Contains(pre, " config check ") || len(reload) != 2 || reload[0] != pre || reload[1] != "/bin/kill -HUP $MAINPID" {
		t.Fatalf("ExecStartPre %q, ExecReload %q: want the start's check, then kill -HUP", pre, reload)
	}
	// The check the unit runs fails on what the reload would reject.
	_, path, base := startFromFile(t)
	os.WriteFile(path, []byte(base+"servics: []\n"), 0o644)
	if _, err := runCLI(t, "", "config", "check", "--config", path); err == nil || !strings.Contains(err.Error(), "servics") {
		t.Fatalf("config check of a file the reload rejects: %v", err)
	}
}

// TestReloadLogLevelGraceRestartKeys: a reload applies log.level and
// shutdown.grace, and names pseudonym and telemetry changes as waiting for
// a restart. Before, all four were read, neither applied nor named: a
// reload with log.level: debug logged nothing more and said nothing.
func TestReloadLogLevelGraceRestartKeys(t *testing.T) {
	a, path, base := startFromFile(t)
	a.level = new(slog.LevelVar) // as run sets it: info
	os.WriteFile(path, []byte(base+"log:\n  level: debug\nshutdown:\n  grace: 3s\npseudonym:\n  ttl: 1h\ntelemetry:\n  user_pseudonym_in_spans: true\n"), 0o644)
	a.reload(context.Background(), path)
	if a.level.Level() != slog.LevelDebug {
		t.Errorf("log level after the reload: %v, want debug", a.level.Level())
	}
	if a.shutdownGrace() != 3*time.Second {
		t.Errorf("shutdown grace after the reload: %v, want 3s", a.shutdownGrace())
	}
	a.mu.Lock()
	restart := strings.Join(a.needRestart, ",")
	a.mu.Unlock()
	if restart != "pseudonym,telemetry" {
		t.Errorf("keys that need a restart: %q, want pseudonym,telemetry", restart)
	}
}

// syncBuffer is a log sink safe for the goroutines of a running proxy.
type syncBuffer = logsink.Buffer

// TestHtpasswdReloadErrorShown: a broken proxy htpasswd file, picked up by
// the automatic reload, keeps the previous users and its error is on the
// status page and in the log (docs/operations.md §2).
func TestHtpasswdReloadErrorShown(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("geheim-2026"), bcrypt.MinCost)
	admin := filepath.Join(dir, "admin.htpasswd")
	users := filepath.Join(dir, "htpasswd")
	os.WriteFile(admin, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	os.WriteFile(users, []byte("anna:"+string(hash)+"\n"), 0o600)
	cfg := config.Default()
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Admin.Htpasswd, cfg.Auth.Htpasswd = admin, users
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := start(ctx, cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	go a.watchHtpasswd(ctx, 10*time.Millisecond)

	f, _ := os.OpenFile(users, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("bob:$apr1$abc$defghijklmnopqrstuvw\n")
	f.Close()
	h := http.Header{}
	h.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("anna:geheim-2026")))
	if id, err := a.srv.Identity().Identify(ctx, h, netip.MustParseAddr("127.0.0.1")); err != nil || id.User != "anna" {
		t.Fatalf("anna after a broken file: %v %v, want the previous users in force", id, err)
	}
	req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+"/status", nil)
	req.SetBasicAuth("pruefer", "geheim-2026")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `<td id="htpasswd-error" class="err">identity: htpasswd`) || !strings.Contains(string(body), "line 2") {
		t.Errorf("status page does not show the htpasswd error: %s", body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "htpasswd reload rejected") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR","msg":"Geänderte htpasswd-Datei abgelehnt, die bisherigen Zugänge gelten weiter / htpasswd reload rejected; the previous users stay in force","error":"identity: htpasswd`) {
		t.Errorf("no log line for the broken htpasswd file: %s", logs.String())
	}
	// A SIGHUP says it too (the file is read again at once).
	a.reload(ctx, "")
	if !strings.Contains(logs.String(), `"level":"ERROR","msg":"htpasswd-Datei oder Kerberos-Keytab ließ sich nicht neu laden, die bisherigen Zugänge und Schlüssel gelten weiter / htpasswd or keytab reload failed; the previous users and keys stay in force","error":"identity: htpasswd`) {
		t.Errorf("no log line for the broken htpasswd file at a SIGHUP: %s", logs.String())
	}
	// The file mended is taken at the next login, and the log says so.
	os.WriteFile(users, []byte("anna:"+string(hash)+"\n"), 0o600)
	deadline = time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "htpasswd reloaded") && time.Now().Before(deadline) {
		a.srv.Identity().Identify(ctx, h, netip.MustParseAddr("127.0.0.1"))
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), `"level":"INFO","msg":"htpasswd-Datei neu geladen / htpasswd reloaded"`) {
		t.Errorf("no log line for the mended htpasswd file: %s", logs.String())
	}
}

// TestPolicyReloadErrorShown: a policy directory edited into a version that
// does not load is rejected; the status page names the error and that the
// previous revision stays in force, as the DPO guide says
// (docs/de/richtlinie.md §7), not only the bare OPA error.
func TestPolicyReloadErrorShown(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("geheim-2026"), bcrypt.MinCost)
	admin := filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(admin, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	pol := filepath.Join(dir, "richtlinie")
	if err := policies.WriteDefault(pol); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Admin.Htpasswd, cfg.Policy.Dir = admin, pol
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := start(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	good := a.policy.Revision()
	status := func() string {
		req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+"/status", nil)
		req.SetBasicAuth("pruefer", "geheim-2026")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if body := status(); !strings.Contains(body, `<td id="policy-error" class="err">–</td>`) {
		t.Fatalf("status page shows a policy error before any: %s", body)
	}
	f, _ := os.OpenFile(filepath.Join(pol, "richtlinie.rego"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("kaputt := {\n")
	f.Close()
	if err := a.policy.Reload(ctx); err == nil {
		t.Fatal("a policy that does not parse was loaded")
	}
	if a.policy.Revision() != good {
		t.Fatalf("revision %s after a rejected reload, want %s", a.policy.Revision(), good)
	}
	body := status()
	m := regexp.MustCompile(`(?s)<td id="policy-error" class="err">(.*?)</td>`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(m[1], "richtlinie.rego:") || !strings.Contains(m[1], "es gilt weiter Revision "+good) {
		t.Errorf("status page's policy error does not name the file and the revision still in force (%s): %q", good, m)
	}
	// German first, with the kind of error, before OPA's English (ops8:
	// the DPO read "policy …: 1 error occurred during loading" first).
	if m != nil && !strings.HasPrefix(m[1], "Diese Fassung ist abgelehnt, es gilt weiter Revision "+good+": die Richtlinie lässt sich nicht laden: richtlinie.rego, Zeile ") || !strings.Contains(m[1], ": Schreibfehler im Rego-Code (eine Klammer") {
		t.Errorf("status page's policy error is not German first: %q", m[1])
	}
	// A data.yaml that is no valid YAML: its line at fault, German, as
	// policy test says it (before: YAML's English line of the section).
	d, _ := os.ReadFile(filepath.Join(pol, "data.yaml"))
	os.WriteFile(filepath.Join(pol, "data.yaml"), append(d, "\t  kaputt: 1\n"...), 0o644)
	if err := a.policy.Reload(ctx); err == nil {
		t.Fatal("a policy whose data.yaml does not parse was loaded")
	}
	m = regexp.MustCompile(`(?s)<td id="policy-error" class="err">(.*?)</td>`).FindStringSubmatch(status())
	if want := fmt.Sprintf(": die Richtlinie lässt sich nicht laden: data.yaml: Zeile %d: mit einem Tabulator eingerückt: YAML rückt nur mit Leerzeichen ein (Datei:Zeile dahinter", bytes.Count(d, []byte("\n"))+1); m == nil || !strings.Contains(m[1], want) {
		t.Errorf("status page's policy error does not name data.yaml's line: %q, want %q", m, want)
	}
	var b strings.Builder
	if err := statusTmpl.Execute(&b, map[string]any{"Revision": good, "ReloadError": "policy /x: 1 test(s) failed: eigene_test.rego:9: data.schleuse_test.test_x"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Diese Fassung ist abgelehnt, es gilt weiter Revision "+good+": Tests der Richtlinie schlagen fehl") {
		t.Errorf("a failed test is not said so:\n%s", b.String())
	}
}

// watchAuditHarness runs a.watchAudit every millisecond over the queue
// state set gives it; waitFor waits up to 5 s for a line with what in logs,
// stop ends the watch and waits for it.
func watchAuditHarness(t *testing.T, a *app, logs *syncBuffer) (set func(audit.QueueStats), waitFor func(what string), stop func()) {
	var mu sync.Mutex
	st := audit.QueueStats{}
	set = func(s audit.QueueStats) { mu.Lock(); st = s; mu.Unlock() }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.watchAudit(ctx, time.Millisecond, func() audit.QueueStats { mu.Lock(); defer mu.Unlock(); return st })
		close(done)
	}()
	waitFor = func(what string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(logs.String(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("no log line with %q in:\n%s", what, logs.String())
			}
			time.Sleep(time.Millisecond)
		}
	}
	return set, waitFor, func() { cancel(); <-done }
}

// TestAuditStoreFailureLogged: when the audit store starts failing (locked
// or corrupt database, PostgreSQL down) the log says so once, with the
// store's error, and says so again when it works; so for an audit log that
// refuses records (a full disk), which blocks the requests. Before, records spilled
// to disk without a word, and the status page said only "Speicher gestört".
func TestAuditStoreFailureLogged(t *testing.T) {
	var logs syncBuffer
	a := &app{cfg: config.Default(), log: slog.New(slog.NewJSONHandler(&logs, nil))}
	set, waitFor, stop := watchAuditHarness(t, a, &logs)
	set(audit.QueueStats{Degraded: true, StoreError: "audit: insert: database is locked (5) (SQLITE_BUSY)", SpillBytes: 512})
	waitFor(`"msg":"audit: Der Audit-Speicher ist gestört, die Einträge werden in state_dir/spill ausgelagert und nachgetragen, sobald er wieder geht / audit store failing`)
	waitFor("database is locked")
	set(audit.QueueStats{})
	waitFor(`"msg":"audit: Der Audit-Speicher geht wieder, die ausgelagerten Einträge werden nachgetragen / audit store works again`)
	// A log that refuses records (full disk): once when it starts, once
	// when it ends; the blocked requests' own lines are bounded.
	set(audit.QueueStats{Refusing: "audit: journal: write: no space left on device"})
	waitFor(`"msg":"audit: Das Audit-Log nimmt keine Einträge an (Platte voll oder schreibgeschützt?), jede Anfrage an KI-Dienste wird blockiert, bis es wieder Einträge annimmt / audit log refuses records (a full or read-only disk?): requests to AI services are blocked until it takes records again","error":"audit: journal: write: no space left on device"`)
	set(audit.QueueStats{})
	waitFor(`"msg":"audit: Das Audit-Log nimmt wieder Einträge an, Anfragen an KI-Dienste werden wieder weitergeleitet (die blockierten zählt schleuse_failclosed_total{cause=\"audit_unavailable\"}) / audit log takes records again: requests to AI services are forwarded again`)
	stop()
	for _, line := range []string{"audit store failing", "audit log refuses records", "audit log takes records again"} {
		if n := strings.Count(logs.String(), line); n != 1 {
			t.Errorf("%d lines %q, want 1 (a transition, not every tick):\n%s", n, line, logs.String())
		}
	}
}

// TestAuditReadyGermanFirst: what /readyz says of an audit log that refuses
// records or a store that fails is German first, the English (with the
// store's error) after " / " (proxy's TestReadyzGermanFirst shows the
// form); before, English only.
func TestAuditReadyGermanFirst(t *testing.T) {
	if err := auditReady(audit.QueueStats{}); err != nil {
		t.Errorf("ready log: %v", err)
	}
	for st, want := range map[*audit.QueueStats]string{
		{Refusing: "audit: journal: write: no space left on device"}:                          "das Audit-Log nimmt keine Einträge an (Platte voll oder schreibgeschützt?), jede Anfrage an KI-Dienste wird blockiert, bis es wieder Einträge annimmt (Grund im Log und auf der Statusseite) / audit log refuses records, requests are blocked: audit: journal: write: no space left on device",
		{NodeTaken: "audit: Die Sperre des Knotens node-a …", Refusing: "audit: unavailable"}: "ein anderer schleuse schreibt unter der Knoten-ID dieses Knotens ins Audit-Log (seine Sperre ging mit der Datenbankverbindung verloren): dieser Knoten schreibt nichts mehr und blockiert jede Anfrage an KI-Dienste; jedem Knoten eine eigene audit.node geben und neu starten (Grund im Log und auf der Statusseite) / another schleuse writes to the audit log under this node's id: requests are blocked until every node has its own audit.node and this one is restarted",
		{Degraded: true}: "der Audit-Speicher ist gestört, die Einträge werden in state_dir/spill ausgelagert und nachgetragen, sobald er wieder geht (Grund im Log, Zeile „audit store failing“) / audit store degraded (records spill to disk)",
	} {
		err := auditReady(*st)
		if _, ok := err.(*proxy.NotReady); !ok || err.Error() != want {
			t.Errorf("auditReady(%+v) = %v, want NotReady %q", *st, err, want)
		}
	}
}

// TestAuditKeysStaleShown: a node whose key period was ended by new-keys
// elsewhere (audit.QueueStats.KeysStale) says so in the log once, German
// first, in /readyz and on the status page; before, its refusals looked
// like a full disk's and ended after 30 s in /readyz.
func TestAuditKeysStaleShown(t *testing.T) {
	const why = "audit: Für das Audit-Log wurde ein neuer Schlüsselzeitraum 2 begonnen"
	var logs syncBuffer
	a := &app{cfg: config.Default(), log: slog.New(slog.NewJSONHandler(&logs, nil))}
	set, waitFor, stop := watchAuditHarness(t, a, &logs)
	// Log refuses every record then too (Refusing): not said as a full
	// or read-only disk.
	set(audit.QueueStats{KeysStale: why, Refusing: "audit: log unavailable: " + why})
	waitFor(`"msg":"audit: Neuer Schlüsselzeitraum, dieser Knoten hat die alte Schlüsseldatei: Anfragen an KI-Dienste werden blockiert`)
	waitFor(why)
	time.Sleep(20 * time.Millisecond)
	stop()
	if n := strings.Count(logs.String(), "Neuer Schlüsselzeitraum"); n != 1 {
		t.Errorf("%d lines, want 1:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), "a full or read-only disk?") {
		t.Errorf("the refusals of a stale node are said as a disk's:\n%s", logs.String())
	}
	err := auditReady(audit.QueueStats{KeysStale: why})
	if _, ok := err.(*proxy.NotReady); !ok || !strings.HasPrefix(err.Error(), "für das Audit-Log wurde ein neuer Schlüsselzeitraum begonnen") {
		t.Errorf("auditReady: %v", err)
	}
	var b strings.Builder
	if err := statusTmpl.Execute(&b, map[string]any{"Queue": audit.QueueStats{KeysStale: why, Refusing: "audit: log unavailable: " + why}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "nimmt keine Einträge an") {
		t.Errorf("status page shows the stale node's refusals as a disk's:\n%s", b.String())
	}
	if m := regexp.MustCompile(`<b class="err" id="audit-keys-stale">\(neuer Schlüsselzeitraum[^<]*` + regexp.QuoteMeta(why)).FindString(b.String()); m == "" {
		t.Errorf("status page does not show it:\n%s", b.String())
	}
}

// TestAuditRetentionLogged: what audit.retention deletes is logged with its
// count, and a retention run that fails is logged once, so that records kept
// past the DPO's period do not go unseen; before, neither was in the log.
func TestAuditRetentionLogged(t *testing.T) {
	var logs syncBuffer
	cfg := config.Default()
	cfg.Audit.Retention = 8760 * time.Hour
	a := &app{cfg: cfg, log: slog.New(slog.NewJSONHandler(&logs, nil))}
	set, waitFor, stop := watchAuditHarness(t, a, &logs)
	set(audit.QueueStats{Pruned: 2000})
	waitFor(`"msg":"audit: Einträge älter als audit.retention gelöscht (ihre Zahl unter records) / audit retention deleted records older than audit.retention","records":2000,"retention":"8760h0m0s"`)
	set(audit.QueueStats{Pruned: 2000, PruneError: "audit: prune: database is locked"})
	waitFor(`"msg":"audit: Die Löschfrist lässt sich nicht durchsetzen, Einträge älter als audit.retention bleiben, bis es wieder geht / audit retention failing; records older than audit.retention stay until it works","error":"audit: prune: database is locked"`)
	set(audit.QueueStats{Pruned: 2500})
	waitFor(`"msg":"audit: Die Löschfrist wird wieder durchgesetzt / audit retention works again"`)
	waitFor(`"records":500`)
	stop()
	if n := strings.Count(logs.String(), "audit retention failing"); n != 1 {
		t.Errorf("%d failure lines, want 1 (a transition, not every tick):\n%s", n, logs.String())
	}
}

// TestStatusPageRetentionFailing: a retention run that failed is on the
// status page beside the period, in red, with the store's error; the
// DPO's period is then not kept.
func TestStatusPageRetentionFailing(t *testing.T) {
	var b strings.Builder
	data := map[string]any{"Retention": "365 Tage / days (8760h)", "Queue": audit.QueueStats{PruneError: "audit: prune: database is locked"}}
	if err := statusTmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<td id="audit-retention">(.*?)</td>`).FindStringSubmatch(b.String())
	if m == nil || !strings.Contains(m[1], `<b class="err">Löschen fehlgeschlagen`) || !strings.Contains(m[1], "audit: prune: database is locked") {
		t.Errorf("status page does not show the failing retention: %q", m)
	}
	b.Reset()
	data["Queue"] = audit.QueueStats{Pruned: 12}
	if err := statusTmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Löschen fehlgeschlagen") {
		t.Errorf("a retention that works is shown as failing")
	}
}

// TestStopCutsOffAfterGrace: a request still in flight when shutdown.grace
// is over is cut off with a warning, and stop reports no error (a stop or
// restart that waited out its grace is no failure; a non-zero exit made
// systemd mark the unit failed). Before, stop returned "1 requests still
// in flight" and schleuse exited with status 1.
func TestStopCutsOffAfterGrace(t *testing.T) {
	upCA := testpki.NewCA("slow upstream CA")
	release := make(chan struct{})
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	up.TLS = &tls.Config{Certificates: []tls.Certificate{upCA.Leaf("api.openai.com")}}
	up.StartTLS()
	defer up.Close()
	defer close(release)
	dir := t.TempDir()
	cfgText := "state_dir: " + filepath.Join(dir, "state") + "\nlisten: " + freeAddr(t) + "\nadmin:\n  listen: " + freeAddr(t) +
		"\nupstream:\n  resolve: {\"api.openai.com:443\": \"" + up.Listener.Addr().String() + "\"}\n  ca_files: [" + upCA.WritePEM(dir, "up.pem") +
		"]\nshutdown:\n  grace: 300ms\n"
	path := filepath.Join(dir, "schleuse.yaml")
	os.WriteFile(path, []byte(cfgText), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	a, err := start(context.Background(), cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(filepath.Join(cfg.StateDir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyURL(&url.URL{Scheme: "http", Host: cfg.Listen}),
		TLSClientConfig: &tls.Config{RootCAs: pool},
	}}
	clientDone := make(chan error, 1)
	go func() {
		resp, err := client.Post("https://api.openai.com/v1/chat/completions", "application/json",
			strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Wie wird das Wetter?"}]}`))
		if err == nil {
			resp.Body.Close()
		}
		clientDone <- err
	}()
	// Wait until the request is with the upstream.
	deadline := time.Now().Add(10 * time.Second)
	for a.audit.Stats().Written == 0 && a.audit.Stats().Depth == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the request never got in flight")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if err := a.stop(); err != nil {
		t.Errorf("stop after the grace: %v, want nil", err)
	}
	if !strings.Contains(logs.String(), `requests still in flight were cut off","grace":"300ms","requests":1,"intercepted":1,"websockets":0,"tunnels":0`) {
		t.Errorf("no warning that counts the cut-off request and connection:\n%s", logs.String())
	}
	// The intercepted connection is closed, not left to the process exit:
	// the client learns at once (before, it waited for the upstream).
	select {
	case err := <-clientDone:
		if err == nil {
			t.Error("the cut-off request got an answer")
		}
	case <-time.After(3 * time.Second):
		t.Error("the intercepted connection is still open after stop")
	}
}

// TestAuditUnreadableRecord: one row that cannot be read (its findings
// column altered) leaves the auditor every other record in query, export,
// stats and report; the bad one is named on stderr and in verify, and the
// exit status is 2 so that a script notices. Before, each of them failed
// as a whole with "audit: record …/2: malformed findings column".
func TestAuditUnreadableRecord(t *testing.T) {
	var entries []audit.Entry
	for i := range 3 {
		entries = append(entries, audit.Entry{RequestID: fmt.Sprint(i), ServiceID: "openai-api", Action: "redact", Findings: map[string]int{"IBAN": 1}})
	}
	cfg, cfgPath := writeAuditLog(t, "audit:\n  node: n1\n", entries...)
	execAuditDB(t, cfg, "UPDATE audit_records SET findings = 'garbage' WHERE seq = 2")
	for _, args := range [][]string{
		{"query"}, {"query", "--format", "json"}, {"export", "--format", "csv"}, {"stats"}, {"stats", "--format", "json"},
		{"report"}, {"verify"},
	} {
		root := newRoot()
		var out, errOut bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&errOut)
		root.SetArgs(append([]string{"audit", "--config", cfgPath}, args...))
		err := root.ExecuteContext(context.Background())
		var ec exitCode
		if !errors.As(err, &ec) || ec.code != 2 {
			t.Errorf("%v: %v, want exit status 2", args, err)
		}
		if args[0] == "verify" {
			if !strings.Contains(out.String(), "BROKEN at seq 2") || !strings.Contains(out.String(), "record n1/2 cannot be read") {
				t.Errorf("verify: %s", out.String())
			}
			continue
		}
		if !strings.Contains(errOut.String(), "n1/2") || !strings.Contains(errOut.String(), "malformed findings") {
			t.Errorf("%v: stderr %q does not name the record", args, errOut.String())
		}
		o := out.String()
		switch args[0] {
		case "query", "export":
			if !strings.Contains(o, "n1") || strings.Count(o, "IBAN=1")+strings.Count(o, `"IBAN":1`)+strings.Count(o, "Bankverbindung (IBAN): 1") != 2 {
				t.Errorf("%v: want records 1 and 3, got\n%s", args, o)
			}
		case "stats":
			if !regexp.MustCompile(`Anfragen \(requests\) +2\n`).MatchString(o) && !strings.Contains(o, `"records": 2`) {
				t.Errorf("%v: want 2 records counted, got\n%s", args, o)
			}
		case "report":
			if !strings.Contains(o, "openai-api  2") {
				t.Errorf("report: want 2 requests, got\n%s", o)
			}
		}
	}
}

// failWriter fails every write, like stdout redirected to a full disk.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputWriteFails: a result that cannot be written is an error, not a
// silent exit 0 (audit verify would otherwise look passed, scan clean).
func TestOutputWriteFails(t *testing.T) {
	cfgPath := startedOnce(t) // an empty audit log
	for _, args := range [][]string{
		{"audit", "verify", "--config", cfgPath},
		{"audit", "verify", "--config", cfgPath, "--format", "json"},
		{"scan"},
	} {
		root := newRoot()
		root.SetOut(failWriter{})
		root.SetErr(io.Discard)
		root.SetIn(strings.NewReader("IBAN DE89 3704 0044 0532 0130 00"))
		root.SetArgs(args)
		if err := root.ExecuteContext(context.Background()); err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("%v to a failing stdout: %v, want the write error", args, err)
		}
	}
}

// TestPolicyWatchFailureLogged: a policy directory that cannot be watched
// is said in the log; before, the DPO's edits were silently never loaded.
func TestPolicyWatchFailureLogged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "policy")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	eng, err := policies.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil { // gone after the start: nothing to watch
		t.Fatal(err)
	}
	var logs syncBuffer
	a := &app{cfg: config.Default(), log: slog.New(slog.NewJSONHandler(&logs, nil)), policy: eng}
	a.watchPolicy(context.Background(), eng, "") // returns at once: the watch cannot be set up
	if !strings.Contains(logs.String(), `"Verzeichnis der Richtlinie nicht beobachtet: Änderungen gelten erst nach systemctl reload (SIGHUP) / policy directory not watched`) || !strings.Contains(logs.String(), "policy watch") {
		t.Errorf("no log line for the unwatched policy directory: %s", logs.String())
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestAuditReportAnonymous: the usage report counts requests without a
// proxy login apart; they may come from any number of people. Before, they
// were one "user" (the empty pseudonym): a service used by a whole office
// without login showed 1 Nutzende.
func TestAuditReportAnonymous(t *testing.T) {
	var entries []audit.Entry
	for i, user := range []string{"", "", "", "anna"} {
		entries = append(entries, audit.Entry{RequestID: fmt.Sprint(i), UserName: user, ServiceID: "openai-api", Action: "allow"})
	}
	entries = append(entries, audit.Entry{RequestID: "web", ServiceID: "openai-web", Action: "allow"})
	_, cfgPath := writeAuditLog(t, "", entries...)
	out, err := runCLI(t, "", "audit", "report", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "openai-api  4         1 (+3 Anfragen ohne Anmeldung)") {
		t.Errorf("report: %v\n%s", err, out)
	}
	// One request without a login is "1 Anfrage", not "1 Anfragen".
	if !strings.Contains(out, "openai-web  1         0 (+1 Anfrage ohne Anmeldung)") {
		t.Errorf("report, one anonymous request: %s", out)
	}
	out, err = runCLI(t, "", "audit", "report", "--config", cfgPath, "--format", "json")
	if err != nil || !strings.Contains(out, `"users": 1,`) || !strings.Contains(out, `"anonymous_requests": 3`) {
		t.Errorf("report json: %v\n%s", err, out)
	}
}

// TestAuditReportWarnings: the usage report counts warnings and the
// requests sent with a #freigabe justification, in the table and in JSON.
// Before, it had no column for them: a warning showed only as a request.
func TestAuditReportWarnings(t *testing.T) {
	entries := []audit.Entry{
		{RequestID: "1", UserName: "anna", ServiceID: "openai-api", Action: "warn", Rules: []string{"KI-RL-6.1"}, Findings: map[string]int{"CASE_REFERENCE": 1}},
		{RequestID: "2", UserName: "anna", ServiceID: "openai-api", Action: "warn", Rules: []string{"KI-RL-6.1", "KI-RL-6.3"}, Justification: "kurz"},
		{RequestID: "3", UserName: "anna", ServiceID: "openai-api", Action: "allow", Rules: []string{"KI-RL-6.2"}, Justification: "Akte zur Bearbeitung nötig"},
		{RequestID: "4", UserName: "bernd", ServiceID: "openai-api", Action: "redact", Rules: []string{"KI-RL-3.2"}, Findings: map[string]int{"PERSON": 1}},
		{RequestID: "5", UserName: "bernd", ServiceID: "openai-api", Action: "block", Justification: "Begründung zählt nicht"},
	}
	_, cfgPath := writeAuditLog(t, "", entries...)
	out, err := runCLI(t, "", "audit", "report", "--config", cfgPath)
	lines := strings.Split(out, "\n")
	if err != nil || len(lines) < 3 || !strings.Contains(lines[1], "gewarnt  mit #freigabe gesendet") ||
		!strings.HasPrefix(lines[2], "openai-api  5         2         2        1                       ") {
		t.Errorf("report: %v\n%s", err, out)
	}
	out, err = runCLI(t, "", "audit", "report", "--config", cfgPath, "--format", "json")
	if err != nil || !strings.Contains(out, `"warned": 2,`) || !strings.Contains(out, `"justified": 1,`) {
		t.Errorf("report json: %v\n%s", err, out)
	}
	// CSV for the VVT's spreadsheet, as the other CSVs (BOM, CRLF, ;).
	month := time.Now().Format("2006-01")
	out, err = runCLI(t, "", "audit", "report", "--config", cfgPath, "--format", "csv", "--semicolon")
	if err != nil || !strings.HasPrefix(out, "\uFEFFMonat;Dienst;Anfragen;Nutzende;Anfragen ohne Anmeldung;gewarnt;mit #freigabe gesendet;") ||
		!strings.HasSuffix(out, "\r\n"+month+";openai-api;5;2;0;2;1;0;–;PERSON=1;0;–\r\n"+month+";Summe;5;2;0;2;1;0;–;PERSON=1;0;–\r\n") {
		t.Errorf("report csv: %v\n%q", err, out)
	}
}

// TestAuditReportRefusedBeforeLogin: the refusals before the login or
// for want of one (no user: the CONNECTs refused for an expired CA, one
// record per browser retry; a request on a connection nobody is logged in
// on that holds) are their own column in the usage report's table and CSV
// and their own figure in its JSON, per service and in the total, each
// kind by its rule, not requests "ohne Anmeldung"; the total row counts
// each person once over all services. A known person's login_expired stays
// a request. Before, two retries showed as "+2 Anfragen ohne Anmeldung"
// and 2 more requests, and the report had no total; until this version a
// login_expired without a user was a request without a login.
func TestAuditReportRefusedBeforeLogin(t *testing.T) {
	entries := []audit.Entry{
		{RequestID: "1", UserName: "anna", ServiceID: "openai-api", Action: "allow"},
		{RequestID: "2", UserName: "anna", ServiceID: "openai-web", Action: "allow"},
		{RequestID: "3", UserName: "bernd", ServiceID: "openai-web", Action: "redact", Findings: map[string]int{"PERSON": 1}},
		{RequestID: "4", ServiceID: "openai-web", Host: "chatgpt.com", Action: "block", Rules: []string{audit.CAExpiredRule}},
		{RequestID: "5", ServiceID: "openai-web", Host: "chatgpt.com", Action: "block", Rules: []string{audit.CAExpiredRule}},
		{RequestID: "6", ServiceID: "openai-web", Host: "chatgpt.com", Action: "block", Rules: []string{audit.LoginExpiredRule}},
		{RequestID: "7", UserName: "bernd", ServiceID: "openai-web", Host: "chatgpt.com", Action: "block", Rules: []string{audit.LoginExpiredRule}},
	}
	const byRule = "schleuse:ca_expired=2 schleuse:login_expired=1"
	_, cfgPath := writeAuditLog(t, "", entries...)
	out, err := runCLI(t, "", "audit", "report", "--config", cfgPath)
	lines := strings.Split(out, "\n")
	if err != nil || len(lines) < 6 || !strings.HasSuffix(lines[1], "vor oder ohne Anmeldung abgewiesen") ||
		!regexp.MustCompile(`^openai-web +3 +2 +0 .* 3 \(`+byRule+`\)$`).MatchString(lines[3]) ||
		!regexp.MustCompile(`^Summe +4 +2 +0 .* 3 \(`+byRule+`\)$`).MatchString(lines[4]) ||
		strings.Contains(out, "ohne Anmeldung)") || !strings.Contains(lines[5], "Vor oder ohne Anmeldung abgewiesen (keine Anfrage einer Person, kein Nutzer), je Regel: schleuse:ca_expired: Verbindungen") {
		t.Errorf("report: %v\n%s", err, out)
	}
	// stats says the same: 4 requests, 3 refusals apart, by rule (table, CSV).
	out, err = runCLI(t, "", "audit", "stats", "--config", cfgPath)
	if err != nil || !regexp.MustCompile(`(?m)^Anfragen \(requests\) +4$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^vor oder ohne Anmeldung abgewiesen \(refused before or without login\) +3$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^abgewiesen ohne Anmeldung \(refused without login\) +schleuse:ca_expired +2$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^abgewiesen ohne Anmeldung \(refused without login\) +schleuse:login_expired +1$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^Entscheidung \(action\) +erlaubt \(allow\) +2$`).MatchString(out) || !regexp.MustCompile(`(?m)^Entscheidung \(action\) +gesperrt \(block\) +1$`).MatchString(out) {
		t.Errorf("stats: %v\n%s", err, out)
	}
	out, err = runCLI(t, "", "audit", "stats", "--config", cfgPath, "--format", "csv")
	if err != nil || !strings.Contains(out, "count\r\ntotal,requests,4\r\ntotal,upstream_failed,0\r\ntotal,refused_before_login,3\r\n") ||
		!strings.HasSuffix(out, "\r\nrefused,schleuse:ca_expired,2\r\nrefused,schleuse:login_expired,1\r\n") {
		t.Errorf("stats csv: %v\n%q", err, out)
	}
	out, err = runCLI(t, "", "audit", "stats", "--config", cfgPath, "--format", "json")
	var st audit.Stats
	if err != nil || json.Unmarshal([]byte(out), &st) != nil || st.Requests != 4 || st.RefusedBeforeLogin != 3 ||
		!slices.Equal(st.ByRefusal, []audit.Bucket{{Key: audit.CAExpiredRule, Count: 2}, {Key: audit.LoginExpiredRule, Count: 1}}) {
		t.Errorf("stats json: %v\n%s", err, out)
	}
	out, err = runCLI(t, "", "audit", "report", "--config", cfgPath, "--format", "json")
	var rep audit.UsageReport
	want := map[string]int64{audit.CAExpiredRule: 2, audit.LoginExpiredRule: 1}
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil || rep.Total.Requests != 4 || rep.Total.Users != 2 || rep.Total.RefusedBeforeLogin != 3 ||
		rep.Total.Anonymous != 0 || !maps.Equal(rep.Total.RefusedByRule, want) || !strings.Contains(out, `"refused_before_login": 3`) || !strings.Contains(out, `"refused_by_rule": {`) {
		t.Errorf("report json: %v\n%s", err, out)
	}
	month := time.Now().Format("2006-01")
	out, err = runCLI(t, "", "audit", "report", "--config", cfgPath, "--format", "csv")
	if err != nil || !strings.HasSuffix(out, ",vor oder ohne Anmeldung abgewiesen,abgewiesen je Regel\r\n"+month+",openai-api,1,1,0,0,0,0,–,–,0,–\r\n"+month+",openai-web,3,2,0,0,0,0,–,PERSON=1,3,"+byRule+"\r\n"+month+",Summe,4,2,0,0,0,0,–,PERSON=1,3,"+byRule+"\r\n") {
		t.Errorf("report csv: %v\n%q", err, out)
	}
}

// TestHelpPlainBooleans: every command's help, through --help and through
// "help CMD", shows a switch as "--newest", not pflag's
// "--newest[=true|false]", and the switches still parse.
func TestHelpPlainBooleans(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(slices.Clone(path), sub.Name()))
		}
	}
	root := newRoot()
	root.InitDefaultCompletionCmd()
	walk(root, nil)
	for _, path := range paths {
		for _, args := range [][]string{append(slices.Clone(path), "--help"), append([]string{"help"}, path...)} {
			out, err := runCLI(t, "", args...)
			if err != nil || !strings.Contains(out, "-h, --help ") || strings.Contains(out, "[=true|false]") {
				t.Errorf("%v: %v\n%s", args, err, out)
			}
		}
	}
	if out, _ := runCLI(t, "", "audit", "query", "--help"); !strings.Contains(out, "      --newest  ") {
		t.Errorf("audit query --help does not show --newest plainly:\n%s", out)
	}
	_, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "a", ServiceID: "openai-api", Action: "allow"},
		audit.Entry{RequestID: "b", ServiceID: "openai-api", Action: "allow"})
	for args, want := range map[string]string{"--newest": `"request_id":"b"`, "--newest=false": `"request_id":"a"`, "--newest=true": `"request_id":"b"`} {
		out, err := runCLI(t, "", "audit", "query", "--config", cfgPath, "--format", "json", "--limit", "1", args)
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("audit query %s: %v %s, want %s", args, err, out, want)
		}
	}
}

// writeAuditLog writes a configuration (extra YAML appended, as writeConfig
// does) and an audit log in its state directory holding entries, closed.
// execAuditDB runs one SQL statement on the SQLite audit log under cfg's
// state_dir, as an intruder with the file would (tampering tests).
func execAuditDB(t *testing.T, cfg *config.Config, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(cfg.StateDir, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

func writeAuditLog(t *testing.T, extra string, entries ...audit.Entry) (*config.Config, string) {
	t.Helper()
	_, cfgPath := writeConfig(t, extra)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	l, err := audit.Open(context.Background(), auditConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return cfg, cfgPath
}

// startedOnce writes a configuration, starts schleuse on it on free ports
// and stops it again, and returns the configuration's path: its state
// directory then holds the CA, the key file and an empty audit log.
func startedOnce(t *testing.T) string {
	t.Helper()
	_, cfgPath := writeConfig(t, "")
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	a.stop()
	return cfgPath
}

// TestAuditSummaryCSVDefused: the stats and report CSVs guard their cells
// against spreadsheet formulas as the records' CSV does (a service or
// finding type starting with = + - @ gets a "'"); before, they were
// written with a CSV writer of their own that did not.
func TestAuditSummaryCSVDefused(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "",
		audit.Entry{RequestID: "r1", ServiceID: "=HYPERLINK(\"http://x.example\")", Action: "block",
			Findings: map[string]int{"@SUM(A1)": 1}},
	)
	month := time.Now().Format("2006-01")
	for _, args := range [][]string{
		{"audit", "stats", "--config", cfgPath, "--format", "csv", "--semicolon"},
		{"audit", "report", "--config", cfgPath, "--month", month, "--format", "csv", "--semicolon"},
	} {
		out, err := runCLI(t, "", args...)
		if err != nil {
			t.Fatalf("%v: %v %s", args, err, out)
		}
		if !strings.HasPrefix(out, "\uFEFF") || !strings.Contains(out, "\r\n") {
			t.Errorf("%v: no BOM or CRLF: %q", args, out)
		}
		for _, line := range strings.Split(out, "\r\n") {
			for _, cell := range strings.Split(line, ";") {
				cell = strings.Trim(strings.TrimPrefix(cell, "\uFEFF"), `"`)
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
					t.Errorf("%v: cell %q can run as a formula:\n%s", args, cell, out)
				}
			}
		}
	}
}

// TestScanReadsAsTheProxy: schleuse scan finds what the proxy finds in a
// text written with character references, no-break spaces or a soft
// hyphen, with spans into the text as given; before, the command ran the
// detectors on the raw bytes and found nothing, so a DPO trying such a
// text was told it was clean while the proxy redacted it.
func TestScanReadsAsTheProxy(t *testing.T) {
	in := "Herr J&uuml;rgen Kowalski, IBAN DE89\u00a03704\u00a00044\u00a005\u00ad32\u00a00130\u00a000."
	out, err := runCLI(t, in, "scan", "--types", "IBAN,PERSON")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct {
			Type       string
			Start, End int
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		found[f.Type] = in[f.Start:f.End]
	}
	if found["IBAN"] != "DE89\u00a03704\u00a00044\u00a005\u00ad32\u00a00130\u00a000" || found["PERSON"] != "J&uuml;rgen Kowalski" {
		t.Errorf("found %q in %q", found, out)
	}
	red, err := runCLI(t, in, "scan", "--redact", "--types", "IBAN,PERSON")
	if err != nil || strings.Contains(red, "0130") || strings.Contains(red, "Kowalski") {
		t.Errorf("--redact: %v %q", err, red)
	}
}

// TestConfigCheckStateFileOfRoot: an audit.db that the service account may
// not open (restored by root) fails config check, the unit's ExecStartPre,
// and run with the file, the chown and the account; before, config check
// said ok and run stopped with SQLite's "unable to open database file
// (14)". The test runs as root, whom no mode refuses: the open is refused
// as the kernel refuses it for another account.
func TestConfigCheckStateFileOfRoot(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "audit.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	saved := openStateFile
	openStateFile = func(name string, flag int, perm fs.FileMode) (*os.File, error) {
		if name == db {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return saved(name, flag, perm)
	}
	t.Cleanup(func() { openStateFile = saved })
	cfgFile := filepath.Join(t.TempDir(), "schleuse.yaml")
	os.WriteFile(cfgFile, []byte("state_dir: "+dir+"\n"), 0o644)
	want := "state_dir: " + db + " darf dieses Konto nicht öffnen: die Datei muss dem Konto gehören, unter dem schleuse läuft (chown schleuse: " + db + "; chmod 0600)" +
		", was sie nach dem Zurückspielen einer Sicherung oder einem Befehl als root nicht tut; config check ebenfalls unter diesem Konto aufrufen (sudo -u schleuse)" +
		" / state_dir: " + db + " cannot be opened by this account (permission denied): it must belong to the account schleuse runs as (chown schleuse: " + db
	if _, err := runCLI(t, "", "config", "check", cfgFile); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("config check: %v, want %q", err, want)
	}
	cfg := config.Default()
	cfg.StateDir = dir
	if _, err := start(context.Background(), cfg, discardLogger()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run: %v, want %q", err, want)
	}
	// With the audit log in PostgreSQL, an old audit.db is not run's
	// concern (the store's own check is offline here: only the state
	// files are asked about).
	if err := checkStateFiles(dir, false); err != nil {
		t.Errorf("audit.store postgres: %v", err)
	}
	openStateFile = saved
	os.Remove(db) // empty: no log, which config check would name
	if _, err := runCLI(t, "", "config", "check", cfgFile); err != nil {
		t.Errorf("config check without the file: %v", err)
	}
}

// TestConfigCheckStateDir: config check refuses a state_dir that run could
// not create or write (a file in the way, below a file, on a read-only file
// system, in a directory of another account), with the path and what to
// do; it leaves a missing one that run can create uncreated. Before, it
// said ok, and run failed at start with a bare mkdir or CA error.
func TestConfigCheckStateDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "datei")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	check := func(state string) error {
		cfg := filepath.Join(t.TempDir(), "schleuse.yaml")
		if err := os.WriteFile(cfg, []byte("state_dir: "+state+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := runCLI(t, "", "config", "check", cfg)
		return err
	}
	for _, tc := range []struct{ state, want string }{
		{file, "state_dir: " + file + " ist eine Datei, kein Verzeichnis / state_dir: " + file + " is a file, not a directory"},
		{filepath.Join(file, "state"), "state_dir: " + filepath.Join(file, "state") + " lässt sich nicht anlegen: " + file + " ist eine Datei, kein Verzeichnis / state_dir: " +
			filepath.Join(file, "state") + " cannot be created: " + file + " is a file, not a directory"},
		{filepath.Join(file, "a", "b"), "lässt sich nicht anlegen: " + file + " ist eine Datei, kein Verzeichnis / state_dir: " + filepath.Join(file, "a", "b") + " cannot be created: " + file + " is a file"},
	} {
		if err := check(tc.state); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("state_dir %s: %v, want %q", tc.state, err, tc.want)
		}
	}
	// run refuses it with the same message, before anything else starts.
	cfg := config.Default()
	cfg.StateDir = file
	if _, err := start(context.Background(), cfg, discardLogger()); err == nil || !strings.Contains(err.Error(), "state_dir: "+file+" ist eine Datei, kein Verzeichnis / state_dir: "+file+" is a file, not a directory") {
		t.Errorf("run with a file as state_dir: %v", err)
	}
	missing := filepath.Join(dir, "neu", "state")
	if err := check(missing); err != nil {
		t.Fatalf("a state_dir run can create: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "neu")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("config check created %s or left its probe: %v", missing, err)
	}
	if err := check(dir); err != nil {
		t.Fatalf("a writable state_dir: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".schleuse-check-*")); len(left) > 0 {
		t.Fatalf("the probe is left: %v", left)
	}
	// Not writable: a directory of root for another account, or (as root,
	// who may write anywhere) a read-only file system.
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o700)
	if os.Geteuid() != 0 {
		os.Chmod(ro, 0o500)
		t.Cleanup(func() { os.Chmod(ro, 0o700) })
	} else if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot make a read-only directory as root: %v %s", err, out)
	} else {
		t.Cleanup(func() { exec.Command("umount", "-l", ro).Run() })
	}
	for _, tc := range []struct{ state, want string }{
		{ro, "state_dir: In " + ro + " darf dieses Konto nicht schreiben; dort legt schleuse CA, Audit-Log und Schlüssel ab: das Verzeichnis dem Dienstkonto geben (chown, chmod 700) / state_dir: " + ro + " is not writable for this account ("},
		{filepath.Join(ro, "state"), "state_dir: " + filepath.Join(ro, "state") + " gibt es nicht, und in " + ro + " darf dieses Konto es nicht anlegen: für das Dienstkonto anlegen (mkdir, chown, chmod 700) / state_dir: " +
			filepath.Join(ro, "state") + " does not exist and cannot be created in " + ro + " ("},
	} {
		if err := check(tc.state); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("state_dir %s: %v, want %q", tc.state, err, tc.want)
		}
	}
}

// TestAuditNewKeys: run refuses a log that holds records once its key
// file is gone (restored without it); audit new-keys creates keys
// knowingly, never over an existing file, and run starts again.
func TestAuditNewKeys(t *testing.T) {
	cfg, cfgPath := writeAuditLog(t, "", audit.Entry{RequestID: "r1", ServiceID: "openai-api", Action: "allow"})
	kf := filepath.Join(cfg.StateDir, audit.KeyFileName)
	if _, err := runCLI(t, "", "audit", "new-keys", "--config", cfgPath); err == nil || !strings.Contains(err.Error(), "nothing changed") {
		t.Fatalf("new-keys over an existing key file: %v, want a refusal", err)
	}
	os.Remove(kf)
	// config check (the unit's ExecStartPre) says so before the start.
	if _, err := runCLI(t, "", "config", "check", cfgPath); err == nil || !strings.Contains(err.Error(), "audit: Die Schlüsseldatei "+kf+" fehlt, das Audit-Log enthält aber schon Einträge") ||
		!strings.Contains(err.Error(), " / audit: key file missing: "+kf) {
		t.Errorf("config check on a written log without its key file: %v", err)
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	if a, err := start(context.Background(), cfg, discardLogger()); !errors.Is(err, audit.ErrKeysMissing) {
		if a != nil {
			a.stop()
		}
		t.Fatalf("run on a written log without its key file: %v, want audit.ErrKeysMissing", err)
	}
	out, err := runCLI(t, "", "audit", "new-keys", "--config", cfgPath)
	if err != nil || !strings.Contains(out, kf) {
		t.Fatalf("new-keys: %v %q", err, out)
	}
	if st, err := os.Stat(kf); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("new key file: %v %v", st, err)
	}
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatalf("run after new-keys: %v", err)
	}
	// While it runs, new-keys is refused by the state_dir lock: each
	// language with its own lead (before, the English lacked "key file not
	// created, nothing changed" and the German stood twice).
	os.Rename(kf, kf+".aside")
	_, err = runCLI(t, "", "audit", "new-keys", "--config", cfgPath)
	if err == nil || !strings.HasPrefix(err.Error(), "Schlüsseldatei "+kf+" nicht angelegt, nichts geändert: audit: Das state_dir ist von einem anderen Prozess belegt") ||
		!strings.Contains(err.Error(), " / key file "+kf+" not created, nothing changed: audit: state directory is in use") || strings.Count(err.Error(), " / ") != 1 {
		t.Errorf("new-keys while run holds the state_dir: %v", err)
	}
	os.Rename(kf+".aside", kf)
	a.stop()
	if out, err := runCLI(t, "", "audit", "verify", "--config", cfgPath); err != nil || !strings.Contains(out, "ok") {
		t.Errorf("verify after new-keys: %v %q", err, out)
	}
}

// TestPolicyEvaluationTimeoutApplied: run bounds a policy evaluation by
// policy.evaluation_timeout; before, the bound was the constant 2 s.
func TestPolicyEvaluationTimeoutApplied(t *testing.T) {
	dir := t.TempDir()
	cfg, err := config.Parse([]byte("state_dir: "+filepath.Join(dir, "state")+"\nlisten: "+freeAddr(t)+"\nadmin:\n  listen: "+freeAddr(t)+
		"\npolicy:\n  evaluation_timeout: 250ms\n"), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := start(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	if got := a.policy.EvaluationTimeout(); got != 250*time.Millisecond {
		t.Fatalf("evaluation bound %v, want 250ms", got)
	}
}

// TestAdminLoginFailuresLogged: a wrong admin password and the lockout
// after repeated ones are logged (reason, client, page; never the user
// name or the password), as failures on the proxy port are; before, the
// pages that open the audit log and the profiler refused them without a
// trace. A request without a login (the browser's challenge) is not.
func TestAdminLoginFailuresLogged(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("revision-2026"), bcrypt.MinCost)
	ht := filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(ht, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	cfg := config.Default()
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Admin.Htpasswd = ht
	var logs syncBuffer
	a, err := start(context.Background(), cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	get := func(user, pass string) int {
		req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+"/audit/", nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get("", "") != 401 {
		t.Fatal("no login: not 401")
	}
	if strings.Contains(logs.String(), "admin authentication failed") {
		t.Errorf("the login challenge is logged as a failure:\n%s", logs.String())
	}
	codes := map[int]int{}
	for range 7 {
		codes[get("pruefer", "Geheimwort-falsch")]++
	}
	if codes[401] == 0 || codes[429] == 0 {
		t.Fatalf("wrong passwords: %v, want 401 and then the lockout (429)", codes)
	}
	out := logs.String()
	for _, want := range []string{`"msg":"Anmeldung an den Verwaltungsseiten fehlgeschlagen (reason) / admin authentication failed","reason":"credentials","client":"127.0.0.1:`, `"reason":"rate_limited"`, `"path":"/audit/"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "pruefer") || strings.Contains(out, "Geheimwort") {
		t.Errorf("log names the user or the password:\n%s", out)
	}
}

// TestFailedStartWritesNothing: a configuration that cannot start (a route
// that never matches, a policy directory that does not compile, a lexicon
// directory that is missing) is refused before the state directory is
// made. Before, the CA (with its "roll it out to the browsers" warning) and
// the state directory were written first and left behind by the failed
// start.
func TestFailedStartWritesNothing(t *testing.T) {
	badPolicy := t.TempDir()
	if err := os.WriteFile(filepath.Join(badPolicy, "richtlinie.rego"), []byte("package schleuse\n\ndecision := {"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"route":   "routes:\n  - {provider: nirgendwo, host: api.example.org, method: POST, path: /v1/x, adapter: openai}\n",
		"policy":  "policy:\n  dir: " + badPolicy + "\n",
		"lexicon": "inspect:\n  lexicon_dir: " + filepath.Join(t.TempDir(), "fehlt") + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir, cfgPath := writeConfig(t, body)
			cfg, err := config.Load(cfgPath)
			if err != nil {
				t.Skipf("config.Load refuses it already: %v", err)
			}
			cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
			a, err := start(context.Background(), cfg, discardLogger())
			if err == nil {
				a.stop()
				t.Fatal("start succeeded")
			}
			if _, serr := os.Stat(filepath.Join(dir, "state")); !errors.Is(serr, os.ErrNotExist) {
				t.Fatalf("start failed (%v) but left the state directory behind (%v)", err, serr)
			}
		})
	}
}

// TestCAExpiryExported: the running proxy exports when its interception
// CA expires, which deploy/prometheus-alerts.yaml's SchleuseCAExpiring
// alert reads 30 days ahead; after that day browsers refuse every
// inspected service.
func TestCAExpiryExported(t *testing.T) {
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	a, get := startWithAdmin(t, cfg)
	code, body := get("/metrics", "pruefer", "revision-2026")
	line := ""
	for l := range strings.Lines(body) {
		if strings.HasPrefix(l, "schleuse_ca_expiry_timestamp_seconds") {
			line = strings.TrimSpace(l)
		}
	}
	if code != 200 || line == "" {
		t.Fatalf("%d: no schleuse_ca_expiry_timestamp_seconds in /metrics", code)
	}
	v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
	if err != nil || int64(v) != a.ca.Cert.NotAfter.Unix() {
		t.Errorf("%s: want %d, the CA's NotAfter", line, a.ca.Cert.NotAfter.Unix())
	}
}

// TestConfigCheckKerberos: config check (and so the unit's ExecStartPre)
// refuses a Kerberos login that cannot work, naming the key and what to
// do, and accepts one that can.
func TestConfigCheckKerberos(t *testing.T) {
	ktDir := t.TempDir()
	kt, err := krbtest.WriteKeytab(krbtest.Keytab("HTTP/schleuse.stadt.example", krbtest.Realm, "x", 2), ktDir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(ktDir, "fehlt.keytab")
	for _, tc := range []struct{ body, want string }{
		{"keytab: " + missing + "\n    service_principal: HTTP/schleuse.stadt.example", "auth.kerberos.keytab: " + missing + " gibt es nicht: den Schlüssel von HTTP/<Hostname des Proxys> dorthin exportieren (ktpass auf einem Domänencontroller, msktutil unter Linux; docs/operations.md, Kerberos) / " + missing + " does not exist: export the key of HTTP/<proxy host name> to it (ktpass"},
		{"keytab: " + kt + "\n    service_principal: HTTP/proxy.stadt.example", "auth.kerberos.keytab: " + kt + " enthält keinen Schlüssel für HTTP/proxy.stadt.example (sondern: HTTP/schleuse.stadt.example@STADT.EXAMPLE): den Schlüssel des Kontos, das diesen SPN hat (setspn -L <Konto>), mit ktpass exportieren oder auth.kerberos.service_principal berichtigen / " + kt + " holds no key for HTTP/proxy.stadt.example (it holds: HTTP/schleuse.stadt.example@STADT.EXAMPLE)"},
		{"keytab: " + kt + "\n    service_principal: HTTP/192.168.1.10", "auth.kerberos.service_principal: \"HTTP/192.168.1.10\" nennt eine Adresse: Browser senden Negotiate an einen Proxy nur über seinen Hostnamen; den Namen aus der PAC-Datei oder der Browser-Einstellung eintragen / \"HTTP/192.168.1.10\" names an address"},
		{"keytab: " + kt + "\n    service_principal: HTTP/schleuse.stadt.example", ""},
	} {
		_, path := writeConfig(t, "auth:\n  kerberos:\n    "+tc.body+"\n")
		out, err := runCLI(t, "", "config", "check", path)
		if tc.want == "" {
			if err != nil || !strings.Contains(out, "ok") {
				t.Errorf("good kerberos section: %v %s", err, out)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config check with %q: %v, want %s", tc.body, err, tc.want)
		}
	}
}

// TestKerberosPACWarning: with auth.kerberos on, a PAC file that names the
// proxy by an address is warned of at start (browsers would never send a
// ticket); by a name, or a listener on all interfaces, it is not.
func TestKerberosPACWarning(t *testing.T) {
	for _, c := range []struct {
		listen, proxyURL string
		kerberos, warn   bool
	}{
		{"10.0.0.5:3128", "", true, true},
		{"10.0.0.5:3128", "", false, false},
		{"0.0.0.0:3128", "", true, false},
		{"10.0.0.5:3128", "http://schleuse.stadt.example:3128", true, false},
		{"10.0.0.5:3128", "PROXY 10.0.0.5:3128", true, true},
		{"10.0.0.5:3128", "10.0.0.5:3128", true, true},
		{"10.0.0.5:3128", "http://[fd00::5]:3128", true, true},
		{"0.0.0.0:3128", "PROXY schleuse.stadt.example:3128", true, false},
	} {
		cfg := config.Default()
		cfg.Listen, cfg.Admin.ProxyURL = c.listen, c.proxyURL
		if c.kerberos {
			cfg.Auth.Kerberos = &config.Kerberos{ServicePrincipal: "HTTP/schleuse.stadt.example"}
		}
		w := kerberosPACWarning(cfg)
		if (w != "") != c.warn || c.warn && !strings.Contains(w, "admin.proxy_url") {
			t.Errorf("listen %s proxy_url %q kerberos %v: warning %q", c.listen, c.proxyURL, c.kerberos, w)
		}
	}
}

// TestKeytabReloadErrorShown: a keytab that turns unusable while running
// is reported in the log as a keytab's (not the htpasswd file's) and on
// the status page, and the previous key stays in force; a fixed one is
// taken at the next login, with a new key version, without a SIGHUP.
func TestKeytabReloadErrorShown(t *testing.T) {
	const spn = "HTTP/schleuse.stadt.example"
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("geheim-2026"), bcrypt.MinCost)
	admin := filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(admin, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	kt := krbtest.Keytab(spn, krbtest.Realm, "dienstkonto", 2)
	ktPath, err := krbtest.WriteKeytab(kt, dir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Admin.Htpasswd = admin
	cfg.Auth.Kerberos = &config.Kerberos{Keytab: ktPath, ServicePrincipal: spn}
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := start(ctx, cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	go a.watchHtpasswd(ctx, 10*time.Millisecond)
	login := func(key *keytab.Keytab, kvno int) error {
		tok, err := krbtest.Token(krbtest.Ticket{User: "anna", SPN: spn, Keytab: key, KVNO: kvno})
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.srv.Identity().Identify(ctx, http.Header{"Proxy-Authorization": {tok}}, netip.MustParseAddr("127.0.0.1"))
		return err
	}
	os.WriteFile(ktPath, []byte("kaputt"), 0o600)
	time.Sleep(2100 * time.Millisecond) // the keytab is looked at every 2 s at most
	if err := login(kt, 2); err != nil {
		t.Fatalf("previous key after a broken keytab: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "keytab reload rejected") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR","msg":"Geänderte Kerberos-Keytab abgelehnt, die bisherigen Schlüssel gelten weiter / keytab reload rejected; the previous keys stay in force"`) || strings.Contains(logs.String(), "htpasswd reload rejected") {
		t.Errorf("no keytab line for the broken keytab: %s", logs.String())
	}
	req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+"/status", nil)
	req.SetBasicAuth("pruefer", "geheim-2026")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `<td id="htpasswd-error" class="err">identity: kerberos.keytab: `+ktPath+` ist keine Keytab / `+ktPath+` is not a keytab`) ||
		!strings.Contains(string(body), `<td id="kerberos">HTTP/schleuse.stadt.example@STADT.EXAMPLE, key versions 2 (aes256-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96); users of STADT.EXAMPLE</td>`) {
		t.Errorf("status page does not show the keytab error: %s", body)
	}
	rotated := krbtest.Keytab(spn, krbtest.Realm, "neu", 3)
	if _, err := krbtest.WriteKeytab(rotated, dir, "http.keytab"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2100 * time.Millisecond)
	if err := login(rotated, 3); err != nil {
		t.Errorf("new key version without SIGHUP: %v", err)
	}
}

// TestOTelExportErrorsLogged: a failed OpenTelemetry export (no collector at
// OTEL_EXPORTER_OTLP_ENDPOINT) is a warning naming what to check, at most
// once per interval with the number left out; before, the SDK's line went
// through the standard log as an INFO "net/http" with its details withheld.
func TestOTelExportErrorsLogged(t *testing.T) {
	defer func(d time.Duration) { otelErrorEvery = d }(otelErrorEvery)
	otelErrorEvery = 50 * time.Millisecond
	var logs syncBuffer
	h := otelErrors(slog.New(slog.NewJSONHandler(&logs, nil)))
	refused := errors.New(`traces export: Post "http://127.0.0.1:1/v1/traces": dial tcp 127.0.0.1:1: connect: connection refused`)
	h.Handle(refused)
	h.Handle(refused)
	h.Handle(refused)
	if n := strings.Count(logs.String(), "OpenTelemetry export failed"); n != 1 {
		t.Fatalf("%d lines for three errors within the interval, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `"level":"WARN","msg":"telemetry: Export der Traces (OpenTelemetry) gescheitert, Spans werden verworfen, bis er wieder geht: OTEL_EXPORTER_OTLP_ENDPOINT und den Collector prüfen (docs/operations.md, Abschnitt 5) / telemetry: OpenTelemetry export failed; spans are dropped until it works (check OTEL_EXPORTER_OTLP_ENDPOINT`) ||
		!strings.Contains(logs.String(), "connection refused") {
		t.Errorf("the warning does not name the setting and the error:\n%s", logs.String())
	}
	time.Sleep(60 * time.Millisecond)
	h.Handle(refused)
	if !strings.Contains(logs.String(), `"not_logged_since":2`) {
		t.Errorf("the next line does not count the two left out:\n%s", logs.String())
	}
}

// TestTelemetryErrorGermanFirst: a start that cannot set up OpenTelemetry
// says so German first, with the unit's OTEL_* settings to check, the
// English after " / "; before, "telemetry: …" only.
func TestTelemetryErrorGermanFirst(t *testing.T) {
	err := telemetryError(errors.New("OTLP trace exporter: invalid endpoint"))
	want := "Traces und Metriken (OpenTelemetry) lassen sich nicht einrichten: die OTEL_*-Umgebungsvariablen der Unit prüfen (systemctl cat schleuse; docs/operations.md, Abschnitt 5); ohne sie startet schleuse ohne Traces / telemetry: OTLP trace exporter: invalid endpoint"
	if err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

// TestBadOTLPEndpointRefused: an OTLP endpoint that is no http(s) URL
// ("collector.intern:4318", a port out of range) stops run and is an error
// of config check, German first, naming the variable; before, the
// exporter wrote "parse url" to stderr or took the value as it was, the
// proxy started, and the spans were lost without a word in its log.
func TestBadOTLPEndpointRefused(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "collector.intern:4318")
	want := "OTEL_EXPORTER_OTLP_ENDPOINT ist keine Adresse für den OTLP/HTTP-Export: es fehlt http:// oder https://; erwartet wird eine http(s)-URL wie http://otel-collector.intern:4318"
	_, cfgPath := writeConfig(t, "")
	if _, err := runCLI(t, "", "config", "check", cfgPath); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), " / telemetry: OTEL_EXPORTER_OTLP_ENDPOINT is no OTLP/HTTP endpoint") {
		t.Errorf("config check: %v, want %q", err, want)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), cfg, discardLogger())
	if err == nil {
		a.stop()
		t.Fatal("start succeeded")
	}
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("start: %v, want %q first", err, want)
	}
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.intern:4318")
	if out, err := runCLI(t, "", "config", "check", cfgPath); err != nil {
		t.Errorf("config check with a good endpoint: %q (%v)", out, err)
	}
}

// TestOTelResourceErrorNamed: OTEL_RESOURCE_ATTRIBUTES with an entry that
// is not key=value is named as such, not as a failed export; before, the
// warning sent IT to check the collector and OTEL_EXPORTER_OTLP_ENDPOINT.
func TestOTelResourceErrorNamed(t *testing.T) {
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "abteilung")
	_, err := resource.New(context.Background(), resource.WithFromEnv())
	if !errors.Is(err, resource.ErrPartialResource) {
		t.Fatalf("resource.New with a broken OTEL_RESOURCE_ATTRIBUTES: %v, want a partial resource", err)
	}
	var logs syncBuffer
	otelErrors(slog.New(slog.NewJSONHandler(&logs, nil))).Handle(err)
	if l := logs.String(); !strings.Contains(l, `"msg":"telemetry: OTEL_RESOURCE_ATTRIBUTES nur zum Teil gelesen (jeder Eintrag key=value, durch Kommas getrennt, Werte URL-kodiert): die Spans gehen mit den lesbaren Einträgen hinaus (docs/operations.md, Abschnitt 5) / telemetry: OTEL_RESOURCE_ATTRIBUTES was read only in part (each entry key=value`) || strings.Contains(l, "export failed") {
		t.Errorf("a broken OTEL_RESOURCE_ATTRIBUTES logged as:\n%s", l)
	}
}

// TestStatusPageDirectoryRow: the status page has a row for the LDAP group
// lookup that names the directory and, once a lookup failed, its cause,
// marked as an error; "aus / off" without auth.ldap. Before, an unusable
// directory or service account showed only in the log.
func TestStatusPageDirectoryRow(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("geheim-2026"), bcrypt.MinCost)
	admin := filepath.Join(dir, "admin.htpasswd")
	os.WriteFile(admin, []byte("pruefer:"+string(hash)+"\n"), 0o600)
	status := func(cfg *config.Config) string {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a, err := start(ctx, cfg, discardLogger())
		if err != nil {
			t.Fatal(err)
		}
		defer a.stop()
		if cfg.Auth.LDAP != nil {
			a.srv.Identity().Identify(ctx, http.Header{"X-User": {"anna"}}, netip.MustParseAddr("127.0.0.1"))
		}
		req, _ := http.NewRequest("GET", "http://"+cfg.Admin.Listen+"/status", nil)
		req.SetBasicAuth("pruefer", "geheim-2026")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	cfg := config.Default()
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Admin.Htpasswd = admin
	if body := status(cfg); !strings.Contains(body, `<td id="ldap">aus / off</td>`) {
		t.Errorf("without auth.ldap: no off row")
	}
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	cfg.Auth.TrustedHeader, cfg.Auth.TrustedProxies = "X-User", []string{"127.0.0.1/32"}
	cfg.Auth.LDAP = &config.LDAP{URL: "ldap://127.0.0.1:1", BaseDN: "DC=stadt,DC=example", Timeout: time.Second}
	body := status(cfg)
	if !strings.Contains(body, `<td id="ldap" class="err">ldap://127.0.0.1:1, Benutzer unter / users below DC=stadt,DC=example`) ||
		!strings.Contains(body, "letzte Abfrage fehlgeschlagen / last lookup failed") || !strings.Contains(body, "identity: directory group lookup failed: dial") {
		t.Errorf("directory down: no failing row in %s", body)
	}
}

// TestConfigCheckStoreURL: config check, the unit's ExecStartPre, refuses a
// PostgreSQL URL run cannot parse; before, it said ok and run failed.
func TestConfigCheckStoreURL(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "schleuse.yaml")
	os.WriteFile(cfg, []byte("state_dir: "+t.TempDir()+"\naudit:\n  store: postgres://schleuse:Geheim99@db.example:99999/schleuse\n"), 0o644)
	if _, err := runCLI(t, "", "config", "check", cfg); err == nil || !strings.Contains(err.Error(), "audit.store: cannot parse") || strings.Contains(err.Error(), "Geheim99") {
		t.Errorf("config check: %v", err)
	}
}

// TestAuditUpstreamFilter: audit query --upstream lists the records of
// failed sends (a second record of a forwarded request, rule
// schleuse:upstream_OUTCOME) and stats counts them by outcome, in the table
// German first and in the CSV under the key "upstream".
func TestAuditUpstreamFilter(t *testing.T) {
	_, cfgPath := writeAuditLog(t, "",
		audit.Entry{RequestID: "a1", ServiceID: "openai-api", Action: "allow", Rules: []string{"KI-RL-1.1"}},
		audit.Entry{RequestID: "a1", ServiceID: "openai-api", Action: "allow", Rules: []string{audit.UpstreamRulePrefix + "timeout"}},
		audit.Entry{RequestID: "a2", ServiceID: "openai-api", Action: "redact", Rules: []string{"KI-RL-3.2"}})
	for _, c := range []struct {
		args []string
		want int
	}{{[]string{"--upstream", "any"}, 1}, {[]string{"--upstream", "timeout"}, 1}, {[]string{"--upstream", "dns"}, 0}, {nil, 3}} {
		out, err := runCLI(t, "", append([]string{"audit", "query", "--config", cfgPath, "--format", "json"}, c.args...)...)
		if n := strings.Count(out, "\n"); err != nil || n != c.want || c.want == 1 && !strings.Contains(out, `"rules":["schleuse:upstream_timeout"]`) {
			t.Errorf("query %v: %v, %d records, want %d:\n%s", c.args, err, n, c.want, out)
		}
	}
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath); err != nil || !regexp.MustCompile(`\nÜbermittlung fehlgeschlagen \(upstream failed\) +keine Antwort in der Frist \(timeout\) +1\n`).MatchString(out) {
		t.Errorf("stats: %v\n%s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath, "--format", "csv"); err != nil || !strings.Contains(out, "\r\nupstream,timeout,1\r\n") ||
		!strings.Contains(out, "count\r\ntotal,requests,2\r\ntotal,upstream_failed,1\r\ntotal,refused_before_login,0\r\n") {
		t.Errorf("stats --format csv: %v %q", err, out)
	}
	// Each request once, the failed send apart; before, "Einträge
	// (records) 3" counted the failed send as one more request.
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath); err != nil || !regexp.MustCompile(`^Anfragen \(requests\) +2\nÜbermittlung fehlgeschlagen \(upstream failed\) +1\n`).MatchString(out) || strings.Contains(out, "Einträge") {
		t.Errorf("stats totals: %v\n%s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "stats", "--config", cfgPath, "--format", "json"); err != nil || !strings.Contains(out, `"records": 3,`) || !strings.Contains(out, `"requests": 2,`) || !strings.Contains(out, `"upstream_failed": 1,`) {
		t.Errorf("stats --format json: %v\n%s", err, out)
	}
	// The usage report's table and CSV show the failed sends, as its JSON
	// did (upstream_failed); before, only the JSON had them.
	month := time.Now().Format("2006-01")
	if out, err := runCLI(t, "", "audit", "report", "--config", cfgPath, "--month", month); err != nil ||
		!regexp.MustCompile(`mit #freigabe gesendet +Übermittlung fehlgeschlagen +blockiert`).MatchString(out) || !regexp.MustCompile(`\nopenai-api +2 +0 \(\+2 Anfragen ohne Anmeldung\) +0 +0 +1 `).MatchString(out) {
		t.Errorf("report table: %v\n%s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "report", "--config", cfgPath, "--month", month, "--format", "csv"); err != nil ||
		!strings.Contains(out, ";mit #freigabe gesendet;Übermittlung fehlgeschlagen;blockiert (Datenarten);") && !strings.Contains(out, ",mit #freigabe gesendet,Übermittlung fehlgeschlagen,blockiert (Datenarten),") ||
		!strings.Contains(out, month+",openai-api,2,0,2,0,0,1,") {
		t.Errorf("report csv: %v\n%s", err, out)
	}
}

// TestAuditHeadLogged: the chain head the audit writer noted in
// state_dir/audit-heads goes into the operator log (once per headLogEvery
// while it moves), and newest records missing at the start are an error
// line; the status page shows both. A copy of the log elsewhere then holds
// a hash for verify --expect; before, nothing outside the database did.
func TestAuditHeadLogged(t *testing.T) {
	var logs syncBuffer
	a := &app{cfg: config.Default(), log: slog.New(slog.NewJSONHandler(&logs, nil))}
	set, waitFor, stop := watchAuditHarness(t, a, &logs)
	head := "vm:5:" + strings.Repeat("c", 64)
	set(audit.QueueStats{Noted: head, Lost: "Einträge 4..5 von Server vm, notiert in x/audit-heads, fehlen im Audit-Log … / records 4..5 of node vm, noted in x/audit-heads, are missing from the store …"})
	waitFor(`"msg":"audit: Kopf der Hash-Kette notiert (für schleuse audit verify --expect) / audit head noted (schleuse audit verify --expect takes it)","head":"` + head + `"`)
	// German first, as the operator log's other audit lines (before,
	// English only).
	waitFor(`"msg":"audit: Die neuesten Einträge, die audit-heads notiert hatte, fehlen im Audit-Log (gelöscht oder eine ältere Sicherung zurückgespielt) / audit log: the newest records noted outside the store are missing","detail":"Einträge 4..5 von Server vm`)
	set(audit.QueueStats{Noted: "vm:6:" + strings.Repeat("d", 64), ClockBack: "the system clock (2016-01-01T00:00:00Z) is 87600h0m0s behind …"})
	// A clock set back is an error line, once (before, nothing said so).
	waitFor(`"level":"ERROR","msg":"audit: Die Systemuhr wurde zurückgestellt, neue Audit-Einträge tragen Zeiten vor älteren / system clock set back: audit records carry times before older ones","detail":"the system clock (2016-01-01T00:00:00Z)`)
	time.Sleep(20 * time.Millisecond)
	stop()
	if n := strings.Count(logs.String(), "system clock set back"); n != 1 {
		t.Errorf("%d clock lines, want 1:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "audit head noted"); n != 1 {
		t.Errorf("%d head lines within headLogEvery, want 1:\n%s", n, logs.String())
	}
	var b strings.Builder
	if err := statusTmpl.Execute(&b, map[string]any{"Queue": audit.QueueStats{Noted: head, Lost: "Einträge 4..5 … / records 4..5 …", ClockBack: "the system clock …"}}); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<td id="audit-head">(.*?)</td>`).FindStringSubmatch(b.String())
	if m == nil || !strings.Contains(m[1], "<code>"+head+"</code>") || !strings.Contains(m[1], `<b class="err">Beim Start fehlten die neuesten Einträge`) || !strings.Contains(m[1], `<b class="err">Systemuhr zurückgestellt`) {
		t.Errorf("status page: %q", m)
	}
}

// TestPolicyUnknownTypeInRego: a misspelt finding type inside the Rego
// ("IBNA" in a set) fails policy test and config check with the German
// message, file and line; before, both passed and the rule never matched.
func TestPolicyUnknownTypeInRego(t *testing.T) {
	dir := t.TempDir()
	src := "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n\nblocked := {\"IBNA\"}\n"
	if err := os.WriteFile(filepath.Join(dir, "richtlinie.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "Unbekannte Datenart „IBNA“ in richtlinie.rego Zeile 5 (Tippfehler für IBAN?) / unknown finding type \"IBNA\" in richtlinie.rego line 5 (typo of IBAN?)"
	if _, _, err := runCLIErr(t, "policy", "test", dir); err == nil || !strings.HasPrefix(err.Error(), "Die Richtlinie lässt sich nicht laden") || !strings.Contains(err.Error(), want) {
		t.Errorf("policy test: %v, want %q", err, want)
	} else if de, _, _ := strings.Cut(err.Error(), " / "); !strings.Contains(de, "Unbekannte Datenart „IBNA“ in richtlinie.rego Zeile 5 (Tippfehler für IBAN?)") || !strings.Contains(de, "richtlinie.keine_datenarten") {
		// the German heading names the string itself, before the first " / "
		t.Errorf("policy test's German part: %q", de)
	}
	_, path := writeConfig(t, "policy:\n  dir: "+dir+"\n")
	if _, err := runCLI(t, "", "config", "check", path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("config check: %v, want %q", err, want)
	}
}
