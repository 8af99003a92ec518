package detectors

import "testing"

func TestIPAddress(t *testing.T) { checkTable(t, ipAddressDetector{}, ipaddressTPs, ipaddressFPs) }

func FuzzIPAddress(f *testing.F) { fuzzDetector(f, ipAddressDetector{}, ipaddressTPs, ipaddressFPs) }

var ipaddressTPs = []string{
	"Server [[192.168.10.5]]:8080 antwortet nicht",
	"Netz [[10.0.0.0]]/8",
	"IPv6 [[2001:db8::1]] und [[fe80::1ff:fe23:4567:890a]]",
	"Loopback [[::1]]",
	"Netz [[2001:db8:85a3::8a2e:370:7334]]/64",
}

var ipaddressFPs = []string{
	"Version 1.2.3.4 ist veraltet",
	"OID 1.3.6.1.4.1",
	"256.1.1.1 ist ungültig",
	"MAC 00:1A:2B:3C:4D:5E",
	"Treffen 10:30:00 Uhr",
	"std::vector",
	"01.02.2024.",
}
