import { KeysNluAdapter } from '../../src/nlu/keys-nlu.adapter.js';
import {
  type Callback,
  type Callbacks,
  parseProcess,
  type RunnableProcess,
} from '../../src/engine/index.js';

/** A process.json activity, written compactly: [id, type, next, choices?]. */
export type ActivitySpec = [string, string, string | null, string[]?];

export const processDocument = (first: string, specs: ActivitySpec[]) => ({
  activities: specs.map(([my_id, my_type, next_id, choices]) =>
    choices === undefined ? { my_id, next_id, my_type } : { my_id, next_id, my_type, choices },
  ),
  first_activity_id: first,
});

/**
 * A callback driven by the test's data: it completes unless `complete: false` is sent, passes on
 * `choice` as it is, and says "<activity> ok" so that tests can see which callback ran.
 */
export const scripted: (id: string) => Callback = (id) => (data) => ({
  complete: data.complete !== false,
  ...(Object.hasOwn(data, 'choice') ? { choice: data.choice as string | null } : {}),
  utterance: `${id} ok`,
});

/** A runnable process whose every activity but the ENDs gets the scripted callback (or an override). */
export function runnable(
  first: string,
  specs: ActivitySpec[],
  overrides: Callbacks = {},
): RunnableProcess {
  const definition = parseProcess(processDocument(first, specs), 'test/process.json');
  const callbacks: Callbacks = {};
  for (const [id, type] of specs) if (type.toUpperCase() !== 'END') callbacks[id] = scripted(id);
  return { definition, callbacks: { ...callbacks, ...overrides }, nlu: new KeysNluAdapter() };
}
