import { start, step } from '../../../src/engine/index.js';
import { loadConfigDir } from '../../../src/processes/config-loader.js';
import {
  SMALL_CALLBACKS_TS,
  smallProcess,
  tempConfig,
  configProblemOf,
} from '../../support/temp-config.js';

const problemOf = configProblemOf;

describe(loadConfigDir.name, () => {
  it('loads each folder as a process named after it, with a TypeScript callbacks file', async () => {
    const config = tempConfig({
      ...smallProcess('one'),
      ...smallProcess('two'),
      'notes/readme.txt': 'not a process',
    });
    const processes = await loadConfigDir(config.dir);
    expect([...processes.keys()]).toEqual(['one', 'two']);
    const one = processes.get('one')!;
    expect(one.kb).toEqual({ ask: 'Ask me', end: 'Bye' });
    expect(one.nlu.kind).toBe('keys');
    expect(one.version).toMatch(/^[0-9a-f]{16}$/);
    const welcome = await start(one, one.kb);
    expect(welcome.reply.utterance).toBe('v1\nAsk me');
    const reply = await step(one, welcome.state, { type: 'utterance', utterance: 'hi' });
    expect(reply.reply.utterance).toBe('you said hi\nBye');
    config.remove();
  });

  it("loads the reference's file names and a CommonJS callbacks.js", async () => {
    const files = smallProcess('legacy');
    const config = tempConfig({
      'legacy/my_process.json': files['legacy/process.json'],
      'legacy/my_kb.json': files['legacy/kb.json'],
      'legacy/callbacks.js':
        'module.exports = { start: () => ({ complete: true }), ask: (d) => ({ complete: true, utterance: d.text }) };',
    });
    const legacy = (await loadConfigDir(config.dir)).get('legacy')!;
    expect(legacy.files.process).toMatch(/my_process\.json$/);
    expect((await start(legacy, legacy.kb)).reply.utterance).toBe('Ask me');
    config.remove();
  });

  it('loads a callbacks.js with an ES default export, and a config folder that is itself a process', async () => {
    const flat = tempConfig({
      'process.json': smallProcess('x')['x/process.json'],
      'callbacks.js':
        'export default { start: () => ({ complete: true }), ask: () => ({ complete: true }) };',
    });
    const processes = await loadConfigDir(flat.dir);
    expect(processes.size).toBe(1);
    const [only] = processes.values();
    expect(only.kb).toEqual({});
    expect((await start(only, only.kb)).state.current).toBe('ask');
    flat.remove();
  });

  it('runs the new code of an edited callbacks.ts on the next load, and changes the version', async () => {
    const config = tempConfig(smallProcess('p'));
    const first = (await loadConfigDir(config.dir)).get('p')!;
    config.write('p/callbacks.ts', SMALL_CALLBACKS_TS.replace("'v1'", "'v2'"));
    const second = (await loadConfigDir(config.dir)).get('p')!;
    expect((await start(second, second.kb)).reply.utterance).toBe('v2\nAsk me');
    expect(second.version).not.toBe(first.version);
    config.remove();
  });

  it('reads the keys NLU settings from nlu.json', async () => {
    const config = tempConfig({
      ...smallProcess('p'),
      'p/nlu.json': { adapter: 'keys', keys: ['text', 'name'] },
    });
    const p = (await loadConfigDir(config.dir)).get('p')!;
    expect(await p.nlu.parse('Mark')).toEqual({ text: 'Mark', name: 'Mark' });
    config.remove();
  });

  const broken: [string, Record<string, unknown>, RegExp][] = [
    [
      'a missing callbacks file',
      { 'p/process.json': smallProcess('p')['p/process.json'] },
      /<dir>\/p\/callbacks\.ts: the file is missing\. Fix: add callbacks\.ts or callbacks\.js/,
    ],
    [
      'a missing callback',
      smallProcess('p', 'export default { start: () => ({ complete: true }) };'),
      /<dir>\/p\/callbacks\.ts, activity "ask": the TASK has no callback/,
    ],
    [
      'a callback that is not a function',
      smallProcess('p', 'export default { start: () => ({ complete: true }), ask: 3 };'),
      /activity "ask": the callback is a number/,
    ],
    [
      'callbacks that do not compile',
      smallProcess('p', 'export default { start: ( => };'),
      /<dir>\/p\/callbacks\.ts: the callbacks could not be loaded/,
    ],
    [
      'a default export that is not an object',
      smallProcess('p', 'export default 42;'),
      /the default export is a number/,
    ],
    [
      'invalid JSON',
      { ...smallProcess('p'), 'p/kb.json': '{"a": ' },
      /<dir>\/p\/kb\.json: the file is not valid JSON/,
    ],
    [
      'a kb that is a list',
      { ...smallProcess('p'), 'p/kb.json': [] },
      /kb\.json: the knowledge base is not a JSON object/,
    ],
    [
      'two process files',
      { ...smallProcess('p'), 'p/my_process.json': {} },
      /p\/my_process\.json: both process\.json and my_process\.json exist/,
    ],
    [
      'an unknown NLU adapter',
      { ...smallProcess('p'), 'p/nlu.json': { adapter: 'magic' } },
      /p\/nlu\.json: "adapter" is a string \("magic"\), not a known NLU adapter/,
    ],
    [
      'NLU keys that are not names',
      { ...smallProcess('p'), 'p/nlu.json': { adapter: 'keys', keys: [] } },
      /"keys" is an array, not a list of names/,
    ],
    [
      'a process problem',
      { ...smallProcess('p'), 'p/process.json': { activities: [], first_activity_id: 'x' } },
      /<dir>\/p\/process\.json: "first_activity_id" is "x", which names no activity/,
    ],
  ];

  it.each(broken)('refuses %s, naming the file', async (_name, files, pattern) => {
    expect(await problemOf(files)).toMatch(pattern);
  });

  it('reports the problems of every process together, and refuses an empty or missing config folder', async () => {
    const message = await problemOf({
      ...smallProcess('a', 'export default {};'),
      ...smallProcess('b'),
      'b/kb.json': 'nope',
    });
    expect(message).toContain('3 problems');
    expect(message).toContain('a/callbacks.ts, activity "ask"');
    expect(message).toContain('a/callbacks.ts, activity "start"');
    expect(message).toContain('b/kb.json');
    expect(await problemOf({})).toMatch(/no process found/);
    await expect(loadConfigDir('/nonexistent/config')).rejects.toThrow(
      /the config folder does not exist/,
    );
  });
});
