package detectors

import "testing"

var addressTPs = []lexCase{
	{"passage with PLZ", "Klage beim Verwaltungsgericht Koblenz, ⟦Deinhardpassage 1, 56068 Koblenz⟧, schriftlich"},
	{"tor with PLZ", "Eheleute Korkmaz, ⟦Thomätor 9a, 59494 Soest⟧, Goldene Hochzeit"},
	{"lindenhöhe with PLZ", "wohnhaft ⟦Lindenhöhe 12, 50935 Köln⟧"},
	{"am + non-street word with PLZ", "Gemeinschaftsunterkunft ⟦Am Bauhof 2, 24534 Neumünster⟧"},
	{"insertion in brackets", "die Wohnung in der ⟦Goethestraße 120 (Hinterhaus), 45130 Essen⟧ bekommen"},
	{"flat number", "⟦Lindenweg 4, Whg. 3, 53111 Bonn⟧"},
	{"polish", "wohnhaft ⟦ul. Ozimska 14/3, 45-057 Opole⟧, sein Gewerbe"},
	{"dutch", "Adresse: ⟦Keizersgracht 123, 1015 CJ Amsterdam⟧"},
	{"austrian", "⟦Mariahilfer Straße 12, A-1060 Wien⟧"},
	{"turkish", "Adresi: Moda Mah. ⟦Gül Sok. No:5, 34710 Kadıköy/İstanbul⟧"},
	{"preposition before a compound street", "4. ⟦Am Sportplatz 1 a, 57250 Netphen⟧\nTreffpunkt ⟦Im Mühlenweg 12⟧"},
	{"chat in lower case", "sie wohnt in der ⟦lindenstr. 8, 53757 sankt augustin⟧. ruf sie an"},
	{"pipe separator", "Kita Sonnenschein\n⟦Lindenallee 4 | 53721 Siegburg⟧\n02241 102-4480"},
	{"middle dot separator", "Büro Schwarz GmbH · ⟦Industriestraße 14 · 57072 Siegen⟧"},
	{"two floor details over lines", "Neue Wohnung: ⟦Konrad-Adenauer-Straße 120\nHinterhaus, 2. Etage\n53225 Bonn⟧"},
	{"en dash range", "⟦Kaiser-Friedrich-Ring 5–7, 65185 Wiesbaden⟧"},
	{"full", "Herr Yılmaz wohnt in der ⟦Lindenstraße 5, 53111 Bonn⟧."},
	{"two words", "Bitte an ⟦Bonner Straße 12a⟧ liefern."},
	{"line break", "Anschrift:\n⟦Kaiser-Wilhelm-Ring 23\n50672 Köln⟧\n"},
	{"floor", "⟦Hauptstr. 7, 3. OG links, 10115 Berlin⟧"},
	{"range", "⟦Marktplatz 12-14⟧ (Rathaus)"},
	{"am markt", "Das Bürgerbüro ist ⟦Am Markt 1, 53111 Bonn⟧."},
	{"an der", "Frau Nowak, ⟦An der Alten Post 7⟧"},
	{"city am main", "⟦Berliner Allee 3, 60311 Frankfurt am Main⟧"},
	{"halle saale", "⟦Leipziger Straße 8, 06108 Halle (Saale)⟧"},
	{"weg", "⟦Birkenweg 3 a⟧ ist die neue Anschrift."},
	{"strasse ascii", "⟦Goethestrasse 44, D-80336 München⟧"},
	{"bad", "⟦Hauptstraße 1, 53604 Bad Honnef⟧"},
	{"nr", "wohnhaft ⟦Am Hof Nr. 5⟧"},
	{"in plz", "Er wohnt ⟦Lindenstraße 5 in 53111 Bonn⟧."},
	{"one word street", "Rathaus, ⟦Markt 1, 53111 Bonn⟧"},
	{"prefix and adjective", "Treffpunkt ⟦Am Alten Markt 3⟧ und ⟦Unter den Linden 5⟧"},
	{"kurfuerstendamm", "⟦Kurfürstendamm 21, 10719 Berlin⟧"},
	{"spaced range", "WG ⟦Endenicher Allee 60 – 62, 53115 Bonn⟧ und ⟦Ahornweg 14 - 16⟧."},
	{"room before plz", "Stadthaus, ⟦Berliner Platz 2, Zi. 3.12, 53111 Bonn⟧"},
	{"room word before plz", "⟦Kirchweg 11, Zimmer 4, 53229 Bonn⟧"},
	{"upper-case letter suffix", "STRASSE, HAUS-NR.: ⟦KÖNIGSTRASSE 88 A⟧\nPLZ: 53115"},
	{"adjective and preposition before a compound", "Treff: ⟦Am Alten Sportplatz 9, 53757 Sankt Augustin⟧, ⟦An der Langen Wand 3⟧"},
	{"place adjective before a compound", "wohnhaft ⟦Bonner Talweg 57, Hinterhaus, 53113 Bonn⟧, früher ⟦Alter Mühlenweg 4⟧; Hier ⟦Lindenweg 5⟧ abbiegen"},
	{"lower case with letter and in", "ich wohne ⟦bergstrasse 14 a in 56068 koblenz⟧ und"},
	{"lower case without plz (TAXONOMY: street and number)", "die ⟦lindenstr. 8⟧ ist gesperrt, der sportplatz 2 auch; ⟦schillerstraße 14⟧ und ⟦gartenstr. 19⟧"},
	{"swiss postcode on the next line", "Herr M. Keller\n⟦Bahnhofstrasse 44\n4058 Basel⟧\nSchweiz"},
	{"country prefixes", "⟦Mariahilfer Straße 12, A-1060 Wien⟧ und ⟦Seestrasse 3, CH-8002 Zürich⟧"},
	{"plain adjective kept", "Trauort: ⟦Alte Heerstraße 91, 53757 Sankt Augustin⟧; Büro ⟦Neue Gasse 4⟧"},
	{"street without suffix with PLZ and city", "Herr Scharrenbroich, ⟦Pützerau 9, 53797 Lohmar⟧, trägt vor.\n⟦Buchholz 12a, 53783 Eitorf⟧"},
	{"city without PLZ", "Termin: Dienstag, 9:40 Uhr, ⟦Kaiser-Wilhelm-Platz 1, Bonn⟧, Raum A 0.17."},
	{"lower-case separate suffix", "umgezogen nach siegburg, ⟦wolsdorfer str 37a⟧. und dann ⟦bonner straße 5⟧"},
}

