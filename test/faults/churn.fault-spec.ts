import { io } from 'socket.io-client';
import { http } from '../support/test-app.js';
import { pool, rssMb, sleep, summary, useFaultServers } from './support/faults.js';

const ROUNDS = 10;
const PER_ROUND = 2_000;
const CONCURRENCY = 200;
const INTERACTIONS = 50;

describe('connection churn', () => {
  const fault = useFaultServers();

  it(`survives ${ROUNDS} rounds of ${PER_ROUND} socket.io connects and disconnects with RSS back within 10% of its baseline`, async () => {
    const server = await fault.start({
      DEFAULT_PROCESS: 'counter',
    });
    const url = server.url;
    const pid = server.child.pid!;
    const owners: { uid: string; interaction: string }[] = [];
    for (let i = 0; i < INTERACTIONS; i += 1) {
      const started = await http('POST', `${url}/interactions`, { body: { uid: `churn-${i}` } });
      owners.push({ uid: `churn-${i}`, interaction: started.body.interaction });
    }

    /** One client: connect (resuming an interaction), get its session, disconnect. */
    const connectOnce = (i: number) =>
      new Promise<void>((resolve, reject) => {
        const socket = io(url, {
          auth: owners[i % INTERACTIONS],
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        const timer = setTimeout(() => reject(new Error('no session in time')), 10_000);
        socket.once('session', () => {
          clearTimeout(timer);
          socket.disconnect();
          resolve();
        });
        socket.once('connect_error', (error) => reject(error));
        socket.once('exception', (error) => reject(new Error(JSON.stringify(error))));
      });
    const round = () =>
      pool(
        Array.from({ length: PER_ROUND }, (_, i) => i),
        CONCURRENCY,
        connectOnce,
      );

    // A warm-up round, then the baseline: what the server holds with no client connected.
    await round();
    await sleep(2_000);
    const baseline = rssMb(pid);
    // V8 collects lazily: RSS climbs while garbage accumulates and falls back at each major collection.
    // What the server returns to is the lowest RSS seen over the last 7 rounds and the pause after them
    // (a major collection comes about every 6 rounds here).
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(pid)), 50);
    const perRound: number[] = [];
    const started = Date.now();
    let tail = 0;
    for (let r = 0; r < ROUNDS; r += 1) {
      if (r === 3) tail = samples.length;
      await round();
      perRound.push(rssMb(pid));
    }
    const seconds = (Date.now() - started) / 1000;
    await sleep(3_000);
    clearInterval(sampler);
    const settled = rssMb(pid);
    const returnedTo = Math.min(...samples.slice(tail), settled);
    const maxRss = Math.max(...samples);
    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    const open = /mmcc_connected_sockets\{transport="socket.io"\} (\d+)/.exec(metrics)?.[1];
    expect(open).toBe('0');
    expect(server.child.exitCode).toBeNull();
    expect(returnedTo).toBeLessThanOrEqual(baseline * 1.1);
    summary('connection-churn', {
      rounds: ROUNDS,
      connections: ROUNDS * PER_ROUND,
      per_second: Math.round((ROUNDS * PER_ROUND) / seconds),
      rss_baseline_mb: baseline,
      rss_returned_to_mb: returnedTo,
      rss_settled_mb: settled,
      max_rss_mb: maxRss,
      rss_rounds_mb: perRound.join('/'),
    });
  });
});
