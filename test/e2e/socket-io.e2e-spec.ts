import { useTestApp } from '../support/fixtures.js';
import { closeAllWs, connectIo, connectWs, type IoClient, wsUrl } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { http, startTestApp } from '../support/test-app.js';

const QUESTION = 'Would you like to insert the name or a nickname?';

describe.each(testDatabases())('the socket.io transport on %s', (kind) => {
  const app = useTestApp(kind, { MAX_BODY_BYTES: '2048', SOCKET_MAX_FRAME_BYTES: '8192' });
  const clients: IoClient[] = [];
  const connect = (auth: Record<string, unknown> = {}, query?: Record<string, string>) => {
    const client = connectIo(app.url, auth, query);
    clients.push(client);
    return client;
  };

  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
    closeAllWs();
  });

  const transcriptOf = (id: string, uid: string) =>
    http('GET', `${app.url}/interactions/${id}/messages`, { uid }).then((r) => r.body);
  const viewOf = (id: string, uid: string) =>
    http('GET', `${app.url}/interactions/${id}`, { uid }).then((r) => r.body);

  it('starts an interaction, sends the session then the welcome, and runs name_nickname with text and data', async () => {
    const client = connect({ uid: 'ann', process: 'name_nickname' });
    const session = await client.next('session');
    expect(session).toEqual({
      uid: 'ann',
      interaction: expect.any(String),
      process: 'name_nickname',
      resumed: false,
      activity: 'name_nickname',
      status: 'active',
    });
    expect(await client.next('message')).toMatchObject({
      utterance: QUESTION,
      seq: 1,
      input: null,
      id: null,
    });

    const chosen = await client.send({ type: 'data', payload: { name_nickname: 'name' } });
    expect(chosen).toEqual({
      utterance: 'Please insert your name',
      payload: { buttons: [] },
      seq: 2,
      activity: 'insert_name',
      status: 'active',
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
      input: { type: 'data', payload: { name_nickname: 'name' } },
      id: null,
    });
    await client.send({ type: 'utterance', utterance: 'Mark' });
    const done = await client.send({ type: 'utterance', utterance: '30', id: 'last' });
    expect(done).toMatchObject({
      utterance: 'Name, Mark 30\nProcess completed!',
      seq: 4,
      status: 'completed',
      input: { type: 'utterance', utterance: '30' },
      id: 'last',
    });
    expect(await client.send({ type: 'utterance', utterance: '30', id: 'last' })).toEqual(done);
    expect((await transcriptOf(session.interaction, 'ann')).map((e: any) => e.seq)).toEqual([
      1, 2, 3, 4,
    ]);
    // Each reply came once, as its ack: no `message` event besides the welcome.
    await new Promise((r) => setTimeout(r, 100));
    expect(client.pending('message')).toEqual([]);
  });

  it('makes a uid when none is given, and takes the handshake from query parameters too', async () => {
    const anonymous = connect();
    expect((await anonymous.next('session')).uid).toMatch(/^[0-9a-f-]{36}$/);
    const byQuery = connect({}, { uid: 'query-user', process: 'quickstart' });
    expect(await byQuery.next('session')).toMatchObject({
      uid: 'query-user',
      process: 'quickstart',
    });
    expect(await byQuery.next('message')).toMatchObject({ utterance: 'Ready' });
  });

  it('resumes after a disconnect, and replays exactly the replies after lastSeq, in order', async () => {
    const first = connect({ uid: 'ben', process: 'name_nickname' });
    const { interaction } = await first.next('session');
    await first.next('message');
    await first.send({ type: 'data', payload: { name_nickname: 'nickname' } }); // seq 2
    first.close();

    // While disconnected, the conversation goes on elsewhere (here over REST).
    for (const body of [
      { type: 'utterance', utterance: 'Benny' },
      { type: 'utterance', utterance: 'old', id: 'rest-4' },
    ]) {
      await http('POST', `${app.url}/interactions/${interaction}/messages`, { uid: 'ben', body });
    }
    const resumed = connect({ uid: 'ben', interaction, lastSeq: 2 });
    expect(await resumed.next('session')).toEqual({
      uid: 'ben',
      interaction,
      process: 'name_nickname',
      resumed: true,
      activity: 'insert_age',
      status: 'active',
    });
    // The replay carries each turn's input and message id, so the tab can show both sides.
    expect(await resumed.next('message')).toMatchObject({
      seq: 3,
      input: { type: 'utterance', utterance: 'Benny' },
      id: null,
    });
    expect(await resumed.next('message')).toMatchObject({
      seq: 4,
      utterance: 'The input is not valid, please insert your age',
      input: { type: 'utterance', utterance: 'old' },
      id: 'rest-4',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(resumed.pending('message')).toEqual([]);
    expect(await resumed.send({ type: 'utterance', utterance: '7' })).toMatchObject({
      seq: 5,
      utterance: 'Nickname, Benny 7\nProcess completed!',
    });

    // lastSeq 0 replays the whole conversation, the welcome (no input) first.
    const reloaded = connect({ uid: 'ben', interaction, lastSeq: 0 });
    await reloaded.next('session');
    const replay = await Promise.all([1, 2, 3, 4, 5].map(() => reloaded.next('message')));
    expect(replay.map((r) => [r.seq, r.input?.type ?? null, r.id])).toEqual([
      [1, null, null],
      [2, 'data', null],
      [3, 'utterance', null],
      [4, 'utterance', 'rest-4'],
      [5, 'utterance', null],
    ]);
    expect(replay[1].input).toEqual({ type: 'data', payload: { name_nickname: 'nickname' } });

    // Without lastSeq, a resume replays nothing.
    const quiet = connect({ uid: 'ben', interaction });
    await quiet.next('session');
    await new Promise((r) => setTimeout(r, 100));
    expect(quiet.pending('message')).toEqual([]);
  });

  it('sends every reply once to every socket attached to the interaction: the sender as its ack, or as its event without one', async () => {
    const tab1 = connect({ uid: 'cat', process: 'quickstart' });
    const { interaction } = await tab1.next('session');
    await tab1.next('message');
    const tab2 = connect({ uid: 'cat', interaction });
    await tab2.next('session');
    const other = connect({ uid: 'cat', process: 'quickstart' });
    await other.next('session');
    await other.next('message');

    const ack = await tab2.send({ type: 'utterance', utterance: 'both', id: 'tab2-1' });
    // the tab that did not send it gets the input to show, and the sender its id to match
    expect(ack).toMatchObject({ input: { type: 'utterance', utterance: 'both' }, id: 'tab2-1' });
    expect(await tab1.next('message')).toEqual(ack);
    // Without an ack, the sender gets its reply as the event, and the other tab the same, once.
    tab1.socket.emit('message', { type: 'utterance', utterance: 'no ack', id: 'tab1-1' });
    const own = await tab1.next('message');
    expect(own).toMatchObject({ seq: 3, id: 'tab1-1', input: { utterance: 'no ack' } });
    expect(await tab2.next('message')).toEqual(own);
    // A resent id is answered from the log to its sender alone (as its ack, or as its event).
    expect(await tab2.send({ type: 'utterance', utterance: 'both', id: 'tab2-1' })).toEqual(ack);
    tab1.socket.emit('message', { type: 'utterance', utterance: 'no ack', id: 'tab1-1' });
    expect(await tab1.next('message')).toEqual(own);
    // a REST turn reaches the attached sockets too
    const rest = await http('POST', `${app.url}/interactions/${interaction}/messages`, {
      uid: 'cat',
      body: { type: 'utterance', utterance: 'x' },
    });
    const pushed = { ...rest.body, input: { type: 'utterance', utterance: 'x' }, id: null };
    expect(await tab1.next('message')).toEqual(pushed);
    expect(await tab2.next('message')).toEqual(pushed);
    await new Promise((r) => setTimeout(r, 200));
    expect([tab1, tab2, other].map((tab) => tab.pending('message'))).toEqual([[], [], []]);
  });

  it('continues an interaction started on socket.io over the plain WebSocket and over REST', async () => {
    const client = connect({ uid: 'dan', process: 'name_nickname' });
    const { interaction } = await client.next('session');
    await client.next('message');
    await client.send({ type: 'data', payload: { name_nickname: 'name' } });
    client.close();

    const ws = connectWs(wsUrl(app.url, `/ws?uid=dan&interaction=${interaction}`));
    ws.send({ type: 'utterance', utterance: 'Dan' });
    expect(await ws.nextJson()).toMatchObject({ utterance: 'Please insert your age', seq: 3 });
    ws.close();
    const rest = await http('POST', `${app.url}/interactions/${interaction}/messages`, {
      uid: 'dan',
      body: { type: 'data', payload: { age: 40 } },
    });
    expect(rest.body).toMatchObject({ utterance: 'Name, Dan 40\nProcess completed!', seq: 4 });
  });

  it('answers bad messages with BAD_MESSAGE, stays connected and changes nothing', async () => {
    const client = connect({ uid: 'eve', process: 'name_nickname' });
    const { interaction } = await client.next('session');
    await client.next('message');
    const before = await viewOf(interaction, 'eve');
    const bad: [unknown, RegExp][] = [
      ['hello', /must be a JSON object/],
      [[{ type: 'data', payload: {} }], /must be a JSON object/],
      [{ type: 'shout' }, /"type" must be "utterance"/],
      [{ type: 'utterance' }, /"utterance" must be a string/],
      [{ type: 'data', payload: 'x' }, /"payload" must be a JSON object/],
      [
        { type: 'utterance', utterance: 'x'.repeat(3000) },
        /the message is \d+ bytes; the limit is 2048/,
      ],
    ];
    for (const [message, pattern] of bad) {
      const ack = await client.send(message);
      expect(ack).toMatchObject({ code: 'BAD_MESSAGE', retryable: false });
      expect(ack.message).toMatch(pattern);
      expect(await client.next('exception')).toEqual(ack);
    }
    expect(client.socket.connected).toBe(true);
    expect(await viewOf(interaction, 'eve')).toEqual(before);
    expect(await transcriptOf(interaction, 'eve')).toHaveLength(1);
    expect(await client.send({ type: 'data', payload: { name_nickname: 'name' } })).toMatchObject({
      seq: 2,
    });

    // A frame over SOCKET_MAX_FRAME_BYTES is not read at all: the connection closes.
    client.socket.emit('message', { type: 'utterance', utterance: 'y'.repeat(10_000) });
    expect(await client.next('disconnect')).toMatch(/transport|parse/);
    expect(await transcriptOf(interaction, 'eve')).toHaveLength(2);
  });

  it('refuses a foreign interaction with INTERACTION_NOT_FOUND, and one without a uid with UID_REQUIRED, then disconnects', async () => {
    const owner = connect({ uid: 'fay', process: 'quickstart' });
    const { interaction } = await owner.next('session');
    for (const [auth, code] of [
      [{ uid: 'mallory', interaction }, 'INTERACTION_NOT_FOUND'],
      [{ interaction }, 'UID_REQUIRED'],
      [{ uid: 'fay', interaction: 'no-such-interaction' }, 'INTERACTION_NOT_FOUND'],
    ] as const) {
      const intruder = connect(auth);
      expect(await intruder.next('exception')).toMatchObject({ code, retryable: false });
      expect(await intruder.next('disconnect')).toBe('io server disconnect');
      expect(intruder.pending('session')).toEqual([]);
    }
    const unknownProcess = connect({ uid: 'fay', process: 'nope' });
    expect(await unknownProcess.next('exception')).toMatchObject({ code: 'UNKNOWN_PROCESS' });
    const badSeq = connect({ uid: 'fay', interaction, lastSeq: 'soon' });
    expect(await badSeq.next('exception')).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('lastSeq'),
    });
    expect(await transcriptOf(interaction, 'fay')).toHaveLength(1);
  });

  it('gives a refused step STEP_FAILED without disconnecting', async () => {
    const fixtures = await startTestApp({
      ...app.db.env,
      CONFIG_DIR: new URL('../fixtures/config', import.meta.url).pathname,
    });
    try {
      const client = connectIo(fixtures.url, { uid: 'gus', process: 'faulty' });
      clients.push(client);
      await client.next('session');
      const ack = await client.send({ type: 'data', payload: { fail: 'throw' } });
      expect(ack).toMatchObject({
        code: 'STEP_FAILED',
        message: expect.stringContaining('the callback of activity "count" failed'),
      });
      expect(await client.send({ type: 'data', payload: {} })).toMatchObject({
        utterance: 'ok',
        seq: 2,
      });
    } finally {
      await fixtures.close();
    }
  });
});
