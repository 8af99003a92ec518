package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/extract"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/proxy"
	"github.com/schleuse/schleuse/pseudonym"
	"github.com/schleuse/schleuse/telemetry"
)

func newRunCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "run",
		Short: "Start the proxy and the admin listener",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load()
			if err != nil {
				return err
			}
			return run(cmd.Context(), cfg, g.configPath)
		},
	}
}

// app holds the running parts so that SIGHUP can reload them.
type app struct {
	cfg *config.Config
	// configPath is the file run reads ("" : built-in defaults), named
	// where an expired CA is to be renewed (renewCA).
	configPath string
	log        *slog.Logger
	policy     *policies.Engine
	auth       *identity.Authenticator
	// adminAuth is the login of the protected admin pages, nil without
	// admin.htpasswd (adminAuthenticator).
	adminAuth *identity.Authenticator
	audit     *audit.Logger
	// auditView reads the audit log for /audit/ (nil without
	// admin.htpasswd); stop closes it before the writer.
	auditView *audit.Reader
	tel       *telemetry.Telemetry
	srv       *proxy.Server
	pipe      *proxy.Pipeline
	pseudo    *pseudonym.Store
	ca        *proxy.CA
	// shadow asks the policy of policy.shadow_dir beside the live one
	// (nil without it).
	shadow *shadowDecider

	// level is the log level in force (nil when the logger came from
	// elsewhere, as in tests); grace bounds the drain at shutdown. A
	// reloaded configuration sets both.
	level *slog.LevelVar
	grace time.Duration

	// reloadState is what the last SIGHUP did with the configuration file,
	// for the status page; guarded by mu (the page runs beside a reload).
	mu          sync.Mutex
	configErr   string   // why the last reload was rejected, "" if it was not
	needRestart []string // keys a reload read but can only apply at a restart

	// adminOff is why the protected admin pages are off ("" when they
	// are on), for the start line; set by adminHandler.
	adminOff string
}

func run(ctx context.Context, cfg *config.Config, configPath string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	lv, err := telemetry.ParseLevel(cfg.Log.Level)
	if err != nil {
		return err
	}
	level := new(slog.LevelVar)
	level.Set(lv)
	log := telemetry.NewLoggerVar(os.Stdout, level)
	// goproxy's HTTP/2 server writes its errors (a client's bogus preface,
	// its GOAWAY) to the standard logger: reduced, into the JSON log.
	proxy.CaptureStandardLog(log, slog.LevelInfo)
	a, err := startFrom(ctx, cfg, configPath, log)
	if err != nil {
		return err
	}
	a.level = level
	log.Info("schleuse gestartet / schleuse started", a.startedAttrs()...)
	if w := kerberosPACWarning(cfg); w != "" {
		log.Warn(w)
	}
	for id, hosts := range proxy.DroppedHosts(cfg.Services) {
		log.Warn("services: Ein Eintrag ersetzt einen eingebauten Dienst und lässt einige seiner Hosts weg; sie gehen jetzt ungeprüft durch einen blinden Tunnel (unter hosts aufführen, damit sie geprüft bleiben) / services: an entry replaces a built-in service and leaves out some of its hosts; they now go through a blind tunnel, uninspected (list them in hosts to keep them inspected)", "service", id, "hosts", hosts)
	}

	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sig)
	for s := range sig {
		if s == syscall.SIGHUP {
			a.reload(ctx, configPath)
			continue
		}
		log.Info("Wird beendet (Signal unter signal; laufende Anfragen dürfen bis grace zu Ende laufen) / shutting down", "signal", s.String(), "grace", a.shutdownGrace().String())
		if err := a.stop(); err != nil {
			return err
		}
		log.Info("Beendet / stopped")
		return nil
	}
	return nil
}

// logDeprecated warns of each value of the file read as an earlier
// version read it, with what to write instead (config check shows the
// same): the proxy runs, and the file is mended before the next upgrade.
func logDeprecated(log *slog.Logger, cfg *config.Config) {
	for _, d := range cfg.Deprecated {
		log.Warn("config: Ein Wert wird gelesen, wie ihn eine frühere Version las; die Datei vor dem nächsten Update ändern (setting nennt, was stattdessen) / config: a value read as an earlier version read it; change the file before the next upgrade", "setting", d)
	}
	if cfg.SetsNothing {
		log.Warn("config: " + setsNothingWarning)
	}
}

// kerberosPACWarning says when auth.kerberos is on but the PAC file names
// the proxy by an address: browsers send Negotiate to a proxy named by host
// name only, so staff would be asked for a password (or refused) instead.
// A listener on all interfaces is named by the host the PAC file was
// fetched from, which may be a name: no warning then.
func kerberosPACWarning(cfg *config.Config) string {
	if cfg.Auth.Kerberos == nil {
		return ""
	}
	host := ""
	if p := strings.TrimSpace(cfg.Admin.ProxyURL); p != "" {
		if u, err := url.Parse(p); err == nil && u.Host != "" {
			host = u.Hostname()
		} else {
			_, rest, ok := strings.Cut(p, " ") // "PROXY host:port"
			if !ok {
				rest = p
			}
			if h, _, err := net.SplitHostPort(strings.TrimSpace(rest)); err == nil {
				host = h
			}
		}
	} else if h, _, err := net.SplitHostPort(cfg.Listen); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.IsUnspecified() {
		return ""
	}
	return fmt.Sprintf("auth.kerberos: Die PAC-Datei nennt den Proxy bei seiner Adresse %[1]s, Browser senden Kerberos (Negotiate) aber nur an einen Proxy, den sie mit einem Hostnamen kennen; admin.proxy_url auf http://<der Name des SPN %[2]s>:<Port> setzen / auth.kerberos: the PAC file names the proxy by its address %[1]s, and browsers send Kerberos (Negotiate) to a proxy named by host name only; set admin.proxy_url to http://<the name of the SPN %[2]s>:<port>", host, cfg.Auth.Kerberos.ServicePrincipal)
}

