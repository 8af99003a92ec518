package proxy

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/internal/byteset"
	"github.com/schleuse/schleuse/internal/checkdigit"
)

// How the detectors read a text. Text copied from a word processor, a PDF
// or a web page carries characters that look like others or like nothing,
// and that a language model reads through:
//
//   - invisible ones: a soft hyphen where Word hyphenated ("05­32"),
//     zero-width spaces and joiners, direction marks, a byte-order mark,
//     Unicode tag characters (invisible ASCII), NUL, a lone surrogate, and
//     the other characters Unicode says show nothing (Khmer's inherent
//     vowels, Mongolian variation selectors, musical formatting marks,
//     interlinear annotation marks);
//   - other spaces: the no-break space of a formatted IBAN
//     ("DE89 3704 …" with U+00A0 or U+202F), the ideographic space;
//   - other line breaks: the vertical tab and form feed (Word's manual
//     line and page breaks), NEL (U+0085), the line and paragraph
//     separators (U+2028, U+2029), which a model reads as a line break;
//   - fullwidth letters and digits ("ＤＥ８９ ３７０４ …");
//   - decomposed umlauts, as macOS writes them ("Mu\u0308ller");
//   - HTML character references, in a text that is HTML (a rich-text
//     editor's, a translation of a web page): "J&uuml;rgen",
//     "DE89&nbsp;3704 …", "anna&#64;stadt.de", also without the ";"
//     as browsers read them ("&#56&#54…", "J&uumlrgen": charRefOpen);
//   - digits of other scripts: Arabic-Indic ("٠١٧٦"), as documents of
//     the immigration office carry them, Devanagari, N'Ko and every other
//     decimal digit of Unicode, and the mathematical letters and digits of
//     "fancy text" generators ("𝐃𝐄𝟖𝟗"), with the letters those take from
//     the Letterlike Symbols block (script "ℰ", "ℳ", "ℯ", double-struck
//     "ℍ", "ℝ": "𝒟ℰ89 …" is how a generator writes "DE89 …" in script);
//   - Cyrillic and Greek letters that look like Latin ones, inside a word
//     that has Latin letters or digits too ("DЕ89" with a Cyrillic Е,
//     "Kоwalski"): a word in Cyrillic or Greek script stays as it is;
//   - combining marks that compose with nothing ("K\u0336o\u0336walski",
//     struck through; a mark on a digit);
//   - a dash between digits that Word wrote instead of a hyphen
//     ("0176–1234567", U+2012–U+2015, U+2212);
//   - a dash between two letters ("Jürgen–Kowalski") as a hyphen, a
//     middle dot between letters or digits ("DE89·3704") as a blank, a
//     slash inside a name after a salutation ("Herr Jürgen/Kowalski") as
//     a hyphen (sec13);
//   - a hyphen that breaks a word or a number over two lines, as copied
//     from a PDF ("Dienst-\ngebrauch", "860957-\n42719": hyphenBreak);
//   - super- and subscript, circled and negative circled digits, circled
//     and squared letters and a flag's regional indicators, two or more
//     together ("⁸⁶⁰⁹…", "⑧⑥⓪…", "🇩🇪89 …": enclosed, sec14), and
//     one super- or subscript digit between two digits, and words in
//     braille, "⠼⠓⠋⠚…" (braille, sec15);
//   - the hyphen and the non-breaking hyphen (U+2010, U+2011), which Word
//     puts into a double name so that it is not broken over two lines
//     ("Anna‑Lena Schmidt‑Kowalski"), the one dot leader (U+2024) and the
//     small form variants of punctuation ("﹫", "﹒"), as their ASCII
//     signs.
//   - a Markdown or LaTeX mark inside a run of digit groups: "**", "__",
//     "~~", backticks, TeX's thin spaces "\,", "\;", "\ " ("8609**5742**719",
//     "DE89 `3704` 0044 …", "86095\,742719": digitMark, sec26).
//   - the tag of an inline HTML element or a comment beside a letter or a
//     digit ("8609<b>5742</b>719", "Herr <b>Kowalski</b>": tagMark, sec28).
//
// Inside a value they split or disguise it for the detectors, and the value
// went to the service as it stood, where a language model reads through
// them. The detectors therefore read each text folded (foldText):
// character references decoded, invisible characters left out, spaces as
// " ", fullwidth and mathematical forms and other digits as ASCII,
// look-alike letters as Latin ones, a letter with combining marks composed
// (NFC) and marks that compose with nothing left out, such a dash as "-";
// the findings' spans are those of the text as sent, so that a value is
// replaced with everything it is written with. Numbers and the values
// around digits are read in a second step (foldTokens, tokenfold.go).
//
// Not read through (docs/security.md draws the line): a single circled
// digit between others and a single super- or subscript digit after the
// last digit of a number (a footnote), small capitals and letters of other scripts (Armenian,
// Cherokee) that look Latin, digits spelt out, separators between every
// character ("D E 8 9 …"), a value split across two fields or messages,
// and every encoding (Base64, ROT13, leetspeak but letters for digits in
// a Steuer-ID or an IBAN, tokenfold.go).

// invisible reports whether r is left out: NUL, U+00AD, U+034F (combining
// grapheme joiner), U+061C, U+115F, U+1160, U+180E, U+200B–U+200F,
// U+202A–U+202E, U+2060–U+2064, U+2066–U+206F, U+3164, the variation
// selectors U+FE00–U+FE0F and U+E0100–U+E01EF, U+FEFF, U+FFA0,
// U+E0000–U+E007F, and U+FFFD, which a JSON string's lone surrogate
// ("Meh\ud800met") decodes to; and the rest of Unicode's default
// ignorable code points and invisible format marks: U+17B4–U+17B5 (Khmer
// inherent vowels), U+180B–U+180F (Mongolian variation selectors),
// U+FFF9–U+FFFB (interlinear annotation), U+1BCA0–U+1BCA3 (shorthand
// format controls), U+1D173–U+1D17A (musical formatting),
// U+E0080–U+E0FFF. Before, these split a value as a zero-width space did
// ("05\u17b432" was no IBAN) and went out with it. So are the control
// characters but tab and the line breaks (U+0001–U+0008, U+000E–U+001F,
// DEL, U+0080–U+009F but NEL), which a model reads through as it does NUL,
// and the default-ignorable code points Unicode keeps in reserve (U+2065,
// U+FFF0–U+FFF8), which a renderer shows as nothing: "860957\u000142719"
// and "860957\u206542719" went out unread (sec24,
// TestControlCharactersInsideValues).
func invisible(r rune) bool {
	switch {
	case r < 0xA0 && (r < 0x20 || r >= 0x7F) && r != '\t' && r != '\n' && r != '\r' && !lineBreak(r):
		return true
	case r == 0x2065, r >= 0xFFF0 && r <= 0xFFF8:
		return true
	case r == 0, r == 0xAD, r == 0x34F, r == 0x61C, r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFEFF, r == 0xFFA0, r == 0xFFFD:
		return true
	case r >= 0x17B4 && r <= 0x17B5, r >= 0x180B && r <= 0x180F:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xFFF9 && r <= 0xFFFB:
		return true
	case r >= 0x1BCA0 && r <= 0x1BCA3, r >= 0x1D173 && r <= 0x1D17A, r >= 0xE0000 && r <= 0xE0FFF:
		return true
	}
	return false
}

// lineBreak reports whether r is a line break the detectors read as "\n":
// the vertical tab (Word's manual line break in copied text) and the form
// feed (its page break), NEL and the line and paragraph separators.
// Before, "DE89\u20283704…" was one word to the detectors and an IBAN on
// lines to the model.
func lineBreak(r rune) bool { return r == 0x0B || r == 0x0C || r == 0x85 || r == 0x2028 || r == 0x2029 }

// otherSpace reports whether r is a space the detectors read as " ": the
// Unicode spaces and the braille pattern blank (U+2800), which shows as a
// blank and is handed around as an "invisible character" (before,
// "DE89⠀3704⠀…" was one word to the detectors).
func otherSpace(r rune) bool {
	return r == 0xA0 || r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x202F || r == 0x205F || r == 0x2800 || r == 0x3000
}

