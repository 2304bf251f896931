import {
  initialState,
  type InteractionState,
  type JsonObject,
  type ProcessDefinition,
} from '../engine/index.js';

interface Place {
  readonly at: string;
  readonly stack: readonly (string | null)[];
}

/**
 * The state of an interaction that has just arrived at `activity` by the shortest path, with the
 * given context: the gateways open around it are on the stack as the engine would have put them,
 * so that the end of its branch returns where it would in a real conversation.
 */
export function stateAt(
  definition: ProcessDefinition,
  activity: string,
  context: JsonObject,
  kb: JsonObject,
): InteractionState {
  const state = initialState(definition, kb);
  const place = findPlace(definition, activity);
  return {
    ...state,
    current: activity,
    stack: [...place.stack],
    context: { ...structuredClone(context), _done_: [] },
  };
}

function findPlace(definition: ProcessDefinition, target: string): Place {
  const seen = new Set<string>();
  const queue: Place[] = [{ at: definition.first, stack: [] }];
  for (let place = queue.shift(); place !== undefined; place = queue.shift()) {
    if (place.at === target) return place;
    const key = `${place.at}|${place.stack.join(',')}`;
    if (seen.has(key) || place.stack.length > definition.activities.size) continue;
    seen.add(key);
    queue.push(...successors(definition, place));
  }
  // Nothing reaches it (the loader warned): start there with no gateway open.
  return { at: target, stack: [] };
}

/** Where the engine can go from a place: into a gateway's branches, along next_id, or back to a gateway. */
function successors(definition: ProcessDefinition, { at, stack }: Place): Place[] {
  const activity = definition.activities.get(at)!;
  if (activity.type === 'END') return [];
  const out: Place[] = [];
  if (activity.type === 'XOR') {
    out.push(...activity.choices.map((c) => ({ at: c, stack: [...stack, activity.next] })));
    return out;
  }
  if (activity.type === 'OR' || activity.type === 'PARALLEL') {
    out.push(...activity.choices.map((c) => ({ at: c, stack: [...stack, activity.id] })));
  }
  if (activity.next !== null) return [...out, { at: activity.next, stack }];
  const rest = [...stack];
  let popped: string | null | undefined;
  do popped = rest.pop();
  while (popped === null);
  return popped === undefined ? out : [...out, { at: popped, stack: rest }];
}
