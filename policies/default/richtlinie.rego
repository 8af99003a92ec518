# METADATA
# title: KI-Richtlinie (Dienstanweisung zum Einsatz generativer KI)
# description: |
#   Entscheidet für jede geprüfte Anfrage an einen KI-Dienst: allow, redact, block oder warn.
#   Die Listen (Transparenzregister, Datenklassen, Gruppen, Meldungen) stehen in data.yaml
#   unter data.richtlinie; hier steht nur die Logik. Vorrang: block vor warn vor redact vor allow.
package schleuse

cfg := data.richtlinie

# ---------------------------------------------------------------------------------------------
# Eingabe aufbereiten
# ---------------------------------------------------------------------------------------------

# Datenklassen, die in der Anfrage vorkommen (mit Trefferwahrscheinlichkeit über dem Schwellenwert;
# fehlt der Schwellenwert, zählt jeder Fund).
#
# Zur Geschwindigkeit: Jeder Schritt über alle Funde und jede ausgewertete Regel kostet bei jeder
# Anfrage Zeit. Die Funde werden deshalb nur hier und bei personal_count durchlaufen; die Regeln
# unten arbeiten mit Mengenoperationen (&, -, |) auf diesen Mengen. Der Schwellenwert wird einmal
# als m gebunden, nicht je Fund nachgeschlagen. input.findings[i].count liest das Feld des i-ten
# Fundes in einem Schritt; `some f in input.findings` und dann f.count bräuchte je Fund einen
# Schritt mehr.
#
# Ausgenommen sind die Klassen aus schema_exempt, wenn sie nur in Tool- und Schemabeschreibungen
# vorkommen (schema_only).
found := {input.findings[i].type |
	input.findings[i].count > 0
	input.findings[i].max_score >= m
} - schema_only if m := min_score

# Klassen aus schema_exempt (data.yaml), die nur in Tool- und Schemabeschreibungen des aufrufenden
# Programms gefunden wurden (input.findings[i].fields ist ["schema"]): eine Auswahlliste
# ["Pflegegrad 1", "Pflegegrad 2", "Schwerbehinderung"] nennt Kategorien, keine Person. Kommt die
# Klasse auch in der Eingabe, einer Datei oder einem anderen Feld vor, zählt sie wie sonst; ebenso,
# wenn die Schemabeschreibungen selbst eine Person nennen (schema_names_person).
# schema_names_person wird so nur geprüft, wenn es einen solchen Fund gibt (und dann einmal).
schema_only := {t |
	input.findings[i].fields == ["schema"]
	t := input.findings[i].type
	schema_exempt[t]
	not schema_names_person
}

# Die Tool- und Schemabeschreibungen nennen selbst eine Person: eine Klasse aus schema_names
# (data.yaml, Standard [PERSON]). Dann kann ein Art.-9-Begriff dort die Angabe über diese Person
# sein ("Legt den Vermerk für Herrn Kowalski an; er hat Pflegegrad 3"), und schema_exempt gilt für
# diese Anfrage nicht. Kennungen allein (Geburtsdatum, E-Mail, Telefon, IBAN) stehen in Schemas
# meist als Formatbeispiel ("TT.MM.JJJJ, z. B. 01.01.1980", "max.mustermann@example.com") und
# werden pseudonymisiert; sie heben die Ausnahme nur auf, wenn die/der DSB sie in schema_names
# aufnimmt.
schema_names_person if {
	some i
	"schema" in input.findings[i].fields
	schema_names[input.findings[i].type]
}

schema_names := {t | some t in object.get(cfg, "schema_names", ["PERSON"])}

schema_exempt := {t | some t in object.get(cfg, "schema_exempt", [])}

min_score := object.get(cfg, "min_score", 0)

# Aus data.yaml abgeleitete Mengen. Sie hängen nicht von der Anfrage ab; schleuse berechnet solche
# Regeln (auch cfg, min_score, typnamen) beim Laden der Richtlinie einmal, nicht bei jeder Anfrage.
non_personal := {t | some t in cfg.non_personal}

always_block_classes := object.keys(cfg.always_block)

freigabe_classes := object.keys(cfg.freigabe.classes)

# Personenbezogene Datenklassen: alle gefundenen außer den ausdrücklich nicht personenbezogenen.
personal := found - non_personal

