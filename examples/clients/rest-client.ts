import { PROCESS, run, SERVER, show } from './common.js';

const call = async (method: string, path: string, uid: string | undefined, body?: unknown) => {
  const response = await fetch(`${SERVER}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(uid ? { 'x-user-id': uid } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

// A client of the Interactions REST API: start, send a message (with an id, so a retry is safe), read the transcript.
run(async () => {
  const started = await call('POST', '/interactions', undefined, {
    uid: 'example-rest-user',
    process: PROCESS,
  });
  show('<', started);
  const message = { type: 'data', payload: { echo: 'Bob' }, id: 'example-1' };
  show('>', message);
  show(
    '<',
    await call('POST', `/interactions/${started.interaction}/messages`, started.uid, message),
  );
  const transcript = await call(
    'GET',
    `/interactions/${started.interaction}/messages`,
    started.uid,
  );
  show('<', `transcript: ${transcript.length} turns`);
});
