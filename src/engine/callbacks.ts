import { type ConfigProblem, ProcessConfigError } from './errors.js';
import { describe } from './json.js';
import { didYouMean, nearestName } from './nearest-name.js';
import type { Callbacks, ProcessDefinition } from './types.js';

export interface CheckedCallbacks {
  readonly callbacks: Callbacks;
  readonly warnings: readonly string[];
}

/**
 * Checks that every activity that is not an END has a callback (what `callbacks.ts` exports).
 * Callbacks for unknown activities are warnings: most likely a typo in an id.
 */
export function checkCallbacks(
  definition: ProcessDefinition,
  exported: unknown,
  file: string,
): CheckedCallbacks {
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw new ProcessConfigError([
      {
        file,
        problem: `the default export is ${describe(exported)}, not an object of callbacks`,
        fix: 'export default an object from activity id to callback: export default { start: (data, kb, context) => ({ complete: true }) }',
      },
    ]);
  }
  const table = exported as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  for (const activity of definition.activities.values()) {
    const callback = Object.hasOwn(table, activity.id) ? table[activity.id] : undefined;
    if (activity.type === 'END') {
      if (callback !== undefined) {
        warnings.push(
          `${file}, activity "${activity.id}": END activities have no callback, so this one is never called`,
        );
      }
    } else if (callback === undefined) {
      const unused = Object.keys(table).filter((k) => !definition.activities.has(k));
      const near = nearestName(activity.id, unused);
      problems.push({
        file,
        activity: activity.id,
        problem: `the ${activity.type} has no callback${near === undefined ? '' : `, but there is one for "${near}" (did you mean "${activity.id}"?)`}`,
        fix:
          near === undefined
            ? `add "${activity.id}: (data, kb, context) => ({ complete: true })" to the exported object`
            : `rename the callback "${near}" to "${activity.id}"`,
      });
    } else if (typeof callback !== 'function') {
      problems.push({
        file,
        activity: activity.id,
        problem: `the callback is ${describe(callback)}, not a function`,
        fix: 'export a function (data, kb, context) => result',
      });
    }
  }
  for (const key of Object.keys(table)) {
    if (!definition.activities.has(key)) {
      warnings.push(
        `${file}: there is a callback for "${key}", but the process has no such activity${didYouMean(key, definition.activities.keys())}`,
      );
    }
  }
  if (problems.length > 0) throw new ProcessConfigError(problems);
  return { callbacks: table as Callbacks, warnings };
}