// combining reports whether r is a combining mark of the blocks for all
// scripts: diacritical marks (U+0300–U+036F), their extension and
// supplement (U+1AB0–U+1AFF, U+1DC0–U+1DFF), those for symbols
// (U+20D0–U+20FF: a keycap, an enclosing circle) and half marks
// (U+FE20–U+FE2F).
func combining(r rune) bool {
	return r >= 0x300 && r <= 0x36F || r >= 0x1AB0 && r <= 0x1AFF || r >= 0x1DC0 && r <= 0x1DFF ||
		r >= 0x20D0 && r <= 0x20FF || r >= 0xFE20 && r <= 0xFE2F
}

// folds reports whether foldText changes r wherever it stands (a
// combining mark: composes or is left out). A look-alike letter
// (lookalike) and a dash between digits (digitDash) fold only where they
// stand beside Latin text or digits.
func folds(r rune) bool {
	return invisible(r) || otherSpace(r) || lineBreak(r) || r >= 0xFF01 && r <= 0xFF5E || combining(r) || otherDigit(r) || mathAlnum(r) || letterlike(r) != 0 || asciiSign(r) != 0
}

// asciiSign returns the ASCII sign r stands for wherever it stands: "-"
// for the hyphen and the non-breaking hyphen (U+2010, U+2011), "." for the
// one dot leader (U+2024), and the NFKC form of a small form variant
// (U+FE50–U+FE6B: "﹫" "@", "﹒" "."); else 0. Before, "Anna‑Lena
// Schmidt‑Kowalski" with Word's non-breaking hyphens left "Kowalski" to
// the service, and "anna.schmidt﹫stadt.de" was no address.
func asciiSign(r rune) byte {
	switch {
	case r == 0x2010, r == 0x2011:
		return '-'
	case r == 0x2024:
		return '.'
	case r >= 0xFE50 && r <= 0xFE6B:
		return smallForms[r-0xFE50]
	}
	return 0
}

// smallForms holds asciiSign's answers for the small form variants, from
// NFKC (0 where it gives no ASCII sign).
var smallForms = func() (t [0x1C]byte) {
	for i := range t {
		if s := norm.NFKC.String(string(rune(0xFE50 + i))); len(s) == 1 && s[0] > ' ' && s[0] < 0x7F {
			t[i] = s[0]
		}
	}
	return t
}()

// otherDigit reports the decimal digits of other scripts that foldText
// reads as ASCII digits: every decimal digit of Unicode beyond ASCII
// (Arabic-Indic, N'Ko, the Indic and South-East Asian scripts, Vai, Cham,
// Meetei Mayek, the mathematical digits); the lead bytes needsFold looks
// for cover them (0xD9–0xDF, 0xE0–0xE1, 0xEA, 0xEF, 0xF0). Before, only
// those up to U+1FFF and above U+FFFF were, and "DE߈߉ …" (N'Ko) or
// "DE꯸꯹ …" (Meetei Mayek) went out as it stood.
func otherDigit(r rune) bool {
	return r >= 0x660 && unicode.IsDigit(r)
}

// mathAlnum reports the Mathematical Alphanumeric Symbols (U+1D400–U+1D7FF:
// bold, italic, script, double-struck … letters and digits), read as their
// NFKC forms.
func mathAlnum(r rune) bool { return r >= 0x1D400 && r <= 0x1D7FF }

// enclosed returns the ASCII letter or digit r is an enclosed or raised
// form of, else 0: super- and subscript digits ("⁸⁶⁰⁹…", "₈₆₀…"),
// circled, parenthesized, double-circled and negative circled digits
// ("⑧⑥⓪…", "❽❻…"), digits with a full stop or a comma ("⒏⒍🄁…": before
// (sec44), a Steuer-ID so went out while "⑻⑹⓪…" was read), circled, parenthesized, squared and negative
// letters ("🄳🄴89 …", "Ⓓⓔ"), and the regional indicators that write a
// country's flag ("🇩🇪89 3704 …" is "DE89 3704 …" to a model). They fold
// only in a run of two or more (enclosedRun): alone, one is a footnote
// ("Kowalski¹"), a unit ("m²") or a list's mark ("① Antrag"), and folded
// it would join the word beside it. Before (sec14), a Steuer-ID in
// superscript or circled digits and an IBAN behind a flag or squared
// letters went out unread.
func enclosed(r rune) byte {
	switch {
	case r < 0xB2:
		return 0
	case r == 0xB2, r == 0xB3:
		return '0' + byte(r-0xB0)
	case r == 0xB9:
		return '1'
	case r == 0x2070:
		return '0'
	case r >= 0x2074 && r <= 0x2079:
		return '0' + byte(r-0x2070)
	case r >= 0x2080 && r <= 0x2089:
		return '0' + byte(r-0x2080)
	case r >= 0x2460 && r <= 0x2468: // ①–⑨
		return '1' + byte(r-0x2460)
	case r >= 0x2474 && r <= 0x247C: // ⑴–⑼
		return '1' + byte(r-0x2474)
	case r >= 0x2488 && r <= 0x2490: // ⒈–⒐ (digit full stop, sec44)
		return '1' + byte(r-0x2488)
	case r >= 0x24B6 && r <= 0x24CF: // Ⓐ–Ⓩ
		return 'A' + byte(r-0x24B6)
	case r >= 0x24D0 && r <= 0x24E9: // ⓐ–ⓩ
		return 'a' + byte(r-0x24D0)
	case r == 0x24EA, r == 0x24FF: // ⓪ ⓿
		return '0'
	case r >= 0x24F5 && r <= 0x24FD: // ⓵–⓽
		return '1' + byte(r-0x24F5)
	case r >= 0x2776 && r <= 0x277E: // ❶–❾
		return '1' + byte(r-0x2776)
	case r >= 0x2780 && r <= 0x2788: // ➀–➈
		return '1' + byte(r-0x2780)
	case r >= 0x278A && r <= 0x2792: // ➊–➒
		return '1' + byte(r-0x278A)
	case r == 0x1F10B, r == 0x1F10C: // 🄋 🄌
		return '0'
	case r >= 0x1F100 && r <= 0x1F10A: // 🄀 🄁–🄊 (digit full stop, digit comma: sec44)
		if r == 0x1F100 {
			return '0'
		}
		return '0' + byte(r-0x1F101)
	case r >= 0x1F110 && r <= 0x1F129: // 🄐–🄩
		return 'A' + byte(r-0x1F110)
	case r >= 0x1F130 && r <= 0x1F149: // 🄰–🅉
		return 'A' + byte(r-0x1F130)
	case r >= 0x1F150 && r <= 0x1F169: // 🅐–🅩
		return 'A' + byte(r-0x1F150)
	case r >= 0x1F170 && r <= 0x1F189: // 🅰–🆉
		return 'A' + byte(r-0x1F170)
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators
		return 'A' + byte(r-0x1F1E6)
	}
	return 0
}

// enclosedRun reports whether the character s[i:i+n] stands beside
// another that enclosed reads, with nothing between them but what the fold
// leaves out (invisible characters, combining marks: "⁸\u200b⁶…",
// "🇩\u200d🇪"), either written as a character reference ("&#8312;&#8310;
// …"). Before, only the raw neighbours were asked, and a Steuer-ID in
// superscript digits with a zero-width space between each went out.
func enclosedRun(s string, i, n int) bool {
	for j := i; j > 0; {
		r, k := utf8.DecodeLastRuneInString(s[:j])
		if r == ';' {
			if c, a := charRefBefore(s, j); a >= 0 {
				r, k = c, j-a
			}
		}
		if enclosed(r) != 0 {
			return true
		}
		if !invisible(r) && !combining(r) {
			break
		}
		j -= k
	}
	for j := i + n; j < len(s); {
		r, k := utf8.DecodeRuneInString(s[j:])
		if r == '&' {
			if c, m := charRef(s[j:]); m > 0 {
				r, k = c, m
			}
		}
		if enclosed(r) != 0 {
			return true
		}
		if !invisible(r) && !combining(r) {
			break
		}
		j += k
	}
	return false
}

