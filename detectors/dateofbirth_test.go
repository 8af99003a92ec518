package detectors

import "testing"

var dobTPs = []lexCase{
	{"round 80: a date an OCR misread, O for 0 and l for 1, before 'geboren' after 'am'",
		"Er erkannte die Vaterschaft für das am ⟦O2.11.2O26⟧ geborene Kind an. Das Kind wurde am ⟦l4.O3.2O19⟧ in Gera geboren.\n"},
	{"round 80: a child's birth date in a CSV column 'Geburt_Kind' or 'Geburt'",
		"Az;Antragsteller;Geburt_Kind;Steuer-ID\nEG-L-26-10234;Schulze, Franziska;⟦14.08.2026⟧;53209781846\n\nName;Geburt;Ort\nKaya;⟦03.05.2019⟧;Halle\n"},
	{"round 78: a birth date whose day an OCR split with a blank, an l for a 1 in its year",
		"Geburtsdatum     : ⟦2 1.03.1976⟧          Geburtsort: Cochem\nGeburtsdatum: ⟦1 4.03.l986⟧    Geburtsort: Kalisz\n"},
	{"round 70: a list of birth dates after 'Geburtsdaten', each after a comma and a role",
		"Geburtsdaten: Vater ⟦02.03.1981⟧, Mutter ⟦16.11.1984⟧, Kind ⟦30.05.2012⟧\nGeburtsdaten der Kinder: Lea ⟦3.4.2015⟧, Tom Berg ⟦1.2.2018⟧.\n"},
	{"round 69: an ISO date under a PowerShell hashtable's birth key", "  @{Vorname=\"Lara\"; Geb=\"⟦2008-04-17⟧\"; Abt=\"FB 10\"},\n"},
	{"round 68: a four-digit year broken at a line's end, as a PDF's copy breaks it",
		"Geburtsdatum: ⟦14.02.19\n91⟧    Geburtsort: Izmir\nName: Lena Voß     geb.: ⟦30.06.20\n04⟧\n"},
	{"round 62: a dictated birth date in words after 'geboren': day ordinal, month by name, year as one word; day and month digit by digit",
		"klient herr rauschenbach komma geboren am ⟦neunzehnten april neunzehnhundertneunundachtzig⟧ komma wohnhaft\n" +
			"Herr Petrović, geboren am ⟦siebzehnten März neunzehnhundertachtundneunzig⟧ in Novi Sad\ndas Kind Luna, geboren am ⟦zweiten November zweitausendsechsundzwanzig⟧, an\n" +
			"Frau Greiner, geboren ⟦null vier null acht neunzehnhundertneunundneunzig⟧, deren\ngeboren am ⟦ersten ersten zweitausendeins⟧"},
	{"round 54: a birth date broken over a PDF's line after its month",
		"Verkäuferin: Hilde Brink, geb. ⟦03.05.\n1948⟧, Bonn\nfür das Kind Lea (geb. ⟦22.10.\n  2019⟧) und\r\nHerr Vogt, geb. ⟦7.2.\r\n1966⟧ in Köln"},
	{"round 51: a request with 'bitte' before the label answered with 'und' between two values; a scanned list's misread date; a date in boxes read with blanks",
		"[10:13] Bibliothek (Anke): Guten Morgen! Nennen Sie mir bitte Ihre Ausweisnummer und Ihr Geburtsdatum.\n[10:14] Nutzer: 0077-41920 und ⟦3.5.2007⟧, name lukas brehmer\n" +
			"Nr | Familienname, Vorname | Geburtsdatum | Anschrift\n1 | Meyer, Karl-Heinz | ⟦12.O3.1954⟧ | Hauptstr. 4\n2 | Ohlendorf, Brigitte | ⟦O7.09.1961⟧ | Am Sportplatz 12\n\n" +
			"5 Geburtsdatum: ⟦1 2 . 0 9 . 1 9 8 4⟧    Geburtsort: Hai Phong"},
	{"round 49: the answer to a chat message that asks for a birth date, also after one other value",
		"[09:06] Andreas Kühn: ok. Geburtsdatum vom vater hast du?\n[09:07] Kerstin Pahl: ⟦21.09.1999⟧, wohnt in Husum\n" +
			"[08:15] Servicedesk (Marvin): Personalnummer und Geburtsdatum bitte.\n[08:16] Gerrit Focken: 208815, ⟦22.11.1979⟧\n" +
			"[27.11.26, 10:01] Jana: wann ist die kleine geboren?\n[27.11.26, 10:02] Ömer: ⟦3. April 2019⟧"},
	{"round 49: the BDAY property of a vCard, its parameters before the colon, the basic format YYYYMMDD",
		"BEGIN:VCARD\nVERSION:3.0\nFN:Chidi Okonkwo\nBDAY:⟦1990-08-14⟧\nEND:VCARD\nBDAY;VALUE=date:⟦19900814⟧\r\nBDAY:⟦14.08.1990⟧"},
	{"round 49: a birth date an OCR misread, O for 0 and l or I for 1, after a birth label",
		"Geb.-Datum: ⟦O4.O3.1987⟧    Geschl.: m\nGeburtsdatum / Date of birth: ⟦O1.O7.2OO3⟧\nGeburtsdatum: ⟦l2.O8.1946⟧\nFrau Kaya, geb. ⟦1O.I1.1990⟧."},
	{"round 45: PID-7 of an HL7 v2 message's PID segment, a time of day after it left out",
		"MSH|^~\\&|RIS|RAD|KIS|KLINIKUM|20261129143211||ORU^R01|MSG00088213|P|2.5\nPID|1||0004471209^^^KLINIKUM^PI||OSTERMANN^FRIEDHELM||⟦19580921⟧|M|||Lindenallee 5^^Gütersloh^^33332\r\nPID|1||77120^^^KH||Kaya^Ahmet||⟦19790403⟧1200|M"},
	{"round 45: a date right before geboren in a bracket or an aside; a form's row of label and value cells",
		"Frau Gülsen Aydoğdu (⟦14.02.1988⟧ geboren) wohnt in Höxter. Herr Kaya, ⟦3.4.1979⟧ geboren, wohnt in Bonn.\n| 4 Geburtsdatum | ⟦29.12.1990⟧ |\nGeburtsdatum\t⟦01.02.1985⟧\nGeburtsdatum;⟦12.03.1980⟧;Geburtsort;Bochum"},
	{"round 44: a birth date under a birth key of a URL's query",
		"Link: https://example.de/form?geb=⟦12031961⟧&x=1 und https://example.de/form?name=kowalski&gebdatum=⟦12.03.1961⟧"},
	{"round 43: eight digits DDMMYYYY after a birth label, also glued to it",
		"Antragsteller Kowalski GebDat⟦12031961⟧ PLZ 53111; Frau Kaya, geb. ⟦05111984⟧ in Bonn\nGeburtsdatum: ⟦29021964⟧\nich bin geb ⟦01071990⟧"},
	{"round 43: eight digits under a birth key or in a birth-date column",
		"{\"name\": \"Kaya\", \"geburtsdatum\": \"⟦05111984⟧\"}\nName;Geburtsdatum;Ort\nMüller;⟦01011990⟧;Bonn\n"},
	{"round 42: a fixture of a named person beside one named by a code; a default 1 January of a real person",
		"def a():\n    return Antragsteller(\n        name=\"Gerlinde Hufnagel\",\n        geburtsdatum=\"⟦1952-08-19⟧\",\n    )\n\ndef b():\n    return Antragsteller(\n        name=\"TESTFALL_AKTIV\",\n        kinder=2,\n    )\nHerr Rahimi, geb. ⟦01.01.1990⟧ (Geburtstag unbekannt)"},
	{"round 33: the date of an XML birth element in its first child", "<person>\n    <geburt>\n      <datum>⟦1976-09-14⟧</datum>\n      <ort>Leipzig</ort>\n    </geburt>"},
	{"the US order month/day/year where the day is above 12", "Patient: Joaquín Herrera Ruiz, geb. ⟦08/14/1996⟧ (Angabe so im Fax); Date of birth: ⟦14/08/1996⟧"},
	{"a birth date after words that are no deadline", "Geburtsdatum laut Pass ⟦01.08.2019⟧; geb. am ⟦12.03.1990⟧; Geburtsdatum: zuletzt ⟦3.4.1985⟧ angegeben"},
	{"an unknown day and month after geb., geb without its period in chat", "BAMF-Bescheid: Abdulrahim Muhammadi, geb. ⟦00.00.1990⟧, Az. 8824117-423\nich heisse murat kilic geb ⟦12.5.1985⟧ wohne am stadtgarten 4"},
	{"the date before geboren", "Unsere Tochter Sofiia ist am ⟦02.09.2026⟧ geboren. Mein Sohn wurde am ⟦3. März 2019⟧ in Bonn geboren. Am ⟦12.10.1996⟧ wurde sie in Asmara geboren."},
	{"a birth date before other words", "Frau Lemmerz, geb. am ⟦11.02.1938⟧ in Köln, verstorben 2021"},
	{"sql insert with a prefixed birth column", "INSERT INTO kita (id, kind_nachname, kind_geburtsdatum, beginn) VALUES\n(1, 'Demir', '⟦2023-03-14⟧', '2025-08-01'),\n(2, 'Kaya', '⟦2022-11-02⟧', '2025-09-01');"},
	{"English day first", "our son Kofi (born ⟦5 March 2022⟧) and his sister (DOB: ⟦21st Jan 2019⟧)"},
	{"fictitious birth date of a refugee", "Vater: Hassan Khalaf, geb. 1981 (nur Jahr bekannt, Fiktivdatum ⟦01.01.1981⟧)"},
	{"json iso", `{"nachname": "Öztürk", "geburtsdatum": "⟦1971-02-08⟧"}`},
	{"json dob", `{"dob":"⟦1990-11-30⟧","email":"x@example.org"}`},
	{"sql dump birth column", "CREATE TABLE IF NOT EXISTS gewerbe (\n id int,\n geburtsdatum date,\n beginn date\n);\nINSERT INTO gewerbe VALUES (1,'⟦1986-05-23⟧','2024-10-01'),(2,'⟦1979-11-02⟧','2024-10-15');"},
	{"sql birth column", "INSERT INTO leser (nachname, geb_datum) VALUES ('Demir', '⟦1978-12-01⟧'), ('Pham', '⟦1985-02-17⟧');"},
	{"csv birth_date", "last_name,birth_date\nHartmann,⟦1948-06-17⟧\n"},
	{"xml", "<geburtsdatum>⟦2009-03-14⟧</geburtsdatum>"},
	{"date in parentheses after a given name", "Anmeldung für Minh Anh (⟦17.11.2021⟧) in der Kita; Geschwister: Mia Schulz (⟦03.05.2019⟧)"},
	{"geb", "Erika Mustermann, geb. ⟦12.08.1964⟧ in Köln"},
	{"geboren am", "Das Kind wurde geboren am ⟦3. April 2019⟧ in Bonn."},
	{"label", "Geburtsdatum: ⟦1979-04-03⟧"},
	{"label next line", "Geburtsdatum:\n⟦03.04.1979⟧"},
	{"star", "Ahmad Al-Hassan (* ⟦3.4.79⟧)"},
	{"dob", "DOB: ⟦03/04/1979⟧"},
	{"birth name first", "Anna Schmidt, geb. Müller, ⟦01.02.1955⟧"},
	{"short month", "geb. am ⟦5. Okt. 1988⟧"},
	{"spaced", "geboren: ⟦03. 04. 1979⟧"},
	{"table", "Name | Geburtsdatum | Ort\nMüller | ⟦01.01.1990⟧ | Bonn\nYılmaz | ⟦24.12.1985⟧ | Köln\n\nEnde"},
	{"mrz", "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<⟦640812⟧5F2702283<<<<<<<<<<<<<<<4"},
	{"upper", "GEBURTSDATUM: ⟦17.06.2001⟧"},
	{"english", "Applicant born on ⟦April 3, 1979⟧ in Kyiv; DOB: ⟦Mar 5th, 1980⟧"},
	{"two dates joined", "Angaben zum Geburtsdatum schwanken zwischen ⟦15.03.1996⟧ und ⟦01.07.1997⟧. Geb. ⟦03.04.1979⟧ bzw. ⟦04.03.1979⟧"},
	{"abbreviation between label and date", "geb. lt. Stammdaten ⟦04.07.1988⟧, Eintritt 01.02.2020"},
	{"historical person, star and month name", "Heimatforscher Johann Wilhelm Scheben (* ⟦4. Mai 1838⟧ in Niederpleis; † 1911 in Bonn); Engelbert Humperdinck (* ⟦1. September 1854⟧ in Siegburg; † 27. September 1921)"},
	{"other dates after a birth date", "geb. ⟦03.04.1979⟧, Eintritt 01.02.2020 und 05.06.2021; Geburtsdatum ⟦01.01.1980⟧ oder später"},
	{"column of a table aligned with spaces", "Nr. Name, Vorname     geb.        Geschl.\n1   Adamczyk, Lena    ⟦03.05.2021⟧  w\n2   Jovanović, Mila   ⟦05.01.2021⟧  w\n\nStand 26.11.2026"},
}

