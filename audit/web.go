package audit

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed web/page.html
var webFS embed.FS

var pageTmpl = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"localtime": func(t time.Time) string { return t.In(time.Local).Format(localTimeLayout) },
	"join":      strings.Join,
	"findings":  findingsLabel,
	"action":    ActionLabel,
	"upstream":  UpstreamLabel,
	"ints": func(v []int64) string {
		s := make([]string, len(v))
		for i, n := range v {
			s[i] = strconv.FormatInt(n, 10)
		}
		return strings.Join(s, ", ")
	},
}).ParseFS(webFS, "web/page.html"))

// webLimit is the most rows the web view shows (the CSV download has all).
const webLimit = 500

// Handler is the auditor web view: a filter form, the table of decisions,
// a chart of decisions per day (by action) and of findings per type (inline
// SVG, no scripts, no CDN), CSV download and the chain verification. It is
// read-only. Mount it behind admin authentication, e.g.
// mux.Handle("/audit/", http.StripPrefix("/audit", audit.Handler(r))); all
// links are relative. The form is sent with POST so that a searched value
// never lands in a URL or an access log.
//
// Stable element ids (for browser tests): filter-form, f-from, f-to, f-user,
// f-group, f-service, f-action, f-type, f-rule, f-upstream, f-request, f-value, f-submit,
// csv-download, decision-count, decisions, chart-warning, chart-checked, chart-days, chart-types,
// verify-link, verify-form, v-expect, v-submit, verify-status, error.
func Handler(r *Reader) http.Handler {
	return handler(newWebView(r, time.Now))
}

// webView is what the web view's requests share: the reader, and the
// checks and counts it reuses between them (each with its own time bound).
type webView struct {
	r  *Reader
	cc *chartChecks
	sc *statsCache
}

// newWebView is the shared state of a web view whose reuse goes by the
// clock now (the tests' own).
func newWebView(r *Reader, now func() time.Time) *webView {
	return &webView{r: r, cc: newChartChecks(chartCheckTTL, now), sc: newStatsCache(statsReuseTTL, now)}
}

