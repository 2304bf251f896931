import { type ServerProcess, startServer } from '../support/server-process.js';
import { openStore } from '../support/store.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';
import {
  FAULT_ENV,
  type PrivatePostgres,
  privatePostgres,
  rssSampler,
  sleep,
  summary,
} from './support/faults.js';

const CLIENTS = 20;

interface Outcome {
  status: number;
  code?: string;
  retryable?: boolean;
  ms: number;
  at: number;
}

describe('Postgres stopped and started under load (a private cluster)', () => {
  let pg: PrivatePostgres;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    pg = await privatePostgres();
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    pg?.remove();
  });

  it('fails fast and retryably during the outage, recovers without a restart, and loses no acknowledged turn', async () => {
    server = await startServer({
      ...FAULT_ENV,
      DATABASE_URL: pg.url,
      CONFIG_DIR: FIXTURES_CONFIG,
      DEFAULT_PROCESS: 'counter',
    });
    const url = server.url;
    const rss = rssSampler(server.child.pid!);
    const interactions: { uid: string; id: string; acked: Map<string, number> }[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const started = await http('POST', `${url}/interactions`, { body: { uid: `pg-${i}` } });
      expect(started.status).toBe(201);
      interactions.push({ uid: `pg-${i}`, id: started.body.interaction, acked: new Map() });
    }

    // Each client sends numbered messages; a retryable error means: the same message again, soon.
    const outcomes: Outcome[] = [];
    let running = true;
    const load = interactions.map(async ({ uid, id, acked }) => {
      for (let n = 1; running;) {
        const started = Date.now();
        const reply = await http('POST', `${url}/interactions/${id}/messages`, {
          uid,
          body: { type: 'data', payload: {}, id: `m${n}` },
        });
        outcomes.push({
          code: reply.body?.code,
          retryable: reply.body?.retryable,
          status: reply.status,
          ms: Date.now() - started,
          at: started,
        });
        if (reply.status === 200) {
          acked.set(`m${n}`, reply.body.seq);
          n += 1;
        } else await sleep(100);
      }
    });

    await sleep(1_500);
    const stopAt = Date.now();
    pg.stop();
    const stoppedAt = Date.now();
    await sleep(2_000);
    const health = await http('GET', `${url}/health`);
    expect(health.status).toBe(503);
    pg.start();
    const restartedAt = Date.now();
    // The pool recovers by itself: wait for every client to get a turn through again.
    const recovered = async () => {
      for (;;) {
        const after = outcomes.filter((o) => o.at > restartedAt && o.status === 200);
        if (after.length >= CLIENTS * 3) return Date.now() - restartedAt;
        await sleep(50);
      }
    };
    const recoveryMs = await Promise.race([recovered(), sleep(15_000).then(() => -1)]);
    running = false;
    await Promise.all(load);
    const maxRss = rss.stop();
    expect(recoveryMs).toBeGreaterThanOrEqual(0);
    expect(server.child.exitCode).toBeNull();
    expect((await http('GET', `${url}/health`)).status).toBe(200);

    // During the outage: only the retryable DATABASE_UNAVAILABLE, and answered fast.
    const failed = outcomes.filter((o) => o.status !== 200);
    if (failed.some((o) => o.retryable !== true))
      console.error(
        server
          .output()
          .split('\n')
          .filter((l) => /ERROR|Error/.test(l))
          .slice(0, 20)
          .join('\n'),
      );
    const during = failed.filter((o) => o.at >= stoppedAt && o.at < restartedAt);
    expect(during.length).toBeGreaterThan(0);
    for (const o of failed) {
      expect(o).toMatchObject({ status: 503, retryable: true });
      expect(['DATABASE_UNAVAILABLE', 'DATABASE_TIMEOUT']).toContain(o.code);
    }
    const slowestFailure = Math.max(...during.map((o) => o.ms));
    expect(slowestFailure).toBeLessThan(1_000);

    // Nothing acknowledged was lost, and every state is its last committed turn.
    const { store, close } = await openStore({ DATABASE_URL: pg.url });
    let acked = 0;
    let found = 0;
    try {
      for (const { id, acked: replies } of interactions) {
        const transcript = await store.transcript(id, 0);
        for (const [messageId, seq] of replies) {
          acked += 1;
          if (transcript.some((e) => e.messageId === messageId && e.seq === seq)) found += 1;
        }
        const interaction = (await store.find(id))!;
        expect(interaction.lastSeq).toBe(transcript.at(-1)!.seq);
        expect(interaction.state.context.counter).toBe(transcript.length - 1);
      }
    } finally {
      await close();
    }
    expect(found).toBe(acked);
    summary('postgres-restart', {
      clients: CLIENTS,
      turns_acked: acked,
      turns_found: found,
      failed_during_outage: during.length,
      slowest_failure_ms: slowestFailure,
      pg_stop_ms: stoppedAt - stopAt,
      recovery_ms: recoveryMs,
      max_rss_mb: maxRss,
    });
  });
});
