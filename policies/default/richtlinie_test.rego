# Tests der KI-Richtlinie. Ausführen mit `schleuse policy test DIR` oder `opa test DIR`.
# Jede Änderung an richtlinie.rego oder data.yaml muss diese Tests bestehen, sonst wird sie
# beim Laden abgelehnt und die bisherige Fassung bleibt aktiv.
package schleuse_test

import data.schleuse

# --- Hilfsfunktionen ---------------------------------------------------------------------------

# inp baut eine Eingabe für den Dienst svc mit je einem Fund jeder Klasse in types.
inp(svc, types) := {
	"service": {"id": svc, "provider": "test", "host": "example.test"},
	"request": {"method": "POST", "path": "/v1/chat", "kind": "chat", "bytes": 1000},
	"user": {"id": "u-7f3a", "groups": [], "authenticated": true},
	"findings": [{"type": t, "count": 1, "max_score": 0.99} | some t in types],
	"counts": {t: 1 | some t in types},
	"topics": [],
	"justification": "",
	"time": "2026-11-28T09:00:00+01:00",
	"uninspected": [],
}

groups(i, gs) := object.union(i, {"user": {"id": "u-7f3a", "groups": gs, "authenticated": true}})

topics(i, ts) := object.union(i, {"topics": ts})

justify(i, j) := object.union(i, {"justification": j})

rules(d) := {r.rule | some r in d.reasons}

decide(i) := d if {
	d := schleuse.decision with input as i
}

# --- Grundfall ---------------------------------------------------------------------------------

test_no_findings_allow if {
	d := decide(inp("openai-api", []))
	d.action == "allow"
	rules(d) == {"KI-RL-1.1"}
}

test_no_findings_on_unapproved_service_allow if {
	d := decide(inp("gemini-web", []))
	d.action == "allow"
}

test_zero_count_finding_is_ignored if {
	i := object.union(inp("openai-api", []), {"findings": [{"type": "PERSON", "count": 0, "max_score": 1}]})
	decide(i).action == "allow"
}

# --- Ungeprüfte Inhalte (KI-RL-3.6) ------------------------------------------------------------

unread(i, us) := object.union(i, {"uninspected": us})

test_file_by_address_blocked if {
	d := decide(unread(inp("openai-api", []), ["file_url"]))
	d.action == "block"
	rules(d) == {"KI-RL-3.6"}
	contains(d.reasons[0].message, "Datei per Internetadresse")
	contains(d.reasons[0].message_en, "file_url")
}

test_images_blocked_by_default if {
	d := decide(unread(inp("anthropic-api", []), ["image", "image_url"]))
	d.action == "block"
	contains(d.reasons[0].message, "Bild (Foto, Screenshot), Bild per Internetadresse")
}

test_images_allowed_where_the_register_says_so if {
	d := decide(unread(inp("openai-api", []), ["image"])) with data.richtlinie.register["openai-api"].ungeprueft_erlaubt as ["image"]
	d.action == "allow"
	d2 := decide(unread(inp("anthropic-api", []), ["image"])) with data.richtlinie.register["openai-api"].ungeprueft_erlaubt as ["image"]
	d2.action == "block"
}

test_allowed_kinds_leave_the_others_blocked if {
	d := decide(unread(inp("openai-api", []), ["file_url", "image"])) with data.richtlinie.ungeprueft_erlaubt as ["image"]
	d.action == "block"
	contains(d.reasons[0].message, "Datei per Internetadresse")
	not contains(d.reasons[0].message, "Bild (Foto")
}

# Le Chat's uploads go past schleuse: the notice must not send the person to upload a PDF there.
test_upload_past_schleuse_names_the_service if {
	d := decide(unread(inp("mistral-web", []), ["file_upload"]))
	d.action == "block"
	contains(d.reasons[0].message, "Datei, die bei diesem Dienst an der schleuse vorbei hochgeladen wird")
	contains(d.reasons[0].message, "bei einem Dienst, dessen Uploads schleuse prüft")
	contains(d.reasons[0].message_en, "with a service whose uploads schleuse inspects")
}

test_nothing_unread_allows if {
	decide(unread(inp("openai-api", []), [])).action == "allow"
}

# --- Tool- und Schemabeschreibungen (schema_exempt) -------------------------------------------

# fields(i, fs) gibt jedem Fund der Eingabe i die Feldarten fs.
fields(i, fs) := object.union(i, {"findings": [object.union(f, {"fields": fs}) | some f in i.findings]})

