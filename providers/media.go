package providers

import (
	"bytes"
	"net/http"
	"strings"
)

// What a request can carry that schleuse cannot read (Envelope.Uninspected,
// the policy's input.uninspected).
const (
	// UninspectedFileURL: a document the service fetches itself by address
	// (file_url, fileData.fileUri, a document block with source.url,
	// document_url): schleuse sees the address, never the content.
	UninspectedFileURL = "file_url"
	// UninspectedFileUpload: a file whose bytes go to a store schleuse
	// does not inspect (Le Chat's tRPC file.uploadFile announces a file
	// that the browser then puts into an Azure storage outside the
	// catalogue): schleuse sees its name, never its content.
	UninspectedFileUpload = "file_upload"
	// UninspectedImageURL: an image the service fetches by address.
	UninspectedImageURL = "image_url"
	// UninspectedImage: an image inside the request or uploaded (a photo,
	// a screenshot, which may show a Bescheid): text in images is not read.
	UninspectedImage = "image"
	// UninspectedAudio and UninspectedVideo: audio and video inside the
	// request or uploaded.
	UninspectedAudio = "audio"
	UninspectedVideo = "video"
	// UninspectedWebRTC: a call that connects the browser with the
	// service by WebRTC (OpenAI Realtime's /v1/realtime/calls): the
	// microphone's audio and the events of the data channel go peer to
	// peer over UDP, past schleuse; it sees only the offer.
	UninspectedWebRTC = "webrtc"
)

// MediaKind reports whether data, declared as contentType (may be ""), is
// an image, audio or video that schleuse cannot read: UninspectedImage,
// UninspectedAudio, UninspectedVideo, or "" when it is none (text, a
// document, or bytes that only claim a media type). The bytes decide, not
// the declared type: "data:image/png;base64,…" holding plain text, a PDF or
// an Office file is a file like any other and read as one; before, a
// declared image passed unread whatever it held. Binary bytes that the
// sniffer does not name (HEIC, AVIF, TIFF, raw MP3 frames) count as the
// declared medium, unless they are text with NUL bytes (textWithNULs).
// Text is never a medium, whatever its first bytes: the
// sniffer takes "BM" for a bitmap, "ID3" for MP3 and "GIF8" for a GIF, so
// "BMF-Schreiben vom …" or a CSV under "BMI;Name" was counted as an image,
// not read (blocked as one by the default policy, passed unread where the
// policy allows images); a real image, audio or video file has NUL bytes in
// its header (sizes, reserved fields).
func MediaKind(contentType string, data []byte) string {
	if textBytes(data) {
		return ""
	}
	sniffed := http.DetectContentType(data)
	declared, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(contentType)), ";")
	switch {
	case strings.HasPrefix(sniffed, "image/"):
		if strings.Contains(sniffed, "svg") {
			return "" // XML text
		}
		return UninspectedImage
	case strings.HasPrefix(sniffed, "audio/"):
		return UninspectedAudio
	case strings.HasPrefix(sniffed, "video/"):
		return UninspectedVideo
	case sniffed == "application/ogg":
		if strings.HasPrefix(declared, "video/") {
			return UninspectedVideo
		}
		return UninspectedAudio
	case sniffed != "application/octet-stream":
		return "" // text, a document, an archive: read as a file
	case textWithNULs(data):
		// Text but for NUL bytes (one appended, UTF-16 without a byte-
		// order mark): no medium the sniffer does not name looks so, and
		// as one it went out unread where the policy lets the declared
		// medium pass (TestTextWithNULsDeclaredAsImage).
		return ""
	case compressedPayload(data):
		// zstd, or zlib of text, declared as an image or a recording
		// (the sniffer names gzip itself): read as what it unpacks to,
		// or refused; before, it passed unread as the declared medium
		// where the policy lets that pass (sec19).
		return ""
	}
	switch {
	case strings.HasPrefix(declared, "image/") && !strings.Contains(declared, "svg"):
		return UninspectedImage
	case strings.HasPrefix(declared, "audio/"):
		return UninspectedAudio
	case strings.HasPrefix(declared, "video/"):
		return UninspectedVideo
	}
	return ""
}

// textWithNULs reports bytes that are text but for NUL bytes: few other
// control characters (as latinText) and printable ASCII for at least 40 %
// of them. An image, audio or video file the sniffer does not name (HEIC,
// AVIF, TIFF, raw MP3 frames) holds compressed data, whose bytes are
// control characters one in eight, or pixels, which are not ASCII letters.
func textWithNULs(data []byte) bool {
	ctl, ascii := 0, 0
	for _, c := range data {
		switch {
		case c == 0:
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7f:
			ctl++
		case c < 0x7f:
			ascii++
		}
	}
	return len(data) > 0 && ctl*100 <= len(data) && ascii*10 >= len(data)*4
}

// textBytes reports bytes that are text, as the extractor tells text
// (UTF-8 or Windows-1252): no NUL and few control characters (latinText).
// Empty data is no text (and no medium either: the declared type decides).
func textBytes(data []byte) bool {
	return len(data) > 0 && bytes.IndexByte(data, 0) < 0 && latinText(data)
}

// uninspected notes one item the request carries that schleuse cannot read.
func (c *collector) uninspected(kind string) {
	c.env.Uninspected = append(c.env.Uninspected, kind)
}

// medium notes raw, an image, audio or video by its bytes (MediaKind:
// kind), as uninspected, and reads its runs of text (MediumText) as a file
// named name: the sniffer names an image by its first bytes alone, so a
// PNG's or a GIF's signature and a NUL byte before a name, an IBAN and a
// Steuer-ID (as they stand, in gzip, declared as an image or not) counted as
// an image and went out unread where the policy lets images pass (sec22).
// A real image still counts as one; the text in its metadata (XMP, a
// comment) is read as well, as a model with a code tool reads it.
func (c *collector) medium(kind, name string, raw []byte) {
	c.uninspected(kind)
	c.mediumText(name+" (text)", raw)
}

// mediumText reads the runs of text of raw, a medium's bytes
// (MediumText), as the file name, if it holds any.
func (c *collector) mediumText(name string, raw []byte) {
	if t := MediumText(raw); t != "" {
		c.file(name, "text/plain", []byte(t))
	}
}

// MediumText returns the runs of text in the bytes of an image, audio or
// video (binaryRuns: UTF-8, UTF-16), one a line, "" for none: what of it a
// model or a code tool reads as text. The proxy reads an uploaded file
// that is a medium so (TestClaimedImageHoldingText).
func MediumText(raw []byte) string {
	return strings.Join(binaryRuns(raw), "\n")
}

// fileRef reads v, the address of a file or an image a part names (an
// image_url, file_url, document_url, fileUri or source.url): a data URL is
// read as an inline file (inlineFile: its text scanned, an image counted),
// an address the service fetches itself (https, http, gs, any scheme but
// the service's own file ids) is counted as kind (UninspectedFileURL or
// UninspectedImageURL). A file id ("file-abc123") names a file uploaded
// earlier, which was inspected then.
func fileRef(c *collector, v *jval, name, kind string) {
	if !v.is(jString) || v.str == "" {
		return
	}
	v.read = true
	if _, _, _, ok := dataURL(v.str); ok {
		inlineFile(c, name, v.str)
		return
	}
	if remoteURL(v.str) {
		c.uninspected(kind)
	}
}

// remoteURL reports an address a service fetches: a URL with a scheme and
// "//" (https://…, gs://…, s3://…).
func remoteURL(s string) bool {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(s), "://")
	if !ok || scheme == "" || rest == "" {
		return false
	}
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
