package testcases

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

var writeDoc = flag.Bool("write-doc", false, "write the result table to ../docs/detection.md")

// checkDigitTypes are the types with a check digit: P and R must be ≥ 0.99.
var checkDigitTypes = map[string]bool{"IBAN": true, "CREDIT_CARD": true, "DE_TAX_ID": true, "DE_VAT_ID": true,
	"DE_SOCIAL_SECURITY": true, "DE_HEALTH_INSURANCE": true, "DE_ID_CARD": true}

const (
	minCheckDigit = 0.99
	minMicroF1    = 0.95
	minPersonF1   = 0.90
)

type counts struct{ tp, fp, fn, otp, ofp, ofn int }

func prf(tp, fp, fn int) (p, r, f float64) {
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// TestCorpus runs detectors.Default() over every document in corpus/ and
// scores the findings against the labels per type: exact span match (the
// figure the thresholds apply to) and overlap match (same type, spans
// overlap). Run with -v for the table, -write-doc to update docs/detection.md.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("corpus/*.txt")
	if err != nil || len(files) < 150 {
		t.Fatalf("corpus: %d documents (%v), want ≥ 150", len(files), err)
	}
	per, misses, table, all := score(t, files)
	for typ, c := range per {
		p, r, f := prf(c.tp, c.fp, c.fn)
		if checkDigitTypes[typ] && (p < minCheckDigit || r < minCheckDigit) {
			t.Errorf("%s: P %.3f R %.3f, want both ≥ %.2f", typ, p, r, minCheckDigit)
		}
		if typ == "PERSON" && f < minPersonF1 {
			t.Errorf("PERSON: F1 %.3f, want ≥ %.2f", f, minPersonF1)
		}
	}
	if _, _, f := prf(all.tp, all.fp, all.fn); f < minMicroF1 {
		t.Errorf("micro F1 %.3f, want ≥ %.2f", f, minMicroF1)
	}
	hand, _ := filepath.Glob("corpus/hand_*.txt")
	neg, _ := filepath.Glob("corpus/negativ_*.txt")
	_, _, handTable, _ := score(t, append(hand, neg...))
	t.Logf("%d documents\n%s\nhand-written and negative documents only (%d):\n%s", len(files), table, len(hand)+len(neg), handTable)
	for _, m := range misses {
		t.Log(m)
	}
	if *writeDoc {
		writeDetectionDoc(t, len(files), table, len(hand)+len(neg), handTable, misses)
	}
}

