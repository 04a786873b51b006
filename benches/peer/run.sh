#!/usr/bin/env bash
# Peer benchmark: the same simulator burst of N triggers into (1) @stomp/stompjs + sockjs-client
# on Node.js and (2) mt1-monitor's session task, one after the other, then the ratio.
#   benches/peer/run.sh [N]          (default 200000; needs node and npm)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-200000}"
port="${PEER_PORT:-18480}"
server="http://127.0.0.1:$port"

(cd "$here" && npm ci --silent --no-audit --no-fund)
(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/mt1-monitor"

"$bin" sim --port "$port" --quiet >/dev/null 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "$server/devices/info" >/dev/null 2>&1 && break; sleep 0.1; done

js=$(node "$here/peer.mjs" --server "$server" --count "$count")
echo "$js"
rs=$(RUST_LOG=warn "$bin" bench-session --server "$server" --count "$count")
echo "$rs"
js_rate=$(echo "$js" | sed -E 's/.*= ([0-9]+) triggers\/s/\1/')
rs_rate=$(echo "$rs" | sed -E 's/.*= ([0-9]+) triggers\/s/\1/')
echo "ratio: mt1-monitor / JS = $(awk "BEGIN { printf \"%.1f\", $rs_rate / $js_rate }")x ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
