# bench/lib.sh — shell helpers for the bench scripts, sourced after `work` (the run's
# work directory) is set. Used by consolidate.sh.

TIME=${TIME:-/usr/bin/time}

# measure NAME CMD…: runs CMD under /usr/bin/time -v, stdout to $work/NAME.out, stderr
# to $work/NAME.log, the report to $work/NAME.time; on failure shows what it said and
# exits 1.
measure() {
	local name=$1
	shift
	if ! "$TIME" -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.log"; then
		echo "$(basename "$0"): $name failed:" >&2
		tail -c 2000 "$work/$name.out" >&2
		tail -20 "$work/$name.log" "$work/$name.time" >&2
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
