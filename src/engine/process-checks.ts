import { type ConfigProblem, ProcessConfigError } from './errors.js';
import { describe } from './json.js';
import type { Activity, ActivityType } from './types.js';

/** Collects the problems of one file, so that an author sees all of them at once. */
export class Problems {
  private readonly list: ConfigProblem[] = [];
  constructor(private readonly file: string) {}

  add(activity: string | undefined, problem: string, fix: string): void {
    this.list.push({ file: this.file, activity, problem, fix });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ProcessConfigError(this.list);
  }
}

export interface RawActivity {
  label: string;
  id?: string;
  type?: ActivityType;
  next?: string | null;
  choices?: unknown[];
}

export function checkReferences(
  raw: RawActivity,
  ids: Map<string, number>,
  problems: Problems,
): void {
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
export function checkMainPath(
  first: string,
  activities: Map<string, Activity>,
  problems: Problems,
): void {
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

export function findUnreachable(
  first: string,
  activities: Map<string, Activity>,
  file: string,
): string[] {
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
