import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { closeAllWs, connectIo, connectWs, type IoClient, wsUrl } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'a-long-enough-secret-for-hs256-tokens!!';
const sign = (sub: string, { secret = SECRET, expiresIn = '5m' } = {}) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

describe('JWT mode (AUTH_JWT_SECRET)', () => {
  let db: TestDatabase;
  let app: TestApp;
  let tokens: Record<'alice' | 'bob' | 'forged' | 'expired', string>;
  const ios: IoClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startTestApp({ ...db.env, AUTH_JWT_SECRET: SECRET, DEFAULT_PROCESS: 'quickstart' });
    tokens = {
      alice: await sign('alice'),
      bob: await sign('bob'),
      forged: await sign('alice', { secret: 'another-secret-that-is-long-enough-too' }),
      expired: await sign('alice', { expiresIn: '-1m' }),
    };
  });
  afterEach(() => {
    ios.splice(0).forEach((c) => c.close());
    closeAllWs();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const bearer = (token?: string): Record<string, string> =>
    token === undefined ? {} : { authorization: `Bearer ${token}` };

  it('REST: the uid is the token subject (a claimed uid is ignored); bad, expired and missing tokens get 401', async () => {
    const started = await http('POST', `${app.url}/interactions`, {
      body: { uid: 'mallory' },
      headers: { ...bearer(tokens.alice), 'x-user-id': 'mallory' },
    });
    expect(started.status).toBe(201);
    expect(started.body.uid).toBe('alice');
    const id = started.body.interaction;
    const send = (token?: string) =>
      http('POST', `${app.url}/interactions/${id}/messages`, {
        headers: bearer(token),
        body: { type: 'utterance', utterance: 'hi' },
      });

    const forged = await send(tokens.forged);
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({
      code: 'AUTH_INVALID',
      message: 'the token was refused: its signature is not valid',
    });
    expect((await send(tokens.expired)).body).toMatchObject({
      code: 'AUTH_INVALID',
      message: 'the token was refused: it has expired',
    });
    const missing = await http('POST', `${app.url}/interactions/${id}/messages`, {
      uid: 'alice',
      body: { type: 'utterance', utterance: 'hi' },
    });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect((await send(tokens.bob)).status).toBe(404);
    expect(
      (await http('GET', `${app.url}/interactions/${id}`, { headers: bearer(tokens.bob) })).status,
    ).toBe(404);
    const ok = await send(tokens.alice);
    expect(ok.body).toMatchObject({ utterance: 'Framework says: hi\nProcess completed!', seq: 2 });
  });

  it("REST (the reference's endpoints): /init and /event need the token, and only its subject's session works", async () => {
    const noToken = await http('POST', `${app.url}/init`, { body: { uid: 'alice' } });
    expect(noToken.body).toMatchObject({ code: 'AUTH_REQUIRED' });
    const init = await fetch(`${app.url}/init`, {
      method: 'POST',
      headers: { ...bearer(tokens.alice), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(init.status).toBe(200);
    const cookie = init.headers.get('set-cookie')!.split(';')[0];
    const event = (token?: string) =>
      http('POST', `${app.url}/event`, {
        headers: { cookie, ...bearer(token) },
        body: { type: 'utterance', utterance: 'yo' },
      });
    expect((await event(tokens.expired)).body).toMatchObject({ code: 'AUTH_INVALID' });
    expect((await event(tokens.bob)).status).toBe(404);
    expect((await event(tokens.alice)).body.utterance).toBe(
      'Framework says: yo\nProcess completed!',
    );
  });

  it('socket.io: auth.token decides the uid; bad, expired and missing tokens get an exception and a disconnect', async () => {
    const connect = (auth: Record<string, unknown>) => {
      const client = connectIo(app.url, auth);
      ios.push(client);
      return client;
    };
    const good = connect({ token: tokens.alice, uid: 'mallory' });
    const session = await good.next('session');
    expect(session.uid).toBe('alice');
    for (const [auth, code] of [
      [{ token: tokens.forged }, 'AUTH_INVALID'],
      [{ token: tokens.expired }, 'AUTH_INVALID'],
      [{ uid: 'alice' }, 'AUTH_REQUIRED'],
      [{ token: tokens.bob, interaction: session.interaction }, 'INTERACTION_NOT_FOUND'],
    ] as const) {
      const refused = connect(auth);
      expect(await refused.next('exception')).toMatchObject({ code });
      expect(await refused.next('disconnect')).toBe('io server disconnect');
    }
    const resumed = connect({ token: tokens.alice, interaction: session.interaction });
    expect(await resumed.next('session')).toMatchObject({ resumed: true, uid: 'alice' });
  });

  it('plain WebSocket: ?token= or an Authorization header decides the uid; bad tokens get an error and close 1008', async () => {
    const byQuery = connectWs(
      wsUrl(app.url, `/ws?token=${tokens.alice}&uid=mallory&interaction=None`),
    );
    const interaction = await byQuery.next();
    expect((await byQuery.nextJson()).utterance).toBe('Ready');
    const view = await http('GET', `${app.url}/interactions/${interaction}`, {
      headers: bearer(tokens.alice),
    });
    expect(view.body.uid).toBe('alice');

    for (const [path, pattern] of [
      [`/ws?token=${tokens.forged}&interaction=None`, /signature is not valid/],
      [`/ws?token=${tokens.expired}`, /expired/],
      ['/ws?uid=alice&interaction=None', /needs a token/],
      [`/ws?token=${tokens.bob}&interaction=${interaction}`, /no interaction/],
    ] as const) {
      const refused = connectWs(wsUrl(app.url, path));
      expect((await refused.nextJson()).error).toMatch(pattern);
      expect(await refused.closed).toBe(1008);
    }
    const { default: WebSocket } = await import('ws');
    const byHeader = new WebSocket(wsUrl(app.url, `/ws?interaction=${interaction}`), {
      headers: bearer(tokens.alice),
    });
    await new Promise((resolve) => byHeader.once('open', resolve));
    byHeader.send(JSON.stringify({ type: 'utterance', utterance: 'via header' }));
    const reply = JSON.parse(
      (await new Promise<Buffer>((resolve) => byHeader.once('message', resolve))).toString(),
    );
    expect(reply).toMatchObject({ utterance: 'Framework says: via header\nProcess completed!' });
    byHeader.close();
  });
});

describe('JWT mode with a JSON Web Key Set (AUTH_JWKS_URL)', () => {
  it('accepts a token signed by a key of the set, and refuses one signed by another key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks: Server = createServer((_, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const address = jwks.address() as { port: number };
    const db = await createTestDatabase('sqlite');
    const app = await startTestApp({
      ...db.env,
      AUTH_JWKS_URL: `http://127.0.0.1:${address.port}/jwks.json`,
    });
    try {
      const signWith = (key: CryptoKey) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('carol')
          .setExpirationTime('5m')
          .sign(key);
      const ok = await http('POST', `${app.url}/interactions`, {
        headers: { authorization: `Bearer ${await signWith(privateKey)}` },
        body: {},
      });
      expect(ok.status).toBe(201);
      expect(ok.body.uid).toBe('carol');
      const bad = await http('POST', `${app.url}/interactions`, {
        headers: { authorization: `Bearer ${await signWith(other.privateKey)}` },
        body: {},
      });
      expect(bad.body).toMatchObject({ code: 'AUTH_INVALID' });
    } finally {
      await app.close();
      await db.drop();
      jwks.close();
    }
  });
});
