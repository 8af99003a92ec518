package extract

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf16"
)

// A small lexer for PDF content streams and CMaps (ISO 32000-1, 7.2 and 7.3).

type tokKind uint8

const (
	tokOther tokKind = iota
	tokNum
	tokStr   // literal or hex string, decoded to bytes
	tokName  // without the slash
	tokOp    // operator (keyword)
	tokArray // [ … ]
)

type token struct {
	kind  tokKind
	num   float64
	str   string // name or operator
	bytes []byte // string
	arr   []token
}

const maxArrayDepth = 32

type lexer struct {
	b     []byte
	i     int
	depth int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func (l *lexer) skipSpace() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		switch {
		case isSpace(c):
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

func (l *lexer) regular() []byte {
	start := l.i
	for l.i < len(l.b) && !isSpace(l.b[l.i]) && !isDelim(l.b[l.i]) {
		l.i++
	}
	return l.b[start:l.i]
}

// next returns the next token; false at the end of the input.
func (l *lexer) next() (token, bool) {
	l.skipSpace()
	if l.i >= len(l.b) {
		return token{}, false
	}
	switch c := l.b[l.i]; {
	case c == '(':
		l.i++
		return token{kind: tokStr, bytes: l.literal()}, true
	case c == '<':
		if l.i+1 < len(l.b) && l.b[l.i+1] == '<' {
			l.i += 2
			return token{}, true
		}
		l.i++
		return token{kind: tokStr, bytes: l.hex()}, true
	case c == '>':
		l.i++
		if l.i < len(l.b) && l.b[l.i] == '>' {
			l.i++
		}
		return token{}, true
	case c == '[':
		l.i++
		l.depth++
		defer func() { l.depth-- }()
		var arr []token
		for {
			l.skipSpace()
			if l.i >= len(l.b) {
				return token{kind: tokArray, arr: arr}, true
			}
			if l.b[l.i] == ']' {
				l.i++
				return token{kind: tokArray, arr: arr}, true
			}
			if l.depth > maxArrayDepth {
				l.i++
				continue
			}
			t, ok := l.next()
			if !ok {
				return token{kind: tokArray, arr: arr}, true
			}
			if t.kind != tokOp {
				arr = append(arr, t)
			}
		}
	case c == ']' || c == '{' || c == '}' || c == ')':
		l.i++
		return token{}, true
	case c == '/':
		l.i++
		return token{kind: tokName, str: string(l.regular())}, true
	case c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9':
		r := l.regular()
		if len(r) == 0 {
			l.i++
			return token{}, true
		}
		f, err := strconv.ParseFloat(string(r), 64)
		if err != nil {
			return token{kind: tokOp, str: string(r)}, true
		}
		return token{kind: tokNum, num: f}, true
	default:
		r := l.regular()
		if len(r) == 0 {
			l.i++
			return token{}, true
		}
		return token{kind: tokOp, str: string(r)}, true
	}
}

// literal reads a (string) after the opening parenthesis.
func (l *lexer) literal() []byte {
	var out []byte
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\r':
			if l.i < len(l.b) && l.b[l.i] == '\n' {
				l.i++
			}
			c = '\n'
		case '\\':
			if l.i >= len(l.b) {
				return out
			}
			e := l.b[l.i]
			l.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.i < len(l.b) && l.b[l.i] == '\n' {
					l.i++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						v = v*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// hex reads a <hex string> after the opening bracket.
func (l *lexer) hex() []byte {
	var out []byte
	var hi byte
	half := false
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return out
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return out
}

// skipInlineImage skips from after BI to after EI: the image data between ID
// and EI is binary.
func (l *lexer) skipInlineImage() {
	for {
		t, ok := l.next()
		if !ok {
			return
		}
		if t.kind == tokOp && t.str == "ID" {
			break
		}
	}
	for l.i < len(l.b) {
		j := bytes.Index(l.b[l.i:], []byte("EI"))
		if j < 0 {
			l.i = len(l.b)
			return
		}
		p := l.i + j
		l.i = p + 2
		if p > 0 && isSpace(l.b[p-1]) && (l.i >= len(l.b) || isSpace(l.b[l.i])) {
			return
		}
	}
}

// cmap is a parsed ToUnicode CMap.
type cmap struct {
	m      map[uint64]string // code length << 32 | code → text
	ranges []csRange         // codespace ranges
}

type csRange struct {
	lo, hi uint32
	n      int
}

const maxCMapEntries = 1 << 18

func codeOf(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

func utf16be(b []byte) []uint16 {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return u
}

// parseCMap reads codespace ranges, bfchar and bfrange sections.
func parseCMap(b []byte) *cmap {
	cm := &cmap{m: make(map[uint64]string)}
	lx := lexer{b: b}
	var ops []token
	add := func(src []byte, code uint32, dst []uint16) {
		if len(src) == 0 || len(src) > 4 || len(cm.m) >= maxCMapEntries {
			return
		}
		cm.m[uint64(len(src))<<32|uint64(code)] = string(utf16.Decode(dst))
	}
	for {
		t, ok := lx.next()
		if !ok {
			return cm
		}
		if t.kind != tokOp {
			ops = append(ops, t)
			continue
		}
		switch t.str {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i].bytes, ops[i+1].bytes
				if len(lo) > 0 && len(lo) <= 4 && len(lo) == len(hi) {
					cm.ranges = append(cm.ranges, csRange{codeOf(lo), codeOf(hi), len(lo)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				add(ops[i].bytes, codeOf(ops[i].bytes), utf16be(ops[i+1].bytes))
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				src, hiB := ops[i].bytes, ops[i+1].bytes
				lo, hi := codeOf(src), codeOf(hiB)
				if hi < lo || hi-lo > 0xffff {
					continue
				}
				dst := ops[i+2]
				for c := lo; c <= hi && len(cm.m) < maxCMapEntries; c++ {
					off := c - lo
					switch {
					case dst.kind == tokArray:
						if int(off) < len(dst.arr) {
							add(src, c, utf16be(dst.arr[off].bytes))
						}
					default:
						u := utf16be(dst.bytes)
						if len(u) > 0 {
							u[len(u)-1] += uint16(off)
						}
						add(src, c, u)
					}
					if c == 0xffffffff {
						break
					}
				}
			}
		}
		ops = ops[:0]
	}
}

// codeLen returns the length of the character code at the start of s.
func (cm *cmap) codeLen(s []byte) int {
	for _, r := range cm.ranges {
		if r.n <= len(s) {
			if c := codeOf(s[:r.n]); c >= r.lo && c <= r.hi {
				return r.n
			}
		}
	}
	if len(cm.ranges) > 0 {
		return min(cm.ranges[0].n, len(s))
	}
	for k := range cm.m {
		if k>>32 == 2 && len(s) >= 2 {
			return 2
		}
		break
	}
	return 1
}

func (cm *cmap) decode(out *strings.Builder, s []byte) {
	for len(s) > 0 {
		n := max(cm.codeLen(s), 1)
		if v, ok := cm.m[uint64(n)<<32|uint64(codeOf(s[:n]))]; ok {
			out.WriteString(v)
		}
		s = s[n:]
	}
}
