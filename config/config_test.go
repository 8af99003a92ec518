package config

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultIsValid(t *testing.T) {
	c := Default()
	if c.Listen != "127.0.0.1:3128" || c.Admin.Listen != "127.0.0.1:9090" || c.StateDir != "./schleuse-data" {
		t.Fatalf("defaults: listen=%q admin=%q state_dir=%q", c.Listen, c.Admin.Listen, c.StateDir)
	}
	if c.Inspect.MaxBodyBytes != 10<<20 || c.Audit.Store != "sqlite" || len(c.Connect.AllowedPorts) != 1 {
		t.Fatalf("defaults: %+v", c.Inspect)
	}
	// The first-use notice is on: what a municipality expects (Art. 13 DSGVO).
	if !c.Notice.FirstUse || c.Notice.ValidFor != 8760*time.Hour || c.Notice.Contact != "" || c.Notice.PolicyURL != "" || c.Notice.Redacted != RedactedWeb {
		t.Fatalf("defaults: notice %+v", c.Notice)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, yaml, wantErr string
	}{
		{"empty file keeps defaults", "", ""},
		{"design keys", "listen: 127.0.0.1:4000\nadmin:\n  listen: 127.0.0.1:4001\nupstream:\n  resolve:\n    \"api.openai.com:443\": \"127.0.0.1:8443\"\n  ca_files: [x.pem]\npolicy:\n  dir: \"\"\naudit:\n  store: sqlite\nauth:\n  htpasswd: \"\"\n", ""},
		{"unknown top-level key names line", "listen: 127.0.0.1:4000\nlisten_addr: x\n", `line 2: unknown key "listen_addr"`},
		{"unknown nested key names line", "admin:\n  listen: 127.0.0.1:9\n  lisen: x\n", `line 3: unknown key "lisen" in admin`},
		// A documented key indented under the wrong section: the error
		// names the section it was read in, not only "unknown".
		{"key under the wrong section", "auth:\n  htpasswd: \"\"\n  max_body_bytes: 1KiB\n", `line 3: unknown key "max_body_bytes" in auth`},
		{"unknown key two levels down", "auth:\n  ldap:\n    urll: ldaps://dc\n", `line 3: unknown key "urll" in auth.ldap`},
		{"unknown key in a list entry", "services:\n  - {id: x, hostz: [a.example], mode: block}\n", `line 2: unknown key "hostz" in an entry of services`},
		// What was probably meant: a key of another section (indented
		// wrongly), or a key of this one a typo away.
		{"key of another section says which", "auth:\n  max_body_bytes: 1KiB\n", `line 2: unknown key "max_body_bytes" in auth (it is a key of inspect: indented under the wrong section?)`},
		{"key of two other sections", "htpasswd: /etc/x\n", `line 1: unknown key "htpasswd" (it is a key of admin and auth: indented under the wrong section?)`},
		{"top-level key under a section", "admin:\n  state_dir: /var/lib/x\n", `unknown key "state_dir" in admin (it is a key of the top level: indented under the wrong section?)`},
		{"typo of a section", "admn:\n  listen: 127.0.0.1:9\n", `line 1: unknown key "admn" (did you mean "admin"?)`},
		{"typo of a key", "log:\n  lvl: debug\n", `line 2: unknown key "lvl" in log (did you mean "level"?)`},
		{"typo in a list entry", "services:\n  - {id: x, hots: [a.example], mode: block}\n", `unknown key "hots" in an entry of services (did you mean "hosts"?)`},
		// Values of the wrong type: the key, the value and what it takes,
		// not yaml.v3's "cannot unmarshal !!str `ja` into bool".
		{"bool", "inspect:\n  scan_history: ja\n", `line 2: inspect.scan_history: "ja" is not true or false`},
		{"duration without unit", "client:\n  idle_timeout: 5\n", `line 2: client.idle_timeout: "5" is not a duration: write a number with its unit, e.g. 30s, 5m, 2h`},
		{"duration in years", "audit:\n  retention: 1y\n", `line 2: audit.retention: "1y" is not a duration`},
		{"list as a value", "connect:\n  allowed_ports: 443\n", `line 2: connect.allowed_ports: "443" is not a list: write it in brackets, [443]`},
		{"list entry in a flow mapping", "services:\n  - {id: x, hosts: a.example, mode: block}\n", `line 2: services[0].hosts: "a.example" is not a list: write it in brackets, [a.example]`},
		{"number", "pseudonym:\n  max_conversations: viele\n", `line 2: pseudonym.max_conversations: "viele" is not a whole number`},
		{"value for a section", "admin: 127.0.0.1:9090\n", `line 1: admin: "127.0.0..." is no value for a section: write its keys indented on the lines below it`},
		{"list for a mapping", "upstream:\n  resolve: [a]\n", `line 2: upstream.resolve: a list is not a section of key: value pairs`},
		{"section for a value", "listen: {a: b}\n", `line 1: listen: a section (key: value pairs) is not a single value`},
		// A key with a value and keys below it (the default file's
		// auth.ldap example uncommented under "ldap: null"): yaml.v3 names
		// the line of the section around it, "line 1: did not find
		// expected key".
		{"stray indent", "listen: 127.0.0.1:3128\nadmin:\n  listen: 127.0.0.1:9090\n state_dir: /x\n", `line 4: indented by 1 spaces, which matches no section around it: indent it by 2 spaces (a key of the section above it) or 0 (a key beside that section) (yaml: line 3: did not find expected key)`},
		// A list item's keys stand after "- ": no stray indent there; the
		// error is the one yaml names.
		{"list items and another error", "services:\n  - id: x\n    hosts: [a.example]\n    mode: block\nlog:\n  level: [info\n", `test.yaml: Zeile 6: level: die Klammer „[“ wird nicht geschlossen: „]“ am Ende des Werts ergänzen / line 6: level: the bracket '[' is not closed: add "]" at the value's end (yaml: line 5: did not find expected ',' or ']')`},
		{"value with keys below", "auth:\n  htpasswd: \"\"\n  ldap: null     # e.g.\n    url: ldaps://dc1:636\n    base_dn: DC=x\n", `line 3: ldap has a value (null) and keys indented below it (line 4): write "ldap:" alone on its line to give it those keys, or indent them less if they belong elsewhere (yaml: line 1: did not find expected key)`},
		{"key indented under a value", "state_dir: /srv/x\n  policy: y\n", `line 1: state_dir has a value (/srv/x) and keys indented below it (line 2)`},
		{"tab", "admin:\n\tlisten: 127.0.0.1:9\n", `line 2: indented with a tab: YAML indents with spaces only (yaml: line 2: found character that cannot start any token)`},
		{"list of sections as a mapping", "services:\n  id: x\n  hosts: [a.example]\n", `line 2: services: a section (key: value pairs) is not a list: each entry starts with "- " (e.g. "- id: x", its other keys indented below it)`},
		{"size names its key", "inspect:\n  max_body_bytes: zehn\n", `line 2: inspect.max_body_bytes: "zehn" is not a size (e.g. 10MiB)`},
		{"bad listen", "listen: nope\n", "listen:"},
		{"bad store", "audit:\n  store: mysql\n", "audit.store"},
		{"bad size", "inspect:\n  max_body_bytes: lots\n", "line 2"},
		{"size units", "inspect:\n  max_body_bytes: 2MiB\n", ""},
		// Offsets into a scanned text are int32 (detectors, text folding):
		// 1 GiB is the most a text may be.
		{"decoded cap at the bound", "inspect:\n  max_decoded_bytes: 1GiB\n", ""},
		{"decoded cap over the bound", "inspect:\n  max_decoded_bytes: 1073741825\n", "inspect.max_decoded_bytes: 1073741825 bytes is more than schleuse can inspect (at most 1GiB)"},
		{"decoded cap far over the bound", "inspect:\n  max_decoded_bytes: 3GiB\n", "inspect.max_decoded_bytes"},
		{"body cap over the bound", "inspect:\n  max_body_bytes: 2GiB\n  max_decoded_bytes: 2GiB\n", "inspect.max_body_bytes: 2147483648 bytes"},
		{"websocket cap over the bound", "inspect:\n  max_websocket_frame: 4GiB\n", "inspect.max_websocket_frame"},
		{"bad mode", "services:\n  - id: x\n    hosts: [x.example]\n    mode: maybe\n", "services[0].mode"},
		// A built-in id may change only the mode (proxy.NewCatalogue refuses a new id without hosts).
		{"service mode only", "services:\n  - id: duck-ai-duckduckgo\n    mode: block\n", ""},
		{"service paths", "services:\n  - id: x\n    hosts: [x.example]\n    paths: [/chat/]\n    mode: block\n", ""},
		{"service path not a path", "services:\n  - id: x\n    hosts: [x.example]\n    paths: [chat]\n    mode: block\n", `services[0].paths[0]: "chat" must be a path`},
		{"bad cidr", "auth:\n  allowed_clients: [10.0.0.0/99]\n", "auth.allowed_clients"},
		{"header without proxies", "auth:\n  trusted_header: X-User\n", "auth.trusted_header"},
		{"bad duration", "upstream:\n  dial_timeout: soon\n", "line 2"},
		{"not yaml", "listen: [\n", "line"},
		{"notice keys", "notice:\n  first_use: false\n  contact: \"Datenschutz, datenschutz@stadt.example\"\n  policy_url: https://intranet.stadt.example/ki-richtlinie\n  valid_for: 720h\n", ""},
		{"notice valid_for zero", "notice:\n  valid_for: 0s\n", "notice.valid_for: 0s is not from 1h to 9600h"},
		{"notice valid_for over a browser's cookie limit", "notice:\n  valid_for: 17520h\n", "notice.valid_for: 17520h0m0s is not from 1h to 9600h"},
		{"notice policy_url javascript", "notice:\n  policy_url: \"javascript:alert(1)\"\n", `notice.policy_url: "javascript:alert(1)" is not an http(s) address`},
		{"notice policy_url relative", "notice:\n  policy_url: /ki-richtlinie\n", "notice.policy_url"},
		{"notice policy_url with a login", "notice:\n  policy_url: https://u:p@intranet.example/\n", "notice.policy_url"},
		{"notice contact with a line break", "notice:\n  contact: \"DSB\\nFrau Muster\"\n", "notice.contact: must be one line"},
		{"notice contact too long", "notice:\n  contact: \"" + strings.Repeat("x", 301) + "\"\n", "notice.contact: is 301 characters long"},
		{"notice redacted all", "notice:\n  redacted: all\n", ""},
		{"notice redacted off", "notice:\n  redacted: off\n", ""},
		{"notice redacted unknown", "notice:\n  redacted: api\n", `notice.redacted: "api" is not web, all or off`},
		{"notice first_use not a bool", "notice:\n  first_use: ja\n", `line 2: notice.first_use: "ja" is not true or false`},
		{"negative retention", "audit:\n  retention: -1h\n", "audit.retention"},
		{"negative pseudonym ttl", "pseudonym:\n  ttl: -5m\n", "pseudonym.ttl"},
		{"negative grace", "shutdown:\n  grace: -1s\n", "shutdown.grace"},
		{"negative dial timeout", "upstream:\n  dial_timeout: -1s\n", "upstream.dial_timeout"},
		{"zero tunnel idle timeout", "client:\n  tunnel_idle_timeout: 0s\n", "tunnel_idle_timeout"},
		{"no response timeout", "upstream:\n  response_timeout: 0s\n", "upstream.response_timeout"},
		{"parent proxy URL", "upstream:\n  proxy: http://proxy.stadt.intern:8080/\n", ""},
		{"parent proxy host:port", "upstream:\n  proxy: 10.1.2.3:3128\n", ""},
		{"parent proxy without port", "upstream:\n  proxy: http://proxy.stadt.intern\n", "upstream.proxy"},
		{"parent proxy https", "upstream:\n  proxy: https://proxy.stadt.intern:8443\n", "upstream.proxy: \"https://proxy.stadt.intern:8443\": want http://host:port"},
		{"parent proxy with path", "upstream:\n  proxy: http://proxy.stadt.intern:8080/pac\n", "without a path"},
		// A login at the parent (Basic); its password is never repeated in
		// an error (it would land in the journal): TestParentLoginNeverShown.
		{"parent proxy login", "upstream:\n  proxy: http://svc:geheim@proxy.stadt.intern:8080\n", ""},
		{"parent proxy login without password", "upstream:\n  proxy: http://svc@proxy.stadt.intern:8080\n", "upstream.proxy: \"http://svc@proxy.stadt.intern:8080\": a login at the parent proxy needs a user and a password"},
		{"parent proxy login without scheme", "upstream:\n  proxy: svc:geheim@proxy.stadt.intern:8080\n", "upstream.proxy: \"svc@proxy.stadt.intern:8080\": a login needs the form http://user:password@host:port"},
		{"zero retention keeps forever", "audit:\n  retention: 0s\n", ""},
		{"policy evaluation timeout", "policy:\n  evaluation_timeout: 500ms\n", ""},
		{"policy evaluation timeout zero", "policy:\n  evaluation_timeout: 0s\n", "policy.evaluation_timeout: 0s is not from 10ms to 1m"},
		{"policy evaluation timeout too long", "policy:\n  evaluation_timeout: 5m\n", "policy.evaluation_timeout"},
		// Ports that parse as host:port but no listener or dial takes: they
		// failed only at start (or at the first request).
		{"listen port out of range", "listen: 127.0.0.1:99999\n", `listen: "127.0.0.1:99999" has no port from 0 to 65535`},
		{"admin port not a number", "admin:\n  listen: 127.0.0.1:http-alt\n", "admin.listen:"},
		{"resolve target port out of range", "upstream:\n  resolve: {\"api.openai.com:443\": \"127.0.0.1:70000\"}\n", "target \"127.0.0.1:70000\""},
		{"admin on all interfaces, same port", "listen: 127.0.0.1:3128\nadmin:\n  listen: 0.0.0.0:3128\n", "admin.listen: must differ from listen"},
		{"same port, other addresses", "listen: 127.0.0.1:3128\nadmin:\n  listen: 127.0.0.2:3128\n", ""},
		// A rotation's next CA prepared in a PKI; the file itself is
		// checked by config check and the start (proxy.CheckNextCA).
		{"next CA from a PKI", "ca:\n  next_cert_file: /etc/pki/schleuse/next-ca.pem\n", ""},
		{"unknown key under ca", "ca:\n  next_cert: /etc/pki/schleuse/next-ca.pem\n", `line 2: unknown key "next_cert" in ca`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.yaml), "test.yaml")
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if c == nil {
					t.Fatal("nil config")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

// TestCANextCertFile: ca.next_cert_file is read into Config.CA, empty by
// default (the next CA is then state_dir/ca-neu's).
func TestCANextCertFile(t *testing.T) {
	if d := Default(); d.CA.NextCertFile != "" {
		t.Errorf("default ca.next_cert_file %q, want empty", d.CA.NextCertFile)
	}
	c, err := Parse([]byte("ca:\n  next_cert_file: /etc/pki/schleuse/next-ca.pem\n"), "test.yaml")
	if err != nil || c.CA.NextCertFile != "/etc/pki/schleuse/next-ca.pem" {
		t.Errorf("ca.next_cert_file: %v %+v", err, c)
	}
}

// TestParseErrorsGermanFirst: a file that is no YAML, a key no section
// has, a value of the wrong type, a duration without its unit, a size and
// an indent that matches nothing are said German first, with what to do,
// and the English after " / ", as the other start errors (ports, CA,
// policy directory) are. Before, config check and run said them in
// English only (ops8's walk: 'line 2: "ja" is not true or false').
func TestParseErrorsGermanFirst(t *testing.T) {
	for _, c := range []struct{ yaml, de, en string }{
		{"admin:\n  listen: [oops\n", "Zeile 2: listen: die Klammer „[“ wird nicht geschlossen: „]“ am Ende des Werts ergänzen", ` / line 2: listen: the bracket '[' is not closed: add "]" at the value's end (yaml: line 1: did not find expected ',' or ']')`},
		{"listen: 127.0.0.1:3128\nadmin: {listen: 127.0.0.1:9090\nstate_dir: /x\n", "Zeile 2: admin: die Klammer „{“ wird nicht geschlossen", "/ line 2: admin: the bracket '{'"},
		{"listen: \"127.0.0.1:3128\nadmin:\n  listen: x\n", `Zeile 1: listen: das Anführungszeichen " wird in der Zeile nicht geschlossen: " am Ende des Werts ergänzen`, ` / line 1: listen: the quote " is not closed on its line`},
		{"listen: 127.0.0.1:3128\nadmin:\n  listen: x: y\n", "Zeile 3: kein gültiges YAML (eine Klammer, ein Anführungszeichen oder ein Doppelpunkt fehlt oder ist zu viel?", " / line 3: mapping values are not allowed in this context"},
		{"listn: 127.0.0.1:3128\n", `Zeile 1: unbekannter Schlüssel „listn“ (gemeint ist wohl „listen“)`, ` / line 1: unknown key "listn" (did you mean "listen"?)`},
		{"admin:\n  bogus: 1\n", `Zeile 2: unbekannter Schlüssel „bogus“ in admin (schleuse config default zeigt alle Schlüssel)`, ` / line 2: unknown key "bogus" in admin`},
		{"auth:\n  max_body_bytes: 1KiB\n", `Zeile 2: unbekannter Schlüssel „max_body_bytes“ in auth (ein Schlüssel von inspect: unter dem falschen Abschnitt eingerückt?)`, ` / line 2: unknown key "max_body_bytes" in auth (it is a key of inspect`},
		{"services:\n  - {id: x, hots: [a], mode: block}\n", `unbekannter Schlüssel „hots“ in einem Eintrag von services (gemeint ist wohl „hosts“)`, ` in an entry of services (did you mean "hosts"?)`},
		{"inspect:\n  scan_history: ja\n", `Zeile 2: inspect.scan_history: „ja“ ist nicht true oder false`, ` / line 2: inspect.scan_history: "ja" is not true or false`},
		{"upstream:\n  response_timeout: 2 minutes\n", `Zeile 2: upstream.response_timeout: „2 minutes“ ist keine Dauer: eine Zahl mit ihrer Einheit schreiben, z. B. 30s, 5m, 2h (ein Jahr: 8760h)`, ` / line 2: upstream.response_timeout: "2 minutes" is not a duration`},
		{"connect:\n  allowed_ports: 443\n", `Zeile 2: connect.allowed_ports: „443“ ist keine Liste: in eckigen Klammern schreiben, [443]`, ` / line 2: connect.allowed_ports: "443" is not a list`},
		{"pseudonym:\n  max_conversations: viele\n", `Zeile 2: pseudonym.max_conversations: „viele“ ist keine ganze Zahl`, `/ line 2: pseudonym.max_conversations: "viele" is not a whole number`},
		{"inspect:\n  max_body_bytes: zehn\n", `Zeile 2: inspect.max_body_bytes: „zehn“ ist keine Größe (z. B. 10MiB, 512KiB, 1GiB)`, ` / line 2: inspect.max_body_bytes: "zehn" is not a size (e.g. 10MiB)`},
		{"services:\n  id: x\n", `Zeile 2: services: ein Abschnitt (Schlüssel: Wert) ist keine Liste: jeder Eintrag beginnt mit „- “`, ` / line 2: services: a section (key: value pairs) is not a list`},
		{"admin:\n\tlisten: 127.0.0.1:9\n", `Zeile 2: mit einem Tabulator eingerückt: YAML rückt nur mit Leerzeichen ein`, ` / line 2: indented with a tab`},
		{"listen: 127.0.0.1:3128\nadmin:\n  listen: 127.0.0.1:9090\n state_dir: /x\n", `Zeile 4: mit 1 Leerzeichen eingerückt, was zu keinem Abschnitt ringsum passt: mit 2 Leerzeichen (ein Schlüssel des Abschnitts darüber) oder 0 (ein Schlüssel neben diesem Abschnitt) einrücken`, ` / line 4: indented by 1 spaces`},
		{"log:\n  level: loud\n", `Zeile 2: log.level: „loud“ ist nicht debug, info, warn oder error`, ` / line 2: log.level: "loud" is not debug, info, warn or error`},
		{"policy:\n  evaluation_timeout: 5m\n", `Zeile 2: policy.evaluation_timeout: 5m0s liegt nicht zwischen 10ms und 1m`, ` / line 2: policy.evaluation_timeout: 5m0s is not from 10ms to 1m`},
		{"upstream:\n  response_timeout: 0s\n", `Zeile 2: upstream.response_timeout: muss größer als 0 sein`, ` / line 2: upstream.response_timeout: must be positive`},
		{"audit:\n  retention: -1h\n", `Zeile 2: audit.retention: -1h0m0s darf nicht negativ sein`, ` / line 2: audit.retention: -1h0m0s must not be negative`},
		{"listen: 3128\n", `Zeile 1: listen: „3128“ ist keine Adresse der Form Host:Port mit einem Port von 0 bis 65535 (z. B. 127.0.0.1:3128)`, ` / line 1: listen: "3128" is not host:port`},
		{"auth:\n  allowed_clients: [10.0.0.0/33]\n", `Zeile 2: auth.allowed_clients: „10.0.0.0/33“ ist kein Netz in CIDR-Schreibweise`, ` / line 2: auth.allowed_clients: "10.0.0.0/33" is not a CIDR`},
		{"state_dir: /srv/x\n  policy: y\n", `Zeile 1: state_dir hat einen Wert (/srv/x) und darunter eingerückte Schlüssel (Zeile 2): „state_dir:“ allein in die Zeile schreiben`, ` / line 1: state_dir has a value (/srv/x)`},
	} {
		_, err := Parse([]byte(c.yaml), "test.yaml")
		if err == nil || !strings.HasPrefix(err.Error(), "config test.yaml: "+c.de) && !strings.Contains(err.Error(), c.de) || !strings.Contains(err.Error(), c.en) {
			t.Errorf("%q:\n got %v\nwant %s … %s", c.yaml, err, c.de, c.en)
		}
		if err != nil && strings.Index(err.Error(), c.de) > strings.Index(err.Error(), c.en) {
			t.Errorf("%q: English before German: %v", c.yaml, err)
		}
	}
}

// TestDeprecatedMaxConversations: a negative pseudonym.max_conversations,
// which versions before 0d7d1606 read as the default, is read so again,
// with a note that says what to write instead (run logs it, config check
// shows it); refusing it stopped run after an upgrade.
func TestDeprecatedMaxConversations(t *testing.T) {
	c, err := Parse([]byte("pseudonym:\n  max_conversations: -1\n"), "test.yaml")
	if err != nil {
		t.Fatalf("a file that ran before: %v", err)
	}
	if c.Pseudonym.MaxConversations != 0 || len(c.Deprecated) != 1 ||
		!strings.HasPrefix(c.Deprecated[0], "pseudonym.max_conversations: -1 is read as 0, the default (10000 conversations), as before; write 0") {
		t.Errorf("max_conversations %d, deprecated %q", c.Pseudonym.MaxConversations, c.Deprecated)
	}
	path := filepath.Join(t.TempDir(), "schleuse.yaml")
	os.WriteFile(path, []byte("pseudonym:\n  max_conversations: -5\n"), 0o600)
	if c, errs := Check(path); len(errs) != 0 || c.Pseudonym.MaxConversations != 0 || len(c.Deprecated) != 1 {
		t.Errorf("Check: %v, %+v", errs, c)
	}
	if c, err := Parse([]byte("pseudonym:\n  max_conversations: 500\n"), "test.yaml"); err != nil || c.Deprecated != nil || c.Pseudonym.MaxConversations != 500 {
		t.Errorf("a bound: %v %q", err, c.Deprecated)
	}
	// A Config made otherwise is still checked.
	c = Default()
	c.Pseudonym.MaxConversations = -1
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "pseudonym.max_conversations: must not be negative") {
		t.Errorf("Validate: %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Fatalf("err = %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("listen: 127.0.0.1:1\n"))
	f.Add(DefaultYAML())
	f.Add([]byte("inspect:\n  max_body_bytes: 1KiB\n"))
	f.Add([]byte("upstream:\n  proxy: http//proxy.stadt.intern:8080\n"))
	f.Add([]byte("auth:\n  ldap:\n    url: ldaps://dc1\n    base_dn: 'OU=\"Amt 3, Soziales\";DC=stadt+CN=x\\,y'\n"))
	f.Add([]byte("admin:\n  listen: [oops\n"))
	f.Add([]byte("listen: \"127.0.0.1:3128\\\"\nadmin: {listen: 'x\n"))
	f.Add([]byte("services:\n  - {id: x, hosts: [a, {b: c}], mode: block # [\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b, "fuzz.yaml")
		if err == nil && c.Validate() != nil {
			t.Fatal("Parse accepted an invalid config")
		}
	})
}

// TestTypeErrorsKeepEveryError: the rewritten messages still come one per
// key, each with its line, and the keys decoded between them keep their
// values (config check reports all in one run).
func TestTypeErrorsKeepEveryError(t *testing.T) {
	c, errs := Check(writeFile(t, "inspect:\n  scan_history: ja\n  max_body_bytes: 2MiB\nclient:\n  idle_timeout: 5\n"))
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "line 2: inspect.scan_history") || !strings.Contains(errs[1].Error(), "line 5: client.idle_timeout") {
		t.Fatalf("errors %v", errs)
	}
	if c.Inspect.MaxBodyBytes != 2<<20 {
		t.Fatalf("max_body_bytes %d, want the 2MiB of the file", c.Inspect.MaxBodyBytes)
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "schleuse.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestParentLoginNeverShown: a login in upstream.proxy
// (http://user:password@host:port) is read for the parent proxy's Basic
// login, and no error about the setting repeats its password, whatever is
// wrong with the rest: it would land in the journal and in the output of
// config check. Before, a login was refused outright.
func TestParentLoginNeverShown(t *testing.T) {
	const canary = "Kanarien-7731"
	for _, p := range []string{
		"http://svc:" + canary + "@proxy.stadt.intern:8080/pac",
		"https://svc:" + canary + "@proxy.stadt.intern:8443",
		"http://svc:" + canary + "%zz@proxy.stadt.intern:8080",
		"svc:" + canary + "@proxy.stadt.intern:8080",
		"http://svc:" + canary + "@proxy.stadt.intern",
		"http://s%3Avc:" + canary + "@proxy.stadt.intern:8080",
		"http://:" + canary + "@proxy.stadt.intern:8080",
		// a /, ? or # in the password, not percent-encoded, ends the host
		// early: url.Parse's "invalid port" repeated the password up to it,
		// and a password of digits before a # became the parent's port
		"http://svc:" + canary + "/x@proxy.stadt.intern:8080",
		"http://svc:" + canary + "?x@proxy.stadt.intern:8080",
		"http://svc:" + canary + "#x@proxy.stadt.intern:8080",
		"http://svc:7731#" + canary + "@proxy.stadt.intern:8080",
		"http://svc:7731/" + canary + "@proxy.stadt.intern:8080",
		"http://svc:7731?" + canary + "@proxy.stadt.intern:8080",
	} {
		_, err := Parse([]byte("upstream:\n  proxy: \""+p+"\"\n"), "test.yaml")
		if err == nil || strings.Contains(err.Error(), canary) || strings.Contains(err.Error(), "7731") || !strings.Contains(err.Error(), "upstream.proxy") {
			t.Errorf("%s: error %v, want one about upstream.proxy without the password", p, err)
		}
		if l := (Upstream{Proxy: p}).ParentLogin(); l != nil {
			t.Errorf("%s: login %s from a setting that is not valid", p, l.Username())
		}
	}
	// A login URL where a section belongs ("upstream: http://…" without
	// proxy:) is a type error: it shows no more of the value than yaml.v3
	// did (7 bytes).
	if _, err := Parse([]byte("upstream: \"http://svc:"+canary+"@proxy.stadt.intern:8080\"\n"), "test.yaml"); err == nil || strings.Contains(err.Error(), canary) || !strings.Contains(err.Error(), "line 1: upstream:") {
		t.Errorf("upstream as a value: error %v, want one about upstream without the password", err)
	}
	u := Upstream{Proxy: (&url.URL{Scheme: "http", User: url.UserPassword("svc-schleuse", "p@ss:w/rd "+canary), Host: "proxy.stadt.intern:8080"}).String()}
	host, err := u.ParentProxy()
	l := u.ParentLogin()
	pass, _ := l.Password()
	if err != nil || host != "proxy.stadt.intern:8080" || l.Username() != "svc-schleuse" || pass != "p@ss:w/rd "+canary {
		t.Fatalf("ParentProxy %q %v, login %q (password right: %v)", host, err, l.Username(), pass == "p@ss:w/rd "+canary)
	}
}

func TestServiceNameChecked(t *testing.T) {
	for _, name := range []string{strings.Repeat("x", 81), "DeepSeek\nzweite Zeile"} {
		c := Default()
		c.Services = []Service{{ID: "x", Name: name, Hosts: []string{"x.example"}, Mode: "block"}}
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "services[0].name") {
			t.Errorf("name %q: %v, want an error naming services[0].name", name, err)
		}
	}
	c := Default()
	c.Services = []Service{{ID: "x", Name: "Eigenes LLM (Rechenzentrum)", Hosts: []string{"x.example"}, Mode: "block"}}
	if err := c.Validate(); err != nil {
		t.Errorf("a good name: %v", err)
	}
}

// TestSetsNothing: a file without a setting (empty, comments only, an
// empty or null document) is read as the defaults and marked SetsNothing,
// which config check warns of and run logs; one with any key is not, nor
// are the defaults without a file.
func TestSetsNothing(t *testing.T) {
	for in, want := range map[string]bool{
		"":                          true,
		"\n\n":                      true,
		"# schleuse\n# listen: x\n": true,
		"---\n":                     true,
		"~\n":                       true,
		"listen: 127.0.0.1:4000\n":  false,
		"log:\n  level: info\n":     false,
	} {
		c, err := Parse([]byte(in), "test.yaml")
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if c.SetsNothing != want {
			t.Errorf("%q: SetsNothing %v, want %v", in, c.SetsNothing, want)
		}
		if c2, errs := Check(writeTemp(t, in)); len(errs) != 0 || c2.SetsNothing != want {
			t.Errorf("%q: Check: %v, SetsNothing %v, want %v", in, errs, c2 != nil && c2.SetsNothing, want)
		}
	}
	if Default().SetsNothing {
		t.Error("the defaults without a file are marked")
	}
}

func writeTemp(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "schleuse.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWalkThroughTypos: typos an IT admin makes setting up the parent
// proxy and LDAP as docs/operations.md shows them give a German error
// first that names the key and what is wrong. Before, "http//proxy:8080"
// (a colon left out) was taken as the host "http//proxy", and a base_dn
// without "=" ("OU Mitarbeitende DC stadt") as it stood: both passed config
// check, and every connection failed at the start, or every request was
// blocked as the directory refused the search.
func TestWalkThroughTypos(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"upstream:\n  proxy: http//proxy.stadt.intern:8080\n", `upstream.proxy: "http//proxy.stadt.intern:8080": „http//proxy.stadt.intern“ ist kein Rechnername und keine IP-Adresse (ein Tippfehler im Schema? richtig: http://Host:Port oder Host:Port) / "http//proxy.stadt.intern" is no host name`},
		{"upstream:\n  proxy: http/proxy.stadt.intern:8080\n", `„http/proxy.stadt.intern“ ist kein Rechnername`},
		{"upstream:\n  proxy: proxy.stadt intern:8080\n", `„proxy.stadt intern“ ist kein Rechnername`},
		{"upstream:\n  proxy: proxy..stadt.intern:8080\n", `„proxy..stadt.intern“ ist kein Rechnername`},
		{"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern\n    base_dn: OU Mitarbeitende DC stadt\n", `Zeile 4: auth.ldap.base_dn: „OU Mitarbeitende DC stadt“ ist kein DN: jeder Teil hat die Form Attribut=Wert, die Teile durch Kommas getrennt (z. B. OU=Mitarbeitende,DC=stadt,DC=intern) / line 4: auth.ldap.base_dn: "OU Mitarbeitende DC stadt" is no distinguished name`},
		{"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern\n    base_dn: OU=Mitarbeitende,DC=stadt,\n", `auth.ldap.base_dn: „OU=Mitarbeitende,DC=stadt,“ ist kein DN`},
		{"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern\n    base_dn: OU=Mitarbeitende;DC stadt\n", `auth.ldap.base_dn:`},
	} {
		_, err := Parse([]byte(tc.body), "test.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant %s", tc.body, err, tc.want)
		}
	}
	// What is right stays right, as the docs write it.
	for _, body := range []string{
		"upstream:\n  proxy: http://proxy.stadt.intern:8080\n",
		"upstream:\n  proxy: 10.1.2.3:3128\n",
		"upstream:\n  proxy: \"http://[fd00::1]:3128\"\n",
		"upstream:\n  proxy: http://svc-schleuse:Passwort@proxy.stadt.intern:8080\n",
		"upstream:\n  proxy: http://proxy_1.stadt.intern.:8080\n",
		"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern:636\n    base_dn: OU=Mitarbeitende,DC=stadt,DC=intern\n",
		"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern:636\n    base_dn: \"OU=Amt 3\\\\, Soziales,OU=Mitarbeitende, DC=stadt, DC=intern\"\n",
		"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern:636\n    base_dn: 'OU=\"Amt 3, Soziales\";DC=stadt+CN=x;2.5.4.11=Staff'\n",
		"auth:\n  ldap:\n    url: ldaps://dc1.stadt.intern:636\n    base_dn: dc=stadt,dc=local\n",
	} {
		if _, err := Parse([]byte(body), "test.yaml"); err != nil {
			t.Errorf("%q: %v", body, err)
		}
	}
}

// TestValidateErrorsCarryLines: an error of a value that reads but cannot
// work names the line of its key, as the errors of reading the file do,
// and config check lists all by line. Before, "log.level: „loud“ …" alone,
// after every error with a line (the IT admin walk-through).
func TestValidateErrorsCarryLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schleuse.yaml")
	os.WriteFile(path, []byte("listen: 127.0.0.1:3128\nlog:\n  level: loud\ninspect:\n  scan_history: ja\nnotice:\n  valid_for: 2h\n  redacted: immer\n"), 0o600)
	_, errs := Check(path)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		`Zeile 3: log.level: „loud“ ist nicht debug, info, warn oder error / line 3: log.level: "loud" is not debug, info, warn or error`,
		`Zeile 5: inspect.scan_history: „ja“ ist nicht true oder false / line 5: inspect.scan_history: "ja" is not true or false`,
		"Zeile 8: notice.redacted: ",
	}
	if len(got) != len(want) {
		t.Fatalf("errors %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d: %q, want it to start with %q", i, got[i], want[i])
		}
	}
	if !strings.Contains(got[2], " / line 8: notice.redacted: ") {
		t.Errorf("the English without the line: %q", got[2])
	}
}
