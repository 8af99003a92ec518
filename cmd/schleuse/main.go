// Command schleuse is the HTTPS forward proxy that keeps personal and
// confidential data out of public AI services.
//
//	schleuse run | scan | ca {init,export,show} | config check |
//	policy {init,test,eval} | audit {query,verify,export,stats,reveal,report} | version
//
// Every command that works on a deployment takes --config FILE (the same file
// as run). Exit 0 on success, non-zero with a one-line reason on failure.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/config"
)

func main() {
	if err := newRoot().Execute(); err != nil {
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

// exitCode ends the program with a specific code (e.g. a broken audit chain).
type exitCode struct {
	code int
	msg  string
}

func (e exitCode) Error() string { return e.msg }

type globals struct {
	configPath string
}

func (g *globals) load() (*config.Config, error) {
	return config.Load(g.configPath)
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:           "schleuse",
		Short:         "HTTPS proxy that keeps personal data out of public AI services",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.configPath, "config", "", "configuration file (YAML); empty: built-in defaults")
	root.AddCommand(
		newRunCmd(g),
		newScanCmd(g),
		newCACmd(g),
		newConfigCmd(g),
		newPolicyCmd(g),
		newAuditCmd(g),
		newVersionCmd(),
	)
	return root
}
