import type { Activity, ProcessDefinition } from '../engine/index.js';

const SHAPES: Record<Activity['type'], (id: string, label: string) => string> = {
  START: (id, label) => `${id}([${label}])`,
  END: (id, label) => `${id}(((${label})))`,
  TASK: (id, label) => `${id}[${label}]`,
  XOR: (id, label) => `${id}{"XOR ${label}"}`,
  OR: (id, label) => `${id}{"OR ${label}"}`,
  PARALLEL: (id, label) => `${id}{"PARALLEL ${label}"}`,
};

/** Mermaid node ids may not hold every character an activity id can: number them instead. */
const nodeIds = (definition: ProcessDefinition) =>
  new Map([...definition.activities.keys()].map((id, index) => [id, `a${index}`]));

/** "end" is a Mermaid keyword: class names carry a prefix (mmccStart, mmccEnd, mmccXor...). */
const className = (type: Activity['type']): string =>
  `mmcc${type.charAt(0)}${type.slice(1).toLowerCase()}`;

const label = (id: string): string => `"${id.replace(/"/g, '#quot;')}"`;

/**
 * The process as a Mermaid flowchart: `next_id` as solid arrows, gateway choices as labelled arrows, and
 * the return from the end of a branch (next_id null) to its gateway as a dotted arrow. Each node has a
 * class named after its type (mmccTask, mmccXor...), and the activity id as its text.
 */
export function processDiagram(definition: ProcessDefinition): string {
  const ids = nodeIds(definition);
  const lines = ['flowchart TD'];
  for (const activity of definition.activities.values()) {
    lines.push(
      `  ${SHAPES[activity.type](ids.get(activity.id)!, label(activity.id))}:::${className(activity.type)}`,
    );
  }
  for (const activity of definition.activities.values()) {
    const from = ids.get(activity.id)!;
    if (activity.next !== null) lines.push(`  ${from} --> ${ids.get(activity.next)}`);
    for (const choice of activity.choices) {
      lines.push(`  ${from} -->|choice| ${ids.get(choice)}`);
      const last = branchEnd(definition, choice);
      if (last === undefined) continue;
      // After a XOR's branch the process goes on after the XOR; after an OR / PARALLEL branch, back to the gateway.
      const back = activity.type === 'XOR' ? activity.next : activity.id;
      if (back !== null) lines.push(`  ${ids.get(last)} -.-> ${ids.get(back)}`);
    }
  }
  return lines.join('\n');
}

/** The activity that ends the branch starting at `first` (next_id null, not an END), if the branch has one. */
function branchEnd(definition: ProcessDefinition, first: string): string | undefined {
  const seen = new Set<string>();
  for (let id: string | null = first; id !== null && !seen.has(id);) {
    seen.add(id);
    const activity: Activity = definition.activities.get(id)!;
    if (activity.next === null) return activity.type === 'END' ? undefined : id;
    id = activity.next;
  }
  return undefined;
}

/** The Mermaid node id of each activity, so that a page can highlight the current one. */
export const diagramNodeIds = (definition: ProcessDefinition): Record<string, string> =>
  Object.fromEntries(nodeIds(definition));
