package detectors

import "testing"

func TestIPAddress(t *testing.T) { checkTable(t, ipAddressDetector{}, ipaddressTPs, ipaddressFPs) }

func FuzzIPAddress(f *testing.F) { fuzzDetector(f, ipAddressDetector{}, ipaddressTPs, ipaddressFPs) }

var ipaddressTPs = []string{
	// round 68: an address column beside a firmware column, a firmware header that names the IP too
	"| Gerät | IP | Firmware |\n|---|---|---|\n| Switch 2 | [[10.20.4.17]] | 15.2.7.1 |\n\nGerät;IP / Firmware\nRouter;[[10.20.4.1]]\n",
	// round 60: a log's measured decimals on the lines around ("-1.42 m NHN", "24.90 EUR", "conf=0.91") are no versions
	"01:14:22 RTU-SW03 INFO  Pumpe 1 EIN, Binnenwasserstand -1.42 m NHN\n01:14:23 RTU-SW03 INFO  Verbindung zu Leitstelle [[10.150.3.1]] hergestellt\n02:40:05 WARN  Außenwasserstand 2.31 m NHN\n" +
		"[14:02:11] POS-2 INFO  terminal [[192.168.77.42]] connected\n[14:02:15] POS-2 INFO  payment start amount=24.90 EUR type=girocard",
	// round 60: a network word right before the number names it an address, a version or firmware beside it notwithstanding
	"2026-03-09 07:41:13 INFO  local address [[192.168.178.34]], client version 7.2.4.0972\nINFO lcs-core[2231]: firmware 3.12.4 on gw [[10.44.12.9]], MAC 00:1A:2B:44:5C:9E",
	// round 33: the client of an access log line after a line with a version, before a long token
	"[[10.12.0.4]] - - [29/Nov/2026:02:16:40 +0100] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\"\n[[185.220.101.47]] - - [29/Nov/2026:02:17:11 +0100] \"GET /api/v1/antraege?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0LW96Y2FuIiwiZXhwIjoxNzk2NTQ4MDAwfQ.8mZr1qK4xW9vT2pL7nB3cY6dF0hJ5sA1eG8iU4oQ2rE HTTP/1.1\" 200",
	"| Host | Standort | IP | OS / Firmware |\n|---|---|---|---|\n| fw-core | Rathaus | [[10.1.0.1]] / [[fd00:1::1]] | OPNsense 25.1.4 |\n| drucker-eg | EG | [[10.1.20.31]] | FW 2V9_S000.002.105 |",
	"Gerät;IP-Adresse;Firmware\nkita-ap;[[10.44.3.5]];UniFi 6.6.77\n",
	"Der Drucker wurde umgestellt auf [[10.20.4.11]].\nFirmware aktuell.\nDas Gateway zeigt auf [[10.20.4.1]].",
	"postfix/smtp[48219]: to=<a@b.de>, relay=[[127.0.0.1]]:10024, status=bounced (250 2.7.0 Ok)",
	"{\n  \"clientIp\": \"[[88.130.14.201]]\",\n  \"version\": \"3.2.1\"\n}\nremote_addr=[[10.1.2.3]]\nremoteAddr: [[10.1.2.4]]\napp 2.4.1",
	"Server [[192.168.10.5]]:8080 antwortet nicht",
	"Der Server zieht von [[10.20.1.15]] auf [[10.20.1.16]] um, the host moves from [[10.4.2.1]] to [[10.4.2.7]].",
	"Firmware-Update am Switch, danach IP von [[10.0.0.12]] auf [[10.0.0.14]] geändert, IP-Adresse from [[10.0.0.15]] to [[10.0.0.16]].",
	// round 69: what an address found moves to is an address, an update on the line notwithstanding
	"Update des Servers [[10.0.0.12]] auf [[10.0.0.14]], after the update the host [[10.4.2.1]] to [[10.4.2.7]].",

	"Netz [[10.0.0.0]]/8",
	"mapped [[0::0.0.0.0]] and [[::ffff:192.0.2.1]]",
	"IPv6 [[2001:db8::1]] und [[fe80::1ff:fe23:4567:890a]]",
	"Loopback [[::1]]",
	"Netz [[2001:db8:85a3::8a2e:370:7334]]/64",
	"- srv-db01 Server [[10.20.1.15]], PostgreSQL 15.6\n- srv-app02 Server [[10.20.1.16]], Tomcat 9.0.85",
	"Stand 12.03.2025\nGateway [[192.168.1.1]]\nBetrag 3.812,44",
	"Rechner 3.0.13 Raum 12\nDrucker [[10.4.2.1]] im Flur, IP-Adresse des Scanners [[10.4.2.2]]",
	"Firmware-Stand egal.\nDer Drucker [[10.4.2.9]] druckt nicht.",
	"das VPN-Gateway [[10.117.152.248]] ist nicht erreichbar. Version 4.2.1 des Clients ist installiert.",
	"tunnel down, [[10.0.0.0]]/8 removed\nclient version 5.7.2.1090, build 2024.03.28",
	"Image portal:1.22.3\nNode: worker-03/[[10.0.8.43]]",
	"INFO Starting client 5.12.3.1 (build 20240528.2)\nWARN TLS handshake with [[10.40.2.15]] failed: PKIX path building failed",
	"established between [[192.0.2.10]][vpn.example.de]...[[203.0.113.77]] ([[192.168.178.34]])\n\ncharon version 5.9.8",
	"App server: [[10.40.2.15]]:8443 (cluster VIP), DNS [[10.40.0.53]]",
	"Gerät: Desko Penta Scanner, Firmware 3.2.17, Treiber 5.4.0.1, Host [[10.60.14.104]]",
	"GET http://[[10.1.2.3]]/ewo und Proxy //[[10.1.2.4]]",
	"Ziffer 3 der Anleitung: Gateway [[10.1.1.1]], Abschnitt 2: DNS [[192.168.1.10]]",
	"Runner: self-hosted, [[10.8.0.12]], Ubuntu 22.04.4\nVM [[10.8.0.13]], Debian 12.5.0",
	"Produkt 16.01.01 läuft auf [[10.16.1.1]]; Fingerprint-Server [[2001:db8:0:0:0:0:0:1]]",
	"Backends app-01 und -02 ([[10.8.2.21]], [[10.8.2.22]]), Version 4.11.0.",
	// round 55: a quad that starts with 255 but is no mask is an address
	"Host [[255.0.2.1]] und [[255.255.0.255]] im Log, Gateway [[10.0.0.1]] netmask 255.255.255.0",
}