test_schema_category_words_pass if {
	d := decide(fields(inp("openai-api", ["SPECIAL_CATEGORY"]), ["schema"]))
	d.action == "allow"
	rules(d) == {"KI-RL-1.1"}
}

test_schema_category_words_beside_prompt_data if {
	i := inp("openai-api", ["SPECIAL_CATEGORY", "PERSON"])
	d := decide(object.union(i, {"findings": [
		{"type": "PERSON", "count": 1, "max_score": 0.99, "fields": ["user"]},
		{"type": "SPECIAL_CATEGORY", "count": 4, "max_score": 0.99, "fields": ["schema"]},
	]}))
	d.action == "redact"
	d.redact == ["PERSON"]
}

test_schema_classification_grades_pass if {
	d := decide(fields(inp("openai-api", ["CLASSIFICATION"]), ["schema"]))
	d.action == "allow"
	rules(d) == {"KI-RL-1.1"}
}

test_schema_classification_in_prompt_too_blocks if {
	d := decide(fields(inp("openai-api", ["CLASSIFICATION"]), ["schema", "user"]))
	d.action == "block"
	rules(d) == {"KI-RL-4.1"}
}

test_schema_category_words_beside_a_person_in_schema_block if {
	i := inp("openai-api", ["SPECIAL_CATEGORY", "PERSON"])
	d := decide(object.union(i, {"findings": [
		{"type": "PERSON", "count": 1, "max_score": 0.9, "fields": ["schema", "user"]},
		{"type": "SPECIAL_CATEGORY", "count": 1, "max_score": 0.8, "fields": ["schema"]},
	]}))
	d.action == "block"
	rules(d) == {"KI-RL-3.1"}
	d2 := schleuse.decision with input as fields(inp("openai-api", ["SPECIAL_CATEGORY", "IBAN"]), ["schema"])
		with data.richtlinie.schema_names as ["PERSON", "IBAN"]
	d2.action == "block"
}

test_schema_category_words_beside_format_examples_pass if {
	# "Geburtsdatum, z. B. 01.01.1980", "max.mustermann@example.com": Formatbeispiele nennen keine
	# Person; sie werden pseudonymisiert, die Auswahlliste bleibt erlaubt.
	d := decide(fields(inp("openai-api", ["SPECIAL_CATEGORY", "DATE_OF_BIRTH", "EMAIL", "IBAN"]), ["schema"]))
	d.action == "redact"
	d.redact == ["DATE_OF_BIRTH", "EMAIL", "IBAN"]
}

test_schema_category_words_beside_secret_or_grade_pass_category if {
	# Zugangsdaten blockieren selbst (KI-RL-4.2); eine VS-Einstufung nennt keine Person und hebt
	# die Ausnahme für Pflegegrade nicht auf.
	d := decide(fields(inp("openai-api", ["SPECIAL_CATEGORY", "CLASSIFICATION"]), ["schema"]))
	d.action == "allow"
}

test_schema_category_in_prompt_too_blocks if {
	d := decide(fields(inp("openai-api", ["SPECIAL_CATEGORY"]), ["schema", "user"]))
	d.action == "block"
	rules(d) == {"KI-RL-3.1"}
}

test_schema_identifiers_persons_secrets_count if {
	decide(fields(inp("openai-api", ["SECRET"]), ["schema"])).action == "block"
	d := decide(fields(inp("openai-api", ["PERSON", "IBAN"]), ["schema"]))
	d.action == "redact"
	d.redact == ["IBAN", "PERSON"]
	decide(fields(inp("claude-web", ["PERSON"]), ["schema"])).action == "warn"
}

test_schema_exempt_empty_blocks_category_words if {
	d := schleuse.decision with input as fields(inp("openai-api", ["SPECIAL_CATEGORY"]), ["schema"])
		with data.richtlinie.schema_exempt as []
	d.action == "block"
}

test_group_block_classes_ignore_schema_category_words if {
	d := decide(groups(fields(inp("openai-api", ["SPECIAL_CATEGORY"]), ["schema"]), ["sozialamt"]))
	d.action == "allow"
}

# --- Abschnitt 2: Transparenzregister ----------------------------------------------------------

test_unregistered_service_blocked_even_without_data if {
	d := decide(inp("some-new-ai", []))
	d.action == "block"
	rules(d) == {"KI-RL-2.1"}
	contains(d.reasons[0].message, "some-new-ai")
}