var addressFPs = []lexCase{
	{"common noun before a lone Platz", "Störungsmeldung Dokumentenlesegerät Platz 4\nAbteilung Weg 2 meldet sich."},
	{"no bare street", "Postfach 1234, 53111 Bonn\nZimmer 12, 53111 Bonn\nGemarkung Lohmar, Flur 7, 53797 Lohmar"},
	{"bare word inside a sentence", "Wir hatten Glück 5 Mal, 53111 Bonn war schön."},
	{"floor word is no town, article is no adjective", "⟦Hauptstraße 5⟧, Erdgeschoss. der einer str 5"},
	{"weak suffix without PLZ", "Treffpunkt Stadtpark 2 Stunden vor Beginn, Sektor 3 und Faktor 2, Spielfeld 4"},
	{"weak suffix, number not a house", "Im Gewerbepark 2024 entstehen 40 Arbeitsplätze."},
	{"bauhof without PLZ", "Ich arbeite am Bauhof 2 Tage pro Woche, Am Bauhof 3 Kollegen."},
	{"dutch-like code without street", "Bestellung 1015 CJ Amsterdam, Artikel 4"},
	{"lower-case square without plz and city", "der sportplatz 2 ist gesperrt, am parkplatz 3 auch"},
	{"platform and parking compounds", "Abfahrt Bussteig 4, Gleis 2 am Bahnsteig 3; Behindertenparkplatz 55 und Kundenparkplatz 2"},
	{"a year after a street-like name", "Kreis Rhein-Berg 2024, Hauptmarkt 1999 und Stadtring 2030"},
	{"four digits without a foreign town", "Postfach 4058 Basel, Raum 1234 Wien"},
	{"plz city", "Die Stadt 53111 Bonn und 50667 Köln."},
	{"street no number", "Die Goethestraße ist gesperrt."},
	{"room", "Raum 3.14 im Gebäude B, Zimmer 204"},
	{"cadastral", "Gemarkung Bonn, Flur 3, Flurstück 123/4"},
	{"parking", "Stellplatz 12 und Parkplatz 3 sind frei, Arbeitsplatz 4."},
	{"time", "Am Montag 3 Anträge, im Jahr 2024 viele. Am Ende 5 Uhr."},
	{"quantity", "Der Platz 3 ist belegt. Rechtsweg 2 ist offen."},
	{"year", "Im Jahr 2025 und Im Zeitraum 2024"},
	{"plz only", "PLZ 53111"},
	{"postfach", "Postfach 1234, 53111 Bonn"},
	{"road number after a preposition", "Auf der B 56 gilt Tempo 70, auf der A 565 auch, An der L 158 wird gebaut."},
	{"room after street without plz", "Treffen im Raum 12 – 14 Uhr."},
}

func TestPostalAddress(t *testing.T) {
	lexCheck(t, NewPostalAddress(), append(append([]lexCase{}, addressTPs...), addressFPs...))
}

func FuzzPostalAddress(f *testing.F) {
	lexFuzz(f, NewPostalAddress(), append(append([]lexCase{}, addressTPs...), addressFPs...))
}
