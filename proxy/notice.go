package proxy

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
)

// typeNamesDE are the finding types as staff read them.
var typeNamesDE = map[string]string{
	"EMAIL":               "E-Mail-Adresse",
	"PHONE":               "Telefonnummer",
	"IBAN":                "IBAN (Bankverbindung)",
	"CREDIT_CARD":         "Kreditkartennummer",
	"DE_TAX_ID":           "Steuer-Identifikationsnummer",
	"DE_TAX_NUMBER":       "Steuernummer",
	"DE_VAT_ID":           "Umsatzsteuer-ID",
	"DE_SOCIAL_SECURITY":  "Sozialversicherungsnummer",
	"DE_HEALTH_INSURANCE": "Krankenversichertennummer",
	"DE_ID_CARD":          "Ausweis- oder Passnummer",
	"DE_LICENSE_PLATE":    "Kfz-Kennzeichen",
	"POSTAL_ADDRESS":      "Postanschrift",
	"DATE_OF_BIRTH":       "Geburtsdatum",
	"PERSON":              "Name einer Person",
	"IP_ADDRESS":          "IP-Adresse",
	"SECRET":              "Zugangsdaten (Passwort, Schlüssel, Token)",
	"CASE_REFERENCE":      "Aktenzeichen",
	"CLASSIFICATION":      "Verschlusssachen-Kennzeichnung",
	"SPECIAL_CATEGORY":    "besondere Kategorie personenbezogener Daten (Art. 9 DSGVO, z. B. Gesundheit)",
}

// TypeNameDE is a finding type as staff read it in a notice ("Geburtsdatum"),
// the type itself when it has no German name.
func TypeNameDE(typ string) string {
	if n, ok := typeNamesDE[typ]; ok {
		return n
	}
	return typ
}

// typesDE names types as staff read them, by the DPO's own name where own
// (data.yaml's typnamen where they differ from the default policy's) has
// one: the notice's "Gefunden:" then says what the policy's message says.
func typesDE(types []string, own map[string]string) string {
	out := make([]string, len(types))
	for i, t := range types {
		if n := own[t]; n != "" {
			out[i] = n
		} else {
			out[i] = TypeNameDE(t)
		}
	}
	return strings.Join(out, ", ")
}

func reasonsText(reasons []policies.Reason, en bool) string {
	var b strings.Builder
	for _, r := range reasons {
		msg := r.Message
		if en {
			msg = r.MessageEN
			if msg == "" {
				continue
			}
		}
		if r.Rule != "" && !namesRule(msg, r.Rule) {
			fmt.Fprintf(&b, "%s (%s). ", strings.TrimRight(msg, ". "), r.Rule)
		} else {
			fmt.Fprintf(&b, "%s. ", strings.TrimRight(msg, ". "))
		}
	}
	return strings.TrimSpace(b.String())
}

// sectionWords name a part of a directive before its number, as a policy's
// message may cite its rule ("Zugangsdaten dürfen nie … (Dienstanweisung
// KI, Ziffer 4)"); lower case, each with its blank.
var sectionWords = []string{"abschnitt ", "abschn. ", "ziffer ", "nr. ", "nummer ", "punkt ", "kapitel ", "§ ", "§",
	"section ", "clause ", "paragraph ", "no. ", "item "}

