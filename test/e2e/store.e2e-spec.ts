import { useTestApp } from '../support/fixtures.js';
import { createServer } from 'node:http';
import { connectIo, type IoClient } from '../support/clients.js';
import { createTestDatabase } from '../support/databases.js';
import { smallProcess, tempConfig } from '../support/temp-config.js';
import { http, startTestApp } from '../support/test-app.js';

const text = (utterance: string) => ({ type: 'utterance', utterance });
const data = (payload: Record<string, unknown>) => ({ type: 'data', payload });

const RECAP =
  'Your order: a black cap, size M, shipping to Via Roma 1, Milan, paid with visa ending 4242.\nThank you for your order!';

/** Each step of an order, by text and by data (what the page's buttons and forms send). */
const STEPS: { text: unknown; data: unknown; activity: string }[] = [
  {
    text: text("I'd like a cap"),
    data: data({ intent: 'state_preference', preference: 'cap' }),
    activity: 'customize',
  },
  {
    text: text('change the colour'),
    data: data({ intent: 'change_something', change: 'color' }),
    activity: 'select_color',
  },
  {
    text: text('black please'),
    data: data({ intent: 'state_preference', preference: 'black' }),
    activity: 'customize',
  },
  {
    text: text('change the size'),
    data: data({ intent: 'change_something', change: 'size' }),
    activity: 'select_size',
  },
  {
    text: text('medium please'),
    data: data({ intent: 'state_preference', preference: 'M' }),
    activity: 'customize',
  },
  {
    text: text('no more changes'),
    data: data({ intent: 'change_nothing' }),
    activity: 'change_info',
  },
  {
    text: text('change the address'),
    data: data({ intent: 'change_something', change: 'address' }),
    activity: 'change_address',
  },
  {
    text: text('ship to Via Roma 1, Milan'),
    data: data({ intent: 'give_address', address: 'Via Roma 1, Milan' }),
    activity: 'change_info',
  },
  {
    text: text('change payment'),
    data: data({ intent: 'change_something', change: 'payment' }),
    activity: 'change_payment',
  },
  {
    text: text('pay with visa ending 4242'),
    data: data({ intent: 'payment_details', details: 'visa ending 4242' }),
    activity: 'change_info',
  },
  { text: text('complete the order'), data: data({ intent: 'change_nothing' }), activity: 'end' },
];

