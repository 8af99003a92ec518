package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/proxy"
)

// adminHandler serves the protected admin pages: /status, /metrics, the
// auditor view under /audit/ and Go's profiler under /debug/pprof/ (CPU,
// heap, goroutines of the running proxy; profiles hold code locations and
// sizes, no request content). Without admin.htpasswd they are off (404),
// never open. An admin.htpasswd that cannot be used stops the start
// (adminAuthenticator), as config check refuses it.
func (a *app) adminHandler() http.Handler {
	if a.adminAuth == nil {
		a.adminOff = "set admin.htpasswd for /status, /audit/ and /metrics (deploy/README.md)"
		return adminOff("Statusseite, Audit-Ansicht und Metriken sind aus: in der Konfiguration ist kein admin.htpasswd eingetragen (deploy/README.md). / The admin pages are off: admin.htpasswd is not set.")
	}
	auth := a.adminAuth
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", a.statusPage)
	mux.Handle("GET /metrics", a.tel.MetricsHandler)
	reader, err := audit.OpenReader(context.Background(), audit.Config{Store: a.cfg.Audit.Store, Dir: a.cfg.StateDir, Node: a.cfg.Audit.Node})
	if err != nil {
		a.log.Error("Audit-Ansicht (/audit/) nicht verfügbar, Grund unter error / audit view unavailable", "error", err.Error())
	} else {
		a.auditView = reader
		mux.Handle("/audit/", http.StripPrefix("/audit", audit.Handler(reader)))
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/status", http.StatusFound)
	})
	// The profiler's handlers, registered here rather than on
	// http.DefaultServeMux (which the import also fills but nothing serves).
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if crossSite(r) {
			// Before the login: a browser sends the admin's cached
			// credentials with a request another page makes.
			http.Error(w, "Aufruf von einer anderen Website abgelehnt / request from another site refused", http.StatusForbidden)
			return
		}
		h := http.Header{}
		if v := r.Header.Get("Authorization"); v != "" {
			h.Set("Proxy-Authorization", v)
		}
		remote, _ := netip.ParseAddrPort(r.RemoteAddr)
		id, err := auth.Identify(r.Context(), h, remote.Addr().Unmap())
		if err != nil || !id.Authenticated {
			if h.Get("Proxy-Authorization") != "" {
				// Wrong credentials and lockouts on the pages that open the
				// audit log and the profiler are a security event, as on
				// the proxy port ("proxy authentication failed"); the
				// browser's first request without a login is only the
				// challenge. Never the user name or the password.
				reason := "credentials"
				if errors.Is(err, identity.ErrRateLimited) {
					reason = "rate_limited"
				}
				a.log.Warn("Anmeldung an den Verwaltungsseiten fehlgeschlagen (reason) / admin authentication failed", "reason", reason, "client", r.RemoteAddr, "path", r.URL.Path)
			}
			if errors.Is(err, identity.ErrRateLimited) {
				w.Header().Set("Retry-After", "60")
				http.Error(w, identity.PublicMessage(err), http.StatusTooManyRequests)
				return
			}
			w.Header().Set("WWW-Authenticate", `Basic realm="schleuse Verwaltung", charset="UTF-8"`)
			if h.Get("Proxy-Authorization") != "" {
				// A browser shows this when the login dialog is
				// cancelled: say that the login failed, not only that
				// one is needed.
				http.Error(w, "Benutzername oder Passwort falsch. Nach 5 Fehlversuchen wird die Anmeldung gesperrt, zuerst für 1 Minute; Zugänge richtet die IT in admin.htpasswd ein. / Wrong user name or password.", http.StatusUnauthorized)
				return
			}
			http.Error(w, "Anmeldung erforderlich: mit einem Zugang aus admin.htpasswd, den die IT einrichtet. / Login required (admin.htpasswd).", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
		mux.ServeHTTP(w, r)
	})
}

// adminOff answers the protected admin pages when they are off with a 404
// that says why (the admin who follows the docs to /status saw "404 page
// not found" and nothing else); other paths get the plain 404.
func adminOff(why string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p == "/" || p == "/status" || p == "/metrics" || p == "/audit" || strings.HasPrefix(p, "/audit/") || strings.HasPrefix(p, "/debug/pprof/") {
			http.Error(w, why, http.StatusNotFound)
			return
		}
		http.NotFound(w, r)
	})
}

