import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { FIXTURES_CONFIG, http, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(testDatabases())('the Interactions REST API on %s', (kind) => {
  let db: TestDatabase;
  let examples: TestApp;
  let fixtures: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    examples = await startTestApp({ ...db.env });
    fixtures = await startTestApp({
      ...db.env,
      CONFIG_DIR: FIXTURES_CONFIG,
      CALLBACK_TIMEOUT_MS: '300',
      // 50 turns of one interaction at once, all queued: above the default TURN_QUEUE_LIMIT on purpose
      TURN_QUEUE_LIMIT: '64',
    });
  });
  afterAll(async () => {
    await examples?.close();
    await fixtures?.close();
    await db?.drop();
  });

  const start = async (app: TestApp, body: Record<string, unknown>) => {
    const response = await http('POST', `${app.url}/interactions`, { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { interaction: string; uid: string; process: string; reply: any };
  };
  const send = (app: TestApp, id: string, uid: string, body: unknown) =>
    http('POST', `${app.url}/interactions/${id}/messages`, { uid, body });

  it('runs a whole name_nickname conversation, mixing text and data', async () => {
    const started = await start(examples, { uid: 'alice', process: 'name_nickname' });
    expect(started).toMatchObject({ uid: 'alice', process: 'name_nickname' });
    expect(started.interaction).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(started.reply).toEqual({
      utterance: 'Would you like to insert the name or a nickname?',
      payload: expect.objectContaining({ buttons: expect.any(Array) }),
      seq: 1,
      activity: 'name_nickname',
      status: 'active',
    });
    const id = started.interaction;
    const turns: [unknown, string, string][] = [
      [
        { type: 'data', payload: { name_nickname: 'name' } },
        'Please insert your name',
        'insert_name',
      ],
      [{ type: 'utterance', utterance: 'Mark' }, 'Please insert your age', 'insert_age'],
      [{ type: 'utterance', utterance: '30' }, 'Name, Mark 30\nProcess completed!', 'end'],
    ];
    for (const [index, [message, utterance, activity]] of turns.entries()) {
      const { status, body } = await send(examples, id, 'alice', message);
      expect(status).toBe(200);
      expect(body).toMatchObject({ utterance, seq: index + 2, activity });
    }
    const view = await http('GET', `${examples.url}/interactions/${id}`, { uid: 'alice' });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      interaction: id,
      uid: 'alice',
      process: 'name_nickname',
      status: 'completed',
      activity: 'end',
      context: { name: 'Mark', age: '30', _done_: [] },
    });
    expect(Date.parse(view.body.createdAt)).toBeLessThanOrEqual(Date.parse(view.body.updatedAt));

    const transcript = await http('GET', `${examples.url}/interactions/${id}/messages`, {
      uid: 'alice',
    });
    expect(transcript.body.map((e: any) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(transcript.body[0]).toMatchObject({
      input: null,
      activityBefore: null,
      activityAfter: 'name_nickname',
    });
    expect(transcript.body[2]).toMatchObject({
      input: { type: 'utterance', utterance: 'Mark' },
      reply: { utterance: 'Please insert your age', seq: 3 },
      activityBefore: 'insert_name',
      activityAfter: 'insert_age',
    });
    const after = await http('GET', `${examples.url}/interactions/${id}/messages?after=2`, {
      uid: 'alice',
    });
    expect(after.body.map((e: any) => e.seq)).toEqual([3, 4]);
  });

  it('makes a uid when none is given, and takes it from X-User-Id too', async () => {
    const anonymous = await start(examples, {});
    expect(anonymous.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(anonymous.process).toBe('name_nickname');
    const response = await http('POST', `${examples.url}/interactions`, {
      uid: 'from-header',
      body: { process: 'quickstart' },
    });
    expect(response.body).toMatchObject({
      uid: 'from-header',
      process: 'quickstart',
      reply: { utterance: 'Ready' },
    });
  });

  it('answers a retried message id with the stored reply, processing it once', async () => {
    const { interaction: id } = await start(fixtures, { uid: 'bob', process: 'counter' });
    const message = { type: 'utterance', utterance: 'one', id: 'msg-1' };
    const first = await send(fixtures, id, 'bob', message);
    const again = await send(fixtures, id, 'bob', message);
    expect(first.body).toMatchObject({ utterance: 'count 1', seq: 2 });
    expect(again.body).toEqual(first.body);
    const next = await send(fixtures, id, 'bob', { ...message, id: 'msg-2' });
    expect(next.body).toMatchObject({ utterance: 'count 2', seq: 3 });
    const transcript = await http('GET', `${fixtures.url}/interactions/${id}/messages`, {
      uid: 'bob',
    });
    expect(transcript.body.map((e: any) => e.messageId)).toEqual([null, 'msg-1', 'msg-2']);
  });

  it('hides an interaction from another uid (404), and asks for a uid (401)', async () => {
    const { interaction: id } = await start(examples, { uid: 'carol' });
    for (const [method, path, body] of [
      ['POST', `/interactions/${id}/messages`, { type: 'utterance', utterance: 'hi' }],
      ['GET', `/interactions/${id}`, undefined],
      ['GET', `/interactions/${id}/messages`, undefined],
    ] as const) {
      const foreign = await http(method, `${examples.url}${path}`, { uid: 'mallory', body });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ code: 'INTERACTION_NOT_FOUND' });
      const anonymous = await http(method, `${examples.url}${path}`, { body });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({
        code: 'UID_REQUIRED',
        message: expect.stringContaining('X-User-Id'),
      });
    }
    const unknown = await http(
      'GET',
      `${examples.url}/interactions/00000000-0000-4000-8000-000000000000`,
      { uid: 'carol' },
    );
    expect(unknown.status).toBe(404);
    const view = await http('GET', `${examples.url}/interactions/${id}?uid=carol`);
    expect(view.status).toBe(200);
    expect(view.body.activity).toBe('name_nickname');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { interaction: id } = await start(fixtures, { uid: 'dave', process: 'counter' });
    const bad: [unknown, number, RegExp][] = [
      [{ type: 'shout', utterance: 'x' }, 400, /"type" must be "utterance" \(text\) or "data"/],
      [{ type: 'utterance' }, 400, /"utterance" must be a string/],
      [{ type: 'utterance', utterance: 5 }, 400, /"utterance" must be a string/],
      [{ type: 'data', payload: [1] }, 400, /"payload" must be a JSON object/],
      [{ type: 'data', payload: {}, extra: 1 }, 400, /unknown field "extra"/],
      [{ type: 'data', payload: {}, id: 7 }, 400, /"id" must be a string/],
      [[{ type: 'data', payload: {} }], 400, /the body must be a JSON object/],
    ];
    for (const [body, status, message] of bad) {
      const response = await send(fixtures, id, 'dave', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.body).toMatchObject({
        statusCode: status,
        code: 'BAD_MESSAGE',
        retryable: false,
      });
      expect(response.body.message).toMatch(message);
      expect(response.body.message).not.toContain('the callback broke');
      expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    const notJson = await http('POST', `${fixtures.url}/interactions/${id}/messages`, {
      uid: 'dave',
      rawBody: '{"type": ',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/^the body is not valid JSON/);
    const huge = await send(fixtures, id, 'dave', {
      type: 'utterance',
      utterance: 'x'.repeat(70_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const unknownProcess = await http('POST', `${fixtures.url}/interactions`, {
      body: { process: 'nope' },
    });
    expect(unknownProcess.status).toBe(404);
    expect(unknownProcess.body).toMatchObject({
      code: 'UNKNOWN_PROCESS',
      message: expect.stringContaining('counter'),
    });

    const transcript = await http('GET', `${fixtures.url}/interactions/${id}/messages`, {
      uid: 'dave',
    });
    expect(transcript.body).toHaveLength(1);
    expect(
      (await http('GET', `${fixtures.url}/interactions/${id}`, { uid: 'dave' })).body.context,
    ).toEqual({ counter: 0, _done_: [] });
  });

  it('refuses a step whose callback throws, returns garbage or hangs (422), leaving the state as it was', async () => {
    const { interaction: id } = await start(fixtures, { uid: 'erin', process: 'faulty' });
    const before = (await http('GET', `${fixtures.url}/interactions/${id}`, { uid: 'erin' })).body;
    for (const [fail, message] of [
      // What the callback threw is in the server log, not in the answer.
      ['throw', /^the callback of activity "count" failed; nothing changed/],
      ['garbage', /returned a string/],
      ['hang', /did not answer within 300 ms/],
    ] as const) {
      const response = await send(fixtures, id, 'erin', { type: 'data', payload: { fail } });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'STEP_FAILED', retryable: false });
      expect(response.body.message).toMatch(message);
      expect(response.body.message).not.toContain('the callback broke');
    }
    const after = (await http('GET', `${fixtures.url}/interactions/${id}`, { uid: 'erin' })).body;
    expect(after).toEqual(before);
    expect(after.context.touched).toBeUndefined();
    const ok = await send(fixtures, id, 'erin', { type: 'data', payload: {} });
    expect(ok.body).toMatchObject({ utterance: 'ok', seq: 2 });
  });

  it("keeps what a user's finished interaction taught the kb, for that user only", async () => {
    const first = await start(fixtures, { uid: 'frank', process: 'remember' });
    expect(first.reply.utterance).toBe('Hello, stranger\nWhich city do you live in?');
    const done = await send(fixtures, first.interaction, 'frank', {
      type: 'utterance',
      utterance: 'Turin',
    });
    expect(done.body).toMatchObject({ utterance: 'Saved.', status: 'completed' });
    const again = await start(fixtures, { uid: 'frank', process: 'remember' });
    expect(again.reply.utterance).toBe('Welcome back, from Turin\nWhich city do you live in?');
    const other = await start(fixtures, { uid: 'grace', process: 'remember' });
    expect(other.reply.utterance).toBe('Hello, stranger\nWhich city do you live in?');
    // an interaction that has not finished saves nothing
    await send(fixtures, again.interaction, 'frank', { type: 'data', payload: { text: 'Milan' } });
    const third = await start(fixtures, { uid: 'frank', process: 'remember' });
    expect(third.reply.utterance).toBe('Welcome back, from Milan\nWhich city do you live in?');
  });

  it('refuses a NUL character in a message with a 400 that says so, and the interaction carries on', async () => {
    const { interaction: id } = await start(fixtures, { uid: 'nina', process: 'counter' });
    const refused = await send(fixtures, id, 'nina', { type: 'utterance', utterance: 'a\u0000b' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'BAD_MESSAGE' });
    expect(refused.body.message).toContain('NUL character');
    const next = await send(fixtures, id, 'nina', { type: 'utterance', utterance: 'ab' });
    expect(next.body).toMatchObject({ seq: 2, payload: { counter: 1 } });
  });

  it('keeps a payload exactly as sent, keys named like Object.prototype methods included', async () => {
    const { interaction: id } = await start(fixtures, { uid: 'otto', process: 'counter' });
    const payload = { toString: 'a', valueOf: [1], nested: { hasOwnProperty: true } };
    expect((await send(fixtures, id, 'otto', { type: 'data', payload })).status).toBe(200);
    const transcript = await http('GET', `${fixtures.url}/interactions/${id}/messages`, {
      uid: 'otto',
    });
    expect(transcript.body.at(-1).input).toEqual({ type: 'data', payload });
  });

  it('serialises 50 concurrent messages for one interaction', async () => {
    const { interaction: id } = await start(fixtures, { uid: 'henry', process: 'counter' });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        send(fixtures, id, 'henry', { type: 'utterance', utterance: `m${i}` }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.map((r) => r.body.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 2),
    );
    const view = await http('GET', `${fixtures.url}/interactions/${id}`, { uid: 'henry' });
    expect(view.body.context.counter).toBe(50);
  });
});
