//go:build unix

package proxy

import (
	"fmt"
	"syscall"
	"testing"
)

// refusedAddr returns a loopback address that refuses connections for the
// rest of the test: a socket bound to it but not listening holds the port,
// so that no other test or process can listen there in the meantime (the
// port of a listener closed at once could be taken by a parallel test's TLS
// server, and a dial there would then fail as tls instead of as refused).
func refusedAddr(t testing.TB) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
}