// score runs the engine over files and returns the per-type counts, the
// list of misses and extras, and the Markdown table.
func score(t *testing.T, files []string) (map[string]*counts, []string, string, counts) {
	t.Helper()
	eng := detectors.Default()
	per := map[string]*counts{}
	get := func(typ string) *counts {
		if per[typ] == nil {
			per[typ] = &counts{}
		}
		return per[typ]
	}
	var misses []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text, want, err := Parse(string(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := eng.Scan([]byte(text))
		matched := make([]bool, len(got))
		omatched := make([]bool, len(got))
		for _, w := range want {
			exact, overlap := false, false
			for i, g := range got {
				if g.Type != w.Type {
					continue
				}
				if g.Start == w.Start && g.End == w.End {
					exact, matched[i] = true, true
				}
				if g.Start < w.End && w.Start < g.End {
					overlap, omatched[i] = true, true
				}
			}
			c := get(w.Type)
			if exact {
				c.tp++
			} else {
				c.fn++
				misses = append(misses, fmt.Sprintf("%s: missed %s %q", filepath.Base(name), w.Type, text[w.Start:w.End]))
			}
			if overlap {
				c.otp++
			} else {
				c.ofn++
			}
		}
		for i, g := range got {
			c := get(g.Type)
			if !matched[i] {
				c.fp++
				misses = append(misses, fmt.Sprintf("%s: extra %s %q", filepath.Base(name), g.Type, text[g.Start:g.End]))
			}
			if !omatched[i] {
				c.ofp++
			}
		}
	}
	types := make([]string, 0, len(per))
	for typ := range per {
		types = append(types, typ)
	}
	sort.Strings(types)
	var tb strings.Builder
	fmt.Fprintf(&tb, "| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	var all counts
	for _, typ := range types {
		c := per[typ]
		p, r, f := prf(c.tp, c.fp, c.fn)
		op, or, of := prf(c.otp, c.ofp, c.ofn)
		fmt.Fprintf(&tb, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", typ, c.tp+c.fn, p, r, f, op, or, of)
		all.tp, all.fp, all.fn = all.tp+c.tp, all.fp+c.fp, all.fn+c.fn
		all.otp, all.ofp, all.ofn = all.otp+c.otp, all.ofp+c.ofp, all.ofn+c.ofn
	}
	p, r, f := prf(all.tp, all.fp, all.fn)
	op, or, of := prf(all.otp, all.ofp, all.ofn)
	fmt.Fprintf(&tb, "| **micro** | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", all.tp+all.fn, p, r, f, op, or, of)
	return per, misses, tb.String(), all
}

func writeDetectionDoc(t *testing.T, docs int, table string, handDocs int, handTable string, misses []string) {
	var b strings.Builder
	b.WriteString("# Detection quality on the labelled corpus\n\n")
	b.WriteString("Produced by `go test ./testcases/ -run TestCorpus -v -write-doc` over `testcases/corpus/` ")
	fmt.Fprintf(&b, "(%d German documents from municipal departments plus hard negatives; markup in `testcases/README.md`).\n\n", docs)
	b.WriteString("Exact: the finding has the labelled type and exactly the labelled span. Overlap: same type, spans overlap.\n")
	fmt.Fprintf(&b, "The test fails when a check-digit type has P or R below %.2f, micro F1 (exact) is below %.2f or PERSON F1 (exact) is below %.2f.\n\n", minCheckDigit, minMicroF1, minPersonF1)
	b.WriteString("Deutsch: Genauigkeit (P), Trefferquote (R) und F1 je Datentyp auf dem eigenen, gekennzeichneten Korpus.\n\n")
	b.WriteString("**How good is it on text nobody tuned it on?** The corpus below and the real-world set were written by people\n" +
		"who knew the detectors; they show that the rules work as intended. The honest figures are those of the thirty-seven\n" +
		"blind sets at the bottom, each written from TAXONOMY.md alone by someone who had not seen the detectors, and\n" +
		"measured before anyone fixed what it showed: micro F1 (exact spans) **0.864, 0.895, 0.866, 0.926, 0.896, 0.918,\n" +
		"0.905, 0.931, 0.912, 0.925, 0.904, 0.905, 0.926, 0.920, 0.935, 0.938, 0.938, 0.926, 0.943, 0.910, 0.926, 0.926, 0.927, 0.945, 0.919, 0.937, 0.943, 0.947, 0.933, 0.938, 0.924, 0.918, 0.904, 0.915, 0.933, 0.932 and 0.927**. A round of fixes lifts the set it\n" +
		"was made for to ≈0.96–0.99 but the next unseen set by only ≈0.002–0.004 (blind11 0.904 → 0.908 after round 13,\n" +
		"blind12 0.905 → 0.907 after round 14, blind13 0.926 → 0.930 after round 15, of which 0.003 is a label convention;\n" +
		"rounds 20–21 lifted blind16 from 0.938 to 0.978 and blind17, written after them, measured 0.938 again; round 22\n" +
		"lifted blind17 to 0.977 and blind18, written after it, measured 0.926; round 23 lifted blind18 to 0.946 and blind19,\n" +
		"written after it, measured 0.943; round 24 lifted blind19 to 0.962, 0.966 with a label convention, and blind20,\n" +
		"written after it, measured 0.910; round 25 lifted blind20 to 0.949 and the nineteen older sets by 0 to 0.007, and blind21, written\n" +
		"during it, measured 0.926; round 26 lifted blind21 to 0.957 and the twenty older sets by 0 to 0.007, and blind22, written\n" +
		"during it, measured 0.926; round 27 lifted blind22 to 0.978 and the twenty-one older sets by 0 to 0.004, and blind23, written during it, measured 0.927; round 28\n" +
		"lifted blind23 to 0.956, 0.953 on its labels as written, and the twenty-two older sets by 0 to 0.003, and blind24, written at its end, measured 0.945; round 29\n" +
		"lifted blind24 to 0.971, 0.970 on its labels as written, and the twenty-three older sets by 0 to 0.001, and blind25, written during it, measured 0.919; round 30\n" +
		"lifted blind25 to 0.954 and the twenty-four older sets by 0 to 0.001, and blind26, written at its end, measured 0.937; round 31\n" +
		"lifted blind26 to 0.975 and moved the twenty-five older sets by -0.001 to +0.001, and blind27, written at its end, measured 0.943; round 32\n" +
		"lifted blind27 to 0.980, 0.979 on its labels as written, and the twenty-six older sets by 0 to 0.002, and blind28, written at its end,\n" +
		"measured 0.947; round 33 lifted blind28 to 0.989, 0.988 on its labels as written, and the twenty-seven older sets by 0 to 0.005,\n" +
		"most of it label conventions (the side after a diagnosis, an initiative's quoted name), and blind29, written during\n" +
		"rounds 33 and 34 and measured after them, 0.933; round 35 lifted blind29 from 0.936 (on its corrected\n" +
		"labels) to 0.956 and the twenty-eight older sets by 0 to 0.001, and round 36 lifted it to 0.962 and the older sets by\n" +
		"0 to 0.002, and blind30, written during round 36 and measured after it, 0.938; rounds 37 and 38 lifted blind30 to\n" +
		"0.957, and blind31, written during round 38 and measured after it, 0.924; rounds 39 to 44 lifted blind31 to\n" +
		"0.961, and blind32, written during round 44 and measured during it, 0.918, 0.920 on its corrected labels; rounds 45\n" +
		"and 46 lifted blind32 to 0.950, and blind33, written during round 46 and measured after it, 0.904, 0.908 on its\n" +
		"corrected labels; rounds 47 and 48 lifted blind33 to 0.940, and blind34, written during round 48 and measured after it,\n" +
		"0.915, 0.921 on its corrected labels; round 49 lifted blind34 to 0.947, and blind35, written after it, 0.933,\n" +
		"0.937 on its corrected labels; round 50 lifted blind34 to 0.952 and blind33 to 0.946, round 51 blind35 to 0.965,\n" +
		"and blind36, written after them, 0.932, 0.935 on its corrected labels; round 52, on classes shared by several sets,\n" +
		"lifted blind36 to 0.941 and seventeen older sets by 0.001 to 0.004, and blind37, written after it, 0.927, 0.929 on\n" +
		"its corrected labels),\n" +
		"so expect about\n" +
		"0.90–0.94 on text nobody has tuned on (≈0.94–0.96 with overlapping spans: a good part of the gap is where a span\n" +
		"ends). SPECIAL_CATEGORY (0.74–0.86 on the last five sets as written: general text versus statements about a\n" +
		"person, and phrase extents), PERSON (0.90–0.97: names of thin-lexicon origins, lower-case chat names, lone surnames)\n" +
		"and CASE_REFERENCE house styles are the weakest types on unseen text; the check-digit types are at or near\n" +
		"1.000 everywhere (blind28 missed two Steuer-IDs as values of a Python dict under \"steuer_id\", DE_TAX_ID R 0.846,\n" +
		"until the key's spelling with '_' became a label, 1.000 since). Where\n" +
		"TAXONOMY.md leaves a span open, testcases/README.md (\"Conventions\") records how the sets\n" +
		"settle it, and `testcases/floors.json` keeps every type of every set from falling unnoticed.\n\n" +
		"Round 34 (across the older sets, twenty-second session) fixed classes of misses and extras shared by several\n" +
		"older sets rather than one new set. SPECIAL_CATEGORY: a Merkzeichen is, like a GdB, someone's unless its sentence\n" +
		"is general ('Mehrbedarf wegen Merkzeichen G' without a name in the sentence); a BEM-Gespräch or BEM-Verfahren as a\n" +
		"mail's subject or a note's heading, and a Krankmeldung as a mail's bare subject, name the mail's topic (a heading may\n" +
		"end in a day and month, a bullet line is no heading); Mutterschutz after 'nach dem', 'im Anschluss an den' or 'Ende\n" +
		"des' is the point where the parental leave starts; refractive errors (Weitsichtigkeit, Kurzsichtigkeit,\n" +
		"Hornhautverkrümmung, Hyperopie, Myopie, Astigmatismus). SECRET: the key material of a config key ending in _key\n" +
		"(JWT_SIGNING_KEY=5c1f…; not a public or site key, not a non-random value), a key as a URL's user part alone\n" +
		"(Sentry's DSN), no function call as a password's value (os.Getenv(\"…\")). DE_ID_CARD: a log's or record's key of\n" +
		"the document number (docNo=…, document_number). Labels (testcases/README.md, \"Conventions\"): blind10 026's\n" +
		"Merkzeichen G labelled, the bare Krankmeldung subjects of blind2 024 and blind19 052 unlabelled. Exact F1 before →\n" +
		"after: SPECIAL_CATEGORY blind10 0.943 → 0.944, blind12 0.928 → 0.933, blind13 0.886 → 0.899, blind14 0.933 → 0.940, blind16 0.906 →\n" +
		"0.913, blind17 0.936 → 0.946, blind18 0.890 → 0.901, blind19 0.945 → 0.950, blind21 0.910 → 0.915, blind22 0.923 →\n" +
		"0.927, blind23 0.898 → 0.905, blind25 0.861 → 0.870, blind27 0.962 → 0.965, blind28 0.959 → 0.964 (blind20 0.842\n" +
		"and blind24 unchanged); SECRET blind22 0.909 → 1.000, blind25 0.857 → 0.909; DE_ID_CARD blind24 0.909 → 0.957; no\n" +
		"set fell. callgrind 58.45 M instr/MB before, 58.42 to 58.78 M after (three runs; round 33 saw 58.28 to 58.58 M). Left open: Logopädie and Physiotherapie (the sets still disagree), Insulinpumpe\n" +
		"beside a labelled diabetes (4 labelled, 3 not), ID card numbers of letters only (RNVWHNJGM: the detector starts at\n" +
		"digits), passwords on the line after an account name ('root / Opn!2024#dmz'), short PINs in chats, 'DA-IT 14' as\n" +
		"a plate, the addresses and surnames round 33 left.\n\n")
	b.WriteString(table)
	fmt.Fprintf(&b, "\nThe generated documents repeat a few templates per department and flatter the figures. "+
		"The %d hand-written and negative documents alone:\n\n", handDocs)
	b.WriteString(handTable)
	b.WriteString("\n## Misses and extras (exact match)\n\n")
	if len(misses) == 0 {
		b.WriteString("None.\n")
	}
	for _, m := range misses {
		b.WriteString("- " + m + "\n")
	}
	b.WriteString("\nThe corpus is synthetic and written by the detectors' authors: the figures show that the rules work as\n" +
		"intended, not how well they do on real-world text. A separate evaluation set is used for that.\n")
	writeRealWorldSection(t, &b)
	writeBlindSection(t, &b)
	if err := os.MkdirAll("../docs", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../docs/detection.md", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeRealWorldSection scores realworld/ and appends its section to b, so
// that -write-doc regenerates the whole of docs/detection.md.
func writeRealWorldSection(t *testing.T, b *strings.Builder) {
	files, err := filepath.Glob("realworld/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("realworld: %d documents (%v)", len(files), err)
	}
	_, misses, table, _ := score(t, files)
	b.WriteString("\n## Independent real-world set (`testcases/realworld/`)\n\n")
	fmt.Fprintf(b, "%d documents written from TAXONOMY.md's rules *before* the detectors were run on them: e-mails with\n", len(files))
	b.WriteString("signatures and distribution lists, Bescheide, Aktenvermerke, Protokolle, CSV tables, a CV, Arztbriefe,\n" +
		"Ratsvorlagen, IT tickets with logs and configs, forms, MRZ lines, lower-case chat text, and hard\n" +
		"negatives (Haushalt, road numbers and pay grades, statistics, version numbers/OIDs/MACs, invoice and\n" +
		"order numbers, legal citations, firms and foundations named after people). Check digits are valid.\n" +
		"`go test ./testcases/ -run TestRealWorld -v` prints the table and every miss and extra.\n\n" +
		"Deutsch: unabhängiger Prüfsatz, nach den Regeln von TAXONOMY.md geschrieben, bevor die Erkenner darauf liefen.\n\n")
	b.WriteString(table)
	fmt.Fprintf(b, "\nThresholds (`testcases/realworld_test.go`), set just below these figures so that a regression fails:\n"+
		"check-digit types P and R ≥ %.2f, micro F1 ≥ %.2f, PERSON F1 ≥ %.2f, SPECIAL_CATEGORY F1 ≥ %.2f, CASE_REFERENCE F1 ≥ %.2f.\n",
		rwMinCheckDigit, rwMinMicroF1, rwMinPersonF1, rwMinSpecialF1, rwMinCaseRefF1)
	b.WriteString("\n### Misses and extras on the real-world set (exact match)\n\n")
	if len(misses) == 0 {
		b.WriteString("None.\n")
	}
	for _, m := range misses {
		b.WriteString("- " + m + "\n")
	}
}
