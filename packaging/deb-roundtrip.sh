#!/usr/bin/env bash
# The Linux package round trip, as an official's laptop would see it: build the release
# binary (dist profile), make the .deb, install it, run `mt1-monitor --version`, start the
# demo under Xvfb and take a screenshot, uninstall. Needs root (dpkg) and, for the
# screenshot, xvfb, imagemagick and xdotool (installed here with apt if missing).
#
#   packaging/deb-roundtrip.sh [OUT_DIR]      (default: target/packaging)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/packaging}"
mkdir -p "$out"

command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
if ! command -v Xvfb >/dev/null || ! command -v import >/dev/null || ! command -v xdotool >/dev/null; then
    apt-get update -qq && apt-get install -y -qq xvfb imagemagick xdotool >/dev/null
fi

cargo build --profile dist
deb=$(cargo deb --profile dist --no-build --output "$out" | tail -n 1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | sed -n '1,20p'

dpkg -i "$deb"
trap 'dpkg -r mt1-monitor >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/mt1-monitor
test -f /usr/share/applications/com.alge-timing.mt1-monitor.desktop
test -f /usr/share/icons/hicolor/256x256/apps/mt1-monitor.png
/usr/bin/mt1-monitor --version

# The demo under a virtual display, with its own folders.
run=$(mktemp -d)
chmod 700 "$run"
display=":97"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 XDG_RUNTIME_DIR="$run" XDG_DATA_HOME="$run/data" \
    XDG_CONFIG_HOME="$run/config" /usr/bin/mt1-monitor --demo >"$run/app.log" 2>&1 &
app=$!
sleep 15
kill -0 "$app" || { cat "$run/app.log"; exit 1; }
DISPLAY="$display" import -window root "$out/deb-demo.png"
kill "$app" "$xvfb" 2>/dev/null || true
wait "$app" 2>/dev/null || true
echo "screenshot: $out/deb-demo.png"

dpkg -r mt1-monitor
trap - EXIT
! test -e /usr/bin/mt1-monitor
echo "round trip done: installed, ran, removed"
