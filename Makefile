# schleuse — `make help` lists the targets.
GO        ?= go
PKGS      ?= ./...
CONFIG    ?=
FUZZTIME  ?= 10s
FUZZMINTIME ?= 5s
BENCHTIME ?= 1s
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
# The detectors find word starts with vector compares (AVX2, AVX-512) from
# simd/archsimd, which Go 1.26 builds only with this experiment; without it,
# or on other CPUs, the same pass runs eight bytes at a time. Tests check
# every way the machine has against the same reference.
GOEXPERIMENT ?= simd
export GOEXPERIMENT

.PHONY: help build run test e2e bench fuzz lint fmt clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build bin/schleuse
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/schleuse ./cmd/schleuse

run: build ## start the proxy on 127.0.0.1:3128 (admin 127.0.0.1:9090); CONFIG=file.yaml to use a config
	./bin/schleuse run $(if $(CONFIG),--config $(CONFIG))

test: ## run all tests (unit, race on the concurrent packages, end to end); `make lint` vets
	$(GO) test -count=1 $(PKGS)
	GOEXPERIMENT= $(GO) test -count=1 ./internal/byteset/
	$(GO) test -count=1 -race -timeout 30m ./proxy/... ./pseudonym/... ./policies/... ./audit/... ./identity/...
	$(MAKE) e2e

e2e: build ## end-to-end tests: the real binary, headless Chromium, SDK clients
	SCHLEUSE_BIN=$(CURDIR)/bin/schleuse $(GO) test -count=1 -tags e2e -timeout 10m ./e2e/...

BENCHOUT ?= bin/bench

bench: build ## benchmarks, bounded (≈6 min); raw output in bin/bench/ (BENCHOUT=DIR), figures go to docs/benchmarks.md
	@mkdir -p $(BENCHOUT)
	cat /proc/loadavg > $(BENCHOUT)/loadavg-start.txt
	$(GO) test -run '^$$' -bench 'Engine|Detector|NaiveRegex' -benchmem -benchtime 300ms -tags bench -timeout 10m ./bench/ > $(BENCHOUT)/detect.txt || (cat $(BENCHOUT)/detect.txt; exit 1); cat $(BENCHOUT)/detect.txt
# the engine on one core doing all the work (no idle second core spinning, the collector inline): MB/s per core
	GOMAXPROCS=1 $(GO) test -run '^$$' -bench 'Engine' -benchmem -benchtime 300ms -count 3 -tags bench -timeout 10m ./bench/ > $(BENCHOUT)/detect-1core.txt || (cat $(BENCHOUT)/detect-1core.txt; exit 1); cat $(BENCHOUT)/detect-1core.txt
# the detectors package's texts on one core: no candidates at all (no keyword prefix, digit or capital), prose, 1 per KB
	GOMAXPROCS=1 $(GO) test -run '^$$' -bench 'Scan(NoCandidates|Prose|)$$' -benchmem -benchtime 300ms -count 3 ./detectors/ > $(BENCHOUT)/detect-pkg.txt || (cat $(BENCHOUT)/detect-pkg.txt; exit 1); cat $(BENCHOUT)/detect-pkg.txt
# every worst-case input at 64 KB and 1 MB: the MB/s of the two sizes must be of one order (linear work), ≈10 s
	$(GO) test -run '^$$' -bench 'ScanWorstCase' -benchtime 1x ./detectors/ > $(BENCHOUT)/worstcase.txt || (cat $(BENCHOUT)/worstcase.txt; exit 1); cat $(BENCHOUT)/worstcase.txt
	$(GO) test -run '^$$' -bench 'Decide|InputValue' -benchmem -benchtime $(BENCHTIME) ./policies/ > $(BENCHOUT)/policy.txt || (cat $(BENCHOUT)/policy.txt; exit 1); cat $(BENCHOUT)/policy.txt
	$(GO) test -run '^$$' -bench 'Sustained(SQLite|Postgres)$$|LogLatency|LogOnly' -benchmem -benchtime $(BENCHTIME) ./audit/ > $(BENCHOUT)/audit.txt || (cat $(BENCHOUT)/audit.txt; exit 1); cat $(BENCHOUT)/audit.txt
	$(GO) test -run '^$$' -bench 'Restorer' -benchmem -benchtime $(BENCHTIME) ./pseudonym/ > $(BENCHOUT)/pseudonym.txt || (cat $(BENCHOUT)/pseudonym.txt; exit 1); cat $(BENCHOUT)/pseudonym.txt
	SCHLEUSE_BIN=$(CURDIR)/bin/schleuse SCHLEUSE_BENCH_OUT=$(CURDIR)/$(BENCHOUT)/proxy.md SCHLEUSE_BENCH_PROFILE=$(CURDIR)/$(BENCHOUT)/schleuse-cpu.pprof \
	  $(GO) test -run '^$$' -bench 'Proxy$$' -benchtime 1x -tags bench -timeout 10m ./bench/ > $(BENCHOUT)/proxy.txt || (cat $(BENCHOUT)/proxy.txt; exit 1); cat $(BENCHOUT)/proxy.txt
	cat /proc/loadavg > $(BENCHOUT)/loadavg-end.txt

fuzz: ## run every fuzz target for FUZZTIME each (a new input is shrunk for at most FUZZMINTIME)
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$pkg; \
	  done; \
	done

lint: ## gofmt, go vet (also the e2e and bench build tags)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet $(PKGS)
	GOEXPERIMENT= $(GO) vet ./detectors/ ./internal/byteset/
	$(GO) vet -tags e2e ./e2e/...
	$(GO) vet -tags bench ./bench/...

fmt: ## gofmt the tree
	gofmt -w $$(git ls-files '*.go')

clean: ## remove build output
	rm -rf bin
