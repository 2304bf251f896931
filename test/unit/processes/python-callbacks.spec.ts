import { ProcessConfigError } from '../../../src/engine/index.js';
import { loadConfigDir } from '../../../src/processes/config-loader.js';
import { pythonAvailable } from '../../support/python.js';
import { tempConfig } from '../../support/temp-config.js';

const PROCESS = {
  activities: [
    { my_id: 'start', next_id: 'ask', my_type: 'START' },
    { my_id: 'ask', next_id: 'end', my_type: 'TASK' },
    { my_id: 'end', next_id: null, my_type: 'END' },
  ],
  first_activity_id: 'start',
};
const CALLBACKS = `from mmcc_framework import NoNluAdapter, Response
nluAdapter = NoNluAdapter(["name"])
def start(data, kb, context):
    return Response(kb, context, True, utterance="hi")
def ask(data, kb, context):
    return Response(kb, context, True)
def get_callback(activity_id):
    return {"start": start, "ask": ask}[activity_id]
`;
const python = (command = 'python3') => ({ python: { command, workers: 1, timeoutMs: 5000 } });

async function load(files: Record<string, unknown>, options = python()) {
  const config = tempConfig({ 'p/my_process.json': PROCESS, ...files });
  try {
    const processes = await loadConfigDir(config.dir, options);
    const loaded = processes.get('p')!;
    await loaded.close?.();
    return loaded;
  } finally {
    config.remove();
  }
}
async function refusal(files: Record<string, unknown>, options = python()): Promise<string> {
  const error = await load(files, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProcessConfigError);
  return (error as Error).message.replace(/\/tmp\/mmcc-config-\w+/g, '<dir>');
}

describe('a process folder with Python callbacks', () => {
  it('without Python, is refused naming the file, and saying how to install Python or port it', async () => {
    const message = await refusal(
      { 'p/my_callbacks.py': CALLBACKS },
      python('/nonexistent/python3'),
    );
    expect(message).toBe(
      '<dir>/p/my_callbacks.py: the callbacks are Python, and "/nonexistent/python3" does not run here. ' +
        'Fix: install Python 3 (e.g. apt-get install python3), or set PYTHON to its path; or port my_callbacks.py ' +
        'to callbacks.ts (see docs/coming-from-the-original.md).',
    );
  });

  describe.skipIf(!pythonAvailable())('with Python', () => {
    it('loads, with the NLU its nluAdapter asks for (NoNluAdapter: the keys adapter)', async () => {
      const loaded = await load({ 'p/callbacks.py': CALLBACKS });
      expect(loaded.nluSummary).toBe('keys (name), from nluAdapter = NoNluAdapter');
      expect(await loaded.nlu.parse('Ann')).toEqual({ name: 'Ann' });
    });

    it('keeps nlu.json as the NLU when the folder has one, and says the nluAdapter is not used', async () => {
      const loaded = await load({
        'p/my_callbacks.py': CALLBACKS,
        'p/nlu.json': { adapter: 'keys', keys: ['who'] },
      });
      expect(loaded.nluSummary).toBe('keys (who)');
      expect(loaded.warnings.join('\n')).toMatch(
        /nlu\.json decides the NLU, so its nluAdapter is not used/,
      );
    });

    it.each([
      [
        'no get_callback',
        CALLBACKS.replace(/def get_callback[\s\S]*$/, ''),
        /my_callbacks\.py: the file defines no get_callback\(activity_id\)\. Fix: add def get_callback/,
      ],
      [
        'an activity get_callback does not know',
        CALLBACKS.replace('"ask": ask', '"asc": ask'),
        /my_callbacks\.py, activity "ask": get_callback\("ask"\) gives no callback\. Fix: add "ask": my_function/,
      ],
      [
        'an error on import',
        `${CALLBACKS}\nundefined_name + 1\n`,
        /my_callbacks\.py: the callbacks could not be loaded \(NameError: name 'undefined_name' is not defined; File ".*my_callbacks\.py", line 10, in <module>\)/,
      ],
      [
        'an nluAdapter of its own',
        CALLBACKS.replace(
          'nluAdapter = NoNluAdapter(["name"])',
          'class Mine:\n    pass\nnluAdapter = Mine()',
        ),
        /nluAdapter is Mine, which this server cannot run\. Fix: use NoNluAdapter/,
      ],
    ])('is refused with %s, naming the file and the fix', async (_name, source, pattern) => {
      expect(await refusal({ 'p/my_callbacks.py': source })).toMatch(pattern);
    });

    it('refuses callbacks.py beside callbacks.ts', async () => {
      expect(
        await refusal({ 'p/my_callbacks.py': CALLBACKS, 'p/callbacks.ts': 'export default {}' }),
      ).toMatch(/both callbacks\.ts and my_callbacks\.py exist/);
    });
  });
});
