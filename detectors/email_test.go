package detectors

import "testing"

func TestEmail(t *testing.T) { checkTable(t, emailDetector{}, emailTPs, emailFPs) }

func FuzzEmail(f *testing.F) { fuzzDetector(f, emailDetector{}, emailTPs, emailFPs) }

var emailTPs = []string{
	// round 68: a git diff's added or removed key at its line's start stays outside; a '+' inside a local part stays in
	"-ADMIN_MAIL=[[alt@stadt.example.de]]\n+ADMIN_MAIL=[[it-betrieb@stadt.example.de]]\nKontakt: [[max+news@example.org]]\n",
	"Formular unter https://stadt.de/kontakt?to=[[info@stadt.de]] oder mailto:[[post@stadt.de]]",
	"Bitte an [[buergerbuero@stadt-musterhausen.de]] schreiben.",
	"Mail: [[anna.mueller+antrag@example.org]], Tel. folgt",
	"Kontakt <[[j.oezdemir@kreis-bonn.nrw.de]]>",
	"IDN: [[info@müllheim.de]] und [[post@bürgeramt.köln]]",
	"[[ŁUKASZ.nowak@gmx.net]] hat geschrieben",
	"mailto:[[poststelle@lra-xy.bayern.de]]?subject=Antrag",
	"Am Satzende [[a.b@c-d.de]].",
	"ADMIN_MAIL=[[it-service@musterstadt.de]]",
	"SMTP_FROM=[[noreply@stadt-bonn.de]]\nmail.from=x",
	"Adresse: [[lower=case@example.org]] bleibt ganz",
	"2024-11-18 07:12:03 login failed user=[[k.osei@web.de]] ip=10.0.0.4",
	// round 55: a lower-case key of a log line of key=value fields is no part of the address
	"2026-12-01T19:03:15+01:00 auth ERROR account locked user=400118723 notify=[[m.gerdes-oltmanns@ewetel.net]]\nstatus=ok reason=pin_error notify=[[hauke.t@gmx.de]] ip=10.0.0.4",
	// '=' inside a local part, with no key=value field before it on the line, stays
	"Mail an [[lower=case@example.org]] (x = 1)\nMail an [[a=b@example.org]]",
	"postfix: from=<[[bounce@stadt.de]]>, to=[[anna.k@gmx.de]], status=sent",
	"LDAP principal=[[m.yilmaz@kreis.local.de]] bind ok",
	"rightid=@vpn.stadt.de, Kontakt: [[vpn-admin@stadt.de]]",
	"postfix/cleanup: message-id=<CAF8x2+Yp9Qw@mail.gmail.com>\npostfix/qmgr: from=<[[k.osei@web.de]]>, size=4711",
	// a domain with a broken character is none; the address after it is
	"000@\x98.[[AA!@0.AA]]",
	// spelled against spam harvesters, as web pages and signatures have it
	"Kontakt: [[anna.schmidt(at)stadt-koeln.de]], Zimmer 4",
	"Mail an [[j.oezdemir [at] kreis-xy [dot] de]] bitte",
	"[[buergerbuero(AT)gemeinde-ulmtal(DOT)de]]",
	"E-Mail: [[m.yilmaz(at)stadt.de]].",
	"schreiben Sie an [[poststelle (at) lra-xy.bayern.de]] oder rufen an",
	"[[k.osei(at)web(punkt)de]]",
	"[[info (AT) stadt (DOT) de]]",
}

var emailFPs = []string{
	"git remote set-url origin https://x-access-token:[SECRET_1]@github.com/stadt/portal.git",
	"ftp://backup@files.example.org/daten und ssh://git@gitlab.stadt.de:2222/it/infra.git",
	"Treffen @ 10 Uhr im Rathaus",
	"Twitter: @stadtverwaltung",
	"<Name>@stadt.de ist ein Platzhalter",
	"user@localhost ohne Domain",
	"Preis 3 @ 5 EUR",
	"a@b.c ist zu kurz",
	"Message-ID: <20261126.4711@rathaus.stadt.de>\nIn-Reply-To: <abc123@mail.gmail.com>\nmsgid=x9@mx.stadt.de",
	"conn rathaus\n    leftid=@vpn.gemeinde-ulmtal.de\n    rightid=@buero.stadt.de",
	`assert mask_email(antrag["email"]) == "k.***@gmx.net"; masked: m****@stadt.de`,
	// a spelled "@" without an address's domain
	"Filiale Wien (AT) und Zürich (CH)",
	"Preis (at) Kasse zahlen",
	"Versand nach (AT) stadt",
	"Kontakt (at) 10 Uhr",
	"Jahr [at] 2024.12",
	"(at)stadt.de ohne Namen",
	"Filiale Graz (AT) www.graz.at",
}