// auditReady is what /readyz says of the audit log, German first: an
// error while it refuses records, when every inspected request is blocked
// (fail closed) and a load balancer sends them to another node meanwhile,
// or while its store fails and records spill to disk.
func auditReady(st audit.QueueStats) error {
	if st.NodeTaken != "" {
		return &proxy.NotReady{
			DE: "ein anderer schleuse schreibt unter der Knoten-ID dieses Knotens ins Audit-Log (seine Sperre ging mit der Datenbankverbindung verloren): dieser Knoten schreibt nichts mehr und blockiert jede Anfrage an KI-Dienste; jedem Knoten eine eigene audit.node geben und neu starten (Grund im Log und auf der Statusseite)",
			EN: "another schleuse writes to the audit log under this node's id: requests are blocked until every node has its own audit.node and this one is restarted"}
	}
	if st.KeysStale != "" {
		return &proxy.NotReady{
			DE: "für das Audit-Log wurde ein neuer Schlüsselzeitraum begonnen (schleuse audit new-keys), dieser Knoten hat noch die alte Schlüsseldatei: er schreibt nichts mehr ins Protokoll und blockiert jede Anfrage an KI-Dienste, bis er mit der neuen Schlüsseldatei neu gestartet wird (Grund im Log und auf der Statusseite)",
			EN: "a new audit key period began while this node writes with the old key file: requests are blocked until it is restarted with the new one"}
	}
	if st.Refusing != "" {
		return &proxy.NotReady{
			DE: "das Audit-Log nimmt keine Einträge an (Platte voll oder schreibgeschützt?), jede Anfrage an KI-Dienste wird blockiert, bis es wieder Einträge annimmt (Grund im Log und auf der Statusseite)",
			EN: "audit log refuses records, requests are blocked: " + st.Refusing}
	}
	if st.Degraded {
		return &proxy.NotReady{
			DE: "der Audit-Speicher ist gestört, die Einträge werden in state_dir/spill ausgelagert und nachgetragen, sobald er wieder geht (Grund im Log, Zeile „audit store failing“)",
			EN: "audit store degraded (records spill to disk)"}
	}
	return nil
}

// startedAttrs are the fields of the "schleuse started" line: what runs,
// and what an admin needs next: the CA to roll out (ca_cert, its
// fingerprint to compare), the PAC file for the browsers, and where the
// status page is, or that it is off and why.
func (a *app) startedAttrs() []any {
	caching, why := a.policy.Caching()
	compiled, notCompiled := a.policy.Compiled()
	admin := "http://" + a.srv.AdminAddr()
	status := admin + "/status"
	if a.adminOff != "" {
		status = "off: " + a.adminOff
	}
	attrs := []any{"version", version, "proxy", a.srv.ProxyAddr(), "admin", a.srv.AdminAddr(),
		"policy_revision", a.policy.Revision(), "policy_decision_cache", caching, "policy_cache_off_because", why,
		"policy_compiled", compiled, "policy_compiled_off_because", notCompiled,
		"ca_fingerprint", a.ca.Fingerprint(), "upstream_proxy", a.srv.ParentProxy(), "upstream_proxy_user", a.srv.ParentUser(),
		"ca_cert", admin + "/ca.crt", "pac", admin + "/proxy.pac", "status", status}
	// A rotation in progress: where its next CA is downloaded, as the
	// status page names it (nextCARow).
	if next := nextCARow(a.srv, a.ca); next.Fingerprint != "" {
		attrs = append(attrs, "ca_next", admin+"/ca-next.crt", "ca_next_fingerprint", next.Fingerprint)
	}
	return attrs
}

// start builds and starts every part. On error everything started is stopped.
func start(ctx context.Context, cfg *config.Config, log *slog.Logger) (*app, error) {
	return startFrom(ctx, cfg, "", log)
}

