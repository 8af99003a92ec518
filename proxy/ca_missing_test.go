package proxy

import (
	"crypto/x509"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCAHalfPresent: one of ca.pem and ca-key.pem alone (a half-restored
// backup) is refused, by run as by config check, with what to do: restore
// both, or knowingly make a new CA that every browser must be given again.
// None at all (ca show --dir on an empty directory) says how to make one.
func TestCAHalfPresent(t *testing.T) {
	src := t.TempDir()
	if _, err := InitCA(src, "", false); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []string{CACertFile, CAKeyFile} {
		dir := t.TempDir()
		b, _ := os.ReadFile(filepath.Join(src, keep))
		if err := os.WriteFile(filepath.Join(dir, keep), b, 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := LoadOrInitCA(dir)
		if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "fehlt neben "+keep+": beide aus derselben Sicherung zurückspielen") ||
			!strings.Contains(err.Error(), "is missing beside "+keep+": restore both from the same backup") || !strings.Contains(err.Error(), "schleuse ca init --force") {
			t.Errorf("only %s: %v", keep, err)
		}
		if _, err := os.Stat(filepath.Join(dir, map[string]string{CACertFile: CAKeyFile, CAKeyFile: CACertFile}[keep])); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("only %s: the missing file was made anew: %v", keep, err)
		}
	}
	if _, err := LoadCA(t.TempDir()); err == nil || !strings.Contains(err.Error(), "missing): schleuse ca init creates one") {
		t.Errorf("no CA: %v", err)
	}
	// A key of another CA beside the certificate.
	other := t.TempDir()
	if _, err := InitCA(other, "", false); err != nil {
		t.Fatal(err)
	}
	mixed := t.TempDir()
	for dir, f := range map[string]string{src: CACertFile, other: CAKeyFile} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		os.WriteFile(filepath.Join(mixed, f), b, 0o600)
	}
	if _, err := LoadCA(mixed); err == nil || !strings.Contains(err.Error(), "must come from the same ca init or backup") ||
		!strings.HasPrefix(err.Error(), "CA in "+mixed+": ca.pem und ca-key.pem passen nicht zusammen oder sind beschädigt") {
		t.Errorf("mismatched pair: %v", err)
	}
	// A damaged certificate (the IT admin walk-through: 'garbage' in
	// ca.pem) and a key others may read say so German first; before,
	// English only.
	broken := t.TempDir()
	if _, err := InitCA(broken, "", false); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(broken, CACertFile), []byte("garbage\n"), 0o644)
	if _, err := LoadCA(broken); err == nil || !strings.HasPrefix(err.Error(), "CA in "+broken+": ca.pem und ca-key.pem passen nicht zusammen oder sind beschädigt") {
		t.Errorf("damaged ca.pem: %v", err)
	}
	readable := t.TempDir()
	if _, err := InitCA(readable, "", false); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(readable, CAKeyFile)
	os.Chmod(key, 0o644)
	if _, err := LoadCA(readable); err == nil || !strings.HasPrefix(err.Error(), "Der CA-Schlüssel "+key+" ist für andere lesbar (Rechte -rw-r--r--): chmod 600 "+key) ||
		!strings.Contains(err.Error(), " / CA key "+key+" has mode -rw-r--r--, want 0600") {
		t.Errorf("key readable by others: %v", err)
	}
}

// TestCAUnreadableSaysWhose: a CA file the service account may not read
// (made by root for a rotation and moved into state_dir) says whose it
// must be, not only "permission denied". Tests run as root here, where no
// mode keeps a file from being read: the error is given as the kernel
// gives it to another account.
func TestCAUnreadableSaysWhose(t *testing.T) {
	denied := &fs.PathError{Op: "open", Path: "/var/lib/schleuse/ca-key.pem", Err: fs.ErrPermission}
	err := caReadError("read CA key", "/var/lib/schleuse/ca-key.pem", denied)
	if !errors.Is(err, fs.ErrPermission) || !strings.HasPrefix(err.Error(), "/var/lib/schleuse/ca-key.pem darf dieses Konto nicht lesen: die Datei muss dem Konto gehören, unter dem schleuse läuft") ||
		!strings.Contains(err.Error(), " / read CA key: /var/lib/schleuse/ca-key.pem cannot be read by this account: it must belong to the account schleuse runs as") {
		t.Errorf("permission denied: %v", err)
	}
	other := &fs.PathError{Op: "open", Path: "/x", Err: errors.New("input/output error")}
	if err := caReadError("read CA key", "/x", other); err.Error() != "read CA key: open /x: input/output error" {
		t.Errorf("other error: %v", err)
	}
}

// TestAddCAFileDER: a DER certificate in upstream.ca_files (as Windows
// exports one) says how to convert it; a file with no certificate says so.
func TestAddCAFileDER(t *testing.T) {
	dir := t.TempDir()
	ca, err := InitCA(dir, "", false)
	if err != nil {
		t.Fatal(err)
	}
	der := filepath.Join(dir, "firma-ca.cer")
	os.WriteFile(der, ca.Cert.Raw, 0o644)
	pool := x509.NewCertPool()
	if err := AddCAFile(pool, der); err == nil || err.Error() != "upstream.ca_files: "+der+" enthält ein DER-Zertifikat, kein PEM: umwandeln (openssl x509 -inform der -in "+der+" -out "+filepath.Join(dir, "firma-ca")+".pem) und die .pem-Datei eintragen / "+
		"upstream.ca_files: "+der+" holds a DER certificate, not PEM: convert it (openssl x509 -inform der -in "+der+" -out "+filepath.Join(dir, "firma-ca")+".pem) and name the .pem file" {
		t.Errorf("DER: %v", err)
	}
	if err := AddCAFile(pool, filepath.Join(dir, CACertFile)); err != nil {
		t.Errorf("PEM: %v", err)
	}
	junk := filepath.Join(dir, "x.txt")
	os.WriteFile(junk, []byte("kein Zertifikat"), 0o644)
	if err := AddCAFile(pool, junk); err == nil || err.Error() != "upstream.ca_files: "+junk+" enthält kein PEM-Zertifikat / upstream.ca_files: "+junk+" holds no PEM certificate" {
		t.Errorf("junk: %v", err)
	}
}
