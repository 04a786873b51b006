// The peer: @stomp/stompjs over sockjs-client on Node.js, the reference choice for a JavaScript
// MT1 client. Signs in like mt1-monitor, subscribes to the finish device, asks the simulator
// for a burst of N triggers and reports how fast it took them in (each body JSON-decoded, as
// any client must to read the trigger).
//   node peer.mjs --server http://127.0.0.1:8480 --count 200000
import { Client } from "@stomp/stompjs";
import SockJS from "sockjs-client";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const server = arg("server", "http://127.0.0.1:8480");
const count = Number(arg("count", "200000"));
const device = "231203017";

const login = await fetch(`${server}/mt1/api/user/login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ username: "demo", password: "demo" }),
});
const token = login.headers.get("authorization");
if (!token) throw new Error(`login failed: HTTP ${login.status}`);

let received = 0;
let first = 0;
const client = new Client({
  webSocketFactory: () => new SockJS(`${server}/devices`),
  connectHeaders: { authorization: token },
  heartbeatIncoming: 10000,
  heartbeatOutgoing: 10000,
  reconnectDelay: 0,
  debug: () => {},
});

const done = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`only ${received} of ${count} arrived`)), 300_000);
  client.onConnect = () => {
    client.subscribe(`/topic/device/${device}/trigger`, (message) => {
      const envelope = JSON.parse(message.body);
      if (!envelope.dto || typeof envelope.dto.timestamp !== "number") return;
      if (received === 0) first = performance.now();
      received += 1;
      if (received === count) {
        clearTimeout(timer);
        resolve(performance.now() - first);
      }
    });
    setTimeout(() => fetch(`${server}/sim/burst?count=${count}&device=${device}`, { method: "POST" }), 300);
  };
  client.onStompError = (frame) => reject(new Error(frame.headers.message));
});
client.activate();
const ms = await done;
const rate = (count - 1) / (ms / 1000);
console.log(`@stomp/stompjs + sockjs-client: ${count} triggers in ${(ms / 1000).toFixed(3)} s = ${rate.toFixed(0)} triggers/s`);
await client.deactivate();
process.exit(0);
