import { parseBpmnProcess, start, step } from '../../../src/engine/index.js';
import { loadConfigDir } from '../../../src/processes/config-loader.js';
import { processBpmn } from '../../../src/processes/process-bpmn.js';
import { bpmnXml } from '../../support/bpmn.js';
import {
  SMALL_CALLBACKS_TS,
  smallProcess,
  tempConfig,
  configProblemOf,
} from '../../support/temp-config.js';

/** The small process (start → ask → end) drawn, with the phrase of "ask" in its documentation. */
const DRAWN = bpmnXml(
  [
    ['start', 'startEvent', 'Hello'],
    ['ask', 'userTask', 'Ask something', '<bpmn:documentation>Drawn phrase</bpmn:documentation>'],
    ['end', 'endEvent', 'Bye'],
  ],
  [
    ['start', 'ask'],
    ['ask', 'end'],
  ],
);

const problemOf = configProblemOf;

describe('a config folder with a process.bpmn', () => {
  it('loads it as the process, with the drawing phrases under kb.json', async () => {
    const config = tempConfig({
      'drawn/process.bpmn': DRAWN,
      'drawn/kb.json': { end: 'Bye from kb.json' },
      'drawn/callbacks.ts': SMALL_CALLBACKS_TS,
    });
    const drawn = (await loadConfigDir(config.dir)).get('drawn')!;
    expect(drawn.files.process).toBe(`${config.dir}/drawn/process.bpmn`);
    expect(drawn.kb).toEqual({ ask: 'Drawn phrase', end: 'Bye from kb.json' });
    expect(drawn.names).toEqual({ start: 'Hello', ask: 'Ask something', end: 'Bye' });
    // no diagram interchange in this file: an export lays it out instead of giving it back
    expect(drawn.bpmn).toEqual({ xml: DRAWN, drawn: false });
    const welcome = await start(drawn, drawn.kb);
    expect(welcome.reply.utterance).toBe('v1\nDrawn phrase');
    const reply = await step(drawn, welcome.state, { type: 'utterance', utterance: 'hi' });
    expect(reply.reply.utterance).toBe('you said hi\nBye from kb.json');
    config.remove();
  });

  it('exports a drawing without a diagram laid out, keeping its elements, labels and phrases', async () => {
    const config = tempConfig({
      'drawn/process.bpmn': DRAWN,
      'drawn/callbacks.ts': SMALL_CALLBACKS_TS,
    });
    const drawn = (await loadConfigDir(config.dir)).get('drawn')!;
    const xml = await processBpmn(drawn);
    expect(xml).toContain('<bpmndi:BPMNShape id="ask_di" bpmnElement="ask">');
    expect(xml).toContain('<bpmn:documentation>Drawn phrase</bpmn:documentation>');
    const again = await parseBpmnProcess(xml, 'again.bpmn');
    expect(again.hasDiagram).toBe(true);
    expect(new Map(again.definition.activities)).toEqual(new Map(drawn.definition.activities));
    expect(again.names).toEqual(drawn.names);
    expect(await processBpmn(drawn)).toBe(xml);
    config.remove();
  });

  it('refuses a folder with both process.json and process.bpmn, naming both', async () => {
    expect(await problemOf({ ...smallProcess('both'), 'both/process.bpmn': DRAWN })).toBe(
      '<dir>/both/process.bpmn: both process.json and process.bpmn exist. Fix: keep one of them.',
    );
  });

  it('names the element and its label when a callback is missing', async () => {
    const message = await problemOf({
      'drawn/process.bpmn': DRAWN,
      'drawn/callbacks.ts': 'export default { start: () => ({ complete: true }) };',
    });
    expect(message).toBe(
      '<dir>/drawn/callbacks.ts, element "ask" ("Ask something"): the TASK has no callback. ' +
        'Fix: add "ask: (data, kb, context) => ({ complete: true })" to the exported object.',
    );
  });

  it('reports a refused drawing with the file, the element and the fix', async () => {
    const message = await problemOf({
      'drawn/process.bpmn': DRAWN.replace(
        'sourceRef="ask" targetRef="end"',
        'sourceRef="ask" targetRef="start"',
      ),
      'drawn/callbacks.ts': SMALL_CALLBACKS_TS,
    });
    expect(message).toContain(
      '<dir>/drawn/process.bpmn, element "start" ("Hello"): flows go into the start event',
    );
    expect(message).toContain(
      'element "ask" ("Ask something"): its flow "Flow_2" loops back to "start" ("Hello")',
    );
  });
});
