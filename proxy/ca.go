package proxy

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/schleuse/schleuse/config"
)

// CA file names inside the state directory.
const (
	CACertFile = "ca.pem"
	CAKeyFile  = "ca-key.pem"
)

// NextCADir is the directory inside state_dir where a rotation's next CA
// lies (docs/security.md, Rotation: ca init --dir STATE_DIR/ca-neu). The
// admin port serves its certificate as /ca-next.crt and /ca-next.der
// beside the current one while browsers and the GPO receive it; its key is
// never read.
const NextCADir = "ca-neu"

// ErrCAExists is returned by InitCA when a CA is already there and force is false.
// It names the rotation too: --force breaks every browser at once, which
// an administrator renewing a CA that expires soon does not want.
var ErrCAExists = errors.New("hier liegt schon eine CA (--force ersetzt sie; danach muss jeder Browser die neue erhalten; ein Wechsel ohne Unterbrechung legt die nächste mit --dir in einem anderen Verzeichnis an und verteilt sie neben der jetzigen, docs/security.md, Rotation) / a CA already exists (use --force to replace it; to rotate without an outage, create the next one in another directory with --dir and roll it out beside this one: docs/security.md, Rotation)")

// CA is the municipality's own interception CA. Never goproxy's built-in one:
// its private key is public.
type CA struct {
	Cert    *x509.Certificate
	TLS     tls.Certificate // the CA key pair (Leaf set); SignLeaf signs with its key
	CertPEM []byte
}

// Problem says why browsers reject every leaf the CA signs at now: its
// certificate expired, or is not valid yet (a clock set back); "" while it
// is valid. The proxy then refuses CONNECTs to inspected services (fail
// closed: no LLM traffic without inspection) and tunnels the rest.
func (ca *CA) Problem(now time.Time) string {
	_, en := ca.problem(now)
	return en
}

// ProblemDE is Problem in German, for what IT reads first (/readyz):
// "" for a CA that is valid at now.
func (ca *CA) ProblemDE(now time.Time) string {
	de, _ := ca.problem(now)
	return de
}

// problem is Problem in German and English, one switch for both.
func (ca *CA) problem(now time.Time) (de, en string) {
	switch {
	case now.After(ca.Cert.NotAfter):
		end := ca.Cert.NotAfter.UTC().Format(time.DateOnly)
		return "die Interception-CA ist am " + end + " abgelaufen", "interception CA expired on " + end
	case now.Before(ca.Cert.NotBefore):
		start := ca.Cert.NotBefore.UTC().Format(time.RFC3339)
		return "die Interception-CA gilt erst ab " + start + " (die Uhr dieses Rechners prüfen)",
			"interception CA not valid before " + start + " (check the clock)"
	}
	return "", ""
}

// leafValidity is how long a leaf certificate is valid. Browsers cap
// leaves of locally trusted roots at 825 days (Apple) and accept a year; the
// cache renews a leaf a day before it ends.
const leafValidity = 365 * 24 * time.Hour

