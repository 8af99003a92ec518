//go:build tools

// Package tools pins modules that packages of this repository are about to use,
// so that `go mod tidy` keeps them while work is in progress.
package tools

import (
	_ "github.com/andybalholm/brotli"
	_ "github.com/anthropics/anthropic-sdk-go/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/coregx/ahocorasick"
	_ "github.com/dlclark/regexp2/v2"
	_ "github.com/elazarl/goproxy"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/go-ldap/ldap/v3"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/klauspost/compress/zstd"
	_ "github.com/open-policy-agent/opa/v1/rego"
	_ "github.com/openai/openai-go/v3"
	_ "github.com/pdfcpu/pdfcpu/pkg/api"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/spf13/cobra"
	_ "github.com/vjeantet/ldapserver"
	_ "github.com/xuri/excelize/v2"
	_ "go.opentelemetry.io/otel"
	_ "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	_ "go.opentelemetry.io/otel/exporters/prometheus"
	_ "go.opentelemetry.io/otel/sdk/metric"
	_ "go.opentelemetry.io/otel/sdk/trace"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/crypto/bcrypt"
	_ "golang.org/x/net/http2"
	_ "modernc.org/sqlite"
)
