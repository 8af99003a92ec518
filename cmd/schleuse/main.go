// Command schleuse is the HTTPS forward proxy that keeps personal and
// confidential data out of public AI services.
//
//	schleuse run | scan | ca {init,export,show} | config {check,default} |
//	policy {init,test,eval,diff} | audit {query,verify,export,stats,reveal,report,new-keys} | version
//
// Every command that works on a deployment takes --config FILE (the same file
// as run). Exit 0 on success, non-zero with a one-line reason on failure.
package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/schleuse/schleuse/config"
)

func main() {
	if err := execute(newRoot()); err != nil {
		var ec exitCode
		if errors.As(err, &ec) {
			if ec.msg != "" {
				fmt.Fprintln(os.Stderr, "schleuse:", ec.msg)
			}
			os.Exit(ec.code)
		}
		fmt.Fprintln(os.Stderr, "schleuse:", err)
		os.Exit(1)
	}
}

// execute runs root. A mistake in the command line (an unknown command or
// flag, a missing or extra argument) names where the usage is: the errors
// are silenced, and cobra's own hint went with them.
func execute(root *cobra.Command) error {
	cmd, err := root.ExecuteC()
	if err == nil || cmd == nil {
		return err
	}
	for _, u := range usageMistakes {
		msg := err.Error()
		if !strings.HasPrefix(msg, u.prefix) {
			continue
		}
		// German first, as every message staff, auditors and DPOs read:
		// before, cobra's English alone ("unknown flag: --since").
		de, hint := u.de, ""
		if u.prefix == "unknown command" {
			if _, name, ok := strings.Cut(msg, `"`); ok {
				name, _, _ = strings.Cut(name, `"`)
				de += fmt.Sprintf(" %q", name)
			}
		}
		switch u.prefix {
		case "invalid argument", "flag needs an argument", "required flag(s)":
			// The flag, as the English names it ("--limit", the
			// required flag's "input").
			flag := flagInMistake.FindString(msg)
			if flag == "" {
				if m := quotedInMistake.FindStringSubmatch(msg); m != nil {
					flag = "--" + m[1]
				}
			}
			if flag != "" {
				de = fmt.Sprintf(u.de, flag)
			}
		}
		de = strings.ReplaceAll(de, " %s", "")
		if u.prefix == "unknown flag" {
			flag := strings.TrimSpace(strings.TrimPrefix(msg, "unknown flag:"))
			de += " " + flag
			// The words other audit tools take for a period: a
			// suggestion, as cobra's for a misspelt command.
			if meant, ok := flagMeant[strings.TrimLeft(flag, "-")]; ok && cmd.Flags().Lookup(meant) != nil {
				hint = "--" + meant
				de += fmt.Sprintf(" (gemeint ist wohl %s?)", hint)
			}
		}
		// Cobra's suggestion for a typo ("\n\nDid you mean this?\n\trun\n")
		// on the one line, before the hint, which stood alone below it.
		if first, sugg, ok := strings.Cut(msg, "\n\nDid you mean this?\n"); ok {
			names := `"` + strings.Join(strings.Fields(sugg), `" or "`) + `"`
			return fmt.Errorf("%s (gemeint ist wohl %s?); %s --help zeigt den Aufruf / %s (did you mean %s? %s --help shows the usage)", de, strings.ReplaceAll(names, `" or "`, `" oder "`), cmd.CommandPath(), first, names, cmd.CommandPath())
		}
		if hint != "" {
			return fmt.Errorf("%s; %s --help zeigt den Aufruf / %w (did you mean %s? %s --help shows the usage)", de, cmd.CommandPath(), err, hint, cmd.CommandPath())
		}
		return fmt.Errorf("%s; %s --help zeigt den Aufruf / %w (%s --help shows the usage)", de, cmd.CommandPath(), err, cmd.CommandPath())
	}
	return err
}

// usageMistakes are cobra's and pflag's errors for a mistake in the command
// line, by the start of their text, with what they say in German.
var usageMistakes = []struct{ prefix, de string }{
	{"unknown command", "unbekannter Befehl"},
	{"unknown shorthand flag", "unbekannte Kurzoption"},
	{"unknown flag", "unbekannte Option"},
	{"accepts ", "falsche Zahl von Argumenten"},
	{"requires ", "zu wenige Argumente"},
	{"invalid argument", "ungültiger Wert der Option %s"},
	{"flag needs an argument", "der Option %s fehlt ihr Wert"},
	{"required flag(s)", "die Option %s fehlt"},
	{"bad flag syntax", "Option falsch geschrieben"},
}

