import {
  type Input,
  type InteractionState,
  type RunnableProcess,
  start,
  step,
  type StepOutcome,
} from '../../../src/engine/index.js';
import { roundTrip } from '../../support/bpmn.js';
import { type ActivitySpec, runnable } from '../../support/processes.js';

/** The three gateways that each outer gateway nests: a XOR, a PARALLEL and an OR, each with its own branches. */
const INNER: ActivitySpec[] = [
  ['x1', 'XOR', null, ['xa', 'xb']],
  ['xa', 'TASK', null],
  ['xb', 'TASK', null],
  ['p1', 'PARALLEL', null, ['pa', 'pb']],
  ['pa', 'TASK', null],
  ['pb', 'TASK', null],
  ['o1', 'OR', null, ['oa']],
  ['oa', 'TASK', null],
];

const nested = (
  outerType: string,
  outerChoices: string[],
  extra: ActivitySpec[] = [],
): RunnableProcess =>
  runnable('start', [
    ['start', 'START', 'outer'],
    ['outer', outerType, 'after', outerChoices],
    ['after', 'TASK', 'end'],
    ['end', 'END', null],
    ...INNER,
    ...extra,
  ]);

const KB = { outer: 'Pick a branch', end: 'The end', quit: 'Bye early' };

/** One row: the input, then what must hold after it. */
type Row = [
  input: Record<string, unknown>,
  current: string,
  done: string[],
  stack: (string | null)[],
  utterance: string,
];

/** Walks a process row by row, asserting the state and the reply after every step. */
async function walk(process: RunnableProcess, rows: Row[]): Promise<StepOutcome> {
  let outcome = await start(process, KB);
  expect(outcome.state.current).toBe('outer');
  expect(outcome.reply.utterance).toBe('start ok\nPick a branch');
  let state: InteractionState = outcome.state;
  for (const [index, [payload, current, done, stack, utterance]] of rows.entries()) {
    const input: Input = { type: 'data', payload };
    outcome = await step(process, state, input);
    const at = `row ${index + 1} (${JSON.stringify(payload)} at ${state.current})`;
    expect(outcome.state.current, at).toBe(current);
    expect(outcome.state.context._done_, at).toEqual(done);
    expect(outcome.state.stack, at).toEqual(stack);
    expect(outcome.reply.utterance, at).toBe(utterance);
    state = outcome.state;
  }
  return outcome;
}

