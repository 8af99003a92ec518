package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
)

func auditConfig(cfg *config.Config) audit.Config {
	return audit.Config{Store: cfg.Audit.Store, Dir: cfg.StateDir, Node: cfg.Audit.Node, PseudonymizeUsers: cfg.Audit.PseudonymizeUsers}
}

func openReader(cmd *cobra.Command, g *globals) (*audit.Reader, error) {
	cfg, err := g.loadDE()
	if err != nil {
		return nil, err
	}
	r, err := audit.OpenReader(cmd.Context(), auditConfig(cfg))
	if err != nil && g.configPath == "" {
		// The auditor on the proxy's server who left out --config read
		// only "no audit database in ./schleuse-data".
		err = fmt.Errorf("%w (without --config the built-in state_dir %s is read: give the proxy's configuration, e.g. --config /etc/schleuse/schleuse.yaml)", err, cfg.StateDir)
		if p, _ := audit.ProblemOf(err); p == audit.ProblemNoDatabase {
			return nil, fmt.Errorf("Kein Audit-Protokoll in %s: ohne --config liest schleuse dieses eingebaute state_dir; die Konfiguration des Proxys angeben, z. B. --config /etc/schleuse/schleuse.yaml / %w", cfg.StateDir, err)
		}
	}
	return r, germanFirst(err)
}

// withReader runs fn with the deployment's audit log open for reading.
func withReader(g *globals, fn func(cmd *cobra.Command, args []string, r *audit.Reader) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		r, err := openReader(cmd, g)
		if err != nil {
			return err
		}
		defer r.Close()
		return germanFirst(fn(cmd, args, r))
	}
}

// germanFirst puts before an error of the audit log that an auditor or
// DPO can meet (audit.ProblemOf: no log, no access, another program's
// database, a damaged or locked file, no key file) what it means in
// German, with the English text after " / ", as every other message of
// the audit commands says it: before, these were English only. Other
// errors are returned as they are.
func germanFirst(err error) error {
	if err == nil {
		return nil
	}
	p, where := audit.ProblemOf(err)
	in := ""
	if where != "" {
		in = " (" + where + ")"
	}
	var de string
	switch p {
	case audit.ProblemNoDatabase:
		de = "Kein Audit-Protokoll gefunden: im Zustandsverzeichnis" + in + " liegt keine audit.db; stimmt --config (state_dir der Konfiguration des Proxys)?"
	case audit.ProblemNoAccess:
		de = "Das Audit-Protokoll" + in + " ist für dieses Benutzerkonto nicht lesbar: den Befehl als das Dienstkonto von schleuse (sudo -u schleuse …) oder als root ausführen"
	case audit.ProblemNotAuditLog:
		de = "Die Datenbank" + in + " enthält kein Audit-Protokoll von schleuse (die Datenbank eines anderen Programms, oder eine, in die nie ein Proxy geschrieben hat): zeigt die Konfiguration auf die richtige Datei?"
	case audit.ProblemDamaged:
		de = "Die Datei audit.db ist beschädigt oder keine SQLite-Datenbank (z. B. eine unvollständige Kopie): die Sicherung zurückspielen und mit schleuse audit verify prüfen (docs/de/revision.md); ohne Sicherung kopiert schleuse audit salvage --out DATEI die noch lesbaren Einträge in eine neue Datei und nennt die verlorenen"
	case audit.ProblemDiskFull:
		de = "Das Dateisystem von state_dir ist voll: dort Platz schaffen (df -h); die geschriebenen Einträge bleiben erhalten"
	case audit.ProblemLocked:
		de = "Die Datei audit.db ist von einem anderen Programm gesperrt (eine sqlite3-Sitzung, ein Sicherungsprogramm?): dieses beenden und den Befehl wiederholen"
	case audit.ProblemUnreachable:
		de = "Das Audit-Protokoll in PostgreSQL (audit.store) ist nicht erreichbar: läuft die Datenbank, ist sie von diesem Rechner erreichbar, stimmen Benutzer, Passwort und Datenbank der URL?"
	case audit.ProblemWrongKeys, audit.ProblemKeyPeriods:
		return err // German first already
	case audit.ProblemNoKeys:
		de = "Ohne lesbare Schlüsseldatei (audit-keys.json in state_dir) sind Suche nach Wert oder Anmeldenamen und reveal nicht möglich: den Befehl als das Dienstkonto von schleuse (sudo -u schleuse …) ausführen oder die Datei aus der Sicherung zurückspielen"
	default:
		return err
	}
	return fmt.Errorf("%s / %w", de, err)
}

type filterFlags struct {
	from, to, node, user, userName, group, service, action, typ, rule, value, requestID, upstream string
	limit                                                                                         int
	newest                                                                                        bool
}

// add registers the filter flags with limit as the default of --limit.
// addFlags without list leaves out --limit and --newest: stats counts every
// matching record, and the flags would only suggest that it counts a page.
func (f *filterFlags) add(cmd *cobra.Command, limit int) { f.addFlags(cmd, limit, true) }

func (f *filterFlags) addFlags(cmd *cobra.Command, limit int, list bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "from this day (YYYY-MM-DD, local time) or instant (RFC 3339) on")
	fl.StringVar(&f.to, "to", "", "up to and including this day (YYYY-MM-DD, local time), or up to this instant (RFC 3339, exclusive)")
	fl.StringVar(&f.node, "node", "", "proxy node (server) id, as verify names it (audit.node)")
	fl.StringVar(&f.user, "user", "", "user pseudonym as stored (u-…), or a login name as --user-name")
	fl.StringVar(&f.userName, "user-name", "", "a real user name (pseudonymised with the user key before searching)")
	fl.StringVar(&f.group, "group", "", "group")
	fl.StringVar(&f.service, "service", "", "service id")
	fl.StringVar(&f.action, "action", "", "allow | redact | block | warn")
	fl.StringVar(&f.typ, "type", "", "finding type")
	fl.StringVar(&f.rule, "rule", "", "rule id")
	fl.StringVar(&f.upstream, "upstream", "", "only the records of forwarded requests whose send failed (Übermittlung fehlgeschlagen): any, or one of "+strings.Join(audit.UpstreamOutcomes, ", "))
	fl.StringVar(&f.value, "value", "", "a finding value: was it ever sent? (matched by keyed fingerprint, never stored); - reads it from stdin, out of the command line and shell history")
	fl.StringVar(&f.requestID, "request-id", "", "the Vorgangsnummer a notice named (the record's request id; also pasted as \"Vorgangsnummer: ….\" or \"Reference number (Vorgangsnummer): ….\")")
	if list {
		fl.IntVar(&f.limit, "limit", limit, "most records (negative: all)")
		fl.BoolVar(&f.newest, "newest", false, "newest first")
	}
}

// readValue reads the value of "--value -" from stdin: its first line
// that is not blank. A value on the command line is visible to every
// account of the machine (ps) and stays in the shell's history; the DPO
// answering an access request (docs/de/datenschutz.md) types or pipes it
// instead. On a terminal it asks for it on stderr.
func (f *filterFlags) readValue(cmd *cobra.Command) error {
	if f.value != "-" {
		return nil
	}
	in := cmd.InOrStdin()
	if isTerminal(in) {
		fmt.Fprint(cmd.ErrOrStderr(), "Gesuchter Wert (wird nicht gespeichert), dann Enter / value to search, then Enter: ")
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if v := strings.TrimSpace(sc.Text()); v != "" {
			f.value = v
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("--value -: Standardeingabe nicht lesbar / cannot read stdin: %w", err)
	}
	return errors.New("--value -: kein Wert auf der Standardeingabe (eine Zeile mit dem gesuchten Wert) / no value on stdin")
}

// isTerminal reports whether r is a character device (a terminal), where a
// command that reads stdin must say what it waits for.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// parseTime reads --from or --to: an RFC 3339 instant, or a local day
// (YYYY-MM-DD), returned as the day's start with day set.
func parseTime(s string) (t time.Time, day bool, err error) {
	if s == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, false, nil
	}
	t, err = time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q ist weder ein Tag (JJJJ-MM-TT) noch ein Zeitpunkt nach RFC 3339 / is neither YYYY-MM-DD nor RFC 3339", s)
	}
	return t, true, nil
}

