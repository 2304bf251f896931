import { Test, type TestingModule } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { AppModule } from '../../src/app.module.js';
import type { Input, InteractionState, StepOutcome } from '../../src/engine/index.js';
import { ProcessEngine } from '../../src/processes/process-engine.service.js';
import { loadSettings } from '../../src/settings/settings.js';
import { EXAMPLES, examplesConfig } from '../support/examples.js';
import { smallProcess, tempConfig } from '../support/temp-config.js';

const modules: TestingModule[] = [];
let db: TestDatabase;
// A copy of the examples alone: the user's config/ may hold other processes.
const examples = examplesConfig();
beforeAll(async () => {
  db = await createTestDatabase('sqlite');
});
afterAll(async () => {
  await Promise.all(modules.map((m) => m.close()));
  await db.drop();
  examples.remove();
});

/** The application's modules without HTTP, as a script would run them (on the examples unless told). */
async function engineWith(env: Record<string, string> = {}): Promise<ProcessEngine> {
  const module = await Test.createTestingModule({
    imports: [AppModule.forRoot(loadSettings({ ...db.env, CONFIG_DIR: examples.dir, ...env }))],
  }).compile();
  modules.push(module);
  await module.init();
  return module.get(ProcessEngine);
}

/** Runs inputs through the provider, checking each reply's utterance. */
async function converse(
  engine: ProcessEngine,
  name: string,
  turns: [Input | null, string][],
): Promise<StepOutcome> {
  const process = engine.get(name);
  let outcome: StepOutcome | undefined;
  let state: InteractionState | undefined;
  for (const [input, utterance] of turns) {
    outcome =
      input === null
        ? await engine.start(process, process.kb)
        : await engine.step(process, state!, input);
    expect(outcome.reply.utterance, JSON.stringify(input)).toBe(utterance);
    state = outcome.state;
  }
  return outcome!;
}

const text = (utterance: string): Input => ({ type: 'utterance', utterance });
const data = (payload: Record<string, unknown>): Input => ({ type: 'data', payload });

describe('the example processes, through the ProcessEngine provider', () => {
  let engine: ProcessEngine;
  beforeAll(async () => {
    engine = await engineWith();
  });

  it('loads the examples and picks the first by name as the default', () => {
    expect(engine.list().map((p) => p.name)).toEqual(EXAMPLES);
    expect(engine.defaultName).toBe('name_nickname');
    expect(engine.get().name).toBe('name_nickname');
  });

  it('runs quickstart by text and by data', async () => {
    const byText = await converse(engine, 'quickstart', [
      [null, 'Ready'],
      [text('Bob'), 'Framework says: Bob\nProcess completed!'],
    ]);
    expect(byText.reachedEnd).toBe(true);
    await converse(engine, 'quickstart', [
      [null, 'Ready'],
      [data({ other: 1 }), 'Type something, or send {"echo": "..."}'],
      [data({ echo: 'Bob' }), 'Framework says: Bob\nProcess completed!'],
      [text('again'), 'Process completed!'],
    ]);
  });

  it.each(['name_nickname', 'name_nickname_bpmn'])(
    'runs %s as in the spec, and the nickname branch',
    async (name) => {
      const done = await converse(engine, name, [
        [null, 'Would you like to insert the name or a nickname?'],
        [data({ name_nickname: 'name' }), 'Please insert your name'],
        [text('Mark'), 'Please insert your age'],
        [text('thirty'), 'The input is not valid, please insert your age'],
        [text('30'), 'Name, Mark 30\nProcess completed!'],
        [text('anything'), 'Process completed!'],
      ]);
      expect(done.state.context).toMatchObject({ name: 'Mark', age: '30', _done_: [] });
      await converse(engine, name, [
        [null, 'Would you like to insert the name or a nickname?'],
        [text('nickname'), 'Please insert your nickname'],
        [data({ nickname: '' }), 'Nickname not found, please insert your nickname'],
        [data({ nickname: 'Bobby' }), 'Please insert your age'],
        [data({ age: 101 }), 'The input is not valid, please insert your age'],
        [data({ age: 7 }), 'Nickname, Bobby 7\nProcess completed!'],
      ]);
    },
  );

  it('draws name_nickname_bpmn with the same activities as name_nickname', () => {
    const drawn = engine.get('name_nickname_bpmn');
    expect([...drawn.definition.activities.values()]).toEqual([
      ...engine.get('name_nickname').definition.activities.values(),
    ]);
    expect(drawn.names).toMatchObject({ name_nickname: 'Name or nickname?' });
    expect(drawn.bpmn?.drawn).toBe(true);
  });

  it('honours DEFAULT_PROCESS', async () => {
    expect((await engineWith({ DEFAULT_PROCESS: 'quickstart' })).get().name).toBe('quickstart');
  });

  it('keeps the old processes live when a reload finds a broken config', async () => {
    const config = tempConfig(smallProcess('p'));
    const live = await engineWith({ CONFIG_DIR: config.dir });
    const before = live.get('p');
    config.write('p/kb.json', '{ broken');
    await expect(live.reload()).rejects.toThrow(/p\/kb\.json: the file is not valid JSON/);
    expect(live.get('p')).toBe(before);
    config.write('p/kb.json', { ask: 'Changed' });
    await live.reload();
    expect(live.get('p').kb).toEqual({ ask: 'Changed' });
    config.remove();
  });
});
