package detectors

import "testing"

func TestPhone(t *testing.T) { checkTable(t, phoneDetector{}, phoneTPs, phoneFPs) }

func FuzzPhone(f *testing.F) { fuzzDetector(f, phoneDetector{}, phoneTPs, phoneFPs) }

var phoneTPs = []string{
	// round 70: a PLZ opening its line under a Postfach, a telephone label on the line after it
	"Heinrich de Vries\nPostfach 1147\n69257 Wiesenbach\nTel. [[06223 / 47 11 09]]\n",
	// round 68: a labelled number broken at a line's end by a PDF's copy, its last digits alone on the next line
	"Telefon: [[0711 / 6489\n3320]]\nE-Mail: a@b.de\nTel. [[0228 77-41\n09]]\n",
	// round 68: the next line stays apart after an unbroken labelled number and before a word
	"Telefon: [[07116489]]\n3320\nTel. [[0711 6489]]\n12 Personen\n",
	// round 65: a word ending in "vat" is no VAT label; a telephone column beside an identity document's
	"dienstlich [[0228 91234-5]], privat: [[0171 2345678]]\nName\tAusweis-Nr.\tTelefon\nA\tL01X00T47\t[[06841 7732]]",
	// round 59: a number broken over a line by a PDF's or an OCR's hyphen
	"Für Rückfragen steht Ihnen Frau Hinrichsen unter [[04841 67-\n331]] zur Verfügung.\nTelefon [[03464 535-\r\n4127]].\nTel. [[0172 31-\n09 552]]",
	// round 59: a number with a leading zero and a blank in a CSV row's last cell after a cell of plain digits
	"Nachname,Vorname,Ortsteil,Paar-Nr,Erziehungsberechtigte Tel\nLehnigk,Marie,Burg-Dorf,1,[[0173 6120448]]\nBulang,Luisa,Müschen,3,[[035603 177 09]]\r\nA,B,Anklam,Hühner,14,[[039727 20 318]]\nName,DWZ,Kontakt\nWendt,1650,[[0340 8820146]]",
	// round 78: 'zurück' of a call-back before a spoken number, 'Strich' and 'Schrägstrich' between its groups, the label at the end of the line before
	"bitte rufen sie mich zurück [[null eins sieben eins drei drei vier vier neun null zwei acht]] danke tschüss\nRückruf erbeten unter [[null eins sieben sechs Strich zwei zwei eins acht Strich vier vier null drei]] Punkt.\nRückruf bei Nachfragen unter\n[[null sechs acht fünf eins Schrägstrich acht null neun drei zwei sieben]] Punkt.",
	// round 62: the bare words 'nummer' and 'unter' before a number spoken digit by digit
	"meine nummer ist [[null drei vier neun sechs fünf zwo zwo eins null sieben]] danke\nbitte an mich unter [[null acht null zwei sechs sechs null neun eins zwei drei]] danke servus",
	// round 57: a number spoken digit by digit in a dictation after a telephone label within three words
	"anwesend die tochter telefon [[null sechs zwei null eins vier sieben drei acht eins neun]] punkt\nErreichbar unter [[null eins fünf eins, vier vier zwei, acht neun, null eins]]. Ende Diktat.\nhandynummer der mutter [[null eins fünf sieben drei zwei eins vier acht acht null zwei]]\nTelefonnummer vom Sohn: [[Null fünf sieben zwei drei neun acht zwo eins vier]]",
	// round 56: an OCR's O for 0 and l for 1 in a number right after a telephone label
	"Ansprechpartnerin Frau Bozkurt, Te1. [[O2651 9543-118]].\nTelefon: [[0l76 2O48 8813]]     E-Mail\nTelefon : [[O6841 / 7732O5]]\nArzt, Tel. [[O6781 4412-O]]\nRinteln, Tel. [[O5751 4471O]]\nTel [[0l76 2O48 8813]] bitte",
	// round 49: a vCard's TEL property with its parameters; a number with blanks that fills a comma-separated cell
	"BEGIN:VCARD\nTEL;TYPE=CELL:[[+49 157 38820145]]\nTEL;TYPE=WORK,VOICE:[[02103 72-418]]\nitem1.TEL;type=pref:[[0211 5566770]]\nEND:VCARD",
	"pachtbezirk,paechter,telefon,bis\nNord,\"Heinrich Bödeker\",[[05562 8832]],31.03.2027,6180\nSüd,Ulrich Fahlbusch,[[0171 9928341]],1.4.2027",
	// round 37: slashes between an area code's groups stay a number
	"Tel. [[030/123/4567]]",
	// round 36: a number after a telephone key of a log line, also one that ends in _id or _nr
	"INFO call from caller_id=[[02281234567]] to tel_nr=[[01701234567]]",
	"badge=0004471920 result=DENY rueckruf_tel=[[02284199771]] (round 39: a badge's number stays none)",
	// round 35: a number as the value of a phone parameter in a logged URL query
	`10.0.0.7 - - [30/Nov/2026:07:45:33 +0100] "GET /termine/buchung?dienst=ausweis&tel=[[015198765432]] HTTP/2.0" 200 8812`,
	"      <tns:telefon>[[0521 4881290]]</tns:telefon>", // round 33: an XML element's end tag after the number
	// round 30: a mobile or landline number alone (a JSON field is scanned as a text of its own: rev11), a number after a word that holds "ping"
	"[[01701234567]]",
	"[[02211234567]]",
	"[[0482917365]]",
	"Schreib mir: [[0482917365]]\nIm Shopping-Center unter [[0482917365]] melden",
	"Kontakt Netzbetreiber [[02273 609-9911]] (24/7), Leitstelle [[+49 (0) 228 717-0]]",
	"Familie bekannt: Mutter, Tel. [[0157 33918264]]. 2023 Hilfe zur Erziehung (SPFH)",
	"Erstattung bitte auf mein Gehaltskonto. Rückfragen: [[0511 168-44127]]",
	"| 2025-4415 | 25.11. | O. Adeyemi, [[0163 7712 409]] | Parkausweis für Anwohner | Ordnungsamt |",
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
	"Telefon (Nebenstelle 2-3714), Durchwahl [[0228 77-3714]], Apparat: [[0171 2233445]]",
	"Frau Din [[0171 2233445]], Herr En Tel. [[0228 123456]]",
	"INSERT INTO tn (id, telefon) VALUES\n(40811, '[[0561 7398821]]'),\n(40812, NULL);",
}

