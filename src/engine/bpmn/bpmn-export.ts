import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import type { Activity, ActivityType, ProcessDefinition } from '../types.js';

const ELEMENTS: Record<ActivityType, string> = {
  START: 'bpmn:StartEvent',
  END: 'bpmn:EndEvent',
  TASK: 'bpmn:Task',
  XOR: 'bpmn:ExclusiveGateway',
  OR: 'bpmn:InclusiveGateway',
  PARALLEL: 'bpmn:ParallelGateway',
};

type Node = ModdleElement & { incoming: ModdleElement[]; outgoing: ModdleElement[] };

/**
 * The process as BPMN 2.0 XML with a laid-out diagram (bpmn-auto-layout), to open in any modeler. Each
 * gateway becomes a split (the activity's id) and its join (`<id>_join`); the directions are written
 * out, so a gateway with a single branch loads back as the same gateway. Loading the export gives a
 * process that behaves the same step by step. `names` label the elements (the id when absent).
 */
export async function exportBpmn(
  definition: ProcessDefinition,
  names: Readonly<Record<string, string>> = {},
): Promise<string> {
  const moddle = new BpmnModdle();
  const used = new Set(definition.activities.keys());
  const unique = (wanted: string): string => {
    let id = wanted;
    for (let n = 2; used.has(id); n++) id = `${wanted}_${n}`;
    used.add(id);
    return id;
  };
  const nodes = new Map<string, Node>();
  const joins = new Map<string, Node>();
  const flows: ModdleElement[] = [];
  const create = (type: string, id: string, extra = {}): Node =>
    moddle.create(type, { id, incoming: [], outgoing: [], ...extra }) as Node;
  for (const a of definition.activities.values()) {
    const gateway = a.choices.length > 0 ? { gatewayDirection: 'Diverging' } : {};
    nodes.set(a.id, create(ELEMENTS[a.type], a.id, { name: names[a.id] ?? a.id, ...gateway }));
    if (a.choices.length > 0) {
      const join = create(ELEMENTS[a.type], unique(`${a.id}_join`), {
        gatewayDirection: 'Converging',
      });
      joins.set(a.id, join);
    }
  }
  const connect = (source: Node, target: Node) => {
    const flow = moddle.create('bpmn:SequenceFlow', {
      id: unique(`Flow_${flows.length + 1}`),
      sourceRef: source,
      targetRef: target,
    });
    source.outgoing.push(flow);
    target.incoming.push(flow);
    flows.push(flow);
  };

  const visited = new Set<string>();
  /** Draws the path from `from`; a branch's last activity (next_id null) flows into `exit`, its gateway's join. */
  const draw = (from: string, exit: Node | null): void => {
    for (let id: string | null = from; id !== null && !visited.has(id);) {
      visited.add(id);
      const activity: Activity = definition.activities.get(id)!;
      const after = activity.next === null ? exit : nodes.get(activity.next)!;
      const join = joins.get(id);
      if (join !== undefined) {
        for (const choice of activity.choices) {
          connect(nodes.get(id)!, nodes.get(choice)!);
          draw(choice, join);
        }
        if (after !== null) connect(join, after);
      } else if (activity.type !== 'END' && after !== null) {
        connect(nodes.get(id)!, after);
      }
      id = activity.type === 'END' ? null : activity.next;
    }
  };
  draw(definition.first, null);
  // Activities that no path reaches are drawn too, so that the diagram shows the whole file.
  for (const id of definition.activities.keys()) if (!visited.has(id)) draw(id, null);

  const process = moddle.create('bpmn:Process', {
    id: unique('Process_1'),
    isExecutable: true,
    flowElements: [...nodes.values(), ...joins.values(), ...flows],
  });
  const definitions = moddle.create('bpmn:Definitions', {
    id: 'Definitions_1',
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'mmcc-backend',
    rootElements: [process],
  });
  const { xml } = await moddle.toXML(definitions, { format: true });
  return layoutProcess(xml);
}
