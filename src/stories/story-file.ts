import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { type ConfigProblem, ProcessConfigError, type ProcessDefinition } from '../engine/index.js';
import { STORY_FILE_SCHEMA } from './story-schema.js';
import { schemaProblem, type StoryProblem } from './story-schema-errors.js';
import { checkTest, isRegex, type RawTest, type RawTurn, toRegex } from './story-checks.js';
import { readStoryYaml, type StoryYaml } from './story-yaml.js';
import type { Expectations, Story, StoryTurn } from './story.types.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(STORY_FILE_SCHEMA);

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

/** "test "x", step 2: " for a problem inside a test, so that the author finds it without counting lines. */
function where(value: unknown, path: readonly (string | number)[]): string {
  if (typeof path[0] !== 'number') return '';
  const name = (value as { test?: unknown }[])[path[0]]?.test;
  const test = typeof name === 'string' ? `test "${name}"` : `test ${path[0] + 1}`;
  return path[1] === 'steps' && typeof path[2] === 'number'
    ? `${test}, step ${path[2] + 1}: `
    : `${test}: `;
}

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
