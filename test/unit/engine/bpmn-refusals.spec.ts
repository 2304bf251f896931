import { parseBpmnProcess, ProcessConfigError } from '../../../src/engine/index.js';
import { bpmnError, bpmnXml, type ElementSpec } from '../../support/bpmn.js';

const FILE = 'config/drawn/process.bpmn';

/** start → a → e, with extra elements and flows. */
const around = (extra: ElementSpec[] = [], flows: [string, string][] = [['a', 'e']]) =>
  bpmnXml(
    [['s', 'startEvent'], ['a', 'userTask', 'Ask'], ...extra, ['e', 'endEvent']],
    [['s', 'a'], ...flows],
  );

/** A XOR split x with branches b1, b2 closing at join j (kind overridable), then e. */
const split = (
  joinKind = 'exclusiveGateway',
  more: ElementSpec[] = [],
  flows: [string, string][] = [],
) =>
  bpmnXml(
    [
      ['s', 'startEvent'],
      ['x', 'exclusiveGateway', 'Which?'],
      ['b1', 'task'],
      ['b2', 'task'],
      ['j', joinKind, 'Merge'],
      ...more,
      ['e', 'endEvent'],
    ],
    [['s', 'x'], ['x', 'b1'], ['x', 'b2'], ['b1', 'j'], ['b2', 'j'], ['j', 'e'], ...flows],
  );

