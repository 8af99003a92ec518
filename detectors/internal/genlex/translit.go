package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ruDE is the German (Duden) transliteration of Russian and Macedonian.
var ruDE = map[rune]string{
	'а': "a", 'б': "b", 'в': "w", 'г': "g", 'д': "d", 'е': "e", 'ё': "jo", 'ж': "sch", 'з': "s",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch",
	'щ': "schtsch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju", 'я': "ja",
	'ѓ': "gj", 'ѕ': "dz", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ќ': "kj", 'џ': "dsch",
}

// ukDE is the German (Duden) transliteration of Ukrainian.
var ukDE = map[rune]string{
	'а': "a", 'б': "b", 'в': "w", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "je", 'ж': "sch",
	'з': "s", 'и': "y", 'і': "i", 'ї': "ji", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n",
	'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "ch", 'ц': "z",
	'ч': "tsch", 'ш': "sch", 'щ': "schtsch", 'ь': "", 'ю': "ju", 'я': "ja", '\'': "", '’': "",
}

// icao is the ICAO 9303 transliteration used in passports (and their MRZ).
var icao = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g", 'д': "d", 'е': "e", 'ё': "e", 'є': "ie",
	'ж': "zh", 'з': "z", 'и': "i", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh",
	'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "ie", 'ы': "y", 'ь': "", 'э': "e",
	'ю': "iu", 'я': "ia", 'ѓ': "g", 'ѕ': "dz", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ќ': "k",
	'џ': "dzh", '\'': "", '’': "",
}

// translit maps each Cyrillic letter through table and keeps the initial
// capital; unknown runes are kept as they are.
func translit(s string, table map[rune]string) string {
	var b strings.Builder
	upperNext := false
	for i, r := range s {
		lr := unicode.ToLower(r)
		v, ok := table[lr]
		if !ok {
			b.WriteRune(r)
			upperNext = r == ' ' || r == '-'
			continue
		}
		if (i == 0 || upperNext) && v != "" {
			v = strings.ToUpper(v[:1]) + v[1:]
		}
		upperNext = false
		b.WriteString(v)
	}
	return b.String()
}

var greekPairs = []struct{ from, to string }{
	{"ου", "ou"}, {"αι", "ai"}, {"ει", "ei"}, {"οι", "oi"}, {"μπ", "b"}, {"ντ", "nt"}, {"γγ", "ng"}, {"γκ", "gk"},
}

var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i",
	'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s",
	'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// greek transliterates a Greek name (ELOT 743 style, accents dropped).
func greek(s string) string {
	var base strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			base.WriteRune(unicode.ToLower(r))
		}
	}
	low := base.String()
	for _, p := range greekPairs {
		low = strings.ReplaceAll(low, p.from, p.to)
	}
	t := translit(low, greekLetters)
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
