import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import { loadSettings } from '../../src/settings/settings.js';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { SMALL_CALLBACKS_TS, smallProcess, tempConfig } from '../support/temp-config.js';
import { http, startTestApp } from '../support/test-app.js';

describe.each(testDatabases())('an interaction whose process changed, on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('runs on the version it started on; one started before versions were kept runs on the current one', async () => {
    const config = tempConfig(smallProcess('flow'));
    const env = { ...db.env, CONFIG_DIR: config.dir };
    let app = await startTestApp(env);
    const start = async () =>
      (await http('POST', `${app.url}/interactions`, { body: { uid: 'kim', process: 'flow' } }))
        .body.interaction as string;
    const say = (id: string) =>
      http('POST', `${app.url}/interactions/${id}/messages`, {
        uid: 'kim',
        body: { type: 'utterance', utterance: 'hi' },
      });
    const [pinned, legacy] = [await start(), await start()];
    await app.close();

    // as if `legacy` had started before versions were kept: its version was never stored
    const source = await new DataSource(dataSourceOptions(loadSettings(db.env))).initialize();
    await source.query(
      `UPDATE turns SET process_version = NULL WHERE interaction_id = '${legacy}'`,
    );
    await source.query(
      `UPDATE interactions SET process_version = 'c0ffee0000000000' WHERE id = '${legacy}'`,
    );
    await source.destroy();

    // an incompatible change: the activity both interactions are at is renamed
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
      expect((await say(pinned)).body).toMatchObject({ utterance: 'you said hi\nBye' });

      const refused = await say(legacy);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'ACTIVITY_NOT_FOUND',
        message: expect.stringContaining('"ask"'),
      });
      const view = await http('GET', `${app.url}/interactions/${legacy}`, { uid: 'kim' });
      expect(view.body).toMatchObject({
        status: 'stale',
        activity: 'ask',
        processVersion: 'c0ffee0000000000',
      });
      expect(view.body.problem).toMatch(
        /changed \(version c0ffee0000000000 → [0-9a-f]{16}\) and no longer has the activity "ask"/,
      );
      const transcript = await http('GET', `${app.url}/interactions/${legacy}/messages`, {
        uid: 'kim',
      });
      expect(transcript.body).toHaveLength(1);
    } finally {
      await app.close();
      config.remove();
    }
  });
});