// namesRule reports whether msg, a reason's message, names its rule
// already: the id itself, or the number after the id's last hyphen (4.2 of
// KI-RL-4.2; 2.1 of KI-RL-2.1a) as a number of its own, one with a dot
// anywhere ("KI-Richtlinie Abschnitt 4.2", "AI policy section 4.2", as the
// default policy's messages cite their rule) and one without only after a
// word such as "Abschnitt" or "section" ("Ziffer 4", not "4 Fundstellen").
// The notice then cites the rule once, in the DPO's words; before, it said
// "(KI-Richtlinie Abschnitt 4.2) (KI-RL-4.2)".
func namesRule(msg, rule string) bool {
	if strings.Contains(msg, rule) {
		return true
	}
	j := strings.LastIndexByte(rule, '-')
	if j < 0 {
		return false
	}
	num := rule[j+1:]
	k := 0
	for k < len(num) && (num[k] >= '0' && num[k] <= '9' || num[k] == '.' && k > 0 && k+1 < len(num) && num[k+1] >= '0' && num[k+1] <= '9') {
		k++
	}
	if num = num[:k]; num == "" {
		return false
	}
	for i := 0; ; {
		at := strings.Index(msg[i:], num)
		if at < 0 {
			return false
		}
		at += i
		end := at + len(num)
		i = at + 1
		if at > 0 && (isDigit(msg[at-1]) || msg[at-1] == '.' || msg[at-1] == ',') {
			continue // part of 14.2 or 1,4.2
		}
		if end < len(msg) && (isDigit(msg[end]) || (msg[end] == '.' || msg[end] == ',') && end+1 < len(msg) && isDigit(msg[end+1])) {
			continue // part of 4.21 or 4.2.1
		}
		if strings.Contains(num, ".") {
			return true
		}
		for _, w := range sectionWords {
			if at >= len(w) && strings.EqualFold(msg[at-len(w):at], w) {
				return true
			}
		}
	}
}

// placeholderExamples names placeholders for what was found: a name's
// („Frau X“) does not help when a diagnosis or a password blocked the
// prompt, and the text with it would be blocked again.
func placeholderExamples(types []string) string {
	var ex []string
	for _, c := range []struct{ typ, ex string }{
		{"SPECIAL_CATEGORY", "„[Diagnose]“"}, {"SECRET", "„[Passwort]“"}, {"PERSON", "„Frau X“"},
	} {
		if slices.Contains(types, c.typ) {
			ex = append(ex, c.ex)
		}
	}
	if len(ex) == 0 {
		return "„Frau X“, „[IBAN]“"
	}
	return strings.Join(ex, ", ")
}

// elsewhere names the types found only outside the message the person
// sent last, so that nobody looks for them there: in the calling program's
// tool and schema definitions (schema), in earlier turns of the chat that
// the program sends again with every request (history), or in an attached
// or uploaded file (file). A type is in at most one of the three.
type elsewhere struct {
	schema, history, file []string
	// names are the DPO's own German names of types (Pipeline.typeNames),
	// nil for the built-in ones.
	names map[string]string
}

// split returns the types found in the request's own text (types in none
// of the lists) and the sentences that name the others, German or English;
// "" when there are none.
func (w elsewhere) split(types []string, en bool) ([]string, string) {
	if len(w.schema) == 0 && len(w.history) == 0 && len(w.file) == 0 {
		return types, ""
	}
	var own []string
	for _, t := range types {
		if !slices.Contains(w.schema, t) && !slices.Contains(w.history, t) && !slices.Contains(w.file, t) {
			own = append(own, t)
		}
	}
	names := func(ts []string) string { return typesDE(ts, w.names) }
	if en {
		names = func(ts []string) string { return strings.Join(ts, ", ") }
	}
	var b strings.Builder
	for _, c := range []struct {
		types          []string
		de, en         string // with the message's own findings
		deOnly, enOnly string // without
	}{
		{w.schema,
			"In den Tool- oder Schemabeschreibungen, die das aufrufende Programm mitsendet: ",
			"In the tool or schema definitions that the calling program sends: ",
			"Gefunden nur in den Tool- oder Schemabeschreibungen, die das aufrufende Programm mitsendet (nicht in der eingegebenen Nachricht): ",
			"Found only in the tool or schema definitions that the calling program sends (not in the message entered): "},
		{w.history,
			"In früheren Nachrichten dieses Chats: ",
			"In earlier messages of this chat: ",
			"Gefunden nur in früheren Nachrichten dieses Chats, die das Programm mit jeder Anfrage erneut sendet (nicht in Ihrer letzten Nachricht): ",
			"Found only in earlier messages of this chat, which the program sends again with every request (not in your last message): "},
		{w.file,
			"In einer angehängten oder hochgeladenen Datei: ",
			"In an attached or uploaded file: ",
			"Gefunden nur in einer angehängten oder hochgeladenen Datei (nicht im eingegebenen Text): ",
			"Found only in an attached or uploaded file (not in the text entered): "},
	} {
		if len(c.types) == 0 {
			continue
		}
		lead := c.de
		switch {
		case en && len(own) > 0:
			lead = c.en
		case en:
			lead = c.enOnly
		case len(own) == 0:
			lead = c.deOnly
		}
		b.WriteString(" " + lead + names(c.types) + ".")
	}
	return own, b.String()
}

