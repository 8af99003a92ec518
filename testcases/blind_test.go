package testcases

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Thresholds for the blind set (blind/). The documents were written from
// TAXONOMY.md's rules by someone who had not read the detectors' code, word
// lists or earlier corpora; the first measurement on them (docs/detection.md,
// "Blind set") is the honest estimate of quality on unseen text. The
// thresholds sit just below the figures measured after the fixes that
// followed, so that a regression fails the test. After round 6 (remaining
// families): micro F1 0.978, PERSON 0.953, SPECIAL_CATEGORY 0.990.
const (
	blindMinCheckDigit = 0.95
	blindMinMicroF1    = 0.97
	blindMinPersonF1   = 0.965 // round 13a: 0.963, round 14a: 0.969
	blindMinSpecialF1  = 0.98
)

// TestBlind scores detectors.Default() on blind/*.txt: contact forms, chat
// excerpts, OCR'd letters, spreadsheet pastes, Jugendhilfe and Betreuung
// notes, IT tickets with configs and logs, and hard negatives. Run with -v
// for the table and the list of misses and extras.
func TestBlind(t *testing.T) {
	checkSet(t, "blind", setMinima{docs: 60, checkDigit: blindMinCheckDigit, micro: blindMinMicroF1, person: blindMinPersonF1,
		special: blindMinSpecialF1})
}

// blindPhase1 is the table measured on blind/ before anyone looked at the
// detectors' code for it (commit 814943b): the honest estimate.
const blindPhase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 27 | 0.889 | 0.593 | 0.711 | 0.944 | 0.630 | 0.756 |
| CLASSIFICATION | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 29 | 0.929 | 0.897 | 0.912 | 1.000 | 0.966 | 0.982 |
| DE_HEALTH_INSURANCE | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 10 | 1.000 | 0.800 | 0.889 | 1.000 | 0.800 | 0.889 |
| DE_SOCIAL_SECURITY | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 7 | 1.000 | 0.857 | 0.923 | 1.000 | 0.857 | 0.923 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 15 | 0.875 | 0.933 | 0.903 | 0.938 | 1.000 | 0.968 |
| IBAN | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 17 | 0.944 | 1.000 | 0.971 | 0.944 | 1.000 | 0.971 |
| PERSON | 166 | 0.888 | 0.813 | 0.849 | 0.954 | 0.873 | 0.912 |
| PHONE | 29 | 0.967 | 1.000 | 0.983 | 0.967 | 1.000 | 0.983 |
| POSTAL_ADDRESS | 39 | 0.800 | 0.821 | 0.810 | 0.950 | 0.974 | 0.962 |
| SECRET | 15 | 0.923 | 0.800 | 0.857 | 0.923 | 0.800 | 0.857 |
| SPECIAL_CATEGORY | 51 | 0.800 | 0.706 | 0.750 | 0.932 | 0.804 | 0.863 |
| **micro** | 446 | 0.896 | 0.834 | 0.864 | 0.959 | 0.890 | 0.923 |
`

// blind2Phase1 is the table measured on blind2/ as written, before round 4
// fixed rules for it: micro F1 0.893 (0.895 when the set was committed).
const blind2Phase1 = `
| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 38 | 0.931 | 0.711 | 0.806 | 0.931 | 0.711 | 0.806 |
| CLASSIFICATION | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 52 | 1.000 | 0.923 | 0.960 | 1.000 | 0.923 | 0.960 |
| DE_HEALTH_INSURANCE | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 11 | 0.917 | 1.000 | 0.957 | 0.917 | 1.000 | 0.957 |
| DE_SOCIAL_SECURITY | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 23 | 0.913 | 0.913 | 0.913 | 1.000 | 1.000 | 1.000 |
| IBAN | 12 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 33 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 251 | 0.904 | 0.829 | 0.865 | 0.965 | 0.873 | 0.916 |
| PHONE | 26 | 0.963 | 1.000 | 0.981 | 0.963 | 1.000 | 0.981 |
| POSTAL_ADDRESS | 61 | 0.935 | 0.951 | 0.943 | 0.952 | 0.967 | 0.959 |
| SECRET | 14 | 0.917 | 0.786 | 0.846 | 0.917 | 0.786 | 0.846 |
| SPECIAL_CATEGORY | 51 | 0.722 | 0.765 | 0.743 | 0.722 | 0.765 | 0.743 |
| **micro** | 606 | 0.917 | 0.871 | 0.893 | 0.946 | 0.894 | 0.919 |
`

// blind3Phase1 is the table measured on blind3/ at the start of round 5,
// before any fix for it (micro F1 0.866 when the set was committed, 0.870
// after round 4's unrelated fixes).
const blind3Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 44 | 0.895 | 0.773 | 0.829 | 0.895 | 0.773 | 0.829 |
| CLASSIFICATION | 3 | 0.750 | 1.000 | 0.857 | 0.750 | 1.000 | 0.857 |
| CREDIT_CARD | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 72 | 1.000 | 0.806 | 0.892 | 1.000 | 0.806 | 0.892 |
| DE_HEALTH_INSURANCE | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 17 | 1.000 | 0.941 | 0.970 | 1.000 | 0.941 | 0.970 |
| DE_SOCIAL_SECURITY | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 52 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 17 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 33 | 1.000 | 0.909 | 0.952 | 1.000 | 0.909 | 0.952 |
| PERSON | 421 | 0.920 | 0.739 | 0.819 | 0.961 | 0.767 | 0.853 |
| PHONE | 80 | 0.963 | 0.975 | 0.969 | 0.963 | 0.975 | 0.969 |
| POSTAL_ADDRESS | 70 | 0.956 | 0.929 | 0.942 | 0.971 | 0.943 | 0.957 |
| SECRET | 13 | 1.000 | 0.769 | 0.870 | 1.000 | 0.769 | 0.870 |
| SPECIAL_CATEGORY | 65 | 0.792 | 0.646 | 0.712 | 0.830 | 0.677 | 0.746 |
| **micro** | 907 | 0.938 | 0.811 | 0.870 | 0.959 | 0.828 | 0.889 |
`

// blind4Phase1 is the table measured on blind4/ when it was committed: the
// last blind set, written after five rounds of fixes and never looked at by
// anyone who changed the detectors.
const blind4Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 30 | 1.000 | 0.933 | 0.966 | 1.000 | 0.933 | 0.966 |
| CLASSIFICATION | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 29 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_HEALTH_INSURANCE | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 6 | 1.000 | 0.833 | 0.909 | 1.000 | 0.833 | 0.909 |
| DE_TAX_NUMBER | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 29 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 20 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 189 | 0.889 | 0.889 | 0.889 | 0.931 | 0.926 | 0.928 |
| PHONE | 36 | 0.947 | 1.000 | 0.973 | 0.947 | 1.000 | 0.973 |
| POSTAL_ADDRESS | 45 | 0.976 | 0.889 | 0.930 | 1.000 | 0.911 | 0.953 |
| SECRET | 10 | 1.000 | 0.800 | 0.889 | 1.000 | 0.800 | 0.889 |
| SPECIAL_CATEGORY | 29 | 0.846 | 0.759 | 0.800 | 0.962 | 0.862 | 0.909 |
| **micro** | 453 | 0.937 | 0.916 | 0.926 | 0.964 | 0.940 | 0.952 |
`

// blind5Phase1 is the table measured on blind5/ when it was committed
// (abd2209), after round 7 had begun on blind4 but before anyone looked at
// blind5.
const blind5Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 43 | 0.974 | 0.860 | 0.914 | 0.974 | 0.860 | 0.914 |
| CLASSIFICATION | 9 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 51 | 0.975 | 0.765 | 0.857 | 0.975 | 0.765 | 0.857 |
| DE_HEALTH_INSURANCE | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 8 | 0.800 | 0.500 | 0.615 | 0.800 | 0.500 | 0.615 |
| DE_LICENSE_PLATE | 10 | 0.900 | 0.900 | 0.900 | 0.900 | 0.900 | 0.900 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 35 | 0.972 | 1.000 | 0.986 | 0.972 | 1.000 | 0.986 |
| IBAN | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 23 | 0.958 | 1.000 | 0.979 | 0.958 | 1.000 | 0.979 |
| PERSON | 336 | 0.898 | 0.866 | 0.882 | 0.953 | 0.914 | 0.933 |
| PHONE | 46 | 1.000 | 0.978 | 0.989 | 1.000 | 0.978 | 0.989 |
| POSTAL_ADDRESS | 67 | 0.955 | 0.940 | 0.947 | 0.985 | 0.970 | 0.977 |
| SECRET | 14 | 0.867 | 0.929 | 0.897 | 0.867 | 0.929 | 0.897 |
| SPECIAL_CATEGORY | 52 | 0.717 | 0.635 | 0.673 | 0.804 | 0.712 | 0.755 |
| **micro** | 741 | 0.919 | 0.874 | 0.896 | 0.953 | 0.904 | 0.928 |
`