// enclosedFolds reports whether the character s[i:i+n], one enclosed
// reads, is read as its ASCII letter or digit: beside another
// (enclosedRun), or a raised or lowered digit between two ASCII digits
// ("860957427₁9", "8609⁵742719"), which no footnote or unit is and a model
// reads as a digit of the number; before (sec15), such a Steuer-ID went
// out. After the last digit one stays a footnote ("86095742719¹").
func enclosedFolds(s string, i, n int) bool {
	if enclosedRun(s, i, n) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isDigit(enclosed(r)) && (r <= 0xB9 || r >= 0x2070 && r <= 0x2089) &&
		i > 0 && isDigit(s[i-1]) && i+n < len(s) && isDigit(s[i+n])
}

// brailleCell reports whether r is a braille pattern of six dots with a
// dot (U+2801–U+283F); the blank U+2800 is a space (otherSpace).
func brailleCell(r rune) bool { return r > 0x2800 && r <= 0x283F }

// brailleRun reports whether the braille cell s[i:i+n] stands beside
// another: a word in braille, not a lone pattern used as a sign.
func brailleRun(s string, i, n int) bool {
	a, _ := utf8.DecodeLastRuneInString(s[:i])
	b, _ := utf8.DecodeRuneInString(s[i+n:])
	return brailleCell(a) || brailleCell(b)
}

// brailleLetters are the letters of braille (grade 1, as German and
// English braille share them) by their dots, bit k for dot k+1.
var brailleLetters = func() (t [0x40]byte) {
	for i, dots := range []byte{0x01, 0x03, 0x09, 0x19, 0x11, 0x0B, 0x1B, 0x13, 0x0A, 0x1A, 0x05, 0x07, 0x0D,
		0x1D, 0x15, 0x0F, 0x1F, 0x17, 0x0E, 0x1E, 0x25, 0x27, 0x3A, 0x2D, 0x3D, 0x35} {
		t[dots] = 'a' + byte(i)
	}
	return t
}()

// braille reads a word in braille cell by cell (foldRunes): its letters as
// letters, a capital sign (dot 6) before a capital, two before a word in
// capitals, and after the number sign (dots 3456) the letters a–j as the
// digits 1–0, as a model reads "⠼⠓⠋⠚⠊…"; before (sec15), a Steuer-ID and
// a name in braille went out unread. Other cells stay as written.
type braille struct{ num, capital, caps, sign bool }

// read returns what the cell r reads as: a letter or a digit, nothing for
// the number and capital signs, the cell itself for any other.
func (b *braille) read(r rune) string {
	dots := byte(r - 0x2800)
	sign := b.sign
	b.sign = false
	switch {
	case dots == 0x3C:
		b.num = true
		return ""
	case dots == 0x20:
		if sign {
			b.caps = true
		}
		b.capital, b.sign = true, true
		return ""
	}
	l := brailleLetters[dots]
	switch {
	case l == 0:
		b.num, b.capital, b.caps = false, false, false
		return string(r)
	case b.num && l <= 'j':
		return string("1234567890"[l-'a'])
	}
	b.num = false
	if b.capital || b.caps {
		l -= 'a' - 'A'
	}
	b.capital = false
	return string(l)
}

// charRefBefore returns the character of the character reference that
// ends at s[:j] (its ";" at j-1) and where it starts; -1 when none does.
func charRefBefore(s string, j int) (rune, int) {
	for a := j - 4; a >= max(0, j-34); a-- {
		if s[a] == '&' {
			if c, m := charRef(s[a:]); m == j-a {
				return c, a
			}
			break
		}
	}
	return 0, -1
}

// letterlike returns the ASCII letter a character of the Letterlike
// Symbols block (U+2100–U+214F) reads as under NFKC, when it is one letter
// ("ℰ" E, "ℳ" M, "ℯ" e, "ℍ" H, "ℓ" l), else 0. The mathematical
// alphabets leave holes where Unicode had these already: a "fancy text"
// generator's script, Fraktur and double-struck text takes them from here.
//
// So are the roman numerals of Number Forms that are one letter (U+2160–
// U+217F: "Ⅰ", "Ⅴ", "Ⅹ", "Ⅼ", "Ⅽ", "Ⅾ", "Ⅿ" and their small forms), which
// look like those letters and a model reads as them: before (sec15),
// "ⅮE89 3704 …" and "ⅤS – Nur für den Dienstgebrauch" went out unread.
// Numerals of several letters ("Ⅷ") stay as written.
func letterlike(r rune) byte {
	if r < 0x2100 || r > 0x217F {
		return 0
	}
	return letterlikes[r-0x2100]
}

// letterlikes holds letterlike's answers, from NFKC.
var letterlikes = func() (t [0x80]byte) {
	for i := range t {
		if s := norm.NFKC.String(string(rune(0x2100 + i))); len(s) == 1 && isASCIIAlnum(s[0]) && !(s[0] >= '0' && s[0] <= '9') {
			t[i] = s[0]
		}
	}
	return t
}()

// digitValue returns the ASCII digit of a decimal digit r of any script;
// Unicode gives each script's ten digits in order from zero.
func digitValue(r rune) byte {
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return '0' + byte((r-rune(rg.Lo))%10)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return '0' + byte((r-rune(rg.Lo))%10)
		}
	}
	return '0'
}

// lookalikes are the Cyrillic and Greek letters that look like a Latin
// one in common fonts (Unicode's confusables, restricted to letters that
// stand for the same glyph).
var lookalikes = map[rune]byte{
	// Cyrillic
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'У': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J',
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j',
	// Greek
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	'α': 'a', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'υ': 'u', 'χ': 'x',
}

// lookalike returns the Latin letter that r looks like when r is a
// Cyrillic or Greek letter in a word that has Latin letters or ASCII
// digits too (mixedWord), else 0.
func lookalike(s string, i, n int, r rune) byte {
	l, ok := lookalikes[r]
	if !ok || !mixedWord(s, i, n) {
		return 0
	}
	return l
}

// mixedWord reports whether the word around s[i:i+n] holds an ASCII letter
// or digit within mixedReach bytes either side: its other characters are
// letters, digits, combining marks and invisible characters. The reach
// keeps a text of one long word linear.
func mixedWord(s string, i, n int) bool {
	for j := i; j > 0 && i-j < mixedReach; {
		r, k := utf8.DecodeLastRuneInString(s[:j])
		if r < utf8.RuneSelf && isASCIIAlnum(byte(r)) {
			return true
		}
		if !inWord(r) {
			break
		}
		j -= k
	}
	for j := i + n; j < len(s) && j-i-n < mixedReach; {
		r, k := utf8.DecodeRuneInString(s[j:])
		if r < utf8.RuneSelf && isASCIIAlnum(byte(r)) {
			return true
		}
		if !inWord(r) {
			break
		}
		j += k
	}
	return false
}

// mixedReach bounds how far mixedWord looks.
const mixedReach = 64

func inWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || combining(r) || invisible(r)
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// digitDash reports whether s[i:i+n], a rune r, is a dash (U+2010–U+2015,
// U+2212) between two digits or two letters: a word processor's
// replacement of a hyphen in a telephone or account number, or in a double
// name ("Jürgen–Kowalski", which the detectors read as "Jürgen" and a
// word after a dash, so "Kowalski" went out; sec13).
func digitDash(s string, i, n int, r rune) bool {
	if !(r >= 0x2010 && r <= 0x2015 || r == 0x2212) || i == 0 || i+n >= len(s) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	q, _ := utf8.DecodeRuneInString(s[i+n:])
	return unicode.IsDigit(p) && unicode.IsDigit(q) || unicode.IsLetter(p) && unicode.IsLetter(q)
}

// wordDot reports whether s[i:i+n], a rune r, is a middle dot (U+00B7,
// the Greek ano teleia U+0387, the hyphenation point U+2027, the bullet
// operator U+2219, the katakana middle dots U+30FB, U+FF65) between two
// letters or digits, which the detectors read as a blank: a model reads
// "Jürgen·Kowalski" and "DE89·3704·0044·…" through it, and before, the
// surname and the IBAN went out (sec13). A gendered "Lehrer·innen" reads
// "Lehrer innen", which names no one.
func wordDot(s string, i, n int, r rune) bool {
	if !(r == 0xB7 || r == 0x387 || r == 0x2027 || r == 0x2219 || r == 0x30FB || r == 0xFF65) || i == 0 || i+n >= len(s) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	q, _ := utf8.DecodeRuneInString(s[i+n:])
	return (unicode.IsLetter(p) || unicode.IsDigit(p)) && (unicode.IsLetter(q) || unicode.IsDigit(q))
}