// withContact names contact (notice.contact, e.g. "Datenschutzbeauftragte
// Frau Muster, datenschutz@stadt.example") where a notice of blockText says
// whom to ask; "" leaves the generic "Ihre oder Ihr Datenschutzbeauftragte(r)".
func withContact(text, contact string) string {
	contact = strings.TrimRight(strings.TrimSpace(contact), ".")
	if contact == "" {
		return text
	}
	return strings.NewReplacer(
		"Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).", "Fragen beantwortet "+contact+".",
		"Fragen beantworten Ihre IT und Ihre oder Ihr Datenschutzbeauftragte(r);", "Fragen beantworten Ihre IT und "+contact+";",
		"Fragen beantwortet Ihre oder Ihr Geheimschutz- oder Datenschutzbeauftragte(r).", "Fragen beantwortet Ihre oder Ihr Geheimschutzbeauftragte(r) oder "+contact+".",
		"Questions: your data-protection officer.", "Questions: "+contact+".",
		"Questions: your IT or data-protection officer;", "Questions: your IT or "+contact+";",
		"Questions: your classified-information or data-protection officer.", "Questions: your classified-information officer or "+contact+".",
	).Replace(text)
}

// contact returns notice.contact as in force; "" without one.
func (p *Pipeline) contact() string {
	if p.Contact == nil {
		return ""
	}
	return p.Contact()
}