// crossSite reports a request that a browser made for a page of another
// origin, which the admin pages refuse (the Fetch Metadata resource
// isolation policy, as Go's http.CrossOriginProtection applies it to
// unsafe methods): a page on any site could otherwise use the credentials
// the browser cached for the admin login, and a GET of
// /debug/pprof/profile or /trace from an <img> starts a CPU profile or an
// execution trace, /audit/verify reads the whole log. The browser says so
// in Sec-Fetch-Site (every browser since 2023); an older one by an Origin
// or Referer naming another host. A navigation the user follows from
// another page (a link on the intranet) is let through to the pages
// outside /debug/pprof/ and /audit/verify, which only show something.
// Clients that are not browsers (curl, go tool pprof, Prometheus) send
// none of these headers and are not affected.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return false
	case "":
		for _, h := range []string{"Origin", "Referer"} {
			if v := r.Header.Get(h); v != "" {
				u, err := url.Parse(v)
				if err != nil || !strings.EqualFold(u.Host, r.Host) {
					return true
				}
			}
		}
		return false
	}
	// same-site, cross-site (or a value from the future)
	expensive := strings.HasPrefix(r.URL.Path, "/debug/pprof/") || strings.HasPrefix(r.URL.Path, "/audit/verify")
	navigation := (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		r.Header.Get("Sec-Fetch-Mode") == "navigate" && r.Header.Get("Sec-Fetch-Dest") == "document"
	return expensive || !navigation
}

// policyErrorDE says in German which kind of error a rejected policy
// version has, before OPA's own words (file:line) that follow it: the DPO
// reads the status page (docs/de/richtlinie.md §7).
// dir is the policy's directory: a data.yaml there that is no valid YAML
// is named with its line at fault (yamlSyntaxDE), as policy test names it.
func policyErrorDE(err string, dir any) string {
	if strings.Contains(err, "test(s) failed") {
		return "Tests der Richtlinie schlagen fehl (Datei:Zeile und Name des Tests dahinter; schleuse policy test zeigt sie mit FAIL oder ERROR)"
	}
	d, _ := dir.(string)
	return "die Richtlinie lässt sich nicht laden" + loadErrorDE(d, err) + " (Datei:Zeile dahinter; schleuse policy test nennt denselben Fehler)"
}