var dobFPs = []lexCase{
	{"round 80: a name after 'am' before 'geboren', an OCR'd date in another clause", "Es wurde am Olaf-Palme-Platz geboren. Am O2.11.2O26 Termin, das Kind ist geboren.\n"},
	{"round 80: a date of death on the line after a birthplace's label, beside the birth date",
		"Geb.-Datum     : ⟦15.02.1954⟧                    Geb.-Ort  : Nam Dinh (Vietnam)\nSterbedatum    : 29.11.2026 07:10               Sterbeort : Halle (Saale)\n" +
			"geb. in Gera\nTodestag: 02.11.2026\n"},
	{"round 78: a count before a date after the label, a split day without a birth label, a two-digit year",
		"Geburtsdaten Kinder: 2 Kinder, 1 4.03.2015 fehlt\nAusgabe 2 1.03.1976\nGeburtsdatum: 1 4.03.86\n"},
	{"round 70: after a birth date a comma and another kind of date, or three words before a date",
		"Geburtsdaten: Vater ⟦02.03.1981⟧, Eingang 16.11.2026\nGeburtsdatum ⟦02.03.1981⟧, Mutter 16.11.1984\nGeburtsdaten: ⟦1.1.1990⟧, zugezogen am Ende 1.2.2020\n"},
	{"round 68: a date or a day with its dot on the next line after a two-digit year stays outside",
		"Geburtsdatum: ⟦14.02.19⟧\n03.04.2026 eingegangen\ngeb. ⟦12.05.20⟧\n12. Mai Termin\n"},
	{"round 62: words after 'geboren' that are no spoken date: no year, a year out of range, no month",
		"geboren am ersten april in Bonn\ngeboren am zweiten dreizehnten neunzehnhundertachtzig\ngeboren null vier null acht achtzehnhundertneunzig\ngeboren am dritten tag zweitausend"},
	{"round 54: a day and a month at a line's end before no year of four digits",
		"Hilde Brink, geb. 03.05.\nin Bonn\nLea (geb. 22.10.\n19) und Tom, geb. 12.12.\n\n1980\nTermin am 03.05.\n2026 im Rathaus"},
	{"round 51: a request without 'bitte', a date later in the answer after 'und'; a word in a birth-date column; spaced digits that are no full date",
		"[10:13] Anke: Sie haben Ihr Geburtsdatum.\n[10:14] Nutzer: 0077-41920 und 3.5.2007\n" +
			"[10:15] Anke: Bitte nennen Sie Ihr Geburtsdatum.\n[10:16] Nutzer: ja gern und dann am 3.5.2027 abholen\n" +
			"Name | Geburtsdatum | Ort\nMeyer | Olaf fragt | Bonn\n\n" +
			"Geburtsdatum: 1 2 . 0 9 . 8 4\nGeburtsdatum: 1 2 3 4 5"},
	{"round 49: a birthday's party date, a statement, no chat message after the question, the date later in the answer",
		"[09:06] Anna: wann feiern wir Geburtstag?\n[09:07] Ben: 12.03.2027 passt\n" +
			"[09:08] Anna: Geburtsdatum steht im Pass.\n[09:09] Ben: 12.03.1990 war der Termin\n" +
			"Geburtsdatum?\nTermin: 12.03.2026\n" +
			"[09:10] Anna: Geburtsdatum hast du?\n[09:11] Ben: nein, frag am 12.03.2026 nach"},
	{"round 49: bday in a chat, a BDAY inside a line, no date after the property",
		"happy bday Jens, Party am 12.03.2026 um 18 Uhr\nsiehe BDAY:1990-08-14\nBDAY:unbekannt\nBDAY:19901314\nBDAY;VALUE=text\n12.03.1990"},
	{"round 49: a misread date without a birth label, a word, an abbreviation or O.K. after the label",
		"Eingang: O4.O3.2026 per Fax\nGeburtsdatum: Olaf fragt nach\nGeburtsdatum: lt. Pass unbekannt\nGeburtsdatum O.K., Ort fehlt\nGeburtsdatum: l1.lO folgt"},
	{"round 45: other fields of HL7 segments, a PID that starts no line, no date in PID-7",
		"MSH|^~\\&|RIS|RAD|KIS|KLINIKUM|20261129143211||ORU^R01|MSG00088213|P|2.5\nPV1|1|I|STAT3^12^1||||||||||||||||20261128\nOBR|1||ORD77|XR^Thorax||20261129|20261129\nsiehe PID|1||0004471209||X^Y||19580921|M\nPID|1||0004471209||X^Y||unbekannt|M\nPID|1||0004471209||X^Y||19581341|M"},
	{"round 45: a rule's cut-off date before geboren; a header row with the label and the next column",
		"Aufgenommen werden Kinder, die nach dem 01.08.2020 geboren sind, und Kinder, die bis 30.09.2021 geboren wurden.\nName | Geburtsdatum | Eingang\nGeburtsdatum | Stichtag 01.08.2027"},
	{"round 44: other keys of a URL's query, a birth key's empty value, a key glued to a word",
		"https://x.de/a?id=12031961&geb= und https://x.de/a?datum=12031961 und https://x.de/a?vongeb=12031961"},
	{"round 43: eight digits without a birth label, or no calendar date, or more digits",
		"Kundennummer 12031961, Aktenzeichen 05111984; geb. 32031961, Geburtsdatum: 12131961, GebDat 120319610, geb. 12031961-4"},
	{"round 43: eight digits under another key or in another column",
		"{\"name\": \"Kaya\", \"kundennummer\": \"05111984\"}\nName;Kundennr;Ort\nMüller;01011990;Bonn\n"},
	{"round 42: the birth date of a test fixture's record named by a code",
		"@pytest.fixture\ndef aktiv():\n    return Antragsteller(\n        name=\"TESTFALL_AKTIV\",\n        geburtsdatum=\"1980-01-01\",\n        status=\"aktiv\",\n    )\n{\"name\": \"DUMMY_USER_2\", \"geburtsdatum\": \"2000-01-01\"}"},
	{"round 33: the date of another element, a date not first in the birth element", "<sterbefall>\n  <datum>2026-01-01</datum>\n</sterbefall>\n<geburt>\n  <ort>Leipzig</ort>\n  <datum>1976-09-14</datum>\n</geburt>"},
	{"a month/day that is no date", "geb. 13/14/1996 und geb. 08/32/1996"},
	{"a reference date or deadline after a birth label", "Sortiere nach Geburtsdatum und sag mir, welche Kinder zum 01.08.2027 drei Jahre alt sind. Geburtsurkunde bitte bis 15.03.2026 nachreichen."},
	{"geb without a date right after it, zeros without a birth label", "Frau Müller geb Schmidt, Termin am 12.05.2025. Gebäude Geb 5. Stand 00.00.1990 im Formular."},
	{"aligned table, the date in another column", "Nr.  Name          geb.        Eingang\n1    Lena Adam     –           03.05.2026\nName          Hrnjic\nEingang       15.03.1985"},
	{"another date before geboren", "Am 12.10.2024 haben wir beantragt, das Kind ist 2019 geboren. Termin am 03.04.2025, geboren ist sie in Bonn. Am 01.02.2025 (Eingang) als Tochter geboren."},
	{"the day of death after a birth name", "meine Mutter, Hildegard Schwarzkopf geb. Lemmerz, ist am 11. Februar 1998 verstorben; Herr Kurz, geb. Sahin, am 03.04.2020 gestorben"},
	{"date of death after a birth name", "Beigesetzt: Irmgard Kaminski, geb. Vollmer (verst. 19.08.2025), Erich Kaminski, geb. Roth, gest. 03.02.2001"},
	{"English date without a birth label", "The meeting on 5 March 2022 was moved."},
	{"json other date", `{"nachname": "Öztürk", "zuzugsdatum": "2019-04-01", "created_at": "2025-01-02"}`},
	{"csv other date", "Name;Eintritt\nWagner;01.04.2020\n"},
	{"date in parentheses after a surname or a word", "Termin mit Frau Schmidt (12.03.2024) und Sitzung (05.06.2024)"},
	{"other date", "Der Antrag vom 03.04.2024 wurde am 05.04.2024 beschieden."},
	{"meeting", "Sitzung am 3. April 2025 um 10 Uhr."},
	{"invalid", "geb. 31.02.1979 und geb. 12.13.1980"},
	{"geb without date", "Frau Schmidt geb. Müller wohnt in Bonn. Am 03.04.2024 zog sie um."},
	{"version", "geboren wurde die Idee in Version 1.2.3"},
	{"label inside a word", "Pressemitteilung der Stadt Bornheim vom 02.04.2025; Dobrindt am 03.04.2024; Geburtstagsfeier"},
	{"star footnote", "Fußnote* 03.04.2024 gilt"},
	{"birthday without year", "Sie hat am 3. April Geburtstag."},
	{"building", "Raum 3, Geb. 5, Sitzung am 03.04.2025"},
	{"mrz bad check", "C01X00T478D<<6408126F2702283<<<<<<<<<<<<<<<4"},
}

func TestDateOfBirth(t *testing.T) {
	lexCheck(t, NewDateOfBirth(), append(append([]lexCase{}, dobTPs...), dobFPs...))
}

func FuzzDateOfBirth(f *testing.F) {
	lexFuzz(f, NewDateOfBirth(), append(append([]lexCase{}, dobTPs...), dobFPs...))
}
