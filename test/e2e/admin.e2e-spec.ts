import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { smallProcess, tempConfig } from '../support/temp-config.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'admin-token-for-tests-0123456789';

describe.each(testDatabases())('the admin API on %s', (kind) => {
  let db: TestDatabase;
  let app: TestApp;
  const config = tempConfig({ ...smallProcess('alpha'), ...smallProcess('beta') });
  const admin = (method: string, path: string, token: string | null = TOKEN) =>
    http(method, `${app.url}/admin${path}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    app = await startTestApp({ ...db.env, CONFIG_DIR: config.dir, ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    config.remove();
  });

  const ROUTES: [string, string][] = [
    ['GET', '/processes'],
    ['GET', '/processes/alpha'],
    ['POST', '/processes/reload'],
    ['GET', '/interactions'],
    ['GET', '/interactions/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/interactions/00000000-0000-4000-8000-000000000000'],
    ['GET', '/users/someone/knowledge'],
  ];

  it('reads the token as every other door reads a bearer token (the scheme in any case)', async () => {
    const lower = await http('GET', `${app.url}/admin/processes`, {
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(lower.status).toBe(200);
  });

  it.each(ROUTES)(
    '%s /admin%s refuses a missing token (401) and a wrong one (403)',
    async (method, path) => {
      expect((await admin(method, path, null)).status).toBe(401);
      const wrong = await admin(method, path, 'not-the-admin-token-at-all');
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ code: 'FORBIDDEN' });
    },
  );

  it('lists the processes and shows one with its Mermaid diagram', async () => {
    const list = await admin('GET', '/processes');
    expect(list.status).toBe(200);
    expect(list.body.map((p: any) => [p.name, p.default, p.activities, p.nlu])).toEqual([
      ['alpha', true, 3, 'keys'],
      ['beta', false, 3, 'keys'],
    ]);
    const detail = await admin('GET', '/processes/alpha');
    expect(detail.body).toMatchObject({ name: 'alpha', first: 'start', kbKeys: ['ask', 'end'] });
    expect(detail.body.activityList.map((a: any) => a.id)).toEqual(['start', 'ask', 'end']);
    expect(detail.body.diagram).toBe(
      [
        'flowchart TD',
        '  a0(["start"]):::mmccStart',
        '  a1["ask"]:::mmccTask',
        '  a2((("end"))):::mmccEnd',
        '  a0 --> a1',
        '  a1 --> a2',
      ].join('\n'),
    );
    expect(detail.body.diagramNodes).toEqual({ start: 'a0', ask: 'a1', end: 'a2' });
    expect((await admin('GET', '/processes/nope')).body).toMatchObject({ code: 'UNKNOWN_PROCESS' });
  });

  it('reloads a good config, and refuses a broken one while the old stays live', async () => {
    config.write('alpha/kb.json', { ask: 'Reloaded question', end: 'Bye' });
    const reloaded = await admin('POST', '/processes/reload');
    expect(reloaded.status).toBe(200);
    const started = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'ops', process: 'alpha' },
    });
    expect(started.body.reply.utterance).toBe('v1\nReloaded question');

    config.write('beta/process.json', { activities: [], first_activity_id: 'gone' });
    const refused = await admin('POST', '/processes/reload');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(refused.body.message).toContain(
      'beta/process.json: "first_activity_id" is "gone", which names no activity',
    );
    expect((await admin('GET', '/processes')).body.map((p: any) => p.name)).toEqual([
      'alpha',
      'beta',
    ]);
    const stillLive = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'ops', process: 'beta' },
    });
    expect(stillLive.status).toBe(201);
    config.write('beta/process.json', smallProcess('beta')['beta/process.json']);
  });

  it('lists interactions with filters and cursor paging, shows the whole state, and deletes', async () => {
    const ids: string[] = [];
    for (const [uid, process] of [
      ['pat', 'alpha'],
      ['pat', 'beta'],
      ['quinn', 'alpha'],
      ['pat', 'alpha'],
    ]) {
      ids.push(
        (await http('POST', `${app.url}/interactions`, { body: { uid, process } })).body
          .interaction,
      );
    }
    await http('POST', `${app.url}/interactions/${ids[3]}/messages`, {
      uid: 'pat',
      body: { type: 'utterance', utterance: 'done' },
    });

    const pats = await admin('GET', '/interactions?uid=pat&limit=2');
    expect(pats.body.items.map((i: any) => i.interaction)).toEqual([ids[3], ids[1]]);
    const next = await admin('GET', `/interactions?uid=pat&limit=2&cursor=${pats.body.nextCursor}`);
    expect(next.body.items.map((i: any) => i.interaction)).toEqual([ids[0]]);
    expect(next.body.nextCursor).toBeNull();
    const completed = await admin('GET', '/interactions?status=completed&process=alpha');
    expect(completed.body.items.map((i: any) => i.interaction)).toEqual([ids[3]]);
    expect((await admin('GET', '/interactions?limit=0')).status).toBe(400);
    expect((await admin('GET', '/interactions?cursor=garbage')).body).toMatchObject({
      code: 'BAD_MESSAGE',
    });

    const full = await admin('GET', `/interactions/${ids[3]}`);
    expect(full.body).toMatchObject({
      interaction: ids[3],
      uid: 'pat',
      status: 'completed',
      lastSeq: 2,
      state: {
        current: 'end',
        stack: [],
        done: {},
        context: { _done_: [] },
        kb: { ask: 'Reloaded question' },
      },
    });
    expect((await admin('DELETE', `/interactions/${ids[3]}`)).status).toBe(204);
    expect((await admin('GET', `/interactions/${ids[3]}`)).status).toBe(404);
    expect(
      (await http('GET', `${app.url}/interactions/${ids[3]}/messages`, { uid: 'pat' })).status,
    ).toBe(404);
    expect((await admin('DELETE', `/interactions/${ids[3]}`)).status).toBe(404);
  });

  it("shows what a user's finished interactions saved", async () => {
    const fixtures = await startTestApp({
      ...db.env,
      CONFIG_DIR: new URL('../fixtures/config', import.meta.url).pathname,
      ADMIN_TOKEN: TOKEN,
    });
    try {
      const started = await http('POST', `${fixtures.url}/interactions`, {
        body: { uid: 'rae', process: 'remember' },
      });
      await http('POST', `${fixtures.url}/interactions/${started.body.interaction}/messages`, {
        uid: 'rae',
        body: { type: 'utterance', utterance: 'Oslo' },
      });
      const knowledge = await http('GET', `${fixtures.url}/admin/users/rae/knowledge`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(knowledge.body).toEqual([
        { process: 'remember', knowledge: { city: 'Oslo' }, updatedAt: expect.any(String) },
      ]);
    } finally {
      await fixtures.close();
    }
  });

  it('answers 403 on every admin route when ADMIN_TOKEN is not set', async () => {
    const closed = await startTestApp({ ...db.env, CONFIG_DIR: config.dir });
    try {
      for (const [method, path] of ROUTES) {
        const response = await http(method, `${closed.url}/admin${path}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(response.status).toBe(403);
        expect(response.body.message).toContain('set ADMIN_TOKEN');
      }
    } finally {
      await closed.close();
    }
  });
});
