# bench/lib.sh — shell helpers for the bench scripts, sourced after `work` (the run's
# work directory) is set. Used by every bench/*.sh.

TIME=${TIME:-/usr/bin/time}
# The stores' "checked" stamps (store.RememberChecks) go to the run's own folder, not
# the user's cache: a bench leaves nothing behind in $HOME.
export TENGLONG_CACHE_DIR="$work/cache"

# measure NAME CMD…: runs CMD under /usr/bin/time -v, stdout to $work/NAME.out, stderr
# to $work/NAME.log, the report to $work/NAME.time; on failure shows what it said and
# exits 1.
measure() {
	local name=$1
	shift
	if ! "$TIME" -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.log"; then
		echo "$(basename "$0"): $name failed:" >&2
		tail -c 2000 "$work/$name.out" >&2
		tail -n 20 "$work/$name.log" "$work/$name.time" >&2
		exit 1
	fi
}

# field NAME LABEL: a value from $work/NAME.time.
field() { sed -n "s/^[[:space:]]*$2: //p" "$work/$1.time"; }

# seconds NAME: the wall clock (h:mm:ss or m:ss.cc) in seconds.
seconds() {
	field "$1" 'Elapsed (wall clock) time (h:mm:ss or m:ss)' |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}

# cpu_seconds NAME: user + system seconds.
cpu_seconds() {
	awk -v u="$(field "$1" 'User time (seconds)')" -v s="$(field "$1" 'System time (seconds)')" \
		'BEGIN { printf "%.2f", u + s }'
}

# peak_mb NAME: the peak resident set size in MB.
peak_mb() { echo $(($(field "$1" 'Maximum resident set size (kbytes)') / 1024)); }

# below A B: exit status 0 when the number A < B.
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# Budgets and goals. A bench script sets FULL_UNITS (the size its budgets and issue
# 21's goals are set for) and UNITS before using these. At fewer units (the CI smoke
# run, BENCH_UNITS=30) every line is still printed, so a broken computation shows,
# but a miss does not fail: seconds at 30 units say nothing about 1,300.
fail=0

# enforced: status 0 when this run is full size and its budgets count.
enforced() { [ "$UNITS" -ge "$FULL_UNITS" ]; }

# check DESCRIPTION OK(0/1): one budget line; a miss fails a full-size run. With
# BENCH_GOALS set (make bench), the line is also appended to that file, named by the
# script and its size, so one run ends with every budget and goal in one table.
check() {
	local line
	if [ "$2" = 1 ]; then
		line="  ok    $1"
	elif enforced; then
		line="  FAIL  $1"
		fail=1
	else
		line="  miss  $1 (smoke size $UNITS < $FULL_UNITS units: not enforced)"
	fi
	echo "$line"
	if [ -n "${BENCH_GOALS:-}" ]; then
		printf '%-22s %s\n' "$(basename "$0" .sh) ($UNITS)" "$line" >>"$BENCH_GOALS"
	fi
}

# goal DESCRIPTION VALUE OP LIMIT [UNIT]: a figure against its goal (OP is >= or <=),
# e.g. goal "ingest vs openpyxl" 4.52 '>=' 10 ×.
goal() {
	local ok
	ok=$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { print ((op == ">=") ? (v >= l) : (v <= l)) }')
	check "$(printf '%-44s %8s%s  goal %s %s%s' "$1" "$2" "${5:-}" "$3" "$4" "${5:-}")" "$ok"
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
