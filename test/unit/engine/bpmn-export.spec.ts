import { readFileSync } from 'node:fs';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { exportBpmn, parseBpmnProcess, parseProcess } from '../../../src/engine/index.js';
import { processDocument } from '../../support/processes.js';

const example = (name: string) =>
  parseProcess(
    JSON.parse(readFileSync(`config/${name}/process.json`, 'utf8')),
    `config/${name}/process.json`,
  );

const NESTED = parseProcess(
  processDocument('start', [
    ['start', 'START', 'outer'],
    ['outer', 'OR', 'after', ['x1', 'p1', 'o1', 'quit']],
    ['after', 'TASK', 'end'],
    ['end', 'END', null],
    ['quit', 'END', null],
    ['x1', 'XOR', null, ['xa', 'xb']],
    ['xa', 'TASK', 'xa2'],
    ['xa2', 'TASK', null],
    ['xb', 'TASK', null],
    ['p1', 'PARALLEL', null, ['pa']],
    ['pa', 'TASK', null],
    ['o1', 'OR', 'o2', ['oa']],
    ['oa', 'TASK', null],
    ['o2', 'TASK', null],
  ]),
  'nested/process.json',
);

describe(exportBpmn.name, () => {
  it.each([
    ['name_nickname', example('name_nickname')],
    ['quickstart', example('quickstart')],
    ['store', example('store')],
    ['nested gateways, one-branch gateways, a branch that ends', NESTED],
  ])('exports %s with a diagram that loads back as the same process', async (_, definition) => {
    const xml = await exportBpmn(definition);
    const back = await parseBpmnProcess(xml, 'exported.bpmn');
    expect(back.definition.first).toBe(definition.first);
    expect(new Map(back.definition.activities)).toEqual(new Map(definition.activities));
    expect(back.definition.warnings).toEqual([]);
    expect(back.hasDiagram).toBe(true);

    // every element and every flow has its shape or edge: a modeler opens it laid out
    const { rootElement } = await new BpmnModdle().fromXML(xml);
    const [process] = rootElement.rootElements as ModdleElement[];
    const [diagram] = rootElement.diagrams as ModdleElement[];
    const drawn = new Set(
      ((diagram.plane as ModdleElement).planeElement as ModdleElement[]).map(
        (di) => (di.bpmnElement as { id: string }).id,
      ),
    );
    const elements = (process.flowElements as { id: string }[]).map((e) => e.id);
    expect(elements.filter((id) => !drawn.has(id))).toEqual([]);
  });

  it('labels the elements with their names, or their ids, and draws each gateway as a split and a join', async () => {
    const xml = await exportBpmn(example('name_nickname'), { insert_age: 'Ask the age' });
    expect(xml).toContain('<bpmn:task id="insert_age" name="Ask the age">');
    expect(xml).toContain('<bpmn:task id="insert_name" name="insert_name">');
    expect(xml).toContain(
      '<bpmn:exclusiveGateway id="name_nickname" name="name_nickname" gatewayDirection="Diverging">',
    );
    expect(xml).toContain(
      '<bpmn:exclusiveGateway id="name_nickname_join" gatewayDirection="Converging">',
    );
  });

  it('exports a process.json that loops through next_id as it is, and that drawing is refused when loaded', async () => {
    const looping = parseProcess(
      processDocument('s', [
        ['s', 'START', 'a'],
        ['a', 'TASK', 'b'],
        ['b', 'TASK', 'a'],
      ]),
      'loop/process.json',
    );
    const xml = await exportBpmn(looping);
    expect(xml).toContain('<bpmn:sequenceFlow id="Flow_3" sourceRef="b" targetRef="a" />');
    await expect(parseBpmnProcess(xml, 'loop.bpmn')).rejects.toThrow(
      'loop.bpmn, element "b" ("b"): its flow "Flow_3" loops back to "a" ("a")',
    );
  });
});
