package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/pseudonym"
)

// The documents whose examples staff copy: the DPO's guide (Rego, JSON,
// data.yaml) and IT's (configuration, shell lines). TestDocsExamples checks
// every fenced block in them by its kind, so that a renamed configuration
// key, a changed policy input field or a removed flag fails here instead of
// leaving a document that lies.
var docFiles = []string{
	"README.md",
	"docs/de/richtlinie.md",
	"docs/operations.md",
	"docs/audit.md",
	"docs/pseudonyms.md",
	"deploy/README.md",
	// besides the brief's: what the DPO and the internal audit read, and
	// the other documents with examples (not benchmarks-history.md: it
	// tells what earlier versions did, with their flags)
	"docs/de/datenschutz.md",
	"docs/de/revision.md",
	"docs/providers.md",
	"docs/security.md",
	"docs/detection.md",
	"docs/e2e.md",
	"docs/benchmarks.md",
	"SECURITY.md",
}

type docBlock struct {
	file string
	line int    // of the opening fence
	lang string // the info string's first word; "" untagged
	text string // dedented by the fence's indentation
}

func (b docBlock) String() string { return fmt.Sprintf("%s:%d (```%s)", b.file, b.line, b.lang) }

var fenceRE = regexp.MustCompile("^([ \t]*)(```+)[ \t]*([^ \t`]*)")

// docBlocks returns the fenced code blocks of the Markdown file at path
// (relative to the repository root).
func docBlocks(t *testing.T, name string) []docBlock {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []docBlock
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, fence := m[1], m[2]
		blk := docBlock{file: name, line: i + 1, lang: m[3]}
		var body []string
		closed := false
		for i++; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == fence {
				closed = true
				break
			}
			body = append(body, strings.TrimPrefix(lines[i], indent))
		}
		if !closed {
			t.Fatalf("%s: fence not closed", blk)
		}
		blk.text = strings.Join(body, "\n") + "\n"
		blocks = append(blocks, blk)
	}
	return blocks
}

// TestDocsExamples extracts the fenced blocks of docFiles and checks each
// by its kind; a block no rule names fails the test. It logs (-v) how many
// blocks each rule checked or skipped.
//
// Checked:
//   - ```yaml configuration (its first key is a key of config.Config):
//     decoded strictly over the defaults and validated as `config check`
//     does (config.Check), then the files it refers to checked as config
//     check does (checkReferenced), where the only error allowed is a file
//     the example names that does not exist on this machine
//     (/etc/schleuse/…: its content cannot be made up here);
//   - ```yaml indented (docs/de/richtlinie.md): a fragment of data.yaml
//     under "richtlinie:", as the guide says; merged into the default
//     data.yaml (every key must be one the default has, or a new entry of
//     a table such as register or groups with keys its siblings have), and
//     the default policy's tests must pass with it; when the next block
//     is output of policy diff (```text "- case:" with ALT and NEU), the
//     default and the edited policy are compared and the output must hold
//     it;
//   - ```rego: test rules as the guide says to write them, appended to the
//     default richtlinie_test.rego (they use its helpers); the policy must
//     load and each test in the block pass;
//   - ```json with "service": a policy input, read as `policy eval --input`
//     reads it (an unknown field, type or topic fails) and evaluated by it;
//   - ```json with "action": a decision, decoded strictly into the output
//     contract (action, redact, operators, reasons with rule and message);
//   - ```sh: each command that runs schleuse (also ./bin/schleuse,
//     /usr/local/bin/schleuse.neu, after sudo -u USER) must name an existing
//     command and only its flags, with arguments its Args accept (cobra's
//     lookup and flag parsing, nothing is run); each `make` target must be
//     in the Makefile. Other commands (curl, install, systemctl …) are
//     counted and not checked: they are not schleuse's;
//   - ```yaml whose first line is a comment saying "mit Fehlern": a
//     configuration with errors, whose next block (```text) is the output
//     of config check; config check must say exactly that;
//   - ```go: the integrators' sketch (docs/pseudonyms.md): its lines but
//     the elision "..." as the body of a function whose parameters are the
//     sketch's free variables (goSketchFree), type-checked against the
//     compiled packages (go list -export); unused variables and imports
//     are allowed, a sketch stops before their use;
//   - ```text whose lines begin "schleuse ": the command synopsis; each
//     command it names exists and each --flag on the line is one of the
//     named command's, and every command of the CLI is in it.
//
// Skipped, each by a named rule (they cannot be checked sensibly here):
//   - ```yaml whose first key is scrape_configs: Prometheus' configuration;
//   - ```text otherwise (but the output after a file "mit Fehlern"): output samples, a prompt line and format
//     specifications, which are prose in a fixed font;
//   - ```bat: Windows commands (setspn, ktpass) for the domain controller;
//   - ```ini: systemd unit lines (environment variables of OpenTelemetry);
//   - ```sql: PostgreSQL grants, which need a server;
func TestDocsExamples(t *testing.T) {
	counts := map[string]int{}
	var names []string
	count := func(rule string) {
		if counts[rule] == 0 {
			names = append(names, rule)
		}
		counts[rule]++
	}
	for _, f := range docFiles {
		blocks := docBlocks(t, f)
		for i, b := range blocks {
			t.Run(fmt.Sprintf("%s:%d", f, b.line), func(t *testing.T) {
				var prev, next docBlock
				if i > 0 {
					prev = blocks[i-1]
				}
				if i+1 < len(blocks) {
					next = blocks[i+1]
				}
				count(checkDocBlock(t, b, prev, next, count))
			})
		}
	}
	for _, n := range names {
		t.Logf("%3d %s", counts[n], n)
	}
}