test_unregistered_service_named_by_the_catalogue if {
	i := inp("some-new-ai", [])
	d := decide(object.union(i, {"service": object.union(i.service, {"name": "Neue KI"})}))
	d.action == "block"
	rules(d) == {"KI-RL-2.1"}
	contains(d.reasons[0].message, "„Neue KI“")
}

test_registered_service_named_by_the_register if {
	i := inp("gemini-web", ["PERSON"])
	d := decide(object.union(i, {"service": object.union(i.service, {"name": "Katalogname"})}))
	contains(d.reasons[0].message, "„Gemini (Web)“")
}

test_unregistered_allow_without_personal_data_switch if {
	d := schleuse.decision with input as inp("some-new-ai", [])
		with data.richtlinie.unregistered as "allow_without_personal_data"
	d.action == "allow"
}

test_unregistered_allow_without_personal_data_blocks_data if {
	d := schleuse.decision with input as inp("some-new-ai", ["EMAIL"])
		with data.richtlinie.unregistered as "allow_without_personal_data"
	d.action == "block"
	rules(d) == {"KI-RL-2.1"}
	contains(d.reasons[0].message, "E-Mail-Adresse")
	contains(d.reasons[0].message_en, "EMAIL")
}

test_unregistered_unknown_switch_value_blocks if {
	d := schleuse.decision with input as inp("some-new-ai", [])
		with data.richtlinie.unregistered as "erlauben"
	d.action == "block"
}

test_unapproved_service_personal_data_blocked if {
	d := decide(inp("perplexity-web", ["PERSON", "EMAIL"]))
	d.action == "block"
	rules(d) == {"KI-RL-2.2"}
	contains(d.reasons[0].message, "E-Mail-Adresse, Name einer Person")
	contains(d.reasons[0].message_en, "EMAIL, PERSON")
}

test_unapproved_service_justification_does_not_help if {
	d := decide(justify(inp("gemini-web", ["PERSON"]), "brauche ich dringend für den Bescheid"))
	d.action == "block"
}

test_closed_service_permitted_classes_pass_in_clear if {
	d := decide(inp("azure-openai", ["PERSON", "EMAIL"]))
	d.action == "allow"
	rules(d) == {"KI-RL-2.4"}
}

test_closed_service_other_classes_redacted if {
	d := decide(inp("azure-openai", ["PERSON", "IBAN"]))
	d.action == "redact"
	d.redact == ["IBAN"]
	rules(d) == {"KI-RL-3.2", "KI-RL-2.4"}
}

test_permitted_classes_ignored_for_open_system if {
	d := schleuse.decision with input as inp("openai-api", ["PERSON"])
		with data.richtlinie.register["openai-api"].system as "open"
		with data.richtlinie.register["openai-api"].permitted_classes as ["PERSON"]
	d.action == "redact"
	d.redact == ["PERSON"]
}

test_permitted_classes_never_unlock_always_block if {
	d := schleuse.decision with input as inp("azure-openai", ["SPECIAL_CATEGORY"])
		with data.richtlinie.register["azure-openai"].permitted_classes as ["SPECIAL_CATEGORY"]
	d.action == "block"
}

test_missing_register_fields_are_false if {
	d := schleuse.decision with input as inp("neu", ["PERSON"])
		with data.richtlinie.register.neu as {"name": "Neuer Dienst"}
	d.action == "block"
	rules(d) == {"KI-RL-2.2"}
}

# --- Abschnitt 3: personenbezogene Daten -------------------------------------------------------

test_approved_service_with_avv_redacts if {
	d := decide(inp("openai-api", ["PERSON", "IBAN", "EMAIL"]))
	d.action == "redact"
	d.redact == ["EMAIL", "IBAN", "PERSON"]
	rules(d) == {"KI-RL-3.2"}
}

test_same_prompt_allowed_redacted_blocked if {
	types := ["PERSON", "EMAIL"]
	decide(inp("azure-openai", types)).action == "allow"
	decide(inp("openai-api", types)).action == "redact"
	decide(inp("unbekannt", types)).action == "block"
}

test_special_category_blocked if {
	d := decide(inp("openai-api", ["PERSON", "SPECIAL_CATEGORY"]))
	d.action == "block"
	rules(d) == {"KI-RL-3.1"}
	contains(d.reasons[0].message, "Art. 9 DSGVO")
}