describe('process.bpmn: what the engine cannot run is refused, naming the file, the element and the fix', () => {
  it.each([
    [
      'a timer event',
      around(
        [['wait', 'intermediateCatchEvent', 'Wait a day', '<bpmn:timerEventDefinition id="T1" />']],
        [
          ['a', 'wait'],
          ['wait', 'e'],
        ],
      ),
      `${FILE}, element "wait" ("Wait a day"): it waits for a timer, but the engine moves only when the user sends something. Fix: remove the timer`,
    ],
    [
      'a message event',
      around(
        [
          [
            'mail',
            'intermediateThrowEvent',
            'Send mail',
            '<bpmn:messageEventDefinition id="M1" />',
          ],
        ],
        [
          ['a', 'mail'],
          ['mail', 'e'],
        ],
      ),
      `${FILE}, element "mail" ("Send mail"): it waits for or sends a message`,
    ],
    [
      'a message start event',
      bpmnXml(
        [
          ['s', 'startEvent', 'Mail in', '<bpmn:messageEventDefinition id="M1" />'],
          ['e', 'endEvent'],
        ],
        [['s', 'e']],
      ),
      `${FILE}, element "s" ("Mail in"): it waits for or sends a message, but the engine moves only when the user sends something and has no message channel. Fix: make it a plain start event (no message marker).`,
    ],
    [
      'a boundary event',
      around([
        ['late', 'boundaryEvent', 'Too late', '<bpmn:timerEventDefinition id="T1" />'],
      ]).replace('id="late"', 'id="late" attachedToRef="a"'),
      `${FILE}, element "late" ("Too late"): it is a boundary event on "a": the engine cannot interrupt a task`,
    ],
    [
      'a sub-process',
      around(
        [['sub', 'subProcess', 'Details']],
        [
          ['a', 'sub'],
          ['sub', 'e'],
        ],
      ),
      `${FILE}, element "sub" ("Details"): sub-processes are not supported`,
    ],
    [
      'an event-based gateway',
      around(
        [['ev', 'eventBasedGateway']],
        [
          ['a', 'ev'],
          ['ev', 'e'],
        ],
      ),
      `${FILE}, element "ev": a event based gateway is not supported`,
    ],
    [
      'more than one start event',
      bpmnXml(
        [
          ['s', 'startEvent'],
          ['s2', 'startEvent', 'Other way in'],
          ['a', 'task'],
          ['e', 'endEvent'],
        ],
        [
          ['s', 'a'],
          ['s2', 'a'],
          ['a', 'e'],
        ],
      ),
      `${FILE}, element "s2" ("Other way in"): the process has 2 start events ("s", "s2"), the engine needs exactly one. Fix: keep one start event`,
    ],
    [
      'no start event',
      bpmnXml(
        [
          ['a', 'task'],
          ['e', 'endEvent'],
        ],
        [['a', 'e']],
      ),
      `${FILE}: the process has no start event. Fix: draw a start event`,
    ],
    [
      'a flow that loops back outside a gateway',
      around(
        [['b', 'task', 'Check']],
        [
          ['a', 'b'],
          ['b', 'a'],
        ],
      ),
      `${FILE}, element "b" ("Check"): its flow "Flow_3" loops back to "a" ("Ask"), but the engine repeats only through gateways. Fix: remove the loop`,
    ],
    [
      'a task with two outgoing flows',
      around(
        [
          ['b', 'task'],
          ['c', 'task'],
        ],
        [
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'e'],
          ['c', 'e'],
        ],
      ),
      `${FILE}, element "a" ("Ask"): the task has 2 outgoing flows, but the engine follows one. Fix: draw a split gateway after it`,
    ],
    [
      'a task with no outgoing flow',
      around([], []),
      `${FILE}, element "a" ("Ask"): the task has no outgoing flow, so nothing could follow it. Fix: connect it to what comes next, or to an end event.`,
    ],
    [
      'a split without a join',
      bpmnXml(
        [
          ['s', 'startEvent'],
          ['x', 'exclusiveGateway', 'Which?'],
          ['a', 'task'],
          ['b', 'task'],
          ['e', 'endEvent'],
          ['f', 'endEvent'],
        ],
        [
          ['s', 'x'],
          ['x', 'a'],
          ['x', 'b'],
          ['a', 'e'],
          ['b', 'f'],
        ],
      ),
      `${FILE}, element "x" ("Which?"): the split has no join: none of its branches reaches a join gateway. Fix: draw a XOR join gateway where the branches meet`,
    ],
    [
      'a join that closes a split of another kind',
      split('parallelGateway'),
      `${FILE}, element "j" ("Merge"): this PARALLEL join closes the XOR split "x". Fix: make the split and its join the same kind of gateway`,
    ],
    [
      'a join that also closes flows from outside its split',
      bpmnXml(
        [
          ['s', 'startEvent'],
          ['y', 'exclusiveGateway', 'Outer'],
          ['x', 'exclusiveGateway', 'Inner'],
          ['b1', 'task'],
          ['b2', 'task'],
          ['c', 'task'],
          ['j', 'exclusiveGateway', 'Merge all'],
          ['e', 'endEvent'],
        ],
        [
          ['s', 'y'],
          ['y', 'x'],
          ['y', 'c'],
          ['x', 'b1'],
          ['x', 'b2'],
          ['b1', 'j'],
          ['b2', 'j'],
          ['c', 'j'],
          ['j', 'e'],
        ],
      ),
      `${FILE}, element "j" ("Merge all"): this join closes the split "x" and also receives 1 flow(s) from outside it. Fix: give every split its own join`,
    ],
    [
      'a join on the main path',
      around(
        [
          ['m', 'exclusiveGateway', 'Merge'],
          ['b', 'task'],
        ],
        [
          ['a', 'm'],
          ['b', 'm'],
          ['m', 'e'],
        ],
      ),
      `${FILE}, element "m" ("Merge"): this join gateway closes no split`,
    ],
    [
      'an empty branch',
      split('exclusiveGateway', [], [['x', 'j']]),
      `${FILE}, element "x" ("Which?"): its flow "Flow_7" goes straight to the join`,
    ],
    [
      'a gateway that joins and splits at once',
      split(
        'exclusiveGateway',
        [['k', 'task']],
        [
          ['j', 'k'],
          ['k', 'e'],
        ],
      ),
      `${FILE}, element "j" ("Merge"): the gateway has 2 incoming and 2 outgoing flows: it both joins and splits`,
    ],
    [
      'a gateway with one flow in and one out outside a split',
      around(
        [['g', 'exclusiveGateway', 'Hm']],
        [
          ['a', 'g'],
          ['g', 'e'],
        ],
      ),
      `${FILE}, element "g" ("Hm"): the gateway has one incoming and one outgoing flow, and closes no split of its kind`,
    ],
    [
      'a XOR whose every branch ends (the process.json rule on the main path applies too)',
      bpmnXml(
        [
          ['s', 'startEvent'],
          ['x', 'exclusiveGateway', 'Which?'],
          ['e', 'endEvent'],
          ['f', 'endEvent'],
        ],
        [
          ['s', 'x'],
          ['x', 'e'],
          ['x', 'f'],
        ],
      ),
      `${FILE}, element "x" ("Which?"): the split has no join`,
    ],
    [
      'a file that is not XML',
      '<bpmn:definitions',
      `${FILE}: the file is not BPMN 2.0 XML (unparsable content <bpmn:definitions detected). Fix: save the diagram from a BPMN modeler`,
    ],
    [
      'a file with an element bpmn-moddle does not know',
      around([['odd', 'oddTask']], [['a', 'e']]),
      `${FILE}: bpmn-moddle cannot read part of the file (unparsable content <bpmn:oddTask> detected`,
    ],
  ])('refuses %s', async (_, xml, message) => {
    const error = await bpmnError(xml);
    expect(error).toContain(message);
    expect(error).not.toMatch(/\n\s+at /);
  });

  it('refuses message flows between pools', async () => {
    const xml = around().replace(
      '</bpmn:process>',
      `</bpmn:process>
  <bpmn:process id="Process_2" />
  <bpmn:collaboration id="C1">
    <bpmn:participant id="P1" name="Bot" processRef="Process_1" />
    <bpmn:participant id="P2" name="Shop" processRef="Process_2" />
    <bpmn:messageFlow id="Msg_1" name="Order" sourceRef="a" targetRef="P2" />
  </bpmn:collaboration>`,
    );
    expect(await bpmnError(xml)).toBe(
      `${FILE}, element "Msg_1" ("Order"): message flows between pools are not supported: the engine runs one ` +
        'process, driven by its user. Fix: remove the message flow (and the other pools); a task whose callback ' +
        'calls a web service can talk to another system.',
    );
  });

  it('refuses two drawn processes, unless exactly one is executable', async () => {
    const two = around()
      .replace('isExecutable="true"', 'isExecutable="false"')
      .replace(
        '</bpmn:definitions>',
        '<bpmn:process id="Process_2"><bpmn:task id="other" /></bpmn:process></bpmn:definitions>',
      );
    expect(await bpmnError(two)).toContain(
      `${FILE}: the file has 2 processes ("Process_1", "Process_2"), and 0 of them marked executable. ` +
        'Fix: keep one process per file, or mark exactly one of them executable',
    );
    await expect(
      bpmnError(two.replace('isExecutable="false"', 'isExecutable="true"')),
    ).rejects.toThrow(/loaded/);
  });

  it('lists every problem at once', async () => {
    const error = await bpmnError(
      around(
        [
          ['wait', 'intermediateCatchEvent', 'Wait', '<bpmn:timerEventDefinition id="T1" />'],
          ['sub', 'subProcess'],
        ],
        [['a', 'e']],
      ),
    );
    expect(error).toMatch(/^2 problems:\n {2}- .*"wait".*\n {2}- .*"sub"/);
  });
});

