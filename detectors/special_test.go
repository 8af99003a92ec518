package detectors

import "testing"

var specialTPs = []lexCase{
	{"diagnosis", "Herr Schmidt leidet seit Jahren an ⟦Diabetes mellitus Typ 2⟧."},
	{"icd", "⟦AU-Bescheinigung⟧ für Frau Nowak, Diagnose ⟦F32.1 G⟧, ⟦J45.9⟧"},
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
}

var specialFPs = []lexCase{
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
}

func TestSpecialCategory(t *testing.T) {
	lexCheck(t, NewSpecialCategory(), append(append([]lexCase{}, specialTPs...), specialFPs...))
}

func FuzzSpecialCategory(f *testing.F) {
	lexFuzz(f, NewSpecialCategory(), append(append([]lexCase{}, specialTPs...), specialFPs...))
}
