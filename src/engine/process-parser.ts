import {
  checkMainPath,
  checkReferences,
  findUnreachable,
  Problems,
  type RawActivity,
} from './process-checks.js';
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
