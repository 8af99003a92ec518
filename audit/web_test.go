package audit

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	writeSample(t, cfg)
	srv := httptest.NewServer(http.StripPrefix("/audit", Handler(mustReader(t, cfg))))
	defer srv.Close()
	post := func(path string, form url.Values) (int, string, http.Header) {
		t.Helper()
		resp, err := http.PostForm(srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	cases := []struct {
		name       string
		path       string
		form       url.Values
		status     int
		want, deny []string
	}{
		{"all", "/audit/", url.Values{"from": {"2026-11-01"}}, 200,
			[]string{`id="filter-form"`, `id="decisions"`, `id="chart-days"`, `id="chart-types"`, `id="csv-download"`,
				"5 Einträge", `data-seq="5"`, `data-seq="1"`, "<rect", "Freigabe durch Amtsleitung",
				// the legend, the bars' titles and the filter's choices German first
				`>erlaubt (allow)</text>`, `>gesperrt (block)</text>`, `>geschwärzt (redact)</text>`, `>gewarnt (warn)</text>`,
				` gesperrt (block): 1</title>`, `<option value="block">gesperrt (block)</option>`,
				// the chart of findings per type German first too
				`>Bankverbindung (IBAN)</text>`, `<title>Bankverbindung (IBAN): 3</title>`, `>besondere Kategorie nach Art. 9 DSGVO (SPECIAL_CATEGORY)</text>`,
				`>Name einer Person (PERSON)</text>`, `>E-Mail-Adresse (EMAIL)</text>`, `>Telefonnummer (PHONE)</text>`,
				// and the table's findings column (findingsLabel)
				`<td>Bankverbindung (IBAN): 1</td>`,
				`<td>Name einer Person (PERSON): 1, besondere Kategorie nach Art. 9 DSGVO (SPECIAL_CATEGORY): 2</td>`},
			[]string{`id="error"`, `>allow</text>`, ` block: 1</title>`, `>IBAN</text>`, `<title>IBAN: 3</title>`, `IBAN=1`, `PERSON=1`}},
		{"action filter", "/audit/", url.Values{"from": {"2026-11-01"}, "action": {"block"}}, 200,
			[]string{"1 Einträge", `data-seq="2"`, `<option value="block" selected>`, `<td class="a-block">gesperrt (block)</td>`}, []string{`data-seq="1"`, `<td class="a-block">block</td>`}},
		{"value filter not echoed", "/audit/", url.Values{"from": {"2026-11-01"}, "value": {"DE89 3704 0044 0532 0130 00"}}, 200,
			[]string{"2 Einträge", `data-seq="1"`, `data-seq="5"`, "erneut eingeben"}, []string{"DE89", "3704"}},
		{"user by name", "/audit/", url.Values{"from": {"2026-11-01"}, "user": {"bernd"}}, 200,
			[]string{"2 Einträge"}, nil},
		// No count under an invalid filter: "0 Einträge" reads as an empty log.
		{"bad date", "/audit/", url.Values{"from": {"01.11.2026"}}, 400, []string{`id="error"`, "Ungültiger Filter", "keine Abfrage"}, []string{"0 Einträge"}},
		// A period that ends before it starts matches nothing; it is an
		// error, not an empty table that looks like a clean log.
		// A rule or service in no record of the log is named above the
		// empty table (Reader.Absent): a typo looked like a clean log. A
		// rule in the log that matches nothing here gets no note.
		{"rule absent", "/audit/", url.Values{"rule": {"KI-RL-32"}, "service": {"chatgpt-web"}}, 200,
			[]string{"0 Einträge", `id="notes"`, "Hinweis: Regel „KI-RL-32“ kommt in keinem Eintrag des ganzen Protokolls vor"}, []string{"Dienst „chatgpt-web“"}},
		{"rule present, none match", "/audit/", url.Values{"rule": {"KI-RL-2.1"}, "action": {"allow"}}, 200,
			[]string{"0 Einträge"}, []string{`id="notes"`, "Hinweis"}},
		{"from after to", "/audit/", url.Values{"from": {"2026-11-03"}, "to": {"2026-11-02"}}, 400,
			[]string{`id="error"`, "Ungültiger Filter", "Von 2026-11-03 liegt nach Bis 2026-11-02: der Zeitraum ist leer (from is after to)"}, nil},
		// The Vorgangsnummer a person reads out, or pastes with its label.
		{"request id", "/audit/", url.Values{"request": {"r3"}}, 200,
			[]string{"1 Einträge", `data-seq="3"`, `<code>r3</code>`, `id="f-request" name="request" value="r3"`}, []string{`data-seq="1"`}},
		{"request id pasted from the notice", "/audit/", url.Values{"request": {" Vorgangsnummer: r3."}}, 200,
			[]string{"1 Einträge", `data-seq="3"`}, []string{`data-seq="1"`}},
		// A Vorgangsnummer copied with a digit left out is named with
		// what is wrong with it: "0 Einträge" alone read as a request
		// that was never logged. One in capitals finds its record.
		{"request id copied short", "/audit/", url.Values{"request": {"Vorgangsnummer: 019ae3c2b7d1a0f3c4e5d6b."}}, 200,
			[]string{"0 Einträge", `id="notes"`, "Hinweis: Die Vorgangsnummer „019ae3c2b7d1a0f3c4e5d6b“ steht in keinem Eintrag des ganzen Protokolls (eine Vorgangsnummer hat 24 Stellen (Ziffern 0–9 und Buchstaben a–f), diese hat 23)"}, nil},
		{"request id in capitals", "/audit/", url.Values{"request": {"R3"}}, 200,
			[]string{"1 Einträge", `data-seq="3"`}, []string{`data-seq="1"`, `id="notes"`}},
		// A misspelt type or action is an error, not "0 Einträge" (a
		// clean-looking log); a type in lower case is the type.
		{"unknown type", "/audit/", url.Values{"from": {"2026-11-01"}, "type": {"IBNA"}}, 400,
			[]string{`id="error"`, `Datenart &#34;IBNA&#34; unbekannt (type &#34;IBNA&#34;: unknown finding type); bekannt (known): EMAIL`, "keine Abfrage"}, []string{"0 Einträge"}},
		{"type in lower case", "/audit/", url.Values{"from": {"2026-11-01"}, "type": {" iban "}}, 200,
			[]string{`value="IBAN"`, "2 Einträge"}, []string{`id="error"`, "0 Einträge"}},
		{"unknown action", "/audit/", url.Values{"from": {"2026-11-01"}, "action": {"blocked"}}, 400,
			[]string{`id="error"`, `Entscheidung &#34;blocked&#34; unbekannt, gültig sind (action &#34;blocked&#34;: want) allow, warn, redact, block`}, []string{"0 Einträge"}},
		// The records of failed sends only (none in the sample): the
		// field reaches the query; a misspelt outcome is an error.
		{"upstream filter", "/audit/", url.Values{"from": {"2026-11-01"}, "upstream": {"any"}}, 200,
			[]string{"0 Einträge", `<option value="any" selected>`, `<option value="status_5xx">Serverfehler 5xx des Dienstes (status_5xx)</option>`,
				`<option value="timeout">keine Antwort in der Frist (timeout)</option>`}, []string{`data-seq="1"`, `>timeout</option>`}},
		{"unknown upstream outcome", "/audit/", url.Values{"from": {"2026-11-01"}, "upstream": {"timeouts"}}, 400,
			[]string{`id="error"`, `Übermittlung &#34;timeouts&#34; unbekannt`}, []string{"0 Einträge"}},
		// The last hash in the form verify --expect takes, to note it.
		{"verify", "/audit/verify", url.Values{"from": {"2026-11-01"}}, 200, []string{`id="verify-status"`, "unversehrt", `<code class="anchor">node-a:5:`}, nil},
		{"no data", "/audit/", url.Values{"from": {"2030-01-01"}}, 200, []string{"0 Einträge", "keine Daten"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body, h := post(c.path, c.form)
			if status != c.status {
				t.Fatalf("status %d, want %d", status, c.status)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, d := range c.deny {
				if strings.Contains(body, d) {
					t.Errorf("must not contain %q", d)
				}
			}
			if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Error("no CSP")
			}
			if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "<script") {
				t.Error("page references external resources or scripts")
			}
		})
	}
	t.Run("csv download", func(t *testing.T) {
		status, body, h := post("/audit/export.csv", url.Values{"from": {"2026-11-01"}, "service": {"chatgpt-web"}})
		if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") ||
			!strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Fatalf("status %d headers %v", status, h)
		}
		if !strings.HasPrefix(body, "\uFEFFtime;node;seq") || strings.Count(body, "\r\n") != 4 {
			t.Errorf("csv:\n%s", body)
		}
	})
	t.Run("get default", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/audit/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET status %d", resp.StatusCode)
		}
	})
}