// nameSlash reports whether s[i] is a "/" between a given name after a
// salutation and a capitalised word ("Herr Jürgen/Kowalski"), which the
// detectors read as a hyphen, as in a double name: before, they read
// "Herr Jürgen" and a word after a slash, and the surname went out
// (sec13). Only after a salutation: elsewhere a slash between two
// capitalised words is mostly two things ("Berlin/Brandenburg",
// "Anamnese/Befund", "Behörde/Authority"), and a bell's "Lüdtke/Pesch"
// names two people, each of whom the detectors find as written.
func nameSlash(s string, i int) bool {
	if s[i] != '/' || i == 0 || i+2 >= len(s) {
		return false
	}
	q, k := utf8.DecodeRuneInString(s[i+1:])
	r, _ := utf8.DecodeRuneInString(s[i+1+k:])
	if !unicode.IsUpper(q) || !unicode.IsLower(r) {
		return false
	}
	a := strings.LastIndexFunc(s[:i], func(r rune) bool { return !unicode.IsLetter(r) }) + 1
	if a == i || a < 2 || s[a-1] != ' ' {
		return false
	}
	w, _ := utf8.DecodeRuneInString(s[a:])
	if !unicode.IsUpper(w) {
		return false
	}
	b := strings.IndexFunc(s[i+1:], func(r rune) bool { return !unicode.IsLetter(r) })
	if b < 0 {
		b = len(s) - i - 1
	}
	if slashSalutation[s[i+1:i+1+b]] {
		return false // "Frau Anna/Herr …"
	}
	c := strings.LastIndexFunc(s[:a-1], func(r rune) bool { return !unicode.IsLetter(r) }) + 1
	return slashSalutation[s[c:a-1]]
}

// hyphenBreak returns the length of a hyphen at s[i] that breaks a word
// or a number over two lines ("Dienst-\ngebrauch", "Kowal-\nski",
// "860957-\n42719"), as text copied from a PDF or a narrow column holds
// it: "-", the soft hyphen or the typographic one a PDF or Word puts there
// (U+00AD, U+2010, U+2011), the line break (LF, CRLF, the line
// separator), a letter before and a small letter after, or digits on both
// sides; what the fold leaves out anyway (invisible characters) may stand
// around the hyphen and the break ("860957-\n\u200b42719"). The fold leaves
// it out, as a model reads the word whole; before (sec14), "VS-Nur für
// den Dienst-\ngebrauch" and a Steuer-ID broken so went out, and with
// another hyphen or an invisible character beside the break still
// (TestHyphenBreaksAcrossInvisibles). A hyphen before a capital ("Ein-
// \nAusgang") stays; 0 where there is none.
func hyphenBreak(s string, i int) int {
	if i == 0 || i+2 >= len(s) {
		return 0
	}
	h, j := utf8.DecodeRuneInString(s[i:])
	if h != '-' && h != 0xAD && h != 0x2010 && h != 0x2011 {
		return 0
	}
	j += i
	skip := func(j int) int { // the invisible characters from s[j]
		for j < len(s) {
			r, k := utf8.DecodeRuneInString(s[j:])
			if !invisible(r) {
				break
			}
			j += k
		}
		return j
	}
	j = skip(j)
	switch {
	case strings.HasPrefix(s[j:], "\n"):
		j++
	case strings.HasPrefix(s[j:], "\r\n"):
		j += 2
	case strings.HasPrefix(s[j:], "\u2028"):
		j += len("\u2028")
	default:
		return 0
	}
	j = skip(j)
	if j >= len(s) {
		return 0
	}
	b := i
	var before rune
	for b > 0 {
		r, k := utf8.DecodeLastRuneInString(s[:b])
		if before = r; !invisible(r) {
			break
		}
		b -= k
	}
	after, _ := utf8.DecodeRuneInString(s[j:])
	switch {
	case before >= '0' && before <= '9':
		if after >= '0' && after <= '9' {
			return j - i
		}
	case unicode.IsLetter(before) && unicode.IsLower(after):
		return j - i
	}
	return 0
}

// digitMark returns the length of a Markdown or LaTeX mark at s[i] that
// stands inside a run of digit groups, 0 where there is none: "**" or
// "***" (bold), "__", "~~" (struck through), one to three backticks (a
// code span), and TeX's spaces "\,", "\;", "\:" and "\ ", between two
// digits, or between a digit and a blank before or after which a digit
// stands ("8609**5742**719", "DE89 `3704` 0044 …", "86095\,742719").
// Marks of several kinds in one joint are one mark ("8609**`5742`**719":
// bold around a code span; a single "*" or "_" there is italics), where
// each kind's run is one of the above or, beside another kind, a single
// "*" or "_" (sec27). The fold leaves it out, as a model reads the value
// through it; before (sec26, sec27), each of these went to the service as
// it stood. A single "*", "_", "~" or "#" between two digits is left out
// only where the digits joined are a value's shape (singleMark: a
// Steuer-ID or an IBAN whose check digits hold, a telephone number's
// prefix and length). A mark elsewhere ("3 * 4", "3*4", "2_000", "#12",
// "**Wichtig**", "a`b`", "~5") stays.
func digitMark(s string, i int) int {
	var n int
	switch c := s[i]; c {
	case '\\':
		if i+1 < len(s) && (s[i+1] == ',' || s[i+1] == ';' || s[i+1] == ':' || s[i+1] == ' ') {
			n = 2
		}
	case '*', '_', '~', '`':
		n = markRun(s, i)
	case '#', '\t':
		n = 1
	}
	if n == 0 || i == 0 || i+n >= len(s) {
		return 0
	}
	a, b := s[i-1], s[i+n]
	switch {
	case n == 1 && s[i] != '`':
		if isDigit(a) && isDigit(b) && singleMark(s, i) {
			return 1
		}
	case isDigit(a) && isDigit(b),
		isDigit(a) && b == ' ' && i+n+1 < len(s) && isDigit(s[i+n+1]),
		a == ' ' && i >= 2 && isDigit(s[i-2]) && isDigit(b):
		return n
	}
	return 0
}

// markRun returns the length of the Markdown marks from s[i] that
// digitMark leaves out as one joint: a run of "*", "_", "~" and "`" whose
// runs of one kind are each "**", "***", "__", "~~" or one to three
// backticks, or, beside such a run of another kind, a single "*" or "_";
// a single mark alone is 1 ("*", "_", "~": singleMark decides). 0 for
// anything else ("****", "___", "*_").
func markRun(s string, i int) int {
	j, kinds, whole, single := i, 0, 0, false
	for j < len(s) {
		c := s[j]
		if c != '*' && c != '_' && c != '~' && c != '`' {
			break
		}
		k := j + 1
		for k < len(s) && s[k] == c {
			k++
		}
		switch n := k - j; {
		case c == '`' && n <= 3, c == '*' && n == 3, n == 2:
			whole++
		case n == 1 && c != '~':
			single = true
		case n == 1 && kinds == 0 && (k == len(s) || s[k] != '*' && s[k] != '_' && s[k] != '`'):
			return 1 // "~" alone
		default:
			return 0
		}
		kinds++
		j = k
	}
	switch {
	case kinds == 1 && single:
		return 1 // "*" or "_" alone: singleMark decides
	case single && whole == 0:
		return 0 // "*_": single marks alone, no span
	}
	return j - i
}

