#!/bin/sh
# make fuzz: every parser fuzzed for $1 (default 60s) from its seed corpus
# (f.Add in the test plus testdata/fuzz/<Target>/), then a table of the
# executions per target. New failing inputs land in testdata/fuzz, where
# go test replays them from then on. Not part of make test.
set -u
T=${1:-60s}
GO=${GO:-go}
targets="
./app/inspect FuzzCheckID ID-number rules
./app/inspect FuzzWaybill waybills
./app/inspect FuzzParseParcelJSON parcel JSON
./app/inspect FuzzNormalizePhone phone numbers
./app/inspect FuzzNormalizeName names
./app/sop FuzzLoad content pack
./app/sop FuzzParseDoc content pack documents
./app/exchange FuzzOpen bundle
./app/referral FuzzVerify QR payload
./app/referral FuzzCBOR CBOR
./app/referral FuzzBase45 Base45
./app/referral FuzzCanonicalize case record
./app/referral FuzzImportPublicKey key files
./app/store FuzzHeadLog audit head log
./app/store FuzzMask masking
./app/casedesk FuzzDecide case decisions
"
out=$(mktemp)
fail=0
echo "$targets" | while read -r pkg target what; do
	[ -n "$pkg" ] || continue
	log=$($GO test -tags ci -run '^$' -fuzz "^$target\$" -fuzztime "$T" -parallel 1 "$pkg" 2>&1)
	rc=$?
	execs=$(echo "$log" | grep -o 'execs: [0-9]*' | tail -1 | cut -d' ' -f2)
	status=ok
	[ $rc -eq 0 ] || status=FAIL
	printf '| %s | `%s` | %s | %s | %s |\n' "$what" "$target" "$pkg" "${execs:-?}" "$status" | tee -a "$out"
	[ $rc -eq 0 ] || echo "$log" | tail -20
done
echo
echo "| Parser | Target | Package | Executions in $T | Result |"
echo "|---|---|---|---|---|"
cat "$out"
grep -q FAIL "$out" && fail=1
rm -f "$out"
exit $fail
