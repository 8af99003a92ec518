// Command genlex derives the PERSON name lexicons of package detectors from
// the locale data of the npm package @faker-js/faker (MIT licence), with given
// names added from the npm package gender-detection-from-name (MIT licence).
//
// It reads the published package tarball (running `npm pack` when -tgz is not
// given), extracts person.first_name and person.last_name of the locales that
// matter in German towns, transliterates Cyrillic and Greek names into the
// German (Duden) and the passport (ICAO 9303) Latin spellings, and writes one
// name per line to first_names.txt and surnames.txt, the town names of the
// de locale (location.city_name) to street_towns.txt, plus the licence text
// to LICENSE.faker. Run it with `go generate ./detectors/`.
package main

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	fakerVersion  = "10.6.0"
	genderPackage = "gender-detection-from-name"
	genderVersion = "1.11.5"
)

// genderLocales are the name files of gender-detection-from-name (MIT) that
// add given names faker lacks (Jürgen, Ute, Ayşe …).
var genderLocales = []string{"de", "tr", "it"}

// locales are faker locale ids; the script column says how to make them Latin.
var locales = []struct{ id, script string }{
	{"de", "latin"}, {"de_AT", "latin"}, {"de_CH", "latin"},
	{"tr", "latin"}, {"az", "latin"}, {"ku_kmr_latin", "latin"}, {"uz_UZ_latin", "latin"},
	{"pl", "latin"}, {"cs_CZ", "latin"}, {"sk", "latin"}, {"hu", "latin"}, {"ro", "latin"}, {"ro_MD", "latin"},
	{"hr", "latin"}, {"sr_RS_latin", "latin"}, {"sl_SI", "latin"}, {"lv", "latin"},
	{"ru", "cyrillic-ru"}, {"uk", "cyrillic-uk"}, {"mk", "cyrillic-ru"},
	{"el", "greek"},
	{"vi", "latin"}, {"id_ID", "latin"},
	{"it", "latin"}, {"es", "latin"}, {"pt_PT", "latin"}, {"fr", "latin"}, {"fr_BE", "latin"}, {"fr_CH", "latin"},
	{"fr_SN", "latin"}, {"en_NG", "latin"}, {"en_GH", "latin"},
	{"nl", "latin"}, {"nl_BE", "latin"}, {"da", "latin"}, {"sv", "latin"}, {"nb_NO", "latin"}, {"fi", "latin"},
	{"en", "latin"}, {"en_IN", "latin"},
}

func main() {
	tgz := flag.String("tgz", "", "faker package tarball (default: npm pack @faker-js/faker@"+fakerVersion+")")
	gtgz := flag.String("gender-tgz", "", "gender-detection-from-name tarball (default: npm pack "+genderPackage+"@"+genderVersion+")")
	out := flag.String("out", "lexicons", "output directory")
	flag.Parse()
	if err := run(*tgz, *gtgz, *out); err != nil {
		log.Fatalf("genlex: %v", err)
	}
}

// npmPack downloads pkg@version with the npm client into a temporary
// directory and returns the tarball's path and a cleanup function.
func npmPack(pkg, version, file string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "genlex")
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command("npm", "pack", "--silent", pkg+"@"+version, "--pack-destination", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("npm pack %s: %w", pkg, err)
	}
	return filepath.Join(dir, file), func() { os.RemoveAll(dir) }, nil
}

