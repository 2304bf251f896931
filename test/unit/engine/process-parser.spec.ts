import { parseProcess, ProcessConfigError } from '../../../src/engine/index.js';
import { processDocument } from '../../support/processes.js';

const FILE = 'config/demo/process.json';

/** A valid process: start → xor (a | b) → t → end, with c unreachable. */
const valid = () =>
  processDocument('start', [
    ['start', 'START', 'xor'],
    ['xor', 'XOR', 't', ['a', 'b']],
    ['a', 'TASK', null],
    ['b', 'task', null],
    ['t', 'TASK', 'end'],
    ['end', 'END', null],
  ]);

type Doc = ReturnType<typeof valid> & Record<string, unknown>;
const activity = (doc: Doc, id: string) =>
  doc.activities.find((a) => a.my_id === id) as Record<string, unknown>;

function problemsOf(document: unknown): ProcessConfigError['problems'] {
  try {
    parseProcess(document, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ProcessConfigError);
    return (error as ProcessConfigError).problems;
  }
  throw new Error('the document was accepted');
}

describe(parseProcess.name, () => {
  it('accepts a valid process, types in any case, and gives the activities', () => {
    const definition = parseProcess(valid(), FILE);
    expect(definition.first).toBe('start');
    expect(definition.activities.get('b')).toEqual({
      id: 'b',
      type: 'TASK',
      next: null,
      choices: [],
    });
    expect(definition.activities.get('xor')).toEqual({
      id: 'xor',
      type: 'XOR',
      next: 't',
      choices: ['a', 'b'],
    });
    expect(definition.warnings).toEqual([]);
  });

  const cases: [string, (doc: Doc) => unknown, string | undefined, RegExp][] = [
    ['the document is not an object', () => [1, 2], undefined, /not a JSON object/],
    ['the document is null', () => null, undefined, /is null, not a JSON object/],
    ['an unknown top-level key', (d) => ({ ...d, name: 'x' }), undefined, /unknown key "name"/],
    [
      'no activities',
      (d) => ({ first_activity_id: d.first_activity_id }),
      undefined,
      /has no "activities"/,
    ],
    [
      'no first_activity_id',
      (d) => ({ activities: d.activities }),
      undefined,
      /has no "first_activity_id"/,
    ],
    [
      'activities is not a list',
      (d) => ({ ...d, activities: {} }),
      undefined,
      /"activities" is an object, not a list/,
    ],
    [
      'first_activity_id is not a string',
      (d) => ({ ...d, first_activity_id: 3 }),
      undefined,
      /not a string/,
    ],
    [
      'first_activity_id names no activity',
      (d) => ({ ...d, first_activity_id: 'nope' }),
      undefined,
      /"nope", which names no activity/,
    ],
    [
      'an activity is not an object',
      (d) => ({ ...d, activities: [...d.activities, 'x'] }),
      '#7 of "activities"',
      /not an object/,
    ],
    [
      'an activity has no my_id',
      (d) => (delete activity(d, 'a').my_id, d),
      '#3 of "activities"',
      /has no "my_id"/,
    ],
    [
      'an activity has an empty my_id',
      (d) => ((activity(d, 'a').my_id = ''), d),
      '#3 of "activities"',
      /not a non-empty string/,
    ],
    [
      'an activity has no next_id',
      (d) => (delete activity(d, 't').next_id, d),
      't',
      /has no "next_id"/,
    ],
    [
      'next_id is a number',
      (d) => ((activity(d, 't').next_id = 4), d),
      't',
      /"next_id" is a number/,
    ],
    [
      'an activity has no my_type',
      (d) => (delete activity(d, 't').my_type, d),
      't',
      /has no "my_type"/,
    ],
    [
      'an unknown my_type',
      (d) => ((activity(d, 't').my_type = 'JOB'), d),
      't',
      /"JOB", which is not an activity type/,
    ],
    [
      'my_type is not a string',
      (d) => ((activity(d, 't').my_type = 1), d),
      't',
      /"my_type" is a number/,
    ],
    [
      'an activity has an unknown key',
      (d) => ((activity(d, 't').label = 'x'), d),
      't',
      /unknown key "label"/,
    ],
    [
      'a gateway without choices',
      (d) => (delete activity(d, 'xor').choices, d),
      'xor',
      /needs "choices"/,
    ],
    [
      'a gateway with empty choices',
      (d) => ((activity(d, 'xor').choices = []), d),
      'xor',
      /"choices" is an empty list/,
    ],
    [
      'a gateway with choices that are not a list',
      (d) => ((activity(d, 'xor').choices = 'a'), d),
      'xor',
      /"choices" is a string/,
    ],
    [
      'a TASK with choices',
      (d) => ((activity(d, 't').choices = ['a']), d),
      't',
      /a TASK has "choices"/,
    ],
    [
      'a TASK with an empty choices list',
      (d) => ((activity(d, 't').choices = []), d),
      't',
      /a TASK has "choices"/,
    ],
    [
      'an END with choices',
      (d) => ((activity(d, 'end').choices = ['a']), d),
      'end',
      /an? END has "choices"/,
    ],
    [
      'a null choice',
      (d) => ((activity(d, 'xor').choices = ['a', null]), d),
      'xor',
      /a choice is null/,
    ],
    [
      'a choice that is not a string',
      (d) => ((activity(d, 'xor').choices = ['a', 2]), d),
      'xor',
      /a choice is a number/,
    ],
    [
      'a choice that is the gateway itself',
      (d) => ((activity(d, 'xor').choices = ['a', 'xor']), d),
      'xor',
      /is the gateway itself/,
    ],
    [
      'a duplicated choice',
      (d) => ((activity(d, 'xor').choices = ['a', 'b', 'a']), d),
      'xor',
      /"a" is listed twice/,
    ],
    [
      'a choice that names no activity',
      (d) => ((activity(d, 'xor').choices = ['a', 'z']), d),
      'xor',
      /"z" names no activity/,
    ],
    ['next_id is the activity itself', (d) => ((activity(d, 't').next_id = 't'), d), 't', /own id/],
    [
      'next_id names no activity',
      (d) => ((activity(d, 't').next_id = 'zz'), d),
      't',
      /"zz", which names no activity/,
    ],
    [
      'two activities share an id',
      (d) => ((activity(d, 'b').my_id = 'a'), d),
      'a',
      /2 activities have the my_id "a"/,
    ],
    [
      'the main path stops at a TASK',
      (d) => ((activity(d, 't').next_id = null), d),
      't',
      /main path .* it is a TASK/,
    ],
    [
      'the main path stops at a XOR',
      (d) => ((activity(d, 'xor').next_id = null), d),
      'xor',
      /main path .* it is a XOR/,
    ],
  ];

  it.each(cases)(
    'refuses %s, naming the file and the activity',
    (_name, mutate, activityId, pattern) => {
      const problems = problemsOf(mutate(valid() as Doc));
      const match = problems.find((p) => pattern.test(p.problem));
      expect(match, JSON.stringify(problems)).toBeDefined();
      expect(match!.file).toBe(FILE);
      expect(match!.activity).toBe(activityId);
      expect(match!.fix.length).toBeGreaterThan(5);
    },
  );

  it('says the file, the activity and the fix in the message, and lists every problem', () => {
    const doc = valid() as Doc;
    activity(doc, 't').next_id = 'zz';
    activity(doc, 'xor').choices = ['a', 'q'];
    try {
      parseProcess(doc, FILE);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('2 problems');
      expect(message).toContain(
        `${FILE}, activity "t": "next_id" is "zz", which names no activity. Fix:`,
      );
      expect(message).toContain(`${FILE}, activity "xor": the choice "q" names no activity`);
    }
  });

  it('accepts a main path with a loop, and a branch that ends with next_id null', () => {
    const doc = processDocument('s', [
      ['s', 'START', 'ask'],
      ['ask', 'TASK', 'check'],
      ['check', 'OR', 'ask', ['fix']],
      ['fix', 'TASK', null],
    ]);
    expect(parseProcess(doc, FILE).activities.size).toBe(4);
  });

  it('warns about activities that no path reaches', () => {
    const doc = valid() as Doc;
    doc.activities.push({ my_id: 'lost', next_id: 'end', my_type: 'TASK' });
    const { warnings } = parseProcess(doc, FILE);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${FILE}, activity "lost": no path from "start" reaches it`);
  });
});
