package detectors

import "testing"

func TestPhone(t *testing.T) { checkTable(t, phoneDetector{}, phoneTPs, phoneFPs) }

func FuzzPhone(f *testing.F) { fuzzDetector(f, phoneDetector{}, phoneTPs, phoneFPs) }

var phoneTPs = []string{
	"Ansprechpartnerin, Tel.-Nr. [[0221 4567 89]], Fax-Nr. [[0221 4567 90]]",
	"Ansprechpartner AOK: Herr Janssen, [[04941 9240-117]], kundenservice.aurich@nds.aok.de\nRückfragen: Anke Thelen-Mbeki, [[0212 290-4173]], vergabestelle@solingen.de",
	"Telefonnummer: [[0228 77-1234]], Festnetznummer [[02241 3801]], Servicenummer [[0800 1234567]], Tel.-Nr. [[0171 2233445]], unter der Nummer [[0228 4455667]]",
	"Herr Ademi, Goethestraße 14, 53111 Bonn, [[0228 0815-12]] und [[02241 12-0]]",
	"Anschluss: Steinbacher Hohl 48, Tel. [[60488]] (Ortsnetz)",
	"Fundbüro im Bürgeramt, Tel. [[0228 77-1234]]",
	"Kreditorennr;Firma;Telefon\n70011;Elektro Nowak GmbH;[[02241 380112]]",
	"[kontakt]\nBehoerdenschluessel=05382056\ntelefon=[[02241 102-0]]",
	"Gebühr Anmeldung mit Auslandsbezug: 120,00 €. Rückfragen: [[0471 590-2317]].",
	"Mutter: Handy [[0163 – 774 29 51]], Vater [[0171 – 2 84 33 10]]",
	"Ansprechpartnerin: ich, Eva Lindner, Entgeltabrechnung, [[05141 12-287]], e.lindner@celle.de",
	"Ausweis liegt vor, Rückruf bitte unter Tel. [[0228123456]]",
	"Kontakt Tel-[[0228 123456]], Fax:[[0228 123457]]",
	// parentheses around the whole number stay outside the span
	"Die Mutter ist nicht erreichbar ([[0157 38201947]]).",
	"Bürgerbüro: [[(0228) 77 66 55]]",
	// the next line's label does not veto the number
	"Kontakt: [[+49 2242 9161 888]]\nSteuernummer: 220/5079/1234",
	"Tel.: [[0 22 41 / 12 34 56]]",
	"Telefon [[+49 (0)228 1234-56]]",
	"erreichbar unter [[0049 228 123456]]",
	"Fax: [[(0228) 12 34 56]]",
	"Mobil [[0171/1234567]]",
	"Ruf [[+44 20 7946 0958]] an",
	"Zentrale [[030 123456-0]], Durchwahl -12",
	"Tel. [[12 34 56]] (Ortsnetz)",
	"Kontakt: [[0228-123456]].",
	"Fax-[[0228 123456]], tel:[[+492281234567]]",
	"Tel. [[2025-3184]] (Ortsnetz), Telefon [[116 0167]]",
}

var phoneFPs = []string{
	"Präqualifizierung: PQ-Nr. 010.123456, HR-Nr. 0221 4567 89",
	"Stand: 0228 4711 Kundennummer, 02241 0815 (Rechnung), 0171 2233 Vertragsnummer",
	"3. DVD, Mediennummer 0027781934; Mitglieds-Nr.: 0123 456789, Barcode-Nummer 04012345678, Kundennr. 0815 4711",
	"Wahlbezirk;Name\n0412-0087;Ademi\n0412/0088;Ademi\n0412-0089;Adomeit",
	"Nutzungsberechtigte: Renate Lorenz, Steinbacher Hohl 48, 60488 Frankfurt am Main\nTel. laut Akte: folgt",
	"Kreditorennr;Firma;Telefon\n70011;Elektro Nowak GmbH;[PHONE_1]\n70012\tGartenbau\t[PHONE_2]",
	"[fachverfahren]\nBehoerdenschluessel=05382056\nAmtlicher Gemeindeschlüssel: 05382056",
	"ausweisnr N27F7N3WK0, ihre eigene nr. ist rumänisch: 058123477. wir brauchen den ausweis",
	"Change Request CHG-2024-0211\nTitel: Umstellung der Server",
	"Telefonregelung laut Dienstanweisung Nr. 7/2024, Rundverfügung 112/2023 und Beschluss 3/1998.",
	// label words inside other words: Kosten-stel-le, USt-IdNr.:, Ho-tel:
	"Kostenstelle 0101100, Sachkonto 0542100",
	"Büro Schwarz GmbH · Industriestraße 14 · 57072 Siegen\nUSt-IdNr.: DE181752978",
	"Ihre Bestellnummer: 4500098765, Kundennummer 10023",
	"Lieferschein-Nr. 0080012345",
	"Schreib an das Hotel:\n\nBuchungsbestätigung Nr. 88213377",
	"Bewerbungen Stelle 2024/17 (Sachbearbeitung)",
	"Notruf 110 oder 112, Behördennummer 115, ärztlicher Bereitschaftsdienst 116117",
	"Termin am 01.02.2024 um 08.30 Uhr",
	"Betrag 0,50 € und 1.234,00 EUR",
	"Durchwahl -12",
	"IBAN DE89 3704 0044 0532 0130 00",
	"Az. 0123/2024",
	"ISBN 0-306-40615-2",
	"Der Gemeindehaushalt (ISSN 0340-3866), KommJur (ISSN 1613-8570)",
	"Fund-Nr. 25/0427 – Smartphone, Fundnummer 0228/0815, Inventar-Nr. 0511 4471",
	"PLZ 01067 Dresden",
	"Rechnungsnummer 0815471100",
	"Az. 0123 4567 vom 3. Mai. Betrag 120,00 €.",
	"Tätigkeit 06/2023–11/2023 und 01/2024 – 03/2024 in Elternzeit",
	"Telefonkonferenz-ID: 819 204 773#, Meeting-ID: 348 112 907 55",
	"cipher suites now follow BSI TR-02102-2 (2024-01)",
	"<kennung>ags:06438001</kennung>",
	"(Kennung des Verfahrens KT-0228-2025), Norm DIN-0815 4711",
	"Telefonische Abholung: Fund-Nr. 2025-318, Handbuch Stand 2024-06, Telefon-Liste 1999-12",
	"Hilfetelefon 116 016, Kinder- und Jugendtelefon 116 111, Telefonseelsorge 116123",
}
