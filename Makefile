# tenglong — the two set-up commands are `make demo` and `make test`.
GO      ?= go
BIN     ?= tenglong
PKGS    := ./...
CROSS   := windows/amd64 linux/amd64 linux/arm64 linux/loong64
export CGO_ENABLED := 0

.PHONY: build test deps tidy demo bench bench-smoke cross fmt vet clean fuzz

# The release from git (v1.2.0, v1.2.0-3-gabc1234, -dirty), shown by tenglong --version;
# "dev" outside a git checkout.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/tenglong

# The Debian packages the tests need (.ci/packages) are checked first: one Chinese
# line with the apt-get command when one is missing (as root with apt-get, installed).
# gofmt, vet and go mod tidy next: a red test run should not hide an unformatted file
# or an untidy go.mod. The tests run through internal/testprogress, which names each
# package as it starts, says every 30 s which are still running, shows failing tests
# in full and keeps go test's `ok  pkg  12.3s` and FAIL lines; its exit code is go test's.
test: deps fmt vet tidy
	GO=$(GO) $(GO) run ./internal/testprogress -count=1 -timeout 45m $(PKGS)

deps:
	@sh .ci/deps.sh

# go.mod and go.sum must be what `go mod tidy` makes them: a diff fails the run.
tidy:
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum 不整洁，请运行 go mod tidy 后提交"; exit 1; }

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt 需要格式化这些文件 / gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

demo: build
	./$(BIN) demo

# Go benchmarks, then every bench script at its size: the 1,300-template race against
# openpyxl and XlsxWriter, the 1,300-return ingest against an openpyxl read and the
# unzip floor, consolidation/scoring/bulletin, status/history/check, mail, and 1,300
# units uploading at once to tenglong serve — ingest, consolidate and commands again at
# 5,000 units (issue 21's province-scale figures). Each script prints its table and its
# budget and goal lines; they are also gathered (BENCH_GOALS) and printed together at
# the end, so one run shows every figure against its goal. Every script runs even when
# an earlier one misses, and the target fails at the end, naming the runs that missed.
BENCH_RUNS := compare:1300 ingest:1300 consolidate:1300 commands:1300 mail:1300 serve:1300 \
	ingest:5000 consolidate:5000 commands:5000
BENCH_SCRIPTS := compare ingest consolidate commands mail serve
bench:
	@sh .ci/deps.sh .ci/packages-bench
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
	@goals=$$(mktemp); failed=; for run in $(BENCH_RUNS); do \
		b=$${run%%:*}; n=$${run#*:}; \
		echo "== bench/$$b.sh at $$n units"; \
		BENCH_GOALS=$$goals BENCH_UNITS=$$n GO=$(GO) bash bench/$$b.sh || failed="$$failed $$b:$$n"; \
	done; \
	echo; echo "make bench: every budget and goal of this run (issue 21's goals included)"; \
	cat $$goals; rm -f $$goals; \
	if [ -n "$$failed" ]; then echo "make bench: missed a budget or goal, or failed:$$failed"; exit 1; fi

# Every bench script at a small size (CI): the same steps as `make bench` on
# BENCH_SMOKE_UNITS units, so a broken bench fails here, not on the day someone
# measures; the budgets and issue 21's goals are printed, enforced only at full size.
# The mail bench needs root (it starts Postfix and Dovecot).
BENCH_SMOKE_UNITS ?= 30
bench-smoke:
	@failed=; for b in $(BENCH_SCRIPTS); do \
		echo "== bench/$$b.sh at $(BENCH_SMOKE_UNITS) units"; \
		BENCH_UNITS=$(BENCH_SMOKE_UNITS) GO=$(GO) bash bench/$$b.sh || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "make bench-smoke: these bench scripts failed:$$failed"; exit 1; fi

# Every fuzz target, each for a bounded number of executions (CI's smoke run), or for
# FUZZTIME each when set (before resolving an issue that touches a parser:
# make fuzz FUZZTIME=10m). Counts, not durations: with a duration, go1.26's fuzz
# coordinator can end a clean run with "context deadline exceeded" (go.dev/issue/75804).
FUZZTIME ?=
FUZZ := report:FuzzWrapText:200000 report:FuzzParseFont:3000 mail:FuzzReadSaved:100000 \
	returns:FuzzUnzip:100000 returns:FuzzNormalizeNumber:200000 returns:FuzzNormalizeDate:100000 \
	workbook:FuzzReadTemplate:1000
fuzz:
	@set -e; for t in $(FUZZ); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; budget=$${rest#*:}x; \
		[ -n "$(FUZZTIME)" ] && budget=$(FUZZTIME); \
		echo "fuzzing $$name in ./$$pkg for $$budget"; \
		$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $$budget -fuzzminimizetime 1s ./$$pkg; \
	done

cross:
	@set -e; for target in $(CROSS); do \
		os=$${target%/*}; arch=$${target#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		echo "building dist/$(BIN)-$$os-$$arch$$ext"; \
		GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o dist/$(BIN)-$$os-$$arch$$ext ./cmd/tenglong; \
	done

clean:
	rm -rf $(BIN) dist
