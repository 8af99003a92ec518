package policies

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Query is the rule the engine evaluates.
const Query = "data.schleuse.decision"

// maxBundleBytes bounds what a policy directory may hold in total.
const maxBundleBytes = 32 << 20

// testTimeout bounds each Rego test.
const testTimeout = 10 * time.Second

//go:embed default
var defaultFiles embed.FS

// defaultFS is the embedded default KI-Richtlinie, rooted at its directory.
func defaultFS() fs.FS {
	sub, err := fs.Sub(defaultFiles, "default")
	if err != nil {
		panic(err) // the embed directive guarantees the directory
	}
	return sub
}

// forbiddenBuiltin reports builtins a policy must not use: anything that reaches the network or the
// host environment, and the non-deterministic ones (a decision must be reproducible from the audited
// input; use input.time instead of the clock).
func forbiddenBuiltin(name string) bool {
	switch name {
	case "http.send", "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122":
		return true
	}
	return strings.HasPrefix(name, "net.")
}

// capabilities are OPA's builtins for this version without the forbidden ones, and no network.
var capabilities = sync.OnceValue(func() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	kept := make([]*ast.Builtin, 0, len(c.Builtins))
	for _, b := range c.Builtins {
		if !forbiddenBuiltin(b.Name) {
			kept = append(kept, b)
		}
	}
	c.Builtins = kept
	c.AllowNet = []string{}
	return c
})

// bundle is one consistent snapshot of a policy directory, parsed.
type bundle struct {
	name     string // directory, or "(eingebaut)" for the embedded default
	revision string
	digest   string                 // the full SHA-256 of which revision is the start
	modules  map[string]*ast.Module // by file name relative to the directory
	docs     map[string]any         // data documents, mounted as `opa test DIR` mounts them
	// testInputs are the inputs the policy's own tests decide (set by runTests when it loads).
	testInputs []ast.Value
}

// policyFile reports whether a file belongs to the bundle: Rego, JSON and YAML files that are not
// hidden (editors keep swap and lock files as dot files).
func policyFile(name string) bool {
	if strings.HasPrefix(name, ".") {
		return false
	}
	switch path.Ext(name) {
	case ".rego", ".json", ".yaml", ".yml":
		return true
	}
	return false
}

// snapshot reads the policy files of fsys into memory once, so that parsing and the revision hash
// see the same bytes even while an editor is saving. The digest is a SHA-256 over the sorted file
// names and contents (hex); the revision is its first 16 digits.
func snapshot(fsys fs.FS) (files fstest.MapFS, digest string, err error) {
	files = fstest.MapFS{}
	var names []string
	total := 0
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !policyFile(d.Name()) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if total += len(b); total > maxBundleBytes {
			return fmt.Errorf("policy files exceed %d bytes", maxBundleBytes)
		}
		files[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	slices.Sort(names)
	h := sha256.New()
	var n [8]byte
	for _, p := range names {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		io.WriteString(h, p)
		binary.BigEndian.PutUint64(n[:], uint64(len(files[p].Data)))
		h.Write(n[:])
		h.Write(files[p].Data)
	}
	return files, hex.EncodeToString(h.Sum(nil)), nil
}

// load reads and parses the policy in dir ("" = the embedded default). Parse errors name file:line.
func load(dir string) (*bundle, error) {
	name, fsys := "(eingebaut)", defaultFS()
	if dir != "" {
		// os.DirFS would report a missing directory as "stat .".
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
		name, fsys = dir, os.DirFS(dir)
	}
	files, digest, err := snapshot(fsys)
	if err != nil {
		return nil, fmt.Errorf("policy %s: read: %w", name, err)
	}
	res, err := loader.NewFileLoader().
		WithFS(files).
		WithProcessAnnotation(true).
		WithCapabilities(capabilities()).
		Filtered([]string{"."}, nil)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	mods := res.ParsedModules()
	if len(mods) == 0 {
		return nil, fmt.Errorf("policy %s: %w", name, ErrNoRego)
	}
	if found := unknownTypes(mods, allowList(res.Documents)); len(found) > 0 {
		return nil, &UnknownTypeError{Name: name, Found: found}
	}
	return &bundle{name: name, revision: digest[:16], digest: digest, modules: mods, docs: res.Documents}, nil
}

// newCompiler is the compiler `opa test` uses, with our capabilities.
func newCompiler(ctx context.Context, store storage.Store, txn storage.Transaction) *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(capabilities()).
		WithPathConflictsCheck(storage.NonEmpty(ctx, store, txn)).
		WithUseTypeCheckAnnotations(true)
}