func run(tgz, gtgz, out string) error {
	if tgz == "" {
		p, done, err := npmPack("@faker-js/faker", fakerVersion, "faker-js-faker-"+fakerVersion+".tgz")
		if err != nil {
			return err
		}
		defer done()
		tgz = p
	}
	if gtgz == "" {
		p, done, err := npmPack(genderPackage, genderVersion, genderPackage+"-"+genderVersion+".tgz")
		if err != nil {
			return err
		}
		defer done()
		gtgz = p
	}
	files, err := readTarball(tgz)
	if err != nil {
		return fmt.Errorf("read %s: %w", tgz, err)
	}
	first, last := map[string]bool{}, map[string]bool{}
	for _, loc := range locales {
		src, ok := chunk(files, loc.id)
		if !ok {
			return fmt.Errorf("locale %s not in package", loc.id)
		}
		for key, set := range map[string]map[string]bool{"first_name": first, "last_name": last} {
			names, err := extract(src, key)
			if err != nil {
				return fmt.Errorf("locale %s: %w", loc.id, err)
			}
			for _, n := range names {
				for _, v := range latin(n, loc.script) {
					for _, tok := range strings.Fields(v) {
						if ok := plausible(tok); ok {
							set[tok] = true
						}
					}
				}
			}
		}
	}
	gfiles, err := readTarball(gtgz)
	if err != nil {
		return fmt.Errorf("read %s: %w", gtgz, err)
	}
	for _, loc := range genderLocales {
		src, ok := gfiles["package/names/"+loc+".js"]
		if !ok {
			return fmt.Errorf("%s: names/%s.js missing", genderPackage, loc)
		}
		for _, n := range genderNames(string(src)) {
			if plausible(n) {
				first[n] = true
			}
		}
	}
	lic, ok := files["package/LICENSE"]
	if !ok {
		return errors.New("package/LICENSE missing")
	}
	glic, ok := gfiles["package/LICENSE"]
	if !ok {
		return errors.New(genderPackage + ": LICENSE missing")
	}
	if err := os.WriteFile(filepath.Join(out, "LICENSE.gender-detection-from-name"), glic, 0o644); err != nil {
		return err
	}
	ids := make([]string, len(locales))
	for i, l := range locales {
		ids[i] = l.id
	}
	header := fmt.Sprintf("# Generated by detectors/internal/genlex from @faker-js/faker %s (MIT, see LICENSE.faker),\n"+
		"# locales %s,\n# and for given names also %s %s (MIT, see LICENSE.gender-detection-from-name), names/%s.\n"+
		"# Do not edit: add names in a file of the same name in the lexicon directory (LoadLexicons).\n",
		fakerVersion, strings.Join(ids, " "), genderPackage, genderVersion, strings.Join(genderLocales, ", names/"))
	if err := writeList(filepath.Join(out, "first_names.txt"), header, first); err != nil {
		return err
	}
	if err := writeList(filepath.Join(out, "surnames.txt"), header, last); err != nil {
		return err
	}
	if err := writeTowns(files, out); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "LICENSE.faker"), lic, 0o644)
}

// writeTowns writes street_towns.txt: the town names of faker's de locale
// (location.city_name), lower case, which package detectors accepts after a
// street address without a postcode.
func writeTowns(files map[string][]byte, out string) error {
	src, ok := chunk(files, "de")
	if !ok {
		return errors.New("locale de not in package")
	}
	names, err := extract(src, "city_name")
	if err != nil {
		return fmt.Errorf("locale de: %w", err)
	}
	if len(names) == 0 {
		return errors.New("locale de: no location.city_name")
	}
	towns := map[string]bool{}
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSpace(norm.NFC.String(n))); n != "" {
			towns[n] = true
		}
	}
	header := fmt.Sprintf("# Towns that may follow a street address without a postcode\n"+
		"# (\"Kaiser-Wilhelm-Platz 1, Siegburg\"). Lower case, one per line.\n"+
		"# Generated by detectors/internal/genlex from @faker-js/faker %s, locale de,\n"+
		"# location.city_name (MIT, see LICENSE.faker). Do not edit: a DPO adds the towns\n"+
		"# of the own district in a file of the same name in the lexicon directory (LoadLexicons).\n",
		fakerVersion)
	return writeList(filepath.Join(out, "street_towns.txt"), header, towns)
}

