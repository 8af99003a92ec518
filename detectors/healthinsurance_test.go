package detectors

import "testing"

func TestHealthInsurance(t *testing.T) {
	checkTable(t, healthInsuranceDetector{}, healthinsuranceTPs, healthinsuranceFPs)
}

func FuzzHealthInsurance(f *testing.F) {
	fuzzDetector(f, healthInsuranceDetector{}, healthinsuranceTPs, healthinsuranceFPs)
}

var healthinsuranceTPs = []string{
	"Krankenversichertennummer: [[A123456780]]",
	"KVNR [[M123456785]] (AOK)",
	"Versicherten-Nr. [[X 987654326]]",
}

var healthinsuranceFPs = []string{
	"KVNR A123456781",
	"Artikel A12345678 ist zu kurz",
	"AB123456780",
}
