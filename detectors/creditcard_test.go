package detectors

import "testing"

func TestCreditCard(t *testing.T) { checkTable(t, creditCardDetector{}, creditcardTPs, creditcardFPs) }

func FuzzCreditCard(f *testing.F) {
	fuzzDetector(f, creditCardDetector{}, creditcardTPs, creditcardFPs)
}

var creditcardTPs = []string{
	"Kreditkarte [[4111 1111 1111 1111]] gültig bis 12/27",
	"Visa: [[4111111111111111]]",
	"Mastercard [[5500-0000-0000-0004]]",
	"Amex [[3400 000000 00009]]",
	"Karte [[6011 1111 1111 1117]], Ablauf 03/26",
	"Diners Club [[3056 930902 5904]]",
	"Visa (19 Stellen) [[4111 1111 1111 1111 003]]",
	"Visa [[4111-1111-1111-9]]",
	"Amex [[3400-000000-00009]] bis 08/28",
	// round 31: one run of digits of a major brand, or of another brand after a card word or a payment key
	"Meine zweite Karte ([[5356466102247964]]) wurde belastet. Bitte buchen Sie von [[4556815188447297]] ab.",
	"payment-gw request pan=[[6011111111111117]]",
	"Maestro [[6759649826438453]]",
	// rev12: another brand's run with a verification code or an expiry beside it
	"{\"number\": \"[[6011111111111117]]\", \"cvc\": \"123\", \"expiry\": \"12/28\"}",
	"Nummer: [[3530111333300000]] gültig bis 03/29",
}

var creditcardFPs = []string{
	"Kartennummer 4111 1111 1111 1112 (Luhn falsch)",
	"Bestellnummer 1234567812345678",
	"IBAN DE89 3704 0044 0532 0130 00",
	"Tel. 0228 1234567890123",
	"Betrag 4.111.111.111.111.111 EUR",
	"Vorgangsnummer 4711-026-118834 (Polizei)",
	"Az. 4111 111 111 111 1",
	"Nr. 4111-11111-1111-111",
	"Amex 3400 00000 000009",
	// round 31: ids without separators whose prefix is another brand's, or an id's label before a major brand's
	"request_id 6011111111111117 done; trace 3056930902590400",
	"Bestellnummer 4111111111111111 vom 12.03.",
	"order_id=5500000000000004",
}
