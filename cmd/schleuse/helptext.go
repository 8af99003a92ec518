package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The help of every command (Short, Long, Example, flag usages and
// cobra's headings) is German unless English is asked for with --lang en
// or SCHLEUSE_LANG=en: what DPOs and auditors read is German first, the
// English available, as the messages say both (German, then " / " and
// the English). The commands keep their English texts where they are
// defined; helpDE holds the German of each by command path, and
// germanHelp puts it in place before a help is printed.

// helpLang is the value of --lang: "de" or "en".
type helpLang string

func (l *helpLang) String() string { return string(*l) }
func (l *helpLang) Type() string   { return "de|en" }
func (l *helpLang) Set(s string) error {
	v, ok := parseLang(s)
	if !ok {
		return fmt.Errorf("want de or en")
	}
	*l = v
	return nil
}

// parseLang reads "de", "en" or a locale's name ("en_GB.UTF-8", "de-DE").
func parseLang(s string) (helpLang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "de" || strings.HasPrefix(s, "de_") || strings.HasPrefix(s, "de-") || strings.HasPrefix(s, "de."):
		return "de", true
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en."):
		return "en", true
	}
	return "", false
}

// defaultLang is SCHLEUSE_LANG when it names de or en, else German. The
// locale (LANG) is not read: a server installed with en_US.UTF-8 would
// show English to a DPO who did not ask for it.
func defaultLang() helpLang {
	if l, ok := parseLang(os.Getenv("SCHLEUSE_LANG")); ok {
		return l
	}
	return "de"
}

// helpText is the German of one command's help.
type helpText struct {
	short, long, example string
	flags                map[string]string // by flag name; sharedFlagsDE for the rest
}

// sharedFlagsDE is the German of the flags several commands have alike.
var sharedFlagsDE = map[string]string{
	"config":     "Konfigurationsdatei (YAML); leer: eingebaute Standardwerte",
	"lang":       "Sprache der Hilfe: de (Standard) oder en; auch SCHLEUSE_LANG=en",
	"format":     "table | json | csv",
	"semicolon":  "CSV mit ; als Trennzeichen (deutsches Excel)",
	"key-file":   "die aufbewahrte Schlüsseldatei eines früheren Schlüsselzeitraums (nach audit new-keys), zusätzlich zu der in state_dir durchsucht; mehrfach möglich",
	"from":       "ab diesem Tag (JJJJ-MM-TT, Ortszeit) oder Zeitpunkt (RFC 3339)",
	"to":         "bis einschließlich zu diesem Tag (JJJJ-MM-TT, Ortszeit) oder bis vor diesen Zeitpunkt (RFC 3339)",
	"node":       "Kennung des Proxy-Knotens (Servers), wie verify ihn nennt (audit.node)",
	"user":       "Pseudonym der Person, wie gespeichert (u-…), oder ein Anmeldename wie bei --user-name",
	"user-name":  "ein echter Benutzername (vor der Suche mit dem Benutzerschlüssel pseudonymisiert)",
	"group":      "Gruppe",
	"service":    "Kennung des Dienstes",
	"action":     "allow | redact | block | warn",
	"type":       "Datenart (finding type)",
	"rule":       "Regel-ID",
	"upstream":   "nur Einträge weitergeleiteter Anfragen, deren Übermittlung fehlschlug: any oder eines von %s",
	"value":      "ein gefundener Wert: wurde er je gesendet? (über einen Fingerabdruck mit Schlüssel verglichen, nie gespeichert); - liest ihn von stdin, außerhalb von Befehlszeile und Shell-Verlauf",
	"request-id": "die Vorgangsnummer aus einem Hinweis (die Kennung der Anfrage im Eintrag; auch eingefügt als „Vorgangsnummer: ….“ oder „Reference number (Vorgangsnummer): ….“)",
	"limit":      "höchstens so viele Einträge (negativ: alle)",
	"newest":     "neueste zuerst",
	"dir":        "Richtlinien-Verzeichnis, wie DIR",
}

