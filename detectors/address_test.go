package detectors

import (
	"slices"
	"testing"
)

var addressTPs = []lexCase{
	{"round 80: an OCR's O for the leading 0 of an eastern PLZ, with an O or an l in the house number before it",
		"Anschrift: ⟦Kavalierstraße 4O, O6844 Dessau-Roßlau⟧\nwohnhaft ⟦Fliederweg 1l, O6846 Dessau-Roßlau⟧\nMelde-Anschrift: ⟦Hallesche Str. l7, O4103 Leipzig⟧\n"},
	{"round 78: a care home's or an assisted living's group by its number between the street and the PLZ",
		"wohnhaft: ⟦Verdener Straße 88, Wohngruppe 2, 31582 Nienburg⟧\nBewohnerin ⟦Am Hang 4, Wohnbereich 3, 34246 Vellmar⟧\n"},
	{"round 78: a house number spoken in a transcript without a digit, with 'in' and a town, a spoken postcode after 'in', 'Komma' or a comma",
		"in der wohnung ⟦lindenstraße zwölf in hoya⟧ und ähm ich hab\nwohnhaft ⟦brauhausgasse zwölf⟧ komma der sich\n" +
			"in der ⟦Wandsbeker Marktstraße einhundertvierzehn⟧, Aktenzeichen\nfrau marquardt komma ⟦kirchgasse sieben in sechs neun vier sechs neun weinheim⟧ punkt\n" +
			"wohnhaft ⟦Heilbronner Straße eins zwei drei, sieben null eins neun eins Stuttgart⟧, ausgewiesen\n" +
			"wohnhaft ⟦Tholeyer Straße zweiundvierzig Komma sechs sechs sechs null sechs Sankt Wendel⟧ Punkt.\n" +
			"wohnt ⟦gerberstraße elf in zweiundsiebzig siebenhundertvierundsechzig reutlingen⟧ und\n"},
	{"round 73: a flat by its floor, an apartment's number, the attic and the raised ground floor between the street and the PLZ",
		"Fundort: ⟦Friesenstr. 22, Whg. 4. OG links, 31134 Hildesheim⟧\n⟦Lüntzelstraße 3, Wohnung 4. OG links, 31134 Hildesheim⟧\n" +
			"⟦Kehrwiederwall 4, Appartement 12, 31134 Hildesheim⟧\n⟦Bahnhofstr. 2, Dachgeschoss, 31061 Alfeld (Leine)⟧\n" +
			"⟦Kennedydamm 9, Hochparterre rechts, 31135 Hildesheim⟧\nI live at ⟦Gutenbergstraße 9, flat 4, 67059 Ludwigshafen⟧.\n" +
			"Unterkunft ⟦Braunschweiger Straße 41, Haus B, 38518 Gifhorn⟧\nWohnort: ⟦Dorfstr. 7, OT Hasede, 31180 Giesen⟧\n" +
			"Anschrift: ⟦Schillerstr. 22 / Hinterhaus, 42103 Wuppertal⟧\n"},
	{"round 73: a village's name and its house's number after a dwelling's label or a verb of dwelling",
		"Wohnung: ⟦Darup Nr. 14⟧\nder Neubauer Wilhelm Priebe, wohnhaft in ⟦Rossow Nr. 14⟧,\nAnschrift: ⟦Hofgut Nr. 3⟧\n"},
	{"round 73: an OCR's 8 or 13 for a ß, O and l among the digits of a house number or a PLZ, 1 and 0 inside a word, l for a town's I",
		"ich wohne in der ⟦Provinzialstra8e 1O7 , 66806 Ensdorf⟧ .\n⟦Koblenzer Stra13e 88\n56727 Mayen⟧\n⟦Kölner Landstr. 3l0\n40591 Düsseldorf⟧\n" +
			"66 | Beate | ⟦Rodalber Str. 21, 677l4 Waldfischbach-Burgalben⟧ |\nLetzte Wohnung : ⟦Heinrich-Heine-Str. 7 , 55743 ldar-Oberstein⟧\n" +
			"Dr. Reinhold Schaible, ⟦Burgstraße 15, 72202 Nago1d⟧\nwohnhaft in Aurich, ⟦0sterstraße 2l⟧,\nHeinrich Schäfer, ⟦Am Mühlberg 9, 35315 Homberg (0hm)⟧,\n"},
	{"round 69: a street without a street word after a label, a quote mark, a middle dot or a cell's quote; a range as its number; a farm or a settlement",
		"Anschrift: ⟦Ketzerbach 23, 35037 Marburg⟧\n> ⟦Fleethörn 9, 24103 Kiel⟧\n\"DE\",\"⟦Siegelhalle 2, 85283 Wolnzach⟧\"\nVerwaltungsgericht Ansbach, ⟦Promenade 24-28, 91522 Ansbach⟧, erheben.\n3;GbR;;⟦Hof Bruns 1, 49757 Werlte⟧;Lohn\naddress is ⟦Hofgut Reichle 3, 89129 Langenau-Albeck⟧\n⟦Siedlung 14\n39638 Gardelegen⟧\n"},
	{"round 69: an OCR's l for a 1 opening the house number; the four-digit postcodes before 1993 with O- or W-",
		"Schuldner: ⟦Seestraße l2, 17291 Nordwestuckermark⟧\n⟦Gahlenzer Straße l12, O-9360 Zschopau⟧\n⟦August-Bebel-Str. 2O, O-9360 Zschopau⟧\n⟦Ahornstraße l7, 52074 Aachen⟧\n"},
	{"round 70: a title's abbreviation before a street; an Ortsteil after a region; 'Land' after an adjective; a region's abbreviation; a fixed-width record's sex code; a three-letter street without a street word",
		"Neue Wohnung: ⟦Süß 17, 92256 Hahnbach⟧\nat ⟦Gutshof 3, 16775 Löwenberger Land⟧, district Grüneberg.\n" +
			"Sohn: Alexander Schäfer, ⟦Dr.-Rathenau-Platz 5, 07545 Gera⟧, Unterhalt\nAnschrift: ⟦Wiesenstraße 3, 35315 Homberg (Ohm) OT Nieder-Ofleiden⟧\n" +
			"Wohnhaft: ⟦Gartenstraße 7, 09548 Seiffen/Erzgeb.⟧\nSF2026112701GRABOWSKI         HELMUT ERWIN       19380412M⟦WALDSTR. 4          15848 BEESKOW⟧     20261124\n"},
	{"round 68: a direction's and a place's adjective in -sche before a street with its own street word",
		"Halter: Herr Ott, ⟦Östliche Ringstraße 12, 75175 Pforzheim⟧\nSchuldnerin: Frau Kahl, ⟦Hannoversche Landstraße 8, 38100 Braunschweig⟧\n"},
	{"round 67: a place adjective before a street name hyphenated at a line break",
		"Mieterin: Frau Roth, ⟦Kolkwitzer Dorf-\nstraße 4, 03058 Cottbus⟧\nAnschrift: ⟦Steinbacher Mühl-\nweg 12, 61449 Steinbach⟧\n"},
	{"round 66: French and Luxembourg addresses with the number first after a word, after a comma of the number, in a cell, with 'L-' and an elided article",
		"und wohne noch in ⟦14 rue de la Forêt, 57600 Forbach⟧.\nin einem Altenheim in ⟦12, rue de la Gare, L-6630 Wasserbillig⟧. Mein\n" +
			"contact: Tom Weber, ⟦45, route d'Esch, L-1470 Luxembourg⟧,\nwohnhaft ⟦6 rue de Sarrelouis, 57480 Sierck-les-Bains⟧, Frankreich\n" +
			"Flammkuchen Lorraine,Yannick Muller,⟦3 place de l'Église,57320 Bouzonville⟧,+33 3 87 78 40 12\nAnschrift: ⟦7, rue des Vignes, L-5540 Remich⟧, Luxemburg\n"},
	{"round 64: a street without a suffix after 'wohnhaft' or 'wohnt', with PLZ and city",
		"Die Bewerberin, wohnhaft ⟦Ketzerbach 27, 35037 Marburg⟧, ist evangelisch.\nHerr Roth wohnt ⟦Pützerau 9, 53797 Lohmar⟧ seit 2019.\n"},
	{"round 64: a street without a suffix as the whole value of an address key of JSON or XML, the postcode in a field of its own",
		"\"eigner\": {\"name\": \"Geert Mulder\", \"anschrift\": \"⟦Dorpsstraat 88⟧\", \"plz\": \"4371 AG\", \"ort\": \"Koudekerke\"}\n<adresse>⟦Kerkweg 12⟧</adresse><plz>6211 LJ</plz>\n"},
	{"round 64: Danish, Norwegian and Swedish streets with number, postcode (four digits or '113 59') and town, a Danish floor and a district letter",
		"Anschrift: ⟦Nørre Allé 19, 2. th., 2200 København N⟧, Dänemark\noffice ⟦Vesterbrogade 112, 1620 København V⟧\nwohnhaft ⟦Vestergade 18, 5000 Odense C⟧\t40,00\n" +
			"home address ⟦Strandvejen 118, 2900 Hellerup⟧.\nAnschrift ⟦Kungsgatan 40, 411 19 Göteborg⟧, Schweden\n⟦Rådhusgata 2, 9008 Tromsø⟧, Norway\n⟦Nørrebrogade 66B, st. tv., 2200 København N⟧\n"},
	{"round 64: a Bulgarian street after 'Bulevard' with a four-digit postcode and a Bulgarian town",
		"vertreten durch Herrn Dimitrov, ⟦Bulevard Tsar Osvoboditel 15, 1000 Sofia⟧\nBüro: ⟦Bulevard Vitosha 77, 1463 Sofia⟧, Bulgarien\n"},
	{"round 61: a town broken by a PDF's hyphen whose rest goes on with its particle ('Ko-\\nchel am See'), at a line's or a column's end",
		"1   Josef Sporer    ⟦Lainbachstraße 8, 82432 Ko-\n                chel am See⟧         liegt vor\nAnlieger: ⟦Am Lainbach 2a, 82432 Ko-\nchel am See⟧\n"},
	{"round 61: a firm's site and a report's 'Höhe' before a street named by its town stay outside the span",
		"Kontrollbericht Sennerei, Betriebsstätte ⟦Gunzesrieder Straße 41, 87544 Blaichach⟧\nEinsatzort Höhe ⟦Bredenscheider Straße 140, 45525 Hattingen⟧\n"},
	{"round 61: a four-digit Austrian postcode and its town after a street and a comma (not a year nor a count), a town with a.d. or am and an adjective",
		"Senner Bilgeri (wohnhaft ⟦Dorfstraße 12, 6952 Hittisau⟧, Österreich)\nGrabstätte: ⟦Linzer Straße 27/2/5, 4650 Lambach⟧\n" +
			"Kommandant, ⟦Schloßstraße 1, 72510 Stetten am kalten Markt⟧\nSeitner Josef\t⟦Vilstalstraße 77\t94405\tLandau a.d.Isar⟧\t12,4 ha\n" +
			"and a year or a count after the street's comma is none: ⟦Am Sportplatz 5⟧, 2019 Umbau der Halle. ⟦Forstweg 4⟧, 1200 Festmeter Holz.\n"},
	{"round 59: a foreign town of two words after a Polish or a Romanian postcode, ending its item or line",
		"Antragstellerin: Agata Nowicka, ⟦ul. Jagiellońska 14/3, 66-400 Gorzów Wielkopolski⟧, Polen\nAnschrift: ⟦Strada Libertății 17, 530112 Miercurea Ciuc⟧, Rumänien\n⟦ul. Sienkiewicza 18/4\n66-400 Gorzów Wielkopolski⟧\n"},
	{"round 59: a resort's or an island's title before the town, a town joined to one by a hyphen, an Ortsteil after the municipality",
		"Anschrift: ⟦Strandweg 6, 18211 Ostseebad Nienhagen⟧, Tel.\nStandort ⟦Seestraße 21, 17429 Seebad Bansin⟧.\n⟦Hauptstraße 88;09548 Kurort Seiffen⟧;0373 62\n⟦Karlsbader Straße 41;08280 Aue-Bad Schlema⟧;x\n" +
			"Grundstück ⟦Dorfstraße 9, 17291 Gramzow OT Meichow⟧ (Flur 2)\nEinsatzort: ⟦Am Tipkenhoog 9, 25980 Sylt⟧, OT Keitum\nAntragsteller: Jürn Gau, ⟦Süderende 42, 18565 Insel Hiddensee OT Vitte⟧\n⟦Feldstraße 2, 06369 Südliches Anhalt⟧, Gemeinde"},
	{"round 52: a street without a suffix filling a quoted value before the PLZ's value, or under a street key of JSON or XML",
		"(40213, 'Vogelsang', 'Heribert', '1949-08-30', '⟦Ketzerbach 19⟧', '35037', 'Marburg', 'rk'),\n(100235, 'Brandt', 'Hans-Werner', '⟦Großflecken 41a⟧', '24534', 'Neumünster'),\n('GA-2019-03312', 'Brandt', 'Heike', '⟦Große Bleiche 15⟧', '55116', 'Mainz')\n\"strasse\": \"⟦Lange Reihe 14⟧\", \"plz\": \"24103\"\n<strasse>⟦Calle de Alcalá 221⟧</strasse>"},
	{"round 50: chat-style lower-case streets in -weg and in 'str' without its period whose number ends the clause, also before a dictation's spoken punctuation",
		"der ist jetzt in der notaufnahme ⟦kiefernweg 3⟧, die mutter weiß bescheid\nwohngruppe ⟦lerchenweg 12⟧ absatz\nheute 2 objekte: ⟦lorettostr 41⟧ (wendt) und mehr\nwohnt ⟦wilhelmstr 88 65183 wiesbaden⟧ seit 01.09.2024"},
	{"round 50: Irish and British addresses with the house number first after a word, with localities, a county and an Eircode or a Dublin district at the end; a French address block's line break",
		"born 19/04/1991, address ⟦14 Harbour View, Cobh, Co. Cork, P24 X2F8⟧, phone\nMy own address: ⟦7 Glenageary Park, Dún Laoghaire, Co. Dublin, A96 K7T2⟧.\nWe currently live at ⟦14 Mill Lane, Ambleside, LA22 9DH⟧. Tourist aus Leeds, wohnhaft ⟦27 Harehills Lane, Leeds LS8 4HA⟧, hat\nmoving back next month (⟦14 Fairview Road, Clontarf, Dublin 3⟧) and\nHerrn\nLaurent Mercier\n⟦12 rue des Orfèvres\n67000 Strasbourg⟧\n"},
	{"round 49: a comma escaped in an iCalendar or a vCard value between the street and the PLZ",
		"BEGIN:VEVENT\nLOCATION:Mehrzweckhalle\\, ⟦Sportplatzweg 4\\, 67346 Speyer⟧\nEND:VEVENT\nLOCATION:⟦Lindenstraße 12\\,53111 Bonn⟧"},
	{"round 48: a preposition and 'den'/'der'/'dem' that opens a street only with PLZ and city or in a table's street cell",
		"Frau Leonie Dreßler\n⟦Hinter den Höfen 22\n37412 Lindenau⟧\nAnschrift: ⟦Vor der Burg 7, 53111 Bonn⟧\n" +
			"200411873;Dreßler;⟦Hinter den Höfen 22;37412;Lindenau⟧;x@example.org"},
	{"round 56: a party's role or the site's kind in brackets after the town is no part of the address; a region stays",
		"Auftraggeberin: Stadt, ⟦Willy-Brandt-Platz 1, 67657 Kaiserslautern⟧ (Auftraggeberin)\nEigentümer: ⟦Steinweg 41, 06484 Quedlinburg⟧ (Eigentümer)\n" +
			"the listed building at ⟦Marktplatz 7, 49716 Meppen⟧ (Baudenkmal)\nwohnhaft ⟦Am Markt 2, 15230 Frankfurt (Oder)⟧, seit 2020"},
	{"round 42: a remark on the dwelling in brackets after the town stays outside, a region stays inside",
		"Unterbringung in der Notunterkunft ⟦Gladbecker Straße 92, 46236 Bottrop⟧ (Einzelzimmer), Information an den Sozialdienst\n| ⟦Am Stift 3, 33602 Bielefeld⟧ (Altenheim) | 100. Geburtstag |\nwohnhaft ⟦Lindenstraße 5, 06108 Halle (Saale)⟧, seit 2020"},
	{"round 42: Austria's staircase and door, a town and a street suffix broken by an OCR's hyphenation, a broken place adjective, a house number glued to the street",
		"Frau Novak, ⟦Landstraßer Hauptstraße 146/2/17, 1030 Wien⟧\nKurt: ⟦Kurt-Schumacher-Str. 288, 45881 Gelsen-\nkirchen⟧\nFrau Kaya, ⟦Bünder Stra-\nße 212, 32120 Hiddenhau-\nsen⟧\nBetrieb: ⟦Weender Landstra-\nße 5, 37073 Göttin-\ngen⟧\nwohnhaft ⟦Lüt-\ngendortmunder Hellweg 190\n44388 Dort-\nmund⟧\nFrau Roth, ⟦Lindenstraße12, 53111 Bonn⟧"},
	{"round 33: a street that is no street alone, after its preposition and an adjective, as a quoted SQL value before a quoted PLZ",
		"(3, '6.1.2026.004715', 'Fischer', 'Lutz', '⟦Am Alten Friedhof 3⟧', '35394', 'Gießen', NULL),\n(4, 'Kaya', '⟦Am Bauhof 2⟧', '24534', 'Neumünster')"},
	{"round 33: a school's street with PLZ and city stays an address", "Die Kita ⟦Am Park 3, 53111 Bonn⟧ lädt ein."},
	{"round 33: a foreign street in a record's street field, PLZ and city in fields of their own",
		"<strasse>⟦Calle Mayor 221⟧</strasse>\n<plz>28009</plz>\n{\"street\": \"⟦Rua Augusta 12⟧\", \"city\": \"Lisboa\"}"},
	{"round 29: a path's name as a street with its number, PLZ and city", "1. Cornelia Habermann, ⟦Waldweg 3, 31737 Rinteln⟧, 05751 407733\nAnschrift: ⟦Feldweg 12a, 49078 Osnabrück⟧"},
	{"round 28: a street named after a park, a preposition and an adjective before a word that is no street alone, also in a TSV row",
		"Frau Kaya wohnt ⟦Südanlage 5, 35390 Gießen⟧. Herr Roth wohnt ⟦Am Alten Friedhof 3, 35394 Gießen⟧.\nName\tVorname\tStraße\tPLZ\tOrt\nIvanova\tSofia\t⟦Südanlage 5\t35390\tGießen⟧\nLindqvist\tMaja\t⟦Am Neuen Friedhof 3\t35394\tGießen⟧"},
	{"foreign formats: a Brussels commune's postcode, a Polish street of three words, Portuguese and Turkish flat details, Mannheim's squares",
		"Hotel Leopold, ⟦Rue du Luxembourg 35, 1050 Ixelles⟧\nwohnt in ⟦ul. Bohaterów Monte Cassino 12/4, 72-600 Świnoujście⟧\n⟦Rua das Flores 118, 2º Esq., 4050-265 Porto⟧; ⟦Rua do Carmo 5, 3.º Dto., 1200-093 Lisboa⟧\n⟦Atatürk Cad. No: 15 Daire 3, 34710 Kadıköy/İstanbul⟧\nI live at ⟦Q 7, 24, 68161 Mannheim⟧, Büro ⟦N7 13, 68161 Mannheim⟧"},
	{"a lower-case preposition street in chat with PLZ and city", "wohne ⟦am stadtgarten 4 50354 huerth⟧ seit märz\nneue adresse: ⟦an der alten post 7, 53111 bonn⟧"},
	{"a letterhead's footer with dashes or bullets", "Stadt Sankt Augustin – ⟦Markt 1 – 53757 Sankt Augustin⟧ – www.sankt-augustin.de\n⟦Rathausplatz 1 • 53111 Bonn⟧ • Tel. 0228 77-0\n⟦Hauptstraße 12 - 53111 Bonn⟧\nSanierung ⟦Lindenstraße 5⟧ – 12000 Euro Zuschuss"},
	{"a street with its direction, a Romanian street after Str.", "neue Adresse ⟦Weinstraße Süd 31, 67434 Neustadt an der Weinstraße⟧. Post an ⟦Am Ring Nord 4, 53111 Bonn⟧.\nzuletzt bekannt: ⟦Str. Mihai Eminescu 14, 700123 Iași⟧, Rumänien"},
	{"a Polish street named after a date, a Romanian six-digit postcode, a Spanish street in capitals with two particles", "Hotel: Hotel Prezydent, ⟦ul. 3 Maja 14, 43-300 Bielsko-Biała⟧\nDer Vater wohnt in Rumänien: ⟦Strada Mihai Eminescu 41, 550169 Sibiu⟧.\nVermieter: ⟦CALLE DE LAS ROSAS 12, 03590 ALTEA⟧\nin Spanien"},
	{"a street hyphenated at a PDF line break, an OCR'd StraBe, a tab-separated row with a first name before", "Herrn\nMax Kaya\n⟦Alte Heer-\nstraße 27\n53757 Sankt Augustin⟧\nAbs.: ⟦Breite StraBe 19\n50667 Köln⟧\nWagner\tDieter\t⟦Buschhovener Str. 31\t53913\tSwisttal⟧\t15.11.2024"},
	{"a label noun before the street stays outside", "Parkausweis für Anwohner ⟦Kirchplatz 3⟧ | Ordnungsamt\nUmzug in die Wohngruppe ⟦Böblinger Straße 214, 70199 Stuttgart⟧\nMeldeadresse ⟦Kölner Straße 5⟧, Vermieter ⟦Bonner Talweg 12⟧"},
	{"the city on the next line of a PDF copy, a full stop after a city with am", "des Herrn Reimer, ⟦Wolgaster Str. 112, 17489\nGreifswald⟧, wegen\nMeine Adresse ist ⟦Bieberer Straße 204, 3. OG links, 63071 Offenbach am Main⟧. Und ⟦Kaiserstraße 5, 60313 Frankfurt a. M.⟧"},
	{"round 40: a town abroad that opens with an article after its postcode", "Contact: ⟦12 rue de la Reine Bérengère, 72000 Le Mans⟧, France\n⟦3 avenue Foch, 76600 Le Havre⟧\nAdresse: ⟦Rue du Port 4, 17000 La Rochelle⟧"},
	{"the house number first, and Portuguese streets", "(⟦14 Rosebery Avenue, Cambridge CB4 2DT⟧)\nBüro: ⟦41 Clerkenwell Road, London EC1M 5RJ⟧\n⟦18 rue des Carmes, 4000 Liège⟧\n⟦44 Grand Canal Street Upper, Dublin 4, D04 X2Y8⟧\nNeue Wohnung: ⟦Rua de Santa Catarina 812, 4000-447 Porto⟧, Portugal"},
	{"numbered agenda items are no addresses", "Agenda:\n1 Road Map, 2026 Planung\n2 Street Art, London Calling\n3 Place Branding, 12000 Euro"},
	{"an adjective that opens a street name without a street word", "Bauherr: Tobias Renner, ⟦Große Bleiche 15, 55116 Mainz⟧\n⟦Lange Reihe 7, 20099 Hamburg⟧\nDie Große Anfrage 12, 2025 beantwortet."},
	{"a place adjective before a name without suffix, a foreign street word with particles", "Renate Lorenz, ⟦Steinbacher Hohl 48, 60488 Frankfurt am Main⟧\nwohnhaft ⟦Rue de la Gare 14, 1003 Lausanne⟧, Schweiz; ⟦Via della Spiga 3, 20121 Milano⟧"},
	{"CSV fields without blanks run on; SQL values with one are the street value alone", "1,Herr,⟦Sportplatzweg 2,74523,Schwäbisch Hall⟧,0791 4470213\n(7, '⟦Rodheimer Str. 120⟧', '35398', 'Gießen', 1)"},
	{"a flat unit (WE) before the PLZ", "Leistungsberechtigter, ⟦Gutenbergstraße 8, WE 12, 76133 Karlsruhe⟧"},
	{"a town hyphenated over a PDF line break", "Elterngeldstelle · ⟦Osterholzer Str. 23, 27711 Osterholz-\nScharmbeck⟧\nFrau"},
	{"quoted fields of an SQL dump: the street field alone, as every set's SQL dumps are labelled", "INSERT INTO person VALUES (1041,'Haidari','⟦Lindenallee 12⟧','49076','Osnabrück','82074396160'), (1042,\"x\",\"⟦Iburger Straße 201⟧\",\"49082\",\"Osnabrück\")"},
	{"English floor details", "I live at ⟦Pontstraße 141, 2nd floor, 52062 Aachen⟧ and she at ⟦Gneisenaustraße 52, ground floor, 10961 Berlin⟧."},
	{"two-word towns", "⟦Paffrather Straße 77\n51465 Bergisch Gladbach⟧; ⟦Marktstraße 3, 73525 Schwäbisch Gmünd⟧; ⟦Lange Straße 9, 34346 Hann. Münden⟧"},
	{"genitive street names", "Anschrift: ⟦Straße der Nationen 44, 09111 Chemnitz⟧, Sitz ⟦Platz der Deutschen Einheit 1⟧ und ⟦Allee der Kosmonauten 28⟧"},
	{"a district in brackets after the city stays outside, a river inside", "Einsatzort: ⟦Dorfstraße 27, 53804 Much⟧ (Ortsteil Marienfeld); ⟦Rosenstraße 8, 06108 Halle (Saale)⟧"},
	{"PLZ and city without a comma after the number", "Anschrift ⟦Lindenstraße 5 53111 Bonn⟧"},
	{"one-word street in a table cell", "Zeit;Tatort;Kennzeichen\n09:14;⟦Markt 12⟧;SU-AB 1234\n10:02;⟦Markt 1⟧ (Behindertenparkplatz);K-XZ 4471\nx\t⟦Markt 5⟧\ty"},
	{"a region after the city, not a hall", "Betriebsstätte: ⟦Landgrabenweg 104, 53347 Alfter⟧ (Halle 3); die Filiale ist in der ⟦Frankfurter Straße 57, 53773 Hennef (Sieg)⟧"},
	{"a road class as a street name", "Wir wohnen ⟦Alte Bundesstraße 12⟧ in Hennef, die Firma sitzt ⟦Bundesstraße 5, 20146 Hamburg⟧."},
	{"foreign street word with PLZ and city", "Bitte senden an: ⟦Via Roma 118, 80121 Napoli⟧, Italia. Oder ⟦Rue Lepic 12, 75018 Paris⟧."},
	{"passage with PLZ", "Klage beim Verwaltungsgericht Koblenz, ⟦Deinhardpassage 1, 56068 Koblenz⟧, schriftlich"},
	{"tor with PLZ", "Eheleute Korkmaz, ⟦Thomätor 9a, 59494 Soest⟧, Goldene Hochzeit"},
	{"lindenhöhe with PLZ", "wohnhaft ⟦Lindenhöhe 12, 50935 Köln⟧"},
	{"am + non-street word with PLZ", "Gemeinschaftsunterkunft ⟦Am Bauhof 2, 24534 Neumünster⟧"},
	{"insertion in brackets", "die Wohnung in der ⟦Goethestraße 120 (Hinterhaus), 45130 Essen⟧ bekommen"},
	{"flat number", "⟦Lindenweg 4, Whg. 3, 53111 Bonn⟧"},
	{"polish", "wohnhaft ⟦ul. Ozimska 14/3, 45-057 Opole⟧, sein Gewerbe"},
	{"dutch", "Adresse: ⟦Keizersgracht 123, 1015 CJ Amsterdam⟧"},
	{"austrian", "⟦Mariahilfer Straße 12, A-1060 Wien⟧"},
	{"turkish (the quarter is part of the address, as blind26 071 and blind27 090 label it)", "Adresi: ⟦Moda Mah. Gül Sok. No:5, 34710 Kadıköy/İstanbul⟧"},
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
	{"CSV row with PLZ and city fields", "101;Beisitzer;Rossi;Giulia;⟦Kirchplatz 5;34569;Lindenau-Oberdorf⟧;;\n5.0211;Asante;⟦Wilhelmstraße 55a;53721;Siegburg⟧;1.240,00"},
	{"tab-separated row with PLZ and city cells", "1\tKaradeniz\t⟦Bornheimer Str. 12\t53111\tBonn⟧\t01.08.2025"},
	{"lower-case separate suffix", "umgezogen nach siegburg, ⟦wolsdorfer str 37a⟧. und dann ⟦bonner straße 5⟧"},
	{"round 30: a preposition street beside counted things, a compound of -anlage (rev11)", "⟦An der Kirche 3⟧\n⟦An der Anlage 5, 53111 Bonn⟧\nHerr Weber wohnt ⟦In der Gartenanlage 4⟧.\nNeue Anschrift: ⟦An der Sportanlage 12⟧\n⟦Auf der Sonnenseite 5⟧"},
	{"round 30: a town with 'b.' (bei) and its neighbour", "Frau Weber, ⟦Ulmenstraße 23\n85567 Grafing b. München⟧\nHerr Kaya, ⟦Hauptstraße 5, 85586 Poing b. München⟧, Tel."},
	{"round 31: a street opened by an adjective of place (äußere, innere, hintere), an entry's address before a colon",
		"Kind wohnt ⟦Äußere Weberstraße 31, 02763 Zittau⟧\nAdresse: ⟦Innere Laufer Gasse 4, 90403 Nürnberg⟧\n2. Herr Luis Fernández Ortega, ⟦Pütrichstraße 24⟧: Zufahrt Tiefgarage"},
	{"round 32: a remark's abbreviation in brackets after the city stays outside, a river inside", "Wohnanschrift: ⟦Pohligstraße 9, 50969 Köln⟧ (WG)\nAlt: ⟦Lindenweg 3, 15230 Frankfurt (Oder)⟧"},
	{"round 32: a Turkish quarter before the street", "Anschrift: ⟦Cumhuriyet Mah. Atatürk Cad. No: 48 Daire 5, 38280 Talas/Kayseri⟧\nEltern: ⟦Yenidoğan Mahallesi Gül Sokak No: 7, 06420 Çankaya/Ankara⟧"},
	{"round 79: the street's first words: a plain adjective before a place's, an initial joined by a hyphen, a place adjective that ends the line before",
		"Adresse: ⟦Alte Peiner Heerstraße 201, 30629 Hannover⟧\nFundort: ⟦D.-Martin-Luther-Straße 3, 93047 Regensburg⟧\nBüro ⟦F.-Ebert-Str. 12, 53111 Bonn⟧\nunter der Anschrift ⟦Eppenhauser\nStraße 144, 58093 Hagen⟧ ein Gewerbe"},
	{"round 79: a Spanish floor with its door, a Catalan street and door, a four-digit number abroad, a Polish flat, a Polish square, a Greek street",
		"Adresse: ⟦Calle de Alcalá 215, 4.º B, 28028 Madrid⟧\nMutter: ⟦Calle de San Vicente 27, 3.º B\n46002 Valencia⟧\n⟦Carrer de Sueca 41, 3º 2ª, 46006 València⟧\n⟦Calle Mayor 3, 2º izq., 28013 Madrid⟧\nMy address is ⟦Rua de Santa Catarina 1204, 3.º Esq., 4000-447 Porto⟧, Portugal.\nMeine Adresse: ⟦ul. Głogowska 148 m. 12, 60-243 Poznań⟧, Polen\n⟦Ul. Długa 14 m. 6\n80-827 Gdańsk⟧\nHotel: ⟦Plac Ratuszowy 1, 43-300 Bielsko-Biała⟧\nfrüher ⟦Odos Dodonis 41, 45221 Ioannina⟧"},
}