// runTests runs the bundle's Rego tests as `opa test` does. With w non-nil it writes opa's own
// report. failures lists "file:line: package.test_name" for each failed or erroring test.
func (b *bundle) runTests(ctx context.Context, w io.Writer, verbose bool) (passed, failed int, failures []string, err error) {
	store := inmem.NewFromObject(b.docs)
	var rec *inputRecorder
	err = storage.Txn(ctx, store, storage.TransactionParams{}, func(txn storage.Transaction) error {
		runner := tester.NewRunner().
			SetCompiler(newCompiler(ctx, store, txn).WithEnablePrintStatements(true)).
			SetStore(store).
			CapturePrintOutput(true).
			EnableTracing(verbose).
			SetModules(b.modules).
			SetTimeout(testTimeout)
		if w == nil && !verbose { // loading a policy: keep its tests' inputs for checkVM
			rec = &inputRecorder{}
			runner.SetCoverageQueryTracer(rec)
		}
		ch, err := runner.RunTests(ctx, txn)
		if err != nil {
			return err
		}
		var results []*tester.Result
		for r := range ch {
			results = append(results, r)
			// Count as opa's reporter does: the leaves of sub-results where a test has them.
			p, f := 0, 0
			for _, sr := range r.SubResults.Iter {
				if len(sr.SubResults) == 0 {
					if sr.Fail {
						f++
					} else {
						p++
					}
				}
			}
			switch {
			case r.Skip:
				continue
			case r.Error != nil:
				f = max(f, 1)
			case p+f == 0 && r.Pass():
				p = 1
			case p+f == 0:
				f = 1
			}
			passed += p
			failed += f
			if !r.Pass() {
				f := fmt.Sprintf("%s: %s.%s", r.Location, r.Package, r.Name)
				if note := printNote(r.Output); note != "" {
					// What the test prints says what is wrong (the
					// default policy's name the bad entry or class):
					// the reload's log line and status page show it too.
					f += " (" + note + ")"
				}
				failures = append(failures, f)
			}
		}
		if w != nil {
			replay := make(chan *tester.Result, len(results))
			for _, r := range results {
				replay <- r
			}
			close(replay)
			return tester.PrettyReporter{Output: w, Verbose: verbose}.Report(replay)
		}
		return nil
	})
	if err != nil {
		return passed, failed, failures, fmt.Errorf("policy %s: %w", b.name, err)
	}
	slices.Sort(failures)
	if rec != nil {
		b.testInputs = rec.inputs
	}
	return passed, failed, failures, nil
}

// inputRecorder is a query tracer that keeps the distinct inputs with which the policy's own tests
// enter the decision rule (at most maxTestInputs): the inputs its author thought worth testing,
// on which attachVM checks the compiled plan besides the generated ones. Safe for concurrent use.
type inputRecorder struct {
	mu     sync.Mutex
	inputs []ast.Value
	hashes map[int]bool
}

const maxTestInputs = 512

var decisionRef = ast.MustParseRef(Query)

func (*inputRecorder) Enabled() bool               { return true }
func (*inputRecorder) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

