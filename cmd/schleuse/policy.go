package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

func newPolicyCmd(g *globals) *cobra.Command {
	p := &cobra.Command{Use: "policy", Short: "Write, test and evaluate the KI-Richtlinie (Rego)",
		Long: `Write, test and evaluate the KI-Richtlinie, the policy (guide: docs/de/richtlinie.md).

  schleuse policy init DIR                 write the default policy to edit
  schleuse policy test [DIR]               run its tests (like opa test)
  schleuse policy eval --input FILE [DIR]  evaluate one input
  schleuse policy diff [ALT] NEU           where two versions decide differently

DIR is the policy directory (or --dir); default: policy.dir of --config, else
the embedded policy.`}
	initCmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write the default KI-Richtlinie into DIR for the DPO to edit",
		Long: `Writes the default policy (richtlinie.rego, richtlinie_test.rego, data.yaml) into DIR for
the DPO to edit; refuses to overwrite one that is there.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := policies.WriteDefault(args[0]); errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("In %s liegt schon eine Richtlinie; policy init überschreibt sie nicht. Die Standard-Richtlinie dieser Fassung zum Vergleichen: schleuse policy init /tmp/richtlinie-neu, dann diff -r %s /tmp/richtlinie-neu / %w", args[0], args[0], err)
			} else if err != nil {
				return fmt.Errorf("Richtlinie nicht angelegt / %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Richtlinie nach %s geschrieben. Test: schleuse policy test %s / policy written to %s; test it: schleuse policy test %s\n", args[0], args[0], args[0], args[0])
			return nil
		},
	}
	var verbose bool
	var testDir string
	test := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run the policy's Rego unit tests (like `opa test DIR`)",
		Long: `Runs the policy's tests (rules test_… in *_test.rego) like opa test and says how the
proxy will evaluate it. Exit status 1 when a test fails: the proxy refuses to load such a
version.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := policyDir(g, args, testDir)
			if err != nil {
				return err
			}
			var out bytes.Buffer // OPA's report, read for tests that ended in an error
			passed, failed, err := policies.Test(cmd.Context(), dir, io.MultiWriter(cmd.OutOrStdout(), &out), verbose)
			if err != nil {
				return notLoadable(dir, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d bestanden, %d fehlgeschlagen (%d passed, %d failed)\n", passed, failed, passed, failed)
			if passed+failed == 0 {
				// "0 bestanden, 0 fehlgeschlagen" alone read as a pass:
				// a DPO who removed richtlinie_test.rego (or never had it)
				// lost the checks of data.yaml without a word.
				fmt.Fprintf(cmd.ErrOrStderr(), "Achtung: Die Richtlinie in %s hat keine Tests (keine Regel test_… in einer Datei *_test.rego). Der Proxy lädt sie, aber nichts prüft vorher, ob jede Meldung deutschen Text hat, jede Datenklasse richtig geschrieben und jeder Registereintrag vollständig ist. Die Tests der Standard-Richtlinie liegen in richtlinie_test.rego (schleuse policy init LEERES-VERZEICHNIS schreibt sie; docs/de/richtlinie.md, Abschnitt 6) / warning: the policy has no tests (no rule test_… in a *_test.rego file); the proxy loads it unchecked\n", shownDir(dir))
			}
			if failed > 0 {
				// A test that ends in ERROR found a rule that errors at run
				// time (conflicting values): it is no wrong decision but
				// one the proxy cannot make, and says so.
				errored := ""
				if bytes.Contains(out.Bytes(), []byte(": ERROR (")) {
					errored = "; ERROR: eine Regel bricht bei der Eingabe dieses Tests mit einem Fehler ab (Grund und Zeile darunter), im Betrieb blockierte der Proxy jede solche Anfrage (KI-RL-0.0)"
				}
				return exitCode{code: 1, msg: fmt.Sprintf("%d von %d Tests der Richtlinie fehlgeschlagen (oben mit FAIL oder ERROR und der Zeile in *_test.rego%s); so eine Fassung lädt der Proxy nicht: im Betrieb gilt die bisherige weiter, ein Start schlägt fehl / %d policy tests failed",
					failed, passed+failed, errored, failed)}
			}
			// How the proxy would run this policy: a DPO sees before the rollout whether an edit
			// leaves the compiled evaluator (the policy then works the same, only slower).
			eng, err := policies.Open(cmd.Context(), dir)
			if err != nil {
				return notLoadable(dir, err)
			}
			// The revision the status page shows once the proxy runs
			// this version: the DPO compares them after a rollout.
			fmt.Fprintf(cmd.OutOrStdout(), "Revision: %s (die Statusseite zeigt sie, sobald der Proxy diese Fassung lädt / the status page shows it once the proxy runs this version)\n", eng.Revision())
			if ok, why := eng.Compiled(); ok {
				fmt.Fprintln(cmd.OutOrStdout(), "Auswertung im Betrieb: übersetzt (geprüft gegen OPA) / evaluation in the proxy: compiled (checked against OPA)")
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "Auswertung im Betrieb: OPA-Interpreter, etwa viermal langsamer / evaluation in the proxy: OPA's interpreter, about four times slower: %s\n", why)
			}
			return nil
		},
	}
	test.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every test")
	test.Flags().StringVar(&testDir, "dir", "", "policy directory, as DIR")
	var input, dir string
	eval := &cobra.Command{
		Use:   "eval --input FILE [DIR]",
		Short: "Evaluate the policy for an input and show the decision and the rules that fired",
		Long: `Evaluates the policy for one input (JSON in the form of docs/de/richtlinie.md, section 1)
and shows the decision, the revision and the rules that fired. A misspelt field, an unknown
data class or an unknown topic is an error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := policyDir(g, args, dir)
			if err != nil {
				return err
			}
			b, err := os.ReadFile(input)
			if err != nil {
				return fmt.Errorf("--input: Eingabedatei nicht lesbar / cannot read the input: %w", err)
			}
			in, err := readPolicyInput(b)
			if err != nil {
				return fmt.Errorf("--input %s: Eingabe nicht in der Form aus docs/de/richtlinie.md, Abschnitt 1 / not a policy input: %w", input, err)
			}
			if id := in.Service.ID; id != "" {
				if cfg, err := g.loadDE(); err == nil {
					if cat, err := proxy.NewCatalogue(cfg.Services); err == nil && !slices.ContainsFunc(cat.Services(), func(s proxy.Service) bool { return s.ID == id }) {
						fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: der Dienst %q steht nicht im Dienstkatalog des Proxys; so eine Anfrage käme im Betrieb nicht vor / note: service %q is not in the proxy's catalogue\n", id, id)
					}
				}
			}
			eng, err := openDraft(cmd.Context(), d, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			dec, fired, err := eng.Explain(cmd.Context(), in)
			compiled, whyNot := eng.Compiled()
			evaluator := map[string]any{"compiled": compiled}
			if !compiled {
				evaluator["why_not"] = whyNot
			}
			out := map[string]any{"decision": dec, "fired": fired, "evaluator": evaluator}
			if err != nil {
				// German first, as every message to the DPO: before, OPA's
				// and the contract check's English alone.
				out["error"] = policies.CauseDE(err) + "; im Betrieb blockiert der Proxy so eine Anfrage (KI-RL-0.0) / " + err.Error()
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(out)
		},
	}
	eval.Flags().StringVar(&input, "input", "", "policy input as JSON (docs/de/richtlinie.md, section 1)")
	eval.Flags().StringVar(&dir, "dir", "", "policy directory, as DIR")
	eval.MarkFlagRequired("input")
	p.AddCommand(initCmd, test, eval, newPolicyDiffCmd(g))
	return p
}

// openDraft opens the policy in dir for policy diff and eval. A version
// whose own tests fail is opened all the same, with a warning on w: the DPO
// sees what an edit decides before adapting the tests that pin the old
// decision (docs/de/richtlinie.md §6); before, diff refused such a draft as
// "cannot be loaded". One that does not parse or compile is an error.
func openDraft(ctx context.Context, dir string, w io.Writer) (*policies.Engine, error) {
	eng, err := policies.Open(ctx, dir)
	if tf, ok := errors.AsType[*policies.TestsFailedError](err); ok {
		eng, err = policies.OpenUntested(ctx, dir)
		if err == nil {
			fmt.Fprintf(w, "Achtung: %d Test(s) der Richtlinie %s schlagen fehl (schleuse policy test zeigt sie); ausgewertet wird trotzdem, damit Sie sehen, was die Änderung bewirkt. So lädt der Proxy diese Fassung nicht: passen Sie die Tests an, die eine geänderte Entscheidung festhalten (docs/de/richtlinie.md, Abschnitt 6) / warning: %d policy test(s) fail; evaluated anyway, the proxy does not load this version until they pass\n",
				tf.Failed, shownDir(dir), tf.Failed)
		}
	}
	if err != nil {
		return nil, notLoadable(dir, err)
	}
	eng.SetEvalTimeout(offlineEvalTimeout)
	return eng, nil
}

// offlineEvalTimeout bounds one evaluation of policy eval and policy diff.
// They hold no request, and the proxy's bound (policies.EvalTimeout, 2 s)
// would turn an evaluation slowed by a loaded machine into a fail-closed
// decision (KI-RL-0.0) that the draft does not make.
const offlineEvalTimeout = time.Minute

// notLoadable says in German first that the policy in dir cannot be loaded
// and what follows from it; err (OPA's message with file:line) follows. A
// directory that does not exist or holds no .rego file (a typo, the wrong
// directory) is said as such, with the command that writes a policy:
// before, it got the preamble about file:line errors and Go's "stat DIR: no
// such file or directory" or "no .rego files".
func notLoadable(dir string, err error) error {
	if e := policyDirMissing(dir, err); e != nil {
		return e
	}
	return fmt.Errorf("Die Richtlinie lässt sich nicht laden%s (Fehler mit Datei:Zeile dahinter); so eine Fassung lädt der Proxy nicht: im Betrieb gilt die bisherige weiter, ein Start schlägt fehl / the policy cannot be loaded: %w", loadErrorDE(dir, err.Error()), err)
}

// regoErrorAt finds OPA's first error of a Rego file in a load error's
// text: file, line and code ("richtlinie.rego:281: rego_parse_error").
var regoErrorAt = regexp.MustCompile(`([^\s:]+\.rego):(\d+): (rego_[a-z_]+_error)`)

// regoErrorsDE are the German words for OPA's error codes a DPO's edit of
// richtlinie.rego meets.
var regoErrorsDE = map[string]string{
	"rego_parse_error":      "Schreibfehler im Rego-Code (eine Klammer, ein Komma, ein Anführungszeichen oder ein Operator fehlt oder ist zu viel; OPA nennt oft erst die Zeile danach)",
	"rego_type_error":       "eine Funktion oder Regel, die es nicht gibt (Tippfehler im Namen?), oder ein Wert der falschen Art",
	"rego_unsafe_var_error": "eine Variable wird verwendet, ohne dass sie einen Wert bekommt (Tippfehler im Namen?)",
	"rego_recursion_error":  "eine Regel ruft sich selbst auf",
	"rego_compile_error":    "die Regeln lassen sich nicht übersetzen",
}

// regoErrorDE names the first error OPA found in a Rego file of a policy
// that does not load, German, as ": richtlinie.rego, Zeile 281:
// Schreibfehler im Rego-Code (…)", or "". Before, the German heading was
// followed by OPA's English alone ("rego_parse_error: non-terminated
// expression").
func regoErrorDE(err string) string {
	m := regoErrorAt.FindStringSubmatch(err)
	if m == nil || regoErrorsDE[m[3]] == "" {
		return ""
	}
	return ": " + m[1] + ", Zeile " + m[2] + ": " + regoErrorsDE[m[3]]
}

// loadErrorDE is what a German heading says after "lässt sich nicht
// laden": a data.yaml that is no valid YAML (yamlSyntaxDE), else OPA's
// first Rego error (regoErrorDE), or "".
func loadErrorDE(dir string, err string) string {
	if dir != "" {
		if h := yamlSyntaxDE(dir); h != "" {
			return h
		}
	}
	if m := unknownTypeDE.FindAllString(err, -1); m != nil {
		return ": " + strings.Join(m, "; ") + "; ist es keine Datenart, etwa eine Gruppe, gehört es in data.yaml unter richtlinie." + policies.AllowListKey
	}
	return regoErrorDE(err)
}

// unknownTypeDE matches the German half of each line of a
// policies.UnknownTypeError ("Unbekannte Datenart „IBNA“ in richtlinie.rego
// Zeile 5 (Tippfehler für IBAN?)"), which loadErrorDE puts in the German
// heading: before, the DPO read it only after "/ the policy cannot be
// loaded:".
var unknownTypeDE = regexp.MustCompile(`Unbekannte Datenart „[^“]*“ in \S+ Zeile \d+ \([^)]*\)`)

// yamlSyntaxDE names the first YAML file of the policy in dir (data.yaml)
// that is no valid YAML, German first as config check names a line of the
// configuration (config.YAMLSyntaxDE: a tab, a stray indent, an unclosed
// bracket, with the line at fault), as ": data.yaml: Zeile 119: …", or "".
// Before, a misindented data.yaml was OPA's English alone, "yaml: line 118:
// did not find expected key", naming the line of the section above.
func yamlSyntaxDE(dir string) string {
	var out string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || out != "" {
			return fs.SkipAll
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // hidden files are not loaded
		}
		if ext := filepath.Ext(p); d.IsDir() || (ext != ".yaml" && ext != ".yml") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if e := config.YAMLSyntaxDE(b); e != nil {
			rel, _ := filepath.Rel(dir, p)
			de, _, _ := strings.Cut(e.Error(), " / ")
			out = ": " + rel + ": " + de
		}
		return nil
	})
	return out
}

// policyOpenError is the error of run and config check for the policy
// directory of key (policy.dir, policy.shadow_dir) that policies.Open
// refused, in German first as policy test says it: a directory that does
// not exist or holds no policy (policyDirMissing), tests that fail, or a
// policy that does not load; OPA's words (file:line, the failed tests)
// follow after " / ". Before, run stopped with OPA's English alone
// ("policy /etc/schleuse/richtlinie: 2 test(s) failed: …"), and the DPO
// who had edited the policy learnt of no policy test to run.
func policyOpenError(key, dir string, err error) error {
	if e := policyDirMissing(dir, err); e != nil {
		return fmt.Errorf("%s: %w", key, e)
	}
	if tf, ok := errors.AsType[*policies.TestsFailedError](err); ok {
		return fmt.Errorf("%s: %d Test(s) der Richtlinie in %s schlagen fehl (schleuse policy test %s zeigt sie mit FAIL oder ERROR und ihrer Zeile); so startet schleuse nicht, und ein Neuladen behält die bisherige Fassung: die Tests anpassen, die eine geänderte Entscheidung festhalten (docs/de/richtlinie.md, Abschnitt 6) / %d policy test(s) fail: %w",
			key, tf.Failed, dir, dir, tf.Failed, err)
	}
	return fmt.Errorf("%s: Die Richtlinie in %s lässt sich nicht laden%s (Fehler mit Datei:Zeile dahinter; schleuse policy test %s nennt denselben); so startet schleuse nicht, und ein Neuladen behält die bisherige Fassung / the policy cannot be loaded: %w",
		key, dir, loadErrorDE(dir, err.Error()), dir, err)
}

// policyDirMissing says in German first that dir does not exist or holds
// no .rego file, with the command that writes a policy there; nil for any
// other error. A relative dir is shown with the absolute path it was read
// as: run under systemd reads it from WorkingDirectory, not from where the
// file was written. policy test, eval and diff say it, and run and config
// check for policy.dir and policy.shadow_dir.
func policyDirMissing(dir string, err error) error {
	shown := dir
	if abs, aerr := filepath.Abs(dir); aerr == nil && abs != dir {
		shown = dir + " (" + abs + ")"
	}
	switch {
	case dir != "" && errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("Das Richtlinien-Verzeichnis %s gibt es nicht (Tippfehler, oder policy.dir in der Konfiguration?); die Standard-Richtlinie zum Bearbeiten legt schleuse policy init %s an / policy directory %s does not exist: %w", shown, dir, dir, err)
	case dir != "" && errors.Is(err, policies.ErrNoRego):
		return fmt.Errorf("In %s liegt keine Richtlinie (keine .rego-Datei; das falsche Verzeichnis?); die Standard-Richtlinie zum Bearbeiten legt schleuse policy init %s an / no policy in %s: %w", shown, dir, dir, err)
	}
	return nil
}

// readPolicyInput decodes a policy input strictly: a misspelt field
// ("finding"), finding type ("IBNA") or topic would otherwise be dropped or
// match no rule, and the decision shown would not be the one the proxy
// makes for what the DPO meant.
func readPolicyInput(b []byte) (*policies.Input, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var in policies.Input
	if err := dec.Decode(&in); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return nil, fmt.Errorf("unbekanntes Feld (Tippfehler?) / %w", err)
		}
		return nil, fmt.Errorf("kein JSON-Objekt in der Form der Eingabe / %w", err)
	}
	if dec.More() {
		return nil, errors.New("mehr als ein JSON-Wert / more than one JSON value")
	}
	types := detectors.AllTypes()
	check := func(field, typ string) error {
		if !slices.Contains(types, typ) {
			return fmt.Errorf("%s: unbekannte Datenart / unknown finding type %q (bekannt / known: %s)", field, typ, strings.Join(types, ", "))
		}
		return nil
	}
	for i, f := range in.Findings {
		if err := check(fmt.Sprintf("findings[%d].type", i), f.Type); err != nil {
			return nil, err
		}
		for _, k := range f.Fields {
			if !slices.Contains(policies.FieldKinds, k) {
				return nil, fmt.Errorf("findings[%d].fields: unbekannte Art von Feld / unknown field kind %q (bekannt / known: %s)", i, k, strings.Join(policies.FieldKinds, ", "))
			}
		}
	}
	for _, t := range slices.Sorted(maps.Keys(in.Counts)) {
		if err := check("counts", t); err != nil {
			return nil, err
		}
	}
	for _, t := range in.Topics {
		if !slices.Contains(detectors.AllTopics(), t) {
			return nil, fmt.Errorf("topics: unbekanntes Thema / unknown topic %q (bekannt / known: %s)", t, strings.Join(detectors.AllTopics(), ", "))
		}
	}
	for _, k := range in.Uninspected {
		if !slices.Contains(policies.UninspectedKinds, k) {
			return nil, fmt.Errorf("uninspected: unbekannte Art / unknown kind %q (bekannt / known: %s)", k, strings.Join(policies.UninspectedKinds, ", "))
		}
	}
	return &in, nil
}

// policyDir is the DIR argument or the --dir flag (one of them), else
// policy.dir of the config ("" = embedded default). test and eval take the
// directory the same two ways.
func policyDir(g *globals, args []string, flag string) (string, error) {
	switch {
	case len(args) > 0 && flag != "" && flag != args[0]:
		return "", fmt.Errorf("zwei Richtlinien-Verzeichnisse angegeben, %s und --dir %s: eines genügt / two policy directories: %s and --dir %s", args[0], flag, args[0], flag)
	case len(args) > 0:
		return args[0], nil
	case flag != "":
		return flag, nil
	}
	cfg, err := g.loadDE()
	if err != nil {
		return "", err
	}
	return cfg.Policy.Dir, nil
}