// blockText is the notice shown in the chat window for a blocked prompt:
// what was found (types, never values), apart those found only in the
// calling program's tool and schema text, in earlier turns or in a file
// (where); which rule, how to proceed. As in warnText, a type the policy's
// messages name already (KI-RL-7.1's „… auch nicht pseudonymisiert
// (KI-Richtlinie Abschnitt 7.1): Steuer-Identifikationsnummer“, KI-RL-4.2's
// „Die Eingabe enthält Zugangsdaten …“) is not listed again; those they do
// not name follow them ("Außerdem gefunden"), and the next step speaks of
// "die genannten Angaben" where no "Gefunden:" of the notice's own lists
// them all. Before, the notice's "Gefunden: Steuer-Identifikationsnummer"
// preceded the message that named it.
func blockText(types []string, where elsewhere, reasons []policies.Reason, requestID string) string {
	var b strings.Builder
	de, en := reasonsText(reasons, false), reasonsText(reasons, true)
	b.WriteString("schleuse: Ihre Anfrage wurde nicht an den KI-Dienst gesendet.")
	own, sentence := where.split(types, false)
	var rest []string // found, and not named by the policy's messages
	if !strings.Contains(de, "Gefunden:") {
		rest = unnamed(own, de, where.namesDE)
	}
	listed := len(rest) > 0 && len(rest) == len(own) // "diese Angaben" are the notice's list
	if listed {
		fmt.Fprintf(&b, " Gefunden: %s.", typesDE(rest, where.names))
	}
	b.WriteString(sentence)
	if de != "" {
		b.WriteString(" Grund: " + de)
	}
	if len(rest) > 0 && len(rest) < len(own) {
		fmt.Fprintf(&b, " Außerdem gefunden: %s.", typesDE(rest, where.names))
	}
	// Nothing found (a request that cannot be read, the audit log down, a
	// service that is not approved): there is nothing to remove.
	switch {
	case slices.Contains(types, "CLASSIFICATION"):
		// Not "remove the marking": the content stays classified
		// without it, and resending it so would be the breach.
		b.WriteString(" So geht es weiter: Inhalte aus Verschlusssachen dürfen nicht in KI-Dienste eingegeben werden, auch nicht ohne ihre Kennzeichnung. Fragen beantwortet Ihre oder Ihr Geheimschutz- oder Datenschutzbeauftragte(r).")
	case len(types) > 0:
		ex := own // the placeholders for what the person typed, if anything
		if len(ex) == 0 {
			ex = types
		}
		if len(own) == 0 && len(where.history) > 0 {
			// The person's last message is clean: removing from it
			// helps nothing, and every request of the chat would be
			// blocked again.
			b.WriteString(" So geht es weiter: Löschen oder bearbeiten Sie die frühere Nachricht mit diesen Angaben, oder beginnen Sie einen neuen Chat; solange sie im Verlauf steht, wird jede Anfrage dieses Chats blockiert. Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).")
			break
		}
		if len(own) == 0 && len(where.file) > 0 {
			// Nothing typed to remove: the file holds it, and schleuse
			// does not rewrite files.
			b.WriteString(" So geht es weiter: Entfernen oder schwärzen Sie diese Angaben in der Datei und laden Sie sie erneut hoch, oder senden Sie die Anfrage ohne die Datei. Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).")
			break
		}
		these := "diese Angaben"
		if !listed {
			these = "die genannten Angaben"
		}
		fmt.Fprintf(&b, " So geht es weiter: Entfernen Sie %s oder ersetzen Sie sie durch Platzhalter (z. B. %s) und senden Sie die Anfrage erneut.", these, placeholderExamples(ex))
		if len(where.history) > 0 {
			b.WriteString(" Angaben in früheren Nachrichten löschen Sie dort, oder Sie beginnen einen neuen Chat.")
		}
		b.WriteString(" Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).")
	default:
		b.WriteString(" Fragen beantworten Ihre IT und Ihre oder Ihr Datenschutzbeauftragte(r); nennen Sie dabei die Vorgangsnummer.")
	}
	fmt.Fprintf(&b, " Vorgangsnummer: %s.", requestID)
	b.WriteString("\n\n[EN] schleuse: your request was not sent to the AI service.")
	rest = nil
	if !strings.Contains(en, "Found:") {
		rest = unnamed(own, en, namesEN)
	}
	listed = len(rest) > 0 && len(rest) == len(own)
	if listed {
		fmt.Fprintf(&b, " Found: %s.", strings.Join(rest, ", "))
	}
	_, sentence = where.split(types, true)
	b.WriteString(sentence)
	if en != "" {
		b.WriteString(" Reason: " + en)
	}
	if len(rest) > 0 && len(rest) < len(own) {
		fmt.Fprintf(&b, " Also found: %s.", strings.Join(rest, ", "))
	}
	// The same next step and reference as the German part: a reader of
	// the English one should not have to find them there.
	switch {
	case slices.Contains(types, "CLASSIFICATION"):
		b.WriteString(" Do not enter content from classified material into AI services, not even without its marking. Questions: your classified-information or data-protection officer.")
	case len(types) > 0 && len(own) == 0 && len(where.history) > 0:
		b.WriteString(" Delete or edit the earlier message with these data, or start a new chat; while it stays in the history, every request of this chat is blocked. Questions: your data-protection officer.")
	case len(types) > 0 && len(own) == 0 && len(where.file) > 0:
		b.WriteString(" Remove or black out these data in the file and upload it again, or send the request without the file. Questions: your data-protection officer.")
	case len(types) > 0:
		these := "these data"
		if !listed {
			these = "the data named above"
		}
		fmt.Fprintf(&b, " Remove %s or replace them with placeholders and send again.", these)
		if len(where.history) > 0 {
			b.WriteString(" Delete those in earlier messages there, or start a new chat.")
		}
		b.WriteString(" Questions: your data-protection officer.")
	default:
		b.WriteString(" Questions: your IT or data-protection officer; quote the reference number.")
	}
	fmt.Fprintf(&b, " Reference number (Vorgangsnummer): %s.", requestID)
	return b.String()
}