test_special_category_blocked_even_with_justification if {
	d := decide(justify(inp("openai-api", ["SPECIAL_CATEGORY"]), "Gutachten für das Gesundheitsamt"))
	d.action == "block"
}

test_approved_without_avv_warns if {
	d := decide(inp("chatgpt-web", ["PERSON"]))
	d.action == "warn"
	rules(d) == {"KI-RL-3.4"}
	contains(d.reasons[0].message, "#freigabe:")
}

test_approved_without_avv_justified_redacts if {
	d := decide(justify(inp("chatgpt-web", ["PERSON"]), "Entwurf eines Antwortschreibens"))
	d.action == "redact"
	d.redact == ["PERSON"]
	rules(d) == {"KI-RL-3.2", "KI-RL-6.2"}
}

test_approved_without_avv_no_personal_data_allows if {
	d := decide(inp("chatgpt-web", []))
	d.action == "allow"
}

test_short_justification_still_warns if {
	d := decide(justify(inp("chatgpt-web", ["PERSON"]), "  ok   "))
	d.action == "warn"
	rules(d) == {"KI-RL-3.4", "KI-RL-6.3"}
	some r in d.reasons
	r.rule == "KI-RL-6.3"
	contains(r.message, "zu kurz")
	contains(r.message, sprintf("%d Zeichen", [data.richtlinie.freigabe.min_length]))
}

test_short_justification_where_none_helps_says_nothing_of_it if {
	# Ein gesperrter Dienst: eine Begründung ändert nichts, also kein Hinweis auf ihre Länge.
	d := decide(justify(inp("gemini-web", ["PERSON"]), "ok"))
	d.action == "block"
	not "KI-RL-6.3" in rules(d)
}

test_no_justification_no_length_hint if {
	d := decide(inp("chatgpt-web", ["PERSON"]))
	not "KI-RL-6.3" in rules(d)
}

# Die Massendaten-Tests rechnen mit max_personal_findings aus data.yaml: eine andere Grenze dort
# ist eine Einstellung, kein Fehler der Richtlinie.
max_personal := data.richtlinie.max_personal_findings

test_mass_data_blocked if {
	i := object.union(inp("openai-api", []), {"findings": [
		{"type": "PERSON", "count": max_personal, "max_score": 0.9},
		{"type": "EMAIL", "count": 1, "max_score": 0.9},
	]})
	d := decide(i)
	d.action == "block"
	rules(d) == {"KI-RL-3.5"}
	contains(d.reasons[0].message, sprintf("%d", [max_personal + 1]))
}

test_mass_data_threshold_is_inclusive if {
	i := object.union(inp("openai-api", []), {"findings": [{"type": "PERSON", "count": max_personal, "max_score": 0.9}]})
	decide(i).action == "redact"
}

test_mass_data_same_class_twice_adds_up if {
	i := object.union(inp("openai-api", []), {"findings": [
		{"type": "PERSON", "count": max_personal, "max_score": 0.9},
		{"type": "PERSON", "count": 1, "max_score": 0.9},
	]})
	d := decide(i)
	d.action == "block"
	rules(d) == {"KI-RL-3.5"}
	contains(d.reasons[0].message, sprintf("%d", [max_personal + 1]))
}

test_mass_data_counts_only_personal_findings if {
	i := object.union(inp("openai-api", []), {"findings": [
		{"type": "SECRET", "count": max_personal + 10, "max_score": 0.9},
		{"type": "PERSON", "count": 1, "max_score": 0.9},
	]})
	rules(decide(i)) == {"KI-RL-4.2"}
	j := object.union(inp("openai-api", []), {"findings": [
		{"type": "PERSON", "count": max_personal, "max_score": 0.9},
		{"type": "EMAIL", "count": 0, "max_score": 0.9},
	]})
	decide(j).action == "redact"
}

test_min_score_threshold if {
	i := object.union(inp("openai-api", []), {"findings": [{"type": "PERSON", "count": 1, "max_score": 0.3}]})
	d := schleuse.decision with input as i with data.richtlinie.min_score as 0.5
	d.action == "allow"
	d2 := schleuse.decision with input as i with data.richtlinie.min_score as 0.2
	d2.action == "redact"
}

test_missing_threshold_counts_every_finding if {
	i := object.union(inp("openai-api", []), {"findings": [{"type": "PERSON", "count": 1, "max_score": 0.01}]})
	d := schleuse.decision with input as i with data.richtlinie as object.remove(data.richtlinie, ["min_score"])
	d.action == "redact"
}