// blind6Phase1 is the table measured on blind6/ when it was committed
// (b10b81c), during round 8, before anyone looked at blind6.
const blind6Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 40 | 0.944 | 0.850 | 0.895 | 0.944 | 0.850 | 0.895 |
| CLASSIFICATION | 10 | 0.900 | 0.900 | 0.900 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 59 | 0.981 | 0.898 | 0.938 | 0.981 | 0.898 | 0.938 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 6 | 0.857 | 1.000 | 0.923 | 0.857 | 1.000 | 0.923 |
| DE_LICENSE_PLATE | 12 | 1.000 | 0.833 | 0.909 | 1.000 | 0.833 | 0.909 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 0.800 | 0.889 | 1.000 | 0.800 | 0.889 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 46 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 17 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 19 | 0.905 | 1.000 | 0.950 | 0.905 | 1.000 | 0.950 |
| PERSON | 383 | 0.935 | 0.862 | 0.897 | 0.972 | 0.893 | 0.931 |
| PHONE | 62 | 0.984 | 0.984 | 0.984 | 0.984 | 0.984 | 0.984 |
| POSTAL_ADDRESS | 72 | 1.000 | 0.986 | 0.993 | 1.000 | 0.986 | 0.993 |
| SECRET | 17 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| SPECIAL_CATEGORY | 52 | 0.696 | 0.750 | 0.722 | 0.818 | 0.865 | 0.841 |
| **micro** | 825 | 0.939 | 0.898 | 0.918 | 0.966 | 0.921 | 0.943 |
`

// blind7Phase1 is the table measured on blind7/ when it was committed, after
// round 9: nobody who changed the detectors has read it.
const blind7Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 33 | 0.933 | 0.848 | 0.889 | 0.967 | 0.879 | 0.921 |
| CLASSIFICATION | 11 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 35 | 0.970 | 0.914 | 0.941 | 0.970 | 0.914 | 0.941 |
| DE_HEALTH_INSURANCE | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 9 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 30 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 12 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 20 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 301 | 0.938 | 0.850 | 0.892 | 0.974 | 0.887 | 0.929 |
| PHONE | 41 | 0.932 | 1.000 | 0.965 | 0.932 | 1.000 | 0.965 |
| POSTAL_ADDRESS | 79 | 0.861 | 0.861 | 0.861 | 1.000 | 1.000 | 1.000 |
| SECRET | 16 | 0.933 | 0.875 | 0.903 | 1.000 | 0.938 | 0.968 |
| SPECIAL_CATEGORY | 55 | 0.754 | 0.782 | 0.768 | 0.857 | 0.873 | 0.865 |
| **micro** | 680 | 0.925 | 0.885 | 0.905 | 0.969 | 0.928 | 0.948 |
`

// blind8Phase1 is the table measured on blind8/ when it was committed, during
// round 10 (which fixed blind7): nobody who changed the detectors had read it.
const blind8Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 51 | 0.957 | 0.882 | 0.918 | 0.957 | 0.882 | 0.918 |
| CLASSIFICATION | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 47 | 1.000 | 0.979 | 0.989 | 1.000 | 0.979 | 0.989 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 16 | 0.938 | 0.938 | 0.938 | 0.938 | 0.938 | 0.938 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 45 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 12 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 30 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 365 | 0.965 | 0.904 | 0.934 | 0.985 | 0.921 | 0.952 |
| PHONE | 53 | 0.981 | 1.000 | 0.991 | 0.981 | 1.000 | 0.991 |
| POSTAL_ADDRESS | 83 | 0.857 | 0.867 | 0.862 | 0.988 | 1.000 | 0.994 |
| SECRET | 15 | 1.000 | 0.867 | 0.929 | 1.000 | 0.867 | 0.929 |
| SPECIAL_CATEGORY | 71 | 0.831 | 0.761 | 0.794 | 0.892 | 0.817 | 0.853 |
| **micro** | 832 | 0.951 | 0.912 | 0.931 | 0.979 | 0.938 | 0.958 |
`

// blind9Phase1 is the table measured on blind9/ when it was committed, during
// round 11 (which fixed blind8).
const blind9Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 37 | 0.897 | 0.946 | 0.921 | 0.897 | 0.946 | 0.921 |
| CLASSIFICATION | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 32 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 5 | 0.833 | 1.000 | 0.909 | 0.833 | 1.000 | 0.909 |
| DE_LICENSE_PLATE | 10 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 23 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 11 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 26 | 0.926 | 0.962 | 0.943 | 0.926 | 0.962 | 0.943 |
| PERSON | 264 | 0.937 | 0.894 | 0.915 | 0.972 | 0.928 | 0.950 |
| PHONE | 40 | 0.976 | 1.000 | 0.988 | 0.976 | 1.000 | 0.988 |
| POSTAL_ADDRESS | 61 | 0.917 | 0.902 | 0.909 | 0.983 | 0.967 | 0.975 |
| SECRET | 18 | 0.938 | 0.833 | 0.882 | 1.000 | 0.889 | 0.941 |
| SPECIAL_CATEGORY | 57 | 0.702 | 0.579 | 0.635 | 0.933 | 0.737 | 0.824 |
| **micro** | 622 | 0.927 | 0.897 | 0.912 | 0.968 | 0.934 | 0.951 |
`

