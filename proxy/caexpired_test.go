package proxy

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/logsink"
	"github.com/schleuse/schleuse/internal/testpki"
)

// TestExpiredCAFailsClosedTunnelsGoOn: with an interception CA past its
// end the proxy still serves: a CONNECT to an inspected service is refused
// with 503 and a German answer that says why (no LLM traffic without
// inspection), a host outside the catalogue is tunnelled as before, and
// /readyz says the CA failed. Before, run did not start at all, and every
// tunnel (pac.mode all) went down with the inspected services.
func TestExpiredCAFailsClosedTunnelsGoOn(t *testing.T) {
	originCA := testpki.NewCA("origin CA")
	origin := upstream(t, originCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "origin")
	}), "www.example.org")
	rec := &reasonRecorder{}
	h := newHarnessWith(t, nil, io.Discard, rec, func(c *config.Config) {
		testpki.WriteStateCA(c.StateDir, time.Now().AddDate(-2, 0, 0), time.Now().AddDate(0, 0, -1))
		// Services on shared hosts, whose hosts are tunnelled until they
		// are enabled, and a blocked one: refused as well.
		c.Services = append(c.Services, config.Service{ID: "duck-ai-duckduckgo", Mode: "inspect"}, config.Service{ID: "grok-x", Mode: "inspect"},
			config.Service{ID: "copilot-web", Provider: "microsoft", Hosts: []string{"copilot.microsoft.com"}, Mode: "block"})
	}, map[string]string{"www.example.org:443": origin}, testpki.NewCA("upstream"))
	if h.srv.ca.Problem(time.Now()) == "" {
		t.Fatal("the harness did not load the expired CA")
	}
	hosts := []string{"api.openai.com:443", "chatgpt.com:443", "duckduckgo.com:443", "DuckDuckGo.com.:443", "api.x.com:443", "copilot.microsoft.com:443"}
	for _, host := range hosts {
		code, body := h.rawConnect(t, host)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "Interception-CA) abgelaufen") || !strings.Contains(body, "interception CA expired on ") {
			t.Errorf("CONNECT %s with an expired CA: %d %q", host, code, body)
		}
	}
	if got := rec.take(); len(got) != len(hosts) || slices.ContainsFunc(got, func(r string) bool { return r != "ca_expired" }) {
		t.Errorf("refusals counted as %q, want ca_expired for each of %d", got, len(hosts))
	}
	// A tunnel needs no CA: the origin's own certificate, as before.
	resp, err := h.client(originCA.Pool(), false).Get("https://www.example.org/")
	if err != nil {
		t.Fatalf("tunnel with an expired CA: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "origin" {
		t.Errorf("tunnel: %q", b)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + h.srv.AdminAddr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/readyz"); code != 503 || !strings.HasPrefix(body, "nicht bereit: die Interception-CA ist am ") || !strings.Contains(body, "CONNECTs zu den geprüften KI-Diensten werden abgewiesen") ||
		!strings.Contains(body, " / not ready: interception CA expired on ") {
		t.Errorf("readyz with an expired CA: %d %q", code, body)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("healthz: %d (the process lives; a restart does not mend the CA)", code)
	}
}

// TestCAProblem: the dates of the CA, read at a given time.
func TestCAProblem(t *testing.T) {
	ca, err := InitCA(t.TempDir(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	if p := ca.Problem(time.Now()); p != "" {
		t.Errorf("a new CA: %q", p)
	}
	if p := ca.Problem(ca.Cert.NotAfter.Add(time.Second)); !strings.HasPrefix(p, "interception CA expired on "+ca.Cert.NotAfter.UTC().Format(time.DateOnly)) {
		t.Errorf("after its end: %q", p)
	}
	if p := ca.Problem(ca.Cert.NotBefore.Add(-time.Hour)); !strings.HasPrefix(p, "interception CA not valid before ") {
		t.Errorf("before its start: %q", p)
	}
}

// TestExpiredCARefusalAudited: a CONNECT to an inspected service refused
// because the interception CA is expired is in the audit log (one record
// per refusal, the service and host, rule schleuse:ca_expired, no user:
// it is refused before the proxy login) and in the log at most once per
// auditErrorEvery, with the number held back. Before, only the metric
// and one info line per refusal said so; auditors saw nothing.
func TestExpiredCARefusalAudited(t *testing.T) {
	var logBuf logsink.Buffer
	h := newPipeHarnessOpts(t, pipeOpts{log: &logBuf, mutate: func(c *config.Config) {
		testpki.WriteStateCA(c.StateDir, time.Now().AddDate(-2, 0, 0), time.Now().AddDate(0, 0, -1))
	}})
	var bodies []string
	for _, host := range []string{"api.openai.com:443", "API.OpenAI.com.:443", "llm.example.net:443"} {
		code, body := h.rawConnect(t, host)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "abgelaufen") {
			t.Fatalf("CONNECT %s with an expired CA: %d %q", host, code, body)
		}
		bodies = append(bodies, body)
	}
	recs, err := h.auditReader(t).Query(context.Background(), audit.Filter{Rule: "schleuse:ca_expired"})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ svc, host string }{{"openai-api", "api.openai.com"}, {"openai-api", "api.openai.com"}, {"llm-unregistered", "llm.example.net"}}
	if len(recs) != len(want) {
		t.Fatalf("%d records of refusals with an expired CA, want %d: %+v", len(recs), len(want), recs)
	}
	ids := map[string]bool{}
	for i, r := range recs {
		if r.ServiceID != want[i].svc || r.Host != want[i].host || r.Action != "block" || r.User != "" || len(r.Rules) != 1 || r.RequestID == "" || ids[r.RequestID] {
			t.Errorf("record %d: %+v, want service %s host %s, action block, no user, its own request id", i, r, want[i].svc, want[i].host)
		}
		ids[r.RequestID] = true
		if !strings.Contains(bodies[i], "Vorgangsnummer: "+r.RequestID+"\n") || !strings.Contains(bodies[i], "Reference number: "+r.RequestID+"\n") {
			t.Errorf("answer %d does not name its record's request id %s: %q", i, r.RequestID, bodies[i])
		}
	}
	lines := strings.Count(logBuf.String(), `"msg":"Anfrage abgewiesen: Interception-CA nicht gültig, die KI-Dienste werden abgewiesen, bis sie erneuert ist (schleuse ca init --force --config DATEI) / request refused: interception CA not valid, AI services refused`)
	if lines != 1 || !strings.Contains(logBuf.String(), `"not_logged_since":0`) {
		t.Errorf("%d log lines for 3 refusals within %v, want 1:\n%s", lines, auditErrorEvery, logBuf.String())
	}
}