// singleMark reports whether the single "*", "_", "~" or "#" at s[i],
// between two digits, stands inside a value that the digits around it
// make when joined (sec27: "8609*5742719", "0176_12345678", "DE89 3704
// 0044#0532 0130 00" went to the service as they stood; a model reads
// through one mark as through two): eleven digits standing alone that are
// a Steuer-ID, an IBAN whose check digits hold, or a telephone number (a
// prefix of "0" and three to five digits, "+" before it or not, and ten
// to thirteen digits in all). Arithmetic ("3*4", "12*365"), a thousands
// mark ("2_000"), a file's or field's name ("scan_2024_0311") and a
// number after "#" are none of these.
func singleMark(s string, i int) bool {
	a := i
	for a > 0 && isDigit(s[a-1]) {
		a--
	}
	b := i + 1
	for b < len(s) && isDigit(s[b]) {
		b++
	}
	if b < len(s) && (isASCIIAlnum(s[b]) || s[b] == '_' || s[b] == s[i] || utf8.RuneStart(s[b]) && s[b] >= 0x80 && letterAt(s, b)) {
		return false
	}
	l, r := i-a, b-i-1
	if ibanAcross(s, i) {
		return true
	}
	if s[i] == '\t' && (l+r != 11 || tabTable(s, i)) {
		return false // a tab: a Steuer-ID outside a table only
	}
	if a > 0 && (isASCIIAlnum(s[a-1]) || strings.IndexByte("_.,*~#`\\", s[a-1]) >= 0 || letterBefore(s, a)) {
		return false
	}
	if l+r == 11 {
		var d [11]byte
		copy(d[:], s[a:i])
		copy(d[l:], s[i+1:b])
		return checkdigit.TaxID(d[:])
	}
	plus := a > 0 && s[a-1] == '+'
	return s[a] == '0' && s[a+1] != '0' && l >= 3 && l <= 5 && l+r >= 10 && l+r <= 13 ||
		plus && l >= 2 && l <= 5 && l+r >= 10 && l+r <= 13 && s[a] != '0'
}

// tabTable reports whether the tab at s[i] is one of a table's: its line
// holds another tab, or the line before or after it holds one. A tab
// between two numbers is a cell's end in a table copied from a
// spreadsheet, where the digits of two cells joined pass a Steuer-ID's
// check about one time in three hundred; the one tab of a line by itself
// stands inside a value.
func tabTable(s string, i int) bool {
	from := strings.LastIndexByte(s[:i], '\n') + 1
	to := len(s)
	if k := strings.IndexByte(s[i+1:], '\n'); k >= 0 {
		to = i + 1 + k
	}
	if strings.IndexByte(s[from:i], '\t') >= 0 || strings.IndexByte(s[i+1:to], '\t') >= 0 {
		return true
	}
	if from > 0 {
		prev := strings.LastIndexByte(s[:from-1], '\n') + 1
		if strings.IndexByte(s[prev:from-1], '\t') >= 0 {
			return true
		}
	}
	if to < len(s) {
		next := len(s)
		if k := strings.IndexByte(s[to+1:], '\n'); k >= 0 {
			next = to + 1 + k
		}
		if strings.IndexByte(s[to+1:next], '\t') >= 0 {
			return true
		}
	}
	return false
}

// ibanAcross reports whether the mark at s[i] stands inside an IBAN
// (written whole or in groups with single blanks) whose check digits hold
// without it, its country within 40 bytes before the mark.
func ibanAcross(s string, i int) bool {
	for g := i - 4; g >= max(0, i-40); g-- {
		if !isASCIILetter(s[g]) || g > 0 && (isASCIIAlnum(s[g-1]) || letterBefore(s, g)) {
			continue
		}
		if want, _ := checkdigit.IBANHead(s, g); want == 0 {
			continue
		}
		t := s[g:i] + s[i+1:min(len(s), i+1+40)]
		n := ibanRun(t, 0)
		if n <= i-g || n < len(t) && isASCIIAlnum(t[n]) || !ibanHolds(t, 0, n) {
			continue
		}
		return true
	}
	return false
}

// slashSalutation are the salutations nameSlash reads a name after.
var slashSalutation = map[string]bool{"Herr": true, "Herrn": true, "Frau": true, "Fräulein": true}

// leadBytes are the first bytes of the UTF-8 encodings of what folds;
// needsFold looks for them before decoding anything (in German text they
// are rare: „“, –, €, § and the like; ä, ö, ü and ß lead with 0xC3, which
// is not among them). Digits of other scripts are read only where one of
// these leads them (otherDigit).
var leadBytes = byteset.New("-/&\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\xc2\xcc\xcd\xce\xcf\xd0\xd1\xd8\xd9\xdb\xdf\xe0\xe1\xe2\xe3\xea\xef\xf0\xf3")

// markBytes are the first bytes of the marks digitMark, tagMark and
// quoteJoint read, and the line break before those quotePrefix reads; a
// set of their own, as leadBytes' vector set holds no more high nibbles.
var markBytes = byteset.New("*_~`\\#\t<\"'\n")

// markFolds reports whether s holds a mark digitMark, tagMark, quoteJoint
// or quotePrefix leaves out: one vector pass over s for markBytes (All),
// looking at the next bytes only where one stands.
func markFolds(s string) bool {
	for i := range markBytes.All(s) {
		switch s[i] {
		case '<':
			if tagMark(s, i) > 0 {
				return true
			}
		case '"', '\'':
			if quoteJoint(s, i) > 0 {
				return true
			}
		case '\n':
			if i+1 < len(s) && lineMarks[s[i+1]] && quotePrefix(s, i+1) > 0 {
				return true
			}
		default:
			if digitMark(s, i) > 0 {
				return true
			}
		}
	}
	return false
}

// lineMarks are the bytes a line starts with where quotePrefix may read
// marks at its start: a mail's quote mark, a comment's mark, indentation.
var lineMarks = [256]bool{'>': true, ' ': true, '\t': true, '/': true, '#': true, '-': true, ';': true, '%': true, '*': true, '\'': true, 'R': true, 'r': true}

// quoteJoint returns the length of the joint at s[i] where source code
// joins two string literals into one text, else 0: a closing quote ('"' or
// "'"), blanks, at most one operator ("+" of Java, JavaScript, Go and C#,
// PHP's "." after a blank, "&" of Visual Basic and Excel, SQL's "||"), at
// most one line break (a backslash before it continues the line), the
// indentation, and the same quote opening the next literal:
// "DE89 3704 0044 " +⏎ "0532 0130 00", Python's and C's adjacent literals
// ("…0044 "⏎ "0532 …"). An IDE splits a long literal so where Enter is
// pressed inside it, and a formatter where the line grows too long; a
// model, asked about the code, reads the text whole. The fold leaves the
// joint out; before (sec42), each literal was read by itself, and an IBAN,
// a Steuer-ID or a name split so went to the service as written. A letter
// or a digit, or a blank beside one, stands at both edges. Without an
// operator, one edge is a blank, the place where a line is broken (a
// column of quoted words, one a line, stays apart), or the digits joined
// are a value's shape (singleMark: "860957" "42719" on one line).
// Prose keeps its quotes: "ja". "Nein" (no blank before the full stop),
// "ja", "nein" (a comma is no operator).
func quoteJoint(s string, i int) int {
	q := s[i]
	if i == 0 || i+2 >= len(s) {
		return 0
	}
	j, op, nl := i+1, false, false
scan:
	for ; j < len(s) && j-i <= maxJoint; j++ {
		switch c := s[j]; {
		case c == ' ' || c == '\t':
		case c == '\n' && !nl:
			nl = true
		case c == '\r' && !nl && j+1 < len(s) && s[j+1] == '\n':
			nl = true
			j++
		case c == '\\' && !nl && j+1 < len(s) && (s[j+1] == '\n' || s[j+1] == '\r'):
		case c == '+' && !op, c == '&' && !op,
			c == '.' && !op && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\n'):
			op = true
		case c == '|' && !op && j+1 < len(s) && s[j+1] == '|':
			op = true
			j++
		case c == q:
			break scan
		default:
			return 0
		}
	}
	if j+1 >= len(s) || s[j] != q || j == i+1 {
		return 0
	}
	ra, _ := utf8.DecodeLastRuneInString(s[:i])
	rb, _ := utf8.DecodeRuneInString(s[j+1:])
	edge := func(r rune, beside string, last bool) (word, blank bool) {
		if r == ' ' && beside != "" {
			r2, _ := utf8.DecodeRuneInString(beside)
			if last {
				r2, _ = utf8.DecodeLastRuneInString(beside)
			}
			return false, unicode.IsLetter(r2) || unicode.IsDigit(r2)
		}
		return unicode.IsLetter(r) || unicode.IsDigit(r), false
	}
	wa, ba := edge(ra, s[:i-1], true)
	wb, bb := edge(rb, s[min(j+2, len(s)):], false)
	switch {
	case !wa && !ba || !wb && !bb || ba && bb:
		return 0
	case op || ba || bb:
		return j + 1 - i
	case isDigit(s[i-1]) && isDigit(s[j+1]):
		lo, hi := max(0, i-40), min(len(s), j+1+40)
		if singleMark(s[lo:i]+"#"+s[j+1:hi], i-lo) {
			return j + 1 - i
		}
	}
	return 0
}

