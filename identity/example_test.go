package identity_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"

	"github.com/schleuse/schleuse/identity"
)

// The proxy answers a request without credentials with 407 and this header.
func ExampleChallenge() {
	fmt.Println(identity.Challenge(""))
	// Output: Basic realm="schleuse – Anmeldung mit Ihrem Dienstkonto", charset="UTF-8"
}

// Without an htpasswd file requests are anonymous; the client network gives the groups.
func ExampleAuthenticator_Identify() {
	a, err := identity.New(identity.Config{Networks: map[string][]string{"sozialamt": {"10.20.0.0/16"}}})
	if err != nil {
		panic(err)
	}
	remote := netip.MustParseAddr("10.20.3.4")
	if !a.ClientAllowed(remote) {
		return
	}
	id, err := a.Identify(context.Background(), http.Header{}, remote)
	switch {
	case errors.Is(err, identity.ErrAuthRequired), errors.Is(err, identity.ErrBadCredentials):
		fmt.Println("407", identity.Challenge(a.Realm()))
	case err != nil:
		fmt.Println("403", identity.PublicMessage(err))
	default:
		fmt.Printf("user %q, groups %v, authenticated %t, source %s\n", id.User, id.Groups, id.Authenticated, id.Source)
	}
	fmt.Println(a.ClientAllowed(netip.MustParseAddr("8.8.8.8")))
	// Output:
	// user "", groups [sozialamt], authenticated false, source ip
	// false
}
