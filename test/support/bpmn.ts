import { exportBpmn, parseBpmnProcess, type RunnableProcess } from '../../src/engine/index.js';

/** One element of a test drawing: [id, BPMN type without "bpmn:", name?, inner XML?]. */
export type ElementSpec = [id: string, type: string, name?: string, inner?: string];

/**
 * A BPMN 2.0 document with one process, written as a modeler writes its semantic part (no diagram):
 * `flows` are [source, target] pairs, with ids Flow_1, Flow_2...
 */
export function bpmnXml(elements: ElementSpec[], flows: [string, string][], extra = ''): string {
  const ids = flows.map((_, i) => `Flow_${i + 1}`);
  const body = elements.map(([id, type, name, inner = '']) => {
    const refs = flows.flatMap(([from, to], i) => [
      ...(to === id ? [`<bpmn:incoming>${ids[i]}</bpmn:incoming>`] : []),
      ...(from === id ? [`<bpmn:outgoing>${ids[i]}</bpmn:outgoing>`] : []),
    ]);
    const label = name === undefined ? '' : ` name="${name}"`;
    return `    <bpmn:${type} id="${id}"${label}>${inner}${refs.join('')}</bpmn:${type}>`;
  });
  const edges = flows.map(
    ([from, to], i) =>
      `    <bpmn:sequenceFlow id="${ids[i]}" sourceRef="${from}" targetRef="${to}" />`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="true">
${[...body, ...edges].join('\n')}
  </bpmn:process>${extra}
</bpmn:definitions>`;
}

/** The error message that loading this drawing gives (the test fails if it loads). */
export async function bpmnError(xml: string): Promise<string> {
  try {
    await parseBpmnProcess(xml, 'config/drawn/process.bpmn');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the drawing loaded, but it should have been refused');
}

/** The same process exported to BPMN 2.0 and loaded back, with the same callbacks. */
export async function roundTrip(process: RunnableProcess): Promise<RunnableProcess> {
  const xml = await exportBpmn(process.definition);
  const loaded = await parseBpmnProcess(xml, 'exported/process.bpmn');
  return { ...process, definition: loaded.definition };
}
