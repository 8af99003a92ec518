package detectors

import (
	"testing"
)

// lexCase is one row of a detector table: the text with the wanted values
// between ⟦ and ⟧ (none for a false-positive row).
type lexCase struct {
	name string
	text string
}

// lexParse returns the text without the markers and the marked spans.
func lexParse(s string) (string, [][2]int) {
	var out []byte
	var spans [][2]int
	start := -1
	for i := 0; i < len(s); {
		switch {
		case len(s[i:]) >= 3 && s[i:i+3] == "⟦":
			start = len(out)
			i += 3
		case len(s[i:]) >= 3 && s[i:i+3] == "⟧":
			spans = append(spans, [2]int{start, len(out)})
			i += 3
		default:
			out = append(out, s[i])
			i++
		}
	}
	return string(out), spans
}

// lexCheck runs d alone (through an engine, so keywords gate it) on
// every case and compares the spans.
func lexCheck(t *testing.T, d Detector, cases []lexCase) {
	t.Helper()
	e, err := newEngine([]Detector{d}, DefaultLexicons())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		text, want := lexParse(c.text)
		got := e.Scan([]byte(text))
		var gs [][2]int
		for _, f := range got {
			if f.Type != d.Type() {
				t.Errorf("%s: type %s", c.name, f.Type)
			}
			gs = append(gs, [2]int{f.Start, f.End})
		}
		if !lexEqual(gs, want) {
			t.Errorf("%s: %q\n got  %s\n want %s", c.name, text, lexShow(text, gs), lexShow(text, want))
		}
	}
}

func lexEqual(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func lexShow(text string, sp [][2]int) string {
	s := "["
	for i, x := range sp {
		if i > 0 {
			s += " | "
		}
		s += text[x[0]:x[1]]
	}
	return s + "]"
}

// lexFuzz checks the Detector contract on arbitrary input.
func lexFuzz(f *testing.F, d Detector, cases []lexCase) {
	for _, c := range cases {
		text, _ := lexParse(c.text)
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw := []byte(s)
		for _, fd := range d.Scan(NewText(raw), nil) {
			if fd.Start < 0 || fd.End > len(raw) || fd.Start >= fd.End {
				t.Fatalf("bad span %+v in %q", fd, s)
			}
			if !onRuneBoundary(raw, fd.Start) || !onRuneBoundary(raw, fd.End) {
				t.Fatalf("span %+v not on rune boundary in %q", fd, s)
			}
			if fd.Score <= 0 || fd.Score > 1 {
				t.Fatalf("score %v", fd.Score)
			}
		}
	})
}