func (f *filterFlags) filter() (audit.Filter, error) {
	from, _, err := parseTime(f.from)
	if err != nil {
		return audit.Filter{}, fmt.Errorf("--from: %w", err)
	}
	to, day, err := parseTime(f.to)
	if err != nil {
		return audit.Filter{}, fmt.Errorf("--to: %w", err)
	}
	if day {
		// "--to 2026-11-28" is the whole day, as "bis" in the web view:
		// an auditor names the last day of the period, not the first
		// one after it. audit.Filter.To is exclusive.
		to = to.AddDate(0, 0, 1)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		// Matches nothing, and an empty result looks like a clean log.
		return audit.Filter{}, fmt.Errorf("--from %s liegt nicht vor --to %s: der Zeitraum ist leer / --from is not before --to: the period is empty", f.from, f.to)
	}
	switch f.action {
	case "", "allow", "redact", "block", "warn":
	default:
		// A typo ("blocked") would match nothing and look like a clean log.
		return audit.Filter{}, fmt.Errorf("--action %q: gültig sind / want allow, redact, block, warn", f.action)
	}
	if f.upstream != "" && f.upstream != "any" && !slices.Contains(audit.UpstreamOutcomes, f.upstream) {
		// As a misspelt action: nothing would match, and no failed send
		// would look like a clean log.
		return audit.Filter{}, fmt.Errorf("--upstream %q: gültig sind / want any, %s", f.upstream, strings.Join(audit.UpstreamOutcomes, ", "))
	}
	if strings.HasPrefix(f.user, "u-") && !validPseudonym(f.user) {
		// A pseudonym copied with a typo (a digit short, a space) would
		// match nothing, and the employee's records would look absent.
		return audit.Filter{}, fmt.Errorf("--user %q ist kein Nutzer-Pseudonym (u- und 16 Hexziffern, wie audit query es zeigt; einen Anmeldenamen sucht --user-name) / is no user pseudonym (u- and 16 hex digits; a login name: --user-name)", f.user)
	}
	user, userName := f.user, f.userName
	if user != "" && !strings.HasPrefix(user, "u-") && userName == "" {
		// A login name given as --user, as the web view's field "Nutzer-
		// Pseudonym oder Name" takes it: matching it as a stored pseudonym
		// found nothing, an empty answer to an access request.
		user, userName = "", user
	}
	if f.typ != "" && !slices.Contains(detectors.AllTypes(), f.typ) {
		return audit.Filter{}, fmt.Errorf("--type %q: unbekannte Datenart / unknown finding type (bekannt / known: %s)", f.typ, strings.Join(detectors.AllTypes(), ", "))
	}
	return audit.Filter{From: from, To: to, Node: f.node, User: user, UserName: userName, Group: f.group, Service: f.service,
		Action: f.action, Type: f.typ, Rule: f.rule, Upstream: f.upstream, Value: f.value, RequestID: audit.NoticeRequestID(f.requestID), Limit: f.limit, Newest: f.newest}, nil
}