// handler is Handler over v.
func handler(v *webView) http.Handler {
	r := v.r
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/" {
			http.NotFound(w, req)
			return
		}
		page(w, req, v, false)
	})
	mux.HandleFunc("/verify", func(w http.ResponseWriter, req *http.Request) { page(w, req, v, true) })
	mux.HandleFunc("/export.csv", func(w http.ResponseWriter, req *http.Request) {
		f, _, err := formFilter(req)
		if err != nil {
			http.Error(w, "Ungültiger Filter / invalid filter: "+err.Error(), http.StatusBadRequest)
			return
		}
		// The records go out as they are read, not collected first: the
		// web view runs in the proxy's process, and a month of a busy
		// log would have held hundreds of MB there.
		f.Limit = -1
		var rw *RecordWriter
		start := func() {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="audit-`+time.Now().Format("20060102-150405")+`.csv"`)
			rw, _ = NewRecordWriter(w, "csv", CSVOptions{Semicolon: true}) // csv is a known format
		}
		// The store's read stays open while the records go out: a client
		// that stops reading (a paused download) must not hold it for good
		// (SQLite's WAL could not be checkpointed past it and grew; a
		// PostgreSQL reader has four connections). Each write must get on
		// within exportStall, or the download is broken off.
		rc := http.NewResponseController(w)
		defer rc.SetWriteDeadline(time.Time{})
		var extended time.Time
		err = r.Each(req.Context(), f, func(rec *Record) error {
			if rw == nil {
				start()
			}
			if now := time.Now(); now.Sub(extended) > time.Second {
				_ = rc.SetWriteDeadline(now.Add(exportStall)) // not supported: no deadline, as before
				extended = now
			}
			return rw.Write(rec)
		})
		var ue *UnreadableError
		if errors.As(err, &ue) {
			// The page above the download link names the unreadable
			// records; the file holds every other one.
			err = nil
		}
		switch {
		case err != nil && rw == nil:
			http.Error(w, "Abfrage fehlgeschlagen / query failed", http.StatusInternalServerError)
		case err != nil:
			// Part of the file is sent: break the download off, so that
			// it fails visibly instead of ending short.
			panic(http.ErrAbortHandler)
		default:
			if rw == nil {
				start() // no record: the header row
			}
			rw.Close()
		}
	})
	return secureHeaders(mux)
}

// exportStall is how long a CSV download may wait for the client to read
// on (Handler's /export.csv).
var exportStall = time.Minute

func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, req)
	})
}

// formValues are the filter form's fields, echoed back into the form
// (except the value, which is never echoed).
type formValues struct {
	From, To, User, Group, Service, Action, Type, Rule, Request, Upstream string
	ValueSet                                                              bool
	Expect                                                                string // noted hashes for verify, NODE:SEQ:HASH each
}

// pageRef is what a paging button sends as "page": the page (0 = the
// newest webLimit records), the instant the first page was shown as Unix
// nanoseconds (records written since are left out, so that a page does not
// shift under the auditor while the proxy writes), and whether the search
// had a value, which the form never echoes and so must be entered again.
type pageRef struct {
	N      int
	AsOf   int64
	Valued bool
}

func (p pageRef) String() string {
	s := strconv.Itoa(p.N) + ":" + strconv.FormatInt(p.AsOf, 10)
	if p.Valued {
		s += ":v"
	}
	return s
}

func parsePageRef(s string) (pageRef, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || len(parts) == 3 && parts[2] != "v" {
		return pageRef{}, errors.New("page: not a page of this view")
	}
	n, err1 := strconv.Atoi(parts[0])
	asOf, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || n < 0 || n > 1<<20 || asOf <= 0 {
		return pageRef{}, errors.New("page: not a page of this view")
	}
	return pageRef{N: n, AsOf: asOf, Valued: len(parts) == 3}, nil
}

// pageOf is the page a request asks for: the one its paging button names,
// else the first, as of now.
func pageOf(req *http.Request, f Filter) (pageRef, error) {
	p := strings.TrimSpace(req.FormValue("page"))
	if p == "" {
		return pageRef{AsOf: time.Now().UnixNano(), Valued: f.Value != ""}, nil
	}
	ref, err := parsePageRef(p)
	if err == nil && ref.Valued && f.Value == "" {
		err = errors.New("the search had a value: enter it again to turn the page (Wert erneut eingeben)")
	}
	return ref, err
}

// pager is the paging line under the decision count.
type pager struct {
	First, Last  int64
	Newer, Older string // the page buttons' values; empty: no such page
}

func formFilter(req *http.Request) (Filter, formValues, error) {
	if err := req.ParseForm(); err != nil {
		return Filter{}, formValues{}, fmt.Errorf("form: %w", err)
	}
	g := func(k string) string { return strings.TrimSpace(req.Form.Get(k)) }
	rid := NoticeRequestID(g("request"))
	fv := formValues{From: g("from"), To: g("to"), User: g("user"), Group: g("group"), Service: g("service"),
		Action: g("action"), Type: g("type"), Rule: g("rule"), Request: rid, Upstream: g("upstream"), ValueSet: g("value") != ""}
	f := Filter{Group: fv.Group, Service: fv.Service, Action: fv.Action, Type: fv.Type, Rule: fv.Rule, Upstream: fv.Upstream, RequestID: rid, Value: g("value")}
	if strings.HasPrefix(fv.User, "u-") {
		f.User = fv.User
	} else if fv.User != "" {
		f.UserName = fv.User
	}
	if fv.From == "" && fv.To == "" && req.Method == http.MethodGet && f.RequestID == "" {
		fv.From = time.Now().AddDate(0, 0, -30).Format("2006-01-02")
	}
	// A misspelt type or action would match nothing, and an empty result
	// reads as a clean log (the CLI refuses them too). The type field is
	// typed by hand: "iban" is meant as IBAN.
	if f.Type != "" {
		f.Type = strings.ToUpper(f.Type)
		fv.Type = f.Type
		if !slices.Contains(knownTypes, f.Type) {
			return f, fv, fmt.Errorf("Datenart %q unbekannt (type %q: unknown finding type); bekannt (known): %s", f.Type, f.Type, strings.Join(knownTypes, ", "))
		}
	}
	switch f.Action {
	case "", "allow", "warn", "redact", "block":
	default:
		return f, fv, fmt.Errorf("Entscheidung %q unbekannt, gültig sind (action %q: want) allow, warn, redact, block", f.Action, f.Action)
	}
	if f.Upstream != "" && f.Upstream != "any" && !slices.Contains(UpstreamOutcomes, f.Upstream) {
		return f, fv, fmt.Errorf("Übermittlung %q unbekannt, gültig sind (upstream %q: want) any, %s", f.Upstream, f.Upstream, strings.Join(UpstreamOutcomes, ", "))
	}
	var err error
	if fv.From != "" {
		if f.From, err = time.ParseInLocation("2006-01-02", fv.From, time.Local); err != nil {
			return f, fv, fmt.Errorf("Von: einen Tag als JJJJ-MM-TT angeben (from: want YYYY-MM-DD)")
		}
	}
	if fv.To != "" {
		if f.To, err = time.ParseInLocation("2006-01-02", fv.To, time.Local); err != nil {
			return f, fv, fmt.Errorf("Bis: einen Tag als JJJJ-MM-TT angeben (to: want YYYY-MM-DD)")
		}
		f.To = f.To.AddDate(0, 0, 1) // the whole "to" day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		// Matches nothing, and an empty result looks like a clean log.
		return f, fv, fmt.Errorf("Von %s liegt nach Bis %s: der Zeitraum ist leer (from is after to)", fv.From, fv.To)
	}
	return f, fv, nil
}

type pageData struct {
	// NoResult: the filter was invalid or the query failed, so there is
	// no count to show ("0 Einträge" would read as an empty log).
	NoResult  bool
	Form      formValues
	Pager     *pager
	Actions   []string
	Upstreams []string
	Error     string
	// Notes name the filter values no record of the log holds, when
	// nothing matched (Reader.Absent): a misspelt rule looked like a
	// clean log.
	Notes   []string
	Records []Record
	// Doubts are the shown records whose chain does not verify
	// (Reader.Check), by Doubt.Name; ChainWarning says so above the table.
	Doubts       map[string]*Doubt
	ChainWarning string
	// ChartWarning names where the chain behind the records the charts
	// count is broken (Reader.CheckSpans, as audit stats checks them):
	// the charts count every matching record, not only the page shown.
	ChartWarning string
	// ChartChecked says when that check ran: it is reused for
	// chartCheckTTL (page turns, narrower filters).
	ChartChecked string
	Total        int64
	Truncated    bool
	DayChart     chart
	TypeChart    chart
	Verify       *VerifyResult
	VerifyError  string
	Noted        int // noted hashes given to verify
}

// parseAnchors reads the noted hashes an auditor pasted into the verify
// form: NODE:SEQ:HASH each, separated by blanks, commas or line breaks (as
// copied from an earlier verify, the CLI's or this page's).
func parseAnchors(s string) ([]Anchor, error) {
	var out []Anchor
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		a, err := ParseAnchor(f)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

type chart struct {
	W, H   int
	Bars   []bar
	Labels []label
	Legend []label
	Empty  bool
}

type bar struct {
	X, Y, W, H  int
	Fill, Title string
}

type label struct {
	X, Y       int
	Text, Fill string
}

// actionDE is what each action means, in the words of the DPO's guide
// (docs/de/revision.md): the charts' legend and the filter's choices say
// it German first, the stored action after it, as every other label of
// the view does. Before, they said "allow", "warn", "redact", "block" only.
var actionDE = map[string]string{"allow": "erlaubt", "warn": "gewarnt", "redact": "geschwärzt", "block": "gesperrt"}

// ActionLabel is an action as the web view and audit query's and stats'
// tables name it, "gesperrt (block)"; an action without German words as
// it is.
func ActionLabel(a string) string {
	if de, ok := actionDE[a]; ok {
		return de + " (" + a + ")"
	}
	return a
}

// typeLabelsDE name the finding types (TAXONOMY.md) as the view's chart
// of findings labels them, German first with the type after it, which the
// filter's "Datenart" field, the CSV and the CLI take: "Steuer-ID
// (DE_TAX_ID)". Short, for the chart's label column; the notices staff
// read name them at length (proxy.TypeNameDE). Before, the chart said
// "DE_TAX_ID" only.
var typeLabelsDE = map[string]string{
	"EMAIL":               "E-Mail-Adresse",
	"PHONE":               "Telefonnummer",
	"IBAN":                "Bankverbindung",
	"CREDIT_CARD":         "Kreditkartennummer",
	"DE_TAX_ID":           "Steuer-ID",
	"DE_TAX_NUMBER":       "Steuernummer",
	"DE_VAT_ID":           "Umsatzsteuer-ID",
	"DE_SOCIAL_SECURITY":  "Sozialversicherungsnummer",
	"DE_HEALTH_INSURANCE": "Krankenversichertennummer",
	"DE_ID_CARD":          "Ausweis- oder Passnummer",
	"DE_LICENSE_PLATE":    "Kfz-Kennzeichen",
	"POSTAL_ADDRESS":      "Postanschrift",
	"DATE_OF_BIRTH":       "Geburtsdatum",
	"PERSON":              "Name einer Person",
	"IP_ADDRESS":          "IP-Adresse",
	"SECRET":              "Zugangsdaten",
	"CASE_REFERENCE":      "Aktenzeichen",
	"CLASSIFICATION":      "VS-Kennzeichnung",
	"SPECIAL_CATEGORY":    "besondere Kategorie nach Art. 9 DSGVO",
}

// TypeLabel, for the web view's chart and audit stats' table, is
// "Bankverbindung (IBAN)"; a count of the calling program's tool and
// schema text (SchemaFindingPrefix) "Bankverbindung im
// Werkzeug-/Schematext (schema:IBAN)"; a type without German words as it
// is.
func TypeLabel(t string) string {
	base, schema := strings.CutPrefix(t, SchemaFindingPrefix)
	de, ok := typeLabelsDE[base]
	if !ok {
		return t
	}
	if schema {
		de += " im Werkzeug-/Schematext"
	}
	return de + " (" + t + ")"
}

// findingsLabel is a record's findings as the web view's table and the
// CLI's table show them, German first with the type after it as the chart
// of findings labels them, each with its count as the chart's bar titles:
// "Bankverbindung (IBAN): 1, Name einer Person (PERSON): 2". The type stays
// in the text, so that a search of the page or a grep of the table for
// "IBAN" still finds the record. CSV and JSON keep findingsString's
// machine form ("IBAN=1 PERSON=2", docs/audit.md §7). Before, the tables
// showed the machine form only.
func findingsLabel(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = TypeLabel(k) + ": " + strconv.Itoa(m[k])
	}
	return strings.Join(parts, ", ")
}

// upstreamDE say what each outcome of a failed send (UpstreamOutcomes)
// means, in the words of the DPO's guide (docs/de/revision.md): the
// filter's choices and audit stats' table say it German first. Before, they
// said "dns", "timeout" … only.
var upstreamDE = map[string]string{
	"dns": "Name nicht auflösbar", "refused": "Verbindung abgelehnt", "dial": "keine Route",
	"tls": "kein TLS", "tls_verify": "Zertifikat des Dienstes nicht gültig", "timeout": "keine Antwort in der Frist",
	"reset": "Verbindung zurückgesetzt", "parent_refused": "übergeordneter Proxy lehnte ab",
	"canceled": "von der Person vor der Antwort beendet", "other": "anderer Fehler", "status_5xx": "Serverfehler 5xx des Dienstes",
}

// UpstreamLabel, for the web view's filter and audit stats' table, is
// "keine Antwort in der Frist (timeout)"; an outcome without German words
// as it is.
func UpstreamLabel(o string) string {
	if de, ok := upstreamDE[o]; ok {
		return de + " (" + o + ")"
	}
	return o
}

var actionColors = map[string]string{"allow": "#2e7d32", "warn": "#f9a825", "redact": "#1565c0", "block": "#c62828"}

func colorOf(action string) string {
	if c, ok := actionColors[action]; ok {
		return c
	}
	return "#757575"
}

func page(w http.ResponseWriter, req *http.Request, v *webView, verify bool) {
	r, cc := v.r, v.cc
	d := pageData{Actions: []string{"allow", "warn", "redact", "block"}, Upstreams: UpstreamOutcomes}
	f, fv, err := formFilter(req)
	d.Form = fv
	var ref pageRef
	if err == nil {
		ref, err = pageOf(req, f)
	}
	status := http.StatusOK
	if err != nil {
		d.Error = "Ungültiger Filter (invalid filter): " + err.Error()
		d.NoResult = true
		status = http.StatusBadRequest
	} else {
		// Records written after the first page was shown stay off every
		// later page: the pages of one search do not shift.
		if asOf := time.Unix(0, ref.AsOf+1); f.To.IsZero() || asOf.Before(f.To) {
			f.To = asOf
		}
		f.Limit, f.Newest, f.Offset = webLimit, true, ref.N*webLimit
		d.Records, err = r.Query(req.Context(), f)
		var st Stats
		if err == nil || errors.As(err, new(*UnreadableError)) {
			// Reused for a page turn while the store is as it was
			// (statsCache): counting them took ≈0.5 s at 100 000 records.
			st, err = v.sc.stats(req.Context(), r, f)
		}
		var ue *UnreadableError
		if errors.As(err, &ue) {
			// Show every other record, and name the damaged ones.
			d.Error = "Nicht lesbare Einträge, in Tabelle, Diagrammen und CSV nicht enthalten (unreadable records, left out): " + ue.Error()
			err = nil
		}
		if err != nil {
			d.Error = "Abfrage fehlgeschlagen (query failed): " + err.Error()
			d.NoResult = true
			status = http.StatusInternalServerError
		} else if doubts, gaps, cerr := r.Check(req.Context(), d.Records); cerr != nil {
			d.Error = "Abfrage fehlgeschlagen (query failed): " + cerr.Error()
			d.NoResult, d.Records = true, nil
			status = http.StatusInternalServerError
		} else {
			// The records shown are checked against their chain, so that
			// an altered one is not shown as if it were sound.
			if cut, err := r.CheckHeads(req.Context()); err != nil {
				d.ChainWarning = "Fehler (error): " + err.Error()
			} else {
				for _, b := range cut {
					d.ChainWarning += fmt.Sprintf("Warnung: Server %s: %s; sie fehlen in jeder Abfrage, „Hash-Kette prüfen“ prüft die ganze Kette. / Warning: node %s: %s. ", b.Node, b.ReasonDE, b.Node, b.Reason)
				}
			}
			d.ChainWarning += gapText(gaps, "die angezeigten Einträge davor und dahinter sind bestätigt", "the records shown before and behind it verify")
			if len(doubts) > 0 {
				d.Doubts = map[string]*Doubt{}
				for i := range doubts {
					d.Doubts[doubts[i].Name()] = &doubts[i]
				}
				d.ChainWarning += fmt.Sprintf("Warnung: %d der angezeigten Einträge sind nicht bestätigt, die Hash-Kette um sie ist gebrochen (rot markiert): sie wurden womöglich im Protokoll verändert; „Hash-Kette prüfen“ prüft die ganze Kette. / Warning: %d records shown do not verify, the hash chain around them is broken (marked red).", len(doubts), len(doubts))
			}
			// The charts count every matching record, most of them not
			// in the table: checked as audit stats checks its counts.
			// Before, an altered decision was counted without a word.
			// The check is reused for chartCheckTTL (a page turn checked
			// them all again, ≈1 s at 100 000 records), and the page says
			// when it ran.
			if broken, gaps, at, err := cc.check(req.Context(), r, st.Spans); err != nil {
				d.ChartWarning = "Fehler (error): " + err.Error()
			} else {
				if len(st.Spans) > 0 {
					ago := int(cc.now().Sub(at) / time.Second)
					d.ChartChecked = fmt.Sprintf("Hash-Kette der gezählten Einträge geprüft um %s (vor %d s); Blättern und engere Filter nutzen die Prüfung bis zu %d s lang, die angezeigten Einträge werden bei jedem Aufruf geprüft. / Chain of the records counted checked at %s (%d s ago), reused for up to %d s; the records shown are checked at each request.",
						at.Format("15:04:05"), ago, int(cc.kept.ttl/time.Second), at.Format("15:04:05"), ago, int(cc.kept.ttl/time.Second))
				}
				d.ChartWarning += gapText(gaps, "die Diagramme zählen die Einträge davor und dahinter, bestätigt", "the charts count the records before and behind it, verified")
				for _, b := range broken {
					d.ChartWarning += fmt.Sprintf("Warnung: Server %s: die Hash-Kette der gezählten Einträge ist bei Eintrag %d gebrochen: %s; die Diagramme können veränderte Einträge zählen, „Hash-Kette prüfen“ prüft die ganze Kette. / Warning: node %s: the hash chain of the records counted is broken at record %d: %s; the charts may count altered records. ", b.Node, b.Seq, b.ReasonDE, b.Node, b.Seq, b.Reason)
				}
			}
			d.Total = st.Records
			d.Truncated = st.Records > int64(len(d.Records))
			if d.Truncated {
				pg := &pager{First: int64(f.Offset) + 1, Last: int64(f.Offset + len(d.Records))}
				if len(d.Records) == 0 {
					pg.First, pg.Last = 0, 0 // a page past the end
				}
				if ref.N > 0 {
					pg.Newer = pageRef{N: ref.N - 1, AsOf: ref.AsOf, Valued: ref.Valued}.String()
				}
				if int64(f.Offset+webLimit) < st.Records {
					pg.Older = pageRef{N: ref.N + 1, AsOf: ref.AsOf, Valued: ref.Valued}.String()
				}
				d.Pager = pg
			}
			d.DayChart = dayChart(st)
			d.TypeChart = typeChart(st)
			if st.Records == 0 {
				absent, _ := r.Absent(req.Context(), f) // only a note: a failure leaves it out
				for _, a := range absent {
					if a.Field == "request-id" {
						de, en := RequestIDForm(a.Value)
						if de == "" {
							de, en = "abgeschrieben mit einem Fehler, oder aus einem anderen Audit-Protokoll?", "copied with a mistake, or from another audit log?"
						}
						d.Notes = append(d.Notes, fmt.Sprintf("Hinweis: Die Vorgangsnummer „%s“ steht in keinem Eintrag des ganzen Protokolls (%s). / Note: reference number %q is in no record of the whole log (%s).", a.Value, de, a.Value, en))
						continue
					}
					d.Notes = append(d.Notes, fmt.Sprintf("Hinweis: %s „%s“ kommt in keinem Eintrag des ganzen Protokolls vor (Tippfehler? Groß- und Kleinschreibung zählt). / Note: %s %q is in no record of the whole log.", webAbsentDE[a.Field], a.Value, a.Field, a.Value))
				}
			}
		}
	}
	if verify {
		d.Form.Expect = strings.TrimSpace(req.Form.Get("expect"))
		anchors, err := parseAnchors(d.Form.Expect)
		if err != nil {
			d.VerifyError = "Notierter Hash unlesbar (noted hash unreadable): " + err.Error()
			status = http.StatusBadRequest
		} else if res, _, err := r.VerifyNoted(req.Context(), anchors...); err != nil {
			d.VerifyError = err.Error()
		} else {
			d.Verify = &res
			d.Noted = len(anchors)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	pageTmpl.Execute(w, d)
}

// webAbsentDE names a filter field as the form labels it.
var webAbsentDE = map[string]string{"rule": "Regel", "service": "Dienst", "group": "Gruppe", "node": "Server"}

// dayChart stacks the decisions of each day by action.
func dayChart(st Stats) chart {
	c := chart{W: 720, H: 220, Empty: len(st.ByDay) == 0}
	var maxN int64 = 1
	for _, b := range st.ByDay {
		maxN = max(maxN, b.Count)
	}
	plotH := 170
	n := max(len(st.ByDay), 1)
	step := (c.W - 40) / n
	bw := max(min(step-4, 60), 2)
	for i, b := range st.ByDay {
		x := 40 + i*step
		y := 10 + plotH
		for _, a := range []string{"allow", "warn", "redact", "block"} {
			k := st.DayAction[b.Key][a]
			if k == 0 {
				continue
			}
			h := int(int64(plotH) * k / maxN)
			y -= h
			c.Bars = append(c.Bars, bar{x, y, bw, h, colorOf(a), fmt.Sprintf("%s %s: %d", b.Key, ActionLabel(a), k)})
		}
		for a, k := range st.DayAction[b.Key] {
			if _, ok := actionColors[a]; !ok && k > 0 {
				h := int(int64(plotH) * k / maxN)
				y -= h
				c.Bars = append(c.Bars, bar{x, y, bw, h, colorOf(a), fmt.Sprintf("%s %s: %d", b.Key, ActionLabel(a), k)})
			}
		}
		if n <= 16 || i%(n/16+1) == 0 {
			c.Labels = append(c.Labels, label{X: x, Y: 10 + plotH + 16, Text: b.Key[5:]})
		}
	}
	c.Labels = append(c.Labels, label{X: 0, Y: 18, Text: strconv.FormatInt(maxN, 10)})
	for i, a := range []string{"allow", "warn", "redact", "block"} {
		c.Legend = append(c.Legend, label{X: 40 + i*150, Y: c.H - 4, Text: ActionLabel(a), Fill: colorOf(a)})
	}
	return c
}

// typeChart draws findings per type as horizontal bars, each labelled
// German first (TypeLabel).
func typeChart(st Stats) chart {
	rowH := 22
	c := chart{W: 720, H: max(len(st.ByType), 1)*rowH + 10, Empty: len(st.ByType) == 0}
	var maxN int64 = 1
	labels := make([]string, len(st.ByType))
	// The bars start after the longest label (≈6 px a letter at the
	// page's 11 px), within bounds.
	x := 180
	for i, b := range st.ByType {
		maxN = max(maxN, b.Count)
		labels[i] = TypeLabel(b.Key)
		x = max(x, 6*utf8.RuneCountInString(labels[i])+12)
	}
	x = min(x, 560)
	c.W = x + 540
	for i, b := range st.ByType {
		y := 5 + i*rowH
		wdt := max(int(int64(c.W-x-80)*b.Count/maxN), 1)
		c.Bars = append(c.Bars, bar{x, y, wdt, rowH - 6, "#1565c0", fmt.Sprintf("%s: %d", labels[i], b.Count)})
		c.Labels = append(c.Labels, label{X: 0, Y: y + rowH - 10, Text: labels[i]},
			label{X: x + 6 + wdt, Y: y + rowH - 10, Text: strconv.FormatInt(b.Count, 10)})
	}
	return c
}

// gapText names the gaps a check of the records shown or counted met
// (Check, CheckSpans) as "Kette prüfen" names them, German first: a gap a
// note explains as a Hinweis, records lost in a salvage as a Warnung
// (lost, not deleted); the chain around both verifies (rest says so).
func gapText(gaps []LostRange, restDE, restEN string) string {
	var b strings.Builder
	for _, l := range gaps {
		de, en := l.Reason()
		if l.Lost() {
			fmt.Fprintf(&b, "Warnung: Server %s: %s; %s, „Hash-Kette prüfen“ nennt alles Verlorene. / Warning: node %s: %s; %s. ", l.Node, de, restDE, l.Node, en, restEN)
			continue
		}
		fmt.Fprintf(&b, "Hinweis: Server %s: %s. / Note: node %s: %s. ", l.Node, de, l.Node, en)
	}
	return b.String()
}
