package proxy

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/payloadtest"
	"github.com/schleuse/schleuse/providers"
)

// sec23Canary is a name, an IBAN and a Steuer-ID.
const sec23Canary = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"

// TestBinaryBase64WithSlashInPath: base64 of binary (NUL bytes, then a
// name, an IBAN and a Steuer-ID, in UTF-8 and UTF-16LE) whose own '/'
// splits it into path segments is read joined, before a route word after
// it too, and blocked. Before, the path's rest was read only as base64 of
// text and its segments one by one, so that the text after the value's
// first '/' was decoded shifted and went out unread (sec22 left it open).
// A random binary id with '/' and base64 of text before a route word pass
// as they did.
func TestBinaryBase64WithSlashInPath(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	// 00 0f c0 is "AA/A": the value's first '/' comes after six characters
	head := []byte{0, 0, 0, 0, 0x0f, 0xc0, 0}
	utf8Value := base64.StdEncoding.EncodeToString(append(head, sec23Canary...))
	utf16Value := base64.StdEncoding.EncodeToString(append(head, utf16le(sec23Canary)...))
	for _, v := range []string{utf8Value, utf16Value} {
		if i := strings.IndexByte(v, '/'); i != 6 {
			t.Fatalf("%s: first '/' at %d", v, i)
		}
	}
	random := base64.StdEncoding.EncodeToString([]byte{0, 0, 0, 0, 0x0f, 0xc0, 0x91, 0x3a, 0xe2, 0x17, 0x5c, 0xb4, 0x08, 0xd9, 0x66, 0xf3, 0x2e, 0x81, 0xa7, 0x4d, 0x19, 0xc2, 0x70, 0xee})
	text := base64.StdEncoding.EncodeToString([]byte("Wie schreibe ich eine höfliche Terminbestätigung?"))
	body := chatBody("Hallo")
	checkPass(t, h, up, "", []passCase{
		{name: "UTF-8 after NUL bytes", path: "/v1/files/" + utf8Value, body: body},
		{name: "before a route word", path: "/v1/files/" + utf8Value + "/content", body: body},
		{name: "UTF-16LE", path: "/v1/files/" + utf16Value + "/content", body: body},
		{name: "a random binary id", path: "/v1/files/" + random + "/content", body: body, pass: true},
		{name: "clean text", path: "/v1/files/" + text + "/content", body: body, pass: true},
	})
}

// TestBrotliDictionaryPiecesRead: base64 of a hand-made brotli stream that
// assembles an IBAN past 1 MiB from pieces of four bytes near its start
// (payloadtest.BrotliDictionaryPieces), in a JSON value and a header, is
// read with the window that holds it and blocked. Before, the window of
// 1 MiB that schleuse reads past the bound with took each far copy for a
// word of brotli's static dictionary, the reader broke off, and the IBAN
// went to the service unread (sec22 left it open). The stream with pieces
// of no text passes.
func TestBrotliDictionaryPiecesRead(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	iban := []byte("DE89 3704 0044 0532 0130 00. ")[:28]
	stream := payloadtest.BrotliDictionaryPieces(iban, 3)
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "", []passCase{
		{name: "in a JSON value", body: metaBody(b64(stream))},
		{name: "in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(stream)},
		{name: "no text", body: metaBody(b64(payloadtest.BrotliDictionaryPieces(payloadtest.BinaryMark()[:28], 3))), pass: true},
	})
}

