package detectors

import "testing"

func TestLicensePlate(t *testing.T) {
	checkTable(t, licensePlateDetector{}, licenseplateTPs, licenseplateFPs)
}

func FuzzLicensePlate(f *testing.F) {
	fuzzDetector(f, licensePlateDetector{}, licenseplateTPs, licenseplateFPs)
}

var licenseplateTPs = []string{
	"Kennzeichen [[B-AB 1234]]",
	"Fahrzeug [[M XY 123E]] falsch geparkt",
	"[[HH AB 12H]] ist ein Oldtimer",
	"amtl. Kennzeichen [[BNAB123]]",
	"PKW [[KÜN-X 42]]",
}

var licenseplateFPs = []string{
	"Die B 9 ist gesperrt, ebenso die A 61.",
	"Besoldung A 12 oder Entgeltgruppe E 11",
	"nach DIN EN 1234 geprüft",
	"ZZ-ZZ 12345 zu viele Ziffern",
	"QQ-AB 123 kein Kreis",
	"EU AI 2024",
}
