#!/usr/bin/env bash
# bench/serve.sh — the load test of `tenglong serve` (issue 19), run by `make bench`.
#
# In one run: builds tenglong, writes bench/ingest.sh's generated campaign (1,300
# units, 100 indicators, one list of 300 prepared rows, no tasks; BENCH_SINGLE units
# more) into a fresh workspace, runs `tenglong generate`, fills every template the
# way a township returns it (internal/corpus/fill, all valid), then bench/serveload
# starts `tenglong serve --listen 127.0.0.1:0 --no-browser`, takes every unit's link
# from `tenglong links --json`, uploads BENCH_SINGLE returns one at a time (a quiet
# server's latency) and then the 1,300 others all at once (one client per unit,
# X-Requested-With: tenglong, JSON answers), stops the server with SIGTERM and
# checks the store: every acknowledged upload stored exactly once, with its file and
# values, and nothing else. It prints uploads/s, latency p50/p90/p99/max, the
# server's CPU and peak RSS and the load average. Exit status 1 when an upload was
# not acknowledged as accepted or the store does not hold exactly what was
# acknowledged — at every size: correctness is not a budget. There is no latency
# budget (the issue asks for the figures).
#
# Environment:
#   BENCH_UNITS=1300      units in the generated campaign, one upload each
#   BENCH_CLIENTS=0       uploads in flight at once (0: every unit at once)
#   BENCH_SINGLE=20       more units, whose returns go first, one at a time: the
#                         latency of a lone upload (the issue: within a second)
#   BENCH_TENGLONG=PATH   run this tenglong binary instead of building ./cmd/tenglong
#   BENCH_KEEP=1          keep the work directory (printed) instead of deleting it
set -euo pipefail

cd "$(dirname "$0")/.."
UNITS=${BENCH_UNITS:-1300}
CLIENTS=${BENCH_CLIENTS:-0}
SINGLE=${BENCH_SINGLE:-20}
PERIOD=2022Q3
CLOCK=2022-10-05T09:30:00+08:00 # before the period's deadline: uploads are on time
GO=${GO:-go}

work=$(mktemp -d "${TMPDIR:-/tmp}/tenglong-serve.XXXXXX")
if [ "${BENCH_KEEP:-}" = 1 ]; then
	echo "work directory: $work"
else
	trap 'rm -rf "$work"' EXIT
fi
export TENGLONG_CACHE_DIR="$work/cache" # the store's checked stamps stay in the run's folder

echo "== building tenglong, the generated campaign ($UNITS units), its templates and returns"
if [ -n "${BENCH_TENGLONG:-}" ]; then
	cp "$BENCH_TENGLONG" "$work/tenglong"
else
	CGO_ENABLED=0 "$GO" build -o "$work/tenglong" ./cmd/tenglong
fi
CGO_ENABLED=0 "$GO" build -o "$work/gencampaign" ./internal/corpus/cmd/gencampaign
CGO_ENABLED=0 "$GO" build -o "$work/fillreturns" ./internal/corpus/cmd/fillreturns
CGO_ENABLED=0 "$GO" build -o "$work/serveload" ./bench/serveload
mkdir -p "$work/ws"
"$work/gencampaign" -units $((UNITS + SINGLE)) -indicators 100 -lists 1 -list-rows 300 -tasks-per-unit 0 \
	-o "$work/ws/campaign.yaml"
"$work/tenglong" -w "$work/ws" generate --period "$PERIOD" -o "$work/templates" >/dev/null
"$work/fillreturns" -campaign "$work/ws/campaign.yaml" -o "$work/returns" "$work/templates/$PERIOD" >/dev/null
echo "returns: $(find "$work/returns" -maxdepth 1 -name '*.xlsx' | wc -l) files, $((($(du -sk "$work/returns" | cut -f1) / (UNITS + SINGLE)))) KB a file"

echo "== $SINGLE units uploading one at a time, then $UNITS at once, to tenglong serve ($(nproc) CPUs)"
"$work/serveload" -tenglong "$work/tenglong" -w "$work/ws" -period "$PERIOD" -clock "$CLOCK" \
	-templates "$work/templates/$PERIOD" -returns "$work/returns" -clients "$CLIENTS" -single "$SINGLE"
