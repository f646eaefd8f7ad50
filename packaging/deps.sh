#!/bin/sh
# Installs the Debian packages Tusk needs, only those that are missing.
#   deps.sh gui   build and run the window (cgo, OpenGL, X11 headers)
#   deps.sh test  the headless tests (gcc for -race, PDF and QR tools the
#                 slip tests use to look at their own output)
#   deps.sh shots screenshots under Xvfb
set -eu
case "${1:-}" in
gui)  pkgs="ca-certificates gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1 libglx-mesa0 libgl1-mesa-dri" ;;
test) pkgs="ca-certificates gcc libc6-dev poppler-utils zbar-tools sqlite3" ;;
shots) pkgs="xvfb xauth imagemagick xdotool" ;;
*) echo "usage: deps.sh gui|test|shots" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