// blind10Phase1 is the table measured on blind10/ when it was committed, at
// the end of round 11; round 12 fixed blind9 without reading it.
const blind10Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 40 | 0.939 | 0.775 | 0.849 | 0.939 | 0.775 | 0.849 |
| CLASSIFICATION | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 49 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_HEALTH_INSURANCE | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 7 | 1.000 | 0.857 | 0.923 | 1.000 | 0.857 | 0.923 |
| DE_LICENSE_PLATE | 10 | 0.833 | 1.000 | 0.909 | 0.833 | 1.000 | 0.909 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 0.800 | 0.889 | 1.000 | 0.800 | 0.889 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 30 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 13 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 304 | 0.942 | 0.911 | 0.926 | 0.962 | 0.928 | 0.945 |
| PHONE | 36 | 0.923 | 1.000 | 0.960 | 0.923 | 1.000 | 0.960 |
| POSTAL_ADDRESS | 61 | 0.887 | 0.902 | 0.894 | 0.984 | 1.000 | 0.992 |
| SECRET | 16 | 0.933 | 0.875 | 0.903 | 0.933 | 0.875 | 0.903 |
| SPECIAL_CATEGORY | 52 | 0.830 | 0.750 | 0.788 | 0.872 | 0.788 | 0.828 |
| **micro** | 670 | 0.939 | 0.912 | 0.925 | 0.960 | 0.931 | 0.945 |
`

// blind11Phase1 is the table measured on blind11/ at the commit that added
// its test, during round 13 (which did not read it).
const blind11Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 57 | 0.943 | 0.877 | 0.909 | 0.962 | 0.895 | 0.927 |
| CLASSIFICATION | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 63 | 0.982 | 0.857 | 0.915 | 0.982 | 0.857 | 0.915 |
| DE_HEALTH_INSURANCE | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 8 | 0.889 | 1.000 | 0.941 | 0.889 | 1.000 | 0.941 |
| DE_SOCIAL_SECURITY | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 10 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 46 | 0.979 | 1.000 | 0.989 | 0.979 | 1.000 | 0.989 |
| IBAN | 19 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 30 | 1.000 | 0.933 | 0.966 | 1.000 | 0.933 | 0.966 |
| PERSON | 377 | 0.931 | 0.865 | 0.897 | 0.954 | 0.886 | 0.919 |
| PHONE | 48 | 0.958 | 0.958 | 0.958 | 0.958 | 0.958 | 0.958 |
| POSTAL_ADDRESS | 72 | 0.875 | 0.875 | 0.875 | 0.986 | 0.986 | 0.986 |
| SECRET | 13 | 1.000 | 0.923 | 0.960 | 1.000 | 0.923 | 0.960 |
| SPECIAL_CATEGORY | 91 | 0.782 | 0.747 | 0.764 | 0.828 | 0.791 | 0.809 |
| **micro** | 880 | 0.928 | 0.882 | 0.904 | 0.953 | 0.906 | 0.929 |
`

// blind12Phase1 is the table measured on blind12/ at the commit that added
// its test, after round 13; round 14 fixed blind11 without reading it.
const blind12Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 48 | 0.880 | 0.917 | 0.898 | 0.920 | 0.958 | 0.939 |
| CLASSIFICATION | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 60 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 10 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 37 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 12 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 19 | 1.000 | 0.947 | 0.973 | 1.000 | 0.947 | 0.973 |
| PERSON | 376 | 0.949 | 0.843 | 0.893 | 0.991 | 0.875 | 0.929 |
| PHONE | 49 | 0.860 | 1.000 | 0.925 | 0.860 | 1.000 | 0.925 |
| POSTAL_ADDRESS | 85 | 0.922 | 0.835 | 0.877 | 1.000 | 0.906 | 0.951 |
| SECRET | 17 | 1.000 | 0.941 | 0.970 | 1.000 | 0.941 | 0.970 |
| SPECIAL_CATEGORY | 79 | 0.724 | 0.797 | 0.759 | 0.805 | 0.886 | 0.843 |
| **micro** | 834 | 0.924 | 0.886 | 0.905 | 0.960 | 0.918 | 0.939 |
`

// blind13Phase1 is the table measured on blind13/ at the commit that added
// it, during round 15 (which did not read it).
const blind15Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 48 | 0.932 | 0.854 | 0.891 | 1.000 | 0.896 | 0.945 |
| CLASSIFICATION | 5 | 0.833 | 1.000 | 0.909 | 0.833 | 1.000 | 0.909 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 49 | 1.000 | 0.959 | 0.979 | 1.000 | 0.959 | 0.979 |
| DE_HEALTH_INSURANCE | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 11 | 0.917 | 1.000 | 0.957 | 0.917 | 1.000 | 0.957 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 43 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 15 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 23 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 328 | 0.968 | 0.909 | 0.937 | 1.000 | 0.936 | 0.967 |
| PHONE | 64 | 0.985 | 1.000 | 0.992 | 0.985 | 1.000 | 0.992 |
| POSTAL_ADDRESS | 93 | 0.967 | 0.935 | 0.951 | 0.978 | 0.946 | 0.962 |
| SECRET | 13 | 0.923 | 0.923 | 0.923 | 0.923 | 0.923 | 0.923 |
| SPECIAL_CATEGORY | 86 | 0.793 | 0.756 | 0.774 | 0.890 | 0.849 | 0.869 |
| **micro** | 815 | 0.953 | 0.918 | 0.935 | 0.981 | 0.942 | 0.961 |
`

// blind18Phase1 is the table measured on blind18/ at the commit that added
// it (eleventh session, after round 22; no fix round has read it).
const blind18Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 56 | 0.911 | 0.911 | 0.911 | 0.946 | 0.946 | 0.946 |
| CLASSIFICATION | 9 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 67 | 1.000 | 0.940 | 0.969 | 1.000 | 0.940 | 0.969 |
| DE_HEALTH_INSURANCE | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 15 | 1.000 | 0.933 | 0.966 | 1.000 | 0.933 | 0.966 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 56 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 23 | 0.957 | 0.957 | 0.957 | 0.957 | 0.957 | 0.957 |
| PERSON | 410 | 0.949 | 0.866 | 0.906 | 0.976 | 0.880 | 0.926 |
| PHONE | 69 | 0.986 | 1.000 | 0.993 | 0.986 | 1.000 | 0.993 |
| POSTAL_ADDRESS | 96 | 0.978 | 0.948 | 0.963 | 1.000 | 0.969 | 0.984 |
| SECRET | 11 | 1.000 | 0.818 | 0.900 | 1.000 | 0.818 | 0.900 |
| SPECIAL_CATEGORY | 80 | 0.800 | 0.750 | 0.774 | 0.880 | 0.825 | 0.852 |
| **micro** | 946 | 0.952 | 0.902 | 0.926 | 0.974 | 0.919 | 0.946 |
`

// blind19Phase1 is the table measured on blind19/ at the commit that added
// it (twelfth session, after round 23; no fix round has read it).
const blind19Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 39 | 0.841 | 0.949 | 0.892 | 0.864 | 0.974 | 0.916 |
| CLASSIFICATION | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 45 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_HEALTH_INSURANCE | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 12 | 1.000 | 0.917 | 0.957 | 1.000 | 0.917 | 0.957 |
| DE_SOCIAL_SECURITY | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 49 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 17 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 26 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 361 | 0.973 | 0.903 | 0.937 | 0.985 | 0.914 | 0.948 |
| PHONE | 62 | 0.984 | 0.984 | 0.984 | 1.000 | 1.000 | 1.000 |
| POSTAL_ADDRESS | 81 | 0.987 | 0.938 | 0.962 | 0.987 | 0.938 | 0.962 |
| SECRET | 12 | 1.000 | 0.917 | 0.957 | 1.000 | 0.917 | 0.957 |
| SPECIAL_CATEGORY | 92 | 0.921 | 0.761 | 0.833 | 0.974 | 0.804 | 0.881 |
| **micro** | 824 | 0.969 | 0.919 | 0.943 | 0.982 | 0.931 | 0.956 |
`

