import { executionAsyncId } from 'node:async_hooks';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { FIXTURES_CONFIG, http, startTestApp } from '../support/test-app.js';

/**
 * The async ids of a few promise continuations: all 0 while no async hook tracks promises. Once anything
 * enters an AsyncLocalStorage (on Node 20), every promise of the process gets its own id, and its hooks run.
 */
async function continuationIds(): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    await Promise.resolve();
    ids.push(executionAsyncId());
  }
  return ids;
}

describe('HTTP requests and the cost of every later promise', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterAll(() => db?.drop());

  it('serving requests (health, a REST turn, an error) leaves no hook on the promises of the turns after them', async () => {
    expect(await continuationIds()).toEqual([0, 0, 0]);
    const app = await startTestApp({
      ...db.env,
      CONFIG_DIR: FIXTURES_CONFIG,
      DEFAULT_PROCESS: 'counter',
    });
    try {
      expect((await http('GET', `${app.url}/health`)).status).toBe(200);
      const started = await http('POST', `${app.url}/interactions`, { body: { uid: 'hooks' } });
      expect(started.status).toBe(201);
      const turn = await http(
        'POST',
        `${app.url}/interactions/${started.body.interaction}/messages`,
        {
          uid: 'hooks',
          body: { type: 'utterance', utterance: 'one' },
        },
      );
      expect(turn.status).toBe(200);
      expect((await http('GET', `${app.url}/no-such-page`)).status).toBe(404);
      // (a request-scoped logger kept in an AsyncLocalStorage would have switched promise hooks on for good)
      expect(await continuationIds()).toEqual([0, 0, 0]);
    } finally {
      await app.close();
    }
  });
});
