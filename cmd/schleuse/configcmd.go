package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
	"github.com/schleuse/schleuse/telemetry"
)

func newConfigCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "config", Short: "Check or print the configuration"}
	check := &cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a configuration file without starting",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := g.configPath
			if len(args) == 1 {
				path = args[0]
			}
			name := path
			if name == "" {
				name = "(built-in defaults)"
			}
			cfg, errs := config.Check(path)
			if cfg != nil {
				for _, err := range checkReferenced(cmd.Context(), cfg) {
					if !saidBefore(errs, err) {
						errs = append(errs, err)
					}
				}
			}
			// The ports: one the running service of this configuration
			// holds (systemctl reload checks beside it) is said as
			// information; one another program holds is an error.
			if cfg != nil {
				held, perrs := proxy.CheckPorts(cfg)
				for _, h := range held {
					fmt.Fprintf(cmd.OutOrStdout(), "%s: info: %s\n", name, h)
				}
				errs = append(errs, perrs...)
			}
			// What runs but needs doing (an expired or expiring CA): said,
			// without failing the check, which is the unit's ExecStartPre.
			if cfg != nil {
				for _, w := range checkWarnings(cfg, path) {
					fmt.Fprintf(cmd.OutOrStdout(), "%s: warning: %s\n", name, w)
				}
			}
			if len(errs) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", name)
				return nil
			}
			// Every error in one run, each on its own line with its key
			// or file: fixing them one start at a time is slow.
			return &errorList{head: name, errs: errs}
		},
	}
	def := &cobra.Command{
		Use:   "default",
		Short: "Print the default configuration with every key",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(config.DefaultYAML())
			return err
		},
	}
	c.AddCommand(check, def)
	return c
}

// checkReferenced checks what run would load besides the file itself — the
// catalogue, routes, the policy directory (compiled and its own tests run),
// htpasswd files, LDAP settings, upstream CAs and word lists — so that
// `config check` (the unit's ExecStartPre) fails where run would.
func checkReferenced(ctx context.Context, cfg *config.Config) []error {
	var errs []error
	if _, err := newCatalogue(cfg.Services); err != nil {
		errs = append(errs, err)
	}
	if _, err := newRouter(cfg); err != nil {
		errs = append(errs, err) // names routes
	}
	if cfg.Policy.ShadowDir != "" {
		if _, err := policies.Open(ctx, cfg.Policy.ShadowDir); err != nil {
			errs = append(errs, policyOpenError("policy.shadow_dir", cfg.Policy.ShadowDir, err))
		}
	}
	if cfg.Policy.Dir != "" {
		if _, err := policies.Open(ctx, cfg.Policy.Dir); err != nil {
			errs = append(errs, policyOpenError("policy.dir", cfg.Policy.Dir, err))
		}
	}
	if _, err := identity.New(identityConfig(cfg)); err != nil {
		errs = append(errs, identityError("auth", err))
	}
	if _, err := adminAuthenticator(cfg); err != nil {
		errs = append(errs, err) // names admin.htpasswd
	}
	for _, f := range cfg.Upstream.CAFiles {
		if err := proxy.AddCAFile(x509.NewCertPool(), f); err != nil {
			errs = append(errs, err)
		}
	}
	if _, err := newScanner(cfg.Inspect.LexiconDir); err != nil {
		errs = append(errs, fmt.Errorf("inspect.lexicon_dir: %w", err))
	}
	if err := telemetry.CheckEndpoints(); err != nil {
		errs = append(errs, telemetryError(err)) // run refuses it
	}
	if err := audit.CheckStore(cfg.Audit.Store); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, proxy.CheckListen(cfg)...) // an address this host lacks
	if _, err := proxy.CheckNextCA(cfg, nil, time.Now()); err != nil {
		errs = append(errs, err) // ca.next_cert_file: no CA, expired, a key in it
	}
	// What run reads from the state directory: the interception CA (run
	// creates one only when both files are missing) and the audit keys.
	if err := checkStateDir(cfg.StateDir, cfg.Audit.Store == "sqlite"); err != nil {
		errs = append(errs, err) // the files in it are not looked at then: only noise
	} else if cfg.StateDir != "" {
		_, errCert := os.Stat(filepath.Join(cfg.StateDir, proxy.CACertFile))
		_, errKey := os.Stat(filepath.Join(cfg.StateDir, proxy.CAKeyFile))
		if !errors.Is(errCert, fs.ErrNotExist) || !errors.Is(errKey, fs.ErrNotExist) {
			if _, err := proxy.LoadCA(cfg.StateDir); err != nil {
				errs = append(errs, fmt.Errorf("state_dir: CA: %w", err))
			} // its dates are checkWarnings'
		}
		if err := proxy.CheckNoticeKey(cfg.StateDir); err != nil {
			errs = append(errs, fmt.Errorf("state_dir: %w", err))
		}
		if cfg.Audit.Store == "sqlite" {
			// A cut-off or damaged audit.db, which run refuses ("database
			// disk image is malformed"); before, config check said ok.
			// German first, as the audit commands and run say it.
			if err := audit.CheckSQLiteFile(cfg.StateDir); err != nil {
				errs = append(errs, fmt.Errorf("state_dir: %w", germanFirst(err)))
			} else if err := audit.CheckSQLiteHead(ctx, auditConfig(cfg)); err != nil {
				// Damaged pages where run reads the chain's head.
				errs = append(errs, fmt.Errorf("state_dir: %w", germanFirst(err)))
			}
		}
		keys := filepath.Join(cfg.StateDir, audit.KeyFileName)
		if _, err := os.Stat(keys); !errors.Is(err, fs.ErrNotExist) {
			if _, err := audit.LoadKeys(keys, false); err != nil {
				errs = append(errs, fmt.Errorf("state_dir: %w", err))
			} else if err := audit.CheckKeys(ctx, auditConfig(cfg)); err != nil {
				// Not the log's key file (audit.ErrKeysWrong), or its
				// key periods altered: run refuses both.
				errs = append(errs, fmt.Errorf("state_dir: %w", err))
			}
		} else if err := audit.CheckKeys(ctx, auditConfig(cfg)); err != nil {
			// run refuses to make new keys for a log that holds records.
			errs = append(errs, fmt.Errorf("state_dir: %w", err))
		}
	}
	return errs
}

