package detectors

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
)

// Engine runs a fixed set of detectors over texts. It is safe for concurrent
// use; build it once (New or Default) and share it.
type Engine struct {
	dets  []Detector
	types []string
	kws   [][]int // keyword ids per detector; nil means "always run"
	// The detectors a keyword gates, as bits by detector index: a scan
	// ORs them over the keywords found instead of asking every detector's
	// keywords (SPECIAL_CATEGORY has over a thousand).
	gateOf    []uint64    // keyword id of two or more bytes -> detectors
	gateByte  [256]uint64 // single-byte keyword -> detectors
	alwaysRun uint64      // detectors without keywords
	topic     []uint8     // keyword id -> bit per topicNames index of the topic words it is
	// topicsInPass: the topic words are among the prefilter's keywords;
	// otherwise ScanTopics asks lx.Topics.
	topicsInPass bool
	lx           *Lexicons
	pf           *prefilter
	pool         sync.Pool // *Text with reusable buffers
}

// Options select what an Engine detects.
type Options struct {
	// Types are finding type names (TAXONOMY.md). Nil or empty means all.
	Types []string
}

// AllTypes returns the 19 finding type names in TAXONOMY.md order.
func AllTypes() []string {
	return []string{
		"EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_TAX_NUMBER",
		"DE_VAT_ID", "DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE", "DE_ID_CARD",
		"DE_LICENSE_PLATE", "POSTAL_ADDRESS", "DATE_OF_BIRTH", "PERSON",
		"IP_ADDRESS", "SECRET", "CASE_REFERENCE", "CLASSIFICATION", "SPECIAL_CATEGORY",
	}
}

// New returns an engine with the detectors of opts.Types. An unknown type
// name, or a type without a registered detector, is an error.
func New(opts Options) (*Engine, error) {
	dets := all()
	if len(opts.Types) > 0 {
		known := map[string]bool{}
		for _, t := range AllTypes() {
			known[t] = true
		}
		want := map[string]bool{}
		for _, t := range opts.Types {
			if !known[t] {
				return nil, fmt.Errorf("detectors: unknown finding type %q", t)
			}
			want[t] = true
		}
		var sel []Detector
		for _, d := range dets {
			if want[d.Type()] {
				sel = append(sel, d)
				delete(want, d.Type())
			}
		}
		for _, t := range opts.Types {
			if want[t] {
				return nil, fmt.Errorf("detectors: no detector for finding type %q", t)
			}
		}
		dets = sel
	}
	return newEngine(dets, DefaultLexicons())
}

var (
	defaultOnce   sync.Once
	defaultEngine *Engine
)

// Default returns the shared engine with every registered detector.
func Default() *Engine {
	defaultOnce.Do(func() {
		e, err := newEngine(all(), DefaultLexicons())
		if err != nil {
			panic(fmt.Sprintf("detectors: building default engine: %v", err))
		}
		defaultEngine = e
	})
	return defaultEngine
}

// newEngine builds an engine of dets; the topic words come from lx.
func newEngine(dets []Detector, lx *Lexicons) (*Engine, error) {
	e := &Engine{dets: dets, kws: make([][]int, len(dets))}
	seen := map[string]bool{}
	var kwList []string
	ids := map[string]int{}
	for i, d := range dets {
		if !seen[d.Type()] {
			seen[d.Type()] = true
			e.types = append(e.types, d.Type())
		}
		kws := d.Keywords()
		gate := kws != nil
		if a, ok := d.(anchored); ok && !gate {
			kws = a.Anchors()
		}
		if gate {
			e.kws[i] = []int{}
		}
		for _, k := range kws {
			if k == "" {
				return nil, fmt.Errorf("detectors: %s has an empty keyword", d.Type())
			}
			if !bytes.Equal(lowerInto(make([]byte, len(k)), []byte(k)), []byte(k)) {
				return nil, fmt.Errorf("detectors: %s keyword %q is not lower case", d.Type(), k)
			}
			id, ok := ids[k]
			if !ok {
				id = len(kwList)
				ids[k] = id
				kwList = append(kwList, k)
			}
			if gate {
				e.kws[i] = append(e.kws[i], id)
			}
		}
		// words a gated detector looks up with Text.Hits besides its
		// keywords: found by the same pass, but they do not start it
		if r, ok := d.(recordReader); ok {
			for _, k := range r.RecordKeys() {
				if _, ok := ids[k]; !ok {
					ids[k] = len(kwList)
					kwList = append(kwList, k)
				}
			}
		}
	}
	// Topic words ride on the same pass (ScanTopics) in an engine of every
	// detector; an engine of a few detectors (scan --types) keeps its
	// short keyword list and finds topics, if asked, in a pass of their own.
	e.lx = lx
	e.topicsInPass = len(dets) == len(all())
	var topicOf [][2]int // keyword id, topic
	for ti, name := range topicNames {
		if !e.topicsInPass {
			break
		}
		for _, w := range lx.mustList("topic_" + name) {
			if len(w) < 3 {
				continue
			}
			k := foldedKey(w)
			id, ok := ids[k]
			if !ok {
				id = len(kwList)
				ids[k] = id
				kwList = append(kwList, k)
			}
			topicOf = append(topicOf, [2]int{id, ti})
		}
	}
	if len(dets) > 64 || len(topicNames) > 8 {
		return nil, fmt.Errorf("detectors: %d detectors and %d topics, at most 64 and 8", len(dets), len(topicNames))
	}
	e.gateOf = make([]uint64, len(kwList))
	for i, ids := range e.kws {
		if ids == nil {
			e.alwaysRun |= 1 << i
			continue
		}
		for _, id := range ids {
			if k := kwList[id]; len(k) == 1 {
				e.gateByte[k[0]] |= 1 << i
			} else {
				e.gateOf[id] |= 1 << i
			}
		}
	}
	e.topic = make([]uint8, len(kwList))
	for _, x := range topicOf {
		e.topic[x[0]] |= 1 << x[1]
	}
	pf, err := newPrefilter(kwList, ids)
	if err != nil {
		return nil, err
	}
	// Record keys by id, so that Text.fields looks at the keywords a text
	// has instead of asking for every key.
	pf.recordKey = make([]bool, len(kwList))
	pf.allRecordKeys = true
	for _, k := range fieldAnchors {
		if id, ok := ids[k]; ok {
			pf.recordKey[id] = true
		} else {
			pf.allRecordKeys = false
		}
	}
	e.pf = pf
	return e, nil
}

