package audit

// Pseudonym returns the keyed pseudonym of a user name ("u-…"), the same
// one the log stores. The proxy uses it for the policy input and, if
// configured, for trace attributes, so that neither sees the real name.
// Safe for concurrent use.
func (l *Logger) Pseudonym(name string) string {
	return l.usrMAC.pseudonym(name)
}