// startFrom is start for the configuration read from configPath ("":
// built-in defaults), which an expired CA's messages name (renewCA).
func startFrom(ctx context.Context, cfg *config.Config, configPath string, log *slog.Logger) (_ *app, err error) {
	a := &app{cfg: cfg, log: log, grace: cfg.Shutdown.Grace, configPath: configPath}
	served := false // the listeners belong to a.srv once it serves them
	defer func() {
		if err != nil {
			a.stop()
		}
	}()
	// What only reads the configuration and its files comes first, so that
	// a configuration that cannot start writes nothing: no state directory,
	// no CA (whose "roll it out" warning would go with a failed start), no
	// audit database.
	cat, err := newCatalogue(cfg.Services)
	if err != nil {
		return nil, err
	}
	router, err := newRouter(cfg)
	if err != nil {
		return nil, err
	}
	scanner, err := newScanner(cfg.Inspect.LexiconDir)
	if err != nil {
		return nil, fmt.Errorf("inspect.lexicon_dir: %w", err)
	}
	// proxy.New reads these too, after the CA is made: a missing one must
	// stop the start before.
	for _, f := range cfg.Upstream.CAFiles {
		if err := proxy.AddCAFile(x509.NewCertPool(), f); err != nil {
			return nil, err
		}
	}
	// A next CA from a PKI (ca.next_cert_file) that is none, or expired,
	// stops the start as config check refuses it; one that is the current
	// CA is config check's warning and /ca-next.crt's 404.
	if _, err := proxy.CheckNextCA(cfg, nil, time.Now()); err != nil {
		return nil, err
	}
	a.auth, err = identity.New(identityConfig(cfg))
	if err != nil {
		return nil, identityError("auth", err)
	}
	// An admin.htpasswd that cannot be used stops the start, as config
	// check refuses it, instead of starting with the admin pages off.
	a.adminAuth, err = adminAuthenticator(cfg)
	if err != nil {
		return nil, err
	}
	// The same check and message as config check: a file in the way, a
	// directory this account cannot write or create.
	if err := checkStateDir(cfg.StateDir, cfg.Audit.Store == "sqlite"); err != nil {
		return nil, err
	}
	a.policy, err = policies.Open(ctx, cfg.Policy.Dir)
	if err != nil {
		if cfg.Policy.Dir == "" {
			return nil, err // the embedded default: no directory to name
		}
		return nil, policyOpenError("policy.dir", cfg.Policy.Dir, err)
	}
	if cfg.Policy.ShadowDir != "" {
		sh, err := policies.Open(ctx, cfg.Policy.ShadowDir)
		if err != nil {
			return nil, policyOpenError("policy.shadow_dir", cfg.Policy.ShadowDir, err)
		}
		sh.SetEvalTimeout(cfg.Policy.EvaluationTimeout)
		a.shadow = &shadowDecider{live: a.policy, shadow: sh, log: log}
	}
	// A written log without its key file (restored without it) or one
	// that cannot be read: audit.Open refuses it below too; this stops
	// the start before the ports are taken and state_dir is made.
	if err := audit.CheckKeys(ctx, auditConfig(cfg)); err != nil {
		return nil, err
	}
	// The ports too: one in use (a schleuse already running) stops a first
	// start before it makes a CA and says "roll it out".
	proxyLn, adminLn, err := proxy.Listen(cfg)
	if err != nil {
		return nil, err
	}
	defer func() {
		if !served {
			proxyLn.Close()
			adminLn.Close()
		}
	}()
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("state_dir: %w", err)
	}
	// An audit.db gone or empty beside the key file that was made with it:
	// the log was lost (deleted, a restore without it, a wiped disk), and
	// a new one begins at record 1. Before, that happened without a word.
	lostLog := false
	if cfg.Audit.Store == "sqlite" {
		if _, err := os.Stat(filepath.Join(cfg.StateDir, audit.KeyFileName)); err == nil {
			fi, err := os.Stat(filepath.Join(cfg.StateDir, "audit.db"))
			lostLog = errors.Is(err, fs.ErrNotExist) || err == nil && fi.Size() == 0
		}
	}
	// The audit store before the CA: an unreachable PostgreSQL, a corrupt
	// or locked audit.db stops the start before a new CA is made (and
	// "roll it out" said) for a proxy that does not run.
	a.audit, err = audit.Open(ctx, audit.Config{
		Store: cfg.Audit.Store, Dir: cfg.StateDir, Node: cfg.Audit.Node,
		PseudonymizeUsers: cfg.Audit.PseudonymizeUsers, Retention: cfg.Audit.Retention,
	})
	if err != nil {
		// audit's errors say "audit: …"; a damaged, locked or foreign
		// audit.db, a full disk or an unreachable PostgreSQL German first,
		// as the admin port and the CA key say theirs.
		return nil, germanFirst(err)
	}
	if note := a.audit.KeysNote(); note != "" {
		log.Warn(note)
	}
	if lostLog {
		log.Warn("audit: audit.db fehlte oder war leer neben audit-keys.json: ein neues Audit-Log beginnt bei Eintrag 1; ging das alte verloren, schleuse anhalten und es aus der Sicherung zurückspielen (docs/operations.md, Abschnitt 6) / audit.db was missing or empty beside audit-keys.json: a new audit log begins at record 1; if the old one was lost, stop schleuse and restore it from a backup (docs/operations.md, section 6)",
			"audit_db", filepath.Join(cfg.StateDir, "audit.db"))
	}
	var ids []string
	for _, s := range cat.Services() {
		ids = append(ids, s.ID)
	}
	// The OTel SDK reports a failed export (no collector at
	// OTEL_EXPORTER_OTLP_ENDPOINT) to its global handler, which wrote to
	// the standard log: an INFO line "net/http" with the details withheld.
	otel.SetErrorHandler(otelErrors(a.log))
	a.tel, err = telemetry.Setup(ctx, telemetry.Config{ServiceName: "schleuse", Version: version, Traces: true},
		telemetry.WithServices(ids...), telemetry.WithFindingTypes(detectors.AllTypes()...))
	if err != nil {
		return nil, telemetryError(err)
	}
	ca, created, err := proxy.LoadOrInitCA(cfg.StateDir)
	if err != nil {
		return nil, fmt.Errorf("CA in %s: %w", cfg.StateDir, err)
	}
	a.ca = ca
	caLast := a.checkCA(time.Now(), caValid)
	a.tel.Metrics.SetCAExpiry(ca.Cert.NotAfter)
	if created {
		log.Warn("Neue Interception-CA angelegt: vor der Nutzung an die Browser verteilen (GPO oder MDM; schleuse ca export) / created a new interception CA: roll it out to the browsers (GPO / MDM) before use",
			"cert", cfg.StateDir+"/"+proxy.CACertFile, "fingerprint", ca.Fingerprint())
	}
	a.policy.SetEvalTimeout(cfg.Policy.EvaluationTimeout)
	a.policy.OnCompiledOff(func(why string) {
		log.Error("policy: Der kompilierte Auswerter ist für diese Fassung der Richtlinie aus (Grund unter reason), OPAs Interpreter entscheidet: dieselben Entscheidungen, langsamer / policy: the compiled evaluator is off for this revision; OPA's interpreter decides (same decisions, slower)",
			"reason", why, "revision", a.policy.Revision())
	})
	a.pseudo = pseudonym.NewStore(cfg.Pseudonym.TTL, cfg.Pseudonym.MaxConversations)
	m := a.tel.Metrics
	m.RegisterGauges(func() (int64, int64, int64) {
		st := a.audit.Stats()
		return int64(st.Depth), spilledBytes(st), int64(a.pseudo.Len())
	})
	a.pipe = &proxy.Pipeline{
		Config:         cfg.Inspect,
		Router:         router,
		Scanner:        scanner,
		Policy:         a.decider(),
		Revision:       a.policy.Revision,
		Audit:          a.audit,
		Pseudonyms:     a.pseudo,
		ExtractFile:    extract.Text,
		FileNotice:     extract.Notice,
		UserPseudonym:  a.audit.Pseudonym,
		SpanUserPseudo: cfg.Telemetry.UserPseudonymInSpans,
		Tracer:         a.tel.Tracer,
		Metrics:        m,
		Log:            log,
		// a.srv is set below, before Serve: no request asks earlier
		Contact:  func() string { return a.srv.Notice().Contact },
		Redacted: func() string { return a.srv.Notice().Redacted },
	}
	a.srv, err = proxy.New(proxy.Options{
		Config: cfg, Logger: log, CA: ca, Identity: a.auth, Inspector: a.pipe, Metrics: m,
		ClientTimeouts: clientTimeouts(cfg),
		Admin:          a.adminHandler(),
		Ready:          func() error { return auditReady(a.audit.Stats()) },
	})
	if err != nil {
		return nil, err
	}
	a.srv.Serve(proxyLn, adminLn)
	served = true
	logDeprecated(log, cfg)
	go a.watchHtpasswd(ctx, 2*time.Second)
	go a.watchCA(ctx, time.Hour, caLast)
	go a.watchAudit(ctx, 2*time.Second, a.audit.Stats)
	if cfg.Policy.Dir != "" {
		go a.watchPolicy(ctx, a.policy, "")
	}
	if a.shadow != nil {
		go a.watchPolicy(ctx, a.shadow.shadow, "shadow ")
	}
	return a, nil
}