// flagInMistake and quotedInMistake find the flag a usage mistake names
// ("--limit", or the required flag's "input").
var (
	flagInMistake   = regexp.MustCompile(`--?[a-z][a-z0-9-]*`)
	quotedInMistake = regexp.MustCompile(`"([a-z][a-z0-9-]*)"`)
)

// flagMeant names the flag meant by a word other tools use for it.
var flagMeant = map[string]string{"since": "from", "until": "to", "after": "from", "before": "to", "start": "from", "end": "to"}

// groupAnnotation marks the commands unknownSubcommand gave a RunE.
const groupAnnotation = "schleuse/group"

// unknownSubcommand makes a command that only groups others (config, ca,
// policy, audit) refuse an argument that names none of them, as the root
// does: before, "schleuse config print" printed the group's help and
// exited 0, as if it had done something. Without an argument it prints
// the help, as before.
func unknownSubcommand(c *cobra.Command) {
	for _, sub := range c.Commands() {
		unknownSubcommand(sub)
	}
	if c.Runnable() || !c.HasSubCommands() || !c.HasParent() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	c.Annotations[groupAnnotation] = "1"
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		if args[0] == "help" {
			// "schleuse audit help [query]", as "schleuse help audit
			// [query]": the group's or its command's help.
			if len(args) == 1 {
				return cmd.Help()
			}
			if sub, rest, err := cmd.Find(args[1:]); err == nil && sub != cmd && len(rest) == 0 {
				return sub.Help()
			}
			args = args[1:] // the unknown word after "help"
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2 // cobra's default for the root
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t") + "\n"
		}
		return errors.New(msg)
	}
}

// exitCode ends the program with a specific code (e.g. a broken audit chain).
type exitCode struct {
	code int
	msg  string
}

func (e exitCode) Error() string { return e.msg }

type globals struct {
	configPath string
	lang       helpLang // the help's language (helptext.go)
}

// load reads the configuration file as config check does and refuses it
// with every error it holds, each with its line or key, under the file's
// name: before, a file with a value of the wrong type was refused with its
// decoding errors only (the values that decoded but cannot work, as
// log.level "loud", came one start later), the file named on the first
// line alone.
func (g *globals) load() (*config.Config, error) {
	if g.configPath == "" {
		return config.Default(), nil
	}
	cfg, errs := config.Check(g.configPath)
	switch {
	case len(errs) == 0:
		return cfg, nil
	case cfg == nil: // unreadable (the error names the file), or no YAML
		if _, err := os.Stat(g.configPath); err != nil {
			return nil, errors.Join(errs...)
		}
		return nil, fmt.Errorf("config %s: %w", g.configPath, errors.Join(errs...))
	case len(errs) == 1:
		return nil, fmt.Errorf("config %s: %w", g.configPath, errs[0])
	}
	return nil, &errorList{head: "config " + g.configPath, errs: errs}
}

// loadDE is load for the commands auditors and DPOs run (audit, policy):
// a --config with errors is said German first, with the config check
// command that lists them, the English after " / ". A file that is missing
// or not readable config.Check says German first for every command.
func (g *globals) loadDE() (*config.Config, error) {
	cfg, err := g.load()
	if err == nil {
		return cfg, nil
	}
	if _, serr := os.Stat(g.configPath); serr != nil {
		return nil, err // config.Check says it German first (missing, not readable)
	}
	return nil, fmt.Errorf("Die Konfiguration %s ist fehlerhaft; schleuse config check %s nennt jeden Fehler mit seiner Zeile / %w", g.configPath, g.configPath, err)
}

// errorList is several errors of one file, one a line below its name, as
// config check lists them.
type errorList struct {
	head string
	errs []error
}

func (e *errorList) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d Fehler / %d error", e.head, len(e.errs), len(e.errs))
	if len(e.errs) > 1 {
		b.WriteString("s")
	}
	b.WriteString(":")
	for _, err := range e.errs {
		b.WriteString("\n  " + strings.ReplaceAll(err.Error(), "\n", "\n    "))
	}
	return b.String()
}

func (e *errorList) Unwrap() []error { return e.errs }

