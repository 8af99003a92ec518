package pseudonym

import (
	"errors"
	"strconv"
)

// strSpan is a string value (not an object key) in a JSON document: its path
// ("choices.0.delta.content") and the byte range of its raw, still escaped
// content between the quotes.
type strSpan struct {
	pstart, pend int // path in the scanner's path arena
	start, end   int
}

var errNotJSON = errors.New("not a JSON document")

const maxJSONDepth = 256

// jsonScanner records the string values of one JSON document. It validates
// structure and string syntax; numbers and literals are checked loosely.
type jsonScanner struct {
	data  []byte
	i     int
	path  []byte
	arena []byte // paths of the recorded spans
	spans []strSpan
	depth int
	// keys makes scan record object keys as spans too (with an empty path),
	// for callers that rewrite every string of a document.
	keys bool
	// by are paths of object members whose values (a string with its
	// quotes, a number, a literal) scan records: the value at by[i] as
	// data[byAt[i][0]:byAt[i][1]], byAt[i][0] -1 when the document has
	// none (Format.DeltaBy).
	by   [][]byte
	byAt [][2]int
	// partial: data may be cut off inside a string value; scan then
	// records that string up to the end of data (its content so far)
	// as the last span, with the error (the start of a document held
	// back, restorer.notePartial). eof: a string ran into the end of data.
	partial, eof bool
	i0           int
}

// scan records the string values of data, reusing the scanner's buffers. It
// fails when data is not exactly one JSON value (with optional whitespace).
func (s *jsonScanner) scan(data []byte) error {
	s.data, s.i, s.depth, s.eof = data, 0, 0, false
	for i := range s.byAt {
		s.byAt[i] = [2]int{-1, -1}
	}
	s.path, s.arena, s.spans = s.path[:0], s.arena[:0], s.spans[:0]
	s.ws()
	if err := s.value(); err != nil {
		return err
	}
	s.ws()
	if s.i != len(s.data) {
		return errNotJSON
	}
	return nil
}

// pathOf returns the dotted path of a recorded string value.
func (s *jsonScanner) pathOf(sp strSpan) []byte { return s.arena[sp.pstart:sp.pend] }

func (s *jsonScanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) value() error {
	if s.i >= len(s.data) {
		return errNotJSON
	}
	switch c := s.data[s.i]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		start, end, err := s.str()
		if err != nil {
			if s.partial && s.eof {
				ps := len(s.arena)
				s.arena = append(s.arena, s.path...)
				s.spans = append(s.spans, strSpan{pstart: ps, pend: len(s.arena), start: s.i0, end: len(s.data)})
			}
			return err
		}
		ps := len(s.arena)
		s.arena = append(s.arena, s.path...)
		s.spans = append(s.spans, strSpan{pstart: ps, pend: len(s.arena), start: start, end: end})
		return nil
	case c == '-' || c >= '0' && c <= '9':
		j := s.i
		for j < len(s.data) && isNumberByte(s.data[j]) {
			j++
		}
		s.i = j
		return nil
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if len(s.data)-s.i >= len(lit) && string(s.data[s.i:s.i+len(lit)]) == lit {
				s.i += len(lit)
				return nil
			}
		}
		return errNotJSON
	}
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func (s *jsonScanner) enter() error {
	s.depth++
	if s.depth > maxJSONDepth {
		return errNotJSON
	}
	return nil
}

func (s *jsonScanner) object() error {
	if err := s.enter(); err != nil {
		return err
	}
	s.i++ // '{'
	base := len(s.path)
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		s.depth--
		return nil
	}
	for {
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			return errNotJSON
		}
		ks, ke, err := s.str()
		if err != nil {
			return err
		}
		if s.keys {
			s.spans = append(s.spans, strSpan{pstart: len(s.arena), pend: len(s.arena), start: ks, end: ke})
		}
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return errNotJSON
		}
		s.i++
		s.ws()
		if base > 0 {
			s.path = append(s.path, '.')
		}
		s.path = append(s.path, s.data[ks:ke]...)
		start := s.i
		if err := s.value(); err != nil {
			return err
		}
		for i, b := range s.by {
			if string(s.path) == string(b) {
				s.byAt[i] = [2]int{start, s.i}
			}
		}
		s.path = s.path[:base]
		s.ws()
		if s.i >= len(s.data) {
			return errNotJSON
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return nil
		default:
			return errNotJSON
		}
	}
}

func (s *jsonScanner) array() error {
	if err := s.enter(); err != nil {
		return err
	}
	s.i++ // '['
	base := len(s.path)
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == ']' {
		s.i++
		s.depth--
		return nil
	}
	for n := 0; ; n++ {
		if base > 0 {
			s.path = append(s.path, '.')
		}
		s.path = strconv.AppendInt(s.path, int64(n), 10)
		s.ws()
		if err := s.value(); err != nil {
			return err
		}
		s.path = s.path[:base]
		s.ws()
		if s.i >= len(s.data) {
			return errNotJSON
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return nil
		default:
			return errNotJSON
		}
	}
}

// str consumes a string literal and returns the range of its raw content.
// A string that runs into the end of data sets s.eof, its start in s.i0.
func (s *jsonScanner) str() (start, end int, err error) {
	s.i++ // '"'
	start = s.i
	s.i0 = start
	for s.i < len(s.data) {
		// Skip plain bytes without the switch.
		for s.i < len(s.data) && plainJSON[s.data[s.i]] {
			s.i++
		}
		if s.i >= len(s.data) {
			break
		}
		switch c := s.data[s.i]; {
		case c == '"':
			end = s.i
			s.i++
			return start, end, nil
		case c == '\\':
			if s.i+1 >= len(s.data) {
				s.eof = true
				return 0, 0, errNotJSON
			}
			switch s.data[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.data) {
					s.eof = true
					return 0, 0, errNotJSON
				}
				for _, h := range s.data[s.i+2 : s.i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return 0, 0, errNotJSON
					}
				}
				s.i += 6
			default:
				return 0, 0, errNotJSON
			}
		case c < 0x20:
			return 0, 0, errNotJSON
		default:
			s.i++
		}
	}
	s.eof = true
	return 0, 0, errNotJSON
}

// plainJSON marks the bytes that stand for themselves inside a JSON string:
// everything but '"', '\\' and control characters.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