// decider is what the pipeline asks: the live policy, or the live policy
// beside the shadow one.
func (a *app) decider() proxy.Decider {
	if a.shadow != nil {
		a.shadow.metrics = a.tel.Metrics
		a.tel.Metrics.ShadowEnabled(context.Background())
		return a.shadow
	}
	return a.policy
}

// watchPolicy reloads the policy when its directory changes and logs each
// result, until ctx ends. If the directory cannot be watched (the inotify
// limits, a directory gone since the start) it says so: changes then take
// effect only with SIGHUP.
func (a *app) watchPolicy(ctx context.Context, p *policies.Engine, which string) {
	err := p.Watch(ctx, func(err error) { a.policyReloaded(ctx, p, which, err) })
	if err != nil {
		a.log.Error(policyDE(which, "Verzeichnis der Richtlinie nicht beobachtet: Änderungen gelten erst nach systemctl reload (SIGHUP)")+
			" / "+which+"policy directory not watched: changes take effect only with SIGHUP", "error", err.Error())
	}
}

// policyReloaded counts and logs a reload of p, the live policy or (which
// "shadow ") the shadow one, German first and English after " / ", as the
// status page says it and the other lines IT reads do ("audit: …"): on
// success the revision now in force; on failure that the previous
// revision (field revision) stays in force, the kind of error in German
// (policyErrorDE) and OPA's own words with file and line in the field
// error. Before, both lines were English only.
func (a *app) policyReloaded(ctx context.Context, p *policies.Engine, which string, err error) {
	a.tel.Metrics.PolicyReload(ctx, err == nil)
	if err != nil {
		a.log.Error(policyDE(which, "Geänderte Richtlinie abgelehnt, die bisherige Fassung (revision) gilt weiter: "+policyErrorDE(err.Error(), p.Dir()))+
			" / "+which+"policy reload rejected; the last good policy stays active", "error", err.Error(), "revision", p.Revision())
		return
	}
	compiled, notCompiled := p.Compiled()
	a.log.Info(policyDE(which, "Richtlinie neu geladen")+" / "+which+"policy reloaded",
		"revision", p.Revision(), "policy_compiled", compiled, "policy_compiled_off_because", notCompiled)
}

// policyDE is de, a log line's German part about the live policy, for
// which (policyReloaded): "shadow " names the shadow policy
// (policy.shadow_dir), "Probe-Richtlinie" where de says "Richtlinie".
func policyDE(which, de string) string {
	if which == "" {
		return de
	}
	return strings.Replace(de, "Richtlinie", "Probe-Richtlinie", 1)
}

// watchHtpasswd logs when the automatic reload of the proxy's htpasswd file
// fails (the previous users stay in force) and when it works again; the
// status page shows the same error.
func (a *app) watchHtpasswd(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	last := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		msg := ""
		if err := htpasswdError(a.srv.Identity()); err != nil {
			msg = err.Error()
		}
		switch {
		case msg == last:
		case msg != "" && strings.Contains(msg, "kerberos.keytab") && !strings.Contains(msg, "htpasswd"):
			a.log.Error("Geänderte Kerberos-Keytab abgelehnt, die bisherigen Schlüssel gelten weiter / keytab reload rejected; the previous keys stay in force", "error", msg)
		case msg != "":
			a.log.Error("Geänderte htpasswd-Datei abgelehnt, die bisherigen Zugänge gelten weiter / htpasswd reload rejected; the previous users stay in force", "error", msg)
		default:
			a.log.Info("htpasswd-Datei neu geladen / htpasswd reloaded")
		}
		last = msg
	}
}

