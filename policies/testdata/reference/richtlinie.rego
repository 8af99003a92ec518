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
found contains f.type if {
	some f in input.findings
	f.count > 0
	f.max_score >= min_score
}

min_score := object.get(cfg, "min_score", 0)

# Personenbezogene Datenklassen: alle gefundenen außer den ausdrücklich nicht personenbezogenen.
personal := found - {t | some t in cfg.non_personal}

# Zahl der personenbezogenen Fundstellen.
personal_count := sum([f.count | some f in input.findings; personal[f.type]])

# Eintrag des Dienstes im Transparenzregister (undefiniert, wenn nicht eingetragen).
service := cfg.register[input.service.id]

registered if service

approved if service.approved == true

avv if service.avv == true

closed if service.system == "closed"

service_name := object.get(service, "name", input.service.id) if registered
else := input.service.id

# Die Begründung nach "#freigabe:" ist lang genug.
justified if count(trim_space(input.justification)) >= cfg.freigabe.min_length

# ---------------------------------------------------------------------------------------------
# Abschnitt 2, 3, 4, 5, 7: blockieren
# ---------------------------------------------------------------------------------------------

# KI-RL-2.1: Dienst nicht im Transparenzregister (Schalter "unregistered" in data.yaml).
block_reasons contains reason("KI-RL-2.1", "KI-RL-2.1", [service_name]) if {
	not registered
	object.get(cfg, "unregistered", "block") != "allow_without_personal_data"
}

block_reasons contains reason("KI-RL-2.1", "KI-RL-2.1a", [service_name, list(found)]) if {
	not registered
	object.get(cfg, "unregistered", "block") == "allow_without_personal_data"
	count(found) > 0
}

# KI-RL-2.2: Dienst eingetragen, aber nicht freigegeben, und personenbezogene Daten.
block_reasons contains reason("KI-RL-2.2", "KI-RL-2.2", [service_name, list(personal)]) if {
	registered
	not approved
	count(personal) > 0
}

# KI-RL-3.1, 4.1, 4.2: Art.-9-Daten, Verschlusssachen, Zugangsdaten (Liste always_block).
block_reasons contains reason(rule, rule, []) if {
	some t in found & object.keys(cfg.always_block)
	rule := cfg.always_block[t]
}

# KI-RL-3.5: Massendaten.
block_reasons contains reason("KI-RL-3.5", "KI-RL-3.5", [personal_count]) if {
	personal_count > cfg.max_personal_findings
}

# KI-RL-5.1: Hochrisiko-Verwendung nach EU-KI-Verordnung mit personenbezogenen Daten.
high_risk contains cfg.high_risk_topics[t] if some t in input.topics

high_risk_ids contains t if {
	some t in input.topics
	cfg.high_risk_topics[t]
}

block_reasons contains reason("KI-RL-5.1", "KI-RL-5.1", [{"de": concat("; ", sort(high_risk)), "en": concat("; ", sort(high_risk_ids))}]) if {
	count(high_risk) > 0
	count(personal) > 0
}

# KI-RL-7.1: Klassen, die eine Gruppe nie übermitteln darf, auch nicht pseudonymisiert.
group_blocked := found & {t |
	some g in input.user.groups
	some t in cfg.groups[g].block_classes
}

block_reasons contains reason("KI-RL-7.1", "KI-RL-7.1", [list(group_blocked)]) if {
	count(group_blocked) > 0
}

# ---------------------------------------------------------------------------------------------
# Abschnitt 2.4, 3.4, 6: warnen, mit #freigabe fortfahren, unverändert übermitteln
# ---------------------------------------------------------------------------------------------

# KI-RL-2.4: Klassen, die das Register für diesen geschlossenen Dienst mit AVV unverändert erlaubt.
clear_types := (personal & {t | some t in service.permitted_classes}) - object.keys(cfg.always_block) if {
	approved
	avv
	closed
} else := set()

# Klassen mit Warnung aus der #freigabe-Liste (nicht, wenn das Register sie ohnehin erlaubt) ...
global_warn := (personal & object.keys(cfg.freigabe.classes)) - clear_types

