package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/policies"
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
			var in policies.Input
			if err := json.Unmarshal(b, &in); err != nil {
				return fmt.Errorf("--input %s: %w", input, err)
			}
			eng, err := policies.Open(cmd.Context(), d)
			if err != nil {
				return err
			}
			dec, fired, err := eng.Explain(cmd.Context(), &in)
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