test_unknown_finding_type_counts_as_personal if {
	d := decide(inp("openai-api", ["NEW_DETECTOR_TYPE"]))
	d.action == "redact"
	d.redact == ["NEW_DETECTOR_TYPE"]
}

test_operators_per_type if {
	d := decide(inp("openai-api", ["CREDIT_CARD", "PERSON"]))
	d.action == "redact"
	d.operators == {"CREDIT_CARD": "mask"}
}

# --- Abschnitt 4: Vertraulichkeit --------------------------------------------------------------

test_classification_blocked if {
	d := decide(inp("azure-openai", ["CLASSIFICATION"]))
	d.action == "block"
	rules(d) == {"KI-RL-4.1"}
}

test_secret_blocked if {
	d := decide(inp("openai-api", ["SECRET"]))
	d.action == "block"
	rules(d) == {"KI-RL-4.2"}
}

test_secret_blocked_with_justification if {
	d := decide(justify(inp("openai-api", ["SECRET"]), "Ich brauche Hilfe mit dem API-Schlüssel"))
	d.action == "block"
}

test_secret_alone_is_not_personal_on_unapproved_service if {
	d := decide(inp("gemini-web", ["SECRET"]))
	rules(d) == {"KI-RL-4.2"}
}

test_all_block_reasons_are_reported if {
	d := decide(inp("openai-api", ["SECRET", "CLASSIFICATION", "SPECIAL_CATEGORY"]))
	d.action == "block"
	rules(d) == {"KI-RL-3.1", "KI-RL-4.1", "KI-RL-4.2"}
}

# --- Abschnitt 5: Hochrisiko (EU-KI-Verordnung) ------------------------------------------------

test_high_risk_with_personal_data_blocked if {
	some topic in ["hr_application", "social_benefit", "asylum", "grading"]
	d := decide(topics(inp("azure-openai", ["PERSON"]), [topic]))
	d.action == "block"
	rules(d) == {"KI-RL-5.1"}
	contains(d.reasons[0].message, "Entscheidung bleibt beim Menschen")
}

test_high_risk_english_message_names_the_topic_in_english if {
	d := decide(topics(inp("azure-openai", ["PERSON"]), ["hr_application"]))
	contains(d.reasons[0].message, "Bewertung von Bewerbungen")
	contains(d.reasons[0].message_en, "(hr_application)")
	not contains(d.reasons[0].message_en, "Bewertung")
}

test_every_high_risk_topic_blocks if {
	every topic in ["hr_application", "social_benefit", "asylum", "grading"] {
		decide(topics(inp("azure-openai", ["PERSON"]), [topic])).action == "block"
	}
}

test_high_risk_without_personal_data_allowed if {
	d := decide(topics(inp("openai-api", []), ["hr_application"]))
	d.action == "allow"
}

test_high_risk_not_overridable if {
	d := decide(justify(topics(inp("openai-api", ["PERSON"]), ["asylum"]), "nur zur Zusammenfassung der Akte"))
	d.action == "block"
}

test_unknown_topic_ignored if {
	d := decide(topics(inp("openai-api", ["PERSON"]), ["weather"]))
	d.action == "redact"
}

# --- Abschnitt 6: Warnung und #freigabe ----------------------------------------------------------

test_case_reference_warns if {
	d := decide(inp("openai-api", ["CASE_REFERENCE"]))
	d.action == "warn"
	rules(d) == {"KI-RL-6.1"}
	contains(d.reasons[0].message, "#freigabe:")
}

test_case_reference_justified_allowed if {
	d := decide(justify(inp("openai-api", ["CASE_REFERENCE"]), "Aktenzeichen wird für das Anschreiben benötigt"))
	d.action == "allow"
	rules(d) == {"KI-RL-6.2"}
}

test_license_plate_justified_redacted if {
	d := decide(justify(inp("openai-api", ["DE_LICENSE_PLATE", "PERSON"]), "Bußgeldbescheid formulieren"))
	d.action == "redact"
	d.redact == ["DE_LICENSE_PLATE", "PERSON"]
	rules(d) == {"KI-RL-3.2", "KI-RL-6.2"}
}

test_case_reference_justified_mixed_with_person if {
	d := decide(justify(inp("openai-api", ["CASE_REFERENCE", "PERSON"]), "Aktenzeichen wird benötigt"))
	d.action == "redact"
	d.redact == ["PERSON"]
}