// anchored is implemented by a detector that runs on every text (Keywords
// is nil) but looks some words up with Text.Hits: the prefilter finds them
// in its one pass instead of a search per word.
type anchored interface{ Anchors() []string }

// recordReader is implemented by a detector that reads structured records
// (Text.fields): the record keys must be prefilter words of every engine
// it runs in, or each of them would be searched for in the whole text.
type recordReader interface{ RecordKeys() []string }

// Types returns the finding types this engine reports, in registry order.
func (e *Engine) Types() []string { return slices.Clone(e.types) }

// Scan returns the findings in text, sorted by Start, with overlaps resolved
// (see resolve) so that every value is reported once. Invalid UTF-8 and NUL
// bytes are allowed; spans always lie on rune boundaries of valid parts.
func (e *Engine) Scan(text []byte) []Finding {
	fs, _ := e.scan(text)
	return fs
}

// ScanTopics is Scan plus the topics of text as Topics reports them (with
// the engine's lexicons), found in the same pass over the text: a topic word
// that begins a word. The topics are sorted, nil when none; the slice is
// shared and must not be modified.
func (e *Engine) ScanTopics(text []byte) ([]Finding, []string) {
	fs, topics := e.scan(text)
	if !e.topicsInPass {
		return fs, e.lx.Topics(text)
	}
	return fs, topicSets[topics]
}

// topicSets are the sorted topic lists for every set of topics (a bit per
// topicNames index).
var topicSets = func() [][]string {
	sets := make([][]string, 1<<len(topicNames))
	for m := 1; m < len(sets); m++ {
		for i, name := range topicNames {
			if m&(1<<i) != 0 {
				sets[m] = append(sets[m], name)
			}
		}
		slices.Sort(sets[m])
	}
	return sets
}()

func (e *Engine) scan(text []byte) ([]Finding, uint8) {
	t, _ := e.pool.Get().(*Text)
	if t == nil {
		t = &Text{}
	}
	t.reset(text, e.pf)
	e.pf.run(t)

	var topics uint8
	for _, id := range t.hitIDs {
		if bit := e.topic[id]; bit != 0 && topics&bit == 0 {
			for _, h := range t.hits[id] {
				if isWordStartAt(text, h) {
					topics |= bit
					break
				}
			}
		}
	}
	run := e.alwaysRun
	for _, id := range t.hitIDs {
		run |= e.gateOf[id]
	}
	for _, c := range e.pf.singles {
		if t.seen[c] {
			run |= e.gateByte[c]
		}
	}
	var fs []Finding
	for i, d := range e.dets {
		if run&(1<<i) != 0 {
			fs = d.Scan(t, fs)
		}
	}
	out := resolve(fs, text)
	t.reset(nil, nil)
	if cap(t.lower) > maxPooledBuf {
		t.lower, t.words = nil, nil
	}
	e.pool.Put(t)
	return out, topics
}

// reset prepares a pooled Text for raw, keeping its buffers.
func (t *Text) reset(raw []byte, pf *prefilter) {
	t.Raw = raw
	t.lower = t.lower[:0]
	t.lowerDone = false
	t.pf = pf
	for _, id := range t.hitIDs {
		t.hitSet[id>>6] &^= 1 << (id & 63)
	}
	t.hitIDs = t.hitIDs[:0]
	t.seen = [256]bool{}
	t.seenDone = false
	for x := range t.bytePos {
		t.bytePos[x] = t.bytePos[x][:0]
	}
	t.posDone = false
	t.caps = t.caps[:0]
	t.capsDone = false
	t.wordsDone = false
	t.digits = t.digits[:0]
	t.digitsDone = false
	t.flds = t.flds[:0]
	t.fieldsDone = false
	t.creates, t.createsDone = nil, false
	t.newlines, t.newlinesDone = t.newlines[:0], false
	t.nameRow = nameRow{}
	t.firstDigit = 0
}

// maxPooledBuf bounds the buffers kept in the pool after a large text.
const maxPooledBuf = 4 << 20

// DigitKeywords is the Keywords value for detectors that need an ASCII digit.
var DigitKeywords = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
