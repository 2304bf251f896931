import { SignJWT } from 'jose';
import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';

const SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters';
const sign = (sub: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));

describe('the widget protocols in JWT mode: the uid is the verified token subject', () => {
  const app = useTestApp('sqlite', { AUTH_JWT_SECRET: SECRET });
  const clients: RasaClient[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.close()));

  it('Rasa: customData.token names the user, a claimed uid does not, and another token is refused', async () => {
    const [ann, bob] = await Promise.all([sign('ann'), sign('bob')]);
    const client = connectRasa(app.url);
    clients.push(client);
    client.emit('session_request', {});
    const pending = await client.next('session_confirm');
    expect(await client.utter('/get_started', pending, { uid: 'ann' })).toMatchObject({
      code: 'AUTH_REQUIRED',
    });
    await client.utter('/get_started', pending, {
      token: ann,
      uid: 'mallory',
      process: 'quickstart',
    });
    const session = await client.next('session_confirm');
    const interaction = JSON.parse(Buffer.from(session.split('.')[1], 'base64url').toString()).ixn;
    const view = await http('GET', `${app.url}/interactions/${interaction}`, {
      headers: { authorization: `Bearer ${ann}` },
    });
    expect(view.body).toMatchObject({ uid: 'ann', process: 'quickstart' });
    expect(await client.utter('hello', session, { token: bob })).toMatchObject({
      code: 'INTERACTION_NOT_FOUND',
    });
    // Bob, with Ann's session id, is refused; without a token it is not resumed at all.
    const thief = connectRasa(app.url);
    clients.push(thief);
    thief.emit('session_request', { session_id: session, customData: { token: bob } });
    expect(await thief.next('exception')).toMatchObject({ code: 'INTERACTION_NOT_FOUND' });
    const anonymous = connectRasa(app.url);
    clients.push(anonymous);
    anonymous.emit('session_request', { session_id: session });
    expect(await anonymous.next('exception')).toMatchObject({ code: 'AUTH_REQUIRED' });
    // rasa-webchat sends customData only with messages: its socketUrl carries the token (?token=).
    const back = connectRasa(app.url, { query: `?token=${ann}` });
    clients.push(back);
    back.emit('session_request', { session_id: session });
    expect(await back.next('session_confirm')).toBe(session);
    expect((await back.utter('Bob', session))[0].text).toContain('Bob');
    expect(await back.utter('Bob', session, { token: bob })).toMatchObject({
      code: 'INTERACTION_NOT_FOUND',
    });
  });

  it('Direct Line: tokens/generate takes the user from the bearer JWT, never from the body', async () => {
    const refused = await http('POST', `${app.url}/v3/directline/tokens/generate`, {
      body: { user: { id: 'ann' } },
    });
    expect(refused).toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    const ann = await sign('ann');
    const { status, body } = await http('POST', `${app.url}/v3/directline/tokens/generate`, {
      body: { user: { id: 'mallory' } },
      headers: { authorization: `Bearer ${ann}` },
    });
    expect(status).toBe(200);
    const view = await http('GET', `${app.url}/interactions/${body.conversationId}`, {
      headers: { authorization: `Bearer ${ann}` },
    });
    expect(view.body.uid).toBe('ann');
    // Our JWT is not a Direct Line token.
    const list = await http(
      'GET',
      `${app.url}/v3/directline/conversations/${body.conversationId}/activities`,
      {
        headers: { authorization: `Bearer ${ann}` },
      },
    );
    expect(list).toMatchObject({ status: 403, body: { code: 'AUTH_INVALID' } });
  });
});