var statusTmpl = template.Must(template.New("status").Funcs(template.FuncMap{"policyErrorDE": policyErrorDE}).Parse(`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>schleuse – Status</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.err{color:#a00;white-space:pre-line}</style></head>
<body><h1>schleuse – Status</h1>
<table>
<tr><th>Version</th><td id="version">{{.Version}}</td></tr>
<tr><th>Richtlinie (Revision)</th><td id="policy-revision">{{.Revision}}</td></tr>
<tr><th>Richtlinie geladen aus</th><td id="policy-source">{{if .PolicyDir}}{{.PolicyDir}}{{else}}eingebaute Standard-Richtlinie (policy.dir ist leer) / the embedded default (policy.dir is empty){{end}}</td></tr>
<tr><th>Auswertung der Richtlinie</th><td id="policy-evaluator">{{if .Compiled}}übersetzt (geprüft gegen OPA) / compiled (checked against OPA){{else}}OPA-Interpreter / OPA interpreter: {{.CompiledWhyNot}}{{end}}</td></tr>
<tr><th>Probe-Richtlinie (policy.shadow_dir)</th><td id="policy-shadow">{{if .ShadowDir}}{{.ShadowDir}}, Revision {{.ShadowRevision}}: {{.ShadowDifferences}} Anfragen seit dem Start anders entschieden als die geltende (nur gezählt und protokolliert, „policy shadow decided differently“) / requests decided differently since the start (counted and logged only){{if .ShadowError}}<br><span class="err">Letzter Ladefehler: {{policyErrorDE .ShadowError .ShadowDir}} / last load error: {{.ShadowError}}</span>{{end}}{{else}}keine / none{{end}}</td></tr>
<tr><th>Letzter Ladefehler der Richtlinie</th><td id="policy-error" class="err">{{if .ReloadError}}Diese Fassung ist abgelehnt, es gilt weiter Revision {{.Revision}}: {{policyErrorDE .ReloadError .PolicyDir}} / rejected, revision {{.Revision}} stays in force: {{.ReloadError}}{{else}}–{{end}}</td></tr>
<tr><th>Letzter Ladefehler der Konfiguration (SIGHUP)</th><td id="config-error" class="err">{{if .ConfigError}}{{.ConfigError}} (die laufende Konfiguration gilt weiter){{else}}–{{end}}</td></tr>
<tr><th>Geänderte Einstellungen, die erst nach einem Neustart gelten</th><td id="config-restart">{{if .NeedRestart}}{{range .NeedRestart}}{{.}} {{end}}{{else}}–{{end}}</td></tr>
<tr><th>Letzter Ladefehler der htpasswd-Datei oder Keytab</th><td id="htpasswd-error" class="err">{{if .HtpasswdError}}{{.HtpasswdError}} (die bisherige Fassung gilt weiter){{else}}–{{end}}</td></tr>
<tr><th>Gruppen aus dem Verzeichnis (auth.ldap)</th><td id="ldap"{{if .DirectoryFailing}} class="err"{{end}}>{{if .Directory}}{{.Directory}}{{else}}aus / off{{end}}</td></tr>
<tr><th>Kerberos-Anmeldung (auth.kerberos)</th><td id="kerberos">{{if .Kerberos}}{{.Kerberos}}{{else}}aus / off{{end}}</td></tr>
<tr><th>CA (SHA-256)</th><td id="ca-fingerprint">{{.CA}}</td></tr>
<tr><th>CA gültig bis</th><td id="ca-state"{{if .CAProblem}} class="err"{{end}}>{{.CANotAfter}}{{if .CAProblem}} <b>– KI-Dienste werden abgewiesen, andere Seiten getunnelt / AI services refused, other hosts tunnelled:</b> {{.CAProblem}}{{else if .CAEnding}} <b class="err">– läuft bald ab / expires soon:</b> {{.CAEnding}}{{end}}</td></tr>
<tr><th>Nächste CA (Rotation)</th><td id="ca-next"{{if .NextCA.Error}} class="err"{{end}}>{{with .NextCA}}{{if .Error}}nicht lesbar, /ca-next.crt antwortet 500 / cannot be read: {{.Error}}{{else if .Same}}{{if .File}}dieselbe wie die geltende: ca.next_cert_file leeren / the same as the current one: empty ca.next_cert_file{{else}}dieselbe wie die geltende: state_dir/ca-neu leeren / the same as the current one: empty state_dir/ca-neu{{end}}{{else if .Fingerprint}}{{.Subject}}{{if .File}} (aus ca.next_cert_file: {{.File}}){{end}}, SHA-256 <code>{{.Fingerprint}}</code>, gültig vom {{.NotBefore}} bis {{.NotAfter}}: <a href="/ca-next.crt">/ca-next.crt</a> · <a href="/ca-next.der">/ca-next.der</a> per GPO und in die Zertifikatspeicher neben der geltenden verteilen, dann wechseln (docs/security.md, Rotation) / roll out beside the current one, then switch{{else}}keine – keine Rotation im Gange (die nächste legt schleuse ca init --dir STATE_DIR/ca-neu an; dann bietet dieser Port sie unter /ca-next.crt an) / none: no rotation in progress{{end}}{{end}}</td></tr>
<tr><th>Verbindungen ins Internet</th><td id="upstream-proxy">{{if .ParentProxy}}über den übergeordneten Proxy {{.ParentProxy}}{{if .ParentUser}}, angemeldet als {{.ParentUser}}{{end}} (upstream.proxy) / through the parent proxy{{if .ParentUser}}, logged in{{end}}{{else}}direkt (kein upstream.proxy) / direct{{end}}</td></tr>
<tr><th>Audit-Warteschlange</th><td id="audit-queue">{{.Queue.Depth}} / {{.Queue.Capacity}}, geschrieben {{.Queue.Written}}, ausgelagert {{.Spilled}} B{{if .Queue.Degraded}} <b class="err">(Speicher gestört: {{.Queue.StoreError}})</b>{{end}}{{if .Queue.KeysStale}} <b class="err" id="audit-keys-stale">(neuer Schlüsselzeitraum, dieser Knoten hat die alte Schlüsseldatei: schreibt nicht mehr, Anfragen werden blockiert, bis er mit der neuen neu gestartet wird / new key period, this node has the old key file: requests blocked until restarted with the new one: {{.Queue.KeysStale}})</b>{{end}}{{if .Queue.NodeTaken}} <b class="err" id="audit-node-taken">(ein anderer schleuse schreibt unter dieser Knoten-ID: schreibt nicht mehr, Anfragen werden blockiert / another schleuse writes under this node id: requests blocked: {{.Queue.NodeTaken}})</b>{{end}}{{if and .Queue.Refusing (not .Queue.KeysStale) (not .Queue.NodeTaken)}} <b class="err">(nimmt keine Einträge an, Anfragen werden blockiert / refusing records, requests blocked: {{.Queue.Refusing}})</b>{{end}}</td></tr>
<tr><th>Schlüsselzeiträume des Audit-Logs (key periods)</th><td id="audit-key-periods">{{range .KeyPeriods}}{{.}}<br>{{else}}–{{end}}</td></tr>
<tr><th>Pseudonym-Zuordnungen im Speicher</th><td>{{.Conversations}}</td></tr>
<tr><th>Aufbewahrung des Audit-Logs</th><td id="audit-retention">{{if .Retention}}{{.Retention}} (audit.retention){{else}}<b class="err">unbegrenzt</b> (audit.retention: 0s): bitte eine Löschfrist festlegen, siehe docs/de/datenschutz.md / kept forever: set a retention period{{end}}{{if .Queue.PruneError}}<br><b class="err">Löschen fehlgeschlagen: ältere Einträge bleiben über die Frist hinaus gespeichert, bis es wieder gelingt / retention failing:</b> {{.Queue.PruneError}}{{end}}</td></tr>
<tr><th>Kopf der Hash-Kette</th><td id="audit-head">{{if .Queue.Noted}}<code>{{.Queue.Noted}}</code> – zum Notieren außerhalb der IT, für schleuse audit verify --expect (noted in state_dir/audit-heads; to note outside the system){{else}}noch keiner notiert (none noted yet){{end}}{{if .Queue.Lost}}<br><b class="err">Beim Start fehlten die neuesten Einträge, die audit-heads notiert hatte (gelöscht oder eine ältere Sicherung zurückgespielt) / the newest records noted were missing at the start:</b> {{.Queue.Lost}}{{end}}{{if .Queue.HeadsError}}<br><b class="err">Kopf nicht notierbar / head cannot be noted:</b> {{.Queue.HeadsError}}{{end}}{{if .Queue.ClockBack}}<br><b class="err">Systemuhr zurückgestellt: neue Einträge tragen Zeiten vor älteren und fehlen in Abfragen des Zeitraums, in den sie gehören; Uhr richtigstellen (timedatectl, NTP) / system clock set back:</b> {{.Queue.ClockBack}}{{end}}</td></tr>
<tr><th>Geprüfte Texte</th><td id="inspect-scope">{{if .Unscanned}}<b class="err">nicht geprüft:</b> {{range .Unscanned}}{{.}} {{end}}– diese Texte gehen ungelesen an die KI-Dienste / sent to the AI services unread{{else}}alle (Eingaben, System-Anweisungen, frühere Nachrichten, Tool- und Schemabeschreibungen) / all{{end}}</td></tr>
<tr><th>Hinweis bei der ersten Nutzung (notice)</th><td id="notice">{{with .Notice}}{{if .FirstUse}}an / on: bestätigt für / confirmed for {{.ValidFor}}; Fragen an / questions: {{if .Contact}}{{.Contact}}{{else}}<b class="err">„Ihre oder Ihr Datenschutzbeauftragte(r)“</b> (notice.contact leer / empty){{end}}; KI-Richtlinie / policy: {{if .PolicyURL}}{{.PolicyURL}}{{else}}kein Link / no link (notice.policy_url){{end}}{{else}}aus / off (notice.first_use: false){{end}}{{end}}</td></tr>
<tr><th>Nutzer im Audit-Log</th><td id="audit-users">{{if .Pseudonymized}}pseudonymisiert / pseudonymised{{else}}<b class="err">Klarnamen</b> (audit.pseudonymize_users: false) / plain user names{{end}}</td></tr>
</table>
<h2>Dienste (Katalog)</h2>
<table id="catalogue"><tr><th>ID</th><th>Name</th><th>Anbieter</th><th>Hosts</th><th>Modus</th></tr>
{{range .Services}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td>{{.Provider}}</td><td>{{range .Hosts}}{{.}} {{end}}{{with .Paths}}(nur / only {{range .}}{{.}} {{end}}){{end}}</td><td>{{.Mode}}</td></tr>{{end}}
</table>
<p><a href="/audit/">Audit-Ansicht</a> · <a href="/metrics">Metriken</a> · Stand {{.Now}}</p>
</body></html>`))