test_case_reference_without_avv_justified_is_redacted if {
	d := decide(justify(inp("chatgpt-web", ["CASE_REFERENCE"]), "Aktenzeichen wird benötigt"))
	d.action == "redact"
	d.redact == ["CASE_REFERENCE"]
}

test_case_reference_permitted_in_register_no_warning if {
	d := decide(inp("azure-openai", ["CASE_REFERENCE"]))
	d.action == "allow"
}

test_warn_loses_against_block if {
	d := decide(inp("openai-api", ["CASE_REFERENCE", "SECRET"]))
	d.action == "block"
}

# --- Abschnitt 7: Gruppen ----------------------------------------------------------------------

test_sozialamt_health_insurance_blocked if {
	d := decide(groups(inp("openai-api", ["DE_HEALTH_INSURANCE", "PERSON"]), ["sozialamt"]))
	d.action == "block"
	rules(d) == {"KI-RL-7.1"}
	contains(d.reasons[0].message, "Krankenversichertennummer")
	contains(d.reasons[0].message_en, "DE_HEALTH_INSURANCE")
}

test_sozialamt_health_insurance_blocked_on_permitting_service if {
	d := schleuse.decision with input as groups(inp("azure-openai", ["DE_HEALTH_INSURANCE"]), ["sozialamt"])
		with data.richtlinie.register["azure-openai"].permitted_classes as ["DE_HEALTH_INSURANCE"]
	d.action == "block"
}

test_other_group_health_insurance_redacted if {
	d := decide(groups(inp("openai-api", ["DE_HEALTH_INSURANCE"]), ["bauamt"]))
	d.action == "redact"
	d.redact == ["DE_HEALTH_INSURANCE"]
}

test_group_warn_class if {
	d := decide(groups(inp("openai-api", ["DATE_OF_BIRTH"]), ["personalamt"]))
	d.action == "warn"
	rules(d) == {"KI-RL-6.1"}
	d2 := decide(groups(justify(inp("openai-api", ["DATE_OF_BIRTH"]), "Geburtstagsliste für die Ehrung"), ["personalamt"]))
	d2.action == "redact"
}

test_group_warn_class_never_allowed_in_clear if {
	d := decide(groups(justify(inp("openai-api", ["CASE_REFERENCE"]), "Aktenzeichen wird benötigt"), ["jugendamt", "personalamt"]))
	d.action == "allow"
	d2 := schleuse.decision with input as groups(justify(inp("openai-api", ["CASE_REFERENCE"]), "Aktenzeichen wird benötigt"), ["jugendamt"])
		with data.richtlinie.groups.jugendamt.warn_classes as ["CASE_REFERENCE"]
	d2.action == "redact"
	d2.redact == ["CASE_REFERENCE"]
}

test_several_groups_union if {
	d := decide(groups(inp("openai-api", ["DE_TAX_ID"]), ["sozialamt", "personalamt"]))
	d.action == "block"
}

# --- Ausgabevertrag ----------------------------------------------------------------------------

samples := [
	inp("openai-api", []),
	inp("openai-api", ["PERSON"]),
	inp("azure-openai", ["PERSON"]),
	inp("chatgpt-web", ["PERSON"]),
	inp("gemini-web", ["PERSON"]),
	inp("nicht-registriert", []),
	inp("openai-api", ["SECRET"]),
	inp("openai-api", ["CASE_REFERENCE"]),
	justify(inp("openai-api", ["CASE_REFERENCE"]), "Aktenzeichen wird benötigt"),
	topics(inp("openai-api", ["PERSON"]), ["grading"]),
]

test_every_decision_has_action_and_german_reason if {
	every i in samples {
		d := decide(i)
		d.action in {"allow", "redact", "block", "warn"}
		count(d.reasons) > 0
		every r in d.reasons {
			startswith(r.rule, "KI-RL-")
			contains(r.message, concat(" ", [schleuse.titel, "Abschnitt"]))
			r.message_en != ""
		}
	}
}

test_titel_names_the_policy_in_messages if {
	d := decide(inp("openai-api", ["SECRET"])) with data.richtlinie.titel as "Dienstanweisung KI der Stadt"
	every r in d.reasons {
		contains(r.message, "Dienstanweisung KI der Stadt Abschnitt")
		not contains(r.message, "KI-Richtlinie")
	}
}