// SignLeaf issues a server certificate for host (a name or an IP address)
// with a new ECDSA P-256 key, signed by the CA. Its subject names
// schleuse, so that someone who looks at the certificate in the browser
// sees who decrypts the connection.
func (ca *CA) SignLeaf(host string) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("leaf key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("leaf serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{CommonName: host, Organization: []string{"schleuse"},
			OrganizationalUnit: []string{"KI-Schleuse: geprüfte Verbindung / inspected connection"}},
		NotBefore:             now.Add(-24 * time.Hour), // clients with a clock a little behind
		NotAfter:              now.Add(leafValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.TLS.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("sign leaf for %s: %w", host, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	// The chain goes with it: clients that trust the CA by its key (a pinned
	// SPKI, as Chromium's --ignore-certificate-errors-spki-list) need to see it.
	return &tls.Certificate{Certificate: append([][]byte{der}, ca.TLS.Certificate...), PrivateKey: key, Leaf: leaf}, nil
}

// InitCA creates an ECDSA P-256 root in dir: ca.pem (0644) and ca-key.pem (0600).
// It refuses to overwrite an existing key unless force is set.
func InitCA(dir, commonName string, force bool) (*CA, error) {
	keyPath, certPath := filepath.Join(dir, CAKeyFile), filepath.Join(dir, CACertFile)
	if !force {
		if _, err := os.Stat(keyPath); err == nil {
			return nil, fmt.Errorf("%s: %w", keyPath, ErrCAExists)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("CA serial: %w", err)
	}
	if commonName == "" {
		commonName = "schleuse Interception CA"
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName, Organization: []string{"schleuse"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("create CA certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("marshal CA key: %w", err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	// Write the key first, atomically, with 0600 from the start.
	if err := writeFileAtomic(keyPath, keyPEM, 0o600); err != nil {
		return nil, err
	}
	if err := writeFileAtomic(certPath, certPEM, 0o644); err != nil {
		return nil, err
	}
	return parseCA(certPEM, keyPEM)
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// LoadCA reads ca.pem and ca-key.pem from dir. A key file readable by
// group or others is refused.
func LoadCA(dir string) (*CA, error) {
	certPath, keyPath := filepath.Join(dir, CACertFile), filepath.Join(dir, CAKeyFile)
	certPEM, errCert := os.ReadFile(certPath)
	keyPEM, errKey := os.ReadFile(keyPath)
	// One of the two files alone is a half-restored backup or a file
	// deleted by mistake: the CA the browsers trust needs both, and a new
	// one means rolling it out again.
	half := "restore both from the same backup; only when the CA is lost for good, schleuse ca init --force --config FILE makes a new one in its state_dir, which every browser must then be given again (docs/security.md)"
	halfDE := "beide aus derselben Sicherung zurückspielen; nur wenn die CA endgültig verloren ist, legt schleuse ca init --force --config DATEI eine neue in ihrem state_dir an, die dann jeder Browser neu erhalten muss (docs/security.md)"
	switch {
	case errors.Is(errCert, os.ErrNotExist) && errors.Is(errKey, os.ErrNotExist):
		return nil, fmt.Errorf("keine CA in %s (%s und %s fehlen): schleuse ca init legt eine an, run tut es im state_dir / no CA in %s (%s and %s missing): schleuse ca init creates one, run does in state_dir: %w", dir, CACertFile, CAKeyFile, dir, CACertFile, CAKeyFile, errCert)
	case errors.Is(errCert, os.ErrNotExist):
		return nil, fmt.Errorf("CA-Zertifikat: %s fehlt neben %s: %s / read CA certificate: %s is missing beside %s: %s: %w", certPath, CAKeyFile, halfDE, certPath, CAKeyFile, half, errCert)
	case errCert != nil:
		return nil, caReadError("read CA certificate", certPath, errCert)
	case errors.Is(errKey, os.ErrNotExist):
		return nil, fmt.Errorf("CA-Schlüssel: %s fehlt neben %s: %s / read CA key: %s is missing beside %s: %s: %w", keyPath, CACertFile, halfDE, keyPath, CACertFile, half, errKey)
	case errKey != nil:
		return nil, caReadError("read CA key", keyPath, errKey)
	}
	// Whoever can read the key can sign a certificate for any host that
	// every browser of the municipality trusts: a key readable by group or
	// others is refused, as ssh refuses an open private key and as the
	// audit keys are (audit.LoadKeys).
	if st, err := os.Stat(keyPath); err != nil {
		return nil, fmt.Errorf("CA key: %w", err)
	} else if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("Der CA-Schlüssel %s ist für andere lesbar (Rechte %v): chmod 600 %s, Eigentümer das Konto, unter dem schleuse läuft / "+
			"CA key %s has mode %v, want 0600 and owned by the account schleuse runs as (chown that account and chmod 600 %s)", keyPath, st.Mode().Perm(), keyPath, keyPath, st.Mode().Perm(), keyPath)
	}
	ca, err := parseCA(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("CA in %s: %s und %s passen nicht zusammen oder sind beschädigt (beide müssen aus demselben ca init oder derselben Sicherung stammen; schleuse ca show nennt den Fingerabdruck, der zu den Browsern passen muss): beide aus derselben Sicherung zurückholen / "+
			"CA key %s or certificate does not work (%s and %s must come from the same ca init or backup): %w", dir, CACertFile, CAKeyFile, keyPath, CACertFile, CAKeyFile, err)
	}
	return ca, nil
}

// caReadError is the error for a CA file that could not be read. A file
// this account may not read is most often one that root made (ca init as
// root for a rotation, then moved into state_dir).
func caReadError(what, path string, err error) error {
	if errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("%s darf dieses Konto nicht lesen: die Datei muss dem Konto gehören, unter dem schleuse läuft (chown; das ca init einer Rotation unter diesem Konto: sudo -u schleuse schleuse ca init …), und ca show oder config check ebenfalls unter ihm aufrufen / "+
			"%s: %s cannot be read by this account: it must belong to the account schleuse runs as (chown that account; a rotation's ca init as it: sudo -u schleuse schleuse ca init …), and ca show or config check run as that account too: %w", path, what, path, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// LoadOrInitCA loads the CA from dir, creating one when neither file exists.
// created reports whether a new CA was made. A half-present or unreadable CA
// is an error, never silently replaced.
func LoadOrInitCA(dir string) (ca *CA, created bool, err error) {
	_, errCert := os.Stat(filepath.Join(dir, CACertFile))
	_, errKey := os.Stat(filepath.Join(dir, CAKeyFile))
	if errors.Is(errCert, os.ErrNotExist) && errors.Is(errKey, os.ErrNotExist) {
		ca, err := InitCA(dir, "", false)
		return ca, err == nil, err
	}
	ca, err = LoadCA(dir)
	return ca, false, err
}

func parseCA(certPEM, keyPEM []byte) (*CA, error) {
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("parse %s / %s: %w", CACertFile, CAKeyFile, err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	if !leaf.IsCA {
		return nil, errors.New("parse CA: certificate is not a CA")
	}
	pair.Leaf = leaf
	return &CA{Cert: leaf, TLS: pair, CertPEM: certPEM}, nil
}

// NextCA is the certificate of a rotation's next CA (NextCADir): what the
// admin port offers for download before the switch. It signs nothing.
type NextCA struct {
	Cert *x509.Certificate
	PEM  []byte // the file's bytes, served as they are
}

// Fingerprint is the SHA-256 fingerprint of the next CA's certificate, as
// CA.Fingerprint writes it.
func (n *NextCA) Fingerprint() string { return certFingerprint(n.Cert) }

// NextCAFile is where cfg's next CA lies: ca.next_cert_file (configured),
// or else state_dir/ca-neu/ca.pem.
func NextCAFile(cfg *config.Config) (path string, configured bool) {
	if cfg.CA.NextCertFile != "" {
		return cfg.CA.NextCertFile, true
	}
	return filepath.Join(cfg.StateDir, NextCADir, CACertFile), false
}

// LoadNextCA reads the certificate of cfg's next CA (NextCAFile): nil and
// no error without one in state_dir/ca-neu (no rotation in progress); a
// file named by ca.next_cert_file must be there. A file that cannot be
// read, holds no CA certificate or holds a private key is an error:
// nothing else is offered to browsers in its place, and never a key. The
// next CA's PEM is its certificate alone, whatever else the file holds
// (a PKI's chain after it).
func LoadNextCA(cfg *config.Config) (*NextCA, error) {
	path, configured := NextCAFile(cfg)
	redo := "die nächste CA mit schleuse ca init --dir dort neu anlegen / make the next CA there again with ca init --dir"
	if configured {
		redo = "ca.next_cert_file: das Zertifikat der nächsten CA (PEM, ohne Schlüssel) aus der PKI dort ablegen oder den Schlüssel leeren / put the next CA's certificate (PEM, no key) there or empty ca.next_cert_file"
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && !configured:
		return nil, nil
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("%s fehlt; %s: %w", path, redo, err)
	case err != nil:
		return nil, caReadError("read next CA certificate", path, err)
	}
	return parseNextCA(b, path, redo)
}

// parseNextCA is the next CA in the file b read from path (LoadNextCA);
// redo says how to make it again.
func parseNextCA(b []byte, path, redo string) (*NextCA, error) {
	var cert *x509.Certificate
	var err error
	for rest := b; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if strings.Contains(block.Type, "PRIVATE KEY") {
			// Served without a login: a key must never go out with it.
			return nil, fmt.Errorf("%s enthält einen privaten Schlüssel (%s), der Admin-Port liefert die Datei deshalb nicht aus: nur das Zertifikat gehört hinein, der Schlüssel bleibt bei der CA / %s holds a private key and is not served: the certificate alone belongs there", path, block.Type, path)
		}
		if block.Type != "CERTIFICATE" || cert != nil {
			continue
		}
		if cert, err = x509.ParseCertificate(block.Bytes); err != nil {
			return nil, fmt.Errorf("%s ist beschädigt: %s: %w", path, redo, err)
		}
	}
	if cert == nil {
		return nil, fmt.Errorf("%s enthält kein PEM-Zertifikat (CERTIFICATE): %s", path, redo)
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("%s ist kein CA-Zertifikat (ein Server- oder Nutzerzertifikat?): %s", path, redo)
	}
	return &NextCA{Cert: cert, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})}, nil
}

// CheckNextCA checks cfg's next CA for config check, the start and a
// reload: one named by ca.next_cert_file must be a CA certificate
// (LoadNextCA) valid at now; one that is the current CA (the switch done,
// the key not emptied) is warn, not an error, as /ca-next.crt answers 404
// for it: the start after a switch must not fail on it. Without the key
// nothing is checked here (state_dir/ca-neu is checked where it is served).
func CheckNextCA(cfg *config.Config, current *x509.Certificate, now time.Time) (warn string, err error) {
	if cfg.CA.NextCertFile == "" {
		return "", nil
	}
	next, err := LoadNextCA(cfg)
	if err != nil {
		return "", fmt.Errorf("ca.next_cert_file: %w", err)
	}
	path := cfg.CA.NextCertFile
	switch {
	case now.After(next.Cert.NotAfter):
		return "", fmt.Errorf("ca.next_cert_file: die nächste CA in %s ist am %s abgelaufen: eine neue aus der PKI holen / the next CA in %s expired on %s",
			path, next.Cert.NotAfter.UTC().Format(time.DateOnly), path, next.Cert.NotAfter.UTC().Format(time.DateOnly))
	case current != nil && string(current.Raw) == string(next.Cert.Raw):
		return fmt.Sprintf("ca.next_cert_file: die nächste CA in %s ist schon die geltende (state_dir/%s): keine Rotation im Gange, /ca-next.crt antwortet 404; nach dem Wechsel ca.next_cert_file leeren / the next CA is already the current one: empty ca.next_cert_file after the switch",
			path, CACertFile), nil
	}
	return "", nil
}

// Fingerprint is the SHA-256 fingerprint of the CA certificate, colon-separated upper-case hex.
func (ca *CA) Fingerprint() string { return certFingerprint(ca.Cert) }

// certFingerprint is the SHA-256 fingerprint of cert, colon-separated
// upper-case hex.
func certFingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// SPKIPin is base64(sha256(SubjectPublicKeyInfo)), as used by Chromium's
// --ignore-certificate-errors-spki-list and HPKP-style pins.
func (ca *CA) SPKIPin() string {
	sum := sha256.Sum256(ca.Cert.RawSubjectPublicKeyInfo)
	return base64Std(sum[:])
}

// Describe is the text `schleuse ca show` prints.
func (ca *CA) Describe() string {
	return fmt.Sprintf("Subject:     %s\nNot before:  %s\nNot after:   %s\nSHA-256:     %s\nSPKI pin:    %s\n",
		ca.Cert.Subject.String(), ca.Cert.NotBefore.UTC().Format(time.RFC3339),
		ca.Cert.NotAfter.UTC().Format(time.RFC3339), ca.Fingerprint(), ca.SPKIPin())
}

// certCache is the goproxy CertStorage: each host is signed once.
// It is safe for concurrent use.
type certCache struct {
	mu     sync.Mutex
	certs  map[string]*tls.Certificate
	onHit  func(hit bool)
	maxLen int
}

func newCertCache(onHit func(bool)) *certCache {
	return &certCache{certs: make(map[string]*tls.Certificate), onHit: onHit, maxLen: 10000}
}

// Fetch implements goproxy.CertStorage.
func (c *certCache) Fetch(host string, gen func() (*tls.Certificate, error)) (*tls.Certificate, error) {
	c.mu.Lock()
	cert, ok := c.certs[host]
	c.mu.Unlock()
	if ok && (cert.Leaf == nil || time.Now().Before(cert.Leaf.NotAfter.Add(-24*time.Hour))) {
		if c.onHit != nil {
			c.onHit(true)
		}
		return cert, nil
	}
	if c.onHit != nil {
		c.onHit(false)
	}
	cert, err := gen()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.certs) >= c.maxLen {
		clear(c.certs)
	}
	c.certs[host] = cert
	c.mu.Unlock()
	return cert, nil
}
