import { useTestApp } from '../support/fixtures.js';
import { testDatabases } from '../support/databases.js';
import { http } from '../support/test-app.js';

/** A client that keeps cookies, as the reference's requests.Session does. */
function session(base: string) {
  let cookie = '';
  return async (method: string, path: string, init: { body?: string; type?: string } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(init.type ? { 'content-type': init.type } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: init.body,
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
}

describe.each(testDatabases())("the reference's REST endpoints on %s", (kind) => {
  const app = useTestApp(kind, { DEFAULT_PROCESS: 'quickstart' });

  it('hands out a uid, starts with /init (form field) and answers /event with the session cookie', async () => {
    const client = session(app.url);
    const uid = await client('GET', '/get_uid');
    expect(uid.status).toBe(200);
    expect(uid.headers.get('content-type')).toContain('application/json');
    expect(uid.body).toMatch(/^[0-9a-f-]{36}$/);

    const init = await client('POST', '/init', {
      body: `uid=${uid.body}`,
      type: 'application/x-www-form-urlencoded',
    });
    expect(init.status).toBe(200);
    expect(init.body).toMatchObject({ utterance: 'Ready', payload: {} });
    expect(init.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const event = await client('POST', '/event', {
      body: JSON.stringify({ type: 'data', payload: { echo: 'Bob' } }),
      type: 'application/json',
    });
    expect(event.body).toMatchObject({
      utterance: 'Framework says: Bob\nProcess completed!',
      payload: {},
    });
    const again = await client('POST', '/event', {
      body: JSON.stringify({ type: 'utterance', utterance: 'more' }),
      type: 'application/json',
    });
    expect(again.body.utterance).toBe('Process completed!');
  });

  it('runs name_nickname with a JSON /init, text and data', async () => {
    const client = session(app.url);
    const init = await client('POST', '/init', {
      body: JSON.stringify({ uid: 'rita', process: 'name_nickname' }),
      type: 'application/json',
    });
    expect(init.body.utterance).toBe('Would you like to insert the name or a nickname?');
    const steps: [unknown, string][] = [
      [{ type: 'utterance', utterance: 'name' }, 'Please insert your name'],
      [{ type: 'data', payload: { name: 'Rita' } }, 'Please insert your age'],
      [{ type: 'utterance', utterance: '25' }, 'Name, Rita 25\nProcess completed!'],
    ];
    for (const [message, utterance] of steps) {
      expect(
        (
          await client('POST', '/event', {
            body: JSON.stringify(message),
            type: 'application/json',
          })
        ).body.utterance,
      ).toBe(utterance);
    }
  });

  it('refuses /event without a session (401), /init without a uid (400), and a forged cookie', async () => {
    const noCookie = await http('POST', `${app.url}/event`, {
      body: { type: 'utterance', utterance: 'hi' },
    });
    expect(noCookie.status).toBe(401);
    expect(noCookie.body).toMatchObject({
      code: 'SESSION_REQUIRED',
      message: expect.stringContaining('POST /init'),
    });
    const noUid = await http('POST', `${app.url}/init`, { body: {} });
    expect(noUid.status).toBe(400);
    expect(noUid.body.message).toContain('"uid" is required');
    const forged = await http('POST', `${app.url}/event`, {
      body: { type: 'utterance', utterance: 'hi' },
      headers: {
        cookie: `mmcc_session=${encodeURIComponent(JSON.stringify({ uid: 'a', interaction: 'b' }))}`,
      },
    });
    expect(forged.status).toBe(401);
  });
});
