import { http } from './test-app.js';

export const ADMIN_TOKEN = 'versions-test-admin-token';

/**
 * Two versions of one process, as an author would edit it. v1: start → ask → confirm → end. v2 renames
 * `ask` to `question`, drops `confirm`, and says everything differently; its callbacks are a .js file under a
 * `"type": "module"` package.json (the layout where Node itself would cache the first module it loaded).
 */
export const V1 = {
  'package.json': { type: 'module' },
  'flow/process.json': {
    activities: [
      { my_id: 'start', next_id: 'ask', my_type: 'START' },
      { my_id: 'ask', next_id: 'confirm', my_type: 'TASK' },
      { my_id: 'confirm', next_id: 'end', my_type: 'TASK' },
      { my_id: 'end', next_id: null, my_type: 'END' },
    ],
    first_activity_id: 'start',
  },
  'flow/kb.json': { end: 'Bye' },
  'flow/texts.js': `export const prefix = 'v1';\n`,
  'flow/callbacks.js': `import { prefix } from './texts.js';
export default {
  start: () => ({ complete: true, utterance: prefix + ' welcome' }),
  ask: (data) => ({ complete: true, utterance: prefix + ' ask got ' + String(data.text) }),
  confirm: (data) => ({ complete: true, utterance: prefix + ' confirm got ' + String(data.text) }),
};
`,
};

export const V2 = {
  'flow/process.json': {
    activities: [
      { my_id: 'start', next_id: 'question', my_type: 'START' },
      { my_id: 'question', next_id: 'end', my_type: 'TASK' },
      { my_id: 'end', next_id: null, my_type: 'END' },
    ],
    first_activity_id: 'start',
  },
  'flow/texts.js': `export const prefix = 'v2';\n`,
  'flow/callbacks.js': `import { prefix } from './texts.js';
export default {
  start: () => ({ complete: true, utterance: prefix + ' welcome' }),
  question: (data) => ({ complete: true, utterance: prefix + ' question got ' + String(data.text) }),
};
`,
};

/** A small client of one server: start an interaction, say something, call the admin routes. */
export function versionClient(url: () => string) {
  const admin = (method: string, path: string, body?: unknown) =>
    http(method, `${url()}/admin${path}`, {
      body,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
  return {
    admin,
    async start(uid: string): Promise<{ id: string; reply: any }> {
      const started = await http('POST', `${url()}/interactions`, {
        body: { uid, process: 'flow' },
      });
      expect(started.status).toBe(201);
      return { id: started.body.interaction, reply: started.body.reply };
    },
    async say(uid: string, id: string, text: string): Promise<any> {
      const reply = await http('POST', `${url()}/interactions/${id}/messages`, {
        uid,
        body: { type: 'utterance', utterance: text },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return reply.body;
    },
  };
}

/** A process to chat with for as long as one likes (its one task never completes); v2 says it differently. */
export const loopProcess = (version: 'v1' | 'v2', settings?: object): Record<string, unknown> => ({
  'loop/process.json': {
    activities: [
      { my_id: 'start', next_id: 'chat', my_type: 'START' },
      { my_id: 'chat', next_id: 'end', my_type: 'TASK' },
      { my_id: 'end', next_id: null, my_type: 'END' },
    ],
    first_activity_id: 'start',
  },
  'loop/callbacks.js': `export default {
  start: () => ({ complete: true, utterance: '${version} hello' }),
  chat: (data) => ({ complete: false, utterance: '${version} heard ' + String(data.text) }),
};
`,
  ...(settings === undefined ? {} : { 'loop/process.settings.json': settings }),
});
