#!/usr/bin/env bash
# make test-sync: stations and a supervisor over two real Syncthing
# instances on 127.0.0.1 (issue 15). Not part of `make test`: it installs
# Debian's syncthing and takes a few minutes.
#
# Instance A holds the stations' outboxes (Send Only) and the return
# folder (Receive Only); instance B, the supervisor, holds one inbox
# subfolder per station (Receive Only) and the return folder (Send Only).
# Both listen on 127.0.0.1 only, with discovery, relays, NAT and usage
# reporting off: the config is checked before they start and their
# sockets after.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TEST_SYNC_DIR:-$(mktemp -d /tmp/tusk-sync.XXXXXX)}
PA=22101 PB=22102 GA=18391 GB=18392
KEY=tusk-test-sync-key
PIN=246810
export LANG=C.UTF-8 STNODEFAULTFOLDER=1 STNOUPGRADE=1
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! command -v syncthing >/dev/null; then
	say "installing Debian's syncthing"
	apt-get install -y syncthing >/dev/null
fi
syncthing --version

say "building tusk"
(cd "$ROOT" && go build -o "$WORK/tusk" ./app)
T="$WORK/tusk"
tusk() { local home=$1; shift; "$T" --home "$WORK/$home" "$@" 2>&1 | grep -v '^[0-9/]* [0-9:]* Fyne error\|^.*  Cause: \|^.*  At: '; }
as() { local home=$1; shift; echo "$PIN" | tusk "$home" --user "Amina Juma" "$@"; }

mkdir -p "$WORK"/a/{gz7-out,gz8-out,returns} "$WORK"/b/{inbox/DEMO-GZ7,inbox/DEMO-GZ8,returns}
# Tusk writes through dotted .tusk-*.tmp files: the engine ignores them.
for d in a/gz7-out a/gz8-out b/returns; do printf '(?d).tusk-*.tmp\n' >"$WORK/$d/.stignore"; done

say "configuring two Syncthing instances on 127.0.0.1"
ida=$(syncthing generate --no-default-folder --home="$WORK/st-a" 2>&1 | sed -n 's/.*Device ID: *//p')
idb=$(syncthing generate --no-default-folder --home="$WORK/st-b" 2>&1 | sed -n 's/.*Device ID: *//p')
[ -n "$ida" ] && [ -n "$idb" ] || fail "no device IDs"
python3 "$ROOT/packaging/syncthing_config.py" "$WORK/st-a/config.xml" "$ida" $PA $GA $KEY "$idb" $PB \
	"gz7-out:$WORK/a/gz7-out:sendonly" "gz8-out:$WORK/a/gz8-out:sendonly" "returns:$WORK/a/returns:receiveonly"
python3 "$ROOT/packaging/syncthing_config.py" "$WORK/st-b/config.xml" "$idb" $PB $GB $KEY "$ida" $PA \
	"gz7-out:$WORK/b/inbox/DEMO-GZ7:receiveonly" "gz8-out:$WORK/b/inbox/DEMO-GZ8:receiveonly" "returns:$WORK/b/returns:sendonly"

syncthing serve --home="$WORK/st-a" --no-browser --no-restart --logfile="$WORK/st-a.log" >/dev/null 2>&1 &
pids+=($!)
syncthing serve --home="$WORK/st-b" --no-browser --no-restart --logfile="$WORK/st-b.log" >/dev/null 2>&1 &
pids+=($!)

