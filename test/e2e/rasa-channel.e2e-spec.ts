import { useTestApp } from '../support/fixtures.js';
import { until } from '../support/network.js';
import { http } from '../support/test-app.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';

const WELCOME = 'Welcome to the shop!';
const ASK_ITEM = 'Which item would you like? We have sweatshirts, caps and skateboards.';

describe("Rasa's socket.io channel (socket.io-client emitting rasa-webchat's events)", () => {
  const app = useTestApp('sqlite', { MAX_BODY_BYTES: '2048' });
  const clients: RasaClient[] = [];
  const rasa = (auth?: Record<string, unknown>) => {
    const client = connectRasa(app.url, { auth });
    clients.push(client);
    return client;
  };
  afterEach(() => clients.splice(0).forEach((c) => c.close()));

  const transcriptOf = (id: string, uid: string) =>
    http('GET', `${app.url}/interactions/${id}/messages`, { uid }).then((r) => r.body);
  const interactionOf = (sessionId: string) =>
    JSON.parse(Buffer.from(sessionId.split('.')[1], 'base64url').toString()).ixn as string;

  /** A new session of the store for a uid, started by the widget's initPayload. */
  async function start(uid: string) {
    const client = rasa();
    client.emit('session_request', { session_id: null });
    const pending = await client.next('session_confirm');
    expect(typeof pending).toBe('string');
    const welcome = await client.utter('/get_started', pending, { uid, process: 'store' });
    const session = await client.next('session_confirm');
    expect(session).toMatch(/:1$/);
    return { client, session, welcome, interaction: interactionOf(session) };
  }

  it('starts a session with the initPayload, turns a click and a sentence into the data the process expects', async () => {
    const { client, welcome, interaction } = await start('ann');
    expect(welcome).toEqual([
      { text: WELCOME, metadata: { seq: 1, activity: 'choose_item', status: 'active' } },
      {
        text: ASK_ITEM,
        metadata: { seq: 1, activity: 'choose_item', status: 'active' },
        quick_replies: [
          {
            content_type: 'text',
            title: 'sweatshirt',
            payload: '/state_preference{"preference":"sweatshirt"}',
          },
          { content_type: 'text', title: 'cap', payload: '/state_preference{"preference":"cap"}' },
          {
            content_type: 'text',
            title: 'skateboard',
            payload: '/state_preference{"preference":"skateboard"}',
          },
        ],
      },
      // The rest of the payload, for a page that wants it (rasa-webchat's customComponent).
      {
        text: '',
        custom: { show: 'items' },
        metadata: { seq: 1, activity: 'choose_item', status: 'active' },
      },
    ]);
    // The ack carried the welcome: this socket got no bot_uttered besides it.

    // A click: the quick reply's payload comes back as it was sent.
    const clicked = await client.utter(welcome[1].quick_replies[1].payload, undefined);
    expect(clicked.at(-1)).toMatchObject({
      custom: { show: 'customize' },
      metadata: { seq: 2, activity: 'customize' },
    });
    expect(clicked.at(-2).quick_replies.map((q: any) => q.title)).toEqual([
      'Colour',
      'Size',
      'Done',
    ]);
    expect(await client.next('session_confirm')).toMatch(/:2$/);
    // A sentence goes through the NLU.
    const typed = await client.utter('change the colour', undefined);
    expect(typed.at(-1).metadata).toMatchObject({ seq: 3, activity: 'select_color' });
    // Each reply came once, as its ack.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.pending('bot_uttered')).toEqual([]);

    const transcript = await transcriptOf(interaction, 'ann');
    expect(transcript.map((e: any) => e.input)).toEqual([
      null,
      { type: 'data', payload: { intent: 'state_preference', preference: 'cap' } },
      { type: 'utterance', utterance: 'change the colour' },
    ]);
  });

  it('gives a reconnecting widget exactly the replies it missed, also those made on our own socket.io protocol', async () => {
    const { client, session, interaction } = await start('ben');
    client.close();
    // The same interaction carries on over our socket.io protocol while the widget is away.
    const own = app.connect({ uid: 'ben', interaction });
    await own.next('session');
    expect(await own.send({ type: 'utterance', utterance: "I'd like a cap" })).toMatchObject({
      seq: 2,
    });

    const back = rasa();
    back.emit('session_request', { session_id: session });
    expect(await back.next('session_confirm')).toBe(session);
    const missed = await back.take('bot_uttered', 2);
    expect(missed.map((f) => f.metadata)).toMatchObject([
      { seq: 2, activity: 'customize' },
      { seq: 2, activity: 'customize' },
    ]);
    const confirmed = await back.next('session_confirm');
    expect(confirmed).toMatch(/:2$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(back.pending('bot_uttered')).toEqual([]);

    // With the latest id nothing is replayed; the widget carries on, and its initPayload again is a no-op.
    back.close();
    const again = rasa();
    again.emit('session_request', { session_id: confirmed });
    expect(await again.next('session_confirm')).toBe(confirmed);
    expect(await again.utter('/get_started', confirmed)).toEqual([]);
    expect(
      (await again.utter('/change_something{"change":"size"}', confirmed)).at(-1).metadata,
    ).toMatchObject({
      seq: 3,
      activity: 'select_size',
    });
    expect(again.pending('bot_uttered')).toEqual([]);
    // Without an ack, the reply comes as bot_uttered events, once.
    again.emit('user_uttered', { message: 'medium please', session_id: confirmed });
    // (confirmed once the socket has the reply)
    await until('the session was confirmed at seq 4', async () =>
      again.pending('session_confirm').some((id: string) => id.endsWith(':4')),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const frames = again.pending('bot_uttered');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f: any) => f.metadata.seq === 4)).toBe(true);
    expect(new Set(frames.map((f: any) => JSON.stringify(f))).size).toBe(frames.length);
  });

  it('answers a first message that is a turn with the welcome as events and its reply as the ack, each once', async () => {
    const client = rasa();
    client.emit('session_request', { session_id: null });
    const pending = await client.next('session_confirm');
    const reply = await client.utter("I'd like a cap", pending, { uid: 'fox', process: 'store' });
    expect(reply.length).toBeGreaterThan(0);
    expect(reply.every((f: any) => f.metadata.seq === 2)).toBe(true);
    const welcome = await client.take('bot_uttered', 3);
    expect(welcome.map((f: any) => f.metadata.seq)).toEqual([1, 1, 1]);
    expect(welcome[0].text).toBe(WELCOME);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.pending('bot_uttered')).toEqual([]);
  });

  it('refuses a session id it did not issue, or one of another user, and confirms a new session instead', async () => {
    const { session, interaction } = await start('cat');
    const forged = rasa();
    forged.emit('session_request', { session_id: 'made-up-session' });
    expect(await forged.next('exception')).toMatchObject({ code: 'INTERACTION_NOT_FOUND' });
    expect(await forged.next('session_confirm')).not.toBe('made-up-session');

    const thief = rasa({ uid: 'dan' });
    thief.emit('session_request', { session_id: session });
    expect(await thief.next('exception')).toMatchObject({
      code: 'INTERACTION_NOT_FOUND',
      message: expect.stringContaining('another user'),
    });
    const fresh = await thief.next('session_confirm');
    expect(fresh).not.toBe(session);
    // Naming the other session in a message does not reach it either.
    const answer = await thief.utter('hello', session, { uid: 'dan' });
    expect(answer).toMatchObject({ code: 'INTERACTION_NOT_FOUND' });

    const owner = rasa();
    owner.emit('session_request', { session_id: session });
    await owner.next('session_confirm');
    expect(await owner.utter('hi', session, { uid: 'dan' })).toMatchObject({
      code: 'INTERACTION_NOT_FOUND',
    });
    expect((await transcriptOf(interaction, 'cat')).length).toBe(1);
  });

  it('answers bad frames with a clear BAD_MESSAGE, and stays connected', async () => {
    const client = rasa();
    expect(await client.utter('hello', undefined)).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('send session_request'),
    });
    // Each error is also an `exception` event, for widgets that do not ask for acknowledgements.
    expect((await client.next('exception')).message).toContain('send session_request');
    client.emit('session_request', 'not an object');
    expect((await client.next('exception')).message).toContain('session_request takes an object');
    client.emit('session_request', {});
    const pending = await client.next('session_confirm');
    const bad = (frame: unknown) => client.socket.timeout(5000).emitWithAck('user_uttered', frame);
    expect(await bad({ text: 'hi' })).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('"message"'),
    });
    expect(await bad({ message: '/choose{oops', session_id: pending })).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('/intent{"entity": "value"}'),
    });
    expect(await bad({ message: 'hi', session_id: pending, customData: 'ann' })).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('customData'),
    });
    expect(await bad({ message: 'x'.repeat(3000), session_id: pending })).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('the limit is 2048'),
    });
    await client.take('exception', 4);
    client.emit('user_said', { message: 'hi' });
    expect((await client.next('exception')).message).toContain('unknown event "user_said"');
    expect(client.socket.connected).toBe(true);
    // ...and the session still works.
    expect(
      (await client.utter('/get_started', pending, { uid: 'eve', process: 'store' }))[0].text,
    ).toBe(WELCOME);
  });
});
