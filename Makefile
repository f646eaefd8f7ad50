# Tusk. `make run` builds and opens the app; `make test` runs every check
# CI runs. Both install what they need on a fresh Debian machine.

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
# A parsable locale keeps Fyne from logging about LANG=C in tests.
export LANG := en_US.UTF-8
GO ?= go
BIN := bin/tusk
PKGS := ./...

.PHONY: run build debug test vet fmt-check deps-gui deps-test bench package clean crash fuzz test-sync

run: build
	./$(BIN)

deps-gui:
	@./packaging/deps.sh gui

deps-test:
	@./packaging/deps.sh test

# migrated_fynedo: every goroutine already hands UI work to fyne.Do.
build: deps-gui
	$(GO) mod download
	CGO_ENABLED=1 $(GO) build -tags migrated_fynedo -trimpath -o $(BIN) ./app

# A build for finding threading mistakes: without migrated_fynedo Fyne checks
# every call, and logs "*** Error in Fyne call thread" with the caller when
# a widget is touched off the UI goroutine (or fyne.Do is called on it); the
# race detector is on too. bin/ holds no FyneApp.toml, whose fyneDo = true
# would turn the checks off again. DEBUG_TAGS=debug adds Fyne's own debug
# mode (outlines around every object, GL errors logged). Never ship it.
DEBUG_TAGS ?=
debug: deps-gui
	$(GO) mod download
	CGO_ENABLED=1 $(GO) build -race -tags '$(DEBUG_TAGS)' -o bin/tusk-debug ./app

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet -tags ci $(PKGS)

# -tags ci swaps in Fyne's headless test driver: no window, no GL.
test: deps-test
	$(GO) mod download
	$(MAKE) --no-print-directory fmt-check
	$(MAKE) --no-print-directory vet
	CGO_ENABLED=1 $(GO) test -race -tags ci -timeout 20m $(PKGS)

# Benchmarks recorded in docs/BENCHMARKS.md.
bench: deps-test
	$(GO) test -tags ci -run '^$$' -bench . -benchmem -benchtime 2s $(PKGS)

# Crash harness (not part of make test): CRASH_KILLS SIGKILLs (200) at random
# moments while a child process inspects, decides, makes slips and imports
# bundles; every acknowledged save must be there after each kill.
# Figures: docs/RELIABILITY.md.
CRASH_KILLS ?= 200
crash: deps-test
	CRASH_KILLS=$(CRASH_KILLS) $(GO) test -tags 'ci crash' -run '^TestCrashHarness$$' -count=1 -timeout 60m -v ./app/cli | grep -E '^(CRASH|--- |ok|FAIL|PASS)|crash_test.go'

# Every parser fuzzed for FUZZTIME (60s) each, from the seed corpora in each
# package's testdata/fuzz (not part of make test). Executions per target:
# docs/RELIABILITY.md.
FUZZTIME ?= 60s
fuzz: deps-test
	@./packaging/fuzz.sh $(FUZZTIME)

# Stations and a supervisor over two real Syncthing instances on 127.0.0.1
# (discovery, relays, NAT and reporting off): installs Debian's syncthing
# and takes about three minutes. Not part of make test. docs/exchange.md.
test-sync:
	./packaging/test-sync.sh

package: build
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	cd app && fyne package -os linux --exe ../$(BIN) --release --app-id org.tusk.depot --name Tusk --icon ../assets/icons/tusk-512.png

clean:
	rm -rf bin
