import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { tempConfig } from '../support/temp-config.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN_TOKEN, loopProcess, V1, V2, versionClient } from '../support/versioned-process.js';

describe.each(testDatabases())('process versions, pinning and migration, on %s', (kind) => {
  let db: TestDatabase;
  let app: TestApp | undefined;
  const config = tempConfig({ ...V1, ...loopProcess('v1') });
  const caches: string[] = [];
  /** Each start gets a cache folder of its own: what a version needs comes from the database. */
  const boot = async () => {
    const cache = mkdtempSync(join(tmpdir(), 'mmcc-versions-'));
    caches.push(cache);
    app = await startTestApp({
      ...db.env,
      CONFIG_DIR: config.dir,
      ADMIN_TOKEN,
      VERSIONS_CACHE_DIR: cache,
    });
  };
  const client = versionClient(() => app!.url);
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await boot();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    config.remove();
    caches.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('keeps v1 interactions on v1 across a reload and a restart, and migrates the movable ones on purpose', async () => {
    // four interactions of v1: two at "ask", two at "confirm"
    const atAsk = [await client.start('ann'), await client.start('bob')];
    const atConfirm = [await client.start('cat'), await client.start('dan')];
    expect(atAsk[0].reply).toMatchObject({ utterance: 'v1 welcome', activity: 'ask' });
    for (const [i, { id }] of atConfirm.entries())
      expect(await client.say(['cat', 'dan'][i], id, 'x')).toMatchObject({ activity: 'confirm' });
    const v1 = atAsk[0].reply.version as string;

    // the author renames "ask", drops "confirm", changes every text: a reload publishes v2
    for (const [path, content] of Object.entries(V2)) config.write(path, content);
    const reloaded = await client.admin('POST', '/processes/reload');
    expect(reloaded.status, JSON.stringify(reloaded.body)).toBe(200);
    expect(reloaded.body[0]).toMatchObject({ name: 'flow', versionNumber: 2 });
    const v2 = reloaded.body[0].version as string;
    expect(v2).not.toBe(v1);

    // v1 interactions answer with v1's code; a new one starts on v2
    expect(await client.say('ann', atAsk[0].id, 'hi')).toMatchObject({
      utterance: 'v1 ask got hi',
      activity: 'confirm',
      version: v1,
    });
    const fresh = await client.start('eve');
    expect(fresh.reply).toMatchObject({
      utterance: 'v2 welcome',
      activity: 'question',
      version: v2,
    });

    // a restart with only v2 in config/ (and an empty cache): v1's code comes from the database
    await app!.close();
    await boot();
    expect(await client.say('dan', atConfirm[1].id, 'yes')).toMatchObject({
      utterance: 'v1 confirm got yes\nBye',
      status: 'completed',
      version: v1,
    });
    const view = await http('GET', `${app!.url}/interactions/${atAsk[1].id}`, { uid: 'bob' });
    expect(view.body).toMatchObject({ status: 'active', processVersion: v1, versionNumber: 1 });

    // live on v1 now: ann at confirm, bob at ask, cat at confirm
    const versions = await client.admin('GET', '/processes/flow/versions');
    expect(versions.body).toMatchObject([
      { number: 1, hash: v1, current: false, live: 3, publishedBy: 'boot', changes: null },
      {
        number: 2,
        hash: v2,
        current: true,
        live: 1,
        publishedBy: 'reload',
        changes: {
          activities: { added: ['question'], removed: ['ask', 'confirm'] },
          files: { changed: expect.arrayContaining(['flow/callbacks.js', 'flow/texts.js']) },
        },
      },
    ]);
    const bpmn = await fetch(`${app!.url}/processes/flow/bpmn?version=1`);
    expect(await bpmn.text()).toContain('id="confirm"');

    // a dry run with a mapping: only bob (at "ask") can move; those at "confirm" cannot, and say why
    const plan = { from: 1, to: v2, mapping: { ask: 'question' }, context: { moved: true } };
    const dry = await client.admin('POST', '/processes/flow/migrations', { ...plan, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      from: { number: 1, hash: v1 },
      to: { number: 2, hash: v2 },
      moved: [{ interaction: atAsk[1].id, activity: 'ask', to: 'question' }],
    });
    expect(dry.body.refused.map((r: { interaction: string }) => r.interaction).sort()).toEqual(
      [atAsk[0].id, atConfirm[0].id].sort(),
    );
    expect(dry.body.refused[0].reason).toMatch(/"confirm" has no counterpart in the new version/);
    const before = await http('GET', `${app!.url}/interactions/${atAsk[1].id}/messages`, {
      uid: 'bob',
    });

    // applying it moves bob, as one entry of his transcript; the others stay on v1, untouched
    const applied = await client.admin('POST', '/processes/flow/migrations', plan);
    expect({ ...applied.body, dryRun: true }).toEqual(dry.body);
    const transcript = await http('GET', `${app!.url}/interactions/${atAsk[1].id}/messages`, {
      uid: 'bob',
    });
    expect(transcript.body).toHaveLength(before.body.length + 1);
    expect(transcript.body.at(-1)).toMatchObject({
      seq: before.body.length + 1,
      input: null,
      activityBefore: 'ask',
      activityAfter: 'question',
      migration: { from: v1, to: v2, context: { moved: true } },
      reply: { version: v2 },
    });
    expect(await client.say('bob', atAsk[1].id, 'hello')).toMatchObject({
      utterance: 'v2 question got hello\nBye',
      version: v2,
    });
    expect(await client.say('cat', atConfirm[0].id, 'ok')).toMatchObject({
      utterance: 'v1 confirm got ok\nBye',
      version: v1,
    });
    // a second run finds nothing left to move on v1 but ann, who still cannot
    const again = await client.admin('POST', '/processes/flow/migrations', plan);
    expect(again.body).toMatchObject({ moved: [], refused: [{ interaction: atAsk[0].id }] });

    // pruning keeps v1 (ann is live on it) and the current v2
    const pruned = await client.admin('POST', '/processes/flow/versions/prune');
    expect(pruned.body).toEqual({ removed: [], kept: [1, 2] });
  });

  it('moves the live interactions on publish when the process says versionPolicy: migrate', async () => {
    const url = () => app!.url;
    const started = await http('POST', `${url()}/interactions`, {
      body: { uid: 'max', process: 'loop' },
    });
    const id = started.body.interaction as string;
    const say = () =>
      http('POST', `${url()}/interactions/${id}/messages`, {
        uid: 'max',
        body: { type: 'utterance', utterance: 'hi' },
      });
    expect((await say()).body.utterance).toBe('v1 heard hi');
    for (const [path, content] of Object.entries(loopProcess('v2', { versionPolicy: 'migrate' })))
      config.write(path, content);
    expect((await client.admin('POST', '/processes/reload')).status).toBe(200);
    expect((await say()).body.utterance).toBe('v2 heard hi');
    const transcript = await http('GET', `${url()}/interactions/${id}/messages`, { uid: 'max' });
    expect(transcript.body.map((e: { migration?: unknown }) => e.migration !== undefined)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    // a policy the server does not know is refused like any broken config, and nothing changes
    config.write('loop/process.settings.json', { versionPolicy: 'sometimes' });
    const refused = await client.admin('POST', '/processes/reload');
    expect(refused.body).toMatchObject({
      statusCode: 422,
      message: expect.stringContaining('process.settings.json: "versionPolicy" is "sometimes"'),
    });
  });

  it('refuses a migration it cannot make, with a clear error, and changes nothing', async () => {
    const bad = (body: unknown) => client.admin('POST', '/processes/flow/migrations', body);
    expect((await bad({ from: 1, to: 9 })).body).toMatchObject({
      statusCode: 404,
      message: expect.stringContaining('has no version "9"'),
    });
    expect((await bad({ from: 1, to: 1, mapping: { nope: 'ask' } })).body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('"nope" is not an activity of the version migrated from'),
    });
    expect((await bad({ from: 1, to: 1, mapping: { ask: 'gone' } })).body.message).toContain(
      '"gone", which is not an activity of the version migrated to',
    );
    expect((await bad({ from: 'latest', to: 1 })).body.message).toContain(
      '"from" must be a version of the process',
    );
    expect((await bad({ from: 1, to: 1, context: { _done_: [] } })).body.message).toContain(
      '"context" may not set _done_',
    );
    expect((await bad({ from: 1, to: 1, dryRun: 'yes' })).body.message).toContain('"dryRun"');
    expect(
      (await client.admin('POST', '/processes/nope/migrations', { from: 1, to: 2 })).status,
    ).toBe(404);
  });
});
