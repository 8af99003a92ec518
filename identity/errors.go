package identity

import (
	"errors"
	"strings"
)

// Errors returned by Identify. They never carry a user name or a password.
var (
	// ErrAuthRequired: credentials are required and none were sent. Answer 407
	// with Proxy-Authenticate: Challenge(realm).
	ErrAuthRequired = errors.New("identity: proxy authentication required")
	// ErrBadCredentials: unknown user, wrong password or a malformed header.
	// Answer 407 as for ErrAuthRequired.
	ErrBadCredentials = errors.New("identity: invalid proxy credentials")
	// ErrRateLimited: too many wrong passwords for this user or from this
	// client address; the request is refused until the backoff has passed,
	// even with the right password.
	ErrRateLimited = errors.New("identity: too many failed logins, try again later")
	// ErrDirectory: the LDAP group lookup failed. The caller must block (fail
	// closed): the policy cannot decide without the groups.
	ErrDirectory = errors.New("identity: directory group lookup failed")
)

// ConfigError is an error of New in one setting of Config. Key names the
// setting as schleuse's configuration spells it below auth ("htpasswd",
// "trusted_proxies", "ldap.ca_file"), so that a caller can name the key to
// fix ("auth.htpasswd: …"); Err says what is wrong and, where it can, what
// to do.
type ConfigError struct {
	Key string
	Err error
}

func (e *ConfigError) Error() string { return "identity: " + e.Key + ": " + e.Err.Error() }

func (e *ConfigError) Unwrap() error { return e.Err }

func configErr(key string, err error) error { return &ConfigError{Key: key, Err: err} }

// PublicMessage returns the German text shown to staff for an error of
// Identify (a notice body), without any internal cause.
func PublicMessage(err error) string {
	switch {
	case errors.Is(err, ErrRateLimited):
		return "Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie einige Minuten und versuchen Sie es erneut."
	case errors.Is(err, ErrNTLM):
		return "Ihr Rechner hat sich mit NTLM statt Kerberos am Proxy angemeldet; schleuse nimmt nur Kerberos an. Das geschieht, wenn er kein Kerberos-Ticket für den Proxy erhält: er ist nicht in der Domäne angemeldet, oder der Proxy ist mit seiner IP-Adresse statt seinem Namen eingetragen. Bitte wenden Sie sich an die IT."
	case errors.Is(err, ErrKerberos):
		return "Die Anmeldung am Proxy mit Ihrer Windows-Anmeldung (Kerberos) ist fehlgeschlagen. Bitte melden Sie sich an Windows neu an; hilft das nicht, wenden Sie sich an die IT."
	case errors.Is(err, ErrBadCredentials):
		return "Benutzername oder Passwort für den Proxy sind falsch. Bitte melden Sie sich mit Ihrem Dienstkonto an."
	case errors.Is(err, ErrAuthRequired):
		return "Für den Zugang zu KI-Diensten ist eine Anmeldung mit Ihrem Dienstkonto erforderlich."
	case errors.Is(err, ErrDirectory):
		return "Ihre Gruppenzugehörigkeit konnte nicht geprüft werden. Die Anfrage wurde vorsorglich blockiert; bitte wenden Sie sich an die IT."
	default:
		return "Die Anmeldung am Proxy ist fehlgeschlagen. Bitte wenden Sie sich an die IT."
	}
}

// Challenge returns the value of the Proxy-Authenticate header for a 407
// answer: Basic with the given realm (DefaultRealm when empty) and
// charset="UTF-8" (RFC 7617) so browsers send non-ASCII passwords as UTF-8.
func Challenge(realm string) string {
	if realm == "" {
		realm = DefaultRealm
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", " ", "\n", " ")
	return `Basic realm="` + r.Replace(realm) + `", charset="UTF-8"`
}
