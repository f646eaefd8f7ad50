#!/bin/bash
# Start-up time from launch to a visible first frame, Tusk against a bare
# Fyne window from the same binary (tusk bench-window), alternating runs
# under one Xvfb; then Tusk's resident memory after idling on sign-in.
# usage: docs/bench/startup.sh [BINARY] [RUNS]
set -eu
BIN=${1:-bin/tusk}
RUNS=${2:-10}
HOME_DIR=$(mktemp -d)
"$BIN" --home "$HOME_DIR" demo >/dev/null 2>&1
export DISPLAY=:93
Xvfb :93 -screen 0 1280x800x24 >/dev/null 2>&1 &
XV=$!
trap 'kill $XV 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
sleep 1
measure() { # name, window title regex, args...
	local title=$1; shift
	local t0 t1 pid
	t0=$(date +%s%N)
	"$BIN" "$@" >"$HOME_DIR/run.log" 2>&1 &
	pid=$!
	# Poll every 5 ms: xdotool's own --sync polls only twice a second.
	local n=0
	until xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do
		sleep 0.005
		n=$((n + 1))
		if [ $n -gt 4000 ] || ! kill -0 $pid 2>/dev/null; then
			# Mesa under Xvfb now and then fails to create a GL window; such
			# a run says nothing about start-up, so it is retried.
			echo "window '$title' never appeared (retrying): $(grep -m1 -i 'panic\|error' "$HOME_DIR/run.log")" >&2
			kill $pid 2>/dev/null; wait $pid 2>/dev/null
			"$BIN" "$@" >"$HOME_DIR/run.log" 2>&1 &
			pid=$!; t0=$(date +%s%N); n=0; tries=$((${tries:-0} + 1))
			[ $tries -gt 3 ] && exit 1
		fi
	done
	t1=$(date +%s%N)
	kill $pid; wait $pid 2>/dev/null || true
	echo $(( (t1 - t0) / 1000000 ))
}
bare=(); tusk=()
for i in $(seq "$RUNS"); do
	bare+=("$(measure '^Tusk bare window$' bench-window)")
	tusk+=("$(measure '^Tusk$' --home "$HOME_DIR")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mb=$(median "${bare[@]}"); mt=$(median "${tusk[@]}")
echo "bare window ms: ${bare[*]}  median $mb"
echo "tusk        ms: ${tusk[*]}  median $mt"
awk -v t="$mt" -v b="$mb" 'BEGIN {printf "ratio tusk/bare: %.2f\n", t/b}'
"$BIN" --home "$HOME_DIR" >/dev/null 2>&1 &
pid=$!
xdotool search --sync --onlyvisible --name '^Tusk$' >/dev/null
sleep 5
echo "tusk idle RSS on sign-in: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
kill $pid; wait $pid 2>/dev/null || true
"$BIN" bench-window >/dev/null 2>&1 &
pid=$!
xdotool search --sync --onlyvisible --name '^Tusk bare window$' >/dev/null
sleep 5
echo "bare window idle RSS:     $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
kill $pid
