package providers

import (
	"unicode"
	"unicode/utf8"

	"github.com/schleuse/schleuse/internal/checkdigit"
)

// maxJoined is the longest value joinedID looks at: an id, a token or a
// time is shorter than a JWT, and a longer value without white space under
// an id key is a token (random) or a blob.
const maxJoined = 256

// joinedSep reports the characters that join words in ids, slugs, file
// names and hosts ("gpt_4o_mini", "my-project-2", "api.openai.com",
// "Herr+Max").
func joinedSep(c byte) bool { return c == '_' || c == '-' || c == '.' || c == '+' }

// joinedID reports a value without white space whose words are joined by
// "_", "-", "." or "+" and which carries what a detector takes once the
// joints are blanks (JoinedReading), in any case of letters
// ("erika_mustermann_86095742719", "Erika.Mustermann.DE89370400440532013000",
// "akte-herr-mustermann-iban-de89…", "frau_erika_mustermann_geb_12_03_1961"):
//
//   - a piece, or pieces in a row, that pass a check digit's test: an IBAN
//     (MOD 97-10, either case), a Steuer-ID (11 digits, ISO 7064 MOD 11,10,
//     also as "860-957-427-19"), a Krankenversichertennummer (a capital and
//     nine digits);
//   - two words or more (three letters or more, all small, all capitals or
//     Capitalized) beside a number of 7 to 16 digits that is no date
//     (a telephone number, a Steuernummer, a customer number);
//   - four words or more and a number (a name with its title and a date).
//
// The service's ids, types and times carry none of them: a uuid, a hex or
// base32/58 id and a ULID have no joints or no words (random letters mix
// their case), "gpt_4o_mini", "content_block_start", "my-project-2",
// "claude-3-5-sonnet-20241022" (a date) and "api.openai.com" have fewer
// words, "input_audio_buffer.append" (a Realtime event's type) no
// number, a time stamp's numbers are short. It costs a look at each byte of
// the value, without an allocation.
func joinedID(s string) bool {
	if len(s) < 8 || len(s) > maxJoined || isUUID(s) {
		return false
	}
	joints := false
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' {
			return false // white space: a text of its own words (a prompt leaves here)
		}
		joints = joints || joinedSep(s[i])
	}
	if !joints {
		return false
	}
	words, number, digits := 0, false, false
	for start := 0; start < len(s); {
		end := start
		for end < len(s) && !joinedSep(s[end]) {
			end++
		}
		p := s[start:end]
		switch {
		case joinedWord(p):
			words++
		case digitsOnly(p):
			digits = true
			if len(p) >= 7 && len(p) <= 16 && !dateDigits(p) {
				number = true
			}
			if taxIDFrom(s, start) {
				return true
			}
		case kvnrPiece(p):
			return true
		}
		if ibanFrom(s, start) {
			return true
		}
		start = end + 1
	}
	return words >= 4 && digits || words >= 2 && number
}

// JoinedReading returns s, a value without white space that joinedID
// reports, as the detectors must read it: each "_", "-", "." or "+"
// (or a run of them: "geb._12") between two letters or digits is a
// blank. The text keeps its length, so
// that findings' offsets hold for s and it can be rewritten in place. ok
// is false, and s returned as it is, for any other value.
func JoinedReading(s string) (string, bool) {
	if !joinedID(s) || hasWhiteSpace(s) { // a no-break space (joinedID leaves at ASCII white space)
		return s, false
	}
	b := []byte(s)
	for i := 1; i < len(b); i++ {
		if !joinedSep(s[i]) {
			continue
		}
		j := i
		for j < len(s) && joinedSep(s[j]) {
			j++ // "geb._12": a run of joints is one blank's place
		}
		if wordByte(s[i-1]) && j < len(s) && wordByte(s[j]) {
			for k := i; k < j; k++ {
				b[k] = ' '
			}
		}
		i = j
	}
	return string(b), true
}

