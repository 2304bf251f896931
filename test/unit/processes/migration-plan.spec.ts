import { type InteractionState, start, step } from '../../../src/engine/index.js';
import { mappingProblems, planMigration } from '../../../src/processes/migration-plan.js';
import { type ActivitySpec, runnable } from '../../support/processes.js';

/** start → an OR gateway with branches a and b → end; `variant` changes the gateway's branches. */
const orProcess = (branches: [string, string], gateway = 'g') => {
  const specs: ActivitySpec[] = [
    ['start', 'START', gateway],
    [gateway, 'OR', 'end', branches],
    [branches[0], 'TASK', null],
    [branches[1], 'TASK', null],
    ['end', 'END', null],
  ];
  return runnable('start', specs);
};

/** An interaction of v1 inside branch "a" of the gateway (the gateway is open, "a" taken). */
async function insideBranchA(): Promise<InteractionState> {
  const v1 = orProcess(['a', 'b']);
  const welcome = await start(v1, {});
  const chosen = await step(v1, welcome.state, { type: 'data', payload: { choice: 'a' } });
  const waiting = await step(v1, chosen.state, { type: 'data', payload: { complete: false } });
  expect(waiting.state).toMatchObject({ current: 'a', stack: ['g'], done: { g: ['a'] } });
  return waiting.state;
}

describe(planMigration.name, () => {
  const v1 = orProcess(['a', 'b']).definition;

  it('moves an interaction inside an open gateway when its activities keep their ids', async () => {
    const state = await insideBranchA();
    const v2 = orProcess(['a', 'c']).definition;
    expect(planMigration(v1, v2, state, {}, { note: 1 })).toEqual({
      movable: true,
      state: { ...state, context: { ...state.context, note: 1 } },
    });
  });

  it('renames the current activity, the open gateway and its taken branches through the mapping', async () => {
    const state = await insideBranchA();
    const v2 = orProcess(['a2', 'b'], 'g2').definition;
    const plan = planMigration(v1, v2, state, { a: 'a2', g: 'g2' });
    expect(plan).toMatchObject({
      movable: true,
      state: { current: 'a2', stack: ['g2'], done: { g2: ['a2'] } },
    });
  });

  it("refuses when a taken branch of an open gateway is not one of the new gateway's branches", async () => {
    const state = await insideBranchA();
    // "a" still exists in v2 (as a task after the gateway), but the gateway no longer branches to it
    const v2 = runnable('start', [
      ['start', 'START', 'g'],
      ['g', 'OR', 'a', ['b', 'c']],
      ['b', 'TASK', null],
      ['c', 'TASK', null],
      ['a', 'TASK', 'end'],
      ['end', 'END', null],
    ]).definition;
    expect(planMigration(v1, v2, state, {})).toEqual({
      movable: false,
      reason:
        'the branches "a" taken at the open gateway "g" are not branches of "g" in the new version',
    });
  });

  it('refuses when the open gateway is gone or became another kind of gateway', async () => {
    const state = await insideBranchA();
    const gone = runnable('start', [
      ['start', 'START', 'a'],
      ['a', 'TASK', 'end'],
      ['end', 'END', null],
    ]).definition;
    expect(planMigration(v1, gone, state, {})).toMatchObject({
      movable: false,
      reason: expect.stringContaining('"g" has no counterpart in the new version'),
    });
    const xor = runnable('start', [
      ['start', 'START', 'g'],
      ['g', 'XOR', 'end', ['a', 'b']],
      ['a', 'TASK', null],
      ['b', 'TASK', null],
      ['end', 'END', null],
    ]).definition;
    expect(planMigration(v1, xor, state, {})).toEqual({
      movable: false,
      reason: 'the open gateway "g" is an OR, but "g" in the new version is a XOR',
    });
  });

  it('says how to fix an activity without counterpart, and checks the mapping itself', async () => {
    const state = await insideBranchA();
    const renamed = orProcess(['a2', 'b']).definition;
    expect(planMigration(v1, renamed, state, {})).toEqual({
      movable: false,
      reason:
        'its activity "a" has no counterpart in the new version (map it: "mapping": {"a": "<an activity of the new version>"})',
    });
    expect(mappingProblems(v1, renamed, { a: 'a2', zz: 'b', b: 'nope' })).toEqual([
      '"zz" is not an activity of the version migrated from',
      '"b" is mapped to "nope", which is not an activity of the version migrated to',
    ]);
  });
});