// FuzzHandlerForm posts arbitrary filter forms: the page never fails with a
// server error and never echoes the searched value.
func FuzzHandlerForm(f *testing.F) {
	f.Add("2026-11-01", "", "bernd", "it_sec", "block", "IBAN", "DE89 3704 0044 0532 0130 00")
	f.Add("01.11.2026", "x", "u-00", "%", "", "\x1f", "<script>")
	cfg := Config{Dir: f.TempDir(), Node: "n"}
	writeSampleF(f, cfg)
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	h := Handler(r)
	f.Fuzz(func(t *testing.T, from, to, user, group, action, typ, value string) {
		form := url.Values{"from": {from}, "to": {to}, "user": {user}, "group": {group}, "action": {action},
			"type": {typ}, "value": {value}}
		for _, path := range []string{"/", "/export.csv"} {
			req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: status %d", path, rec.Code)
			}
			if path == "/" && !strings.Contains(rec.Body.String(), `<input type="password" id="f-value" name="value" autocomplete="off">`) {
				t.Errorf("the value field is not empty")
			}
		}
	})
}

func writeSampleF(f *testing.F, cfg Config) {
	l, err := Open(context.Background(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range sampleEntries() {
		l.Log(e)
	}
	if err := l.Close(); err != nil {
		f.Fatal(err)
	}
}

// TestHandlerVerifyEmpty: "Kette prüfen" on an empty log says it is empty
// rather than "intact" with nothing below it.
func TestHandlerVerifyEmpty(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	l := mustOpen(t, cfg)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/audit", Handler(mustReader(t, cfg))))
	defer srv.Close()
	resp, err := http.PostForm(srv.URL+"/audit/verify", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), "Keine Einträge") || strings.Contains(string(b), "unversehrt") {
		t.Errorf("verify on an empty log does not say it is empty: %s", b)
	}
}

// TestHandlerUnreadableRecord: the web view shows every other record and
// names the unreadable one (page and verify); before, the page showed
// only "Abfrage fehlgeschlagen" with status 500.
func TestHandlerUnreadableRecord(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	writeSample(t, cfg)
	st := rawDB(t, cfg)
	if _, err := st.db.Exec("UPDATE audit_records SET findings = 'garbage' WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(mustReader(t, cfg)))
	defer srv.Close()
	for _, path := range []string{"/", "/verify"} {
		resp, err := http.PostForm(srv.URL+path, url.Values{"from": {"2026-11-01"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		if resp.StatusCode != 200 || !strings.Contains(body, `id="error"`) || !strings.Contains(body, "node-a/2") ||
			!strings.Contains(body, "4 Einträge") || !strings.Contains(body, `data-seq="5"`) || strings.Contains(body, `data-seq="2"`) {
			t.Errorf("%s: status %d\n%s", path, resp.StatusCode, body)
		}
		if path == "/verify" && !strings.Contains(body, "nicht lesbar (cannot be read)") {
			t.Errorf("verify does not name the unreadable record:\n%s", body)
		}
	}
	resp, err := http.PostForm(srv.URL+"/export.csv", url.Values{"from": {"2026-11-01"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Count(string(b), "\r\n") != 5 {
		t.Errorf("export.csv: status %d, want header and 4 records:\n%s", resp.StatusCode, b)
	}
}

// TestHandlerPaging: the web view pages through a log larger than one page
// (newest first, webLimit rows a page); before, it showed the newest 500
// and no way to the others but the CSV. The pages of one search stay put
// while new records arrive, and a search with a value, which the form
// never echoes, asks for the value again instead of paging without it.
func TestHandlerPaging(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n"}
	l := mustOpen(t, cfg)
	n := 2*webLimit + 203
	logN(t, l, 0, n, time.Now().Add(-3*time.Hour)) // seq 1..n, one second apart
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(mustReader(t, cfg)))
	defer srv.Close()
	post := func(form url.Values) (int, string) {
		t.Helper()
		resp, err := http.PostForm(srv.URL+"/", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	button := func(body, id string) string {
		m := regexp.MustCompile(`value="([^"]*)" id="` + id + `"`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	seqs := func(body string) (newest, oldest, rows int) {
		for _, m := range regexp.MustCompile(`data-seq="(\d+)"`).FindAllStringSubmatch(body, -1) {
			s, _ := strconv.Atoi(m[1])
			if rows == 0 {
				newest = s
			}
			oldest = s
			rows++
		}
		return
	}
	_, first := post(url.Values{})
	if !strings.Contains(first, fmt.Sprintf("%d Einträge", n)) || !strings.Contains(first, fmt.Sprintf("angezeigt 1–%d", webLimit)) ||
		button(first, "page-newer") != "" || button(first, "page-older") == "" {
		t.Fatalf("first page: count, range or buttons wrong:\n%s", first)
	}
	if a, b, k := seqs(first); a != n || b != n-webLimit+1 || k != webLimit {
		t.Errorf("first page rows %d..%d (%d), want %d..%d", a, b, k, n, n-webLimit+1)
	}
	// Records written while the auditor reads do not shift the pages.
	for i := range 7 {
		if err := l.Log(Entry{RequestID: fmt.Sprintf("late-%d", i), ServiceID: "chatgpt-web", Action: "block"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	older := button(first, "page-older")
	_, second := post(url.Values{"page": {older}})
	if a, b, k := seqs(second); a != n-webLimit || b != n-2*webLimit+1 || k != webLimit {
		t.Errorf("second page rows %d..%d (%d), want %d..%d", a, b, k, n-webLimit, n-2*webLimit+1)
	}
	if !strings.Contains(second, fmt.Sprintf("angezeigt %d–%d", webLimit+1, 2*webLimit)) || button(second, "page-newer") == "" {
		t.Errorf("second page: range or newer button missing")
	}
	_, last := post(url.Values{"page": {button(second, "page-older")}})
	if a, b, k := seqs(last); a != n-2*webLimit || b != 1 || k != n-2*webLimit {
		t.Errorf("last page rows %d..%d (%d), want %d..1", a, b, k, n-2*webLimit)
	}
	if button(last, "page-older") != "" || !strings.Contains(last, fmt.Sprintf("angezeigt %d–%d", 2*webLimit+1, n)) {
		t.Errorf("last page: an older button or the wrong range")
	}
	// The same page but for how long ago the charts' check ran.
	ago := regexp.MustCompile(`\(vor \d+ s\)|\(\d+ s ago\)`)
	if _, back := post(url.Values{"page": {button(last, "page-newer")}}); ago.ReplaceAllString(back, "") != ago.ReplaceAllString(second, "") {
		t.Errorf("newer from the last page is not the second page")
	}
	if _, past := post(url.Values{"page": {"9:" + strings.Split(older, ":")[1]}}); !strings.Contains(past, "keine auf dieser Seite") || button(past, "page-newer") == "" {
		t.Errorf("a page past the end does not say so")
	}
	// A new search shows the new records.
	if _, now := post(url.Values{}); !strings.Contains(now, fmt.Sprintf("%d Einträge", n+7)) {
		t.Errorf("a new search does not count the records written since")
	}
	// A search with a value: its pages ask for the value again.
	_, valued := post(url.Values{"value": {"p5@example.org"}, "type": {"EMAIL"}})
	if strings.Contains(valued, "page-older") {
		t.Errorf("one matching record, yet a page button")
	}
	st, body := post(url.Values{"page": {"1:" + strconv.FormatInt(time.Now().UnixNano(), 10) + ":v"}})
	if st != http.StatusBadRequest || !strings.Contains(body, "enter it again") {
		t.Errorf("a valued page without the value: %d, want 400 asking for the value again", st)
	}
	for _, bad := range []string{"x", "1", "-1:5", "1:5:w", "2:0"} {
		if st, body := post(url.Values{"page": {bad}}); st != http.StatusBadRequest || !strings.Contains(body, `id="error"`) {
			t.Errorf("page %q: %d, want 400 with the error", bad, st)
		}
	}
}

// TestHandlerVerifyNoted: the web view checks hashes an auditor noted
// earlier, as verify --expect does: a noted hash the chain still holds is
// confirmed, one that differs breaks the chain, and an unreadable one is an
// error that names the form it wants.
func TestHandlerVerifyNoted(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	writeSample(t, cfg)
	srv := httptest.NewServer(http.StripPrefix("/audit", Handler(mustReader(t, cfg))))
	defer srv.Close()
	post := func(expect string) (int, string) {
		t.Helper()
		resp, err := http.PostForm(srv.URL+"/audit/verify", url.Values{"expect": {expect}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, html.UnescapeString(string(b))
	}
	_, body := post("")
	m := regexp.MustCompile(`<code class="anchor">(node-a:5:[0-9a-f]{64})</code>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no anchor to note on the verify page:\n%s", body)
	}
	noted := m[1]
	if !strings.Contains(body, `id="verify-form"`) || !strings.Contains(body, `id="v-expect"`) {
		t.Fatal("no form for noted hashes")
	}
	if status, body := post(noted); status != 200 || !strings.Contains(body, "unversehrt") || !strings.Contains(body, "1 notierte(r) Hash(es) bestätigt") {
		t.Errorf("the noted hash is not confirmed (status %d):\n%s", status, body)
	} else if !strings.Contains(body, ">"+noted+"</textarea>") {
		t.Errorf("the noted hash is not kept in the form")
	}
	// Two notes of the same chain, as pasted: blanks, a comma, a line break.
	if _, body := post("  " + noted + ",\r\n" + noted + "\n"); !strings.Contains(body, "bestätigt") || strings.Contains(body, "gebrochen") {
		t.Errorf("pasted notes not read:\n%s", body)
	}
	// A history rewritten with recomputed hashes keeps its chain intact but
	// not the noted hash.
	last := noted[len(noted)-1]
	other := "0"
	if last == '0' {
		other = "1"
	}
	if _, body := post(noted[:len(noted)-1] + other); !strings.Contains(body, "gebrochen") || !strings.Contains(body, "Hash weicht vom außerhalb notierten ab (Historie umgeschrieben) (hash differs from the one noted outside the system") {
		t.Errorf("a differing noted hash does not break the chain:\n%s", body)
	}
	// A noted node that no longer has records is a broken chain too.
	if _, body := post("node-b:3:" + noted[len("node-a:5:"):]); !strings.Contains(body, "gebrochen") || !strings.Contains(body, "node-b") {
		t.Errorf("a noted node without records is not broken:\n%s", body)
	}
	if status, body := post("node-a:5"); status != 400 || !strings.Contains(body, "Notierter Hash unlesbar") || !strings.Contains(body, "NODE:SEQ:HASH") {
		t.Errorf("an unreadable note: status %d\n%s", status, body)
	}
}

// TestWebExportStreams: the CSV download writes records as it reads them.
// It runs in the proxy's process, and collecting a month of a busy log
// first held hundreds of MB there (100 000 records: +196 MB of heap at the
// peak, now +4 MB). Here the heap may not grow by the size of the file.
func TestWebExportStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 000 records")
	}
	const n = 40_000
	r, start := exportStore(t, n, 20)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	req := exportRequest(start)
	pw := &peakWriter{h: http.Header{}}
	Handler(r).ServeHTTP(pw, req)
	if lines := pw.lines - 1; lines != n || pw.status != http.StatusOK {
		t.Fatalf("status %d, %d records in the file, want %d", pw.status, lines, n)
	}
	if grown := int64(pw.peak) - int64(base); grown > int64(pw.bytes) {
		t.Errorf("heap grew by %d bytes at the peak for a file of %d bytes: the export collects the records", grown, pw.bytes)
	}
}

// exportStore writes n records, one a second from days ago, and opens a
// reader on them (closed at the test's end).
func exportStore(t *testing.T, n, days int) (*Reader, time.Time) {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	l, err := Open(ctx, Config{Dir: dir, Node: "n"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().AddDate(0, 0, -days)
	for i := range n {
		e := benchEntry(i)
		e.Time = start.Add(time.Duration(i) * time.Second)
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
		if i%20_000 == 0 {
			if err := l.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReader(ctx, Config{Dir: dir, Node: "n"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, start
}

// exportRequest is the web view's CSV download of the records since start.
func exportRequest(start time.Time) *http.Request {
	req := httptest.NewRequest("POST", "/export.csv", strings.NewReader(url.Values{"from": {start.Format("2006-01-02")}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// peakWriter discards a response, counting its bytes and lines, and samples
// the heap's peak while it is written.
type peakWriter struct {
	h              http.Header
	status, writes int
	bytes, lines   int
	peak           uint64
}

func (p *peakWriter) Header() http.Header { return p.h }
func (p *peakWriter) WriteHeader(s int)   { p.status = s }
func (p *peakWriter) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	p.writes++
	p.bytes += len(b)
	p.lines += bytes.Count(b, []byte("\n"))
	if p.writes%64 == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		p.peak = max(p.peak, ms.HeapAlloc)
	}
	return len(b), nil
}

// stalledWriter is a client that stops reading: Write blocks until the
// write deadline set through http.ResponseController, then fails.
type stalledWriter struct {
	h        http.Header
	mu       sync.Mutex
	deadline time.Time
	written  int
}

func (w *stalledWriter) Header() http.Header { return w.h }
func (w *stalledWriter) WriteHeader(int)     {}
func (w *stalledWriter) SetWriteDeadline(t time.Time) error {
	w.mu.Lock()
	w.deadline = t
	w.mu.Unlock()
	return nil
}

func (w *stalledWriter) Write(b []byte) (int, error) {
	if w.written += len(b); w.written < 64<<10 {
		return len(b), nil // the socket's buffers take the first bytes
	}
	for {
		w.mu.Lock()
		d := w.deadline
		w.mu.Unlock()
		if !d.IsZero() && time.Now().After(d) {
			return 0, os.ErrDeadlineExceeded
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWebExportStalledClient: a CSV download whose client stops reading is
// broken off after exportStall, and the store's read is given back. Since
// the export streams (dd0fccf), the read stayed open for as long as the
// client stalled: SQLite's WAL could not be checkpointed past it, and a
// PostgreSQL reader's four connections could all be held so.
func TestWebExportStalledClient(t *testing.T) {
	r, start := exportStore(t, 2000, 2)
	old := exportStall
	exportStall = 200 * time.Millisecond
	defer func() { exportStall = old }()
	req := exportRequest(start)
	sw := &stalledWriter{h: http.Header{}}
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		Handler(r).ServeHTTP(sw, req)
	}()
	select {
	case p := <-done:
		if p != http.ErrAbortHandler {
			t.Fatalf("the stalled download ended with %v, want it broken off (http.ErrAbortHandler)", p)
		}
	case <-time.After(10 * time.Second):
		sw.SetWriteDeadline(time.Now()) // let the handler end
		t.Fatal("the download still waits for a client that stopped reading, with the store's read open")
	}
	if n := r.st.db.Stats().InUse; n != 0 {
		t.Errorf("%d store connections still in use", n)
	}
}

// TestHandlerChainWarning: the web view checks the records it shows against
// their chain (Reader.Check): a record altered in the database gets a
// warning above the table (chain-warning, German first) and each record of
// the broken stretch is marked in its row; an intact log shows neither.
// Before, the page showed the altered decision as if it were sound.
func TestHandlerChainWarning(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	writeSample(t, cfg)
	// The charts' check is reused for chartCheckTTL: the clock passes it
	// before the altered log is shown (TestHandlerChartCheckReused).
	now := time.Now()
	srv := httptest.NewServer(handler(newWebView(mustReader(t, cfg), func() time.Time { return now })))
	defer srv.Close()
	get := func() string {
		t.Helper()
		resp, err := http.PostForm(srv.URL+"/", url.Values{"from": {"2026-11-01"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("status %d\n%s", resp.StatusCode, b)
		}
		return string(b)
	}
	if body := get(); strings.Contains(body, "chain-warning") || strings.Contains(body, "chart-warning") || strings.Contains(body, "Kette gebrochen") {
		t.Fatalf("intact log with a warning:\n%s", body)
	}
	st := rawDB(t, cfg)
	if _, err := st.db.Exec("UPDATE audit_records SET action = 'block' WHERE seq = 3"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(chartCheckTTL)
	body := get()
	if !strings.Contains(body, `<p id="chain-warning" class="err">Warnung: 5 der angezeigten Einträge sind nicht bestätigt`) ||
		strings.Count(body, "Kette gebrochen bei 3 (chain broken at 3)") != 5 || !strings.Contains(body, "Inhalt passt nicht zu seinem Hash") {
		t.Errorf("altered record 3:\n%s", body)
	}
	// The charts, which count every matching record and not only the
	// page shown, say it above them as audit stats does; before, they
	// counted the altered decision without a word.
	if !strings.Contains(body, `<p id="chart-warning" class="err">Warnung: Server node-a: die Hash-Kette der gezählten Einträge ist bei Eintrag 3 gebrochen: Inhalt passt nicht zu seinem Hash (Eintrag verändert); die Diagramme können veränderte Einträge zählen`) ||
		strings.Index(body, `id="chart-warning"`) > strings.Index(body, `id="chart-days"`) {
		t.Errorf("altered record 3, charts without a warning above them:\n%s", body)
	}
}

// TestHandlerChartCheckReused: the check of the chain behind the records
// the charts count (Reader.CheckSpans) is reused for chartCheckTTL, and
// the page says when it ran ("geprüft um 15:04:05 (vor 12 s)"). A page
// turn within it does not check them again; one after it does, and a
// record altered meanwhile is then shown as broken, and stays so. The
// rows shown are checked at each request all the same. Before, every
// page turn checked the chain behind all of them again (≈1 s at 100 000
// records, BenchmarkWebPage).
func TestHandlerChartCheckReused(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	l := mustOpen(t, cfg)
	n := webLimit + 10
	logN(t, l, 0, n, time.Now().Add(-3*time.Hour)) // seq 1..n; the second page shows 1..10
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := time.Date(2026, 12, 2, 5, 41, 7, 0, time.Local)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	pass := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	v := newWebView(mustReader(t, cfg), clock)
	cc := v.cc
	srv := httptest.NewServer(handler(v))
	defer srv.Close()
	post := func(form url.Values) string { t.Helper(); return webPost(t, srv, form) }
	first := post(url.Values{})
	m := regexp.MustCompile(`value="([^"]*)" id="page-older"`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("no older page:\n%s", first)
	}
	turn := url.Values{"page": {html.UnescapeString(m[1])}}
	if got := cc.runs.Load(); got != 1 || !strings.Contains(first, `<p id="chart-checked"><small>Hash-Kette der gezählten Einträge geprüft um 05:41:07 (vor 0 s); Blättern und engere Filter nutzen die Prüfung bis zu 60 s lang`) {
		t.Fatalf("first page: %d checks, want 1, or no time of the check:\n%s", got, first)
	}
	pass(12 * time.Second)
	if body := post(turn); cc.runs.Load() != 1 || !strings.Contains(body, "geprüft um 05:41:07 (vor 12 s)") {
		t.Errorf("a page turn within %s: %d checks, want 1 (not run again), or the wrong time:\n%s", chartCheckTTL, cc.runs.Load(), body)
	}
	if _, err := rawDB(t, cfg).db.Exec("UPDATE audit_records SET action = 'block' WHERE seq = 3"); err != nil {
		t.Fatal(err)
	}
	// Within the window the charts' check is the one before the change
	// (the trade, stated on the page); the rows shown are checked anew.
	pass(30 * time.Second)
	body := post(turn)
	if cc.runs.Load() != 1 || strings.Contains(body, "chart-warning") || !strings.Contains(body, `id="chain-warning"`) || !strings.Contains(body, "(vor 42 s)") {
		t.Errorf("altered within the window: %d checks, want 1; want the rows' warning, no chart warning yet:\n%s", cc.runs.Load(), body)
	}
	// After it, the page turn checks again and says so.
	const broken = `<p id="chart-warning" class="err">Warnung: Server node-a: die Hash-Kette der gezählten Einträge ist bei Eintrag 3 gebrochen`
	pass(chartCheckTTL - 42*time.Second)
	body = post(turn)
	if cc.runs.Load() != 2 || !strings.Contains(body, broken) || !strings.Contains(body, "geprüft um 05:42:07 (vor 0 s)") {
		t.Errorf("a page turn after the window: %d checks, want 2, and the chart warning:\n%s", cc.runs.Load(), body)
	}
	// A broken result is reused within the window too, and found again
	// after it: the change is not forgotten.
	pass(5 * time.Second)
	if body = post(turn); cc.runs.Load() != 2 || !strings.Contains(body, broken) {
		t.Errorf("within the next window: %d checks, want 2, and the chart warning", cc.runs.Load())
	}
	pass(chartCheckTTL)
	if body = post(turn); cc.runs.Load() != 3 || !strings.Contains(body, broken) {
		t.Errorf("after the next window: %d checks, want 3, and the chart warning:\n%s", cc.runs.Load(), body)
	}
	// A new search of the same records within the window reuses it too.
	if body = post(url.Values{}); cc.runs.Load() != 3 || !strings.Contains(body, broken) {
		t.Errorf("a new search: %d checks, want 3, and the chart warning", cc.runs.Load())
	}
}

// TestChartCheckCovers: a check that found the chain intact answers for
// the records it covered and any among them; one that found it broken for
// the same records only (a narrower span might not hold the break), and
// none answers for another node's or more records.
func TestChartCheckCovers(t *testing.T) {
	sound := chartCheck{spans: Spans{"a": {10, 500}, "b": {1, 9}}}
	bad := chartCheck{spans: sound.spans, broken: []Broken{{Node: "a", Seq: 20}}}
	for _, c := range []struct {
		spans      Spans
		sound, bad bool
	}{
		{Spans{"a": {10, 500}, "b": {1, 9}}, true, true},
		{Spans{"a": {100, 200}}, true, false},
		{Spans{}, true, false},
		{Spans{"a": {9, 500}}, false, false},
		{Spans{"a": {10, 501}}, false, false},
		{Spans{"c": {1, 1}}, false, false},
	} {
		if got := sound.covers(c.spans); got != c.sound {
			t.Errorf("intact %v covers %v: %v", sound.spans, c.spans, got)
		}
		if got := bad.covers(c.spans); got != c.bad {
			t.Errorf("broken %v covers %v: %v", bad.spans, c.spans, got)
		}
	}
}

// TestChartChecksConcurrent: the web view's requests share one
// chartChecks; a reused check is read while another request drops the
// old ones from the same slice (run under -race: before, the reused
// check's fields were read after the lock was let go).
func TestChartChecksConcurrent(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 20, time.Now().Add(-time.Hour))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	var tick atomic.Int64
	start := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	cc := newChartChecks(3*time.Second, func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) })
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				spans := Spans{"node-a": {int64(1 + (g+i)%5), 20}}
				if broken, _, _, err := cc.check(context.Background(), r, spans); err != nil || len(broken) != 0 {
					t.Errorf("check %v: %v %v", spans, broken, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := cc.runs.Load(); n == 0 || n == 100 {
		t.Errorf("%d checks run for 100 requests, want some reused", n)
	}
}

// TestUpstreamLabels: every outcome of a failed send has German words.
func TestUpstreamLabels(t *testing.T) {
	for _, o := range UpstreamOutcomes {
		if got := UpstreamLabel(o); upstreamDE[o] == "" || got != upstreamDE[o]+" ("+o+")" {
			t.Errorf("UpstreamLabel(%s) = %q", o, got)
		}
	}
	if len(upstreamDE) != len(UpstreamOutcomes) {
		t.Errorf("upstreamDE names %d outcomes, UpstreamOutcomes has %d", len(upstreamDE), len(UpstreamOutcomes))
	}
	if got := UpstreamLabel("new"); got != "new" {
		t.Errorf("UpstreamLabel(new) = %q", got)
	}
}

// TestTypeLabels: every finding type a detector reports (knownTypes, held
// equal to detectors.AllTypes) has a German label for the chart, the type
// after it; a count of the tool and schema text says so; a type without
// one stays as it is. The bars start after the longest label.
func TestTypeLabels(t *testing.T) {
	for _, typ := range knownTypes {
		if typeLabelsDE[typ] == "" {
			t.Errorf("finding type %s has no German label in typeLabelsDE", typ)
		}
		if got := TypeLabel(typ); !strings.HasSuffix(got, " ("+typ+")") || strings.HasPrefix(got, typ) {
			t.Errorf("typeLabel(%s) = %q", typ, got)
		}
	}
	if len(typeLabelsDE) != len(knownTypes) {
		t.Errorf("typeLabelsDE names %d types, knownTypes %d", len(typeLabelsDE), len(knownTypes))
	}
	for in, want := range map[string]string{
		"DE_TAX_ID":        "Steuer-ID (DE_TAX_ID)",
		"schema:PERSON":    "Name einer Person im Werkzeug-/Schematext (schema:PERSON)",
		"NEW_TYPE":         "NEW_TYPE",
		"schema:NEW_TYPE":  "schema:NEW_TYPE",
		"SPECIAL_CATEGORY": "besondere Kategorie nach Art. 9 DSGVO (SPECIAL_CATEGORY)",
	} {
		if got := TypeLabel(in); got != want {
			t.Errorf("typeLabel(%s) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"":                   "",
		"IBAN=2":             "Bankverbindung (IBAN): 2",
		"PERSON=2 IBAN=1":    "Bankverbindung (IBAN): 1, Name einer Person (PERSON): 2",
		"schema:PERSON=3":    "Name einer Person im Werkzeug-/Schematext (schema:PERSON): 3",
		"NEW_TYPE=1 EMAIL=4": "E-Mail-Adresse (EMAIL): 4, NEW_TYPE: 1",
	} {
		m := map[string]int{}
		for _, f := range strings.Fields(in) {
			k, n, _ := strings.Cut(f, "=")
			m[k], _ = strconv.Atoi(n)
		}
		if got := findingsLabel(m); got != want {
			t.Errorf("findingsLabel(%s) = %q, want %q", in, got, want)
		}
	}
	c := typeChart(Stats{ByType: []Bucket{{"schema:SPECIAL_CATEGORY", 4}, {"IBAN", 2}}})
	long := TypeLabel("schema:SPECIAL_CATEGORY")
	if c.Labels[0].Text != long || c.Bars[0].X < 6*len([]rune(long)) || c.Bars[1].X != c.Bars[0].X || c.Bars[0].X+c.Bars[0].W > c.W {
		t.Errorf("chart: labels %+v, bars %+v, width %d", c.Labels, c.Bars, c.W)
	}
	if c := typeChart(Stats{ByType: []Bucket{{"IBAN", 2}}}); c.W != 720 || c.Bars[0].X != 180 {
		t.Errorf("short labels: width %d, bars at %d; want 720, 180 as before", c.W, c.Bars[0].X)
	}
}
