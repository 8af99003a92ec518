package proxy

import (
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/testpki"
)

// TestCheckNextCA: a next CA that IT prepared elsewhere (ca.next_cert_file)
// is checked as config check, the start and a reload check it: a CA
// certificate, valid now, without a key in the file (the admin port
// serves it without a login); one that is the current CA is a warning
// (the start after a switch must not fail on it). Before, the key did not
// exist: a next CA was read from state_dir/ca-neu alone.
func TestCheckNextCA(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	current := testpki.NewCA("schleuse Interception CA 2026")
	next := testpki.NewCA("Stadt PKI Interception CA 2027")
	expiredDir := t.TempDir()
	testpki.WriteStateCA(expiredDir, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	expired, _ := os.ReadFile(filepath.Join(expiredDir, "ca.pem"))
	leaf := next.Leaf("proxy.stadt.example")
	key, _ := os.ReadFile(filepath.Join(expiredDir, "ca-key.pem"))
	for _, c := range []struct {
		name, file, warn, err string
	}{
		{"a CA from the PKI", write("next.pem", next.CertPEM), "", ""},
		{"with the PKI's chain after it", write("chain.pem", append(append([]byte{}, next.CertPEM...), current.CertPEM...)), "", ""},
		{"the current CA", write("same.pem", current.CertPEM), "ist schon die geltende (state_dir/ca.pem): keine Rotation im Gange, /ca-next.crt antwortet 404; nach dem Wechsel ca.next_cert_file leeren / the next CA is already the current one", ""},
		{"missing", filepath.Join(dir, "fehlt.pem"), "", "fehlt; ca.next_cert_file: das Zertifikat der nächsten CA (PEM, ohne Schlüssel) aus der PKI dort ablegen oder den Schlüssel leeren"},
		{"no PEM", write("kaputt.pem", []byte("kaputt")), "", "enthält kein PEM-Zertifikat (CERTIFICATE)"},
		{"a server certificate", write("leaf.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Certificate[0]})), "", "ist kein CA-Zertifikat (ein Server- oder Nutzerzertifikat?)"},
		{"expired", write("expired.pem", expired), "", "ist am " + now.Add(-24*time.Hour).UTC().Format(time.DateOnly) + " abgelaufen: eine neue aus der PKI holen / the next CA in "},
		{"with its key", write("withkey.pem", append(append([]byte{}, next.CertPEM...), key...)), "", "enthält einen privaten Schlüssel (PRIVATE KEY), der Admin-Port liefert die Datei deshalb nicht aus"},
	} {
		cfg := config.Default()
		cfg.StateDir = t.TempDir()
		cfg.CA.NextCertFile = c.file
		warn, err := CheckNextCA(cfg, current.Cert, now)
		switch {
		case c.err == "" && err != nil, c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "ca.next_cert_file: ") || !strings.Contains(err.Error(), c.file)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		case c.warn == "" && warn != "", c.warn != "" && !strings.Contains(warn, c.warn):
			t.Errorf("%s: warning %q, want %q", c.name, warn, c.warn)
		}
		if err != nil && strings.Contains(err.Error(), "PRIVATE KEY-----") {
			t.Errorf("%s: the error quotes the key", c.name)
		}
	}
	// Without the key, state_dir/ca-neu is not this check's.
	cfg := config.Default()
	cfg.StateDir = t.TempDir()
	if w, err := CheckNextCA(cfg, current.Cert, now); w != "" || err != nil {
		t.Errorf("without ca.next_cert_file: %q %v", w, err)
	}
}

// TestAdminNextCAFromConfig: with ca.next_cert_file the admin port serves
// that file's CA as /ca-next.crt (its certificate alone: not the chain
// after it) and /ca-next.der, and ignores state_dir/ca-neu; a file that
// holds a key is not served, and the answer holds no part of it.
func TestAdminNextCAFromConfig(t *testing.T) {
	dir := t.TempDir()
	next := testpki.NewCA("Stadt PKI Interception CA 2027")
	other := testpki.NewCA("other")
	file := filepath.Join(dir, "next.pem")
	os.WriteFile(file, append(append([]byte{}, next.CertPEM...), other.CertPEM...), 0o644)
	h := newHarnessOn(t, nil, io.Discard, func(c *config.Config) { c.CA.NextCertFile = file }, nil, testpki.NewCA("x"))
	if _, err := InitCA(filepath.Join(h.stateDir, NextCADir), "ca-neu", false); err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + h.srv.AdminAddr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if c, b := get("/ca-next.crt"); c != 200 || b != string(next.CertPEM) {
		t.Errorf("ca-next.crt from ca.next_cert_file: %d %q", c, b)
	}
	if c, b := get("/ca-next.der"); c != 200 || b != string(next.Cert.Raw) {
		t.Errorf("ca-next.der from ca.next_cert_file: %d", c)
	}
	keyDir := t.TempDir()
	testpki.WriteStateCA(keyDir, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	key, _ := os.ReadFile(filepath.Join(keyDir, "ca-key.pem"))
	os.WriteFile(file, append(append([]byte{}, next.CertPEM...), key...), 0o644)
	if c, b := get("/ca-next.crt"); c != 500 || strings.Contains(b, "PRIVATE") || strings.Contains(b, strings.Split(string(key), "\n")[1]) {
		t.Errorf("a file with a key: %d %q", c, b)
	}
}

// FuzzParseNextCA: whatever a next CA's file holds, parseNextCA serves
// (NextCA.PEM) exactly one CERTIFICATE block, that of a CA certificate,
// and nothing of a file that holds a private key. Seeded from
// TestCheckNextCA's files.
func FuzzParseNextCA(f *testing.F) {
	next := testpki.NewCA("Stadt PKI Interception CA 2027")
	other := testpki.NewCA("other")
	dir := f.TempDir()
	testpki.WriteStateCA(dir, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	key, _ := os.ReadFile(filepath.Join(dir, "ca-key.pem"))
	leaf := next.Leaf("proxy.stadt.example")
	for _, seed := range [][]byte{
		next.CertPEM,
		append(append([]byte{}, next.CertPEM...), other.CertPEM...),
		append(append([]byte{}, next.CertPEM...), key...),
		append(append([]byte{}, key...), next.CertPEM...),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Certificate[0]}),
		[]byte("kaputt"),
		[]byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"),
		nil,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := parseNextCA(b, "next.pem", "redo")
		hasKey := false
		for rest := b; ; {
			var block *pem.Block
			if block, rest = pem.Decode(rest); block == nil {
				break
			}
			hasKey = hasKey || strings.Contains(block.Type, "PRIVATE KEY")
		}
		if err != nil {
			if n != nil {
				t.Fatal("a next CA and an error")
			}
			return
		}
		if hasKey {
			t.Fatalf("a file with a key was taken: %q", b)
		}
		block, rest := pem.Decode(n.PEM)
		if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 || string(block.Bytes) != string(n.Cert.Raw) || !n.Cert.IsCA {
			t.Fatalf("served %q for %q", n.PEM, b)
		}
	})
}
