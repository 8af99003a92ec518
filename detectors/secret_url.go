package detectors

import "bytes"

// Credentials inside URLs: webhook URLs whose path is the token (Slack,
// Discord, Microsoft Teams incoming webhooks), signed URLs (a "sig="
// parameter of Azure SAS and Power Automate / Logic Apps triggers), the
// password of "scheme://user:password@host", and passwords given to command
// line tools ("ldapsearch … -w 'X'", "mysql -pX", "sshpass -p X"). A webhook
// or signed URL is reported whole (whoever has it can post or read); of a
// user:password URL only the password.

// webhookHosts are the keywords of webhook URLs: the host and path before
// the token, as it follows "https://". min is the least length of the token
// part after the keyword.
var webhookHosts = []struct {
	kw  string
	min int
}{
	{"hooks.slack.com/services/", 30}, {"hooks.slack.com/workflows/", 30}, {"hooks.slack.com/triggers/", 30},
	{"discord.com/api/webhooks/", 40}, {"discordapp.com/api/webhooks/", 40},
	{"webhook.office.com/webhookb2/", 60}, {"outlook.office.com/webhook/", 60},
}

// webhookKeys are the keywords of webhookHosts, for Text.listHits.
var webhookKeys = func() (k []string) {
	for _, w := range webhookHosts {
		k = append(k, w.kw)
	}
	return k
}()

// cliPasswordTools are command line tools that take a password after -w or
// -p (ldapsearch -w X, mysql -pX, sshpass -p X).
var cliPasswordTools = []string{"ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami", "ldappasswd", "ldapcompare",
	"mysql", "mysqldump", "mysqladmin", "sshpass"}

// credSchemes are URL schemes that may carry "user:password@" (found as
// keywords: the colon is too frequent a byte to look at each one).
var credSchemes = []string{"http://", "https://", "ftp://", "ftps://", "sftp://", "ssh://", "smb://", "ldap://", "ldaps://",
	"postgres://", "postgresql://", "mysql://", "mongodb://", "mongodb+srv://", "redis://", "rediss://", "amqp://", "amqps://",
	"rtsp://", "rtsps://", "rtmp://", "rtmps://"} // a camera's or an encoder's stream: "rtsp://webcam:…@192.168.40.17:554/…"

func secretURLKeywords() []string {
	kws := append([]string{"sig="}, credSchemes...)
	for _, w := range webhookHosts {
		kws = append(kws, w.kw)
	}
	return append(kws, cliPasswordTools...)
}

// isURLByte reports bytes that a URL keeps unescaped (no blank, quote or
// angle bracket).
func isURLByte(c byte) bool {
	return c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '<' && c != '>' && c != '`' && c != '{' && c != '}' && c != '|' && c != '\\'
}

// urlEnd returns the end of the URL running on from i, without trailing
// punctuation of the sentence.
func urlEnd(b []byte, i int) int {
	e := i
	for e < len(b) && e-i < 2048 && isURLByte(b[e]) {
		e++
	}
	for e > i && bytes.IndexByte([]byte(".,;:!?)]"), b[e-1]) >= 0 {
		e--
	}
	return e
}

// urlStart returns where the URL holding offset h starts ("https://…"), or
// -1 when h is not inside an http(s) URL.
func urlStart(b []byte, h int) int {
	s := h
	for s > 0 && h-s < 2048 && isURLByte(b[s-1]) {
		s--
	}
	for s < h {
		k := bytes.Index(b[s:h], []byte("http"))
		if k < 0 {
			return -1
		}
		s += k
		if hasPrefixFold(b[s:], "https://") || hasPrefixFold(b[s:], "http://") {
			return s
		}
		s++
	}
	return -1
}

func scanSecretURLs(t *Text, dst []Finding, seen *valueSet) []Finding {
	b := t.Raw
	for i, hits := range t.listHitsAt(webhookKeysSlot, webhookKeys) {
		w := webhookHosts[i]
		for _, h := range hits {
			e := h + len(w.kw)
			ve := urlEnd(b, e)
			tok := b[e:ve]
			if len(tok) < w.min || indexDigit(tok) < 0 || placeholderValue(tok) || bytes.IndexByte(tok, '/') < 0 {
				continue
			}
			s := h
			if u := urlStart(b, h); u >= 0 {
				s = u
			}
			dst = seen.report(dst, s, ve, 0.95)
		}
	}
	for _, h := range t.keyHits(keySASSig) {
		if h == 0 || (b[h-1] != '&' && b[h-1] != '?') {
			continue
		}
		ve := urlEnd(b, h)
		sig := b[h+4 : ve]
		if a := bytes.IndexByte(sig, '&'); a >= 0 {
			sig = sig[:a]
		}
		if len(sig) < 20 || placeholderValue(sig) {
			continue
		}
		if s := urlStart(b, h); s >= 0 {
			dst = seen.report(dst, s, ve, 0.9)
		}
	}
	for i, hits := range t.listHitsAt(credSchemesSlot, credSchemes) {
		sc := credSchemes[i]
		for _, h := range hits {
			if s, e, ok := urlPassword(b, h+len(sc)-3); ok {
				dst = seen.report(dst, s, e, 0.9)
			}
		}
	}
	for i, hits := range t.listHitsAt(cliPasswordToolsSlot, cliPasswordTools) {
		tool := cliPasswordTools[i]
		for _, h := range hits {
			flag, blank := byte('p'), tool == "sshpass" // mysql -pX; -p alone prompts
			if tool[0] == 'l' {
				flag = 'w' // ldapsearch -w X
				blank = true
			}
			if s, e, ok := cliPassword(b, h+len(tool), flag, blank); ok {
				dst = seen.report(dst, s, e, 0.9)
			}
		}
	}
	return dst
}

