package extract

import (
	"errors"
	"strings"
	"testing"
)

// TestNoticeSaysWhatToDo: each reason Text gives has its own German
// sentence with a next step, and an English one; the notice for an error
// Text returns (wrapped, as formatError) is that of its reason.
func TestNoticeSaysWhatToDo(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []struct {
		err  error
		want string
	}{
		{fail("office", ErrEncrypted), "Passwort"},
		{fail("legacy office", ErrUnsupported), "Speichern Sie die Datei"},
		{fail("input", ErrTooLarge), "zu groß"},
		{fail("pdf", ErrCorrupt), "beschädigt"},
		{errors.New("other"), "kann nicht gelesen"},
	} {
		de, en := Notice(c.err)
		if !strings.Contains(de, c.want) || !strings.Contains(de, "nicht hochgeladen") || en == "" || seen[de] {
			t.Errorf("%v: %q / %q", c.err, de, en)
		}
		seen[de] = true
	}
	if _, err := Text("alt.doc", "", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"+strings.Repeat("\x00", 64)), 0); err == nil {
		t.Fatal("a legacy .doc was read")
	} else if de, _ := Notice(err); !strings.Contains(de, ".docx") {
		t.Errorf("legacy .doc: %q", de)
	}
}
