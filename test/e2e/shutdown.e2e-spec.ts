import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { startServer } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

describe.each(testDatabases())('SIGTERM on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('delivers and persists the turn in flight, then exits 0', async () => {
    const env = { ...db.env, CONFIG_DIR: FIXTURES_CONFIG };
    const server = await startServer(env);
    const started = await http('POST', `${server.url}/interactions`, {
      body: { uid: 'tess', process: 'slow' },
    });
    const id = started.body.interaction as string;
    const inFlight = http('POST', `${server.url}/interactions/${id}/messages`, {
      uid: 'tess',
      body: { type: 'data', payload: { ms: 1500 }, id: 'slow-1' },
    });
    await new Promise((r) => setTimeout(r, 400));
    const exited = server.stop('SIGTERM');
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ utterance: 'waited 1500 ms', seq: 2 });
    expect(await exited).toBe(0);
    expect(server.output()).toContain('waiting for 1 turn(s) in flight');

    const again = await startServer(env);
    try {
      const transcript = await http('GET', `${again.url}/interactions/${id}/messages`, {
        uid: 'tess',
      });
      expect(transcript.body.map((e: any) => e.messageId)).toEqual([null, 'slow-1']);
    } finally {
      await again.stop();
    }
  });
});
