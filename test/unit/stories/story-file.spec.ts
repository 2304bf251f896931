import { loadStoryFile } from '../../../src/stories/story-file.js';
import { runStories, storyFileProblem } from '../../support/stories.js';

describe(loadStoryFile.name, () => {
  it('refuses a YAML syntax error with its line, and says how such errors are fixed', async () => {
    expect(
      await storyFileProblem('- test: one\n  steps:\n    - user: a\n      bot: say: this\n'),
    ).toBe(
      '<file>:4: the YAML is not valid (Nested mappings are not allowed in compact mappings). ' +
        'Fix: correct the YAML syntax (text that holds ": ", or ", " inside { }, must be in quotes).',
    );
  });

  it('refuses an unknown key at its line, listing the keys there are', async () => {
    expect(
      await storyFileProblem('- test: one\n  steps:\n    - user: a\n\n      bott: did a\n'),
    ).toBe(
      '<file>:5: test "one", step 1: unknown key "bott" in a step. ' +
        'Fix: the keys of a step are "user", "data", "bot", "activity", "status", "context", "payload", "error", "mock".',
    );
  });

  it('refuses a test without steps, and a step without exactly one input', async () => {
    expect(await storyFileProblem('- test: one\n  welcome: { bot: hello }\n')).toBe(
      '<file>:1: test "one": the test has no "steps". Fix: add steps: with a list of "- user: <text>" or "- data: {...}".',
    );
    const fix =
      'Fix: give a step exactly one input: "user: <text>" (through the NLU) or "data: {...}" (as a click sends it).';
    expect(
      await storyFileProblem(
        '- test: one\n  steps:\n    - user: a\n    - user: a\n      data: { choice: a }\n    - bot: a\n',
      ),
    ).toBe(
      '2 problems:\n' +
        `  - <file>:4: test "one", step 2: the step has both "user" and "data". ${fix}\n` +
        `  - <file>:6: test "one", step 3: the step has no input. ${fix}`,
    );
  });

  it('refuses activities the process does not have, and a mock of an END', async () => {
    expect(
      await storyFileProblem(
        '- test: one\n  start: { activity: nowhere }\n  steps:\n    - user: a\n      activity: extra\n' +
          '      mock: { activity: end, result: { complete: true } }\n',
      ),
    ).toBe(
      '3 problems:\n' +
        '  - <file>:2: test "one": "nowhere" is not an activity of the process. Fix: use one of start, pick, a, b, extras, x, y, both, p, q, lookup, end.\n' +
        '  - <file>:5: test "one", step 1: "extra" is not an activity of the process. Fix: use one of start, pick, a, b, extras, x, y, both, p, q, lookup, end.\n' +
        '  - <file>:6: test "one", step 1: "end" is an END, which has no callback to replace. Fix: mock the callback of a START, TASK or gateway.',
    );
  });

  it('refuses wrong types and values: not a list, a context that is text, an unknown error code, a bad mock result', async () => {
    expect(await storyFileProblem('test: one\nsteps: []\n')).toBe(
      '<file>:1: the file holds an object, not a list of tests. Fix: write a list: "- test: <name>" then "steps:" (see docs/stories.md).',
    );
    expect(
      await storyFileProblem('- test: one\n  steps:\n    - user: a\n      context: done\n'),
    ).toBe(
      '<file>:4: test "one", step 1: "context" is a string ("done"), not a mapping. Fix: write "context" as a mapping, e.g. context: { key: value }.',
    );
    expect(
      await storyFileProblem('- test: one\n  steps:\n    - user: a\n      error: FAILED\n'),
    ).toBe(
      '<file>:4: test "one", step 1: "error" is "FAILED", which is not one of its values. Fix: use one of "STEP_FAILED", "NLU_FAILED", "ACTIVITY_NOT_FOUND".',
    );
    expect(
      await storyFileProblem(
        '- test: one\n  steps:\n    - user: a\n      mock: { activity: lookup, result: { done: true } }\n',
      ),
    ).toContain(
      '<file>:4: test "one", step 1: the mock result has no "complete". Fix: add complete: true.',
    );
  });

  it('refuses a regular expression that does not compile, two tests of one name, a welcome in a mid-flow test', async () => {
    expect(await storyFileProblem('- test: one\n  steps:\n    - user: a\n      bot: /a(/\n')).toBe(
      '<file>:4: test "one", step 1: "bot" is not a valid regular expression (Invalid regular expression: /a(/: Unterminated group). ' +
        'Fix: correct it, or write plain text to expect a substring.',
    );
    expect(
      await storyFileProblem(
        '- test: one\n  steps: [{ user: a }]\n- test: one\n  steps: [{ user: b }]\n',
      ),
    ).toBe('<file>:3: test "one": two tests are named "one". Fix: give each test its own name.');
    expect(
      await storyFileProblem(
        '- test: one\n  start: { activity: a }\n  welcome: { bot: hi }\n  steps: [{ user: b }]\n',
      ),
    ).toBe(
      '<file>:3: test "one": the test starts mid-flow ("start"), so it has no welcome to expect. ' +
        'Fix: remove "welcome", or "start" to begin with the welcome.',
    );
  });

  it('refuses a step that expects both a refusal and a reply', async () => {
    expect(
      await storyFileProblem(
        '- test: one\n  steps:\n    - user: z\n      error: STEP_FAILED\n      bot: no\n',
      ),
    ).toBe(
      '<file>:5: test "one", step 1: the step expects a refusal ("error") and "bot", but a refused turn has no reply. ' +
        'Fix: remove "bot", or "error" to expect a reply.',
    );
  });

  it('keeps text as it is written: "user: 041" is the utterance 041, "bot: 1.50" expects 1.50', async () => {
    const wrong = await runStories(
      '- test: text\n  start: { activity: pick }\n  steps:\n    - user: 041\n      bot: 1.50\n',
    );
    expect(wrong.results[0].failure!.mismatches).toEqual([
      { what: 'reply', expected: 'to contain "1.50"', got: '"say a or b"' },
    ]);
    expect(wrong.results[0].failure!.input).toEqual({ type: 'utterance', utterance: '041' });
  });
});
