import { useTestApp } from '../support/fixtures.js';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { closeAllWs, connectIo, connectWs, type IoClient, wsUrl } from '../support/clients.js';
import { http } from '../support/test-app.js';

describe('rate limits', () => {
  const app = useTestApp('sqlite', {
    DEFAULT_PROCESS: 'quickstart',
    RATE_LIMIT_MESSAGES_PER_UID: '5',
    RATE_LIMIT_CONNECTIONS_PER_UID: '3',
    RATE_LIMIT_MESSAGES_PER_IP: '1000',
    RATE_LIMIT_CONNECTIONS_PER_IP: '1000',
  });
  const ios: IoClient[] = [];
  afterAll(async () => {
    ios.forEach((c) => c.close());
    closeAllWs();
  });

  it('throttles a flood of messages from one uid on every transport, while another uid is served', async () => {
    const flood = await http('POST', `${app.url}/interactions`, { body: { uid: 'flooder' } });
    const calm = await http('POST', `${app.url}/interactions`, { body: { uid: 'calm' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await http('POST', `${app.url}/interactions/${flood.body.interaction}/messages`, {
        uid: 'flooder',
        body: { type: 'utterance', utterance: `${i}` },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await fetch(`${app.url}/interactions/${flood.body.interaction}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'flooder' },
      body: JSON.stringify({ type: 'utterance', utterance: 'more' }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      message: expect.stringContaining('too many messages from this user'),
    });

    // the same uid is limited on socket.io and on the plain WebSocket too
    const socket = connectIo(app.url, { uid: 'flooder', interaction: flood.body.interaction });
    ios.push(socket);
    await socket.next('session');
    expect(await socket.send({ type: 'utterance', utterance: 'x' })).toMatchObject({
      code: 'RATE_LIMITED',
    });
    const ws = connectWs(wsUrl(app.url, `/ws?uid=flooder&interaction=${flood.body.interaction}`));
    ws.send({ type: 'utterance', utterance: 'x' });
    expect(await ws.nextJson()).toMatchObject({ code: 'RATE_LIMITED' });

    const served = await http('POST', `${app.url}/interactions/${calm.body.interaction}/messages`, {
      uid: 'calm',
      body: { type: 'utterance', utterance: 'hi' },
    });
    expect(served.status).toBe(200);
  });

  it('throttles new interactions and connections of one uid', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push(
        (await http('POST', `${app.url}/interactions`, { body: { uid: 'opener' } })).status,
      );
    expect(statuses).toEqual([201, 201, 201]);
    expect(
      (await http('POST', `${app.url}/interactions`, { body: { uid: 'opener' } })).status,
    ).toBe(429);
    const socket = connectIo(app.url, { uid: 'opener' });
    ios.push(socket);
    expect(await socket.next('exception')).toMatchObject({ code: 'RATE_LIMITED' });
    expect(
      (await http('POST', `${app.url}/interactions`, { body: { uid: 'someone-else' } })).status,
    ).toBe(201);
  });
});

describe('allowed origins (CORS_ORIGINS)', () => {
  const app = useTestApp('sqlite', { CORS_ORIGINS: 'https://shop.example, https://admin.example' });

  it('answers an allowed origin with CORS headers, and a client without an Origin as usual', async () => {
    const allowed = await fetch(`${app.url}/health`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('refuses a disallowed origin on HTTP, socket.io and the plain WebSocket', async () => {
    const evil = 'https://evil.example';
    const refused = await fetch(`${app.url}/interactions`, {
      method: 'POST',
      headers: { origin: evil },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('not allowed'),
    });

    const socket = io(app.url, {
      transports: ['websocket'],
      extraHeaders: { origin: evil },
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/websocket error|origin not allowed/);
    socket.close();
    const polling = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: evil },
    });
    expect(polling.status).toBe(403);

    const ws = new WebSocket(wsUrl(app.url, '/ws?uid=u&interaction=None'), { origin: evil });
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_, response) => resolve(response.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    const good = new WebSocket(wsUrl(app.url, '/ws?uid=u&interaction=None'), {
      origin: 'https://admin.example',
    });
    const first = await new Promise<string>((resolve) =>
      good.once('message', (data) => resolve(data.toString())),
    );
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    good.close();
  });
});