# ... und aus den Gruppenregeln.
group_warn := personal & {t |
	some g in input.user.groups
	some t in cfg.groups[g].warn_classes
}

warn_types := global_warn | group_warn

# KI-RL-3.4: freigegebener Dienst ohne AVV.
warn_reasons contains reason("KI-RL-3.4", "KI-RL-3.4", [service_name, list(personal)]) if {
	approved
	not avv
	count(personal) > 0
	not justified
}

# KI-RL-6.1: Klassen, bei denen eine Begründung nötig ist.
warn_reasons contains reason("KI-RL-6.1", "KI-RL-6.1", [list(warn_types), cfg.freigabe.min_length]) if {
	count(warn_types) > 0
	not justified
}

# KI-RL-6.2: mit Begründung unverändert übermittelt (nur bei Diensten mit AVV, nie bei Gruppenklassen).
justified_clear := {t |
	some t in global_warn
	cfg.freigabe.classes[t] == "allow"
} - group_warn if {
	justified
	avv
} else := set()

justification_used if {
	justified
	count(warn_types) > 0
}

justification_used if {
	justified
	approved
	not avv
	count(personal) > 0
}

# ---------------------------------------------------------------------------------------------
# Abschnitt 3.2: pseudonymisieren; Entscheidung
# ---------------------------------------------------------------------------------------------

redact_types := (personal - clear_types) - justified_clear

operators := {t: op |
	some t in redact_types
	op := cfg.operators[t]
}

info_reasons contains reason("KI-RL-2.4", "KI-RL-2.4", [service_name, list(clear_types)]) if {
	count(clear_types) > 0
}

info_reasons contains reason("KI-RL-6.2", "KI-RL-6.2", [list(justified_types)]) if {
	justification_used
}

# Klassen, für die die Begründung gilt: die Warnklassen, sonst (Dienst ohne AVV) alle personenbezogenen.
justified_types := warn_types if {
	count(warn_types) > 0
} else := personal

decision := {"action": "block", "reasons": [r | some r in block_reasons]} if {
	count(block_reasons) > 0
} else := {"action": "warn", "reasons": array.concat([r | some r in warn_reasons], short_justification)} if {
	count(warn_reasons) > 0
} else := {
	"action": "redact",
	"redact": sort(redact_types),
	"operators": operators,
	"reasons": [r | some r in {reason("KI-RL-3.2", "KI-RL-3.2", [list(redact_types)])} | info_reasons],
} if {
	count(redact_types) > 0
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
	"message": replace(sprintf(msg.de, [lang(a, "de") | some a in args]), "KI-Richtlinie", ref_titel),
	"message_en": sprintf(msg.en, [lang(a, "en") | some a in args]),
} if {
	msg := cfg.messages[key]
	is_string(msg.de)
	is_string(msg.en)
} else := {
	"rule": rule,
	"message": concat("", ["Regel ", rule, " der ", ref_titel]),
	"message_en": concat("", ["Rule ", rule, " of the AI policy"]),
}

# list gibt Datenklassen sortiert und kommagetrennt aus: deutsch mit den Namen aus
# data.richtlinie.typnamen (fehlt ein Name, erscheint der Klassenname), englisch mit den Klassennamen.
list(types) := {
	"de": concat(", ", [object.get(object.get(cfg, "typnamen", {}), t, t) | some t in sort(types)]),
	"en": concat(", ", sort(types)),
}

# ref_titel: data.richtlinie.titel, wenn gesetzt, sonst „KI-Richtlinie“.
ref_titel := cfg.titel if {
	is_string(cfg.titel)
	cfg.titel != ""
} else := "KI-Richtlinie"

# lang wählt die Sprachfassung eines Meldungsarguments.
lang(a, l) := a[l] if is_object(a)
else := a

# KI-RL-6.3: eine zu kurze #freigabe gilt nicht; bei warn wird das gesagt.
short_justification := [reason("KI-RL-6.3", "KI-RL-6.3", [cfg.freigabe.min_length])] if {
	input.justification != ""
	not justified
} else := []