var ipaddressFPs = []string{
	// round 68: four-part versions under an inventory's firmware, version or release header
	"| Inventar-Nr. | Gerät | OS / Firmware | MAC |\n|---|---|---|---|\n| INV-1 | Firewall | 10.4.12.3 | 00:09:0F:FE:00:01 |\n| INV-2 | Drucker | 2.6.0.114 | 00:1B:A9:33:7C:02 |\nGerät;Version\nClient;6.12.0.4\n",
	// round 60: a four-part version among versions stays none, a unit's word after a version does not make it a measure
	"Fachverfahren 6.12.0.4\nClient 3.2 Build 7.4 Modul\nServer 6.2",
	// round 60: a program's version after its name, a version's move after "von"
	"(Client 5.12.3.1 Version) und (Agent 2.0.1.7 build 12); Firmware-Update von 8.12.0.4 auf 8.14.1.0",
	// round 33: the version of a driver's compound
	"- Druckserver, Treiberpaket 7.1.0.45 für die Multifunktionsgeräte im 2. OG, Druckertreiber 5.4.0.1",
	"| Fachverfahren | Version | Hersteller |\n|---|---|---|\n| VOIS|MESO | 6.12.0.4 | HSH, Build 7.4.2 |",
	"Produkt;Version;Stand\nOK.EWO;7.4.2.1;Release 3.0.13\n",
	"Notiz: Firmware der Drucker steht auf 2.10.4.11, Update auf 2.11.0.3 ist eingeplant. Upgraded the release to 4.2.0.17.",
	"- Update Fachverfahren OK.EWO von 8.12.0.4 auf 8.14.1.0 (Herstellerfreigabe vom 20.11.)\nWe upgrade the firmware from 10.2.0.1 to 10.4.0.0 tonight.",
	"::0.:[IP_ADDRESS_1] and ::0.:x",
	"{\n  \"clientVersion\": \"6.12.0.4\",\n  \"version\": \"3.2.1\"\n}",
	"Version 1.2.3.4 ist veraltet",
	"10.8.10.5::0",
	"PostgreSQL 15.6, [IP_ADDRESS_1], Build 6.12.0.4",
	"OID 1.3.6.1.4.1",
	"256.1.1.1 ist ungültig",
	"MAC 00:1A:2B:3C:4D:5E",
	"Treffen 10:30:00 Uhr",
	"std::vector",
	"01.02.2024.",
	"Inventar\n- OK.EWO 7.4.2 (Build 2024.11.0317)\n- VOIS|MESO 6.12.0.4\n- PostgreSQL 15.6, OpenSSL 3.0.13",
	"- Fachverfahren A 1.2.3.4\n- Fachverfahren B 2.4.1",
	"Client 5.12.3.1 (build 2024)",
	"(Client 5.12.3.1 Version) und (Agent 2.0.1.7 build 12)",
	"Paket 1.2.3.4.5 installiert",
	"Gerät: Desko Penta Scanner, Firmware 3.2.17, Treiber 5.4.0.1, Host [IP_ADDRESS_1]",
	"Intel driver 31.0.101.4502, BIOS 1.18.0.2, Patch 10.0.19045.3803",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
	"Erträge (Haushaltsstelle 6.1.1.30, Produkt 16.01.01), Kostenstelle 1.10.200.4, HHSt. 4.2.1.10",
	"Zertifikat von D-TRUST, Seriennummer 4A:9F:12:CC:08:71:3B:E2, SHA-1 3b:e2:9f:12:cc:08:71:4a:aa:bb",
	// round 55: a subnet mask names no host (blind23, blind24, blind38)
	"interface vlan10\n ip address [IP_ADDRESS_1] 255.255.255.0\n ip address [IP_ADDRESS_2] 255.255.255.252",
	"Subnetzmaske 255.255.252.0, Broadcast 255.255.255.255, Maske 255.255.255.128 und 255.0.0.0",
	"Gebühr: 245,00 EUR nach Tarifstelle 2.4.1.1 AVerwGebO NRW, siehe auch Ziffer 3.1.2.4 und Abschnitt 1.2.1.1",
}
