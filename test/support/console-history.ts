import { http } from './test-app.js';
import { tempConfig } from './temp-config.js';

/** The admin token of the console's tests. */
export const ADMIN_TOKEN = 'console-admin-token-0123456789';

/**
 * The `shop` process of the console's tests: start → name → age → end. `name` completes with a name and
 * refuses anything else; `age` completes with a number, fails its step on "boom" (it throws), and asks for a
 * person on "human" (`handoff: true`). The builtin NLU knows two intents, so gibberish is "no intent".
 * `more`: other files of the config folder (another process).
 */
export function shopConfig(more: Record<string, unknown> = {}) {
  return tempConfig({
    ...more,
    'shop/process.json': {
      activities: [
        { my_id: 'start', next_id: 'name', my_type: 'START' },
        { my_id: 'name', next_id: 'age', my_type: 'TASK' },
        { my_id: 'age', next_id: 'end', my_type: 'TASK' },
        { my_id: 'end', next_id: null, my_type: 'END' },
      ],
      first_activity_id: 'start',
    },
    'shop/kb.json': { name: 'Your name?', age: 'Your age?', end: 'Thanks, bye' },
    'shop/nlu.json': { adapter: 'builtin', data: 'nlu.yml', threshold: 0.5 },
    'shop/nlu.yml': `version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi
    - hey there
    - good morning
    - hello there
- intent: tell_age
  examples: |
    - I am 30 years old
    - my age is 41
    - I'm 25
    - I am twenty years old
    - age 33
`,
    'shop/callbacks.ts': `import type { Callbacks } from 'mmcc-backend';
const callbacks: Callbacks = {
  start: () => ({ complete: true, utterance: 'Welcome' }),
  name: (data, kb, context) => {
    if (typeof data.name !== 'string') return { complete: false, utterance: 'I need a name' };
    context.name = data.name;
    kb.known_name = data.name;
    return { complete: true, utterance: 'Hello ' + data.name };
  },
  age: (data) => {
    if (data.age === 'boom') throw new Error('the age service is down');
    if (data.human === true) return { complete: false, handoff: true, utterance: 'A person will answer' };
    if (typeof data.age !== 'number') return { complete: false, utterance: 'A number, please' };
    return { complete: true, utterance: 'Noted' };
  },
};
export default callbacks;
`,
  });
}

export interface Conversation {
  readonly id: string;
  readonly uid: string;
}

/** A client of the REST transport, for building histories. */
export const restClient = (url: string) => ({
  async start(uid: string): Promise<Conversation> {
    const response = await http('POST', `${url}/interactions`, { body: { uid, process: 'shop' } });
    if (response.status !== 201) throw new Error(`start: ${JSON.stringify(response.body)}`);
    return { id: response.body.interaction, uid };
  },
  send(conversation: Conversation, body: unknown) {
    return http('POST', `${url}/interactions/${conversation.id}/messages`, {
      uid: conversation.uid,
      body,
    });
  },
});

export const data = (payload: Record<string, unknown>) => ({ type: 'data', payload });
export const text = (utterance: string) => ({ type: 'utterance', utterance });

/** When the old interactions of the known history started. */
export const T0 = Date.parse('2026-11-01T10:00:00.000Z');

/** Sets a turn's time (and, for the welcome, the interaction's start) `seconds` after T0. */
export type Clock = (conversation: Conversation, seq: number, seconds: number) => Promise<void>;

/**
 * The known history of the console's tests, through the real server; `clock` then gives each old turn its
 * time. A and B complete (in 90 s and 50 s), C gives up at `name` after a text with no intent, D fails a
 * step at `age` and gives up there, E has just started (waiting at `name`). See analytics.e2e-spec.ts for
 * the figures this makes.
 */
export async function knownHistory(url: string, clock: Clock, completed: Clock) {
  const rest = restClient(url);
  const a = await rest.start('ann');
  await rest.send(a, text('hello')); // greet, no name: refused at name
  await rest.send(a, data({ name: 'Ann' }));
  await rest.send(a, data({ age: 30 }));
  const b = await rest.start('bob');
  await rest.send(b, data({ name: 'Bob' }));
  await rest.send(b, data({ age: 41 }));
  const c = await rest.start('cid');
  await rest.send(c, text('xq zvw plok')); // no intent: refused at name
  const d = await rest.start('dan');
  await rest.send(d, data({ name: 'Dan' }));
  const failed = await rest.send(d, data({ age: 'boom' }));
  if (failed.body?.code !== 'STEP_FAILED') throw new Error(`boom: ${JSON.stringify(failed.body)}`);
  const e = await rest.start('eve');
  const times: [Conversation, number[]][] = [
    [a, [0, 10, 30, 90]],
    [b, [0, 20, 50]],
    [c, [0, 5]],
    [d, [0, 40]],
  ];
  for (const [conversation, seconds] of times)
    for (const [n, s] of seconds.entries()) await clock(conversation, n + 1, s);
  await completed(a, 0, 90);
  await completed(b, 0, 50);
  return { a, b, c, d, e };
}

/** The clocks of a database: plain SQL on its tables (the timestamps are ISO-8601 text on both). */
export function sqlClocks(
  query: (sql: string, values: unknown[]) => Promise<unknown>,
  postgres: boolean,
) {
  const slot = (n: number) => (postgres ? `$${n}` : '?');
  const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
  const clock: Clock = async ({ id }, seq, seconds) => {
    await query(
      `UPDATE turns SET created_at = ${slot(1)} WHERE interaction_id = ${slot(2)} AND seq = ${slot(3)}`,
      [at(seconds), id, seq],
    );
    if (seq === 1)
      await query(
        `UPDATE interactions SET created_at = ${slot(1)}, updated_at = ${slot(2)} WHERE id = ${slot(3)}`,
        [at(seconds), at(seconds), id],
      );
  };
  const completed: Clock = async ({ id }, _seq, seconds) => {
    await query(`UPDATE interactions SET updated_at = ${slot(1)} WHERE id = ${slot(2)}`, [
      at(seconds),
      id,
    ]);
  };
  return { clock, completed };
}
