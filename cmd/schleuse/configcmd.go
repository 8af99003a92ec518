package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/config"
)

func newConfigCmd(g *globals) *cobra.Command {
	c := &cobra.Command{Use: "config", Short: "Check or print the configuration"}
	check := &cobra.Command{
		Use:   "check [FILE]",
		Short: "Validate a configuration file without starting",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := g.configPath
			if len(args) == 1 {
				path = args[0]
			}
			cfg, err := config.Load(path)
			if err != nil {
				return err
			}
			if _, err := newScanner(cfg.Inspect.LexiconDir); err != nil {
				return fmt.Errorf("inspect.lexicon_dir: %w", err)
			}
			if path == "" {
				path = "(built-in defaults)"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok\n", path)
			return nil
		},
	}
	def := &cobra.Command{
		Use:   "default",
		Short: "Print the default configuration with every key",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(config.DefaultYAML())
			return err
		},
	}
	c.AddCommand(check, def)
	return c
}