func hasWhiteSpace(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// wordByte reports an ASCII letter or digit or a byte of a UTF-8 sequence.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// joinedWord reports a piece that is written as a word: three letters or
// more, all small ("erika"), all capitals ("IBAN") or Capitalized
// ("Mustermann", "Jürgen"). A piece of a random token mixes its cases
// ("NTibBYW").
func joinedWord(p string) bool {
	n, upper, lower, upperAfter := 0, 0, 0, false
	for _, r := range p {
		switch {
		case unicode.IsUpper(r):
			upper++
			upperAfter = upperAfter || n > 0 && lower > 0
		case unicode.IsLower(r):
			lower++
		default:
			return false
		}
		n++
	}
	if n < 3 || upperAfter {
		return false
	}
	return upper == 0 || lower == 0 || upper == 1
}

func digitsOnly(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// dateDigits reports eight digits that are a date written YYYYMMDD
// ("20241022" in "claude-3-5-sonnet-20241022").
func dateDigits(p string) bool {
	if len(p) != 8 || (p[:2] != "19" && p[:2] != "20") {
		return false
	}
	m := int(p[4]-'0')*10 + int(p[5]-'0')
	d := int(p[6]-'0')*10 + int(p[7]-'0')
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// taxIDFrom reports whether the digit pieces of s in a row from start
// (joined by "_", "-", "." or "+") begin with eleven digits, ending at a
// joint, that are a Steuer-ID ("86095742719", "860-957-427-19").
func taxIDFrom(s string, start int) bool {
	var d [11]byte
	n := 0
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(d) {
				return false
			}
			d[n] = c
			n++
		case joinedSep(c) && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			if n == len(d) {
				return checkdigit.TaxID(d[:])
			}
		default:
			return n == len(d) && checkdigit.TaxID(d[:])
		}
	}
	return n == len(d) && checkdigit.TaxID(d[:])
}

// taxIDRun reports a run of exactly eleven digits in s, between two
// non-digits or the ends of s, that is a Steuer-ID: glued to an id's
// letters ("conv86095742719"), with no joint for joinedID to see. A
// service's own ids hold such a run about never (a snowflake's or a
// timestamp's digits are longer, a hex id's runs shorter, and the check
// digit and the digit rule hold for about one run in forty).
func taxIDRun(s string) bool {
	for i := 0; i+11 <= len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i == 11 && checkdigit.TaxID([]byte(s[i:j])) {
			return true
		}
		i = j
	}
	return false
}

// ibanGlued reports an IBAN in s after an id's letters or digits
// ("convDE89370400440532013000", "req_de89…"), ending s or a joint
// (ibanFrom); one at s's start is ibanFrom(s, 0)'s. The proxy reads it
// with blanks at its edges (gluedValue).
func ibanGlued(s string) bool {
	for i := 1; i+4 <= len(s); i++ {
		if isDigit(s[i+2]) && isDigit(s[i+3]) && ibanFrom(s, i) {
			return true
		}
	}
	return false
}

// kvnrPiece reports a Krankenversichertennummer (checkdigit.KVNR, as the
// detector DE_HEALTH_INSURANCE checks it).
func kvnrPiece(p string) bool { return checkdigit.KVNR(p) }

// ibanFrom reports whether the pieces of s from start (joined by "_", "-",
// "." or "+") begin with an IBAN, ending at a joint or the end of s: a
// country's two letters, two check digits (02 to 98), then letters and
// digits, as many as the country's IBAN has (checkdigit.IBANHead), its letters in
// one case (small or capitals), whose MOD 97-10 check holds. A piece of a
// random token or a hex id that starts so holds one about never: its
// letters mix their case, or the length or the check fails.
func ibanFrom(s string, start int) bool {
	want, lower := checkdigit.IBANHead(s, start)
	if want == 0 {
		return false
	}
	if c := int(s[start+2]-'0')*10 + int(s[start+3]-'0'); c < 2 || c > 98 {
		return false
	}
	rem, n := 0, 4
	for i := start + 4; i < len(s) && n < want; i++ {
		c := s[i]
		switch {
		case joinedSep(c):
			continue
		case isDigit(c), asciiLetter(c) && c >= 'a' == lower:
			rem = checkdigit.Mod97(rem, c)
		default:
			return false
		}
		if n++; n == want && (i+1 == len(s) || joinedSep(s[i+1])) {
			return checkdigit.IBANCheck(s[start:start+4], rem)
		}
	}
	return false
}

func asciiLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
