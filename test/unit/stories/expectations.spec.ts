import { runStory } from '../../../src/stories/run-story.js';
import { runStories } from '../../support/stories.js';

/** One story whose steps are these lines (YAML, indented as steps), run against the branches fixture. */
const story = (steps: string, head = '') =>
  runStories(`- test: one\n${head}  steps:\n${steps}`).then(({ results }) => results[0]);

/** Two steps: the XOR picks a, then a's callback runs ("did a") and the OR extras follows. */
const toA = '    - user: a\n    - user: go\n';

describe(`${runStory.name}: each kind of expectation`, () => {
  it('passes when the reply contains the text, and shows the reply when it does not', async () => {
    expect((await story(`${toA}      bot: did a\n`)).failure).toBeUndefined();
    const { failure } = await story(`${toA}      bot: did b\n`);
    expect(failure).toMatchObject({ turn: 2, line: 4 });
    expect(failure!.mismatches).toEqual([
      { what: 'reply', expected: 'to contain "did b"', got: '"did a\\nx, y or leave?"' },
    ]);
  });

  it('matches a /regular expression/ against the whole reply', async () => {
    expect((await story(`${toA}      bot: '/^did a\\nx, y/'\n`)).failure).toBeUndefined();
    const { failure } = await story(`${toA}      bot: /^x, y/\n`);
    expect(failure!.mismatches).toEqual([
      { what: 'reply', expected: 'to match /^x, y/', got: '"did a\\nx, y or leave?"' },
    ]);
  });

  it('checks the activity after the turn', async () => {
    expect((await story(`${toA}      activity: extras\n`)).failure).toBeUndefined();
    const { failure } = await story(`${toA}      activity: both\n`);
    expect(failure!.mismatches).toEqual([{ what: 'activity', expected: 'both', got: 'extras' }]);
  });

  it('checks the status: completed once an END is current', async () => {
    const head = '  start: { activity: lookup }\n';
    const mock = '      mock: { activity: lookup, result: { complete: true } }\n';
    expect(
      (await story(`    - user: Rome\n${mock}      status: completed\n`, head)).failure,
    ).toBeUndefined();
    const { failure } = await story(`${toA}      status: completed\n`);
    expect(failure!.mismatches).toEqual([{ what: 'status', expected: 'completed', got: 'active' }]);
  });

  it('checks a subset of the context, key by key, nested objects by their keys', async () => {
    const head = '  start: { activity: extras, context: { order: { item: cap, size: M } } }\n';
    const steps =
      '    - user: x\n    - user: "y"\n      context: { x: true, order: { size: M } }\n';
    expect((await story(steps, head)).failure).toBeUndefined();
    const wrong =
      '    - user: x\n    - user: "y"\n      context: { x: false, z: 1, order: { size: L } }\n';
    const { failure } = await story(wrong, head);
    expect(failure).toMatchObject({ turn: 2, line: 5 });
    expect(failure!.mismatches).toEqual([
      { what: 'context.x', expected: 'false', got: 'true' },
      { what: 'context.z', expected: '1', got: '(missing)' },
      { what: 'context.order.size', expected: '"L"', got: '"M"' },
    ]);
  });

  it('checks a subset of the payload, the welcome included', async () => {
    const pass = await runStories(
      '- test: w\n  welcome: { payload: { show: start } }\n  steps:\n    - user: a\n',
    );
    expect(pass.results[0].failure).toBeUndefined();
    const fail = await runStories(
      '- test: w\n  welcome: { payload: { show: end, version: 1 } }\n  steps:\n    - user: a\n',
    );
    expect(fail.results[0].failure).toMatchObject({ turn: 0, line: 2 });
    expect(fail.results[0].failure!.mismatches).toEqual([
      { what: 'payload.show', expected: '"end"', got: '"start"' },
    ]);
  });

  it('expects a refusal: the state stays, and the next step goes on from it', async () => {
    const refused =
      '    - user: z\n      error: STEP_FAILED\n      activity: extras\n    - user: x\n      activity: x\n';
    expect((await story(`${toA}${refused}`)).failure).toBeUndefined();
    const { failure } = await story(`${toA}    - user: x\n      error: STEP_FAILED\n`);
    expect(failure!.mismatches).toEqual([
      { what: 'error', expected: 'STEP_FAILED', got: 'a reply: ""' },
    ]);
  });

  it('fails on a refusal that the story does not expect, with its code and message', async () => {
    const { failure } = await story(`${toA}    - user: z\n      activity: x\n`);
    expect(failure).toMatchObject({ turn: 3, came: { refusal: { code: 'STEP_FAILED' } } });
    expect(failure!.mismatches[0]).toEqual({
      what: 'error',
      expected: 'a reply',
      got: expect.stringMatching(
        /^STEP_FAILED: the callback of activity "extras" chose "z", which is not one of/,
      ),
    });
  });
});

describe(`${runStory.name}: starting mid-flow and mocks`, () => {
  it('starts inside a branch with the gateways around it open, as a conversation would have them', async () => {
    const inXor = await story(
      '    - user: go\n      activity: extras\n      context: { b: true, given: 1 }\n',
      '  start: { activity: b, context: { given: 1 } }\n',
    );
    expect(inXor.failure).toBeUndefined();
    // The end of a PARALLEL branch returns to the gateway, which is not complete with one branch.
    const inParallel =
      '    - user: go\n      activity: both\n    - user: leave\n      bot: do p and q first\n';
    expect((await story(inParallel, '  start: { activity: p }\n')).failure).toBeUndefined();
  });

  it('replaces one callback result for one turn, and says so when the mocked callback did not run', async () => {
    const head = '  start: { activity: lookup }\n';
    expect(
      (await story('    - user: Rome\n      error: STEP_FAILED\n', head)).failure,
    ).toBeUndefined();
    const mocked =
      '    - user: Rome\n      mock: { activity: lookup, result: { complete: true, utterance: sunny, payload: { temp: 21 } } }\n      bot: "sunny\\nDone."\n      payload: { temp: 21 }\n';
    expect((await story(mocked, head)).failure).toBeUndefined();
    const elsewhere =
      '    - user: a\n      mock: { activity: lookup, result: { complete: true } }\n';
    const { failure } = await story(elsewhere);
    expect(failure!.mismatches).toEqual([
      {
        what: 'mock',
        expected: 'the callback of lookup to run (mocked)',
        got: 'the turn ran at pick',
      },
    ]);
  });

  it('gives a returning user extra kb', async () => {
    const steps = `${toA}      bot: "did a\\nx or y, you again?"\n`;
    const { failure } = await story(steps, '  kb: { extras: "x or y, you again?" }\n');
    expect(failure).toBeUndefined();
  });
});