// quotePrefix returns the length of the marks at the start of the line at
// s[i] that the fold leaves out because the line continues the one before:
// a mail's quote marks or a code comment's (commentPrefix). A mail's marks
// (">", ">>", "> >", a blank after them or not) stand first in a line
// that continues the one before: that line starts with the same marks and
// ends with a letter or a digit (blanks after it, as format=flowed writes
// them, aside), and a letter or a digit follows the marks. A mail program
// wraps quoted text at 72 to 76 columns and puts the marks before every
// line, so "> … Herr Jürgen⏎> Kowalski" and "> … DE89 3704 0044⏎> 0532
// 0130 00" break a name or a value where a person pasting a thread never
// did; a model reads the quote as text. The fold leaves the marks out, the
// line break stays; before (sec42), the detectors read the marks between
// the parts, and the surname and the IBAN's first part went to the
// service. Else 0: a first quoted line, a line after a sentence's end, an
// arrow ("->", "=>") and a tag's end stay.
func quotePrefix(s string, i int) int {
	if i == 0 || i >= len(s) || s[i-1] != '\n' {
		return 0
	}
	if s[i] != '>' {
		return commentPrefix(s, i)
	}
	j := i
	for j < len(s) && j-i < 16 && (s[j] == '>' || s[j] == ' ' && j+1 < len(s) && s[j+1] == '>') {
		j++
	}
	p := s[i:j]
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(s[j:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return 0
	}
	line := lineBefore(s, i)
	if len(line) <= len(p) || !strings.HasPrefix(line, p) || strings.HasPrefix(line[len(p):], ">") || !wordEnd(line) {
		return 0
	}
	return j - i
}

// commentPrefix returns the length of a code comment's mark at the start
// of the line at s[i], with the indentation before it and the blanks after
// it, where the line continues the comment of the line before with a
// digit: "// … DE89 3704 0044⏎// 0532 0130 00", "# Steuer-ID 86 095⏎#
// 742 719". An editor (Vim's gq, an IDE's comment reflow) and a formatter
// wrap a long comment at 80 to 120 columns and put the mark before every
// line; a model reads the comment as text, the detectors read the mark
// between the parts: before (sec43), the IBAN's first part and the
// Steuer-ID went to the service. The marks are those of C, Java, Go and
// JavaScript ("//", "///"), a C or Javadoc block's " * ", shell, Python,
// YAML and Perl ("#"), SQL and Lua ("--"), ini files (";"), VB ("'"), TeX
// ("%") and batch files ("REM"); a blank follows the mark. The line before
// holds the same mark at the same column, a blank or nothing before it
// (a comment after code, continued below it: "x = 1  // …⏎       // …"),
// and ends with a letter or a digit. The line break stays. The mark is
// left out only where the digits at both sides of the break make a value
// joined (valueAcross), and so is indentation alone before such digits (a
// table's last cell or a list item wrapped under its start, sec43): the detectors join no name or words over two lines
// in any text, and a numbered list or a table in comments ("// 1. …⏎//
// 2. …") stays as written; the testcases corpus and 27 908 of 27 909
// source files of many languages fold byte for byte as before (sec43).
func commentPrefix(s string, i int) int {
	j := i
	for j < len(s) && j-i < maxJoint && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	m := commentMark(s[j:])
	k := j + m
	col := j - i
	var line string
	if m == 0 {
		// Indentation alone before a digit: a table's last cell or a list
		// item wrapped under its start ("Kowalski    DE89 3704 0044⏎
		//             0532 0130 00", as pdftotext lays out a PDF's table).
		if j == i || j >= len(s) || !isDigit(s[j]) {
			return 0
		}
		if line = lineBefore(s, i); !wordEnd(line) {
			return 0
		}
	} else {
		if k >= len(s) || s[k] != ' ' && s[k] != '\t' {
			return 0
		}
		for k < len(s) && k-j-m < maxJoint && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		if k >= len(s) || !isDigit(s[k]) {
			return 0
		}
		if line = lineBefore(s, i); len(line) <= col+m+1 || line[col:col+m] != s[j:j+m] || line[col+m] != ' ' && line[col+m] != '\t' ||
			col > 0 && line[col-1] != ' ' && line[col-1] != '\t' || !wordEnd(line) {
			return 0
		}
	}
	// line is s[from:end]: its text after the mark and the text after the
	// blanks (k), read as one with a mark between them.
	end := lineEnd(s, i)
	lo, hi := max(end-len(line)+min(col+m, len(line)), end-40), min(len(s), k+40)
	if !valueAcross(s[lo:end]+"#"+s[k:hi], end-lo) {
		return 0
	}
	return k - i
}

// valueAcross reports whether the digits at both sides of the mark at t[m]
// make a value when joined: one singleMark reads (an IBAN whose check
// digits hold, eleven digits that are a Steuer-ID, a telephone number), or
// a Steuer-ID in groups of two to six digits with single blanks ("86
// 095#742 719", taxIDGroups with the blanks and the mark as one joint).
func valueAcross(t string, m int) bool {
	if singleMark(t, m) {
		return true
	}
	g := []byte(t)
	g[m] = '.'
	p := m
	for p > 0 && (isDigit(g[p-1]) || g[p-1] == ' ' && p > 1 && isDigit(g[p-2]) && isDigit(g[p])) {
		if g[p-1] == ' ' {
			g[p-1] = '.'
		}
		p--
	}
	for q := m + 1; q+1 < len(g) && (isDigit(g[q]) || g[q] == ' ' && isDigit(g[q-1]) && isDigit(g[q+1])); q++ {
		if g[q] == ' ' {
			g[q] = '.'
		}
	}
	if p == m || p > 0 && (isASCIIAlnum(g[p-1]) || letterBefore(t, p)) {
		return false
	}
	return taxIDGroups(string(g), p) > m
}

// commentMark returns the length of the comment mark at the start of t
// (commentPrefix), else 0: "//" and "///", a run of "#", "--" and longer,
// a run of ";" or "%", a single "*" or "'", and "REM" in either case.
func commentMark(t string) int {
	if t == "" {
		return 0
	}
	n := 1
	for n < len(t) && n < 8 && t[n] == t[0] {
		n++
	}
	switch t[0] {
	case '/':
		if n == 2 || n == 3 {
			return n
		}
	case '-':
		if n >= 2 {
			return n
		}
	case '#', ';', '%':
		return n
	case '*', '\'':
		if n == 1 {
			return 1
		}
	case 'R', 'r':
		if len(t) >= 3 && strings.EqualFold(t[:3], "rem") {
			return 3
		}
	}
	return 0
}

// lineBefore returns the line before the one that starts at s[i] (s[i-1]
// is its line break), without its line break and the blanks at its end.
func lineBefore(s string, i int) string {
	from := strings.LastIndexByte(s[:i-1], '\n') + 1
	return s[from:lineEnd(s, i)]
}

// lineEnd returns where the text of the line before the one that starts
// at s[i] ends: before its line break and the blanks at its end.
func lineEnd(s string, i int) int {
	e := i - 1
	if e > 0 && s[e-1] == '\r' {
		e--
	}
	for e > 0 && (s[e-1] == ' ' || s[e-1] == '\t') {
		e--
	}
	return e
}

// wordEnd reports whether line ends with a letter or a digit.
func wordEnd(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// maxJoint bounds how far quoteJoint reads blanks and indentation.
const maxJoint = 64

// tagMark returns the length of the HTML tags of inline elements and the
// comments at s[i] ("<b>", "</span>", "<span class=\"x\">", "<wbr/>",
// "<!-- -->", several in a row as one), where a letter or a digit stands
// right before or after them, else 0: "8609<b>5742</b>719",
// "Ko<span>wal</span>ski", "Herr <b>Kowalski</b>", "IBAN DE89 3704
// <i>0044</i> 0532 …", "860957<!-- -->42719". The fold leaves them out,
// as a browser shows the text and a model reads it; before (sec28), the
// detectors read the tags inside the value or between a name and its
// salutation, and the Steuer-ID, the IBAN and the name went to the
// service as written (a program sending an HTML mail's body, a rich-text
// editor's HTML, or a person hiding a value so). sec25 took these for held:
// its check read the digits of the JSON escapes "\u003c" into the number.
// A block element's tag ("<p>", "<br>", "<td>") stays, as it parts what
// stands around it for a reader too, and so does a tag between blanks or
// signs ("a <b> b", "List<String>", "x < y").
func tagMark(s string, i int) int {
	n := tagRun(s, i)
	if n == 0 {
		return 0
	}
	a, _ := utf8.DecodeLastRuneInString(s[:i])
	b, _ := utf8.DecodeRuneInString(s[i+n:])
	if i > 0 && (unicode.IsLetter(a) || unicode.IsDigit(a)) || i+n < len(s) && (unicode.IsLetter(b) || unicode.IsDigit(b)) {
		return n
	}
	return 0
}

// tagRun returns the length of the inline tags and comments in a row at
// s[i] (tagAt), 0 where none stands there.
func tagRun(s string, i int) int {
	j := i
	for j < len(s) && s[j] == '<' {
		k := tagAt(s, j)
		if k == 0 {
			break
		}
		j += k
	}
	return j - i
}

// tagAt returns the length of the tag of an inline element (inlineTags: a
// start tag with attributes up to maxTag bytes, an end tag, one closed by
// "/>") or the comment at s[i], which starts with "<"; 0 for anything
// else.
func tagAt(s string, i int) int {
	rest := s[i+1:]
	if strings.HasPrefix(rest, "!--") {
		e := strings.Index(rest[3:min(len(rest), maxTag)], "-->")
		if e < 0 {
			return 0
		}
		return 1 + 3 + e + 3
	}
	j := 0
	if j < len(rest) && rest[j] == '/' {
		j++
	}
	k := j
	for k < len(rest) && k-j < 8 && (isASCIILetter(rest[k]) || k > j && isDigit(rest[k])) {
		k++
	}
	if k == j || k == len(rest) || !inlineTag(rest[j:k]) {
		return 0
	}
	switch c := rest[k]; {
	case c == '>':
		return 1 + k + 1
	case c == '/' && k+1 < len(rest) && rest[k+1] == '>':
		return 1 + k + 2
	case c != ' ' && c != '\t' && c != '\n' && c != '\r':
		return 0 // "<bar>", "<b2>": another name
	}
	for e := k; e < len(rest) && e < maxTag; e++ {
		switch rest[e] {
		case '>':
			return 1 + e + 1
		case '<':
			return 0
		}
	}
	return 0
}

// maxTag bounds how far tagAt reads a tag's attributes or a comment.
const maxTag = 256

// inlineTag reports whether name, in any case, is an HTML element that
// shows its content within the line: formatting, a link, a span.
func inlineTag(name string) bool {
	if len(name) > 6 {
		return false
	}
	var b [6]byte
	for i := range len(name) {
		b[i] = name[i] | 0x20
	}
	return inlineTags[string(b[:len(name)])]
}

var inlineTags = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "big": true, "cite": true,
	"code": true, "data": true, "del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "kbd": true,
	"mark": true, "nobr": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strike": true,
	"strong": true, "sub": true, "sup": true, "time": true, "tt": true, "u": true, "var": true, "wbr": true}

// needsFold reports whether foldText would change s: one pass over s for
// the lead bytes (vectorised: byteset), looking at the next bytes only
// where one stands.
func needsFold(s string) bool {
	for i := 0; ; i++ {
		j := leadBytes.Index(s[i:])
		if j < 0 {
			return markFolds(s)
		}
		i += j
		switch c := s[i]; {
		case c == '&':
			if _, n := charRef(s[i:]); n > 0 {
				return true
			}
		case c == '/':
			if nameSlash(s, i) {
				return true
			}
		case c == '-':
			if hyphenBreak(s, i) > 0 {
				return true
			}
		case c == 0xc2: // U+0080–U+00BF: only U+0080–U+009F (C1, NEL), U+00A0, U+00AD and U+00B7
			if i+1 < len(s) && (s[i+1] >= 0x80 && s[i+1] <= 0x9f || s[i+1] == 0xa0 || s[i+1] == 0xad || s[i+1] == 0xb7 && wordDot(s, i, 2, 0xB7) ||
				(s[i+1] == 0xb2 || s[i+1] == 0xb3 || s[i+1] == 0xb9) && enclosedFolds(s, i, 2)) {
				return true
			}
		case c == 0xe2: // U+2000–U+2FFF: only U+2000–U+20FF, U+2100–U+214F, U+2212, U+2460–U+24FF, U+2776–U+2793 and U+2800
			if i+2 < len(s) && (s[i+1] >= 0x80 && s[i+1] <= 0x85 || s[i+1] == 0x88 || s[i+1] >= 0x91 && s[i+1] <= 0x93 || s[i+1] == 0x9d || s[i+1] == 0x9e || s[i+1] == 0xa0) {
				r := rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f) | 0x2000
				if invisible(r) || otherSpace(r) || lineBreak(r) || combining(r) || letterlike(r) != 0 || asciiSign(r) != 0 || digitDash(s, i, 3, r) || wordDot(s, i, 3, r) ||
					enclosed(r) != 0 && enclosedFolds(s, i, 3) || brailleCell(r) && brailleRun(s, i, 3) {
					return true
				}
			}
		default:
			if r, n := utf8.DecodeRuneInString(s[i:]); folds(r) || r >= 0x370 && r < 0x460 && lookalike(s, i, n, r) != 0 || wordDot(s, i, n, r) ||
				enclosed(r) != 0 && enclosedFolds(s, i, n) {
				return true
			}
		}
	}
}

