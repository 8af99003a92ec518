package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

// newPolicyDiffCmd compares what two versions of the policy decide for the
// same inputs: every inspected service of the catalogue, every group the
// policies' data names and no group, and a set of cases (nothing found,
// each finding type alone, with a #freigabe justification, in an upload,
// each topic, each kind of uninspected content, many names). A DPO runs it
// before a rollout to see what an edit changes for staff.
func newPolicyDiffCmd(g *globals) *cobra.Command {
	var asJSON bool
	var extraGroups []string
	c := &cobra.Command{
		Use:   "diff [ALT] NEU",
		Short: "Show where two versions of the policy decide differently",
		Long: `Compares what two versions of the policy decide for the same inputs (every inspected service,
every group the policies' data names and none, a set of cases) and lists where the action, the
rules or the redacted classes differ. With one directory, the running policy (policy.dir of
--config, else the embedded one) is compared with NEU. Exit status 0: the same, 1: different.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			oldDir, newDir := "", args[len(args)-1]
			if len(args) == 2 {
				oldDir = args[0]
			} else {
				d, err := policyDir(g, nil, "")
				if err != nil {
					return err
				}
				oldDir = d
			}
			cfg, err := g.loadDE()
			if err != nil {
				return err
			}
			cat, err := proxy.NewCatalogue(cfg.Services)
			if err != nil {
				return err
			}
			var services []proxy.Service
			for _, s := range cat.Services() {
				if s.Mode == proxy.ModeInspect {
					services = append(services, s)
				}
			}
			ctx := cmd.Context()
			oldEng, oldGroups, err := openForDiff(ctx, oldDir, cmd.ErrOrStderr())
			if err != nil {
				return fmt.Errorf("ALT %s: %w", shownDir(oldDir), err)
			}
			newEng, newGroups, err := openForDiff(ctx, newDir, cmd.ErrOrStderr())
			if err != nil {
				return fmt.Errorf("NEU %s: %w", shownDir(newDir), err)
			}
			groups := append(append(append([]string{}, oldGroups...), newGroups...), extraGroups...)
			slices.Sort(groups)
			groups = slices.Compact(groups)
			diffs, n, err := diffPolicies(ctx, oldEng, newEng, services, groups)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(map[string]any{"old_revision": oldEng.Revision(), "new_revision": newEng.Revision(), "inputs": n, "differences": diffs}); err != nil {
					return err
				}
			} else {
				printPolicyDiff(cmd.OutOrStdout(), oldDir, newDir, oldEng.Revision(), newEng.Revision(), diffs, n, len(services), groups)
			}
			if len(diffs) > 0 {
				return exitCode{code: 1}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "every differing input with both decisions as JSON")
	c.Flags().StringSliceVar(&extraGroups, "groups", nil, "more groups the policy names in its Rego code")
	return c
}

func shownDir(dir string) string {
	if dir == "" {
		return "(eingebaute Richtlinie / embedded policy)"
	}
	return dir
}

// openForDiff opens the policy in dir ("" the embedded one) and returns the
// group names its data files name (the keys of a "groups" or "gruppen"
// mapping anywhere in them).
func openForDiff(ctx context.Context, dir string, w io.Writer) (*policies.Engine, []string, error) {
	eng, err := openDraft(ctx, dir, w)
	if err != nil {
		return nil, nil, err
	}
	src := dir
	if src == "" {
		tmp, err := os.MkdirTemp("", "schleuse-policy-")
		if err != nil {
			return nil, nil, err
		}
		defer os.RemoveAll(tmp)
		if err := policies.WriteDefault(tmp); err != nil {
			return nil, nil, err
		}
		src = tmp
	}
	var groups []string
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".json")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var doc yaml.Node // JSON is YAML
		if yaml.Unmarshal(b, &doc) == nil {
			groups = append(groups, groupKeys(&doc)...)
		}
		return nil
	})
	return eng, groups, err
}

// groupKeys returns the keys of every mapping under a "groups" or "gruppen"
// key in n.
func groupKeys(n *yaml.Node) []string {
	var out []string
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 1 {
			if k := n.Content[i-1].Value; (k == "groups" || k == "gruppen") && c.Kind == yaml.MappingNode {
				for j := 0; j < len(c.Content); j += 2 {
					out = append(out, c.Content[j].Value)
				}
			}
		}
		out = append(out, groupKeys(c)...)
	}
	return out
}

// diffCase is one kind of request the comparison asks both policies about.
type diffCase struct {
	label string // German, as the DPO reads it
	set   func(in *policies.Input)
}

// diffCases are the requests compared for each service and group.
func diffCases() []diffCase {
	names := func(t string) string { return proxy.TypeNameDE(t) + " (" + t + ")" }
	finding := func(in *policies.Input, typ string, n int, field string) {
		in.Findings = append(in.Findings, policies.FindingSummary{Type: typ, Count: n, MaxScore: 0.9, Fields: []string{field}})
		in.Counts[typ] += n
	}
	cases := []diffCase{{"nichts gefunden", func(*policies.Input) {}}}
	for _, t := range detectors.AllTypes() {
		cases = append(cases,
			diffCase{names(t), func(in *policies.Input) { finding(in, t, 1, "user") }},
			diffCase{names(t) + " mit #freigabe", func(in *policies.Input) {
				finding(in, t, 1, "user")
				in.Justification = "Dienstlich erforderlich für den Bescheid"
			}},
			diffCase{names(t) + " in einer hochgeladenen Datei", func(in *policies.Input) {
				finding(in, t, 1, "file")
				in.Request.Kind = "upload"
			}})
	}
	for _, topic := range detectors.AllTopics() {
		cases = append(cases,
			diffCase{"Thema " + topic, func(in *policies.Input) { in.Topics = []string{topic} }},
			diffCase{"Thema " + topic + " mit einem Namen", func(in *policies.Input) {
				in.Topics = []string{topic}
				finding(in, "PERSON", 1, "user")
			}})
	}
	for _, k := range policies.UninspectedKinds {
		cases = append(cases, diffCase{"ungeprüft: " + k, func(in *policies.Input) { in.Uninspected = []string{k} }})
	}
	cases = append(cases, diffCase{"60 Namen", func(in *policies.Input) { finding(in, "PERSON", 60, "user") }})
	return cases
}

// policyDiff is one case in which the two policies decide differently,
// for the services and the group named.
type policyDiff struct {
	Case     string            `json:"case"`
	Group    string            `json:"group"` // "" no group
	Services []string          `json:"services"`
	Old      policies.Decision `json:"old"`
	New      policies.Decision `json:"new"`
}

// decisionKey is what the comparison compares: the action, the rules that
// fired and the classes redacted with their operators.
func decisionKey(d policies.Decision) string {
	var rules []string
	for _, r := range d.Reasons {
		rules = append(rules, r.Rule)
	}
	slices.Sort(rules)
	redact := slices.Clone(d.Redact)
	slices.Sort(redact)
	var ops []string
	for t, o := range d.Operators {
		if slices.Contains(redact, t) {
			ops = append(ops, t+"="+o)
		}
	}
	slices.Sort(ops)
	return d.Action + " " + strings.Join(rules, ",") + " " + strings.Join(redact, ",") + " " + strings.Join(ops, ",")
}

// diffPolicies asks both policies about every case for every service and
// group ("" no group first) and returns the differences, those of one case,
// group and pair of decisions merged over the services; n is the number of
// inputs. An evaluation that fails (a runtime error of the policy, its
// bound, a cancelled ctx) is an error naming the case, not a difference:
// its fail-closed block is not what the policy decides.
func diffPolicies(ctx context.Context, oldEng, newEng *policies.Engine, services []proxy.Service, groups []string) ([]policyDiff, int, error) {
	var diffs []policyDiff
	n := 0
	for _, c := range diffCases() {
		for _, group := range append([]string{""}, groups...) {
			start := len(diffs)
			for _, s := range services {
				host := ""
				if len(s.Hosts) > 0 {
					host = strings.TrimPrefix(s.Hosts[0], "*.")
				}
				in := &policies.Input{
					Service:     policies.Service{ID: s.ID, Name: s.Title(), Provider: s.Provider, Host: host},
					Request:     policies.Request{Method: "POST", Path: "/", Kind: "chat", Bytes: 2048},
					User:        policies.User{ID: "u-vergleich", Groups: []string{}, Authenticated: true},
					Findings:    []policies.FindingSummary{},
					Counts:      map[string]int{},
					Topics:      []string{},
					Time:        "2026-01-14T10:00:00Z", // a Wednesday morning
					Uninspected: []string{},
				}
				if group != "" {
					in.User.Groups = []string{group}
				}
				c.set(in)
				n++
				od, nd := oldEng.Decide(ctx, in), newEng.Decide(ctx, in)
				for _, d := range []struct {
					name string
					dec  policies.Decision
				}{{"ALT", od}, {"NEU", nd}} {
					if d.dec.Failed {
						return nil, 0, fmt.Errorf("%s: die Auswertung schlug fehl (%s, Gruppe %q, %s) / the evaluation failed: %w", d.name, c.label, group, s.ID, d.dec.Err)
					}
				}
				ok, nk := decisionKey(od), decisionKey(nd)
				if ok == nk {
					continue
				}
				i := slices.IndexFunc(diffs[start:], func(d policyDiff) bool { return decisionKey(d.Old) == ok && decisionKey(d.New) == nk })
				if i < 0 {
					diffs = append(diffs, policyDiff{Case: c.label, Group: group, Old: od, New: nd})
					i = len(diffs) - 1 - start
				}
				diffs[start+i].Services = append(diffs[start+i].Services, s.ID)
			}
		}
	}
	return diffs, n, nil
}

// decisionText is a decision in a line: the action, its rules and what it
// redacts.
func decisionText(d policies.Decision) string {
	var rules []string
	for _, r := range d.Reasons {
		rules = append(rules, r.Rule)
	}
	s := d.Action
	if len(d.Redact) > 0 {
		s += " " + strings.Join(d.Redact, ",")
	}
	if len(rules) > 0 {
		s += " (" + strings.Join(rules, ", ") + ")"
	}
	return s
}

func printPolicyDiff(w io.Writer, oldDir, newDir, oldRev, newRev string, diffs []policyDiff, n, nServices int, groups []string) {
	fmt.Fprintf(w, "Richtlinie ALT: %s (Revision %s)\nRichtlinie NEU: %s (Revision %s)\n", shownDir(oldDir), oldRev, shownDir(newDir), newRev)
	fmt.Fprintf(w, "%d Eingaben verglichen (%d geprüfte Dienste × %d Gruppen × %d Fälle) / %d inputs compared.\n", n, nServices, len(groups)+1, len(diffCases()), n)
	if len(diffs) == 0 {
		fmt.Fprintln(w, "Keine Unterschiede: beide Fassungen entscheiden gleich / no differences.")
		return
	}
	fmt.Fprintf(w, "%d Unterschiede / differences:\n\n", len(diffs))
	for _, d := range diffs {
		group := "ohne Gruppe"
		if d.Group != "" {
			group = "Gruppe " + d.Group
		}
		services := strings.Join(d.Services, ", ")
		if len(d.Services) == nServices {
			services = fmt.Sprintf("alle %d Dienste", nServices)
		}
		fmt.Fprintf(w, "- %s, %s, %s:\n    ALT %s\n    NEU %s\n", d.Case, group, services, decisionText(d.Old), decisionText(d.New))
	}
}
