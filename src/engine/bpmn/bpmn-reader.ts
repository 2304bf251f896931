import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import type { GatewayType } from '../types.js';
import {
  type BpmnFlow,
  type BpmnGraph,
  type BpmnNode,
  BpmnProblems,
  kindName,
} from './bpmn-graph.js';
import { refusal } from './bpmn-refusals.js';

const TASKS = [
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ManualTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
];
const GATEWAYS: Record<string, GatewayType> = {
  'bpmn:ExclusiveGateway': 'XOR',
  'bpmn:InclusiveGateway': 'OR',
  'bpmn:ParallelGateway': 'PARALLEL',
};
/** Elements that only document the drawing: the engine runs the same with or without them. */
const IGNORED = ['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference'];

type Element = ModdleElement & { id: string; name?: string };
const list = (value: unknown): Element[] => (Array.isArray(value) ? (value as Element[]) : []);

/**
 * Reads a .bpmn file with bpmn-moddle and keeps its one process as a graph of start, end, task and
 * gateway nodes. Throws a ProcessConfigError for what the engine cannot run, naming each element.
 */
export async function readBpmn(xml: string, file: string): Promise<BpmnGraph> {
  const problems = new BpmnProblems(file);
  let definitions: ModdleElement;
  try {
    const result = await new BpmnModdle().fromXML(xml);
    definitions = result.rootElement;
    for (const warning of result.warnings) {
      problems.add(
        undefined,
        `bpmn-moddle cannot read part of the file (${warning.message.split('\n').join(' ').replace(/\s+/g, ' ')})`,
        'correct the XML, or open the file in a BPMN modeler and save it again',
      );
    }
  } catch (error) {
    return problems.fail(
      `the file is not BPMN 2.0 XML (${(error as Error).message.split('\n')[0]})`,
      'save the diagram from a BPMN modeler (bpmn.io, Camunda Modeler...) as BPMN 2.0 XML',
    );
  }
  problems.throwIfAny();

  const roots = list(definitions.rootElements);
  for (const collaboration of roots.filter((r) => r.$type === 'bpmn:Collaboration')) {
    for (const flow of list(collaboration.messageFlows)) {
      problems.add(
        flow,
        'message flows between pools are not supported: the engine runs one process, driven by its user',
        'remove the message flow (and the other pools); a task whose callback calls a web service can talk to another system',
      );
    }
  }
  const process = chooseProcess(roots, problems);
  problems.throwIfAny();

  const nodes = new Map<string, BpmnNode>();
  const flows: BpmnFlow[] = [];
  const warnings: string[] = [];
  for (const element of list(process!.flowElements)) {
    const node = toNode(element, problems);
    if (node !== undefined) nodes.set(node.id, node);
    else if (element.$type === 'bpmn:SequenceFlow') flows.push(toFlow(element, warnings, file));
  }
  for (const flow of flows) {
    const ends = [nodes.get(flow.source), nodes.get(flow.target)];
    if (ends.includes(undefined)) {
      problems.add(
        { id: flow.id },
        'the sequence flow does not connect two elements that the engine runs',
        'connect it from and to start or end events, tasks or gateways (or remove it)',
      );
      continue;
    }
    ends[0]!.outgoing.push(flow);
    ends[1]!.incoming.push(flow);
  }
  problems.throwIfAny();
  const hasDiagram = list(definitions.diagrams).some(
    (d) => list((d.plane as ModdleElement | undefined)?.planeElement).length > 0,
  );
  return { file, nodes, hasDiagram, warnings };
}

function chooseProcess(roots: Element[], problems: BpmnProblems): Element | undefined {
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  // A pool drawn only to show a partner has an empty process: it is not the one to run.
  const drawn = processes.filter((p) => list(p.flowElements).length > 0);
  if (drawn.length === 1) return drawn[0];
  const executable = drawn.filter((p) => p.isExecutable === true);
  if (executable.length === 1) return executable[0];
  if (drawn.length === 0) {
    problems.add(
      undefined,
      'the file has no process with elements in it',
      'draw the process: a start event, tasks and gateways, and an end event',
    );
  } else {
    problems.add(
      undefined,
      `the file has ${drawn.length} processes (${drawn.map((p) => `"${p.id}"`).join(', ')}), and ${executable.length} of them marked executable`,
      'keep one process per file, or mark exactly one of them executable (isExecutable="true")',
    );
  }
  return undefined;
}

function toNode(element: Element, problems: BpmnProblems): BpmnNode | undefined {
  const base = {
    id: element.id,
    name: typeof element.name === 'string' ? element.name : '',
    incoming: [],
    outgoing: [],
    phrase: phraseOf(element),
  };
  const refused = refusal(element);
  if (refused !== undefined) {
    problems.add(element, refused.problem, refused.fix);
    return undefined;
  }
  if (element.$type === 'bpmn:StartEvent') return { ...base, kind: 'start' };
  if (element.$type === 'bpmn:EndEvent') return { ...base, kind: 'end' };
  if (TASKS.includes(element.$type)) return { ...base, kind: 'task' };
  const gateway = GATEWAYS[element.$type];
  if (gateway !== undefined) {
    const direction = element.gatewayDirection;
    return {
      ...base,
      kind: 'gateway',
      gateway,
      ...(direction === 'Diverging' || direction === 'Converging' ? { direction } : {}),
    };
  }
  if (element.$type !== 'bpmn:SequenceFlow' && !IGNORED.includes(element.$type)) {
    problems.add(
      element,
      `the engine cannot run a ${kindName(element.$type)}`,
      'use start and end events, tasks, and exclusive, inclusive or parallel gateways',
    );
  }
  return undefined;
}

function toFlow(element: Element, warnings: string[], file: string): BpmnFlow {
  const source = (element.sourceRef as Element | undefined)?.id ?? '';
  const target = (element.targetRef as Element | undefined)?.id ?? '';
  if (element.conditionExpression !== undefined) {
    warnings.push(
      `${file}, flow "${element.id}": its condition is not evaluated; the gateway's callback chooses the branch ` +
        '(it returns the id of the first element of that branch as its choice)',
    );
  }
  return { id: element.id, source, target };
}

/** The kb phrase of an element: a `kb` extension property (any modeler's namespace), else its documentation. */
function phraseOf(element: Element): string | undefined {
  const extensions = (element.extensionElements as ModdleElement | undefined)?.values;
  for (const group of list(extensions)) {
    for (const property of group.$children ?? []) {
      if (/(^|:)property$/.test(property.$type) && property.name === 'kb') {
        if (typeof property.value === 'string') return property.value;
      }
    }
  }
  const text = list(element.documentation)
    .map((d) => (typeof d.text === 'string' ? d.text.trim() : ''))
    .filter((t) => t !== '')
    .join('\n');
  return text === '' ? undefined : text;
}
