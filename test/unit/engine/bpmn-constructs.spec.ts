import { parseBpmnProcess } from '../../../src/engine/index.js';
import { bpmnXml, type ElementSpec } from '../../support/bpmn.js';

const FILE = 'config/drawn/process.bpmn';

/** The mapped activities, written compactly as [id, type, next, choices?] like the process.json tests. */
async function activities(elements: ElementSpec[], flows: [string, string][]) {
  const { definition } = await parseBpmnProcess(bpmnXml(elements, flows), FILE);
  return [...definition.activities.values()].map((a) =>
    a.choices.length === 0 ? [a.id, a.type, a.next] : [a.id, a.type, a.next, a.choices],
  );
}

describe('process.bpmn: what each construct maps to', () => {
  it('maps the start event to START, every kind of task to TASK and the end event to END', async () => {
    const tasks = [
      'task',
      'userTask',
      'serviceTask',
      'manualTask',
      'sendTask',
      'receiveTask',
      'scriptTask',
      'businessRuleTask',
    ];
    const ids = ['s', ...tasks.map((_, i) => `t${i}`), 'e'];
    expect(
      await activities(
        [
          ['s', 'startEvent'],
          ...tasks.map((type, i): ElementSpec => [`t${i}`, type]),
          ['e', 'endEvent'],
        ],
        ids.slice(1).map((id, i) => [ids[i], id]),
      ),
    ).toEqual([
      ['s', 'START', 't0'],
      ...tasks.map((_, i) => [`t${i}`, 'TASK', ids[i + 2]]),
      ['e', 'END', null],
    ]);
  });

  it.each([
    ['exclusiveGateway', 'XOR'],
    ['inclusiveGateway', 'OR'],
    ['parallelGateway', 'PARALLEL'],
  ])('maps a %s split and its join to one %s gateway', async (kind, type) => {
    expect(
      await activities(
        [
          ['Start', 'startEvent'],
          ['Split', kind, 'Which one?'],
          ['A', 'task'],
          ['B', 'task'],
          ['C', 'task'],
          ['Join', kind],
          ['After', 'task'],
          ['End', 'endEvent'],
        ],
        [
          ['Start', 'Split'],
          ['Split', 'A'],
          ['A', 'B'],
          ['B', 'Join'],
          ['Split', 'C'],
          ['C', 'Join'],
          ['Join', 'After'],
          ['After', 'End'],
        ],
      ),
    ).toEqual([
      ['Start', 'START', 'Split'],
      ['Split', type, 'After', ['A', 'C']],
      ['A', 'TASK', 'B'],
      ['B', 'TASK', null],
      ['C', 'TASK', null],
      ['After', 'TASK', 'End'],
      ['End', 'END', null],
    ]);
  });

  it('nests gateways: an inner split closes at its own join inside a branch of the outer one', async () => {
    expect(
      await activities(
        [
          ['s', 'startEvent'],
          ['or', 'inclusiveGateway'],
          ['x', 'exclusiveGateway'],
          ['xa', 'task'],
          ['xb', 'task'],
          ['xj', 'exclusiveGateway'],
          ['p', 'parallelGateway'],
          ['pa', 'task'],
          ['pb', 'task'],
          ['pj', 'parallelGateway'],
          ['pc', 'task'],
          ['oj', 'inclusiveGateway'],
          ['e', 'endEvent'],
        ],
        [
          ['s', 'or'],
          ['or', 'x'],
          ['x', 'xa'],
          ['x', 'xb'],
          ['xa', 'xj'],
          ['xb', 'xj'],
          ['xj', 'oj'],
          ['or', 'p'],
          ['p', 'pa'],
          ['p', 'pb'],
          ['pa', 'pj'],
          ['pb', 'pj'],
          ['pj', 'pc'],
          ['pc', 'oj'],
          ['oj', 'e'],
        ],
      ),
    ).toEqual([
      ['s', 'START', 'or'],
      ['or', 'OR', 'e', ['x', 'p']],
      ['x', 'XOR', null, ['xa', 'xb']],
      ['xa', 'TASK', null],
      ['xb', 'TASK', null],
      ['p', 'PARALLEL', 'pc', ['pa', 'pb']],
      ['pa', 'TASK', null],
      ['pb', 'TASK', null],
      ['pc', 'TASK', null],
      ['e', 'END', null],
    ]);
  });

  it('lets a branch end at an end event instead of the join', async () => {
    expect(
      await activities(
        [
          ['s', 'startEvent'],
          ['x', 'exclusiveGateway'],
          ['go', 'task'],
          ['quit', 'endEvent', 'Bye'],
          ['j', 'exclusiveGateway'],
          ['e', 'endEvent'],
        ],
        [
          ['s', 'x'],
          ['x', 'go'],
          ['x', 'quit'],
          ['go', 'j'],
          ['j', 'e'],
        ],
      ),
    ).toEqual([
      ['s', 'START', 'x'],
      ['x', 'XOR', 'e', ['go', 'quit']],
      ['go', 'TASK', null],
      ['quit', 'END', null],
      ['e', 'END', null],
    ]);
  });

  it('takes a one-branch split and its join from their gatewayDirection', async () => {
    expect(
      await activities(
        [
          ['s', 'startEvent'],
          ['p', 'parallelGateway', undefined, ''],
          ['a', 'task'],
          ['j', 'parallelGateway'],
          ['e', 'endEvent'],
        ],
        [
          ['s', 'p'],
          ['p', 'a'],
          ['a', 'j'],
          ['j', 'e'],
        ],
      ).catch((error: Error) => error.message),
    ).toMatch(/element "p": the gateway has one incoming and one outgoing flow/);
    const xml = bpmnXml(
      [
        ['s', 'startEvent'],
        ['p', 'parallelGateway'],
        ['a', 'task'],
        ['j', 'parallelGateway'],
        ['e', 'endEvent'],
      ],
      [
        ['s', 'p'],
        ['p', 'a'],
        ['a', 'j'],
        ['j', 'e'],
      ],
    )
      .replace('id="p"', 'id="p" gatewayDirection="Diverging"')
      .replace('id="j"', 'id="j" gatewayDirection="Converging"');
    const { definition } = await parseBpmnProcess(xml, FILE);
    expect(definition.activities.get('p')).toEqual({
      id: 'p',
      type: 'PARALLEL',
      next: 'e',
      choices: ['a'],
    });
  });

  it('keeps labels, and takes kb phrases from a documentation or a kb extension property', async () => {
    const parsed = await parseBpmnProcess(
      bpmnXml(
        [
          ['s', 'startEvent', 'Hello'],
          [
            'ask',
            'userTask',
            'Ask the name',
            '<bpmn:documentation>What is your name?</bpmn:documentation>',
          ],
          [
            'age',
            'userTask',
            'Ask the age',
            '<bpmn:extensionElements><camunda:properties><camunda:property name="kb" value="How old are you?" /></camunda:properties></bpmn:extensionElements>',
          ],
          ['e', 'endEvent', 'Done'],
        ],
        [
          ['s', 'ask'],
          ['ask', 'age'],
          ['age', 'e'],
        ],
      ).replace(
        '<bpmn:definitions ',
        '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ',
      ),
      FILE,
    );
    expect(parsed.names).toEqual({
      s: 'Hello',
      ask: 'Ask the name',
      age: 'Ask the age',
      e: 'Done',
    });
    expect(parsed.phrases).toEqual({ ask: 'What is your name?', age: 'How old are you?' });
    expect(parsed.hasDiagram).toBe(false);
    expect(parsed.definition.warnings).toEqual([]);
  });

  it('warns about elements that no path reaches and about conditions it does not evaluate', async () => {
    const xml = bpmnXml(
      [
        ['s', 'startEvent'],
        ['a', 'task'],
        ['lost', 'task', 'Forgotten'],
        ['e', 'endEvent'],
      ],
      [
        ['s', 'a'],
        ['a', 'e'],
        ['lost', 'e'],
      ],
    ).replace(
      '<bpmn:sequenceFlow id="Flow_2" sourceRef="a" targetRef="e" />',
      '<bpmn:sequenceFlow id="Flow_2" sourceRef="a" targetRef="e"><bpmn:conditionExpression>x</bpmn:conditionExpression></bpmn:sequenceFlow>',
    );
    const { definition } = await parseBpmnProcess(xml, FILE);
    expect(definition.warnings).toEqual([
      `${FILE}, flow "Flow_2": its condition is not evaluated; the gateway's callback chooses the branch ` +
        '(it returns the id of the first element of that branch as its choice)',
      `${FILE}, element "lost" ("Forgotten"): no path from the start event reaches it, so it never runs ` +
        '(connect it with a flow, or remove it)',
    ]);
  });

  it('runs the process of a pool, ignoring its lanes, text annotations and data objects', async () => {
    const xml = bpmnXml(
      [
        ['s', 'startEvent'],
        ['a', 'userTask', 'Ask'],
        ['e', 'endEvent'],
        ['Data_1', 'dataObjectReference', 'Order', ''],
      ],
      [
        ['s', 'a'],
        ['a', 'e'],
      ],
    )
      .replace(
        '<bpmn:process id="Process_1" isExecutable="true">',
        `<bpmn:process id="Process_1" isExecutable="true">
    <bpmn:laneSet id="LaneSet_1"><bpmn:lane id="Lane_1" name="Bot"><bpmn:flowNodeRef>s</bpmn:flowNodeRef><bpmn:flowNodeRef>a</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:dataObject id="DataObject_1" />
    <bpmn:textAnnotation id="Note_1"><bpmn:text>Asks once</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="Association_1" sourceRef="a" targetRef="Note_1" />`,
      )
      .replace(
        '</bpmn:process>',
        `</bpmn:process>
  <bpmn:collaboration id="Collaboration_1"><bpmn:participant id="Participant_1" name="Shop bot" processRef="Process_1" /></bpmn:collaboration>`,
      )
      .replace('id="Data_1" name="Order"', 'id="Data_1" name="Order" dataObjectRef="DataObject_1"');
    const { definition } = await parseBpmnProcess(xml, FILE);
    expect([...definition.activities.keys()]).toEqual(['s', 'a', 'e']);
    expect(definition.warnings).toEqual([]);
  });
});