func (r *inputRecorder) TraceEvent(evt topdown.Event) {
	if evt.Op != topdown.EnterOp {
		return
	}
	rule, ok := evt.Node.(*ast.Rule)
	if !ok || rule.Module == nil || !rule.Module.Package.Path.Extend(rule.Head.Ref()).Equal(decisionRef) {
		return
	}
	in := evt.Input()
	if in == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	h := in.Hash()
	if len(r.inputs) >= maxTestInputs || r.hashes[h] {
		return // a hash collision only costs one input of the sample
	}
	if r.hashes == nil {
		r.hashes = map[int]bool{}
	}
	r.hashes[h] = true
	r.inputs = append(r.inputs, in.Value)
}

// prepare compiles the bundle's policy modules (all but *_test.rego), prepares the decision query
// once, analyses which input fields the compiled policy reads (see analyse) and, when the policy
// is deterministic, folds the rules that do not depend on input (fold.go).
func (b *bundle) prepare(ctx context.Context) (pq rego.PreparedEvalQuery, read fields, whyNot string, fold *folded, err error) {
	mods := make(map[string]*ast.Module, len(b.modules))
	for name, m := range b.modules {
		if !strings.HasSuffix(name, "_test.rego") {
			mods[name] = m
		}
	}
	store := inmem.NewFromObjectWithOpts(b.docs, inmem.OptReturnASTValuesOnRead(true))
	err = storage.Txn(ctx, store, storage.TransactionParams{}, func(txn storage.Transaction) error {
		c := newCompiler(ctx, store, txn)
		if c.Compile(mods); c.Failed() {
			return c.Errors
		}
		if len(c.GetRules(ast.MustParseRef(Query))) == 0 {
			return errors.New("no rule defines " + Query)
		}
		read, whyNot = analyse(c.Modules)
		if whyNot == "" {
			fold = foldRules(ctx, c, store, txn)
			fold.inline(c)
		}
		var err error
		pq, err = rego.New(
			rego.Query(Query),
			rego.Compiler(c),
			rego.Store(store),
			rego.StoreReadAST(true),
			rego.StrictBuiltinErrors(true),
			rego.Capabilities(capabilities()),
		).PrepareForEval(ctx)
		return err
	})
	if err != nil {
		return pq, 0, "", nil, fmt.Errorf("policy %s: %w", b.name, err)
	}
	return pq, read, whyNot, fold, nil
}

// Test runs the Rego tests of the policy in dir ("" = the embedded default) like `opa test DIR`
// and writes opa's report to w. err is set when the policy cannot be loaded or compiled; failing
// tests are counted in failed.
func Test(ctx context.Context, dir string, w io.Writer, verbose bool) (passed, failed int, err error) {
	b, err := load(dir)
	if err != nil {
		return 0, 0, err
	}
	passed, failed, _, err = b.runTests(ctx, w, verbose)
	return passed, failed, err
}

// WriteDefault writes the embedded default policy into dir (created if missing) for the DPO to
// edit. It refuses to overwrite: if any of the files exists, nothing is written.
func WriteDefault(dir string) error {
	src := defaultFS()
	var names []string
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("policy init: %w", err)
	}
	for _, p := range names {
		if _, err := os.Lstat(path.Join(dir, p)); err == nil {
			return fmt.Errorf("policy init: %s exists, refusing to overwrite: %w", path.Join(dir, p), fs.ErrExist)
		}
	}
	for _, p := range names {
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return fmt.Errorf("policy init: %w", err)
		}
		dst := path.Join(dir, p)
		if err := os.MkdirAll(path.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("policy init: %w", err)
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("policy init: %w", err)
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("policy init: %s: %w", dst, err)
		}
	}
	return nil
}

// maxPrintNote bounds what a failing test's print output adds to a
// failure, so that a test printing a whole document keeps the error one
// readable line.
const maxPrintNote = 300

// printNote is a failing test's print output on one line, bounded.
func printNote(out []byte) string {
	note := strings.Join(strings.Fields(string(out)), " ")
	if len(note) > maxPrintNote {
		cut := maxPrintNote
		for cut > 0 && !utf8.RuneStart(note[cut]) {
			cut--
		}
		note = note[:cut] + " …"
	}
	return note
}
