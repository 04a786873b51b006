#!/usr/bin/env bash
# What a screen reader (Orca) gets from the real app on Linux: the AT-SPI tree, read with
# pyatspi as Orca reads it, on a private D-Bus session with the accessibility bus switched on.
#
#   tests/e2e/screen-reader.sh [BINARY [OUT_DIR]]   (default: target/debug/mt1-monitor, target/e2e)
#
# Signed in to the simulator (typed, as tests/e2e/linux.sh does), after a trigger on Finish C1:
#   - the bell and the watchdog button of that channel are named by device and channel
#     (not "🔕" and "⏱"), the bell as a check box;
#   - every trigger is one labelled row of the table ("… Bib: 77 …");
#   - when the link is lost, the banner is an alert with its words (AccessKit's Alert role,
#     which AT-SPI names "notification"; it is an assertive live region).
# Needs root or sudo without a password only to install what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME="tests/e2e/screen-reader.sh"
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

binary_and_out "$@"
need_commands Xvfb:xvfb xdotool:xdotool curl:curl dbus-run-session:dbus gdbus:libglib2.0-bin \
    /usr/libexec/at-spi-bus-launcher:at-spi2-core /usr/bin/python3:python3
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || need_commands /nonexistent/pyatspi:python3-pyatspi

# Everything below runs inside one private session bus (the app, the AT-SPI bus, the reader).
if [[ -z "${E2E_IN_BUS:-}" ]]; then
    exec env E2E_IN_BUS=1 dbus-run-session -- "$0" "$binary" "$out"
fi
trap stop_all EXIT
start_xvfb 1280x800x24
spawn /usr/libexec/at-spi-bus-launcher --launch-immediately
sleep 1
# A screen reader is running, as far as applications can tell: AccessKit starts serving.
for _ in $(seq 20); do
    gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
        --method org.freedesktop.DBus.Properties.Set org.a11y.Status IsEnabled '<true>' >/dev/null 2>&1 && break
    sleep 0.5
done

fresh_home
# The session bus and display of this run, which fresh_home's env -i would drop.
app_env+=("DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1)
start_sim "$home" "${app_env[@]}" "$binary"
spawn "${app_env[@]}" "$binary" --server "$server" >"$home/app.log" 2>&1
app=$spawned
wait_window "MT1 Monitor" 60 || fail "no window" "$home/app.log"
sleep 1
type_text demo
keys Tab
type_text demo
keys Return
wait_line "$home/app.log" "live link connected" 60 || fail "no live link" "$home/app.log"
curl -fsS -X POST "$server/sim/press?device=231203017&channel=C1" >/dev/null
sleep 3

# The tree as a screen reader sees it: one "role<TAB>name" line per node of the app.
tree() {
    timeout 60 /usr/bin/python3 - "$1" <<'EOF'
import sys
import pyatspi

def walk(node, out, depth=0):
    if depth > 60:
        return
    try:
        out.append(f"{node.getRoleName()}\t{node.name or ''}")
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return
    for child in children:
        if child is not None:
            walk(child, out, depth + 1)

lines = []
desktop = pyatspi.Registry.getDesktop(0)
for app in desktop:
    if app is not None:
        walk(app, lines)
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
EOF
}
tree "$out/atspi-live.txt" || fail "the AT-SPI tree could not be read"
grep -qP '^check box\tBeep on C1 of Finish \(231203017\)$' "$out/atspi-live.txt" \
    || fail "no check box named for the bell of Finish C1" "$out/atspi-live.txt"
grep -qP '^push button\tWatchdog of Finish C1' "$out/atspi-live.txt" \
    || fail "no button named for the watchdog of Finish C1" "$out/atspi-live.txt"
rows=$(grep -cP '^(table )?row\t.*Bib: ' "$out/atspi-live.txt" || true)
((rows >= 1)) || fail "no labelled row per trigger" "$out/atspi-live.txt"

curl -fsS -X POST "$server/sim/drop?refuse_ms=30000" >/dev/null
wait_line "$home/app.log" "live link lost" 30 || fail "the link did not drop" "$home/app.log"
sleep 2
tree "$out/atspi-lost.txt" || fail "the AT-SPI tree could not be read"
grep -qP '^(alert|notification)\t.*Live link lost' "$out/atspi-lost.txt" \
    || fail "the lost link is not an alert" "$out/atspi-lost.txt"
keys ctrl+q
wait_exit "$app" 20 || fail "the app did not quit" "$home/app.log"
echo "screen reader: named bell and watchdog, $rows labelled trigger row(s), the lost link an alert"
