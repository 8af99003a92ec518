package identity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/testpki"
)

// TestLDAPCAFileDER: a DER CA file (a domain controller's CA as Windows
// exports it, .cer) says how to convert it; any file without a certificate
// is named. Before: "CA file holds no PEM certificate" without the file.
func TestLDAPCAFileDER(t *testing.T) {
	dir := t.TempDir()
	der := filepath.Join(dir, "ad-ca.cer")
	if err := os.WriteFile(der, testpki.NewCA("AD CA").Cert.Raw, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{LDAP: &LDAPConfig{URL: "ldaps://dc:636", BaseDN: "dc=x", CAFile: der}})
	want := "identity: ldap.ca_file: " + der + " enthält ein DER-Zertifikat, kein PEM: umwandeln (openssl x509 -inform der -in " + der + " -out " + filepath.Join(dir, "ad-ca") + ".pem) und die .pem-Datei eintragen / " +
		der + " holds a DER certificate, not PEM: convert it (openssl x509 -inform der -in " + der + " -out " + filepath.Join(dir, "ad-ca") + ".pem)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("DER: %v, want %q", err, want)
	}
	junk := filepath.Join(dir, "ca.txt")
	os.WriteFile(junk, []byte("kein Zertifikat"), 0o600)
	if _, err := New(Config{LDAP: &LDAPConfig{URL: "ldaps://dc:636", BaseDN: "dc=x", CAFile: junk}}); err == nil || !strings.Contains(err.Error(), "ldap.ca_file: "+junk+" enthält kein PEM-Zertifikat / "+junk+" holds no PEM certificate") {
		t.Errorf("junk: %v", err)
	}
}