// checkCA logs what the interception CA's dates mean at now when that
// differs from last, and returns it: an error for a CA browsers reject
// (the proxy then refuses the inspected services and tunnels the rest), a
// warning caWarnBefore ahead of its end.
func (a *app) checkCA(now time.Time, last caState) caState {
	_, st := caNotice(a.cfg.StateDir, a.configPath, a.ca, now)
	if st == last {
		return st
	}
	cert := filepath.Join(a.cfg.StateDir, proxy.CACertFile)
	notAfter := a.ca.Cert.NotAfter.UTC().Format(time.DateOnly)
	switch st {
	case caFailed:
		a.log.Error("Interception-CA nicht gültig ("+a.ca.ProblemDE(now)+"): CONNECTs zu den geprüften KI-Diensten werden abgewiesen (fail closed), andere Hosts getunnelt; als Dienstkonto eine neue anlegen (Befehl unter renew), verteilen (docs/security.md, Rotation) und neu starten"+
			" / interception CA not valid: CONNECTs to the inspected AI services are refused (fail closed), other hosts are tunnelled; make a new one as the service account (see renew), roll it out (docs/security.md, Rotation) and restart",
			"problem", a.ca.Problem(now), "cert", cert, "not_after", notAfter, "renew", renewCA(a.configPath))
	case caEnding:
		a.log.Warn("Interception-CA läuft bald ab (not_after): die nächste anlegen und vorher verteilen (docs/security.md, Rotation); ab diesem Tag werden die geprüften KI-Dienste abgewiesen"+
			" / interception CA expires soon: make the next one and roll it out before then (docs/security.md, Rotation); from that day the inspected AI services are refused",
			"cert", cert, "not_after", notAfter, "days_left", int(a.ca.Cert.NotAfter.Sub(now).Hours()/24))
	case caValid:
		a.log.Info("Interception-CA wieder gültig (die Uhr wurde richtig gestellt) / interception CA valid again (the clock was set right)", "cert", cert, "not_after", notAfter)
	}
	return st
}

// watchCA checks the interception CA's dates every interval until ctx
// ends: a proxy that runs for months passes the warning's day, and the
// end, without a restart.
func (a *app) watchCA(ctx context.Context, every time.Duration, last caState) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			last = a.checkCA(now, last)
		}
	}
}

// spilledBytes is what schleuse_audit_spill_bytes and the status page
// show: the bytes of the spill files, written while the store fails. Not
// the journal (Stats counts it in SpillBytes too), whose records wait a
// batch's time (≤ 200 ms) for the store in normal operation: with it, the
// gauge was above 0 at most scrapes of a node under load (26 of 30
// samples at 20 requests/s) and SchleuseAuditSpilling fired on a store
// that worked.
func spilledBytes(st audit.QueueStats) int64 {
	return st.SpillBytes - st.JournalBytes
}

// watchAudit logs when the audit store starts failing (records then go
// to the spill file in state_dir/spill and reach the store later) and when
// it works again. Without it the cause was nowhere but in /readyz's "degraded".
func (a *app) watchAudit(ctx context.Context, every time.Duration, stats func() audit.QueueStats) {
	t := time.NewTicker(every)
	defer t.Stop()
	down, refusing, staleSaid, takenSaid := false, false, false, false
	var pruned uint64
	pruneErr, headsErr, noted, lostSaid, clockBack := "", "", "", false, ""
	var notedAt time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st := stats()
		switch {
		case st.Degraded && !down:
			a.log.Error("audit: Der Audit-Speicher ist gestört, die Einträge werden in state_dir/spill ausgelagert und nachgetragen, sobald er wieder geht / audit store failing; records go to the spill file and are written when it works again",
				"error", st.StoreError, "spill_dir", a.cfg.StateDir+"/spill", "spill_bytes", st.SpillBytes)
		case !st.Degraded && down:
			a.log.Info("audit: Der Audit-Speicher geht wieder, die ausgelagerten Einträge werden nachgetragen / audit store works again; spilled records are being written", "spill_bytes", st.SpillBytes)
		}
		down = st.Degraded
		// A log that refuses records (full or read-only disk) blocks every
		// request to an AI service: said once when it starts and once when
		// it ends, as the store's failure is. The blocked requests' own
		// lines are bounded (auditFailed), so without these the end went
		// unseen, and a burst's last refusals with it.
		// A node stopped by a new key period refuses every record too,
		// but its own line below says why: "a full or read-only disk?"
		// would send IT looking at the disk.
		switch {
		case st.KeysStale != "" || st.NodeTaken != "":
		case st.Refusing != "" && !refusing:
			a.log.Error("audit: Das Audit-Log nimmt keine Einträge an (Platte voll oder schreibgeschützt?), jede Anfrage an KI-Dienste wird blockiert, bis es wieder Einträge annimmt / audit log refuses records (a full or read-only disk?): requests to AI services are blocked until it takes records again",
				"error", st.Refusing, "state_dir", a.cfg.StateDir)
		case st.Refusing == "" && refusing:
			a.log.Info("audit: Das Audit-Log nimmt wieder Einträge an, Anfragen an KI-Dienste werden wieder weitergeleitet (die blockierten zählt schleuse_failclosed_total{cause=\"audit_unavailable\"}) / audit log takes records again: requests to AI services are forwarded again (schleuse_failclosed_total{cause=\"audit_unavailable\"} counts those blocked)")
		}
		refusing = st.Refusing != ""
		// A new key period begun elsewhere (new-keys from another node
		// of a shared log) stops this node for good: said once, German
		// first, with what to do.
		if st.KeysStale != "" && !staleSaid {
			a.log.Error("audit: Neuer Schlüsselzeitraum, dieser Knoten hat die alte Schlüsseldatei: Anfragen an KI-Dienste werden blockiert, bis schleuse mit der neuen neu gestartet wird / new audit key period, this node has the old key file: requests to AI services are blocked until schleuse is restarted with the new one",
				"error", st.KeysStale, "state_dir", a.cfg.StateDir)
			staleSaid = true
		}
		if st.NodeTaken != "" && !takenSaid {
			a.log.Error("audit: Ein anderer schleuse schreibt unter der Knoten-ID dieses Knotens: Anfragen an KI-Dienste werden blockiert / another schleuse writes under this node's audit node id: requests to AI services are blocked",
				"error", st.NodeTaken, "node", a.cfg.Audit.Node)
			takenSaid = true
		}
		// Retention deletes what the DPO's period (audit.retention) no
		// longer allows to keep: the log says when and how many, and
		// when it fails, so that records kept too long do not go unseen.
		if st.Pruned > pruned {
			a.log.Info("audit: Einträge älter als audit.retention gelöscht (ihre Zahl unter records) / audit retention deleted records older than audit.retention", "records", st.Pruned-pruned,
				"retention", a.cfg.Audit.Retention.String())
			pruned = st.Pruned
		}
		// The chain head noted in state_dir/audit-heads goes into this
		// log too, once an hour while it moves: a copy of the log on
		// another machine (journald forwarded to syslog) then holds a
		// hash that verify --expect takes, out of reach of whoever can
		// write state_dir.
		if st.Noted != noted && time.Since(notedAt) >= headLogEvery {
			a.log.Info("audit: Kopf der Hash-Kette notiert (für schleuse audit verify --expect) / audit head noted (schleuse audit verify --expect takes it)", "head", st.Noted, "file", a.cfg.StateDir+"/"+audit.HeadsFileName)
			noted, notedAt = st.Noted, time.Now()
		}
		if st.Lost != "" && !lostSaid {
			a.log.Error("audit: Die neuesten Einträge, die audit-heads notiert hatte, fehlen im Audit-Log (gelöscht oder eine ältere Sicherung zurückgespielt) / audit log: the newest records noted outside the store are missing", "detail", st.Lost)
			lostSaid = true
		}
		// A clock set back puts new records before older ones: a query
		// for the period they belong to does not show them.
		if st.ClockBack != clockBack {
			if st.ClockBack != "" {
				a.log.Error("audit: Die Systemuhr wurde zurückgestellt, neue Audit-Einträge tragen Zeiten vor älteren / system clock set back: audit records carry times before older ones", "detail", st.ClockBack)
			}
			clockBack = st.ClockBack
		}
		if st.HeadsError != headsErr {
			if st.HeadsError != "" {
				a.log.Error("audit: Der Kopf der Hash-Kette lässt sich in state_dir nicht notieren; die Einträge werden weiter geschrieben / audit head cannot be noted in state_dir; records are still written", "error", st.HeadsError)
			}
			headsErr = st.HeadsError
		}
		if st.PruneError != pruneErr {
			if st.PruneError != "" {
				a.log.Error("audit: Die Löschfrist lässt sich nicht durchsetzen, Einträge älter als audit.retention bleiben, bis es wieder geht / audit retention failing; records older than audit.retention stay until it works", "error", st.PruneError)
			} else {
				a.log.Info("audit: Die Löschfrist wird wieder durchgesetzt / audit retention works again")
			}
			pruneErr = st.PruneError
		}
	}
}