// FuzzPathBase64: pathBase64 reports pieces of the path in order, within
// it and apart from one another, whatever the path; seeded with the paths
// of TestBinaryBase64WithSlashInPath and TestMaskBase64Path.
func FuzzPathBase64(f *testing.F) {
	head := []byte{0, 0, 0, 0, 0x0f, 0xc0, 0}
	v := base64.StdEncoding.EncodeToString(append(head, sec23Canary...))
	for _, p := range []string{
		"/v1/files/" + v, "/v1/files/" + v + "/content", "/v1/files/" + v + "/content/x/" + v,
		"/v1/files/file-Xq3rTz8KpL2mWv9BnC4dYh7s/content",
		"/v1/files/R290dGZyaWVkIFd1bmRlcmxpY2ggd29obnQgaW4gZGVyIEhhdXB0c3RyYcOfZSA1Pz4-/content",
		"/cb/QWt0ZSBIZXJyIErDvHJnZW4gS293YWxza2k/ZSBJQkFO/", "//", "/a/b/",
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		last := 0
		pathBase64(path, func(start, end int, text string, st providers.Base64Status) {
			if start < last || end < start || end > len(path) {
				t.Fatalf("%q: piece %d-%d after %d", path, start, end, last)
			}
			last = end
		})
	})
}

