package audit

import (
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMultiNodePostgres: two proxy nodes (own state directories) write
// their own chains into one PostgreSQL log at the same time.
func TestMultiNodePostgres(t *testing.T) {
	var pg *backend
	for _, b := range backends(t) {
		if b.name == "postgres" {
			pg = &b
		}
	}
	if pg == nil {
		t.Skip("!!! SCHLEUSE_TEST_POSTGRES not set: multi-node PostgreSQL log NOT tested !!!")
	}
	base := pg.cfg(t)
	keys := filepath.Join(t.TempDir(), "keys.json")
	var wg sync.WaitGroup
	for _, node := range []string{"proxy-1", "proxy-2"} {
		cfg := Config{Store: base.Store, Dir: t.TempDir(), KeyFile: keys, Node: node, FlushInterval: 5 * time.Millisecond}
		if node == "proxy-1" {
			mustOpen(t, cfg).Close() // creates the shared key file first
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := Open(context.Background(), cfg)
			if err != nil {
				t.Error(err)
				return
			}
			for i := 0; i < 1500; i++ {
				l.Log(Entry{RequestID: node, UserName: "anna", Action: "allow", Values: []TypedValue{{"EMAIL", "a@b.de"}}})
			}
			if err := l.Close(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// A second writer with a node id in use is refused.
	l1 := mustOpen(t, Config{Store: base.Store, Dir: t.TempDir(), KeyFile: keys, Node: "proxy-1"})
	if l2, err := Open(context.Background(), Config{Store: base.Store, Dir: t.TempDir(), KeyFile: keys, Node: "proxy-1"}); err == nil {
		l2.Close()
		t.Error("two writers with one node id accepted")
	}
	l1.Close()
	r := mustReader(t, Config{Store: base.Store, KeyFile: keys})
	res, err := r.Verify(context.Background())
	if err != nil || !res.OK() || len(res.Nodes) != 2 || res.Nodes[0].Records != 1500 || res.Nodes[1].Records != 1500 {
		t.Fatalf("verify: %+v %v", res, err)
	}
	for _, n := range []string{"proxy-1", "proxy-2"} {
		recs, err := r.Query(context.Background(), Filter{Node: n, Value: "A@B.de", UserName: "Anna", Limit: -1})
		if err != nil || len(recs) != 1500 {
			t.Fatalf("node %s: %d records, %v (shared keys must match across nodes)", n, len(recs), err)
		}
	}
}

// TestImports: audit is a leaf package; it never imports other packages of
// this module (DESIGN.md: imports run one way).
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p := strings.Trim(imp.Path.Value, `"`); strings.HasPrefix(p, "github.com/schleuse/schleuse/") {
				t.Errorf("%s imports %s: audit must not import other schleuse packages", f, p)
			}
		}
	}
}
