import pg from 'pg';
import { connectIo } from '../support/clients.js';
import { LOCK_INTERACTION } from '../../src/persistence/postgres/append-turns.sql.js';
import { openStore } from '../support/store.js';
import { http } from '../support/test-app.js';
import { rssSampler, sleep, summary, useFaultServers } from './support/faults.js';

const STATEMENT_TIMEOUT_MS = 1_000;
const QUEUE_LIMIT = 4;
const FLOOD = 40;
const OTHERS = 5;

describe('a slow database: an interaction held by someone else', () => {
  const fault = useFaultServers();
  let locker: pg.Client | undefined;
  afterAll(async () => {
    await locker?.end().catch(() => undefined);
  });

  it('times its turns out clearly, refuses what would pile up, and keeps other interactions fast', async () => {
    const server = await fault.start({
      DEFAULT_PROCESS: 'counter',
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      TURN_QUEUE_LIMIT: String(QUEUE_LIMIT),
    });
    const url = server.url;
    const rss = rssSampler(server.child.pid!);
    const victim = connectIo(url, { uid: 'victim' });
    const { interaction } = await victim.next('session');
    await victim.next('message');
    const others: { uid: string; id: string }[] = [];
    for (let i = 0; i < OTHERS; i += 1) {
      const started = await http('POST', `${url}/interactions`, { body: { uid: `other-${i}` } });
      others.push({ uid: `other-${i}`, id: started.body.interaction });
    }

    // Someone else holds the victim (its advisory lock), as a stalled retry write of another server would.
    locker = new pg.Client({ connectionString: fault.db.env.DATABASE_URL });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(LOCK_INTERACTION, [interaction]);

    // The other interactions keep chatting, and their latency is measured throughout.
    const latencies: number[] = [];
    let running = true;
    const load = others.map(async ({ uid, id }) => {
      while (running) {
        const started = Date.now();
        const reply = await http('POST', `${url}/interactions/${id}/messages`, {
          uid,
          body: { type: 'data', payload: {} },
        });
        expect(reply.status).toBe(200);
        latencies.push(Date.now() - started);
      }
    });

    // A flood of messages for the locked interaction, all at once.
    const flooded = Date.now();
    const answers = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) =>
        victim.socket
          .timeout(30_000)
          .emitWithAck('message', { type: 'data', payload: {}, id: `flood-${i}` })
          .then((ack: any) => ({ ...ack, ms: Date.now() - flooded })),
      ),
    );
    running = false;
    await Promise.all(load);
    const busy = answers.filter((a) => a.code === 'INTERACTION_BUSY');
    const timedOut = answers.filter((a) => a.code === 'DATABASE_TIMEOUT');
    expect(busy.length + timedOut.length).toBe(FLOOD);
    // One turn runs and QUEUE_LIMIT wait: those time out one after the other; the rest are refused at once.
    expect(timedOut).toHaveLength(QUEUE_LIMIT + 1);
    for (const answer of [...busy, ...timedOut]) expect(answer.retryable).toBe(true);
    expect(Math.max(...busy.map((a) => a.ms))).toBeLessThan(STATEMENT_TIMEOUT_MS);
    expect(timedOut[0].message).toMatch(/did not answer in time/);
    const slowestTimeout = Math.max(...timedOut.map((a) => a.ms));
    expect(slowestTimeout).toBeLessThan((QUEUE_LIMIT + 2) * STATEMENT_TIMEOUT_MS + 2_000);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)];
    const maxOther = latencies.at(-1)!;
    expect(p99).toBeLessThan(STATEMENT_TIMEOUT_MS);

    // Once the lock is gone the interaction works, and the refused turns changed nothing.
    await locker.query('ROLLBACK');
    const after = await victim.send({ type: 'data', payload: {}, id: 'after' });
    expect(after).toMatchObject({ seq: 2, payload: { counter: 1 } });
    victim.close();
    const { store, close } = await openStore(fault.db.env);
    try {
      expect((await store.transcript(interaction, 0)).map((e) => e.messageId)).toEqual([
        null,
        'after',
      ]);
    } finally {
      await close();
    }
    await sleep(0);
    summary('slow-database', {
      flood: FLOOD,
      timed_out: timedOut.length,
      busy_refused: busy.length,
      slowest_timeout_ms: slowestTimeout,
      other_turns: latencies.length,
      other_p99_ms: p99,
      other_max_ms: maxOther,
      max_rss_mb: rss.stop(),
    });
  });
});
