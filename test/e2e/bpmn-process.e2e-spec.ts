import { useTestApp } from '../support/fixtures.js';
import { readFileSync } from 'node:fs';
import { parseBpmnProcess } from '../../src/engine/index.js';
import { closeAllWs, connectIo, connectWs, type IoClient, wsUrl } from '../support/clients.js';
import { http, startTestApp } from '../support/test-app.js';

// A process drawn in a BPMN modeler and saved as it is (diagram interchange, modeler ids, a kb phrase in
// a documentation and one in a camunda:property), dropped into a config folder with its kb and callbacks.
const CONFIG = new URL('../fixtures/bpmn', import.meta.url).pathname;
const DRAWN = readFileSync(`${CONFIG}/pizza/process.bpmn`, 'utf8');

const WELCOME = { utterance: 'Which pizza would you like?', activity: 'Activity_0x5fa3k' };
const CUSTOMISE = 'Say size or toppings (both are needed), then done';
/** The whole order, typed: each text, then the reply's utterance and the activity after it. */
const TURNS: [string, string, string][] = [
  ['margherita', CUSTOMISE, 'Gateway_0c7d2hs'],
  ['done', 'Size and toppings first', 'Gateway_0c7d2hs'],
  ['size', 'Small, medium or large?', 'Activity_1s1ze4w'],
  ['large', CUSTOMISE, 'Gateway_0c7d2hs'],
  ['toppings', 'Which toppings?', 'Activity_0t9pp1x'],
  ['basil', CUSTOMISE, 'Gateway_0c7d2hs'],
  ['done', 'Deliver or cancel?', 'Gateway_1d3l1vr'],
  ['deliver', 'Where to?', 'Activity_1adr7ss'],
  ['Main Street', 'A large margherita with basil to main street\nOrder placed!', 'Event_1or7d3r'],
];

describe('a process.bpmn saved by a BPMN modeler', () => {
  const app = useTestApp('sqlite', { CONFIG_DIR: CONFIG });
  const clients: IoClient[] = [];
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
    closeAllWs();
  });

  it('is walked over socket.io', async () => {
    const client = connectIo(app.url, { uid: 'io-user', process: 'pizza' });
    clients.push(client);
    expect(await client.next('session')).toMatchObject({
      process: 'pizza',
      activity: WELCOME.activity,
    });
    expect(await client.next('message')).toMatchObject(WELCOME);
    for (const [utterance, reply, activity] of TURNS) {
      expect(await client.send({ type: 'utterance', utterance }), utterance).toMatchObject({
        utterance: reply,
        activity,
      });
    }
  });

  it('is walked over the plain WebSocket /ws', async () => {
    const client = connectWs(wsUrl(app.url, '/ws?uid=ws-user&interaction=None&process=pizza'));
    const interaction = await client.next();
    expect((await client.nextJson()).utterance).toBe(WELCOME.utterance);
    for (const [utterance, reply] of TURNS) {
      client.send({ type: 'utterance', utterance });
      expect((await client.nextJson()).utterance, utterance).toBe(reply);
    }
    const view = await http('GET', `${app.url}/interactions/${interaction}`, { uid: 'ws-user' });
    expect(view.body).toMatchObject({ activity: 'Event_1or7d3r', status: 'completed' });
  });

  it('is walked over REST, and a branch may end at its own end event', async () => {
    for (const [uid, turns] of [
      ['rest-user', TURNS],
      ['rest-cancel', [...TURNS.slice(0, 7), ['cancel', 'Order cancelled', 'Event_0cn3l9d']]],
    ] as const) {
      const started = await http('POST', `${app.url}/interactions`, {
        body: { uid, process: 'pizza' },
      });
      expect(started.status).toBe(201);
      expect(started.body.reply).toMatchObject(WELCOME);
      for (const [utterance, reply, activity] of turns) {
        const { status, body } = await http(
          'POST',
          `${app.url}/interactions/${started.body.interaction}/messages`,
          { uid, body: { type: 'utterance', utterance } },
        );
        expect(status).toBe(200);
        expect(body, utterance).toMatchObject({ utterance: reply, activity });
      }
    }
  });

  it('exports as the author drew it, and a process.json exports as a laid-out BPMN that loads back the same', async () => {
    const drawn = await fetch(`${app.url}/processes/pizza/bpmn`);
    expect(drawn.status).toBe(200);
    expect(drawn.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await drawn.text()).toBe(DRAWN);

    const examples = await startTestApp(app.db.env);
    try {
      const exported = await (await fetch(`${examples.url}/processes/store/bpmn`)).text();
      expect(exported).toContain('<bpmndi:BPMNDiagram');
      const { definition } = await parseBpmnProcess(exported, 'store.bpmn');
      const shape = await http('GET', `${examples.url}/processes/store`);
      expect([...definition.activities.values()]).toEqual(shape.body.activities);
      const missing = await http('GET', `${examples.url}/processes/nope/bpmn`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'UNKNOWN_PROCESS' });
    } finally {
      await examples.close();
    }
  });

  it("serves bpmn-js's viewer from node_modules, and nothing else from there", async () => {
    const viewer = await fetch(`${app.url}/vendor/bpmn-js/bpmn-viewer.production.min.js`);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/javascript/);
    expect(await viewer.text()).toContain('BpmnJS');
    expect((await fetch(`${app.url}/vendor/bpmn-js/assets/bpmn-js.css`)).status).toBe(200);
    expect((await fetch(`${app.url}/vendor/bpmn-js/..%2Fpackage.json`)).status).toBe(404);
  });
});
