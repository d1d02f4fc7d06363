#!/usr/bin/env bash
# bench/mail.sh — the mail loop's benchmark of issue 13, run by `make bench`: builds
# tenglong and runs bench/mailbench, which starts Postfix and Dovecot on 127.0.0.1,
# sends 1,300 templates over SMTP, has the townships reply with filled returns and
# fetches them over IMAP, printing messages per second each way. Needs root (the
# servers drop privileges themselves) and Debian's postfix and dovecot-imapd.
#
# Environment:
#   BENCH_UNITS=1300      units: templates sent, returns fetched
#   BENCH_TENGLONG=PATH   time this tenglong binary instead of building ./cmd/tenglong
#   BENCH_KEEP=1          keep the work directory
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
bin=${BENCH_TENGLONG:-}
if [ -z "$bin" ]; then
	bin=$(mktemp -d)/tenglong
	"$GO" build -o "$bin" ./cmd/tenglong
fi
# The store's checked stamps go to a folder of this run, not the user's cache.
TENGLONG_CACHE_DIR=$(mktemp -d)
export TENGLONG_CACHE_DIR
trap 'rm -rf "$TENGLONG_CACHE_DIR"' EXIT
keep=()
[ -n "${BENCH_KEEP:-}" ] && keep=(-keep)
"$GO" run ./bench/mailbench -tenglong "$bin" -units "${BENCH_UNITS:-1300}" "${keep[@]}"
