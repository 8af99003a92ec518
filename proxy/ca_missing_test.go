package proxy

import (
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
		if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "is missing beside "+keep+": restore both from the same backup") || !strings.Contains(err.Error(), "schleuse ca init --force") {
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
	if _, err := LoadCA(mixed); err == nil || !strings.Contains(err.Error(), "must come from the same ca init or backup") {
		t.Errorf("mismatched pair: %v", err)
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
	if !errors.Is(err, fs.ErrPermission) || !strings.HasPrefix(err.Error(), "read CA key: /var/lib/schleuse/ca-key.pem cannot be read by this account: it must belong to the account schleuse runs as") {
		t.Errorf("permission denied: %v", err)
	}
	other := &fs.PathError{Op: "open", Path: "/x", Err: errors.New("input/output error")}
	if err := caReadError("read CA key", "/x", other); err.Error() != "read CA key: open /x: input/output error" {
		t.Errorf("other error: %v", err)
	}
}
