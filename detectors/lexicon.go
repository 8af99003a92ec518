package detectors

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The lexicons are plain text files, one entry per line, '#' starts a
// comment line. first_names.txt and surnames.txt are generated (see
// internal/genlex); the others are kept by hand and may be extended by the
// DPO through a directory of files with the same names (LoadLexicons).
//
//go:generate go run ./internal/genlex -out lexicons
//go:embed lexicons/*.txt
var lexiconFS embed.FS

// word flags in Lexicons.words.
const (
	wFirst      uint16 = 1 << iota // a first name
	wLast                          // a surname
	wNotName                       // an ordinary word that is also in a name list
	wTitle                         // title or role before a name (Dr., Bürgermeister)
	wSalutation                    // Herr, Frau: the next capitalised word is a name
	wOrg                           // firm or institution word after a name (GmbH, Schule)
	wBody                          // public body before a name (Stadt, Amt)
	wStreetNot                     // a compound ending in a street suffix that is no street
	wRelation                      // a relation word before a name (Sohn, Tochter): needs a lexicon name
	wGreeting                      // Hallo, Liebe: a given name may follow
	wLabel                         // Name, Antragsteller: a name follows after a colon
	wSignoff                       // Grüßen, gez.: a signature follows
	wNotAlone                      // a given name that alone is a product (Gemini, Octavia)
	wCountry                       // a state (Norwegen, Norway): a place and a comma before it make no name
)

// Lexicons are the word lists of the lexicon and context detectors. A
// Lexicons value is read-only after loading and safe for concurrent use.
type Lexicons struct {
	// words (key: folded like Text.Lower) collects the word flags while
	// loading; LoadLexicons then builds table from it and drops it, so that
	// the garbage collector does not walk its ≈40 000 strings in every cycle
	// of a running proxy.
	words map[string]uint16
	table wordTable // the same words for fast lookups
	// lists holds every other file by base name without ".txt", entries
	// folded, in file order.
	lists map[string][]string

	topicOnce sync.Once
	topicIdx  *topicIdx
}

// salutations are the titles that make any following capitalised word a name.
var salutations = map[string]bool{"herr": true, "herrn": true, "frau": true, "hr.": true, "fr.": true,
	"familie": true, "fam.": true, "eheleute": true, "ehepaar": true, "mr.": true, "mrs.": true, "ms.": true, "mr": true, "mrs": true,
	"pani": true, "panią": true, "paní": true}

var (
	defaultLexOnce sync.Once
	defaultLex     *Lexicons
)

// DefaultLexicons returns the embedded lexicons. It panics only if the
// embedded files are broken, which the package tests rule out.
func DefaultLexicons() *Lexicons {
	defaultLexOnce.Do(func() {
		lx, err := LoadLexicons("")
		if err != nil {
			panic(fmt.Sprintf("detectors: embedded lexicons: %v", err))
		}
		defaultLex = lx
	})
	return defaultLex
}

// LoadLexicons returns the embedded lexicons extended by the files in dir
// (same names as in lexicons/, e.g. surnames.txt, special_health.txt,
// topic_asylum.txt). Entries in dir are added, never removed. An empty dir
// means the embedded lexicons only. A file in dir with an unknown name is an
// error, so that a misspelt file name does not silently change nothing.
func LoadLexicons(dir string) (*Lexicons, error) {
	lx, err := readLexicons(dir)
	if err != nil {
		return nil, err
	}
	lx.table, lx.words = newWordTable(lx.words), nil
	return lx, nil
}

// readLexicons reads the lexicons as LoadLexicons does, with the word
// flags in lx.words and no table yet.
func readLexicons(dir string) (*Lexicons, error) {
	lx := &Lexicons{words: make(map[string]uint16, 40000), lists: map[string][]string{}}
	ents, err := fs.ReadDir(lexiconFS, "lexicons")
	if err != nil {
		return nil, fmt.Errorf("read embedded lexicons: %w", err)
	}
	known := map[string]bool{}
	for _, e := range ents {
		b, err := lexiconFS.ReadFile("lexicons/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read embedded lexicon %s: %w", e.Name(), err)
		}
		known[e.Name()] = true
		lx.add(e.Name(), b)
	}
	lx.koreanGivenNames()
	for w := range greetings {
		lx.words[w] |= wGreeting
	}
	for w := range nameLabels {
		lx.words[w] |= wLabel
	}
	for w := range signoffs {
		lx.words[w] |= wSignoff
	}
	if dir == "" {
		return lx, nil
	}
	ext, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read lexicon dir: %w", err)
	}
	for _, e := range ext {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		if !known[e.Name()] {
			return nil, fmt.Errorf("lexicon dir: unknown file %s (known: %s)", e.Name(), strings.Join(sortedKeys(known), ", "))
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read lexicon %s: %w", e.Name(), err)
		}
		lx.add(e.Name(), b)
	}
	lx.koreanGivenNames() // with the DPO's syllables
	return lx, nil
}

