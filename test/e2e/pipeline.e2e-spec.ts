import { useTestApp } from '../support/fixtures.js';
import { Logger } from '@nestjs/common';
import WebSocket from 'ws';
import { InteractionsService } from '../../src/interactions/interactions.service.js';
import { closeAllWs, connectIo, connectWs, type IoClient, wsUrl } from '../support/clients.js';
import { http } from '../support/test-app.js';

const say = (utterance: string) => ({ type: 'utterance', utterance });

/** One counter of /metrics, summed over the series whose labels include `labels`. */
async function counter(app: { url: string }, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** The HTTP status and JSON body with which an upgrade request was refused. */
function refusedUpgrade(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
      );
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => undefined);
  });
}

describe('the conversation pipeline, the same on every transport', () => {
  const app = useTestApp('sqlite', {
    DEFAULT_PROCESS: 'quickstart',
    CORS_ORIGINS: 'https://shop.example',
    RATE_LIMIT_MESSAGES_PER_UID: '3',
  });
  const ios: IoClient[] = [];
  afterAll(async () => {
    ios.forEach((c) => c.close());
    closeAllWs();
  });
  afterEach(() => vi.restoreAllMocks());

  const start = async (uid: string) =>
    (await http('POST', `${app.url}/interactions`, { body: { uid } })).body.interaction as string;

  it('logs an INTERNAL failure with its stack and counts it on every transport; the client gets no stack', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    vi.spyOn(app.app.get(InteractionsService), 'handle').mockRejectedValue(
      new TypeError('boom in the service'),
    );
    const before = await counter(app, 'mmcc_errors_total', 'code="INTERNAL"');

    const rest = await http('POST', `${app.url}/interactions/${await start('ivy')}/messages`, {
      uid: 'ivy',
      body: say('hi'),
    });
    const io = connectIo(app.url, { uid: 'ivy', interaction: await start('ivy') });
    ios.push(io);
    await io.next('session');
    const ws = connectWs(wsUrl(app.url, `/ws?uid=ivy&interaction=${await start('ivy')}`));
    ws.send(say('hi'));
    const answers = [rest.body, await io.send(say('hi')), await ws.nextJson()];

    for (const answer of answers) {
      expect(answer).toMatchObject({ code: 'INTERNAL', retryable: false });
      expect(answer.message ?? answer.error).toBe('internal error');
      expect(JSON.stringify(answer)).not.toContain('boom');
    }
    const stacks = logged.mock.calls.filter(([line]) => String(line).includes('TypeError: boom'));
    expect(stacks).toHaveLength(3);
    for (const [line] of stacks) expect(String(line)).toMatch(/\n\s+at /);
    expect(await counter(app, 'mmcc_errors_total', 'code="INTERNAL"')).toBe(before + 3);
  });

  it('answers a refused handshake with its code on every transport, and counts it per transport', async () => {
    const origin = { origin: 'https://evil.example' };
    const count = (transport: string) =>
      counter(app, 'mmcc_refused_handshakes_total', `transport="${transport}"`);
    const before = await Promise.all(['rest', 'socket.io', 'ws'].map(count));

    const rest = await http('POST', `${app.url}/interactions`, { headers: origin, body: {} });
    expect(rest).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(rest.body.message).toContain('CORS_ORIGINS');
    // engine.io answers the refused handshake with 403 and our code and fix in its message.
    const io = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: origin });
    expect(io.status).toBe(403);
    expect((await io.json()).message).toMatch(/^FORBIDDEN: .*CORS_ORIGINS/);
    const ws = await refusedUpgrade(wsUrl(app.url, '/ws?uid=olga'), origin);
    expect(ws).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', retryable: false } });

    // A handshake refused after the upgrade (a foreign interaction) is counted too.
    const foreign = connectWs(wsUrl(app.url, `/ws?uid=mallory&interaction=${await start('olga')}`));
    expect(await foreign.nextJson()).toMatchObject({ code: 'INTERACTION_NOT_FOUND' });
    const bad = connectIo(app.url, { uid: 'olga', lastSeq: 'soon' });
    ios.push(bad);
    expect(await bad.next('exception')).toMatchObject({ code: 'BAD_MESSAGE' });

    const after = await Promise.all(['rest', 'socket.io', 'ws'].map(count));
    expect(after).toEqual([before[0] + 1, before[1] + 2, before[2] + 2]);
  });

  it('applies the message limit before parsing, at the same point on every transport, and says when to retry', async () => {
    // Three frames that are not valid messages use up the uid's three messages on each transport alike.
    const junk = [{ type: 'nope' }, 'not even an object', { type: 'utterance' }];
    const rest = async (body: unknown) =>
      fetch(`${app.url}/interactions/${interactionOf.rest}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'rita' },
        body: JSON.stringify(body),
      });
    const interactionOf = { rest: await start('rita') };
    for (const body of junk) expect((await rest(body)).status).toBe(400);
    const limited = await rest(say('hi'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const io = connectIo(app.url, { uid: 'sam', interaction: await start('sam') });
    ios.push(io);
    await io.next('session');
    for (const body of junk) expect(await io.send(body)).toMatchObject({ code: 'BAD_MESSAGE' });
    expect(await io.send(say('hi'))).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfter: expect.any(Number),
    });

    const ws = connectWs(wsUrl(app.url, `/ws?uid=tom&interaction=${await start('tom')}`));
    for (const body of junk) {
      ws.send(body);
      expect(await ws.nextJson()).toMatchObject({ code: 'BAD_MESSAGE' });
    }
    ws.send(say('hi'));
    const frame = await ws.nextJson();
    expect(frame).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(frame.retryAfter).toBeGreaterThan(0);
  });
});
