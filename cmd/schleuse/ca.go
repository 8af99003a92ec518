package main

import (
	"encoding/pem"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/proxy"
)

func newCACmd(g *globals) *cobra.Command {
	ca := &cobra.Command{Use: "ca", Short: "Manage the interception CA (init, export, show)"}
	var force bool
	var cn string
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Create an ECDSA P-256 root CA in the state directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load()
			if err != nil {
				return err
			}
			c, err := proxy.InitCA(cfg.StateDir, cn, force)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "CA written to %s (key %s, mode 0600)\n%s",
				filepath.Join(cfg.StateDir, proxy.CACertFile), filepath.Join(cfg.StateDir, proxy.CAKeyFile), c.Describe())
			return nil
		},
	}
	initCmd.Flags().BoolVar(&force, "force", false, "replace an existing CA (all clients must trust the new one)")
	initCmd.Flags().StringVar(&cn, "cn", "", "common name (default \"schleuse Interception CA\")")
	var format string
	export := &cobra.Command{
		Use:   "export",
		Short: "Print the CA certificate (--format pem|der)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := loadCA(g)
			if err != nil {
				return err
			}
			switch format {
			case "pem":
				_, err = cmd.OutOrStdout().Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw}))
			case "der":
				_, err = cmd.OutOrStdout().Write(c.Cert.Raw)
			default:
				return fmt.Errorf("--format %q: want pem or der", format)
			}
			return err
		},
	}
	export.Flags().StringVar(&format, "format", "pem", "pem or der")
	show := &cobra.Command{
		Use:   "show",
		Short: "Print subject, validity and SHA-256 fingerprint of the CA",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := loadCA(g)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), c.Describe())
			return nil
		},
	}
	ca.AddCommand(initCmd, export, show)
	return ca
}

// loadCA reads the CA from the deployment's state directory.
func loadCA(g *globals) (*proxy.CA, error) {
	cfg, err := g.load()
	if err != nil {
		return nil, err
	}
	return proxy.LoadCA(cfg.StateDir)
}
