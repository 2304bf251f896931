import { SignJWT } from 'jose';
import { connectWs, wsUrl } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';

const JWT_SECRET = 'a-long-enough-secret-for-the-bounds-tests!';
const ADMIN_TOKEN = 'the-admin-token-of-the-bounds-tests';
const sign = (sub: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));

const TOO_BIG = '2147483648'; // 2^31: one over the largest seq a 32-bit column holds
const badMessage = { status: 400, body: { code: 'BAD_MESSAGE', retryable: false } };

// Postgres refuses an integer over 2^31-1 and a NUL in text: each of these was a 500 INTERNAL there.
describe.each(testDatabases())('ids, seqs and subs out of bounds on %s', (kind) => {
  const app = useTestApp(kind, {
    DEFAULT_PROCESS: 'quickstart',
    ADMIN_TOKEN,
  });
  const jwtApp = useTestApp(kind, { DEFAULT_PROCESS: 'quickstart', AUTH_JWT_SECRET: JWT_SECRET });

  const start = async (uid: string) =>
    (await http('POST', `${app.url}/interactions`, { uid, body: {} })).body.interaction as string;

  it('answers 400 BAD_MESSAGE to a seq, after or watermark over 2^31-1, and changes nothing', async () => {
    const id = await start('ann');
    const transcript = `${app.url}/interactions/${id}/messages`;
    for (const after of [TOO_BIG, '1e300', '99999999999999999999'])
      expect(await http('GET', `${transcript}?after=${after}`, { uid: 'ann' })).toMatchObject(
        badMessage,
      );
    const socket = app.connect({ uid: 'ann', interaction: id, lastSeq: TOO_BIG });
    expect(await socket.next('exception')).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('lastSeq'),
    });
    const ws = connectWs(wsUrl(app.url, `/ws?uid=ann&interaction=${id}&lastSeq=${TOO_BIG}`));
    expect(await ws.nextJson()).toMatchObject({ code: 'BAD_MESSAGE' });

    const domain = `${app.url}/v3/directline`;
    const issued = (await http('POST', `${domain}/tokens/generate`, { body: {} })).body;
    const activities = `${domain}/conversations/${issued.conversationId}/activities`;
    expect(
      await http('GET', `${activities}?watermark=${TOO_BIG}`, {
        headers: { authorization: `Bearer ${issued.token}` },
      }),
    ).toMatchObject({ ...badMessage, body: { message: expect.stringContaining('watermark') } });
    expect(
      await http('GET', `${domain}/conversations/${issued.conversationId}?watermark=${TOO_BIG}`, {
        headers: { authorization: `Bearer ${issued.token}` },
      }),
    ).toMatchObject(badMessage);
    expect((await http('GET', transcript, { uid: 'ann' })).body).toHaveLength(1);
  });

  it('answers 400 BAD_MESSAGE to an id with a NUL or a control character, on every route that takes one', async () => {
    const id = await start('bea');
    const admin = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
    for (const bad of ['ab%00c', `${id}%00`, 'a%0Ab', 'x'.repeat(101)]) {
      const routes = [
        http('GET', `${app.url}/interactions/${bad}`, { uid: 'bea' }),
        http('GET', `${app.url}/interactions/${bad}/messages`, { uid: 'bea' }),
        http('POST', `${app.url}/interactions/${bad}/messages`, {
          uid: 'bea',
          body: { type: 'utterance', utterance: 'hi' },
        }),
        http('GET', `${app.url}/admin/interactions/${bad}`, admin),
        http('DELETE', `${app.url}/admin/interactions/${bad}`, admin),
      ];
      for (const response of await Promise.all(routes)) {
        expect(response).toMatchObject(badMessage);
        expect(response.body.message).toMatch(/interaction id/);
      }
    }
    for (const query of ['uid=a%00b', 'process=a%00b'])
      expect(await http('GET', `${app.url}/admin/interactions?${query}`, admin)).toMatchObject(
        badMessage,
      );
    const cursor = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    expect(
      await http('GET', `${app.url}/admin/interactions?cursor=${cursor}`, admin),
    ).toMatchObject(badMessage);
    expect(await http('GET', `${app.url}/admin/users/a%00b/knowledge`, admin)).toMatchObject(
      badMessage,
    );
    const socket = app.connect({ uid: 'bea', interaction: 'ab\u0000c' });
    expect(await socket.next('exception')).toMatchObject({ code: 'BAD_MESSAGE' });
    expect(
      (await http('GET', `${app.url}/interactions/${id}/messages`, { uid: 'bea' })).body,
    ).toHaveLength(1);
  });

  it('answers 400 BAD_MESSAGE to a JWT whose sub is over 200 characters or has a NUL', async () => {
    for (const sub of ['u'.repeat(201), 'a\u0000b']) {
      const token = await sign(sub);
      const started = await http('POST', `${jwtApp.url}/interactions`, {
        body: {},
        headers: { authorization: `Bearer ${token}` },
      });
      expect(started).toMatchObject({
        ...badMessage,
        body: { message: expect.stringContaining('"sub"') },
      });
    }
    const fine = await http('POST', `${jwtApp.url}/interactions`, {
      body: {},
      headers: { authorization: `Bearer ${await sign('u'.repeat(200))}` },
    });
    expect(fine.status).toBe(201);
  });
});