var phoneFPs = []string{
	// round 65: a Haushaltsstelle's title ("Titel " holds "tel "), a VAT number after a telephone number, a
	// passport's number in an identity document's column, an ID card's number in groups after "Nr.", a vessel's ENI
	"Bundeshaushalt, Kapitel 1201, Titel 741 21.\n(Kapitel 06 12, Titel 428 01)\nKapitel 20 02, Titel 613 01   Schlüsselzuweisungen",
	"phone: see below, VAT LU 2418 7733\nUSt-IdNr.: 0123 4567 89",
	"Nr\tName\tReisepass/ID\tHandy\n1\tHorvath\tRO 051284736\t\n2\tPopescu\t058813920\t",
	"Ausweisdokument: carte d'identité LU, Nr. 0012 3345 67",
	"GMS \"Mosella\" (NL), ENI 02331457, Schiffsführer",
	// sec23: a camera's and a lens's serial number in a photo's XMP (Canon's bodies have twelve digits from 0), and in English
	"   aux:SerialNumber=\"032021001234\"\n   aux:LensSerialNumber=\"0213004567\"\n<exifEX:BodySerialNumber>032021001234</exifEX:BodySerialNumber>\nSerial number: 0172 3100955",
	// round 59: a hyphen before a line break after an amount, after a number not from 0, before a word
	"Lohnsteuer ............... 612,25-\n49,00 EUR\nNr. 4471 22-\n331 Stück\nSeite 12-\n13\nTel. 0172 31-\nweiter",
	// round 59: a decimal after a word, one that is no row's last cell, one without a blank, a cell of digits and letters before
	"Faktor 1,0173 6120448\nwert,1,0173 6120448,x\nanzahl,14,03972720318\nnr,B14,0173 6120448",
	// round 78: 'zurück' without a call, a spoken reference with 'Strich' and no telephone label, 'Strich' before no digit word
	"er kam zurück null eins zwei Punkt\nAktenzeichen null eins Strich zwei drei vier fünf sechs sieben acht\nTelefon null eins Strich Absatz zwei drei vier fünf sechs sieben",
	// round 62: a Kassenzeichen spoken digit by digit, 'nummer' inside a reference's label
	"kassenzeichen null sechs eins eins vier acht zwei neun und\nkundennummer null eins zwei drei vier fünf sechs sieben",
	// round 57: a date and a postcode spoken digit by digit, digit words without a telephone label or with another between, a label too far
	"geboren null vier null acht neunzehnhundertneunundneunzig, telefon null vier null acht\nwohnhaft kirchgasse sieben in null sechs neun vier sechs weinheim\nAktenzeichen null eins zwei drei vier fünf sechs sieben, Telefon morgen\ntelefon eins zwei drei null eins zwei drei vier fünf sechs\ntelefon hat sie uns nicht gesagt null eins zwei drei vier fünf sechs sieben\nVALUES (1, 'Telefon', NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
	// round 56: letters O and l without a telephone label, a first group not starting with 0, a word after a group
	"Rechnung O201 7348812 vom Mai. Telefon: 2O26 Ol 12. Tel. O2 Vertrag. Fon Olaf 1234. Tel. O201l 73488l2x",
	// round 55: a livestock holding's registration number after its label and the regulation's name
	"Registriernummer (VVVO): 03 453 007 0412\nRegistriernummer ViehVerkV: 03 453 012 0044",
	// round 49: other vCard properties; a decimal with a comma, in a cell too; a number without a blank before a comma and a digit
	"NOTE;CHARSET=UTF-8:Rückruf 2026\nX-ID;TYPE=x:0211556677\nBetrag 08832,31 EUR\nsumme,08832,31\nid,0815442,2",
	// round 37: a date written with slashes, also after a telephone label
	"The naturalisation test was passed on 02/09/2026; due 11/30/2026.\nTel.: 9/11/2025 (Datum)",
	// round 36: one unseparated group as the value of a record's key in a log line
	"2026-11-30 08:14:03 WARN  auth: login denied reader=08103346 src=91.64.203.17 reason=ACCOUNT_BLOCKED",
	"sync user_id=04201178 kundenNr=0815442211 card=07719202",
	// round 39: an access badge's or transponder's number in a door controller's log
	"05:31:07 READER=NE-01 badge=0004471920 result=DENY\nTUER-3 transponder=0228419977 chip=01715520931 GRANT",
	// round 35: a query parameter that names no phone
	`"GET /termine/buchung?dienst=ausweis&vorgang=015198765432&hotel=017012345678 HTTP/2.0" 200 8812`,
	"P<D<<0204174<3109225D<<<", // round 33: an MRZ field before '<' stays none, and a key's element
	"<leser><kennung>05382056</kennung></leser><autor><behoerdenkennung>06412000</behoerdenkennung></autor>",
	// round 30: random digits of a keep-alive (rev10: WebSocket ping payloads)
	"{\"type\":\"ping\",\"data\":\"0482917365\"}",
	"nonce=0392817465\nPING 04829173651234\n{\"heartbeat\": 0228123456}",
	"Pos. 01.05.0010  Prüfung nach DIN VDE 0100-600 und DGUV V3; Spielgeräte nach DIN EN 1176-1, Telefon ISO/IEC 027001 4711",
	"Benötigt: Telefon (Nebenstelle 2-3714), Fax Durchwahl: 23 715, Telefon App. 41 17",
	"INSERT INTO teilnehmer (tn_id, name, telefon) VALUES\n(40811, 'Wójcik', NULL),\n(40812, 'Haddad', NULL);",
	"Rechnungsempfänger: Stadt Lindenau\nLeitweg-ID: 05962040-0001-61\nLeitweg-ID 05962040-0001-62",
	"IDD<<TCY8TK87N6<<<<<<<<<<<<<<<\n0204174<3109225D<<<<<<<<<<<<<8",
	"Mandatsreferenz: 0000302114-GR",
	"Haushaltsstelle 5410.0960.1200, Investitionsmaßnahme 12-001-047. Die Eigenmittel in Höhe von 585.000 EUR",
	"Kundennr. 0123456789",
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
	// round 31: a serial and a year after a register's capitals
	"Einwendungen zum Bauantrag BV 0812/2026, Vorhaben SG 0071/2025 (Telefon folgt)",
	`<xjustiz:nachricht.betreuung.0100001 xmlns:xjustiz="http://www.xjustiz.de">\nde.kommune.fachverfahren.v2.0228123456`,
}
