import {
  DONE_KEY,
  type InteractionState,
  isGatewayType,
  type JsonObject,
  type ProcessDefinition,
} from '../engine/index.js';

/** How a migration takes activities of one version to the other's: renames; any other id maps to itself. */
export type ActivityMapping = Readonly<Record<string, string>>;

/** The state an interaction would have on the new version, or why it cannot move there. */
export type MigrationOutcome =
  | { readonly movable: true; readonly state: InteractionState }
  | { readonly movable: false; readonly reason: string };

/**
 * Moves an interaction's state from one version of its process to another (pure): its current activity,
 * the gateways it is inside (the stack, each gateway's chosen branches, the completed ones) go through the
 * mapping, and `context` is set over its context. It cannot move when one of those activities has no
 * counterpart in the new version, or an open gateway's branches are not the new gateway's choices.
 */
export function planMigration(
  from: ProcessDefinition,
  to: ProcessDefinition,
  state: InteractionState,
  mapping: ActivityMapping,
  context: JsonObject = {},
): MigrationOutcome {
  const refuse = (reason: string): MigrationOutcome => ({ movable: false, reason });
  const target = (id: string): string => mapping[id] ?? id;
  const missing = (id: string, what: string): string =>
    Object.hasOwn(mapping, id)
      ? `the mapping takes ${what} "${id}" to "${mapping[id]}", which the new version does not have`
      : `${what} "${id}" has no counterpart in the new version (map it: "mapping": {"${id}": "<an activity of the new version>"})`;

  if (!to.activities.has(target(state.current)))
    return refuse(missing(state.current, 'its activity'));
  for (const id of state.stack) {
    if (id !== null && !to.activities.has(target(id)))
      return refuse(missing(id, 'the activity after an open gateway,'));
  }
  const open = Object.keys(state.done);
  for (const gateway of open) {
    const before = from.activities.get(gateway);
    const after = to.activities.get(target(gateway));
    if (after === undefined) return refuse(missing(gateway, 'the open gateway'));
    if (before !== undefined && before.type !== after.type)
      return refuse(
        `the open gateway "${gateway}" is ${an(before.type)}, but "${after.id}" in the new version is ${an(after.type)}`,
      );
    if (!isGatewayType(after.type))
      return refuse(`the open gateway "${gateway}" is not a gateway in the new version`);
    const lost = state.done[gateway].filter((branch) => !after.choices.includes(target(branch)));
    if (lost.length > 0)
      return refuse(
        `the branches ${lost.map((b) => `"${b}"`).join(', ')} taken at the open gateway "${gateway}" are not ` +
          `branches of "${after.id}" in the new version`,
      );
  }
  const completed = state.context[DONE_KEY].map(target);
  return {
    movable: true,
    state: {
      current: target(state.current),
      stack: state.stack.map((id) => (id === null ? null : target(id))),
      done: Object.fromEntries(open.map((g) => [target(g), state.done[g].map(target)])),
      context: { ...state.context, ...context, [DONE_KEY]: completed },
      kb: state.kb,
    },
  };
}

const an = (type: string) => `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;

/** Problems of a mapping itself, against the two versions: ids that are in neither where they should be. */
export function mappingProblems(
  from: ProcessDefinition,
  to: ProcessDefinition,
  mapping: ActivityMapping,
): string[] {
  const problems: string[] = [];
  for (const [old, renamed] of Object.entries(mapping)) {
    if (!from.activities.has(old))
      problems.push(`"${old}" is not an activity of the version migrated from`);
    if (typeof renamed !== 'string' || !to.activities.has(renamed))
      problems.push(
        `"${old}" is mapped to ${JSON.stringify(renamed)}, which is not an activity of the version migrated to`,
      );
  }
  return problems;
}
