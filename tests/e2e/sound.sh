#!/usr/bin/env bash
# What an official hears from the real binary on Linux: a PulseAudio server with a null sink
# (what PipeWire desktops speak too), its output recorded with parec.
#
#   tests/e2e/sound.sh [BINARY [OUT_DIR]]   (default: target/debug/mt1-monitor, target/e2e)
#
#  1. `sound-check` plays the start tone, the finish tone and the alarm: they are heard, the
#     command exits 0 and prints only its own lines (no log lines on the terminal).
#  2. A cookie the server does not know: the command says the server refused the app and
#     names the cookie file (the cause), not "Protocol error"; no server at all: it says so.
#  3. The app signed in to the simulator loses its link: the alarm sounds, and again about
#     every 5 s while the link stays down (not once for a second).
# Needs root or sudo without a password only to install what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME="tests/e2e/sound.sh"
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

binary_and_out "$@"
need_commands pulseaudio:pulseaudio parec:pulseaudio-utils Xvfb:xvfb xdotool:xdotool \
    curl:curl /usr/bin/python3:python3
trap stop_all EXIT

fresh_home
# The sound server of this run, in the app's runtime folder (where clients look for it).
spawn "${app_env[@]}" pulseaudio --daemonize=no --exit-idle-time=-1 -n \
    --load=module-native-protocol-unix --load="module-null-sink sink_name=line" \
    >"$home/pulse.log" 2>&1
for _ in $(seq 50); do
    [[ -S "$home/pulse/native" ]] && break
    sleep 0.2
done
[[ -S "$home/pulse/native" ]] || fail "PulseAudio did not start" "$home/pulse.log"

# Records what the sink plays, 8 kHz mono, into $home/$1.raw (`recorder` its pid).
record() {
    spawn "${app_env[@]}" parec --device=line.monitor --format=s16le --rate=8000 --channels=1 --latency-msec=20 \
        --raw "$home/$1.raw"
    recorder=$spawned
    # Recording only once the stream is attached: the source lists it.
    for _ in $(seq 50); do
        "${app_env[@]}" pactl list short source-outputs 2>/dev/null | grep -q . && break
        sleep 0.1
    done
    # The null sink's monitor misses the first stream it sees (it starts running with it):
    # a soft hum first (below what counts as heard), so that all the app plays is recorded.
    /usr/bin/python3 -c 'import math, sys; sys.stdout.buffer.write(b"".join(int(400 * math.sin(i / 3)).to_bytes(2, "little", signed=True) for i in range(1600)))' \
        | "${app_env[@]}" pacat --raw --format=s16le --rate=8000 --channels=1 --device=line \
        || fail "pacat could not play" "$home/pulse.log"
    sleep 0.5
}
# What was heard in $home/$1.raw, in order: "C0" (the start tone, 660 Hz), "C1" (the finish
# tone, 1320 Hz) or "alarm" (880/587 Hz) per burst. A burst: 50 ms windows louder than
# silence, ended by 0.5 s of silence (each sound is followed by that much; an idle sink
# records nothing, so pauses between sounds shrink to that).
heard() {
    /usr/bin/python3 - "$home/$1.raw" <<'PY'
import array, sys
samples = array.array("h", open(sys.argv[1], "rb").read())
window = 400  # 50 ms at 8 kHz
def name(windows):
    # The alarm lasts 1.08 s, a beep 0.12 s; a beep's pitch from its zero crossings.
    if len(windows) >= 12:
        return "alarm"
    # (the highest of its windows: the first and last are partly silence)
    hz = max(sum(1 for a, b in zip(w, w[1:]) if (a < 0) != (b < 0)) * 10 for w in windows)
    return "C0" if hz < 1000 else "C1"
bursts, loud, quiet = [], [], 0
for i in range(0, len(samples) + 20 * window, window):
    seg = samples[i:i + window]
    if len(seg) == window and max(abs(s) for s in seg) > 1500:
        loud.append(seg)
        quiet = 0
    elif loud:
        quiet += 1
        if quiet == 10:
            bursts.append(name(loud))
            loud = []
print(" ".join(bursts))
PY
}

echo "-- sound-check"
record check
set +e
"${app_env[@]}" "$binary" sound-check >"$home/check.out" 2>"$home/check.err"
code=$?
set -e
sleep 1.5
stop "$recorder"
((code == 0)) || fail "sound-check exited with $code" "$home/check.out"
[[ ! -s "$home/check.err" ]] || fail "sound-check wrote to the terminal's error stream" "$home/check.err"
(($(wc -l <"$home/check.out") == 4)) || fail "sound-check printed more than its own lines" "$home/check.out"
heard=$(heard check)
[[ "$heard" == "C0 C1 alarm" ]] || fail "heard [$heard], not the start tone, the finish tone and the alarm" \
    "$home/check.out"

echo "-- a cookie the server does not know; no server"
head -c 256 /dev/urandom >"$home/wrong-cookie"
# PulseAudio may let a client of its own user in by the socket's credentials before it
# looks at the cookie (a race in the server, about one start in five here): then it did
# not refuse, and the refusal is asked for again.
for _ in 1 2 3 4 5; do
    set +e
    "${app_env[@]}" PULSE_COOKIE="$home/wrong-cookie" "$binary" sound-check >"$home/refused.out" 2>&1
    code=$?
    set -e
    ((code == 0)) || break
done
((code == 1)) || fail "a refused sound-check exited with $code" "$home/refused.out"
grep -q "refused this app: its cookie file" "$home/refused.out" \
    || fail "the refusal does not name the cookie" "$home/refused.out"
mkdir -m 700 "$home/empty-runtime"
set +e
"${app_env[@]}" XDG_RUNTIME_DIR="$home/empty-runtime" PULSE_SERVER= "$binary" sound-check \
    >"$home/none.out" 2>&1
code=$?
set -e
((code == 1)) || fail "sound-check without a server exited with $code" "$home/none.out"
grep -q "no PulseAudio or PipeWire sound server is running\|sound server at .* does not answer" \
    "$home/none.out" || fail "no server is not said plainly" "$home/none.out"

echo "-- the alarm while the link stays down"
start_xvfb 1280x800x24
start_sim "$home" "${app_env[@]}" "$binary"
spawn "${app_env[@]}" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1 "$binary" --server "$server" \
    >"$home/app.log" 2>&1
app=$spawned
wait_window "MT1 Monitor" 60 || fail "no window" "$home/app.log"
type_sign_in "$home/app.log"
sleep 1
record alarm
curl -fsS -X POST "$server/sim/drop?refuse_ms=60000" >/dev/null
sleep 13
stop "$recorder"
alarms=$(heard alarm)
[[ "$alarms" == "alarm alarm alarm"* ]] || fail "the alarm sounded [$alarms] in 13 s of a lost link, not every 5 s" \
    "$home/app.log"
keys ctrl+q
wait_exit "$app" 20 || fail "the app did not quit" "$home/app.log"
echo "sound: sound-check heard [$heard]; refused cookie and no server named; alarm while down [$alarms]"
