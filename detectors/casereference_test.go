package detectors

import "testing"

var caseTPs = []lexCase{
	{"compound label ending in vorgang", "Meldevorgang: ⟦IfSG-2025-00417⟧, Eingang 03.02."},
	{"compound label ending in akte", "Grabakte: ⟦FB-S-7/2/11⟧ – Nutzungsberechtigte Frau Klein"},
	{"compound label ending in verfahren", "Bußgeldverfahren: ⟦OWi-2025-3381⟧"},
	{"json key", "{\"aktenzeichen\": \"⟦WG-2025-11873⟧\", \"status\": \"offen\"}"},
	{"sql value after a quoted key", "geschaeftszeichen = '⟦32.1-114/25⟧'"},
	{"first-person label with a verb later", "Mein Zeichen bei Ihnen lautet ⟦EGH-2025-0912⟧."},
	{"register number at the Standesamt", "Reg.-Nr.: ⟦G 1187/2025⟧"},
	{"jobcenter customer number", "Bescheid über Bürgergeld, Rechnungsstelle Jobcenter, Kundennummer: ⟦123D456789⟧"},
	{"az court", "Im Verfahren Az. ⟦2 K 1234/25⟧ wird Termin bestimmt."},
	{"docket bare", "Das Amtsgericht hat in ⟦5 C 123/24⟧ entschieden."},
	{"sozialgericht", "Beim SG Köln unter ⟦S 12 AS 345/23 ER⟧ anhängig."},
	{"lsg", "LSG NRW, ⟦L 7 AS 123/24 B ER⟧"},
	{"staatsanwaltschaft", "Ermittlungsverfahren ⟦123 Js 456/24⟧"},
	{"aktenzeichen", "Aktenzeichen: ⟦50.3-1234/2025⟧"},
	{"gz", "Geschäftszeichen ⟦32.1/Mü-2024-0815⟧ vom 12.03.2025"},
	{"kassenzeichen", "Bitte Kassenzeichen ⟦5.0123.456789.1⟧ angeben."},
	{"bg", "BG-Nummer: ⟦12345BG0012345⟧"},
	{"vorgang", "Vorgangsnummer ⟦VG-2025-004711⟧, bitte angeben"},
	{"personalakte", "Personalakte Nr. ⟦PA 4711⟧"},
	{"unser zeichen", "Unser Zeichen: ⟦51/2-BW-17⟧"},
	{"upper label", "AZ: ⟦III-2025/0042⟧"},
	{"bgh", "Urteil des BGH vom 12.05.2021, ⟦VI ZR 123/20⟧"},
	{"lautet", "Das Aktenzeichen lautet ⟦63-B-2025-0347⟧."},
	{"list", "Vorgangsnummern ⟦VG-2025-1142⟧ und ⟦VG-2025-1187⟧"},
	{"genitive label", "unter Angabe des Kassenzeichens ⟦180012345672⟧ auf das Konto"},
	{"genitive aktenzeichen", "Bitte nennen Sie bei Rückfragen die Angabe des Aktenzeichens ⟦32-2024-117⟧."},
	{"vorgang label agency prefix", "Vorgang: ⟦ABH 33.1-2024-0912⟧."},
	{"agency file number bare", "Das Verfahren läuft bei uns unter ⟦51.2-SCH-0417/23⟧."},
	{"agency file number four-digit year", "siehe ⟦64-SB-1187/2024⟧ und ⟦40.1-BAU-12/2025⟧"},
	{"förderungsnummer grouped", "ich (Förderungsnummer ⟦412 305 27 118 4⟧) habe vergessen"},
	{"förderkennzeichen", "Förderkennzeichen: ⟦01IS24012A⟧"},
	{"compound antrag nr", "Beihilfeantrag Nr. ⟦2025/0613⟧, Beihilfeberechtigter"},
	{"compound bescheid nr", "den Gebührenbescheid Nr. ⟦GB-2024-3318⟧ vom 02.04.2025"},
	{"akte nr", "Akte Nr.: ⟦4471-UV⟧"},
	{"verwendungszweck", "Zahlungen an Stadtkasse, Verwendungszweck ⟦FV-14-3-27⟧."},
	{"buchungszeichen", "Buchungszeichen ⟦5.0200.117742.3⟧"},
	{"mandatsreferenz", "Mandatsreferenz: ⟦M-2023-004417⟧"},
	{"bedarfsgemeinschaftsnummer", "Bedarfsgemeinschaftsnummer ⟦96201BG0118734⟧"},
	{"dictation initials", "Unser Zeichen: ⟦214/25 OS/ki⟧\nIhr Zeichen: ⟦3381/24 Mü/Sch⟧"},
	{"vorgang bare", "Inobhutnahme durch das Jugendamt, Vorgang ⟦51-UMA-2025-014⟧."},
	{"key value log", "WARN retry 2/5, antrag=⟦ANT-2025-003318⟧, user=hrosenbaum"},
	{"key value az", "az=⟦51.2-HzE-0347/23⟧ status=open"},
	{"tsv column", "Pers.-Nr.\tName, Vorname\tStKl\n⟦100233⟧\tLewandowski, Agnieszka\t1\n⟦100871⟧\tOkafor, Chidi\t3"},
	{"pipe column", "| Az. | Name |\n|---|---|\n| ⟦51.2-HzE-0347/23⟧ | Müller |\n| ⟦51.2-HzE-0412/23⟧ | Yilmaz |"},
	{"semicolon column", "Kassenzeichen;Betrag\n⟦6.1100.884213.7⟧;120,00\n⟦6.1100.884214.5⟧;96,00"},
}

