package detectors

import "testing"

var specialTPs = []lexCase{
	{"biometric about a named person", "Bei Herrn Nowak wurden ⟦Fingerabdrücke⟧ abgenommen."},
	{"diagnosis", "Herr Schmidt leidet seit Jahren an ⟦Diabetes mellitus Typ 2⟧."},
	{"icd", "⟦AU-Bescheinigung⟧ für Frau Nowak, Diagnose ⟦F32.1 G⟧, ⟦J45.9⟧"},
	{"icd after a compound medical word", "Laut Hausarzt leidet Herr Brandt an ⟦F32.1⟧, seit Mai in ⟦Psychotherapie⟧."},
	{"gdb", "Die Bewerberin hat einen ⟦GdB 60⟧ und ist ⟦schwerbehindert⟧."},
	{"pflegegrad", "Ihre Mutter hat ⟦Pflegegrad 3⟧."},
	{"pregnancy", "Meine Kollegin ist ⟦schwanger⟧ und geht in den ⟦Mutterschutz⟧."},
	{"addiction", "Der Klient ist ⟦alkoholabhängig⟧ und war im ⟦Entzug⟧."},
	{"sick leave", "Frau Yılmaz ist seit dem 3. März ⟦krankgeschrieben⟧."},
	{"religion", "Konfession: ⟦römisch-katholisch⟧"},
	{"payroll", "Steuerklasse 1, Konfession ⟦rk⟧, Kinderfreibetrag 0,5"},
	{"union", "Er ist ⟦Gewerkschaftsmitglied⟧ und ⟦Mitglied der SPD⟧."},
	{"ethnicity", "Die Familie des Antragstellers gehört zu den ⟦Roma⟧."},
	{"sexual", "Herr Becker ist ⟦homosexuell⟧."},
	{"depressive", "Die Patientin ist ⟦depressiv⟧ und in ⟦Psychotherapie⟧."},
	{"inflected", "Ihr Sohn hat ⟦Depressionen⟧."},
	{"longest phrase", "Herr Kuhlmann ist ⟦schwerbehinderten Menschen gleichgestellt⟧."},
	{"ich", "Ich bin ⟦schwanger⟧ und brauche eine Vertretung."},
	{"qualifiers and head", "Diagnosen: ⟦Rezidivierende depressive Störung⟧, ⟦Essentielle Hypertonie⟧ (⟦I10.90⟧)"},
	{"head noun", "Bei ihrem Sohn wurde eine ⟦bipolare Erkrankung⟧ festgestellt."},
	{"chronic", "Der Patient hat eine ⟦chronische Niereninsuffizienz⟧."},
	{"multi-word diagnosis", "Befunde: ⟦Sprachentwicklungsstörung⟧ (⟦F80.1⟧), ⟦Asthma bronchiale⟧ (⟦J45.0⟧)"},
	{"inflected multi-word", "Ich leide seit Jahren an ⟦Multipler Sklerose⟧ und beantrage das ⟦Merkzeichen aG⟧."},
	{"merkzeichens", "Ich beantrage die Feststellung eines ⟦GdB von 50⟧ sowie des ⟦Merkzeichens G⟧."},
	{"infectious disease", "Betroffene Person: Jelena Stojanović, Erkrankung: ⟦Masern⟧ (⟦B05.9⟧)"},
	{"windpocken", "Ihre Tochter hat ⟦Windpocken⟧ und bleibt zu Hause."},
	{"ethnic group", "Herr Ahmad Haidari, afghanischer Staatsangehöriger, ⟦Hazara⟧, ⟦schiitischer Muslim⟧"},
	{"ethnic group 2", "Der Antragsteller ist ⟦Tamile⟧ und ⟦praktizierender Hindu⟧ ist er nicht."},
	{"conversion", "Er gibt an, wegen seiner ⟦Konversion zum Christentum⟧ verfolgt zu werden."},
	{"sunni", "Die Klientin ist ⟦sunnitische Muslima⟧."},
	{"union role", "Herr Kamiński ist ⟦Mitglied der IG BAU⟧ und ⟦Vertrauensmann von ver.di⟧."},
	{"union other", "Frau Krüger ist ⟦Vertrauensfrau der GEW⟧."},
	{"candidacy", "Er hat angegeben, bei der Kommunalwahl ⟦für Die Linke zu kandidieren⟧."},
	{"candidacy 2", "Frau Berg ⟦kandidiert für die FDP⟧ im Wahlbezirk 4."},
	{"party member", "Mein Nachbar ist ⟦Mitglied der Grünen⟧."},
	{"intoxicated", "Herr Dahmen wirkte ⟦alkoholisiert⟧."},
	{"addiction counselling", "Herr Zieliński besucht regelmäßig eine ⟦Suchtberatung⟧."},
	{"care", "Frau Hövel hat ⟦Pflegegrad 3⟧, leidet an ⟦Demenz⟧ und ist ⟦sturzgefährdet⟧."},
	{"two sentences back", "Frau Petrović ist ⟦krankgeschrieben⟧. Sie hat es angedeutet. Falls das länger dauert, müssen wir über ein ⟦BEM-Verfahren⟧ reden."},
	{"label with value", "Schwerbehinderung: ⟦GdB 50⟧"},
	{"not a general week", "Frau Petrović ist seit Montag ⟦krankgeschrieben⟧, die AU geht bis Ende nächster Woche."},
	{"seine Fälle", "Mein Kollege ist seit zwei Wochen ⟦krankgeschrieben⟧ und ich soll seine Fälle übernehmen."},
}

