#!/bin/bash
# Referral slip: Tusk's PDF renderer against LibreOffice rendering the same
# slip from an office template (docs/bench/slip-template.fodt), in one run so
# that both see the same machine load.
#   1. go test BenchmarkSlipPDF and BenchmarkVerify (app/referral);
#   2. libreoffice --headless --convert-to pdf of the template: the first run
#      with a fresh user profile (cold) reported apart, then RUNS warm runs;
#   3. with a Tusk binary: `tusk slip` end to end on the demo case (process
#      start, store, signing, PDF), RUNS runs, for a like-for-like process
#      comparison with LibreOffice.
# usage: docs/bench/libreoffice.sh [BINARY] [RUNS]    (from the repo root)
set -eu
BIN=${1:-}
RUNS=${2:-7}
TEMPLATE=docs/bench/slip-template.fodt
LO=$(command -v libreoffice || command -v soffice) || { echo "libreoffice not installed (apt-get install libreoffice-writer-nogui)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A profile of our own: a desktop session's LibreOffice cannot take the
# conversion over, and the cold run really starts from nothing.
PROFILE="-env:UserInstallation=file://$WORK/profile"

echo "== go test (app/referral)"
go test -tags ci -run '^$' -bench 'BenchmarkSlipPDF|BenchmarkVerify' -benchtime 3s -count 2 ./app/referral

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
convert() {
	local t0
	t0=$(date +%s%N)
	"$LO" "$PROFILE" --headless --convert-to pdf --outdir "$WORK/out" "$TEMPLATE" >"$WORK/lo.log" 2>&1
	[ -s "$WORK/out/slip-template.pdf" ] || { cat "$WORK/lo.log" >&2; exit 1; }
	ms_since "$t0"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== libreoffice: $("$LO" --version 2>/dev/null | head -1)"
echo "command: $LO $PROFILE --headless --convert-to pdf --outdir OUT $TEMPLATE"
cold=$(convert)
echo "cold (fresh profile) ms: $cold"
warm=()
for _ in $(seq "$RUNS"); do
	rm -f "$WORK/out/slip-template.pdf"
	warm+=("$(convert)")
done
echo "warm ms: ${warm[*]}  median $(median "${warm[@]}")"
echo "pages: $(pdfinfo "$WORK/out/slip-template.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"

if [ -n "$BIN" ]; then
	HOME_DIR="$WORK/home"
	"$BIN" --home "$HOME_DIR" demo >/dev/null 2>&1
	tusk=()
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		SOURCE_DATE_EPOCH=1700000000 "$BIN" --home "$HOME_DIR" slip C-2026-0001 -o "$WORK/tusk.pdf" --lang en --force >"$WORK/tusk.log" 2>&1
		tusk+=("$(ms_since "$t0")")
	done
	echo "== tusk slip C-2026-0001 (end to end, new process each run)"
	echo "tusk ms: ${tusk[*]}  median $(median "${tusk[@]}")"
	grep -o 'QR version [0-9]*' "$WORK/tusk.log" || true
	awk -v t="$(median "${tusk[@]}")" -v l="$(median "${warm[@]}")" 'BEGIN {printf "ratio tusk slip / libreoffice (warm medians): %.3f\n", t/l}'
fi