var personTPs = []lexCase{
	{"real persons beside a sample person", "Testfall: Max Mustermann. Echte Antragstellerin: Frau ⟦Anna Schmidt⟧, Bearbeiter Herr ⟦Peter Müller⟧."},
	{"surname, then an office after the comma", "Sachbearbeiter ⟦Krause⟧, Ausländerbehörde (Zimmer 12), und ⟦Yilmaz, Elif⟧ (Antragstellerin)"},
	{"surname, then ordinary words", "Grüße an Herrn ⟦Wagner⟧. ⟦Wagner⟧, Kalender und Mail sind eingerichtet."},
	{"surname, given name in running text after the surname was seen", "Auftraggeber: Sohn ⟦Bernd Vossberg⟧\nGrabart: Wahlgrab Abt. C, Nr. 17 (Nutzungsrecht ⟦Vossberg, Kurt⟧, verlängert bis 2031)"},
	{"surname, given name in a mail quote", "Guten Tag Frau ⟦Brückner⟧,\n>> Am 27.08.2024 schrieb ⟦Brückner, Anja⟧:"},
	{"fire brigade rank outside", "Einsatzleiter war SBI ⟦Jörg Brenner⟧, die Lage meldete KBM ⟦Tobias Wendt⟧."},
	{"council role outside", "Es sprachen Ratsfrau ⟦Gudrun Weber⟧ und der Bürger ⟦Emanuele Ricci⟧."},
	// records: a value under a person key or column is a name, whatever its origin
	{"json familienname", `{"familienname": "⟦Öztürk⟧", "vorname": "⟦Elif⟧", "plz": "53111"}`},
	{"json camel", `{"firstName":"⟦Tesfaye⟧","lastName":"⟦Gebremariam⟧","role":"admin"}`},
	{"json name weak known", `{"name": "⟦Jonas Becker⟧", "id": 7}`},
	{"label, surname with a noun-like ending and the given name after a comma", "Name: ⟦Gebreselassie, Mebrat⟧\nAntragsteller: ⟦Chukwuemeka Obi⟧"},
	{"unknown given name before a room-word surname without a number", "Kursleiterin: ⟦Rozerin Zimmer⟧, VHS"},
	{"initial and unknown surname with the date of the signature", "Mit freundlichen Grüßen\n\n⟦R. Eilers⟧, 25.11.2026\nSozialamt"},
	{"double given name with capitals after the hyphen", "gestern hat ⟦Anna-Lena Schmitz⟧ angerufen"},
	{"aunt and two unknown words", "Ressourcen vorhanden (Tante ⟦Parwin Sultani⟧ in Duisburg, täglicher Kontakt)"},
	{"police rank before an unknown surname", "anruf polizei wache nord (PK ⟦Schwarze⟧), junge aufgegriffen"},
	{"clergy title before an unknown surname", "die Kosten für den Priester (Abba ⟦Gebreyesus⟧) sind enthalten"},
	{"salutation, given name, unknown surname with a case-like ending", "Sachbearbeiter: Herr ⟦Pascal Schreurs⟧, Zimmer 118"},
	{"salutation, given name, a Chinese surname in -ei is no -ei noun", "Frau ⟦Ines Huimei⟧ übernimmt den Kurs"},
	{"json name beside a birth date, unknown words", `{"name": "⟦Tesfaye Woldu Abera⟧", "geburtsdatum": "1983-11-02"}`},
	{"csv name column beside Vorname and birth date", "PersNr,Name,Vorname,Geb.-Datum\n100231,⟦Lehmkuhl⟧,⟦Dieter⟧,23.07.1976\n"},
	{"debtor column Nachname, Vorname", "Kassenzeichen\tSchuldner\tForderungsart\n2.110.1\t⟦Oyelaran, Folake⟧\tHundesteuer\n"},
	{"xml tags", "<person>\n  <vorname>⟦Edin⟧</vorname>\n  <nachname>⟦Hodžić⟧</nachname>\n</person>"},
	{"xml namespace", "<xmeld:familienname>⟦Wróbel⟧</xmeld:familienname>"},
	{"yaml", "kontakt:\n  first_name: ⟦Nguyen Van⟧\n  last_name: ⟦Tran⟧\n"},
	{"kv log", "2025-03-02T07:12:00 login ok user_name=⟦Kowalczyk⟧ src=vpn"},
	{"sql dump: one insert statement per row", "CREATE TABLE buerger (\n  id INT PRIMARY KEY,\n  nachname VARCHAR(80) CHARACTER SET latin1,\n  vorname VARCHAR(80),\n  ort VARCHAR(80)\n);\nINSERT INTO buerger VALUES (1, '⟦Hoffmann⟧', '⟦Lars⟧', 'Bonn');\nINSERT INTO buerger VALUES (2, '⟦Doğan⟧', '⟦Ayşegül⟧', 'Köln');\nINSERT INTO stadt VALUES (3, 'Bonn', 'Köln', 'Ulm');\nINSERT INTO buerger VALUES (3, '⟦Mwangi⟧', '⟦Wanjiru⟧', 'Ulm');"},
	{"sql dump: create table, then insert without a column list", "CREATE TABLE `anmeldung` (\n  `id` int NOT NULL,\n  `az` varchar(20), `nachname` varchar(80), `vorname` varchar(80),\n  `ort` varchar(80),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\nINSERT INTO `anmeldung` VALUES\n(1,'GA-1','⟦Papadopoulou⟧','⟦Eleni⟧','Bonn'),\n(2,'GA-2','⟦Schäfer⟧','⟦Tobias⟧',NULL);"},
	{"sql insert", "INSERT INTO leser (nr, nachname, vorname, ort) VALUES\n(1, '⟦Tesfamariam⟧', '⟦Yonas⟧', 'Trier'),\n(2, '⟦Albrecht-Nowak⟧', '⟦Ilse⟧', 'Mainz');"},
	{"csv semicolon quoted", "\"Nachname\";\"Vorname\";\"Ort\"\n\"⟦Haidari⟧\";\"⟦Mohammad Reza⟧\";\"Bonn\"\n\"⟦von Hammerstein⟧\";\"⟦Klaus-Dieter⟧\";\"Köln\"\n"},
	{"csv comma english", "id,first_name,last_name,city\n4,⟦Ayodele⟧,⟦Okonkwo⟧,Bonn\n5,⟦Marta⟧,⟦Gonçalves⟧,Köln\n"},
	{"tsv name comma", "Zimmer\tName, Vorname\tStatus\n1.01\t⟦Habte, Kidane⟧\tDuldung\n1.03\tfrei\t\n"},
	{"aligned table", "Kasse        Zahlungspflichtige/r     Betrag\n4711         ⟦Lange, Dieter⟧            12,00\n"},
	{"row label", "Name          ⟦Hrnjic, Amra⟧          ⟦Hrnjić, Amra⟧\nGeburtsdatum  15.03.1985            15.03.1985\n"},
	{"a product name as a person's given name", "Sehr geehrter Herr ⟦Claude Petit⟧, danke für Ihre Nachricht."},
	{"court parties", "Im Verfahren ⟦Haddad⟧ ./. Stadt Bonn und Stadt Köln ./. ⟦Yılmaz⟧ wird verhandelt."},
	{"hyphenated given name with particle", "5. ⟦Jan-Philipp von Bülow⟧ – Quereinsteiger, Jurist"},
	{"a lone given name again", "Dienstplan: ⟦Ahmet⟧ (Früh), ⟦Lisa⟧ (Spät). Am Montag ist ⟦Ahmet⟧ beim Arzt."},
	{"lower case after a salutation or relation", "die frau ⟦schmidt-bauer⟧ hat angerufen weil ihr sohn ⟦jonas⟧ nicht kommt, herr ⟦yilmaz⟧ auch"},
	{"lone given name after a label", "Urlaub: ⟦Branka⟧ (ganze Woche)\nSpätdienst: ⟦Murat⟧"},
	{"lone given name after a duty word", "Einsatzkräfte vor Ort, Außendienst ⟦Ilyas⟧"},
	{"lone given name with birth star", "⟦Kacper⟧ (* 04.05.2017) war anwesend."},
	{"given name and initial", "Bearbeiter: ⟦Dimitrios K.⟧, 2nd Level"},
	{"given name and initial at the end", "Viele Grüße, ⟦Jovana M.⟧"},
	{"surname ending like a noun stem", "Ansprechpartner Buchhaltung: ⟦Bernd Öllinger⟧, Durchwahl 12"},
	{"role word outside", "Fahrzeug 1: B-MW 1234, Fahrer ⟦Florian Kessler⟧"},
	{"police rank outside", "Einsatzkräfte: KOK'in ⟦Hansen⟧ und Kollegen"},
	{"label word not in span", "Name: ⟦Bauer⟧   Vorname: ⟦Christina⟧"},
	{"herr", "Herr ⟦Mehmet Yılmaz⟧ wohnt in Bonn."},
	{"frau surname", "Bitte rufen Sie Frau ⟦Kowalski⟧ zurück."},
	{"frau dr", "Sehr geehrte Frau Dr. ⟦Nguyen⟧,"},
	{"herrn prof dr", "an Herrn Prof. Dr. ⟦Hans-Peter Schulze⟧ weiterleiten"},
	{"full name", "Der Antrag von ⟦Anna Schmidt⟧ ist eingegangen."},
	{"turkish", "⟦Fatma Öztürk⟧ hat den Termin abgesagt."},
	{"ukrainian icao", "Die Familie ⟦Oleksandr Shevchenko⟧ ist zugezogen."},
	{"german translit", "⟦Sergej Iwanow⟧ beantragt Wohngeld."},
	{"greeting", "Hallo ⟦Ayşe⟧,\nwie besprochen"},
	{"greeting lexicon", "Liebe ⟦Katarzyna⟧, danke!"},
	{"initial", "Freigabe durch ⟦M. Schneider⟧ liegt vor."},
	{"comma form", "⟦Yılmaz, Mehmet⟧ – Antrag vom 3.4."},
	{"label", "Name: ⟦Petrović, Milena⟧\nAnschrift: unbekannt"},
	{"label vorname", "Vorname: ⟦Jelena⟧"},
	{"birth name", "Frau ⟦Anna Schmidt⟧ geb. ⟦Müller⟧ ist verzogen."},
	{"particle", "Die Ministerin ⟦Ursula von der Leyen⟧ sprach."},
	{"al", "Herr ⟦Ahmad Al-Hassan⟧ wartet."},
	{"double surname", "Frau ⟦Müller-Lüdenscheidt⟧ ist zuständig."},
	{"signature", "Mit freundlichen Grüßen\n\n⟦Thomas Becker⟧\nBürgeramt"},
	{"signature ia", "Mit freundlichen Grüßen\ni. A. ⟦Sabine Wagner⟧\n"},
	{"upper", "HERR ⟦MEHMET YILMAZ⟧"},
	{"mrz", "P<D<<⟦MUSTERMANN<<ERIKA⟧<<<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"},
	{"buergermeister", "Oberbürgermeisterin ⟦Katja Dörner⟧ eröffnet die Sitzung."},
	{"owner", "Inhaber ist ⟦Hans Müller⟧."},
	{"vietnamese", "Herr ⟦Trần Văn Minh⟧ spricht wenig Deutsch."},
	{"polish", "⟦Katarzyna Nowak⟧ war krank."},
	{"list", "Danke an ⟦Sabine⟧, ⟦Murat⟧ und ⟦Oksana⟧!"},
	{"list remarks", "Dienst: ⟦Lisa⟧ (Spät), ⟦Marek⟧ (Nacht)"},
	{"table", "Nachname;Vorname;Ort\n⟦Öztürk⟧;⟦Emine⟧;Bonn\n⟦Jovanović⟧;⟦Marko⟧;Köln\n"},
	{"names the lexicons do not know, vouched for by their addresses", "Teilnehmende:\n- ⟦Tsegaye Berhane⟧ – tsegaye.b@outlook.de\n- ⟦Hyun-woo Park⟧ – hwpark@naver.com\n- ⟦Zhang Wei⟧, zhangwei.lb@163.com\n- ⟦ahmad samim⟧: ahmad.samim93@gmail.com\n⟦Jürgen Müller⟧ <juergen.mueller@web.de>"},
	{"slash between two names in a parents' column", "Kind\tGeburtsdatum\tEltern\n⟦Hummel, Paul⟧\t19.06.2024\t⟦Katja⟧/⟦Sven Hummel⟧\n⟦Sahin, Elif⟧\t08.01.2025\t⟦Gülşen Şahin⟧\n"},
	{"psql output", "   name    |  vorname  |  ort\n-----------+-----------+------\n ⟦Dąbrowski⟧ | ⟦Tomasz⟧    | Elze\n ⟦Kuznetsov⟧ | ⟦Aleksei⟧   | Lingen\n(2 Zeilen)\n"},
	{"mysql output", "+-----------+---------+\n| nachname  | vorname |\n+-----------+---------+\n| ⟦Mendes⟧    | ⟦Joana⟧   |\n+-----------+---------+\n"},
	{"familie", "Familie ⟦Rahimi⟧ wartet auf den Bescheid."},
	{"arabic particle", "Teilnehmer: ⟦Tarek El-Masri⟧ (Amt 20)"},
	{"unknown given name", "Gespräch mit ⟦Ute Brandt⟧ vom Personalrat"},
	{"title surname", "Frau ⟦Richter⟧ hat angerufen."},
	{"signature two lines", "Im Auftrag\n\n⟦Jens Hartung⟧\n"},
	{"sign-off same line", "Danke, ⟦Tim⟧"},
	{"vietnamese le", "Frau ⟦Samira Le⟧ kommt später."},
	{"role after salutation", "Frau Ministerin ⟦Schulze⟧ und Herr Fachdienstleiter ⟦Meier⟧ kommen."},
	{"role unknown surname", "Ratsherr ⟦Schubert⟧ beantragt Vertagung."},
	{"initial after dr med", "Gemeinschaftspraxis Dr. med. ⟦R. Pohl⟧ & ⟦A. Demir⟧\nBahnhofstraße 2a"},
	{"initial after dr", "Ärztin: Dr. ⟦M. Engels⟧, Kinder- und Jugendgesundheitsdienst"},
	{"initial after frau", "Bitte an Frau ⟦K. Wróbel⟧ weiterleiten."},
	{"particle after role", "Ratsherr ⟦vom Hofe⟧ fragt nach dem Regenrückhaltebecken."},
	{"particle after herr", "Herr ⟦von Bülow⟧ hat zugesagt."},
	{"label comma form", "Patient: ⟦Grabowski, Stefan⟧, geb. 21.08.1966"},
	{"mail header comma form", "Von: ⟦Schulz, Jan⟧ <jan.schulz@stadt-lohmar.de>\nAn: ⟦Müller, Petra⟧; ⟦Ahmeti, Blerina⟧\n"},
	{"greeting continued", "Liebe ⟦Petra⟧, liebe ⟦Blerina⟧,\nanbei"},
	{"title that is a surname", "Einsatzkräfte: POK ⟦Richter⟧, KOK'in ⟦Hansen⟧"},
	{"surname again", "Betreff: Beschwerde ⟦Kaminski⟧\n\nHerr ⟦Kaminski⟧ hat sich beschwert."},
	{"surname as noun elsewhere", "Frau ⟦Richter⟧ hat angerufen. Der Richter am Amtsgericht entscheidet."},
	{"firm from a surname", "Herr ⟦Weber⟧ ist krank. Die Weber GmbH liefert trotzdem."},
	{"surname again with given name", "Personen (⟦Zahra Rahimi⟧, ⟦Omid Rahimi⟧) werden"},
	{"surname again foreign", "⟦Şahin⟧ ./. Stadt Troisdorf\n\nDie Klägerin, Frau ⟦Zeynep Şahin⟧, begehrt"},
	{"list of surname, given of many origins", "Teilnehmende:\n- ⟦Warsame, Hodan⟧ – Somalia\n- ⟦Tesfamariam, Lidya⟧ – Eritrea\n- ⟦Jawad, Karim⟧ (Selbstzahler)"},
	{"numbered list with unknown given names", "1. ⟦Gebru, Selam⟧, * 03.03.1990\n2. ⟦Woldu, Natnael⟧, * 19.09.2016\n3. ⟦Schmitz, Emre⟧"},
	{"several entries on one line", "Zi. 4: ⟦Rahimi, Zahra⟧, ⟦Rahimi, Ali Reza⟧ – 2/2"},
	{"particles in a listed surname", "⟦de Oliveira Santos, Maria Clara⟧\n⟦von Bülow, Henrike⟧"},
	{"a list of given names", "Mo: ⟦Anna⟧, ⟦Kerstin⟧, ⟦Mehmet⟧\nDi: ⟦Olga⟧, ⟦Tobias⟧"},
	{"a list of full names is no surname, given", "Sorgeberechtigte: ⟦Rami Haddad⟧, ⟦Nour Haddad⟧"},
	{"passport form in quotes", "Im Pass steht „⟦HASSAN, AHMAD⟧“, im Antrag „⟦Ahmad Hassan⟧“."},
	{"hyphenated initials in a signature", "Mit freundlichen Grüßen\n⟦H.-W. Kämpf⟧"},
	{"initial and unknown surname after a label", "Bearbeitet: ⟦M. Grefrath⟧, Standesbeamtin, Tel. 1234"},
	{"nachname vorname after a client label", "Kundin: ⟦Tesfay, Selam⟧ (geb. 01.01.1994), Ehemann im Haushalt"},
	{"nachname hyphenated vorname", "User ⟦Schäfer, Anna-Maria⟧ (Amt 51) kann sich nicht anmelden."},
	{"two given names and particles", "Verlobte 2: ⟦Katharina Elisabeth von der Heydt⟧, geb. 30.09.1993 in Düsseldorf"},
	{"particles after one given name", "Zeugin ist ⟦Anna van den Bergh⟧, sie wohnt nebenan."},
	{"married name label", "Gewünschter Ehename: ⟦von der Heydt⟧"},
	{"classmate relation", "beleidigt, Mitschüler ⟦Finn-Luca⟧ und ⟦Ben Schröder⟧ waren dabei"},
	{"greek surname shape", "mein Nachbar Herr ⟦Giannis Karagiannis⟧ baut, Frau ⟦Eleni Georgiou⟧ auch, ⟦Anna Vlachos⟧ nicht."},
	{"unknown given name after an index label", "Indexfall: ⟦Yonas Habte⟧, geb. 1996"},
	{"chat senders", "[18.06.25, 07:52] ⟦Andi⟧ KOD: Moin!\n[18.06.25, 07:53] ⟦Sevgi⟧: Foto?\n[18.06.25, 09:40] ⟦Marion⟧ Stadtordnung: Leute, bitte nicht."},
	{"chat sender android export", "18.06.25, 07:52 - ⟦Sabine⟧: bin unterwegs"},
	{"vietnamese name before a place", "Verlobte 1: ⟦NGUYỄN Văn Minh⟧, geb. 05.12.1990 in Hải Phòng (Vietnam)"},
	{"office before a name in a list", "Kontakt: Pressestelle, ⟦Nadine Krömer⟧, Tel. 0228 123456"},
	{"role before a given name and an unknown surname", "Anwesend: Ratsfrau ⟦Gudrun Ebeling⟧ (SPD), Ratsherr ⟦Tim Kolle⟧"},
	{"attendance list of unlisted surnames, one shaped like a surname", "Anwesend: ⟦Reinholz⟧ (Vorsitz), ⟦Begić⟧, ⟦Demirtaş⟧, ⟦Fuchs-Ahlers⟧, ⟦Nwosu⟧\nAnwesend: ⟦Reinholz⟧, ⟦Begić⟧, ⟦Demirtaş⟧\n"},
	{"hyphenated initials in running text", "SEPA-Mandat von ⟦H.-J. Krämer⟧ und ⟦H.-W. Kämpf⟧"},
	{"initial and unknown surname after a preposition", "Liste erstellt von ⟦A. Lindlar⟧ am 3.5., geprüft durch ⟦B. Ostendorp⟧."},
	{"unknown surname, given names among spelling variants", "Herr ⟦Mohammad Nasir Ahmadzai⟧ (auch: ⟦Mohammad Naser Ahmadsai⟧, ⟦Ahmadzay, Mohammed Nasir⟧), geb. 01.01.1998"},
	{"unknown surname, given name in a labelled parenthesis after the name", "Antragsteller: ⟦TEKLEHAIMANOT, Yonas Berhane⟧ (im Aufenthaltstitel: ⟦Teklehaymanot, Yonas⟧), geb. 15.06.1991"},
	{"place and region in a labelled parenthesis after a name", "Frau ⟦Anna Schulz⟧ (Wohnort: Hagen, Westfalen) kommt. Herr ⟦Peter Müller⟧ (Abteilung: Finanzen, Haushalt) auch. Herr ⟦Jonas Weber⟧ (Tel.: Lindenau, Zentrale) kommt."},
	{"unlisted given name after an English self-introduction", "My name is ⟦Chukwuemeka Nnamdi Obi⟧, born in Enugu. The name is Lindenau Rathaus."},
	{"bank and service office before a town or surname", "Bankverbindung: Volksbank Sauerland, IBAN DE79 8067 1435 8786 3536 42\nKrankenkasse: BARMER, Kundencenter Lüdenscheid\nKontoinhaber: ⟦Müller⟧, IBAN DE79 8067 1435 8786 3536 42\nWir danken Frau ⟦Sauerland⟧ von der Volksbank."},
	{"firm and book title before a surname", "Bestellt bei Conrad Electronic in Hagen.\n- Wimmelbuch Sauerland, ISBN 978-3-96018-411-5\nHerr ⟦Conrad Müller⟧ kommt, Frau ⟦Buch⟧ auch."},
	{"chat export sender lines with a time", "#team\n⟦Melanie Kranz⟧ 10:31\nkurze frage\n⟦Jan Pieper⟧ 10:34\nnein\n⟦Jan Pieper⟧ 10:36\nok"},
	{"programme lines with a time", "Programm\nBeginn Rathaus 10:30\nJan Reden 10:45\nMittagspause 12:30\nEnde Foyer 13:00"},
	{"vietnamese passport capitals, family name and two given names", "Anmeldende Person: ⟦Phạm Thị Thu Hương⟧ (im Pass: ⟦PHAM THI THU HUONG⟧), geb. 09.10.1985\nLaut Pass ⟦PHAM THI THU HUONG⟧, geb. 09.10.1985"},
	{"grave row after a particle", "Frau ⟦Anna Schulz⟧ fragt, ob der Grabstein vom Grab Reihe 12 versetzt werden darf."},
	{"lower-case abbreviated salutation", "anwesend: klassenlehrerin fr. ⟦strothmann⟧, mutter ⟦olena kravchenko⟧\nbitte fr. ⟦müller⟧ anrufen, die fr. hat gesagt"},
	{"surnames after a plural role", "Anwesend: Kolleginnen ⟦Beyer⟧ und ⟦Lazarević⟧. Die Kollegen ⟦Brandt⟧, ⟦Wegner⟧ und ⟦Pohl⟧ waren da, die Herren ⟦Müller⟧ und ⟦Schmidt⟧ auch."},
	{"plural roles before no surnames", "Liebe Kolleginnen und Kollegen, bitte beachten. Die Kollegen Verwaltung und Technik sind informiert. Die Herren Bürgermeister und Kämmerer kommen. Die Kollegen Müller und Schmidt Bau GmbH. Sehr geehrte Damen und Herren Abgeordnete."},
	{"given name called by in quotes in a parenthesis", "Herr ⟦Selvarajah Kanagaratnam⟧ (Rufname \"⟦Raja⟧\"), geb. 06.06.1958\nDas Projekt Lindenau (Stichwort \"Leben\") startet. Die Aktion Sauberes Dorf (\"Anna\") startet."},
	{"initial and unknown surname before a remark's colon", "Hinweis von ⟦K. Brüggemann⟧: Versetzung Grabmal möglich."},
	{"initial and unknown surname after the date of a signature", "Datum, Unterschrift: 03.11.2025, ⟦R. Plaßmann⟧\nLindenau, 3.11.25, ⟦T. Wiegand⟧"},
	{"outline letter after a date in running text", "Geprüft am 03.11.2025, A. Sachverhalt\nGliederung: A. Sachverhalt: Text\nVersion 1.2.3.2025, B. Sonstiges"},
	{"greeting after a role and its given name", "Mitarbeiterin (⟦Svetlana⟧): Guten Abend Herr ⟦Yildiz⟧, leider nicht.\nBürger: Hallo, vielen Dank.\nMitarbeiterin: Vielen Dank."},
	{"lower-case chat: given name and surname in a message", "[08:49] ⟦dennis⟧: und was ist mit hr. ⟦albayrak⟧?\n[08:52] ⟦petra w.⟧: ⟦albayrak⟧ ist durch. der andere war ⟦amadou diallo⟧, noch ⟦dilnoza rakhimova⟧ und ⟦kofi mensah⟧\n[08:53] ⟦dennis⟧: ⟦diallo⟧ hatte angerufen, ⟦kofi⟧ auch"},
	{"lower-case chat senders with their surnames", "[08:02] ⟦sandra kühn⟧: moin, hat jemand den termin übernommen?\n[08:03] ⟦tobias rehm⟧: ja ich\n[08:11] ⟦aylin demirci⟧: danke ⟦sandra kühn⟧"},
	{"a lower-case mail below a request typed properly", "Formuliere bitte die Meldung.\n\nhallo ⟦frank⟧,\nkurze info zum dienstwagen (LÜN-SD 301): ⟦jasmin kowalczyk⟧ ist heute früh auf dem parkplatz gegen einen poller gefahren. niemand verletzt.\nfotos schick ich dir gleich.\n⟦bettina⟧\n"},
	{"one-word senders of a chat export, and the name again", "⟦Lena Hartwig⟧ 09:14\nmorgen!\n\n⟦Momo⟧ 09:16\nich kann\n\n⟦Svetlana⟧ 10:04\nsteht im keepass\n\n⟦Oguz⟧ (IT-Sicherheit) 10:07\n@⟦Svetlana⟧ bitte sofort ändern\n\n⟦Momo⟧ 09:20\nok"},
	{"an agenda's times are no senders", "Programm\nBeginn 09:00\nPause 10:30\nMittag 12:00\nEnde 16:00"},
	{"lone given names in a lower-case chat", "[08:11] ⟦jule⟧: ja, ⟦dennis⟧ von der it sagt der dienst ist abgeschmiert\n[08:31] ⟦jule⟧: btw ⟦mareike⟧ ist heute krank, lass sie rein. die akte liegt im pflegeheim st. anna\n[08:40] ⟦dominik h⟧: widerspruch von ⟦yilmaz, hatice⟧ bis freitag"},
	{"names in a lower-case mail: full name in brackets, last line, sign-off after a sentence", "hi, kurze info für dich: ausgegeben an herrn ⟦okoro⟧ und ⟦tanja⟧ vom elternrat (⟦tanja schimanski⟧, 0160 9938174).\nvertretung macht ⟦heiko⟧.\n⟦sandra⟧ vom elternbeirat weiß bescheid. ich bin zu erreichen. lg ⟦edeltraud wiemer⟧\nfotos schick ich dir gleich.\n⟦bettina⟧\n"},
	{"lower-case chat senders of three name words", "[09:04] ⟦nguyen thi lan⟧: welcher scanner?\n[09:11] ⟦jonas weber⟧: geht wieder, danke ⟦lan⟧\n[09:12] ⟦maria garcia lopez⟧: ok\n[09:14] jan hat mal: ok\n[09:15] ⟦anna⟧ sagt dass: ok"},
	{"lower-case chat senders and names again", "[Mo 07:12] ⟦kai⟧: moin, der unimog springt nicht an\n[Mo 07:13] ⟦kai⟧: hab den ⟦dennis⟧ angerufen\n[Mo 07:30] ⟦stefan w.⟧: ok\n[Mo 09:52] ⟦stefan w.⟧: hat der ⟦jannik⟧ gefahren\n[Mo 10:05] ⟦jannik⟧: ich nicht"},
	{"unknown lower-case surname after a salutation", "leute, frau ⟦kremer⟧ von der gartenstr. hat angerufen. das attest vom kinderarzt dr ⟦weinreich⟧. frau ⟦kremer⟧ will geld"},
	{"lower-case given name and surname", "hausbesuch bei frau ⟦emine öztürk⟧, zusammen mit tochter ⟦derya⟧. frau ⟦öztürk⟧ hat zucker"},
	{"lower-case signature after a sign-off", "kann mich jemand zurückrufen?\n\ngruß\n⟦marco de luca⟧\n"},
	{"surname, given name in a blank-aligned table", "ZNr             Name                    IBAN\n6.2200.013390.6 ⟦Mehmeti, Valentina⟧      DE29 5760\n6.2200.014002.3 ⟦Gruber-Hainzl, Josef⟧    AT29 9029"},
	{"surname, given name after a role word", "Betreff: Mandant ⟦Ay, Cem⟧ – Gewerbesteuer\nBeschäftigte ⟦Hrnjić, Amra⟧\n> Am 08.05.2024 um 10:12 schrieb ⟦Brandtner, Iris⟧ <iris@x.de>:"},
	{"persian surname in -aei", "Kunde: ⟦Hamid Rezaei⟧, geb. 12.10.1977"},
	{"unknown given name with an age after a relation", "mit den Kindern ⟦Arash⟧ (14) und ⟦Nilufar⟧ (9)"},
	{"lone given name with a verb or a relation word", "er sagte, ⟦Dennis⟧ habe ihn geschubst. Mein sohn ⟦Artem⟧ ist in der ausbildung. My colleague ⟦Thanh⟧ saw the error. und ⟦Bogdan⟧ wollte noch seine zettel"},
	{"lone given name after a person preposition", "Ok, ich fahr mit ⟦Sanja⟧ um 11 hin."},
	{"given name as the salutation line of a mail", "⟦Sarah⟧,\nthanks for the update."},
	{"passport form: surname and a known given name in capitals", "- ukrainischer Reisepass: ⟦SHEVCHUK OLEKSANDR⟧\nim Pass „⟦HEVIN MUSTAFA⟧“"},
	{"names joined by und after a label", "Eltern: ⟦Reza Jafari⟧ und ⟦Parisa Moradi⟧, Am Schützenhof 14"},
	{"lower-case given name after thanks or a greeting", "[09:16] JW: top danke ⟦leyla⟧\nhallo zusammen, danke schön, hi ⟦anna⟧!\nmit ihrem bruder, ⟦jonas⟧, der kann deutsch"},
	{"unknown surname after a given name ending like a noun", "Vorsitz: Ratsherr ⟦Bernd Kallweit⟧ (CDU)"},
	{"unknown surname after two given names", "der Heimatforscher ⟦Johann Wilhelm Scheben⟧ (* 4. Mai 1838), Frau ⟦Hodan Abdi Warsame⟧, geb. 01.01.1997"},
	{"two given names before a noun", "bei ⟦Anna Maria⟧ Arbeitszeit erfassen, ⟦Peter Paul⟧ Zeitung lesen, ⟦Anna Lena⟧ Stadtverwaltung"},
	{"surname in capitals before a comma", "Antragstellerin: ⟦HABTEMARIAM, Semhar Tesfalem⟧, geb. 04.06.1988\nunter dem Namen „⟦KHALIL, Rojda⟧“ gespeichert"},
	{"two full names joined by a comma", "Trauzeugen: ⟦Besnik Gashi⟧, ⟦Chiara Ferraro⟧"},
	{"owner after a firm, parking warden", "Entwurfsverfasser: Architekturbüro Steinbach, Dipl.-Ing. ⟦Frank Steinbach⟧\nZeuge: Politesse ⟦Marković⟧, Dienstnummer 4471\n3. Yılmaz Hoch- und Tiefbau e. K., Inh. ⟦Serkan Yılmaz⟧"},
	{"sql values of prefixed name columns", "INSERT INTO `anmeldung` (`id`,`kind_nachname`,`kind_vorname`,`sorgeberechtigt`,`ort`) VALUES\n(10413,'⟦Ramadani⟧','⟦Elira⟧','⟦Blerina Ramadani⟧','Troisdorf');"},
	{"three-part names with an unknown second given name", "als „⟦Mohammad Naseem Ahmadzay⟧“ eingetragen, sein Bruder ⟦Abdul Wahid Sultani⟧ kam"},
	{"record after a comma name, passport form", "Vater: ⟦Sivarajah, Tharmalingam⟧, geb. am 02.06.1988 in Point Pedro\nim Pass: „⟦THARMALINGAM SIVARAJAH⟧“"},
	{"card holder field", "pan=5506 exp=02/26 holder=\"⟦OKONKWO CHIDINMA⟧\""},
	{"lower-case names after a sign-off and an introduction", "ok danke\ngruß ⟦tuan pham⟧\n> hallo, mein name ⟦rojda xelîl⟧, handy kaputt. mein name ist ⟦anna schmidt⟧."},
	{"rank after a label, military rank, genitive relation", "Ansprechpartner: Brandoberrat ⟦Jens Kötter⟧, Tel. 0\nder preußische General ⟦Friedrich Wilhelm von Wobersnow⟧. Anmeldung Ihres Sohnes ⟦Phạm Minh Khoa⟧ bitte"},
	{"rank inside a list entry", "- Freiwillige Feuerwehr Löschzug Brakel, Löschzugführer ⟦Marcel Wiemers⟧"},
	{"lower-case name after a relation and again", "im system: ⟦natalia dragomir⟧, geb. 1988. der perso ihres mannes ⟦florin dragomir⟧, ok"},
	{"csv header with a unit in parentheses", "Ticket;Kategorie;Sachbearbeiter;Dauer(h)\nINC-1;VPN;⟦Mahlberg, Eva⟧;3,1"},
	{"csv header with a remark in parentheses", "Kennzeichen;Halter;Anschrift (Melderegister)\nMK-AB 42;⟦Zefi, Fatmir⟧;Nordring 1"},
	{"unknown names repeated by the mail address", "⟦Tharshika Sivakumar⟧ – tharshi.siva@web.de\n⟦Bashir Rahimi⟧ – bashir.rahimi92@gmx.de\n⟦Abdirahman Warsame⟧ – a.warsame@gmx.de"},
	{"surname with a noun ending after a given name", "Oberbürgermeister ⟦Daniel Schranz⟧ hat am Montag. Bitte an ⟦Anna Kranz⟧ weiterleiten."},
	{"surnames in -ung, -lein, -brecht, -hagen after a given name", "Dr. ⟦Friedrich Amelung⟧\nSachbearbeiterin ⟦Beate Nüßlein⟧ hat am Montag. Antragstellerin: ⟦Sophia Lamprecht⟧\nBitte an ⟦Leonie Hartung⟧ und ⟦Lisa Tenhagen⟧ (Kassiererin)."},
	{"a hyphenated label before a surname found before stays outside", "Name;Konf\n⟦Brenner, Tobias⟧;rk\n\nSteuer-ID ⟦Brenner⟧: 28605919348\nKunden-Nr ⟦Brenner⟧ hat angerufen\n⟦Anna-Lena Brenner⟧ kommt"},
	{"an unlisted surname opening a signature line before its role", "Mit freundlichen Grüßen\n⟦Dreyer⟧, Richterin am Amtsgericht\n\n⟦Husić⟧, Sachbearbeitung\n⟦Oyelaran⟧, Sachbearbeiter"},
	{"an unlisted first part of a name of three as a court party or in quotes", "Verwaltungsrechtssache\n⟦Bashir Mohamud Ali⟧ ./. Landkreis Vorpommern-Süd\nEr nannte sich „⟦Bashiir Maxamuud Cali⟧“, später Bescheid ⟦Mohamud Ali⟧ ./. Stadt"},
	{"fire-service and civil-service ranks stay outside", "Einsatzleiter HBM ⟦Jens Sander⟧ kam.\nOberbrandinspektor ⟦Kröger⟧ berichtet.\nROI ⟦Yıldız⟧, Bauamt"},
	{"a passport's capitals with a particle, found as two names, are one", "Vater: ⟦Mohammed Al-Hassan⟧ (AZR), ⟦AL HASAN, MOHAMAD⟧ (syrischer Pass), geb. 01.01.1979"},
	{"a list of full names in capitals stays a list", "Teilnehmer: ⟦ANNA MÜLLER⟧, ⟦PETER SCHMIDT⟧"},
	{"council members' surnames listed after their plural role", "Anwesend: Bürgermeister ⟦Norbert Büscher⟧ (Vorsitz); Ratsmitglieder ⟦Albrecht⟧, ⟦Demirtaş⟧, ⟦Fuchs⟧, ⟦Klein⟧, Dr. ⟦Wallraf⟧ und ⟦Zimmermann⟧\nEntschuldigt: Stadträtinnen ⟦Hoffmann⟧ und ⟦Yıldırım⟧."},
	{"an unlisted given name between a surname found and a birth or death mark", "Kinder: ⟦Tesfay, Filmon⟧ (geb. 2019); ⟦Tesfay, Selam⟧, geb. 05.08.2021\n- ⟦Tesfay, Letteberhan⟧ († 2019)"},
	{"the clerk to ask after Kontakt:", "Kontakt: ⟦Meier-Lüdeking⟧, Tel. 05221 13-1523\nKontakt: ⟦Yılmaz⟧, Zimmer 12"},
	{"a person named like a call sign before a number", "Herr ⟦Florian Müller⟧ 1-2 Tage krank\nTeilnehmer: ⟦Christoph Becker⟧ 3/4 anwesend"},
	{"an initial and an unlisted surname filling a table cell", "| Sa 05.12. | Nord | ⟦R. Hennig⟧ | ⟦Oğuz Tekin⟧ |\n| So 06.12. | Süd | ⟦M. Brauckmann⟧ | 3 |\nDatum;Wache;Name\n07.12.;Nord;⟦K. Ostendarp⟧"},
	{"lower fire-service and police grades and English council titles stay outside", "Bericht: UBM ⟦Kevin Tschorn⟧\nAngriffstrupp: OFM ⟦Jan Wessels⟧, HFM ⟦Aylin Kaya⟧\nKOM ⟦Berger⟧ nahm auf.\n- Councillor ⟦Margaret O'Connell⟧ (single room)\n- Cllr ⟦Rajesh Patel⟧, Leeds City Council"},
	{"the writer of a file note after a participle label", "Vermerk\nGefertigt: ⟦Lehmann⟧, 12.11.\nProtokolliert: ⟦Mustafić⟧\nAufgenommen: ⟦Kröger⟧"},
	{"an unlisted name under Name beside an Anrede column", "Verein,Funktion,Anrede,Name,Ort\nEritreische Gemeinschaft,Kontakt,Herr,⟦Tekle Ghebreyesus⟧,Schwäbisch Hall\nTSV 1921 e.V.,Vorsitzende,Frau,⟦Hatice Çelik⟧,Crailsheim"},
	{"role noun before a name stays outside", "Die Pädagogin ⟦May Ayim⟧ war Dichterin. Die Psychologin ⟦Anna Kranz⟧ sprach."},
	{"numbered label, surname with foreign letters before a comma", "Verlobte 1: ⟦Berisha, Arjeta⟧, geb. ⟦Gashi⟧\nBetreff: AW: Termin – ⟦Xelîl, Rojda⟧\nSie schreiben „⟦Xelîl, Rojda⟧“."},
	{"judges with their court, signature row of a panel", "den Richter am Verwaltungsgericht ⟦Lorenz⟧ und die Richterin am Amtsgericht Dr. ⟦Haug⟧\n\nDr. ⟦Bertram⟧          ⟦Lützenkirchen⟧          ⟦Yilmaz-Eckert⟧"},
	{"given name of a full name alone on a quoted line", "> Am 28.03.2025 schrieb ⟦Iryna Bondarenko⟧:\n> Guten Tag, ich habe keine Antwort.\n> ⟦Iryna⟧\n>"},
	{"children with their ages, initial before a role", "Kinder ⟦Yonas⟧ (6 J.) und ⟦Saba⟧ (3 J.)\nKinder: ⟦Ayaan⟧ (4), ⟦Mahad⟧ (1)\n⟦M. Albers⟧, Sozialarbeiterin, Tel. 0"},
	{"unknown rank before a name", "Einsatzleiter: Gemeindebrandinspektor ⟦Marco Eschbach⟧\nKassenwart ⟦Jörg Pelzer⟧ berichtet"},
	{"children with birth dates, unknown given names", "Kinder: ⟦Selam⟧ (geb. 12.02.2017), ⟦Abel⟧ (geb. 30.06.2020), ⟦Rahwa⟧ (geb. 08.01.2024).\n- tochter ⟦Mursal⟧ (geb. 15.02.2013) braucht eine Brille"},
	{"lower-case greeting, role sender, given name of a full name again", "[07:02] ⟦Marlene Kruse⟧: moin ⟦Patrick⟧, ich fall aus\n[07:06] ⟦Marlene Kruse⟧: evtl ⟦Dragana⟧? die hat bis 12\n[07:30] ⟦Dragana Ilić⟧: mach ich\n14:03 Support (⟦Nils⟧): Was sehen Sie?"},
	{"surname initial, initial without dot, CSV cell, double surname", "der Typ aus dem 2. Stock, ⟦Jürgen Z.⟧ oder so\nKarteninhaber STADT CELLE / ⟦M OSTENDORF⟧\nINC-1;Drucker;⟦Mahlberg, Eva⟧;in Arbeit\n1) ⟦Oluwaseun Adebayo-Williams⟧, nigerianisch"},
	{"weak labels and English salutations", "Sachbearbeitung: ⟦Jansen⟧, Zi. 2.14\nBearbeitung: ⟦Schäfer⟧, Tel. -3318\n# Autor: ⟦M. Gashi⟧, 2023\nDear Ms. ⟦Hoffmann⟧,\nDear Mr ⟦Yilmaz⟧,"},
	{"initials before a surname found before", "Einsatzleiter: Stadtbrandinspektor ⟦Frank Heilmann⟧\nBericht erstellt: ⟦F. Heilmann⟧, Kopie an ⟦H.-W. Heilmann⟧"},
	{"given name and initial before a parenthesis", "Beitrag von ⟦Rüdiger H.⟧ (17.10.2025, 22:03):\nAntwort von ⟦Sabine K.⟧: ja"},
	{"passport form in capitals with two given names", "Schreibweise im Pass: ⟦SULTANI, MOHAMMAD DAWOOD⟧), geb. 1994\nName: ⟦HAIDARI, ZAHRA⟧\nFrau ⟦Maria das Neves⟧ kam"},
	{"surnames alone in file-note signatures and after heißt", "Die Fiktionsbescheinigung wurde ausgestellt.\n\n⟦Lehmann⟧, SB 32.1\nSB ⟦Wiegand⟧, 19.11.2025\nGeprüft: ⟦Reinhardt⟧, Zentrale Vergabestelle\nDie Mieter heißen ⟦Fiedler⟧ laut Klingelschild."},
	{"the given name of a three-part or unknown full name alone again", "Kind: ⟦Amira Osman Ali⟧, geb. 09.06.2015\nDie Lage ist stabil. ⟦Amira⟧ besucht die 4. Klasse.\nSchülerin: ⟦Nomvula Dlamini⟧, Klasse 6b\n⟦Nomvula⟧ kam im Februar zu uns."},
	{"lower-case chat pasted without time stamps", "⟦jan⟧: wer macht morgen die sprechstunde?\n⟦ayse⟧: ich, vorher termin mit frau ⟦nikolić⟧\n⟦jan⟧: ok\n⟦tarek⟧: jo mach ich"},
	{"unlisted full names after a self-introduction, a variant or a listed name", "Hallo, ich bin ⟦Ahmad Shah Hashimi⟧, ich brauche etwas. Mein Name ist ⟦Liridona Krasniqi⟧.\nAntragstellerin: ⟦Ljudmila Kravčenko⟧ (auch ⟦Lyudmila Kravchenko⟧), geb. 1951\nEs kamen ⟦Gerhard Pietsch⟧, ⟦Tesfaye Gebremariam⟧ und ⟦Oluwakemi Adeyemi⟧."},
	{"names in capitals printed in quotes after Name or Pass", "im Aufenthaltstitel der Name „⟦HAILE, DAWIT TESFAY⟧“ und im Pass „⟦TESFAY HAILE, DAWIT⟧“ eingetragen"},
	{"rulers with their numbers after a rank", "als Landgraf ⟦Ludwig III.⟧ von Thüringen Güter übertrug; Urkunde des Kölner Erzbischofs ⟦Anno II.⟧ von 1064; Königin ⟦Elisabeth II.⟧ starb"},
	{"an unlisted full name before an office at the head of a list entry", "- ⟦Liridona Krasniqi⟧, Bürgerbüro, seit 03.11. erkrankt\n- ⟦Oluwaseun Adeyemi⟧, Standesamt"},
	{"relation words and club roles stay outside", "Mein Vater, ⟦Ernst Schwarzkopf⟧, ist 91. Ich bin ⟦Khaled Aboud⟧, Vater von ⟦Yasmin⟧ (geboren 02.09.2025).\nVertreten durch: Kassiererin ⟦Maryam Stanekzai⟧, Beisitzer ⟦Jonas Berger⟧"},
	{"titles and roles stay outside names in table cells and lists", "Stimmbezirk | Funktion | Name | E-Mail\n103 Nord | Wahlvorsteher | Dr. ⟦Michael Brodesser⟧ | m@x.de\nAnwesend: Beigeordneter ⟦Manfred Schier⟧, Klimaschutzmanagerin ⟦Julia Brück⟧, Protokoll: ⟦Kai Schumacher⟧"},
	{"a child's given name after a school word and a preposition", "Kind: ⟦Endrit Hoxha⟧, geb. 22.05.2013\nGespräch in der Schule mit ⟦Endrit⟧, Fotodokumentation."},
	{"a clerk's surname alone after Im Auftrag, on the last line with a unit", "Widerspruch ist einzulegen.\n\nIm Auftrag\n⟦Meuser⟧"},
	{"a surname alone or with the unit on the last line of a note", "Wiedervorlage: 3 Monate.\n\n⟦Rademacher⟧, SB 33.1"},
	{"a listed surname alone on the last line", "Barbetrag wird am 02.11. ausgezahlt.\n\n⟦Seidel⟧"},
	{"anonymised initials of parties in court texts", "des Herrn ⟦A. K.⟧, wohnhaft in Troisdorf,\n⟦M. B.⟧, Klägerin,\nvon den Mitbeschuldigten (⟦D. S.⟧ und ⟦K. M.⟧) mitreißen lassen"},
	{"partners named as persons beside their firm", "Inhaber: ⟦Kwame Osei⟧, Osei Logistics – Kurierdienst\nMit freundlichen Grüßen\n⟦Burak Koç⟧\nSteuerbüro Lindner & Koç <kanzlei@lindner-koc.de>"},
	{"children's given names with their age in a list, again alone, after a possessive kin word", "Anwesend: Frau ⟦Hodan Abdi Warsame⟧ (Kindesmutter), ⟦Abdirahman⟧ (9 J.), ⟦Sagal⟧ (4 J.), Fachkraft\n⟦Sagal⟧ geht in die Kita.\nIhr Sohn ⟦Chidi⟧, Schüler der Klasse 7b, fehlt."},
	{"names after participles, born in a place, a label with a name word", "Aufnehmende Kraft: ⟦Ben Reuter⟧, Dienstnummer 4417\nIhre Personalien: ⟦NGUYEN THI HUONG⟧, geboren am 12.12.1987 in Hai Phong.\nKind (Vorname): ⟦Amira⟧"},
	{"passport forms in capitals, an initial after a listed name, an unknown given name in a list, Surname, Given in a cell", "Frau ⟦Tekle⟧ kam. Person: ⟦TEKLE, Semhar⟧ (Schreibweise im Pass: ⟦TEKLE SEMHAR GHEBREMARIAM⟧)\nKontoinhaber: ⟦Pham Minh Tuan⟧\nUnterschrift: ⟦Pham M. Tuan⟧\nAnwesend: ⟦Wilfried Hanf⟧ (CDU), ⟦Christoph Klein⟧ (CDU), ⟦Nurten Bayrak⟧ (SPD), ⟦Holger Esser⟧ (SPD)\n⟦Yusuf Bayram⟧\t07.09.2021\t⟦Bayram, Emine⟧\tja"},
	{"a birth name after née, a spelling variant after (auch:", "his mother, Mrs ⟦Comfort Darko⟧ (née ⟦Appiah⟧), now lives in Accra\n1) ⟦WARSAME, Abdikarim Mohamed⟧ (auch: ⟦Warsame Abdikariim Maxamed⟧), Somalia"},
	{"council members with their party, a panel of judges", "Entschuldigt: ⟦Heinz Engelskirchen⟧ (CDU)\ndurch den Richter am Sozialgericht ⟦Heuser⟧ sowie die ehrenamtlichen Richter ⟦Wessel⟧ und ⟦Camara⟧ für Recht erkannt"},
	{"two unknown words after a kin word, an unknown given name after a spelling variant", "Familie mit 4 Kindern, Ehefrau ⟦Parwin Noori⟧ schwanger, ET Januar\nSchreibweisen im AZR auch ⟦Asamoa, Kwaku⟧ / ⟦Asamoah, Kwako⟧, ghanaischer StA"},
	{"a given name that is a weekday abbreviation, unknown names greeted and in a header", "Hallo ⟦Thu⟧,\nHallo ⟦Ayaan⟧,\nVon: ⟦Haidari Sayed⟧ <s.haidari@example.org>"},
	{"a name found again after a sentence end, not with the word ending the sentence", "Kinder ⟦Kajan⟧ (8) und ⟦Abinaya⟧ (5) waren da.\nSie muss in die Klinik. ⟦Kajan⟧ hat Fieber, die Mutter fragt wegen Dosis. ⟦Abinaya⟧ schläft."},
	{"chat senders without time stamps", "Chatverlauf Team Bauhof\n⟦Ralf⟧: morgen ist warnstreik\n⟦Murat Kılıç⟧: ich auch\n⟦Ewelina⟧: ich nicht"},
	{"Nachname, Vorname Vorname with unknown words in a padded cell, as court parties, as variants of a name found", "In dem Rechtsstreit Wohnbau eG ./. ⟦Haidari, Sayed Mohammad⟧ und ⟦Haidari, Zarghuna⟧, wohnhaft in Bornheim\nPerson: ⟦NOORZAI, Gul Ahmad⟧ (in Vorakten auch ⟦Nurzai, Gulahmad⟧ bzw. ⟦Noorzay, Gul Ahmad⟧), geb. 1996\nLfd. Nr. 1187 | ⟦Ghebremariam, Luwam⟧ | Burgweg 17 |"},
	{"registry and historical officials, SB in contact lines, the on-call line", "Bearbeitung: Standesbeamtin ⟦Ritterbach⟧, Tel. 1\nder Maire ⟦Peter Joseph Schallenberg⟧ ließ bauen\nRückfragen an SB ⟦Hennes⟧, Tel. 2\nZuständige SB: ⟦Krämer⟧, Durchwahl 4310\nRufbereitschaft: ⟦J. Esch⟧\nVon: RAin Dr. ⟦Yasemin Erdem⟧"},
	{"initials with unknown surnames in brackets, after a label with a role or another initial, before a dash", "Protokoll: ⟦K. Dzemidžić⟧ (Kasse), ⟦P. Oyelaran⟧ (Bauamt)\nFreigabe (⟦B. Tiedgen⟧):\nTeilnehmer: ⟦U. Wollersheim⟧, ⟦H. Pütz⟧\nVorlage von ⟦F. Kurtuldu⟧ -- Stand 2025"},
	{"Nachname, Vorname before a lower-case word or a date after a comma", "Versicherte: ⟦Demir, Ayşe⟧, geb. 01.02.1980\nVersicherter: ⟦Kaya, Necla⟧, wohnhaft in Bonn"},
	{"the line after a salutation alone on its line in an address block", "Frau\n⟦Hodan Abdi Warsame⟧\nAm Buschhof 3\n\nHerrn\r\nDr. ⟦Kwabena Asante Mensah⟧\r\nPostfach 12"},
	{"a clerk's surname after the clerk's role, signing with the role on the last line", "Anwesend: Antragstellerin, Sachbearbeiter ⟦Hülsemann⟧\nRückfragen: Sachbearbeitung ⟦Yıldız⟧, Tel. 12\n\n⟦Krämer⟧, Sachbearbeitung Gewerbe"},
	{"name fields copied into a sentence without colons", "Laut Kopie: Name ⟦Tesfamariam⟧, Vorname ⟦Luwam⟧, geboren 2001.\nDatenseite: Familienname ⟦Okafor⟧; Vorname ⟦Chidi Emeka⟧."},
	{"a name in capitals runs on over capitals of any script", "Schreibweise laut Pass: ⟦PHẠM VĂN ĐẠT⟧, geb. 1990\nim Pass: ⟦TRẦN THỊ ĐÀO⟧ (Ehefrau)"},
	{"signatures after In Vertretung and i. V.", "Der Landrat\nIn Vertretung\n⟦Hülsbusch⟧\nKreisdirektor\n\nMit freundlichen Grüßen\ni. V.\n⟦Kerstin Overath⟧"},
	{"a full name in lower case after a name field", "Name: ⟦dragana jovanović⟧\nVorname, Name: ⟦emine öztürk⟧, geb. 1.1.2000"},
	{"a listed name before a full name found is its first part", "Betreff: Umzug ⟦Said Ahmed Warsame⟧\n70012;⟦Pham Van Minh⟧;Hennef"},
	{"an official signing on the line under the role", "Bonn, 02.09.2024\nDie Standesbeamtin\n⟦Hüsgen⟧\n\nDer Landrat\nDr. ⟦Jens Kötter⟧"},
	{"Nachname, Vorname after a salutation, the entry ending there", "Vorsprache von Herrn ⟦Ahmadzai, Mohammad Nasir⟧ (früher auch ⟦Ahmadsai, Mohamad Naser⟧), geb. 01.01.1998\nmit Frau ⟦Karimi, Leila⟧; dann"},
	{"police and fire brigade ranks before a surname", "Polizeipräsidium Bonn (EPHK ⟦Moll⟧), Feuerwehr (BOR ⟦Tanriverdi⟧), Veranstalter"},
	{"a list of unknown Nachname, Vorname with a birth date or a kin word", "Indexperson: ⟦Tekle, Mehari⟧, geb. 1989-04-02, eritreisch\n\nKontaktpersonen:\n1. ⟦Ghebremedhin, Semhar⟧ – Zimmernachbarin\n2. ⟦Habte, Filmon⟧ – Arbeitskollege\n3. ⟦Weldemichael, Yohannes⟧ – Bruder, lebt in Braunschweig"},
	{"a salutation, a comma and a given name starting a sentence", "Sehr geehrter Herr ⟦Berger⟧, ⟦Anna⟧ hat angerufen.\nHerr ⟦Weber⟧, Mitglied, geb. 1970"},
	{"an entry with a birth date vouches only for plain entries near it", "Verlobte: ⟦Tekle, Mehari⟧, geb. 1989\nVorgelegt: Reisepass Kosovo, Geburtsurkunde (Formular)\nZeuge: ⟦Habte, Filmon⟧"},
	{"surnames alone after an attendance label", "anwesend: ⟦Schmidt⟧ (Vors.), ⟦Aydın⟧, ⟦Kessler-Lang⟧, ⟦Nowak⟧, ⟦Baumann⟧; entschuldigt: Fröhlich\nEinsatzkräfte: ⟦Brecht⟧, ⟦Hossaini⟧ und ⟦Marquardt⟧\nFachkräfte: ⟦Yilmaz⟧/⟦Osterkamp⟧"},
	{"an initial and an unlisted surname that the address after it repeats", "| 24.11. | ⟦J. Hoffmeister⟧, j.hoffmeister@posteo.de | Laterne defekt |"},
	{"a given name found before, again alone at the start of a sentence", "Kind: ⟦Leon Adamczyk⟧, 8 Jahre\nMutter berichtet vom Partner. ⟦Leon⟧ spielte ruhig."},
	{"an unlisted given name and a listed name after a kin word", "Vertreten durch die Tochter ⟦Rojda Mustafa⟧, Tel. 0176 55 30 19 82."},
	{"a spelling variant of a surname in brackets", "Herr ⟦Schewtschenko⟧ (auch ⟦Shevchenko⟧) hat die Ukraine verlassen."},
	{"a kin word of the name lists after a salutation", "Gespräch mit Herrn ⟦Papa⟧ am Montag."},
	{"an unlisted first part of a variant after a label in brackets", "Frau ⟦Faadumo Cabdullaahi Xasan⟧ (in BAMF-Unterlagen: ⟦Fadumo Abdullahi Hassan⟧) sprach vor."},
	{"a double surname ending in -haus after a salutation", "Unterbringung klärt das Sozialamt (Frau ⟦Lütke-Brinkhaus⟧, 02551 13-227). Herr ⟦Meier-Niehaus⟧ kam."},
	{"a label or a plural before a surname stays outside", "Hausbesuch (Fachkräfte Yilmaz und Team)\nAachen, 24.11.2025   Unterschrift ⟦Nguyen Thi Huong⟧"},
	{"Nachname, Vorname of a table again at the head of a list entry", "Nr;Name;Vorname\n5;⟦Rahimi⟧;⟦Bashir⟧\n\n- ⟦Rahimi, Bashir⟧: Lichtbild fehlt"},
	{"an unlisted rank before a name after a label", "Sachbearbeitung: Vollziehungsbeamter ⟦Rainer Offermann⟧, Tel. 0221 1234"},
	{"two full names of three words after a label", "Eltern: ⟦Hodan Ali Farah⟧, ⟦Yusuf Warsame Hassan⟧\n\nTeilnehmer: ⟦Pereira Silva, Ana Maria⟧"},
	{"a lone surname after the council-member abbreviation", "- Rm ⟦Lorenz⟧ (Grüne) fragt nach dem Hebesatz\n- Rm ⟦Ćosić⟧ fragt nach der Sporthalle"},
	{"a given name that is also a word ends a name of three", "Indexfall: ⟦Mahamed Abdi Nur⟧, geb. 10.10.1998"},
	{"an initial and an unlisted surname after a role and its colon", "Schulleiterin: ⟦B. Kranz-Oduya⟧\nSachbearbeiter: ⟦K. Wolters⟧, Tel. 0221 1234"},
	{"an unlisted surname and a comma before given names found", "Antragstellerin (im Melderegister: ⟦Dang, Thi Thanh Huong⟧), geb. 22.11.1984"},
	{"an initial and a surname after the signature label", "Gevelsberg, 27.02.2025     Unterschrift: ⟦M. Sekulić⟧"},
	{"a lower-case given name and an unlisted surname after ich heisse", "ich heisse ⟦murat kilic⟧ geb 12.5.1985, wohne am stadtgarten 4"},
	{"a capitalised name after a salutation typed in lower case", "danke! frau ⟦Yıldırım⟧ vom standesamt hat das gleiche problem, herr Dr. ⟦Kowalczyk⟧ auch"},
	{"a lower-case initial and surname on the sign-off line", "bitte kommen sie endlich!!\ngruss ⟦k. mazur⟧\n"},
	{"a Cyrillic patronymic ends the name", "Russisch-sprachige Urkunde: ⟦Григоренко Александр Викторович⟧\nUrkunde: ⟦Шевченко Наталія Олександрівна⟧, geb. 01.02.1980"},
	{"an unlisted given name after a possessive kin word at a wrapped line end", "sei seine Familie bedroht worden. Sein Bruder ⟦Ferhad⟧\nlebe heute in Bielefeld."},
	{"two unlisted words before geb. after a colon or des", "BAMF-Bescheid: ⟦Abdulrahim Muhammadi⟧, geb. 00.00.1990\nTazkira: Sohn des ⟦Ghulam Sakhi⟧, geb. 1368"},
	{"a lower-case given name on the sign-off line before a bracket", "wir melden uns.\nlg ⟦jana⟧ (gruppe marienkäfer)\n"},
	{"a profession or service before the name stays outside", "nach Plänen des Architekten ⟦Paul Schultze-Naumburg⟧ umgebaut\nAufgenommen: KOD ⟦Stefan Reis⟧, Dienstnummer 4417\nVon: Steuerberatung ⟦Aylin Toprak⟧ <kanzlei@example.de>"},
	{"a surname that is a noun after a possessive, then the name", "Mein Mann, ⟦Kwame Osei-Bonsu⟧, möchte die Partnermonate nehmen.\nSein Bruder ⟦Ferhad⟧\nlebt in Bielefeld."},
	{"a hyphenated given name after the surname and a comma", "Antragstellerin: ⟦Radu, Ioana-Maria⟧, Hauptstraße 88, 74072 Heilbronn"},
	{"an unlisted given name after a kin word with its age after a comma", "- Sohn ⟦Nahom⟧, 7 J., 2. Klasse\n- Tochter ⟦Selamawit⟧, 12 Jahre, Kita"},
	{"two unlisted given names after the surname and a comma, then the entry ends", "Anwesend: Herr ⟦Tesfamariam, Yonas Haile⟧ (Eritrea)\nAntragsteller: ⟦Tesfamariam, Yonas Haile⟧\nHerr ⟦Gebremedhin, Yonas⟧ (geb. 1994)"},
	{"a label's surname with a particle, a comma and the given names", "Antragsteller: ⟦Al Hussein, Abdul Rahman⟧\nAntragsteller: ⟦van Dijk, Jan⟧"},
	{"a parent's listed given name after Sohn des / Tochter der", "Geburtsurkunde: Sohn des ⟦Mahmoud⟧ und der ⟦Fatima⟧\nder Sohn des ⟦Klaus⟧ kam"},
	{"an initial of two or three letters before the surname after a cue", "gez. ⟦Th. Müller⟧\nAnsprechpartner: ⟦Chr. Weber⟧, Zimmer 3"},
	{"a body after vom is no particle of the surname", "Herr ⟦Özkan⟧ vom Personalrat nimmt teil. Frau ⟦Meier⟧ vom Stadtrat auch. Ratsherr ⟦vom Hofe⟧ kam."},
}

