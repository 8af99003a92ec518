package proxy

import (
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/testpki"
)

// TestReloadRestartKeysAgainstStart: the keys that need a restart are
// those that differ from the configuration the server started with, over
// several SIGHUPs. Before, each reload compared with the last one: a
// second SIGHUP that changed only log.level cleared "listen" from the
// status page while the new listen address was still not in force, and
// one that undid the change named "listen" still.
func TestReloadRestartKeysAgainstStart(t *testing.T) {
	h := newHarness(t, nil, nil, testpki.NewCA("fake upstream CA"))
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	load := func(mutate func(*config.Config)) *config.Config {
		cfg := config.Default() // a fresh load, as SIGHUP does
		cfg.Listen, cfg.Admin, cfg.StateDir, cfg.Upstream = h.cfg.Listen, h.cfg.Admin, h.cfg.StateDir, h.cfg.Upstream
		mutate(cfg)
		return cfg
	}
	moved := func(c *config.Config) { c.Listen = "127.0.0.1:1" }
	for i, step := range []struct {
		cfg  *config.Config
		want string
	}{
		{load(moved), "listen"},
		{load(func(c *config.Config) { moved(c); c.Log.Level = "debug" }), "listen"},
		{load(func(c *config.Config) { moved(c); c.Pseudonym.TTL *= 2 }), "listen,pseudonym"},
		{load(func(*config.Config) {}), ""},
		// The PAC file reads admin.proxy_url at once: no restart.
		{load(func(c *config.Config) { c.Admin.ProxyURL = "PROXY schleuse.intern:3128" }), ""},
		{load(func(c *config.Config) { c.Admin.Htpasswd = "/etc/schleuse/admin.htpasswd" }), "admin"},
	} {
		got, err := h.srv.Reload(step.cfg, auth)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != step.want {
			t.Errorf("reload %d: need restart %q, want %q", i+1, got, step.want)
		}
		if step.cfg.Admin.ProxyURL != "" && !strings.Contains(h.srv.PAC("schleuse.intern:9090"), `return "PROXY schleuse.intern:3128";`) {
			t.Errorf("reload %d: the PAC file does not name the new admin.proxy_url", i+1)
		}
	}
}