var addressFPs = []lexCase{
	{"round 80: an O before four digits that is no PLZ", "Version O1234 Build 7. Raum O1234 Leipzig hat Platz. Bestellnr. O6844 Dessau liegt vor.\n"},
	{"round 78: a number of things after a street, a capitalised noun or a counting word after it, digit words without a postcode",
		"In der Hauptstraße zwei Unfälle. Die Bahnhofstraße ist zwei Kilometer lang. die hauptstraße drei mal gesperrt\n" +
			"am kirchweg zwei jahre lang gebaut\nRufnummer Parkstraße eins zwei drei vier\nMarktplatz elf Uhr Treffen\n"},
	{"round 69: a room, a post box, a weekday or a group after a label or a quote mark; a settlement's size", "Zimmer: Raum 12, 53111 Bonn\nTermin: Montag 12, 53111 Bonn\nAnschrift: Postfach 12, 53111 Bonn\n> Gruppe 3, 53111 Bonn\nSiedlung 14 Einheiten in Bonn\n"},
	{"round 73: a number after a plan's, a report's, a room's or a grave's name, a village's name before a count",
		"Bebauungsplan Nr. 14 „Am Sonnenhang“\nLagebericht Nr. 4, Stand 02.12.2026\nWohnung: Zimmer Nr. 4\nFeld 14, Reihe 3, Grab Nr. 27.\nEr wohnt in Darup Nr. 3 Jahre lang.\nwohnhaft in Rossow\nNr. 14\n"},
	{"round 73: a floor's word before a count that is no PLZ, a house or an Ortsteil without a street before it",
		"Wohnung 4. OG hat 31134 Euro gekostet.\nDie Wohnung 4. Stock ist frei.\nDie Raten 22 / 12000 Euro\nGruppe 4, Haus B, 38518 Gifhorn\nKapitel 7, OT Hasede, 31180 Giesen\n"},
	{"round 73: an OCR's digits in words and numbers that are no address", "Die Buslinie 1O7 fährt ab Tor 3l0. Das Vers8ehen war im Sta13er Hof.\nAm 2O.O9.2O26 um 1O:3O Uhr, Raum 2l, 53111 lsen.\nDie T0chter hat 12l Wasser, 0hne Ende.\n"},
	{"round 69: an l before digits that opens no house number; a four-digit number with O- that is no postcode", "Tabelle l2, 53111 Bonn\nSchulstraße lang\nLieferung O-1234 Bonn\n"},
	{"round 70: 'Land' after a town that is no adjective, an abbreviation after a slash that is no region (its period ends the sentence)",
		"Bonn Land 5, 53111 Bonn\nwohnt in ⟦Lindenstraße 5, 53111 Bonn/Rh⟧. Dort\n"},
	{"round 68: a short noun in -sche before a street stays outside the address",
		"Verloren: eine Tasche ⟦Lindenstraße 4, 53111 Bonn⟧ gefunden.\n"},
	{"round 67: a word in -er before a hyphenated street that is no place adjective keeps out of the span",
		"Herr Meier, ⟦Dorf-\nstraße 4, 03058 Cottbus⟧\nder Vermieter ⟦Mühl-\nweg 12, 61449 Steinbach⟧\n"},
	{"round 64: a street-like word after 'wohnhaft' without PLZ and city, a room after 'wohnt'",
		"Sie ist wohnhaft Ketzerbach 27 gewesen.\nEr wohnt Zimmer 12, 53111 Bonn ist weit.\n"},
	{"round 64: a post office box under an address key, a count under another key",
		"\"anschrift\": \"Postfach 1234\", \"plz\": \"53111\"\n\"zimmer\": \"Raum 12\"\n"},
	{"round 61: a state whose name ends like a street, before a count",
		"2025 wurden in Baden-Württemberg 212 FSME-Erkrankungen gemeldet, in Brandenburg 14 und in Hamburg 12."},
	{"round 59: after a foreign postcode's town a state's name, a word going on, a lower-case word",
		"Wohnort: ⟦ul. Długa 14, 45-057 Opole⟧ Polen\nWohnort: ⟦ul. Długa 14, 45-057 Opole⟧ Stadtmitte liegt nahe\nWohnort: ⟦ul. Długa 14, 80-257 Gdańsk⟧ gemeldet"},
	{"round 59: a berth numbered as a house is, alone and after a ferry landing's name",
		"Die Thor Heyerdahl liegt am Liegeplatz 3, die Santa Barbara Anna an Liegeplatz 5–6.\nTreffpunkt: Fähranleger Liegeplatz 60/61, Warnemünde"},
	{"round 52: a quoted value before a number's value that is no street: lower case, a code, no PLZ after it, a key that names no street",
		"('toner 12', '12345', 'Lager'), ('HP 59A', '12345'), ('Kapitel 3', '2026-11-02'), ('Halle 3', 'Nord')\n\"ort\": \"Halle 3\", \"raum\": \"Zimmer 12\"\n<titel>Band 3</titel>"},
	{"round 50: a lower-case way that is no street, a number of minutes or times after it, a short compound",
		"auf dem heimweg 20 minuten gewartet, der rückweg 2 mal so lang, der umweg 3. der lösungsweg 2, ein abweg 4."},
	{"round 50: a number first after a word without a postcode or a district at the end, a Dublin district that goes on, a year after a French street word's line",
		"We met at 14 Mill Lane, Ambleside, and then went on. Kapitel 3 Walk, Dublin 3 mal. Seit 14 Jahren Park, Bedford und so.\nAgenda:\n12 rue des Orfèvres\n2026 Planung"},
	{"round 49: an escaped comma before a number that is no PLZ", "DESCRIPTION:Platz 4\\, 12 Personen\\, Saal 3\\, 2 Stunden"},
	{"round 48: a preposition and an article before a counted noun in running text", "Vor den Ferien 2 Wochen Pause. Hinter den Kulissen 2 Leute. Vor der Tür 4 Kartons. Unter der Woche 3 Termine, unter dem Strich 500 Euro."},
	{"round 42: a bare broken street word without an adjective, a glued number without PLZ and city, a date after a slashed number",
		"Es gibt keine Stra-\nße 12 Sachen. Das Modul Lindenstraße12 ist fertig. Weg2Go und Gasse3 sind Apps."},
	{"round 33: a foreign street word in another field stays none without PLZ and city", "<bemerkung>Via Roma 118</bemerkung> {\"hinweis\": \"Rua Augusta 12\"}"},
	{"round 33: a school named after its street, the class in the next cell; a cemetery's number in a quoted value without PLZ",
		"GS Am Wiesengrund\t2b\tBrinkmann, Noah\t03.05.2018\nGS Am Wiesengrund\t3a\tKaplan, Elif\n('Friedhof 3', 'Grabfeld')"},
	{"round 31: a time or a verse after a number with a colon, an adjective before a street word in prose", "Sitzung in Saal 12:30 Uhr\nVers Johannes 3:16\nDie Äußere Ringstraße ist gesperrt.\nKapitel 3: Einleitung"},
	{"rev12 (L1): a file's label after a preposition before its number", "Zum Aktenzeichen 3 K 1234/24 bitte\nAm Aktenzeichen 5 fehlt was\nZum Vorgang 12 bitte\nIm Antrag 3 fehlt die Anlage"},
	{"round 29: paths of a plan or a road notice with a number and a place", "Der Waldweg 3 km hinter Rinteln ist gesperrt. Wirtschaftsweg Nr. 14 wird saniert. Der Feldweg 12 in 31737 Rinteln ist gesperrt. Radweg 5, 12 km lang."},
	{"round 28: an attachment, a green space and graves beside a PLZ and city", "Siehe Anlage 2, 53111 Bonn liegt bei. Die Grünanlage 3 wird gemäht. Am Alten Friedhof 3 Gräber wurden geräumt. Die Anlage 5 ist defekt, sagt Herr Kaya aus 53111 Bonn."},
	{"a square's letter and number without Mannheim, a count before a Belgian town, a floor word without a street", "Raum Q 7, 24 Plätze, 68161 Teilnehmer\nTabelle A 1, 5 Zeilen\nBesuch 2026 bei 1200 Mitarbeitern in Brüssel\nKat 2 Daire 5, 34710 Kadıköy\nSeite 3, 2º Esq., 4050-265 Porto"},
	{"a lower-case preposition phrase without PLZ and city, before an amount", "treffen uns am markt 5 min vorher; bin am montag 4 50354 euro los; im raum 12 von 30"},
	{"an amount or a count after a dash", "Markt 1 - 12000 Besucher kamen zum Fest; Platz 3 – 45000 Euro"},
	{"a direction after a place without PLZ and city, after a word that is no street", "Parkplatz Süd 2 ist voll, Ausgang Ost 3, Halle Nord 4, 53111 Bonn hat geöffnet, Lindenstraße West 5 ist gesperrt."},
	{"a rate after a Land, a plain six-digit number after a street without a comma", "In Bayern und Baden-Württemberg 8 %, sonst 9 %. Der Weg 3 ist 123456 Meter lang."},
	{"a numbered farm track, a line of a plan, a word hyphenated before Weg", "im Osten durch den Wirtschaftsweg Nr. 14 begrenzt. Investitionen (Finanzplan Zeile 25, Maßnahme 7.000412). Der Lösungs-\nweg 3 ist offen."},
	{"a PLZ at a line end before a sentence", "Die Post ging an ⟦Talweg 12⟧, 53111\nBitte prüfen Sie das noch einmal."},
	{"a place adjective and a noun without PLZ, particles without a street word", "Wir waren auf dem Bonner Markt 2 Stunden. Kölner Zimmer 12, Bonn\nEs war de la Gare 14 Uhr, 53111 Bonn"},
	{"CSV cells that are no PLZ and city, a hyphen before a lower-case line", "Talweg 12,3,Lindenau\n⟦Am Anger 9⟧, 34567,Bonn\n('⟦Ringstraße 4⟧', '12', 'x')\n⟦Lindenweg 5, 53111 Bonn⟧-\nund weiter"},
	{"a road number after a capitalised noun", "Tatort: Parkplatz an der B 11 / Einmündung Staatsstraße 2350, Kreuzung Bundesstraße 56. Platz der 3 Sieger; Ende der Straße 5 Meter"},
	{"a card number after a word ending like a street", "- Kundenkarte Baumarkt Nr. 2221 1342 3741 9624\n- Bonuskarte Getränkemarkt 4711 0815 2233"},
	{"placement slots and ranks", "Unterbringung: Clearinghaus, Bereitschaftsplatz 3. Betreuungsplatz 2 frei, Pflegeplatz 1 belegt.\nRang;Platz 3;Punkte\nMarkt 12 Uhr;Treffen"},
	{"a federal road with its number", "Wegen Fahrbahnerneuerung wird die Bundesstraße 56 zwischen der Anschlussstelle Miel voll gesperrt; Umleitung über die Kreisstraße 12."},
	{"foreign street word without PLZ and city", "Die Besprechung läuft Via Teams 2 Stunden, Corso Italia 5 Minuten."},
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
	{"CSV fields that are no PLZ and city", "⟦Talweg 12⟧;3;Lindenau\n⟦Am Anger 9⟧;34567;\n⟦Ringstraße 4⟧; 53721 ;2.310,40\n⟦Hauptstraße 88⟧, 34569;Bonn"},
	{"room after street without plz", "Treffen im Raum 12 – 14 Uhr."},
	{"round 66: a French street word in lower case after a number without a name and postcode after it, a count before 'route', an 'L-' without four digits",
		"Punkte: 12, route planning, 2026 Budget.\nEs gab 3 rue-Schilder, 57600 Stück.\nwir nahmen 2 route changes, L-66 Bus\n"},
	{"round 64: a Nordic street word without its postcode and town, a brigade's or a gate's number, a year after the comma",
		"Die Vesterbrogade 112 ist lang. Brigade 12, 2200 Soldaten. Kungsgatan 40 war gut, 411 Gäste kamen. Strandvejen 5, 2026 Umbau.\nBrigade 3, 4000 Mann\nDer Bulevard Vitosha 77 ist breit. Sofia 12, 1463 Sofia\n"},
	{"round 79: a noun in -e before a place's adjective and a separate street word is no part of the street",
		"Brand in der Scheune ⟦Loccumer Straße 60, 31547 Rehburg-Loccum⟧\nan der Haltestelle ⟦Siegelbacher Straße 210⟧ fehlt ein Dach\n⟦Alte Bremer Straße 5, 28195 Bremen⟧"},
	{"round 79: a word in -er at a line's end before a street word without PLZ and city, a role in -er before it",
		"Sehr geehrter Herr Fahrer\n⟦Straße 12, 58093 Hagen⟧\ndie Hagener\nStraße 5 ist gesperrt."},
	{"round 79: a length in metres after a street's number, a four-digit year after a foreign street word without PLZ, a floor's letter before a word",
		"Die Hauptstraße 12 m. 5 Leute standen dort.\nDie Rua Augusta 2024 war voll.\nDer Plac Zamkowy 1204 mal fotografiert.\nSeite 3, 4.º B Klasse, 28028 Madrid"},
	{"round 30: counted things after a preposition", "In der Altersgruppe 18–64 hat sich der Anteil erhöht.\nIn der Kalenderwoche 12 ist zu.\nIn der Klasse 5 sind 20 Kinder.\nAuf der Seite 12 steht es.\nZur Anlage 3 wird verwiesen.\nIn der Entgeltgruppe 9a gilt das."},
}

