import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { SMALL_CALLBACKS_TS, smallProcess, tempConfig } from '../support/temp-config.js';
import { http, startTestApp } from '../support/test-app.js';

describe.each(testDatabases())('an interaction whose process changed, on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('carries on while its activity exists, and reports a clear error once it is gone', async () => {
    const config = tempConfig(smallProcess('flow'));
    const env = { ...db.env, CONFIG_DIR: config.dir };
    let app = await startTestApp(env);
    const started = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'kim', process: 'flow' },
    });
    const id = started.body.interaction as string;
    const keep = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'kim', process: 'flow' },
    });
    const version = (await http('GET', `${app.url}/interactions/${id}`, { uid: 'kim' })).body
      .processVersion;
    await app.close();

    // A compatible change: the same activities, new code. Both interactions go on with it.
    config.write('flow/callbacks.ts', SMALL_CALLBACKS_TS.replace("'you said '", "'now you said '"));
    app = await startTestApp(env);
    const carried = await http(
      'POST',
      `${app.url}/interactions/${keep.body.interaction}/messages`,
      {
        uid: 'kim',
        body: { type: 'utterance', utterance: 'hi' },
      },
    );
    expect(carried.body.utterance).toBe('now you said hi\nBye');
    await app.close();

    // An incompatible change: the activity the interaction is at is gone.
    const files = smallProcess('flow');
    const doc = files['flow/process.json'] as {
      activities: { my_id: string; next_id: string | null }[];
    };
    doc.activities[0].next_id = 'question';
    doc.activities[1].my_id = 'question';
    config.write('flow/process.json', doc);
    config.write('flow/callbacks.ts', SMALL_CALLBACKS_TS.replace('  ask:', '  question:'));
    app = await startTestApp(env);
    try {
      const refused = await http('POST', `${app.url}/interactions/${id}/messages`, {
        uid: 'kim',
        body: { type: 'utterance', utterance: 'hi' },
      });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'ACTIVITY_NOT_FOUND',
        message: expect.stringContaining('"ask"'),
      });
      const view = await http('GET', `${app.url}/interactions/${id}`, { uid: 'kim' });
      expect(view.body).toMatchObject({
        status: 'stale',
        activity: 'ask',
        processVersion: version,
      });
      expect(view.body.problem).toMatch(
        /changed \(version [0-9a-f]{16} → [0-9a-f]{16}\) and no longer has the activity "ask"/,
      );
      const transcript = await http('GET', `${app.url}/interactions/${id}/messages`, {
        uid: 'kim',
      });
      expect(transcript.body).toHaveLength(1);
    } finally {
      await app.close();
      config.remove();
    }
  });
});