test_redact_decisions_always_list_types if {
	every i in samples {
		d := decide(i)
		redact_ok(d)
	}
}

redact_ok(d) if d.action != "redact"

redact_ok(d) if {
	d.action == "redact"
	count(d.redact) > 0
}

# --- Daten (data.yaml) prüfen ------------------------------------------------------------------

# Schlägt der Test fehl, nennt die Ausgabe die Einträge (z. B. „approved: ja“ statt true).
test_register_entries_well_formed if {
	bad := {id | some id, s in data.richtlinie.register; not register_entry_ok(s)}
	print("Registereinträge, die nicht approved: true|false, avv: true|false, system: open|closed und permitted_classes: [...] haben:", bad)
	count(bad) == 0
}

register_entry_ok(s) if {
	is_boolean(s.approved)
	is_boolean(s.avv)
	s.system in {"open", "closed"}
	is_array(s.permitted_classes)
}

test_register_covers_known_services if {
	every id in [
		"chatgpt-web", "openai-api", "claude-web", "anthropic-api", "gemini-web", "gemini-api",
		"copilot-web", "perplexity-web", "perplexity-api", "mistral-web", "mistral-api",
		"deepl-web", "deepl-api", "azure-openai",
	] {
		data.richtlinie.register[id]
	}
}

# Jede in data.yaml genannte Datenklasse steht in typnamen: ein Tippfehler („IBNA“ in always_block,
# „PERSN“ in permitted_classes) bliebe sonst still wirkungslos.
test_every_class_named_in_data_is_known if {
	r := data.richtlinie
	named := {c | some c, _ in r.always_block} |
		{c | some c in r.non_personal} |
		{c | some _, s in r.register; some c in s.permitted_classes} |
		{c | some c, _ in object.get(r, ["freigabe", "classes"], {})} |
		{c | some _, g in r.groups; some c in object.get(g, "block_classes", [])} |
		{c | some _, g in r.groups; some c in object.get(g, "warn_classes", [])} |
		{c | some c, _ in r.operators}
	unknown := {c | some c in named; not r.typnamen[c]}
	print("Datenklassen in data.yaml, die nicht in typnamen stehen (Tippfehler?):", unknown)
	count(unknown) == 0
}

# Schlägt der Test fehl, nennt die Ausgabe die Regeln (z. B. eine Meldung ohne Zeile „de:“, eine
# Regel aus always_block ohne Eintrag unter messages).
test_every_rule_has_german_and_english_message if {
	m := data.richtlinie.messages
	bad := {key | some key, msg in m; not message_ok(key, msg)} | {rule | some _, rule in data.richtlinie.always_block; not m[rule]}
	print("Regeln ohne deutsche (de:) oder englische (en:) Meldung unter messages, oder deren Regel-ID nicht mit KI-RL- beginnt:", bad)
	count(bad) == 0
}

message_ok(key, msg) if {
	startswith(key, "KI-RL-")
	msg.de != ""
	msg.en != ""
}

test_freigabe_actions_valid if {
	every _, a in data.richtlinie.freigabe.classes {
		a in {"allow", "redact"}
	}
	data.richtlinie.freigabe.min_length >= 1
}

test_operators_valid if {
	every _, op in data.richtlinie.operators {
		op in {"pseudonym", "mask", "label", "remove"}
	}
}

# --- Meldungen ---------------------------------------------------------------------------------

test_messages_name_classes_in_german_without_codes if {
	d := decide(inp("perplexity-web", ["DE_TAX_ID", "IBAN"]))
	contains(d.reasons[0].message, "Steuer-Identifikationsnummer, IBAN (Bankverbindung)")
	not contains(d.reasons[0].message, "DE_TAX_ID")
}

test_messages_fall_back_to_class_name_without_typname if {
	d := decide(inp("perplexity-web", ["NEW_TYPE"])) with data.richtlinie.typnamen as {}
	contains(d.reasons[0].message, "NEW_TYPE")
}

# --- Fehlende Daten ----------------------------------------------------------------------------

test_missing_data_blocks if {
	d := decide(inp("openai-api", [])) with data.richtlinie as {}
	d.action == "block"
	d.reasons[0].rule == "KI-RL-0"
}

test_missing_register_blocks_even_a_secret_free_prompt if {
	d := decide(inp("openai-api", [])) with data.richtlinie.register as null
	d.action == "block"
}
