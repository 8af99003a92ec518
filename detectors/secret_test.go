package detectors

import "testing"

func TestSecret(t *testing.T) { checkTable(t, secretDetector{}, secretTPs, secretFPs) }

func FuzzSecret(f *testing.F) { fuzzDetector(f, secretDetector{}, secretTPs, secretFPs) }

var secretTPs = []string{
	// round 78: a connection string's password ends at the ';' before the next key; a PIN of letters and digits right after
	// its label; an initial password told by phone before its colon
	"\"Meldewesen\": \"Server=sql01,1433;Database=EWO;User Id=svc_ewo;Password=[[Tr9$vLq!2mWe7Zp]];Encrypt=True;TrustServerCertificate=True\"\n" +
		"Bankportal – VR-NetKey 71044821, PIN [[Wz8kP4]]\nInitialpasswort telefonisch mitgeteilt: [[Start-4711-Ni]]\n" +
		"für die VPN-Box im Bauhof ist der PSK übrigens noch [[Bauhof#Vpn!8823xq]], sollten wir in keepass packen",
	// round 68: a value with a colon inside is a value, not a label
	"Passwort: [[Rathaus:2026!]]\nToken: [[Wk7#pLm2:xQ9]]\n",
	// round 60: a Wi-Fi key after its format (and encryption type) in a router's configuration, a record's "session" key, a JSESSIONID in a log line
	"wlan ssid DGH-Gast vlan 20\n wpa-psk ascii [[Tarp-Dorfhaus-2026!]]\n!\n wpa-psk ascii 0 [[Ov3rs33_intern#71]]\n psk hex 7 [[070C285F4D06]]",
	`{"user":"b.ilunga@web.de","session":"[[sess_9fKq27LmXv03RtPz8WcN4bYh]]","name":"x"} WARN remote=2a02:8108::1 session=JSESSIONID=[[8F3C0A7D21E94B5C6AA0E1B27D4F9C11]]`,
	// round 59: a BitLocker recovery key (eight groups of six digits, each a multiple of 11), with its label or alone
	"Wiederherstellungsschlüssel: [[418066-227601-553322-094875-611017-330264-152889-702779]]\nKey: ([[000000-000011-000022-000033-000044-000055-000066-000077]])",
	// round 59: a credential file's line: .pgpass's host:port:database:user:password, Postfix sasl_passwd's [host]:port user:password
	"$ cat /home/backup/.pgpass\n10.20.30.41:5432:ewo_prod:ewo_backup:[[Sch3rin-Pfaffenteich_77]]\ndb01.intern:*:*:postgres:[[geheim\\:123]]\r\n" +
		"# /etc/postfix/sasl_passwd\n[10.72.1.25]:587 svc-fachverfahren@lra-shk.de:[[W7q#xP2m-Lk9vR4t]]\nsmtp.example.de:25\tuser:[[Kx9!mail2026]]",
	// round 59: the password of a camera's or an encoder's stream URL
	"RTSP: rtsp://webcam:[[Seebruecke1906!]]@192.168.40.17:554/Streaming/Channels/101\nOBS: rtmps://stream:[[Kx7#live2026]]@live.example.de/app",
	// round 54: an account and its password after any label's colon, or right after a login label without one
	"- Rekorder-Admin: admin / [[Kam3ra#Nord2026]]\n  Leitstand-Gateway: 10.1.2.3, Web-Login gw-admin / [[Str0m!Netz#7]]\nFTP: svc_upload / [[Up!oad-2026x]]",
	// round 54: HTTP basic authentication, the pair after "basic auth" and the base64 after "Authorization: Basic"
	"DEBUG upload retry with basic auth svc-dms:[[Sc@nP0st-2026]]\nAuthorization: Basic [[c3ZjLWRtczpLeDchbVEycg==]]\n",
	// round 54: the literal of a SecureString made from plain text in PowerShell
	"$Pass = ConvertTo-SecureString \"[[Dr!ck-S3rver#1]]\" -AsPlainText -Force\n$pw = ConvertTo-SecureString -String '[[Winter2026!]]' -AsPlainText -Force",
	// round 53: a Kubernetes env entry's value on the line below its password's name
	"  env:\n  - name: RIS_DB_PASSWORD\n    value: \"[[Wesel-RIS!8842]]\"\n  - name: LDAP_BIND_DN\n    value: \"cn=svc-ris,ou=Dienste\"",
	// round 53: a login's password after 'user / ' when what the login is for stands between the label and its colon
	"- Test account for the ticket system: helpdesk-test / [[Tk!92mVq#Lp4wZ]]\n# Admin-Zugang Webinterface: root / [[Opn!2024#dmz]]",
	// round 53: a bare "Code" after what it opens on its line; a PIN after a verb's colon later in its label's sentence
	"bin krank heute, sorry, schlüssel liegt im spind, code [[4471]]\nich hab fotos vom schlüsselsafe, code stand dran: [[4471]] 🙄\nAlarmanlage: Scharfschalten mit Code [[4711-93]], Störungen an den Wachdienst.",
	"Sie hat die neue PIN schon per Teams geschickt: [[190388]]. Bitte Gerät entsperren.",
	// round 53: a table's column of PINs or passwords under its header, in a ';' and a ',' export
	"ext;did;name;forward;voicemail_pin\n2101;+49 5121 301-2101;Kathrin Möllenbeck;;[[8841]]\n2102;;Serdar Öztürk;;[[1975]]\n2999;;Telefonzentrale;;\n",
	"benutzername,nachname,vorname,initialkennwort,klasse/fach\nsbraun,Braun,Silke,[[Linde-4821-Hof]],Klassenleitung 2a\nmgueler,Güler,Murat,\"[[Linde-7730-Bach]]\",Sport\n",
	// round 52: a provider's live key after its short name, a directory's password hash in LDIF's base64
	"Hi, your API key was rotated on 20 Nov. The new one is [[smsf_live_7Qx2Lp9RkT4vWm8ZcN3bHj6Y]]. Please update.\nKEY = \"[[ccb_live_4hT9qLx2Vw7Rn0Ks8YpD3mZc6BfJ1uGe]]\"",
	"dn: cn=Mahsa Karimi,dc=de\nuserPassword:: [[e1NTSEF9N2pJeVc4cFFrRWh1dlV6eXFxY2c0cHd6M0s4PQ==]]\nuserPassword:: [[e1NIQX1hYmNkZWZnaGlqa2xtbm9wcXJzdHU=]]\nuserPassword:: [[e0NSWVBUfSQ2JHJvdW5kcz01MDAwJGFiYw==]]",
	// round 51: a directory's password hash with its scheme, a login's password after 'user / '
	"dn: uid=jbauer,ou=people,dc=vhs-fulda,dc=de\nuserPassword: [[{SSHA}9kX2mQ7vL0pR4tZ8wN1yB6cD3fH5jK]]\nuserPassword: [[{CRYPT}$6$rounds=5000$abcdefgh]]",
	"Zugang Lagekarte (Notfall-Login): stab-euskirchen / [[SAE-Lage!2026#Eifel]]\nZugangsdaten: hmeyer / [[Kx7!mQ2rT9]].",
	// round 48: a code label as a hyphenated compound, a code alone in parentheses later in the label's sentence, a strong value after 'als'
	"Zufahrt über Tor 2, Schlüsseltresor-Code [[4471]]\nHaustür-Code: [[2580#]]",
	"Der Tresorcode der Zahlstelle war auf einem Zettel am Monitor notiert („[[0815-2209]]“) – Code wurde geändert.",
	"Der Türcode stand auf einem Zettel an der Pforte ([[7319]]).",
	"Bind-User svc_bibliotheca, Passwort steht in der config als [[Bib!2026#Lindenau]].",
	// round 38: a door or safe code with a keypad's confirm key, after a filler of time, without a separator
	"Und bitte daran denken: Türcode ab heute [[4713#]], alter Code ist gesperrt",
	"Türcode [[4713#]] nicht weitergeben. Tresorcode: [[8841]]",
	// round 36: a Redis URL with the password alone after an empty user
	"REDIS_URL=redis://:[[9fQv2nLx8TgHw3Pc]]@10.40.12.35:6379/0",
	// round 35: a private key in base64 in a Kubernetes Secret stays a secret
	"type: kubernetes.io/tls\ndata:\n  tls.key: [[LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktjd2dnU2pBZ0VBQW9JQkFRQzd]]",
	// round 34: a config key ending in _key with key material; a key as a URL's user part alone
	"JWT_SIGNING_KEY=[[5c1f9a7e2b48d06c3e91f7a4b2d85e60c9a13f7b4e2d8a6c]]\nencryption_key: \"[[Rk7vQ2xN9mW4pL8sTz3Yb6Hd]]\"",
	"SENTRY_DSN=https://[[4f9a1c7e22b84d0fa3e6b5d18c2f7a90]]@sentry.kreis-hx.de/4",
	// round 33 (blind28)
	"  default   = \"[[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]]\"",
	"SENDGRID_API_KEY=[[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]].",
	"- Zettel mit PIN „[[8351]]\" (!)",
	"Mein neues Passwort ist [[Herbstlaub!2026]], das alte war [[Sommerwiese#25]], vielleicht liegt es daran?",
	"Als Startpasswort hätte ich gern [[Azubi2026!Bielefeld]], dann kann ich es ihm sagen.",
	"{\"event\":\"login_success\",\"session\":\"[[s%3AqX7vN2kR9pL4mT8wB1cY6hF3.Zr0dG5aE2iK7oU9zQ3xW1vM4nP8]]\",\"mfa\":false}",
	"Router Admin-Zugang, Pass: [[Lindenau!Gast77]]",
	"Entsperrt über die Administrationsoberfläche. Initialpasswort\ngesetzt: [[Start-4711-xQ]]. Bitte bei nächster Anmeldung ändern.",
	"Kennwort zurückgesetzt: [[Rathaus#2025!kw]]",
	"Das WLAN „Rathaus-Intern\" erreichen Sie mit dem Schlüssel [[Kastanie#Leeste2025]], das Gäste-WLAN hat kein Passwort.",
	"WLAN-Schlüssel: [[Wg!Lesen2025#Rh]]",
	"Ich habe das Passwort bestimmt richtig eingegeben, es ist [[Standesamt#1971]], das habe ich erst geändert.",
	"Die PIN für den Kartenleser ist auch nicht mehr angenommen worden, die war [[482916]].",
	"Das Kennwort habe ich notiert, es lautet [[Rathaus!Tor22]]",
	"Passwort: [[?Xy7#kk9Q]]",
	"das root-passwort vom alten server war übrigens [[Wd7#pQ2!xLm]], falls du da nochmal ran musst\n; neues Passwort laut Ticket 2026-11-0931 ist [[Pr1nt#Sync_Nov26]] – noch nicht eingetragen",
	"Außerdem steht im Ticket das Passwort für den Admin-Zugang zum Portal, nämlich [[Rathaus!2025portal]], und der Rest.",
	"- Zettel mit der Notiz „PIN Sparkasse [[4711]]\"\n- PIN Girokarte [[08153]]",
	"Das Admin-Passwort für den Switch im Keller ist übrigens wieder [[Rathaus#2026]], falls jemand ran muss.",
	"PIN am beamer ist [[8841]]. Das Kennwort im Gäste-WLAN lautet [[Dom-Blick-4711]].",
	"admin-login ist user \"schuladmin\", passwort [[Wall$chule#2024]], hab ich getestet",
	"In der README: „Für das Dashboard: Benutzer admin, Passwort: [[Wertstoff!Hof22]]“.",
	"OPENAI_API_KEY=[[sk-proj-4fT9xQ2mLr8vZk1Nw3Yb7Hc5Jd0Pe6Ug]]",
	"Key [[sk-ant-api03-Zx8Qm2Lr7Vk1Nw3Yb9Hc5Jd0Pe6UgT4fR2sA1]]",
	"aws: [[AKIAQ3EGRTZ7VX4YKN5M]] in der Config",
	"Zugangsschlüssel Cloud-Speicher: [[AKIAQX4ZT7LMWB2KEN5D]] / [[h8Rz2kQv+T1wYp9sXn4JfL0aG7cVd3EbUo6MiK5e]]. Schlüssel deaktiviert.",
	"aws_access_key_id,aws_secret_access_key\n[[AKIAQ3EGRTZ7VX4YKN5M]],[[Zq7Rx2kPv9T1wYp4sXn8JfL3aG6cVd0EbUo5MiK2]]\n",
	"GitHub [[ghp_1A2b3C4d5E6f7G8h9I0jK1L2m3N4o5P6q7R8]]",
	"[[glpat-Ab3De6Gh9Jk2Mn5Pq8St]]",
	"Slack [[xoxb-2837465019-Kx8PqR3tWm]]",
	"stripe [[sk_live_4eC39HqLyjWDarjtT1zdp7dc]]",
	"google [[AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q]]",
	"hf [[hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh]]",
	"Bearer [[eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U]]",
	"[[-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3d4\nAbCdEf==\n-----END RSA PRIVATE KEY-----]]\nfertig",
	"Passwort: [[Sommer2024!]]",
	"password=[[hunter2x]]",
	`{"password": "[[s3cr3t-Wert]]"}`,
	"Die PIN [[4711]] bitte nicht weitergeben.",
	"Ihr Kennwort lautet [[Xy7#pq9L]].",
	"DB_PASSWORD=[[Tr0ub4dor&3]]",
	"Benutzername: m.schulz\nInitialpasswort: [[Wk7#pR2!vLq9]]",
	"WLAN-Kennwort: [[Gast-Netz-2024]]",
	"Einmalpasswort = [[Qp4!zT8m]]",
	"dbPassword: [[Xy7!kLm2q]]",
	`clientSecret: "[[9f8a7b6c5d4e3f2a1b0c]]"`,
	// round 79: a compound label as a quoted key of JSON or YAML
	"{\"ocpp\": {\"auth_key\": \"[[OCPP-4d9aF7e2B1c8H6k3]]\"}, \"clientSecret\": \"[[Xy7kP2mQ9vR4tL8w]]\"}\n'dbPassword': '[[Hafen!Kran2026]]'",
	"accessToken=[[Zk3pQ9xLm2Vb7Nw4]]",
	"myApiKey: [[Qw8Er7Ty6Ui5Op4]]",
	"Mein Passwort für das Fachverfahren ist [[Sommer2024!]] und die PIN der EC-Karte lautet [[4711]].",
	"Das Initialkennwort : [[Rt5$wQ9z]] bitte ändern.",
	"ok, ich log mich ein. Admin-PW ist noch [[Rathaus#2019!]] oder hat das jemand geändert??",
	"das Passwort lautet [[Kita2025!Bonn]], bitte gleich ändern",
	"PW ist jetzt [[Winter24#]]",
	"Schlüssel beim Lagedienst, Zugangscode Tor: [[4471#]]. Tankreserve 72 Stunden.",
	"Zugangscode [[8812]] für den Keller",
	"Ihr neues Initialpasswort lautet [[Start!2025Kw23]], sie soll es beim ersten Login ändern.",
	"Das Startkennwort heißt [[Bonn-2025-xy]].",
	"Der Türcode lautet [[2580]].",
	"Die WLAN-PIN heißt [[91827]]",
	"das Kennwort ist weiterhin [[Rhein.2024]]",
	"SSH-Login wie gehabt mit Benutzer „wartung“, Passwort [[Portal#Wartung77]].",
	"- Windows login: p.raghunathan, initial password [[Wlc-9fT2!mQx]] (you must change it at first logon)",
	"Temp password given to Ruud by phone (02152 917-263), he reads it back: [[Kempen!Temp-4471]]  -> must be changed",
	`command: ["redis-server", "--requirepass", "[[gK7#vWq92!pLzR]]"]`,
	"redis-cli --requirepass [[Xk9!mQ2pLz]] ping",
	"[vpn-site-2]\npsk = [[kR7vQ2xN9mW4pL8s]]\nike = ikev2",
	"ipsec.secrets: @rathaus.stadt.de 91.64.211.18 : PSK \"[[Kf7#vB2q!Ulmtal-Bauhof-88]]\"",
	"sudo: k.weber : TTY=pts/1 ; PWD=/home/k.weber ; USER=root\nDB_PWD=[[Qx7!rT2-Wald]]",
	"[Di 11:20] marlies: tor-code vom bauhof ist ab morgen [[4711#]], den alten nicht mehr benutzen",
	"Das neue Kennwort ist ab sofort [[Hafen-2025!x]]",
	`WEBHOOK = "[[https://hooks.slack.com/services/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]]"`,
	"Alarm an [[https://discord.com/api/webhooks/1187654321098765432/Kx9_pQ2mLr8vZk1Nw3Yb7Hc5Jd0Pe6UgT4fR2sA1bC3dE5fG7hI9jK1lM3nO5pQ7]].",
	"Teams-Connector: [[https://rathaus.webhook.office.com/webhookb2/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b@2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d/IncomingWebhook/7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f/V2xK9mQ2pLr8vZk1Nw3Yb7Hc5Jd0Pe6UgT4fR2sA1]]",
	"Flow-URL: [[https://prod-21.westeurope.logic.azure.com:443/workflows/4a5b6c7d8e9f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Xk9mQ2pLr8vZk1Nw3Yb7Hc5Jd0Pe6UgT4fR2s]]",
	"DATABASE_URL=postgres://fachverfahren:[[Gk7!vWq92pLz]]@db01.rathaus.intern:5432/wohngeld",
	"Repo klonen mit https://m.schulz:[[Rathaus2024x]]@git.stadt.intern/it/skripte.git",
	"  DB_URL: postgres://ozg:[[Vt8#qL2m!Rz5wPe]]@10.96.14.22:5432/ozg",
	"redis://cache:[[Xk?7pL#2mQ]]@redis01:6379/0",
	`one entry matched an old password of his ("[[Sommer2019!Hameln]]"), which had been rotated; das alte Passwort von ihr „[[Hafen2020!Kiel]]“ ist gesperrt`,
	`{"level":"info","session_id":"[[sess_9fKq27LmXv03RtPz8WcN4bYh]]","user":"x"} refresh_token: [[rt_7Qx2Lp9RkT4vWm8ZcN3bHj6Y]]`,
	`$ ldapsearch -H ldaps://dc02.rathaus.intern:636 -D "CN=svc,DC=rathaus,DC=intern" -w '[[Qz!8mTr#4vLw2pXs]]' -b "DC=rathaus"`,
	"mysqldump -u backup -p[[Sicher2024]] meldewesen > dump.sql",
	"sshpass -p [[Wartung#77x]] ssh admin@10.0.0.5",
	"Die PIN der Smartcard ist [[604117]]; das Passwort lautet [[6-stellig!Xq]].",
	"WLAN Pass: [[Rathaus#Gast2025]]",
	"hab das pw aus der alten liste probiert\n[09:16] Jana: das wurde geändert, ist jetzt [[Wg!Lesen2025#Rh]]",
	"nur mit dem Standardpasswort geschützt, das Sie uns genannt haben ([[admin1234]]). Das Initialpasswort lautet [[Start#2025x]]",
	"die PIN für den Drucker im 2. OG ist immer noch [[4711]]? und der Türcode ist [[80815]]?",
	"terraform {\n  backend \"s3\" {\n    access_key = \"[[AKIAQ3EGRTZ7VX4YKN5M]]\"\n    secret_key = \"[[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]]\"\n  }\n}",
	"SECRET_KEY_BASE=[[9f8a7b6c5d4e3f2a1b0c7d6e]]\nsecretKey: [[Qw8Er7Ty6Ui5Op4Lk]]",
	"APP_ENV=production\nAPP_KEY=base64:[[Vk3pQ9xLm2Vb7Nw4Tz8Rq1Hs5Jd0Fg2Ae7Ui4Ko9Ms=]]\nDB_HOST=db",
	"jens  10:09  PSK hab ich nicht geändert, der ist immer noch [[Rathaus#2026!Vpn]] 🙈",
	"- Kennwort zurückgesetzt, Initialkennwort [[Meldeamt!0815y]] telefonisch mitgeteilt; Startkennwort [[Kasse#2026-Qx]] per Brief",
	"$ kubectl -n fv get secret db-admin -o jsonpath='{.data.password}' | base64 -d\n[[Db4dmin-Fachv!26]]\n$ kubectl get pods",
	"curl 'https://termine.stadt.de/api' \\\n  -H 'cookie: _ga=GA1.1.118273645.1764000000; TERMIN_SESSION=[[3fa85f6457174562b3fc2c963f66afa6]]' \\",
	"Set-Cookie: laravel_session=[[eyJpdiI6Ik1xWnR0a3VqQ2Y5T2Rp]]; path=/; httponly\ncurl --cookie 'PHPSESSID=[[k2l9m8n7b6v5c4x3z2a1]]' https://x.de",
}

