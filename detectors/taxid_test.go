package detectors

import "testing"

func TestTaxID(t *testing.T) { checkTable(t, taxIDDetector{}, taxidTPs, taxidFPs) }

func FuzzTaxID(f *testing.F) { fuzzDetector(f, taxIDDetector{}, taxidTPs, taxidFPs) }

var taxidTPs = []string{
	"Steuer-ID: [[86095742719]]",
	"Identifikationsnummer [[86 095 742 719]] laut Bescheid",
	"IdNr. [[47036892816]]",
	"Ihre Steuer-Identifikationsnummer lautet [[65929970489]].",
}

var taxidFPs = []string{
	"Steuer-ID: 86095742718 (Prüfziffer falsch)",
	"Steuer-ID: 06095742719",
	"Tel. 86095742719",
	"Bestellnummer 12345758091",
	"11111111111",
	"Nummer 860957427190 ist zu lang",
}
