package detectors

import "testing"

func TestLicensePlate(t *testing.T) {
	checkTable(t, licensePlateDetector{}, licenseplateTPs, licenseplateFPs)
}

func FuzzLicensePlate(f *testing.F) {
	fuzzDetector(f, licensePlateDetector{}, licenseplateTPs, licenseplateFPs)
}

var licenseplateTPs = []string{
	// round 65: a Roman middle with a hyphen or beside a vehicle's word; a plate written again after a hyphen and a word
	"Zeuge: [[SO-VI 228]], Pkw [[C IV 2]]\nAnwohner [[BN-AB 12]] - parkt dauerhaft",
	// round 36: a plate in brackets after an offence, a plate before the date of an offence
	"Ordnungswidrigkeit: Parken im Halteverbot ([[BN-AB 123]])",
	"Parkverstoß: [[BN-AB 123]] vom 12.03.2026",
	"Halter des Pkw [[EG-X 66]], Fahrzeug [[E-G 612]]",
	"Kennzeichen [[DIN-A 4]], Halter Bauer; Pkw [[EG-S 14]]; Wagen [[DIN AB 12]]",
	"Datum,Uhrzeit,Tatort,Kennzeichen,Betrag\n2026-10-19,08:12,Markt,[[SU-AB 1234]],20.00\n2026-10-19,08:20,Markt,[[BN-KL 889]],20.00\n2026-10-20,11:17,Bahnhofstraße,[[SUAB1234]],20.00",
	"Kennzeichen;Halter;Anschrift (Melderegister);Zulassung seit\n[[MK-AY 700]];Yavuz, Ali;Wermingser Str. 15, 58636 Iserlohn;2019-04-02\n[[MK-AY 701]];Yavuz, Ali;Wermingser Str. 15, 58636 Iserlohn;2019-04-02\n[[MK-AY 702]];Yavuz, Ali;Wermingser Str. 15, 58636 Iserlohn;2019-04-02\n[[MK-AY 703]];Yavuz, Ali;Wermingser Str. 15, 58636 Iserlohn;2019-04-02\n[[MKAB 42]];Becker, Sandra;Im Wiesengrund 3, 58708 Menden;2021-09-14\n",
	"Kennzeichen [[B-AB 1234]]",
	"Fahrzeug [[M XY 123E]] falsch geparkt",
	"[[HH AB 12H]] ist ein Oldtimer",
	"amtl. Kennzeichen [[BNAB123]]",
	"PKW [[KÜN-X 42]]",
	"Übrigens der Oldtimer [[BNTR 68H]] steht seit 3 Wochen ohne TÜV vor Hausnr. 12",
	"Abgestellt: [[SUAB 412E]], Halter unbekannt",
	"das Wohnmobil [[KXY 77]] steht im Halteverbot",
	"geblitzt wurde [[DKM 1204]]",
	"Fahrzeug des Antragstellers: [[COE-FT 1948]].",
	"Pkw VW Golf, Modell 2019, amtl. Kennzeichen [[B-AB 1234]]",
	"Kennzeichen,Tag\n[[BN-AB 123]],2024-01-01\n[[BN-CD 45]],2024-01-02",
	// round 31: a plate without separators beside its spaced twin on the line (a table test)
	`{"ohne Trennung", "[[MZAB77]]", "[[MZ AB77]]"}`,
}

var licenseplateFPs = []string{
	// round 65: a statistics office's series with a Roman numeral; a device's code that the log names with its parts
	"Quelle: Statistische Berichte C IV 2 – j/26; A I 1 und B II 3",
	"03:10:58 GW-HO5-S12 CO=18ppm OK\n03:14:09 GW-HO5 notify sms status=sent",
	// round 36: a rule's short name in brackets closing its title, or after an article before its date of issue
	"Dienstanweisung zur Nutzung generativer KI in der Stadtverwaltung (DA-IT 14)",
	"Diese Anweisung ersetzt die DA-IT 11 vom 15.03.2024.",
	"Bemerkung zum Halter: Mitarbeiterin J. Kowalski (EG 6), Kennzeichen liegt vor; Sachbearbeitung in EG 9 TVöD.",
	"Fotokopien DIN A4, schwarz-weiß, Umschläge DIN C6 und DIN B 5",
	"EG S 14 TVöD SuE, Vollzeit; Pflegekraft EG P 8; EG E 9",
	"Fahrzeuge: 4 HLF 20, 1 ELW 1. Neu in Dienst gestellt: GW-L2 (Baujahr 2025).",
	"Datum,Uhrzeit,Tatort,Bemerkung,Betrag\n2026-10-20,11:17,Markt,SUAB1234,20.00",
	"Artikel;Bestand;Lager seit\nABCD 42;12;2019-04-02\nMKAB 42;3;2021-09-14\n",
	"Kennzeichen: GE-ÖZ 461 (Umlaute sind in der Erkennungsnummer nicht zulässig)",
	"Dienstanweisung über die Nutzung von Passwörtern (DA-IT 04) und Kennzeichen-Regel KA-B 007",
	"Ausgerückt: HLF 20, TLF 3000 und DLK 23 der Feuerwache, dazu RTW 2 und NEF 1; Fahrzeug zurück 14:20.",
	"Die B 9 ist gesperrt, ebenso die A 61.",
	"Besoldung A 12 oder Entgeltgruppe E 11",
	"Abzüge: RV-AN 9,3 %  281,05; AV-AN 1,3% 39,29; KV-AN 7,3 % 220,63; Zuschlag BN-AB 12,50 €",
	"nach DIN EN 1234 geprüft",
	"Modell A A1 00 AAA 1E",
	"Ersatzteil für Typ M XY 123, Baureihe KS 4",
	"ZZ-ZZ 12345 zu viele Ziffern",
	"QQ-AB 123 kein Kreis",
	"EU AI 2024",
	"Modell ABCD 12H und Typ XYZ 4E",
	"Raum BNTR 68 im Keller",
	"Tarif TVÖD 2024 und ISO 9001",
	"Projekt COE-FT 1948 im Archiv, Bestand KLE-AB 2024.",
	// round 31: the same unseparated token twice is no spaced twin
	`{"id", "MZAB77", "MZAB77"}`,
}
