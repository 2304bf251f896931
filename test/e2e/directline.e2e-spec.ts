import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { nodeDirectLine, post, watch } from '../support/directline-client.js';
import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';

const SESSION_SECRET = 'the-session-secret-of-the-directline-tests';

/** A token as the server signs them (see WidgetKeys), but with the claims and expiry a test wants. */
const craft = (claims: Record<string, unknown>, expiresAt: number) =>
  new SignJWT({ kind: 'directline', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(expiresAt - 1800)
    .setExpirationTime(expiresAt)
    .sign(createHmac('sha256', SESSION_SECRET).update('mmcc widget tokens').digest());

describe('Direct Line 3.0 (botframework-directlinejs in Node)', () => {
  const app = useTestApp('sqlite', { MAX_BODY_BYTES: '2048', SESSION_SECRET });
  let domain: string;
  const stops: (() => void)[] = [];
  beforeAll(() => {
    domain = `${app.url}/v3/directline`;
  });
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  const generate = (body: unknown, headers: Record<string, string> = {}) =>
    http('POST', `${domain}/tokens/generate`, { body, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const connect = (options: Record<string, unknown>) => {
    const directLine = nodeDirectLine({ domain, ...options });
    const watcher = watch(directLine);
    stops.push(watcher.stop);
    return { directLine, ...watcher };
  };

  it('runs the store with text and card actions, and lists every activity under seq watermarks', async () => {
    const { status, body: issued } = await generate({ user: { id: 'ann' }, process: 'store' });
    expect(status).toBe(200);
    expect(issued).toEqual({
      conversationId: expect.any(String),
      token: expect.any(String),
      expires_in: 1800,
    });
    const { directLine, until } = connect({ token: issued.token });
    const [welcome] = await until(1);
    expect(welcome).toMatchObject({
      type: 'message',
      id: `${issued.conversationId}|1.bot`,
      from: { id: 'store', role: 'bot' },
      text: 'Welcome to the shop!\nWhich item would you like? We have sweatshirts, caps and skateboards.',
      suggestedActions: { to: ['ann'] },
      channelData: { seq: 1, activity: 'choose_item', payload: { show: 'items' } },
    });
    const cap = (welcome as any).suggestedActions.actions[1];
    expect(cap).toEqual({
      type: 'messageBack',
      title: 'cap',
      displayText: 'cap',
      text: '',
      value: { intent: 'state_preference', preference: 'cap' },
    });

    // A click, as Web Chat posts a messageBack: its value reaches the process as it was sent.
    const clickId = await post(directLine, {
      type: 'message',
      from: { id: 'ann' },
      text: '',
      value: cap.value,
      channelData: { clientActivityID: 'click-1' },
    } as any);
    expect(clickId).toBe(`${issued.conversationId}|2.user`);
    const [, echo, reply] = await until(3);
    expect(echo).toMatchObject({
      id: clickId,
      from: { id: 'ann', role: 'user' },
      text: 'cap',
      value: cap.value,
      channelData: { clientActivityID: 'click-1' },
    });
    expect(reply).toMatchObject({ replyToId: clickId, channelData: { activity: 'customize' } });
    // A sentence goes through the NLU.
    await post(directLine, { type: 'message', from: { id: 'ann' }, text: 'change the colour' });
    expect((await until(5))[4].channelData).toMatchObject({ seq: 3, activity: 'select_color' });

    // The activity list: one page per watermark, no gap and no duplicate.
    const list = (watermark: string) =>
      http(
        'GET',
        `${domain}/conversations/${issued.conversationId}/activities?watermark=${watermark}`,
        {
          headers: bearer(issued.token),
        },
      ).then((r) => r.body);
    const all = await list('');
    expect(all.watermark).toBe('3');
    expect(all.activities.map((a: any) => a.id.split('|')[1])).toEqual([
      '1.bot',
      '2.user',
      '2.bot',
      '3.user',
      '3.bot',
    ]);
    const pages = [await list('0'), await list('1'), await list('2'), await list('3')];
    expect(pages.map((p) => p.activities.length)).toEqual([5, 4, 2, 0]);
    expect((await list('1')).activities).toEqual(all.activities.slice(1));
    expect((await list('3')).watermark).toBe('3');

    // The same interaction, read through the Interactions API.
    const transcript = await http(
      'GET',
      `${app.url}/interactions/${issued.conversationId}/messages`,
      {
        uid: 'ann',
      },
    );
    expect(transcript.body.map((e: any) => [e.messageId, e.input])).toEqual([
      [null, null],
      ['click-1', { type: 'data', payload: cap.value }],
      [null, { type: 'utterance', utterance: 'change the colour' }],
    ]);
  });

  it('reconnects with a watermark, carries on over our socket.io protocol, and streams those turns too', async () => {
    const { body: issued } = await generate({ user: { id: 'ben' }, process: 'store' });
    const first = connect({ token: issued.token });
    await until(first, 1);
    await post(first.directLine, { type: 'message', from: { id: 'ben' }, text: "I'd like a cap" });
    await first.until(3);
    first.stop();

    // A page that comes back with its conversation and watermark gets only what came after.
    const { body: renewed } = await http('POST', `${domain}/tokens/refresh`, {
      headers: bearer(issued.token),
    });
    expect(renewed.conversationId).toBe(issued.conversationId);
    const again = connect({
      token: renewed.token,
      conversationId: issued.conversationId,
      watermark: '1',
    });
    const replayed = await again.until(2);
    expect(replayed.map((a) => a.id!.split('|')[1])).toEqual(['2.user', '2.bot']);

    const own = app.connect({ uid: 'ben', interaction: issued.conversationId });
    await own.next('session');
    expect(
      await own.send({ type: 'data', payload: { intent: 'change_something', change: 'size' } }),
    ).toMatchObject({
      seq: 3,
      activity: 'select_size',
    });
    const [, , echo, reply] = await again.until(4);
    expect(echo).toMatchObject({ id: `${issued.conversationId}|3.user`, text: 'Size' });
    expect(reply.channelData).toMatchObject({ seq: 3, activity: 'select_size' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(again.received).toHaveLength(4);
  });

  it('binds a token to its conversation and user: no replay elsewhere, no foreign conversation', async () => {
    const { body: ann } = await generate({ user: { id: 'cat' } });
    const { body: dan } = await generate({ user: { id: 'dan' } });
    const replay = await http('GET', `${domain}/conversations/${dan.conversationId}/activities`, {
      headers: bearer(ann.token),
    });
    expect(replay.status).toBe(403);
    expect(replay.body).toMatchObject({
      code: 'AUTH_INVALID',
      message: expect.stringContaining('another conversation'),
      error: { code: 'AUTH_INVALID' },
    });
    const posted = await http('POST', `${domain}/conversations/${dan.conversationId}/activities`, {
      headers: bearer(ann.token),
      body: { type: 'message', text: 'hi' },
    });
    expect(posted.status).toBe(403);
    const foreign = await generate({ user: { id: 'cat' }, conversationId: dan.conversationId });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'INTERACTION_NOT_FOUND' } });
    const forged = await http('GET', `${domain}/conversations/${dan.conversationId}`, {
      headers: bearer(`${dan.token.slice(0, -4)}AAAA`),
    });
    expect(forged).toMatchObject({ status: 403, body: { code: 'AUTH_INVALID' } });
    // Expired, even for its own conversation; and a token cannot be refreshed once expired.
    const now = Math.floor(Date.now() / 1000);
    const expired = await craft({ sub: 'dan', user: 'dan', conv: dan.conversationId }, now - 10);
    const late = await http('GET', `${domain}/conversations/${dan.conversationId}/activities`, {
      headers: bearer(expired),
    });
    expect(late).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('has expired') },
    });
    expect(
      await http('POST', `${domain}/tokens/refresh`, { headers: bearer(expired) }),
    ).toMatchObject({
      status: 403,
    });
    // A token signed right but naming Dan's conversation for Cat does not open it either.
    const mixed = await craft({ sub: 'cat', user: 'cat', conv: dan.conversationId }, now + 600);
    expect(
      await http('GET', `${domain}/conversations/${dan.conversationId}/activities`, {
        headers: bearer(mixed),
      }),
    ).toMatchObject({ status: 404, body: { code: 'INTERACTION_NOT_FOUND' } });
    const none = await http('POST', `${domain}/conversations`);
    expect(none).toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    // The stream refuses the wrong token too.
    const ws = new WebSocket(
      `${app.url.replace('http', 'ws')}/v3/directline/conversations/${dan.conversationId}/stream?t=${ann.token}`,
    );
    const refused = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
    );
    expect(refused).toBe(403);
    // Nothing reached Dan's conversation.
    const transcript = await http('GET', `${app.url}/interactions/${dan.conversationId}/messages`, {
      uid: 'dan',
    });
    expect(transcript.body).toHaveLength(1);
  });

  it('answers what it does not implement, and bad activities, with clear errors', async () => {
    const { body: issued } = await generate({ user: { id: 'eve' } });
    const activities = `${domain}/conversations/${issued.conversationId}/activities`;
    const send = (body: unknown) =>
      http('POST', activities, { headers: bearer(issued.token), body });
    expect(await send({ type: 'event', name: 'webchat/join' })).toMatchObject({
      status: 400,
      body: {
        code: 'BAD_MESSAGE',
        message: expect.stringContaining('"event" are not implemented'),
      },
    });
    expect(
      await send({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'x' }] }),
    ).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('attachments are not implemented') },
    });
    expect(await send({ type: 'message', value: 'yes' })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('"value" must be a JSON object') },
    });
    expect(await send({ type: 'message' })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('needs "text"') },
    });
    expect(await send({ type: 'message', text: 'x'.repeat(3000) })).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await send({ type: 'typing' })).toMatchObject({ status: 200 });
    const upload = await http(
      'POST',
      `${domain}/conversations/${issued.conversationId}/upload?userId=eve`,
      {
        headers: bearer(issued.token),
      },
    );
    expect(upload).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('uploading attachments') },
    });
    expect(
      await http('GET', `${activities}?watermark=soon`, { headers: bearer(issued.token) }),
    ).toMatchObject({ status: 400, body: { message: expect.stringContaining('"watermark"') } });
    expect(await http('GET', `${domain}/session/getsessionid`)).toMatchObject({
      status: 404,
      body: {
        code: 'NOT_FOUND',
        message: expect.stringContaining('is not part of the Direct Line 3.0'),
      },
    });
    expect(await generate('alice')).toMatchObject({ status: 400, body: { code: 'BAD_MESSAGE' } });
    // None of it changed the conversation.
    const transcript = await http(
      'GET',
      `${app.url}/interactions/${issued.conversationId}/messages`,
      { uid: 'eve' },
    );
    expect(transcript.body).toHaveLength(1);
  });
});

const until = (client: { until: (n: number) => Promise<unknown> }, count: number) =>
  client.until(count);