api() { local port=$1; shift; curl -fsS -H "X-API-Key: $KEY" "$@" "http://127.0.0.1:$port$API_PATH"; }
rest() { local port=$1 method=$2 path=$3; curl -fsS -X "$method" -H "X-API-Key: $KEY" "http://127.0.0.1:$port$path"; }
waitfor() { # waitfor SECONDS DESCRIPTION COMMAND...
	local n=$1 what=$2; shift 2
	for _ in $(seq "$((n * 2))"); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.5
	done
	fail "timed out waiting for $what"
}
connected() { rest $GA GET /rest/system/connections | python3 -c "import json,sys; c=json.load(sys.stdin)['connections']; sys.exit(0 if c.get('$idb',{}).get('connected') else 1)"; }
waitfor 60 "the instances to start" rest $GA GET /rest/system/ping
waitfor 60 "the instances to start" rest $GB GET /rest/system/ping
waitfor 90 "the instances to connect" connected
say "sockets of the two instances (every address on 127.0.0.1)"
stpids=$({ grep -l -a -e "$WORK/st-a" -e "$WORK/st-b" /proc/[0-9]*/cmdline 2>/dev/null || true; } | cut -d/ -f3 | sort -u)
echo "processes: $(echo $stpids)"
python3 "$ROOT/packaging/sockets.py" $stpids || fail "a socket outside 127.0.0.1"

scan() { rest $1 POST "/rest/db/scan?folder=$2"; }
idle() { # the folder is up to date at the receiving side
	local port=$1 folder=$2
	rest "$port" GET "/rest/db/status?folder=$folder" | python3 -c "import json,sys; s=json.load(sys.stdin); sys.exit(0 if s['state']=='idle' and s['needFiles']==0 and s['needDeletes']==0 else 1)"
}
# sync FOLDER FROM_PORT TO_PORT: scan at the sender, wait for the receiver.
sync() {
	scan "$2" "$1"
	sleep 1
	waitfor 60 "$1 to sync" idle "$3" "$1"
	sleep 0.5
}
send_gz() { # the station exports, and the engine carries the bundle
	local st=$1 folder=$2
	as "$st" export --bundle "$WORK/a/$folder" | tail -1
}
take() { # the supervisor takes its inbox; acknowledgements go back
	as hq import --inbox "$WORK/b/inbox"
	sync returns $GB $GA
}

say "setting up the supervisor and station DEMO-GZ7"
tusk hq demo | head -1
tusk gz7 demo --station DEMO-GZ7 | head -1
tusk gz7 keys export "$WORK/gz7.key" | tail -1
as hq keys import "$WORK/gz7.key" | tail -1
tusk hq keys export "$WORK/hq.key" | tail -1
as gz7 keys import "$WORK/hq.key" | tail -1 # acknowledgements are signed
as hq stations --returns "$WORK/b/returns" | head -1
as gz7 stations --returns "$WORK/a/returns" --resend-minutes 1 | head -2

say "1. a first bundle"
send_gz gz7 gz7-out
sync gz7-out $GA $GB
ls "$WORK/b/inbox/DEMO-GZ7"
take
send_gz gz7 gz7-out
sync gz7-out $GA $GB
echo "station outbox after the acknowledgement: $(ls "$WORK/a/gz7-out" | wc -l) bundle(s)"

