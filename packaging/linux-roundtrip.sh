#!/usr/bin/env bash
# The Linux packages' round trip, as an official's laptop meets them. From one binary it makes
# the .deb (cargo-deb) and the AppImage (packaging/appimage.sh), then:
#   .deb      install it with apt, check its files, run the app (below), remove it, check
#             that nothing of it is left; then install it on a bare debootstrap of this
#             system without recommended packages: the demo must open there too;
#   AppImage  check its runtime and contents (--appimage-extract), run the app through FUSE
#             as a double click does, and once more extracted (--appimage-extract-and-run).
# "Run the app": `--version`; the package's own simulator (`mt1-monitor sim`); `--diagnose`
# against it; `record` of it into a CSV; the demo window under Xvfb, found by its title, its
# live link heard in its log, a screenshot of it in OUT_DIR (deb-demo.png, minimal-demo.png,
# appimage-demo.png, appimage-extracted-demo.png), and quit with Ctrl+Q (exit 0).
# Each run gets an empty home, so nothing of this computer's settings or journal is touched.
#
#   packaging/linux-roundtrip.sh [--profile dist|dev] [OUT_DIR]   (default: dist, target/packaging)
#
# dist builds the installers' binary first (fat LTO, ~13 min from clean on two cores). dev
# packages the binary `cargo test` has built, so CI needs one build; that binary also has the
# tests' `testing` hooks, which do nothing unless a test turns them on.
# Needs root, or sudo without a password, for apt and dpkg.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_NAME="linux-roundtrip.sh"
# fail, apt_get, spawn/stop/alive, Xvfb, windows, homes and the simulator: the real-binary
# tests' helpers.
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

profile=dist
if [[ "${1:-}" == "--profile" ]]; then
    profile="${2:?--profile needs dist or dev}"
    shift 2
fi
target="${CARGO_TARGET_DIR:-target}"
case "$profile" in
    dist) binary="$target/dist/mt1-monitor" ;;
    dev) binary="$target/debug/mt1-monitor" ;;
    *) echo "linux-roundtrip.sh: --profile is dist or dev" >&2; exit 2 ;;
esac
out="${1:-$target/packaging}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
app_id="com.alge-timing.mt1-monitor"

if dpkg-query -W -f='${Status}' mt1-monitor 2>/dev/null | grep -q 'install ok installed'; then
    fail "mt1-monitor is installed on this computer and the round trip would remove it; remove it first (dpkg -r mt1-monitor)"
fi

# Tools: Debian's (Ubuntu 24.04 renamed libfuse2), and cargo-deb from crates.io.
libfuse2=libfuse2
apt-cache show libfuse2t64 >/dev/null 2>&1 && libfuse2=libfuse2t64
missing=()
for need in Xvfb:xvfb import:imagemagick xdotool:xdotool mksquashfs:squashfs-tools \
    desktop-file-validate:desktop-file-utils appstreamcli:appstream setsid:util-linux \
    debootstrap:debootstrap dpkg-shlibdeps:dpkg-dev ps:procps; do
    command -v "${need%%:*}" >/dev/null || missing+=("${need#*:}")
done
/sbin/ldconfig -p | grep -q 'libfuse\.so\.2 ' || missing+=("$libfuse2")
# Without root, FUSE mounts through the setuid fusermount (the static runtime wants version 3).
if [[ $(id -u) -ne 0 ]] && ! command -v fusermount3 >/dev/null && ! command -v fusermount >/dev/null; then
    missing+=(fuse3)
