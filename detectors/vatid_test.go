package detectors

import "testing"

func TestVATID(t *testing.T) { checkTable(t, vatIDDetector{}, vatidTPs, vatidFPs) }

func FuzzVATID(f *testing.F) { fuzzDetector(f, vatIDDetector{}, vatidTPs, vatidFPs) }

var vatidTPs = []string{
	"USt-IdNr.: [[DE136695976]]",
	"Umsatzsteuer-Identifikationsnummer [[DE 811 569 869]]",
	"VAT ID [[DE811569869]], Sitz Bonn",
}

var vatidFPs = []string{
	"USt-IdNr.: DE136695977",
	"DE1366959761 zu lang",
	"IBAN DE89 3704 0044 0532 0130 00",
	"ATU12345678 ist österreichisch",
}
