package detectors

import "testing"

func TestTaxID(t *testing.T) { checkTable(t, taxIDDetector{}, taxidTPs, taxidFPs) }

func FuzzTaxID(f *testing.F) { fuzzDetector(f, taxIDDetector{}, taxidTPs, taxidFPs) }

var taxidTPs = []string{
	"Steuer-ID: [[86095742719]]",
	"Identifikationsnummer [[86 095 742 719]] laut Bescheid",
	"IdNr. [[47036892816]]",
	"Ihre Steuer-Identifikationsnummer lautet [[65929970489]].",
	"Pers.-Nr.\tName, Vorname\tStKl\tKonf.\tSteuer-ID\tSV-Nummer\tIBAN\tBrutto\n100233\tLewandowski, Agnieszka\t1\trk\t[[92866471539]]\t65021199S529\tDE54627269526502882023\t3.812,44",
	"Name | Steuer-ID | Konto\nMüller | [[86095742719]] | 12345",
	"PersNr,Name,Geburtsdatum,Steuer-ID,SV-Nummer\n31022,Özdemir,03.12.1998,[[63191815279]],65120384K510\n",
	"Nr,Steuer-ID,Kinder\n1,[[86095742719]],2,ledig",
	// a key in code or JSON, with an IBAN's key in the next line (a negative word)
	"    \"steuer_id\": \"[[80246759308]]\",\n    \"iban\": \"DE88600501019968161083\",",
	// beside another number, which made one chain of 15 digits
	"Steuer-ID: [[86095742719]] 2024",
	"Jahr 2024 [[86095742719]]",
	"[[86095742719]] 12",
	"Steuer-ID [[86 095 742 719]] 2024",
	// a quoted CSV cell: its own header decides, not a word of another column (round 44)
	"\"Kundennr\";\"Nummer\";\"Name\"\n\"4711\";\"[[86095742719]]\";\"Kowalski\"",
	"\"Kundennr\"\t\"Steuer-ID\"\n\"4711\"\t\"[[86095742719]]\"",
	// broken over a line, with a label
	"Steuer-ID: [[860957\n42719]] laut Bescheid",
	"Identifikationsnummer [[86 095\r\n742 719]]",
	"Steuer-ID\n[[86095742719]]\n2024",
	"Steuer-IDs:\n[[86095742719]]\n[[47036892816]]\n",
	"Herr Berisha wurde im Formular nach der Steuer-ID gefragt und hat sie „sicherheitshalber\" nicht angegeben. Er nannte sie dann doch am Telefon: [[86 095 742 719]].",
	// a character beyond ASCII that is no letter at its edge: German quotes, a
	// no-break space, an arrow, a bullet, an emoji (every byte from 0x80 was a
	// letter's before)
	"Steuer-ID „[[86095742719]]“",
	"Steuer-ID:\u00a0[[86095742719]]",
	"Steuer-ID →[[86095742719]]",
	"•[[86095742719]]",
	"😀[[86095742719]]",
}

var taxidFPs = []string{
	// numbers on two lines without a label: one pair in ten passes the check digit
	"Belege\n860957\n42719\nSumme",
	"Zählerstand 860957\n42719 kWh",
	"Steuer-ID: 86095742718 (Prüfziffer falsch)",
	"Steuer-ID: 06095742719",
	"Tel. 86095742719",
	"Herr Martin Valentin hat heute wegen der Müllabfuhr in seiner Straße angerufen und bittet um Rückruf. Tel. 86095742719",
	"Bestellnummer 12345758091",
	"11111111111",
	"Nummer 860957427190 ist zu lang",
	"Kunde\tTelefon\n12\t86095742719",
	"Name | Rechnung | Betrag\nMüller | 86095742719 | 12,00",
	"Gesamtbetrag 86095742719,50 EUR",
	// a quoted cell under a negative header stays none (round 44)
	"\"Name\";\"Bestellnummer\"\n\"Kowalski\";\"86095742719\"",
	"\"Kundennr\";\"Nummer\"\n\"4711\";86095742719\"",
	// parts of a longer chain of groups without a label: a number of other
	// digits that happens to hold 11 with a valid check digit
	"Artikel 86 095 742 719 2024",
	"Messwerte 8 60 95 74 27 19 20 24",
	"Tel. 86095742719 2024",
	// glued to a letter beyond ASCII or a combining mark: part of a word
	"Bestellung ÄÖÜ86095742719ß",
	"Artikel e\u030186095742719",
}