// warnText asks the user to confirm with a justification. What the policy's
// own messages already say (what was found, how to write #freigabe) is not
// said a second time: the types a message names („Die Eingabe enthält
// folgende Angaben: Aktenzeichen“, KI-RL-6.1) are not listed again, those
// it does not name follow it ("Außerdem gefunden"); where the types of
// where were found is said (blockText). regardless: the policy warns as
// well without what was found (a DPO's rule for a service or a group), so
// nothing found is named as if it were the cause.
func warnText(types []string, where elsewhere, regardless bool, reasons []policies.Reason, requestID string) string {
	de, en := reasonsText(reasons, false), reasonsText(reasons, true)
	var b strings.Builder
	b.WriteString("schleuse: Bitte prüfen Sie Ihre Anfrage, bevor sie gesendet wird.")
	own, sentence := where.split(types, false)
	var rest []string // found, and not named by the policy's messages
	if !strings.Contains(de, "Gefunden:") {
		rest = unnamed(own, de, where.namesDE)
	}
	if len(rest) > 0 && len(rest) == len(own) {
		fmt.Fprintf(&b, " Gefunden: %s.", typesDE(rest, where.names))
	}
	b.WriteString(sentence)
	if de != "" {
		b.WriteString(" Hinweis: " + de)
	}
	if len(rest) > 0 && len(rest) < len(own) {
		fmt.Fprintf(&b, " Außerdem gefunden: %s.", typesDE(rest, where.names))
	}
	if regardless {
		b.WriteString(" Der Hinweis gilt unabhängig davon, was schleuse in der Anfrage gefunden hat.")
	}
	if !strings.Contains(de, "#freigabe") {
		b.WriteString(" Wenn die Übermittlung dienstlich erforderlich ist, schreiben Sie eine eigene Zeile „#freigabe: <Begründung>“ in Ihre Nachricht und senden Sie sie erneut. Die Begründung wird protokolliert.")
	}
	fmt.Fprintf(&b, " Vorgangsnummer: %s.", requestID)
	b.WriteString("\n\n[EN] schleuse: please check your request before it is sent.")
	rest = nil
	if !strings.Contains(en, "Found:") {
		rest = unnamed(own, en, namesEN)
	}
	if len(rest) > 0 && len(rest) == len(own) {
		fmt.Fprintf(&b, " Found: %s.", strings.Join(rest, ", "))
	}
	_, sentence = where.split(types, true)
	b.WriteString(sentence)
	if en != "" {
		b.WriteString(" Note: " + en)
	}
	if len(rest) > 0 && len(rest) < len(own) {
		fmt.Fprintf(&b, " Also found: %s.", strings.Join(rest, ", "))
	}
	if regardless {
		b.WriteString(" The note applies whatever schleuse found in the request.")
	}
	if !strings.Contains(en, "#freigabe") {
		b.WriteString(" If sending it is required for your work, add a line \"#freigabe: <reason>\" and send again; the reason is logged.")
	}
	fmt.Fprintf(&b, " Reference number (Vorgangsnummer): %s.", requestID)
	return b.String()
}

// unnamed returns the types of which msg, the policy's messages, names
// none of the names that names gives, each as a word of its own
// (namesWord).
func unnamed(types []string, msg string, names func(string) []string) []string {
	var out []string
outer:
	for _, t := range types {
		for _, n := range names(t) {
			if namesWord(msg, n) {
				continue outer
			}
		}
		out = append(out, t)
	}
	return out
}

