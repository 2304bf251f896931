import type { BpmnGraph, BpmnNode } from './bpmn-graph.js';
import { BpmnProblems } from './bpmn-graph.js';
import { checkShapes, isJoin } from './bpmn-checks.js';

/** An activity of process.json, as the mapper writes it. */
interface ActivityDocument {
  my_id: string;
  next_id: string | null;
  my_type: string;
  choices?: string[];
}

export interface MappedProcess {
  /** The process as process.json would say it, for the parser to validate like any other. */
  readonly document: { activities: ActivityDocument[]; first_activity_id: string };
  /** The label of each element that has one. */
  readonly names: Record<string, string>;
  /** The kb phrases that the elements carry (documentation or a `kb` property). */
  readonly phrases: Record<string, string>;
  readonly warnings: string[];
}

/** Where a walk along a path stopped: at an end event, or at the join that closes its branch. */
interface PathEnd {
  first: string | null;
  join: string | null;
  last: ActivityDocument | null;
}

const TYPES = { start: 'START', end: 'END', task: 'TASK' } as const;

/** A gateway that is neither a split nor, here, a join. */
const undirected = (node: BpmnNode, split: BpmnNode | null): boolean =>
  node.kind === 'gateway' &&
  node.direction === undefined &&
  node.incoming.length === 1 &&
  node.outgoing.length === 1 &&
  !isJoin(node, split);

/**
 * Maps a drawn process to process.json: each split gateway and its join become one gateway activity
 * whose choices are the first elements of its branches; the last element of a branch gets next_id
 * null (control returns to the gateway); the join's outgoing flow gives the gateway's next_id.
 */
export function mapBpmn(graph: BpmnGraph): MappedProcess {
  const problems = new BpmnProblems(graph.file);
  checkShapes(graph, problems);
  problems.throwIfAny();

  const emitted = new Map<string, ActivityDocument>();
  const node = (id: string): BpmnNode => graph.nodes.get(id)!;
  const emit = (n: BpmnNode): ActivityDocument => {
    const activity: ActivityDocument = {
      my_id: n.id,
      next_id: null,
      my_type: n.gateway ?? TYPES[n.kind as keyof typeof TYPES],
    };
    emitted.set(n.id, activity);
    return activity;
  };

  /** Walks from `from` until an end event or a join; `split` is the gateway whose branch this is. */
  const walk = (from: string, split: BpmnNode | null): PathEnd => {
    let first: string | null = null;
    let previous: ActivityDocument | null = null;
    for (let current = node(from); ;) {
      if (undirected(current, split)) {
        problems.add(
          current,
          'the gateway has one incoming and one outgoing flow, and closes no split of its kind, so it neither splits nor joins',
          'give a split two or more outgoing flows (one per branch) and close them at a join, or remove the gateway ' +
            '(a split with a single branch needs gatewayDirection="Diverging", its join "Converging")',
        );
        return { first, join: null, last: null };
      }
      if (current.kind === 'gateway' && isJoin(current, split)) {
        if (split === null) {
          problems.add(
            current,
            'this join gateway closes no split: it is on the main path, not at the end of branches',
            'draw the split gateway that opens the branches it joins, or remove the join',
          );
        }
        return { first, join: current.id, last: previous };
      }
      const known = emitted.get(current.id);
      const activity = known ?? emit(current);
      first ??= activity.my_id;
      if (previous !== null) previous.next_id = activity.my_id;
      if (current.kind === 'end') return { first, join: null, last: null };
      if (current.kind === 'gateway') {
        const join = closeSplit(current, activity);
        if (join === undefined) return { first, join: null, last: null };
        previous = activity;
        current = node(join.outgoing[0].target);
      } else {
        previous = activity;
        current = node(current.outgoing[0].target);
      }
    }
  };

  /** Walks every branch of a split, sets its choices, and returns the join that closes them all. */
  const closeSplit = (split: BpmnNode, activity: ActivityDocument): BpmnNode | undefined => {
    const ends = split.outgoing.map((flow) => ({ flow, end: walk(flow.target, split) }));
    activity.choices = ends.flatMap(({ end }) => (end.first === null ? [] : [end.first]));
    for (const { flow, end } of ends) {
      if (end.first === null) {
        problems.add(
          split,
          `its flow "${flow.id}" goes straight to the join: a branch with no element, which the user could not choose`,
          'put a task on that branch, or remove the flow',
        );
      }
    }
    const joins = [...new Set(ends.flatMap(({ end }) => (end.join === null ? [] : [end.join])))];
    if (joins.length === 0) {
      problems.add(
        split,
        `the split has no join: none of its branches reaches a join gateway`,
        `draw a ${split.gateway} join gateway where the branches meet, with one outgoing flow to what follows`,
      );
      return undefined;
    }
    if (joins.length > 1) {
      problems.add(
        split,
        `its branches end at different join gateways (${joins.map((j) => `"${j}"`).join(', ')})`,
        'close every branch of a split at one join; a branch may also end at an end event',
      );
      return undefined;
    }
    const join = node(joins[0]);
    const reaching = ends.filter(({ end }) => end.join === join.id).length;
    if (join.gateway !== split.gateway) {
      problems.add(
        join,
        `this ${join.gateway} join closes the ${split.gateway} split "${split.id}"`,
        `make the split and its join the same kind of gateway (both ${split.gateway}, or both ${join.gateway})`,
      );
    } else if (join.incoming.length !== reaching) {
      problems.add(
        join,
        `this join closes the split "${split.id}" and also receives ${join.incoming.length - reaching} flow(s) from outside it`,
        'give every split its own join: nested branches close at their own join, inside the outer branches',
      );
    }
    return join;
  };

  const start = [...graph.nodes.values()].find((n) => n.kind === 'start')!;
  walk(start.id, null);
  problems.throwIfAny();

  const names: Record<string, string> = {};
  const phrases: Record<string, string> = {};
  const warnings = [...graph.warnings];
  for (const n of graph.nodes.values()) {
    if (n.name !== '') names[n.id] = n.name;
    if (n.phrase !== undefined) phrases[n.id] = n.phrase;
    if (!emitted.has(n.id) && !(n.kind === 'gateway' && isJoin(n))) {
      warnings.push(
        `${graph.file}, element "${n.id}"${n.name === '' ? '' : ` ("${n.name}")`}: no path from the start event ` +
          'reaches it, so it never runs (connect it with a flow, or remove it)',
      );
    }
  }
  return {
    document: { activities: [...emitted.values()], first_activity_id: start.id },
    names,
    phrases,
    warnings,
  };
}
