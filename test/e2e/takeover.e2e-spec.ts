import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { connectIo, connectWs, wsUrl } from '../support/clients.js';
import { ADMIN_TOKEN, data, shopConfig, text } from '../support/console-history.js';
import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { until } from '../support/network.js';
import { severalServersSkipped } from '../support/redis-server.js';
import { useServersOnRedis } from '../support/several-servers.js';
import { http } from '../support/test-app.js';
import { connectRasa } from '../support/widget-clients.js';

const config = shopConfig();
afterAll(() => config.remove());

/** The console's live feed: a socket of the /console namespace, signed in with the admin token. */
function consoleFeed(url: string) {
  const socket = io(`${url}/console`, {
    auth: { token: ADMIN_TOKEN },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const turns: any[] = [];
  const queue: any[] = [];
  socket.on('turn', (turn) => turns.push(turn));
  socket.on('queue', (entry) => queue.push(entry));
  return {
    socket,
    turns,
    queue,
    watch: (id: string) => socket.timeout(5_000).emitWithAck('watch', id),
    close: () => socket.disconnect(),
  };
}

const adminCall = (url: string) => (method: string, path: string, body?: unknown) =>
  http(method, `${url}/admin${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body,
  });

describe.each(testDatabases())('human takeover on %s', (kind) => {
  const app = useTestApp(kind, { CONFIG_DIR: config.dir, ADMIN_TOKEN });
  const admin = (method: string, path: string, body?: unknown) =>
    adminCall(app.url)(method, path, body);

  it('holds the interaction, records the user, delivers the operator on socket.io, /ws and REST, and releases it', async () => {
    const user = app.connect({ uid: 'sam', process: 'shop' });
    const { interaction: id } = await user.next('session');
    expect((await user.next('message')).utterance).toBe('Welcome\nYour name?');
    const other = connectWs(wsUrl(app.url, `/ws?uid=sam&interaction=${id}`));
    expect((await user.send(data({ name: 'Sam' }))).activity).toBe('age');
    const feed = consoleFeed(app.url);
    expect(await feed.watch(id)).toEqual({ ok: true });

    const held = await admin('POST', `/interactions/${id}/takeover`);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ seq: 3, activity: 'age', status: 'held', utterance: '' });
    expect((await admin('POST', `/interactions/${id}/takeover`)).body).toMatchObject({
      code: 'TAKEOVER_STATE',
      message: `interaction ${id} is already held by an operator`,
    });

    // the user's message is recorded and shown to the operator; the process does not step
    const answer = await user.send(text('can I talk to someone?'));
    expect(answer).toMatchObject({ seq: 4, activity: 'age', status: 'held', utterance: '' });
    await until('the console saw the user', async () => feed.turns.some((t) => t.reply.seq === 4));
    expect(feed.turns.find((t) => t.reply.seq === 4).input).toEqual(text('can I talk to someone?'));

    const said = await admin('POST', `/interactions/${id}/operator-messages`, {
      text: 'Hi, I am Alex',
    });
    expect(said.body).toMatchObject({
      seq: 5,
      utterance: 'Hi, I am Alex',
      from: 'operator',
      status: 'held',
    });
    expect(await until5(user)).toMatchObject({
      seq: 5,
      utterance: 'Hi, I am Alex',
      from: 'operator',
      input: null,
    });
    expect(await other.nextJson()).toMatchObject({
      seq: 5,
      utterance: 'Hi, I am Alex',
      from: 'operator',
    });
    const transcript = await http('GET', `${app.url}/interactions/${id}/messages`, { uid: 'sam' });
    expect(
      transcript.body.map((e: any) => [e.seq, e.reply.from ?? 'process', e.reply.utterance]),
    ).toEqual([
      [1, 'process', 'Welcome\nYour name?'],
      [2, 'process', 'Hello Sam\nYour age?'],
      [3, 'process', ''],
      [4, 'process', ''],
      [5, 'operator', 'Hi, I am Alex'],
    ]);

    const released = await admin('POST', `/interactions/${id}/release`, {});
    expect(released.body).toMatchObject({ seq: 6, activity: 'age', status: 'active' });
    expect(await user.send(data({ age: 30 }))).toMatchObject({
      seq: 7,
      utterance: 'Noted\nThanks, bye',
      status: 'completed',
    });
    const source = app.app.get(DataSource);
    const log = await source.query(
      `SELECT seq, outcome, activity_after FROM turns WHERE interaction_id = '${id}' ORDER BY seq`,
    );
    expect(log.map((r: any) => [Number(r.seq), r.outcome, r.activity_after])).toEqual([
      [1, 'start', 'name'],
      [2, 'moved', 'age'],
      [3, 'takeover', 'age'],
      [4, 'held', 'age'],
      [5, 'operator', 'age'],
      [6, 'release', 'age'],
      [7, 'moved', 'end'],
    ]);
    expect(feed.queue.map((q) => [q.seq, q.status])).toEqual([
      [3, 'held'],
      [4, 'held'],
      [5, 'held'],
      [6, 'active'],
      [7, 'completed'],
    ]);
    feed.close();
  });

  it('queues an interaction whose callback asks for a person, and releases it to an activity the operator picks', async () => {
    const feed = consoleFeed(app.url);
    await until('the console is connected', async () => feed.socket.connected);
    const start = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'hal', process: 'shop' },
    });
    const id = start.body.interaction as string;
    const send = (body: unknown) =>
      http('POST', `${app.url}/interactions/${id}/messages`, { uid: 'hal', body });
    await send(data({ name: 'Hal' }));
    expect((await send(data({ human: true }))).body).toMatchObject({
      utterance: 'A person will answer',
      status: 'handoff',
    });
    await until('the queue shows it', async () =>
      feed.queue.some((q) => q.interaction === id && q.status === 'handoff'),
    );
    const queue = await admin('GET', '/interactions?status=handoff');
    expect(queue.body.items.map((i: any) => [i.interaction, i.status])).toEqual([[id, 'handoff']]);
    // waiting for a person: the process does not step
    expect((await send(data({ age: 30 }))).body).toMatchObject({
      status: 'handoff',
      activity: 'age',
      utterance: '',
    });

    expect(
      (await admin('POST', `/interactions/${id}/operator-messages`, { text: 'hi' })).body.message,
    ).toBe(
      `interaction ${id} is not held: take it over (POST /admin/interactions/${id}/takeover) before writing to its user`,
    );
    expect((await admin('POST', `/interactions/${id}/takeover`)).body.status).toBe('held');
    const wrong = await admin('POST', `/interactions/${id}/release`, { activity: 'nowhere' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toBe(
      'the process "shop" has no activity "nowhere": pick one of start, name, age, end',
    );
    expect(
      (await admin('POST', `/interactions/${id}/release`, { activity: 'name' })).body,
    ).toMatchObject({
      activity: 'name',
      status: 'active',
      utterance: 'Your name?',
    });
    expect((await send(data({ name: 'Hal 2' }))).body).toMatchObject({
      activity: 'age',
      utterance: 'Hello Hal 2\nYour age?',
    });
    expect((await admin('GET', '/interactions?status=handoff')).body.items).toEqual([]);
    feed.close();
  });

  it('refuses what cannot be done, saying why', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await admin('POST', `/interactions/${missing}/takeover`)).status).toBe(404);
    const start = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'ida', process: 'shop' },
    });
    const id = start.body.interaction;
    expect((await admin('POST', `/interactions/${id}/release`, {})).body.message).toBe(
      `interaction ${id} is not held: there is nothing to release`,
    );
    const empty = await admin('POST', `/interactions/${id}/operator-messages`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('"text" must be a string');
    expect((await http('POST', `${app.url}/admin/interactions/${id}/takeover`)).status).toBe(401);
    const refused = io(`${app.url}/console`, {
      auth: { token: 'wrong-token-0123456789' },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const error = await new Promise<string>((resolve) =>
      refused.on('connect_error', (e) => resolve(e.message)),
    );
    expect(error).toBe('the admin token is missing or wrong');
    refused.close();
  });
});

/** The next socket.io message with seq 5 (the operator's), skipping the held turn's empty reply. */
async function until5(user: { next(event: 'message'): Promise<any> }): Promise<any> {
  for (;;) {
    const message = await user.next('message');
    if (message.seq === 5) return message;
  }
}

const skipped = severalServersSkipped(testDatabases().includes('postgres'));

describe.skipIf(skipped !== '')('takeover across two servers', () => {
  const { servers } = useServersOnRedis({ CONFIG_DIR: config.dir, ADMIN_TOKEN });

  it('an operator on one server holds and answers a user on the other, and sees the user live', async () => {
    const [a, b] = servers;
    const user = connectIo(a.url, { uid: 'zoe', process: 'shop' });
    const { interaction: id } = await user.next('session');
    await user.next('message');
    const feed = consoleFeed(b.url);
    await feed.watch(id);
    expect((await adminCall(b.url)('POST', `/interactions/${id}/takeover`)).body.status).toBe(
      'held',
    );
    await user.send(text('hello?'));
    await until('the console on the other server saw the user', async () =>
      feed.turns.some((t) => t.input?.utterance === 'hello?'),
    );
    await adminCall(b.url)('POST', `/interactions/${id}/operator-messages`, {
      text: 'From server B',
    });
    for (;;) {
      const message = await user.next('message');
      if (message.utterance === 'From server B') {
        expect(message.from).toBe('operator');
        break;
      }
    }
    await adminCall(b.url)('POST', `/interactions/${id}/release`, {});
    expect(await user.send(data({ name: 'Zoe' }))).toMatchObject({
      activity: 'age',
      utterance: 'Hello Zoe\nYour age?',
    });
    user.close();
    feed.close();
  });

  it("an operator's message sent on one server reaches the user on the other over socket.io, /ws and rasa-webchat", async () => {
    const [a, b] = servers;
    // the user is on server B: a rasa-webchat session, and a socket.io tab and a /ws page of it
    const widget = connectRasa(b.url);
    widget.emit('session_request', {});
    const pending = await widget.next('session_confirm');
    await widget.utter('/get_started', pending, { uid: 'ray', process: 'shop' });
    const started: string = await widget.next('session_confirm');
    const id = JSON.parse(Buffer.from(started.split('.')[1], 'base64url').toString()).ixn;
    const tab = connectIo(b.url, { uid: 'ray', interaction: id });
    expect(await tab.next('session')).toMatchObject({ interaction: id, resumed: true });
    const page = connectWs(wsUrl(b.url, `/ws?uid=ray&interaction=${id}`));
    page.send(data({ name: 'Ray' }));
    expect(await page.nextJson()).toMatchObject({ seq: 2, activity: 'age' });
    await widget.take('bot_uttered', 2);

    // the operator is on server A
    const admin = adminCall(a.url);
    expect((await admin('POST', `/interactions/${id}/takeover`)).body.status).toBe('held');
    const said = await admin('POST', `/interactions/${id}/operator-messages`, {
      text: 'Alex here, on server A',
    });
    expect(said.body).toMatchObject({ seq: 4, from: 'operator' });
    const operator = { seq: 4, utterance: 'Alex here, on server A', from: 'operator' };
    for (;;) {
      const message = await tab.next('message');
      if (message.seq === 4) {
        expect(message).toMatchObject({ ...operator, input: null });
        break;
      }
    }
    expect(await page.nextJson()).toMatchObject(operator);
    for (;;) {
      const [frame] = await widget.take('bot_uttered', 1);
      if (frame.metadata.seq === 4) {
        expect(frame).toMatchObject({
          text: 'Alex here, on server A',
          metadata: { seq: 4, status: 'held', from: 'operator' },
        });
        break;
      }
    }
    expect((await admin('POST', `/interactions/${id}/release`, {})).body.status).toBe('active');
    expect(await tab.send(data({ age: 30 }))).toMatchObject({ status: 'completed' });
    for (const client of [tab, widget, page]) client.close();
  });

  it('a handoff asked for on one server is in the queue of a console on the other, live', async () => {
    const [a, b] = servers;
    const feed = consoleFeed(a.url);
    await until('the console is connected', async () => feed.socket.connected);
    const start = await http('POST', `${b.url}/interactions`, {
      body: { uid: 'hana', process: 'shop' },
    });
    const id = start.body.interaction as string;
    const send = (body: unknown) =>
      http('POST', `${b.url}/interactions/${id}/messages`, { uid: 'hana', body });
    await send(data({ name: 'Hana' }));
    expect((await send(data({ human: true }))).body.status).toBe('handoff');
    await until('the console on the other server shows it in the queue', async () =>
      feed.queue.some((q) => q.interaction === id && q.status === 'handoff'),
    );
    const queue = await adminCall(a.url)('GET', '/interactions?status=handoff');
    expect(queue.body.items.map((i: any) => i.interaction)).toContain(id);
    expect((await adminCall(a.url)('POST', `/interactions/${id}/takeover`)).body.status).toBe(
      'held',
    );
    await until('the queue shows it held', async () =>
      feed.queue.some((q) => q.interaction === id && q.status === 'held'),
    );
    feed.close();
  });
});