func newAuditCmd(g *globals) *cobra.Command {
	a := &cobra.Command{Use: "audit", Short: "Query, verify and export the audit log"}

	query := newListCmd(g, "query", "List decisions (--format table|json|csv)", "table", 1000)
	query.Long = `List decisions (--format table|json|csv).

The table's columns, German as in the web view: ZEIT (time, local), SERVER (node),
NR. (seq), NUTZER (user pseudonym), GRUPPEN (groups), DIENST (service), ENTSCHEIDUNG
(action), REGELN (rules), FUNDE (findings), BYTES, MS (latency) and VORGANGSNR. (the
request id, the reference number a notice named; --request-id finds it); KETTE (chain)
last when a record shown does not verify.`
	export := newListCmd(g, "export", "Export all matching records (default JSON with hashes, for archiving)", "json", -1)

	var vformat, vfile string
	var expect, headsFiles []string
	verify := &cobra.Command{
		Use:   "verify [--expect NODE:SEQ:HASH]... [--heads FILE]... [--file EXPORT]",
		Short: "Check the hash chain of every node (or of an export); non-zero exit when broken",
		Long: `Check the hash chain of every node; exit 2 when broken.

Write down the last hash it prints outside the system (monthly, in the DPO's
files). A later verify with --expect NODE:SEQ:HASH (repeatable) checks that
the chain still holds it: a history rewritten with recomputed hashes, or
records cut off at the end, shows only so. The head the proxy notes in
state_dir/audit-heads is checked without --expect: records cut off at the
end show by it too, unless the file was changed as well. With PostgreSQL each
node notes its own head on its own disk: --heads FILE (repeatable) checks the
newest head of each node in a copy of another node's audit-heads, as --expect
would (e.g. scp node-b:/var/lib/schleuse/audit-heads heads-node-b).

With --file, verify checks a copy written by audit export (JSON Lines)
instead of the log, without --config or the database: the copy an auditor
was handed is the log as written, or verify names the first changed,
deleted or inserted record.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(vformat, "table", "json"); err != nil {
				return err
			}
			var anchors []audit.Anchor
			for _, e := range expect {
				a, err := audit.ParseAnchor(e)
				if err != nil {
					return fmt.Errorf("--expect %q ist kein notierter Hash in der Form SERVER:NR:HASH, wie verify ihn ausgibt (z. B. vm:5:3474…, Hash mit 64 Hexziffern) / --expect: %w", e, err)
				}
				anchors = append(anchors, a)
			}
			for _, h := range headsFiles {
				heads, err := audit.ReadHeadsFile(h)
				if err != nil {
					return fmt.Errorf("--heads %q ist keine lesbare Datei audit-heads eines Proxy-Knotens (Zeilen SERVER:NR:HASH ZEIT) / %w", h, err)
				}
				anchors = append(anchors, heads...)
			}
			if vfile == "" {
				return withReader(g, func(cmd *cobra.Command, args []string, r *audit.Reader) error {
					// The heads the proxy noted in state_dir/audit-heads
					// are checked too: the newest records deleted show
					// without a hash noted by hand (--expect).
					res, heads, err := r.VerifyNoted(cmd.Context(), anchors...)
					if err != nil {
						return err
					}
					// The key periods: which key file wrote which records,
					// and which one lies in state_dir.
					var kerr error
					res.KeyPeriods, res.KeysBefore, kerr = r.KeyPeriods(cmd.Context())
					if kerr != nil {
						res.KeyPeriodsError = kerr.Error()
					}
					if err := writeVerify(cmd, res, vformat, false, heads); err != nil {
						return err
					}
					if errors.Is(kerr, audit.ErrKeyPeriods) {
						return exitCode{code: 2, msg: "die Tabelle audit_keys (Schlüsselzeiträume) ist beschädigt oder verändert (Einzelheiten oben) / table audit_keys damaged or altered"}
					}
					return nil
				})(cmd, args)
			}
			var in io.Reader = cmd.InOrStdin()
			if vfile != "-" {
				f, err := os.Open(vfile)
				if err != nil {
					return fmt.Errorf("--file: Export-Datei nicht lesbar / cannot read the export: %w", err)
				}
				defer f.Close()
				in = f
			}
			res, err := audit.VerifyExport(in, anchors...)
			if le, ok := errors.AsType[*audit.ExportLineError](err); ok && le.Cut {
				return exitCode{code: 2, msg: fmt.Sprintf("Die Datei %s endet mitten in Zeile %d: sie ist abgeschnitten (eine unvollständige Kopie, ein gekürzter Mail-Anhang, eine volle Platte beim Export), nicht geprüft; den Export vollständig kopieren oder wiederholen / %v", vfile, le.Line, err)}
			}
			if le, ok := errors.AsType[*audit.ExportLineError](err); ok {
				return exitCode{code: 2, msg: fmt.Sprintf("Zeile %d der Datei %s ist kein Eintrag eines Exports (audit export schreibt JSON Lines; eine CSV-Datei lässt sich nicht prüfen): die Kopie ist verändert oder keine / %v", le.Line, vfile, err)}
			}
			if err != nil {
				return fmt.Errorf("--file %s: Export-Datei nicht lesbar / %w", vfile, err)
			}
			return writeVerify(cmd, res, vformat, true, "")
		},
	}
	verify.Flags().StringVar(&vformat, "format", "table", "table | json")
	verify.Flags().StringVar(&vfile, "file", "", "verify a copy written by audit export (JSON Lines; - = stdin) instead of the log")
	verify.Flags().StringArrayVar(&expect, "expect", nil, "a hash noted earlier, NODE:SEQ:HASH (e.g. vm:5:3474…, from an earlier verify's output); repeatable")
	verify.Flags().StringArrayVar(&headsFiles, "heads", nil, "a copy of a node's state_dir/audit-heads: the newest head of each node in it is checked as with --expect; repeatable")

	var sf filterFlags
	var skeyFiles []string
	var sformat string
	var ssemicolon bool
	stats := &cobra.Command{
		Use:   "stats",
		Short: "Counts per day, service, action and finding type",
		Args:  cobra.NoArgs,
		RunE: withReader(g, func(cmd *cobra.Command, args []string, r *audit.Reader) error {
			if err := checkFormat(sformat, "table", "json", "csv"); err != nil {
				return err
			}
			if err := sf.readValue(cmd); err != nil {
				return err
			}
			f, err := sf.filter()
			if err != nil {
				return err
			}
			if err := addKeyFiles(r, skeyFiles); err != nil {
				return err
			}
			if f.Value != "" || f.UserName != "" {
				if _, err := warnKeyNotes(cmd, r); err != nil {
					return err
				}
			}
			st, qerr := r.Stats(cmd.Context(), f)
			var ue *audit.UnreadableError
			if qerr != nil && !errors.As(qerr, &ue) {
				return qerr
			}
			if st.Records == 0 && qerr == nil {
				if err := noteAbsent(cmd, r, sf); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if sformat == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(st); err != nil {
					return err
				}
				return checkCounted(cmd, r, st.Spans, qerr)
			}
			dims := []struct {
				name string
				b    []audit.Bucket
			}{{"day", st.ByDay}, {"service", st.ByService}, {"action", st.ByAction}, {"type", st.ByType}, {"upstream", st.ByUpstream}, {"refused", st.ByRefusal}}
			// The table names them German first, as the web view; the
			// CSV keeps the English keys scripts read.
			shown := map[string]string{"day": "Tag (day)", "service": "Dienst (service)", "action": "Entscheidung (action)", "type": "Datenart (type)", "upstream": "Übermittlung fehlgeschlagen (upstream failed)", "refused": "abgewiesen ohne Anmeldung (refused without login)"}
			if sformat == "csv" {
				// As the records' CSV: a BOM and CRLF for Excel, ; with
				// --semicolon, which German Excel splits into columns
				// (with commas it shows one column), no formulas.
				// The totals first: each request once, the failed sends
				// apart (dimension total).
				rows := [][]string{{"dimension", "key", "count"}, {"total", "requests", fmt.Sprint(st.Requests)}, {"total", "upstream_failed", fmt.Sprint(st.UpstreamFailed)}, {"total", "refused_before_login", fmt.Sprint(st.RefusedBeforeLogin)}}
				for _, d := range dims {
					for _, bk := range d.b {
						rows = append(rows, []string{d.name, bk.Key, fmt.Sprint(bk.Count)})
					}
				}
				if err := audit.WriteCSV(out, rows, audit.CSVOptions{Semicolon: ssemicolon}); err != nil {
					return err
				}
				return checkCounted(cmd, r, st.Spans, qerr)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			// Each request once; a failed send's second record apart,
			// not as one more request (Einträge counted both before).
			fmt.Fprintf(tw, "Anfragen (requests)\t%d\n", st.Requests)
			fmt.Fprintf(tw, "Übermittlung fehlgeschlagen (upstream failed)\t%d\n", st.UpstreamFailed)
			// By rule below (dimension refused): an expired CA, a
			// connection without a login that holds.
			fmt.Fprintf(tw, "vor oder ohne Anmeldung abgewiesen (refused before or without login)\t%d\n", st.RefusedBeforeLogin)
			for _, d := range dims {
				for _, b := range d.b {
					// Types and actions German first, as the web view's
					// charts (the CSV and JSON keep the keys); before,
					// "DE_TAX_ID" and "block" only.
					key := b.Key
					switch d.name {
					case "type":
						key = audit.TypeLabel(key)
					case "action":
						key = audit.ActionLabel(key)
					case "upstream":
						key = audit.UpstreamLabel(key)
					}
					fmt.Fprintf(tw, "%s\t%s\t%d\n", shown[d.name], key, b.Count)
				}
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return checkCounted(cmd, r, st.Spans, qerr)
		}),
	}
	sf.addFlags(stats, -1, false)
	addKeyFileFlag(stats, &skeyFiles)
	stats.Flags().StringVar(&sformat, "format", "table", "table | json | csv")
	stats.Flags().BoolVar(&ssemicolon, "semicolon", false, "CSV with ; as separator (German Excel)")

	var candidates string
	var rkeyFiles []string
	reveal := &cobra.Command{
		Use:   "reveal PSEUDONYM --candidates FILE",
		Short: "Map a user pseudonym back to a name (four-eyes procedure, docs/audit.md)",
		Long: `reveal checks candidate user names (one per line in FILE, or - for stdin)
against the pseudonym with the user key. Follow the four-eyes procedure in
docs/audit.md: the DPO and the staff council (Personalrat) decide together.`,
		Args: cobra.ExactArgs(1),
		RunE: withReader(g, func(cmd *cobra.Command, args []string, r *audit.Reader) error {
			var b []byte
			var err error
			if candidates == "-" {
				if isTerminal(cmd.InOrStdin()) {
					// Without --candidates on a terminal, reveal waited
					// for names without a word, as if it hung.
					fmt.Fprintln(cmd.ErrOrStderr(), "Mögliche Namen eingeben, einen je Zeile, Ende mit Strg+D (oder --candidates DATEI) / candidate names, one per line, end with Ctrl+D:")
				}
				b, err = io.ReadAll(cmd.InOrStdin())
			} else {
				b, err = os.ReadFile(candidates)
			}
			if err != nil {
				return fmt.Errorf("--candidates: Namensliste nicht lesbar / cannot read the candidate names: %w", err)
			}
			var names []string
			for _, l := range strings.Split(string(b), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					names = append(names, l)
				}
			}
			if !validPseudonym(args[0]) {
				return fmt.Errorf("%q ist kein Nutzer-Pseudonym (u- und 16 Hexziffern, wie audit query es zeigt): bitte abschreiben prüfen / is no user pseudonym (u- and 16 hex digits, as audit query shows it)", args[0])
			}
			if len(names) == 0 {
				return errors.New("keine Namen zum Vergleichen angegeben (--candidates DATEI, ein Name je Zeile, oder - für die Standardeingabe) / no candidate names given (--candidates FILE, one name per line, or - for stdin)")
			}
			if err := addKeyFiles(r, rkeyFiles); err != nil {
				return err
			}
			name, ok, err := r.Reveal(args[0], names)
			if err != nil {
				return err
			}
			if !ok {
				notes, err := warnKeyNotes(cmd, r)
				if err != nil {
					return err
				}
				if len(notes) > 0 {
					return exitCode{code: 1, msg: fmt.Sprintf("keiner der %d Namen gehört zu diesem Pseudonym unter dieser Schlüsseldatei; stammt es aus einem anderen Schlüsselzeitraum (s. o.), lässt es sich nur mit dessen Datei aufdecken / no candidate matches this pseudonym under this key file; one of another key period (see above) is revealed only with that period's file", len(names))}
				}
				return exitCode{code: 1, msg: fmt.Sprintf("keiner der %d Namen gehört zu diesem Pseudonym / no candidate matches this pseudonym", len(names))}
			}
			fmt.Fprintln(cmd.OutOrStdout(), name)
			return nil
		}),
	}
	reveal.Flags().StringVar(&candidates, "candidates", "-", "file with candidate user names, one per line (- = stdin)")
	addKeyFileFlag(reveal, &rkeyFiles)

	var month, rformat string
	var rsemicolon bool
	report := &cobra.Command{
		Use:   "report [--month YYYY-MM]",
		Short: "Usage report per service for the Transparenzregister / VVT",
		Args:  cobra.NoArgs,
		RunE: withReader(g, func(cmd *cobra.Command, args []string, r *audit.Reader) error {
			if err := checkFormat(rformat, "table", "json", "csv"); err != nil {
				return err
			}
			if month == "" {
				month = time.Now().Format("2006-01")
			} else if _, err := time.Parse("2006-01", month); err != nil {
				// German first, as --from and --to: the DPO writes the
				// report ("11/2026", "2026-11-01").
				return fmt.Errorf("--month %q ist kein Monat; geschrieben wird JJJJ-MM, z. B. --month %s / is not a month, want YYYY-MM", month, time.Now().AddDate(0, -1, 0).Format("2006-01"))
			}
			rep, qerr := r.UsageReport(cmd.Context(), month)
			var ue *audit.UnreadableError
			if qerr != nil && !errors.As(qerr, &ue) {
				return qerr
			}
			out := cmd.OutOrStdout()
			if rformat == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
				return checkCounted(cmd, r, rep.Spans, qerr)
			}
			if rformat == "csv" {
				// For the VVT's spreadsheet: the table's German headings,
				// one row per service, written as the records' CSV.
				// The refusals before or without the login are the last
				// columns (their number, then by rule), so that a sheet
				// that reads the others by position reads them as before;
				// the total is the last row.
				rows := [][]string{{"Monat", "Dienst", "Anfragen", "Nutzende", "Anfragen ohne Anmeldung", "gewarnt", "mit #freigabe gesendet", "Übermittlung fehlgeschlagen", "blockiert (Datenarten)", "pseudonymisiert (Datenarten)", "vor oder ohne Anmeldung abgewiesen", "abgewiesen je Regel"}}
				for _, s := range append(rep.Services, rep.Total) {
					if s.Service == "" {
						s.Service = reportTotal
					}
					rows = append(rows, []string{rep.Month, s.Service, fmt.Sprint(s.Requests), fmt.Sprint(s.Users), fmt.Sprint(s.Anonymous),
						fmt.Sprint(s.Warned), fmt.Sprint(s.Justified), fmt.Sprint(s.UpstreamFailed), kv(s.Blocked), kv(s.Redacted), fmt.Sprint(s.RefusedBeforeLogin), kv(s.RefusedByRule)})
				}
				if err := audit.WriteCSV(out, rows, audit.CSVOptions{Semicolon: rsemicolon}); err != nil {
					return err
				}
				return checkCounted(cmd, r, rep.Spans, qerr)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "Monat %s\nDienst\tAnfragen\tNutzende\tgewarnt\tmit #freigabe gesendet\tÜbermittlung fehlgeschlagen\tblockiert (Datenarten)\tpseudonymisiert (Datenarten)\tvor oder ohne Anmeldung abgewiesen\n", rep.Month)
			for _, s := range append(rep.Services, rep.Total) {
				if s.Service == "" {
					s.Service = reportTotal
				}
				users := fmt.Sprint(s.Users)
				if s.Anonymous > 0 {
					// Requests without a login may come from anyone: they are
					// no one user.
					users += fmt.Sprintf(" (+%d %s ohne Anmeldung)", s.Anonymous, plural(s.Anonymous, "Anfrage", "Anfragen"))
				}
				refused := fmt.Sprint(s.RefusedBeforeLogin)
				if s.RefusedBeforeLogin > 0 {
					refused += " (" + kv(s.RefusedByRule) + ")"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", s.Service, s.Requests, users, s.Warned, s.Justified, s.UpstreamFailed, kv(s.Blocked), kv(s.Redacted), refused)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			// What is counted, below the table: an attempt refused for an
			// expired CA is retried by the browser, several records each.
			fmt.Fprintln(out, "Anfragen: von Beschäftigten gesendete Anfragen, über die schleuse entschieden hat. Vor oder ohne Anmeldung abgewiesen (keine Anfrage einer Person, kein Nutzer), je Regel: "+audit.CAExpiredRule+": Verbindungen, die schleuse ablehnte, weil sein CA-Zertifikat abgelaufen war (ein Browser versucht es mehrmals); "+audit.LoginExpiredRule+": Anfragen einer Verbindung, auf der niemand mit gültiger Anmeldung angemeldet ist. Summe: Nutzende über alle Dienste, jede Person einmal.")
			fmt.Fprintln(out, "(requests: sent by staff and decided; refused before or without login: connections refused for an expired CA, retried by browsers, and requests of a connection without a valid login, no request of a person; total users: each person once)")
			return checkCounted(cmd, r, rep.Spans, qerr)
		}),
	}
	report.Flags().StringVar(&month, "month", "", "month YYYY-MM (default: this month)")
	report.Flags().StringVar(&rformat, "format", "table", "table | json | csv")
	report.Flags().BoolVar(&rsemicolon, "semicolon", false, "CSV with ; as separator (German Excel)")

	newKeys := &cobra.Command{
		Use:   "new-keys",
		Short: "Create new audit keys when the key file is lost for good (never replaces one)",
		Long: `new-keys writes a new audit-keys.json to state_dir, only when none is there.

run refuses to make new keys by itself for a log that already holds records:
restore the key file from the backup instead (a further node: copy the first
node's). Only when it is lost for good, create new keys with this command, as
the account schleuse runs as (sudo -u schleuse). Records written before keep
their verifiable chain, but value searches and reveal no longer match them,
and every user gets a new pseudonym. Back the new file up apart from the log.

new-keys begins a new key period in the log (audit verify lists the periods): a
value search then matches the records from here on and names the earlier ones
it cannot check. Stop schleuse first (with PostgreSQL every node: new-keys
refuses while one still runs, written to the log or not, and looks twice, 10 s apart, so that one
whose lock went with its database connection has taken it again; one that could not, the database
out of its reach, stops writing at its next batch and blocks every request until it is
restarted with the new file; what it made with the old keys until then counts
as the old period's, searched with that period's file, --key-file). If the wrong key file lies there (run: "does not match the audit log"), move it aside first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := g.loadDE()
			if err != nil {
				return err
			}
			path := filepath.Join(cfg.StateDir, audit.KeyFileName)
			if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s gibt es schon; nichts geändert (new-keys ersetzt nie eine Schlüsseldatei; ist es die falsche, sie erst beiseitelegen) / %s exists; nothing changed (new-keys never replaces a key file; if it is the wrong one, move it aside first)", path, path)
			}
			// Said once the store is open and the first look found no
			// node running (PostgreSQL): not before a refusal.
			period, err := audit.NewKeys(cmd.Context(), auditConfig(cfg), func(d time.Duration) {
				fmt.Fprintf(cmd.ErrOrStderr(), "Prüfe bis zu %v lang, ob noch ein Knoten in dieses Audit-Log schreibt … / checking for up to %v whether a node still writes to this audit log …\n", d, d)
			})
			if err != nil {
				if p, _ := audit.ProblemOf(err); p != audit.NoProblem {
					return germanFirst(err)
				}
				if de, en, ok := strings.Cut(err.Error(), " / "); ok {
					// German first already (the state_dir lock, nodes still
					// running): each language gets its own lead.
					return fmt.Errorf("Schlüsseldatei %s nicht angelegt, nichts geändert: %s / key file %s not created, nothing changed: %s", path, de, path, en)
				}
				return fmt.Errorf("Schlüsseldatei %s nicht angelegt, nichts geändert (als das Dienstkonto von schleuse ausführen: sudo -u schleuse …, bei laufendem schleuse erst anhalten) / %w", path, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Neue Audit-Schlüssel nach %s geschrieben, Schlüsselzeitraum %d beginnt: die Datei getrennt vom Protokoll sichern. Frühere Einträge lassen sich mit ihr nicht nach Wert suchen oder aufdecken (dafür die frühere Datei aufbewahren und mit --key-file angeben); ihre Kette prüft wie bisher, audit verify nennt die Zeiträume. / new audit keys written to %s, key period %d begins: back the file up apart from the log. Records written before cannot be matched by value or revealed with it (keep the earlier file and give it with --key-file); their chain verifies as before, audit verify names the periods.\n", path, period, path, period)
			return nil
		},
	}
	a.AddCommand(query, export, verify, stats, reveal, report, newKeys, newSalvageCmd(g), newNoteGapCmd(g))
	return a
}

// writeVerify writes verify's result as table or JSON and fails with exit
// status 2 when a chain is broken. copy says the result is of an export
// (verify --file): a noted hash before its first record is then outside
// the copy, not deleted by retention.
func writeVerify(cmd *cobra.Command, res audit.VerifyResult, format string, copy bool, heads string) error {
	// The result is written at once, so that a failed write (a full
	// disk under a redirect) is an error, not an empty "ok".
	var out bytes.Buffer
	if format == "json" {
		enc := json.NewEncoder(&out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		// German first, with the English in parentheses, as the
		// web view's "Kette prüfen" says it: auditors read
		// docs/de/revision.md.
		if len(res.Nodes) == 0 {
			if copy {
				fmt.Fprintln(&out, "Keine Einträge: die Datei ist leer (no records: the file is empty)")
			} else {
				fmt.Fprintln(&out, "Keine Einträge: das Protokoll ist leer (no records: the audit log is empty)")
			}
		}
		for _, n := range res.Nodes {
			for _, l := range slices.Concat(n.Lost, n.Noted) {
				// Named by audit salvage, or noted (audit note-gap): a
				// gap, not a deletion; the chain is checked on behind it.
				de, en := l.Reason()
				fmt.Fprintf(&out, "Server (node) %s: %s (%s)\n", n.Node, de, en)
			}
			if n.Broken != nil {
				fmt.Fprintf(&out, "Server (node) %s: GEBROCHEN bei Eintrag %d: %s (BROKEN at seq %d: %s)\n", n.Node, n.Broken.Seq, n.Broken.ReasonDE, n.Broken.Seq, n.Broken.Reason)
				for _, u := range n.Unreadable {
					fmt.Fprintf(&out, "Server (node) %s: Eintrag %s nicht lesbar (record %s cannot be read): %s\n", n.Node, u.Name(), u.Name(), u.Reason)
				}
				continue
			}
			ok := "unversehrt (ok)"
			if len(n.Lost) > 0 {
				ok = "bis auf die verlorenen unversehrt (intact but for those lost)"
			} else if len(n.Noted) > 0 {
				ok = "bis auf die vermerkten Lücken unversehrt (intact but for the gaps noted)"
			}
			fmt.Fprintf(&out, "Server (node) %s: %s, %d Einträge (records), Nr. (seq) %d–%d, letzter Hash (last hash) %s", n.Node, ok, n.Records, n.FirstSeq, n.LastSeq, n.LastHash)
			if n.Confirmed > 0 {
				fmt.Fprintf(&out, "; %d notierte(r) Hash(es) bestätigt (noted hash(es) confirmed)", n.Confirmed)
			}
			if n.HeadNoted > 0 {
				fmt.Fprintf(&out, "; zuletzt notierter Kopf Nr. %d in %s bestätigt (head noted last confirmed)", n.HeadNoted, heads)
			}
			if len(n.Pruned) > 0 && copy {
				fmt.Fprintf(&out, "; notierte Hashes bei Nr. %s nicht prüfbar: vor dem ersten Eintrag der Kopie (noted hash(es) not checkable: before the copy's first record)", joinInts(n.Pruned))
			} else if len(n.Pruned) > 0 {
				fmt.Fprintf(&out, "; notierte Hashes bei Nr. %s nicht prüfbar: durch audit.retention gelöscht (noted hash(es) not checkable: deleted by retention)", joinInts(n.Pruned))
			}
			out.WriteString("\n")
			if copy && n.FirstSeq > 1 {
				// No checkpoint in a copy: its first record's link is
				// taken as it stands.
				fmt.Fprintf(&out, "  die Kopie beginnt bei Nr. %d: ihr Verweis auf Nr. %d ist nur im Protokoll prüfbar (the copy starts at seq %d)\n", n.FirstSeq, n.FirstSeq-1, n.FirstSeq)
			}
			if copy && n.Confirmed == 0 {
				// A copy cut after a whole line verifies: only a hash
				// noted outside shows the records missing at its end.
				fmt.Fprintf(&out, "  ob am Ende der Kopie Einträge fehlen, zeigt nur ein außerhalb notierter Hash dieses Servers: --expect %s:SEQ:HASH oder --heads (eine Kopie seiner audit-heads) (whether records are missing at the copy's end shows only against a hash noted outside: --expect, --heads)\n", n.Node)
			}
			// The form --expect takes, as the web view shows it:
			// no putting node, number and hash together by hand.
			fmt.Fprintf(&out, "  zum Notieren außerhalb der IT, für ein späteres verify --expect (to note outside the system): %s:%d:%s\n", n.Node, n.LastSeq, n.LastHash)
		}
	}
	if format != "json" && !copy { // a copy holds no key periods
		writeKeyPeriods(&out, res)
	}
	if _, err := out.WriteTo(cmd.OutOrStdout()); err != nil {
		return fmt.Errorf("Ergebnis nicht geschrieben (Platte voll?) / write the result: %w", err)
	}
	if res.OnlyLost() {
		return exitCode{code: 2, msg: "Einträge fehlen: bei der Bergung einer beschädigten audit.db verloren (Einzelheiten oben); die übrigen Einträge sind unversehrt / records lost when a damaged audit.db was salvaged; the other records are intact"}
	}
	if !res.OK() {
		what := "Einträge wurden verändert, gelöscht oder eingefügt (Einzelheiten oben, docs/de/revision.md) / audit chain broken"
		if copy {
			what = "die Kopie weicht vom geschriebenen Protokoll ab: Einträge wurden verändert, gelöscht oder eingefügt (Einzelheiten oben, docs/de/revision.md) / audit chain of the copy broken"
		}
		return exitCode{code: 2, msg: "Hash-Kette gebrochen: " + what}
	}
	return nil
}

// writeKeyPeriods writes verify's lines on the key periods: per period its
// key id, since when, its records and whether the key file in state_dir is
// its, so that an auditor sees which records a value search can match.
func writeKeyPeriods(out *bytes.Buffer, res audit.VerifyResult) {
	if res.KeyPeriodsError != "" {
		fmt.Fprintf(out, "Schlüsselzeiträume (key periods): nicht prüfbar (cannot be checked): %s\n", res.KeyPeriodsError)
		return
	}
	if len(res.KeyPeriods) == 0 {
		if len(res.Nodes) > 0 {
			// A log written before key periods were kept; run registers
			// the key file in state_dir at its next start.
			out.WriteString("Schlüsselzeiträume (key periods): noch keine eingetragen – das Protokoll stammt aus einer früheren Fassung; der nächste Start trägt die Schlüsseldatei in state_dir als seine ein, erst ab da wird sie geprüft (none yet: a log from an earlier version; the next start registers the key file in state_dir)\n")
		}
		return
	}
	if res.KeysBefore > 0 {
		fmt.Fprintf(out, "Schlüsselzeitraum (key period) –: %d Einträge (records) vor Zeitraum 1, mit nicht mehr vorhandenen Schlüsseln geschrieben (written with keys no longer held)\n", res.KeysBefore)
	}
	file := false
	for _, p := range res.KeyPeriods {
		fmt.Fprintf(out, "Schlüsselzeitraum (key period) %d: seit (since) %s, Schlüssel-ID (key id) %s, %d Einträge (records)", p.Period, p.Created.Format(time.RFC3339), p.KeyID, p.Records)
		if p.Current {
			out.WriteString(", aktuell (current)")
		}
		if p.KeyFile {
			out.WriteString(", Schlüsseldatei in state_dir (key file in state_dir)")
			file = true
		}
		out.WriteString("\n")
		if p.Older > 0 {
			// Records the log held when a start registered the file
			// present: a log from before key periods, or the table
			// emptied and filled again; not checked to be the file's.
			items := make([]string, 0, len(p.OlderUpTo))
			for _, n := range slices.Sorted(maps.Keys(p.OlderUpTo)) {
				items = append(items, fmt.Sprintf("%s:%d", n, p.OlderUpTo[n]))
			}
			upTo := strings.Join(items, ", ")
			fmt.Fprintf(out, "  davon %d Einträge älter als der Zeitraum (bis %s): sie standen schon im Protokoll, als er beim Start eingetragen wurde – ein Protokoll aus einer früheren Fassung, oder die Tabelle audit_keys wurde geleert und beim nächsten Start neu gefüllt; dass sie mit dieser Schlüsseldatei geschrieben sind, ist nicht geprüft (of them %d records older than the period, up to %s: in the log when a start registered it – a log from an earlier version, or table audit_keys emptied and filled again; not checked to be written with this key file)\n",
				p.Older, upTo, p.Older, upTo)
		}
		if len(p.Late) > 0 {
			// Records a node made with this period's keys after the
			// next began (it ran on through audit new-keys): they lie
			// after this period's end but belong to it.
			var n int64
			items := make([]string, 0, len(p.Late))
			for _, r := range p.Late {
				n += r.Records
				items = append(items, fmt.Sprintf("%s:%d..%d", r.Node, r.First, r.Last))
			}
			list := strings.Join(items, ", ")
			fmt.Fprintf(out, "  davon %d Einträge nachträglich (%s): ein Knoten, der während audit new-keys weiterlief, hat sie noch mit den Schlüsseln dieses Zeitraums gemacht; sie stehen im Protokoll nach seinem Ende, die Suche nach Wert oder Anmeldenamen und reveal finden sie mit der Schlüsseldatei dieses Zeitraums (of them %d records made late (%s): a node that ran on through audit new-keys made them with this period's keys; they lie after its end in the log, searches find them with this period's key file)\n",
				n, list, n, list)
		}
	}
	if !file {
		out.WriteString("  die Schlüsseldatei in state_dir gehört zu keinem Zeitraum oder ist nicht lesbar: Suche nach Wert oder Anmeldenamen und reveal sind nicht möglich (the key file in state_dir is none of these or cannot be read)\n")
	}
}

// addKeyFileFlag registers --key-file: the kept key files of earlier key
// periods, searched beside the one in state_dir.
func addKeyFileFlag(cmd *cobra.Command, files *[]string) {
	cmd.Flags().StringArrayVar(files, "key-file", nil, "the kept key file of an earlier key period (after audit new-keys), searched beside the one in state_dir; repeatable")
}

// addKeyFiles adds the --key-file files to r's search keys
// (audit.Reader.AddKeyFile): one that is none of the log's key periods is
// refused.
func addKeyFiles(r *audit.Reader, files []string) error {
	for _, f := range files {
		if err := r.AddKeyFile(f); err != nil {
			return err
		}
	}
	return nil
}

// warnKeyNotes says on stderr, beside the answer of a value or user-name
// search or reveal, which records the key file present cannot match
// (audit.Reader.KeyNotes): "not found" holds only for the others.
func warnKeyNotes(cmd *cobra.Command, r *audit.Reader) ([]audit.KeyNote, error) {
	notes, err := r.KeyNotes(cmd.Context())
	if err != nil {
		return nil, germanFirst(err)
	}
	for _, n := range notes {
		fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: %s. / Note: %s.\n", n.DE, n.EN)
	}
	return notes, nil
}

// reportTotal names the usage report's total row (table and CSV; JSON: total).
const reportTotal = "Summe"

// checkFormat rejects a --format the command does not write (it would
// otherwise fall back to the table without a word).
func checkFormat(format string, allowed ...string) error {
	if !slices.Contains(allowed, format) {
		return fmt.Errorf("--format %q: gültig sind %s / want %s", format, strings.Join(allowed, ", "), strings.Join(allowed, " or "))
	}
	return nil
}

// newListCmd is `audit query` and `audit export`: the same filters and
// formats, different defaults.
func newListCmd(g *globals, name, short, format string, limit int) *cobra.Command {
	var f filterFlags
	var semicolon bool
	var keyFiles []string
	cmd := &cobra.Command{
		Use:   name,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: withReader(g, func(cmd *cobra.Command, args []string, r *audit.Reader) error {
			if err := checkFormat(format, "table", "json", "csv"); err != nil {
				return err
			}
			if err := f.readValue(cmd); err != nil {
				return err
			}
			filter, err := f.filter()
			if err != nil {
				return err
			}
			if err := addKeyFiles(r, keyFiles); err != nil {
				return err
			}
			if filter.Value != "" || filter.UserName != "" {
				if _, err := warnKeyNotes(cmd, r); err != nil {
					return err
				}
			}
			limit := filter.Limit
			if limit == 0 {
				limit = 1000 // audit.Filter's default
			}
			if limit > 0 {
				filter.Limit = limit + 1 // one more: are there others?
			}
			recs, qerr := r.Query(cmd.Context(), filter)
			var ue *audit.UnreadableError
			if qerr != nil && !errors.As(qerr, &ue) {
				return qerr
			}
			more := limit > 0 && len(recs)+unreadable(ue) > limit
			if more && len(recs) > limit {
				recs = recs[:limit]
			}
			// The records shown are checked against their chain first,
			// so that an altered one is not shown as if it were sound
			// (before, only audit verify said so).
			doubts, gaps, err := r.Check(cmd.Context(), recs)
			if err != nil {
				return err
			}
			warnGaps(cmd, gaps, "die gezeigten Einträge davor und dahinter sind bestätigt", "the records shown before and behind it verify")
			warnDoubts(cmd, doubts)
			// The newest records deleted are no record shown: the heads
			// the proxy noted outside the store say so.
			cut, err := warnHeads(cmd, r)
			if err != nil {
				return err
			}
			if err := audit.WriteChecked(cmd.OutOrStdout(), recs, doubts, format, audit.CSVOptions{Semicolon: semicolon}); err != nil {
				return err
			}
			if len(recs) == 0 && qerr == nil {
				if format == "table" {
					// The table's header alone says nothing to a reader.
					fmt.Fprintln(cmd.ErrOrStderr(), "Keine passenden Einträge. / No matching records.")
				}
				if err := noteAbsent(cmd, r, f); err != nil {
					return err
				}
			}
			if more {
				// An auditor must not take the first page for the whole result.
				de, en := fmt.Sprintf("die %d ältesten passenden Einträge", limit), fmt.Sprintf("the %d oldest matching records are", limit)
				switch {
				case f.newest && limit == 1:
					de, en = "der neueste passende Eintrag", "the newest matching record is"
				case f.newest:
					de, en = fmt.Sprintf("die %d neuesten passenden Einträge", limit), fmt.Sprintf("the %d newest matching records are", limit)
				case limit == 1:
					de, en = "der älteste passende Eintrag", "the oldest matching record is"
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: gezeigt %s nur %s, es gibt weitere (alle: --limit -1). / Note: only %s shown, more match (all: --limit -1).\n", plural(int64(limit), "ist", "sind"), de, en)
			}
			if err := reportUnreadable(cmd, qerr); err != nil || len(doubts)+len(cut) == 0 {
				if err == nil {
					err = lostExit(gaps, "was sie enthielten, fehlt in jeder Abfrage", "what they held is missing from every query")
				}
				return err
			}
			if len(doubts) == 0 {
				return exitCode{code: 2, msg: "die neuesten Einträge fehlen im Protokoll (gelöscht?), Einzelheiten oben; schleuse audit verify prüft die ganze Kette / the newest records are missing from the log; run audit verify"}
			}
			return exitCode{code: 2, msg: fmt.Sprintf("%d gezeigte(r) Eintrag/Einträge nicht bestätigt, die Hash-Kette um sie ist gebrochen (im Protokoll verändert, gelöscht oder eingefügt); schleuse audit verify prüft die ganze Kette / %d record(s) shown do not verify, the hash chain around them is broken (altered, deleted or inserted in the log); run audit verify", len(doubts), len(doubts))}
		}),
	}
	f.add(cmd, limit)
	addKeyFileFlag(cmd, &keyFiles)
	cmd.Flags().StringVar(&format, "format", format, "table | json | csv")
	cmd.Flags().BoolVar(&semicolon, "semicolon", false, "CSV with ; as separator (German Excel)")
	return cmd
}

// noteAbsent says on stderr, after an empty result, which of the filters
// --rule, --service, --group and --node names a value that no record of
// the whole log holds (audit.Reader.Absent): a misspelt rule ("KI-RL-32")
// or service id matched nothing and looked like a clean log. A note, not
// an error: a rule of the policy that never decided anything is a true
// empty answer too.
func noteAbsent(cmd *cobra.Command, r *audit.Reader, f filterFlags) error {
	absent, err := r.Absent(cmd.Context(), audit.Filter{Rule: f.rule, Service: f.service, Group: f.group, Node: f.node, RequestID: audit.NoticeRequestID(f.requestID)})
	if err != nil {
		return err
	}
	for _, a := range absent {
		if a.Field == "request-id" {
			// A Vorgangsnummer copied with a digit left out looked like
			// a request that was never logged.
			de, en := audit.RequestIDForm(a.Value)
			if de == "" {
				de, en = "abgeschrieben mit einem Fehler, oder aus einem anderen Audit-Protokoll (einem anderen Server mit eigenem state_dir)?", "copied with a mistake, or from another audit log?"
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: --request-id %q: diese Vorgangsnummer steht in keinem Eintrag des ganzen Protokolls (%s). / Note: --request-id %q is in no record of the whole log (%s).\n", a.Value, de, a.Value, en)
			continue
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: --%s %q: %s kommt in keinem Eintrag des ganzen Protokolls vor (Tippfehler? Groß- und Kleinschreibung zählt). / Note: --%s %q is in no record of the whole log (a typo? case matters).\n", a.Field, a.Value, audit.AbsentDE[a.Field], a.Field, a.Value)
	}
	return nil
}

func unreadable(ue *audit.UnreadableError) int {
	if ue == nil {
		return 0
	}
	return len(ue.Records)
}

// reportUnreadable names on stderr each record that could not be read
// after the others were written, and then fails with exit status 2 (as a
// broken chain in audit verify), so that a script notices the gap.
func reportUnreadable(cmd *cobra.Command, err error) error {
	var ue *audit.UnreadableError
	if !errors.As(err, &ue) {
		return err
	}
	w := cmd.ErrOrStderr()
	for _, re := range ue.Records {
		fmt.Fprintf(w, "Fehler: Eintrag %s ist nicht lesbar und fehlt in der Ausgabe / error: record %s cannot be read and is left out: %s\n", re.Name(), re.Name(), re.Reason)
	}
	return exitCode{code: 2, msg: fmt.Sprintf("%d Eintrag/Einträge nicht lesbar, alle anderen sind ausgegeben; audit verify prüft die Kette / %d record(s) cannot be read, all others are shown; run audit verify", len(ue.Records), len(ue.Records))}
}

// warnHeads says on stderr which newest records the log lacks that the
// proxy noted in state_dir/audit-heads (audit.Reader.CheckHeads).
func warnHeads(cmd *cobra.Command, r *audit.Reader) ([]audit.Broken, error) {
	cut, err := r.CheckHeads(cmd.Context())
	if err != nil {
		return nil, err
	}
	for _, b := range cut {
		fmt.Fprintf(cmd.ErrOrStderr(), "WARNUNG: Server %s: %s; sie fehlen in jeder Abfrage, schleuse audit verify prüft die ganze Kette. / WARNING: node %s: %s.\n", b.Node, b.ReasonDE, b.Node, b.Reason)
	}
	return cut, nil
}

// checkCounted ends stats and report, which count records rather than
// show them: after the unreadable rows, it checks the chain behind every
// record counted (audit.Reader.CheckSpans) and the noted heads, and says
// German first on stderr where it broke, exit 2: the figures may count
// altered records, or miss deleted ones. Before, they were given as if
// the log were sound.
func checkCounted(cmd *cobra.Command, r *audit.Reader, spans audit.Spans, qerr error) error {
	broken, gaps, err := r.CheckSpans(cmd.Context(), spans)
	if err != nil {
		return err
	}
	warnGaps(cmd, gaps, "die gezählten Einträge davor und dahinter sind bestätigt", "the records counted before and behind it verify")
	for _, b := range broken {
		fmt.Fprintf(cmd.ErrOrStderr(), "WARNUNG: Server %s: die Hash-Kette der gezählten Einträge ist bei Eintrag %d gebrochen: %s; die Zahlen können veränderte Einträge enthalten, schleuse audit verify prüft die ganze Kette. / WARNING: node %s: the hash chain of the records counted is broken at record %d: %s; the figures may count altered records.\n",
			b.Node, b.Seq, b.ReasonDE, b.Node, b.Seq, b.Reason)
	}
	cut, err := warnHeads(cmd, r)
	if err != nil {
		return err
	}
	if err := reportUnreadable(cmd, qerr); err != nil || len(broken)+len(cut) == 0 {
		if err == nil {
			err = lostExit(gaps, "die Zahlen zählen sie nicht", "the figures do not count them")
		}
		return err
	}
	return exitCode{code: 2, msg: "Hash-Kette gebrochen: die Zahlen können veränderte Einträge enthalten oder gelöschte nicht (Einzelheiten oben); schleuse audit verify prüft die ganze Kette / audit chain broken: the figures may count altered records or miss deleted ones"}
}

// warnGaps names on stderr the gaps the check of the records shown or
// counted met that verify explains, as verify names them: one a gap note
// explains (audit note-gap) as a HINWEIS, no break and no exit status;
// records lost in a salvage as a WARNUNG, exit 2 as verify (lostExit).
// The chain around both verifies (rest says so). Before, a salvage's gap
// broke its stretch: every record shown in it unconfirmed.
func warnGaps(cmd *cobra.Command, gaps []audit.LostRange, restDE, restEN string) {
	for _, l := range gaps {
		de, en := l.Reason()
		if l.Lost() {
			fmt.Fprintf(cmd.ErrOrStderr(), "WARNUNG: Server %s: %s; %s, schleuse audit verify nennt alles Verlorene. / WARNING: node %s: %s; %s.\n", l.Node, de, restDE, l.Node, en, restEN)
			continue
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "HINWEIS: Server %s: %s; die Einträge davor und dahinter sind bestätigt. / NOTE: node %s: %s.\n", l.Node, de, l.Node, en)
	}
}

// lostExit is exit status 2 when gaps hold records lost in a salvage (as
// audit verify's), what says they are missing; nil otherwise.
func lostExit(gaps []audit.LostRange, whatDE, whatEN string) error {
	if !slices.ContainsFunc(gaps, audit.LostRange.Lost) {
		return nil
	}
	return exitCode{code: 2, msg: "Einträge fehlen: bei der Bergung einer beschädigten audit.db verloren (Einzelheiten oben), " + whatDE + "; die übrigen sind unversehrt / records lost when a damaged audit.db was salvaged, " + whatEN + "; the others are intact"}
}

// warnDoubts says on stderr, before the records, which of them do not
// verify (audit.Reader.Check), one line per break of the chain with the
// records it leaves unvouched for.
func warnDoubts(cmd *cobra.Command, doubts []audit.Doubt) {
	w := cmd.ErrOrStderr()
	for i := 0; i < len(doubts); {
		d := doubts[i]
		j := i
		var seqs []string
		for j < len(doubts) && doubts[j].Node == d.Node && doubts[j].At == d.At {
			if len(seqs) < 20 {
				seqs = append(seqs, strconv.FormatInt(doubts[j].Seq, 10))
			}
			j++
		}
		list := strings.Join(seqs, ", ")
		if j-i > len(seqs) {
			list += fmt.Sprintf(" und %d weitere / and %d more", j-i-len(seqs), j-i-len(seqs))
		}
		fmt.Fprintf(w, "WARNUNG: Server %s, Eintrag/Einträge %s: nicht bestätigt, die Hash-Kette ist bei Eintrag %d gebrochen: %s. Diese Einträge wurden womöglich im Protokoll verändert; schleuse audit verify prüft die ganze Kette. / WARNING: node %s, record(s) %s: do not verify, the hash chain is broken at record %d: %s.\n",
			d.Node, list, d.At, d.ReasonDE, d.Node, list, d.At, d.Reason)
		i = j
	}
}

// validPseudonym reports whether p has the form of a user pseudonym.
func validPseudonym(p string) bool {
	if len(p) != 18 || !strings.HasPrefix(p, "u-") {
		return false
	}
	for _, c := range p[2:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func kv(m map[string]int64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, " ")
}

func joinInts(ns []int64) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

// plural is one when n is 1, else many.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// newSalvageCmd is audit salvage: the records of a damaged SQLite audit.db
// that can still be read, copied into a new file (audit.Salvage).
func newSalvageCmd(g *globals) *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "salvage --out FILE",
		Short: "Copy every record of a damaged audit.db that can still be read into a new file, naming those lost",
		Long: `salvage reads the SQLite audit log of state_dir (audit.db, which a damaged
page makes unreadable as a whole) and copies every row that can still be read
into the new file FILE (it must not exist): records, checkpoints and key
periods, as stored. The damaged file is not changed: it and its -wal are
copied beside FILE first and read there. The records that could not be read
are named per node (German first) and in FILE's table audit_salvage_lost,
which audit verify reads: it reports them as lost in a salvage and checks the
chain on behind them. FILE is verified before salvage ends. Exit 2 when
records were lost or FILE's chain is broken (FILE is written all the same).
First restore audit.db from the backup if there is one (docs/de/revision.md);
salvage is for what the backup does not hold. PostgreSQL: not needed (its own
tools, pg_dump and the backup, apply).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			if out == "" {
				return errors.New("--out DATEI fehlt: die neue Datei, in die die lesbaren Einträge kommen (sie darf noch nicht bestehen) / --out FILE is required: the new file the readable records go to")
			}
			cfg, err := g.loadDE()
			if err != nil {
				return err
			}
			if cfg.Audit.Store != "" && cfg.Audit.Store != "sqlite" {
				return errors.New("audit salvage liest nur ein SQLite-Audit-Log (audit.db in state_dir); ein PostgreSQL-Log stellt die Sicherung der Datenbank wieder her / audit salvage reads a SQLite audit log only; restore a PostgreSQL log from the database's backup")
			}
			res, err := audit.Salvage(cmd.Context(), cfg.StateDir, out)
			if err != nil {
				return germanFirst(fmt.Errorf("Nichts geborgen, %s nicht geschrieben / nothing salvaged: %w", out, err))
			}
			var b bytes.Buffer
			if format == "json" {
				enc := json.NewEncoder(&b)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else {
				c := res.Copied
				fmt.Fprintf(&b, "Geborgen nach (salvaged to) %s: %d Einträge (records), %d Prüfpunkte (checkpoints), %d Schlüsselzeiträume (key periods), %d nachträgliche Bereiche (late ranges)\n",
					out, c["audit_records"], c["audit_checkpoints"], c["audit_keys"], c["audit_keys_late"])
				if len(res.Lost) == 0 && len(res.Unreadable) == 0 {
					b.WriteString("Kein Eintrag verloren: jede Zeile war lesbar (no record lost: every row could be read)\n")
				}
				for _, l := range res.Lost {
					fmt.Fprintf(&b, "Server (node) %s: Einträge %d..%d nicht lesbar, verloren (records %d..%d unreadable, lost)\n", l.Node, l.First, l.Last, l.First, l.Last)
				}
				for _, t := range slices.Sorted(maps.Keys(res.Unreadable)) {
					fmt.Fprintf(&b, "Tabelle (table) %s: %d nicht lesbare Bereiche übersprungen (unreadable stretches skipped)\n", t, res.Unreadable[t])
				}
				if pg := res.Pages; pg != nil {
					fmt.Fprintf(&b, "Die erste Seite der Datei (das Schema) war beschädigt: die Zeilen wurden aus ihren Seiten nach dem Dateiformat gelesen (the file's first page, its schema, was damaged: rows read from its pages by the file format): %d Seiten zu %d Bytes (pages), %d Tabellenblätter gelesen (table leaves read), %d freie Seiten übergangen (free pages left out), %d nicht lesbare Zellen (cells unreadable), %d Zeilen keiner Audit-Tabelle (rows of no audit table)\n",
						pg.Pages, pg.PageSize, pg.TableLeaves, pg.Free, pg.BadCells, pg.Foreign)
				}
				if res.Pages != nil {
					fmt.Fprintf(&b, "Am Ende eines Servers verlorene Einträge sind nach dem größten Schlüssel der lesbaren Indexseiten genannt (%d Schlüssel); war die Seite mit dem neuesten beschädigt, zeigen sie nur ein Prüfpunkt dahinter und audit-heads (records lost at a node's end are named by the greatest key of the index pages that read; if the page with the newest was damaged, only a checkpoint behind them and audit-heads show them)\n", res.Pages.IndexKeys)
				} else if !res.KeysKnown {
					b.WriteString("Der Index der Einträge war nicht lesbar: ob am Ende eines Servers Einträge verloren sind, zeigen nur ein Prüfpunkt dahinter und audit-heads (the records' index could not be read: records lost at a node's end show only by a checkpoint behind them and audit-heads)\n")
				}
				for _, n := range res.Verify.Nodes {
					if n.Broken != nil {
						fmt.Fprintf(&b, "Prüfung der neuen Datei (verify of the new file): Server (node) %s: GEBROCHEN bei Eintrag %d: %s (BROKEN at seq %d: %s)\n", n.Node, n.Broken.Seq, n.Broken.ReasonDE, n.Broken.Seq, n.Broken.Reason)
						continue
					}
					fmt.Fprintf(&b, "Prüfung der neuen Datei (verify of the new file): Server (node) %s: %d Einträge unversehrt, Nr. %d–%d (records intact)\n", n.Node, n.Records, n.FirstSeq, n.LastSeq)
				}
				fmt.Fprintf(&b, "Weiter: schleuse anhalten, die beschädigte audit.db mit ihren Dateien -wal und -shm beiseitelegen (aufbewahren, nicht löschen), %s als audit.db in state_dir legen (Eigentümer das Dienstkonto, Modus 0600), schleuse starten, schleuse audit verify (docs/de/revision.md) / next: stop schleuse, move the damaged audit.db and its -wal and -shm aside (keep them), put %s in its place as audit.db (owned by the service account, mode 0600), start schleuse, run audit verify\n", out, out)
			}
			if _, err := b.WriteTo(cmd.OutOrStdout()); err != nil {
				return err
			}
			if !res.Verify.OK() && !res.Verify.OnlyLost() {
				return exitCode{code: 2, msg: "die Kette der neuen Datei ist gebrochen (Einzelheiten oben): Einträge waren schon vor dem Schaden verändert, gelöscht oder eingefügt / the new file's chain is broken"}
			}
			if len(res.Lost) > 0 || len(res.Unreadable) > 0 {
				return exitCode{code: 2, msg: "Einträge verloren (oben genannt); die übrigen sind geborgen und unversehrt / records lost (named above); the others are salvaged and intact"}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the new file to write the readable records to (must not exist)")
	cmd.Flags().StringVar(&format, "format", "table", "table | json")
	return cmd
}