var caseFPs = []lexCase{
	{"compound label with a date", "Unfallakte: 12.03.2024, Zeuge befragt"},
	{"compound label with a word", "Verwaltungsverfahren: Anhörung folgt"},
	{"customer number on an invoice", "Rechnung Nr. 2024-118, Ihre Bestellnummer: 4500098765, Kundennummer 10023"},
	{"drucksache", "Drucksache 18/1234 und Vorlage Nr. 2024/0815 im Rat"},
	{"citation", "gemäß § 45 SGB I und Art. 6 DSGVO sowie § 35 SGB X"},
	{"haushaltsstelle", "Haushaltsstelle 1.1100.5431.000"},
	{"invoice", "Rechnungsnummer 2025/12345, Bestellnummer 4500012345, Ticket #12345"},
	{"label no value", "Das Aktenzeichen folgt mit gesonderter Post."},
	{"date", "Stand 03/25, Version 2/24"},
	{"fraction", "Mehrheit von 2 3/4"},
	{"no letter part", "Vorlage 12-2024-0417/23 und Drucksache 18-4711/2024"},
	{"product code", "Artikel ABC-12/24 und Modell X-200/2024"},
	{"path", "Datei /srv/51.2-SCH-0417/23 gelöscht"},
	{"weak labels in prose", "Der Vorgang vom 12.03.2025 ist erledigt, der Antrag auf Wohngeld folgt, Vorgang 3 von 5."},
	{"weak label year or count", "Antrag 2025 gestellt, Fall 12 besprochen, Akte 4711 angelegt"},
	{"weak label date", "Fall 2024-03-12 und Vorgang 12.03.2025"},
	{"weak label word with digit", "Antrag Anlage 3 beigefügt, Vorgang (Seite 2)"},
	{"verwendungszweck invoice", "Rechnung RE-2024-118, bitte überweisen, Verwendungszweck RE-2024-118"},
	{"nr after other words", "Rechnung Nr. 2025/0613, Vorlage Nr. 2024/0815, Unfall Nr. 3, Zimmer Nr. 12-4, Auftrag Nr. 4500-12"},
	{"column of words", "Pers.-Nr.\tName\nfolgt\tMüller\nfehlt\tSchmidt"},
	{"key value other key", "retry=2/5, build=ANT-2025-003318, status=ok"},
}

func TestCaseReference(t *testing.T) {
	lexCheck(t, NewCaseReference(), append(append([]lexCase{}, caseTPs...), caseFPs...))
}

func FuzzCaseReference(f *testing.F) {
	lexFuzz(f, NewCaseReference(), append(append([]lexCase{}, caseTPs...), caseFPs...))
}