# Zahl der personenbezogenen Fundstellen. Der häufige Fall zuerst: Gibt es so viele
# personenbezogene Klassen wie Funde, zählt jeder Fund (je Klasse einer, alle personenbezogen), und
# es genügt, alle Anzahlen zu addieren. Sonst werden nur die Funde personenbezogener Klassen
# addiert (personal wird dazu einmal als p gebunden, nicht je Fund nachgeschlagen).
personal_count := sum([n | n := input.findings[_].count]) if {
	count(personal) == count(input.findings)
} else := sum([f.count | some f in input.findings; p[f.type]]) if p := personal

# Eintrag des Dienstes im Transparenzregister (undefiniert, wenn nicht eingetragen). Die Regeln
# unten fragen seine Angaben direkt ab: `service` (eingetragen), `service.approved == true`
# (freigegeben), `service.avv == true` (AVV liegt vor), `service.system == "closed"` (geschlossenes
# System). Fehlende Angaben gelten so als false bzw. open. Braucht eine Regel mehrere Angaben,
# bindet sie den Eintrag zuerst als s (`s := service`, undefiniert wie `service`): jedes
# `service.…` schlägt die Regel service erneut nach, `s.…` nur die gebundene Variable.
service := cfg.register[input.service.id]

service_name := object.get(service, "name", input.service.id) if service
else := input.service.name if input.service.name != ""
else := input.service.id

# Die Begründung nach "#freigabe:" ist lang genug.
justified if count(trim_space(input.justification)) >= cfg.freigabe.min_length

# ---------------------------------------------------------------------------------------------
# Abschnitt 2, 3, 4, 5, 7: blockieren
# ---------------------------------------------------------------------------------------------

# KI-RL-2.1: Dienst nicht im Transparenzregister (Schalter "unregistered" in data.yaml). Bei einem
# eingetragenen Dienst (dem Normalfall) wird so nur einmal `not service` geprüft.
block_reasons contains unregistered_block if not service

# Schalter "unregistered": blockieren (Standard, auch bei jedem unbekannten Wert) oder nur dann,
# wenn Daten erkannt wurden (KI-RL-2.1a).
unregistered_block := reason("KI-RL-2.1", "KI-RL-2.1", [service_name]) if {
	object.get(cfg, "unregistered", "block") != "allow_without_personal_data"
} else := reason("KI-RL-2.1", "KI-RL-2.1a", [service_name, list(found)]) if {
	count(found) > 0
}

# KI-RL-2.2: Dienst eingetragen, aber nicht freigegeben, und personenbezogene Daten.
block_reasons contains reason("KI-RL-2.2", "KI-RL-2.2", [service_name, list(personal)]) if {
	s := service
	not s.approved == true
	count(personal) > 0
}

# KI-RL-3.1, 4.1, 4.2: Art.-9-Daten, Verschlusssachen, Zugangsdaten (Liste always_block).
block_reasons contains reason(rule, rule, []) if {
	some t in found & always_block_classes
	rule := cfg.always_block[t]
}

# KI-RL-3.5: Massendaten.
block_reasons contains reason("KI-RL-3.5", "KI-RL-3.5", [personal_count]) if {
	personal_count > cfg.max_personal_findings
}

# KI-RL-3.6: Inhalte, die schleuse nicht lesen kann (input.uninspected): eine Datei oder ein Bild,
# das der KI-Dienst selbst von einer Internetadresse holt, ein Bild (Foto, Screenshot), eine Audio-
# oder Videodatei in der Anfrage oder hochgeladen. Was nicht geprüft werden kann, gilt als
# ungeprüft und wird blockiert; ausgenommen sind die Arten aus ungeprueft_erlaubt (data.yaml, für
# alle Dienste oder im Registereintrag eines Dienstes). Der häufige Fall (nichts Ungelesenes) endet
# in der ersten Bedingung.
block_reasons contains reason("KI-RL-3.6", "KI-RL-3.6", [{"de": concat(", ", [object.get(ungeprueft_namen, k, k) | some k in sort(u)]), "en": concat(", ", sort(u))}]) if {
	count(input.uninspected) > 0
	u := {k | some k in input.uninspected} - ungeprueft_erlaubt
	count(u) > 0
}

# Arten ungeprüfter Inhalte, die die/der DSB zulässt: für alle Dienste und für diesen Dienst.
ungeprueft_erlaubt := {k | some k in object.get(cfg, "ungeprueft_erlaubt", [])} | {k | some k in object.get(service, "ungeprueft_erlaubt", [])}

ungeprueft_namen := object.get(cfg, "ungeprueft_namen", {})

