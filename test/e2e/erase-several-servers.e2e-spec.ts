import { connectIo, connectWs, type IoClient, type WsClient, wsUrl } from '../support/clients.js';
import { ADMIN_TOKEN, data, shopConfig, text } from '../support/console-history.js';
import { testDatabases, withClient } from '../support/databases.js';
import { severalServersSkipped } from '../support/redis-server.js';
import { useServersOnRedis } from '../support/several-servers.js';
import { http } from '../support/test-app.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';

const config = shopConfig();
afterAll(() => config.remove());

const skipped = severalServersSkipped(testDatabases().includes('postgres'));

/** The promise's value, or a failure that names what did not come within 5 s. */
const within = <T>(what: string, promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: nothing within 5 s`)), 5_000).unref(),
    ),
  ]);

/** A WebSocket client with its close code and reason. */
function wsWithClose(url: string): WsClient & { readonly reason: Promise<[number, string]> } {
  const client = connectWs(url);
  const reason = new Promise<[number, string]>((resolve) =>
    client.ws.on('close', (code, why) => resolve([code, why.toString()])),
  );
  return Object.assign(client, { reason });
}

/** The reason of the Rasa socket's disconnect, once it comes. */
const disconnected = (client: RasaClient): Promise<string> =>
  new Promise((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));

/** The session id that a started Rasa session is confirmed with (`<signed>:<seq>`). */
async function startedSession(widget: RasaClient): Promise<string> {
  for (;;) {
    const id: string = await widget.next('session_confirm');
    if (id.includes(':')) return id;
  }
}

const interactionOf = (sessionId: string): string =>
  JSON.parse(Buffer.from(sessionId.split('.')[1], 'base64url').toString()).ixn;

describe.skipIf(skipped !== '')('erasing a uid on one of two servers', () => {
  const setup = useServersOnRedis({
    CONFIG_DIR: config.dir,
    ADMIN_TOKEN,
    SESSION_SECRET: 'one-secret-for-both-servers',
  });
  const io: IoClient[] = [];
  const rasa: RasaClient[] = [];
  afterAll(() => [...io, ...rasa].forEach((c) => c.close()));

  it("closes the uid's connections on every transport of both servers, and no cached copy writes it back", async () => {
    const [a, b] = setup.servers;
    const uid = 'eve';

    // socket.io and /ws on one interaction, on both servers; B's /ws makes a turn (B caches it)
    const ioA = connectIo(a.url, { uid, process: 'shop' });
    io.push(ioA);
    const { interaction: plain } = await ioA.next('session');
    const ioB = connectIo(b.url, { uid, interaction: plain });
    io.push(ioB);
    expect(await ioB.next('session')).toMatchObject({ resumed: true });
    const ws = (server: { url: string }) =>
      wsWithClose(wsUrl(server.url, `/ws?uid=${uid}&interaction=${plain}`));
    const wsA = ws(a);
    const wsB = ws(b);
    wsB.send(data({ name: 'Eve' }));
    expect(await wsB.nextJson()).toMatchObject({ seq: 2, activity: 'age' });
    wsA.send(text('hello'));
    expect(await wsA.nextJson()).toMatchObject({ seq: 3, activity: 'age' });

    // a Rasa session started on A, resumed on B, with a turn on each
    const rasaA = connectRasa(a.url);
    rasa.push(rasaA);
    rasaA.emit('session_request', {});
    const pending = await rasaA.next('session_confirm');
    await rasaA.utter('/get_started', pending, { uid, process: 'shop' });
    const sessionId = await startedSession(rasaA);
    const widgetInteraction = interactionOf(sessionId);
    const rasaB = connectRasa(b.url);
    rasa.push(rasaB);
    rasaB.emit('session_request', { session_id: sessionId });
    expect(await rasaB.next('session_confirm')).toBe(sessionId);
    expect(await rasaB.utter('hello', sessionId)).toEqual(expect.any(Array));

    // a Direct Line conversation with a stream on each server, and a message posted on B
    const issued = await http('POST', `${a.url}/v3/directline/tokens/generate`, {
      body: { user: { id: uid }, process: 'shop' },
    });
    const { conversationId, token } = issued.body;
    const stream = (server: { url: string }) =>
      wsWithClose(
        wsUrl(server.url, `/v3/directline/conversations/${conversationId}/stream?t=${token}`),
      );
    const streamA = stream(a);
    const streamB = stream(b);
    expect((await streamA.nextJson()).activities.length).toBeGreaterThan(0);
    expect((await streamB.nextJson()).activities.length).toBeGreaterThan(0);
    const post = (server: { url: string }, message: string) =>
      http('POST', `${server.url}/v3/directline/conversations/${conversationId}/activities`, {
        headers: { authorization: `Bearer ${token}` },
        body: { type: 'message', text: message },
      });
    expect((await post(b, 'hi')).status).toBe(200);

    // someone else's interaction, on both servers, stays
    const other = connectIo(b.url, { uid: 'olga', process: 'shop' });
    io.push(other);
    await other.next('session');

    const gone = new Map([rasaA, rasaB].map((widget) => [widget, disconnected(widget)]));
    const erased = await http('DELETE', `${a.url}/admin/users/${uid}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(erased.status).toBe(200);
    expect(erased.body.erased.interactions).toBe(3);

    // every connection of the uid, on both servers, is told why and closed
    const erasedMessage = (id: string) =>
      `interaction "${id}" was erased with its user's data: start a new interaction`;
    for (const client of [ioA, ioB]) {
      expect(await client.next('exception')).toEqual({
        code: 'INTERACTION_NOT_FOUND',
        message: erasedMessage(plain),
        retryable: false,
      });
      expect(await client.next('disconnect')).toBe('io server disconnect');
    }
    for (const client of [wsA, wsB]) {
      expect(await client.nextJson()).toMatchObject({
        code: 'INTERACTION_NOT_FOUND',
        error: erasedMessage(plain),
      });
      expect(await within('/ws closed', client.reason)).toEqual([1008, 'interaction erased']);
    }
    for (const widget of [rasaA, rasaB]) {
      expect(await widget.next('exception')).toMatchObject({
        code: 'INTERACTION_NOT_FOUND',
        message: erasedMessage(widgetInteraction),
      });
      expect(await within('rasa disconnected', gone.get(widget)!)).toBe('io server disconnect');
    }
    for (const client of [streamA, streamB])
      expect(await within('stream closed', client.reason)).toEqual([1008, 'conversation erased']);
    expect(other.socket.connected).toBe(true);

    // no server's cached copy takes another turn of them, on any transport
    for (const server of [a, b]) {
      const said = await http('POST', `${server.url}/interactions/${plain}/messages`, {
        uid,
        body: data({ age: 30 }),
      });
      expect(said.status).toBe(404);
      expect(said.body.code).toBe('INTERACTION_NOT_FOUND');
      expect((await post(server, 'still there?')).status).toBe(404);
      const resumed = connectIo(server.url, { uid, interaction: plain });
      io.push(resumed);
      expect((await resumed.next('exception')).code).toBe('INTERACTION_NOT_FOUND');
      const again = connectRasa(server.url);
      rasa.push(again);
      again.emit('session_request', { session_id: sessionId });
      expect((await again.next('exception')).code).toBe('INTERACTION_NOT_FOUND');
    }
    const rows = await withClient(setup.db.env.DATABASE_URL, async (client) => {
      const ids = [plain, widgetInteraction, conversationId];
      const count = async (sql: string, values: unknown[]) =>
        Number((await client.query(sql, values)).rows[0].n);
      return {
        interactions: await count('SELECT COUNT(*) AS n FROM interactions WHERE uid = $1', [uid]),
        turns: await count('SELECT COUNT(*) AS n FROM turns WHERE interaction_id = ANY($1)', [ids]),
        knowledge: await count('SELECT COUNT(*) AS n FROM user_knowledge WHERE uid = $1', [uid]),
        olga: await count("SELECT COUNT(*) AS n FROM interactions WHERE uid = 'olga'", []),
      };
    });
    expect(rows).toEqual({ interactions: 0, turns: 0, knowledge: 0, olga: 1 });
  }, 60_000);
});
