import { type ConfigProblem, ProcessConfigError } from './errors.js';
import { describe, isPlainObject } from './json.js';
import {
  ACTIVITY_TYPES,
  type Activity,
  type ActivityType,
  isGatewayType,
  type ProcessDefinition,
} from './types.js';

const DOCUMENT_KEYS = ['activities', 'first_activity_id'];
const ACTIVITY_KEYS = ['my_id', 'next_id', 'my_type'];
const TYPE_LIST = ACTIVITY_TYPES.join(', ');

/** Collects the problems of one file, so that an author sees all of them at once. */
class Problems {
  private readonly list: ConfigProblem[] = [];
  constructor(private readonly file: string) {}

  add(activity: string | undefined, problem: string, fix: string): void {
    this.list.push({ file: this.file, activity, problem, fix });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ProcessConfigError(this.list);
  }
}

interface RawActivity {
  label: string;
  id?: string;
  type?: ActivityType;
  next?: string | null;
  choices?: unknown[];
}

/**
 * Parses and validates a process document (the parsed `process.json`).
 * `file` names it in every message. Throws a ProcessConfigError listing every problem.
 */
export function parseProcess(document: unknown, file: string): ProcessDefinition {
  const problems = new Problems(file);
  if (!isPlainObject(document)) {
    problems.add(
      undefined,
      `the document is ${describe(document)}, not a JSON object`,
      'write an object {"activities": [...], "first_activity_id": "..."}',
    );
    problems.throwIfAny();
  }
  const doc = document as Record<string, unknown>;
  checkKeys(doc, DOCUMENT_KEYS, [], undefined, 'the process', problems);

  const first = doc.first_activity_id;
  if ('first_activity_id' in doc && typeof first !== 'string') {
    problems.add(
      undefined,
      `"first_activity_id" is ${describe(first)}, not a string`,
      'set it to the my_id of the first activity (usually the START)',
    );
  }
  const rawList = doc.activities;
  if ('activities' in doc && !Array.isArray(rawList)) {
    problems.add(
      undefined,
      `"activities" is ${describe(rawList)}, not a list`,
      'make it a list of activity objects',
    );
  }
  const raws = Array.isArray(rawList)
    ? rawList.map((raw, i) => parseActivity(raw, i, problems))
    : [];

  const ids = new Map<string, number>();
  for (const raw of raws) if (raw.id !== undefined) ids.set(raw.id, (ids.get(raw.id) ?? 0) + 1);
  for (const [id, count] of ids) {
    if (count > 1) {
      problems.add(
        id,
        `${count} activities have the my_id "${id}"`,
        'give every activity a unique my_id',
      );
    }
  }
  for (const raw of raws) checkReferences(raw, ids, problems);
  if (typeof first === 'string' && !ids.has(first)) {
    problems.add(
      undefined,
      `"first_activity_id" is "${first}", which names no activity`,
      `set it to one of: ${[...ids.keys()].map((id) => `"${id}"`).join(', ') || '(no activities yet)'}`,
    );
  }
  problems.throwIfAny();

  const activities = new Map<string, Activity>();
  for (const raw of raws) {
    activities.set(raw.id!, {
      id: raw.id!,
      type: raw.type!,
      next: raw.next!,
      choices: (raw.choices ?? []) as string[],
    });
  }
  checkMainPath(first as string, activities, problems);
  problems.throwIfAny();
  return {
    first: first as string,
    activities,
    warnings: findUnreachable(first as string, activities, file),
  };
}

function checkKeys(
  object: Record<string, unknown>,
  required: string[],
  optional: string[],
  activity: string | undefined,
  what: string,
  problems: Problems,
): void {
  for (const key of required) {
    if (!Object.hasOwn(object, key)) {
      problems.add(activity, `${what} has no "${key}"`, `add "${key}" to ${what}`);
    }
  }
  const allowed = [...required, ...optional];
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      problems.add(
        activity,
        `${what} has an unknown key "${key}"`,
        `remove it; the keys of ${what} are ${allowed.map((k) => `"${k}"`).join(', ')}`,
      );
    }
  }
}

