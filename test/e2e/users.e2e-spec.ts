import { DataSource } from 'typeorm';
import { ADMIN_TOKEN, data, restClient, shopConfig, text } from '../support/console-history.js';
import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { until } from '../support/network.js';
import { http } from '../support/test-app.js';

const config = shopConfig();
afterAll(() => config.remove());

describe.each(testDatabases())('export and erase a uid on %s', (kind) => {
  const app = useTestApp(kind, { CONFIG_DIR: config.dir, ADMIN_TOKEN });
  const admin = (method: string, path: string) =>
    http(method, `${app.url}/admin/users${path}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
  /** Rows of every table that belong to the uid (by its interactions' ids too). */
  const rowsOf = async (uid: string) => {
    const source = app.app.get(DataSource);
    const slot = kind === 'postgres' ? '$1' : '?';
    const count = async (sql: string) => Number((await source.query(sql, [uid]))[0].n);
    const ofInteractions = (table: string) =>
      count(
        `SELECT COUNT(*) AS n FROM ${table} WHERE interaction_id IN (SELECT id FROM interactions WHERE uid = ${slot})`,
      );
    return {
      interactions: await count(`SELECT COUNT(*) AS n FROM interactions WHERE uid = ${slot}`),
      turns: await ofInteractions('turns'),
      knowledge: await count(`SELECT COUNT(*) AS n FROM user_knowledge WHERE uid = ${slot}`),
      stepFailures: await ofInteractions('step_failures'),
    };
  };

  it('exports everything of the uid, then erases all of it (closing its socket) and nothing of anyone else', async () => {
    const rest = restClient(app.url);
    const done = await rest.start('ann');
    await rest.send(done, data({ name: 'Ann' }));
    await rest.send(done, data({ age: 30 }));
    const failing = await rest.start('ann');
    await rest.send(failing, data({ name: 'Ann' }));
    expect((await rest.send(failing, data({ age: 'boom' }))).body.code).toBe('STEP_FAILED');
    const live = app.connect({ uid: 'ann', process: 'shop' });
    const session = await live.next('session');
    await live.next('message');
    await live.send(text('hello'));
    const other = await rest.start('bob');
    await rest.send(other, data({ name: 'Bob' }));
    await rest.send(other, data({ age: 41 }));
    await until(
      'the failed step is recorded',
      async () => (await rowsOf('ann')).stepFailures === 1,
    );
    const bobBefore = (await admin('GET', '/bob/export')).body;

    const exported = await admin('GET', '/ann/export');
    expect(exported.status).toBe(200);
    expect(exported.body.uid).toBe('ann');
    const byId = new Map(exported.body.interactions.map((i: any) => [i.id, i]));
    expect([...byId.keys()].sort()).toEqual([done.id, failing.id, session.interaction].sort());
    expect(byId.get(done.id) as any).toMatchObject({
      uid: 'ann',
      process: 'shop',
      status: 'completed',
    });
    expect(
      (byId.get(done.id) as any).turns.map((t: any) => [
        t.seq,
        t.activityBefore,
        t.activityAfter,
        t.input,
      ]),
    ).toEqual([
      [1, null, 'name', null],
      [2, 'name', 'age', { type: 'data', payload: { name: 'Ann' } }],
      [3, 'age', 'end', { type: 'data', payload: { age: 30 } }],
    ]);
    expect((byId.get(done.id) as any).turns[2].reply).toMatchObject({
      utterance: 'Noted\nThanks, bye',
      status: 'completed',
    });
    expect(
      (byId.get(session.interaction) as any).turns.map((t: any) => t.input?.utterance ?? null),
    ).toEqual([null, 'hello']);
    expect(exported.body.knowledge).toEqual([
      { process: 'shop', knowledge: { known_name: 'Ann' }, updatedAt: expect.any(String) },
    ]);
    expect(exported.body.stepFailures).toEqual([
      expect.objectContaining({ interactionId: failing.id, activity: 'age', code: 'STEP_FAILED' }),
    ]);
    expect(await rowsOf('ann')).toEqual({
      interactions: 3,
      turns: 7,
      knowledge: 1,
      stepFailures: 1,
    });

    const erased = await admin('DELETE', '/ann');
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      uid: 'ann',
      erased: { interactions: 3, turns: 7, knowledge: 1, stepFailures: 1 },
    });
    expect(await live.next('disconnect')).toBe('io server disconnect');
    expect(await rowsOf('ann')).toEqual({
      interactions: 0,
      turns: 0,
      knowledge: 0,
      stepFailures: 0,
    });
    const source = app.app.get(DataSource);
    const ids = [done.id, failing.id, session.interaction];
    for (const table of ['turns', 'step_failures', 'analytics_progress', 'analytics_reached'])
      for (const id of ids)
        expect(await source.query(`SELECT * FROM ${table} WHERE interaction_id = '${id}'`)).toEqual(
          [],
        );
    expect((await admin('GET', '/ann/export')).body).toMatchObject({
      interactions: [],
      knowledge: [],
      stepFailures: [],
    });
    // the erased interactions are gone for their clients too, and bob's are as they were
    expect((await rest.send(done, data({ x: 1 }))).status).toBe(404);
    expect({ ...(await admin('GET', '/bob/export')).body, exportedAt: 0 }).toEqual({
      ...bobBefore,
      exportedAt: 0,
    });
    expect(await rowsOf('bob')).toEqual({
      interactions: 1,
      turns: 3,
      knowledge: 1,
      stepFailures: 0,
    });
  });

  it('answers an unknown uid with nothing, and refuses a bad one or no token', async () => {
    expect((await admin('DELETE', '/nobody')).body).toEqual({
      uid: 'nobody',
      erased: { interactions: 0, turns: 0, knowledge: 0, stepFailures: 0 },
    });
    const bad = await admin('GET', '/%07bell/export');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('the uid must be 1 to 200 printable characters');
    expect((await http('DELETE', `${app.url}/admin/users/bob`)).status).toBe(401);
  });
});
