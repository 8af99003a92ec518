package providers

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// frame is a gRPC frame: flag, four bytes of length, msg.
func frame(flag byte, msg string) string {
	n := len(msg)
	return string([]byte{flag, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}) + msg
}

var grpcCases = []struct {
	name, ctype, encoding, body string
	want                        []string // texts read (each inside some field)
	err                         error    // nil: read
}{
	{"one message", "application/grpc", "", frame(0, "\x12\x0bHerr Müller"), []string{"Herr Müller"}, nil},
	{"two messages", "application/grpc+proto", "", frame(0, "\x0a\x03abc") + frame(0, "\x12\x0eIBAN DE89 3704"), []string{"IBAN DE89 3704"}, nil},
	{"gzip", "application/grpc", "gzip", frame(1, gzipped("\x12\x0eSteuer-ID 86095742719")), []string{"Steuer-ID 86095742719"}, nil},
	{"gRPC-Web trailers", "application/grpc-web", "", frame(0, "") + frame(0x80, "x-note: Herr Kowalski\r\n"), []string{"x-note: Herr Kowalski"}, nil},
	{"gRPC-Web text", "application/grpc-web-text", "", base64.StdEncoding.EncodeToString([]byte(frame(0, "\x12\x0bHerr Müller"))), []string{"Herr Müller"}, nil},
	{"gRPC-Web text in two pieces", "application/grpc-web-text", "gzip",
		base64.StdEncoding.EncodeToString([]byte(frame(0, "ab"))) + base64.StdEncoding.EncodeToString([]byte(frame(1, gzipped("Herr Kowalski, Bonn")))), []string{"Herr Kowalski, Bonn"}, nil},
	{"empty", "application/grpc", "", "", nil, nil},
	{"short head", "application/grpc", "", "\x00\x00\x00", nil, ErrMalformed},
	{"past the body", "application/grpc", "", frame(0, "Herr Kowalski")[:10], nil, ErrMalformed},
	{"unknown flag", "application/grpc", "", frame(2, "Herr Kowalski"), nil, ErrMalformed},
	{"compressed without encoding", "application/grpc", "", frame(1, gzipped("Herr Kowalski")), nil, ErrMalformed},
	{"compressed as identity", "application/grpc", "identity", frame(1, "Herr Kowalski"), nil, ErrMalformed},
	{"unknown encoding", "application/grpc", "snappy", frame(1, "Herr Kowalski"), nil, ErrUnknownEncoding},
	{"corrupt gzip", "application/grpc", "gzip", frame(1, "\x1f\x8b\x08garbage"), nil, ErrMalformed},
	{"bad base64", "application/grpc-web-text", "", "AAA*", nil, ErrMalformed},
	{"over the cap decoded", "application/grpc", "gzip", frame(1, gzipped(strings.Repeat("Herr Kowalski ", 5))), nil, ErrDecodedTooLarge},
	{"over the cap in two", "application/grpc", "gzip", frame(1, gzipped(strings.Repeat("a", 40))) + frame(1, gzipped(strings.Repeat("b", 40))), nil, ErrDecodedTooLarge},
}

// TestGRPCFields: a gRPC body is read message by message, compressed ones
// decoded; framing that does not hold and codings that cannot be undone
// fail.
func TestGRPCFields(t *testing.T) {
	for _, c := range grpcCases {
		t.Run(c.name, func(t *testing.T) {
			req := &Request{Header: http.Header{"Content-Type": {c.ctype}}, MaxDecoded: 64}
			if c.encoding != "" {
				req.Header.Set("Grpc-Encoding", c.encoding)
			}
			env, err := Fallback().Extract(req, []byte(c.body))
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range env.Fields {
				got = append(got, f.Text)
			}
			for _, w := range c.want {
				if !strings.Contains(strings.Join(got, "\n"), w) {
					t.Errorf("%q not read; fields %q", w, got)
				}
			}
		})
	}
}

// TestCompressedStream: compressed streams and archives are told by their
// first bytes; text is not.
func TestCompressedStream(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{gzipped("Herr Kowalski"), true},
		{"\x28\xb5\x2f\xfd\x04\x00", true},
		{"\xfd7zXZ\x00\x00", true},
		{"BZh91AY&SY\x00", true},
		{"7z\xbc\xaf\x27\x1c\x00\x04", true},
		{"Rar!\x1a\x07\x01\x00", true},
		{"\x04\x22\x4d\x18\x64", true},
		{"BZh9 ist kein bzip2", false},
		{"Herr Kowalski", false},
		{"\x1f\x8b", false},
		{"", false},
	} {
		if got := compressedStream([]byte(c.body)); got != c.want {
			t.Errorf("%q: %v, want %v", c.body, got, c.want)
		}
	}
}

// FuzzGRPCFields: any body and encoding read or fail without a panic;
// every field read is UTF-8.
func FuzzGRPCFields(f *testing.F) {
	for _, c := range grpcCases {
		f.Add(c.ctype, c.encoding, []byte(c.body))
	}
	f.Fuzz(func(t *testing.T, ctype, encoding string, body []byte) {
		req := &Request{Header: http.Header{"Content-Type": {ctype}, "Grpc-Encoding": {encoding}}, MaxDecoded: 1 << 16}
		env, err := Fallback().Extract(req, body)
		if err != nil {
			return
		}
		for _, fl := range env.Fields {
			if fl.Kind != File && !utf8.ValidString(fl.Text) {
				t.Fatalf("field %s is not UTF-8: %q", fl.Name, fl.Text)
			}
		}
	})
}
