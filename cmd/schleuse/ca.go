package main

import (
	"encoding/pem"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/proxy"
)

func newCACmd(g *globals) *cobra.Command {
	ca := &cobra.Command{Use: "ca", Short: "Manage the interception CA (init, export, show)",
		Long: `The CA lives in the state directory (ca.pem, ca-key.pem). To rotate it, create
the next one elsewhere with --dir, roll it out next to the current one,
then move its two files into the state directory and restart (docs/security.md).
Moving state_dir instead would start a new audit log with new keys.
Without --config (or --dir) the commands use the built-in state_dir,
./schleuse-data; on a server: --config /etc/schleuse/schleuse.yaml.`}
	var dir string
	ca.PersistentFlags().StringVar(&dir, "dir", "", "directory of ca.pem and ca-key.pem (default: state_dir of the configuration)")
	caDir := func() (string, error) {
		if dir != "" {
			return dir, nil
		}
		cfg, err := g.load()
		if err != nil {
			return "", err
		}
		return cfg.StateDir, nil
	}
	// builtin: neither --dir nor --config names the directory, and the
	// built-in state_dir (./schleuse-data, of the working directory) is
	// used. On a server that is not the service's: before, "sudo -u
	// schleuse schleuse ca init --force", as the manual wrote it, made a
	// CA there and left the expired one in force without a word.
	builtin := func() bool { return dir == "" && g.configPath == "" }
	onServer := func(d string) string {
		return fmt.Sprintf("no --config: %s is the built-in state_dir; the service's is in its configuration: --config /etc/schleuse/schleuse.yaml", d)
	}
	// onServerDE is onServer in German, said first.
	onServerDE := func(d string) string {
		return fmt.Sprintf("ohne --config: %s ist das eingebaute state_dir; das des Dienstes steht in seiner Konfiguration: --config /etc/schleuse/schleuse.yaml", d)
	}
	// renew is the command that makes a new CA where this one is.
	renew := func() string {
		switch {
		case dir != "":
			return "ca init --force --dir " + dir
		case g.configPath != "":
			return "ca init --force --config " + g.configPath
		}
		return "ca init --force --config /etc/schleuse/schleuse.yaml"
	}
	var force bool
	var cn string
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Create an ECDSA P-256 root CA in the state directory (or --dir)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := caDir()
			if err != nil {
				return err
			}
			c, err := proxy.InitCA(d, cn, force)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "CA geschrieben nach %s (Schlüssel %s, Modus 0600) / CA written to %s (key %s, mode 0600)\n%s",
				filepath.Join(d, proxy.CACertFile), filepath.Join(d, proxy.CAKeyFile), filepath.Join(d, proxy.CACertFile), filepath.Join(d, proxy.CAKeyFile), c.Describe())
			if dir != "" && !force {
				// The next CA of a rotation: what comes next, as
				// docs/security.md says it. Before, nothing, and
				// the CA in state_dir stayed the one served.
				fmt.Fprintf(cmd.OutOrStdout(), "Nächste Schritte (docs/security.md, Rotation): schleuse ca export --dir %s --format der > schleuse-ca-neu.der per GPO neben der jetzigen verteilen (liegt sie in state_dir/ca-neu, bietet der Admin-Port sie auch als /ca-next.crt und /ca-next.der an); nach der Verteilzeit ca.pem und ca-key.pem im state_dir sichern, die beiden neuen dorthin verschieben, schleuse neu starten / next (docs/security.md, Rotation): roll this CA out beside the current one (ca export --dir %s; in state_dir/ca-neu the admin port serves it as /ca-next.crt and /ca-next.der), then move its two files into state_dir and restart\n", d, d)
			}
			if builtin() {
				fmt.Fprintf(cmd.ErrOrStderr(), "Hinweis: ohne --config liegt die CA in %s, nicht im state_dir des Dienstes (auf dem Server: --config /etc/schleuse/schleuse.yaml) / note: %s\n", d, onServer(d))
			}
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
			c, err := loadCA(caDir, builtin, onServer, onServerDE)
			if err != nil {
				return err
			}
			switch format {
			case "pem":
				_, err = cmd.OutOrStdout().Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw}))
			case "der":
				_, err = cmd.OutOrStdout().Write(c.Cert.Raw)
			default:
				return fmt.Errorf("--format %q: pem oder der angeben / --format %q: want pem or der", format, format)
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
			c, err := loadCA(caDir, builtin, onServer, onServerDE)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), c.Describe())
			// What the dates mean, for the CA that browsers check: before,
			// an expired one was shown like a valid one, and one not
			// valid yet (the clock behind, a CA made on a host whose clock
			// ran ahead) still is none that run refuses the services for.
			switch left := time.Until(c.Cert.NotAfter); {
			case time.Now().Before(c.Cert.NotBefore):
				fmt.Fprintf(cmd.OutOrStdout(), "Status:      noch nicht gültig (erst ab %s): Browser lehnen jede geprüfte Verbindung ab, der Proxy weist die KI-Dienste ab; Uhr dieses Rechners prüfen (timedatectl) / not valid yet: check this host's clock\n", c.Cert.NotBefore.UTC().Format(time.RFC3339))
			case left <= 0:
				fmt.Fprintf(cmd.OutOrStdout(), "Status:      abgelaufen: Browser lehnen jede geprüfte Verbindung ab; als Dienstkonto eine neue anlegen (sudo -u schleuse schleuse %s), verteilen, neu starten / expired: make a new one and roll it out (docs/security.md, Rotation)\n", renew())
			case left < 30*24*time.Hour:
				fmt.Fprintf(cmd.OutOrStdout(), "Status:      läuft in %d Tagen ab / expires in %d days: roll out the next one now (docs/security.md, Rotation)\n", int(left.Hours()/24), int(left.Hours()/24))
			}
			return nil
		},
	}
	ca.AddCommand(initCmd, export, show)
	return ca
}

// loadCA reads the CA from the directory dir returns; builtin: that is
// the built-in state_dir, and onServer (onServerDE, said first) says where
// the service's is.
func loadCA(dir func() (string, error), builtin func() bool, onServer, onServerDE func(string) string) (*proxy.CA, error) {
	d, err := dir()
	if err != nil {
		return nil, err
	}
	c, err := proxy.LoadCA(d)
	if err != nil && builtin() {
		return nil, fmt.Errorf("%w (%s / %s)", err, onServerDE(d), onServer(d))
	}
	return c, err
}
