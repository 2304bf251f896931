import { SignJWT } from 'jose';
import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';

const EVIL = 'https://evil.example';
const APP = 'https://app.example';

const raw = (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(url, init);

describe('CORS without CORS_ORIGINS: any page may call, never with the user’s cookies', () => {
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart' });

  it('answers a preflight and a request from any origin with *, and no Allow-Credentials', async () => {
    const preflight = await raw(`${app.url}/interactions`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const request = await raw(`${app.url}/health`, { headers: { origin: EVIL } });
    expect(request.status).toBe(200);
    expect(request.headers.get('access-control-allow-origin')).toBe('*');
    expect(request.headers.get('access-control-allow-credentials')).toBeNull();
    // socket.io's long-polling handshake: the same answer.
    const polling = await raw(`${app.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: EVIL },
    });
    expect(polling.status).toBe(200);
    expect(polling.headers.get('access-control-allow-credentials')).toBeNull();
    expect(polling.headers.get('access-control-allow-origin')).not.toBe(EVIL);
  });

  it('still serves non-browser clients (no Origin) and same-origin pages', async () => {
    expect((await http('POST', `${app.url}/interactions`, { uid: 'ann', body: {} })).status).toBe(
      201,
    );
    const sameOrigin = await http('POST', `${app.url}/interactions`, {
      uid: 'ann',
      body: {},
      headers: { origin: app.url },
    });
    expect(sameOrigin.status).toBe(201);
  });
});

describe('CORS with CORS_ORIGINS', () => {
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart', CORS_ORIGINS: APP });

  it('allows credentials for the listed origin only, and refuses the others', async () => {
    const listed = await raw(`${app.url}/health`, { headers: { origin: APP } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await raw(`${app.url}/health`, { headers: { origin: EVIL } });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the /init session cookie', () => {
  const direct = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart' });
  const proxied = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart', TRUST_PROXY: 'loopback' });
  const init = (url: string, headers: Record<string, string> = {}) =>
    raw(`${url}/init`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ uid: 'carla' }),
    }).then((r) => r.headers.get('set-cookie') ?? '');

  it('is Secure behind a trusted proxy that says the client used HTTPS, and only then', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    expect(await init(proxied.url, https)).toMatch(/mmcc_session=.*; Secure/i);
    expect(await init(proxied.url)).not.toMatch(/Secure/i);
    // X-Forwarded-Proto from a client that is no trusted proxy is not believed.
    expect(await init(direct.url, https)).not.toMatch(/Secure/i);
    expect(await init(direct.url)).toMatch(/mmcc_session=.*HttpOnly/i);
  });
});

describe('Direct Line tokens in JWT mode', () => {
  const SECRET = 'a-jwt-secret-for-the-direct-line-expiry-tests';
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart', AUTH_JWT_SECRET: SECRET });
  const sign = (sub: string, expiresInSeconds: number) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(new TextEncoder().encode(SECRET));
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('never outlive the user’s JWT: refresh stops at its expiry', async () => {
    const jwt = await sign('dora', 3);
    const generated = await http('POST', `${app.url}/v3/directline/tokens/generate`, {
      body: {},
      headers: bearer(jwt),
    });
    expect(generated.status).toBe(200);
    expect(generated.body.expires_in).toBeLessThanOrEqual(3);
    const refreshed = await http('POST', `${app.url}/v3/directline/tokens/refresh`, {
      headers: bearer(generated.body.token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const late = await http('POST', `${app.url}/v3/directline/tokens/refresh`, {
      headers: bearer(refreshed.body.token),
    });
    // 403, as Direct Line answers a token it refuses (Web Chat then asks its page for a new one).
    expect(late).toMatchObject({ status: 403, body: { code: 'AUTH_INVALID' } });
    // A long-lived JWT still gets the full DIRECTLINE_TOKEN_TTL_SECONDS.
    const long = await http('POST', `${app.url}/v3/directline/tokens/generate`, {
      body: {},
      headers: bearer(await sign('dora', 86_400)),
    });
    expect(long.body.expires_in).toBe(1800);
  });
});