fi
# Fresh lists also for the .deb's own dependencies, which apt installs with it below.
apt_get update || { sleep 5 && apt_get update; }
if ((${#missing[@]})); then
    echo "installing with apt: ${missing[*]}"
    apt_get install "${missing[@]}"
fi
# The cargo-deb this script is written for (newer ones may refuse the dev profile): the one on
# PATH if it is that version, else a private copy in the target folder.
cargo_deb=cargo-deb
if [[ "$(cargo-deb --version 2>/dev/null)" != "cargo-deb 3.8.0" ]]; then
    cargo_deb="$target/tools/bin/cargo-deb"
    [[ -x "$cargo_deb" ]] || cargo install cargo-deb --locked --version 3.8.0 --root "$target/tools"
fi

if [[ "$profile" == dist ]]; then
    cargo build --profile dist
fi
[[ -x "$binary" ]] || fail "no $binary: run \`cargo test\` first, or use --profile dist"
version=$("$binary" --version | awk '{print $2}')

echo "== metadata"
desktop-file-validate packaging/mt1-monitor.desktop
appstreamcli validate --no-net "packaging/$app_id.metainfo.xml" >/dev/null
grep -q "<release version=\"$version\"" "packaging/$app_id.metainfo.xml" \
    || fail "packaging/$app_id.metainfo.xml names no release $version (the version being packaged)"

echo "== packages from $binary"
deb=$("$cargo_deb" --profile "$profile" --no-build --strip --no-separate-debug-symbols --no-dbgsym \
    --output "$out" 2>"$out/cargo-deb.log" | tail -n 1) || fail "cargo deb failed" "$out/cargo-deb.log"
appimage=$(packaging/appimage.sh "$binary" "$out" | tail -n 1)
ls -l "$deb" "$appimage"

# On the way out (also after a failure) whatever still runs is stopped and the .deb removed.
installed=false
work=$(mktemp -d)
cleanup() {
    stop_all
    if $installed; then "${as_root[@]}" dpkg -r mt1-monitor >/dev/null 2>&1 || true; fi
    "${as_root[@]}" rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# One virtual display for every window the round trip opens.
start_xvfb 1280x800x24

# Opens the demo with the command line after $2 (which carries DISPLAY), waits for its window
# and its live link, takes the screenshot $out/$1-demo.png, and quits it as an official does
# (Ctrl+Q): it must end by itself with exit code 0. $2 is its log.
show_demo() {
    local label=$1 log=$2
    shift 2
    spawn "$@" --demo >"$log" 2>&1
    local app=$spawned
    wait_window "MT1 Monitor" 60 || fail "$label: no window titled MT1 Monitor" "$log"
    wait_line "$log" "live link connected" 60 || fail "$label: the demo's live link did not connect" "$log"
    sleep 3 # the table fills from history
    alive "$app" || fail "$label: the demo ended by itself" "$log"
    screenshot "$out/$label-demo.png"
    keys ctrl+q
    wait_exit "$app" 30 || fail "$label: the demo did not quit on Ctrl+Q" "$log"
    ((exited == 0)) || fail "$label: the demo quit with exit code $exited" "$log"
    echo "   screenshot: $out/$label-demo.png ($colours colours); Ctrl+Q: exit 0"
}

# Runs the app as $@ (e.g. /usr/bin/mt1-monitor) with an empty home; $1 names the run.
run_app() {
    local label=$1
    shift
    fresh_home
    local env=("${app_env[@]}")
    echo "-- $label: --version"
    [[ "$("${env[@]}" "$@" --version)" == "mt1-monitor $version" ]] || fail "$label: --version is not $version"

    echo "-- $label: the package's simulator, --diagnose and record against it"
    start_sim "$home" "${env[@]}" "$@"
    "${env[@]}" "$@" --diagnose --server "$server" >"$home/diagnose.txt" 2>"$home/diagnose.log"
    grep -q "^server $server: answers" "$home/diagnose.txt" || fail "$label: --diagnose did not reach $server" "$home/diagnose.txt"
    "${env[@]}" MT1_PASSWORD=demo "$@" record --server "$server" --username demo --csv "$home/race.csv" \
        --since "$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)" --duration 6 >"$home/record.log" 2>&1 \
        || fail "$label: record failed" "$home/record.log"
    grep -q "live link connected" "$home/record.log" || fail "$label: record's live link did not connect" "$home/record.log"
    local rows=$(($(wc -l <"$home/race.csv") - 1))
    ((rows > 0)) || fail "$label: record wrote no trigger" "$home/record.log"
    "${env[@]}" "$@" sessions >"$home/sessions.txt" 2>/dev/null
    grep -q "demo@" "$home/sessions.txt" || fail "$label: the journal has no session" "$home/sessions.txt"
    stop "$sim"
    echo "   triggers recorded into the CSV and the journal: $rows"

    echo "-- $label: the demo window"
    show_demo "$label" "$home/demo.log" "${env[@]}" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1 "$@"
    if compgen -G "$home/data/mt1-monitor/logs/crash-*" >/dev/null; then
        fail "$label: the app wrote a crash note" "$(compgen -G "$home/data/mt1-monitor/logs/crash-*" | head -n 1)"
    fi
    # An AppImage's FUSE mount (under TMPDIR, $home) goes a moment after the app.
    for _ in $(seq 50); do
        grep -q " $home/" /proc/self/mounts || break
        sleep 0.2
    done
    rm -rf --one-file-system "$home"
}

echo "== .deb: install, run, remove"
# As the README tells officials (apt installs what the package depends on); without the
# recommended packages, to show the dependencies alone start the window.
apt_get install --no-install-recommends "$deb"
installed=true
for file in /usr/bin/mt1-monitor "/usr/share/applications/$app_id.desktop" \
    /usr/share/icons/hicolor/256x256/apps/mt1-monitor.png "/usr/share/metainfo/$app_id.metainfo.xml"; do
    [[ -e "$file" ]] || fail ".deb: $file is not installed"
done
run_app deb /usr/bin/mt1-monitor
"${as_root[@]}" dpkg -r mt1-monitor >/dev/null
installed=false
[[ ! -e /usr/bin/mt1-monitor && ! -e "/usr/share/applications/$app_id.desktop" ]] || fail ".deb: files left after removal"
echo "   installed, ran and removed"

echo "== .deb on a minimal system: its dependencies alone open the window"
# A bare debootstrap (minbase) of this computer's own release stands for a laptop with nothing
# the package does not ask for. apt installs the .deb there without recommendations; the demo
# must open on the round trip's display (X's abstract socket reaches into the chroot) and
# connect, and https must find a trust store.
# shellcheck source=/dev/null
. /etc/os-release
case "$ID" in
    debian) mirror=http://deb.debian.org/debian ;;
    ubuntu) mirror=http://archive.ubuntu.com/ubuntu ;;
    *) fail "the minimal system is made with Debian's or Ubuntu's archive; this is $ID" ;;
esac
minimal="$work/minimal"
"${as_root[@]}" debootstrap --variant=minbase "$VERSION_CODENAME" "$minimal" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || fail "debootstrap of $ID $VERSION_CODENAME failed" "$work/debootstrap.log"
"${as_root[@]}" cp /etc/resolv.conf "$minimal/etc/resolv.conf"
"${as_root[@]}" cp "$deb" "$minimal/tmp/"
in_minimal=("${as_root[@]}" chroot "$minimal" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
{ "${in_minimal[@]}" apt-get -qq update \
    && "${in_minimal[@]}" DEBIAN_FRONTEND=noninteractive apt-get -y -qq --no-install-recommends \
        install "/tmp/$(basename "$deb")"; } >"$work/minimal-apt.log" 2>&1 \
    || fail "apt could not install the .deb on the minimal system" "$work/minimal-apt.log"
"${in_minimal[@]}" mt1-monitor --diagnose --server https://127.0.0.1:9 >"$work/minimal-diagnose.txt" 2>&1 || true
grep -q "^server https://127.0.0.1:9: does not answer: connection refused" "$work/minimal-diagnose.txt" \
    || fail "minimal system: https did not get as far as connecting (trust store?)" "$work/minimal-diagnose.txt"
"${in_minimal[@]}" mkdir -m 700 /root/run
show_demo minimal "$work/minimal-demo.log" "${in_minimal[@]}" XDG_RUNTIME_DIR=/root/run "DISPLAY=:$display" \
    LIBGL_ALWAYS_SOFTWARE=1 mt1-monitor
echo "   $(grep -c '^Setting up' "$work/minimal-apt.log" || true) packages came with it on $ID $VERSION_CODENAME minbase"

echo "== AppImage"
[[ "$(od -An -tx1 -j8 -N3 "$appimage" | tr -d ' \n')" == "414902" ]] || fail "$appimage is not a type 2 AppImage"
unpacked=$(mktemp -d)
(cd "$unpacked" && "$appimage" --appimage-extract >/dev/null)
for file in AppRun "$app_id.desktop" .DirIcon mt1-monitor.png usr/bin/mt1-monitor \
    "usr/share/metainfo/$app_id.metainfo.xml" usr/share/icons/hicolor/512x512/apps/mt1-monitor.png; do
    [[ -e "$unpacked/squashfs-root/$file" ]] || fail "AppImage: $file is missing"
done
rm -rf "$unpacked"
if [[ -c /dev/fuse && -r /dev/fuse && -w /dev/fuse ]]; then
    run_app appimage "$appimage"
else
    echo "   FUSE is not open to this user here (/dev/fuse missing or not writable, as in some containers): the AppImage runs only extracted"
fi
run_app appimage-extracted env APPIMAGE_EXTRACT_AND_RUN=1 "$appimage"
echo "round trip done: .deb and AppImage of mt1-monitor $version installed or started, ran, removed"