// headLogEvery bounds how often the log names the noted chain head (a
// variable for tests).
var headLogEvery = time.Hour

// otelErrorEvery bounds how often otelErrors logs (a variable for tests).
var otelErrorEvery = time.Minute

// telemetryError says a telemetry.Setup that failed German first, with
// what IT can change: the unit's OTEL_* environment (docs/operations.md
// §5). Before, "telemetry: …" in English only.
func telemetryError(err error) error {
	if ee, ok := errors.AsType[*telemetry.EndpointError](err); ok {
		return fmt.Errorf("%s (systemctl cat schleuse; docs/operations.md, Abschnitt 5); ohne die Variable startet schleuse ohne Traces / %w", ee.German(), err)
	}
	return fmt.Errorf("Traces und Metriken (OpenTelemetry) lassen sich nicht einrichten: die OTEL_*-Umgebungsvariablen der Unit prüfen (systemctl cat schleuse; docs/operations.md, Abschnitt 5); ohne sie startet schleuse ohne Traces / telemetry: %w", err)
}

// otelErrors logs the OpenTelemetry SDK's errors (a trace export that
// failed: no collector, a refused request) as a warning that names what to
// check, at most once per otelErrorEvery with the number left out. Spans
// hold no values or text, so neither does an exporter's error.
func otelErrors(log *slog.Logger) otel.ErrorHandler {
	var mu sync.Mutex
	var last time.Time
	skipped := 0
	return otel.ErrorHandlerFunc(func(err error) {
		// Not an export: OTEL_RESOURCE_ATTRIBUTES with an entry that is
		// not key=value, read once at the start. Before, it was logged as
		// a failed export, and IT looked at the collector.
		if errors.Is(err, resource.ErrPartialResource) {
			log.Warn("telemetry: OTEL_RESOURCE_ATTRIBUTES nur zum Teil gelesen (jeder Eintrag key=value, durch Kommas getrennt, Werte URL-kodiert): die Spans gehen mit den lesbaren Einträgen hinaus (docs/operations.md, Abschnitt 5) / telemetry: OTEL_RESOURCE_ATTRIBUTES was read only in part (each entry key=value, comma-separated, values URL-encoded): the spans go out with the entries that could be read (docs/operations.md §5)",
				"error", err.Error())
			return
		}
		mu.Lock()
		now := time.Now()
		if !last.IsZero() && now.Sub(last) < otelErrorEvery {
			skipped++
			mu.Unlock()
			return
		}
		n := skipped
		last, skipped = now, 0
		mu.Unlock()
		msg := err.Error()
		if len(msg) > 300 {
			msg = strings.ToValidUTF8(msg[:300], "") + " …"
		}
		log.Warn("telemetry: Export der Traces (OpenTelemetry) gescheitert, Spans werden verworfen, bis er wieder geht: OTEL_EXPORTER_OTLP_ENDPOINT und den Collector prüfen (docs/operations.md, Abschnitt 5) / telemetry: OpenTelemetry export failed; spans are dropped until it works (check OTEL_EXPORTER_OTLP_ENDPOINT and the collector, docs/operations.md §5)",
			"error", msg, "not_logged_since", n)
	})
}