// blind20Phase1 is the table measured on blind20/ at the commit that added
// it (thirteenth session, after round 24; no fix round has read it).
const blind20Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 37 | 0.966 | 0.757 | 0.848 | 1.000 | 0.784 | 0.879 |
| CLASSIFICATION | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 2 | 0.667 | 1.000 | 0.800 | 0.667 | 1.000 | 0.800 |
| DATE_OF_BIRTH | 44 | 1.000 | 0.977 | 0.989 | 1.000 | 0.977 | 0.989 |
| DE_HEALTH_INSURANCE | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 9 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 36 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 15 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 23 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 316 | 0.963 | 0.915 | 0.938 | 0.980 | 0.927 | 0.953 |
| PHONE | 34 | 0.943 | 0.971 | 0.957 | 0.971 | 1.000 | 0.986 |
| POSTAL_ADDRESS | 63 | 0.984 | 0.952 | 0.968 | 1.000 | 0.968 | 0.984 |
| SECRET | 11 | 1.000 | 0.909 | 0.952 | 1.000 | 0.909 | 0.952 |
| SPECIAL_CATEGORY | 140 | 0.870 | 0.571 | 0.690 | 0.967 | 0.636 | 0.767 |
| **micro** | 762 | 0.959 | 0.866 | 0.910 | 0.984 | 0.887 | 0.933 |
`

// blind21Phase1 is the table measured on blind21/ at the commit that added
// it (fourteenth session, during round 25; no fix round has read it).
const blind21Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 45 | 1.000 | 0.844 | 0.916 | 1.000 | 0.844 | 0.916 |
| CLASSIFICATION | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 40 | 0.975 | 0.975 | 0.975 | 0.975 | 0.975 | 0.975 |
| DE_HEALTH_INSURANCE | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 7 | 0.778 | 1.000 | 0.875 | 0.778 | 1.000 | 0.875 |
| DE_SOCIAL_SECURITY | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 30 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 8 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 26 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 304 | 0.965 | 0.914 | 0.939 | 0.976 | 0.924 | 0.949 |
| PHONE | 34 | 0.971 | 0.971 | 0.971 | 0.971 | 0.971 | 0.971 |
| POSTAL_ADDRESS | 71 | 0.985 | 0.915 | 0.949 | 1.000 | 0.930 | 0.964 |
| SECRET | 16 | 1.000 | 0.750 | 0.857 | 1.000 | 0.750 | 0.857 |
| SPECIAL_CATEGORY | 99 | 0.882 | 0.677 | 0.766 | 0.961 | 0.737 | 0.834 |
| **micro** | 708 | 0.963 | 0.891 | 0.926 | 0.979 | 0.905 | 0.941 |
`

// blind22Phase1 is the table measured on blind22/ at the commit that added
// it (fifteenth session, during round 26; no fix round has read it).
const blind22Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 53 | 1.000 | 0.849 | 0.918 | 1.000 | 0.849 | 0.918 |
| CLASSIFICATION | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 56 | 1.000 | 0.982 | 0.991 | 1.000 | 0.982 | 0.991 |
| DE_HEALTH_INSURANCE | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 10 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 34 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 16 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 28 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 359 | 0.956 | 0.905 | 0.930 | 0.965 | 0.914 | 0.938 |
| PHONE | 41 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| POSTAL_ADDRESS | 71 | 1.000 | 0.930 | 0.964 | 1.000 | 0.930 | 0.964 |
| SECRET | 11 | 0.909 | 0.909 | 0.909 | 0.909 | 0.909 | 0.909 |
| SPECIAL_CATEGORY | 133 | 0.917 | 0.662 | 0.769 | 0.990 | 0.722 | 0.835 |
| **micro** | 834 | 0.969 | 0.887 | 0.926 | 0.982 | 0.900 | 0.939 |
`

// blind23Phase1 is the table measured on blind23/ at the commit that added
// it (sixteenth session, during round 27; no fix round has read it).
const blind23Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 82 | 0.933 | 0.854 | 0.892 | 0.947 | 0.866 | 0.904 |
| CLASSIFICATION | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 61 | 1.000 | 0.984 | 0.992 | 1.000 | 0.984 | 0.992 |
| DE_HEALTH_INSURANCE | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 8 | 1.000 | 0.875 | 0.933 | 1.000 | 0.875 | 0.933 |
| DE_LICENSE_PLATE | 18 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 58 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 35 | 0.946 | 1.000 | 0.972 | 0.946 | 1.000 | 0.972 |
| PERSON | 457 | 0.963 | 0.923 | 0.943 | 0.973 | 0.932 | 0.952 |
| PHONE | 68 | 1.000 | 0.985 | 0.993 | 1.000 | 0.985 | 0.993 |
| POSTAL_ADDRESS | 106 | 0.990 | 0.943 | 0.966 | 1.000 | 0.953 | 0.976 |
| SECRET | 20 | 1.000 | 0.650 | 0.788 | 1.000 | 0.650 | 0.788 |
| SPECIAL_CATEGORY | 148 | 0.845 | 0.662 | 0.742 | 0.931 | 0.730 | 0.818 |
| **micro** | 1091 | 0.959 | 0.896 | 0.927 | 0.975 | 0.911 | 0.942 |
`

// blind17Phase1 is the table measured on blind17/ at the commit that added
// it (eleventh session; no fix round had read it).
const blind17Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 63 | 0.983 | 0.921 | 0.951 | 1.000 | 0.937 | 0.967 |
| CLASSIFICATION | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 47 | 0.979 | 1.000 | 0.989 | 0.979 | 1.000 | 0.989 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 7 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 16 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 54 | 0.982 | 1.000 | 0.991 | 0.982 | 1.000 | 0.991 |
| IBAN | 10 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 37 | 1.000 | 0.946 | 0.972 | 1.000 | 0.946 | 0.972 |
| PERSON | 373 | 0.942 | 0.920 | 0.931 | 0.975 | 0.946 | 0.961 |
| PHONE | 60 | 0.952 | 1.000 | 0.976 | 0.952 | 1.000 | 0.976 |
| POSTAL_ADDRESS | 96 | 1.000 | 0.979 | 0.989 | 1.000 | 0.979 | 0.989 |
| SECRET | 15 | 0.933 | 0.933 | 0.933 | 0.933 | 0.933 | 0.933 |
| SPECIAL_CATEGORY | 93 | 0.802 | 0.699 | 0.747 | 0.863 | 0.742 | 0.798 |
| **micro** | 909 | 0.950 | 0.925 | 0.938 | 0.971 | 0.942 | 0.956 |
`

// blind16Phase1 is the table measured on blind16/ at the commit that added
// it (ninth session; no fix round has read it).
const blind16Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 47 | 1.000 | 0.787 | 0.881 | 1.000 | 0.787 | 0.881 |
| CLASSIFICATION | 11 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 59 | 1.000 | 0.983 | 0.991 | 1.000 | 0.983 | 0.991 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 6 | 1.000 | 0.833 | 0.909 | 1.000 | 0.833 | 0.909 |
| DE_LICENSE_PLATE | 13 | 0.929 | 1.000 | 0.963 | 0.929 | 1.000 | 0.963 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 33 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 22 | 0.917 | 1.000 | 0.957 | 0.917 | 1.000 | 0.957 |
| PERSON | 336 | 0.953 | 0.908 | 0.930 | 0.966 | 0.920 | 0.942 |
| PHONE | 45 | 0.918 | 1.000 | 0.957 | 0.918 | 1.000 | 0.957 |
| POSTAL_ADDRESS | 82 | 0.988 | 0.963 | 0.975 | 0.988 | 0.963 | 0.975 |
| SECRET | 13 | 0.929 | 1.000 | 0.963 | 0.929 | 1.000 | 0.963 |
| SPECIAL_CATEGORY | 62 | 0.803 | 0.790 | 0.797 | 0.918 | 0.903 | 0.911 |
| **micro** | 774 | 0.952 | 0.924 | 0.938 | 0.967 | 0.938 | 0.952 |
`

