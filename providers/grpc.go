package providers

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// grpcBody reports a gRPC or gRPC-Web request body (application/grpc,
// application/grpc+proto, application/grpc-web[+proto]) and whether it is
// gRPC-Web's text form (application/grpc-web-text: the frames in base64).
func grpcBody(contentType string) (ok, text bool) {
	mt, _ := mediaType(contentType)
	for _, base := range []string{"application/grpc-web-text", "application/grpc-web", "application/grpc"} {
		if mt == base || strings.HasPrefix(mt, base+"+") {
			return true, base == "application/grpc-web-text"
		}
	}
	return false, false
}

// grpcOf reports a gRPC or gRPC-Web body (grpcBody).
func grpcOf(contentType string) bool {
	ok, _ := grpcBody(contentType)
	return ok
}

// grpcFields reads the messages of a gRPC or gRPC-Web body: length-prefixed
// frames (a flag byte, four bytes of length, the message), each message
// read as a binary body is (its text or its printable runs, binaryText),
// a compressed one (flag bit 0) decoded with the request's Grpc-Encoding
// first, as the service decodes it. The Gemini API (Google's
// GenerativeService) takes gRPC at its REST host, and Google's SDKs speak
// it; before, the body was read as one binary blob, and a message a client
// compressed (grpc-encoding: gzip) held no printable run: a name, an IBAN
// and a Steuer-ID went out unread (sec18). A frame that runs past the body,
// a flag schleuse does not know, a compressed message without an encoding
// or in one it cannot decode fail (ErrMalformed, ErrUnknownEncoding), and
// the request is blocked. The decoded messages together are capped at
// req.MaxDecoded (ErrDecodedTooLarge).
func grpcFields(env *Envelope, req *Request, body []byte, text bool) error {
	if text {
		dec, err := grpcWebText(body)
		if err != nil {
			return err
		}
		body = dec
	}
	encoding, limit := "", int64(DefaultMaxBody)
	if req != nil && req.Header != nil {
		encoding = strings.Join(req.Header.Values("Grpc-Encoding"), ",")
	}
	if req != nil && req.MaxDecoded > 0 {
		limit = req.MaxDecoded
	}
	total := int64(0)
	for i := 0; len(body) > 0; i++ {
		if len(body) < 5 {
			return fmt.Errorf("%w: gRPC frame %d: %d bytes left, no frame head", ErrMalformed, i, len(body))
		}
		flag, n := body[0], binary.BigEndian.Uint32(body[1:5])
		if uint64(n) > uint64(len(body)-5) {
			return fmt.Errorf("%w: gRPC frame %d: %d bytes announced, %d left", ErrMalformed, i, n, len(body)-5)
		}
		msg := body[5 : 5+int(n)]
		body = body[5+int(n):]
		// 0x80 marks gRPC-Web's trailers (header lines, text as well).
		if flag&^0x81 != 0 {
			return fmt.Errorf("%w: gRPC frame %d: flags %#x", ErrMalformed, i, flag)
		}
		if flag&1 != 0 {
			if enc := strings.ToLower(strings.TrimSpace(encoding)); enc == "" || enc == "identity" {
				return fmt.Errorf("%w: gRPC frame %d compressed without a grpc-encoding", ErrMalformed, i)
			}
			dec, err := DecodeBody(encoding, msg, limit-total)
			if errors.Is(err, ErrTooLarge) {
				return fmt.Errorf("gRPC frame %d: %w", i, ErrDecodedTooLarge)
			}
			if err != nil {
				return fmt.Errorf("gRPC frame %d: %w", i, err)
			}
			msg = dec
			if total += int64(len(msg)); total > limit {
				return fmt.Errorf("gRPC messages: %w", ErrDecodedTooLarge)
			}
		}
		switch {
		case len(msg) == 0:
		case utf8.Valid(msg):
			env.Fields = append(env.Fields, Field{Kind: UserText, Text: string(msg), Name: fmt.Sprintf("grpc[%d]", i)})
		default:
			binaryText(env, msg)
		}
	}
	return nil
}

// grpcWebText decodes gRPC-Web's text form: base64, where each frame may
// be encoded on its own, padding and all ("AAAA…==AAAA…"); each group of
// four characters decodes by itself.
func grpcWebText(body []byte) ([]byte, error) {
	s := bytes.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, body)
	if len(s)%4 != 0 {
		return nil, fmt.Errorf("%w: gRPC-Web text of %d characters", ErrMalformed, len(s))
	}
	out := make([]byte, 0, len(s)/4*3)
	var quad [3]byte
	for i := 0; i < len(s); i += 4 {
		n, err := base64.StdEncoding.Decode(quad[:], s[i:i+4])
		if err != nil {
			return nil, fmt.Errorf("%w: gRPC-Web text: %w", ErrMalformed, err)
		}
		out = append(out, quad[:n]...)
	}
	return out, nil
}

// compressedStream reports a body that is a compressed stream or an
// archive by its first bytes (gzip, zstd, xz, bzip2, 7z, RAR, LZ4): sent
// as the whole body on a route no adapter knows, it holds no printable run
// of its text; read as a file, it is refused as one that cannot be read,
// as such an upload is.
func compressedStream(b []byte) bool {
	for _, magic := range [][]byte{
		{0x1f, 0x8b, 0x08},                 // gzip (deflate)
		{0x28, 0xb5, 0x2f, 0xfd},           // zstd
		{0xfd, '7', 'z', 'X', 'Z', 0},      // xz
		{'7', 'z', 0xbc, 0xaf, 0x27, 0x1c}, // 7z
		{'R', 'a', 'r', '!', 0x1a, 0x07},   // RAR
		{0x04, 0x22, 0x4d, 0x18},           // LZ4 frame
		{'B', 'Z', 'h'},                    // bzip2, with its block magic below
	} {
		if bytes.HasPrefix(b, magic) {
			if magic[0] == 'B' {
				return len(b) >= 10 && b[3] >= '1' && b[3] <= '9' && bytes.Equal(b[4:10], []byte("1AY&SY"))
			}
			return true
		}
	}
	return false
}
