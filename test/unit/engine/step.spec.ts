import { KeysNluAdapter } from '../../../src/nlu/keys-nlu.adapter.js';
import {
  ActivityNotFoundError,
  type Callback,
  NluError,
  type NluAdapter,
  start,
  step,
  StepFailedError,
} from '../../../src/engine/index.js';
import { runnable } from '../../support/processes.js';

const linear = (overrides: Record<string, Callback> = {}) =>
  runnable(
    'start',
    [
      ['start', 'START', 'task'],
      ['task', 'TASK', 'gate'],
      ['gate', 'XOR', 'end', ['a', 'b']],
      ['a', 'TASK', null],
      ['b', 'TASK', null],
      ['end', 'END', null],
    ],
    overrides,
  );

async function atTask(overrides: Record<string, Callback>) {
  const process = linear(overrides);
  const { state } = await start(process, { task: 'Say something', gate: 'a or b?' });
  expect(state.current).toBe('task');
  return { process, state };
}

describe(step.name, () => {
  it('runs the worked example of the spec (name or nickname) with keys NLU', async () => {
    const kb = {
      name_nickname: 'Would you like to insert the name or a nickname?',
      insert_name: 'Please insert your name',
      insert_age: 'Please insert your age',
      end: 'Process completed!',
    };
    const process = {
      ...runnable(
        'start',
        [
          ['start', 'START', 'name_nickname'],
          ['name_nickname', 'XOR', 'insert_age', ['insert_name', 'insert_nickname']],
          ['insert_name', 'TASK', null],
          ['insert_nickname', 'TASK', null],
          ['insert_age', 'TASK', 'end'],
          ['end', 'END', null],
        ],
        {
          start: () => ({ complete: true }),
          name_nickname: (d) => ({ complete: d.name_nickname === 'name', choice: 'insert_name' }),
          insert_name: (d, _kb, ctx) => ((ctx.name = d.name), { complete: true }),
          insert_age: (d, _kb, ctx) => ({
            complete: true,
            utterance: `Name, ${String(ctx.name)} ${String(d.age)}`,
          }),
        },
      ),
      nlu: new KeysNluAdapter(['name', 'nickname', 'age', 'name_nickname']),
    };
    const welcome = await start(process, kb);
    expect(welcome.reply).toEqual({ utterance: kb.name_nickname, payload: {} });
    expect(welcome.state.current).toBe('name_nickname');

    const chosen = await step(process, welcome.state, {
      type: 'data',
      payload: { name_nickname: 'name' },
    });
    expect(chosen.state.stack).toEqual(['insert_age']);
    expect(chosen.state.current).toBe('insert_name');
    expect(chosen.reply.utterance).toBe('Please insert your name');

    const named = await step(process, chosen.state, { type: 'utterance', utterance: 'Mark  \n' });
    expect(named.state.context.name).toBe('Mark');
    expect(named.state.current).toBe('insert_age');
    expect(named.reply.utterance).toBe('Please insert your age');

    const aged = await step(process, named.state, { type: 'utterance', utterance: '30' });
    expect(aged.reply.utterance).toBe('Name, Mark 30\nProcess completed!');
    expect(aged.reachedEnd).toBe(true);

    const after = await step(process, aged.state, { type: 'utterance', utterance: 'more' });
    expect(after.reply).toEqual({ utterance: 'Process completed!', payload: {} });
  });

  it('does not change the state it is given', async () => {
    const { process, state } = await atTask({
      task: (_d, kb, ctx) => ((kb.x = 1), (ctx.y = 2), { complete: true }),
    });
    const before = structuredClone(state);
    const outcome = await step(process, state, { type: 'data', payload: {} });
    expect(state).toEqual(before);
    expect(outcome.state.kb.x).toBe(1);
    expect(outcome.state.context.y).toBe(2);
  });

  it('awaits async callbacks and passes their payload on', async () => {
    const { process, state } = await atTask({
      task: async (d) => {
        await new Promise((r) => setTimeout(r, 5));
        return { complete: true, payload: { got: d.text } };
      },
    });
    const outcome = await step(process, state, { type: 'utterance', utterance: 'hi' });
    expect(outcome.reply).toEqual({ utterance: 'a or b?', payload: { got: 'hi' } });
  });

  it('lets a callback replace kb and context, but keeps _done_ as the engine has it', async () => {
    const { process, state } = await atTask({
      task: () => ({ complete: true, kb: { fresh: true }, context: { only: 1 } }),
    });
    const outcome = await step(process, state, { type: 'data', payload: {} });
    expect(outcome.state.kb).toEqual({ fresh: true });
    expect(outcome.state.context).toEqual({ only: 1, _done_: [] });
    // the default utterance is read from the new kb, which has none for "gate"
    expect(outcome.reply.utterance).toBe('');
  });

  it('adds only string kb values as default utterances', async () => {
    const process = linear({ start: () => ({ complete: true, utterance: 'Hi' }) });
    expect((await start(process, { task: 42 })).reply.utterance).toBe('Hi');
    expect((await start(process, { task: 'Go' })).reply.utterance).toBe('Hi\nGo');
    expect((await start(process, {})).reply.utterance).toBe('Hi');
  });

  const refusals: [string, Callback, RegExp][] = [
    [
      'throws',
      () => {
        throw new Error('boom');
      },
      /callback of activity "task" failed/,
    ],
    ['rejects', () => Promise.reject(new Error('later')), /callback of activity "task" failed/],
    [
      'returns undefined',
      (() => undefined) as unknown as Callback,
      /returned undefined, not a result object/,
    ],
    ['returns an array', (() => [1]) as unknown as Callback, /returned an array/],
    [
      'returns complete as a string',
      (() => ({ complete: 'yes' })) as unknown as Callback,
      /"complete" as a string/,
    ],
    [
      'returns an unknown key',
      (() => ({ complete: true, utterence: 'x' })) as unknown as Callback,
      /unknown key "utterence"/,
    ],
    [
      'returns a payload that is a list',
      (() => ({ complete: true, payload: [] })) as unknown as Callback,
      /"payload" as an array/,
    ],
    [
      'returns a number utterance',
      (() => ({ complete: true, utterance: 3 })) as unknown as Callback,
      /"utterance" as a number/,
    ],
    [
      'returns a kb that is null',
      (() => ({ complete: true, kb: null })) as unknown as Callback,
      /"kb" as null/,
    ],
    [
      'leaves a cycle in the context',
      (_d, _k, ctx) => ((ctx.self = ctx), { complete: true }),
      /not JSON/,
    ],
    [
      'leaves a NUL character in the context, which databases cannot store',
      (_d, _k, ctx) => ((ctx.name = 'a\0b'), { complete: true }),
      /NUL character/,
    ],
    [
      'leaves a BigInt in the payload',
      (() => ({ complete: true, payload: { n: 1n } })) as unknown as Callback,
      /not JSON/,
    ],
  ];

  it('keeps what a callback threw, and its stack, for the log only', async () => {
    const { process, state } = await atTask({
      task: () => {
        throw new Error("KeyError: 'intent'");
      },
    });
    const error = (await step(process, state, { type: 'data', payload: {} }).catch(
      (e: unknown) => e,
    )) as StepFailedError;
    expect(error.message).toBe(
      'the callback of activity "task" failed; nothing changed, and the server log says why',
    );
    expect(error.detail).toBe(`the callback of activity "task" threw: KeyError: 'intent'`);
    expect((error.cause as Error).stack).toContain("KeyError: 'intent'");
  });

  it.each(refusals)(
    'refuses the step when the callback %s, changing nothing',
    async (_name, callback, pattern) => {
      const { process, state } = await atTask({
        task: (d, kb, ctx) => ((kb.dirty = true), (ctx.dirty = true), callback(d, kb, ctx)),
      });
      const before = structuredClone(state);
      const error = await step(process, state, { type: 'data', payload: {} }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StepFailedError);
      expect((error as StepFailedError).message).toMatch(pattern);
      expect((error as StepFailedError).activity).toBe('task');
      expect((error as StepFailedError).code).toBe('STEP_FAILED');
      // A callback's own text is for the log (detail), never for the client (message).
      expect((error as StepFailedError).message).not.toMatch(/boom|later/);
      expect(state).toEqual(before);
    },
  );

  it('refuses a callback that does not answer in time', async () => {
    const { process, state } = await atTask({ task: () => new Promise(() => undefined) });
    await expect(
      step(process, state, { type: 'data', payload: {} }, { callbackTimeoutMs: 30 }),
    ).rejects.toThrow(/did not answer within 30 ms/);
  });

  it('refuses a XOR choice that is not a branch, and a XOR completed without a choice', async () => {
    const process = linear({ gate: (d) => ({ complete: true, choice: d.choice as string }) });
    let { state } = await start(process, {});
    ({ state } = await step(process, state, { type: 'data', payload: {} }));
    expect(state.current).toBe('gate');
    await expect(
      step(process, state, { type: 'data', payload: { choice: 'end' } }),
    ).rejects.toThrow(/chose "end", which is not one of the gateway's choices \(a, b\)/);
    await expect(step(process, state, { type: 'data', payload: {} })).rejects.toThrow(
      /completed the XOR without a choice/,
    );
    expect(
      (await step(process, state, { type: 'data', payload: { choice: 'b' } })).state.current,
    ).toBe('b');
  });

  it('refuses an OR or PARALLEL choice that is not a branch', async () => {
    for (const type of ['OR', 'PARALLEL']) {
      const process = runnable('g', [
        ['g', type, 'e', ['a']],
        ['a', 'TASK', null],
        ['e', 'END', null],
      ]);
      const state = { current: 'g', stack: [], done: {}, context: { _done_: [] }, kb: {} };
      await expect(
        step(process, state, { type: 'data', payload: { choice: 'e' } }),
      ).rejects.toThrow(/chose "e"/);
    }
  });

  it('refuses a step with nowhere to go when a branch activity is reached without its gateway', async () => {
    const process = runnable('s', [
      ['s', 'START', 'g'],
      ['g', 'OR', 'e', ['a']],
      ['a', 'TASK', null],
      ['e', 'END', null],
    ]);
    const state = { current: 'a', stack: [], done: {}, context: { _done_: [] }, kb: {} };
    await expect(step(process, state, { type: 'data', payload: {} })).rejects.toThrow(
      /nothing follows activity "a"/,
    );
  });

  it('refuses a state whose activity the process no longer has', async () => {
    const process = linear();
    const state = { current: 'gone', stack: [], done: {}, context: { _done_: [] }, kb: {} };
    await expect(step(process, state, { type: 'data', payload: {} })).rejects.toBeInstanceOf(
      ActivityNotFoundError,
    );
  });

  it('passes NLU failures on, and wraps unexpected ones', async () => {
    const failing = (error: Error): NluAdapter => ({
      kind: 'fake',
      parse: () => Promise.reject(error),
      explain: () => Promise.reject(error),
    });
    const { state } = await atTask({});
    await expect(
      step({ ...linear(), nlu: failing(new NluError('down', true)) }, state, {
        type: 'utterance',
        utterance: 'x',
      }),
    ).rejects.toMatchObject({ code: 'NLU_FAILED', retryable: true });
    await expect(
      step({ ...linear(), nlu: failing(new TypeError('bug')) }, state, {
        type: 'utterance',
        utterance: 'x',
      }),
    ).rejects.toMatchObject({
      code: 'NLU_FAILED',
      retryable: false,
      message: 'the fake NLU failed: bug',
    });
    // data input never reaches the NLU
    const outcome = await step({ ...linear(), nlu: failing(new Error('no')) }, state, {
      type: 'data',
      payload: {},
    });
    expect(outcome.state.current).toBe('gate');
  });

  it('gives callbacks a copy of the data, so the input is never changed', async () => {
    const { process, state } = await atTask({ task: (d) => ((d.x = 1), { complete: false }) });
    const payload = { a: 1 };
    await step(process, state, { type: 'data', payload });
    expect(payload).toEqual({ a: 1 });
  });
});
