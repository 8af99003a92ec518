package detectors

import (
	"strings"
	"testing"
)

func TestIBAN(t *testing.T) { checkTable(t, ibanDetector{}, ibanTPs, ibanFPs) }

func FuzzIBAN(f *testing.F) { fuzzDetector(f, ibanDetector{}, ibanTPs, ibanFPs) }

var ibanTPs = []string{
	"IBAN: [[DE89 3704 0044 0532 0130 00]] BIC: COBADEFFXXX",
	"Kontoverbindung [[DE89370400440532013000]].",
	"IBAN „[[DE89370400440532013000]]“ (German quotes: a character beyond ASCII at the edge)",
	"IBAN:\u00a0[[DE89 3704 0044 0532 0130 00]]",
	"klein geschrieben: [[de89 3704 0044 0532 0130 00]]",
	"Umbruch [[DE89 3704 0044\n0532 0130 00]] ende",
	"UK: [[GB82 WEST 1234 5698 7654 32]], AT: [[AT61 1904 3002 3457 3201]]",
	"IBAN:[[DE89-3704-0044-0532-0130-00]]",
	"IBAN: [[DE89.3704.0044.0532.0130.00]], Konto [[DE 89 3704 0044 0532 0130 00]], aus der Liste [[DE 89370400440532013000]]",
	"IBAN [[DE89 3704 0044 0532 0130 00]]. Bitte überweisen",
	// an account number with its Bankleitzahl: the IBAN's older form
	"Konto [[0532013000]] bei der Commerzbank, BLZ 370 400 44",
	"BLZ: 37040044, Kto.-Nr. [[532013000]]",
	"Kontonummer: [[0532 0130 00]]\nBankleitzahl: 370 400 44",
	"bitte auf konto-nr. [[123456]] blz 50010517 überweisen",
}

var ibanFPs = []string{
	// rev12 6: a UUID's first groups that pass the IBAN check
	"request ee14d23d-3620-6dc6-b320-8a16eefa4674 failed",
	"DE89 3704 0044 0532 0130 01 (Prüfziffer falsch)",
	"BIC COBADEFFXXX und BLZ 370 400 44",
	"Aktenzeichen DE 89.3704.0044 und Abschnitt DE 12.3",
	"DE89370400440532013000123 zu lang",
	"XX89 3704 0044 0532 0130 00 kein Land",
	"Kontonummer 0532013000",
	// a Bankleitzahl without an account, an account without one, or one
	// too far away or of the wrong shape
	"Die Bankleitzahl 370 501 98 der Stadtkasse bleibt unverändert.",
	"Konto 0532013000 und Postfach 370 400 44",
	"BLZ 07040044 mit Konto 0532013000",
	"BLZ 3704004 ist zu kurz, Konto 0532013000",
	"Kontoauszug 2024 und BLZ 37040044",
	"BLZ 37040044 " + strings.Repeat("und so weiter ", 10) + "Konto 0532013000",
}
