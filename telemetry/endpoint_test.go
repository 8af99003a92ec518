package telemetry

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

var endpointRows = []struct {
	in   string
	want string // the English reason; "" for a usable endpoint
}{
	{"http://otel-collector.intern:4318", ""},
	{"https://otel.example.org", ""},
	{"HTTP://127.0.0.1:4318/v1/traces", ""},
	{"http://[::1]:4318", ""},
	{"localhost:4318", "it lacks http:// or https://"},
	{"otel-collector.intern", "it lacks http:// or https://"},
	{"//otel-collector.intern:4318", "it lacks http:// or https://"},
	{"127.0.0.1:4318", "it lacks http:// or https://"},
	{"://collector:4318", "the URL cannot be parsed"},
	{"ftp://otel.example.org:4318", "the scheme must be http or https"},
	{"grpc://otel.example.org:4317", "the scheme must be http or https"},
	{"http://[bad", "the URL cannot be parsed"},
	{"http://127.0.0.1:notaport", "the URL cannot be parsed"},
	{"http://127.0.0.1:0", "the port must be a number from 1 to 65535"},
	{"http://127.0.0.1:70000", "the port must be a number from 1 to 65535"},
	{"http://:4318", "the host is missing"},
	{"http:///v1/traces", "the host is missing"},
}

// TestCheckEndpoint: an OTLP endpoint that is no http(s) URL with a host
// and a port 1–65535 is named with what is wrong, in English and German.
// Before, the exporter wrote a line of its own to stderr for some and took
// the others as they were: the spans were lost without a word in the log.
func TestCheckEndpoint(t *testing.T) {
	for _, r := range endpointRows {
		en, de := checkEndpoint(r.in)
		if en != r.want || (en == "") != (de == "") {
			t.Errorf("checkEndpoint(%q) = %q, %q; want %q", r.in, en, de, r.want)
		}
	}
}

// TestSetupRefusesBadEndpoint: Setup with traces on and a broken endpoint
// returns an *EndpointError that names the variable, not its value (it may
// hold credentials); the traces endpoint is checked before the general one,
// and nothing is checked when the SDK is off.
func TestSetupRefusesBadEndpoint(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://user:geheim@collector.intern:99999")
	_, err := Setup(context.Background(), Config{Traces: true})
	ee, ok := errors.AsType[*EndpointError](err)
	if !ok || ee.Var != "OTEL_EXPORTER_OTLP_ENDPOINT" || strings.Contains(err.Error(), "geheim") || strings.Contains(ee.German(), "geheim") ||
		!strings.Contains(ee.German(), "der Port muss eine Zahl von 1 bis 65535 sein") {
		t.Fatalf("Setup: %v, want an EndpointError for OTEL_EXPORTER_OTLP_ENDPOINT without its value", err)
	}
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector.intern:4318")
	if ee, ok := errors.AsType[*EndpointError](CheckEndpoints()); !ok || ee.Var != "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" {
		t.Fatalf("CheckEndpoints: %v, want the traces endpoint named", ee)
	}
	t.Setenv("OTEL_SDK_DISABLED", "true")
	if err := CheckEndpoints(); err != nil {
		t.Fatalf("CheckEndpoints with the SDK disabled: %v", err)
	}
	tel, err := Setup(context.Background(), Config{Traces: true})
	if err != nil {
		t.Fatalf("Setup with the SDK disabled: %v", err)
	}
	_ = tel.Shutdown(context.Background())
}

func FuzzCheckEndpoint(f *testing.F) {
	for _, r := range endpointRows {
		f.Add(r.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		en, de := checkEndpoint(s)
		if (en == "") != (de == "") {
			t.Fatalf("%q: %q, %q", s, en, de)
		}
		if en != "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) || u.Hostname() == "" {
			t.Fatalf("%q accepted: %v", s, err)
		}
	})
}