func TestPostalAddress(t *testing.T) {
	lexCheck(t, NewPostalAddress(), append(append([]lexCase{}, addressTPs...), addressFPs...))
}

func FuzzPostalAddress(f *testing.F) {
	lexFuzz(f, NewPostalAddress(), append(append([]lexCase{}, addressTPs...), addressFPs...))
}

// TestPrefixIndex checks prefixIndex.before against the whole list: at every
// offset of texts with each street prefix (and a list with a one-byte
// prefix), the prefixes that stand before the offset (hasPrefixAt, a blank
// after them) are those of before, in the same order.
func TestPrefixIndex(t *testing.T) {
	lists := [][]string{DefaultLexicons().mustList("street_prefixes"), {"am", "a", "an der", "der", "r"}}
	for _, list := range lists {
		x := newPrefixIndex(list)
		var texts []string
		for _, p := range list {
			texts = append(texts, p+" Markt 5", "xx "+p+" weg 7", p, " "+p+" ", "Q"+p+" a")
		}
		for _, text := range texts {
			low := []byte(text)
			for s := 0; s <= len(low); s++ {
				var want, got []string
				for _, p := range list {
					if k := s - len(p) - 1; k >= 0 && low[s-1] == ' ' && hasPrefixAt(low, k, p) {
						want = append(want, p)
					}
				}
				for _, p := range x.before(low, s) {
					if k := s - len(p) - 1; k >= 0 && hasPrefixAt(low, k, p) {
						got = append(got, p)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q at %d: before gives %q, the list %q", text, s, got, want)
				}
			}
		}
	}
}