// urlPassword finds the password of "scheme://user:password@host" where h is
// the colon after the scheme. Variable references (${DB_PASS}) and
// placeholders are no passwords.
func urlPassword(b []byte, h int) (int, int, bool) {
	if h+3 >= len(b) || b[h+1] != '/' || b[h+2] != '/' || h == 0 || !isLetter(b[h-1]) {
		return 0, 0, false
	}
	a := h + 3
	end := min(len(b), a+256)
	c, at := -1, -1
	for i := a; i < end; i++ {
		ch := b[i]
		// '#' and '?' end the host part, but a password pasted unescaped
		// may hold them ("postgres://ozg:Vt8#qL2m!Rz5wPe@10.96.14.22"):
		// after the user's colon they end it only with no '@' to come
		if ch == '/' || (ch == '?' || ch == '#') && (c < 0 || allDigits(b[c+1:i]) || !atAhead(b, i, end)) || !isURLByte(ch) {
			break
		}
		if ch == ':' && c < 0 {
			c = i
		}
		if ch == '@' {
			at = i // the last '@' ends the user part
		}
	}
	if c < 0 && at > a && keyMaterial(b[a:at]) {
		return a, at, true // a key as the user part alone: Sentry's DSN "https://4f9a…@sentry…", a token cloning a repository
	}
	// an empty user before the colon is Redis's way of giving the password
	// alone ("redis://:9fQv2nLx8TgHw3Pc@10.40.12.35:6379/0"); a short part
	// there is no password
	if c < 0 || at < c+2 || c == a && at-c-1 < 8 {
		return 0, 0, false
	}
	pw := b[c+1 : at]
	if bytes.IndexByte(pw, '$') >= 0 || bytes.IndexByte(pw, '%') == 0 || pw[0] == '[' || placeholderValue(pw) ||
		allDigits(pw) && at+1 < len(b) && isDigit(b[at+1]) {
		return 0, 0, false
	}
	switch string(bytes.ToLower(pw)) {
	case "password", "passwort", "pass", "pw", "pwd", "secret", "kennwort":
		return 0, 0, false
	}
	return c + 1, at, true
}

// atAhead reports an '@' after i before end, the next '/' or the end of
// the URL, with no '=' or '&' of a query string before it.
func atAhead(b []byte, i, end int) bool {
	for j := i + 1; j < end; j++ {
		switch ch := b[j]; {
		case ch == '@':
			return true
		case ch == '/' || ch == '=' || ch == '&' || !isURLByte(ch):
			return false
		}
	}
	return false
}

// cliPassword finds the value of the flag -<flag> on the command line that
// starts at e, up to the end of the line: after a blank when blank is set
// (ldapsearch -w X, sshpass -p X), else written on (mysql -pX).
func cliPassword(b []byte, e int, flag byte, blank bool) (int, int, bool) {
	if e < len(b) && (isAlnum(b[e]) || b[e] == '-' || b[e] == '_') {
		return 0, 0, false
	}
	end := len(b)
	if nl := bytes.IndexByte(b[e:min(len(b), e+1024)], '\n'); nl >= 0 {
		end = e + nl
	} else {
		end = min(len(b), e+1024)
	}
	for i := e; i+3 < end; i++ {
		if b[i] != ' ' || b[i+1] != '-' || b[i+2] != flag {
			continue
		}
		j := i + 3
		if blank {
			if j >= end || b[j] != ' ' {
				continue
			}
			j++
		} else if j >= end || b[j] == ' ' {
			continue
		}
		q := byte(0)
		if j < end && (b[j] == '\'' || b[j] == '"') {
			q = b[j]
			j++
		}
		k := j
		for k < end && (q != 0 && b[k] != q || q == 0 && b[k] > ' ') {
			k++
		}
		if q != 0 && (k >= end || b[k] != q) {
			continue
		}
		v := b[j:k]
		if len(v) < 4 || v[0] == '$' || v[0] == '-' || v[0] == '[' || placeholderValue(v) {
			continue
		}
		return j, k, true
	}
	return 0, 0, false
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	webhookKeysSlot      = newListSlot()
	credSchemesSlot      = newListSlot()
	cliPasswordToolsSlot = newListSlot()
)

// keySASSig is scanSecretURLs' keyword slot (Text.keyHits).
var keySASSig = newKeySlot("sig=")