// foldText returns s as the detectors read it, and for every byte of the
// result the span [start, end) of s it stands for; ok is false, and nothing
// is allocated, when s reads as it is. Its characters are read first
// (foldRunes), then the numbers and values around digits in the result
// (foldTokens).
func foldText(s string) (vis string, start, end []int32, ok bool) {
	vis, start, end, ok = foldRunes(s)
	return foldTokensAfter(s, vis, start, end, ok)
}

// foldTokensAfter is foldText's second step, on what foldRunes returned
// for s: start and end are read, not changed.
func foldTokensAfter(s, vis string, start, end []int32, ok bool) (string, []int32, []int32, bool) {
	t, ts, te, tok := foldTokens(vis)
	if !tok {
		return vis, start, end, ok
	}
	if !ok {
		return t, ts, te, true
	}
	// A byte of t stands for vis[ts[k]:te[k]], which stands for s from
	// start[ts[k]] to end[te[k]-1]; an inserted blank (an empty span) for
	// the place of the byte it stands before.
	for k := range ts {
		a, b := int(ts[k]), int(te[k])
		if a < b {
			ts[k], te[k] = start[a], end[b-1]
			continue
		}
		at := int32(len(s))
		if a < len(start) {
			at = start[a]
		}
		ts[k], te[k] = at, at
	}
	return t, ts, te, true
}

