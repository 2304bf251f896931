import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import {
  type ConfigProblem,
  type JsonObject,
  ProcessConfigError,
  type ProcessDefinition,
} from '../engine/index.js';
import { STORY_FILE_SCHEMA } from './story-schema.js';
import { schemaProblem, type StoryProblem } from './story-schema-errors.js';
import { readStoryYaml, type StoryYaml } from './story-yaml.js';
import type { Expectations, Mock, Story, StoryTurn } from './story.types.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(STORY_FILE_SCHEMA);

interface RawTurn extends JsonObject {
  user?: string;
  data?: JsonObject;
  bot?: string;
  mock?: Mock;
}
interface RawTest {
  test: string;
  start?: { activity: string; context?: JsonObject };
  kb?: JsonObject;
  welcome?: RawTurn;
  steps: RawTurn[];
}

/**
 * Reads and checks a story file against the process it tests. A broken file is refused with a
 * ProcessConfigError whose problems name the file and line (`tests/a.yml:12`) and the fix.
 */
export async function loadStoryFile(file: string, definition: ProcessDefinition): Promise<Story[]> {
  const source = await readFile(file, 'utf8');
  const yaml = readStoryYaml(source);
  const refuse = (problems: readonly ConfigProblem[]): never => {
    throw new ProcessConfigError(problems);
  };
  if ('message' in yaml) {
    return refuse([
      {
        file: `${file}:${yaml.line}`,
        problem: `the YAML is not valid (${yaml.message})`,
        fix: 'correct the YAML syntax (text that holds ": ", or ", " inside { }, must be in quotes)',
      },
    ]);
  }
  const located = (p: StoryProblem): ConfigProblem => ({
    file: `${file}:${yaml.lineOf(p.path, p.key)}`,
    problem: `${where(yaml.value, p.path)}${p.problem}`,
    fix: p.fix,
  });
  if (!validate(yaml.value)) {
    return refuse((validate.errors ?? []).map((e) => located(schemaProblem(e, yaml.value))));
  }
  const tests = yaml.value as RawTest[];
  const problems = tests.flatMap((test, i) => checkTest(test, i, definition, tests));
  if (problems.length > 0) refuse(problems.map(located));
  return tests.map((test, i) => toStory(test, i, file, yaml));
}

/** What the schema cannot say: one input per step, activities that exist, regular expressions that compile. */
function checkTest(
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

/** "test "x", step 2: " for a problem inside a test, so that the author finds it without counting lines. */
function where(value: unknown, path: readonly (string | number)[]): string {
  if (typeof path[0] !== 'number') return '';
  const name = (value as { test?: unknown }[])[path[0]]?.test;
  const test = typeof name === 'string' ? `test "${name}"` : `test ${path[0] + 1}`;
  return path[1] === 'steps' && typeof path[2] === 'number'
    ? `${test}, step ${path[2] + 1}: `
    : `${test}: `;
}

const isRegex = (text: string) => /^\/.+\/[dgimsuvy]*$/s.test(text);
const toRegex = (text: string) => {
  const end = text.lastIndexOf('/');
  return new RegExp(text.slice(1, end), text.slice(end + 1));
};

function toStory(test: RawTest, i: number, file: string, yaml: StoryYaml): Story {
  const turn = (raw: RawTurn, path: (string | number)[]): StoryTurn => {
    const { user, data, bot, mock, ...rest } = raw;
    const expect: Expectations = {
      ...(rest as Omit<Expectations, 'bot'>),
      ...(bot === undefined ? {} : { bot: isRegex(bot) ? toRegex(bot) : bot }),
    };
    return {
      line: yaml.lineOf(path),
      ...(user !== undefined ? { input: { type: 'utterance', utterance: user } } : {}),
      ...(data !== undefined ? { input: { type: 'data', payload: data } } : {}),
      expect,
      ...(mock === undefined ? {} : { mock }),
    };
  };
  const steps = test.steps.map((s, j) => turn(s, [i, 'steps', j]));
  return {
    name: test.test,
    file,
    line: yaml.lineOf([i]),
    ...(test.start === undefined
      ? {}
      : { start: { activity: test.start.activity, context: test.start.context ?? {} } }),
    ...(test.kb === undefined ? {} : { kb: test.kb }),
    turns: test.start === undefined ? [turn(test.welcome ?? {}, [i, 'welcome']), ...steps] : steps,
  };
}
