package detectors

import "testing"

func TestSocialSecurity(t *testing.T) {
	checkTable(t, socialSecurityDetector{}, socialsecurityTPs, socialsecurityFPs)
}

func FuzzSocialSecurity(f *testing.F) {
	fuzzDetector(f, socialSecurityDetector{}, socialsecurityTPs, socialsecurityFPs)
}

var socialsecurityTPs = []string{
	"Rentenversicherungsnummer [[65170839J003]]",
	"SV-Nr.: [[15 070649 C 103]]",
	"Sozialversicherungsnummer: [[12 150780 M 002]].",
}

var socialsecurityFPs = []string{
	"SV-Nr. 65170839J004 (Prüfziffer falsch)",
	"65173339J003 hat kein gültiges Datum",
	"Artikel 65170839 J 00 3",
}
