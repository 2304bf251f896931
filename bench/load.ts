import hdr from 'hdr-histogram-js';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

/**
 * The load, in its own process: `connections` clients in a closed loop (send, wait for the reply, send again),
 * first for `warmupMs` (so that the server's hot path is compiled: not measured), then for `durationMs`.
 * Prints one JSON line: turns and latency percentiles of the measured part, and per-interaction counts of every
 * acknowledged turn (warm-up included, for the check against the database).
 * Usage: tsx load.ts <url> <socket.io|ws> <ours|ceiling> <connections> <durationMs> [warmupMs]
 */
const [url, transport, target, connections, durationMs, warmupMs] = [
  process.argv[2],
  process.argv[3],
  process.argv[4],
  Number(process.argv[5]),
  Number(process.argv[6]),
  Number(process.argv[7] ?? 1000),
];
const histogram = hdr.build({
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
});
const acked = new Map<string, number>();
let errors = 0;

interface Client {
  id: string;
  turn(n: number): Promise<void>;
  close(): void;
}

async function socketIoClient(i: number): Promise<Client> {
  const socket: Socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { uid: `bench-${i}`, process: 'counter' },
  });
  let id = `ceiling-${i}`;
  if (target === 'ours') {
    const session = new Promise<{ interaction: string }>((resolve) =>
      socket.once('session', resolve),
    );
    const welcome = new Promise((resolve) => socket.once('message', resolve));
    id = (await session).interaction;
    await welcome;
    socket.on('message', () => undefined);
  } else {
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  }
  return {
    id,
    turn: async (n) => {
      const answer = (await socket
        .timeout(10_000)
        .emitWithAck('message', { type: 'utterance', utterance: `m${n}`, id: `${i}-${n}` })) as {
        code?: string;
      };
      if (answer?.code !== undefined) throw new Error(answer.code);
    },
    close: () => socket.disconnect(),
  };
}

async function wsClient(i: number): Promise<Client> {
  const ws = new WebSocket(
    target === 'ours'
      ? `${url.replace(/^http/, 'ws')}/ws?uid=bench-${i}&interaction=None&process=counter`
      : url.replace(/^http/, 'ws'),
  );
  const frames: string[] = [];
  const waiting: ((f: string) => void)[] = [];
  ws.on('message', (data) => {
    const next = waiting.shift();
    if (next) next(data.toString());
    else frames.push(data.toString());
  });
  const receive = () =>
    new Promise<string>((resolve) =>
      frames.length > 0 ? resolve(frames.shift()!) : waiting.push(resolve),
    );
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let id = `ceiling-${i}`;
  if (target === 'ours') {
    id = await receive();
    await receive(); // the welcome
  }
  return {
    id,
    turn: async (n) => {
      ws.send(JSON.stringify({ type: 'utterance', utterance: `m${n}`, id: `${i}-${n}` }));
      const reply = JSON.parse(await receive()) as { error?: string };
      if (reply.error !== undefined) throw new Error(reply.error);
    },
    close: () => ws.close(),
  };
}

const clients = await Promise.all(
  Array.from({ length: connections }, (_, i) =>
    transport === 'ws' ? wsClient(i) : socketIoClient(i),
  ),
);
const started = performance.now() + warmupMs;
const until = started + durationMs;
let turns = 0;
await Promise.all(
  clients.map(async (client) => {
    for (let n = 0; performance.now() < until; n += 1) {
      const t0 = performance.now();
      try {
        await client.turn(n);
        acked.set(client.id, (acked.get(client.id) ?? 0) + 1);
        if (t0 >= started) {
          histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
          turns += 1;
        }
      } catch {
        errors += 1;
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
clients.forEach((c) => c.close());
console.log(
  JSON.stringify({
    turns,
    ackedTotal: [...acked.values()].reduce((a, b) => a + b, 0),
    errors,
    turnsPerSecond: Math.round(turns / seconds),
    p50ms: histogram.getValueAtPercentile(50) / 1000,
    p99ms: histogram.getValueAtPercentile(99) / 1000,
    acked: Object.fromEntries(acked),
  }),
);
process.exit(0);
