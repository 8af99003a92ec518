package detectors

// all returns one fresh instance of every detector, in TAXONOMY.md order.
// The list is explicit on purpose: a detector exists when it is named here.
func all() []Detector {
	return []Detector{
		// Format and check-digit detectors.
		emailDetector{},
		phoneDetector{},
		ibanDetector{},
		creditCardDetector{},
		taxIDDetector{},
		taxNumberDetector{},
		vatIDDetector{},
		socialSecurityDetector{},
		healthInsuranceDetector{},
		idCardDetector{},
		licensePlateDetector{},
		// Lexicon and context detectors.
		NewPostalAddress(),
		NewDateOfBirth(),
		NewPerson(),
		ipAddressDetector{},
		secretDetector{},
		NewCaseReference(),
		NewClassification(),
		NewSpecialCategory(),
	}
}