const blind14Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 38 | 0.946 | 0.921 | 0.933 | 0.946 | 0.921 | 0.933 |
| CLASSIFICATION | 12 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 45 | 1.000 | 0.978 | 0.989 | 1.000 | 0.978 | 0.989 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 7 | 0.778 | 1.000 | 0.875 | 0.778 | 1.000 | 0.875 |
| DE_LICENSE_PLATE | 11 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 39 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 13 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 20 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| PERSON | 330 | 0.954 | 0.882 | 0.917 | 0.974 | 0.897 | 0.934 |
| PHONE | 45 | 0.913 | 0.933 | 0.923 | 0.935 | 0.956 | 0.945 |
| POSTAL_ADDRESS | 85 | 0.976 | 0.953 | 0.964 | 1.000 | 0.976 | 0.988 |
| SECRET | 15 | 1.000 | 0.933 | 0.966 | 1.000 | 0.933 | 0.966 |
| SPECIAL_CATEGORY | 71 | 0.671 | 0.718 | 0.694 | 0.829 | 0.887 | 0.857 |
| **micro** | 762 | 0.934 | 0.907 | 0.920 | 0.962 | 0.933 | 0.947 |
`

const blind13Phase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 52 | 1.000 | 0.981 | 0.990 | 1.000 | 0.981 | 0.990 |
| CLASSIFICATION | 10 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 39 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_HEALTH_INSURANCE | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 8 | 1.000 | 0.875 | 0.933 | 1.000 | 0.875 | 0.933 |
| DE_LICENSE_PLATE | 11 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_SOCIAL_SECURITY | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 59 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IBAN | 11 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 24 | 1.000 | 0.917 | 0.957 | 1.000 | 0.917 | 0.957 |
| PERSON | 340 | 0.935 | 0.853 | 0.892 | 0.961 | 0.874 | 0.915 |
| PHONE | 64 | 0.985 | 1.000 | 0.992 | 0.985 | 1.000 | 0.992 |
| POSTAL_ADDRESS | 101 | 0.950 | 0.950 | 0.950 | 1.000 | 1.000 | 1.000 |
| SECRET | 12 | 0.909 | 0.833 | 0.870 | 0.909 | 0.833 | 0.870 |
| SPECIAL_CATEGORY | 69 | 0.737 | 0.812 | 0.772 | 0.789 | 0.870 | 0.828 |
| **micro** | 831 | 0.942 | 0.911 | 0.926 | 0.963 | 0.930 | 0.946 |
`

// blindSet describes one blind set for docs/detection.md.
type blindSet struct {
	dir, title, about, phase1, before, after string
}