// photoXMP is an XMP packet as a camera and Lightroom write it into a
// photo: tool, dates, ids, camera, lens and its serial number, GPS; with
// creator, a dc:creator naming the photographer.
func photoXMP(creator string) string {
	dc := ""
	if creator != "" {
		dc = `<dc:creator><rdf:Seq><rdf:li>` + creator + `</rdf:li></rdf:Seq></dc:creator>`
	}
	return `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00        ">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmp:CreatorTool="Adobe Photoshop Lightroom Classic 13.0 (Windows)"
   xmp:CreateDate="2024-05-17T14:32:10.37+02:00"
   xmp:ModifyDate="2024-05-21T09:12:44+02:00"
   xmp:MetadataDate="2024-05-21T09:12:44+02:00"
   tiff:Make="Canon"
   tiff:Model="Canon EOS R6m2"
   exif:ExposureTime="1/250"
   exif:FNumber="56/10"
   exif:DateTimeOriginal="2024-05-17T14:32:10.37+02:00"
   exif:GPSLatitude="52,31.2345N"
   exif:GPSLongitude="13,24.6789E"
   exif:GPSAltitude="3450/100"
   aux:SerialNumber="032021001234"
   aux:LensModel="RF24-105mm F4 L IS USM"
   aux:LensSerialNumber="9213004567"
   photoshop:DateCreated="2024-05-17T14:32:10.37+02:00"
   xmpMM:DocumentID="xmp.did:3b6f1c2e-8a47-4d1e-9c55-0f2a7e9b4d13"
   xmpMM:OriginalDocumentID="B1F3A6C0D2E4F5A7B8C9D0E1F2A3B4C5"
   xmpMM:InstanceID="xmp.iid:3b6f1c2e-8a47-4d1e-9c55-0f2a7e9b4d13">
   ` + dc + `
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}

// photoEXIF is an Exif APP1 payload (TIFF, little-endian) with Make,
// Model, Software and DateTime in IFD0 and a GPS IFD (latitude and
// longitude as rationals, their references).
func photoEXIF() []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		data     []byte
	}
	le := binary.LittleEndian
	ascii := func(tag uint16, s string) entry {
		return entry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
	}
	rationals := func(tag uint16, v ...uint32) entry {
		var b []byte
		for _, x := range v {
			b = le.AppendUint32(b, x)
		}
		return entry{tag, 5, uint32(len(v) / 2), b}
	}
	// ifd writes entries at off (from the TIFF header) and their data
	// after them; next is the offset of the IFD after it (0: none)
	ifd := func(off uint32, es []entry, next uint32) []byte {
		var b []byte
		b = le.AppendUint16(b, uint16(len(es)))
		data := off + 2 + uint32(len(es))*12 + 4
		var tail []byte
		for _, e := range es {
			b = le.AppendUint16(b, e.tag)
			b = le.AppendUint16(b, e.typ)
			b = le.AppendUint32(b, e.count)
			if len(e.data) <= 4 {
				b = append(b, append(e.data, make([]byte, 4-len(e.data))...)...)
				continue
			}
			b = le.AppendUint32(b, data+uint32(len(tail)))
			tail = append(tail, e.data...)
			if len(tail)%2 == 1 {
				tail = append(tail, 0)
			}
		}
		b = le.AppendUint32(b, next)
		return append(b, tail...)
	}
	gps := []entry{
		ascii(0x0001, "N"), rationals(0x0002, 52, 1, 31, 1, 1407, 100),
		ascii(0x0003, "E"), rationals(0x0004, 13, 1, 24, 1, 4073, 100),
	}
	ifd0 := func(gpsOff uint32) []entry {
		return []entry{
			ascii(0x010f, "Canon"), ascii(0x0110, "Canon EOS R6m2"),
			ascii(0x0131, "Adobe Photoshop Lightroom Classic 13.0 (Windows)"),
			ascii(0x0132, "2024:05:21 09:12:44"),
			{0x8825, 4, 1, le.AppendUint32(nil, gpsOff)},
		}
	}
	first := ifd(8, ifd0(0), 0)
	gpsOff := 8 + uint32(len(first))
	tiff := append([]byte("II*\x00\x08\x00\x00\x00"), ifd(8, ifd0(gpsOff), 0)...)
	tiff = append(tiff, ifd(gpsOff, gps, 0)...)
	return append([]byte("Exif\x00\x00"), tiff...)
}

// photoJPEG is a real JPEG with the segments after its SOI marker.
func photoJPEG(t *testing.T, segments ...[]byte) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 37)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	out := append([]byte{}, raw[:2]...)
	for _, s := range segments {
		out = append(out, 0xff, 0xe1)
		out = binary.BigEndian.AppendUint16(out, uint16(len(s)+2))
		out = append(out, s...)
	}
	return append(out, raw[2:]...)
}

// photoPNG is a real PNG with chunks before its image data: tEXt with key
// and value pairs, and iTXt holding xmp as XML:com.adobe.xmp when set.
func photoPNG(t *testing.T, xmp string, text ...string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 37)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	chunk := func(typ string, data []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, raw[:ihdrEnd]...)
	for i := 0; i+1 < len(text); i += 2 {
		out = append(out, chunk("tEXt", []byte(text[i]+"\x00"+text[i+1]))...)
	}
	if xmp != "" {
		out = append(out, chunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+xmp))...)
	}
	return append(out, raw[ihdrEnd:]...)
}

// TestPhotoMetadata: where the policy lets images pass, a real JPEG or
// PNG with the metadata a camera, a phone and Lightroom write (make,
// model, software, dates, GPS, lens and serial numbers, document ids, in
// Exif and XMP, PNG's tEXt and iTXt) passes; one whose XMP names a person
// as dc:creator is blocked as that finding, as the policy blocks a name
// in an image's text, not as a file that cannot be read. Since sec22 an
// image's runs of text are read (TestClaimedImageHoldingText); this checks
// that reading does not block a photo for its metadata (sec23: it held).
func TestPhotoMetadata(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = imagesAllowedPolicy(t) },
		extra: map[string]http.Handler{"api.openai.com": up}})
	xmp := func(creator string) []byte {
		return append([]byte("http://ns.adobe.com/xap/1.0/\x00"), photoXMP(creator)...)
	}
	dataURL := func(mime string, raw []byte) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Was ist auf dem Foto?"},` +
			`{"type":"image_url","image_url":{"url":"data:` + mime + `;base64,` + base64.StdEncoding.EncodeToString(raw) + `"}}]}]}`
	}
	pngText := []string{"Software", "GIMP 2.10.36", "Creation Time", "Fri, 17 May 2024 14:32:10 +0200", "Comment", "Created with GIMP"}
	checkPass(t, h, up, "", []passCase{
		{name: "JPEG, Exif and XMP", body: dataURL("image/jpeg", photoJPEG(t, photoEXIF(), xmp(""))), pass: true},
		{name: "JPEG, Exif", body: dataURL("image/jpeg", photoJPEG(t, photoEXIF())), pass: true},
		{name: "PNG, tEXt and XMP", body: dataURL("image/png", photoPNG(t, photoXMP(""), pngText...)), pass: true},
		{name: "JPEG, XMP dc:creator", body: dataURL("image/jpeg", photoJPEG(t, photoEXIF(), xmp("Jürgen Kowalski")))},
		{name: "PNG, XMP dc:creator", body: dataURL("image/png", photoPNG(t, photoXMP("Jürgen Kowalski"), pngText...))},
	})
	// the name is a finding, not a file that cannot be read
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", dataURL("image/jpeg", photoJPEG(t, photoEXIF(), xmp("Jürgen Kowalski"))))
	if code < 400 || strings.Contains(out, "nicht gelesen") || !strings.Contains(out, "Name") {
		t.Fatalf("dc:creator: %d %.400s", code, out)
	}
}

