import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '../support/databases.js';
import { until } from '../support/network.js';
import { useServersOnRedis } from '../support/several-servers.js';
import { tempConfig } from '../support/temp-config.js';
import { http } from '../support/test-app.js';
import { ADMIN_TOKEN, loopProcess, V1, V2, versionClient } from '../support/versioned-process.js';

const postgres = testDatabases().includes('postgres');
const CLIENTS = 50;
/** Clients chat this long before the publish, and as long again after it has answered. */
const CHAT_MS = 1_000;
const THINK_MS = 20;

describe.runIf(postgres)('process versions on two servers', () => {
  const config = tempConfig({ ...V1, ...loopProcess('v1') });
  const cache = mkdtempSync(join(tmpdir(), 'mmcc-versions-'));
  const { servers } = useServersOnRedis({
    CONFIG_DIR: config.dir,
    ADMIN_TOKEN,
    VERSIONS_CACHE_DIR: cache,
    VERSIONS_POLL_MS: '200',
    DEFAULT_PROCESS: 'flow',
    // every client here comes from one address
    RATE_LIMIT_MESSAGES_PER_IP: '1000000',
  });
  afterAll(() => {
    config.remove();
    rmSync(cache, { recursive: true, force: true });
  });
  const on = (i: number) => versionClient(() => servers[i].url);

  it('sees a reload of one server on the other: both run each interaction on the same version', async () => {
    const old = await on(0).start('ann');
    const moved = await on(1).start('bob');
    await on(1).say('bob', moved.id, 'cached here'); // bob's interaction is now cached on server 1, at "confirm"
    const asking = await on(1).start('cat');
    for (const [path, content] of Object.entries(V2)) config.write(path, content);
    expect((await on(0).admin('POST', '/processes/reload')).status).toBe(200);
    const v2 = (await on(0).admin('GET', '/processes/flow/versions')).body[1].hash;

    await until('server 1 starts new interactions on v2', async () => {
      const started = await http('POST', `${servers[1].url}/interactions`, {
        body: { uid: 'probe', process: 'flow' },
      });
      return started.body.reply.version === v2;
    });
    // ann's interaction stays on v1 on either server
    expect(await on(1).say('ann', old.id, 'hi')).toMatchObject({ utterance: 'v1 ask got hi' });
    expect(await on(0).say('ann', old.id, 'ok')).toMatchObject({
      utterance: 'v1 confirm got ok\nBye',
    });

    // a migration applied on server 0 is what server 1 runs next, although it had cat's interaction cached on v1
    const migrated = await on(0).admin('POST', '/processes/flow/migrations', {
      from: 1,
      to: 2,
      mapping: { ask: 'question' },
    });
    // (with the probes that server 1 started on v1 before it saw v2)
    expect(migrated.body.moved.map((m: { interaction: string }) => m.interaction)).toContain(
      asking.id,
    );
    expect(migrated.body.refused.map((m: { interaction: string }) => m.interaction)).toEqual([
      moved.id,
    ]);
    expect(await on(1).say('cat', asking.id, 'there')).toMatchObject({
      utterance: 'v2 question got there\nBye',
      version: v2,
    });
    expect(await on(1).say('bob', moved.id, 'still')).toMatchObject({
      utterance: 'v1 confirm got still\nBye',
    });
  });

  it(`publishes a version with the migrate policy while ${CLIENTS} clients chat: no turn fails, every reply matches its version`, async () => {
    const started = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const uid = `user-${i}`;
        const reply = await http('POST', `${servers[i % 2].url}/interactions`, {
          body: { uid, process: 'loop' },
        });
        return { uid, id: reply.body.interaction as string, server: i % 2 };
      }),
    );
    const failures: unknown[] = [];
    const replies: { id: string; seq: number; version: string; utterance: string }[] = [];
    let stopAt = Infinity;
    const chat = async ({ uid, id, server }: (typeof started)[number]) => {
      for (let n = 0; Date.now() < stopAt; n += 1) {
        const reply = await http('POST', `${servers[server].url}/interactions/${id}/messages`, {
          uid,
          body: { type: 'utterance', utterance: `m${n}`, id: `${id}-${n}` },
        });
        if (reply.status !== 200) failures.push(reply.body);
        else replies.push({ id, ...reply.body });
        // a person types between messages (and the machine running the tests is shared)
        await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      }
    };
    const publish = async () => {
      await new Promise((resolve) => setTimeout(resolve, CHAT_MS));
      for (const [path, content] of Object.entries(loopProcess('v2', { versionPolicy: 'migrate' })))
        config.write(path, content);
      const at = Date.now();
      const answer = await on(0).admin('POST', '/processes/reload');
      console.log(
        `publish and migration of ${CLIENTS} chatting interactions: ${Date.now() - at} ms`,
      );
      stopAt = Date.now() + CHAT_MS;
      return answer;
    };
    const [published] = await Promise.all([publish(), ...started.map(chat)]);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(failures).toEqual([]);
    console.log(`${replies.length} turns, none failed`);

    const versions = (await on(1).admin('GET', '/processes/loop/versions')).body;
    const label = new Map(
      versions.map((v: { hash: string; number: number }) => [v.hash, `v${v.number}`]),
    );
    expect(versions.map((v: { live: number }) => v.live)).toEqual([0, CLIENTS]);
    for (const reply of replies)
      expect(reply.utterance.startsWith(`${label.get(reply.version)} heard`)).toBe(true);
    expect(replies.filter((r) => label.get(r.version) === 'v2').length).toBeGreaterThan(0);
    // each transcript: v1 turns, the one migration entry, then v2 turns; in seq order, none missing
    for (const { uid, id } of started) {
      const transcript = (
        await http('GET', `${servers[1].url}/interactions/${id}/messages`, { uid })
      ).body as {
        seq: number;
        migration?: unknown;
        reply: { version: string; utterance: string };
      }[];
      expect(transcript.map((e) => e.seq)).toEqual(transcript.map((_, i) => i + 1));
      const moves = transcript.flatMap((e, i) => (e.migration === undefined ? [] : [i]));
      expect(moves).toHaveLength(1);
      const versionsBySeq = transcript.map((e) => label.get(e.reply.version));
      expect(versionsBySeq).toEqual(transcript.map((_, i) => (i < moves[0] ? 'v1' : 'v2')));
    }
  });
});
