import type { ErrorObject } from 'ajv';
import { describe } from '../engine/index.js';
import { KEYS_OF } from './story-schema.js';

/** A problem of a story file, before the file and line are added. */
export interface StoryProblem {
  readonly path: readonly (string | number)[];
  /** The key the problem is about, when it is a key of the object at `path` (for its line). */
  readonly key?: string;
  readonly problem: string;
  readonly fix: string;
}

type Kind = keyof typeof KEYS_OF;

/** What kind of object of a story file a path names: a test, a step, a mock... */
function kindOf(path: readonly (string | number)[]): Kind {
  const last = path.findLast((p) => typeof p === 'string');
  if (last === 'result' || last === 'mock' || last === 'start' || last === 'welcome') return last;
  return path.includes('steps') ? 'step' : 'test';
}

const list = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');

/** Says an ajv error of the story schema the way an author fixes it. */
export function schemaProblem(error: ErrorObject, value: unknown): StoryProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replaceAll('~1', '/').replaceAll('~0', '~')));
  const field = path.at(-1);
  const name = typeof field === 'string' ? `"${field}"` : 'the value';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const kind = kindOf(path);
      return {
        path,
        key,
        problem: `unknown key "${key}" in a ${kind === 'result' ? 'mock result' : kind}`,
        fix: `the keys of a ${kind === 'result' ? 'mock result' : kind} are ${list(KEYS_OF[kind])}`,
      };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const kind = kindOf(path);
      const example: Record<string, string> = {
        test: 'test: what the story shows',
        steps: 'steps: with a list of "- user: <text>" or "- data: {...}"',
        activity: 'activity: <an activity id>',
        result: 'result: { complete: true }',
        complete: 'complete: true',
      };
      return {
        path,
        problem: `the ${kind === 'result' ? 'mock result' : kind} has no "${key}"`,
        fix: `add ${example[key] ?? `"${key}"`}`,
      };
    }
    case 'type': {
      if (path.length === 0) {
        return {
          path,
          problem: `the file holds ${describe(value)}, not a list of tests`,
          fix: 'write a list: "- test: <name>" then "steps:" (see docs/stories.md)',
        };
      }
      const wanted = String(params.type).replace('array', 'a list').replace('object', 'a mapping');
      return {
        path,
        problem: `${name} is ${describe(valueAt(value, path))}, not ${wanted.startsWith('a ') ? wanted : `a ${wanted}`}`,
        fix:
          params.type === 'object'
            ? `write ${name} as a mapping, e.g. ${String(field)}: { key: value }`
            : `give ${name} as ${wanted}`,
      };
    }
    case 'enum':
      return {
        path,
        problem: `${name} is ${JSON.stringify(valueAt(value, path))}, which is not one of its values`,
        fix: `use one of ${list((params.allowedValues as string[]) ?? [])}`,
      };
    case 'minItems':
      return path.length === 0
        ? { path, problem: 'the file has no test', fix: 'add "- test: <name>" with its steps' }
        : { path, problem: `${name} is an empty list`, fix: 'add at least one step' };
    case 'minLength':
      return { path, problem: `${name} is empty`, fix: `give ${name} a value` };
    default:
      return {
        path,
        problem: `${name} ${error.message ?? 'is not valid'}`,
        fix: 'see docs/stories.md',
      };
  }
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const p of path) at = (at as Record<string | number, unknown> | undefined)?.[p];
  return at;
}
