package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpOut runs args (a --help) and returns what it printed.
func helpOut(t *testing.T, args ...string) string {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	if err := execute(root); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out.String()
}

// heads are the first lines of the German and the English help of the
// command at path: its long text's, or its short text.
func heads(t *testing.T, path []string) (de, en string) {
	t.Helper()
	c, _, err := newRoot().Find(path)
	if err != nil {
		t.Fatal(err)
	}
	first := func(long, short string) string {
		if long == "" {
			return short
		}
		l, _, _ := strings.Cut(long, "\n")
		return l
	}
	h := helpDE[strings.Join(path, " ")]
	return first(h.long, h.short), first(c.Long, c.Short)
}

// TestHelpGermanByDefault: the help of the commands DPOs and auditors
// run is German (texts, flags and headings) unless English is asked for
// with --lang en or SCHLEUSE_LANG=en; before, it was English only.
func TestHelpGermanByDefault(t *testing.T) {
	t.Setenv("SCHLEUSE_LANG", "")
	for _, tc := range []struct {
		path []string
		de   string // a flag's German usage or a line of the long text
		en   string
	}{
		{[]string{"audit"}, "Revisionsprotokoll abfragen", "Query, verify and export"},
		{[]string{"audit", "report"}, "Monat JJJJ-MM (Standard: dieser Monat)", "month YYYY-MM (default: this month)"},
		{[]string{"audit", "query"}, "ab diesem Tag (JJJJ-MM-TT, Ortszeit)", "from this day (YYYY-MM-DD, local time)"},
		{[]string{"audit", "verify"}, "Den letzten Hash, den es ausgibt, außerhalb des Systems notieren", "Write down the last hash it prints outside the system"},
		{[]string{"audit", "reveal"}, "Vier-Augen-Verfahren aus docs/audit.md", "Follow the four-eyes procedure"},
		{[]string{"audit", "export"}, "höchstens so viele Einträge (negativ: alle) (Standard -1)", "most records (negative: all) (default -1)"},
		{[]string{"policy", "diff"}, "Exit-Status 0: gleich, 1: verschieden", "Exit status 0: the same, 1: different."},
		{[]string{"policy", "eval"}, "Eingabe als JSON (docs/de/richtlinie.md, Abschnitt 1)", "policy input as JSON"},
	} {
		deShort, enShort := heads(t, tc.path)
		de := []string{deShort, tc.de, "Aufruf:\n  schleuse " + strings.Join(tc.path, " "), "Globale Optionen:\n", "Hilfe zu " + tc.path[len(tc.path)-1]}
		en := []string{enShort, tc.en, "Usage:\n  schleuse " + strings.Join(tc.path, " "), "Global Flags:\n", "help for " + tc.path[len(tc.path)-1]}
		check := func(how string, out string, want, not []string) {
			t.Helper()
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("%v %s: no %q in\n%s", tc.path, how, w, out)
				}
			}
			for _, n := range not {
				if strings.Contains(out, n) {
					t.Errorf("%v %s: %q in\n%s", tc.path, how, n, out)
				}
			}
		}
		args := append(append([]string{}, tc.path...), "--help")
		check("--help", helpOut(t, args...), de, en)
		check("help", helpOut(t, append([]string{"help"}, tc.path...)...), de, en)
		check("--help --lang en", helpOut(t, append(args, "--lang", "en")...), en, de)
		check("help --lang=en", helpOut(t, append(append([]string{"help"}, tc.path...), "--lang=en")...), en, de)
		t.Setenv("SCHLEUSE_LANG", "en_GB.UTF-8")
		check("SCHLEUSE_LANG=en_GB.UTF-8 --help", helpOut(t, args...), en, de)
		check("SCHLEUSE_LANG=en_GB.UTF-8 --help --lang de", helpOut(t, append(args, "--lang", "de")...), de, en)
		t.Setenv("SCHLEUSE_LANG", "")
	}
	// A group without a command shows its help in the same way.
	if out := helpOut(t, "audit", "--lang", "en"); !strings.Contains(out, "Available Commands:\n  export ") {
		t.Errorf("audit --lang en:\n%s", out)
	}
	if out := helpOut(t, "audit"); !strings.Contains(out, "Befehle:\n  export      "+helpDE["audit export"].short) {
		t.Errorf("audit:\n%s", out)
	}
	// A language that is neither is a usage mistake.
	root := newRoot()
	root.SetOut(&bytes.Buffer{})
	root.SetArgs([]string{"audit", "--help", "--lang", "fr"})
	if err := execute(root); err == nil || !strings.HasPrefix(err.Error(), "ungültiger Wert der Option --lang") {
		t.Errorf("--lang fr: %v", err)
	}
}