// Each process runs as written in process.json, and exported to BPMN 2.0 then loaded back from it:
// the round trip must give the same replies and the same state after every input.
describe.each([
  ['as process.json', async (p: RunnableProcess) => p],
  ['exported to BPMN and loaded back', roundTrip],
])('step through nested gateways, %s', (_, load) => {
  it('nests a XOR, a PARALLEL and an OR inside an OR: enter, leave, re-enter, leave with null', async () => {
    const last = await walk(await load(nested('OR', ['x1', 'p1', 'o1'])), [
      [{ choice: 'p1' }, 'p1', ['outer'], ['outer'], 'outer ok'],
      [{ choice: 'pa' }, 'pa', ['outer'], ['outer', 'p1'], 'p1 ok'],
      [{}, 'p1', ['outer'], ['outer'], 'pa ok'],
      // leaving a PARALLEL that is not complete: the engine allows it (callbacks decide) and forgets it
      [{ choice: null }, 'outer', ['outer'], [], 'p1 ok\nPick a branch'],
      [{ choice: 'p1' }, 'p1', ['outer'], ['outer'], 'outer ok'],
      [{ choice: 'pa' }, 'pa', ['outer'], ['outer', 'p1'], 'p1 ok'],
      [{}, 'p1', ['outer'], ['outer'], 'pa ok'],
      [{ choice: 'pb' }, 'pb', ['outer', 'p1'], ['outer', 'p1'], 'p1 ok'],
      [{}, 'p1', ['outer', 'p1'], ['outer'], 'pb ok'],
      [{ choice: 'pb' }, 'pb', ['outer', 'p1'], ['outer', 'p1'], 'p1 ok'],
      [{}, 'p1', ['outer', 'p1'], ['outer'], 'pb ok'],
      [{ choice: null }, 'outer', ['outer'], [], 'p1 ok\nPick a branch'],
      [{ choice: 'x1' }, 'x1', ['outer'], ['outer'], 'outer ok'],
      [{ complete: false }, 'x1', ['outer'], ['outer'], 'x1 ok'],
      [{ choice: 'xb' }, 'xb', ['outer'], ['outer', null], 'x1 ok'],
      [{}, 'outer', ['outer'], [], 'xb ok\nPick a branch'],
      [{ choice: 'o1' }, 'o1', ['outer'], ['outer'], 'outer ok'],
      [{ choice: 'oa' }, 'oa', ['outer', 'o1'], ['outer', 'o1'], 'o1 ok'],
      [{}, 'o1', ['outer', 'o1'], ['outer'], 'oa ok'],
      [{ choice: null }, 'outer', ['outer'], [], 'o1 ok\nPick a branch'],
      [{ complete: false }, 'outer', ['outer'], [], 'outer ok'],
      [{ choice: null }, 'after', [], [], 'outer ok'],
      [{}, 'end', [], [], 'after ok\nThe end'],
      [{ anything: 1 }, 'end', [], [], 'The end'],
    ]);
    expect(last.reply.payload).toEqual({});
    expect(last.state.done).toEqual({});
  });

  it('nests them inside a PARALLEL, which is complete only once every branch was done', async () => {
    await walk(await load(nested('PARALLEL', ['x1', 'p1', 'o1'])), [
      [{ choice: 'o1' }, 'o1', [], ['outer'], 'outer ok'],
      [{ choice: 'oa' }, 'oa', ['o1'], ['outer', 'o1'], 'o1 ok'],
      [{}, 'o1', ['o1'], ['outer'], 'oa ok'],
      [{ choice: null }, 'outer', [], [], 'o1 ok\nPick a branch'],
      [{ choice: 'x1' }, 'x1', [], ['outer'], 'outer ok'],
      [{ choice: 'xa' }, 'xa', [], ['outer', null], 'x1 ok'],
      [{}, 'outer', [], [], 'xa ok\nPick a branch'],
      [{ choice: 'p1' }, 'p1', ['outer'], ['outer'], 'outer ok'],
      [{ choice: 'pb' }, 'pb', ['outer'], ['outer', 'p1'], 'p1 ok'],
      [{}, 'p1', ['outer'], ['outer'], 'pb ok'],
      [{ choice: 'pa' }, 'pa', ['outer', 'p1'], ['outer', 'p1'], 'p1 ok'],
      [{}, 'p1', ['outer', 'p1'], ['outer'], 'pa ok'],
      [{ choice: null }, 'outer', ['outer'], [], 'p1 ok\nPick a branch'],
      // re-entering a branch of a complete PARALLEL keeps it complete
      [{ choice: 'x1' }, 'x1', ['outer'], ['outer'], 'outer ok'],
      [{ choice: 'xb' }, 'xb', ['outer'], ['outer', null], 'x1 ok'],
      [{}, 'outer', ['outer'], [], 'xb ok\nPick a branch'],
      [{ choice: null }, 'after', [], [], 'outer ok'],
      [{}, 'end', [], [], 'after ok\nThe end'],
    ]);
  });

  it('nests them inside a XOR, and ends inside a branch', async () => {
    const process = await load(nested('XOR', ['x1', 'p1', 'o1', 'quit'], [['quit', 'END', null]]));
    const inParallel = await walk(process, [
      [{ choice: 'p1' }, 'p1', [], ['after'], 'outer ok'],
      [{ choice: 'pa' }, 'pa', [], ['after', 'p1'], 'p1 ok'],
      [{}, 'p1', [], ['after'], 'pa ok'],
      [{ choice: 'pb' }, 'pb', ['p1'], ['after', 'p1'], 'p1 ok'],
      [{}, 'p1', ['p1'], ['after'], 'pb ok'],
    ]);
    // a PARALLEL inside a XOR: leaving it goes on with what follows the XOR
    const left = await step(process, inParallel.state, { type: 'data', payload: { choice: null } });
    expect(left.state.current).toBe('after');
    expect(left.state.context._done_).toEqual([]);
    expect(left.state.stack).toEqual([]);
    expect(left.reply.utterance).toBe('p1 ok');

    const ended = await walk(process, [
      [{ choice: 'x1' }, 'x1', [], ['after'], 'outer ok'],
      [{ choice: 'xa' }, 'xa', [], ['after', null], 'x1 ok'],
      [{}, 'after', [], [], 'xa ok'],
      [{}, 'end', [], [], 'after ok\nThe end'],
    ]);
    expect(ended.reachedEnd).toBe(true);

    const quitting = await start(process, KB);
    const quit = await step(process, quitting.state, { type: 'data', payload: { choice: 'quit' } });
    expect(quit.state.current).toBe('quit');
    expect(quit.state.stack).toEqual(['after']);
    expect(quit.reply.utterance).toBe('outer ok\nBye early');
    expect(quit.reachedEnd).toBe(true);
    const after = await step(process, quit.state, { type: 'utterance', utterance: 'hello?' });
    expect(after.reply).toEqual({ utterance: 'Bye early', payload: {} });
    expect(after.reachedEnd).toBe(false);
    expect(after.state).toEqual(quit.state);
  });

  it('ends inside a branch of an OR nested in a PARALLEL', async () => {
    const process = await load(
      runnable('s', [
        ['s', 'START', 'par'],
        ['par', 'PARALLEL', 'end', ['or']],
        ['or', 'OR', null, ['t', 'stop']],
        ['t', 'TASK', null],
        ['stop', 'END', null],
        ['end', 'END', null],
      ]),
    );
    let outcome = await start(process, {});
    for (const payload of [{ choice: 'or' }, { choice: 't' }, {}, { choice: 'stop' }]) {
      outcome = await step(process, outcome.state, { type: 'data', payload });
    }
    expect(outcome.state.current).toBe('stop');
    expect(outcome.state.context._done_).toEqual(['par', 'or']);
    expect(outcome.state.stack).toEqual(['par', 'or']);
    expect(outcome.state.done).toEqual({ par: ['or'], or: ['t', 'stop'] });
    expect(outcome.reachedEnd).toBe(true);
  });
});
