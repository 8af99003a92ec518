package proxy

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"strings"
	"testing"
)

// gz is b in gzip.
func gz(b []byte) []byte {
	var o bytes.Buffer
	w := gzip.NewWriter(&o)
	w.Write(b)
	w.Close()
	return o.Bytes()
}

// zl is b in zlib (gRPC's deflate).
func zl(b []byte) []byte {
	var o bytes.Buffer
	w := zlib.NewWriter(&o)
	w.Write(b)
	w.Close()
	return o.Bytes()
}

// grpcFrame is one gRPC message frame: the flag (1: compressed), the
// length, the message.
func grpcFrame(flag byte, msg []byte) []byte {
	f := append([]byte{flag, 0, 0, 0, 0}, msg...)
	binary.BigEndian.PutUint32(f[1:5], uint32(len(msg)))
	return f
}

// protoString is a protobuf message with s as its field 2.
func protoString(s string) []byte {
	b := []byte{0x12}
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// TestGRPCMessagesInspected: a gRPC or gRPC-Web request to an inspected
// host (the Gemini API's GenerativeService, which Google's SDKs call over
// gRPC) is read message by message, a compressed message decoded with its
// grpc-encoding; one that cannot be decoded or framing that does not hold
// is blocked. So is a compressed stream sent as a body or a form's text
// part without a Content-Encoding. Before, a message a client compressed
// (grpc-encoding: gzip) was read as one binary blob without a printable
// run, and the name, the IBAN and the Steuer-ID in it reached the service
// (sec18); a clean message still passes.
func TestGRPCMessagesInspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"generativelanguage.googleapis.com": up, "api.openai.com": up}})
	canary := protoString("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	clean := protoString("Wie schreibe ich eine höfliche Terminbestätigung?")
	const grpcURL = "https://generativelanguage.googleapis.com/google.ai.generativelanguage.v1beta.GenerativeService/GenerateContent"
	web := func(b []byte) []byte { return []byte(base64.StdEncoding.EncodeToString(b)) }
	for _, tc := range []struct {
		name, url, ctype, encoding string
		body                       []byte
		pass                       bool
	}{
		{"gRPC, gzip", grpcURL, "application/grpc", "gzip", grpcFrame(1, gz(canary)), false},
		{"gRPC, deflate", grpcURL, "application/grpc+proto", "deflate", grpcFrame(1, zl(canary)), false},
		{"gRPC, zstd", grpcURL, "application/grpc", "zstd", grpcFrame(1, compressed(t, "zstd", canary)), false},
		{"gRPC, second message gzip", grpcURL, "application/grpc", "gzip", append(grpcFrame(0, clean), grpcFrame(1, gz(canary))...), false},
		{"gRPC-Web, gzip", grpcURL, "application/grpc-web+proto", "gzip", grpcFrame(1, gz(canary)), false},
		{"gRPC-Web text, gzip", grpcURL, "application/grpc-web-text", "gzip", web(grpcFrame(1, gz(canary))), false},
		{"gRPC-Web text, frames encoded one by one", grpcURL, "application/grpc-web-text", "gzip", append(web(grpcFrame(0, clean[:7])), web(grpcFrame(1, gz(canary)))...), false},
		{"gRPC, snappy", grpcURL, "application/grpc", "snappy", grpcFrame(1, canary), false},
		{"gRPC, compressed without an encoding", grpcURL, "application/grpc", "", grpcFrame(1, gz(canary)), false},
		{"gRPC, frame past the body", grpcURL, "application/grpc", "", grpcFrame(0, clean)[:20], false},
		{"gRPC, clean", grpcURL, "application/grpc", "", grpcFrame(0, clean), true},
		{"gRPC, clean and gzip", grpcURL, "application/grpc", "gzip", grpcFrame(1, gz(clean)), true},
		{"gRPC-Web text, clean", grpcURL, "application/grpc-web-text", "", web(grpcFrame(0, clean)), true},
		{"protobuf in gzip as the body", grpcURL, "application/x-protobuf", "", gz(canary), false},
		{"zstd as the body", "https://api.openai.com/v1/unknown", "application/octet-stream", "", compressed(t, "zstd", canary), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ctype)
			if tc.encoding != "" {
				req.Header.Set("Grpc-Encoding", tc.encoding)
			}
			resp, err := h.client(h.schleuseP, true).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch got := up.count() - n; {
			case tc.pass && (resp.StatusCode != 200 || got != 1):
				t.Fatalf("a clean message: %d %.300s, %d forwarded", resp.StatusCode, out, got)
			case !tc.pass && (resp.StatusCode == 200 || got != 0):
				t.Fatalf("the service got the message: %d %.300s, %d forwarded", resp.StatusCode, out, got)
			case !tc.pass && !strings.Contains(string(out), "schleuse: Ihre Anfrage wurde nicht"):
				t.Fatalf("no German notice: %.300s", out)
			}
		})
	}
	t.Run("gzip in a form's text part", func(t *testing.T) {
		n := up.count()
		body := "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" +
			string(gz(canary)) + "\r\n--XyZ--\r\n"
		for _, p := range []string{"/v1/audio/transcriptions", "/v1/unknown"} {
			req, _ := http.NewRequest("POST", "https://api.openai.com"+p, strings.NewReader(body))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
			if code, out := h.send(t, req); code == 200 || up.count() > n {
				t.Fatalf("%s: the service got the part (%d %.300s)", p, code, out)
			}
		}
	})
}
