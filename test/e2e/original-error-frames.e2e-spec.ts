import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { closeAllWs, connectWs, type WsClient, wsUrl } from '../support/clients.js';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import { loadSettings } from '../../src/settings/settings.js';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { freePort } from '../support/network.js';
import { pythonAvailable, pythonConfig } from '../support/python.js';
import { smallProcess, tempConfig } from '../support/temp-config.js';
import { startTestApp } from '../support/test-app.js';

const ADMIN = 'refdemo-admin-token-0123456789';
const ALLOWED = 'http://shop.example';

/**
 * Every error code that can reach the original's WebSocket protocol, each checked for what the original's pages
 * need to survive it: a string `utterance` and the `payload` of the interaction's last reply ({} before any).
 */
describe.skipIf(!pythonAvailable()).each(testDatabases())(
  "error frames on the original's WebSocket protocol on %s",
  (kind) => {
    const config = pythonConfig({
      ...smallProcess('shrinking'),
      ...smallProcess('leaving'),
      ...smallProcess('norasa'),
    });
    // A Rasa that understands the welcome's empty text, and fails on any other.
    const rasa = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += String(chunk)));
      request.on('end', () => {
        const empty = (JSON.parse(body) as { text: string }).text === '';
        response.writeHead(empty ? 200 : 503, { 'content-type': 'application/json' });
        response.end(empty ? JSON.stringify({ intent: { name: null }, entities: [] }) : '{}');
      });
    });
    beforeAll(async () => {
      const port = await freePort();
      await new Promise<void>((resolve) => rasa.listen(port, '127.0.0.1', resolve));
      config.write('norasa/nlu.json', { adapter: 'rasa', url: `http://127.0.0.1:${port}` });
    });
    afterAll(() => {
      rasa.close();
      config.remove();
    });
    const app = useTestApp(kind, {
      CONFIG_DIR: config.dir,
      DEFAULT_PROCESS: 'pyfaulty',
      CALLBACK_TIMEOUT_MS: '4000',
      MAX_BODY_BYTES: '2048',
      TURN_QUEUE_LIMIT: '1',
      RATE_LIMIT_MESSAGES_PER_UID: '12',
      RATE_LIMIT_CONNECTIONS_PER_UID: '8',
      CORS_ORIGINS: ALLOWED,
      ADMIN_TOKEN: ADMIN,
    });
    afterEach(closeAllWs);

    /** A started interaction and its welcome's payload. */
    async function started(uid: string, process = 'pyfaulty') {
      const client = connectWs(
        wsUrl(app.url, `/ws?uid=${uid}&interaction=None&process=${process}`),
      );
      const id = await client.next();
      const welcome = await client.nextJson();
      return { client, id, payload: welcome.payload as object };
    }
    function expectSurvivable(frame: any, code: string, payload: object) {
      expect(frame).toMatchObject({
        code,
        retryable: expect.any(Boolean),
        error: expect.any(String),
      });
      expect(typeof frame.utterance).toBe('string');
      expect(frame.utterance.length).toBeGreaterThan(0);
      expect(frame.payload).toEqual(payload);
    }
    const ask = (client: WsClient, frame: unknown) => {
      client.send(frame);
      return client.nextJson(15_000);
    };

    it("BAD_MESSAGE (not JSON, not a message, too large) and STEP_FAILED carry the last reply's payload", async () => {
      const { client } = await started('bea');
      const counted = await ask(client, { type: 'data', payload: { op: 'count' } });
      expect(counted.payload).toEqual({ count: 1 });
      for (const frame of [
        'not json',
        { type: 'shout' },
        { type: 'utterance', utterance: 'z'.repeat(3000) },
      ])
        expectSurvivable(await ask(client, frame), 'BAD_MESSAGE', { count: 1 });
      expectSurvivable(
        await ask(client, { type: 'data', payload: { op: 'raise' } }),
        'STEP_FAILED',
        {
          count: 1,
        },
      );
    });

    it("NLU_FAILED carries the welcome's payload", async () => {
      const { client, payload } = await started('nia', 'norasa');
      expectSurvivable(
        await ask(client, { type: 'utterance', utterance: 'hello' }),
        'NLU_FAILED',
        payload,
      );
    });

    it("RATE_LIMITED (messages of a uid) carries the last reply's payload", async () => {
      const { client } = await started('rae');
      let frame: any;
      for (let i = 0; i < 14 && frame?.code !== 'RATE_LIMITED'; i += 1)
        frame = await ask(client, { type: 'data', payload: { op: 'count' } });
      const count = frame.payload.count as number;
      expect(count).toBeGreaterThan(0);
      expectSurvivable(frame, 'RATE_LIMITED', { count });
    });

    it("INTERACTION_BUSY carries the last reply's payload (a turn running, one waiting, one more)", async () => {
      const first = await started('bob');
      const { id } = first;
      expect((await ask(first.client, { type: 'data', payload: { op: 'count' } })).payload).toEqual(
        {
          count: 1,
        },
      );
      const others = [0, 1].map(() => connectWs(wsUrl(app.url, `/ws?uid=bob&interaction=${id}`)));
      first.client.send({ type: 'data', payload: { op: 'hang' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      others[0].send({ type: 'data', payload: { op: 'count' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expectSurvivable(
        await ask(others[1], { type: 'data', payload: { op: 'count' } }),
        'INTERACTION_BUSY',
        {
          count: 1,
        },
      );
    });

    it("a resumed interaction's error frame carries the payload of its last reply, sent before the resume", async () => {
      const { client, id } = await started('rio');
      await ask(client, { type: 'data', payload: { op: 'count' } });
      client.close();
      const resumed = connectWs(wsUrl(app.url, `/ws?uid=rio&interaction=${id}`));
      expectSurvivable(await ask(resumed, 'not json'), 'BAD_MESSAGE', { count: 1 });
    });

    it("the original's REST endpoints answer errors with an utterance and the last reply's payload too", async () => {
      let cookie = '';
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
        return { status: response.status, body: await response.json() };
      };
      const none = await post('/event', { type: 'data', payload: { op: 'count' } });
      expect(none.status).toBe(401);
      expectSurvivable(none.body, 'SESSION_REQUIRED', {});
      expect((await post('/init', { uid: 'rosa' })).status).toBe(200);
      expect(
        (await post('/event', { type: 'data', payload: { op: 'count' } })).body.payload,
      ).toEqual({
        count: 1,
      });
      const bad = await post('/event', { type: 'shout' });
      expect(bad.status).toBe(400);
      expectSurvivable(bad.body, 'BAD_MESSAGE', { count: 1 });
      expect(bad.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
      const failed = await post('/event', { type: 'data', payload: { op: 'raise' } });
      expect(failed.status).toBe(422);
      expectSurvivable(failed.body, 'STEP_FAILED', { count: 1 });
    });

    it.each([
      ['UID_REQUIRED', () => `/ws?interaction=${randomUUID()}`],
      ['INTERACTION_NOT_FOUND', () => `/ws?uid=ned&interaction=${randomUUID()}`],
      ['UNKNOWN_PROCESS', () => '/ws?uid=ned&interaction=None&process=nope'],
    ])('%s at the handshake carries an utterance and an empty payload', async (code, path) => {
      const client = connectWs(wsUrl(app.url, path()));
      expectSurvivable(await client.nextJson(), code, {});
    });

    // FORBIDDEN (a page of another origin) is refused at the HTTP upgrade, with a 403: it is never a frame.
    it('RATE_LIMITED (connections of a uid) at the handshake too', async () => {
      let refused: any;
      for (let i = 0; i < 10 && refused === undefined; i += 1) {
        const client = connectWs(wsUrl(app.url, '/ws?uid=lou&interaction=None'));
        const first = await client.next();
        if (first.startsWith('{')) refused = JSON.parse(first);
      }
      expectSurvivable(refused, 'RATE_LIMITED', {});
    });
  },
);

describe.skipIf(!pythonAvailable())('an error frame while the server shuts down', () => {
  it("SHUTTING_DOWN carries the last reply's payload", async () => {
    const config = pythonConfig();
    const server = await startTestApp({
      CONFIG_DIR: config.dir,
      DEFAULT_PROCESS: 'pyfaulty',
      CALLBACK_TIMEOUT_MS: '3000',
      SQLITE_PATH: join(config.dir, 'db.sqlite'),
      PORT: String(await freePort()),
    });
    try {
      const busy = connectWs(wsUrl(server.url, '/ws?uid=sue&interaction=None'));
      await busy.next();
      await busy.nextJson();
      const other = connectWs(wsUrl(server.url, '/ws?uid=sid&interaction=None'));
      await other.next();
      const welcome = await other.nextJson();
      busy.send({ type: 'data', payload: { op: 'hang' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const closing = server.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      other.send({ type: 'data', payload: { op: 'count' } });
      const frame = await other.nextJson(10_000);
      expect(frame).toMatchObject({ code: 'SHUTTING_DOWN', payload: welcome.payload });
      expect(typeof frame.utterance).toBe('string');
      closeAllWs();
      await closing;
    } finally {
      config.remove();
    }
  }, 60_000);
});

/**
 * ACTIVITY_NOT_FOUND and PROCESS_UNAVAILABLE: an interaction runs on the version it started on, so only one
 * whose version was never stored (started before versions were kept) meets a process that changed under it.
 */
describe.each(testDatabases())(
  "error frames of a process changed under an interaction, on the original's WebSocket protocol on %s",
  (kind) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
    });
    afterAll(() => db?.drop());
    afterEach(closeAllWs);

    it("ACTIVITY_NOT_FOUND and PROCESS_UNAVAILABLE carry the last reply's payload", async () => {
      const config = tempConfig({ ...smallProcess('shrinking'), ...smallProcess('leaving') });
      const env = { ...db.env, CONFIG_DIR: config.dir, DEFAULT_PROCESS: 'shrinking' };
      let app = await startTestApp(env);
      const start = async (process: string) => {
        const client = connectWs(wsUrl(app.url, `/ws?uid=sam&interaction=None&process=${process}`));
        const id = await client.next();
        const welcome = await client.nextJson();
        client.close();
        return { id, payload: welcome.payload as object };
      };
      const [shrinking, leaving] = [await start('shrinking'), await start('leaving')];
      await app.close();

      // as if both had started before versions were kept: their versions were never stored
      const source = await new DataSource(dataSourceOptions(loadSettings(db.env))).initialize();
      for (const id of [shrinking.id, leaving.id]) {
        await source.query(
          `UPDATE turns SET process_version = NULL WHERE interaction_id = '${id}'`,
        );
        await source.query(
          `UPDATE interactions SET process_version = 'c0ffee0000000000' WHERE id = '${id}'`,
        );
      }
      await source.destroy();

      const process = smallProcess('shrinking')['shrinking/process.json'] as any;
      process.activities[1].my_id = 'question';
      process.activities[0].next_id = 'question';
      config.write('shrinking/process.json', process);
      config.write(
        'shrinking/callbacks.ts',
        'export default { start: () => ({ complete: true }), question: () => ({ complete: true }) };',
      );
      rmSync(join(config.dir, 'leaving'), { recursive: true });
      app = await startTestApp(env);
      try {
        const ask = async (id: string) => {
          const client = connectWs(wsUrl(app.url, `/ws?uid=sam&interaction=${id}`));
          client.send({ type: 'utterance', utterance: 'hi' });
          return client.nextJson();
        };
        for (const [interaction, code] of [
          [shrinking, 'ACTIVITY_NOT_FOUND'],
          [leaving, 'PROCESS_UNAVAILABLE'],
        ] as const)
          expect(await ask(interaction.id)).toMatchObject({
            code,
            retryable: expect.any(Boolean),
            error: expect.any(String),
            utterance: expect.any(String),
            payload: interaction.payload,
          });
      } finally {
        await app.close();
        config.remove();
      }
    });
  },
);