var blindSets = []blindSet{
	{dir: "blind", title: "Blind set", phase1: blindPhase1,
		about: "written from TAXONOMY.md's rules by an engineer who had not read the detectors, their word lists or\n" +
			"the earlier corpora: contact forms, WhatsApp/Teams chats, OCR'd letters, tab-separated spreadsheet pastes, Jugendhilfe,\n" +
			"Betreuung, Beihilfe, .env/kubectl/curl/stack traces, names of many origins, wrong check digits left unlabelled, and\n" +
			"17 hard negatives. `go test ./testcases/ -run 'TestBlind$' -v`.",
		before: "Phase 1, before any fix (micro F1 0.864; the honest estimate for unseen text):",
		after:  "Now, after fixing rules (not documents) for what the set showed:"},
	{dir: "blind2", title: "Second blind set", phase1: blind2Phase1,
		about: "written from TAXONOMY.md's rules alone by someone who never saw the detectors (Bescheide, Anhörungen,\n" +
			"Vermerke, mails with quoted history, CSV/SQL/JSON pastes, logs, configs, MRZ lines, address and participant lists,\n" +
			"hard negatives). `go test ./testcases/ -run TestBlind2 -v`.",
		before: "As written (micro F1 0.895 when committed; the honest estimate for unseen text):",
		after: "Now (round 4 generalised rules and vocabulary; five labels corrected by TAXONOMY: BEM-Gespräch and two\n" +
			"Wiedereingliederung about named employees as sick-leave data, a spinal level with its diagnosis, two case-law docket\n" +
			"numbers as court docket numbers):"},
	{dir: "blind3", title: "Third blind set", phase1: blind3Phase1,
		about: "written from TAXONOMY.md's rules alone, with longer mixed documents (mail threads with quoted replies\n" +
			"and several signatures, minutes with attendance lists, Excel/CSV/SQL/JSON/XML pastes), English and mixed-language IT\n" +
			"texts, citizens' lower-case mails, OCR artefacts, values broken across lines and near misses.\n" +
			"`go test ./testcases/ -run TestBlind3 -v`.",
		before: "Before round 5 (micro F1 0.866 when committed, 0.870 after round 4; the honest estimate for unseen text):",
		after: "Now (round 5: values under the keys and column headers of structured records — JSON, XML, YAML, key=value,\n" +
			"CSV/TSV/aligned tables, SQL INSERT — for PERSON, DATE_OF_BIRTH, CASE_REFERENCE and religion; compound diagnoses):"},
	{dir: "blind4", title: "Fourth blind set", phase1: blind4Phase1,
		about: "written from TAXONOMY.md's rules alone, as a realistic mix of what municipal staff paste (letters,\n" +
			"Bescheide, mails with history, chats, minutes, tables, IT tickets and configs, press releases, statutes, statistics,\n" +
			"job adverts; 34 documents without any finding). `go test ./testcases/ -run TestBlind4 -v`.",
		before: "As written (micro F1 0.926 when committed; the honest estimate for unseen text — two labels were corrected by\n" +
			"the writer after the first run, which gave 0.919):",
		after: "Now (after round 6's general fixes, made without looking at this set, and the CSV Steuer-ID rule;\n" +
			"round 7 then fixed rules for what it showed):"},
	{dir: "blind5", title: "Fifth blind set", phase1: blind5Phase1,
		about: "written from TAXONOMY.md's rules alone, leaning to text as public bodies publish it (council minutes\n" +
			"with attendance lists, anonymised court decisions, Amtsblatt notices, job adverts, press releases, forum posts, local\n" +
			"history) and to names of thin-lexicon origins. `go test ./testcases/ -run TestBlind5 -v`.",
		before: "As written (micro F1 0.896 when committed; the honest estimate for unseen text at that time):",
		after:  "Now (rounds 8 and 9 fixed rules for what it showed; labels corrected by TAXONOMY are listed in the commits):"},
	{dir: "blind6", title: "Sixth blind set", phase1: blind6Phase1,
		about: "written from TAXONOMY.md's rules alone, leaning to short everyday staff prompts (mails, chats, lower-case\n" +
			"notes), case notes of Sozial-, Jugend- and Ausländerbehörde, HR documents and IT tickets, logs, configs and scripts.\n" +
			"`go test ./testcases/ -run TestBlind6 -v`.",
		before: "As written (micro F1 0.918 when committed; the honest estimate for unseen text at that time):",
		after:  "Now (rounds 8 and 9 fixed rules for what it showed):"},
	{dir: "blind7", title: "Seventh blind set", phase1: blind7Phase1,
		about: "written from TAXONOMY.md's rules alone, as a balanced mix of what staff paste (24 hard negatives).\n" +
			"`go test ./testcases/ -run TestBlind7 -v`.",
		before: "As written (micro F1 0.901 when committed during round 9, 0.905 with all of round 9; one fixer saw a few\n" +
			"lines of it by accident and changed nothing for them):",
		after: "Now (round 10 fixed rules for what it showed; labels corrected by TAXONOMY are listed in the commits):"},
	{dir: "blind8", title: "Eighth blind set", phase1: blind8Phase1,
		about: "written from TAXONOMY.md's rules alone as a realistic mix, leaning to Art. 9 data in HR and social case notes,\n" +
			"office file-number house styles, addresses in CSV pastes and transliterated names. `go test ./testcases/ -run TestBlind8 -v`.",
		before: "As written (micro F1 0.931 when committed during round 10; the honest estimate for unseen text at that time):",
		after:  "Now (round 11 fixed rules for what it showed):"},
	{dir: "blind9", title: "Ninth blind set", phase1: blind9Phase1,
		about: "written from TAXONOMY.md's rules alone as a realistic mix (22 documents without any finding).\n" +
			"`go test ./testcases/ -run TestBlind9 -v`.",
		before: "As written (micro F1 0.912 when committed during round 11; the writer corrected five of its own labels by\n" +
			"TAXONOMY after the first run, which gave 0.910):",
		after: "Now (round 12 fixed rules for what it showed):"},
	{dir: "blind10", title: "Tenth blind set", phase1: blind10Phase1,
		about: "written from TAXONOMY.md's rules alone, as a realistic mix (25 documents without any finding); one fixer\n" +
			"of round 11 saw its misses printed once by accident (a test run without -skip) and used none of them.\n" +
			"`go test ./testcases/ -run TestBlind10 -v`.",
		before: "As written (micro F1 0.925 when committed after round 11; the writer added four SPECIAL_CATEGORY labels that\n" +
			"TAXONOMY required after the first run):",
		after: "Now (round 13 fixed rules for what it showed):"},
	{dir: "blind11", title: "Eleventh blind set", phase1: blind11Phase1,
		about: "written from TAXONOMY.md's rules alone as a realistic mix, leaning to Art. 9 data in HR, social and asylum\n" +
			"text, office file-number house styles, names of thin-lexicon origins and a few prompts in English (22 documents\n" +
			"without or nearly without findings). `go test ./testcases/ -run TestBlind11 -v`.",
		before: "As written (micro F1 0.904 at the commit that added its test, during round 13, which did not read it; 0.908\n" +
			"with all of round 13; the writer corrected four of its own labels by TAXONOMY after the first run):",
		after: "Now (round 14 fixed rules for what it showed):"},
	{dir: "blind12", title: "Twelfth blind set", phase1: blind12Phase1,
		about: "written from TAXONOMY.md's rules alone, as text arrives in a chat window: pastes from PDFs and OCR,\n" +
			"Outlook mails with history and disclaimers, Teams chats, Excel and Markdown tables, mails without umlauts, SQL,\n" +
			"JSON, YAML and logs (16 documents without any finding). `go test ./testcases/ -run TestBlind12 -v`.",
		before: "As written (micro F1 0.905 at the commit that added it, after round 13; the writer corrected labels by TAXONOMY\n" +
			"after the first run, which gave 0.893 — mostly names the writer had left unlabelled):",
		after: "Now (round 15 fixed rules for what it showed):"},
	{dir: "blind13", title: "Thirteenth blind set", phase1: blind13Phase1,
		about: "written last, from TAXONOMY.md's rules alone, as a realistic mix of what staff paste (18 documents without\n" +
			"any finding, five prompts in English). `go test ./testcases/ -run TestBlind13 -v`.",
		before: "As written (micro F1 0.926 at the commit that added it, during round 15; the writer corrected two labels by\n" +
			"TAXONOMY after the first run; its SQL-dump addresses were then relabelled to the street value alone, the\n" +
			"convention of testcases/README.md):",
		after: "Now (rounds 16 and 17 fixed rules for what it showed; after round 15, which did not read it, it measured 0.930):"},
	{dir: "blind14", title: "Fourteenth blind set", phase1: blind14Phase1,
		about: "written in the eighth session, from TAXONOMY.md's rules alone, as a realistic mix of what staff paste\n" +
			"(23 documents without any finding, five prompts in English, an OCRed letter, two MRZ scans). `go test ./testcases/ -run TestBlind14 -v`.",
		before: "As written (micro F1 0.920 at the commit that added it; the writer corrected two labels by TAXONOMY after the\n" +
			"first run):",
		after: "Now (round 18 fixed rules for what it showed, and aligned ten SPECIAL_CATEGORY labels with TAXONOMY and the\n" +
			"earlier sets — Merkzeichen, stage and grade with the diagnosis, the union's name on a dues line, \"Verdacht auf\"\n" +
			"outside —, which accounts for about 0.10 of SPECIAL_CATEGORY's rise):"},
	{dir: "blind15", title: "Fifteenth blind set", phase1: blind15Phase1,
		about: "written in the eighth session after round 18, from TAXONOMY.md's rules alone, as a realistic mix of what\n" +
			"staff paste (20 documents without any finding, four prompts in English). `go test ./testcases/ -run TestBlind15 -v`.",
		before: "As written (micro F1 0.935 at the commit that added it; the writer corrected three PERSON labels by TAXONOMY\n" +
			"after the first run):",
		after: "Now (round 19 fixed rules for what it showed; no labels changed):"},
	{dir: "blind16", title: "Sixteenth blind set", phase1: blind16Phase1,
		about: "written in the ninth session after round 19, from TAXONOMY.md's rules alone, as a realistic mix of what\n" +
			"staff paste (20 documents without any finding, five prompts in English). `go test ./testcases/ -run TestBlind16 -v`.",
		before: "As written (micro F1 0.931 at the first run; the writer then corrected six labels by TAXONOMY — a newborn's\n" +
			"birth date, a VS-NfD spelling, Merkzeichen, symptoms, a salutation outside a name, a first name in a greeting —,\n" +
			"which gives 0.938 at the commit that added its test):",
		after: "Now (round 20 fixed rules for every type but PERSON from what it showed, round 21 for PERSON; no labels changed):"},
	{dir: "blind17", title: "Seventeenth blind set", phase1: blind17Phase1,
		about: "written in the eleventh session after round 21, from TAXONOMY.md's rules alone, as a realistic mix of what\n" +
			"staff paste (13 documents without any finding, about ten more nearly so, five prompts in English).\n" +
			"`go test ./testcases/ -run TestBlind17 -v`.",
		before: "As written (micro F1 0.936 at the first run; the writer then labelled three Art. 9 phrases it had missed by\n" +
			"TAXONOMY — a Pflegegrad, a Schwerbehinderung, \"gleichgestellt\" —, which gives 0.938 at the commit that added its test):",
		after: "Now (round 22 fixed rules for what it showed, in three parts: PERSON, SPECIAL_CATEGORY, the other types; two\n" +
			"SPECIAL_CATEGORY labels were split as TAXONOMY and the earlier sets do — \"Reha nach Bandscheiben-OP\" into two\n" +
			"phrases, \"Verdacht auf\" outside the diagnosis):"},
	{dir: "blind18", title: "Eighteenth blind set", phase1: blind18Phase1,
		about: "written in the eleventh session after round 22, from TAXONOMY.md's rules alone, as a realistic mix of what\n" +
			"staff paste (16 documents without any finding, four prompts in English), to measure whether round 22 carried\n" +
			"over to unseen text. Round 23 (twelfth session) read it. `go test ./testcases/ -run TestBlind18 -v`.",
		before: "As written (micro F1 0.924 at the first run; the writer then corrected three SPECIAL_CATEGORY labels by\n" +
			"TAXONOMY — sick leave and an addiction treatment stated about a person labelled, a hypothetical illness\n" +
			"unlabelled —, which gives 0.926 at the commit that added its test):",
		after: "Now (round 23 fixed rules for what it showed; no labels changed):"},
	{dir: "blind19", title: "Nineteenth blind set", phase1: blind19Phase1,
		about: "written in the twelfth session after round 23, from TAXONOMY.md's rules alone, as a realistic mix of what\n" +
			"staff paste (17 documents without any finding, about fifteen more nearly so, five prompts in English; Art. 9 data\n" +
			"in everyday wording, foreign addresses, MRZ lines, chat nicknames), to measure whether round 23 carried over to\n" +
			"unseen text. Round 24 (thirteenth session) read it. `go test ./testcases/ -run TestBlind19 -v`.",
		before: "As written (micro F1 0.941 at the first run; the writer then labelled three Art. 9 phrases it had left out by\n" +
			"TAXONOMY — a BEM-Gespräch about a named employee and a \"Krankmeldung\" subject as sick-leave data, bruises seen on a\n" +
			"person as health data —, which gives 0.943 at the commit that added its test):",
		after: "Now (round 24 fixed rules for what it showed — lone given names in lower-case chats and mails, one-word\n" +
			"senders of chat exports, union dues rates, English health wording, self-harm; the six cells of a payroll\n" +
			"table's Pers.-Nr. column labelled CASE_REFERENCE by the convention of testcases/README.md, which the writer\n" +
			"had left open):"},
	{dir: "blind20", title: "Twentieth blind set", phase1: blind20Phase1,
		about: "written in the thirteenth session after round 24, from TAXONOMY.md's rules alone, as a realistic mix of what\n" +
			"staff paste (16 documents without any finding, about fifteen more nearly so, five prompts in English; Art. 9 data\n" +
			"in everyday wording — symptoms, treatments, medication, Merkzeichen and GdB cells, religion and union membership —,\n" +
			"foreign addresses, an MRZ scan, lower-case chats and nicknames), to measure whether round 24 carried over to unseen\n" +
			"text. Round 25 (fourteenth session) read it. `go test ./testcases/ -run TestBlind20 -v`.",
		before: "As written (micro F1 0.910 at the first run; the writer then labelled six Art. 9 phrases it had left out by\n" +
			"TAXONOMY — \"abstinent\" about a man with an alcohol addiction and five medications taken by named persons, as the\n" +
			"set labels other treatments —, which gives 0.910 again at the commit that added its test; a police Vorgangsnummer\n" +
			"the writer invented happens to pass Luhn with a Visa prefix and is found as a card, CREDIT_CARD P 0.667):",
		after: "Now (round 25 fixed rules for what it showed — card numbers only in the groupings cards are printed in,\n" +
			"GdB, Merkzeichen and Pflegegrad columns of a person table, a PersNr column as the only reference key,\n" +
			"attendance lists of unlisted surnames, romanised Chinese, Korean and Japanese names, \"Surname, Given\" chat\n" +
			"senders, labels of who runs a case, drugs that name their illness, a phone number's bracketed remark; labels\n" +
			"changed only in older sets, by the conventions of testcases/README.md: medication, \"stufenweise\", \"in\",\n" +
			"Hamburger Modell; AU and BEM shorthand left open, as the sets split on it):"},
	{dir: "blind21", title: "Twenty-first blind set", phase1: blind21Phase1,
		about: "written in the fourteenth session during round 25, from TAXONOMY.md's rules alone, as a realistic mix of\n" +
			"what staff paste (15 documents without any finding, about fifteen more nearly so, five prompts in English; Art. 9\n" +
			"data in everyday wording — sick leave, treatments, medication, GdB and Merkzeichen, ICD-10 codes, religion, ethnicity,\n" +
			"union and party membership —, foreign addresses, two MRZ scans, lower-case chats and nicknames), to measure whether\n" +
			"round 25 carried over to unseen text. Round 26 (fifteenth session) read it. `go test ./testcases/ -run TestBlind21 -v`.",
		before: "As written (micro F1 0.926 at the first run, on main at 3f613eb after round 25; the writer corrected no labels):",
		after: "Now (round 26 fixed rules for what it showed — West and Central African, Eritrean, Ethiopian, Somali and\n" +
			"Southern African names, a given name after a self-introduction, a ping or a spouse in parentheses, before \"vom\"\n" +
			"and an office or before a clerk's unit, \"mein Mann\" as the husband, the certifying officer after her label, the\n" +
			"English sign-off \"Best, Elena\", the street words of foreign addresses, an office named by direction after a case label,\n" +
			"everyday health wording and lay injuries with their body site, therapies and antivirals in a claim, the GdB\n" +
			"application, a pregnancy month after a comma, a law's abbreviation that is no surname (MuSchG), the\n" +
			"Oberverwaltungsgerichte's registers, a Fundanzeige number, birth dates in US order, URL passwords with '#', a\n" +
			"password in quotes after whose it is and IBANs grouped by dots; labels changed by the conventions of testcases/README.md: the pregnancy preposition of 036\n" +
			"here, lay injuries and a hospital admission in blind, blind2, blind7 and blind8, a Fundanzeige in blind12; left\n" +
			"open: Insulin and Logopädie, which the sets split on, the extent of \"auf einen Rollstuhl angewiesen\" and \"stark\n" +
			"alkoholisiert\", nicknames in lower-case chats, the WBS numbers under an \"Antrag\" column, foreign addresses):"},
	{dir: "blind22", title: "Twenty-second blind set", phase1: blind22Phase1,
		about: "written in the fifteenth session during round 26, from TAXONOMY.md's rules alone, as a realistic mix of\n" +
			"what staff paste (16 documents without any finding, about fifteen more nearly so, five prompts in English; Art. 9\n" +
			"data in everyday wording — sick leave, treatments and aids, medication, GdB and Merkzeichen, ICD-10 codes, pregnancy,\n" +
			"religion, union and party membership, a citizens' initiative —, foreign addresses (Polish, Portuguese, Turkish,\n" +
			"Belgian, a Mannheim Quadrat), an ID-card MRZ, lower-case chats and nicknames), to measure whether round 26 carried\n" +
			"over to unseen text. Round 27 (sixteenth session) read it. `go test ./testcases/ -run TestBlind22 -v`.",
		before: "As written (micro F1 0.925 at the first run, on main at 5753853 after round 26; the writer then corrected six\n" +
			"SPECIAL_CATEGORY labels by TAXONOMY and testcases/README.md — the pregnancy preposition of 016 taken out of the\n" +
			"span, and five Art. 9 phrases it had left out: a party membership and a mosque engagement stated about an applicant\n" +
			"in 054's request, a hospital admission and isolation in 026, a \"sick\" mail subject in 037 —, which gives 0.926\n" +
			"at the commit that added its test):",
		after: "Now (round 27 fixed rules for what it showed — PERSON: Polish honorifics (Pani as a salutation, Pan no name\n" +
			"word), the municipalities and offices of neighbouring countries, radio call signs with a unit number, a chat's\n" +
			"sender who opens two lines or more (unlisted lower-case nicknames, a bare surname, after a time without brackets, a\n" +
			"team in brackets or a role, Slack's name before the time), a given name that is a surname too with a cue in a\n" +
			"lower-case chat, an inflammation that is no surname, a capitalised particle after a salutation (Van den Berghe), a\n" +
			"mail header's name vouched for by its address, Sa and So as weekdays, foreign identity documents' names, a kin word's unlisted given name before the rest of the household, Park as a Korean surname; SPECIAL_CATEGORY: dotted ICD-10 codes later in the clause of their\n" +
			"phrase, an aside about the Gesundheitsamt's record, a notice's list of impairments under its heading (not a list of\n" +
			"kinds), the Versorgungsmedizin wording, an amputation with its site, heavy bleeding, an operation in a subordinate\n" +
			"clause, a dependence on a wheelchair or walker as one span, a person's office or engagement in a religious\n" +
			"community, an objection's party by role, English 'sick' after a verb of being or before a time, no datum in slang 'psychotisch', a building's 'Rücken', a migraine study or\n" +
			"first aid; POSTAL_ADDRESS: Belgian and other four-digit postcodes, Polish streets of three words, Portuguese and\n" +
			"Turkish flat details, Mannheim's squares; CASE_REFERENCE: a lower-case Pers.-Nr. column, Polish reference labels,\n" +
			"a SurvNet Meldevorgang. Labels changed by the conventions of testcases/README.md: 099's current episode and 095's\n" +
			"Merkzeichen joined into one span each, 'auf einen Rollstuhl angewiesen' as one span (the corpus's bauamt_09, blind3\n" +
			"005), a stated operation in blind16 005. Left open: 'ambulante Psychotherapie', 'sick leave' and a bare Rollator,\n" +
			"which the sets split on; an online application's id (blind11 and blind12 leave it unlabelled); 'trocken' and\n" +
			"'Isolierung' of a person, which building prose uses as often; Läuse, Schielen, Logopädie; the chat names that stand\n" +
			"in a message without a cue):"},
	{dir: "blind23", title: "Twenty-third blind set", phase1: blind23Phase1,
		about: "written in the sixteenth session during round 27, from TAXONOMY.md's rules alone, as a realistic mix of\n" +
			"what staff paste (16 documents without any finding, about fifteen more nearly so, five prompts in English; Art. 9\n" +
			"data in everyday wording — sick leave, treatments and aids, medication, GdB and Merkzeichen columns, ICD-10 codes,\n" +
			"pregnancy, addiction, religion (also payroll codes), ethnicity, union and party membership, a citizens' initiative —,\n" +
			"foreign addresses (Portuguese, Polish, Austrian, British, Turkish, Spanish), an ID-card MRZ, a PEM key, lower-case\n" +
			"chats and nicknames, case-law citations and a netmask left unlabelled), to measure whether round 27 carried over to\n" +
			"unseen text. Round 28 (seventeenth session) read it. `go test ./testcases/ -run TestBlind23 -v`.",
		before: "As written (micro F1 0.925 at the first run, on main at 10035ab during round 27; the writer then labelled three\n" +
			"Art. 9 mentions in the user's request that it had left out — the psychotherapy of 064, the Wiedereingliederung of\n" +
			"082 and the premature birth of 090, each a person's treatment or condition stated again —, which gives 0.927 at the\n" +
			"commit that added its test):",
		after: "Now (round 28, seventeenth session, fixed rules for what it showed and removed false positives of SPECIAL_CATEGORY\n" +
			"that blocked ordinary requests — SPECIAL_CATEGORY: a religious institution, event or procedure as the subject of its\n" +
			"clause or as a time (Moscheegemeinde, Kirchenaustritt, Jüdische Gemeinde, während des Ramadan), a belief word before\n" +
			"a museum or academy, Religion as a school subject ('Religion (ev.)'), health words said of machines and things\n" +
			"('Lüfter krank', 'Burnout der Festplatte'), a wheelchair compound of a building part, a service described for people in\n" +
			"general, an English disease before a study or report, a group before a plural noun of people, an event compound\n" +
			"('Mukoviszidose-Elterntag'), findings ruled out ('Kein Hinweis auf Suizidalität'); and found the party in a Partei\n" +
			"column of a person's record, ICD-10 codes in a Diagnose column, union membership in everyday and English wording\n" +
			"('sind … in der Gewerkschaft', 'Vertrauensfrau bei ver.di' before a dash and a question, 'IG Metall member'), English\n" +
			"pregnancy with its term, impairments and degree of disability, 'stark' and 'gelegentlichem' as qualifiers, ungeimpft,\n" +
			"Kurzzeitpflege, a chat's 'pg 2', Angstzustände, Mukoviszidose, Acamprosat; SPECIAL_CATEGORY wins over PERSON on the\n" +
			"same span ('laut Ehefrau: Bluthochdruck'), not on an eponym after a salutation ('Frau Parkinson'); PERSON: the names under a comma header whose cell has a remark in brackets\n" +
			"('Partei (Vorschlag durch)'), a given name and initial as a bold chat sender ('**Tobias H.** 10:47'), no saints of a\n" +
			"parish ('St. Ulrich und Afra') and no car model after its make ('Skoda Octavia Combi'), an apostrophe inside a word\n" +
			"no list quote (BenchmarkScanWorstCase/quotes 0.7–1.3 -> 19–20 MB/s); CASE_REFERENCE:\n" +
			"an office's house style after 'eigenes Verfahren' or 'Antrag,' (EB-2025-00743, EG-2026-14409) and an antrag_nr column;\n" +
			"POSTAL_ADDRESS: '-anlage' streets and 'Am Alten Friedhof 3' with PLZ and city, also split by tabs; IP_ADDRESS: the\n" +
			"version a software is updated from ('von 8.12.0.4 auf 8.14.1.0'). Labels changed by the conventions of\n" +
			"testcases/README.md: the four published dockets of 052 (ten files in the older sets label cited dockets), 015's\n" +
			"'Merkzeichen G' as the ground of a Mehrbedarf (as blind13 019 and blind16 097); in older sets 'stark' inside the span\n" +
			"(blind7 063, blind18 091) and blind17 069's drunk mother labelled. The reviewer's (rev9) false negatives and\n" +
			"positives of these rules were fixed in the round ('Frau Szymanska ist krank', a Partei column of candidates,\n" +
			"'Das Verfahren AES-256', an animal's vaccination, 'union membership fees'). micro 0.927 -> 0.956 (0.953 on the labels as\n" +
			"written), PERSON 0.943 -> 0.964, SPECIAL_CATEGORY 0.742 -> 0.862 (0.858), CASE_REFERENCE 0.892 -> 0.958 (0.933);\n" +
			"blind21 +0.003, blind15 +0.002, blind20 and blind9 +0.001, the other sets +0. Callgrind (bench/instr.sh 1): 56.86 M\n" +
			"instr/MB before (at c021921), 56.98, 57.13 and 57.12 M after (+0.2 to +0.5 %); the worst cases stay linear. Left open:\n" +
			"Physiotherapie and 'im krankenhaus' (the sets split on them), 'stationär' and 'ambulant' before a treatment (split),\n" +
			"Weitsichtigkeit (also foresight; 036's letter names its child only in the address), a Fraktion column (a councillor's\n" +
			"group is public office, not a private person's opinion), lone surnames in prose ('sind Reiter, Obermaier und die\n" +
			"Vasquez'), the lower-case 'anke m.', a rescue service's Einsatznummer, a reference in a Polish subject line\n" +
			"(GR-ZUL-2026-55310 after 'Temat:'), the SECRET values of 057, 065 and 085, and BEM-Gespräch, which the sets split on):"},
}

// writeBlindSection appends the sections of all blind sets to
// docs/detection.md: each set's table when it was written and now, and its
// remaining misses and extras, so that -write-doc keeps them all.
func writeBlindSection(t *testing.T, b *strings.Builder) {
	for _, set := range blindSets {
		files, err := filepath.Glob(set.dir + "/*.txt")
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %d documents (%v)", set.dir, len(files), err)
		}
		_, misses, table, _ := score(t, files)
		fmt.Fprintf(b, "\n## %s (`testcases/%s/`)\n\n", set.title, set.dir)
		fmt.Fprintf(b, "%d documents %s\n\n", len(files), set.about)
		b.WriteString(set.before + "\n\n")
		b.WriteString(set.phase1)
		b.WriteString("\n" + set.after + "\n\n")
		b.WriteString(table)
		b.WriteString("\nRemaining misses and extras:\n\n")
		for _, m := range misses {
			b.WriteString("- " + m + "\n")
		}
	}
}
