package detectors

import "testing"

func TestTaxNumber(t *testing.T) { checkTable(t, taxNumberDetector{}, taxnumberTPs, taxnumberFPs) }

func FuzzTaxNumber(f *testing.F) { fuzzDetector(f, taxNumberDetector{}, taxnumberTPs, taxnumberFPs) }

var taxnumberTPs = []string{
	"Steuernummer [[21/815/08150]]",
	"Unsere alte Steuernummer war [[5127/014/35218]], falls ihr die braucht.",
	"St.-Nr. [[181/815/08155]] beim Finanzamt",
	"Steuernummer: [[93815/08152]]",
	"NRW: [[133/8150/8159]]",
	"RP [[22/815/0815/4]]",
	"Steuernummer [[013 815 08153]]",
	"ELSTER-Steuernummer [[2893081508152]]",
}

var taxnumberFPs = []string{
	"Lieferung 5127/014/35218 ohne Bezug",
	"Az. 21/815/08150",
	"Drucksache 12/345/67890",
	"Datum 12/03/2024",
	"013 815 08153 ohne Kontext",
	"§ 35/123/45678",
}