// foldRunes is foldText's first step: each character as the detectors
// read it.
func foldRunes(s string) (vis string, start, end []int32, ok bool) {
	if !needsFold(s) {
		return s, nil, nil, false
	}
	var b strings.Builder
	b.Grow(len(s))
	start = make([]int32, 0, len(s))
	end = make([]int32, 0, len(s))
	emit := func(text string, from, to int) {
		b.WriteString(text)
		for range len(text) {
			start = append(start, int32(from))
			end = append(end, int32(to))
		}
	}
	var br braille
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if brailleCell(r) && brailleRun(s, i, n) {
			if c := br.read(r); c != "" {
				emit(c, i, i+n)
			}
			i += n
			continue
		}
		br = braille{}
		if r == '-' || r == 0xAD || r == 0x2010 || r == 0x2011 {
			if k := hyphenBreak(s, i); k > 0 {
				i += k // left out: the word or number reads whole
				continue
			}
		}
		if r == '*' || r == '_' || r == '~' || r == '`' || r == '\\' || r == '#' || r == '\t' {
			if k := digitMark(s, i); k > 0 {
				i += k // left out: the value reads whole
				continue
			}
		}
		if r == '"' || r == '\'' {
			if k := quoteJoint(s, i); k > 0 {
				i += k // left out: the value reads whole
				continue
			}
		}
		if i > 0 && s[i-1] == '\n' && lineMarks[s[i]] {
			if k := quotePrefix(s, i); k > 0 {
				i += k // left out: the line reads on from the one before
				continue
			}
		}
		if r == '<' {
			if k := tagMark(s, i); k > 0 {
				i += k // left out: the word or the value reads whole
				continue
			}
		}
		if r == '&' {
			if c, k := charRef(s[i:]); k > 0 {
				r, n = c, k // read as the character it stands for, folded as below
			}
		}
		var look byte // the Latin letter a Cyrillic or Greek look-alike stands for here
		if r >= 0x370 && r < 0x460 {
			look = lookalike(s, i, n, r)
		}
		switch {
		case invisible(r):
		case otherSpace(r):
			emit(" ", i, i+n)
		case lineBreak(r):
			emit("\n", i, i+n)
		case r >= 0xFF01 && r <= 0xFF5E:
			emit(string(rune(r-0xFEE0)), i, i+n)
		case enclosed(r) != 0 && enclosedFolds(s, i, n):
			// before a character reference's own case: "&#8312;&#8310;…"
			emit(string(enclosed(r)), i, i+n)
		case n > utf8.RuneLen(r): // a character reference
			emit(string(r), i, i+n)
		case otherDigit(r):
			emit(string(digitValue(r)), i, i+n)
		case mathAlnum(r):
			emit(norm.NFKC.String(string(r)), i, i+n)
		case letterlike(r) != 0:
			emit(string(letterlike(r)), i, i+n)
		case asciiSign(r) != 0:
			emit(string(asciiSign(r)), i, i+n)
		case combining(r):
			// A mark that composed with nothing before it: left out.
		case look != 0:
			emit(string(look), i, i+n)
		case digitDash(s, i, n, r):
			emit("-", i, i+n)
		case wordDot(s, i, n, r):
			emit(" ", i, i+n)
		case r == '/' && nameSlash(s, i):
			emit("-", i, i+n)
		default:
			// A letter and the combining marks after it compose to one
			// character where Unicode has one ("u\u0308" → "ü"); marks
			// left over are left out in the next steps ("e\u0301\u0336"
			// reads "é").
			j := i + n
			for j < len(s) {
				m, k := utf8.DecodeRuneInString(s[j:])
				if !combining(m) {
					break
				}
				j += k
			}
			if j > i+n && unicode.IsLetter(r) {
				// The marks NFC did not take into the letter are left
				// out with it.
				c := norm.NFC.String(s[i:j])
				if first, k := utf8.DecodeRuneInString(c); first != r {
					emit(c[:k], i, j)
					i = j
					continue
				}
			}
			emit(s[i:i+n], i, i+n) // an invalid byte is U+FFFD: left out above
		}
		i += n
	}
	return b.String(), start, end, true
}

// charRef returns the character of the HTML character reference at the
// start of s ("&uuml;", "&#252;", "&#xFC;", with the ";") and its length;
// n is 0 when s does not start with one, or with one of several
// characters. Without the ";" it reads, as browsers and Go's html do, a
// numeric reference ("&#56&#54…", "&#x38") and one of HTML's legacy names
// before a letter or a digit ("J&uumlrgen", "DE89&nbsp3704"); before
// (sec15), a Steuer-ID in numeric references without their ";" went out
// unread. A name before anything else ("?a=1&para=2") stays as written.
func charRef(s string) (r rune, n int) {
	if r, n = charRefClosed(s); n > 0 {
		return r, n
	}
	return charRefOpen(s)
}

// charRefClosed reads a character reference with its ";" (charRef).
func charRefClosed(s string) (r rune, n int) {
	end := strings.IndexByte(s[:min(len(s), 34)], ';')
	if end < 3 {
		return 0, 0
	}
	ref := s[:end+1]
	for k := 1; k < end; k++ {
		if c := ref[k]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '#' && k == 1) {
			return 0, 0
		}
	}
	u := html.UnescapeString(ref)
	if u == ref {
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(u)
	if size != len(u) || r == utf8.RuneError {
		return 0, 0
	}
	return r, len(ref)
}

// charRefOpen reads a character reference without its ";" at the start
// of s (charRef): the longest one HTML decodes, a name only before a
// letter or a digit.
func charRefOpen(s string) (rune, int) {
	if len(s) < 3 || s[0] != '&' {
		return 0, 0
	}
	k := 1
	if s[1] == '#' {
		k = 2
		if len(s) > 2 && (s[2] == 'x' || s[2] == 'X') {
			k = 3
		}
	}
	j := k
	for j < len(s) && j < 34 && isASCIIAlnum(s[j]) && (k == 1 || k == 2 && isDigit(s[j]) || k == 3 && isHexDigit(s[j])) {
		j++
	}
	if j == k || j < len(s) && s[j] == ';' {
		return 0, 0 // nothing, or one with its ";" that charRef refused
	}
	if k == 1 {
		// The longest legacy name the run starts with, a letter or a
		// digit of the run after it (as html reads it: longest first, up
		// to six letters; "&para=2" is no reference).
		for n := min(j-2, 6); n >= 2; n-- {
			if r, ok := legacyRefs[s[1:1+n]]; ok {
				return r, 1 + n
			}
		}
		return 0, 0
	}
	ref := s[:j]
	u := html.UnescapeString(ref)
	if u == ref {
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(u)
	rest := u[size:]
	if r == utf8.RuneError || !strings.HasSuffix(ref, rest) {
		return 0, 0
	}
	return r, len(ref) - len(rest)
}

// legacyRefs are HTML's named character references that are read without
// their ";" (the legacy names of html's table, six letters at most), with
// the character each stands for. charRefOpen looks a name up here: before,
// it decoded each "&" and the letters after it with html.UnescapeString,
// which allocates, and a link's "&page=2&lang=de" cost an allocation per
// parameter in every request's fold (needsFold).
var legacyRefs = func() map[string]rune {
	const names = "" +
		"AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT " +
		"Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute " +
		"Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil " +
		"cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 gt iacute " +
		"icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve " +
		"ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig " +
		"thorn times uacute ucirc ugrave uml uuml yacute yen yuml"
	m := map[string]rune{}
	for name := range strings.FieldsSeq(names) {
		m[name], _ = utf8.DecodeRuneInString(html.UnescapeString("&" + name + ";"))
	}
	return m
}()

func isHexDigit(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// withoutFolds returns s as the detectors read it.
func withoutFolds(s string) string {
	vis, _, _, _ := foldText(s)
	return vis
}

// mapFindings returns fs, spans of the text foldText returned, as spans of
// the text it was given (start, end): a span covers everything its value
// is written with. fs is not changed (it may be a cached slice).
func mapFindings(fs []detectors.Finding, start, end []int32) []detectors.Finding {
	if len(fs) == 0 {
		return fs
	}
	out := make([]detectors.Finding, len(fs))
	for i, f := range fs {
		out[i] = f
		if f.Start < 0 || f.End > len(start) || f.Start >= f.End {
			out[i].Start, out[i].End = 0, 0 // outside the text (Scanner's contract forbids it): an empty span
			continue
		}
		out[i].Start = int(start[f.Start])
		out[i].End = int(end[f.End-1])
	}
	return out
}