// namesDE are the names a policy's German message may give typ by: the
// DPO's own (data.yaml's typnamen where they differ from the default
// policy's), the notices' (TypeNameDE), the default policy's ("Zugangsdaten",
// as KI-RL-4.2's message writes it out; "Gesundheits- oder andere
// Art.-9-Daten" as KI-RL-7.1's lists it), and the class itself (a policy
// without typnamen lists "DE_TAX_ID").
func (w elsewhere) namesDE(typ string) []string {
	out := []string{TypeNameDE(typ), policies.DefaultTypeName(typ), typ}
	if n := w.names[typ]; n != "" {
		out = append(out, n)
	}
	return out
}

// namesEN are the names a policy's English message may give typ by: the
// class, as the English messages list what was found ("Found: SECRET"),
// and the words the default policy's English messages write out for a
// type its German ones name by DefaultTypeName (defaultNamesEN). Before,
// the class alone: KI-RL-4.2's "The input contains credentials …" came
// after the notice's "Found: SECRET", which the German side did not
// repeat.
func namesEN(typ string) []string {
	if n := defaultNamesEN[typ]; n != "" {
		return []string{typ, n}
	}
	return []string{typ}
}

// defaultNamesEN are the types the default policy's English messages name
// in words, as its German ones do by their typnamen (DefaultTypeName):
// KI-RL-4.2 "contains credentials", KI-RL-4.1 "a classification marking".
// Only these: the other short names ("name", "address", "email address")
// are words of any sentence (KI-RL-3.6 says "a file given by web
// address"), and a type taken as named where a message does not concern
// it would be said in German and missing in English.
// TestDefaultNamesEN checks both against the default policy's messages.
var defaultNamesEN = map[string]string{
	"SECRET":         "credentials",
	"CLASSIFICATION": "classification marking",
}

// namesWord reports whether msg names name as a word of its own, not as a
// part of a longer word or of a compound: matched as written (case and
// all), and where name begins with a letter or digit, the character
// before it in msg is none of detectors.IsWordRune's (a letter, digit or
// combining mark of any script, '_' as in DE_TAX_ID) nor a hyphen (-, the
// hyphen and non-breaking hyphen U+2010 and U+2011, the soft hyphen); the
// same for the character after it where name ends with one. A German
// compound is one word, whether closed or hyphenated: "Name" is not named
// in "Benutzername" nor in "Namensänderung", "Adresse" not in
// "E-Mail-Adresse", "IBAN" not in "IBAN-Nummer", nor in "IBAN- und
// Kontodaten" (a hyphen that stands for a compound's other part). A
// punctuation mark, a blank, a dash between blanks, a slash ("Name/
// Anschrift") or a quotation mark end a word. A type named only so is
// listed once more: that costs a repetition, while a type taken as named
// where it is not would not be named at all. Before, a plain substring
// match took "Name" as named inside "Benutzername".
func namesWord(msg, name string) bool {
	if name == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	for i := 0; ; {
		at := strings.Index(msg[i:], name)
		if at < 0 {
			return false
		}
		at += i
		end := at + len(name)
		i = at + 1
		if detectors.IsWordRune(first) && at > 0 {
			if r, _ := utf8.DecodeLastRuneInString(msg[:at]); joinsWord(r) {
				continue
			}
		}
		if detectors.IsWordRune(last) && end < len(msg) {
			if r, _ := utf8.DecodeRuneInString(msg[end:]); joinsWord(r) {
				continue
			}
		}
		return true
	}
}

// joinsWord reports whether r, next to a name in a message, makes the name
// part of a longer word or compound (namesWord).
func joinsWord(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u00ad':
		return true
	}
	return detectors.IsWordRune(r)
}

// typeCount is a finding type and how many distinct values of it.
type typeCount struct {
	typ string
	n   int
}

