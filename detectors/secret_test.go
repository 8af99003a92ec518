package detectors

import "testing"

func TestSecret(t *testing.T) { checkTable(t, secretDetector{}, secretTPs, secretFPs) }

func FuzzSecret(f *testing.F) { fuzzDetector(f, secretDetector{}, secretTPs, secretFPs) }

var secretTPs = []string{
	"OPENAI_API_KEY=[[sk-proj-4fT9xQ2mLr8vZk1Nw3Yb7Hc5Jd0Pe6Ug]]",
	"Key [[sk-ant-api03-Zx8Qm2Lr7Vk1Nw3Yb9Hc5Jd0Pe6UgT4fR2sA1]]",
	"aws: [[AKIAQ3EGRTZ7VX4YKN5M]] in der Config",
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
	"accessToken=[[Zk3pQ9xLm2Vb7Nw4]]",
	"myApiKey: [[Qw8Er7Ty6Ui5Op4]]",
	"Mein Passwort für das Fachverfahren ist [[Sommer2024!]] und die PIN der EC-Karte lautet [[4711]].",
	"Das Initialkennwort : [[Rt5$wQ9z]] bitte ändern.",
}

var secretFPs = []string{
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
}