// completionNoDesc is the German of the completion commands' flag.
const completionNoDesc = "ohne Beschreibungen der Vorschläge"

// helpDE is the German of each command's help, by its path below the
// root ("" is the root). TestHelpGermanComplete holds it to every command
// and flag.
var helpDE = map[string]helpText{
	"":      {short: "HTTPS-Proxy, der personenbezogene Daten von öffentlichen KI-Diensten fernhält"},
	"audit": {short: "Revisionsprotokoll abfragen, prüfen und exportieren"},
	"audit query": {
		short: "Entscheidungen auflisten (--format table|json|csv)",
		long: `Entscheidungen auflisten (--format table|json|csv).

Die Spalten der Tabelle, wie in der Weboberfläche: ZEIT (Ortszeit), SERVER, NR. (Nummer
des Eintrags), NUTZER (Pseudonym), GRUPPEN, DIENST, ENTSCHEIDUNG, REGELN, FUNDE, BYTES,
MS (Laufzeit) und VORGANGSNR. (die Vorgangsnummer, die ein Hinweis nannte; --request-id
findet sie); dahinter KETTE, wenn ein gezeigter Eintrag nicht bestätigt ist.`,
	},
	"audit export": {short: "Alle passenden Einträge exportieren (Standard: JSON mit Hashes, zum Archivieren)"},
	"audit verify": {
		short: "Die Hash-Kette jedes Knotens (oder eines Exports) prüfen; Exit-Status ungleich 0, wenn sie gebrochen ist",
		long: `Prüft die Hash-Kette jedes Knotens; Exit-Status 2, wenn sie gebrochen ist.

Den letzten Hash, den es ausgibt, außerhalb des Systems notieren (monatlich, in den
Unterlagen der/des Datenschutzbeauftragten). Ein späteres verify mit --expect
SERVER:NR:HASH (mehrfach möglich) prüft, dass die Kette ihn noch enthält: eine mit neu
berechneten Hashes umgeschriebene Geschichte oder am Ende abgeschnittene Einträge zeigen
sich nur so. Den Kopf der Kette, den der Proxy in state_dir/audit-heads notiert, prüft
verify ohne --expect mit: am Ende gelöschte Einträge fallen so auch auf, solange niemand
die Datei mit verändert hat. Mit PostgreSQL notiert jeder Knoten den Kopf seiner Kette auf
seiner eigenen Platte: --heads DATEI (mehrfach möglich) prüft den neuesten Kopf jedes
Knotens in einer Kopie der audit-heads eines anderen Knotens wie --expect
(z. B. scp knoten-b:/var/lib/schleuse/audit-heads heads-knoten-b).

Mit --file prüft verify statt des Protokolls eine Kopie, die audit export geschrieben hat
(JSON Lines), ohne --config und ohne Datenbank: die Kopie, die eine Prüferin oder ein
Prüfer erhalten hat, ist das Protokoll wie geschrieben, oder verify nennt den ersten
geänderten, gelöschten oder eingefügten Eintrag.`,
		flags: map[string]string{
			"format": "table | json",
			"file":   "eine mit audit export geschriebene Kopie (JSON Lines; - = stdin) statt des Protokolls prüfen",
			"expect": "ein früher notierter Hash, SERVER:NR:HASH (z. B. vm:5:3474…, aus der Ausgabe eines früheren verify); mehrfach möglich",
			"heads":  "eine Kopie der state_dir/audit-heads eines Knotens: der neueste Kopf jedes Knotens darin wird wie mit --expect geprüft; mehrfach möglich",
		},
	},
	"audit stats": {short: "Zählungen je Tag, Dienst, Entscheidung und Datenart"},
	"audit reveal": {
		short: "Ein Benutzerpseudonym einem Namen zuordnen (Vier-Augen-Verfahren, docs/audit.md)",
		long: `reveal prüft Kandidaten für den Benutzernamen (einer je Zeile in FILE, oder - für stdin)
mit dem Benutzerschlüssel gegen das Pseudonym. Das Vier-Augen-Verfahren aus docs/audit.md
einhalten: die/der Datenschutzbeauftragte und der Personalrat entscheiden gemeinsam.`,
		flags: map[string]string{"candidates": "Datei mit Kandidaten für den Benutzernamen, einer je Zeile (- = stdin)"},
	},
	"audit report": {
		short: "Nutzungsbericht je Dienst für Transparenzregister und VVT",
		flags: map[string]string{"month": "Monat JJJJ-MM (Standard: dieser Monat)"},
	},
	"audit new-keys": {
		short: "Neue Revisionsschlüssel anlegen, wenn die Schlüsseldatei endgültig verloren ist (ersetzt nie eine)",
		long: `new-keys schreibt eine neue audit-keys.json nach state_dir, nur wenn dort keine liegt.

run legt für ein Protokoll, das schon Einträge hat, nicht von selbst neue Schlüssel an:
stattdessen die Schlüsseldatei aus der Sicherung zurückholen (ein weiterer Knoten: die des
ersten kopieren). Nur wenn sie endgültig verloren ist, mit diesem Befehl neue anlegen, als
das Konto, unter dem schleuse läuft (sudo -u schleuse). Frühere Einträge behalten ihre
prüfbare Kette, aber die Suche nach Werten und reveal finden sie nicht mehr, und jede Person
bekommt ein neues Pseudonym. Die neue Datei getrennt vom Protokoll sichern.

new-keys beginnt einen neuen Schlüsselzeitraum im Protokoll (audit verify nennt die
Zeiträume): Eine Suche nach Wert findet dann nur Einträge ab hier und nennt die früheren,
die sie nicht prüfen kann. Vorher schleuse anhalten (bei PostgreSQL alle Knoten: new-keys
lehnt ab, solange einer noch läuft, auch einer, der noch nichts geschrieben hat, und sieht dafür
zweimal nach, 10 s auseinander, sodass einer, dessen Sperre mit der Datenbankverbindung verloren ging,
sie wieder hat; einer, der die Datenbank so lange nicht erreicht, schreibt ab seinem nächsten Schreibvorgang nichts mehr und blockiert jede
Anfrage, bis er mit der neuen Datei neu gestartet wird; was er bis dahin mit den alten
Schlüsseln gemacht hat, zählt zum alten Zeitraum und findet dessen Datei mit --key-file). Liegt die falsche Schlüsseldatei da (run: "passt nicht zum Audit-Log"), sie erst beiseitelegen.`,
	},
	"audit salvage": {
		short: "Jeden noch lesbaren Eintrag einer beschädigten audit.db in eine neue Datei kopieren und die verlorenen nennen",
		long: `salvage liest das SQLite-Audit-Log in state_dir (audit.db, die eine beschädigte Seite als
Ganzes unlesbar macht) und kopiert jede noch lesbare Zeile in die neue Datei DATEI (sie darf
noch nicht bestehen): Einträge, Prüfpunkte und Schlüsselzeiträume, wie gespeichert. Die
beschädigte Datei bleibt unverändert: sie und ihre -wal werden zuerst neben DATEI kopiert und
dort gelesen. Die nicht lesbaren Einträge nennt salvage je Server und in der Tabelle
audit_salvage_lost der neuen Datei, die audit verify liest: es nennt sie als bei der Bergung
verloren und prüft die Kette dahinter weiter. DATEI wird geprüft, bevor salvage endet. Exit 2,
wenn Einträge verloren sind oder die Kette der neuen Datei gebrochen ist (DATEI wird trotzdem
geschrieben). Zuerst audit.db aus der Sicherung zurückspielen, wenn es eine gibt
(docs/de/revision.md); salvage ist für das, was die Sicherung nicht hat. PostgreSQL: nicht
nötig (dort stellen pg_dump und die Sicherung wieder her).`,
		flags: map[string]string{"out": "die neue Datei für die lesbaren Einträge (darf noch nicht bestehen)", "format": "table | json"},
	},
	"audit note-gap": {
		short: "In der Hash-Kette vermerken, warum die Einträge A..B eines Servers fehlen (Sicherung zurückgespielt)",
		long: `note-gap hängt einen Vermerk an die Hash-Kette des Servers (node): die Einträge A..B fehlen
aus dem angegebenen Grund (z. B. „Sicherung vom 2026-12-01 zurückgespielt, Vorgang 4711“). Der
Vermerk ist ein Eintrag der Kette wie die anderen (verkettet; später verändert, bricht er die
Kette). audit verify nennt die Lücke dann bei jeder Prüfung als „Lücke vermerkt am …: Grund“,
prüft die Kette dahinter weiter und endet ihretwegen mit 0; eine Lücke mit anderen Nummern
bleibt ein Bruch, und ein Vermerk, dessen Nummern keine solche Lücke sind, wird selbst gemeldet
(Exit 2). Der Grund hat höchstens 200 Zeichen und darf keine personenbezogenen Daten enthalten.
Wer vermerkt, wird nur als Pseudonym gespeichert (--by, sonst das Konto, das sudo aufrief, sonst
der Betriebssystem-Benutzer). Vorher schleuse auf diesem Server anhalten (note-gap schreibt als
dieser Server, mit seiner Sperre); als Dienstkonto ausführen (sudo -u schleuse). Die Nummern
nennt audit verify.`,
		flags: map[string]string{"node": "der Server, in dessen Kette die Lücke ist (Standard: audit.node der Konfiguration)", "from": "Nummer des ersten fehlenden Eintrags", "to": "Nummer des letzten fehlenden Eintrags",
			"reason": "warum die Einträge fehlen (höchstens 200 Zeichen, keine personenbezogenen Daten)", "by": "wer vermerkt, nur als Pseudonym gespeichert (Standard: $SUDO_USER, sonst der Betriebssystem-Benutzer)"},
	},
	"ca": {
		short: "Die CA für die Prüfung verwalten (init, export, show)",
		long: `Die CA liegt im Zustandsverzeichnis (ca.pem, ca-key.pem). Zum Wechsel die nächste mit --dir
anderswo anlegen, neben der jetzigen verteilen, dann ihre zwei Dateien ins Zustandsverzeichnis
verschieben und neu starten (docs/security.md). state_dir stattdessen zu verschieben, finge
ein neues Revisionsprotokoll mit neuen Schlüsseln an. Ohne --config (oder --dir) nehmen die Befehle das
eingebaute state_dir, ./schleuse-data; auf dem Server: --config /etc/schleuse/schleuse.yaml.`,
		flags: map[string]string{"dir": "Verzeichnis von ca.pem und ca-key.pem (Standard: state_dir der Konfiguration)"},
	},
	"ca init": {
		short: "Eine ECDSA-P-256-Stamm-CA im Zustandsverzeichnis (oder --dir) anlegen",
		flags: map[string]string{
			"force": "eine vorhandene CA ersetzen (alle Clients müssen der neuen vertrauen)",
			"cn":    "Common Name (Standard \"schleuse Interception CA\")",
		},
	},
	"ca export": {
		short: "Das CA-Zertifikat ausgeben (--format pem|der)",
		flags: map[string]string{"format": "pem oder der"},
	},
	"ca show":        {short: "Subject, Gültigkeit und SHA-256-Fingerabdruck der CA ausgeben"},
	"config":         {short: "Die Konfiguration prüfen oder ausgeben"},
	"config check":   {short: "Eine Konfigurationsdatei prüfen, ohne zu starten"},
	"config default": {short: "Die Standardkonfiguration mit jedem Schlüssel ausgeben"},
	"policy": {
		short: "Die KI-Richtlinie (Rego) schreiben, testen und auswerten",
		long: `KI-Richtlinie anlegen, testen und ausprobieren (Leitfaden: docs/de/richtlinie.md).

  schleuse policy init DIR                 Standard-Richtlinie zum Bearbeiten anlegen
  schleuse policy test [DIR]               ihre Tests ausführen (wie opa test)
  schleuse policy eval --input FILE [DIR]  eine Eingabe auswerten
  schleuse policy diff [ALT] NEU           wo zwei Fassungen verschieden entscheiden

DIR ist das Richtlinien-Verzeichnis (auch --dir); ohne Angabe policy.dir aus --config,
sonst die eingebaute Richtlinie.`,
	},
	"policy init": {
		short: "Die Standard-KI-Richtlinie zum Bearbeiten durch die/den Datenschutzbeauftragte(n) nach DIR schreiben",
		long: `Schreibt die Standard-Richtlinie (richtlinie.rego, richtlinie_test.rego, data.yaml) in
DIR, zum Bearbeiten durch die/den Datenschutzbeauftragte(n); liegt dort schon eine, bricht es
ab, statt sie zu überschreiben.`,
	},
	"policy test": {
		short: "Die Rego-Tests der Richtlinie ausführen (wie `opa test DIR`)",
		long: `Führt die Tests der Richtlinie aus (Regeln test_… in *_test.rego), wie opa test, und sagt,
wie der Proxy sie auswerten wird. Exit-Status 1, wenn ein Test fehlschlägt: so eine Fassung
lehnt der Proxy beim Laden ab.`,
		flags: map[string]string{"verbose": "jeden Test einzeln zeigen"},
	},
	"policy eval": {
		short: "Die Richtlinie für eine Eingabe auswerten und Entscheidung und Regeln zeigen, die gegriffen haben",
		long: `Wertet die Richtlinie für eine Eingabe aus (JSON in der Form aus docs/de/richtlinie.md,
Abschnitt 1) und zeigt die Entscheidung, die Revision und die Regeln, die gegriffen haben. Ein
falsch geschriebenes Feld, eine unbekannte Datenklasse oder ein unbekanntes Thema ist ein Fehler.`,
		flags: map[string]string{"input": "Eingabe als JSON (docs/de/richtlinie.md, Abschnitt 1)"},
	},
	"policy diff": {
		short: "Zeigen, wo zwei Fassungen der Richtlinie verschieden entscheiden",
		long: `Vergleicht, was zwei Fassungen der Richtlinie entscheiden: für jeden geprüften Dienst des
Dienstkatalogs, jede Gruppe, die die Daten der Richtlinien nennen (und keine Gruppe), und eine
Reihe von Fällen – nichts gefunden, jede Datenklasse allein, mit #freigabe-Begründung, in einer
hochgeladenen Datei, jedes Hochrisiko-Thema, jede Art ungeprüfter Inhalte, viele Namen. Gezeigt
wird jeder Fall, in dem Aktion, Regeln oder geschwärzte Klassen sich unterscheiden, zusammengefasst
über die Dienste. Mit einem Verzeichnis wird die Richtlinie im Betrieb (policy.dir aus --config,
sonst die eingebaute) mit NEU verglichen. Exit-Status 0: gleich, 1: verschieden (wie diff).`,
		flags: map[string]string{
			"json":   "jede abweichende Eingabe mit beiden Entscheidungen als JSON",
			"groups": "weitere Gruppen, die die Richtlinie im Rego-Code nennt",
		},
	},
	"run": {short: "Den Proxy und den Admin-Listener starten"},
	"scan": {
		short: "Personenbezogene und vertrauliche Daten finden; JSON Lines, ein Fund je Zeile",
		long: `scan liest die Dateien (oder stdin) und gibt je Fund ein JSON-Objekt aus:
{"type":"IBAN","start":12,"end":34,"score":0.97}  – Byte-Positionen in der UTF-8-Eingabe.
Bei mehreren Dateien trägt jede Zeile auch "file". --redact gibt stattdessen den Text mit
Platzhaltern wie [IBAN_1] statt der Funde aus. Der Text wird gelesen, wie der Proxy einen
Prompt liest: HTML-Zeichenreferenzen aufgelöst, unsichtbare Zeichen (weiches Trennzeichen,
Breite-null-Leerzeichen) und verirrte kombinierende Zeichen weggelassen, geschützte
Leerzeichen als Leerzeichen, Vollbreiten- und mathematische Formen, Ziffern anderer Schriften
und kyrillische oder griechische Doppelgänger in einem lateinischen Wort als ASCII, ein
Strich oder Mittelpunkt in einem Namen oder einer Zahl als Bindestrich oder Leerzeichen, eine
Zahl wie 86095742719.0 oder 8.6095742719e10 als ihre Ziffern, eine IBAN oder Steuer-ID in
Stücken, die ; / , | verbinden, als Gruppen mit Leerzeichen, ein an Wörter gefügtes Datum mit
Leerzeichen an seinen Rändern; die Positionen sind die der Eingabe, wie sie kam. Eine Word-,
Excel-, PowerPoint-, OpenDocument- oder PDF-Datei (oder UTF-16- oder Windows-1252-Text) wird
gelesen, wie der Proxy einen Upload liest: die Positionen beziehen sich auf ihren Text, den
--redact ausgibt; eine Datei, die der Proxy nicht lesen kann (ein Bild, ein gescanntes PDF),
ist ein Fehler. Mit --config nutzt es inspect.lexicon_dir der Konfiguration, wie run
(--lexicons geht vor). Exit-Status 0, ob etwas gefunden wurde oder nicht.`,
		flags: map[string]string{
			"redact":   "den Text mit Platzhaltern statt der Funde ausgeben",
			"types":    "nur diese Datenarten suchen, durch Komma getrennt oder wiederholt (Standard: alle)",
			"lexicons": "Verzeichnis mit Ergänzungen der Wortlisten (Standard: inspect.lexicon_dir aus --config)",
		},
	},
	"version": {short: "Version und Build-Informationen ausgeben"},
	"help": {
		short: "Hilfe zu einem Befehl",
		long:  "Zeigt die Hilfe zu jedem Befehl: schleuse help [Befehl …].",
	},
	"completion": {
		short: "Das Skript zur Vervollständigung für die angegebene Shell erzeugen",
		long:  "Erzeugt das Skript zur Vervollständigung der Befehle von schleuse für die angegebene Shell.\nWie es geladen wird, sagt die Hilfe des jeweiligen Befehls (schleuse completion bash --help).",
	},
	"completion bash": {
		short: "Das Skript zur Vervollständigung für bash erzeugen",
		long: `Erzeugt das Skript zur Vervollständigung für die bash.

Es braucht das Paket bash-completion; ist es nicht installiert, installieren Sie es mit der
Paketverwaltung des Systems.

In der laufenden Shell laden:

	source <(schleuse completion bash)

Für jede neue Shell einmal ausführen:

#### Linux:

	schleuse completion bash > /etc/bash_completion.d/schleuse

#### macOS:

	schleuse completion bash > $(brew --prefix)/etc/bash_completion.d/schleuse

Es wirkt in jeder danach gestarteten Shell.
`,
		flags: map[string]string{"no-descriptions": completionNoDesc},
	},
	"completion zsh": {
		short: "Das Skript zur Vervollständigung für zsh erzeugen",
		long: `Erzeugt das Skript zur Vervollständigung für die zsh.

Ist die Vervollständigung in der zsh noch nicht eingeschaltet, einmal ausführen:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

In der laufenden Shell laden:

	source <(schleuse completion zsh)

Für jede neue Shell einmal ausführen:

#### Linux:

	schleuse completion zsh > "${fpath[1]}/_schleuse"

#### macOS:

	schleuse completion zsh > $(brew --prefix)/share/zsh/site-functions/_schleuse

Es wirkt in jeder danach gestarteten Shell.
`,
		flags: map[string]string{"no-descriptions": completionNoDesc},
	},
	"completion fish": {
		short: "Das Skript zur Vervollständigung für fish erzeugen",
		long: `Erzeugt das Skript zur Vervollständigung für die fish.

In der laufenden Shell laden:

	schleuse completion fish | source

Für jede neue Shell einmal ausführen:

	schleuse completion fish > ~/.config/fish/completions/schleuse.fish

Es wirkt in jeder danach gestarteten Shell.
`,
		flags: map[string]string{"no-descriptions": completionNoDesc},
	},
	"completion powershell": {
		short: "Das Skript zur Vervollständigung für PowerShell erzeugen",
		long: `Erzeugt das Skript zur Vervollständigung für die PowerShell.

In der laufenden Shell laden:

	schleuse completion powershell | Out-String | Invoke-Expression

Für jede neue Shell die Ausgabe dieses Befehls in das PowerShell-Profil aufnehmen.
`,
		flags: map[string]string{"no-descriptions": completionNoDesc},
	},
}

