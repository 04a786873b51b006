#!/usr/bin/env bash
# The real binary as an official runs it on Linux: a window on a display (Xvfb), keys typed
# with xdotool, the window's close button, kill -9. What in-process tests cannot see: how the
# process ends (exit code, crash note) and what the next start says.
#
#   tests/e2e/linux.sh [BINARY [OUT_DIR]]   (default: target/debug/mt1-monitor, target/e2e)
#
#  1. --demo, quit with Ctrl+Q: exit 0, no crash note.
#  2. sign in to the simulator through the form (typed), quit with the window's close request
#     (WM_DELETE_WINDOW, as a window manager's close button sends it): exit 0, no crash note,
#     the journal's session closed.
#  3. sign in again, kill -9: the journal's session is left open; the next start writes no
#     crash note, says the session did not close cleanly, continues it (Return), and quits
#     with Ctrl+Q: exit 0, the session closed.
#     While it runs, a second start is refused (a window that says so, exit 1) and so is
#     `record`; the first window goes on.
#  4. --renderer metal (no such API here): the window cannot open, and the app says why in
#     one line instead of panicking.
# Screenshots of each window go to OUT_DIR. Needs root or sudo without a password only to
# install what is missing (Xvfb, xdotool, ImageMagick, python3-xlib).
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME="tests/e2e/linux.sh"
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

binary_and_out "$@"
need_commands Xvfb:xvfb import:imagemagick xdotool:xdotool setsid:util-linux ps:procps
# Debian's python3 (a python3 earlier on PATH may lack its packages) for the close request.
need_commands /usr/bin/python3:python3
/usr/bin/python3 -c 'import Xlib' 2>/dev/null || need_commands /nonexistent/python3-xlib:python3-xlib
trap stop_all EXIT
start_xvfb 1280x800x24

# The app's process in `app`, started with an empty home's environment; its log in $home/$1.log.
start_app() {
    local label=$1
    shift
    spawn "${app_env[@]}" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1 "$binary" "$@" >"$home/$label.log" 2>&1
    app=$spawned
    wait_window "MT1 Monitor" 60 || fail "$label: no window titled MT1 Monitor" "$home/$label.log"
}
# The process must end by itself within 20 s, with exit code 0 and no crash note.
expect_clean_exit() {
    local label=$1
    wait_exit "$app" 20 || fail "$label: the app did not quit within 20 s" "$home/$label.log"
    ((exited == 0)) || fail "$label: the app exited with $exited" "$home/$label.log"
    if compgen -G "$home/data/mt1-monitor/logs/crash-*" >/dev/null; then
        fail "$label: the app wrote a crash note" "$(compgen -G "$home/data/mt1-monitor/logs/crash-*" | head -n 1)"
    fi
    ! grep -q "panicked\|mt1-monitor crashed" "$home/$label.log" || fail "$label: the log speaks of a crash" "$home/$label.log"
}
# `sessions` of the run's journal, into $home/sessions.txt.
sessions() {
    "${app_env[@]}" "$binary" sessions >"$home/sessions.txt" 2>/dev/null || fail "sessions failed"
}

# 1: the demo (its journal is a folder that goes with it), quit with Ctrl+Q.
fresh_home
echo "-- demo, Ctrl+Q"
start_app demo --demo
wait_line "$home/demo.log" "live link connected" 60 || fail "demo: no live link" "$home/demo.log"
sleep 2 # the table fills from history
screenshot "$out/demo.png"
keys ctrl+q
expect_clean_exit demo
echo "   exit 0, no crash note; screenshot $out/demo.png ($colours colours)"
rm -rf "$home"

# 2 and 3: signed in to the simulator through the form, as an official does.
fresh_home
start_sim "$home" "${app_env[@]}" "$binary"
# Starts the app on the sign-in form and signs in as demo/demo by typing; $1 names the run.
sign_in() {
    start_app "$1" --server "$server"
    type_sign_in "$home/$1.log"
    sleep 1
    screenshot "$out/$1.png"
}

