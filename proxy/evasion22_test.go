package proxy

import (
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"testing"
	"unicode/utf16"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/payloadtest"
)

// TestBrotliFarBackReference: base64 of brotli whose stream refers back
// further than the window schleuse lowers its header to (the window the
// bound needs: 256 KiB for a payload of some 100 bytes; 1 MiB past the
// bound) is read with the window its header names and blocked when text
// is in it: a name, an IBAN and a Steuer-ID, then NUL bytes to just below
// 256 KiB and a copy from the stream's start; and NUL bytes past the
// bound, the text, and a copy from more than 1 MiB back. Before, the
// reader failed on the distance before it wrote out what it had unpacked,
// the payload was taken for random bytes, and the canary went to the
// service unread (sec21 left it open). Such a stream without text passes.
func TestBrotliFarBackReference(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := []byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "nicht gelesen", []passCase{
		{name: "a copy from just below 256 KiB back", body: metaBody(b64(payloadtest.BrotliFar(canary, 256<<10-10)))},
		{name: "in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(payloadtest.BrotliFar(canary, 256<<10-10))},
		{name: "past the bound, a copy from 1.6 MiB back", body: metaBody(b64(payloadtest.BrotliPastBound(canary)))},
		{name: "no text", body: metaBody(b64(payloadtest.BrotliFar(payloadtest.BinaryMark(), 256<<10-10))), pass: true},
	})
}

// utf16le is s in UTF-16LE without a byte-order mark (PowerShell's and
// .NET's Encoding.Unicode).
func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// TestNulBytesThenUTF16Read: base64 of NUL bytes and then UTF-16LE text (a
// name, an IBAN and a Steuer-ID), as it stands or compressed, in a JSON
// value, a prompt and a header, is read and blocked; so is base64 of NUL
// bytes and UTF-8 text in a header. Before, the decoded bytes held no run
// of text (UTF-16 has a NUL in every other byte, and UTF-16 was read only
// from the first byte on), and a header's binary was not read at all: the
// canary went to the service unread (sec21 left it open). Clean text so
// passes.
func TestNulBytesThenUTF16Read(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"
	payload := append(make([]byte, 3), utf16le(canary)...)
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "", []passCase{
		{name: "in a JSON value", body: metaBody(b64(payload))},
		{name: "in a prompt", body: chatBody("Bitte dekodieren: " + b64(payload))},
		{name: "one NUL byte first", body: metaBody(b64(append([]byte{0}, utf16le(canary)...)))},
		{name: "raw deflate", body: metaBody(b64(rawDeflate(append(make([]byte, 100), utf16le(canary)...))))},
		{name: "gzip", body: metaBody(b64(compress("gzip", payload)))},
		{name: "in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(payload)},
		{name: "UTF-8 in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(append(make([]byte, 3), canary...))},
		{name: "clean text", body: metaBody(b64(append(make([]byte, 3), utf16le("Wie schreibe ich eine höfliche Terminbestätigung?")...))), pass: true},
		{name: "clean text in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(append(make([]byte, 3), utf16le("Wie schreibe ich eine höfliche Terminbestätigung?")...)), pass: true},
	})
}

// TestClaimedImageHoldingText: bytes that only claim to be an image (a
// PNG's or a GIF's signature, a NUL byte, then a name, an IBAN and a
// Steuer-ID), as they stand or in gzip, declared as an image or in a JSON
// value, are read for their text where the policy lets images pass: they
// still count as an image, and their text blocks. Before, the signature
// made them an uninspected image, and the canary went out unread (sec21
// left gzip of it open).
func TestClaimedImageHoldingText(t *testing.T) {
	canary := "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), canary...)
	checkDeclaredAsImage(t, map[string][]byte{
		"a PNG's signature, then text":         png,
		"gzip of a PNG's signature, then text": compress("gzip", png),
		"a GIF's signature, then text":         append([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00"), canary...),
	})
	// in a JSON value and a prompt, as base64 of gzip and as it stands
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = imagesAllowedPolicy(t) },
		extra: map[string]http.Handler{"api.openai.com": up}})
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "", []passCase{
		{name: "gzip in a JSON value", body: metaBody(b64(compress("gzip", png)))},
		{name: "in a JSON value", body: metaBody(b64(png))},
		{name: "in a prompt", body: chatBody("Bitte lesen: " + b64(png))},
		{name: "a real image in a JSON value", body: metaBody(uninspectedPNG), pass: true},
	})
}
