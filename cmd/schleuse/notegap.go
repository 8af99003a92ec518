package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/audit"
)

// newNoteGapCmd is audit note-gap: an authorised person notes in the
// chain that a gap's records are gone for a known reason (a backup
// restored), so that verify names it as noted, not as records deleted.
func newNoteGapCmd(g *globals) *cobra.Command {
	var node, reason, by string
	var from, to int64
	cmd := &cobra.Command{
		Use:   "note-gap --from A --to B --reason TEXT",
		Short: "Note in the hash chain why records A..B of a node are missing (a backup restored)",
		Long: `note-gap appends a gap note to the node's hash chain: records A..B are gone,
for the reason given (e.g. "Sicherung vom 2026-12-01 zurückgespielt, Vorgang 4711").
The note is a record of the chain like the others (hash-chained; altered later,
it breaks the chain). audit verify then names the gap as "Lücke vermerkt am …:
reason" in every run, checks the chain on behind it and exits 0 for it; a gap
with other numbers stays a break, and a note whose numbers are no such gap is
reported itself (exit 2). The reason is at most 200 characters and must not
contain personal data. Who noted it is stored as a pseudonym only (--by, default
the login that ran sudo, else the OS user). Stop schleuse on that node first
(note-gap writes as the node, with its lock); run as the service account
(sudo -u schleuse). The numbers are the ones audit verify names.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == 0 || to == 0 {
				return errors.New("--from und --to fehlen: die Nummern der fehlenden Einträge, wie audit verify sie nennt („Einträge 5..10 fehlen“: --from 5 --to 10) / --from and --to are required: the numbers of the missing records, as audit verify names them")
			}
			if err := audit.CheckGapReason(reason); err != nil {
				return err
			}
			cfg, err := g.loadDE()
			if err != nil {
				return err
			}
			if err := reasonClean(cfg.Inspect.LexiconDir, reason); err != nil {
				return err
			}
			ac := auditConfig(cfg)
			if node != "" {
				ac.Node = node
			}
			if by == "" {
				by = operatorName()
			}
			rec, err := audit.NoteGap(cmd.Context(), ac, from, to, reason, by)
			if err != nil {
				if p, _ := audit.ProblemOf(err); p != audit.NoProblem {
					return germanFirst(err)
				}
				if de, en, ok := strings.Cut(err.Error(), " / "); ok {
					// German first already (note-gap's own checks, the
					// state_dir lock, the node lock): each language its lead.
					return fmt.Errorf("Nichts vermerkt: %s / nothing noted: %s", strings.TrimPrefix(de, "audit: "), en)
				}
				return germanFirst(fmt.Errorf("Nichts vermerkt (schleuse auf diesem Knoten erst anhalten; als Dienstkonto ausführen: sudo -u schleuse …) / nothing noted: %w", err))
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Lücke vermerkt: Server (node) %s, Einträge %d..%d, als Eintrag %d der Kette (Hash %s); audit verify nennt sie ab jetzt bei jeder Prüfung. Die Prüfakte um diesen Vermerk ergänzen. / gap noted: node %s, records %d..%d, as record %d of the chain; audit verify names it in every run.\n",
				rec.Node, from, to, rec.Seq, rec.Hash, rec.Node, from, to, rec.Seq)
			return err
		},
	}
	cmd.Flags().StringVar(&node, "node", "", "the node whose chain has the gap (default: audit.node of the configuration)")
	cmd.Flags().Int64Var(&from, "from", 0, "the first missing record's number")
	cmd.Flags().Int64Var(&to, "to", 0, "the last missing record's number")
	cmd.Flags().StringVar(&reason, "reason", "", "why the records are gone (at most 200 characters, no personal data)")
	cmd.Flags().StringVar(&by, "by", "", "who notes it, stored as a pseudonym only (default: $SUDO_USER, else the OS user)")
	return cmd
}

// operatorName is who runs the command: the login that ran sudo, else
// the OS user. It is only ever stored as a pseudonym.
func operatorName() string {
	if u := os.Getenv("SUDO_USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// reasonClean refuses a gap note's reason in which the detectors find
// personal data (a name, a phone number): the note is a record of the
// audit log, which holds none. Said by type, never by value. A
// justification typed by staff ("#freigabe:") is redacted instead; here
// the operator can say it again without.
func reasonClean(lexDir, reason string) error {
	eng, err := newScanner(lexDir)
	if err != nil {
		return err
	}
	fs := eng.Scan([]byte(reason))
	if len(fs) == 0 {
		return nil
	}
	var types []string
	for _, f := range fs {
		if !slices.Contains(types, f.Type) {
			types = append(types, f.Type)
		}
	}
	t := strings.Join(types, ", ")
	return fmt.Errorf("Nichts vermerkt: der Grund enthält personenbezogene Daten (%s); das Audit-Log speichert keine: den Grund ohne sie angeben, etwa mit der Vorgangsnummer / nothing noted: the reason contains personal data (%s); give it without", t, t)
}