// helpKey is c's key in helpDE.
func helpKey(c *cobra.Command) string {
	return strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), c.Root().Name()), " ")
}

// flagDE is the German of c's flag f, "" when helpDE has none.
func flagDE(c *cobra.Command, f *pflag.Flag) string {
	if f.Name == "help" {
		return "Hilfe zu " + c.Name()
	}
	// A flag a parent gives its subcommands (ca --dir) is the same flag in
	// each of them: its German is the parent's. Before, a subcommand's
	// walk gave it sharedFlagsDE's (policy's --dir), and "ca init --help"
	// called the CA's directory "Richtlinien-Verzeichnis".
	for p := c; p != nil; p = p.Parent() {
		if p != c && p.PersistentFlags().Lookup(f.Name) != f {
			continue
		}
		if de, ok := helpDE[helpKey(p)].flags[f.Name]; ok {
			return de
		}
	}
	de := sharedFlagsDE[f.Name]
	if strings.Contains(de, "%s") {
		// The list the English names after its last ": ".
		if i := strings.LastIndex(f.Usage, ": "); i >= 0 {
			de = fmt.Sprintf(de, strings.TrimPrefix(f.Usage[i+2:], "any, or one of "))
		}
	}
	return de
}

// germanHelp puts the German texts of helpDE into every command of the
// tree root and its flags. A text helpDE lacks stays English
// (TestHelpGermanComplete fails on it).
func germanHelp(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if t, ok := helpDE[helpKey(c)]; ok {
			if t.short != "" {
				c.Short = t.short
			}
			if t.long != "" {
				c.Long = t.long
			}
			if t.example != "" {
				c.Example = t.example
			}
		}
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if de := flagDE(c, f); de != "" {
					f.Usage = de
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// germanUsage is cobra's usage (defaultUsageFunc) with German headings.
func germanUsage(w io.Writer, c *cobra.Command) error {
	flags := func(fs *pflag.FlagSet) string {
		return strings.ReplaceAll(strings.TrimRight(fs.FlagUsages(), " \t\n"), " (default ", " (Standard ")
	}
	fmt.Fprint(w, "Aufruf:")
	if c.Runnable() {
		fmt.Fprintf(w, "\n  %s", strings.Replace(c.UseLine(), " [flags]", " [Optionen]", 1))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s [Befehl]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(w, "\n\nAndere Namen:\n  %s", c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\nBeispiele:\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprint(w, "\n\nBefehle:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(w, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\n\nOptionen:\n%s", flags(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\n\nGlobale Optionen:\n%s", flags(c.InheritedFlags()))
	}
	if c.HasHelpSubCommands() {
		fmt.Fprint(w, "\n\nWeitere Hilfethemen:")
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(w, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\nHilfe zu einem Befehl: %s [Befehl] --help", c.CommandPath())
	}
	fmt.Fprintln(w)
	return nil
}
