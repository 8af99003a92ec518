//go:build !unix

package proxy

import (
	"net"
	"testing"
)

// refusedAddr returns a loopback address that refuses connections: the
// port of a listener closed at once (another process may take it meanwhile;
// refused_unix_test.go holds the port instead).
func refusedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