// shortNames are the finding types as the note on replaced values names
// them, German and English: short, as staff read the line above every
// answer (the notices name them in full, TypeNameDE).
var shortNames = map[string][2]string{
	"EMAIL":               {"E-Mail-Adresse", "email address"},
	"PHONE":               {"Telefonnummer", "phone number"},
	"IBAN":                {"IBAN", "IBAN"},
	"CREDIT_CARD":         {"Kreditkartennummer", "card number"},
	"DE_TAX_ID":           {"Steuer-ID", "tax ID"},
	"DE_TAX_NUMBER":       {"Steuernummer", "tax number"},
	"DE_VAT_ID":           {"USt-ID", "VAT ID"},
	"DE_SOCIAL_SECURITY":  {"Sozialversicherungsnummer", "social security number"},
	"DE_HEALTH_INSURANCE": {"Krankenversichertennummer", "health insurance number"},
	"DE_ID_CARD":          {"Ausweisnummer", "ID card number"},
	"DE_LICENSE_PLATE":    {"Kfz-Kennzeichen", "licence plate"},
	"POSTAL_ADDRESS":      {"Anschrift", "address"},
	"DATE_OF_BIRTH":       {"Geburtsdatum", "date of birth"},
	"PERSON":              {"Name", "name"},
	"IP_ADDRESS":          {"IP-Adresse", "IP address"},
	"SECRET":              {"Zugangsdaten", "credentials"},
	"CASE_REFERENCE":      {"Aktenzeichen", "case reference"},
	"CLASSIFICATION":      {"VS-Kennzeichnung", "classification marking"},
	"SPECIAL_CATEGORY":    {"Angabe nach Art. 9 DSGVO", "Art. 9 GDPR data"},
}

// shortName is typ as the note on replaced values names it (en: in
// English); a type without a short name as the notices name it.
func shortName(typ string, en bool) string {
	n, ok := shortNames[typ]
	switch {
	case !ok && en:
		return typ
	case !ok:
		return TypeNameDE(typ)
	case en:
		return n[1]
	}
	return n[0]
}

// ruleIDs names the rules of reasons once each, in their order: "KI-RL
// 3.2, 6.2" when all are one prefix and a number after its last hyphen
// (KI-RL-3.2, KI-RL-6.2), else the ids as they are ("R1, R2"); "" for
// none.
func ruleIDs(reasons []policies.Reason) string {
	var ids []string
	for _, r := range reasons {
		if r.Rule != "" && !slices.Contains(ids, r.Rule) {
			ids = append(ids, r.Rule)
		}
	}
	prefix, nums := "", make([]string, 0, len(ids))
	for _, id := range ids {
		j := strings.LastIndexByte(id, '-')
		if j <= 0 || j == len(id)-1 || id[j+1] < '0' || id[j+1] > '9' || prefix != "" && id[:j] != prefix {
			return strings.Join(ids, ", ")
		}
		prefix = id[:j]
		nums = append(nums, id[j+1:])
	}
	if prefix == "" {
		return ""
	}
	return prefix + " " + strings.Join(nums, ", ")
}

// redactedText is the line that starts the answer's text when the prompt
// was sent with values replaced (notice.redacted), staff read it above
// every such answer, so it is short: what was replaced (types and counts,
// never values), whether the answer shows the values again, the policy's
// rules by their ids (the reasons' full text, with its list of types, is
// for the block and warn notices) and the request id; German first,
// English after " / EN: ". It ends with a blank line, so that the answer
// starts a paragraph of its own.
//
// own are the DPO's own German names of types (policies.Engine.TypeNames:
// data.yaml's typnamen where they differ from the default policy's); the
// German part names a type so where own has it, by its short name
// otherwise, the English part always by its short English name.
//
// The line is at most maxNote bytes: where the DPO's names make it longer,
// the short names stand for them; where the types make it longer even so,
// the last of them are counted ("1 × IBAN, 1 × Name und 2 weitere"), as
// many as needed, all of them at last ("4 Angaben"). Before, three types
// made a line of 310 bytes, two and a masked value one of 325.
func redactedText(counts []typeCount, restored bool, reasons []policies.Reason, requestID string, own map[string]string) string {
	hasOwn := false
	for _, c := range counts {
		if own[c.typ] != "" {
			hasOwn = true
			break
		}
	}
	s := writeRedactedText(counts, len(counts), restored, reasons, requestID, nil)
	for k := len(counts); k >= 0; k-- {
		if hasOwn {
			if o := writeRedactedText(counts, k, restored, reasons, requestID, own); fitsNote(o) {
				return o
			}
		}
		if s = writeRedactedText(counts, k, restored, reasons, requestID, nil); fitsNote(s) {
			return s
		}
	}
	return s // rule ids of a length the default has none of
}