// headsWarnings says which newest records the audit log lacks that the
// writer noted in state_dir/audit-heads (deleted, or audit.db restored
// from an older backup): the start goes on after the noted head, so the
// operator learns it before, from the unit's ExecStartPre. A warning, not
// an error: a restored backup must start. A log that cannot be read is
// checkReferenced's to report; PostgreSQL is asked for at most 5 s.
func headsWarnings(cfg *config.Config) []string {
	if _, err := os.Stat(filepath.Join(cfg.StateDir, audit.HeadsFileName)); err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := audit.OpenReader(ctx, auditConfig(cfg))
	if err != nil {
		return nil
	}
	defer r.Close()
	cut, err := r.CheckHeads(ctx)
	if err != nil {
		return nil
	}
	var warns []string
	for _, b := range cut {
		warns = append(warns, fmt.Sprintf("audit: Server %s: %s; der Start setzt die Kette nach dem notierten Kopf fort, die Lücke bleibt sichtbar (nach dem Zurückspielen einer Sicherung: die seither verlorenen Einträge; sonst gelöscht, docs/operations.md §6) / node %s: %s; the start goes on after the noted head",
			b.Node, b.ReasonDE, b.Node, b.Reason))
	}
	return warns
}

// checkWarnings is what config check says about a configuration that
// runs but needs doing: a value read as an earlier version read it
// (config.Config.Deprecated), an interception CA that expired (run refuses
// the inspected services) or ends within caWarnBefore.
func checkWarnings(cfg *config.Config, configPath string) []string {
	warns := slices.Clone(cfg.Deprecated) // values read as an earlier version read them
	if cfg.SetsNothing {
		warns = append(warns, setsNothingWarning)
	}
	if cfg.StateDir == "" {
		return warns
	}
	warns = append(warns, headsWarnings(cfg)...)
	ca, err := proxy.LoadCA(cfg.StateDir)
	if err != nil {
		return warns // an error of checkReferenced, or none yet (run makes one)
	}
	if w, _ := proxy.CheckNextCA(cfg, ca.Cert, time.Now()); w != "" {
		warns = append(warns, w) // the next CA is the current one
	}
	if msg, st := caNotice(cfg.StateDir, configPath, ca, time.Now()); st != caValid {
		warns = append(warns, "state_dir: "+msg)
	}
	return warns
}