func newRoot() *cobra.Command {
	g := &globals{lang: defaultLang()}
	root := &cobra.Command{
		Use:           "schleuse",
		Short:         "HTTPS proxy that keeps personal data out of public AI services",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.configPath, "config", "", "configuration file (YAML); empty: built-in defaults")
	root.PersistentFlags().Var(&g.lang, "lang", "language of the help: de (default) or en; also SCHLEUSE_LANG=en")
	root.PersistentFlags().Lookup("lang").DefValue = "" // the usage says it; pflag's "(default de)" would say SCHLEUSE_LANG's
	// pflag writes every boolean flag as "--newest[=true|false]" in the
	// help; a switch reads as "--newest". Cobra adds its own flags (help,
	// completion) late, so the flags are plain when a help is printed.
	help, usage := root.HelpFunc(), root.UsageFunc()
	// The help is German unless --lang en (helptext.go): the texts of
	// helpDE go in before it is printed, and the usage has German headings.
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		plainBoolFlags(c)
		if g.lang != "en" {
			germanHelp(c.Root())
		}
		help(c, args)
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		plainBoolFlags(c)
		if c.Annotations[groupAnnotation] != "" {
			// A group (unknownSubcommand) runs only to refuse an unknown
			// command: its usage is "schleuse config [command]" alone,
			// not also "schleuse config [flags]".
			run := c.RunE
			c.RunE = nil
			defer func() { c.RunE = run }()
		}
		if g.lang != "en" {
			return germanUsage(c.OutOrStderr(), c)
		}
		return usage(c)
	})
	root.AddCommand(
		newRunCmd(g),
		newScanCmd(g),
		newCACmd(g),
		newConfigCmd(g),
		newPolicyCmd(g),
		newAuditCmd(g),
		newVersionCmd(),
	)
	root.InitDefaultCompletionCmd() // cobra adds it at Execute; here so that it refuses unknown shells too
	root.InitDefaultHelpCmd()
	strictHelp(root)
	unknownSubcommand(root)
	return root
}

// strictHelp makes cobra's help command refuse a topic that names no
// command: before, "schleuse help bogus" printed "Unknown help topic" and
// the usage, and exited 0, so a script (or a typo) could not tell it from
// a help that was shown. Known topics print their help as before.
func strictHelp(root *cobra.Command) {
	var help *cobra.Command
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			help = c
		}
	}
	if help == nil {
		return
	}
	help.Run = nil
	help.RunE = func(c *cobra.Command, args []string) error {
		target := c.Root()
		for _, a := range args {
			var next *cobra.Command
			for _, sub := range target.Commands() {
				if sub.Name() == a || sub.HasAlias(a) {
					next = sub
				}
			}
			if next == nil {
				de := fmt.Sprintf("unbekanntes Hilfethema %q", a)
				msg := fmt.Sprintf("unknown help topic %q for %q", a, target.CommandPath())
				if target.SuggestionsMinimumDistance <= 0 {
					target.SuggestionsMinimumDistance = 2 // cobra's default for the root
				}
				if s := target.SuggestionsFor(a); len(s) > 0 {
					de += fmt.Sprintf(" (gemeint ist wohl %q?)", strings.Join(s, `" oder "`))
					msg += fmt.Sprintf(" (did you mean %q? %s --help lists the commands)", strings.Join(s, `" or "`), target.CommandPath())
				} else {
					msg += fmt.Sprintf(" (%s --help lists the commands)", target.CommandPath())
				}
				// German first, as the usage mistakes (execute).
				return fmt.Errorf("%s; %s --help zeigt die Befehle / %s", de, target.CommandPath(), msg)
			}
			target = next
		}
		if target.Context() == nil {
			target.SetContext(c.Context())
		}
		target.InitDefaultHelpFlag() // so that the help lists --help, as cobra's did
		target.InitDefaultVersionFlag()
		return target.Help()
	}
}

// plainBool is a boolean flag's value that does not tell pflag it is one
// (IsBoolFlag), so that the help shows "--newest", not
// "--newest[=true|false]". It still parses as before: the flag's
// NoOptDefVal "true" makes "--newest" true, "--newest=false" works, and
// its Type stays "bool" for GetBool.
type plainBool struct{ pflag.Value }

// plainBoolFlags makes the boolean flags of c, its own and inherited, plain.
func plainBoolFlags(c *cobra.Command) {
	plain := func(f *pflag.Flag) {
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() && f.NoOptDefVal == "true" {
			f.Value = plainBool{f.Value}
		}
	}
	c.Flags().VisitAll(plain)
	c.InheritedFlags().VisitAll(plain)
}
