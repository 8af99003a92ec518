package extract

import (
	"strings"
	"testing"
)

func BenchmarkText(b *testing.B) {
	long := strings.Repeat(sentence+" ", 2000)
	var paras [][]string
	for range 2000 {
		paras = append(paras, []string{sentence})
	}
	var pages []string
	for range 20 {
		pages = append(pages, strings.Repeat("BT /F1 12 Tf 72 720 Td (Frau M\\374ller, IBAN DE89 3704 0044 0532 0130 00) Tj ET\n", 100))
	}
	docs := []struct {
		name string
		data []byte
	}{
		{"txt", []byte(long)},
		{"docx", docx(b, paras...)},
		{"xlsx", xlsx(b)},
		{"pdf", pdfDoc{pages: pages, deflate: true}.bytes()},
	}
	for _, d := range docs {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.data)))
			for b.Loop() {
				if _, err := Text("", "", d.data, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
