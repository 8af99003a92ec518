package detectors

import "bytes"

// Numbers spoken in a dictation or a voice memo's transcript, written out
// as German words: "zwölf", "vierundzwanzig", "siebenhundertvierundsechzig",
// "neunzehnhundertneunundachtzig", digit by digit ("sieben null eins neun
// eins") and as day ordinals ("neunzehnten"). The birth-date detector reads
// dates from them (dob_spoken.go); spokenPhones (phone.go) reads the digit
// words alone.

// spokenBelow20 are the words of 0 to 19 ("zwo" the spoken two).
var spokenBelow20 = map[string]int{"null": 0, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5,
	"sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13,
	"vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}

// spokenTens are the words of the tens.
var spokenTens = map[string]int{"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
	"siebzig": 70, "achtzig": 80, "neunzig": 90}

// spokenUnit returns the unit (1–9) a compound starts with: "ein" in
// "einundzwanzig", "einhundert".
func spokenUnit(w []byte) (int, bool) {
	if string(w) == "ein" {
		return 1, true
	}
	v, ok := spokenBelow20[string(w)]
	return v, ok && v >= 1 && v <= 9
}

// spokenBelow100 returns the value of a word of 0 to 99: "elf",
// "vierzig", "neunundachtzig".
func spokenBelow100(w []byte) (int, bool) {
	if v, ok := spokenBelow20[string(w)]; ok {
		return v, true
	}
	if v, ok := spokenTens[string(w)]; ok {
		return v, true
	}
	if i := bytes.Index(w, []byte("und")); i > 0 {
		u, ok := spokenUnit(w[:i])
		t, ok2 := spokenTens[string(w[i+3:])]
		if ok && ok2 {
			return t + u, true
		}
	}
	return 0, false
}

// spokenBelow10000 returns the value of a cardinal word below 10000:
// "hundertzwei", "siebenhundertvierundsechzig", "neunzehnhundertneunundachtzig"
// (nineteen hundreds, as a year is spoken), "zweitausendsechsundzwanzig".
func spokenBelow10000(w []byte) (int, bool) {
	if len(w) < 3 || len(w) > 48 {
		return 0, false
	}
	v := 0
	if i := bytes.Index(w, []byte("tausend")); i >= 0 {
		m := 1
		if i > 0 {
			var ok bool
			if m, ok = spokenUnit(w[:i]); !ok {
				return 0, false
			}
		}
		v, w = m*1000, w[i+len("tausend"):]
		if len(w) == 0 {
			return v, true
		}
	}
	if i := bytes.Index(w, []byte("hundert")); i >= 0 {
		m := 1
		if i > 0 {
			var ok bool
			if m, ok = spokenUnit(w[:i]); !ok {
				if m, ok = spokenBelow100(w[:i]); !ok || m < 10 || m > 19 || v > 0 {
					return 0, false
				}
			}
		}
		v, w = v+m*100, w[i+len("hundert"):]
		if len(w) == 0 {
			return v, true
		}
	}
	r, ok := spokenBelow100(w)
	if !ok || v > 0 && r == 0 {
		return 0, false
	}
	return v + r, true
}

// spokenWordAt returns the end of the lower-case word at low[i:] (letters,
// umlauts and ß) and whether one starts there.
func spokenWordAt(low []byte, i int) (int, bool) {
	j := i
	for j < len(low) {
		c := low[j]
		if isLowerASCII(c) {
			j++
			continue
		}
		if c == 0xC3 && j+1 < len(low) && (low[j+1] == 0xA4 || low[j+1] == 0xB6 || low[j+1] == 0xBC || low[j+1] == 0x9F) {
			j += 2 // ä ö ü ß
			continue
		}
		break
	}
	if j == i || j < len(low) && (isAlnum(low[j]) || low[j] >= 0x80) || !isWordStartAt(low, i) {
		return i, false
	}
	return j, true
}

// spokenNumberAt reads one cardinal word at low[i:] and returns its end,
// its value and the number of digits it is written with ("null" and "eins"
// one, "siebenhundertvierundsechzig" three).
func spokenNumberAt(low []byte, i int) (end, val, digits int, ok bool) {
	e, ok := spokenWordAt(low, i)
	if !ok {
		return i, 0, 0, false
	}
	v, ok := spokenBelow10000(low[i:e])
	if !ok {
		return i, 0, 0, false
	}
	switch {
	case v < 10:
		digits = 1
	case v < 100:
		digits = 2
	case v < 1000:
		digits = 3
	default:
		digits = 4
	}
	return e, v, digits, true
}

// spokenDigitsAt reads a run of cardinal words separated by one blank at
// low[i:] that together write exactly n digits ("sieben null eins neun
// eins", "zweiundsiebzig siebenhundertvierundsechzig", "neun neun null neun
// sechs") and returns its end and the number they write. A word of four
// digits (a year: "zweitausend eins") is no part of such a run.
func spokenDigitsAt(low []byte, i, n int) (int, int, bool) {
	got, k, e, val := 0, i, i, 0
	for got < n {
		we, v, d, ok := spokenNumberAt(low, k)
		if !ok || d > 3 || got+d > n {
			return i, 0, false
		}
		for range d {
			val *= 10
		}
		got, e, val = got+d, we, val+v
		if got == n {
			break
		}
		if we+1 >= len(low) || low[we] != ' ' {
			return i, 0, false
		}
		k = we + 1
	}
	return e, val, true
}

// spokenOrdinals are the day ordinals 1 to 31 in their inflections
// ("ersten", "dritte", "neunzehnten", "einunddreißigsten").
var spokenOrdinals = func() map[string]int {
	stems := map[int]string{1: "ers", 3: "drit", 7: "sieb", 8: "ach"}
	m := map[string]int{}
	for n := 1; n <= 31; n++ {
		var stem []string
		switch {
		case stems[n] != "":
			stem = append(stem, stems[n]+"t")
			if n == 7 {
				stem = append(stem, "siebent")
			}
		case n < 20:
			for w, v := range spokenBelow20 {
				if v == n && w != "zwo" {
					stem = append(stem, w+"t")
				}
			}
		default:
			u, t := n%10, n/10*10
			var tens string
			for w, v := range spokenTens {
				if v == t {
					tens = w
				}
			}
			if u == 0 {
				stem = append(stem, tens+"st")
			} else {
				unit := "ein"
				for w, v := range spokenBelow20 {
					if v == u && u > 1 && w != "zwo" {
						unit = w
					}
				}
				stem = append(stem, unit+"und"+tens+"st")
			}
		}
		for _, s := range stem {
			for _, end := range [...]string{"e", "en", "er", "es", "em"} {
				m[s+end] = n
			}
		}
	}
	return m
}()

// spokenMonths are the months by name.
var spokenMonths = map[string]int{"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5,
	"juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12}
