package policies

import (
	"bytes"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestOpaTestAgrees runs stock `opa test` on the default policy, when an opa binary is on PATH,
// and compares its counts with Test.
func TestOpaTestAgrees(t *testing.T) {
	opa, err := exec.LookPath("opa")
	if err != nil {
		t.Skip("no opa binary on PATH; install it to compare `opa test` with `schleuse policy test`")
	}
	dir := t.TempDir()
	if err := WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, opa, "test", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("opa test: %v\n%s", err, out)
	}
	var ours bytes.Buffer
	passed, failed, err := Test(ctx, dir, &ours, false)
	if err != nil || failed != 0 {
		t.Fatalf("Test: %v, %d failed", err, failed)
	}
	m := regexp.MustCompile(`PASS: (\d+)/(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("opa test output has no summary:\n%s", out)
	}
	if want := string(m[1]); want != string(m[2]) || want != itoa(passed) {
		t.Errorf("opa test %s/%s, Test %d passed", m[1], m[2], passed)
	}
	if !bytes.Equal(bytes.TrimSpace(out), bytes.TrimSpace(ours.Bytes())) {
		t.Errorf("reports differ:\nopa:\n%s\nours:\n%s", out, ours.Bytes())
	}
}

func itoa(n int) string { return string(strconv.AppendInt(nil, int64(n), 10)) }
