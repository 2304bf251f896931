import type { BpmnFlow, BpmnGraph, BpmnNode } from './bpmn-graph.js';
import type { BpmnProblems } from './bpmn-graph.js';

/**
 * Whether a gateway closes branches (a join) rather than opening them (a split). A gateway with one
 * flow in and one out, and no gatewayDirection, is the join of the split whose branch reaches it
 * when it is of the same kind (the other branches ended at end events).
 */
export function isJoin(node: BpmnNode, split?: BpmnNode | null): boolean {
  if (node.direction !== undefined) return node.direction === 'Converging';
  if (node.incoming.length === 1 && node.outgoing.length === 1) {
    return split?.gateway === node.gateway;
  }
  return node.incoming.length >= 2;
}

const noun = (node: BpmnNode): string =>
  node.kind === 'gateway'
    ? `${node.gateway} gateway`
    : node.kind === 'task'
      ? 'task'
      : `${node.kind} event`;

/**
 * Checks each element's flows before the walk: one start, one way out of every task, gateways that
 * clearly split or join, and no loops. The walk can then trust the shape of every node.
 */
export function checkShapes(graph: BpmnGraph, problems: BpmnProblems): void {
  const nodes = [...graph.nodes.values()];
  const starts = nodes.filter((n) => n.kind === 'start');
  if (starts.length === 0) {
    problems.add(
      undefined,
      'the process has no start event',
      'draw a start event where the conversation begins',
    );
  }
  if (starts.length > 1) {
    for (const start of starts.slice(1)) {
      problems.add(
        start,
        `the process has ${starts.length} start events (${starts.map((s) => `"${s.id}"`).join(', ')}), the engine needs exactly one`,
        'keep one start event; let an exclusive gateway after it choose the way',
      );
    }
  }
  for (const node of nodes) checkNode(node, problems);
  for (const flow of backFlows(graph)) {
    const target = graph.nodes.get(flow.target)!;
    problems.add(
      graph.nodes.get(flow.source),
      `its flow "${flow.id}" loops back to "${target.id}"${target.name === '' ? '' : ` ("${target.name}")`}, but the engine repeats only through gateways`,
      'remove the loop: a task asks again by staying incomplete (complete: false), and an inclusive or parallel ' +
        'gateway lets the user pick its branches again',
    );
  }
}

function checkNode(node: BpmnNode, problems: BpmnProblems): void {
  const ins = node.incoming.length;
  const outs = node.outgoing.length;
  const add = (problem: string, fix: string) => problems.add(node, problem, fix);
  if (node.kind === 'end') {
    if (outs > 0)
      add('an end event has outgoing flows', 'remove them; the process is over at an end event');
    return;
  }
  if (outs === 0) {
    add(
      `the ${noun(node)} has no outgoing flow, so nothing could follow it`,
      'connect it to what comes next, or to an end event',
    );
  }
  if (node.kind === 'start' && ins > 0) {
    add('flows go into the start event', 'start events only have outgoing flows');
  }
  if ((node.kind === 'start' || node.kind === 'task') && outs > 1) {
    add(
      `the ${noun(node)} has ${outs} outgoing flows, but the engine follows one`,
      'draw a split gateway after it, with the branches on its outgoing flows',
    );
  }
  if (node.kind === 'task' && ins > 1) {
    add(
      `${ins} flows go into the task, but paths meet only at a join gateway`,
      'draw a join gateway of the same kind as the split before it, and let it flow into the task',
    );
  }
  if (node.kind !== 'gateway') return;
  if (ins >= 2 && outs >= 2 && node.direction === undefined) {
    add(
      `the gateway has ${ins} incoming and ${outs} outgoing flows: it both joins and splits`,
      'draw two gateways: a join that closes the branches, then a split that opens the next ones',
    );
  } else if (isJoin(node) && outs > 1) {
    add(
      `the join gateway has ${outs} outgoing flows`,
      'a join has one outgoing flow, to what follows the branches',
    );
  }
}

/** The flows that close a cycle (found depth first from every element, in document order). */
function backFlows(graph: BpmnGraph): BpmnFlow[] {
  const state = new Map<string, 'open' | 'closed'>();
  const found: BpmnFlow[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const flow of graph.nodes.get(id)?.outgoing ?? []) {
      const seen = state.get(flow.target);
      if (seen === 'open') found.push(flow);
      else if (seen === undefined && graph.nodes.has(flow.target)) visit(flow.target);
    }
    state.set(id, 'closed');
  };
  const starts = [...graph.nodes.values()].filter((n) => n.kind === 'start');
  for (const node of [...starts, ...graph.nodes.values()]) if (!state.has(node.id)) visit(node.id);
  return found;
}
