# Helpers for the real-binary tests (sourced by tests/e2e/*.sh and packaging/linux-roundtrip.sh):
# processes in their own groups that are stopped on the way out, one Xvfb display, waiting
# for a window, quitting it as an official does, and screenshots.
# The sourcing script sets `set -euo pipefail` and may set E2E_NAME (the prefix of messages).

fail() { # what went wrong, then the log that tells why
    echo "${E2E_NAME:-e2e}: $1" >&2
    [[ -n "${2:-}" && -f "$2" ]] && tail -n 30 "$2" >&2
    exit 1
}

# BINARY [OUT_DIR] as the scripts take them: `binary` (it must exist) and `out` (made),
# both absolute.
binary_and_out() {
    binary=$(realpath "${1:-target/debug/mt1-monitor}")
    out="${2:-target/e2e}"
    mkdir -p "$out"
    out=$(realpath "$out")
    [[ -x "$binary" ]] || fail "no $binary: run \`cargo test\` (or cargo build) first"
}

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    sudo -n true 2>/dev/null || fail "needs root, or sudo without a password (apt)"
    as_root=(sudo -n)
fi
apt_get() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq "$@" >/dev/null; }

# Installs the Debian packages behind the commands (or, given as a path, files) named as
# WHAT:PACKAGE that are missing.
need_commands() {
    local missing=() need what
    for need in "$@"; do
        what=${need%%:*}
        if [[ "$what" == /* ]]; then
            [[ -e "$what" ]] || missing+=("${need#*:}")
        else
            command -v "$what" >/dev/null || missing+=("${need#*:}")
        fi
    done
    if ((${#missing[@]})); then
        echo "installing with apt: ${missing[*]}"
        apt_get update || { sleep 5 && apt_get update; }
        apt_get install "${missing[@]}"
    fi
}

# Starts a command in its own process group, so that it and all it starts can be stopped; on
# the way out (also after a failure) whatever still runs is stopped.
running=()
spawn() {
    setsid "$@" &
    spawned=$!
    running+=("$spawned")
}
forget() {
    local pid still=()
    for pid in "${running[@]}"; do
        if [[ "$pid" != "$1" ]]; then still+=("$pid"); fi
    done
    running=("${still[@]}")
}
# As root where it was started through sudo: sudo does not take signals from the user.
stop() {
    "${as_root[@]}" kill -- "-$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget "$1"
}
# Whether $1 still runs (kill -0 cannot tell for a process started through sudo).
alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ "$state" != Z* ]]
}
# Waits up to $2 seconds for process $1 to end by itself; its exit code in `exited`.
wait_exit() {
    local pid=$1 limit=$2 i
    for ((i = 0; i < limit * 5; i++)); do
        alive "$pid" || break
        sleep 0.2
    done
    if alive "$pid"; then return 1; fi
    exited=0
    wait "$pid" || exited=$?
    forget "$pid"
}
stop_all() {
    local pid
    for pid in "${running[@]}"; do stop "$pid"; done
}

# One virtual display for every window of the run: sets `display` (the number).
start_xvfb() {
    local file
    file=$(mktemp)
    spawn Xvfb -displayfd 3 -screen 0 "${1:-1280x800x24}" 3>"$file" >/dev/null 2>&1
    display=""
    for _ in $(seq 100); do
        display=$(tr -d '\n' <"$file")
        [[ -n "$display" ]] && break
        sleep 0.1
    done
    rm -f "$file"
    [[ -n "$display" ]] || fail "Xvfb did not start"
}

# Waits up to $2 seconds (default 60) for a window whose title starts with $1; its id in
# `window`. There is no window manager: the window is focused by hand.
wait_window() {
    local title=$1 limit=${2:-60} i
    window=""
    for ((i = 0; i < limit * 2; i++)); do
        window=$(DISPLAY=":$display" xdotool search --onlyvisible --name "^$title" 2>/dev/null | head -n 1 || true)
        [[ -n "$window" ]] && return 0
        sleep 0.5
    done
    return 1
}
# Waits up to $3 seconds (default 60) until file $1 has a line matching $2.
wait_line() {
    timeout "${3:-60}" bash -c "until grep -q -- '$2' '$1' 2>/dev/null; do sleep 0.3; done"
}

# The official's keys, into the focused window, at a person's pace: egui moves the focus
# (Tab) at the end of a frame, so keys typed in the same frame would still go to the old field.
keys() {
    DISPLAY=":$display" xdotool windowfocus "$window"
    DISPLAY=":$display" xdotool key --clearmodifiers --delay 100 "$@"
    sleep 0.5
}
type_text() {
    DISPLAY=":$display" xdotool windowfocus "$window"
    DISPLAY=":$display" xdotool type --delay 60 "$1"
    sleep 0.5
}
# The window's close button: the request a window manager sends (WM_DELETE_WINDOW).
close_request() {
    DISPLAY=":$display" /usr/bin/python3 - "$window" <<'EOF'
import sys
from Xlib import X, display, protocol
d = display.Display()
w = d.create_resource_object("window", int(sys.argv[1]))
protocols = d.intern_atom("WM_PROTOCOLS")
delete = d.intern_atom("WM_DELETE_WINDOW")
ev = protocol.event.ClientMessage(window=w, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
w.send_event(ev, event_mask=X.NoEventMask)
d.flush()
EOF
}

# A screenshot of the display into $1, which must not be nearly blank; colours in `colours`.
screenshot() {
    DISPLAY=":$display" import -window root "$1"
    colours=$(identify -format %k "$1")
    ((colours > 100)) || fail "the screenshot $1 is nearly blank ($colours colours)"
}

# An empty home for one run of the app: sets `home` and `app_env` (env -i with its folders).
fresh_home() {
    home=$(mktemp -d)
    chmod 700 "$home"
    app_env=(env -i "PATH=$PATH" "HOME=$home" "XDG_RUNTIME_DIR=$home" "XDG_DATA_HOME=$home/data"
        "XDG_CONFIG_HOME=$home/config" "XDG_CACHE_HOME=$home/cache" "XDG_STATE_HOME=$home/state"
        "TMPDIR=$home" LANG=C.UTF-8)
}

# Starts `$@ sim --port 0` and waits for its address: `server`, and `sim` its pid. $1 is the
# folder for its output.
start_sim() {
    local dir=$1
    shift
    spawn "$@" sim --port 0 >"$dir/sim.out" 2>"$dir/sim.log"
    sim=$spawned
    server=""
    for _ in $(seq 150); do
        server=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$dir/sim.out" || true)
        [[ -n "$server" ]] && break
        sleep 0.2
    done
    [[ -n "$server" ]] || fail "the simulator did not start" "$dir/sim.log"
}

# Signs in as demo/demo on the form the window shows, typed as an official does, and waits
# for the live link in the app's log $1.
type_sign_in() {
    sleep 1 # the first frames: the form gives the username field the keyboard
    type_text demo
    keys Tab
    type_text demo
    keys Return
    wait_line "$1" "live link connected" 60 || fail "no live link after signing in" "$1"
}
