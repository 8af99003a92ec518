package telemetry

import (
	"net/url"
	"os"
	"strconv"
	"strings"
)

// EndpointError is an OTLP endpoint variable that the exporter cannot use:
// no http(s) URL, a host or port missing or wrong. Without this check the
// exporter logged a line of its own to stderr ("parse url") or took the
// value as it was, and the spans went to its default address or nowhere.
// The variable's value is not repeated: it may hold credentials.
type EndpointError struct {
	Var    string // the variable's name, e.g. OTEL_EXPORTER_OTLP_ENDPOINT
	Reason string // what is wrong, in English
	Grund  string // the same in German
}

func (e *EndpointError) Error() string {
	return "telemetry: " + e.Var + " is no OTLP/HTTP endpoint: " + e.Reason
}

// German is the error for IT, German first: what is wrong and an example.
func (e *EndpointError) German() string {
	return e.Var + " ist keine Adresse für den OTLP/HTTP-Export: " + e.Grund +
		"; erwartet wird eine http(s)-URL wie http://otel-collector.intern:4318"
}

// CheckEndpoints reports the first OTLP endpoint variable that is set but
// no http(s) URL with a host and, if given, a port 1–65535, when the
// environment asks for OTLP traces (not with OTEL_SDK_DISABLED=true or
// OTEL_TRACES_EXPORTER=none). The variables are those of OTLP/HTTP
// traces: the traces endpoint, which wins, and the general one.
func CheckEndpoints() error {
	if !otlpConfigured() {
		return nil
	}
	for _, name := range []string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"} {
		v := strings.TrimSpace(os.Getenv(name))
		if v == "" {
			continue
		}
		if en, de := checkEndpoint(v); en != "" {
			return &EndpointError{Var: name, Reason: en, Grund: de}
		}
	}
	return nil
}

// checkEndpoint says what is wrong with an endpoint URL, in English and
// German, or "" for a usable one.
func checkEndpoint(v string) (en, de string) {
	if !strings.Contains(v, "://") {
		// "collector:4318", "127.0.0.1:4318": url reads the host as a
		// scheme, or refuses the colon.
		return "it lacks http:// or https://", "es fehlt http:// oder https://"
	}
	u, err := url.Parse(v)
	if err != nil {
		// url's error repeats the value; say only what kind it is.
		return "the URL cannot be parsed", "die URL lässt sich nicht lesen"
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "the scheme must be http or https", "das Schema muss http oder https sein"
	}
	if u.Hostname() == "" {
		return "the host is missing", "der Host fehlt"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "the port must be a number from 1 to 65535", "der Port muss eine Zahl von 1 bis 65535 sein"
		}
	}
	return "", ""
}