say "2. back-dated cases (ten weeks of past cases), in a bundle corrupted on the station side after export"
tusk gz7 demo history | tail -1
send_gz gz7 gz7-out
f=$(ls -t "$WORK"/a/gz7-out/*.tuskbundle | head -1)
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = b.index(b'"waybill":"') + len('"waybill":"')
b[i] ^= 1
open(p, "wb").write(bytes(b))
print("one byte changed in", p.rsplit("/", 1)[1])
PY
sync gz7-out $GA $GB
take
as hq stations

say "3. the station's next regular export heals it, without anyone's action"
sleep 61 # the station's resend time (set to 1 minute above)
send_gz gz7 gz7-out
sync gz7-out $GA $GB
take
as gz7 stations | tail -2

say "4. Revert Local Changes on the supervisor's inbox"
# The supervisor took both bundles of steps 2 and 3 from its Receive Only
# inbox: Syncthing shows them as local changes. Revert them while the
# station's outbox still holds both.
before=$(find "$WORK/hq/exchange" -type f -print0 | xargs -0 sha256sum | LC_ALL=C sort)
echo "inbox before revert: $(find "$WORK/b/inbox/DEMO-GZ7" -name '*.tuskbundle' | wc -l) bundle(s); station outbox: $(ls "$WORK/a/gz7-out" | grep -c tuskbundle || true)"
scan $GB gz7-out # Syncthing notices what Tusk took (its watcher would)
sleep 2
waitfor 60 "the inbox scan" idle $GB gz7-out
rest $GB GET "/rest/db/status?folder=gz7-out" | python3 -c "import json,sys; s=json.load(sys.stdin); print('Syncthing: locally changed items in the inbox:', s.get('receiveOnlyChangedFiles', 0) + s.get('receiveOnlyChangedDeletes', 0))"
rest $GB POST "/rest/db/revert?folder=gz7-out"
sleep 2
waitfor 60 "the revert" idle $GB gz7-out
echo "inbox after revert: $(find "$WORK/b/inbox/DEMO-GZ7" -name '*.tuskbundle' | wc -l) bundle(s) delivered again"
take
after=$(find "$WORK/hq/exchange" -type f -print0 | xargs -0 sha256sum | LC_ALL=C sort)
send_gz gz7 gz7-out
sync gz7-out $GA $GB
left=$(ls "$WORK/a/gz7-out" | grep -c tuskbundle || true)
echo "station outbox once acknowledged: $left bundle(s)"
[ "$left" = 0 ] || fail "the supervisor's signed acknowledgement did not prune the station's outbox"
if [ "$(echo "$before" | grep -c .)" -gt "$(echo "$after" | grep -c .)" ]; then fail "the archive lost files"; fi
changed=$(LC_ALL=C comm -23 <(echo "$before") <(echo "$after"))
[ -z "$changed" ] || fail "archived files changed or went: $changed"
echo "archive intact: $(echo "$after" | grep -c .) file(s), none lost or changed"

say "5. a second station, DEMO-GZ8, in its own inbox subfolder"
tusk gz8 demo --station DEMO-GZ8 | head -1
tusk gz8 keys export "$WORK/gz8.key" | tail -1
as hq keys import "$WORK/gz8.key" | tail -1
as gz8 keys import "$WORK/hq.key" | tail -1
as gz8 stations --returns "$WORK/a/returns" | head -1
tusk gz8 demo history | tail -1
send_gz gz8 gz8-out
sync gz8-out $GA $GB
take
send_gz gz7 gz7-out
send_gz gz8 gz8-out

say "at the end"
as hq stations
status=0
for st in gz7:DEMO-GZ7 gz8:DEMO-GZ8; do
	home=${st%%:*} code=${st#*:}
	as "$home" cases list | awk '{print $1, $2, $3, $4}' | sort >"$WORK/$home.cases"
	as hq cases list | awk -v p="$code/" 'index($1, p) == 1 {sub(p, "", $1); print $1, $2, $3, $4}' | sort >"$WORK/$home.at-hq"
	n=$(wc -l <"$WORK/$home.cases")
	if diff "$WORK/$home.cases" "$WORK/$home.at-hq" >/dev/null; then
		echo "$code: all $n cases at the supervisor, in their latest version (number, status, risk, waybill)"
	else
		echo "$code: DIFFERENT at the supervisor:"; diff "$WORK/$home.cases" "$WORK/$home.at-hq" | head; status=1
	fi
	as "$home" stations | tail -2 | head -1
done
echo "archive: $(find "$WORK/hq/exchange/imported" -name '*.tuskbundle' | wc -l) imported, $(find "$WORK/hq/exchange/quarantine" -name '*.tuskbundle' | wc -l) quarantined bundle(s)"
echo "inbox left: $(find "$WORK/b/inbox" -name '*.tuskbundle' | wc -l) bundle(s)"
as hq audit verify | tail -1
[ $status = 0 ] || fail "cases missing at the supervisor"
echo "PASS"
