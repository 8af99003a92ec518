package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set with -ldflags "-X main.version=…" by `make build`.
var version = "dev"

func buildInfo() string {
	s := "schleuse " + version
	if bi, ok := debug.ReadBuildInfo(); ok {
		s += " (" + bi.GoVersion
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev := kv.Value
				if len(rev) > 12 {
					rev = rev[:12]
				}
				s += ", " + rev
			case "vcs.modified":
				if kv.Value == "true" {
					s += "+dirty"
				}
			}
		}
		s += ")"
	}
	return s
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print version and build information",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), buildInfo())
			return nil
		},
	}
}