// checkDocBlock checks b and returns the name of the rule that did.
// prev and next are the blocks before and after it in its file.
func checkDocBlock(t *testing.T, b, prev, next docBlock, count func(string)) string {
	switch b.lang {
	case "yaml":
		first := firstYAMLLine(b.text)
		key, _, _ := strings.Cut(strings.TrimSpace(first), ":")
		switch {
		case brokenConfig(b):
			checkBrokenConfig(t, b, next)
			return "yaml: configuration \"mit Fehlern\" (config check gives the output shown below it)"
		case strings.HasPrefix(first, " ") && b.file == "docs/de/richtlinie.md":
			dir := checkDataFragment(t, b)
			if policyDiffOutput(next) {
				checkPolicyDiff(t, dir, next)
				return "yaml: data.yaml fragment, then its policy diff output (compared)"
			}
			return "yaml: data.yaml fragment under richtlinie: (merged, default policy tests pass)"
		case slices.Contains(configKeys(), key):
			checkConfigFragment(t, b)
			return "yaml: configuration (strict decode, validate, referenced files)"
		case key == "scrape_configs":
			return "yaml: Prometheus scrape configuration (skipped: not schleuse's)"
		}
		t.Errorf("%s: no rule for a YAML block whose first key is %q", b, key)
		return "unclassified"
	case "rego":
		switch {
		case !regoTestRE.MatchString(b.text):
			checkRegoRule(t, b, prev, next)
			return "rego: a rule of the DPO's own, with its message (the data.yaml fragment above) and its tests (the block below: they fail without it, pass with it)"
		case prev.lang == "rego" && !regoTestRE.MatchString(prev.text):
			return "rego: tests of the rule above (checked with it)"
		}
		checkRegoTests(t, b)
		return "rego: tests appended to the default richtlinie_test.rego (pass)"
	case "json":
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(b.text), &m); err != nil {
			t.Errorf("%s: not a JSON object: %v", b, err)
			return "unclassified"
		}
		switch {
		case m["service"] != nil:
			checkPolicyInput(t, b)
			return "json: policy input (policy eval --input)"
		case m["action"] != nil:
			checkDecisionJSON(t, b)
			return "json: policy decision (output contract)"
		}
		t.Errorf("%s: no rule for a JSON block that is neither an input nor a decision", b)
		return "unclassified"
	case "sh":
		for _, cmd := range shellCommands(b.text) {
			count("sh command: " + checkShellCommand(t, b, cmd))
		}
		return "sh: block (its commands counted by kind)"
	case "text":
		switch {
		case brokenConfig(prev):
			return "text: config check output (compared with its file above)"
		case policyDiffOutput(b) && prev.lang == "yaml":
			return "text: policy diff output (compared with the edit above)"
		case strings.HasPrefix(b.text, "schleuse "):
			checkSynopsis(t, b)
			return "text: command synopsis (commands and flags exist)"
		}
		return "text: output sample, prompt line or format (skipped: prose)"
	case "bat":
		return "bat: Windows commands (skipped: not schleuse's)"
	case "ini":
		return "ini: systemd unit lines (skipped: not schleuse's)"
	case "sql":
		return "sql: PostgreSQL grants (skipped: needs a server)"
	case "go":
		checkGoSketch(t, b)
		return "go: API sketch (type-checked against the packages)"
	}
	t.Errorf("%s: no rule for a block tagged %q: tag it (text for output) or add a rule to TestDocsExamples", b, b.lang)
	return "unclassified"
}

func firstYAMLLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if s := strings.TrimSpace(l); s != "" && !strings.HasPrefix(s, "#") {
			return l
		}
	}
	return ""
}

// brokenConfig reports whether b is a configuration file shown with its
// errors: its first line is a comment that says "mit Fehlern", and the
// block after it is what config check says about it.
func brokenConfig(b docBlock) bool {
	first, _, _ := strings.Cut(b.text, "\n")
	return b.lang == "yaml" && strings.HasPrefix(first, "#") && strings.Contains(first, "mit Fehlern")
}

// checkBrokenConfig runs config check on b (its state_dir a temporary
// one, on the same line) and compares the errors with the block next,
// the file's name as the example has it (the path in its first line).
func checkBrokenConfig(t *testing.T, b, next docBlock) {
	if next.lang != "text" || !strings.HasPrefix(next.text, "schleuse: ") {
		t.Fatalf("%s: a configuration \"mit Fehlern\" is followed by the output of config check (```text), not %s", b, next)
	}
	first, _, _ := strings.Cut(b.text, "\n")
	name := strings.Trim(strings.Fields(strings.TrimPrefix(first, "#"))[0], ",")
	dir := t.TempDir()
	p := filepath.Join(dir, "schleuse.yaml")
	body := regexp.MustCompile(`(?m)^state_dir: .*$`).ReplaceAllLiteralString(b.text, "state_dir: "+filepath.Join(dir, "state"))
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := runCLI(t, "", "config", "check", p)
	if err == nil {
		t.Fatalf("%s: config check says ok", b)
	}
	got := "schleuse: " + strings.ReplaceAll(err.Error(), p, name) + "\n"
	if got != next.text {
		t.Errorf("%s: config check says\n%s\nthe document (%s) says\n%s", b, got, next, next.text)
	}
}