// maxNote bounds the note on replaced values, in bytes without the blank
// line after it: a line above every answer, to be read at a glance.
const maxNote = 300

func fitsNote(s string) bool { return len(s)-len("\n\n") <= maxNote }

// writeRedactedText writes the note with the first k of counts named and
// the others counted.
func writeRedactedText(counts []typeCount, k int, restored bool, reasons []policies.Reason, requestID string, own map[string]string) string {
	var b strings.Builder
	list := func(en bool) {
		if k == 0 {
			// No type fits: how many values.
			n := 0
			for _, c := range counts {
				n += c.n
			}
			switch {
			case en && n == 1:
				b.WriteString("1 value")
			case en:
				fmt.Fprintf(&b, "%d values", n)
			case n == 1:
				b.WriteString("1 Angabe")
			default:
				fmt.Fprintf(&b, "%d Angaben", n)
			}
			return
		}
		for i, c := range counts[:k] {
			if i > 0 {
				b.WriteString(", ")
			}
			name := own[c.typ]
			if en || name == "" {
				name = shortName(c.typ, en)
			}
			fmt.Fprintf(&b, "%d × %s", c.n, name)
		}
		switch rest := len(counts) - k; {
		case rest > 0 && en:
			fmt.Fprintf(&b, " and %d more", rest)
		case rest > 0:
			fmt.Fprintf(&b, " und %d weitere", rest)
		}
	}
	b.WriteString("ℹ️ schleuse: ")
	list(false)
	b.WriteString(" vor dem Versand durch Platzhalter ersetzt; ")
	if restored {
		b.WriteString("die Antwort zeigt wieder Ihre Angaben")
	} else {
		b.WriteString("die Antwort zeigt sie wieder, geschwärzte nicht")
	}
	if ids := ruleIDs(reasons); ids != "" {
		b.WriteString(" (" + ids + ")")
	}
	fmt.Fprintf(&b, ". Vorgangsnummer: %s. / EN: ", requestID)
	list(true)
	b.WriteString(" replaced by placeholders before sending; ")
	if restored {
		b.WriteString("the answer shows your data again.\n\n")
	} else {
		b.WriteString("the answer shows them again unless masked.\n\n")
	}
	return b.String()
}

// noteText is redactedText, called where an answer gets the line
// (restoreAnswer); a test counts the calls.
var noteText = redactedText

// typeNamer is implemented by a Decider that knows the DPO's own names of
// finding types (*policies.Engine).
type typeNamer interface {
	TypeNames() map[string]string
}

// typeNames are the DPO's own names of finding types, nil without them.
func (p *Pipeline) typeNames() map[string]string {
	if n, ok := p.Policy.(typeNamer); ok {
		return n.TypeNames()
	}
	return nil
}

// noteRedacted reports whether an answer gets the line of redactedText:
// notice.redacted "web" (the default) for a chat web app's (app), "all"
// for every one, "off" for none.
func (p *Pipeline) noteRedacted(app bool) bool {
	mode := ""
	if p.Redacted != nil {
		mode = p.Redacted()
	}
	switch mode {
	case "all":
		return true
	case "off":
		return false
	}
	return app
}
