package detectors

// all returns one fresh instance of every detector, in TAXONOMY.md order.
// The list is explicit on purpose: a detector exists when it is named here.
func all() []Detector {
	return []Detector{
		// Format and check-digit detectors.
		// Lexicon and context detectors (PERSON, POSTAL_ADDRESS, DATE_OF_BIRTH,
		// CASE_REFERENCE, CLASSIFICATION, SPECIAL_CATEGORY) are added here too.
	}
}
