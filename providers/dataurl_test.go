package providers

import "testing"

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
