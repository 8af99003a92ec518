package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
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
			if err := checkReferenced(cmd.Context(), cfg); err != nil {
				return err
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

// checkReferenced checks what run would load besides the file itself — the
// catalogue, routes, the policy directory (compiled and its own tests run),
// htpasswd files, LDAP settings, upstream CAs and word lists — so that
// `config check` (the unit's ExecStartPre) fails where run would.
func checkReferenced(ctx context.Context, cfg *config.Config) error {
	if _, err := proxy.NewCatalogue(cfg.Services); err != nil {
		return fmt.Errorf("services: %w", err)
	}
	if _, err := newRouter(cfg); err != nil {
		return err
	}
	if cfg.Policy.Dir != "" {
		if _, err := policies.Open(ctx, cfg.Policy.Dir); err != nil {
			return fmt.Errorf("policy.dir: %w", err)
		}
	}
	if _, err := identity.New(identityConfig(cfg)); err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	if cfg.Admin.Htpasswd != "" {
		if _, err := identity.New(identity.Config{Htpasswd: cfg.Admin.Htpasswd}); err != nil {
			return fmt.Errorf("admin.htpasswd: %w", err)
		}
	}
	for _, f := range cfg.Upstream.CAFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("upstream.ca_files: %w", err)
		}
		if !x509.NewCertPool().AppendCertsFromPEM(b) {
			return fmt.Errorf("upstream.ca_files: %s holds no PEM certificate", f)
		}
	}
	if _, err := newScanner(cfg.Inspect.LexiconDir); err != nil {
		return fmt.Errorf("inspect.lexicon_dir: %w", err)
	}
	return nil
}