// configKeys are the top-level keys of the configuration file.
func configKeys() []string {
	var keys []string
	typ := reflect.TypeFor[config.Config]()
	for i := range typ.NumField() {
		if k, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

// checkConfigFragment decodes the block as a configuration file (over the
// defaults, unknown keys fail) and checks it as config check does. Files it
// names are allowed to be missing: the example's /etc/schleuse/… are not
// on this machine.
func checkConfigFragment(t *testing.T, b docBlock) {
	dir := t.TempDir()
	p := filepath.Join(dir, "schleuse.yaml")
	body := b.text
	if !strings.Contains(body, "state_dir:") {
		body = "state_dir: " + filepath.Join(dir, "state") + "\n" + body
	}
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, errs := config.Check(p)
	for _, err := range errs {
		t.Errorf("%s: %v", b, err)
	}
	if cfg == nil {
		return
	}
	for _, err := range checkReferenced(context.Background(), cfg) {
		if missingDocFile(err, b.text) {
			t.Logf("%s: allowed, a file of the example that is not here: %v", b, err)
			continue
		}
		t.Errorf("%s: %v", b, err)
	}
}

var absPathRE = regexp.MustCompile(`/(etc|var|srv)/[^\s"']+`)

// missingDocFile reports whether err is about a file the example names
// (an absolute path in text) that does not exist here.
func missingDocFile(err error, text string) bool {
	msg := err.Error()
	for _, p := range absPathRE.FindAllString(text, -1) {
		if strings.Contains(msg, p) && (errors.Is(err, fs.ErrNotExist) || strings.Contains(msg, "no such file") || strings.Contains(msg, "does not exist")) {
			return true
		}
	}
	return false
}

// checkDataFragment merges the block into the default data.yaml under
// richtlinie: and runs the default policy's tests with it.
// It returns the directory of the policy with the fragment.
func checkDataFragment(t *testing.T, b docBlock) string {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	dataPath := filepath.Join(dir, "data.yaml")
	raw, err := os.ReadFile(dataPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var frag yaml.Node
	if err := yaml.Unmarshal([]byte(b.text), &frag); err != nil {
		t.Fatalf("%s: not YAML: %v", b, err)
	}
	rl := mapValue(doc.Content[0], "richtlinie")
	if rl == nil {
		t.Fatal("default data.yaml has no richtlinie:")
	}
	if err := mergeYAML(rl, frag.Content[0], "richtlinie"); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dataPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	passed, failed, err := policies.Test(context.Background(), dir, &log, false)
	if err != nil || failed > 0 || passed == 0 {
		t.Errorf("%s: default policy with the fragment: %d passed, %d failed, %v\n%s", b, passed, failed, err, log.String())
	}
	return dir
}

// policyDiffOutput reports whether b shows cases of policy diff's output
// ("- case …:" and the decisions ALT and NEU below).
func policyDiffOutput(b docBlock) bool {
	return b.lang == "text" && strings.HasPrefix(b.text, "- ") && strings.Contains(b.text, "\n    ALT ")
}

// checkPolicyDiff compares the default policy with the one in dir as
// policy diff does: its output must hold the cases of the block out.
func checkPolicyDiff(t *testing.T, dir string, out docBlock) {
	old := filepath.Join(t.TempDir(), "alt")
	if err := policies.WriteDefault(old); err != nil {
		t.Fatal(err)
	}
	got, err := runCLI(t, "", "policy", "diff", old, dir)
	var ec exitCode
	if !errors.As(err, &ec) || ec.code != 1 {
		t.Errorf("%s: policy diff: want exit status 1 (differences), got %v\n%s", out, err, got)
	}
	if !strings.Contains(got, "\n"+out.text) {
		t.Errorf("%s: policy diff does not say what the document shows:\n%s", out, got)
	}
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// mergeYAML merges src into dst. A key dst does not have is an error,
// unless dst is a table (every value a mapping, as register and groups):
// then src's entry is new, and its keys must be ones the other entries use.
func mergeYAML(dst, src *yaml.Node, at string) error {
	if src.Kind != yaml.MappingNode || dst.Kind != yaml.MappingNode {
		*dst = *src
		return nil
	}
	for i := 0; i+1 < len(src.Content); i += 2 {
		k, v := src.Content[i], src.Content[i+1]
		if d := mapValue(dst, k.Value); d != nil {
			if err := mergeYAML(d, v, at+"."+k.Value); err != nil {
				return err
			}
			continue
		}
		known := map[string]bool{}
		table := len(dst.Content) > 0
		for j := 1; j < len(dst.Content); j += 2 {
			e := dst.Content[j]
			if e.Kind != yaml.MappingNode {
				table = false
				break
			}
			for n := 0; n < len(e.Content); n += 2 {
				known[e.Content[n].Value] = true
			}
		}
		if !table {
			return fmt.Errorf("%s has no key %q", at, k.Value)
		}
		for n := 0; v.Kind == yaml.MappingNode && n < len(v.Content); n += 2 {
			if !known[v.Content[n].Value] {
				return fmt.Errorf("%s.%s: key %q is in no other entry of %s", at, k.Value, v.Content[n].Value, at)
			}
		}
		dst.Content = append(dst.Content, k, v)
	}
	return nil
}

var regoTestRE = regexp.MustCompile(`(?m)^(test_\w+)`)

// checkRegoTests appends the block to the default richtlinie_test.rego, as
// the guide tells the DPO to write tests, and runs the policy's tests: each
// test of the block must pass.
func checkRegoTests(t *testing.T, b docBlock) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "richtlinie_test.rego")
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n" + b.text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	tests := regoTestRE.FindAllStringSubmatch(b.text, -1)
	if len(tests) == 0 {
		t.Errorf("%s: no test_ rule in the block", b)
	}
	var log bytes.Buffer
	_, failed, err := policies.Test(context.Background(), dir, &log, true)
	if err != nil || failed > 0 {
		t.Errorf("%s: %d failed, %v\n%s", b, failed, err, log.String())
	}
	for _, m := range tests {
		if !regexp.MustCompile(`(?m)` + m[1] + `\b.*PASS`).MatchString(log.String()) {
			t.Errorf("%s: %s did not pass:\n%s", b, m[1], log.String())
		}
	}
}

// checkRegoRule checks a rule the guide shows to add to richtlinie.rego
// (a block without test_ rules): the block before it is its message, a
// data.yaml fragment, and the block after it its tests. With the default
// policy, the message and the tests, the tests fail (they test the rule);
// with the rule appended to richtlinie.rego, every test passes.
func checkRegoRule(t *testing.T, b, prev, next docBlock) {
	if prev.lang != "yaml" || next.lang != "rego" || !regoTestRE.MatchString(next.text) {
		t.Fatalf("%s: a rule is shown between its message (```yaml, under messages) and its tests (```rego with test_), not %s and %s", b, prev, next)
	}
	dir := checkDataFragment(t, prev)
	appendFile := func(name, text string) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("\n" + text); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	appendFile("richtlinie_test.rego", next.text)
	tests := regoTestRE.FindAllStringSubmatch(next.text, -1)
	var log bytes.Buffer
	if _, failed, err := policies.Test(context.Background(), dir, &log, true); err != nil || failed != len(tests) {
		t.Errorf("%s: without the rule, %d of the %d tests below fail (%v), want all: they do not test it\n%s", b, failed, len(tests), err, log.String())
	}
	appendFile("richtlinie.rego", b.text)
	log.Reset()
	if _, failed, err := policies.Test(context.Background(), dir, &log, true); err != nil || failed > 0 {
		t.Errorf("%s: with the rule: %d failed, %v\n%s", b, failed, err, log.String())
	}
}

// checkPolicyInput reads the block as policy eval --input does and
// evaluates it with the default policy.
func checkPolicyInput(t *testing.T, b docBlock) {
	if _, err := readPolicyInput([]byte(b.text)); err != nil {
		t.Errorf("%s: not a policy input: %v", b, err)
		return
	}
	p := filepath.Join(t.TempDir(), "input.json")
	if err := os.WriteFile(p, []byte(b.text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "", "policy", "eval", "--input", p)
	if err != nil {
		t.Errorf("%s: policy eval: %v\n%s", b, err, out)
		return
	}
	var res struct {
		Decision policies.Decision `json:"decision"`
		Error    string            `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Error != "" || res.Decision.Failed {
		t.Errorf("%s: policy eval: %v %s\n%s", b, err, res.Error, out)
	}
}

// checkDecisionJSON decodes the block strictly as a decision of the
// output contract (docs/de/richtlinie.md §2).
func checkDecisionJSON(t *testing.T, b docBlock) {
	var d struct {
		Action    string            `json:"action"`
		Redact    []string          `json:"redact"`
		Operators map[string]string `json:"operators"`
		Reasons   []struct {
			Rule      string `json:"rule"`
			Message   string `json:"message"`
			MessageEN string `json:"message_en"`
		} `json:"reasons"`
	}
	dec := json.NewDecoder(strings.NewReader(b.text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Errorf("%s: %v", b, err)
		return
	}
	if !slices.Contains([]string{policies.ActionAllow, policies.ActionRedact, policies.ActionWarn, policies.ActionBlock}, d.Action) {
		t.Errorf("%s: unknown action %q", b, d.Action)
	}
	if d.Action == policies.ActionRedact && len(d.Redact) == 0 {
		t.Errorf("%s: redact without types", b)
	}
	types := detectors.AllTypes()
	for _, typ := range d.Redact {
		if !slices.Contains(types, typ) {
			t.Errorf("%s: unknown type %q", b, typ)
		}
	}
	for typ, op := range d.Operators {
		if !slices.Contains(types, typ) || !slices.Contains([]string{pseudonym.OpPseudonym, pseudonym.OpMask, pseudonym.OpLabel, pseudonym.OpRemove}, op) {
			t.Errorf("%s: operator %q for %q", b, op, typ)
		}
	}
	if len(d.Reasons) == 0 {
		t.Errorf("%s: no reasons", b)
	}
	for _, r := range d.Reasons {
		if !strings.HasPrefix(r.Rule, "KI-RL-") || r.Message == "" {
			t.Errorf("%s: reason %+v", b, r)
		}
	}
}

// shellCommands splits a shell block into commands, each its words:
// continuation lines are joined, comments dropped, and lists and pipes
// (&&, ||, |, ;) split; redirections are dropped with their target. Quotes
// are removed without expanding what is inside.
func shellCommands(text string) [][]string {
	text = strings.ReplaceAll(text, "\\\n", " ")
	var cmds [][]string
	for _, line := range strings.Split(text, "\n") {
		var words []string
		var w strings.Builder
		inWord, skipNext := false, false
		flush := func() {
			if inWord {
				if skipNext {
					skipNext = false
				} else {
					words = append(words, w.String())
				}
			}
			w.Reset()
			inWord = false
		}
		end := func() {
			flush()
			if len(words) > 0 {
				cmds = append(cmds, words)
			}
			words = nil
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case c == '\'' || c == '"':
				j := strings.IndexByte(line[i+1:], c)
				if j < 0 {
					j = len(line) - i - 1
				}
				w.WriteString(line[i+1 : i+1+j])
				inWord = true
				i += j + 1
			case c == '\\' && i+1 < len(line):
				w.WriteByte(line[i+1])
				inWord = true
				i++
			case c == '#' && !inWord:
				i = len(line)
			case c == ' ' || c == '\t':
				flush()
			case c == '&' || c == '|' || c == ';':
				if c == '&' && w.Len() > 0 && strings.HasSuffix(w.String(), ">") {
					w.WriteByte(c) // 2>&1
					continue
				}
				end()
				if i+1 < len(line) && (line[i+1] == '&' || line[i+1] == '|') {
					i++
				}
			case c == '>' || c == '<':
				if inWord && strings.Trim(w.String(), "0123456789") == "" {
					w.Reset() // 2>
					inWord = false
				}
				flush()
				for i+1 < len(line) && (line[i+1] == '>' || line[i+1] == '&') {
					i++
				}
				if i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9' {
					i++ // >&1
					continue
				}
				skipNext = true
			default:
				w.WriteByte(c)
				inWord = true
			}
		}
		end()
	}
	return cmds
}

var schleuseBinRE = regexp.MustCompile(`^schleuse(\.\w+)?$`)

// goSketchFree are the variables the Go sketches use without declaring
// them, with the types the prose gives them, and the packages they may use.
const goSketchFree = `package sketch

import (
	"net/http"
	"time"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/pseudonym"
)

func _(user, serviceID, op, value string, finding detectors.Finding, resp *http.Response) {
	_ = time.Second
	_ = pseudonym.OpPseudonym
`

// checkGoSketch type-checks a Go sketch as the body of a function (see
// goSketchFree) with the export data of the packages it imports.
func checkGoSketch(t *testing.T, b docBlock) {
	var body []string
	for _, l := range strings.Split(b.text, "\n") {
		if strings.TrimSpace(l) != "..." {
			body = append(body, l)
		}
	}
	src := goSketchFree + strings.Join(body, "\n") + "\n}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "sketch.go", src, 0)
	if err != nil {
		t.Fatalf("%s: %v\n%s", b, err, src)
	}
	var paths []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		paths = append(paths, p)
	}
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}"}, paths...)...)
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, e, ok := strings.Cut(l, " "); ok && e != "" {
			exports[p] = e
		}
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		e, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(e)
	})
	conf := types.Config{Importer: imp, Error: func(err error) {
		if te, ok := err.(types.Error); ok && te.Soft {
			return // declared and not used: the sketch stops before the use
		}
		t.Errorf("%s: %v", b, err)
	}}
	conf.Check("sketch", fset, []*ast.File{f}, nil)
}

// checkShellCommand checks one command of a shell block and returns its kind.
func checkShellCommand(t *testing.T, b docBlock, words []string) string {
	for len(words) > 0 && strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") {
		words = words[1:] // VAR=value
	}
	if len(words) > 0 && words[0] == "sudo" {
		words = words[1:]
		for len(words) > 0 && strings.HasPrefix(words[0], "-") {
			if words[0] == "-u" || words[0] == "-g" {
				words = words[1:]
			}
			words = words[1:]
		}
	}
	if len(words) == 0 {
		return "variable assignment (skipped)"
	}
	switch {
	case schleuseBinRE.MatchString(path.Base(words[0])):
		checkSchleuseArgs(t, b, words[1:])
		return "schleuse (command, flags and arguments exist)"
	case words[0] == "make":
		targets := makeTargets(t)
		for _, a := range words[1:] {
			if !strings.HasPrefix(a, "-") && !strings.Contains(a, "=") && !slices.Contains(targets, a) {
				t.Errorf("%s: make %s: no such target in the Makefile (%s)", b, a, strings.Join(targets, ", "))
			}
		}
		return "make (targets exist)"
	}
	return "other program (skipped: not schleuse's)"
}

// checkSchleuseArgs looks args up as cobra would run them, without running.
func checkSchleuseArgs(t *testing.T, b docBlock, args []string) {
	line := "schleuse " + strings.Join(args, " ")
	root := newRoot()
	c, rest, err := root.Find(args)
	if err != nil {
		t.Errorf("%s: %s: %v", b, line, err)
		return
	}
	if c == root || c.HasAvailableSubCommands() {
		t.Errorf("%s: %s: names no command (%q)", b, line, c.CommandPath())
		return
	}
	c.InitDefaultHelpFlag() // as Execute does
	if err := c.ParseFlags(rest); err != nil {
		t.Errorf("%s: %s: %v", b, line, err)
		return
	}
	if err := c.ValidateArgs(c.Flags().Args()); err != nil {
		t.Errorf("%s: %s: %v", b, line, err)
	}
	if err := c.ValidateRequiredFlags(); err != nil {
		t.Errorf("%s: %s: %v", b, line, err)
	}
}

var makeTargetRE = regexp.MustCompile(`(?m)^([A-Za-z0-9_.-]+):`)

func makeTargets(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	var ts []string
	for _, m := range makeTargetRE.FindAllStringSubmatch(string(b), -1) {
		ts = append(ts, m[1])
	}
	return ts
}

var synopsisFlagRE = regexp.MustCompile(`--[a-z][a-z-]*`)

// checkSynopsis checks the README's command synopsis: each line names a
// command of the CLI (with subcommands separated by |), every --flag on it
// belongs to the command or one of the subcommands it names, and every
// command of the CLI is on some line.
func checkSynopsis(t *testing.T, b docBlock) {
	root := newRoot()
	named := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(b.text), "\n") {
		words := strings.Fields(strings.NewReplacer("|", " ", "[", " ", "]", " ").Replace(line))
		if len(words) < 2 || words[0] != "schleuse" {
			t.Errorf("%s: synopsis line %q does not begin with a command", b, line)
			continue
		}
		c, _, err := root.Find(words[1:2])
		if err != nil || c == root {
			t.Errorf("%s: %q: no command %q", b, line, words[1])
			continue
		}
		cmds := []*cobra.Command{c}
		if c.HasAvailableSubCommands() {
			cmds = nil
			for _, w := range words[2:] {
				for _, sub := range c.Commands() {
					if sub.Name() == w && !slices.Contains(cmds, sub) {
						cmds = append(cmds, sub)
					}
				}
			}
			if len(cmds) == 0 {
				t.Errorf("%s: %q names none of the commands of %s", b, line, c.Name())
			}
		}
		for _, sub := range cmds {
			named[sub.CommandPath()] = true
		}
		for _, fl := range synopsisFlagRE.FindAllString(line, -1) {
			if !slices.ContainsFunc(cmds, func(sub *cobra.Command) bool {
				return sub.Flags().Lookup(fl[2:]) != nil || sub.InheritedFlags().Lookup(fl[2:]) != nil
			}) {
				t.Errorf("%s: %q: %s is no flag of the commands it names", b, line, fl)
			}
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			switch {
			case !sub.IsAvailableCommand() || sub.Name() == "help" || sub.Name() == "completion":
			case sub.HasAvailableSubCommands():
				walk(sub)
			case !named[sub.CommandPath()]:
				t.Errorf("%s: the synopsis lacks %q", b, sub.CommandPath())
			}
		}
	}
	walk(root)
}

// docProse returns the text of a documentation file outside its fenced
// blocks.
func docProse(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fence := ""
	for _, l := range strings.Split(string(b), "\n") {
		if m := fenceRE.FindStringSubmatch(l); m != nil && (fence == "" || strings.TrimSpace(l) == fence) {
			if fence == "" {
				fence = m[2]
			} else {
				fence = ""
			}
			out = append(out, "")
			continue
		}
		if fence == "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var inlineCodeRE = regexp.MustCompile("`([^`]+)`")

// The inline commands that are not ones to run, each with what the
// document says of it, which the test checks.
var (
	// log messages: a log call of this package says it
	docLogLines = []string{"schleuse gestartet / schleuse started"}
	// commands the document shows as refused: the CLI must refuse them
	docRefused = []string{"schleuse help bogus", "schleuse config print"}
)

// TestDocsInline checks the inline code in the prose of docFiles that
// staff copy as well: a command `schleuse …` names an existing command
// and only its flags (placeholders such as FILE and […] are not checked),
// and a configuration key `section.key` (also `section.key: value`, whose
// value is not checked: the prose shows wrong values and messages as well)
// exists in config.Config. Spans that are neither are not looked at. It
// logs (-v) how many of each it checked.
func TestDocsInline(t *testing.T) {
	counts := map[string]int{}
	keys := configKeys()
	src, err := os.ReadFile("run.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range docFiles {
		for _, m := range inlineCodeRE.FindAllStringSubmatch(docProse(t, f), -1) {
			span := strings.Join(strings.Fields(m[1]), " ")
			first, _, _ := strings.Cut(span, ".")
			switch {
			case slices.Contains(docLogLines, span):
				if !strings.Contains(string(src), strconv.Quote(span)) {
					t.Errorf("%s: `%s` is no log message of run.go", f, span)
				}
				counts["log message (logged by run.go)"]++
			case slices.Contains(docRefused, span):
				if _, err := runCLI(t, "", strings.Fields(span)[1:]...); err == nil {
					t.Errorf("%s: `%s` is shown as refused, and runs", f, span)
				}
				counts["refused command (refused)"]++
			case strings.HasPrefix(span, "schleuse "):
				checkInlineCommand(t, f, span)
				counts["schleuse command (command and flags exist)"]++
			case inlineSubcommand(span):
				checkInlineCommand(t, f, "schleuse "+span)
				counts["command without schleuse, as `policy test -v` (command and flags exist)"]++
			case slices.Contains(keys, first) && regexp.MustCompile(`^[a-z_]+(\.[a-z_0-9]+)+(:|$)`).MatchString(span):
				key, _, _ := strings.Cut(span, ":")
				if strings.HasPrefix(key, "audit.db") || strings.HasSuffix(key, ".pem") {
					counts["file name audit.db…, ca.pem (skipped)"]++
					continue
				}
				if err := configPath(reflect.TypeFor[config.Config](), strings.Split(key, ".")); err != nil {
					t.Errorf("%s: `%s`: %v", f, span, err)
				}
				counts["configuration key (exists)"]++
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(counts)) {
		t.Logf("%3d %s", counts[n], n)
	}
	if counts["schleuse command (command and flags exist)"] == 0 || counts["configuration key (exists)"] == 0 {
		t.Error("no inline command or key found: is the extraction broken?")
	}
}

// inlineSubcommand reports whether span is a command written without
// "schleuse": its first word is a command and the second a flag or one of
// its subcommands (`audit log unavailable` is a log message, not one).
func inlineSubcommand(span string) bool {
	words := strings.Fields(span)
	if len(words) < 2 {
		return false
	}
	c, _, err := newRoot().Find(words[:1])
	if err != nil || c.Name() != words[0] {
		return false
	}
	if strings.HasPrefix(words[1], "-") {
		return true
	}
	sub, _, _ := strings.Cut(words[1], "|")
	return slices.ContainsFunc(c.Commands(), func(s *cobra.Command) bool { return s.Name() == sub })
}

// checkInlineCommand checks a command in prose: the words after schleuse
// name a command (down to one without subcommands), and every flag on it
// is one of that command's.
func checkInlineCommand(t *testing.T, file, span string) {
	c := newRoot()
	c.InitDefaultHelpFlag()
	words := strings.Fields(span)[1:]
	for len(words) > 0 && c.HasAvailableSubCommands() && !strings.HasPrefix(words[0], "-") {
		if alt := strings.Split(words[0], "|"); len(alt) > 1 {
			// query|export|stats: each is a command; their flags differ
			for _, a := range alt {
				if next, _, err := c.Find([]string{a}); err != nil || next == c {
					t.Errorf("%s: `%s`: %q is no command of %q", file, span, a, c.CommandPath())
				}
			}
			return
		}
		next, _, err := c.Find(words[:1])
		if err != nil || next == c {
			t.Errorf("%s: `%s`: %q is no command of %q", file, span, words[0], c.CommandPath())
			return
		}
		c, words = next, words[1:]
		c.InitDefaultHelpFlag() // cobra adds --help when it runs
	}
	for _, w := range words {
		if !strings.HasPrefix(w, "-") || w == "-" || w == "--" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
		var fl *pflag.Flag
		if strings.HasPrefix(w, "--") {
			fl = c.Flags().Lookup(name)
			if fl == nil {
				fl = c.InheritedFlags().Lookup(name)
			}
		} else {
			fl = c.Flags().ShorthandLookup(name)
		}
		if fl == nil {
			t.Errorf("%s: `%s`: %s is no flag of %q", file, span, w, c.CommandPath())
		}
	}
}

// configPath reports whether path names a key of the configuration type
// typ (by its yaml tags; any key of a map, the elements of a list).
func configPath(typ reflect.Type, path []string) error {
	for i, seg := range path {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Map:
			typ = typ.Elem()
			continue
		case reflect.Struct:
		default:
			return fmt.Errorf("%s is a value, it has no key %q", strings.Join(path[:i], "."), seg)
		}
		found := false
		for f := range typ.Fields() {
			if k, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); k == seg {
				typ, found = f.Type, true
				break
			}
		}
		if !found {
			return fmt.Errorf("no key %q in %s", seg, strings.Join(path[:i], "."))
		}
	}
	return nil
}
