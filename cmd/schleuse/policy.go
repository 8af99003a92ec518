package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

func newPolicyCmd(g *globals) *cobra.Command {
	p := &cobra.Command{Use: "policy", Short: "Write, test and evaluate the KI-Richtlinie (Rego)"}
	initCmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write the default KI-Richtlinie into DIR for the DPO to edit",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := policies.WriteDefault(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Richtlinie nach %s geschrieben. Test: schleuse policy test %s\n", args[0], args[0])
			return nil
		},
	}
	var verbose bool
	test := &cobra.Command{
		Use:   "test [DIR]",
		Short: "Run the policy's Rego unit tests (like `opa test DIR`)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := policyDir(g, args)
			if err != nil {
				return err
			}
			passed, failed, err := policies.Test(cmd.Context(), dir, cmd.OutOrStdout(), verbose)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d passed, %d failed\n", passed, failed)
			if failed > 0 {
				return exitCode{code: 1, msg: fmt.Sprintf("%d policy tests failed", failed)}
			}
			// How the proxy would run this policy: a DPO sees before the rollout whether an edit
			// leaves the compiled evaluator (the policy then works the same, only slower).
			eng, err := policies.Open(cmd.Context(), dir)
			if err != nil {
				return err
			}
			if ok, why := eng.Compiled(); ok {
				fmt.Fprintln(cmd.OutOrStdout(), "Auswertung im Betrieb: übersetzt (geprüft gegen OPA) / evaluation in the proxy: compiled (checked against OPA)")
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "Auswertung im Betrieb: OPA-Interpreter, etwa viermal langsamer / evaluation in the proxy: OPA's interpreter, about four times slower: %s\n", why)
			}
			return nil
		},
	}
	test.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every test")
	var input, dir string
	eval := &cobra.Command{
		Use:   "eval --input FILE",
		Short: "Evaluate the policy for an input and show the decision and the rules that fired",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d := dir
			if d == "" {
				var err error
				if d, err = policyDir(g, nil); err != nil {
					return err
				}
			}
			b, err := os.ReadFile(input)
			if err != nil {
				return err
			}
			in, err := readPolicyInput(b)
			if err != nil {
				return fmt.Errorf("--input %s: %w", input, err)
			}
			if id := in.Service.ID; id != "" {
				if cfg, err := g.load(); err == nil {
					if cat, err := proxy.NewCatalogue(cfg.Services); err == nil && !slices.ContainsFunc(cat.Services(), func(s proxy.Service) bool { return s.ID == id }) {
						fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: der Dienst %q steht nicht im Dienstkatalog des Proxys; so eine Anfrage käme im Betrieb nicht vor / note: service %q is not in the proxy's catalogue\n", id, id)
					}
				}
			}
			eng, err := policies.Open(cmd.Context(), d)
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
				out["error"] = err.Error()
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(out)
		},
	}
	eval.Flags().StringVar(&input, "input", "", "policy input as JSON (DESIGN.md schema)")
	eval.Flags().StringVar(&dir, "dir", "", "policy directory (default: policy.dir of the config, else the embedded default)")
	eval.MarkFlagRequired("input")
	p.AddCommand(initCmd, test, eval)
	return p
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
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	types := detectors.AllTypes()
	check := func(field, typ string) error {
		if !slices.Contains(types, typ) {
			return fmt.Errorf("%s: unknown finding type %q (known: %s)", field, typ, strings.Join(types, ", "))
		}
		return nil
	}
	for i, f := range in.Findings {
		if err := check(fmt.Sprintf("findings[%d].type", i), f.Type); err != nil {
			return nil, err
		}
	}
	for _, t := range slices.Sorted(maps.Keys(in.Counts)) {
		if err := check("counts", t); err != nil {
			return nil, err
		}
	}
	for _, t := range in.Topics {
		if !slices.Contains(detectors.AllTopics(), t) {
			return nil, fmt.Errorf("topics: unknown topic %q (known: %s)", t, strings.Join(detectors.AllTopics(), ", "))
		}
	}
	return &in, nil
}

// policyDir is the argument, else policy.dir of the config ("" = embedded default).
func policyDir(g *globals, args []string) (string, error) {
	if len(args) > 0 {
		return args[0], nil
	}
	cfg, err := g.load()
	if err != nil {
		return "", err
	}
	return cfg.Policy.Dir, nil
}
