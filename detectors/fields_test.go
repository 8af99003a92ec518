package detectors

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFieldClass(t *testing.T) {
	for _, c := range []struct {
		key  string
		want keyClass
	}{
		{"vorname", keyPerson}, {"Nachname", keyPerson}, {"familienname", keyPerson}, {"firstName", keyPerson},
		{"last_name", keyPerson}, {"Vor- und Nachname", keyPerson}, {"Name, Vorname", keyPerson},
		{"xmeld:familienname", keyPerson}, {"Name des Kindes", keyPerson}, {"surname", keyPerson},
		{"name", keyPersonWeak}, {"displayName", keyPersonWeak}, {"user_name", keyPersonWeak}, {"Assignee", keyPersonWeak},
		{"product_name", keyNone}, {"filename", keyNone}, {"hostname", keyNone}, {"org_name", keyNone},
		{"Straßenname", keyNone}, {"namespace", keyNone}, {"service", keyNone},
		{"geburtsdatum", keyBirth}, {"Geb.-Datum", keyBirth}, {"geb_datum", keyBirth}, {"dob", keyBirth},
		{"birth_date", keyBirth}, {"dateOfBirth", keyBirth}, {"Zuzugsdatum", keyNone},
		{"aktenzeichen", keyCase}, {"Personalnr", keyCase}, {"Pers.-Nr.", keyCase}, {"personal_nummer", keyCase}, {"Kassenzeichen", keyCase}, {"az", keyCase}, {"Haushaltsstelle", keyNone},
		{"antragId", keyCaseWeak}, {"antrag_id", keyCaseWeak}, {"kennzeichen", keyNone}, {"wbs", keyCaseWeak}, {"wbs_nr", keyCaseWeak}, {"vorgang_nr", keyCase}, {"notar_az", keyCase}, {"gericht_aktenzeichen", keyCase}, {"Sterbebuch-Nr", keyCaseWeak}, {"az_intern", keyNone}, {"Antrag", keyCaseWeak}, {"antragsteller", keyPersonWeak},
		{"diagnose", keyDiagnosis}, {"ICD", keyDiagnosis}, {"Hauptdiagnose", keyDiagnosis},
		{"Partei", keyParty}, {"Partei (Vorschlag durch)", keyParty}, {"Geburtsdatum (TT.MM.JJJJ)", keyBirth}, {"Parteizugehörigkeit", keyParty},
		{"kind_nachname", keyPerson}, {"kind_vorname", keyPerson}, {"kind_geburtsdatum", keyBirth}, {"mutterGeburtsdatum", keyBirth}, {"mutterFamilienname", keyPerson}, {"sorgeberechtigt", keyPersonWeak},
		{"dateiname", keyNone}, {"strassenname", keyNone}, {"vereinsname", keyNone}, {"firmenname", keyNone},
		{"Konfession", keyReligion}, {"religion", keyReligion}, {"Anrede", keySalutation}, {"salutation", keySalutation},
		{"GdB", keyGdB}, {"Grad der Behinderung", keyGdB}, {"Merkzeichen", keyMarks}, {"Pflegegrad", keyCareGrade},
		{"Pflegegrad alt", keyCareGrade}, {"Pflegegrad neu", keyCareGrade}, {"GdB bisher", keyGdB}, {"Merkzeichen neu", keyMarks}, {"Pflegegradneu", keyCareGrade}, {"Altbau neu", keyNone},
	} {
		if got := fieldClass([]byte(fold(c.key))); got != c.want {
			t.Errorf("fieldClass(%q) = %d, want %d", c.key, got, c.want)
		}
	}
}