// newCatalogue is proxy.NewCatalogue with its error under "services:"
// and, for an entry without hosts whose id is a typo of a built-in one
// ("deepsek-web"), the id it probably meant: before, the message said
// only that hosts were missing.
func newCatalogue(services []config.Service) (*proxy.Catalogue, error) {
	cat, err := proxy.NewCatalogue(services)
	if err == nil {
		return cat, nil
	}
	if builtin, e := proxy.NewCatalogue(nil); e == nil {
		var ids []string
		for _, s := range builtin.Services() {
			ids = append(ids, s.ID)
		}
		for _, s := range services {
			if len(s.Hosts) > 0 || slices.Contains(ids, s.ID) {
				continue
			}
			if hm, ok := errors.AsType[*proxy.HostsMissingError](err); ok && hm.ID == s.ID {
				if near := config.Nearest(s.ID, ids); near != "" {
					return nil, fmt.Errorf("services: %q ist kein eingebauter Dienst, gemeint ist wohl %q (docs/providers.md nennt die ids); ein eigener Dienst braucht hosts / "+
						"services: service %s: hosts missing (only an entry that changes a built-in service may leave them out); %q is no built-in service: did you mean %q? (docs/providers.md lists the ids)", s.ID, near, s.ID, s.ID, near)
				}
			}
		}
	}
	return nil, fmt.Errorf("services: %w", err)
}

// newRouter puts the config's routes in front of the built-in ones, so a
// format change is fixed without a rebuild. A route whose provider is
// neither a service id nor a provider of the catalogue can never match
// and is an error (an adapter's name there, "lechat" for mistral-web,
// would leave the format change unfixed without a word).
func newRouter(cfg *config.Config) (*providers.Router, error) {
	var routes []providers.Route
	var known []string
	if cat, err := proxy.NewCatalogue(cfg.Services); err == nil { // else "services:" names the error
		for _, s := range cat.Services() {
			known = append(known, s.ID, s.Provider)
		}
		slices.Sort(known)
		known = slices.Compact(known)
	}
	for i, r := range cfg.Routes {
		if r.Provider != "" && known != nil && !slices.Contains(known, r.Provider) {
			return nil, fmt.Errorf("routes: Route %d (%s %s%s): provider %q ist weder id noch Anbieter eines Dienstes im Katalog, die Route passt daher nie / route %d (%s %s%s): provider %q is no service id or provider of the catalogue, so the route never matches (bekannt / known: %s)",
				i, r.Method, r.Host, r.Path, r.Provider, i, r.Method, r.Host, r.Path, r.Provider, strings.Join(known, ", "))
		}
		routes = append(routes, providers.Route{Provider: r.Provider, Host: r.Host, Method: r.Method, Path: r.Path, Adapter: r.Adapter})
	}
	router, err := providers.NewRouter(append(routes, providers.DefaultRoutes()...))
	if err != nil {
		return nil, fmt.Errorf("routes: %w", err)
	}
	return router, nil
}

func clientTimeouts(cfg *config.Config) proxy.ClientTimeouts {
	// The guard counts TLS record overhead and read-ahead too: 32 KiB on top.
	return proxy.ClientTimeouts{Header: cfg.Client.HeaderTimeout, Body: cfg.Client.BodyTimeout,
		Idle: cfg.Client.IdleTimeout, Tunnel: cfg.Client.TunnelIdleTimeout, MaxHeaderBytes: int(cfg.Client.MaxHeaderBytes) + 32<<10}
}

func identityConfig(cfg *config.Config) identity.Config {
	c := identity.Config{
		Htpasswd: cfg.Auth.Htpasswd, Realm: cfg.Auth.Realm,
		TrustedHeader: cfg.Auth.TrustedHeader, GroupsHeader: cfg.Auth.GroupsHeader,
		TrustedProxies: cfg.Auth.TrustedProxies, Networks: cfg.Auth.Networks,
		AllowedClients: cfg.Auth.AllowedClients,
	}
	if l := cfg.Auth.LDAP; l != nil {
		c.LDAP = &identity.LDAPConfig{
			URL: l.URL, StartTLS: l.StartTLS, CAFile: l.CAFile, CacheSize: l.CacheSize, BindDN: l.BindDN, BindPassword: l.BindPassword, BindPasswordFile: l.BindPasswordFile,
			BaseDN: l.BaseDN, UserFilter: l.UserFilter, GroupAttribute: l.GroupAttribute, GroupMap: l.GroupMap,
			CacheTTL: l.CacheTTL, Timeout: l.Timeout,
		}
	}
	if k := cfg.Auth.Kerberos; k != nil {
		c.Kerberos = &identity.KerberosConfig{Keytab: k.Keytab, ServicePrincipal: k.ServicePrincipal,
			Realm: k.Realm, KeepRealm: k.KeepRealm, KeepCase: k.KeepCase, MaxClockSkew: k.MaxClockSkew}
	}
	return c
}

