#!/usr/bin/env bash
# CPU the real app uses on a laptop (software GL under Xvfb, the worst case: no GPU), measured
# from the kernel's count of the process's CPU time (/proc/PID/stat), over SECONDS (60):
#   idle    signed in to a simulator that produces nothing (`sim --quiet`): only the clocks
#           and ages on screen may cost anything;
#   demo    following the demo (a race on three devices).
#
#   benches/idle-cpu.sh [BINARY [SECONDS]]   (default: target/release/mt1-monitor, 60)
#
# Prints the share of one core for each. The figures go into BENCHMARKS.md with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_NAME="benches/idle-cpu.sh"
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh
binary=$(realpath "${1:-target/release/mt1-monitor}")
seconds=${2:-60}
need_commands Xvfb:xvfb xdotool:xdotool
trap stop_all EXIT
start_xvfb 1280x800x24
ticks=$(getconf CLK_TCK)
# CPU seconds (user + system) the process $1 has used so far.
cpu() { awk -v t="$ticks" '{ print ($14 + $15) / t }' "/proc/$1/stat"; }
# The app's own pid below its `setsid env …` start.
app_pid() { pgrep -n -f "^$binary" ; }
measure() {
    local label=$1 pid before after
    sleep 5 # start-up and the first history read are not idle
    pid=$(app_pid)
    before=$(cpu "$pid")
    sleep "$seconds"
    after=$(cpu "$pid")
    awk -v l="$label" -v a="$after" -v b="$before" -v s="$seconds" \
        'BEGIN { printf "%-6s %5.1f %% of one core (%.2f CPU s in %d s)\n", l, 100 * (a - b) / s, a - b, s }'
}

fresh_home
spawn "${app_env[@]}" "$binary" sim --quiet --port 0 >"$home/sim.out" 2>"$home/sim.log"
for _ in $(seq 100); do
    server=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$home/sim.out" || true)
    [[ -n "$server" ]] && break
    sleep 0.2
done
spawn "${app_env[@]}" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1 "$binary" --server "$server" >"$home/idle.log" 2>&1
app=$spawned
wait_window "MT1 Monitor" 60 || fail "no window" "$home/idle.log"
sleep 1
type_text demo
keys Tab
type_text demo
keys Return
wait_line "$home/idle.log" "live link connected" 60 || fail "no live link" "$home/idle.log"
measure idle
stop "$app"

spawn "${app_env[@]}" "DISPLAY=:$display" LIBGL_ALWAYS_SOFTWARE=1 "$binary" --demo >"$home/demo.log" 2>&1
app=$spawned
wait_window "MT1 Monitor" 60 || fail "no window" "$home/demo.log"
wait_line "$home/demo.log" "live link connected" 60 || fail "no live link" "$home/demo.log"
measure demo