var personFPs = []lexCase{
	{"attendance list of bodies and roles", "Anwesend: Vorstand, Kasse, Schriftführung (Protokoll)\nTeilnehmer: Ordnungsamt, Jugendamt, Sozialamt"},
	{"offices and roles on the line under an official's role", "Der Bürgermeister\nSozialdezernat\n\nDer Bürgermeister\nFachbereich 3\n\nDie Bürgermeisterin\nBauverwaltung\n\nDer Landrat\nKreisverwaltung Euskirchen\n\nDer Bürgermeister\nAllgemeiner Vertreter\n\nDer Bürgermeister\nRechtsamt"},
	{"ordinary words before a full name found", "Liebe ⟦Anna Schmidt⟧,\nBitte ⟦Jens Weber⟧ anrufen.\nHeute ⟦Eva Braun⟧ da.\nFirma Lange ⟦Nils Becker⟧"},
	{"lower-case values of a name field that are no names", "Name: keine angabe\nName: siehe oben\nName: hans im glück\nName: unbekannt, bitte nachfragen"},
	{"roles signing after a sign-off, a Vertretung in running text", "Im Auftrag\nAllgemeiner Vertreter\n\nIn Vertretung\nStellvertretende Amtsleiterin\n\nDie Vertretung\nregelt der Plan."},
	{"name field words before nouns, bodies and headers", "Der Name Stadtwerke, wie gesagt\nName Vorname Geburtsdatum\nName Bürgerbüro, Name Personalamt.\nder Name Sozialhilfe; passt nicht"},
	{"departments after a clerk's role", "Sachbearbeitung Wahlen\nSachbearbeiterin Jugendhilfe\nSachbearbeiter Grundsteuer\nSachbearbeitung Gewerbe\nBearbeiter Sozialhilfe"},
	{"bodies and roles on the line after a salutation alone", "Frau\nStadtverwaltung Bonn\n\nHerrn\nLeiter des Bürgeramts\n\nFrau\nKreiskasse Euskirchen"},
	{"outline letters after a colon, a brand after a sender label, public cash offices signing, saints, prepositions and nouns before surnames", "Gliederung: A. Sachverhalt, B. Würdigung\nAbsender: KommunalNet Rhein GmbH\nMit freundlichen Grüßen\nKreiskasse Euskirchen\nGrundschule Sankt Martin\nAuf Wunsch senden wir es zu. Unter Vorbehalt.\nAnmerkung: Fahrkarte liegt vor\nam Kreisverkehr Zülpich-Nord gesperrt\nauf den Namen des Kindes"},
	{"nouns after kin words, numbered agenda items", "Ehefrau Sozialhilfe Bescheid liegt vor, Sohn Grundschule Nord besucht, Ehemann Jobcenter Bonn\n1) Hintergrund, Sachstand\n2) Termin, Absprache\nBonn (auch Bauamt, Stellungnahme)"},
	{"courts and towns after judges and parties", "Richter am Verwaltungsgericht Köln entschied.\nStadt Engelskirchen (CDU-regiert), Anna Kirchen (Bonn)\nWeber und Becker GmbH"},
	{"colloquial nee, places after (auch:", "nee, die Abfrage geht nicht\nBürgerbüro (auch: Servicecenter Nord), Ausländerbehörde (auch: Amt 33)"},
	{"capitals and words before names that stay outside", "REISEPASS DER BUNDESREPUBLIK\nAnlage Protokoll Nachtrag, Sitzung Stadtrat"},
	{"participles before nouns, places of given names after prepositions, adjectives before a label noun", "Aufnehmende Kraft: siehe oben\nBetreuende Lehrkraft: Klasse 3\ngeboren in Hai Phong, Umzug nach Anh Minh\nBetroffene Systeme: VOIS-Applikationsserver (VM vois-app01)"},
	{"nouns after kin words and possessives, counts after nouns", "Ihr Kind Zuhause, aber Ihre Kinder Sport, Musik\nRaum B (Sachbearbeitung), Abteilungen (3 J.)"},
	{"firms of partners and English firm words", "Steuerbüro Lindner & Koç\nYilmaz & Nowak GmbH\nName des Betriebs: Osei Logistics, Becker Solutions, Kaya Trading"},
	{"initials that are no party: placeholders, sections, abbreviations", "Frau N. N. kommt\nsiehe Teil A. B. und C., z. B. die U. S. Army\nAbschnitt A. B. Kosten"},
	{"words alone on the last line, offices after a sign-off", "Bitte prüfen.\n\nKenntnisnahme, SB 3"},
	{"participles, adjectives and question words ending a text", "Text\n\nErledigt"},
	{"an office after Im Auftrag", "Im Auftrag\nStadtkasse\n\nWarum"},
	{"a noun after the sign-off", "Mit freundlichen Grüßen\nZustimmung"},
	{"firms and schools after a preposition, roles without names", "Sporthalle der Schule mit Beamer, Kita Regenbogen mit Garten\nKlimaschutzmanagerin Nord, Stelle Projektmanagerin\nDr. med. und Prof. sind Titel"},
	{"marking in capitals before a comma", "VERTRAULICH, Personalsache. ACHTUNG, Bitte beachten. DRINGEND, Frist beachten. Die API, Le Chat"},
	{"units, acronyms, adjectives and weekdays", "(Familienkasse NRW West), (PIO Fond), (Abkommen DE-RS), Chip-Zugriff PACE, Papier A4, Blauer Engel\nÖffnungszeiten: Mo, Di, Do 7:30 Uhr\nAn: Verteiler Katastrophenschutz\nBearbeiter: IT-Service, 2nd Level\nan die Kollegin vom Spätdienst. Ansprechpartner im Referat: MR"},
	{"skills after an acronym and a comma", "Kenntnisse: SAP IS-PSCD, ArcGIS Grundkenntnisse"},
	{"lower-case sign-offs and introductions without a name", "gruß an alle\ngruß euer team\ngruß aus bonn\nich heiße nicht so, mein name ist hase. mein name steht oben"},
	{"rank or noun after a label", "Zeuge: Verkehrsüberwacher Dienstnummer 0417\nBetreuerin: Kontoauszüge anbei, Girokonto"},
	{"offices repeated by the mail address", "Bürgerbüro Nord – buergerbuero.nord@stadt.de\nKita Sonnenschein – kita.sonnenschein@stadt.de\nStadtwerke Bonn – info@stadtwerke-bonn.de"},
	{"nouns with a surname ending alone", "Die Bilanz, Distanz und Toleranz. Der Frühling kommt am Freitag zum Bauhof."},
	{"a time after a label word, foreign words before a comma", "Termin Mutter 14:30 Uhr. Menü: Crème, Sahne\n„Café, Kuchen“"},
	{"a court's town, cells beside a name", "Richterin am Landgericht Bonn. Der Richter am Amtsgericht hat entschieden.\nHerr ⟦Schmidt⟧          Sachgebiet          Telefon"},
	{"given name of a full name inside a line", "Termin mit ⟦Paul Schubert⟧ am Montag. Die Paul Gerhardt Kirche und Paul-Ehrlich-Institut"},
	{"counts in parentheses, outline letter", "PV AN (1 Kind)   59,34\nPaket (3 J.) und Anlage (2)\nA. Sachverhalt, Anlage"},
	{"unknown rank before a noun", "Gemeindebrandinspektor Dienstbesprechung, Kassenwart Bericht"},
	{"a list of words after a comma", "Betroffene Dienste: E-Mail, Kalender, Outlook im Web"},
	{"language names", "Anwesend: Dolmetscher Dari; Kurse in Farsi, Paschtu und Tigrinya"},
	{"course and fixed phrases", "Kurs 24H-5502: Yoga für den Rücken\nGelber Sack: 14-täglich\nReine Anliegerstraßen werden nur bei Glätte geräumt.\nMein Mann und ich arbeiten beide."},
	{"foundation named after a person", "Fahrkarten werden über die Stadt-Stiftung Friedrich Ebert nicht mehr bezuschusst."},
	{"json thing names", `{"product_name": "Fischer Dübel", "hostname": "Wagner", "filename": "Becker.pdf", "org_name": "Stadt Bonn"}`},
	{"k8s yaml name", "metadata:\n  name: nginx-ingress\n  namespace: kube-system\n"},
	{"json name org", `{"name": "Stadtbibliothek Trier", "typ": "Bibliothek"}`},
	{"json name unknown word", `{"name": "Success Manager"}`},
	{"name label before a benefit or a firm word", "Einkommen Antragstellerin: Bürgergeld (Jobcenter Marburg)\nAbsender: Glanzwerk Gebäudeservice GmbH"},
	{"role before a room word and its number", "2. Bewohnerin Zimmer 207 (Frau ⟦E. Hadžić⟧): Bettgitter ohne Genehmigung"},
	{"outline heading with a date that is no signature", "A. Anhörung, 12.03.2025\nB. Ortstermin, 14.03.2025\nC. Sachverhalt, Stand 2025"},
	{"English compound with a given name before a lower-case part", "ich hab mir ein Fine-grained Token erstellt, das Token ist gelöscht"},
	{"kin word before nouns, no name", "Der Vater Staat zahlt. Die Mutter Kind Kur beginnt im Mai."},
	{"kin word before a noun and a lower-case word", "Die Tante Emmas Laden gibt es nicht mehr, Onkel Dagoberts Geldspeicher auch nicht."},
	{"salutation, given name, -ei noun after it is no surname", "Frau ⟦Petra⟧ Kartei ansehen lassen"},
	{"salutation, given name, noun with a noun ending is no surname", "bitte Herrn ⟦Jonas⟧ Bescheid geben"},
	{"json name unknown word beside an id, no person record", `{"name": "Success Manager", "id": "4711"}`},
	{"json name of a thing beside a date that is no birth date", `{"name": "Frühjahrsputz Südstadt", "datum": "2026-03-14"}`},
	{"debtor column holding a firm", "Kassenzeichen\tSchuldner\tForderungsart\n2.130.9\tBäckerei Steinhoff GmbH\tGrundbesitzabgaben\n"},
	{"csv placeholder", "Nachname;Vorname\nMustermann;Test\n"},
	{"office mailboxes before their addresses", "Bürgerbüro Mitte – buergerbuero.mitte@stadt.de\nFachdienst Soziales - fachdienst.soziales@kreis.de\nTeam Digitalisierung <team.digital@stadt.de>\nStadtbibliothek Nord – stadtbibliothek.nord@stadt.de\nPresse und Kommunikation: presse@stadt.de"},
	{"sample persons after a salutation, as a whole", "Bitte die Vorlage an Herrn Max Mustermann richten; Frau Erika Musterfrau unterschreibt als Zeugin."},
	{"sql other columns", "INSERT INTO medien (signatur, titel) VALUES ('Kin 3 Lin', 'Pippi Langstrumpf');"},
	{"office after a mail label", "An: Straßenverkehrsamt – Zulassungsstelle\nVon: Ordnungsbehörde"},
	{"ordinary word after a given name", "Der Kreis informiert über Long Covid."},
	{"unit and determiner before surnames that are nouns", "Das Feld bleibt leer. Verbrauch: 612 kWh Feld"},
	{"outline headings", "A. Sachverhalt\nB. Rechtliche Würdigung\nC. Ergebnis"},
	{"places after a comma", "Standorte:\n- Bonn, Siegburg\n- Köln, Troisdorf"},
	{"AI products and English terms", "Die Gemini API, Le Chat und The AI Act; Server-Sent Events. Dienste: ChatGPT, Claude, Gemini, Copilot."},
	{"court parties that are bodies", "Stadt Bonn ./. Land Nordrhein-Westfalen, Kreis Siegburg ./. Bund"},
	{"lower case words after salutations", "die frau ist müde, der herr des hauses und ihr sohn kommt morgen, meine tochter will"},
	{"lone given names that are words", "The answer is even. Promise kept, trace logged."},
	{"AI services after a label", "Modell: Gemini\nAnbieter: Claude"},
	{"month after a label", "Beginn: August\nEnde: Mai"},
	{"capitals inside", "Vergütung: SuE"},
	{"car models", "Renault Zoe und Skoda Octavia im Fuhrpark"},
	{"firm named after owner", "Elektro Weber e. K. und Asia Imbiss Minh"},
	{"booking text", "Miete Januar, Miete Februar"},
	{"authority", "Die Stadt Bonn und das Amt für Soziales."},
	{"firm", "Die Müller GmbH liefert Büromaterial."},
	{"firm with first name", "Die Hans Müller GmbH & Co. KG liefert."},
	{"street", "Die Goethestraße ist gesperrt, ebenso die Konrad-Adenauer-Straße."},
	{"street spaced", "Zufahrt über die Konrad Adenauer Straße."},
	{"school", "Die Geschwister-Scholl-Schule und die Anne Frank Schule."},
	{"foundation", "Die Robert Bosch Stiftung fördert das."},
	{"placeholder", "Sehr geehrte(r) <Name>, Ihr Antrag"},
	{"account", "Login: anna.schmidt, Mail anna.schmidt@bonn.de"},
	{"month", "Am 3. Mai beginnt die Sitzung."},
	{"nouns", "Der Rat hat die Vorlage beschlossen. Bitte Frist beachten."},
	{"greeting group", "Hallo zusammen, liebe Kolleginnen und Kollegen,"},
	{"greeting regards", "Liebe Grüße"},
	{"months", "Ab März Termine, im Mai Sitzungen. Mai, Juni und Juli sind frei."},
	{"device", "Betroffen sind die Rechner BA-PC-0143 und BA-PC-0151."},
	{"celebration", "Maria Himmelfahrt und der Sankt Martin Umzug"},
	{"institute", "Das Max Planck Institut und die Max-Planck-Gesellschaft"},
	{"job titles", "Leiter Personal\nReferentin Digitalisierung\nTeamleiter IT\nGeschäftsführer Vertrieb"},
	{"vehicle makes", "SU-RS 1040;MAN TGM Kehrmaschine;Pool Bauhof\nDAF XF und MAN TGS im Einsatz"},
	{"mayor of a town", "Der Bürgermeister von Bonn und der Landrat der Kreisverwaltung Siegburg"},
	{"judge", "Vorsitzender Richter am Landgericht Bonn"},
	{"firm of a named owner", "Betriebsinhaber: ⟦Trần Văn Minh⟧\nBetrieb: Asia Imbiss Minh, Marktstraße 3"},
	{"firm two words on", "Die Müller Immobilien GmbH (Geschäftsführer: ⟦Sven Müller⟧) beantragt"},
	{"determiner before a surname noun", "Ein Bürger hat angerufen. Jeder Schneider weiß das, keine Bauer."},
	{"department after a job title", "Ich bin Sachbearbeiterin Beihilfe. Bitte erkläre mir das."},
	{"english salutation", "Dear Sir or Madam, I am writing"},
	{"vehicle make that is a given name", "Transporter Mercedes Sprinter, amtl. Kennzeichen"},
	{"particle before an office", "Gespräch mit ⟦Ute Brandt⟧ vom Personalrat"},
	{"places after a preposition", "Er kommt aus Hà Nội und wohnte in Hải Phòng, dann ging er nach Đà Nẵng."},
	{"firm word before a surname", "Liste vom Spargelhof Wingender und vom Autohandel Schmitz"},
	{"given name and a unit", "Team Anna IT und Jan HR ohne Doppelpunkt"},
	{"institutions named after a person", "Ev. Kita Martin Luther, Grundschule Astrid Lindgren, Bücherei Anna Seghers"},
	{"offices after a mail label", "An: Stadtbibliothek <info@stadt.de>\nVon: PI Worms – Ermittlungsgruppe <eg@polizei.de>"},
	{"weekday of a mail header", "Date: Tue, 4 Mar 2025 10:12:00 +0100\nSent: Wed, 5 Mar 2025"},
	{"title of an exercise", "Vermerk: Krisenstabsübung „Blackout Rhein-Berg 2024“ – Auswertung"},
	{"sentence after a role", "Verteiler: nur Teilnehmende, Landrat. Weitergabe nur nach Zustimmung des Leiters."},
	{"label words and departments", "Empfänger: Beschäftigte des Bürgerbüros\nLeiterin Personal und Organisation\nSachkundige Bürger: keine"},
	{"an initial before a noun", "siehe Abschnitt B. Verfahren, Anlage C. Kosten, Teile A und B. Übersicht"},
	{"lower-case words after salutations", "die frau ist nicht da, der herr hat angerufen, frau kollegin und herr doktor, frau nachbarin"},
	{"lower-case chat: words that are also names", "[08:02] info: der mark will die rose bach abwärts, ein wolf im paulaner garten, paul weiter\n[08:03] admin: die wartung ist fertig, der drucker geht"},
	{"lower-case prose without chat stamps: no given name and surname", "noch amadou diallo und kofi mensah, der andere war dilnoza rakhimova"},
	{"lower-case chat without names", "[Mo 07:12] info: der server läuft\n[Mo 07:13] admin: die wartung ist fertig, der drucker geht"},
	{"lower-case chat sender: a word that is no name before the slot", "[08:02] mark weiter: der server läuft\n[08:03] ⟦anna⟧: ok, und die wartung?"},
	{"lower-case chat sender with a given name and a stop word", "[08:02] info und: der server läuft\n[08:03] rose das: ist ok"},
	{"lower-case sign-off without a name", "gruß\ndas team vom bauhof\nlg\nbis morgen"},
	{"a noun with a count after a relation word", "die Kinder Spielzeit (14), Kinder Betreuung (3) und Bäckerei, Polizei"},
	{"given names that are words or places before verbs", "die Dame ist verunsichert. Gemini hat geantwortet. Fahrt nach Florence ist gebucht."},
	{"a diagnosis after a relation label", "Vater: Bronchialkarzinom, Mutter: Polyarthritis"},
	{"sql dump of another table", "CREATE TABLE `a` (`nachname` varchar(80), `ort` varchar(80));\nINSERT INTO `b` VALUES ('Bonn','Köln');\nCREATE TABLE c (ort text, nachname text);\nINSERT INTO c VALUES ('Siegburg', NULL);"},
	{"weak labels before values, English words", "Bearbeitung: Abgeschlossen, Status offen\nAutor: Stadtverwaltung, 2023\nZuständig: Fachdienst 50\nMS Teams und MS Word"},
	{"birth dates after ordinary words, a given name in another full name", "Kosten (geb. 2017) und Gebühren (* 2019)\n⟦Patrick Weber⟧ kam. Die Firma Patrick Schulz GmbH liefert.\nProjekt (geb. 12.02.2017)"},
	{"units, vehicles, firms of their owners, places", "Kräfte: LZ Meckenheim, LG Merl, RTW\nKleintransporter Ford Transit und Tesla Roadster\nHausmeisterservice Bartosz Nowak e.K., Dienst Jana Weber e. V.\nHerrn\n⟦Vasile Munteanu⟧\nMunteanu Trockenbau\nan: Via Roma 118, 80121 Napoli, Italia.\nFrau ⟦Laurence Le Goff⟧ (Ville de Brest)"},
	{"capitals after a letter, cells with places", "Siehe Anlage: A TEIL\nStand: A STADTAMT\nOrt;Stadtamt, Kita;x\nDie Kapitel Anlage A. Teil B."},
	{"label list with und and a place", "Absender: Stadt Bonn und Umgebung\nDie Eltern sind informiert, hallo welt, danke sehr."},
	{"log stamps, relation words, initials in headings", "Thu Nov 20 03:12:44 CET 2025\nMon Dec 01 07:00:00 UTC 2025\nVater, Mutter und Kinder\nsiehe Teil B. Kosten und Anlage C. Übersicht"},
	{"firms after a trade word, articles after a family, a judge's role", "Schuldner: Pizzeria Da Vito, Inhaber ⟦Vito Esposito⟧\nBooking – Hotel Aurelia, Roma\ndie Tuchfabrik der Familie ⟦Weidemann⟧ das Stadtbild\ndurch den Vorsitzenden Richter am Verwaltungsgericht Dr. ⟦Wendland⟧\nERROR: Job failed: exit code 1\nTräger: SPFH, Caritas)"},
	{"pets after heißt, SB before a noun, labels before answers", "Der Hund heißt Bruno, die Katze heißt Minka.\n1. Personal: Stelle SB Unterhaltsvorschuss ist ausgeschrieben\nGeprüft: Ja, Freigegeben: Nein\nSB-Markt, SB 12"},
	{"lower-case notes with labels at line starts", "info: frau kollegin ist da\nhinweis: der herr hat angerufen\nnotiz: bitte rückruf\ntermin: morgen"},
	{"comma pairs of towns, nouns and units in the same places", "siehe auch Bonn, Köln und Siegburg\n| Bauamt, Abteilung Hochbau | 3 |\n| Summe, Gesamt |\nKlage ./. Bundesrepublik Deutschland, vertreten durch das BAMF\nKlage ./. Jobcenter, Rhein-Sieg\nder Leitsatz „Bauen, Wohnen“ gilt"},
	{"mail header weekdays, mailboxes and offices greeted, possessives before compounds", "Date: Thu, 6 Mar 2025 19:02:44 +0100\nHallo Wahlamt,\nAn: Kitaplatzvergabe <kita@stadt.de>\nIn der Oberfläche Ihres Bürger-Chatbots ist der Key sichtbar.\nHallo Bürgerbüro!"},
	{"a given name with a colon at a line start without other sender lines", "Ergebnis\nRalf: siehe oben\nweiter im Text"},
	{"on-call and SB lines without a name", "Rufbereitschaft: Montag bis Freitag\nSB Wohngeld ist besetzt\nBereitschaft: Nein\nSB: Leitung Bürgerbüro"},
	{"nouns after a self-introduction or a name", "Ich bin Mitglied Gewerkschaft. Ich bin Anfang Oktober da. ⟦Anna Schmidt⟧, Stadtteilzentrum Süd und Kita Sonnenschein (auch Familienzentrum Nord)"},
	{"quoted capitals that are no printed name", "Betreff „ACHTUNG, BITTE LESEN“\nund „HINWEIS, WICHTIG“\nder Leitsatz „BAUEN, WOHNEN“ gilt"},
	{"inflected adjectives opening a body's name, numerals after nouns", "Antragsteller: Deutsch-Afghanischer Kulturverein e.V.\nAntragsteller: Türkischer Elternverein\nTeil II. Abschnitt, Landgraf IV. Kapitel"},
	{"nouns in -ung after a given name, a hall's quarter, a preposition after a label", "Ansprechpartnerin Ay Steuerberatung GmbH\nBitte Marion Stadtordnung lesen\nRegistrierung Gemeinschaftsunterkunft Turnhalle West – Stand 26.11.2026\nEmpfänger: Innerhalb der Verwaltung erhalten nur die Stellen Zugriff.\nAnsprechpartner: Aufgrund der Lage entfällt"},
	{"a noun opening a line before a role", "Parkraum, Referentin für Verkehr\nKasse, Sachbearbeitung\nWohngeld, Sachbearbeiter\nBürgerbüro, Leiterin\nSachstand, Amtsleitung informiert"},
	{"a DIY chain and its branch", "Wir kaufen bei OBI Köln und im OBI Baumarkt Bonn-Beuel ein."},
	{"a participle label before no name", "Aufgenommen: Anruf der Bürgerin um 9 Uhr\nGefertigt: Entwurf\nAufgenommen: 3 Personen\nAufgenommen: Kinder aus der Ukraine\nDiktiert: nicht gelesen\nProtokolliert: Sitzung vom 3.4.\nGefertigt: Stadtverwaltung\nAufgenommen: Schadensmeldung"},
	{"a club or team under Name beside an Anrede column", "Anrede,Name,Ort\n,Eritreische Gemeinschaft,Schwäbisch Hall\nFirma,Stadtwerke Crailsheim,Crailsheim"},
	{"offices, adult-education centres and councils as mailboxes and letterheads", "An: Bürgerservice Parken <parken@stadt.de>\nAn: VHS Wuppertal <info@vhs.de>\nAn: Bauaufsicht Landkreis Cloppenburg\nAn: Zentrale Vergabestelle <vergabe@kreis.de>\nAn: Kommunale Ausländerbehörde\nLeeds City Council, International Relations\nKent County Council"},
	{"plural roles and jobs after a label", "4. Empfänger: Gutachterinnen und Gutachter des Gesundheitsamtes\n- Ehefrau: Minijob Reinigung 538 EUR\nEmpfänger: Sachbearbeiterinnen der Kasse\nTätigkeit: Nebenjob"},
	{"a council list ends at the first word that is no surname", "Die Ratsmitglieder erhalten die Vorlage, Sitzungsunterlagen und Anlagen.\nStadträte aus Bonn, Köln und Bedburg tagen gemeinsam.\nAusschussmitglieder SPD, CDU und Grüne stimmen zu.\nKreisräte Sitzungsgeld, Fahrtkosten"},
	{"a list of surnames is no Nachname, Vorname pair", "Die Fraktion (Demirtaş, Fuchs, Gerhards) stimmt zu."},
	{"a role or an office between a name and a birth date is no given name", "Herr ⟦Yilmaz⟧, Antragsteller, geb. 01.01.1980\nFrau ⟦Weber⟧, Bauamt, geb. ⟦Schulz⟧\nHerr ⟦Berger⟧, Mitglied, geb. 1970\nKind: ⟦Krause⟧, Grundschule, geb. 2017"},
	{"offices, times and forms after Kontakt:", "Kontakt: Bürgerbüro, Tel. 0228 77-0\nKontakt: Montag bis Freitag 8 bis 12 Uhr\nKontakt: Zentrale, Tel. 0228 77-0\nKontakt: Formular auf der Internetseite\nKontakt: Keine"},
	{"radio call signs of fire brigades and rescue services", "Funkrufnamen: Florian Eckernförde 1-HLF20-1 und 2-LF10-1.\nRTW Rotkreuz Köln 83/1 alarmiert; Christoph Westfalen 1-1 landet."},
	{"an initial and a noun or unit in a table cell", "| Nr. | Bezeichnung |\n| A. Verwaltung | 3 |\n| B. Sachkosten | 4 |\n| C. Investitionen | 5 |\n| 1 | S. Anlage |"},
	{"places and events before an office in a list", "3.3 Leuchttürme: Dorfgemeinschaftshaus Oberdorf, Gesamtschule Nord, Sporthalle am Wall.\n- Offene Sprechstunde, Bürgerbüro\n- Neue Dienstanweisung, Personalamt"},
	{"places, sites and ordinals before a surname", "Jobcenter Region Hannover – Standort Linden\nGast unserer Partnerstadt Bursa\n§ 67 Absatz 2 Zehntes Buch\nSachbearbeiterin Bürgerbüro nach EG 9a\nHagen Aktiv | 3.480 | 5,7 %"},
	{"offices, bodies and ordinary words after an attendance label", "Teilnehmende: Vorstand, Kasse, Beirat\nAnwesend: Ordnungsamt, Feuerwehr, Polizei\nBeteiligte: Eltern, Schule\nGäste: Presse und Bürger"},
	{"a given name found before, after an abbreviation", "Kind: ⟦Leon Adamczyk⟧, 8 Jahre\nDie Kirche St. Leon war voll."},
	{"a role or a place in brackets after a name", "Herr ⟦Meier⟧ (auch Kassenwart) kam. Die Tochter Anna Schule, Klasse 3. Frau ⟦Weber⟧ (auch Ordnungsamt) fehlt."},
	{"what children call their parents", "Er sagte, der \"neue Freund von Mama\" sei laut geworden; Papa wohnt in Köln."},
	{"the value of a place label", "4 Geburtsdatum: 11.12.1988   5 Geburtsort, -land: Hai Phong, Vietnam\nWohnort: Santa Maria\nGeburtsort: Bac Ninh"},
	{"a word after a label before a name, no bracket after another name", "Frau ⟦Weber⟧ (Vertretung: Pflegerin ⟦Anna Berg⟧)"},
	{"a hospital or a house in a double word", "Das St.-Marien-Krankenhaus und das Bürger-Gemeinschaftshaus; Aufnahme im Ev.-Krankenhaus"},
	{"two surnames at the head of a list entry stay two", "Anwesend:\n- Frau ⟦Müller⟧, Frau ⟦Schmidt⟧: beide\n- ⟦Müller⟧, ⟦Schmidt⟧: beide"},
	{"a role after a surname and a comma", "Bearbeitung: ⟦Nikolaidis⟧, Hygienekontrolleurin\nZuständig: ⟦Weber⟧, Vollziehungsbeamtin"},
	{"rm as a shell command and RM as a currency", "rm -rf /tmp/Test\nKaufpreis 1938: 100 RM Anzahlung"},
	{"Nur as a word after a name", "Frau ⟦Schmidt⟧ Nur noch heute. ⟦Anna Schmidt⟧ Nur bis Mai."},
	{"an outline letter after a label", "Gliederung: A. Sachverhalt\nAnlage: B. Lageplan, C. Kostenaufstellung"},
	{"a place before given names found", "Geburtsort: Köln, ⟦Anna Maria⟧\nTeilnehmer: Bauamt, ⟦Anna Schmidt⟧"},
	{"a treatment after a kin label is no name", "5. Ehefrau: Psychotherapie, 8 Sitzungen, 1.039,20 €\nKind: Logopädie, 10 Sitzungen"},
	{"a lower-case given name and an ordinary word after ich heisse: the name alone", "ich heisse ⟦anna⟧ heute nicht mehr so. ich heiße ⟦anna⟧ und bin neu"},
	{"a role after a salutation typed in lower case", "die frau Ministerin kommt, der herr Bürgermeister auch"},
	{"lower-case abbreviations after a sign-off", "gruss z. b. morgen\nlg u. a. team\n"},
	{"a Cyrillic word after a name is no patronymic unless it ends like one", "Urkunde: ⟦Григоренко Александр⟧ Москва"},
	{"a noun after a possessive kin word at a wrapped line end", "Ihre Tochter Schulbegleitung\nbenötigt sie nicht. Sein Bruder Bielefeld\n\nNeuer Absatz"},
	{"an institution or a genitive before geb.", "Betreff: Sozialamt Bonn, geb. 1990\nAntrag des Vereins Kulturhaus, geb. 2001"},
	{"no name on the sign-off line before a bracket", "lg euer team (bauhof)\nlg aus köln (sonnig)\n"},
	{"an abbreviation without a vowel as a mailbox name", "An: SBV <sbv@example.org>\nAn: PKW <fuhrpark@example.org>"},
	{"a brand with a capital inside after a name's parenthesis", "Herr ⟦Baumgart⟧ (Dienstleister SecuTest)"},
	{"a kin word with a noun and a number after a comma", "Tochter Betreuung, 3 J.; Sohn Eingliederungshelfer, 7 Jahre"},
	{"an office or noun after a surname and a comma is no given name", "Herr ⟦Müller⟧, Stadtkasse (Zimmer 3)\nAntragsteller: ⟦Tesfamariam⟧, Bauordnung Nord\nHerr ⟦Meier⟧, Sachgebiet Wohngeld (Raum 2)"},
	{"a noun after Sohn des / Tochter der", "der Sohn des Bauern kam, die Tochter der Nachbarin, Sohn des Hauses, Tochter der Sonne und der Erde"},
	{"an abbreviation of two letters is no initial without a cue", "Th. und Ch. sind Abkürzungen; St. Martin feiert."},
	{"a founder's name before a trade is a firm", "Die Heinrich Brandt Maschinenbau GmbH & Co. KG baut aus.\nFamilienunternehmen Heinrich Brandt Maschinenbau investiert"},
	{"nouns and inflected adjectives in -ig after a label", "Hinweis Sachbearbeitung: Vorherige Betriebsstätte in Zweibrücken.\nSachbearbeitung: Bisherige Adresse in Bonn.\nAn: Büro des Oberbürgermeisters\nHochwasser Rhein, Pegel Emmerich 9,42 m"},
	{"a list of Nachname, Vorname words without a sign of a person", "Themen:\n1. Bauantrag, Eingang – erledigt\n2. Anhörung, Termin – Vater anwesend\n3. Kinder, Termine, geb. 2019"},
}

func TestPerson(t *testing.T) {
	lexCheck(t, NewPerson(), append(append([]lexCase{}, personTPs...), personFPs...))
}

func FuzzPerson(f *testing.F) {
	lexFuzz(f, NewPerson(), append(append([]lexCase{}, personTPs...), personFPs...))
}