// TestJSONKeySpellingsHeld (sec23, held): a field named twice in other
// spellings (a \u escape, another case, the long s U+017F that Go's
// encoding/json folds to s), one after the other with the canary in either,
// is blocked as a field named twice; a second JSON value after the body
// is blocked as unreadable; a key written with escapes alone is read as
// its name, and the canary is replaced. A service that takes the last of
// two fields (Python's json) or the exact spelling would read the one
// schleuse did not.
func TestJSONKeySpellingsHeld(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	msg := func(s string) string { return `[{"role":"user","content":"` + s + `"}]` }
	twice := "zweimal"
	for _, tc := range []struct{ name, body, reason string }{
		{"an escape, the canary second", `{"model":"gpt-4o","messages":` + msg("Hallo") + `,"mess\u0061ges":` + msg(sec23Canary) + `}`, twice},
		{"an escape, the canary first", `{"model":"gpt-4o","mess\u0061ges":` + msg(sec23Canary) + `,"messages":` + msg("Hallo") + `}`, twice},
		{"another case, the canary second", `{"model":"gpt-4o","messages":` + msg("Hallo") + `,"Messages":` + msg(sec23Canary) + `}`, twice},
		{"another case, the canary first", `{"model":"gpt-4o","Messages":` + msg(sec23Canary) + `,"messages":` + msg("Hallo") + `}`, twice},
		{"the long s", `{"model":"gpt-4o","messages":` + msg("Hallo") + `,"mes\u017fages":` + msg(sec23Canary) + `}`, twice},
		{"content twice", `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo","cont\u0065nt":"` + sec23Canary + `"}]}`, twice},
		{"a second JSON value", `{"model":"gpt-4o","messages":` + msg("Hallo") + `} {"model":"gpt-4o","messages":` + msg(sec23Canary) + `}`, "nicht gelesen"},
		{"an escaped key alone", `{"model":"gpt-4o","messages":[{"r\u006fle":"user","content":"` + sec23Canary + `"}]}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			for _, r := range up.since(n) {
				if strings.Contains(r.Body, "Kowalski") || strings.Contains(r.Body, "0532") {
					t.Fatalf("the service got the canary: %.300s", r.Body)
				}
			}
			if tc.reason != "" && (up.count() != n || !strings.Contains(out, tc.reason)) {
				t.Fatalf("not blocked with %q: %d %.300s", tc.reason, code, out)
			}
		})
	}
}

// trailerLog records what the service got of a request: its body, its
// trailers and its Content-Encoding.
type trailerLog struct {
	mu  sync.Mutex
	got []string
}

func (u *trailerLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	u.mu.Lock()
	u.got = append(u.got, fmt.Sprintf("%s %v %s", b, r.Trailer, r.Header.Get("Content-Encoding")))
	u.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"choices":[{"message":{"role":"assistant","content":"ok"}}]}`))
}

