package detectors

import "unicode/utf8"

// utf8Start reports whether b[i] starts a valid UTF-8 sequence.
func utf8Start(b []byte, i int) bool {
	if i < 0 || i >= len(b) {
		return false
	}
	r, n := utf8.DecodeRune(b[i:])
	return !(r == utf8.RuneError && n <= 1) || b[i] < 0x80
}

// trimRuneEnd moves e back so that b[s:e] does not end inside or on an
// invalid UTF-8 sequence.
func trimRuneEnd(b []byte, s, e int) int {
	for e > s {
		r, n := utf8.DecodeLastRune(b[s:e])
		if r == utf8.RuneError && n <= 1 && b[e-1] >= 0x80 {
			e--
			continue
		}
		break
	}
	return e
}

// groups reads alphanumeric characters starting at i, allowing separators
// between them: runs of at most maxSep bytes from seps (a line break counts
// as a separator too when lineBreaks is set). It stops after max characters
// or at the first other byte. It returns the characters (upper-cased), the
// end offset after the last character, and the character offsets.
func groups(b []byte, i, max, maxSep int, seps string, lineBreaks bool, buf []byte, pos []int) ([]byte, int, []int) {
	buf, pos = buf[:0], pos[:0]
	end := i
	j := i
	for j < len(b) && len(buf) < max {
		c := b[j]
		if isAlnum(c) {
			buf = append(buf, lowerToUpper(c))
			pos = append(pos, j)
			j++
			end = j
			continue
		}
		// Separator run.
		k := j
		for k < len(b) && k-j < maxSep && (containsByte(seps, b[k]) || lineBreaks && (b[k] == '\n' || b[k] == '\r')) {
			k++
		}
		if k == j || k >= len(b) || !isAlnum(b[k]) || len(buf) == 0 {
			break
		}
		j = k
	}
	return buf, end, pos
}

// containsByte reports whether c is in s, a string or bytes (read in place:
// string(b) for a string parameter copied b on every call).
func containsByte[S ~string | ~[]byte](s S, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

func lowerToUpper(c byte) byte {
	if isLowerASCII(c) {
		return c - 32
	}
	return c
}