describe('process.bpmn: any drawing loads or is refused, never crashes', () => {
  it('answers 600 random drawings, and mutations of a valid one, with a process or a ProcessConfigError', async () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(seed / 65536) % n; // the high bits: the low ones of this generator repeat quickly
    };
    const KINDS = [
      'startEvent',
      'endEvent',
      'task',
      'userTask',
      'exclusiveGateway',
      'inclusiveGateway',
      'parallelGateway',
      'dataObjectReference',
    ];
    // a valid drawing: s → x (a | b → c) → j → e, then one of its flows moved, added or removed
    const VALID: ElementSpec[] = [
      ['s', 'startEvent'],
      ['x', 'exclusiveGateway'],
      ['a', 'task'],
      ['b', 'task'],
      ['c', 'task'],
      ['j', 'exclusiveGateway'],
      ['e', 'endEvent'],
    ];
    const VALID_FLOWS: [string, string][] = [
      ['s', 'x'],
      ['x', 'a'],
      ['x', 'b'],
      ['b', 'c'],
      ['a', 'j'],
      ['c', 'j'],
      ['j', 'e'],
    ];
    const randomDrawing = (): [ElementSpec[], [string, string][]] => {
      const count = 2 + random(9);
      const ids = Array.from({ length: count }, (_, i) => `n${i}`);
      const elements = ids.map((id, i): ElementSpec => [
        id,
        i === 0 ? 'startEvent' : KINDS[random(KINDS.length)],
      ]);
      const flows = Array.from({ length: random(count * 2) }, (): [string, string] => [
        ids[random(count)],
        ids[random(count)],
      ]);
      return [elements, flows];
    };
    const mutated = (): [ElementSpec[], [string, string][]] => {
      const flows = [...VALID_FLOWS];
      const ids = VALID.map(([id]) => id);
      const change = random(4);
      if (change === 1) flows.splice(random(flows.length), 1);
      if (change === 2) flows.push([ids[random(ids.length)], ids[random(ids.length)]]);
      if (change === 3)
        flows[random(flows.length)] = [ids[random(ids.length)], ids[random(ids.length)]];
      return [VALID, flows];
    };
    const outcomes = { loaded: 0, refused: 0 };
    for (let round = 0; round < 600; round++) {
      const [elements, flows] = round % 2 === 0 ? randomDrawing() : mutated();
      try {
        await parseBpmnProcess(bpmnXml(elements, flows), FILE);
        outcomes.loaded++;
      } catch (error) {
        if (!(error instanceof ProcessConfigError)) {
          throw new Error(`${JSON.stringify({ elements, flows })} crashed: ${String(error)}`);
        }
        outcomes.refused++;
      }
    }
    expect(outcomes.loaded).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(300);
  });
});