// reload re-reads what can change without a restart: the policy, the
// htpasswd file. Listener and state changes need a restart and say so.
func (a *app) reload(ctx context.Context, configPath string) {
	a.log.Info("SIGHUP: Konfiguration, Richtlinie und Zugänge werden neu geladen / SIGHUP: reloading")
	if configPath != "" {
		restart, err := a.reloadConfig(configPath)
		a.mu.Lock()
		if err != nil {
			a.configErr = err.Error()
		} else {
			a.configErr, a.needRestart = "", restart
		}
		a.mu.Unlock()
		if err != nil {
			a.log.Error("Geänderte Konfiguration abgelehnt, die laufende gilt weiter (die Fehler im Feld error, wie config check sie nennt) / config reload rejected; the running configuration stays", "error", err.Error())
			// Counted with the policy's rejections, which the alert
			// SchleusePolicyReloadFailed watches and whose description
			// names "config reload rejected"; before, a rejected file
			// was counted nowhere and the alert never fired for it.
			a.tel.Metrics.PolicyReload(ctx, false)
		}
	}
	a.policyReloaded(ctx, a.policy, "", a.policy.Reload(ctx))
	if a.shadow != nil {
		a.policyReloaded(ctx, a.shadow.shadow, "shadow ", a.shadow.shadow.Reload(ctx))
	}
	if err := a.auth.Reload(); err != nil {
		a.log.Error("htpasswd-Datei oder Kerberos-Keytab ließ sich nicht neu laden, die bisherigen Zugänge und Schlüssel gelten weiter / htpasswd or keytab reload failed; the previous users and keys stay in force", "error", err.Error())
	}
}

// reloadConfig applies a changed configuration file: catalogue, CONNECT
// ports, identity sources, routes, inspection settings, log level and
// shutdown grace. Nothing changes
// unless all of it is valid. It returns the changed keys that need a
// restart.
//
// A rejected file is reported with every error it holds, as `config check`
// reports them (decoding, values, catalogue, identity sources, routes, word
// lists), not only the first: fixing them one SIGHUP at a time is slow.
func (a *app) reloadConfig(path string) ([]string, error) {
	cfg, errs := config.Check(path)
	if cfg == nil { // unreadable (the error names the file), or no YAML: nothing more to check
		if _, err := os.Stat(path); err != nil {
			return nil, errors.Join(errs...)
		}
		return nil, fmt.Errorf("config %s: %w", path, errors.Join(errs...))
	}
	if _, err := newCatalogue(cfg.Services); err != nil {
		errs = append(errs, err)
	}
	auth, err := identity.New(identityConfig(cfg))
	if err != nil {
		errs = append(errs, identityError("auth", err))
	}
	router, err := newRouter(cfg)
	if err != nil {
		errs = append(errs, err) // names routes
	}
	scanner, err := newScanner(cfg.Inspect.LexiconDir)
	if err != nil {
		errs = append(errs, fmt.Errorf("inspect.lexicon_dir: %w", err))
	}
	if _, err := proxy.CheckNextCA(cfg, a.ca.Cert, time.Now()); err != nil {
		errs = append(errs, err) // ca.next_cert_file applies with the reload
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("config %s: %w", path, errors.Join(errs...))
	}
	restart, err := a.srv.Reload(cfg, auth)
	if err != nil {
		return nil, err
	}
	a.pipe.Reload(cfg.Inspect, router)
	a.pipe.SetScanner(scanner)
	a.srv.SetClientTimeouts(clientTimeouts(cfg))
	a.auth = auth
	if a.level != nil {
		lv, _ := telemetry.ParseLevel(cfg.Log.Level) // config.Load checked it
		a.level.Set(lv)
	}
	a.grace = cfg.Shutdown.Grace
	logDeprecated(a.log, cfg)
	if len(restart) > 0 {
		a.log.Warn("Konfiguration neu geladen; die Änderungen unter keys wirken erst nach einem Neustart (systemctl restart schleuse) / configuration reloaded; these changes need a restart", "keys", restart)
	} else {
		a.log.Info("Konfiguration neu geladen / configuration reloaded")
	}
	return restart, nil
}

// shutdownGrace is how long stop waits for requests in flight: shutdown.grace
// of the configuration in force, 15 s when unset.
func (a *app) shutdownGrace() time.Duration {
	if a.grace <= 0 {
		return 15 * time.Second
	}
	return a.grace
}

// stop drains in-flight requests (bounded), flushes the audit log and wipes
// the pseudonym mappings.
func (a *app) stop() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), a.shutdownGrace())
	defer cancel()
	if a.srv != nil {
		var cut *proxy.ShutdownError
		if err := a.srv.Shutdown(ctx); errors.As(err, &cut) && errors.Is(err, context.DeadlineExceeded) {
			// What shutdown.grace is for: a stop or restart must not wait
			// for a long answer forever, and is no failure (systemd would
			// mark the unit failed on a non-zero exit).
			a.log.Warn("Beenden: shutdown.grace abgelaufen, noch laufende Anfragen wurden abgebrochen (ihre Zahl unter requests) / shutdown grace over: requests still in flight were cut off", "grace", a.shutdownGrace().String(),
				"requests", cut.Requests, "intercepted", cut.Closed.Intercepted, "websockets", cut.Closed.WebSockets, "tunnels", cut.Closed.Tunnels)
		} else if err != nil {
			errs = append(errs, fmt.Errorf("proxy shutdown: %w", err))
		}
	}
	if a.pseudo != nil {
		a.pseudo.Wipe()
	}
	// The audit view's connection first: SQLite writes the WAL back into
	// audit.db and removes audit.db-wal when the last connection closes.
	// Left open, a stopped proxy left every record since its start in
	// audit.db-wal alone, and a copy of audit.db made after
	// "systemctl stop" held none of them.
	if a.auditView != nil {
		if err := a.auditView.Close(); err != nil {
			errs = append(errs, fmt.Errorf("audit view close: %w", err))
		}
	}
	if a.audit != nil {
		if err := a.audit.Close(); err != nil {
			errs = append(errs, fmt.Errorf("audit close: %w", err))
		}
	}
	if a.tel != nil {
		a.tel.Shutdown(ctx)
	}
	return errors.Join(errs...)
}
