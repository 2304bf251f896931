import { join } from 'node:path';
import { closeAllWs, connectIo, connectWs, wsUrl } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { pythonAvailable, pythonConfig, workerPid } from '../support/python.js';
import { startServer } from '../support/server-process.js';
import { http } from '../support/test-app.js';

const TIMEOUT_MS = 1500;
const config = pythonConfig();
afterAll(() => config.remove());

/** The museum shop to its END, by text and by page actions, with the activity each reply is at. */
const STORE: [message: object, activity: string][] = [
  [{ type: 'utterance', utterance: 'the poster please' }, 'options'],
  [{ type: 'utterance', utterance: 'I want to choose the size' }, 'pick_size'],
  [{ type: 'data', payload: { size: 'large' } }, 'options'],
  [{ type: 'data', payload: { intent: 'change', option: 'color' } }, 'pick_color'],
  [{ type: 'utterance', utterance: 'the black one' }, 'options'],
  [{ type: 'utterance', utterance: 'done' }, 'address'],
  [{ type: 'data', payload: { address: '7 Elm Row' } }, 'end'],
];
const RECAP = 'A large black poster, sent to 7 Elm Row. Thank you!';

describe.skipIf(!pythonAvailable()).each(testDatabases())(
  'Python callbacks (my_callbacks.py, unchanged) on %s',
  (kind) => {
    const app = useTestApp(kind, {
      CONFIG_DIR: config.dir,
      DEFAULT_PROCESS: 'python-store',
      CALLBACK_TIMEOUT_MS: String(TIMEOUT_MS),
      ADMIN_TOKEN: 'refdemo-admin-token-0123456789',
    });
    afterEach(closeAllWs);
    const transcriptOf = (id: string, uid: string) =>
      http('GET', `${app.url}/interactions/${id}/messages`, { uid }).then((r) => r.body as any[]);

    /** Runs the shop's turns through `send`, checking each reply, and the recap at the END. */
    async function shop(send: (message: object) => Promise<any>) {
      for (const [message, activity] of STORE) {
        const reply = await send(message);
        expect(reply, JSON.stringify(message)).toMatchObject({ activity });
        if (activity === 'end') {
          expect(reply).toMatchObject({ utterance: RECAP, status: 'completed' });
          expect(reply.payload.basket).toEqual({
            item: 'poster',
            size: 'large',
            color: 'black',
            address: '7 Elm Row',
          });
        }
      }
    }

    it('runs the shop to its END over socket.io', async () => {
      const client = connectIo(app.url, { uid: 'sia', process: 'python-store' });
      expect(await client.next('session')).toMatchObject({ process: 'python-store' });
      expect(await client.next('message')).toMatchObject({
        activity: 'pick_item',
        payload: { show: 'items', basket: {} },
      });
      await shop((message) => client.send(message));
      client.close();
    });

    it('runs the shop to its END over the original WebSocket protocol, and saves the kb it writes for the user', async () => {
      const client = connectWs(wsUrl(app.url, '/ws?uid=wen&interaction=None'));
      await client.next();
      expect(await client.nextJson()).toMatchObject({ activity: 'pick_item' });
      await shop(async (message) => {
        client.send(message);
        return client.nextJson();
      });
      const knowledge = await http('GET', `${app.url}/admin/users/wen/knowledge`, {
        headers: { authorization: 'Bearer refdemo-admin-token-0123456789' },
      });
      expect(knowledge.body).toEqual([
        expect.objectContaining({
          process: 'python-store',
          knowledge: expect.objectContaining({ last_address: '7 Elm Row' }),
        }),
      ]);
      // The next visit starts from it: the callback of start reads kb["last_address"].
      const again = connectWs(wsUrl(app.url, '/ws?uid=wen&interaction=None'));
      const id = await again.next();
      await again.nextJson();
      const view = await http('GET', `${app.url}/interactions/${id}`, { uid: 'wen' });
      expect(view.body.context).toMatchObject({ address: '7 Elm Row' });
    });

    it('runs the shop to its END over REST', async () => {
      const started = await http('POST', `${app.url}/interactions`, {
        uid: 'rex',
        body: { process: 'python-store' },
      });
      expect(started.status).toBe(201);
      const id = started.body.interaction as string;
      await shop(async (body) => {
        const answer = await http('POST', `${app.url}/interactions/${id}/messages`, {
          uid: 'rex',
          body,
        });
        expect(answer.status).toBe(200);
        return answer.body;
      });
    });

    it("runs the shop to its END over the original's REST endpoints (/init, /event)", async () => {
      let cookie = '';
      const post = async (path: string, body: object) => {
        const response = await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify(body),
        });
        cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
        expect(response.status).toBe(200);
        return response.json();
      };
      expect(await post('/init', { uid: 'ora', process: 'python-store' })).toMatchObject({
        activity: 'pick_item',
      });
      await shop((message) => post('/event', message));
    });

    it('resumes an interaction after the server is killed and started again (new workers, same state)', async () => {
      const env = { ...app.db.env, CONFIG_DIR: config.dir, DEFAULT_PROCESS: 'python-store' };
      const first = await startServer(env);
      const client = connectWs(wsUrl(first.url, '/ws?uid=ria&interaction=None'));
      const id = await client.next();
      await client.nextJson();
      const [head, ...rest] = STORE;
      client.send(head[0]);
      expect(await client.nextJson()).toMatchObject({ activity: head[1] });
      expect(await first.stop('SIGKILL')).toBe('SIGKILL');

      const second = await startServer(env);
      try {
        const resumed = connectWs(wsUrl(second.url, `/ws?uid=ria&interaction=${id}`));
        for (const [message, activity] of rest) {
          resumed.send(message);
          expect(await resumed.nextJson()).toMatchObject({ activity });
        }
        const transcript = await http('GET', `${second.url}/interactions/${id}/messages`, {
          uid: 'ria',
        });
        expect(transcript.body.at(-1).reply).toMatchObject({ utterance: RECAP, seq: 8 });
      } finally {
        // A server does not finish its SIGTERM while a /ws client stays connected.
        closeAllWs();
        await second.stop();
      }
    }, 120_000);

    describe('when a callback fails', () => {
      const open = async (uid: string) => {
        const client = connectWs(
          wsUrl(app.url, `/ws?uid=${uid}&interaction=None&process=pyfaulty`),
        );
        const id = await client.next();
        expect(await client.nextJson()).toMatchObject({
          utterance: 'ready',
          payload: { count: 0 },
        });
        client.send({ type: 'data', payload: { op: 'count' } });
        expect(await client.nextJson()).toMatchObject({ utterance: 'count 1' });
        const turn = async (payload: object) => {
          client.send({ type: 'data', payload });
          return client.nextJson(10_000);
        };
        return { client, id, turn };
      };
      /** The error frame, the interaction unchanged, and the next turn served. */
      async function expectRefused(
        uid: string,
        payload: (pidfile: string) => object,
        pattern: RegExp,
        retryable: boolean,
        during?: (pidfile: string) => Promise<void>,
      ) {
        const { id, turn } = await open(uid);
        const before = await http('GET', `${app.url}/interactions/${id}`, { uid });
        const pidfile = join(config.dir, `${uid}.pid`);
        const refused = turn(payload(pidfile));
        await during?.(pidfile);
        const frame = await refused;
        expect(frame).toMatchObject({ code: 'STEP_FAILED', retryable, payload: { count: 1 } });
        expect(frame.error).toMatch(pattern);
        expect(frame.utterance).toEqual(expect.any(String));
        expect(JSON.stringify(frame)).not.toMatch(/secret|Traceback|ValueError/);
        expect((await http('GET', `${app.url}/interactions/${id}`, { uid })).body).toEqual(
          before.body,
        );
        expect(await transcriptOf(id, uid)).toHaveLength(2);
        expect(await turn({ op: 'count' })).toMatchObject({ utterance: 'count 2', seq: 3 });
        expect(await turn({ op: 'done' })).toMatchObject({ status: 'completed' });
      }

      it('a Python exception is STEP_FAILED with a generic message', () =>
        expectRefused(
          'pia',
          () => ({ op: 'raise' }),
          /^the callback of activity "work" raised a Python exception \(its traceback is in the server log\)$/,
          false,
        ));

      it(`a callback that hangs past CALLBACK_TIMEOUT_MS (${TIMEOUT_MS} ms) is STEP_FAILED, and its worker replaced`, () =>
        expectRefused(
          'hal',
          () => ({ op: 'hang' }),
          new RegExp(`did not answer within ${TIMEOUT_MS} ms`),
          false,
        ));

      it('a worker killed mid-turn is a retryable STEP_FAILED, and a new worker serves the next turn', () =>
        expectRefused(
          'kim',
          (pidfile) => ({ op: 'die', pidfile }),
          /the Python worker running the callback of activity "work" was killed \(SIGKILL\); try again/,
          true,
          async (pidfile) => {
            process.kill(await workerPid(pidfile), 'SIGKILL');
          },
        ));
    });
  },
);