// TestHelpGermanComplete: helpDE has the German of every command's short
// and long text and of every flag, each a translation (not the English
// again, but for lists of values), and names no command or flag there is
// not; a command or flag added without its German fails here.
func TestHelpGermanComplete(t *testing.T) {
	root := newRoot()
	seen := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		key := helpKey(c)
		seen[key] = true
		de, ok := helpDE[key]
		switch {
		case !ok || de.short == "":
			t.Errorf("%q: no German short text in helpDE", key)
		case de.short == c.Short:
			t.Errorf("%q: the German short text is the English", key)
		}
		if c.Long != "" && (de.long == "" || de.long == c.Long) {
			t.Errorf("%q: no German long text in helpDE", key)
		}
		// cobra's instructions for loading a completion script: the
		// German gives each of its commands as cobra does.
		for line := range strings.Lines(c.Long) {
			if strings.HasPrefix(key, "completion ") && strings.HasPrefix(line, "\t") && !strings.Contains(de.long, line) {
				t.Errorf("%q: the German long text lacks cobra's line %q", key, line)
			}
		}
		if c.Example != "" && de.example == "" {
			t.Errorf("%q: no German example in helpDE", key)
		}
		for name := range de.flags {
			if c.Flags().Lookup(name) == nil {
				t.Errorf("%q: helpDE names a flag --%s it does not have", key, name)
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			d := flagDE(c, f)
			switch {
			case d == "":
				t.Errorf("%q --%s: no German usage in helpDE or sharedFlagsDE", key, f.Name)
			case d == f.Usage && strings.ContainsAny(d, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(d, " | "):
				t.Errorf("%q --%s: the German usage is the English %q", key, f.Name, d)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for key := range helpDE {
		if !seen[key] {
			t.Errorf("helpDE has %q, which is no command", key)
		}
	}
	// Every German text goes in where it belongs.
	germanHelp(root)
	if c, _, _ := root.Find([]string{"audit", "query"}); c.Short != helpDE["audit query"].short || c.Flags().Lookup("upstream").Usage != "nur Einträge weitergeleiteter Anfragen, deren Übermittlung fehlschlug: any oder eines von dns, refused, dial, tls, tls_verify, timeout, reset, parent_refused, canceled, other, status_5xx" {
		t.Errorf("audit query after germanHelp: %q, --upstream %q", c.Short, c.Flags().Lookup("upstream").Usage)
	}
}

// TestHelpInheritedFlagsGerman: a flag a command gives its subcommands
// (ca's --dir) reads in each subcommand's help as in the command's own;
// before, "ca init --help" named the CA's directory with policy's German,
// "Richtlinien-Verzeichnis, wie DIR".
func TestHelpInheritedFlagsGerman(t *testing.T) {
	t.Setenv("SCHLEUSE_LANG", "")
	checked := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for p := c.Parent(); p != nil; p = p.Parent() {
			p.PersistentFlags().VisitAll(func(f *pflag.Flag) {
				de, ok := helpDE[helpKey(p)].flags[f.Name]
				if !ok || c.LocalFlags().Lookup(f.Name) != nil {
					return
				}
				path := strings.Fields(helpKey(c))
				if out := helpOut(t, append(path, "--help")...); !strings.Contains(out, "--"+f.Name) || !strings.Contains(out, de) {
					t.Errorf("%q --help: --%s is not %q (the German of %q --%s):\n%s", helpKey(c), f.Name, de, helpKey(p), f.Name, out)
				}
				checked++
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot())
	if checked < 3 {
		t.Errorf("%d inherited flags with a command's own German checked, want ca init, export and show's --dir at least", checked)
	}
}
