// Package identity answers "who sent this request, and which groups is that
// person in?" for the schleuse proxy.
//
// The proxy builds one [Authenticator] at start with [New] and calls
// [Authenticator.ClientAllowed] and [Authenticator.Identify] on every CONNECT
// and every plain request. Identity comes from, in this order:
//
//  1. a trusted header (Config.TrustedHeader, e.g. X-Authenticated-User) set by
//     an upstream authenticating proxy, accepted only when the request comes
//     from one of Config.TrustedProxies;
//  2. proxy Basic authentication (Proxy-Authorization) against an htpasswd file
//     with bcrypt hashes, which browsers prompt for after a 407 carrying
//     [Challenge];
//     Kerberos single sign-on (Config.Kerberos, "Proxy-Authorization: Negotiate"),
//     a ticket for the proxy's SPN checked with the key in a keytab, beside
//     or instead of Basic; see [Authenticator.Challenges];
//  3. nothing: when neither is configured the request is anonymous.
//
// Groups are the union of the groups the trusted header names, the groups of
// the client's network (Config.Networks, CIDR → group) and, for authenticated
// users, the LDAP/Active Directory groups (Config.LDAP, CN of memberOf mapped
// through LDAPConfig.GroupMap), cached for LDAPConfig.CacheTTL.
//
// Errors that reach the proxy are [ErrAuthRequired] and [ErrBadCredentials]
// (answer 407), [ErrRateLimited] (answer 407 or 429, after too many wrong
// passwords for a user or from a client address) and [ErrDirectory] (the
// group lookup failed: block, fail closed). Their text never contains a user
// name or a password; [PublicMessage] gives the German text for staff.
package identity