// checkStateDir reports why run could not keep its CA, audit log, keys and
// spill files in dir: a file in the way, a directory this account cannot
// write, or a missing one whose nearest existing parent it cannot create it
// in (read-only, another owner, a file). It probes with a temporary file or
// directory, removed at once, and never creates dir itself (config check
// may run as another account than the service, which would then own it).
// sqlite: the audit log is in state_dir (audit.store: sqlite), so its
// database must be open to this account as well.
func checkStateDir(dir string, sqlite bool) error {
	if dir == "" {
		return nil // Validate names it
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("state_dir: %w", err)
	}
	fi, err := os.Stat(abs)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("state_dir: %s ist eine Datei, kein Verzeichnis / state_dir: %s is a file, not a directory", abs, abs)
	case err == nil:
		f, err := os.CreateTemp(abs, ".schleuse-check-*")
		if err != nil {
			return fmt.Errorf("state_dir: In %s darf dieses Konto nicht schreiben; dort legt schleuse CA, Audit-Log und Schlüssel ab: das Verzeichnis dem Dienstkonto geben (chown, chmod 700) / state_dir: %s is not writable for this account (%w); schleuse keeps its CA, audit log and keys there: give it to the service account (chown, chmod 700)", abs, abs, probeCause(err))
		}
		f.Close()
		os.Remove(f.Name())
		return checkStateFiles(abs, sqlite)
	case !missing(err):
		return fmt.Errorf("state_dir: %w", err)
	}
	// Missing: run creates it, and its missing parents, below the nearest
	// parent that exists.
	parent := filepath.Dir(abs)
	for {
		fi, err := os.Stat(parent)
		if err == nil && !fi.IsDir() {
			return fmt.Errorf("state_dir: %s lässt sich nicht anlegen: %s ist eine Datei, kein Verzeichnis / state_dir: %s cannot be created: %s is a file, not a directory", abs, parent, abs, parent)
		}
		if err == nil {
			break
		}
		if !missing(err) {
			return fmt.Errorf("state_dir: %s lässt sich nicht anlegen / state_dir: %s cannot be created: %w", abs, abs, err)
		}
		next := filepath.Dir(parent)
		if next == parent {
			return fmt.Errorf("state_dir: %s lässt sich nicht anlegen: kein übergeordnetes Verzeichnis ist vorhanden / state_dir: %s cannot be created: no parent directory exists", abs, abs)
		}
		parent = next
	}
	d, err := os.MkdirTemp(parent, ".schleuse-check-*")
	if err != nil {
		return fmt.Errorf("state_dir: %s gibt es nicht, und in %s darf dieses Konto es nicht anlegen: für das Dienstkonto anlegen (mkdir, chown, chmod 700) / state_dir: %s does not exist and cannot be created in %s (%w); create it for the service account (mkdir, chown, chmod 700)", abs, parent, abs, parent, probeCause(err))
	}
	os.Remove(d)
	return nil
}

// openStateFile opens a file of state_dir as run does (a variable for the
// test, which runs as root, whom no file mode refuses).
var openStateFile = os.OpenFile

// checkStateFiles reports a file in dir that run must open but this
// account may not: the audit database and its -wal and -shm (read and
// written), the key files (read). A backup restored or a command run as
// root leaves them root's; before, run then stopped with SQLite's "unable
// to open database file (14)", and config check, the unit's ExecStartPre,
// said ok. The CA files have their own check (proxy.LoadOrInitCA). The
// database is looked at only when the audit log is kept there (sqlite): an
// old one left from before a move to PostgreSQL is not run's concern.
func checkStateFiles(dir string, sqlite bool) error {
	for _, f := range []struct {
		name string
		flag int
	}{{"audit.db", os.O_RDWR}, {"audit.db-wal", os.O_RDWR}, {"audit.db-shm", os.O_RDWR}, {"audit-keys.json", os.O_RDONLY}, {"notice-key", os.O_RDONLY}} {
		if !sqlite && strings.HasPrefix(f.name, "audit.db") {
			continue
		}
		path := filepath.Join(dir, f.name)
		fh, err := openStateFile(path, f.flag, 0)
		if err == nil {
			fh.Close()
			continue
		}
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("state_dir: %s darf dieses Konto nicht öffnen: die Datei muss dem Konto gehören, unter dem schleuse läuft (chown schleuse: %s; chmod 0600), was sie nach dem Zurückspielen einer Sicherung oder einem Befehl als root nicht tut; config check ebenfalls unter diesem Konto aufrufen (sudo -u schleuse) / state_dir: %s cannot be opened by this account (%w): it must belong to the account schleuse runs as (chown schleuse: %s; chmod 0600), as after a restore or a command run as root it does not; run config check as that account too (sudo -u schleuse)", path, path, path, probeCause(err), path)
		}
	}
	return nil
}

// missing reports a path that does not exist: not there, or below a file
// (ENOTDIR; the walk up finds the file).
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// probeCause is the reason of a failed probe without its temporary name.
func probeCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// caWarnBefore is how long before its end the interception CA's expiry is
// warned of (config check, the start, the running proxy), as the alert
// SchleuseCAExpiring does.
const caWarnBefore = 30 * 24 * time.Hour

// caState is how the interception CA's dates stand at a time.
type caState int

const (
	caValid  caState = iota
	caEnding         // ends within caWarnBefore
	caFailed         // expired, or not valid yet: browsers reject every inspected connection
)

