#!/usr/bin/env bash
# Peer benchmark: the same simulator burst of N triggers into (1) @stomp/stompjs + sockjs-client
# on Node.js and (2) mt1-monitor's session task, then the ratio. The two take turns for R rounds
# (this VM is shared and one run can be 30 % off); the ratio is of the medians.
#   benches/peer/run.sh [N] [R]      (defaults 200000 and 5; needs node and npm)
# PEER_BIN=path runs another build of mt1-monitor (e.g. to compare two commits on one simulator).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-200000}"
rounds="${2:-5}"
port="${PEER_PORT:-18480}"
server="http://127.0.0.1:$port"

(cd "$here" && npm ci --silent --no-audit --no-fund)
if [ -z "${PEER_BIN:-}" ]; then (cd "$root" && cargo build --release --quiet); fi
bin="${PEER_BIN:-$root/target/release/mt1-monitor}"

"$bin" sim --port "$port" --quiet >/dev/null 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "$server/devices/info" >/dev/null 2>&1 && break; sleep 0.1; done

rate() { sed -E 's/.*= ([0-9]+) triggers\/s/\1/'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
js_rates=() rs_rates=()
for r in $(seq "$rounds"); do
  js=$(node "$here/peer.mjs" --server "$server" --count "$count")
  rs=$(RUST_LOG=warn "$bin" bench-session --server "$server" --count "$count")
  echo "round $r: $js | $rs"
  js_rates+=("$(echo "$js" | rate)") rs_rates+=("$(echo "$rs" | rate)")
done
js_median=$(printf '%s\n' "${js_rates[@]}" | median)
rs_median=$(printf '%s\n' "${rs_rates[@]}" | median)
echo "median of $rounds rounds: JS $js_median triggers/s, mt1-monitor $rs_median triggers/s"
echo "ratio: mt1-monitor / JS = $(awk "BEGIN { printf \"%.1f\", $rs_median / $js_median }")x ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