# KI-RL-5.1: Hochrisiko-Verwendung nach EU-KI-Verordnung mit personenbezogenen Daten.
# Die deutsche Meldung nennt die Themen mit ihren Namen aus high_risk_topics, die englische mit
# ihren Kennungen (hr_application …): die Namen sind deutsch.
block_reasons contains reason("KI-RL-5.1", "KI-RL-5.1", [{"de": concat("; ", sort(high_risk)), "en": concat("; ", sort(ids))}]) if {
	count(personal) > 0 # zuerst: ohne personenbezogene Daten müssen die Themen nicht geprüft werden
	high_risk := {cfg.high_risk_topics[t] | some t in input.topics}
	count(high_risk) > 0
	ids := {t | some t in input.topics; cfg.high_risk_topics[t]}
}

# KI-RL-7.1: Klassen, die eine Gruppe nie übermitteln darf, auch nicht pseudonymisiert. Die Menge
# (wie high_risk bei KI-RL-5.1) wird nur hier gebraucht und steht deshalb in der Regel selbst: eine
# eigene Regel kostete bei jeder Anfrage eine Regelauswertung mehr.
block_reasons contains reason("KI-RL-7.1", "KI-RL-7.1", [list(group_blocked)]) if {
	group_blocked := {t |
		some g in input.user.groups
		some t in cfg.groups[g].block_classes
		found[t]
	}
	count(group_blocked) > 0
}

# ---------------------------------------------------------------------------------------------
# Abschnitt 2.4, 3.4, 6: warnen, mit #freigabe fortfahren, unverändert übermitteln
# ---------------------------------------------------------------------------------------------

# KI-RL-2.4: Klassen, die das Register für diesen geschlossenen Dienst mit AVV unverändert erlaubt
# (nie die aus always_block). Für alle anderen Dienste bleibt die Menge leer.
clear_types contains t if {
	s := service
	s.approved == true
	s.avv == true
	s.system == "closed"
	some t in s.permitted_classes
	personal[t]
	not always_block_classes[t]
}

# Klassen mit Warnung aus den Gruppenregeln ...
group_warn contains t if {
	some g in input.user.groups
	some t in cfg.groups[g].warn_classes
	personal[t]
}

# ... und alle Klassen mit Warnung: die aus der #freigabe-Liste (nicht, wenn das Register sie
# ohnehin erlaubt) und die aus den Gruppenregeln.
warn_types := ((personal & freigabe_classes) - clear_types) | group_warn

# KI-RL-3.4: freigegebener Dienst ohne AVV.
warn_reasons contains reason("KI-RL-3.4", "KI-RL-3.4", [service_name, list(personal)]) if {
	s := service
	s.approved == true
	not s.avv == true
	count(personal) > 0
	not justified
}

# KI-RL-6.1: Klassen, bei denen eine Begründung nötig ist.
warn_reasons contains reason("KI-RL-6.1", "KI-RL-6.1", [list(warn_types), cfg.freigabe.min_length]) if {
	count(warn_types) > 0
	not justified
}

# KI-RL-6.3: eine #freigabe steht in der Eingabe, ist aber kürzer als freigabe.min_length und gilt
# daher nicht: sagen, warum, sonst schreibt die Person die Zeile noch einmal genauso. Nur bei warn
# ausgewertet (siehe decision): die Warnungen (KI-RL-3.4, KI-RL-6.1) sind genau die, die eine
# Begründung aufhebt.
short_justification := [reason("KI-RL-6.3", "KI-RL-6.3", [cfg.freigabe.min_length])] if {
	input.justification != ""
	not justified
} else := []

# KI-RL-6.2: mit Begründung unverändert übermittelt (nur bei Diensten mit AVV, nie bei Gruppenklassen):
# die Warnklassen ohne die der Gruppenregeln, bei denen die #freigabe-Liste "allow" sagt.
# Ohne Begründung (der Normalfall) bleibt die Menge nach der ersten Bedingung leer.
justified_clear contains t if {
	justified
	service.avv == true
	some t in warn_types - group_warn
	cfg.freigabe.classes[t] == "allow"
}

justification_used if {
	justified
	count(warn_types) > 0
}

justification_used if {
	justified
	s := service
	s.approved == true
	not s.avv == true
	count(personal) > 0
}

# ---------------------------------------------------------------------------------------------
# Abschnitt 3.2: pseudonymisieren; Entscheidung
# ---------------------------------------------------------------------------------------------

redact_types := (personal - clear_types) - justified_clear