// setsNothingWarning is said by config check and logged by run for a
// configuration file that holds no setting (config.Config.SetsNothing):
// before, config check said ok alone, and a file cut to nothing made run
// start with a new CA and a new audit log in the working directory.
const setsNothingWarning = "Die Datei enthält keine Einstellung (leer oder nur Kommentare): jeder Wert ist der eingebaute Standard, listen 127.0.0.1:3128 und state_dir ./schleuse-data im Arbeitsverzeichnis, wo run eine neue Interception-CA und ein neues Audit-Log anlegt, wenn dort keine sind. Versehentlich gekürzt? Aus der Sicherung zurückspielen; schleuse config default gibt jeden Schlüssel aus / the file holds no setting (empty, or comments only): every value is the built-in default, listen 127.0.0.1:3128 and state_dir ./schleuse-data in the working directory, where run makes a new interception CA and a new audit log if none is there. Cut short by mistake? Restore it from the backup; schleuse config default prints every key"

// caNotice says what the dates of the interception CA in dir mean at now:
// "" for one that is valid. An expired CA no longer stops run (nor config
// check, the unit's ExecStartPre): run starts, refuses CONNECTs to the
// inspected services (fail closed) and tunnels the other hosts, so that
// pac.mode all does not take every site down with it. Before, run did not
// start at all.
// configPath is the file run reads (config check's, run's --config; ""
// when not known: the packaged /etc/schleuse/schleuse.yaml is named).
func caNotice(dir, configPath string, ca *proxy.CA, now time.Time) (string, caState) {
	cert := filepath.Join(dir, proxy.CACertFile)
	if why := ca.Problem(now); why != "" {
		return fmt.Sprintf("%s (%s): die Browser lehnen jede geprüfte Verbindung ab, daher weist run CONNECTs zu den geprüften KI-Diensten ab und tunnelt die übrigen Hosts: als Dienstkonto eine neue CA anlegen (%s), verteilen (docs/security.md, Rotation) und neu starten / "+
			"%s (%s): browsers reject every inspected connection, so run refuses CONNECTs to the inspected AI services and tunnels the other hosts: make a new one as the service account (%s), roll it out (docs/security.md, Rotation) and restart",
			ca.ProblemDE(now), cert, renewCADE(configPath), why, cert, renewCA(configPath)), caFailed
	}
	if left := ca.Cert.NotAfter.Sub(now); left < caWarnBefore {
		end, days := ca.Cert.NotAfter.UTC().Format(time.DateOnly), int(left.Hours()/24)
		return fmt.Sprintf("die Interception-CA %s läuft am %s ab (in %d Tagen): die nächste anlegen und vorher verteilen (docs/security.md, Rotation); ab diesem Tag weist run die geprüften KI-Dienste ab / "+
			"interception CA %s expires on %s (in %d days): make the next one and roll it out before then (docs/security.md, Rotation); from that day run refuses the inspected AI services",
			cert, end, days, cert, end, days), caEnding
	}
	return "", caValid
}

// renewCA is the command that makes a new CA in the state_dir of the
// configuration configPath: the file config check was given or run reads,
// the packaged one when it is not known. Before, every message named
// /etc/schleuse/schleuse.yaml, also for another file.
func renewCA(configPath string) string {
	return caInitCommand(configPath) + ", the file run reads"
}

// renewCADE is renewCA in German.
func renewCADE(configPath string) string {
	return caInitCommand(configPath) + ", die Datei, die run liest"
}

// caInitCommand is the ca init command of renewCA and renewCADE.
func caInitCommand(configPath string) string {
	if configPath == "" {
		configPath = "/etc/schleuse/schleuse.yaml"
	}
	return "sudo -u schleuse schleuse ca init --force --config " + configPath
}

// saidBefore reports whether one of errs is about the same key and value
// as err, both written `key: "value" …`: the file's check and the check of
// what run loads both refused auth.allowed_clients "10.0.0.0/33", and
// config check listed it twice in other words.
var enLineRE = regexp.MustCompile(`^line \d+: `)

func saidBefore(errs []error, err error) bool {
	subject := func(msg string) string {
		if _, en, ok := strings.Cut(msg, " / "); ok {
			msg = en // German first: the English part names the value in quotes
		}
		msg = enLineRE.ReplaceAllString(msg, "") // the key's line, which checkReferenced does not know
		key, rest, ok := strings.Cut(msg, ": \"")
		if !ok || strings.ContainsAny(key, " \n") {
			return ""
		}
		value, _, ok := strings.Cut(rest, "\"")
		if !ok {
			return ""
		}
		return key + ": \"" + value + "\""
	}
	s := subject(err.Error())
	if s == "" {
		return false
	}
	return slices.ContainsFunc(errs, func(e error) bool { return subject(e.Error()) == s })
}
