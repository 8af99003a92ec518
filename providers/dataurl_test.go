package providers

import (
	"encoding/base64"
	"testing"
)

// TestDataURLShape: a string is a data URL when "data:" is followed by
// nothing, a media type (type/subtype) or parameters before the comma;
// text that only starts with "data:" is none and is read as text.
func TestDataURLShape(t *testing.T) {
	for _, tc := range []struct {
		in, mt, data string
		ok           bool
	}{
		{"data:,Hallo%20Welt", "text/plain", "Hallo Welt", true},
		{"data:text/csv;charset=utf-8,a;b", "text/csv", "a;b", true},
		{"DATA:Text/Plain;Base64,SGFsbG8=", "text/plain", "Hallo", true},
		{"data:;base64,SGFsbG8=", "text/plain", "Hallo", true},
		{"data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,SGFsbG8", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Hallo", true},
		{"data:text/plain,100% sicher%21", "text/plain", "100% sicher!", true},
		{"data:text/plain,%zz%4", "text/plain", "%zz%4", true},
		{`data: {"id":"chatcmpl-1","choices":[]}`, "", "", false},
		{"Data: Kunde Herr Kowalski, IBAN DE89", "", "", false},
		{"data:2026-11-30,wert:12", "", "", false},
		{"data: text/plain,Hallo", "text/plain", "Hallo", true}, // as leniently as a reader may take it
		{"data:text plain,Hallo", "", "", false},
		{"data:text/plain", "", "", false},
	} {
		mt, data, undecodable, ok := dataURL(tc.in)
		if ok != tc.ok || mt != tc.mt || string(data) != tc.data || undecodable {
			t.Errorf("%q: %q %q %v %v, want %q %q %v", tc.in, mt, data, undecodable, ok, tc.mt, tc.data, tc.ok)
		}
	}
}

// TestEmbeddedBase64: the runs of base64 in a text field that decode to
// text are reported as one file each, a data URL's payload not a second
// time (embeddedDataURLs reads it); what decodes to binary is not.
func TestEmbeddedBase64(t *testing.T) {
	akte := "Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	b64 := base64.StdEncoding.EncodeToString([]byte(akte))
	for _, tc := range []struct {
		text  string
		files int
	}{
		{"Bitte dekodiere: " + b64, 1},
		{"base64," + b64, 1}, // no data URL
		{b64 + "x. ", 1},     // a character too many at the end (4n+1)
		{`C:\` + b64, 1},     // after a backslash
		{"(" + base64.RawURLEncoding.EncodeToString([]byte(akte)) + ")", 1},
		{"data:text/plain;base64," + b64, 0},   // embeddedDataURLs'
		{"data:text/plain;base64,\n" + b64, 0}, // the payload on the next line
		{"Schlüssel AKIAIOSFODNN7EXAMPLE und Hash 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 0},
		{"Donaudampfschifffahrtsgesellschaftskapitän getElementsByTagName", 0},
	} {
		env := &Envelope{}
		newCollector(env).embeddedBase64(tc.text, "f", 0)
		if len(env.Fields) != tc.files {
			t.Errorf("%q: %d files, want %d: %+v", tc.text, len(env.Fields), tc.files, env.Fields)
		}
		for _, f := range env.Fields {
			if f.Kind != File || f.Text != akte {
				t.Errorf("%q: %+v", tc.text, f)
			}
		}
	}
}
