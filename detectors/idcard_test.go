package detectors

import "testing"

func TestIDCard(t *testing.T) { checkTable(t, idCardDetector{}, idcardTPs, idcardFPs) }

func FuzzIDCard(f *testing.F) { fuzzDetector(f, idCardDetector{}, idcardTPs, idcardFPs) }

var idcardTPs = []string{
	// round 34: a log's or a record's key of the document number
	"2026-11-29 08:04:17 ERROR PACE failed: SW 6982 docNo=[[M530KCK2N]] host=10.44.3.112",
	"{\"document_number\": \"[[L01X00T47]]\", \"status\": \"gesperrt\"}",
	"ja ich, ihr ausweis war abgelaufen, neuer ist beantragt. seriennr vom alten war [[L6396460R]], steht im vermerk",
	"Personalausweis-Nr.: [[L01X00T47]] (elektronisch)",
	"Traveller: Mr Nguyen (passport name: NGUYEN, VAN MINH)\nPassport no.: [[C4J7X1M9T]], valid until 14 Jan 2032",
	"Reisepass Nr. [[C01X00T47]] (Bundesrepublik Deutschland)",
	"ich habe gestern meinen Personalausweis verloren, wahrscheinlich im Bus Linie 722. Die Nummer war [[L31HNWFYF]], das steht auf meiner Kopie.",
	"Personalausweis [[T220001293]]",
	"Ausweisnummer: [[L01X00T47]]",
	"Reisepass Nr. [[C01X00T478]] gültig bis 2031",
	"MRZ: IDD<<[[T220001293]]<<<<<<<<<<<<<<<",
	"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n[[C01X00T478]]D<<6408125F2702283<<<<<<<<<<<<<<<4",
	"Dokumentnummer [[LZ6311T475]]",
	// Serials with fewer than three digits are valid (real alphabet rules).
	"IDD<<[[T0JJN4GKZ5]]<<<<<<<<<<<<<<<",
	"Reisepass-Nr.: [[F7ZYPLZ6F]]",
	"Sein deutscher Reisepass (Nr. [[F7ZYPLZ6F]]) ist abgelaufen, der alte Reisepass Nr. [[C01X00T478]] auch.",
	"Personalausweis [[LTHHN22614]]",
	"mein perso läuft eh im juni ab (nr [[LZ1FNPZXW]]), kann ich das in einem termin machen?",
	"Auf dem Foto vom alten Ausweis meiner Frau steht „[[LNZWMJM7L]]“ oben rechts",
	// round 31: a code that is no state's after the passport's name
	"Reisepass DEU Nr. [[C01X00T47]]",
	"Reisepass (Kopie als PDF) Nr. [[C01X00T47]]",
	// round 56: a German passport in English prose, the state named as no
	// birthplace or citizenship, or the holder said to be German
	"I was born in Leeds, England, and I am a German citizen now, passport no. [[C4J7X1M9T]].",
	"I fly to Cape Town, South Africa, next week; my passport no. is [[C4J7X1M9T]], is it still valid?",
	"My German passport number is [[C1M1VJMHM]]. I was born in Poland.",
	"She was born in Munich. Passport no.: [[C4J7X1M9T]]",
}

var idcardFPs = []string{
	// round 34: a nine-character token without a document key
	"2026-11-29 08:04:17 ERROR PACE failed: SW 6982 reqNo=M530KCK2N host=10.44.3.112",
	"Personalausweis-Nr.: ZR8842K19 (polnisch); Reisepass Nr. C01X00T47 (ukrainisch)",
	"Booking reference: C4J7X1M9T, room 12. Foreign passport no. C4J7X1M9T (Vietnam)",
	"Reisepass Nr. P01883027 (Republik Kosovo)",
	"eritreische Staatsangehörige, Pass-Nr. P04417721 (Eritrea)",
	"Mein Personalausweis ist noch bis 2031 gültig, das habe ich geprüft.\n\nIm Shop habe ich bestellt, die Nummer war L31HNWFYF und kam gestern.",
	"Mein Personalausweis ist noch bis 2031 gültig, das habe ich heute geprüft. Im Shop habe ich bestellt, Kundennummer L31HNWFYF.",
	"Ausweis T220001294 (Prüfziffer falsch)",
	"Bestellung L01X00T47 ohne Kontext",
	"Ausweis ABCDEFGHI",
	"Seriennummer 1234567890",
	// A digit or a letter outside the alphabet never starts a serial.
	"Ausweis 1CFGHJKLM",
	"Ausweis AC8842K19",
	"Derzeitiges Ausweisdokument: Nationalpass Afghanistan, Nr. P04417726, gültig bis 10.01.2030",
	"Personalnummer LZ1FNPZXW im Personalamt",
	"Afghanischer Reisepass liegt inzwischen vor (Nr. P04718263, ausgestellt Kabul 2024)",
	"Sie legte ihren syrischen Pass vor, Nr. N01847263.",
	"Reisepass Republik Kosovo Nr. P01493877 vorgelegt",
	"Reisepass der Türkei, Nr. C01X00T47; Pass (Syrien) Nr. L01X00T47",
	// round 31: the issuing state's ISO code after the passport's name
	"\"pass\": { \"art\": \"Reisepass SYR\", \"nummer\": \"N014772839\" }",
	"Reisepass TUR Nr. C01X00T47",
	// round 56: an English passport label after the holder's birth abroad or
	// foreign citizenship on the same line
	"my fiancée Thandiwe Mokoena (born 19 July 1992 in Durban, South Africa, passport no. M00482217) and I",
	"Applicant: a citizen of Ghana, passport number C4J7X1M9T, resident in Kiel since 2023.",
	"Nationality: Brazil / passport no. C01X00T478",
}
