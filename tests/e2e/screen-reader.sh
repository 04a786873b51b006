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
#   - without a desktop portal, the export says the save dialog cannot open, and the next one
#     writes to the documents folder at once; *Open folder* without a file manager says so
#     and shows the folder;
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
# xdg-open as on a system with no file manager: it finds no handler (its code 3).
mkdir -p "$home/bin"
printf '#!/bin/sh\necho "xdg-open: no method available" >&2\nexit 3\n' >"$home/bin/xdg-open"
chmod +x "$home/bin/xdg-open"
app_env+=("PATH=$home/bin:$PATH")
# The session bus and display of this run, which fresh_home's env -i would drop.
app_env+=("DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1)
start_sim "$home" "${app_env[@]}" "$binary"
spawn "${app_env[@]}" "$binary" --server "$server" >"$home/app.log" 2>&1
app=$spawned
wait_window "MT1 Monitor" 60 || fail "no window" "$home/app.log"
type_sign_in "$home/app.log"
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

# Presses the button named $1 as a screen reader's user does (AT-SPI's action).
press() {
    timeout 30 /usr/bin/python3 - "$1" <<'EOF'
import sys
import pyatspi

def find(node, depth=0):
    if node is None or depth > 60:
        return None
    try:
        if node.getRoleName() == "push button" and node.name == sys.argv[1]:
            return node
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return None
    for child in children:
        found = find(child, depth + 1)
        if found is not None:
            return found
    return None

for app in pyatspi.Registry.getDesktop(0):
    button = find(app)
    if button is not None:
        button.queryAction().doAction(0)
        sys.exit(0)
sys.exit(f"no button named {sys.argv[1]!r}")
EOF
}
# Waits up to $2 s for a node whose name has $1 in the tree (kept in $out/atspi-wait.txt).
wait_node() {
    for _ in $(seq "$2"); do
        tree "$out/atspi-wait.txt" && grep -qF -- "$1" "$out/atspi-wait.txt" && return 0
        sleep 1
    done
    return 1
}

# Without a desktop portal the save dialog cannot open: said once, then the next export goes
# straight to the documents folder. *Open folder* with no file manager says so.
keys ctrl+e
wait_node "Write the files" 10 || fail "no export dialog" "$out/atspi-wait.txt"
press "Write the files"
wait_node "The save dialog could not open" 20 || fail "the missing save dialog is not said" \
    "$out/atspi-wait.txt"
keys ctrl+e
wait_node "The files go to" 10 || fail "the export dialog does not say where files go" \
    "$out/atspi-wait.txt"
press "Write the files"
exported=""
for _ in $(seq 20); do
    exported=$(find "$home" -name 'mt1-triggers-*.csv' -not -path '*/data/*' | head -1)
    [[ -n "$exported" ]] && break
    sleep 0.5
done
[[ -n "$exported" ]] || fail "the second export wrote no file without the dialog" "$home/app.log"
wait_node "Open folder" 10 || fail "no Open folder after the export" "$out/atspi-wait.txt"
press "Open folder"
wait_node "No file manager answered" 15 || fail "a folder nothing opened is not said" \
    "$out/atspi-wait.txt"
grep -qF "$(dirname "$exported")" "$out/atspi-wait.txt" \
    || fail "the folder's path is not shown" "$out/atspi-wait.txt"
press "Close"

curl -fsS -X POST "$server/sim/drop?refuse_ms=30000" >/dev/null
wait_line "$home/app.log" "live link lost" 30 || fail "the link did not drop" "$home/app.log"
sleep 2
tree "$out/atspi-lost.txt" || fail "the AT-SPI tree could not be read"
grep -qP '^(alert|notification)\t.*Live link lost' "$out/atspi-lost.txt" \
    || fail "the lost link is not an alert" "$out/atspi-lost.txt"
keys ctrl+q
wait_exit "$app" 20 || fail "the app did not quit" "$home/app.log"
echo "screen reader: named bell and watchdog, $rows labelled trigger row(s), the lost link an alert"
