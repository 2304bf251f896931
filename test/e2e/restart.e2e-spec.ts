import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { startServer } from '../support/server-process.js';
import { openStore } from '../support/store.js';
import { http } from '../support/test-app.js';

describe.each(testDatabases())('a server killed and restarted on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('resumes every interaction where it was: same activity, context and kb, and the whole transcript', async () => {
    const first = await startServer(db.env);
    const started = await http('POST', `${first.url}/interactions`, {
      body: { uid: 'ivy', process: 'name_nickname' },
    });
    const id = started.body.interaction as string;
    const send = (url: string, body: unknown) =>
      http('POST', `${url}/interactions/${id}/messages`, { uid: 'ivy', body });
    await send(first.url, { type: 'data', payload: { name_nickname: 'nickname' } });
    const acked = await send(first.url, { type: 'utterance', utterance: 'Ivy' });
    expect(acked.body).toMatchObject({ utterance: 'Please insert your age', seq: 3 });

    const peek = await openStore(db.env);
    const before = await peek.store.find(id);
    await peek.close();
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');

    const second = await startServer(db.env);
    try {
      const reopened = await openStore(db.env);
      const after = await reopened.store.find(id);
      await reopened.close();
      expect(after!.state).toEqual(before!.state);
      expect(after!.state).toMatchObject({ current: 'insert_age', context: { nickname: 'Ivy' } });
      expect(after!.state.kb).toMatchObject({ insert_age: 'Please insert your age' });

      const view = await http('GET', `${second.url}/interactions/${id}`, { uid: 'ivy' });
      expect(view.body).toMatchObject({
        activity: 'insert_age',
        context: { nickname: 'Ivy', _done_: [] },
        status: 'active',
      });
      const transcript = await http('GET', `${second.url}/interactions/${id}/messages`, {
        uid: 'ivy',
      });
      expect(transcript.body.map((e: any) => e.reply.utterance)).toEqual([
        'Would you like to insert the name or a nickname?',
        'Please insert your nickname',
        'Please insert your age',
      ]);
      const resumed = await send(second.url, { type: 'utterance', utterance: '42' });
      expect(resumed.body).toMatchObject({
        utterance: 'Nickname, Ivy 42\nProcess completed!',
        seq: 4,
        status: 'completed',
      });
    } finally {
      await second.stop();
    }
  });
});
