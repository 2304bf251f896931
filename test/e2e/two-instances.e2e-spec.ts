import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

const postgres = testDatabases().includes('postgres');

describe.runIf(postgres)('two server processes on one Postgres database', () => {
  let db: TestDatabase;
  let servers: ServerProcess[];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    // Started together, so that both run the migrations at once (the advisory lock keeps them apart).
    servers = await Promise.all(
      [0, 1].map(() =>
        startServer({ ...db.env, CONFIG_DIR: FIXTURES_CONFIG, TURN_QUEUE_LIMIT: '64' }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await db?.drop();
  });

  it('serialises 50 concurrent messages for one interaction sent through both', async () => {
    const started = await http('POST', `${servers[0].url}/interactions`, {
      body: { uid: 'jack', process: 'counter' },
    });
    const id = started.body.interaction as string;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http('POST', `${servers[i % 2].url}/interactions/${id}/messages`, {
          uid: 'jack',
          body: { type: 'utterance', utterance: `message ${i}`, id: `m${i}` },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    // each reply saw the counter of the turns before it: 1 to 50, each once
    expect(replies.map((r) => r.body.payload.counter).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );

    const transcript = await http('GET', `${servers[1].url}/interactions/${id}/messages`, {
      uid: 'jack',
    });
    const inputs = transcript.body.filter((e: any) => e.input !== null);
    expect(inputs).toHaveLength(50);
    expect(transcript.body.map((e: any) => e.seq)).toEqual(
      Array.from({ length: 51 }, (_, i) => i + 1),
    );
    expect(new Set(inputs.map((e: any) => e.messageId)).size).toBe(50);
    const view = await http('GET', `${servers[0].url}/interactions/${id}`, { uid: 'jack' });
    expect(view.body.context.counter).toBe(50);

    // a turn that lost the race and ran again is one turn in the metrics, not an error and a success
    const counted = { ok: 0, other: 0 };
    for (const server of servers) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      for (const [, outcome, n] of text.matchAll(
        /^mmcc_turns_total\{[^}]*outcome="(\w+)"[^}]*\} (\d+)$/gm,
      ))
        counted[outcome === 'ok' ? 'ok' : 'other'] += Number(n);
    }
    expect(counted).toEqual({ ok: 50, other: 0 });
  });
});
