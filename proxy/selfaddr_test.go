package proxy

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

// TestSelfAddrWithoutNetlink: with listen on all interfaces, the proxy's
// own non-loopback address at its ports is refused also where the list of
// interfaces cannot be read: deploy/schleuse.service allows no netlink
// socket (RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX), and
// net.InterfaceAddrs fails there. Before, isSelf then answered false and
// the admin listener was reachable through the proxy by the host's LAN
// address. No packet is sent: a local address is the source the kernel
// picks for a UDP socket connected to it (binding would hold any address
// local under net.ipv4.ip_nonlocal_bind, as on HA pairs).
func TestSelfAddrWithoutNetlink(t *testing.T) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	var local netip.Addr
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil && !p.Addr().IsLoopback() && !p.Addr().IsLinkLocalUnicast() {
			local = p.Addr()
			break
		}
	}
	if !local.IsValid() {
		t.Skip("!!! this host has no non-loopback address: the self-address check without netlink NOT tested !!!")
	}
	saved := interfaceAddrs
	interfaceAddrs = func() ([]net.Addr, error) { return nil, errors.New("socket: address family not supported by protocol") }
	t.Cleanup(func() { interfaceAddrs = saved })
	s := &Server{selfAddr: []string{"[::]:3128", "[::]:9090"}}
	if !s.isSelf(net.JoinHostPort(local.String(), "9090")) {
		t.Errorf("%s:9090 (this host, admin port) not refused without netlink", local)
	}
	for _, other := range []string{"192.0.2.1:9090", net.JoinHostPort(local.String(), "443")} {
		if s.isSelf(other) {
			t.Errorf("%s taken for the proxy itself", other)
		}
	}
}

// TestUpstreamNoticeNextStep: every upstream failure's notice says what to
// do, in its German and its English part (before, the English part of a
// refused certificate said nothing to do).
func TestUpstreamNoticeNextStep(t *testing.T) {
	for _, kind := range []string{"tls_verify", "parent_refused", "timeout", "refused", "dns"} {
		for _, ai := range []bool{true, false} {
			_, de, en := upstreamNotice(kind, ai)
			if !strings.Contains(de, "wenden Sie sich an die IT") || !strings.Contains(en, "contact IT") {
				t.Errorf("%s (ai %v): %q / %q", kind, ai, de, en)
			}
		}
	}
}