echo "-- signed in, the window's close button"
sign_in close-button
close_request
expect_clean_exit close-button
sessions
grep -q "demo@.* ended [0-9]" "$home/sessions.txt" || fail "close button: the journal's session is not closed" "$home/sessions.txt"
echo "   exit 0, no crash note, the journal's session closed"
# The next run starts a new session, not the closed one's continuation.
mv "$home/data/mt1-monitor/journal" "$home/closed-journal"

echo "-- signed in, kill -9, and the next start"
sign_in killed
# A second start while it runs: refused, said on the terminal and in a small window of its
# own; `record` is refused too. The first window goes on.
first=$app
spawn "${app_env[@]}" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1 "$binary" --server "$server" >"$home/second.log" 2>&1
second=$spawned
wait_window "MT1 Monitor is already running" 60 || fail "a second start shows no window saying so" "$home/second.log"
grep -q "mt1-monitor is already running on this computer" "$home/second.log" \
    || fail "a second start does not say the monitor is already running" "$home/second.log"
screenshot "$out/second-start.png"
close_request
wait_exit "$second" 20 || fail "the second start's window did not close" "$home/second.log"
((exited == 1)) || fail "a refused second start exited with $exited" "$home/second.log"
if "${app_env[@]}" MT1_PASSWORD=demo "$binary" record --server "$server" --username demo \
    --csv "$home/second.csv" --duration 2 >"$home/second-record.log" 2>&1; then
    fail "record ran beside the window" "$home/second-record.log"
fi
grep -q "already running" "$home/second-record.log" || fail "record does not say why" "$home/second-record.log"
alive "$first" || fail "the first window ended" "$home/killed.log"
app=$first
wait_window "MT1 Monitor" 10
echo "   a second start: refused with a window and a message, record refused, the first goes on"
kill -9 "$app"
wait "$app" 2>/dev/null || true
forget "$app"
sessions
grep -q "demo@.* not closed" "$home/sessions.txt" || fail "after kill -9 the journal's session should be open" "$home/sessions.txt"
start_app after-kill --server "$server"
wait_line "$home/after-kill.log" "did not close cleanly" 30 || fail "after kill -9: the start does not say the session did not close cleanly" "$home/after-kill.log"
sleep 1
screenshot "$out/after-kill.png"
! grep -q "last run of mt1-monitor crashed" "$home/after-kill.log" || fail "after kill -9: the start reports a crash" "$home/after-kill.log"
keys Return # the focused button: continue the session
wait_line "$home/after-kill.log" "live link connected" 60 || fail "after kill -9: the continued session has no live link" "$home/after-kill.log"
keys ctrl+q
expect_clean_exit after-kill
sessions
! grep -q "not closed" "$home/sessions.txt" || fail "after kill -9: the continued session was not closed" "$home/sessions.txt"
[[ $(grep -c "demo@" "$home/sessions.txt") == 1 ]] || fail "after kill -9: continuing made a new session" "$home/sessions.txt"
echo "   killed: session left open, no crash note; next start said so, continued it, Ctrl+Q exit 0, session closed"
stop "$sim"
rm -rf "$home"
# 4: a graphics API that cannot draw here (Metal on Linux): a clear message, no panic.
fresh_home
echo "-- no renderer that works"
if "${app_env[@]}" "DISPLAY=:$display" "$binary" --renderer metal --demo >"$home/metal.log" 2>&1; then
    fail "--renderer metal opened a window on Linux" "$home/metal.log"
fi
grep -q "the window could not open: no graphics API of this computer could draw it (metal: " "$home/metal.log" \
    || fail "no clear message when no renderer works" "$home/metal.log"
! grep -q "panicked" "$home/metal.log" || fail "a panic when no renderer works" "$home/metal.log"
echo "   says: $(grep -o 'the window could not open.*' "$home/metal.log" | cut -c1-110)…"
rm -rf "$home"
echo "linux real-binary tests passed"