var secretFPs = []string{
	// round 79: quoted compound keys whose value is a public key, an id, a type or a rule; a quote that opens no key
	"{\"public_key\": \"OCPP-4d9aF7e2B1c8H6k3\", \"primary_key\": \"id\", \"tokenType\": \"Bearer\", \"passwordPolicy\": \"min. 12 Zeichen\"}\n" +
		"Das Feld \"Neues Passwort\": leer lassen.",
	// round 78: the identity document's field of a registration form; a PIN's word, a model or a letter after the label
	"Personalausweis/Pass: Personalausweis (PL) Nr. ZAB 481204\nAusweis/Pass: Reisepass\nPIN Brief kommt per Post, PIN X1 eingeben, PIN abcde12\n" +
		"Das Passwort jetzt ändern, der Token übrigens noch gültig, das Kennwort derzeit gesperrt",
	// round 68: the next label after a password's or a token's label is no value
	"Sandbox-Token: Authorization: Bearer\nPasswort: Benutzername: siehe oben\n",
	// round 60: a redacted or variable key after the format, a session that is a word, a time or a UUID, the cookie's name in prose
	"wlan ssid Gast\n wpa-psk ascii <entfernt>\n wpa-psk ascii ${WLAN_PSK}\n psk ascii sehr",
	`{"session": "abgelaufen", "session":"2026-11-30T10:00:00", "session":"b7e1c2d0-44f1-4c35-9a0e-5d3e8f7a1b22"} Die JSESSIONID wird im Cookie gespeichert.`,
	// round 59: eight groups of six digits not all multiples of 11, a ninth group, a seventh alone; a line that is no credential file's: a log's
	// time stamp, an IPv6 address, a host not at the line's start, a word after a blank, digits, a colon in the last field, a placeholder
	"418066-227601-553322-094875-611017-330264-152889-702778\n418066-227601-553322-094875-611017-330264-152889-702779-000000\n418066-227601-553322-094875-611017-330264-152889\n" +
		"2026-12-02T07:14:03.123Z:INFO:worker:started_ok\nfe80:1:2:3:abcd\nrelayhost = [10.72.1.25]:587 svc@lra-shk.de:W7q#xP2m-Lk9vR4t\n" +
		"10.0.0.5:443 status:ok_done\nlocalhost:5432:db:user:123456\nhost.intern:5432:db:role:ab12:cd34\nhost.intern:5432:db:user:<PASSWORT>\n10.1.2.3:8080 GET:/index.html",
	// round 59: a stream URL without a password, with a variable's reference
	"rtsp://192.168.40.17:554/Streaming/Channels/101 und rtsp://cam@10.0.0.5/live, rtsp://cam:${CAM_PW}@10.0.0.5/live",
	// round 54: a word, a place, a year or a capitalised word before " / " after a colon; weak values
	"Ort: bonn / Raum 3\nZeitraum: 2025 / 2026\nBetreff: Antrag / Rückfrage2026\nPfad: home / user/docs/Bericht-2026.pdf\nKamera: service / kl-cam-7781\nLogin admin / siehe Passwortsafe",
	// round 54: basic auth without a credential, a tariff, a weak pair, a mail address; a header that decodes to no pair
	"basic auth failed for user admin\nBasic-Tarif 2026: 12 Euro\nbasic auth helpdesk:sommer\nbasic auth mail anna.schmidt@stadt-bonn.de\nAuthorization: Basic dGVzdHRlc3Q=\n",
	// round 54: a SecureString from an encrypted string or a variable, the cmdlet as a password's value
	"$Pass = ConvertTo-SecureString $enc\n$Pass = ConvertTo-SecureString \"01000000d08c9ddf0115d1118c7a00c04fc297eb\"\n$Pass = ConvertTo-SecureString $env:PW -AsPlainText -Force\n$Pass = Read-Host -AsSecureString",
	// round 53: an env entry's placeholder, variable reference or secretKeyRef below its password's name
	"  - name: SMTP_PASSWORD\n    value: \"<bitte-eintragen>\"\n  - name: OIDC_CLIENT_SECRET\n    value: \"${{OIDC_CLIENT_SECRET}}\"\n  - name: DB_PASS\n    valueFrom:\n      secretKeyRef: {name: db, key: pass}\n  - name: DB_PASSWORD_REF\n    value: \"${DB_PASSWORD}\"",
	// round 53: a login label with words, a pair of words, names or a sentence before the colon
	"Zugang zum Portal: siehe Mail / Wiki\nDer Zugang wurde gesperrt: Herr Kaya / Frau Roth informiert.\naccount: a / b\nZugang zum Bauhof, Tor 2: Montag / Dienstag",
	// round 53: a code of a motor or with nothing it opens, a year, a phone number, a date after a door; a noun's label or a date after a PIN
	"Der Motor zeigt Code 4471 an. Die Türkei-Reise: Code 4471. Schlüsselübergabe am Tor, Code 0203 7775500 anrufen.\nTür: Code ist 2024-11, Tresor Code 12.03.2026, Tor: Code 2026. Fehler im Modul: Code 4471.",
	"Die PIN wurde zurückgesetzt, Ticketnummer: 4471223. PIN-Brief verschickt am: 12.03.2026. Die PIN ist gültig bis: 2026.",
	// round 53: a PIN or password column holding states, a flag in an argument list, a label and its value as two cells
	"name;pin;status\nMeier;ja;aktiv\nRoth;gesetzt;neu\n\nname,passwort,status\nMeier,geändert,aktiv\nRoth,***,neu\nOtt,2024,x\n",
	"command: [\"redis-server\", \"--requirepass\", \"[SECRET_1]\"]\nFeld;PIN\nHinweis;bitte ändern\n",
	// round 52: a live key's name without a key, a word before _live_ that is too long or a path's part, a short tail, base64 of other text
	"Setze STRIPE_MODE=sk_live_ für Produktion. Der Ordner reports_live_export_2026 liegt bereit. verylongname_live_7Qx2Lp9RkT4vWm8ZcN3b, ccb_live_abc123\nStripe.js: const stripe = Stripe('pk_live_51HqLyjWDarjtT1zdp7dc4eC39');\ndescription:: QmVzY2hyZWlidW5nIGRlciBHcnVwcGU=",
	// round 51: a template's braces, a scheme without a hash, a login's pair with a word, a URL or a path after the slash
	"userPassword: {password}\nuserPassword: {{password}}\npassword: {SSHA} fehlt\npassword: {VAR}abcdefghij",
	"Login: hmeyer / Passwort siehe Mail. Zugangsdaten: https://portal.de / Hilfe. Login (Intranet): Benutzername / Kennwort. Login: a / b",
	// round 48: a code that opens nothing, a year or a phone number in parentheses, a weak word after 'als'
	"Der Motor-Code 4471 steht im Handbuch, der Promo-Code 2026 gilt bis Ende Mai, QR-Code 4471 scannen.",
	"Der Tresorcode wurde im Januar geändert (2026). Fragen zum Türcode an den Hausmeister (05522 808-0).",
	"Das Passwort habe ich als Notiz gespeichert, die Datei als PDF-2026 abgelegt.",
	// round 38: a code word with a time and no code, a year after "ab", a short keypad number
	"Türcode ab sofort geändert, bitte bei der Pforte melden. Tresorcode ab 2026 neu. Türcode 12# gilt nicht.",
	// round 36: an empty user with a short part before '@' is no password
	"redis://:6379@cache01/0 and http://:80@proxy",
	// round 35: a public certificate or key in base64 is no credential
	"type: kubernetes.io/tls\ndata:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURYVENDQWtXZ0F3SUJBZ0lKQUx6bVpyS3Q4dEpaTUEwR0NTcUdTSWIzRFFFQkN3VUFNRVV4Q3pBSkJnTlZCQVlUQWtSRk1S\n  ca.pub: LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUlJQklqQU5CZ2txaGtpRzl3MEJBUUVGQUFPQ0FROEFNSUlCQ2dLQ0FRRUF1Mlp4UTlrV3Jm",
	// round 34: no key material after _key, a public or site key, a user name in a URL, a function call as the value
	"PRIMARY_KEY=customer_id_number\nPUBLIC_KEY=Rk7vQ2xN9mW4pL8sTz3Yb6Hd\nRECAPTCHA_SITE_KEY=6LcRk7vQ2xN9mW4pL8sTz3Yb6Hd\nSORT_KEY=created_at_2024_01_01",
	"siehe https://maria.schneider@example.org/wiki und git clone https://deploy@git.stadt.de/a/b",
	"\t\tcfg.Password = os.Getenv(\"APP_PASSWORD\")\n\tpassword := readSecret(\"db\")",
	// round 33: SG. of a Sachgebiet, a SendGrid-like string of the wrong shape, an old password in words, a wish in words
	"SG.3 Bauaufsicht, SG.Verwaltung-und-Finanzen-Abteilung-2026-Haushalt.Planung-Controlling-Berichtswesen",
	"Das Passwort ist abgelaufen, das alte war gut. Als Passwort hätte ich gern etwas Sicheres.",
	"s%3Aabc.def ist kein Cookie",
	`the password of his ("secret") is weak, and the password of her choice was long`,
	"Session: Workshop2024. Die Session 2 beginnt um 10 Uhr; session: abgelaufen.",
	"Dmytro Shevchenko (Transliteration im ukr. Pass: SHEVCHENKO DMYTRO, im russ. Pass: SCHEWTSCHENKO)",
	"Ukrainischer Pass:         HRYHORENKO OLEKSANDR, HRYHORENKO NATALIIA",
	"Passwort gesetzt: ja. Kennwort gesetzt: 12.03.2025",
	"Der Schlüssel Nr. 14 für den Sitzungssaal liegt beim Hausmeister; Schlüssel: Zimmer 3.12, Gemeindeschlüssel 05382056.",
	"Im WLAN-Raum hängt der Schlüssel am Brett.",
	"Das Passwort habe ich geändert, es ist jetzt sicherer. Die PIN war falsch, die war 2024 neu.",
	"Die PIN ist gesperrt, die war 4711 Euro wert, sagt er. Das Passwort ist abgelaufen. Es ist Standesamt#1971 gewesen",
	"  LDAP_BIND_PW: ${{LDAP_BIND_PW:?missing}}\n  DB_PASSWORD: ${DB_PASSWORD:?Passwort fehlt}",
	"sudo: a.petrovic : TTY=pts/0 ; PWD=/home/a.petrovic ; USER=root ; COMMAND=/usr/bin/systemctl restart x\nPWD=~/projekte",
	"Das Feld Passwort \"Stadt-Verwaltung\" bleibt leer; im Feld PIN \"Kasse-Rathaus\" nichts.",
	"Das Passwort vom alten Server war zu kurz. Das Passwort laut Richtlinie ist mindestens 12 Zeichen lang.",
	"Antragsteller: NGUYEN Van Duc (im vietnamesischen Pass: NGUYỄN VĂN ĐỨC), laut türkischen Pass: YILMAZ",
	"PIN Version 2025, PIN Brief 12.03.2025, PIN Sparkasse 12,50 EUR; das Passwort muss sich ändern, nämlich alle 90 Tage",
	"Das Passwort im Klartext ist verboten. Die PIN am Automaten ist geändert worden. Das Kennwort beim Router ist wieder bekannt.",
	"passwort aus $PW_ADMIN, passwort pre$ und passwort ${DB_PASS}x1",
	"Schreibweise des Vaters im Pass: „THARMALINGAM SIVARAJAH“, laut Pass: KARIMI-NEJAD",
	"Die PIN der Dienst-Smartcard ist 6-stellig; die Initial-PIN ist nach Erhalt sofort zu ändern.",
	"Passwort: 12-stellig, PIN: 4–6-stellig, password: 8-characters",
	"Webhook: https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
	"Die Doku liegt unter https://api.slack.com/messaging/webhooks und https://discord.com/developers/docs.",
	"DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app",
	"Links: https://portal.stadt.de:8443#kontakt@rathaus und https://portal.stadt.de:8443?mail=a@b.de",
	"Anmeldung über https://portal.stadt.de:8443/login oder mailto:it@stadt.de",
	"Proxy: http://proxy.rathaus.intern:3128, Ausnahme für https://user@git.stadt.intern/repo",
	"mysql -u root -p meldewesen",
	"ldapsearch -x -W -b dc=rathaus -w",
	"Zeitplan 10:30 bis 12:00, Raum 2.014",
	"SESSION_SECRET=changeme\nADMIN_PASSWORD=change-me",
	"Password compounds (`Initialpasswort:`) are found from the colon, ICD-10 codes from their digits.",
	"Das Passwort für die Anmeldung ist nicht bekannt. Das Passwort für den Zugang steht im Handbuch.",
	"Zugangstoken: siehe Anlage\nDas Sicherheitstoken: bitte beim IT-Service anfordern.",
	"Tokenisierung: Wörter werden zerlegt. Betriebsgeheimnis = Know-how",
	"password=${SECRET}",
	"Passwort: <Ihr Passwort>",
	"Das Passwort muss mindestens 12 Zeichen lang sein.",
	"Passwort: mindestens acht Zeichen, eine Ziffer",
	"token: 123e4567-e89b-12d3-a456-426614174000",
	"commit 3f786850e387550fdab836ed7e6dc881de23001b",
	"AKIAIOSFODNN7EXAMPLE ist der Beispielschlüssel",
	"Reisepass: C01X00T47",
	"Pinnwand 2024",
	"sk-learn ist eine Bibliothek",
	"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
	"PIN-Brief kommt per Post",
	"api_key: $OPENAI_KEY",
	"Die Initialpasswortvergabe erfolgt per Brief.",
	"Das Initialpasswort muss beim ersten Login geändert werden.",
	"Initialpasswort: <wird per Post zugestellt>",
	"Der Pass ist noch gültig. Der Reisepass ist abgelaufen, der Pass ist noch da.",
	"Das Passwort ist noch nicht gesetzt, das Kennwort ist jetzt geändert.",
	"Die Anrede lautet Frau Dr. Müller, der Code lautet wie folgt: siehe Anlage.",
	"Der Postleitzahlbereich heißt 53, die Lösung lautet 42.",
	"PW. 12 ist die Kennung des Wagens, das Passwort ist bekannt.",
	"Die Antwort lautet: Passwort ist noch das alte.",
	"Der Gutscheincode lautet SOMMER.",
	"6. PIN der Smartcard: 6–8 Ziffern, nach drei Fehleingaben Sperre, Entsperrung mit PUK.",
	"Passwort: 12 Zeichen, Gültigkeit: 90 Tage",
	"Passwort und 2FA-Token werden getrennt versandt.",
	"Das Passwort für Office365 ändern Sie im Portal.",
	"password reset for user: j.doe2024, ticket: INC-2024-08812",
	"Passwort zurückgesetzt.\n\nRaum: B2-Süd3",
	"psk = ${VPN_PSK}",
	"Das Standardpasswort wird als Hash gespeichert (sha256), die Version ist jetzt 2.4.1 und lautet intern anders (siehe Anlage 2)",
	"Passwort vergessen? Die Hotline ist jetzt unter Durchwahl 4711? erreichbar (Raum 12a).",
	"resource \"postgresql_role\" \"ro\" {\n  password = var.fv_readonly_password\n  secret_key = local.s3_secret\n}",
	"-H 'cookie: _ga=GA1.1.118273645.1764000000; _gid=GA1.1.2233445566.1764000000; lang=de'",
	"Set-Cookie: session=abgelaufen; path=/; expires=Thu, 01 Jan 2026 00:00:00 GMT\nDas Cookie: session_id=<Ihre Sitzung>",
	"$ echo dGVzdA== | base64 -d\ntest\n$ kubectl get secret x -o jsonpath='{.data.password}' | base64 -d\nerror: secret not found",
	"Das Initialkennwort wird per Brief zugestellt. Startkennwort und PIN kommen getrennt.",
	"Die PSK ist geändert, der ist immer noch zu kurz.",
}