# Die Operatoren aus data.yaml ({} ohne oder mit falsch geschriebener Liste); hängt nicht von der
# Anfrage ab und wird deshalb beim Laden einmal berechnet.
operator_table := ops if {
	ops := object.get(cfg, "operators", {})
	is_object(ops)
} else := {}

info_reasons contains reason("KI-RL-2.4", "KI-RL-2.4", [service_name, list(clear_types)]) if {
	count(clear_types) > 0
}

info_reasons contains reason("KI-RL-6.2", "KI-RL-6.2", [list(justified_types)]) if {
	justified # zuerst: ohne Begründung (der Normalfall) entfallen die beiden Regeln darunter
	justification_used
}

# Die Daten sind vollständig genug, um danach zu entscheiden.
data_complete if {
	is_object(cfg.register)
	is_object(cfg.always_block)
}

# Klassen, für die die Begründung gilt: die Warnklassen, sonst (Dienst ohne AVV) alle personenbezogenen.
justified_types := warn_types if {
	count(warn_types) > 0
} else := personal

# Ohne Transparenzregister und Sperrklassen in data.yaml (Datei fehlt, ist leer oder falsch
# eingerückt) regelt die Richtlinie nichts: dann wird blockiert, nicht zugelassen.
decision := {"action": "block", "reasons": [{
	"rule": "KI-RL-0",
	"message": "Die Daten der KI-Richtlinie (data.yaml: register, always_block) fehlen. Bis die oder der Datenschutzbeauftragte sie ergänzt, wird nichts an KI-Dienste gesendet.",
	"message_en": "The AI policy's data (data.yaml: register, always_block) is missing; nothing is sent to AI services until the data-protection officer restores it.",
}]} if {
	not data_complete
} else := {"action": "block", "reasons": [r | some r in block_reasons]} if {
	count(block_reasons) > 0
} else := {"action": "warn", "reasons": array.concat([r | some r in warn_reasons], short_justification)} if {
	count(warn_reasons) > 0
} else := {
	# rt: die zu schwärzenden Klassen, einmal gebunden (sie werden viermal gebraucht). Der
	# Operator je Klasse kommt aus data.yaml (fehlt er, gilt pseudonym); object.filter nimmt die
	# Einträge in einem Schritt heraus, statt jede Klasse einzeln nachzuschlagen.
	"action": "redact",
	"redact": sort(rt),
	"operators": object.filter(operator_table, rt),
	"reasons": [r | some r in {reason("KI-RL-3.2", "KI-RL-3.2", [list(rt)])} | info_reasons],
} if {
	rt := redact_types
	count(rt) > 0
} else := {"action": "allow", "reasons": [r | some r in info_reasons]} if {
	count(info_reasons) > 0
} else := {"action": "allow", "reasons": [reason("KI-RL-1.1", "KI-RL-1.1", [])]}

# ---------------------------------------------------------------------------------------------
# Hilfsfunktionen
# ---------------------------------------------------------------------------------------------

# reason baut eine Begründung mit Regel-ID und Meldung aus data.richtlinie.messages[key].
# Fehlt die Meldung, erscheint ein Ersatztext, damit keine Regel stillschweigend entfällt.
reason(rule, key, args) := {
	"rule": rule,
	"message": replace(sprintf(msg.de, [lang(a, "de") | some a in args]), "KI-Richtlinie", titel),
	"message_en": sprintf(msg.en, [lang(a, "en") | some a in args]),
} if {
	msg := cfg.messages[key]
	is_string(msg.de)
	is_string(msg.en)
} else := {
	"rule": rule,
	"message": concat("", ["Regel ", rule, " der ", titel]),
	"message_en": concat("", ["Rule ", rule, " of the AI policy"]),
}

# list gibt Datenklassen sortiert und kommagetrennt aus: deutsch mit den Namen aus
# data.richtlinie.typnamen (fehlt ein Name, erscheint der Klassenname), englisch mit den Klassennamen.
list(types) := {
	"de": concat(", ", [object.get(typnamen, t, t) | some t in sort(types)]),
	"en": concat(", ", sort(types)),
}

typnamen := object.get(cfg, "typnamen", {})

# titel ist der Name der Dienstanweisung aus data.richtlinie.titel; er ersetzt „KI-Richtlinie“ in
# den deutschen Meldungen.
titel := t if {
	t := cfg.titel
	is_string(t)
	t != ""
} else := "KI-Richtlinie"

# lang wählt die Sprachfassung eines Meldungsarguments.
lang(a, l) := a[l] if is_object(a)
else := a