// FuzzFields: no panic, every value within bounds and on rune boundaries,
// and the same result from an engine's prefilter hits as from a bare Text.
func FuzzFields(f *testing.F) {
	for _, c := range append(append(append([]lexCase{}, personTPs...), dobTPs...), caseTPs...) {
		text, _ := lexParse(c.text)
		f.Add(text)
	}
	f.Add("INSERT INTO t (name) VALUES ('a''b', (1,2)), ('x")
	f.Add("CREATE TABLE `t` (`name` varchar(8), KEY (`name`)); INSERT INTO `t` VALUES ('a'), ('b")
	f.Add("Name  \nName\t\"x\n\"a;b\"")
	e := Default()
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		tx := NewText(b)
		for _, fl := range tx.fields() {
			if fl.val.Start < 0 || fl.val.End > len(b) || fl.val.Start >= fl.val.End {
				t.Fatalf("field %v out of bounds (len %d)", fl.val, len(b))
			}
			if utf8.Valid(b) && (!utf8.RuneStart(b[fl.val.Start]) || fl.val.End < len(b) && !utf8.RuneStart(b[fl.val.End])) {
				t.Fatalf("field %v not on rune boundaries", fl.val)
			}
		}
		for _, g := range e.Scan(b) {
			if g.Start < 0 || g.End > len(b) || g.Start >= g.End {
				t.Fatalf("finding %+v out of bounds", g)
			}
		}
	})
}

// TestAlignedOffColumns: rows pasted from a proportional font stand a few
// characters left of their header; a comma inside a header cell does not
// make it a comma-separated table.
func TestAlignedOffColumns(t *testing.T) {
	cases := []lexCase{
		{"rows left of the header", "Zi.  Name, Vorname                      Herkunft   geb.         Bemerkung\n" +
			"04   Adeyemi, Oluwaseun              NGA        ⟦1992-08-30⟧   \n" +
			"04   Adeyemi, Blessing               NGA        ⟦1995-02-17⟧   schwanger, ET 06/2025\n"},
		{"rows under the header", "Name          geb.          Ort\nMüller        ⟦01.02.1980⟧    Bonn\nSchmidt                     Köln\n"},
		{"no birth column", "Zi.  Name, Vorname      Herkunft   Einzug\n04   Adeyemi, Oluwaseun      NGA        1992-08-30\n"},
	}
	lexCheck(t, NewDateOfBirth(), cases)
	lexCheck(t, NewPerson(), []lexCase{
		{"names of an aligned list", "Zi.  Name, Vorname                      Herkunft   geb.         Bemerkung\n" +
			"04   ⟦Adeyemi, Oluwaseun⟧              NGA        1992-08-30   \n" +
			"04   ⟦Adeyemi, Blessing⟧               NGA        1995-02-17   schwanger\n"},
		{"a given name before an aligned gap", "Vorname      Land\n⟦Oluwaseun⟧              NGA\n"},
	})
}

// TestFieldsMergedHits compares the record values fields finds from the
// keyword pass's hits, merged key by key (up to four keys) or appended and
// sorted (more), with those it finds from Hits of every anchor, sorted (a
// Text without the pass), on texts whose keys' hits interleave.
func TestFieldsMergedHits(t *testing.T) {
	e := Default()
	rows := []string{"Name: Erika Muster\n", "geb. 12.03.1975\n", "Gebühren: 40 EUR\n", "Vorname: Jan\n",
		"Geburtsdatum: 01.02.1990\n", "Nachname: Kowalski\n", "Aktenzeichen: 12 C 345/24\n", "Kind: Mia\n"}
	for n := 1; n <= len(rows); n++ {
		var b strings.Builder
		for i := range 40 {
			b.WriteString(rows[(i*5)%n])
		}
		text := []byte(b.String())
		tx := &Text{}
		tx.reset(text, e.pf)
		e.pf.run(tx)
		got, want := tx.fields(), NewText(text).fields()
		if !slices.Equal(got, want) {
			t.Fatalf("%d row kinds: fields from the pass %v, from Hits %v", n, got, want)
		}
	}
}

func TestMergeSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a, b := make([]int, rng.IntN(20)), make([]int, rng.IntN(20))
		for i := range a {
			a[i] = rng.IntN(30)
		}
		for i := range b {
			b[i] = rng.IntN(30)
		}
		slices.Sort(a)
		slices.Sort(b)
		want := slices.Sorted(slices.Values(append(slices.Clone(a), b...)))
		if got := mergeSorted(a, b); !slices.Equal(got, want) {
			t.Fatalf("mergeSorted(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}