// genderNames reads the ['name', 'gender'] entries of a names/*.js file and
// capitalises them (jürgen → Jürgen, anna-lena → Anna-Lena).
func genderNames(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "['") {
			continue
		}
		end := strings.Index(line[2:], "'")
		if end <= 0 {
			continue
		}
		out = append(out, capitalise(line[2:2+end]))
	}
	return out
}

func capitalise(s string) string {
	rs := []rune(s)
	up := true
	for i, r := range rs {
		if up {
			rs[i] = unicode.ToUpper(r)
		}
		up = r == '-' || r == ' ' || r == '\''
	}
	return string(rs)
}

func readTarball(name string) (map[string][]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || (!strings.HasPrefix(h.Name, "package/dist/") && !strings.HasPrefix(h.Name, "package/names/") && h.Name != "package/LICENSE") {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		files[h.Name] = b
	}
}

// chunk finds the bundled data file dist/<id>-<hash>.js of a locale.
func chunk(files map[string][]byte, id string) (string, bool) {
	for name, b := range files {
		base := path.Base(name)
		if path.Dir(name) == "package/dist" && strings.HasPrefix(base, id+"-") && strings.HasSuffix(base, ".js") {
			return string(b), true
		}
	}
	return "", false
}

// extract returns every string inside the object or array literal that
// follows `key:` in the minified module, or the string that follows it,
// splitting `a.b.c`.split(`.`) forms.
func extract(src, key string) ([]string, error) {
	i := -1
	for _, p := range []string{"{" + key + ":", "," + key + ":"} {
		if j := strings.Index(src, p); j >= 0 {
			i = j + len(p)
			break
		}
	}
	if i < 0 {
		return nil, nil // locale without this key (inherits from its parent)
	}
	var out []string
	depth := 0
	for ; i < len(src); i++ {
		switch c := src[i]; c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '`', '"', '\'':
			end := strings.IndexByte(src[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("%s: unterminated string", key)
			}
			s := src[i+1 : i+1+end]
			i += end + 1
			sep := ".split(" + string(c)
			if strings.HasPrefix(src[i+1:], sep) {
				k := i + 1 + len(sep)
				e := strings.IndexByte(src[k:], c)
				if e < 0 {
					return nil, fmt.Errorf("%s: bad split", key)
				}
				out = append(out, strings.Split(s, src[k:k+e])...)
				i = k + e + 1 // at ')'
			} else {
				out = append(out, s)
			}
			if depth == 0 {
				return out, nil // the value itself is a string (city_name:`Aachen,…`.split(`,`))
			}
		case ',', ':', ' ', ')', '(':
		default:
			if depth == 0 {
				return nil, fmt.Errorf("%s: unexpected %q", key, c)
			}
		}
	}
	return nil, fmt.Errorf("%s: unterminated literal", key)
}

// plausible keeps tokens that look like a name: a capital letter, then
// letters with at most inner hyphens or apostrophes, at least two letters.
func plausible(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) || !unicode.Is(unicode.Latin, r) {
		return false
	}
	for _, r := range s {
		if !(unicode.Is(unicode.Latin, r) || r == '-' || r == '\'' || r == '’') {
			return false
		}
	}
	return !strings.HasSuffix(s, "-")
}

// latin returns the Latin spellings of a name: itself for Latin scripts, a
// German and an ICAO transliteration for Cyrillic and Greek.
func latin(s, script string) []string {
	s = norm.NFC.String(s)
	switch script {
	case "cyrillic-ru":
		return []string{translit(s, ruDE), translit(s, icao)}
	case "cyrillic-uk":
		return []string{translit(s, ukDE), translit(s, icao)}
	case "greek":
		return []string{greek(s)}
	}
	return []string{s}
}

func writeList(name, header string, set map[string]bool) error {
	list := make([]string, 0, len(set))
	for k := range set {
		list = append(list, k)
	}
	sort.Strings(list)
	return os.WriteFile(name, []byte(header+strings.Join(list, "\n")+"\n"), 0o644)
}