var fileFlags = map[string]uint16{
	"first_names.txt": wFirst, "surnames.txt": wLast, "not_names.txt": wNotName,
	"first_names_east_asian.txt": wFirst, "surnames_east_asian.txt": wLast,
	"first_names_african.txt": wFirst, "surnames_african.txt": wLast, "first_names_nicknames.txt": wFirst,
	"first_names_european.txt": wFirst, "first_names_middle_east.txt": wFirst, "surnames_middle_east.txt": wLast,
	"first_names_south_asian.txt": wFirst, "surnames_south_asian.txt": wLast, "surnames_german.txt": wLast,
	"titles.txt": wTitle, "org_words.txt": wOrg, "public_bodies.txt": wBody,
	"not_streets.txt": wStreetNot, "relations.txt": wRelation, "not_alone.txt": wNotAlone,
	"countries.txt": wCountry,
}

func (lx *Lexicons) add(file string, b []byte) {
	flag := fileFlags[file]
	name := strings.TrimSuffix(file, ".txt")
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		key := fold(line)
		if flag != 0 {
			f := flag
			if flag == wTitle && salutations[key] {
				f |= wSalutation
			}
			lx.words[key] |= f
			if flag&(wFirst|wLast) != 0 {
				if a := asciiFold(key); a != key {
					lx.words[a] |= f
				}
				continue // the big name lists are not kept as lists
			}
		}
		lx.lists[name] = append(lx.lists[name], key)
	}
}

// koreanGivenNames adds the Korean given names of two syllables joined by a
// hyphen (Ji-woo, Hyun-woo, Mi-rae): every pair of korean_syllables.txt.
// A list of the names could never be complete; their syllables are few.
func (lx *Lexicons) koreanGivenNames() {
	syl := lx.lists["korean_syllables"]
	for _, a := range syl {
		for _, b := range syl {
			lx.words[a+"-"+b] |= wFirst
		}
	}
}

// List returns the folded entries of the lexicon file name (without .txt).
func (lx *Lexicons) List(name string) []string { return lx.lists[name] }

// flags returns the flags of a word given in folded form.
func (lx *Lexicons) flags(folded []byte) uint16 {
	if lx.table.slots == nil { // read by readLexicons (tests)
		return lx.words[string(folded)]
	}
	return lx.table.get(folded)
}

// fold lower-cases s the way Text.Lower does (ASCII and ÄÖÜ).
func fold(s string) string {
	return string(lowerInto(make([]byte, len(s)), []byte(s)))
}

// asciiFold drops diacritics (Yılmaz → yilmaz, Łukasz → lukasz) so that
// names written without them, or in upper case, are found too.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ı':
			b.WriteByte('i')
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ø':
			b.WriteByte('o')
		case r == 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lexiconUser is implemented by detectors that read Lexicons.
type lexiconUser interface {
	withLexicons(lx *Lexicons) Detector
}

// NewWithLexiconDir is New with the lexicons extended by the DPO's files in
// dir (see LoadLexicons). An empty dir behaves like New.
func NewWithLexiconDir(opts Options, dir string) (*Engine, error) {
	e, err := New(opts)
	if err != nil || dir == "" {
		return e, err
	}
	lx, err := LoadLexicons(dir)
	if err != nil {
		return nil, fmt.Errorf("detectors: %w", err)
	}
	dets := make([]Detector, len(e.dets))
	for i, d := range e.dets {
		if u, ok := d.(lexiconUser); ok {
			d = u.withLexicons(lx)
		}
		dets[i] = d
	}
	return newEngine(dets, lx)
}

var errNoLexicon = errors.New("lexicon missing")

// mustList returns a lexicon list that the package ships; an embedded list
// that is missing is a build error caught by the tests.
func (lx *Lexicons) mustList(name string) []string {
	l := lx.lists[name]
	if l == nil {
		panic(fmt.Sprintf("detectors: %v: %s.txt", errNoLexicon, name))
	}
	return l
}
