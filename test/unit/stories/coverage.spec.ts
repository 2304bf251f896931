import { CoverageTracker, coverageItems, describeItem } from '../../../src/stories/coverage.js';
import { branchesProcess, runStories } from '../../support/stories.js';

const missedOf = async (yaml: string) => {
  const { coverage } = await runStories(yaml);
  return { ...coverage, missed: coverage.missed.map((item) => describeItem(item, {})) };
};

describe(CoverageTracker.name, () => {
  it('counts every activity, each XOR choice, each non-empty OR subset and each PARALLEL branch', async () => {
    const items = coverageItems((await branchesProcess()).definition);
    expect(items.map((item) => describeItem(item, {}))).toEqual([
      ...['start', 'pick', 'a', 'b', 'extras', 'x', 'y', 'both', 'p', 'q', 'lookup', 'end'].map(
        (id) => `activity ${id}`,
      ),
      'XOR pick → a',
      'XOR pick → b',
      'OR extras with the branches {x}',
      'OR extras with the branches {y}',
      'OR extras with the branches {x, y}',
      'PARALLEL both → p',
      'PARALLEL both → q',
    ]);
  });

  it('lists what no story reached: the XOR choice, OR subsets and PARALLEL branch not taken', async () => {
    const coverage = await missedOf(
      '- test: half\n  steps:\n' +
        ['a', 'go', 'x', 'go', 'leave', 'p', 'go', 'leave']
          .map((c) => `    - user: ${c}\n`)
          .join(''),
    );
    expect(coverage).toMatchObject({ total: 19, covered: 10 });
    expect(coverage.percent).toBeCloseTo((10 / 19) * 100);
    expect(coverage.missed).toEqual([
      'activity b',
      'activity y',
      'activity q',
      'activity lookup',
      'activity end',
      'XOR pick → b',
      'OR extras with the branches {y}',
      'OR extras with the branches {x, y}',
      'PARALLEL both → q',
    ]);
  });

  it('counts an OR subset whatever the order of its branches, and not an OR left with no branch done', async () => {
    const coverage = await missedOf(
      '- test: y then x\n  start: { activity: extras }\n  steps:\n' +
        ['y', 'go', 'x', 'go', 'leave'].map((c) => `    - user: ${c}\n`).join('') +
        '- test: none\n  start: { activity: extras }\n  steps:\n    - user: leave\n      activity: both\n',
    );
    expect(coverage.missed).toContain('OR extras with the branches {x}');
    expect(coverage.missed).toContain('OR extras with the branches {y}');
    expect(coverage.missed).not.toContain('OR extras with the branches {x, y}');
  });

  it('says 100% when the stories take every path, and counts nothing for a refused turn', async () => {
    const steps = (list: string[]) => list.map((c) => `    - user: ${c}\n`).join('');
    const mock = '      mock: { activity: lookup, result: { complete: true } }\n';
    const refusedLookup = await missedOf(
      `- test: refused\n  start: { activity: lookup }\n  steps:\n    - user: Rome\n      error: STEP_FAILED\n`,
    );
    expect(refusedLookup.covered).toBe(1);
    const all = await runStories(
      `- test: a, x, both, p and q\n  steps:\n${steps(['a', 'go', 'x', 'go', 'leave', 'p', 'go', 'q', 'go', 'leave', 'Rome'])}${mock}` +
        `- test: b, y\n  steps:\n${steps(['b', 'go', 'y', 'go', 'leave'])}` +
        `- test: x and y\n  start: { activity: extras }\n  steps:\n${steps(['x', 'go', 'y', 'go', 'leave'])}`,
    );
    expect(all.results.map((r) => r.failure)).toEqual([undefined, undefined, undefined]);
    expect(all.coverage).toMatchObject({ total: 19, covered: 19, percent: 100, missed: [] });
  });

  it("names items by the drawing's labels when the process has them", () => {
    const names = { pick: 'Pick one', a: 'Option A', extras: 'Extras' };
    expect(describeItem({ kind: 'XOR', gateway: 'pick', choice: 'a' }, names)).toBe(
      'XOR pick ("Pick one") → a ("Option A")',
    );
    expect(describeItem({ kind: 'OR', gateway: 'extras', subset: ['x', 'y'] }, names)).toBe(
      'OR extras ("Extras") with the branches {x, y}',
    );
    expect(describeItem({ kind: 'activity', id: 'b' }, names)).toBe('activity b');
  });
});
