package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/proxy"
)

// TestConfigCheckNextCertFile: ca.next_cert_file, a rotation's next CA
// prepared in a PKI, is checked by config check (the unit's
// ExecStartPre): a CA certificate, not expired, no key in the file;
// missing or no CA is an error naming the key, the current CA a warning
// (then ok); run refuses to start on an error as config check does.
func TestConfigCheckNextCertFile(t *testing.T) {
	dir := t.TempDir()
	next := testpki.NewCA("Stadt PKI Interception CA 2027")
	good := next.WritePEM(dir, "next.pem")
	leaf := filepath.Join(dir, "leaf.pem")
	os.WriteFile(leaf, []byte("kein Zertifikat"), 0o644)
	state := filepath.Join(dir, "state")
	os.MkdirAll(state, 0o700)
	if _, _, err := proxy.LoadOrInitCA(state); err != nil {
		t.Fatal(err)
	}
	file := func(next string) string {
		path := filepath.Join(t.TempDir(), "schleuse.yaml")
		os.WriteFile(path, []byte("state_dir: "+state+"\nlisten: "+freeAddr(t)+"\nadmin:\n  listen: "+freeAddr(t)+"\nca:\n  next_cert_file: "+next+"\n"), 0o644)
		return path
	}
	if out, err := runCLI(t, "", "config", "check", file(good)); err != nil || strings.Contains(out, "warning") {
		t.Errorf("config check with a next CA from a PKI: %v\n%s", err, out)
	}
	_, err := runCLI(t, "", "config", "check", file(leaf))
	if err == nil || !strings.Contains(err.Error(), "ca.next_cert_file: "+leaf+" enthält kein PEM-Zertifikat (CERTIFICATE): ca.next_cert_file: das Zertifikat der nächsten CA (PEM, ohne Schlüssel) aus der PKI dort ablegen") {
		t.Errorf("config check with a next_cert_file that is no certificate: %v", err)
	}
	missing := filepath.Join(dir, "fehlt.pem")
	if _, err := runCLI(t, "", "config", "check", file(missing)); err == nil || !strings.Contains(err.Error(), "ca.next_cert_file: "+missing+" fehlt") {
		t.Errorf("config check with a missing next_cert_file: %v", err)
	}
	same := filepath.Join(state, proxy.CACertFile)
	if out, err := runCLI(t, "", "config", "check", file(same)); err != nil || !strings.Contains(out, ": warning: ca.next_cert_file: die nächste CA in "+same+" ist schon die geltende") || !strings.Contains(out, ": ok\n") {
		t.Errorf("config check with the current CA as the next: %v\n%s", err, out)
	}
	cfg, err := config.Load(file(leaf))
	if err != nil {
		t.Fatal(err)
	}
	if a, err := start(context.Background(), cfg, discardLogger()); err == nil {
		a.stop()
		t.Error("run started with a next_cert_file that is no certificate")
	} else if !strings.Contains(err.Error(), "ca.next_cert_file: ") {
		t.Errorf("run with a next_cert_file that is no certificate: %v", err)
	}
}

// TestNextCertFileServed: the running proxy names and serves the next CA
// of ca.next_cert_file as it does state_dir/ca-neu's: the start line
// (ca_next, ca_next_fingerprint), the status page's row, /ca-next.crt;
// a reload that sets the key applies it, one whose file is no CA is
// rejected and the file served before stays.
func TestNextCertFileServed(t *testing.T) {
	dir := t.TempDir()
	next := testpki.NewCA("Stadt PKI Interception CA 2027")
	good := next.WritePEM(dir, "next.pem")
	c := config.Default()
	c.CA.NextCertFile = good
	a, get := startWithAdmin(t, c)
	admin := "http://" + a.cfg.Admin.Listen
	fp := (&proxy.NextCA{Cert: next.Cert}).Fingerprint()
	if kv := fmt.Sprint(a.startedAttrs()); !strings.Contains(kv, "ca_next "+admin+"/ca-next.crt ca_next_fingerprint "+fp) {
		t.Errorf("schleuse started does not name the next CA of ca.next_cert_file: %s", kv)
	}
	if code, body := get("/status", "pruefer", "revision-2026"); code != 200 || !strings.Contains(body, "Stadt PKI Interception CA 2027 (aus ca.next_cert_file: "+good+"), SHA-256 <code>"+fp+"</code>") {
		t.Errorf("status page: %d\n%s", code, body)
	}
	resp, err := http.Get(admin + "/ca-next.crt")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != string(next.CertPEM) {
		t.Errorf("/ca-next.crt: %d %q", resp.StatusCode, b)
	}

	// A reload: a file that is no CA is rejected, the next CA stays.
	path := filepath.Join(dir, "schleuse.yaml")
	yaml := func(next string) {
		os.WriteFile(path, []byte(fmt.Sprintf("state_dir: %s\nlisten: %s\nadmin:\n  listen: %s\n  htpasswd: %s\nca:\n  next_cert_file: %s\n",
			a.cfg.StateDir, a.cfg.Listen, a.cfg.Admin.Listen, a.cfg.Admin.Htpasswd, next)), 0o644)
	}
	bad := filepath.Join(dir, "bad.pem")
	os.WriteFile(bad, []byte("kaputt"), 0o644)
	yaml(bad)
	if _, err := a.reloadConfig(path); err == nil || !strings.Contains(err.Error(), "ca.next_cert_file: "+bad) {
		t.Errorf("reload with a next_cert_file that is no CA: %v", err)
	}
	if n, err := a.srv.NextCA(); err != nil || n.Fingerprint() != fp {
		t.Errorf("after the rejected reload: %v %v", n, err)
	}
	later := testpki.NewCA("Stadt PKI Interception CA 2028")
	yaml(later.WritePEM(dir, "later.pem"))
	if _, err := a.reloadConfig(path); err != nil {
		t.Fatalf("reload with another next CA: %v", err)
	}
	if n, err := a.srv.NextCA(); err != nil || n.Fingerprint() != (&proxy.NextCA{Cert: later.Cert}).Fingerprint() {
		t.Errorf("after the reload: %v %v", n, err)
	}
	// The switch done, the key not emptied: the status page says to.
	yaml(filepath.Join(a.cfg.StateDir, proxy.CACertFile))
	if _, err := a.reloadConfig(path); err != nil {
		t.Fatalf("reload with the current CA as the next: %v", err)
	}
	if _, body := get("/status", "pruefer", "revision-2026"); !strings.Contains(body, "dieselbe wie die geltende: ca.next_cert_file leeren") {
		t.Errorf("status page with the current CA as ca.next_cert_file:\n%s", body)
	}
}