function parseActivity(raw: unknown, index: number, problems: Problems): RawActivity {
  const position = `#${index + 1} of "activities"`;
  if (!isPlainObject(raw)) {
    problems.add(
      position,
      `the activity is ${describe(raw)}, not an object`,
      'write {"my_id": ..., "next_id": ..., "my_type": ...}',
    );
    return { label: position };
  }
  const result: RawActivity = { label: position };
  if (typeof raw.my_id === 'string' && raw.my_id.length > 0) {
    result.id = raw.my_id;
    result.label = raw.my_id;
  } else if (Object.hasOwn(raw, 'my_id')) {
    problems.add(
      position,
      `"my_id" is ${describe(raw.my_id)}, not a non-empty string`,
      'give the activity a name, e.g. "my_id": "ask_name"',
    );
  }
  const label = result.label;

  if (typeof raw.my_type === 'string') {
    const type = raw.my_type.toUpperCase();
    if ((ACTIVITY_TYPES as readonly string[]).includes(type)) {
      result.type = type as ActivityType;
    } else {
      problems.add(
        label,
        `"my_type" is "${raw.my_type}", which is not an activity type`,
        `use one of ${TYPE_LIST}`,
      );
    }
  } else if (Object.hasOwn(raw, 'my_type')) {
    problems.add(
      label,
      `"my_type" is ${describe(raw.my_type)}, not a string`,
      `use one of ${TYPE_LIST}`,
    );
  }

  if (raw.next_id === null || typeof raw.next_id === 'string') {
    result.next = raw.next_id;
  } else if (Object.hasOwn(raw, 'next_id')) {
    problems.add(
      label,
      `"next_id" is ${describe(raw.next_id)}, not a string or null`,
      'set it to the my_id of the activity that follows, or to null at the end of a branch',
    );
  }

  // "choices" is known to every activity; whether this one may have it depends on its type.
  checkKeys(raw, ACTIVITY_KEYS, ['choices'], label, 'the activity', problems);
  if (result.type === undefined) return result;
  if (isGatewayType(result.type)) {
    if (!Object.hasOwn(raw, 'choices')) {
      problems.add(
        label,
        `a ${result.type} gateway needs "choices"`,
        'add "choices": the my_id of the first activity of each branch',
      );
    } else if (!Array.isArray(raw.choices) || raw.choices.length === 0) {
      problems.add(
        label,
        `"choices" is ${Array.isArray(raw.choices) ? 'an empty list' : describe(raw.choices)}`,
        'list the my_id of the first activity of each branch, at least one',
      );
    } else {
      result.choices = raw.choices;
    }
  } else if (Object.hasOwn(raw, 'choices')) {
    problems.add(
      label,
      `a ${result.type} has "choices", but only XOR, OR and PARALLEL gateways have choices`,
      'remove "choices", or make the activity a gateway',
    );
  }
  return result;
}

function checkReferences(raw: RawActivity, ids: Map<string, number>, problems: Problems): void {
  const label = raw.label;
  if (typeof raw.next === 'string') {
    if (raw.next === raw.id) {
      problems.add(
        label,
        `"next_id" is the activity's own id`,
        'point next_id at the activity that follows, or set it to null',
      );
    } else if (!ids.has(raw.next)) {
      problems.add(
        label,
        `"next_id" is "${raw.next}", which names no activity`,
        'use the my_id of an existing activity, or null',
      );
    }
  }
  const seen = new Set<unknown>();
  for (const choice of raw.choices ?? []) {
    if (choice === null) {
      problems.add(
        label,
        'a choice is null',
        'every choice must be the my_id of the first activity of a branch',
      );
    } else if (typeof choice !== 'string') {
      problems.add(
        label,
        `a choice is ${describe(choice)}, not a string`,
        'every choice must be the my_id of an activity',
      );
    } else if (choice === raw.id) {
      problems.add(
        label,
        `the choice "${choice}" is the gateway itself`,
        'a choice must name the first activity of a branch',
      );
    } else if (seen.has(choice)) {
      problems.add(label, `the choice "${choice}" is listed twice`, 'list each branch once');
    } else if (!ids.has(choice)) {
      problems.add(
        label,
        `the choice "${choice}" names no activity`,
        'use the my_id of an existing activity',
      );
    }
    seen.add(choice);
  }
}

/**
 * The main path is what `next_id` gives from the first activity. When it stops at a null that is not
 * an END, nothing can follow that activity: the reference crashed there at run time.
 */
function checkMainPath(first: string, activities: Map<string, Activity>, problems: Problems): void {
  const visited = new Set<string>();
  for (let id: string | null = first; id !== null && !visited.has(id);) {
    visited.add(id);
    const activity: Activity = activities.get(id)!;
    if (activity.next === null && activity.type !== 'END') {
      problems.add(
        id,
        `the activity is on the main path (following next_id from "${first}") and has next_id null, ` +
          `but it is a ${activity.type}, so nothing could follow it`,
        'set next_id to the activity that comes next, or end the main path with an END activity',
      );
    }
    id = activity.next;
  }
}

function findUnreachable(first: string, activities: Map<string, Activity>, file: string): string[] {
  const reached = new Set<string>([first]);
  const queue = [first];
  while (queue.length > 0) {
    const activity = activities.get(queue.pop()!)!;
    for (const id of [activity.next, ...activity.choices]) {
      if (id !== null && !reached.has(id)) {
        reached.add(id);
        queue.push(id);
      }
    }
  }
  return [...activities.keys()]
    .filter((id) => !reached.has(id))
    .map(
      (id) =>
        `${file}, activity "${id}": no path from "${first}" reaches it, so it never runs ` +
        '(link it with a next_id or a choice, or remove it)',
    );
}
