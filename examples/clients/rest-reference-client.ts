import { run, SERVER, show } from './common.js';

// A client of the reference's REST endpoints: /get_uid, /init (a form field, as the reference's client sends it),
// then /event with the session cookie that /init set.
run(async () => {
  const uid = (await (await fetch(`${SERVER}/get_uid`)).json()) as string;
  show('<', `uid: ${uid}`);
  const init = await fetch(`${SERVER}/init`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ uid }),
  });
  const cookie = (init.headers.get('set-cookie') ?? '').split(';')[0];
  show('<', await init.json());
  const message = { type: 'data', payload: { echo: 'Bob' } };
  show('>', message);
  const event = await fetch(`${SERVER}/event`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(message),
  });
  show('<', await event.json());
});
