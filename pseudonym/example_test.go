package pseudonym_test

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schleuse/schleuse/pseudonym"
)

func ExampleNewRestorer() {
	store := pseudonym.NewStore(time.Hour, 10000)
	defer store.Wipe()

	// Request path: the policy said "pseudonym" for PERSON.
	m := store.Conversation("anna\x00openai\x00conv-1")
	fmt.Println("Bitte schreiben Sie an " + m.Replace("pseudonym", "PERSON", "Ayşe Yılmaz") + ".")

	// Response path: the placeholder arrives split over two deltas.
	upstream := io.NopCloser(strings.NewReader(
		`data: {"choices":[{"delta":{"content":"Sehr geehrte Frau [PER"}}]}` + "\n\n" +
			`data: {"choices":[{"delta":{"content":"SON_1], [PERSON_2] kenne ich nicht."}}]}` + "\n\n" +
			"data: [DONE]\n\n"))
	out, _ := io.ReadAll(pseudonym.NewRestorer(m, pseudonym.Format{Kind: "sse"}, upstream))
	fmt.Print(string(out))
	// Output:
	// Bitte schreiben Sie an [PERSON_1].
	// data: {"choices":[{"delta":{"content":"Sehr geehrte Frau "}}]}
	//
	// data: {"choices":[{"delta":{"content":"Ayşe Yılmaz, [PERSON_2] kenne ich nicht."}}]}
	//
	// data: [DONE]
}

func ExampleMapping_Replace() {
	m := pseudonym.NewMapping()
	fmt.Println(m.Replace("pseudonym", "IBAN", "DE89 3704 0044 0532 0130 00"))
	fmt.Println(m.Replace("pseudonym", "IBAN", "de89370400440532013000"))
	fmt.Println(m.Replace("mask", "IBAN", "DE89 3704 0044 0532 0130 00"))
	fmt.Println(m.Replace("label", "PERSON", "Ayşe Yılmaz"))
	fmt.Println(m.Restore("Überweisung an [IBAN_1]")) // as written last
	// Output:
	// [IBAN_1]
	// [IBAN_1]
	// DE89 **** **** **** **** 00
	// [PERSON]
	// Überweisung an de89370400440532013000
}