describe('the store example over socket.io', () => {
  const app = useTestApp('sqlite', { ADMIN_TOKEN: 'admin-token-for-the-store-tests' });
  const clients: IoClient[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.close()));

  async function order(
    uid: string,
    pickMessage: (step: (typeof STEPS)[number], index: number) => unknown,
  ) {
    const client = connectIo(app.url, { uid, process: 'store' });
    clients.push(client);
    await client.next('session');
    const welcome = await client.next('message');
    let last: any;
    for (const [index, step] of STEPS.entries()) {
      last = await client.send(pickMessage(step, index));
      expect(
        last.activity,
        `step ${index + 1}: ${JSON.stringify(pickMessage(step, index))} → ${last.utterance}`,
      ).toBe(step.activity);
    }
    return { welcome, last };
  }

  it('completes an order all by text, then a second order starts from the saved address', async () => {
    const { welcome, last } = await order('ursula', (step) => step.text);
    expect(welcome.utterance).toBe(
      'Welcome to the shop!\nWhich item would you like? We have sweatshirts, caps and skateboards.',
    );
    expect(welcome.payload.buttons.map((b: any) => b.label)).toEqual([
      'sweatshirt',
      'cap',
      'skateboard',
    ]);
    expect(last.utterance).toBe(RECAP);

    const again = connectIo(app.url, { uid: 'ursula', process: 'store' });
    clients.push(again);
    const { interaction } = await again.next('session');
    expect((await again.next('message')).utterance).toBe(
      'Welcome back to the shop! We will ship to Via Roma 1, Milan.\nWhich item would you like? We have sweatshirts, caps and skateboards.',
    );
    const view = await http('GET', `${app.url}/interactions/${interaction}`, { uid: 'ursula' });
    expect(view.body.context).toMatchObject({
      address: 'Via Roma 1, Milan',
      payment: 'visa ending 4242',
    });
    const other = connectIo(app.url, { uid: 'victor', process: 'store' });
    clients.push(other);
    await other.next('session');
    expect((await other.next('message')).utterance).toMatch(/^Welcome to the shop!/);
  });

  it('takes a colour or a size named outright at the customize step, as people say it', async () => {
    const client = connectIo(app.url, { uid: 'wanda', process: 'store' });
    clients.push(client);
    await client.next('session');
    await client.next('message');
    expect((await client.send(text('I would like a sweatshirt'))).activity).toBe('customize');
    const sized = await client.send(text('size L please'));
    expect(sized).toMatchObject({
      activity: 'customize',
      utterance: expect.stringMatching(/^A sweatshirt, size L\./),
    });
    const coloured = await client.send(text('violet would be nice'));
    expect(coloured.utterance).toMatch(/^A violet sweatshirt, size L\./);
    // Both were given, so the order can move on without visiting either branch.
    const done = await client.send(text('no more changes'));
    expect(done).toMatchObject({
      activity: 'change_info',
      utterance: expect.stringContaining('A violet sweatshirt, size L'),
    });
  });

  it('completes an order all by data (clicks)', async () => {
    expect((await order('wanda', (step) => step.data)).last.utterance).toBe(RECAP);
  });

  it('completes an order mixing text and data', async () => {
    expect(
      (await order('xavier', (step, index) => (index % 2 === 0 ? step.text : step.data))).last
        .utterance,
    ).toBe(RECAP);
  });

  it('answers small talk and what it does not understand at any step, without moving on', async () => {
    const client = connectIo(app.url, { uid: 'yolanda', process: 'store' });
    clients.push(client);
    await client.next('session');
    await client.next('message');
    expect(await client.send(text('are you a bot?'))).toMatchObject({
      utterance: 'I am a bot, here to help you with your order.',
      activity: 'choose_item',
    });
    expect(await client.send(text('hello'))).toMatchObject({
      utterance: "Hello! Let's carry on with your order.",
      activity: 'choose_item',
    });
    expect(await client.send(text('xq zzv blorp'))).toMatchObject({
      utterance: 'Sorry, I did not understand.',
      activity: 'choose_item',
    });
    await client.send(text('a skateboard please'));
    expect(await client.send(text('no more changes'))).toMatchObject({
      utterance: 'Please choose both the colour and the size first.',
      activity: 'customize',
    });
  });

  it('lets authors test the training data with POST /admin/processes/:name/nlu/parse', async () => {
    const parse = (name: string, body: unknown) =>
      http('POST', `${app.url}/admin/processes/${name}/nlu/parse`, {
        headers: { authorization: 'Bearer admin-token-for-the-store-tests' },
        body,
      });
    const result = await parse('store', { text: "I'd like the black cap" });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      intent: 'state_preference',
      confidence: expect.any(Number),
      similarity: expect.any(Number),
      entities: [
        { entity: 'preference', value: 'black', start: 13, end: 18 },
        { entity: 'preference', value: 'cap', start: 19, end: 22 },
      ],
    });
    expect((await parse('quickstart', { text: 'Bob' })).body).toEqual({
      intent: '',
      confidence: null,
      entities: [{ entity: 'echo', value: 'Bob' }],
    });
    expect((await parse('store', { text: 3 })).status).toBe(400);
    expect((await parse('nope', { text: 'x' })).body).toMatchObject({ code: 'UNKNOWN_PROCESS' });
  });
});

describe('a process whose Rasa server goes down', () => {
  it('answers text with a retryable NLU_FAILED (503) and changes nothing; data still works', async () => {
    const rasa = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ intent: { name: 'greet', confidence: 1 }, entities: [] })),
    );
    await new Promise<void>((resolve) => rasa.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(rasa.address() as { port: number }).port}`;
    const config = tempConfig({
      ...smallProcess('rasa'),
      'rasa/nlu.json': { adapter: 'rasa', url, timeoutMs: 500 },
    });
    const db = await createTestDatabase('sqlite');
    const app = await startTestApp({ ...db.env, CONFIG_DIR: config.dir });
    try {
      const started = await http('POST', `${app.url}/interactions`, { body: { uid: 'zoe' } });
      expect(started.status).toBe(201);
      const id = started.body.interaction as string;
      await new Promise((resolve) => rasa.close(resolve));
      const refused = await http('POST', `${app.url}/interactions/${id}/messages`, {
        uid: 'zoe',
        body: text('hello'),
      });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({
        code: 'NLU_FAILED',
        retryable: true,
        message: expect.stringContaining('cannot be reached'),
      });
      expect(
        (await http('GET', `${app.url}/interactions/${id}/messages`, { uid: 'zoe' })).body,
      ).toHaveLength(1);
      const byData = await http('POST', `${app.url}/interactions/${id}/messages`, {
        uid: 'zoe',
        body: data({ text: 'typed' }),
      });
      expect(byData.body).toMatchObject({ utterance: 'you said typed\nBye', seq: 2 });
    } finally {
      await app.close();
      await db.drop();
      config.remove();
    }
  });
});
