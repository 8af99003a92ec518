package detectors

import "testing"

var classTPs = []lexCase{
	{"spelt out", "Dieses Dokument ist als ⟦Verschlusssache – Nur für den Dienstgebrauch⟧ eingestuft. ⟦VERSCHLUSSSACHE - VERTRAULICH⟧"},
	{"spelt out, the grade not in capitals", "Eine förmliche Einstufung als ⟦Verschlusssache: Geheim⟧ erfolgte am 3. März."},
	{"vs-nfd", "Dieses Dokument ist ⟦VS-NfD⟧ eingestuft."},
	{"long dash", "⟦VS – NUR FÜR DEN DIENSTGEBRAUCH⟧\n\nBetreff: Lagebild"},
	{"mixed", "Einstufung: ⟦VS-Nur für den Dienstgebrauch⟧"},
	{"vertraulich", "⟦VS-VERTRAULICH⟧ – amtlich geheimgehalten"},
	{"geheim caps", "⟦GEHEIM⟧\nNur für den Krisenstab"},
	{"streng geheim", "Stufe: ⟦STRENG GEHEIM⟧"},
	{"compound", "Bitte das ⟦VS-NfD⟧-Dokument nicht in die KI kopieren."},
	{"nfd bare", "Anlage 3 (⟦NfD⟧)"},
	{"label geheim", "Geheimhaltungsgrad: ⟦geheim⟧"},
	{"spaced", "⟦VS - NfD⟧ Lagebericht"},
	{"vs vertraulich lower", "Die Akte ist ⟦VS-Vertraulich⟧."},
	{"no spaces caps", "⟦VS-NUR FÜR DEN DIENSTGEBRAUCH⟧"},
	{"ascii", "⟦VS-NUR FUER DEN DIENSTGEBRAUCH⟧"},
	{"verschlusssache", "⟦Verschlusssache – Nur für den Dienstgebrauch⟧"},
	{"caps without vs", "⟦NUR FÜR DEN DIENSTGEBRAUCH⟧ – Anlage 2"},
	{"streng geheim line", "Deckblatt\n⟦Streng geheim⟧\nKopie 3 von 5"},
	{"compound eingestuft", "der ⟦VS-NfD⟧-eingestufte Bericht"},
	{"vertraulich stamp and label", "⟦VERTRAULICH⟧\nAnlage 3; Einstufung: ⟦VERTRAULICH⟧"},
	{"round 43: lower case in a chat", "hier der bericht, ist aber ⟦vs-nfd⟧, geht das?\noben drauf steht ⟦vs - nur für den dienstgebrauch⟧ und unten ⟦vs nfd⟧"},
	{"round 43: a lower-case grade joined by a hyphen", "die akte ist ⟦vs-vertraulich⟧, die andere ⟦vs-geheim⟧"},
}

var classFPs = []lexCase{
	{"the word alone", "Die Verschlusssachenanweisung regelt, wie eine Verschlusssache behandelt wird."},
	{"vote", "Die Wahl erfolgt in geheimer Abstimmung, die geheime Wahl ist Pflicht."},
	{"please", "Bitte vertraulich behandeln."},
	{"secret", "Das Dienstgeheimnis und das Geheimnis der Beratung."},
	{"versus", "Bayern vs. Dortmund, 2 vs 3"},
	{"lower geheim", "Das bleibt geheim, sagte er."},
	{"vertraulichkeit", "Vertraulichkeit ist wichtig."},
	{"nfd prose lower", "nur für den dienstgebrauch bestimmte Unterlagen liegen im Schrank"},
	{"streng vertraulich", "Bitte streng vertraulich behandeln, das ist geheim."},
	{"personnel heading", "Dienstliche Beurteilung (Regelbeurteilung 2025) – VERTRAULICH, Personalsache"},
	{"letter marking", "PERSÖNLICH / VERTRAULICH an Frau Schmitz"},
	{"round 43: lower-case vs as versus", "öffentlich vs geheim, offen vs vertraulich, vs - geheime wahl, tcpdump vs nfdump, bayern vs. nfd-liste"},
}

func TestClassification(t *testing.T) {
	lexCheck(t, NewClassification(), append(append([]lexCase{}, classTPs...), classFPs...))
}

func FuzzClassification(f *testing.F) {
	lexFuzz(f, NewClassification(), append(append([]lexCase{}, classTPs...), classFPs...))
}
