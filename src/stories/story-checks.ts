import type { JsonObject, ProcessDefinition } from '../engine/index.js';
import type { StoryProblem } from './story-schema-errors.js';
import type { Mock } from './story.types.js';

/** A test of a story file as the schema admits it, before it becomes a Story. */
export interface RawTurn extends JsonObject {
  user?: string;
  data?: JsonObject;
  bot?: string;
  mock?: Mock;
}
export interface RawTest {
  test: string;
  start?: { activity: string; context?: JsonObject };
  kb?: JsonObject;
  welcome?: RawTurn;
  steps: RawTurn[];
}

/** What the schema cannot say: one input per step, activities that exist, regular expressions that compile. */
export function checkTest(
  test: RawTest,
  i: number,
  definition: ProcessDefinition,
  all: readonly RawTest[],
): StoryProblem[] {
  const problems: StoryProblem[] = [];
  const ids = [...definition.activities.keys()];
  const knownActivity = (id: string | undefined, path: (string | number)[], key = 'activity') => {
    if (id !== undefined && !definition.activities.has(id)) {
      problems.push({
        path,
        key,
        problem: `"${id}" is not an activity of the process`,
        fix: `use one of ${ids.join(', ')}`,
      });
    }
  };
  if (all.findIndex((t) => t.test === test.test) !== i) {
    problems.push({
      path: [i],
      key: 'test',
      problem: `two tests are named "${test.test}"`,
      fix: 'give each test its own name',
    });
  }
  if (test.start !== undefined && test.welcome !== undefined) {
    problems.push({
      path: [i],
      key: 'welcome',
      problem: 'the test starts mid-flow ("start"), so it has no welcome to expect',
      fix: 'remove "welcome", or "start" to begin with the welcome',
    });
  }
  knownActivity(test.start?.activity, [i, 'start']);
  const turns: [RawTurn, (string | number)[]][] = test.steps.map((s, j) => [s, [i, 'steps', j]]);
  if (test.welcome !== undefined) turns.push([test.welcome, [i, 'welcome']]);
  for (const [turn, path] of turns) {
    if (path.at(-1) !== 'welcome' && (turn.user === undefined) === (turn.data === undefined)) {
      problems.push({
        path,
        problem:
          turn.user === undefined ? 'the step has no input' : 'the step has both "user" and "data"',
        fix: 'give a step exactly one input: "user: <text>" (through the NLU) or "data: {...}" (as a click sends it)',
      });
    }
    const replyKey = ['bot', 'payload'].find((k) => turn[k] !== undefined);
    if (turn.error !== undefined && replyKey !== undefined) {
      problems.push({
        path,
        key: replyKey,
        problem: `the step expects a refusal ("error") and "${replyKey}", but a refused turn has no reply`,
        fix: `remove "${replyKey}", or "error" to expect a reply`,
      });
    }
    knownActivity(turn.activity as string | undefined, path);
    knownActivity(turn.mock?.activity, [...path, 'mock']);
    if (turn.mock !== undefined && definition.activities.get(turn.mock.activity)?.type === 'END') {
      problems.push({
        path: [...path, 'mock'],
        key: 'activity',
        problem: `"${turn.mock.activity}" is an END, which has no callback to replace`,
        fix: 'mock the callback of a START, TASK or gateway',
      });
    }
    if (typeof turn.bot === 'string' && isRegex(turn.bot)) {
      try {
        toRegex(turn.bot);
      } catch (error) {
        problems.push({
          path,
          key: 'bot',
          problem: `"bot" is not a valid regular expression (${(error as Error).message})`,
          fix: 'correct it, or write plain text to expect a substring',
        });
      }
    }
  }
  return problems;
}

/** `bot: /text/flags` is a regular expression; anything else a substring. */
export const isRegex = (text: string) => /^\/.+\/[dgimsuvy]*$/s.test(text);
export const toRegex = (text: string) => {
  const end = text.lastIndexOf('/');
  return new RegExp(text.slice(1, end), text.slice(end + 1));
};
