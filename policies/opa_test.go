package policies

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOpaTestAgrees runs stock `opa test` (when an opa binary is on PATH) on the default policy
// and on a broken copy, and checks that Test reports the same summary.
func TestOpaTestAgrees(t *testing.T) {
	opa, err := exec.LookPath("opa")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no opa binary on PATH: .ci/run installs it (go install github.com/open-policy-agent/opa@v1.22.3)")
		}
		t.Skip("SKIPPED LOUDLY: no opa binary on PATH; `GOBIN=/usr/local/bin go install github.com/open-policy-agent/opa@v1.22.3` to compare `opa test` with `schleuse policy test`")
	}
	good := t.TempDir()
	if err := WriteDefault(good); err != nil {
		t.Fatal(err)
	}
	broken := t.TempDir()
	if err := WriteDefault(broken); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(broken, "richtlinie.rego")
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(src), "count(high_risk) > 0", "count(high_risk) > 99", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := regexp.MustCompile(`(?m)^(PASS|FAIL): \d+/\d+$`)
	for dir, wantFailed := range map[string]bool{good: false, broken: true} {
		out, err := exec.CommandContext(ctx, opa, "test", dir).CombinedOutput()
		if (err != nil) != wantFailed {
			t.Fatalf("opa test %s: %v\n%s", dir, err, out)
		}
		var ours bytes.Buffer
		_, failed, err := Test(ctx, dir, &ours, false)
		if err != nil || (failed > 0) != wantFailed {
			t.Fatalf("Test %s: %v, %d failed", dir, err, failed)
		}
		theirs, mine := summary.FindAll(out, -1), summary.FindAll(ours.Bytes(), -1)
		if len(theirs) == 0 || !bytes.Equal(bytes.Join(theirs, nil), bytes.Join(mine, nil)) {
			t.Errorf("summaries differ:\nopa test:\n%s\nTest:\n%s", out, ours.Bytes())
		}
	}
}