var specialFPs = []lexCase{
	{"technical fingerprints and tunnels", "Die Mitarbeiterin prüft das Zertifikat. Der Befehl zeigt den Fingerabdruck und die Gültigkeit. Alles andere läuft als blinder Tunnel."},
	{"the HMAC fingerprint of a value", "Herr Meier fragte nach dem Audit-Log. Die Suche läuft über den HMAC-Fingerabdruck des Wertes."},
	{"campaign", "Das Gesundheitsamt startet eine Impfkampagne gegen Grippe und informiert über Diabetes."},
	{"statistics", "Der Anteil der Krankmeldungen stieg landesweit auf 5 Prozent."},
	{"authority", "Bitte wenden Sie sich an das Gesundheitsamt."},
	{"version", "Version J45.9 des Installers und Release F32.1"},
	{"road", "Stau auf der A61 und der B56 bei Bonn."},
	{"pay grade", "Eingruppierung E11, Besoldung A13."},
	{"general rule", "Schwangerschaft und Mutterschutz sind im Mutterschutzgesetz geregelt, die Broschüre erklärt es."},
	{"religion general", "Der evangelische Gottesdienst beginnt um 10 Uhr."},
	{"kirchensteuer general", "Die Kirchensteuer beträgt 9 Prozent."},
	{"question to the assistant", "Erkläre mir, wie der Grad der Behinderung festgestellt wird. Welche Merkzeichen gibt es im Schwerbehindertenausweis?"},
	{"institution compound", "Schwerbehinderte Beschäftigte wenden sich an die Schwerbehindertenvertretung."},
	{"form label", "Name: Amra Hadžić\nSchwerbehinderung: nein\nGewerkschaft: keine Angabe"},
	{"form label with word", "Name: Christina Bauer\nMutterschutz bis: 14.03.2024"},
	{"statistics counts", "Pflegebedürftige nach Pflegegrad: Pflegegrad 1: 3.120, Pflegegrad 2: 7.843"},
	{"statistics range", "Herr Meier fragt nach den Zahlen: GdB 60–70: 9.871, GdB 80-100: 11.209"},
	{"statistics persons", "GdB 50: 18.412 Personen"},
	{"statistics heading", "Schwerbehinderte Menschen im Kreisgebiet 2023 (Quelle: IT.NRW)"},
	{"statistics icd", "Häufigste Diagnosen bei Arbeitsunfähigkeit (AOK-Report): Rückenschmerzen (M54), Depression (F32)"},
	{"party in general text", "Die SPD und die CDU stellen ihre Kandidaten für die Kommunalwahl vor."},
	{"union in general text", "Die Tarifverhandlungen zwischen ver.di und der VKA gehen weiter."},
	{"ruhestörung", "Herr Dahmen verursachte eine Ruhestörung in der Nacht."},
}

func TestSpecialCategory(t *testing.T) {
	lexCheck(t, NewSpecialCategory(), append(append([]lexCase{}, specialTPs...), specialFPs...))
}

func FuzzSpecialCategory(f *testing.F) {
	lexFuzz(f, NewSpecialCategory(), append(append([]lexCase{}, specialTPs...), specialFPs...))
}