// TestFramingAndEncodingListsHeld (sec23, held): a chunked body's
// trailers (X-Data with base64 of the canary, X-Note with it as it is) and
// a chunk extension holding the canary do not reach the service (schleuse
// sends the body it read, without them); a body in two content codings
// ("gzip, br", "br, gzip", "identity, gzip", "zstd, gzip") is unpacked in
// the order they were applied, read, and sent with the canary replaced.
func TestFramingAndEncodingListsHeld(t *testing.T) {
	up := &trailerLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	last := func() string {
		up.mu.Lock()
		defer up.mu.Unlock()
		if len(up.got) == 0 {
			return ""
		}
		return up.got[len(up.got)-1]
	}
	b64 := base64.StdEncoding.EncodeToString([]byte(sec23Canary))
	body := chatBody("Hallo")
	for name, raw := range map[string]string{
		"trailers":          fmt.Sprintf("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTrailer: X-Data, X-Note\r\n\r\n%x\r\n%s\r\n0\r\nX-Data: %s\r\nX-Note: %s\r\n\r\n", len(body), body, b64, sec23Canary),
		"a chunk extension": fmt.Sprintf("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x;name=\"%s\"\r\n%s\r\n0\r\n\r\n", len(body), b64, body),
	} {
		if o := sendRaw(t, h, []byte(raw), false); o.status != 200 || strings.Contains(last(), b64) || strings.Contains(last(), "Kowalski") {
			t.Errorf("%s: %d, the service got %.300s", name, o.status, last())
		}
	}
	for _, enc := range [][]string{{"gzip", "br"}, {"br", "gzip"}, {"identity", "gzip"}, {"zstd", "gzip"}} {
		data := []byte(metaBody(sec23Canary))
		for _, e := range enc {
			if e != "identity" {
				data = compress(e, data)
			}
		}
		o := sendRaw(t, h, rawPost("application/json", "Content-Encoding: "+strings.Join(enc, ", ")+"\r\n", string(data)), false)
		if got := last(); o.status != 200 || strings.Contains(got, "Kowalski") || !strings.Contains(got, "[IBAN_1]") {
			t.Errorf("%v: %d %.200s, the service got %.300s", enc, o.status, o.body, got)
		}
	}
}

// zstdAfterSkippable is text in zstd (compressed, so that no run of it
// stands in the bytes) after a skippable frame of 8 bytes.
func zstdAfterSkippable(t *testing.T, text string) []byte {
	t.Helper()
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression))
	z := enc.EncodeAll([]byte(text), nil)
	if bytes.Contains(z, []byte("Kowalski")) || bytes.Contains(z, []byte("0532")) {
		t.Fatalf("the text stands in the zstd bytes")
	}
	skip := binary.LittleEndian.AppendUint32(nil, 0x184D2A50)
	skip = binary.LittleEndian.AppendUint32(skip, 8)
	return append(append(skip, "schleuse"...), z...)
}

// TestZstdAfterSkippableFrameRead: base64 of zstd after a skippable frame
// (RFC 8878 3.1.2, which zstd -d and Go's zstd reader pass over)
// holding a name, an IBAN and a Steuer-ID, in a JSON value and a header,
// is read unpacked and blocked. Before, only a payload starting with
// zstd's own magic number was taken for zstd: this one was bytes without a
// run of text, and the canary went to the service unread (sec23). Clean
// text so passes.
func TestZstdAfterSkippableFrameRead(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	letter := strings.Repeat("Sehr geehrte Damen und Herren, wir bitten um Rückmeldung. ", 8)
	payload := zstdAfterSkippable(t, letter+sec23Canary+strings.Repeat(" Mit freundlichen Grüßen", 4))
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "", []passCase{
		{name: "in a JSON value", body: metaBody(b64(payload))},
		{name: "in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(payload)},
		{name: "clean text", body: metaBody(b64(zstdAfterSkippable(t, letter))), pass: true},
	})
}