func (a *app) statusPage(w http.ResponseWriter, r *http.Request) {
	reloadErr := ""
	if err := a.policy.LastError(); err != nil {
		reloadErr = err.Error()
	}
	compiled, whyNot := a.policy.Compiled()
	htErr := ""
	if err := htpasswdError(a.srv.Identity()); err != nil {
		htErr = err.Error()
	}
	a.mu.Lock()
	configErr, needRestart := a.configErr, a.needRestart
	a.mu.Unlock()
	kerberos := ""
	if k, ok := a.srv.Identity().(interface{ KerberosKeys() string }); ok {
		kerberos = k.KerberosKeys()
	}
	directory, dirFailing := "", false
	if d, ok := a.srv.Identity().(interface{ DirectoryStatus() (string, bool) }); ok {
		directory, dirFailing = d.DirectoryStatus()
	}
	var shadowDir, shadowRev, shadowErr string
	var shadowDiffs int64
	if a.shadow != nil {
		shadowDir, shadowRev, shadowDiffs = a.shadow.shadow.Dir(), a.shadow.shadow.Revision(), a.shadow.differences.Load()
		if err := a.shadow.shadow.LastError(); err != nil {
			shadowErr = err.Error()
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	queue := a.audit.Stats()
	caMsg, caSt := caNotice(a.cfg.StateDir, a.configPath, a.ca, time.Now())
	caFailedText, caEndingText := "", ""
	switch caSt {
	case caFailed:
		caFailedText = caMsg
	case caEnding:
		caEndingText = caMsg
	}
	err := statusTmpl.Execute(w, map[string]any{
		"CANotAfter": a.ca.Cert.NotAfter.UTC().Format(time.DateOnly), "CAProblem": caFailedText, "CAEnding": caEndingText,
		"ShadowDir": shadowDir, "ShadowRevision": shadowRev, "ShadowDifferences": shadowDiffs, "ShadowError": shadowErr,
		"Version": buildInfo(), "Revision": a.policy.Revision(), "PolicyDir": a.policy.Dir(), "ReloadError": reloadErr, "HtpasswdError": htErr,
		"ConfigError": configErr, "NeedRestart": needRestart, "Kerberos": kerberos, "Directory": directory, "DirectoryFailing": dirFailing,
		"Compiled": compiled, "CompiledWhyNot": whyNot,
		"CA": a.ca.Fingerprint(), "ParentProxy": a.srv.ParentProxy(), "ParentUser": a.srv.ParentUser(), "Queue": queue, "Spilled": spilledBytes(queue), "Conversations": a.pseudo.Len(),
		"Retention": retentionText(a.cfg.Audit.Retention), "Pseudonymized": a.cfg.Audit.PseudonymizeUsers == nil || *a.cfg.Audit.PseudonymizeUsers, // as audit reads it; a *bool is true in a template whenever set
		"Notice": a.srv.Notice(), "Services": a.srv.Catalogue().Services(), "Now": time.Now().Format(time.RFC3339), "Unscanned": unscanned(a.pipe.InspectConfig()),
		"KeyPeriods": keyPeriodLines(r.Context(), a.auditView), "NextCA": nextCARow(a.srv, a.ca),
	})
	if err != nil {
		a.log.Error("Statusseite nicht vollständig ausgegeben, Grund unter error / status page", "error", fmt.Sprint(err))
	}
}

// nextCAView is the status page's row on the next CA of a rotation
// (proxy.LoadNextCA): its subject, fingerprint and validity, or why it is
// not offered; all empty without one.
type nextCAView struct {
	Subject, Fingerprint, NotBefore, NotAfter, Error string
	Same                                             bool   // the current CA: copied, not moved, at the switch
	File                                             string // ca.next_cert_file, "" for state_dir/ca-neu
}

// nextCARow reads the next CA for the status page, at each request as the
// admin port serves it.
func nextCARow(srv *proxy.Server, current *proxy.CA) nextCAView {
	next, err := srv.NextCA()
	file := srv.NextCAConfigured()
	switch {
	case err != nil:
		return nextCAView{Error: err.Error(), File: file}
	case next == nil:
		return nextCAView{}
	case bytes.Equal(next.Cert.Raw, current.Cert.Raw):
		return nextCAView{Same: true, File: file}
	}
	return nextCAView{Subject: next.Cert.Subject.CommonName, Fingerprint: next.Fingerprint(), File: file,
		NotBefore: next.Cert.NotBefore.UTC().Format(time.DateOnly), NotAfter: next.Cert.NotAfter.UTC().Format(time.DateOnly)}
}

// keyPeriodLines are the status page's lines on the audit log's key
// periods, as audit verify writes them (writeKeyPeriods): per period its
// key id, since when, its records, the current one and the one whose key
// file lies in state_dir. Nil without the audit view's reader (no
// admin.htpasswd). The records are counted at each request, within
// keyPeriodsTimeout.
func keyPeriodLines(ctx context.Context, r *audit.Reader) []string {
	if r == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, keyPeriodsTimeout)
	defer cancel()
	var res audit.VerifyResult
	var err error
	res.KeyPeriods, res.KeysBefore, err = r.KeyPeriods(ctx)
	if err != nil {
		res.KeyPeriodsError = err.Error()
	}
	if err == nil && len(res.KeyPeriods) == 0 {
		return []string{"keine eingetragen: die Tabelle audit_keys ist leer; der nächste Start trägt die Schlüsseldatei in state_dir ein (none registered: table audit_keys is empty; the next start registers the key file in state_dir)"}
	}
	var b bytes.Buffer
	writeKeyPeriods(&b, res)
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

// keyPeriodsTimeout bounds the status page's count of each key period's
// records.
const keyPeriodsTimeout = 3 * time.Second

// unscanned names the texts the inspection settings in force send unread
// (scan_system_prompts, scan_history, scan_schemas set to false).
func unscanned(c config.Inspect) []string {
	var off []string
	if !c.ScanSystemPrompts {
		off = append(off, "System-Anweisungen (inspect.scan_system_prompts: false)")
	}
	if !c.ScanHistory {
		off = append(off, "frühere Nachrichten, soweit schleuse sie selbst schon ohne Befund gelesen hat (inspect.scan_history: false)")
	}
	if !c.ScanSchemas {
		off = append(off, "Tool- und Schemabeschreibungen (inspect.scan_schemas: false)")
	}
	return off
}

// retentionText is an audit retention period as a DPO reads it: whole days
// as days ("365 Tage (8760h)"), anything else as Go writes it; "" for
// none (records are kept forever).
func retentionText(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d == 24*time.Hour:
		return "1 Tag / day (24h)"
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d Tage / days (%dh)", d/(24*time.Hour), d/time.Hour)
	default:
		return d.String()
	}
}

// adminAuthenticator is the login of the protected admin pages, nil
// without admin.htpasswd. run and config check both refuse a file it cannot
// use, with its error: before, run started with the admin pages off where
// config check refused the same file.
func adminAuthenticator(cfg *config.Config) (*identity.Authenticator, error) {
	if cfg.Admin.Htpasswd == "" {
		return nil, nil
	}
	auth, err := identity.New(identity.Config{Htpasswd: cfg.Admin.Htpasswd, Realm: "schleuse Verwaltung",
		AllowedClients: []string{"0.0.0.0/0", "::/0"}})
	if err != nil {
		return nil, identityError("admin", err)
	}
	return auth, nil
}

// identityError names the configuration key of an error of identity.New
// below section ("auth", "admin"): "auth.htpasswd: /etc/schleuse/users.htpasswd
// does not exist: create it …" instead of "auth: identity: htpasswd: stat …".
func identityError(section string, err error) error {
	var ce *identity.ConfigError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s.%s: %w", section, ce.Key, ce.Err)
	}
	return fmt.Errorf("%s: %w", section, err)
}

// htpasswdError is the error of the last automatic reload of the proxy's
// htpasswd file (the previous users stay in force), or nil.
func htpasswdError(id any) error {
	if r, ok := id.(interface{ LastReloadError() error }); ok {
		return r.LastReloadError()
	}
	return nil
}
